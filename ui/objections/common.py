"""What only the objection screens use: the applicant's list of evidence files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.attachments import Upload
from ui.cases.common import pick_paths, read_upload, upload_text
from ui.widgets.forms import ERROR_STYLE


class EvidenceList(QWidget):
    """The applicant's evidence files: 添加… / 移除, each checked as it is added."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.uploads: list[Upload] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.list = QListWidget(self)
        self.list.setObjectName("evidenceList")
        self.list.setMaximumHeight(96)
        layout.addWidget(self.list, 1, Qt.AlignmentFlag.AlignTop)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(self.tr("添加…"), self)
        self.add_button.setObjectName("addEvidenceButton")
        self.add_button.setToolTip(self.tr("添加证明材料扫描件（PDF、JPEG 或 PNG，可多选）"))
        self.remove_button = QPushButton(self.tr("移除"), self)
        self.remove_button.setToolTip(self.tr("移除选中的材料（Delete）"))
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)  # Enter is the dialog's
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.fault = QLabel(self)
        self.fault.setTextFormat(Qt.TextFormat.PlainText)
        self.fault.setStyleSheet(ERROR_STYLE)
        self.fault.setWordWrap(True)
        self.fault.hide()
        outer.addWidget(self.fault)
        self.add_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self.remove_current)
        self._update()

    def _choose(self) -> None:
        for path in pick_paths(self, self.tr("选择证明材料"), many=True):
            self.add(path)

    def add(self, path: Path) -> bool:
        upload, fault = read_upload(path, "evidence")
        if upload is None:
            self.fault.setText(self.tr("{0}：{1}").format(path.name, fault))
            self.fault.show()
            return False
        self.fault.hide()
        self.uploads.append(upload)
        item = QListWidgetItem(upload_text(upload))
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self._update()
        return True

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.uploads):
            del self.uploads[row]
            self.list.takeItem(row)
        self._update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Delete removes the selected file
        if event.key() == Qt.Key.Key_Delete:
            self.remove_current()
            return
        super().keyPressEvent(event)

    def _update(self) -> None:
        self.remove_button.setEnabled(bool(self.uploads))
        self.changed.emit()

    def clear(self) -> None:
        self.uploads.clear()
        self.list.clear()
        self.fault.hide()
        self._update()
