"""受理异议: the intake, four steps in one dialog, keyboard first.

① 信用主体与异议信息: the subject's code (typed or scanned, Enter looks it up), then its records
with check boxes (a record already under an open case is shown greyed with that case's
number). ② 申请人: the applicant, prefilled with the subject; an agent (经办人) with the 委托书
scan. ③ 异议理由与材料: the profile's grounds, the statement, evidence scans, the date received
and — where the profile has it — 需其他单位协助核查. ④ 确认受理: what will be recorded.

Enter is the default button (查找 / 下一步 / 受理异议), Ctrl+Enter too (also inside the
statement), Alt+← goes back, Esc cancels. The service validates everything when the case is
opened; its field errors are shown next to the fields and the dialog jumps to the first step
holding one. Nothing is stored until then (reading the records is logged, as the law wants).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import CreditDeskError, DatabaseUnavailable, ValidationFailed
from app.services import objections
from app.services.objections import (
    ApplicantInput,
    CaseDetail,
    ObjectionInput,
    RecordOption,
    SubjectRecords,
)
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.objections.common import EvidenceList, FilePicker, date_edit, pydate
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import INFO_STYLE, FieldErrors, StatusLine
from ui.window_query.pages import LiveCheck

SUBJECT, APPLICANT, GROUNDS, CONFIRM = range(4)
FIELD_WIDTH = 420
PERSON_DOC_TYPES = (
    IdDocType.RESIDENT_ID,
    IdDocType.PASSPORT,
    IdDocType.RESIDENCE_PERMIT,
    IdDocType.FOREIGNER_PERMANENT,
)
APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_doc_number",
    "phone",
    "agent_name",
    "agent_doc_type",
    "agent_doc_number",
    "mandate",
    "document_seen",
)
SUBJECT_FIELDS = ("subject", "records")
GROUNDS_FIELDS = ("grounds", "statement", "evidence", "received_on")


def _field_of(name: str) -> str:
    """``evidence[2]`` → ``evidence``: one message line for the whole list."""
    return name.split("[", 1)[0]


def _grouped(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, messages in errors.items():
        out.setdefault(_field_of(name), []).extend(messages)
    return out


class RecordTable(QTableWidget):
    """The subject's records, one check box each; Space ticks the current row."""

    COLUMNS = 7

    def __init__(self, parent: QWidget) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.records: list[RecordOption] = []
        self.setHorizontalHeaderLabels(
            [
                self.tr("信息项目"),
                self.tr("提供单位"),
                self.tr("文书号"),
                self.tr("决定日期"),
                self.tr("状态"),
                self.tr("异议案件"),
                self.tr("内容摘要"),
            ]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        for column, width in enumerate((170, 150, 150, 88, 56, 140, 200)):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setStretchLastSection(True)

    def show_records(self, records: Iterable[RecordOption], checked: Iterable[int] = ()) -> None:
        self.records = list(records)
        ticked = set(checked)
        self.setRowCount(len(self.records))
        for r, record in enumerate(self.records):
            busy = record.open_case_no is not None
            texts = (
                record.catalogue_item,
                record.provider,
                record.document_number,
                record.decision_date.isoformat(),
                record.status.label,
                record.open_case_no or "",
                record.summary,
            )
            tip = (
                self.tr("该信息已在异议案件 {0} 中处理，不能重复受理。").format(record.open_case_no)
                if busy
                else record.summary
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, record.id)
                    if busy:
                        item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                    else:
                        item.setFlags(
                            Qt.ItemFlag.ItemIsSelectable
                            | Qt.ItemFlag.ItemIsEnabled
                            | Qt.ItemFlag.ItemIsUserCheckable
                        )
                        item.setCheckState(
                            Qt.CheckState.Checked
                            if record.id in ticked
                            else Qt.CheckState.Unchecked
                        )
                elif busy:
                    item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                if tip:
                    item.setToolTip(tip)
                self.setItem(r, c, item)
        if self.records:
            self.setCurrentCell(0, 0)

    def is_selectable(self, row: int) -> bool:
        return 0 <= row < len(self.records) and self.records[row].open_case_no is None

    def set_checked(self, row: int, checked: bool) -> None:
        if self.is_selectable(row):
            item = self.item(row, 0)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            record.id
            for r, record in enumerate(self.records)
            if self.is_selectable(r) and self.item(r, 0).checkState() == Qt.CheckState.Checked
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentRow() >= 0:
            row = self.currentRow()
            if self.is_selectable(row):
                item = self.item(row, 0)
                self.set_checked(row, item.checkState() != Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)


class SubjectStep(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("intakeSubjectStep")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        code_box = QWidget(self)
        code_row = QHBoxLayout(code_box)
        code_row.setContentsMargins(0, 0, 0, 0)
        self.code = CodeLineEdit(code_box)
        self.code.setObjectName("subjectCode")
        self.code.setPlaceholderText(self.tr("输入或扫描统一社会信用代码 / 身份证号码，回车查找"))
        self.code.setMinimumWidth(340)
        self.find_button = QPushButton(self.tr("查找"), code_box)
        self.find_button.setObjectName("findSubjectButton")
        self.find_button.setAutoDefault(False)
        self.find_button.setToolTip(self.tr("读取该主体的信用信息（回车）"))
        code_row.addWidget(self.code)
        code_row.addWidget(self.find_button)
        code_row.addStretch(1)
        code_label = QLabel(self.tr("信用主体代码(&S)"), self)
        code_label.setBuddy(self.code)
        form.addRow(code_label, code_box)
        self.errors.add("subject", code_box)
        self.subject_label = QLabel(self.tr("尚未选择信用主体"), self)
        self.subject_label.setObjectName("intakeSubjectLabel")
        self.subject_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subject_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #5f6368;")
        form.addRow("", self.subject_label)
        self.hint = QLabel(
            self.tr(
                "勾选申请人提出异议的信息（空格键勾选）。同一件异议只能涉及一个信息提供单位；"
                "灰色的信息已在其他异议案件中处理。"
            ),
            self,
        )
        self.hint.setStyleSheet(INFO_STYLE)
        form.addRow("", self.hint)
        self.table = RecordTable(self)
        self.table.setObjectName("intakeRecords")
        records_label = QLabel(self.tr("异议信息(&R)"), self)
        records_label.setBuddy(self.table)
        form.addRow(records_label, self.table)
        self.errors.add("records", self.table)

    def show_subject(self, found: SubjectRecords) -> None:
        self.subject_label.setText(
            self.tr("{0}（{1}，{2}）").format(
                found.subject_name, found.subject_kind.label, found.display_code
            )
        )
        self.subject_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #137333;")

    def show_missing(self) -> None:
        self.subject_label.setText(self.tr("尚未选择信用主体"))
        self.subject_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #5f6368;")
        self.table.show_records(())


class ApplicantStep(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("intakeApplicantStep")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        self.name = QLineEdit(self)
        self.name.setObjectName("applicantName")
        self.name_label = QLabel(self.tr("申请人(&M)"), self)
        self.name_label.setBuddy(self.name)
        form.addRow(self.name_label, self.name)
        self.errors.add("applicant_name", self.name)
        self.doc_type = QComboBox(self)
        self.doc_type.setObjectName("applicantDocType")
        self.doc_type.addItem(IdDocType.RESIDENT_ID.label, IdDocType.RESIDENT_ID.value)
        self.doc_type.addItem(self.tr("统一社会信用代码（单位）"), IdDocType.USCC.value)
        for doc_type in PERSON_DOC_TYPES[1:]:
            self.doc_type.addItem(doc_type.label, doc_type.value)
        form.addRow(self.tr("证件类型(&T)"), self.doc_type)
        self.doc_number = CodeLineEdit(self)
        self.doc_number.setObjectName("applicantDocNumber")
        self.doc_check = LiveCheck(self.doc_number, self.doc_type, self)
        number_row = self._number_row(self.doc_number, self.doc_check)
        number_label = QLabel(self.tr("证件号码(&N)"), self)
        number_label.setBuddy(self.doc_number)
        form.addRow(number_label, number_row)
        self.errors.add("applicant_doc_number", number_row)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("applicantPhone")
        self.phone.setPlaceholderText(self.tr("可选"))
        form.addRow(self.tr("联系电话(&P)"), self.phone)
        self.errors.add("phone", self.phone)

        self.agent_box = QGroupBox(self)
        self.agent_box.setObjectName("agentBox")
        agent_form = QFormLayout(self.agent_box)
        self.agent_errors = FieldErrors(agent_form)
        self.agent_intro = QLabel(self.agent_box)
        self.agent_intro.setWordWrap(True)
        self.agent_intro.setStyleSheet(INFO_STYLE)
        agent_form.addRow(self.agent_intro)
        self.agent_name = QLineEdit(self.agent_box)
        self.agent_name.setObjectName("agentName")
        agent_form.addRow(self.tr("姓名(&G)"), self.agent_name)
        self.agent_errors.add("agent_name", self.agent_name)
        self.agent_type = QComboBox(self.agent_box)
        self.agent_type.setObjectName("agentDocType")
        for doc_type in PERSON_DOC_TYPES:
            self.agent_type.addItem(doc_type.label, doc_type.value)
        agent_form.addRow(self.tr("证件类型"), self.agent_type)
        self.agent_errors.add("agent_doc_type", self.agent_type)
        self.agent_number = CodeLineEdit(self.agent_box)
        self.agent_number.setObjectName("agentDocNumber")
        self.agent_check = LiveCheck(self.agent_number, self.agent_type, self.agent_box)
        agent_row = self._number_row(self.agent_number, self.agent_check)
        agent_form.addRow(self.tr("证件号码"), agent_row)
        self.agent_errors.add("agent_doc_number", agent_row)
        self.mandate = FilePicker(
            self.tr("选择委托书扫描件…"),
            self.tr("选择授权委托书扫描件"),
            "mandate",
            self.agent_box,
        )
        self.mandate.setObjectName("mandatePicker")
        self.mandate.button.setAutoDefault(False)
        agent_form.addRow(self.tr("授权委托书"), self.mandate)
        self.agent_errors.add("mandate", self.mandate)
        layout.addWidget(self.agent_box)

        seen_form = QFormLayout()
        layout.addLayout(seen_form)
        self.seen_errors = FieldErrors(seen_form)
        self.document_seen = QCheckBox(self.tr("已核验身份证件原件(&K)"), self)
        self.document_seen.setObjectName("documentSeen")
        self.document_seen.setToolTip(
            self.tr("核对申请人（代理人）出示的身份证件原件及授权委托书后勾选")
        )
        seen_form.addRow(self.document_seen)
        self.seen_errors.add("document_seen", self.document_seen)
        layout.addStretch(1)
        for widget in (self.name, self.doc_type, self.phone, self.agent_name, self.agent_type):
            widget.setMaximumWidth(FIELD_WIDTH)
        self.set_kind(SubjectKind.NATURAL_PERSON)

    def _number_row(self, edit: QLineEdit, check: QLabel) -> QWidget:
        box = QWidget(edit.parentWidget())
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        edit.setMinimumWidth(220)
        edit.setMaximumWidth(FIELD_WIDTH)
        row.addWidget(edit)
        row.addWidget(check, 1)
        return box

    def set_kind(self, kind: SubjectKind) -> None:
        if kind is SubjectKind.NATURAL_PERSON:
            self.agent_box.setTitle(self.tr("代理人（本人办理的不填）"))
            self.agent_intro.setText(
                self.tr("委托他人代为提出异议的，填写代理人并附授权委托书扫描件。")
            )
        else:
            self.agent_box.setTitle(self.tr("经办人（单位提出异议须由经办人办理）"))
            self.agent_intro.setText(
                self.tr("填写经办人（代理人）的身份信息，并附单位出具的授权委托书扫描件。")
            )

    def prefill(self, found: SubjectRecords, code: str) -> None:
        """The applicant is the subject itself (or acts through the agent below)."""
        person = found.subject_kind is SubjectKind.NATURAL_PERSON
        doc_type = IdDocType.RESIDENT_ID if person else IdDocType.USCC
        self.doc_type.setCurrentIndex(max(0, self.doc_type.findData(doc_type.value)))
        self.doc_number.setText(code)
        self.name.setText(found.subject_name)
        self.set_kind(found.subject_kind)

    def applicant_input(self) -> ApplicantInput:
        agent_name = self.agent_name.text().strip()
        agent_number = self.agent_number.text().strip()
        has_agent = bool(agent_name or agent_number)
        return ApplicantInput(
            name=self.name.text(),
            doc_type=IdDocType(self.doc_type.currentData()),
            doc_number=self.doc_number.text(),
            agent_name=agent_name,
            agent_doc_type=IdDocType(self.agent_type.currentData()) if has_agent else None,
            agent_doc_number=agent_number,
            mandate=self.mandate.upload,
            phone=self.phone.text(),
            document_seen=self.document_seen.isChecked(),
        )

    def show_errors(self, errors: Mapping[str, list[str]]) -> None:
        self.errors.show(
            {
                k: v
                for k, v in errors.items()
                if k in ("applicant_name", "applicant_doc_number", "phone")
            }
        )
        self.agent_errors.show(
            {k: v for k, v in errors.items() if k.startswith("agent_") or k == "mandate"}
        )
        self.seen_errors.show({k: v for k, v in errors.items() if k == "document_seen"})

    def clear_errors(self) -> None:
        self.errors.clear()
        self.agent_errors.clear()
        self.seen_errors.clear()


class GroundsStep(QWidget):
    def __init__(self, today: date, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("intakeGroundsStep")
        self.ground_checks: list[QCheckBox] = []
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        self.grounds_box = QWidget(self)
        self.grounds_layout = QVBoxLayout(self.grounds_box)
        self.grounds_layout.setContentsMargins(0, 0, 0, 0)
        self.basis = QLabel(self.grounds_box)
        self.basis.setObjectName("groundsBasis")
        self.basis.setStyleSheet(INFO_STYLE)
        self.basis.setWordWrap(True)
        self.grounds_layout.addWidget(self.basis)
        form.addRow(self.tr("异议理由"), self.grounds_box)
        self.errors.add("grounds", self.grounds_box)
        self.statement = QPlainTextEdit(self)
        self.statement.setObjectName("statement")
        self.statement.setTabChangesFocus(True)
        self.statement.setPlaceholderText(
            self.tr("申请人的异议内容和理由：认为哪些信息有误、依据是什么（Ctrl+Enter 继续）")
        )
        self.statement.setMinimumHeight(110)
        self.statement.setMaximumHeight(180)
        statement_label = QLabel(self.tr("异议陈述(&C)"), self)
        statement_label.setBuddy(self.statement)
        form.addRow(statement_label, self.statement)
        self.errors.add("statement", self.statement)
        self.evidence = EvidenceList(self)
        self.evidence.add_button.setAutoDefault(False)
        self.evidence.remove_button.setAutoDefault(False)
        form.addRow(self.tr("证明材料"), self.evidence)
        self.errors.add("evidence", self.evidence)
        self.received_on = date_edit(self, today, latest=today)
        self.received_on.setObjectName("receivedOn")
        self.received_on.setMaximumWidth(160)
        received_label = QLabel(self.tr("收到日期(&D)"), self)
        received_label.setBuddy(self.received_on)
        form.addRow(received_label, self.received_on)
        self.errors.add("received_on", self.received_on)
        self.assisted = QCheckBox(self.tr("需其他单位协助核查(&A)"), self)
        self.assisted.setObjectName("assisted")
        self.assisted.setToolTip(self.tr("需要其他单位协助核查的，按本辖区规定适用较长的核查期限"))
        form.addRow("", self.assisted)
        self.assisted.hide()
        layout.addStretch(1)

    def show_grounds(self, found: SubjectRecords) -> None:
        chosen = set(self.grounds())
        for check in self.ground_checks:
            self.grounds_layout.removeWidget(check)
            check.deleteLater()
        self.ground_checks = []
        for i, ground in enumerate(found.grounds):
            check = QCheckBox(ground, self.grounds_box)
            check.setObjectName(f"ground_{i}")
            check.setChecked(ground in chosen)
            self.grounds_layout.insertWidget(i, check)
            self.ground_checks.append(check)
        self.basis.setText(found.grounds_basis)
        self.assisted.setVisible(found.assisted_available)
        if not found.assisted_available:
            self.assisted.setChecked(False)

    def grounds(self) -> tuple[str, ...]:
        return tuple(c.text() for c in self.ground_checks if c.isChecked())


class ConfirmStep(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("intakeConfirmStep")
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("请与申请人核对以下内容，确认无误后受理："), self)
        layout.addWidget(intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        self.summary = QLabel(scroll)
        self.summary.setObjectName("intakeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setMargin(8)
        scroll.setWidget(self.summary)
        layout.addWidget(scroll, 1)
        note = QLabel(
            self.tr("受理后生成案件编号，可打印异议受理回执交申请人。"),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet(INFO_STYLE)
        layout.addWidget(note)


class IntakeDialog(QDialog):
    """Opens a case; ``opened`` carries its ``CaseDetail``."""

    opened = Signal(object)  # CaseDetail

    def __init__(
        self,
        ctx: AppContext,
        *,
        today: date,
        parent: QWidget | None = None,
        subject_code: str = "",
        record_ids: Iterable[int] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("objectionIntakeDialog")
        self.setWindowTitle(self.tr("受理异议"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.today = today
        self.found: SubjectRecords | None = None
        self.loaded_code = ""
        self.case: CaseDetail | None = None
        self._preselect = tuple(record_ids)
        self._discard_question = None

        outer = QVBoxLayout(self)
        steps_row = QHBoxLayout()
        heading = QLabel(self.tr("受理异议"), self)
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        steps_row.addWidget(heading)
        steps_row.addSpacing(16)
        self.step_labels: list[QLabel] = []
        for i, text in enumerate(
            (
                self.tr("① 信用主体与异议信息"),
                self.tr("② 申请人"),
                self.tr("③ 异议理由与材料"),
                self.tr("④ 确认受理"),
            )
        ):
            label = QLabel(text, self)
            self.step_labels.append(label)
            steps_row.addWidget(label)
            if i < 3:
                arrow = QLabel("›", self)
                arrow.setStyleSheet("color: #9aa0a6;")
                steps_row.addWidget(arrow)
        steps_row.addStretch(1)
        outer.addLayout(steps_row)

        self.stack = QStackedWidget(self)
        self.subject_step = SubjectStep(self.stack)
        self.applicant_step = ApplicantStep(self.stack)
        self.grounds_step = GroundsStep(today, self.stack)
        self.confirm_step = ConfirmStep(self.stack)
        for page in (self.subject_step, self.applicant_step, self.grounds_step, self.confirm_step):
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)

        self.status = StatusLine(self)
        outer.addWidget(self.status)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setToolTip(self.tr("放弃本次受理（Esc）"))
        self.cancel_button.setAutoDefault(False)
        self.back_button = QPushButton(self.tr("上一步"), self)
        self.back_button.setObjectName("intakeBackButton")
        self.back_button.setToolTip(self.tr("回到上一步（Alt+←）"))
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton(self.tr("下一步"), self)
        self.next_button.setObjectName("intakeNextButton")
        self.next_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)

        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.subject_step.find_button.clicked.connect(self.lookup)
        self.applicant_step.document_seen.toggled.connect(lambda _c: self._update_buttons())
        for keys, slot in (
            ("Ctrl+Return", self.next),
            ("Ctrl+Enter", self.next),
            ("Alt+Left", self.back),
        ):
            QShortcut(QKeySequence(keys), self, slot)

        self.subject_step.code.setText(subject_code)
        self.go_to(SUBJECT)
        self.resize(1100, 660)
        if subject_code:
            self.lookup()

    # -- moving ------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        for i, label in enumerate(self.step_labels):
            label.setStyleSheet(
                "color: #1a73e8; font-weight: bold;" if i == step else "color: #5f6368;"
            )
        focus = {
            SUBJECT: self.subject_step.table if self.found is not None else self.subject_step.code,
            APPLICANT: self.applicant_step.name,
            GROUNDS: self.grounds_step.ground_checks[0]
            if self.grounds_step.ground_checks
            else self.grounds_step.statement,
            CONFIRM: self.next_button,
        }[step]
        focus.setFocus()
        if step == CONFIRM:
            self._fill_summary()
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setEnabled(step > SUBJECT)
        if step == SUBJECT and self._needs_lookup():
            text, tip = self.tr("查找"), self.tr("读取该主体的信用信息（回车）")
        elif step == CONFIRM:
            text, tip = self.tr("受理异议"), self.tr("确认受理，生成案件编号（回车）")
        else:
            text, tip = self.tr("下一步"), self.tr("下一步（回车或 Ctrl+Enter）")
        self.next_button.setText(text)
        self.next_button.setToolTip(tip)

    def _needs_lookup(self) -> bool:
        code = CodeLineEdit.normalize(self.subject_step.code.text())
        return self.found is None or code != self.loaded_code

    def back(self) -> None:
        if self.step > SUBJECT:
            self.status.clear_status()
            self.go_to(self.step - 1)

    def next(self) -> None:
        self.status.clear_status()
        step = self.step
        if step == SUBJECT:
            if self._needs_lookup():
                self.lookup()
                return
            if not self.subject_step.table.checked_ids():
                self.subject_step.errors.show(
                    {"records": [self.tr("请至少勾选一条申请人提出异议的信息。")]}
                )
                return
            self.subject_step.errors.clear()
            self.go_to(APPLICANT)
        elif step == APPLICANT:
            self.go_to(GROUNDS)
        elif step == GROUNDS:
            if not self.grounds_step.grounds():
                self.grounds_step.errors.show({"grounds": [self.tr("请至少选择一项异议理由。")]})
                return
            if not self.grounds_step.statement.toPlainText().strip():
                self.grounds_step.errors.show({"statement": [self.tr("请填写异议陈述。")]})
                self.grounds_step.statement.setFocus()
                return
            self.grounds_step.errors.clear()
            self.go_to(CONFIRM)
        else:
            self.submit()

    # -- the subject ---------------------------------------------------------------------------
    def lookup(self) -> None:
        code = CodeLineEdit.normalize(self.subject_step.code.text())
        self.subject_step.errors.clear()
        if not code:
            self.subject_step.errors.show(
                {"subject": [self.tr("请输入统一社会信用代码或身份证号码。")]}
            )
            self.subject_step.code.setFocus()
            return
        self.subject_step.code.setText(code)
        ctx, actor = self.ctx, self.ctx.require_actor()
        # reading a subject's records is logged (the query log): the command lane
        ctx.runner.command(
            lambda _t: objections.subject_records(ctx.db, code, actor=actor),
            on_done=lambda found: self._on_found(code, found),
            on_error=self._on_lookup_failed,
            busy_for=self,
            busy_text=self.tr("正在读取信用信息…"),
        )

    def _on_found(self, code: str, found: SubjectRecords) -> None:
        previous = self.found
        self.found = found
        self.loaded_code = code
        self.subject_step.show_subject(found)
        keep = set(self.subject_step.table.checked_ids()) if previous else set(self._preselect)
        self.subject_step.table.show_records(found.records, keep)
        if previous is None or previous.subject_id != found.subject_id:
            self.applicant_step.prefill(found, code)
        self.grounds_step.show_grounds(found)
        if not found.records:
            self.subject_step.errors.show(
                {"records": [self.tr("平台中没有该主体可提出异议的信用信息。")]}
            )
        self.subject_step.table.setFocus()
        self._update_buttons()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self.found = None
        self.loaded_code = ""
        self.subject_step.show_missing()
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            # the code's own check ("code") is said where the code was typed
            messages = [m for ms in exc.field_errors.values() for m in ms]
            self.subject_step.errors.show({"subject": messages})
        elif isinstance(exc, DatabaseUnavailable):
            self.status.show_error(exc, saving=False)
        elif isinstance(exc, CreditDeskError):
            self.subject_step.errors.show({"subject": [exc.text]})
        else:
            show_error(self, exc)
        self.subject_step.code.setFocus()
        self.subject_step.code.selectAll()
        self._update_buttons()

    # -- confirming ----------------------------------------------------------------------------
    def objection_input(self) -> ObjectionInput:
        return ObjectionInput(
            subject_code=self.loaded_code,
            record_ids=self.subject_step.table.checked_ids(),
            applicant=self.applicant_step.applicant_input(),
            grounds=self.grounds_step.grounds(),
            statement=self.grounds_step.statement.toPlainText(),
            evidence=tuple(self.grounds_step.evidence.uploads),
            received_on=pydate(self.grounds_step.received_on.date()),
            assisted=self.grounds_step.assisted.isVisible()
            and self.grounds_step.assisted.isChecked(),
        )

    def _fill_summary(self) -> None:
        data = self.objection_input()
        found = self.found
        applicant = data.applicant
        rows: list[tuple[str, str]] = []
        if found is not None:
            rows.append(
                (
                    self.tr("信用主体"),
                    f"{found.subject_name}（{found.display_code}）",
                )
            )
            chosen = [r for r in found.records if r.id in data.record_ids]
            rows.append(
                (
                    self.tr("异议信息"),
                    "<br>".join(
                        escape(f"{r.catalogue_item}　{r.document_number}　{r.provider}")
                        for r in chosen
                    ),
                )
            )
        rows.append(
            (
                self.tr("申请人"),
                escape(
                    f"{applicant.name}（{IdDocType(applicant.doc_type).label}"
                    f" {applicant.doc_number}）"
                ),
            )
        )
        if applicant.agent_name or applicant.agent_doc_number:
            mandate = applicant.mandate.display_name if applicant.mandate else self.tr("未附委托书")
            rows.append(
                (
                    self.tr("代理人"),
                    escape(f"{applicant.agent_name}（{applicant.agent_doc_number}）；{mandate}"),
                )
            )
        if applicant.phone.strip():
            rows.append((self.tr("联系电话"), escape(applicant.phone.strip())))
        rows.append((self.tr("异议理由"), "<br>".join(escape(g) for g in data.grounds)))
        rows.append((self.tr("异议陈述"), escape(data.statement.strip()).replace("\n", "<br>")))
        rows.append(
            (
                self.tr("证明材料"),
                "、".join(escape(u.display_name) for u in data.evidence) or self.tr("无"),
            )
        )
        received = data.received_on.isoformat() if data.received_on else ""
        if data.assisted:
            received += self.tr("（需其他单位协助核查）")
        rows.append((self.tr("收到日期"), escape(received)))
        if not applicant.document_seen:
            warning = escape(self.tr("尚未勾选“已核验身份证件原件”"))
            rows.append((self.tr("注意"), f'<span style="color:#c5221f;">{warning}</span>'))
        body = "".join(
            f'<tr><td style="color:#5f6368; padding:3px 12px 3px 0; white-space:nowrap;">'
            f"{escape(label)}</td><td style='padding:3px 0;'>{value}</td></tr>"
            for label, value in rows
        )
        self.confirm_step.summary.setText(f"<table>{body}</table>")

    def submit(self) -> None:
        ctx, actor, today, data = (
            self.ctx,
            self.ctx.require_actor(),
            self.today,
            self.objection_input(),
        )
        self.status.clear_status()
        for step in (self.subject_step, self.grounds_step):
            step.errors.clear()
        self.applicant_step.clear_errors()
        ctx.runner.command(
            lambda _t: objections.open_objection(ctx.db, data, actor=actor, today=today),
            on_done=self._on_opened,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在受理…"),
        )

    def _on_opened(self, case: CaseDetail) -> None:
        self.case = case
        self.opened.emit(case)
        self.done(QDialog.DialogCode.Accepted)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            errors = _grouped(exc.field_errors)
            self.subject_step.errors.show({k: v for k, v in errors.items() if k in SUBJECT_FIELDS})
            self.applicant_step.show_errors(errors)
            self.grounds_step.errors.show({k: v for k, v in errors.items() if k in GROUNDS_FIELDS})
            known = set(SUBJECT_FIELDS) | set(APPLICANT_FIELDS) | set(GROUNDS_FIELDS)
            unknown = [m for k, v in errors.items() if k not in known for m in v]
            pages = [
                page
                for page, fields in (
                    (SUBJECT, SUBJECT_FIELDS),
                    (APPLICANT, APPLICANT_FIELDS),
                    (GROUNDS, GROUNDS_FIELDS),
                )
                if set(errors) & set(fields)
            ]
            if pages:
                self.go_to(pages[0])
            self.status.show_text(
                "；".join(unknown) if unknown else self.tr("请按提示修改标红的项目后重试。")
            )
        elif isinstance(exc, CreditDeskError):  # DatabaseUnavailable included: fields kept
            self.status.show_error(exc)
        else:
            show_error(self, exc)

    # -- leaving -------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc or 取消: ask first once something has been entered."""
        if self.found is None or self.case is not None:
            super().reject()
            return
        self._discard_question = ask(
            self,
            self.tr("放弃受理"),
            self.tr("放弃本次异议受理？已填写的内容不会保存。"),
            lambda: QDialog.reject(self),
            yes_text=self.tr("放弃"),
            destructive=True,
        )
