"""披露预览 (staff only): the same subject as each audience sees it today, side by side.
Reading it is itself logged (the service appends a query-log entry)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Audience
from app.services.record_view import HIDDEN_LABELS, HiddenReason
from app.services.window_query import DisclosurePreview, PreviewCell

SHOWN_BG = "#e6f4ea"
HIDDEN_BG = "#f1f3f4"


class PreviewDialog(QDialog):
    def __init__(self, preview: DisclosurePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(self.tr("披露预览"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.preview = preview
        layout = QVBoxLayout(self)
        subject = preview.subject
        heading = QLabel(
            self.tr("{0}（{1}）截至 {2} 各查询类型可见的信息").format(
                subject.name, subject.display_code, preview.as_of.isoformat()
            ),
            self,
        )
        heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        layout.addWidget(heading)
        note = QLabel(
            self.tr(
                "本次预览已记入查询日志（第 {0} 号）。仅供工作人员核对，不得向申请人提供。"
            ).format(preview.log_seq),
            self,
        )
        note.setObjectName("previewLogNote")
        note.setStyleSheet("color: #5f6368;")
        layout.addWidget(note)

        fixed = [self.tr("类别"), self.tr("信息项目"), self.tr("文书号"), self.tr("决定日期")]
        self.table = QTableWidget(len(preview.rows), len(fixed) + len(preview.audiences), self)
        self.table.setObjectName("previewTable")
        self.table.setHorizontalHeaderLabels(fixed + [a.label for a in preview.audiences])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(preview.rows):
            cells = [
                row.info_class.label,
                row.catalog_name,
                row.document_number,
                row.decision_date.isoformat(),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
            for i, audience in enumerate(preview.audiences):
                cell = row.cells[audience]
                item = QTableWidgetItem(self._short(cell, audience))
                item.setBackground(QColor(SHOWN_BG if cell.shown else HIDDEN_BG))
                if not cell.shown:
                    item.setForeground(QColor("#5f6368"))
                item.setToolTip(cell.label)
                self.table.setItem(r, len(fixed) + i, item)
        header = self.table.horizontalHeader()
        for c in range(len(fixed)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        for i in range(len(preview.audiences)):
            header.setSectionResizeMode(len(fixed) + i, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        if not preview.rows:
            layout.addWidget(QLabel(self.tr("该主体没有任何信用记录。"), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(1200, screen.width() - 40) if screen else 1200, 560)

    def _short(self, cell: PreviewCell, audience: Audience) -> str:
        """The cell's text, short enough for four columns side by side (full text: tooltip)."""
        if cell.shown:
            marks = "、".join(cell.annotations)
            return self.tr("✓ 显示") + (f"（{marks}）" if marks else "")
        if cell.reason == HiddenReason.AUDIENCE:
            return self.tr("✗ 不在可见范围")
        return "✗ " + HIDDEN_LABELS.get(cell.reason or "", cell.reason or "")

    def cell_text(self, row: int, audience_index: int) -> str:
        item = self.table.item(row, 4 + audience_index)
        return item.text() if item is not None else ""
