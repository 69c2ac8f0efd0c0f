"""Step ① of an intake: the subject's code (typed or scanned, Enter looks it up) and its records,
one check box each. Which records may be ticked, what the columns say and the hint are the
screen's (``RecordPickTable`` and ``SubjectStep`` subclasses)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.cases.common import read_only_rows
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import INFO_STYLE, FieldErrors

SUBJECT_MISSING_STYLE = "font-size: 12pt; font-weight: bold; color: #5f6368;"
SUBJECT_FOUND_STYLE = "font-size: 12pt; font-weight: bold; color: #137333;"
_TICKABLE = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
)


class RecordPickTable(QTableWidget):
    """The subject's records, one check box each; Space ticks the current row. A record that
    cannot be picked is greyed and cannot be ticked (``pickable``)."""

    WIDTHS: tuple[int, ...] = ()
    FIT_ROWS = False  # grow the rows to wrapped texts (a long reason)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(0, 0, parent)
        self.records: list[Any] = []
        headers = self.headers()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        read_only_rows(self)
        self.setAlternatingRowColors(True)
        for column, width in enumerate(self.WIDTHS):
            self.setColumnWidth(column, width)

    def headers(self) -> list[str]:
        common = [self.tr("信息项目"), self.tr("提供单位"), self.tr("文书号"), self.tr("决定日期")]
        return [*common, self.tr("状态"), *self.more_headers()]

    def row_texts(self, record: Any) -> tuple[str, ...]:
        return (
            record.catalogue_item,
            record.provider,
            record.document_number,
            record.decision_date.isoformat(),
            record.status.label,
            *self.more_texts(record),
        )

    # -- what the screen says ---------------------------------------------------------------------
    def more_headers(self) -> list[str]:
        """The screen's columns after 信息项目, 提供单位, 文书号, 决定日期, 状态."""
        raise NotImplementedError

    def more_texts(self, record: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def pickable(self, record: Any) -> bool:
        raise NotImplementedError

    def row_tip(self, record: Any) -> str:
        return ""

    def mark_blocked(self, item: QTableWidgetItem, column: int) -> None:
        """Style a cell of a record that cannot be picked (greyed by its flags already)."""

    # -- showing and ticking ----------------------------------------------------------------------
    def show_records(self, records: Iterable[Any], checked: Iterable[int] = ()) -> None:
        self.records = list(records)
        ticked = set(checked)
        self.setRowCount(len(self.records))
        for r, record in enumerate(self.records):
            ok = self.pickable(record)
            tip = self.row_tip(record)
            for c, text in enumerate(self.row_texts(record)):
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(tip)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, record.id)
                if ok and c == 0:
                    item.setFlags(_TICKABLE)
                    item.setCheckState(
                        Qt.CheckState.Checked if record.id in ticked else Qt.CheckState.Unchecked
                    )
                elif not ok:
                    item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                    self.mark_blocked(item, c)
                self.setItem(r, c, item)
        if self.FIT_ROWS:
            self.resizeRowsToContents()
        if self.records:
            first = next((r for r in range(len(self.records)) if self.is_selectable(r)), 0)
            self.setCurrentCell(first, 0)

    def is_selectable(self, row: int) -> bool:
        return 0 <= row < len(self.records) and self.pickable(self.records[row])

    def set_checked(self, row: int, checked: bool) -> None:
        if self.is_selectable(row):
            self.item(row, 0).setCheckState(
                Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            )

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            record.id
            for r, record in enumerate(self.records)
            if self.is_selectable(r) and self.item(r, 0).checkState() == Qt.CheckState.Checked
        )

    def checked(self) -> list[Any]:
        ids = set(self.checked_ids())
        return [r for r in self.records if r.id in ids]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentRow() >= 0:
            row = self.currentRow()
            if self.is_selectable(row):
                item = self.item(row, 0)
                self.set_checked(row, item.checkState() != Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)


class SubjectStep(QWidget):
    """The code, the subject found, a hint and the records table, in one form with field errors
    ``subject`` and ``records``. Subclasses name the table, the hint and the records' label."""

    PREFIX = "intake"  # object names: intakeSubjectStep, intakeSubjectCode …
    FIELDS: tuple[str, ...] = ("subject", "code", "records")  # the service's, shown here

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.PREFIX}SubjectStep")
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.errors = FieldErrors(self.form)
        code_box = QWidget(self)
        code_row = QHBoxLayout(code_box)
        code_row.setContentsMargins(0, 0, 0, 0)
        self.code = CodeLineEdit(code_box)
        self.code.setObjectName(f"{self.PREFIX}SubjectCode")
        self.code.setPlaceholderText(self.tr("输入或扫描统一社会信用代码 / 身份证号码，回车查找"))
        self.code.setMinimumWidth(340)
        self.find_button = QPushButton(self.tr("查找"), code_box)
        self.find_button.setObjectName(f"{self.PREFIX}FindSubjectButton")
        self.find_button.setAutoDefault(False)
        self.find_button.setToolTip(self.tr("读取该主体的信用信息（回车）"))
        code_row.addWidget(self.code)
        code_row.addWidget(self.find_button)
        code_row.addStretch(1)
        code_label = QLabel(self.tr("信用主体代码(&S)"), self)
        code_label.setBuddy(self.code)
        self.form.addRow(code_label, code_box)
        self.errors.add("subject", code_box)
        self.subject_label = QLabel(self.tr("尚未选择信用主体"), self)
        self.subject_label.setObjectName(f"{self.PREFIX}SubjectLabel")
        self.subject_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subject_label.setStyleSheet(SUBJECT_MISSING_STYLE)
        self.form.addRow("", self.subject_label)
        self.hint = QLabel(self.hint_text(), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(INFO_STYLE)
        self.form.addRow("", self.hint)
        self.table = self.make_table()
        records_label = QLabel(self.records_label_text(), self)
        records_label.setBuddy(self.table)
        self.form.addRow(records_label, self.table)
        self.errors.add("records", self.table)

    # -- what the screen says ---------------------------------------------------------------------
    def make_table(self) -> RecordPickTable:
        raise NotImplementedError

    def hint_text(self) -> str:
        raise NotImplementedError

    def records_label_text(self) -> str:
        raise NotImplementedError

    # -- showing ----------------------------------------------------------------------------------
    def show_subject(self, found: Any, checked: Iterable[int] = ()) -> None:
        """``found``: the service's answer (subject name, kind, display code, records)."""
        self.subject_label.setText(
            self.tr("{0}（{1}，{2}）").format(
                found.subject_name, found.subject_kind.label, found.display_code
            )
        )
        self.subject_label.setStyleSheet(SUBJECT_FOUND_STYLE)
        self.table.show_records(found.records, checked)

    def show_missing(self) -> None:
        self.subject_label.setText(self.tr("尚未选择信用主体"))
        self.subject_label.setStyleSheet(SUBJECT_MISSING_STYLE)
        self.table.show_records(())
