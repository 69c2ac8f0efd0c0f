"""受理异议: the intake, four steps in one dialog (the frame: ``ui.cases.wizard``).

① 信用主体与异议信息: the subject's code, then its records with check boxes (a record already
under an open case is shown greyed with that case's number). ② 申请人: the applicant, prefilled
with the subject; an agent (经办人) with the 委托书 scan. ③ 异议理由与材料: the profile's grounds,
the statement, evidence scans, the date received and — where the profile has it — 需其他单位协助
核查. ④ 确认受理: what will be recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from html import escape

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.services import objections
from app.services.objections import ObjectionInput, RecordOption, SubjectRecords
from ui.cases.applicant_step import ApplicantStep
from ui.cases.common import pydate
from ui.cases.subject_step import RecordPickTable, SubjectStep
from ui.cases.wizard import APPLICANT, CONFIRM, DETAILS, SUBJECT, DetailsStep, IntakeWizard, Rows
from ui.objections.common import EvidenceList
from ui.widgets.forms import INFO_STYLE, FieldErrors

__all__ = ["APPLICANT", "CONFIRM", "GROUNDS", "SUBJECT", "IntakeDialog"]

GROUNDS = DETAILS
GROUNDS_FIELDS = ("grounds", "statement", "evidence", "received_on")


class RecordTable(RecordPickTable):
    """The subject's records; one already under an open objection cannot be ticked."""

    WIDTHS = (170, 150, 150, 88, 56, 140, 200)

    def more_headers(self) -> list[str]:
        return [self.tr("异议案件"), self.tr("内容摘要")]

    def pickable(self, record: RecordOption) -> bool:
        return record.open_case_no is None

    def more_texts(self, record: RecordOption) -> tuple[str, ...]:
        return record.open_case_no or "", record.summary

    def row_tip(self, record: RecordOption) -> str:
        if record.open_case_no is not None:
            return self.tr("该信息已在异议案件 {0} 中处理，不能重复受理。").format(
                record.open_case_no
            )
        return record.summary


class ObjectionSubjectStep(SubjectStep):
    def make_table(self) -> RecordTable:
        table = RecordTable(self)
        table.setObjectName("intakeRecords")
        return table

    def hint_text(self) -> str:
        return self.tr(
            "勾选申请人提出异议的信息（空格键勾选）。同一件异议只能涉及一个信息提供单位；"
            "灰色的信息已在其他异议案件中处理。"
        )

    def records_label_text(self) -> str:
        return self.tr("异议信息(&R)")


class ObjectionApplicantStep(ApplicantStep):
    def agent_intro_for_person(self) -> str:
        return self.tr("委托他人代为提出异议的，填写代理人并附授权委托书扫描件。")

    def agent_title_for_organisation(self) -> str:
        return self.tr("经办人（单位提出异议须由经办人办理）")


class GroundsStep(DetailsStep):
    """③ 异议理由与材料: the profile's grounds, the statement, evidence, the date received."""

    FIELDS = GROUNDS_FIELDS

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
        self.statement = self.add_statement(
            form,
            self.errors,
            label=self.tr("异议陈述(&C)"),
            placeholder=self.tr(
                "申请人的异议内容和理由：认为哪些信息有误、依据是什么（Ctrl+Enter 继续）"
            ),
            heights=(110, 180),
            name="statement",
        )
        self.evidence = EvidenceList(self)
        form.addRow(self.tr("证明材料"), self.evidence)
        self.errors.add("evidence", self.evidence)
        self.received_on = self.add_received_on(form, self.errors, today, name="receivedOn")
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

    def show_errors(self, errors: Mapping[str, list[str]]) -> None:
        self.errors.show({k: v for k, v in errors.items() if k in self.FIELDS})

    def clear_errors(self) -> None:
        self.errors.clear()


class IntakeDialog(IntakeWizard):
    """Opens an objection case; ``opened`` carries its ``CaseDetail``."""

    DIALOG_NAME = "objectionIntakeDialog"
    SUBJECT_STEP = ObjectionSubjectStep
    APPLICANT_STEP = ObjectionApplicantStep
    DETAILS_STEP = GroundsStep
    OPEN = staticmethod(objections.open_objection)

    found: SubjectRecords | None
    subject_step: ObjectionSubjectStep
    applicant_step: ObjectionApplicantStep
    details_step: GroundsStep

    @property
    def grounds_step(self) -> GroundsStep:
        return self.details_step

    # -- what this intake says -------------------------------------------------------------------
    def title_text(self) -> str:
        return self.tr("受理异议")

    def step_texts(self) -> tuple[str, str]:
        return self.tr("① 信用主体与异议信息"), self.tr("③ 异议理由与材料")

    def confirm_note(self) -> str:
        return self.tr("受理后生成案件编号，可打印异议受理回执交申请人。")

    def confirm_button_text(self) -> str:
        return self.tr("受理异议")

    def discard_text(self) -> str:
        return self.tr("放弃本次异议受理？已填写的内容不会保存。")

    # -- its steps -------------------------------------------------------------------------------
    def details_focus(self) -> QWidget:
        step = self.grounds_step
        return step.ground_checks[0] if step.ground_checks else step.statement

    def subject_errors(self) -> dict[str, list[str]]:
        if not self.subject_step.table.checked_ids():
            return {"records": [self.tr("请至少勾选一条申请人提出异议的信息。")]}
        return {}

    def details_ready(self) -> bool:
        step = self.grounds_step
        if not step.grounds():
            step.errors.show({"grounds": [self.tr("请至少选择一项异议理由。")]})
            return False
        if not step.statement.toPlainText().strip():
            step.errors.show({"statement": [self.tr("请填写异议陈述。")]})
            step.statement.setFocus()
            return False
        step.errors.clear()
        return True

    # -- the service -----------------------------------------------------------------------------
    def fetch_subject(self, code: str) -> Callable[[], SubjectRecords]:
        db, actor = self.ctx.db, self.ctx.require_actor()
        return lambda: objections.subject_records(db, code, actor=actor)

    def subject_found(self, found: SubjectRecords) -> None:
        self.grounds_step.show_grounds(found)
        if not found.records:
            self.subject_step.errors.show(
                {"records": [self.tr("平台中没有该主体可提出异议的信用信息。")]}
            )

    def case_input(self) -> ObjectionInput:
        step = self.grounds_step
        return ObjectionInput(
            subject_code=self.loaded_code,
            record_ids=self.subject_step.table.checked_ids(),
            applicant=self.applicant_step.applicant_input(),
            grounds=step.grounds(),
            statement=step.statement.toPlainText(),
            evidence=tuple(step.evidence.uploads),
            received_on=pydate(step.received_on.date()),
            assisted=step.assisted.isVisible() and step.assisted.isChecked(),
        )

    def summary_rows(self) -> Rows:
        data = self.case_input()
        rows = self.subject_row()
        if self.found is not None:
            rows.append(
                (
                    self.tr("异议信息"),
                    "<br>".join(
                        escape(f"{r.catalogue_item}　{r.document_number}　{r.provider}")
                        for r in self.subject_step.table.checked()
                    ),
                )
            )
        rows += self.applicant_rows(data.applicant, mandate=True)
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
        return rows + self.warning_rows([])
