"""受理修复申请: the intake, four steps in one dialog, keyboard first.

① 信用主体与修复信息: the subject's code (typed or scanned, Enter looks it up), its records with
check boxes — a record that cannot be repaired is greyed, with the reason in its own column and
tooltip — and where the application was lodged (the profile's options, with the article).
② 申请人: the applicant, prefilled with the subject; an agent (经办人) with the 委托书 scan.
③ 纠正情况与材料: the day the act was corrected, one file per required material (a missing one
is allowed: the case then waits for it, 一次性告知), the statement, the day received.
④ 确认受理: what will be recorded, the conditions to be checked and any material still missing.

Enter is the default button (查找 / 下一步 / 受理申请), Ctrl+Enter too (also inside the
statement), Alt+← goes back, Esc cancels. The service validates everything when the case is
registered; its field errors are shown next to the fields and the dialog jumps to the first
step holding one. Nothing is stored until then (reading the records is logged, as the law
wants).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import CreditDeskError, DatabaseUnavailable, ValidationFailed
from app.rules.repair_flow import Material
from app.services import repairs
from app.services.attachments import Upload
from app.services.repairs import (
    ApplicantInput,
    Candidate,
    Candidates,
    Lodged,
    RepairDetail,
    RepairInput,
)
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.repairs.common import RED_TEXT, ScanPicker, date_edit, pydate
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, FieldErrors, StatusLine
from ui.window_query.pages import LiveCheck

SUBJECT, APPLICANT, MATERIALS, CONFIRM = range(4)
FIELD_WIDTH = 420
PERSON_DOC_TYPES = (
    IdDocType.RESIDENT_ID,
    IdDocType.PASSPORT,
    IdDocType.RESIDENCE_PERMIT,
    IdDocType.FOREIGNER_PERMANENT,
)
SUBJECT_FIELDS = ("subject", "code", "records", "lodged_with")
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
MATERIAL_FIELDS = ("corrected_on", "materials", "statement", "received_on")
DISABLED_TEXT = QColor("#80868b")


def _page_of(field: str) -> int | None:
    if field in SUBJECT_FIELDS:
        return SUBJECT
    if field in APPLICANT_FIELDS:
        return APPLICANT
    if field in MATERIAL_FIELDS or field.startswith("materials."):
        return MATERIALS
    return None


class CandidateTable(QTableWidget):
    """The subject's records, one check box each; Space ticks the current row. A record that
    cannot be repaired is greyed and cannot be ticked; the reason is in the last column."""

    HEADERS = 7

    def __init__(self, parent: QWidget) -> None:
        super().__init__(0, self.HEADERS, parent)
        self.records: list[Candidate] = []
        self.setHorizontalHeaderLabels(
            [
                self.tr("信息项目"),
                self.tr("提供单位"),
                self.tr("文书号"),
                self.tr("决定日期"),
                self.tr("状态"),
                self.tr("最短公示期届满"),
                self.tr("不能申请的原因"),
            ]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        for column, width in enumerate((170, 120, 130, 84, 48, 100, 280)):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setStretchLastSection(True)

    def show_records(self, records: tuple[Candidate, ...], checked: set[int]) -> None:
        self.records = list(records)
        self.setRowCount(len(self.records))
        for r, record in enumerate(self.records):
            ok = record.repairable
            texts = (
                record.catalogue_item,
                record.provider,
                record.document_number,
                record.decision_date.isoformat(),
                record.status.label,
                record.national_min_end.isoformat() if record.national_min_end else "—",
                record.refusal or self.tr("可以申请"),
            )
            tip = (
                record.refusal
                if record.refusal
                else self.tr("{0}：可以申请信用修复（空格键勾选）").format(record.info_class.label)
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, record.id)
                    if ok:
                        item.setFlags(
                            Qt.ItemFlag.ItemIsSelectable
                            | Qt.ItemFlag.ItemIsEnabled
                            | Qt.ItemFlag.ItemIsUserCheckable
                        )
                        item.setCheckState(
                            Qt.CheckState.Checked
                            if record.id in checked
                            else Qt.CheckState.Unchecked
                        )
                    else:
                        item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                elif not ok:
                    item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                if not ok:
                    item.setForeground(QBrush(QColor(RED_TEXT) if c == 6 else DISABLED_TEXT))
                self.setItem(r, c, item)
        self.resizeRowsToContents()
        if self.records:
            first = next((r for r, rec in enumerate(self.records) if rec.repairable), 0)
            self.setCurrentCell(first, 0)

    def is_selectable(self, row: int) -> bool:
        return 0 <= row < len(self.records) and self.records[row].repairable

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

    def checked(self) -> list[Candidate]:
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


class RepairSubjectStep(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("repairSubjectStep")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        code_box = QWidget(self)
        code_row = QHBoxLayout(code_box)
        code_row.setContentsMargins(0, 0, 0, 0)
        self.code = CodeLineEdit(code_box)
        self.code.setObjectName("repairSubjectCode")
        self.code.setPlaceholderText(self.tr("输入或扫描统一社会信用代码 / 身份证号码，回车查找"))
        self.code.setMinimumWidth(340)
        self.find_button = QPushButton(self.tr("查找"), code_box)
        self.find_button.setObjectName("findRepairSubjectButton")
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
        self.subject_label.setObjectName("repairSubjectLabel")
        self.subject_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #5f6368;")
        form.addRow("", self.subject_label)
        self.hint = QLabel(
            self.tr(
                "勾选申请修复的失信信息（空格键勾选）。不能申请修复的信息显示为灰色，原因见最后一列；"
                "一件申请只能涉及一个信息提供单位。"
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(INFO_STYLE)
        form.addRow("", self.hint)
        self.table = CandidateTable(self)
        self.table.setObjectName("repairCandidates")
        self.table.setMinimumHeight(200)
        records_label = QLabel(self.tr("修复信息(&R)"), self)
        records_label.setBuddy(self.table)
        form.addRow(records_label, self.table)
        self.errors.add("records", self.table)

        self.lodged_box = QWidget(self)
        lodged_layout = QVBoxLayout(self.lodged_box)
        lodged_layout.setContentsMargins(0, 0, 0, 0)
        lodged_row = QHBoxLayout()
        lodged_layout.addLayout(lodged_row)
        self.lodged_group = QButtonGroup(self)
        self.lodged_buttons: dict[Lodged, QRadioButton] = {}
        keys = {Lodged.CENTER: "1", Lodged.PROVIDER: "2"}
        for lodged in Lodged:
            button = QRadioButton(f"{lodged.label}(&{keys[lodged]})", self.lodged_box)
            button.setObjectName(f"lodged_{lodged.value}")
            self.lodged_group.addButton(button)
            self.lodged_buttons[lodged] = button
            lodged_row.addWidget(button)
        lodged_row.addStretch(1)
        self.lodged_basis = QLabel(self.lodged_box)
        self.lodged_basis.setObjectName("lodgedBasis")
        self.lodged_basis.setWordWrap(True)
        self.lodged_basis.setStyleSheet(INFO_STYLE)
        lodged_layout.addWidget(self.lodged_basis)
        form.addRow(self.tr("申请受理渠道"), self.lodged_box)
        self.errors.add("lodged_with", self.lodged_box)
        self.lodged_box.setEnabled(False)

    def show_subject(self, found: Candidates, checked: set[int]) -> None:
        self.subject_label.setText(
            self.tr("{0}（{1}，{2}）").format(
                found.subject_name, found.subject_kind.label, found.display_code
            )
        )
        self.subject_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #137333;")
        self.table.show_records(found.records, checked)
        current = self.lodged
        for lodged, button in self.lodged_buttons.items():
            allowed = lodged in found.lodged_options
            button.setVisible(allowed)
            if not allowed and button.isChecked():
                self.lodged_group.setExclusive(False)
                button.setChecked(False)
                self.lodged_group.setExclusive(True)
        if current not in found.lodged_options and found.lodged_options:
            self.lodged_buttons[found.lodged_options[0]].setChecked(True)
        self.lodged_basis.setText(
            self.tr("本辖区规定向{0}提出（{1}）。").format(
                self.tr("或").join(o.label for o in found.lodged_options), found.lodged_basis
            )
        )
        self.lodged_box.setEnabled(True)

    def show_missing(self) -> None:
        self.subject_label.setText(self.tr("尚未选择信用主体"))
        self.subject_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #5f6368;")
        self.table.show_records((), set())
        self.lodged_box.setEnabled(False)

    @property
    def lodged(self) -> Lodged | None:
        return next((k for k, b in self.lodged_buttons.items() if b.isChecked()), None)


class RepairApplicantStep(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("repairApplicantStep")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        self.name = QLineEdit(self)
        self.name.setObjectName("repairApplicantName")
        name_label = QLabel(self.tr("申请人(&M)"), self)
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        self.errors.add("applicant_name", self.name)
        self.doc_type = QComboBox(self)
        self.doc_type.setObjectName("repairApplicantDocType")
        self.doc_type.addItem(IdDocType.RESIDENT_ID.label, IdDocType.RESIDENT_ID.value)
        self.doc_type.addItem(self.tr("统一社会信用代码（单位）"), IdDocType.USCC.value)
        for doc_type in PERSON_DOC_TYPES[1:]:
            self.doc_type.addItem(doc_type.label, doc_type.value)
        type_label = QLabel(self.tr("证件类型(&T)"), self)
        type_label.setBuddy(self.doc_type)
        form.addRow(type_label, self.doc_type)
        self.doc_number = CodeLineEdit(self)
        self.doc_number.setObjectName("repairApplicantDocNumber")
        self.doc_check = LiveCheck(self.doc_number, self.doc_type, self)
        number_row = self._number_row(self.doc_number, self.doc_check)
        number_label = QLabel(self.tr("证件号码(&N)"), self)
        number_label.setBuddy(self.doc_number)
        form.addRow(number_label, number_row)
        self.errors.add("applicant_doc_number", number_row)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("repairApplicantPhone")
        self.phone.setPlaceholderText(self.tr("可选"))
        phone_label = QLabel(self.tr("联系电话(&P)"), self)
        phone_label.setBuddy(self.phone)
        form.addRow(phone_label, self.phone)
        self.errors.add("phone", self.phone)

        self.agent_box = QGroupBox(self)
        self.agent_box.setObjectName("repairAgentBox")
        agent_form = QFormLayout(self.agent_box)
        self.agent_errors = FieldErrors(agent_form)
        self.agent_intro = QLabel(self.agent_box)
        self.agent_intro.setWordWrap(True)
        self.agent_intro.setStyleSheet(INFO_STYLE)
        agent_form.addRow(self.agent_intro)
        self.agent_name = QLineEdit(self.agent_box)
        self.agent_name.setObjectName("repairAgentName")
        agent_name_label = QLabel(self.tr("姓名(&G)"), self.agent_box)
        agent_name_label.setBuddy(self.agent_name)
        agent_form.addRow(agent_name_label, self.agent_name)
        self.agent_errors.add("agent_name", self.agent_name)
        self.agent_type = QComboBox(self.agent_box)
        self.agent_type.setObjectName("repairAgentDocType")
        for doc_type in PERSON_DOC_TYPES:
            self.agent_type.addItem(doc_type.label, doc_type.value)
        agent_form.addRow(self.tr("证件类型"), self.agent_type)
        self.agent_errors.add("agent_doc_type", self.agent_type)
        self.agent_number = CodeLineEdit(self.agent_box)
        self.agent_number.setObjectName("repairAgentDocNumber")
        self.agent_check = LiveCheck(self.agent_number, self.agent_type, self.agent_box)
        agent_row = self._number_row(self.agent_number, self.agent_check)
        agent_form.addRow(self.tr("证件号码"), agent_row)
        self.agent_errors.add("agent_doc_number", agent_row)
        self.mandate = ScanPicker(
            self.tr("选择委托书扫描件…"),
            self.tr("选择授权委托书扫描件"),
            "mandate",
            self.agent_box,
        )
        self.mandate.setObjectName("repairMandatePicker")
        agent_form.addRow(self.tr("授权委托书"), self.mandate)
        self.agent_errors.add("mandate", self.mandate)
        layout.addWidget(self.agent_box)

        seen_form = QFormLayout()
        layout.addLayout(seen_form)
        self.seen_errors = FieldErrors(seen_form)
        self.document_seen = QCheckBox(self.tr("已核验身份证件原件(&K)"), self)
        self.document_seen.setObjectName("repairDocumentSeen")
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
                self.tr("委托他人代为申请的，填写代理人并附授权委托书扫描件。")
            )
        else:
            self.agent_box.setTitle(self.tr("经办人（单位申请须由经办人办理）"))
            self.agent_intro.setText(
                self.tr("填写经办人（代理人）的身份信息，并附单位出具的授权委托书扫描件。")
            )

    def prefill(self, found: Candidates, code: str) -> None:
        """The applicant is the subject itself (or acts through the agent below)."""
        person = found.subject_kind is SubjectKind.NATURAL_PERSON
        doc_type = IdDocType.RESIDENT_ID if person else IdDocType.USCC
        self.doc_type.setCurrentIndex(max(0, self.doc_type.findData(doc_type.value)))
        self.doc_number.setText(code)
        self.name.setText(found.subject_name)
        self.set_kind(found.subject_kind)

    @property
    def has_agent(self) -> bool:
        return bool(self.agent_name.text().strip() or self.agent_number.text().strip())

    def applicant_input(self) -> ApplicantInput:
        has_agent = self.has_agent
        return ApplicantInput(
            name=self.name.text(),
            doc_type=IdDocType(self.doc_type.currentData()),
            doc_number=self.doc_number.text(),
            agent_name=self.agent_name.text().strip(),
            agent_doc_type=IdDocType(self.agent_type.currentData()) if has_agent else None,
            agent_doc_number=self.agent_number.text().strip(),
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


class RepairMaterialsStep(QWidget):
    """The correction date, one picker per material the profile asks for, the statement."""

    def __init__(self, today: date, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("repairMaterialsStep")
        self.pickers: dict[Material, ScanPicker] = {}
        self.required: tuple[Material, ...] = ()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.errors = FieldErrors(self.form)
        self.corrected_on = date_edit(body, today, latest=today)
        self.corrected_on.setObjectName("correctedOn")
        corrected_label = QLabel(self.tr("纠正日期(&J)"), body)
        corrected_label.setBuddy(self.corrected_on)
        self.corrected_hint = QLabel(
            self.tr("失信行为纠正、法定义务履行完毕之日（如罚款缴清之日）"), body
        )
        self.corrected_hint.setObjectName("correctedHint")
        self.corrected_hint.setWordWrap(True)
        self.corrected_hint.setStyleSheet(INFO_STYLE)
        corrected_box = QWidget(body)
        corrected_row = QHBoxLayout(corrected_box)
        corrected_row.setContentsMargins(0, 0, 0, 0)
        corrected_row.addWidget(self.corrected_on)
        corrected_row.addWidget(self.corrected_hint, 1)
        self.form.addRow(corrected_label, corrected_box)
        self.errors.add("corrected_on", corrected_box)

        self.materials_box = QGroupBox(
            self.tr("申请材料（每项一个扫描件，多页请扫描为一个 PDF）"), body
        )
        self.materials_box.setObjectName("repairMaterialsBox")
        self.materials_form = QFormLayout(self.materials_box)
        self.material_errors = FieldErrors(self.materials_form)
        self.materials_note = QLabel(
            self.tr("缺少的材料可以先不附：保存后案件为“待补正”，系统一次性列明需补正的全部材料。"),
            self.materials_box,
        )
        self.materials_note.setWordWrap(True)
        self.materials_note.setStyleSheet(INFO_STYLE)
        self.materials_form.addRow(self.materials_note)
        self.material_errors.add("materials", self.materials_note)
        for material in Material:
            if material is Material.MANDATE:
                continue  # the 委托书 is attached with the agent (step ②)
            picker = ScanPicker(
                self.tr("选择扫描件…"),
                self.tr("选择：{0}").format(material.label),
                f"materials.{material.value}",
                self.materials_box,
            )
            picker.setObjectName(f"material_{material.value}")
            self.materials_form.addRow(material.label, picker)
            self.material_errors.add(f"materials.{material.value}", picker)
            self.pickers[material] = picker
        self.mandate_note = QLabel(self.materials_box)
        self.mandate_note.setObjectName("mandateNote")
        self.mandate_note.setWordWrap(True)
        self.materials_form.addRow(Material.MANDATE.label, self.mandate_note)
        layout.addWidget(self.materials_box)

        lower = QFormLayout()
        layout.addLayout(lower)
        self.lower_errors = FieldErrors(lower)
        self.statement = QPlainTextEdit(body)
        self.statement.setObjectName("repairStatement")
        self.statement.setTabChangesFocus(True)
        self.statement.setPlaceholderText(
            self.tr("申请修复的事由：如何纠正了失信行为、履行了哪些义务（可选；Ctrl+Enter 继续）")
        )
        self.statement.setMinimumHeight(80)
        self.statement.setMaximumHeight(120)
        statement_label = QLabel(self.tr("申请事由(&C)"), body)
        statement_label.setBuddy(self.statement)
        lower.addRow(statement_label, self.statement)
        self.lower_errors.add("statement", self.statement)
        self.received_on = date_edit(body, today, latest=today)
        self.received_on.setObjectName("repairReceivedOn")
        received_label = QLabel(self.tr("收到日期(&D)"), body)
        received_label.setBuddy(self.received_on)
        lower.addRow(received_label, self.received_on)
        self.lower_errors.add("received_on", self.received_on)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    def show_required(
        self, required: tuple[Material, ...], clean_months: int | None, mandate: Upload | None
    ) -> None:
        """Show one picker for each required material; the others are hidden (and dropped)."""
        self.required = required
        for material, picker in self.pickers.items():
            needed = material in required
            self.materials_form.setRowVisible(picker, needed)
            if not needed and picker.upload is not None:
                picker.clear()
        needs_mandate = Material.MANDATE in required
        self.materials_form.setRowVisible(self.mandate_note, needs_mandate)
        if mandate is not None:
            self.mandate_note.setText(self.tr("已在第②步附：{0}").format(mandate.display_name))
            self.mandate_note.setStyleSheet(INFO_STYLE)
        else:
            self.mandate_note.setText(self.tr("未附（请在第②步“授权委托书”处选择扫描件）"))
            self.mandate_note.setStyleSheet(ERROR_STYLE)
        if clean_months:
            self.corrected_hint.setText(
                self.tr(
                    "失信行为纠正、法定义务履行完毕之日。本辖区要求自纠正之日起 {0} 个月内"
                    "未再发生同类失信行为，系统将据此核对。"
                ).format(clean_months)
            )

    def materials(self) -> dict[Material, Upload]:
        return {m: p.upload for m, p in self.pickers.items() if m in self.required and p.upload}

    def missing(self) -> list[Material]:
        """The materials the case will wait for (the 委托书 is not one: an agent without it is
        refused at registration, see step ②)."""
        given = set(self.materials())
        return [m for m in self.required if m not in given and m is not Material.MANDATE]

    def show_errors(self, errors: Mapping[str, list[str]]) -> None:
        self.errors.show({k: v for k, v in errors.items() if k == "corrected_on"})
        self.material_errors.show(
            {k: v for k, v in errors.items() if k == "materials" or k.startswith("materials.")}
        )
        self.lower_errors.show(
            {k: v for k, v in errors.items() if k in ("statement", "received_on")}
        )

    def clear_errors(self) -> None:
        self.errors.clear()
        self.material_errors.clear()
        self.lower_errors.clear()


class RepairConfirmStep(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("repairConfirmStep")
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("请与申请人核对以下内容，确认无误后受理："), self)
        layout.addWidget(intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        self.summary = QLabel(scroll)
        self.summary.setObjectName("repairSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setMargin(8)
        scroll.setWidget(self.summary)
        layout.addWidget(scroll, 1)
        note = QLabel(
            self.tr(
                "受理后生成案件编号。材料不全的，案件为“待补正”，请将需补正的全部材料一次性告知申请人。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet(INFO_STYLE)
        layout.addWidget(note)


class RepairIntakeDialog(QDialog):
    """Registers an application; ``registered`` carries its ``RepairDetail``."""

    registered = Signal(object)  # RepairDetail

    def __init__(
        self,
        ctx: AppContext,
        *,
        today: date,
        parent: QWidget | None = None,
        subject_code: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("repairIntakeDialog")
        self.setWindowTitle(self.tr("受理信用修复申请"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.today = today
        self.found: Candidates | None = None
        self.loaded_code = ""
        self.case: RepairDetail | None = None
        self._discard_question: QWidget | None = None

        outer = QVBoxLayout(self)
        steps_row = QHBoxLayout()
        heading = QLabel(self.tr("受理信用修复申请"), self)
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        steps_row.addWidget(heading)
        steps_row.addSpacing(16)
        self.step_labels: list[QLabel] = []
        for i, text in enumerate(
            (
                self.tr("① 信用主体与修复信息"),
                self.tr("② 申请人"),
                self.tr("③ 纠正情况与材料"),
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
        self.subject_step = RepairSubjectStep(self.stack)
        self.applicant_step = RepairApplicantStep(self.stack)
        self.materials_step = RepairMaterialsStep(today, self.stack)
        self.confirm_step = RepairConfirmStep(self.stack)
        for page in (
            self.subject_step,
            self.applicant_step,
            self.materials_step,
            self.confirm_step,
        ):
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)

        self.status = StatusLine(self)
        outer.addWidget(self.status)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setToolTip(self.tr("放弃本次受理（Esc）"))
        self.cancel_button.setAutoDefault(False)
        self.back_button = QPushButton(self.tr("上一步"), self)
        self.back_button.setObjectName("repairBackButton")
        self.back_button.setToolTip(self.tr("回到上一步（Alt+←）"))
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton(self.tr("下一步"), self)
        self.next_button.setObjectName("repairNextButton")
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
        self.subject_step.code.textChanged.connect(lambda _t: self._update_buttons())
        for keys, slot in (
            ("Ctrl+Return", self.next),
            ("Ctrl+Enter", self.next),
            ("Alt+Left", self.back),
        ):
            QShortcut(QKeySequence(keys), self, slot)

        self.subject_step.code.setText(subject_code)
        self.go_to(SUBJECT)
        self.resize(1120, 680)
        if subject_code:
            self.lookup()

    # -- moving ------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, step: int) -> None:
        if step == MATERIALS:
            self._show_required()
        self.stack.setCurrentIndex(step)
        for i, label in enumerate(self.step_labels):
            label.setStyleSheet(
                "color: #1a73e8; font-weight: bold;" if i == step else "color: #5f6368;"
            )
        focus = {
            SUBJECT: self.subject_step.table if self.found is not None else self.subject_step.code,
            APPLICANT: self.applicant_step.name,
            MATERIALS: self.materials_step.corrected_on,
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
            text, tip = self.tr("受理申请"), self.tr("确认受理，生成案件编号（回车）")
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
            errors: dict[str, list[str]] = {}
            if not self.subject_step.table.checked_ids():
                errors["records"] = [self.tr("请至少勾选一条申请修复的失信信息。")]
            if self.subject_step.lodged is None:
                errors["lodged_with"] = [self.tr("请选择申请的受理渠道。")]
            self.subject_step.errors.show(errors)
            if not errors:
                self.go_to(APPLICANT)
        elif step == APPLICANT:
            self.go_to(MATERIALS)
        elif step == MATERIALS:
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
        ctx, actor, today = self.ctx, self.ctx.require_actor(), self.today
        # reading a subject's records is logged (the query log): the command lane
        ctx.runner.command(
            lambda _t: repairs.candidates(ctx.db, code, actor=actor, today=today),
            on_done=lambda found: self._on_found(code, found),
            on_error=self._on_lookup_failed,
            busy_for=self,
            busy_text=self.tr("正在读取信用信息…"),
        )

    def _on_found(self, code: str, found: Candidates) -> None:
        previous = self.found
        self.found = found
        self.loaded_code = code
        same = previous is not None and previous.subject_id == found.subject_id
        keep = set(self.subject_step.table.checked_ids()) if same else set()
        self.subject_step.show_subject(found, keep)
        if not same:
            self.applicant_step.prefill(found, code)
        if not found.records:
            self.subject_step.errors.show({"records": [self.tr("平台中没有该主体的信用信息。")]})
        elif not any(r.repairable for r in found.records):
            self.subject_step.errors.show(
                {"records": [self.tr("该主体没有可以申请修复的信息，原因见表格最后一列。")]}
            )
        self.subject_step.table.setFocus()
        self._update_buttons()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self.found = None
        self.loaded_code = ""
        self.subject_step.show_missing()
        if isinstance(exc, ValidationFailed) and exc.field_errors:
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

    # -- materials -----------------------------------------------------------------------------
    def required_materials(self) -> tuple[Material, ...]:
        found = self.found
        if found is None:
            return ()
        if self.applicant_step.has_agent:
            return found.materials_with_agent
        return found.materials_person

    def _show_required(self) -> None:
        found = self.found
        self.materials_step.show_required(
            self.required_materials(),
            found.clean_period_months if found else None,
            self.applicant_step.mandate.upload,
        )

    # -- confirming ----------------------------------------------------------------------------
    def repair_input(self) -> RepairInput:
        step = self.materials_step
        lodged = self.subject_step.lodged
        return RepairInput(
            subject_code=self.loaded_code,
            record_ids=self.subject_step.table.checked_ids(),
            applicant=self.applicant_step.applicant_input(),
            lodged_with=lodged if lodged is not None else Lodged.CENTER,
            corrected_on=pydate(step.corrected_on.date()),
            materials=step.materials(),
            statement=step.statement.toPlainText(),
            received_on=pydate(step.received_on.date()),
        )

    def _fill_summary(self) -> None:
        data = self.repair_input()
        found = self.found
        applicant = data.applicant
        rows: list[tuple[str, str]] = []
        if found is not None:
            rows.append(
                (self.tr("信用主体"), escape(f"{found.subject_name}（{found.display_code}）"))
            )
            chosen = self.subject_step.table.checked()
            rows.append(
                (
                    self.tr("修复信息"),
                    "<br>".join(
                        escape(
                            f"{r.catalogue_item}　{r.document_number}　{r.provider}"
                            f"　{r.decision_date.isoformat()}"
                        )
                        for r in chosen
                    ),
                )
            )
        rows.append((self.tr("受理渠道"), escape(data.lodged_with.label)))
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
            rows.append(
                (
                    self.tr("代理人"),
                    escape(f"{applicant.agent_name}（{applicant.agent_doc_number}）"),
                )
            )
        if applicant.phone.strip():
            rows.append((self.tr("联系电话"), escape(applicant.phone.strip())))
        corrected = data.corrected_on.isoformat() if data.corrected_on else ""
        rows.append((self.tr("纠正日期"), escape(corrected)))
        given = [f"{m.label}：{u.display_name}" for m, u in data.materials.items()]
        if applicant.mandate is not None and Material.MANDATE in self.required_materials():
            given.append(f"{Material.MANDATE.label}：{applicant.mandate.display_name}")
        rows.append(
            (self.tr("已附材料"), "<br>".join(escape(g) for g in given) or escape(self.tr("无")))
        )
        missing = self.materials_step.missing()
        if missing:
            warning = escape(self.tr("以下材料未附，受理后案件为“待补正”，需一次性告知申请人："))
            items = "<br>".join("• " + escape(m.label) for m in missing)
            rows.append(
                (
                    self.tr("尚缺材料"),
                    f'<span style="color:{RED_TEXT};">{warning}<br>{items}</span>',
                )
            )
        if data.statement.strip():
            rows.append((self.tr("申请事由"), escape(data.statement.strip()).replace("\n", "<br>")))
        received = data.received_on.isoformat() if data.received_on else ""
        rows.append((self.tr("收到日期"), escape(received)))
        if found is not None and found.conditions:
            conditions = "<br>".join(f"{i}. {escape(c)}" for i, c in enumerate(found.conditions, 1))
            basis = escape(found.conditions_basis)
            rows.append(
                (
                    self.tr("修复条件"),
                    f'{conditions}<br><span style="color:#5f6368;">{basis}；'
                    + escape(self.tr("受理后逐项核对，初审时人工确认。"))
                    + "</span>",
                )
            )
        warnings = []
        if self.applicant_step.has_agent and applicant.mandate is None:
            warnings.append(self.tr("代理人（经办人）须附授权委托书：请回到第②步选择扫描件"))
        if not applicant.document_seen:
            warnings.append(self.tr("尚未勾选“已核验身份证件原件”"))
        if warnings:
            text = "<br>".join(escape(w) for w in warnings)
            rows.append((self.tr("注意"), f'<span style="color:{RED_TEXT};">{text}</span>'))
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
            self.repair_input(),
        )
        self.status.clear_status()
        self.subject_step.errors.clear()
        self.applicant_step.clear_errors()
        self.materials_step.clear_errors()
        ctx.runner.command(
            lambda _t: repairs.apply(ctx.db, data, actor=actor, today=today),
            on_done=self._on_registered,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在受理…"),
        )

    def _on_registered(self, case: RepairDetail) -> None:
        self.case = case
        self.registered.emit(case)
        self.done(QDialog.DialogCode.Accepted)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            errors = dict(exc.field_errors)
            subject = {k: v for k, v in errors.items() if _page_of(k) == SUBJECT}
            if "code" in subject:
                subject.setdefault("subject", []).extend(subject.pop("code"))
            self.subject_step.errors.show(subject)
            self.applicant_step.show_errors(errors)
            self.materials_step.show_errors(errors)
            pages = sorted({p for k in errors if (p := _page_of(k)) is not None})
            unknown = [m for k, v in errors.items() if _page_of(k) is None for m in v]
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
        """Esc or 取消: ask first once something has been looked up."""
        if self.found is None or self.case is not None:
            super().reject()
            return
        self._discard_question = ask(
            self,
            self.tr("放弃受理"),
            self.tr("放弃本次信用修复受理？已填写的内容不会保存。"),
            lambda: QDialog.reject(self),
            yes_text=self.tr("放弃"),
            destructive=True,
        )
