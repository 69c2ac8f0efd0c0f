"""Step ② of an intake: the applicant, prefilled with the subject; an agent (经办人) with the
委托书 scan; 已核验身份证件原件. The same for every case; what the agent box says is the
screen's (``agent_intro_for_person``, ``agent_title_for_organisation``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import IdDocType, SubjectKind
from app.services.applicants import ApplicantInput
from ui.cases.common import ScanPicker, named
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import INFO_STYLE, FieldErrors
from ui.window_query.pages import LiveCheck

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


class ApplicantStep(QWidget):
    """The applicant's form; ``applicant_input()`` is what the service takes."""

    STEP_NAME = "intakeApplicantStep"
    PREFIX = ""  # object names: applicantName … (``repair``: repairApplicantName …)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(self.STEP_NAME)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        self.name = QLineEdit(self)
        self.name.setObjectName(self._named("applicantName"))
        self.name_label = self._row(form, self.tr("申请人(&M)"), self.name)
        self.errors.add("applicant_name", self.name)
        self.doc_type = QComboBox(self)
        self.doc_type.setObjectName(self._named("applicantDocType"))
        self.doc_type.addItem(IdDocType.RESIDENT_ID.label, IdDocType.RESIDENT_ID.value)
        self.doc_type.addItem(self.tr("统一社会信用代码（单位）"), IdDocType.USCC.value)
        for doc_type in PERSON_DOC_TYPES[1:]:
            self.doc_type.addItem(doc_type.label, doc_type.value)
        self._row(form, self.tr("证件类型(&T)"), self.doc_type)
        self.doc_number = CodeLineEdit(self)
        self.doc_number.setObjectName(self._named("applicantDocNumber"))
        self.doc_check = LiveCheck(self.doc_number, self.doc_type, self)
        number_row = self._number_row(self.doc_number, self.doc_check)
        self._row(form, self.tr("证件号码(&N)"), number_row, buddy=self.doc_number)
        self.errors.add("applicant_doc_number", number_row)
        self.phone = QLineEdit(self)
        self.phone.setObjectName(self._named("applicantPhone"))
        self.phone.setPlaceholderText(self.tr("可选"))
        self._row(form, self.tr("联系电话(&P)"), self.phone)
        self.errors.add("phone", self.phone)

        self.agent_box = QGroupBox(self)
        self.agent_box.setObjectName(self._named("agentBox"))
        agent_form = QFormLayout(self.agent_box)
        self.agent_errors = FieldErrors(agent_form)
        self.agent_intro = QLabel(self.agent_box)
        self.agent_intro.setWordWrap(True)
        self.agent_intro.setStyleSheet(INFO_STYLE)
        agent_form.addRow(self.agent_intro)
        self.agent_name = QLineEdit(self.agent_box)
        self.agent_name.setObjectName(self._named("agentName"))
        self._row(agent_form, self.tr("姓名(&G)"), self.agent_name)
        self.agent_errors.add("agent_name", self.agent_name)
        self.agent_type = QComboBox(self.agent_box)
        self.agent_type.setObjectName(self._named("agentDocType"))
        for doc_type in PERSON_DOC_TYPES:
            self.agent_type.addItem(doc_type.label, doc_type.value)
        agent_form.addRow(self.tr("证件类型"), self.agent_type)
        self.agent_errors.add("agent_doc_type", self.agent_type)
        self.agent_number = CodeLineEdit(self.agent_box)
        self.agent_number.setObjectName(self._named("agentDocNumber"))
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
        self.mandate.setObjectName(self._named("mandatePicker"))
        agent_form.addRow(self.tr("授权委托书"), self.mandate)
        self.agent_errors.add("mandate", self.mandate)
        layout.addWidget(self.agent_box)

        seen_form = QFormLayout()
        layout.addLayout(seen_form)
        self.seen_errors = FieldErrors(seen_form)
        self.document_seen = QCheckBox(self.tr("已核验身份证件原件(&K)"), self)
        self.document_seen.setObjectName(self._named("documentSeen"))
        self.document_seen.setToolTip(
            self.tr("核对申请人（代理人）出示的身份证件原件及授权委托书后勾选")
        )
        seen_form.addRow(self.document_seen)
        self.seen_errors.add("document_seen", self.document_seen)
        layout.addStretch(1)
        for widget in (self.name, self.doc_type, self.phone, self.agent_name, self.agent_type):
            widget.setMaximumWidth(FIELD_WIDTH)
        self.set_kind(SubjectKind.NATURAL_PERSON)

    def _named(self, name: str) -> str:
        return named(self.PREFIX, name)

    def _row(
        self, form: QFormLayout, text: str, field: QWidget, *, buddy: QWidget | None = None
    ) -> QLabel:
        label = QLabel(text, field.parentWidget())
        label.setBuddy(buddy or field)
        form.addRow(label, field)
        return label

    def _number_row(self, edit: QLineEdit, check: QLabel) -> QWidget:
        box = QWidget(edit.parentWidget())
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        edit.setMinimumWidth(220)
        edit.setMaximumWidth(FIELD_WIDTH)
        row.addWidget(edit)
        row.addWidget(check, 1)
        return box

    # -- what the screen says ---------------------------------------------------------------------
    def agent_intro_for_person(self) -> str:
        raise NotImplementedError

    def agent_title_for_organisation(self) -> str:
        raise NotImplementedError

    # -- the subject ------------------------------------------------------------------------------
    def set_kind(self, kind: SubjectKind) -> None:
        if kind is SubjectKind.NATURAL_PERSON:
            self.agent_box.setTitle(self.tr("代理人（本人办理的不填）"))
            self.agent_intro.setText(self.agent_intro_for_person())
        else:
            self.agent_box.setTitle(self.agent_title_for_organisation())
            self.agent_intro.setText(
                self.tr("填写经办人（代理人）的身份信息，并附单位出具的授权委托书扫描件。")
            )

    def prefill(self, found: Any, code: str) -> None:
        """The applicant is the subject itself (or acts through the agent below)."""
        person = found.subject_kind is SubjectKind.NATURAL_PERSON
        doc_type = IdDocType.RESIDENT_ID if person else IdDocType.USCC
        self.doc_type.setCurrentIndex(max(0, self.doc_type.findData(doc_type.value)))
        self.doc_number.setText(code)
        self.name.setText(found.subject_name)
        self.set_kind(found.subject_kind)

    # -- what was entered -------------------------------------------------------------------------
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
