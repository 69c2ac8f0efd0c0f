"""良好信息撤回申请: one dialog, keyboard first.

The clerk types the subject's code and presses Enter: the subject's records are listed, good
information first; a record that may not be withdrawn is greyed with the reason in its own
column (and the refusal shown when it is picked). The applicant below is prefilled with the
subject (an agent with the 委托书 for an organisation); Zhangdian asks for a written request.
Registering shows the case number, the due date and the article.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import InfoClass
from app.domain.errors import ValidationFailed
from app.services import withdrawals
from app.services.clock import local_today
from app.services.withdrawals import (
    WithdrawableRecord,
    WithdrawableRecords,
    WithdrawalDetail,
    WithdrawalInput,
)
from ui.cases.applicant_step import ApplicantStep
from ui.cases.common import RED_TEXT
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CASES
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE

__all__ = ["WithdrawalApplicantStep", "WithdrawalDialog"]

DISABLED_TEXT = QColor("#80868b")
REASON_COLUMN = 5


class WithdrawalApplicantStep(ApplicantStep):
    STEP_NAME = "withdrawalApplicantStep"
    PREFIX = "withdrawal"

    def agent_intro_for_person(self) -> str:
        return self.tr("由他人代为申请撤回的，填写代理人的身份信息并附授权委托书扫描件。")

    def agent_title_for_organisation(self) -> str:
        return self.tr("经办人（单位申请须填写）")


class WithdrawalDialog(QDialog):
    """Register a request to withdraw one good record of a subject."""

    def __init__(
        self,
        ctx: AppContext,
        subject_code: str | None = None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        record_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or local_today(ctx.clock())
        # picked once the subject's records arrive (e.g. the record selected in a window query)
        self._preselect = record_id if subject_code else None
        self.found: WithdrawableRecords | None = None
        self.registered: WithdrawalDetail | None = None
        self.setObjectName("withdrawalDialog")
        self.setWindowTitle(self.tr("良好信息撤回申请"))
        self.resize(980, 760)
        layout = QVBoxLayout(self)

        code_row = QHBoxLayout()
        code_label = QLabel(self.tr("信用主体代码(&C)"), self)
        self.code_edit = CodeLineEdit(self)
        self.code_edit.setObjectName("withdrawalSubjectCode")
        self.code_edit.setPlaceholderText(self.tr("统一社会信用代码或身份证号码，回车查找"))
        self.code_edit.setMinimumWidth(300)
        code_label.setBuddy(self.code_edit)
        self.find_button = QPushButton(self.tr("查找(&F)"), self)
        code_row.addWidget(code_label)
        code_row.addWidget(self.code_edit)
        code_row.addWidget(self.find_button)
        code_row.addStretch(1)
        layout.addLayout(code_row)

        self.subject_label = QLabel(self)
        self.subject_label.setObjectName("withdrawalSubject")
        self.rule_label = QLabel(self)
        self.rule_label.setObjectName("withdrawalRule")
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet(INFO_STYLE)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.rule_label)

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("withdrawalRecords")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("信息类别"),
                self.tr("文书号"),
                self.tr("提供单位"),
                self.tr("决定日期"),
                self.tr("状态"),
                self.tr("能否撤回"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((130, 150, 160, 90, 70)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(190)
        layout.addWidget(self.table, 3)
        self.pick_label = QLabel(self)
        self.pick_label.setObjectName("withdrawalPick")
        self.pick_label.setWordWrap(True)
        layout.addWidget(self.pick_label)

        applicant_box = QGroupBox(self.tr("申请人"), self)
        box_layout = QVBoxLayout(applicant_box)
        self.applicant = WithdrawalApplicantStep(applicant_box)
        box_layout.addWidget(self.applicant)
        extra = QFormLayout()
        self.written = QCheckBox(self.tr("已提交书面申请(&W)"), applicant_box)
        self.written.setObjectName("withdrawalWritten")
        extra.addRow(self.written)
        self.statement = QPlainTextEdit(applicant_box)
        self.statement.setObjectName("withdrawalStatement")
        self.statement.setPlaceholderText(self.tr("申请事由（可选）"))
        self.statement.setTabChangesFocus(True)
        self.statement.setFixedHeight(54)
        statement_label = QLabel(self.tr("申请事由(&S)"), applicant_box)
        statement_label.setBuddy(self.statement)
        extra.addRow(statement_label, self.statement)
        box_layout.addLayout(extra)
        layout.addWidget(applicant_box)

        self.result_label = QLabel(self)
        self.result_label.setObjectName("withdrawalResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        self.buttons = QDialogButtonBox(self)
        self.register_button = self.buttons.addButton(
            self.tr("登记申请(&R)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.register_button.setObjectName("withdrawalRegister")
        self.register_button.setAutoDefault(False)
        self.close_button = self.buttons.addButton(
            self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAutoDefault(False)
        layout.addWidget(self.buttons)

        self.code_edit.code_entered.connect(self._on_code_edit_code_entered)
        self.find_button.clicked.connect(lambda: self.lookup(self.code_edit.text()))
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.register_button.clicked.connect(self.register)
        self.close_button.clicked.connect(self.reject)
        self._set_found(None)
        if subject_code:
            self.code_edit.setText(subject_code)
            self.lookup(subject_code)
        self.code_edit.setFocus()

    # --- looking the subject up ---------------------------------------------------------------
    def _on_code_edit_code_entered(self, code: str) -> None:
        self.lookup(code)

    def lookup(self, code: str) -> None:
        actor = self.ctx.require_actor()
        today = self.today
        self.ctx.runner.query(
            lambda _cancel: withdrawals.withdrawable_records(
                self.ctx.db, code, actor=actor, today=today
            ),
            on_done=lambda found: self._on_found(found, code),
            on_error=self._on_lookup_failed,
            busy_for=self,
        )

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self._set_found(None)
        show_error(self, exc)

    def _on_found(self, found: WithdrawableRecords, code: str) -> None:
        self._set_found(found)
        self.applicant.prefill(found, code.strip().upper())
        first = next((i for i, r in enumerate(found.records) if r.withdrawable), None)
        wanted, self._preselect = self._preselect, None
        if wanted is not None:
            first = next((i for i, r in enumerate(found.records) if r.id == wanted), first)
        if first is not None:
            self.table.selectRow(first)
        self.table.setFocus()

    def _set_found(self, found: WithdrawableRecords | None) -> None:
        self.found = found
        self.registered = None
        self.result_label.clear()
        self.table.setRowCount(0)
        self.pick_label.clear()
        if found is None:
            self.subject_label.setText(self.tr("输入信用主体代码后回车，列出其信用信息。"))
            self.rule_label.clear()
            self.written.setVisible(False)
            self.register_button.setEnabled(False)
            return
        self.subject_label.setText(
            self.tr("信用主体：{0}（{1}）").format(found.subject_name, found.display_code)
        )
        self.rule_label.setText(found.rule_text)
        self.written.setVisible(found.written_request)
        self.written.setChecked(False)
        self.table.setRowCount(len(found.records))
        for row, record in enumerate(found.records):
            self._fill_row(row, record)
        self._on_table_selection_changed()

    def _fill_row(self, row: int, record: WithdrawableRecord) -> None:
        texts = (
            record.catalogue_item,
            record.document_number,
            record.provider,
            record.decision_date.isoformat(),
            record.status.label,
            record.refusal or self.tr("可以撤回"),
        )
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setToolTip(record.refusal or self.tr("可以申请撤回"))
            if not record.withdrawable:
                colour = QColor(RED_TEXT) if column == REASON_COLUMN else DISABLED_TEXT
                item.setForeground(QBrush(colour))
            self.table.setItem(row, column, item)

    # --- picking a record ---------------------------------------------------------------------
    def selected_record(self) -> WithdrawableRecord | None:
        if self.found is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.found.records[rows[0].row()]

    def select_record(self, record_id: int) -> None:
        assert self.found is not None
        row = next(i for i, r in enumerate(self.found.records) if r.id == record_id)
        self.table.selectRow(row)

    def _on_table_selection_changed(self) -> None:
        record = self.selected_record()
        if record is None:
            self.pick_label.setText(self.tr("请选择要撤回的良好信息。") if self.found else "")
            self.pick_label.setStyleSheet(INFO_STYLE)
        elif record.withdrawable:
            self.pick_label.setText(self.tr("撤回：{0}").format(record.label))
            self.pick_label.setStyleSheet(INFO_STYLE)
        else:
            self.pick_label.setText(record.refusal or "")
            self.pick_label.setStyleSheet(ERROR_STYLE)
        self.register_button.setEnabled(
            self.registered is None and record is not None and record.withdrawable
        )

    # --- registering --------------------------------------------------------------------------
    def current_input(self) -> WithdrawalInput:
        record = self.selected_record()
        return WithdrawalInput(
            subject_code=self.code_edit.text(),
            record_id=record.id if record else None,
            applicant=self.applicant.applicant_input(),
            statement=self.statement.toPlainText(),
            written_request=self.written.isChecked(),
            received_on=self.today,
        )

    def register(self) -> None:
        data = self.current_input()
        actor = self.ctx.require_actor()
        today = self.today
        self.applicant.clear_errors()
        self.ctx.runner.command(
            lambda _cancel: withdrawals.register_withdrawal(
                self.ctx.db, data, actor=actor, today=today
            ),
            on_done=self._on_registered,
            on_error=self._on_register_failed,
            busy_for=self,
        )

    def _on_register_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            self.applicant.show_errors(exc.field_errors)
            other = [
                text
                for key, texts in exc.field_errors.items()
                if key in ("record", "written_request", "statement", "received_on", "subject")
                for text in texts
            ]
            if other:
                self.pick_label.setText("；".join(other))
                self.pick_label.setStyleSheet(ERROR_STYLE)
        show_error(self, exc)

    def _on_registered(self, case: WithdrawalDetail) -> None:
        self.registered = case
        self.register_button.setEnabled(False)
        due = case.due_on.isoformat() if case.due_on else self.tr("无期限")
        self.result_label.setStyleSheet(INFO_STYLE)
        self.result_label.setText(
            self.tr("已登记撤回申请 {0}：{1}。办理期限 {2}（{3}）。").format(
                case.case_no, case.record_label, due, case.due_basis
            )
        )
        self.ctx.events.emit_changed(CASES)

    @staticmethod
    def is_good(record: WithdrawableRecord) -> bool:
        return record.info_class is InfoClass.GOOD
