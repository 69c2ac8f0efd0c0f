"""受理修复申请: the intake, four steps in one dialog (the frame: ``ui.cases.wizard``).

① 信用主体与修复信息: the subject's code, its records with check boxes — a record that cannot be
repaired is greyed, with the reason in its own column and tooltip — and where the application was
lodged (the profile's options, with the article). ② 申请人: the applicant, prefilled with the
subject; an agent (经办人) with the 委托书 scan. ③ 纠正情况与材料: the day the act was corrected,
one file per required material (a missing one is allowed: the case then waits for it,
一次性告知), the statement, the day received. ④ 确认受理: what will be recorded, the conditions
to be checked and any material still missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from html import escape
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.rules.repair_flow import Material
from app.services import repairs
from app.services.attachments import Upload
from app.services.repairs import Candidate, Candidates, Lodged, RepairInput
from ui.cases.applicant_step import ApplicantStep
from ui.cases.common import RED_TEXT, ScanPicker, date_edit, pydate
from ui.cases.subject_step import RecordPickTable, SubjectStep
from ui.cases.wizard import APPLICANT, CONFIRM, DETAILS, SUBJECT, DetailsStep, IntakeWizard, Rows
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, FieldErrors

__all__ = ["APPLICANT", "CONFIRM", "MATERIALS", "SUBJECT", "RepairIntakeDialog"]

MATERIALS = DETAILS
MATERIAL_FIELDS = ("corrected_on", "materials", "statement", "received_on")
DISABLED_TEXT = QColor("#80868b")


class CandidateTable(RecordPickTable):
    """The subject's records. A record that cannot be repaired is greyed and cannot be ticked;
    the reason is in the last column."""

    WIDTHS = (170, 120, 130, 84, 48, 100, 280)
    FIT_ROWS = True

    def more_headers(self) -> list[str]:
        return [self.tr("最短公示期届满"), self.tr("不能申请的原因")]

    def pickable(self, record: Candidate) -> bool:
        return record.repairable

    def more_texts(self, record: Candidate) -> tuple[str, ...]:
        return (
            record.national_min_end.isoformat() if record.national_min_end else "—",
            record.refusal or self.tr("可以申请"),
        )

    def row_tip(self, record: Candidate) -> str:
        if record.refusal:
            return record.refusal
        return self.tr("{0}：可以申请信用修复（空格键勾选）").format(record.info_class.label)

    def mark_blocked(self, item: QTableWidgetItem, column: int) -> None:
        item.setForeground(QBrush(QColor(RED_TEXT) if column == 6 else DISABLED_TEXT))


class RepairSubjectStep(SubjectStep):
    """The subject and its records, and where the application was lodged."""

    PREFIX = "repair"
    FIELDS = (*SubjectStep.FIELDS, "lodged_with")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
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
        self.form.addRow(self.tr("申请受理渠道"), self.lodged_box)
        self.errors.add("lodged_with", self.lodged_box)
        self.lodged_box.setEnabled(False)

    def make_table(self) -> CandidateTable:
        table = CandidateTable(self)
        table.setObjectName("repairCandidates")
        table.setMinimumHeight(200)
        return table

    def hint_text(self) -> str:
        return self.tr(
            "勾选申请修复的失信信息（空格键勾选）。不能申请修复的信息显示为灰色，原因见最后一列；"
            "一件申请只能涉及一个信息提供单位。"
        )

    def records_label_text(self) -> str:
        return self.tr("修复信息(&R)")

    def show_subject(self, found: Candidates, checked: Any = ()) -> None:
        super().show_subject(found, checked)
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
        super().show_missing()
        self.lodged_box.setEnabled(False)

    @property
    def lodged(self) -> Lodged | None:
        return next((k for k, b in self.lodged_buttons.items() if b.isChecked()), None)


class RepairApplicantStep(ApplicantStep):
    STEP_NAME = "repairApplicantStep"
    PREFIX = "repair"

    def agent_intro_for_person(self) -> str:
        return self.tr("委托他人代为申请的，填写代理人并附授权委托书扫描件。")

    def agent_title_for_organisation(self) -> str:
        return self.tr("经办人（单位申请须由经办人办理）")


class RepairMaterialsStep(DetailsStep):
    """The correction date, one picker per material the profile asks for, the statement."""

    FIELDS = MATERIAL_FIELDS

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
        self.statement = self.add_statement(
            lower,
            self.lower_errors,
            label=self.tr("申请事由(&C)"),
            placeholder=self.tr(
                "申请修复的事由：如何纠正了失信行为、履行了哪些义务（可选；Ctrl+Enter 继续）"
            ),
            heights=(80, 120),
            name="repairStatement",
        )
        self.received_on = self.add_received_on(
            lower, self.lower_errors, today, name="repairReceivedOn"
        )
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    def owns(self, field: str) -> bool:
        return field in self.FIELDS or field.startswith("materials.")

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


class RepairIntakeDialog(IntakeWizard):
    """Registers an application; ``opened`` carries its ``RepairDetail``."""

    DIALOG_NAME = "repairIntakeDialog"
    PREFIX = "repair"
    SIZE = (1120, 680)
    SUBJECT_STEP = RepairSubjectStep
    APPLICANT_STEP = RepairApplicantStep
    DETAILS_STEP = RepairMaterialsStep
    OPEN = staticmethod(repairs.apply)

    found: Candidates | None
    subject_step: RepairSubjectStep
    applicant_step: RepairApplicantStep
    details_step: RepairMaterialsStep

    @property
    def materials_step(self) -> RepairMaterialsStep:
        return self.details_step

    # -- what this intake says -------------------------------------------------------------------
    def title_text(self) -> str:
        return self.tr("受理信用修复申请")

    def step_texts(self) -> tuple[str, str]:
        return self.tr("① 信用主体与修复信息"), self.tr("③ 纠正情况与材料")

    def confirm_note(self) -> str:
        return self.tr(
            "受理后生成案件编号。材料不全的，案件为“待补正”，请将需补正的全部材料一次性告知申请人。"
        )

    def confirm_button_text(self) -> str:
        return self.tr("受理申请")

    def discard_text(self) -> str:
        return self.tr("放弃本次信用修复受理？已填写的内容不会保存。")

    # -- its steps -------------------------------------------------------------------------------
    def details_focus(self) -> QWidget:
        return self.materials_step.corrected_on

    def entering(self, step: int) -> None:
        if step == MATERIALS:
            found = self.found
            self.materials_step.show_required(
                self.required_materials(),
                found.clean_period_months if found else None,
                self.applicant_step.mandate.upload,
            )

    def subject_errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not self.subject_step.table.checked_ids():
            errors["records"] = [self.tr("请至少勾选一条申请修复的失信信息。")]
        if self.subject_step.lodged is None:
            errors["lodged_with"] = [self.tr("请选择申请的受理渠道。")]
        return errors

    def required_materials(self) -> tuple[Material, ...]:
        found = self.found
        if found is None:
            return ()
        if self.applicant_step.has_agent:
            return found.materials_with_agent
        return found.materials_person

    # -- the service -----------------------------------------------------------------------------
    def fetch_subject(self, code: str) -> Callable[[], Candidates]:
        db, actor, today = self.ctx.db, self.ctx.require_actor(), self.today
        return lambda: repairs.candidates(db, code, actor=actor, today=today)

    def subject_found(self, found: Candidates) -> None:
        if not found.records:
            self.subject_step.errors.show({"records": [self.tr("平台中没有该主体的信用信息。")]})
        elif not any(r.repairable for r in found.records):
            self.subject_step.errors.show(
                {"records": [self.tr("该主体没有可以申请修复的信息，原因见表格最后一列。")]}
            )

    def case_input(self) -> RepairInput:
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

    def summary_rows(self) -> Rows:
        data = self.case_input()
        found = self.found
        applicant = data.applicant
        rows = self.subject_row()
        if found is not None:
            rows.append(
                (
                    self.tr("修复信息"),
                    "<br>".join(
                        escape(
                            f"{r.catalogue_item}　{r.document_number}　{r.provider}"
                            f"　{r.decision_date.isoformat()}"
                        )
                        for r in self.subject_step.table.checked()
                    ),
                )
            )
        rows.append((self.tr("受理渠道"), escape(data.lodged_with.label)))
        rows += self.applicant_rows(applicant)
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
        return rows + self.warning_rows(warnings)
