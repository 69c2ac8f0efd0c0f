"""One small dialog per workflow action of a credit-repair case (the frame:
``ui.cases.action_dialog``). When the case cannot be acted on any more — someone else acted
first (``ConcurrencyConflict``), the four-eyes rule or a role refuses (``PermissionDenied``), the
state moved on (``InvalidTransition``) — the dialog closes and hands the error to the case view,
which shows it and reloads the case."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import RepairEvent
from app.domain.errors import ConcurrencyConflict, InvalidTransition, NotFound, PermissionDenied
from app.rules.repair_flow import ConditionStatus, Material
from app.services import repairs
from app.services.repairs import DecisionKind, RepairDetail
from ui.cases.action_dialog import ActionDialog as CaseActionDialog
from ui.cases.action_dialog import Call
from ui.cases.common import RED_TEXT, ScanPicker, pydate
from ui.context import AppContext
from ui.repairs.common import CONDITION_LOOK
from ui.widgets.forms import INFO_STYLE

# Alt+letter for each action button (and shown in its tooltip)
MNEMONICS: dict[RepairEvent, str] = {
    RepairEvent.SUPPLEMENT: "B",
    RepairEvent.ACCEPT: "S",
    RepairEvent.DECLINE: "D",
    RepairEvent.FORWARD: "F",
    RepairEvent.CONFIRM_PROVIDER: "Y",
    RepairEvent.PREREVIEW: "C",
    RepairEvent.APPROVE: "A",
    RepairEvent.REJECT: "R",
    RepairEvent.PUBLICITY_OBJECTION: "O",
    RepairEvent.RESOLVE_OBJECTION: "H",
    RepairEvent.TAKE_EFFECT: "E",
    RepairEvent.REVOKE: "V",
}


def _choice(
    parent: QWidget, options: tuple[tuple[str, str], ...], name: str
) -> tuple[QWidget, QButtonGroup, dict[str, QRadioButton]]:
    """Radio buttons in a row: (value, text) each; the first is checked."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    buttons: dict[str, QRadioButton] = {}
    for value, text in options:
        button = QRadioButton(text, box)
        button.setObjectName(f"{name}_{value}")
        group.addButton(button)
        buttons[value] = button
        row.addWidget(button)
    row.addStretch(1)
    next(iter(buttons.values())).setChecked(True)
    return box, group, buttons


class ActionDialog(CaseActionDialog):
    """A repair action: titled with the case number; notes are multi-line; ``publicity`` is the
    profile's public notice after approval (its period and article), when it has one."""

    case: RepairDetail
    event: RepairEvent = RepairEvent.ACCEPT
    REFUSALS = (ConcurrencyConflict, PermissionDenied, InvalidTransition, NotFound)
    WIDTH = 560
    MULTILINE_MAX = 140

    def __init__(
        self,
        ctx: AppContext,
        case: RepairDetail,
        *,
        today: date,
        publicity: str = "",
        parent: QWidget | None = None,
    ) -> None:
        self.publicity = publicity  # read while the dialog is built
        super().__init__(ctx, case, today=today, parent=parent)
        self.setObjectName(f"repairAction_{self.event.value}")

    def title(self) -> str:
        return QCoreApplication.translate("RepairActions", "{0} — {1}").format(
            self.event.label, self.case.case_no
        )

    def note_row(self, label: str = "", *, required: bool = False) -> QPlainTextEdit:
        note = self.multiline(
            QCoreApplication.translate("RepairActions", "必填（Ctrl+Enter 提交）")
            if required
            else QCoreApplication.translate("RepairActions", "可选（Ctrl+Enter 提交）"),
            height=64,
        )
        note.setObjectName("actionNote")
        self.add_row(
            label or QCoreApplication.translate("RepairActions", "办理意见(&N)"), note, "note"
        )
        return note

    def records_html(self) -> str:
        return "<br>".join(
            escape(f"{r.catalogue_item}　{r.document_number}　{r.decision_date.isoformat()}")
            for r in self.case.records
        )

    def agreement_row(self, label: str, field: str, name: str) -> dict[str, QRadioButton]:
        """同意修复 / 不同意修复, in a row; ``agree`` first and checked."""
        box, _group, buttons = _choice(
            self,
            (
                ("agree", QCoreApplication.translate("RepairActions", "同意修复(&1)")),
                ("disagree", QCoreApplication.translate("RepairActions", "不同意修复(&2)")),
            ),
            name,
        )
        self.add_row(label, box, field)
        return buttons


class SupplementDialog(ActionDialog):
    """补正材料: one file for each material listed once; all of them, or nothing is stored."""

    event = RepairEvent.SUPPLEMENT

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "登记申请人补正的材料。一次性告知的材料须全部补齐（每项一个扫描件）：",
            )
        )
        self.pickers: dict[Material, ScanPicker] = {}
        for material in self.case.missing_materials:
            picker = ScanPicker(
                QCoreApplication.translate("RepairActions", "选择扫描件…"),
                QCoreApplication.translate("RepairActions", "选择：{0}").format(material.label),
                f"materials.{material.value}",
                self,
            )
            picker.setObjectName(f"supplement_{material.value}")
            self.add_row(material.label, picker, f"materials.{material.value}")
            self.pickers[material] = picker
        self.overall = QLabel(self)
        self.overall.setWordWrap(True)
        self.overall.setStyleSheet(INFO_STYLE)
        self.overall.setText(
            QCoreApplication.translate("RepairActions", "补齐后案件回到“已登记”，由窗口受理审查。")
        )
        self.form.addRow("", self.overall)
        self.errors.add("materials", self.overall)

    def call(self) -> Call:
        materials = {m: p.upload for m, p in self.pickers.items() if p.upload is not None}
        return self.case_call(repairs.supplement, materials=materials)


class AcceptDialog(ActionDialog):
    event = RepairEvent.ACCEPT

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "材料齐全、符合受理条件的，受理本申请；受理后系统重新核对修复条件。<br>{0}",
            ).format(self.records_html())
        )
        self.note = self.note_row()

    def call(self) -> Call:
        return self.case_call(repairs.accept, note=self.note.toPlainText())


class DeclineDialog(ActionDialog):
    event = RepairEvent.DECLINE

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "不予受理本申请：写明理由，案件办结。申请人符合条件后可以重新申请。",
            )
        )
        self.reasons = self.multiline(
            QCoreApplication.translate("RepairActions", "不予受理的理由（必填）")
        )
        self.reasons.setObjectName("declineReasons")
        self.add_row(
            QCoreApplication.translate("RepairActions", "理由 *(&L)"), self.reasons, "note"
        )

    def call(self) -> Call:
        return self.case_call(repairs.decline, reasons=self.reasons.toPlainText())


class ForwardDialog(ActionDialog):
    event = RepairEvent.FORWARD

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "将申请送 <b>{0}</b> 出具书面修复确认（意见）。收到书面意见后再登记。",
            ).format(self.provider_html())
        )
        self.sent_on = self.date_row(
            QCoreApplication.translate("RepairActions", "发出日期(&T)"), "sent_on"
        )
        self.note = self.note_row()

    def call(self) -> Call:
        return self.case_call(
            repairs.forward, note=self.note.toPlainText(), sent_on=pydate(self.sent_on.date())
        )


class ConfirmProviderDialog(ActionDialog):
    """登记提供单位意见: agree or disagree, with the document's number and date."""

    event = RepairEvent.CONFIRM_PROVIDER

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions", "按 <b>{0}</b> 出具的书面意见登记："
            ).format(self.provider_html())
        )
        self.outcome_buttons = self.agreement_row(
            QCoreApplication.translate("RepairActions", "提供单位意见"), "agrees", "provider"
        )
        self.document_number = QLineEdit(self)
        self.document_number.setObjectName("providerDocumentNumber")
        self.document_number.setPlaceholderText(
            QCoreApplication.translate("RepairActions", "书面确认（意见）的文号，必填")
        )
        self.add_row(
            QCoreApplication.translate("RepairActions", "文书编号 *(&W)"),
            self.document_number,
            "document_number",
        )
        self.document_date = self.date_row(
            QCoreApplication.translate("RepairActions", "文书日期(&T)"), "document_date"
        )
        self.opinion = self.multiline(
            QCoreApplication.translate("RepairActions", "提供单位的意见和理由")
        )
        self.opinion.setObjectName("providerOpinion")
        self.opinion_label = self.add_row(
            QCoreApplication.translate("RepairActions", "意见(&P)"), self.opinion, "opinion"
        )
        self.document = ScanPicker(
            QCoreApplication.translate("RepairActions", "选择扫描件…"),
            QCoreApplication.translate("RepairActions", "选择提供单位书面意见扫描件"),
            "document",
            self,
        )
        self.document.setObjectName("providerScan")
        self.add_row(
            QCoreApplication.translate("RepairActions", "书面意见扫描件"), self.document, "document"
        )
        for button in self.outcome_buttons.values():
            button.toggled.connect(self._on_outcome_toggled)
        self._on_outcome_toggled()

    @property
    def agrees(self) -> bool:
        return self.outcome_buttons["agree"].isChecked()

    def _on_outcome_toggled(self, *_: object) -> None:
        self.mark_required(
            self.opinion_label,
            self.opinion,
            not self.agrees,
            (
                QCoreApplication.translate("RepairActions", "意见(&P)"),
                QCoreApplication.translate("RepairActions", "意见 *(&P)"),
            ),
            QCoreApplication.translate("RepairActions", "提供单位不同意修复的，须登记其理由。"),
        )

    def call(self) -> Call:
        return self.case_call(
            repairs.confirm_provider,
            agrees=self.agrees,
            document_number=self.document_number.text(),
            document_date=pydate(self.document_date.date()),
            opinion=self.opinion.toPlainText(),
            document=self.document.upload,
        )


class PrereviewDialog(ActionDialog):
    """初审: agree or disagree with an opinion; each condition to confirm by hand is ticked."""

    event = RepairEvent.PREREVIEW

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "核对申请材料，逐项确认修复条件后提出初审意见，报审核主管审批。",
            )
        )
        self.outcome_buttons = self.agreement_row(
            QCoreApplication.translate("RepairActions", "初审结论"), "agrees", "prereview"
        )

        checks = QWidget(self)
        checks_layout = QVBoxLayout(checks)
        checks_layout.setContentsMargins(0, 0, 0, 0)
        checks_layout.setSpacing(4)
        self.confirm_checks: dict[str, QCheckBox] = {}
        self.not_met: list[str] = []
        for condition in self.case.conditions:
            sign, colour, _bg = CONDITION_LOOK[condition.status]
            if condition.status is ConditionStatus.MANUAL:
                check = QCheckBox(
                    QCoreApplication.translate("RepairActions", "已核对确认：{0}").format(
                        condition.label
                    ),
                    checks,
                )
                check.setObjectName(f"confirm_{condition.key}")
                check.setToolTip(f"{condition.detail}\n{condition.basis}")
                checks_layout.addWidget(check)
                self.confirm_checks[condition.key] = check
                continue
            line = QLabel(
                f'<span style="color:{colour};">{sign} {escape(condition.status.label)}</span>'
                f"　{escape(condition.label)}"
                f'<span style="color:#5f6368;">　{escape(condition.detail)}</span>',
                checks,
            )
            line.setWordWrap(True)
            line.setToolTip(condition.basis)
            checks_layout.addWidget(line)
            if condition.status is ConditionStatus.NOT_MET:
                self.not_met.append(condition.label)
        self.add_row(QCoreApplication.translate("RepairActions", "修复条件"), checks, "confirmed")
        self.warning = QLabel(self)
        self.warning.setObjectName("prereviewWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {RED_TEXT};")
        self.form.addRow("", self.warning)
        self.opinion = self.multiline(
            QCoreApplication.translate("RepairActions", "初审意见（必填，Ctrl+Enter 提交）")
        )
        self.opinion.setObjectName("prereviewOpinion")
        self.add_row(
            QCoreApplication.translate("RepairActions", "初审意见 *(&P)"), self.opinion, "note"
        )
        for button in self.outcome_buttons.values():
            button.toggled.connect(self._update)
        self._update()

    @property
    def agrees(self) -> bool:
        return self.outcome_buttons["agree"].isChecked()

    def confirmed(self) -> tuple[str, ...]:
        return tuple(k for k, c in self.confirm_checks.items() if c.isChecked())

    def _update(self, *_: object) -> None:
        show = self.agrees and bool(self.not_met)
        self.warning.setText(
            QCoreApplication.translate(
                "RepairActions", "以下条件经系统核对不符合，不能同意修复：{0}"
            ).format("；".join(self.not_met))
            if show
            else ""
        )
        self.warning.setVisible(show)

    def call(self) -> Call:
        return self.case_call(
            repairs.prereview,
            agrees=self.agrees,
            opinion=self.opinion.toPlainText(),
            confirmed=self.confirmed(),
        )


class ApproveDialog(ActionDialog):
    """准予修复 by a supervisor who neither took in nor pre-reviewed the case."""

    event = RepairEvent.APPROVE

    def ok_text(self) -> str:
        if self.publicity:
            return QCoreApplication.translate("RepairActions", "准予修复并开始公示")
        return QCoreApplication.translate("RepairActions", "准予修复并出具决定书")

    def build(self) -> None:
        prereview = next(
            (d for d in reversed(self.case.decisions) if d.kind is DecisionKind.PREREVIEW), None
        )
        lines = [self.records_html()]
        if prereview is not None:
            lines.append(
                escape(
                    QCoreApplication.translate("RepairActions", "初审（{0}）：{1}。{2}").format(
                        prereview.decided_by, prereview.outcome_label, prereview.reasons
                    )
                )
            )
        if self.publicity:
            lines.append(
                QCoreApplication.translate(
                    "RepairActions",
                    "准予后先进行修复公示（{0}）；公示期满无异议或异议不成立的，修复生效并出具信用修复决定书。",
                ).format(escape(self.publicity))
            )
        else:
            lines.append(
                QCoreApplication.translate(
                    "RepairActions",
                    "准予后修复<b>立即生效</b>：所涉信息不再对外提供查询，并出具信用修复决定书。",
                )
            )
        self.intro.setText("<br>".join(lines))
        self.opinion = self.multiline(
            QCoreApplication.translate("RepairActions", "审批意见（可选）"), height=64
        )
        self.opinion.setObjectName("approveOpinion")
        self.add_row(
            QCoreApplication.translate("RepairActions", "审批意见(&P)"), self.opinion, "note"
        )
        self.publicity_start = self.date_row(
            QCoreApplication.translate("RepairActions", "公示开始日期(&G)"), "publicity_start"
        )
        self.form.setRowVisible(self.publicity_start, bool(self.publicity))

    def call(self) -> Call:
        start = pydate(self.publicity_start.date()) if self.publicity else None
        return self.case_call(
            repairs.approve, opinion=self.opinion.toPlainText(), publicity_start=start
        )


class RejectDialog(ActionDialog):
    """不予修复: one or more reasons (ticked from what the case shows, or typed one a line)."""

    event = RepairEvent.REJECT

    def ok_text(self) -> str:
        return QCoreApplication.translate("RepairActions", "不予修复并出具告知书")

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "不予修复：写明理由（至少一条），出具不予修复告知书，案件办结。<br>{0}",
            ).format(self.records_html())
        )
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("rejectSuggestions")
        self.suggestions.setToolTip(
            QCoreApplication.translate("RepairActions", "勾选要写入告知书的理由（空格键勾选）")
        )
        for text in self._suggested():
            item = QListWidgetItem(text, self.suggestions)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.suggestions.setMaximumHeight(110)
        visible = self.suggestions.count() > 0
        if visible:
            self.add_row(
                QCoreApplication.translate("RepairActions", "可引用的理由(&Y)"), self.suggestions
            )
        else:
            self.suggestions.hide()
        self.reasons = self.multiline(
            QCoreApplication.translate("RepairActions", "其他理由，每行一条（Ctrl+Enter 提交）"),
        )
        self.reasons.setObjectName("rejectReasons")
        self.add_row(
            QCoreApplication.translate("RepairActions", "理由(&L)"), self.reasons, "reasons"
        )

    def _suggested(self) -> list[str]:
        out = [
            QCoreApplication.translate("RepairActions", "不符合修复条件：{0}（{1}）").format(
                c.label, c.detail
            )
            for c in self.case.conditions
            if c.status is ConditionStatus.NOT_MET
        ]
        for d in self.case.decisions:
            if d.kind is DecisionKind.PROVIDER and d.outcome == "disagree":
                out.append(
                    QCoreApplication.translate(
                        "RepairActions", "信息提供单位不同意修复（{0}）：{1}"
                    ).format(d.document_number, d.reasons)
                )
            elif d.kind is DecisionKind.PUBLICITY_RESULT and d.outcome == "founded":
                out.append(
                    QCoreApplication.translate(
                        "RepairActions", "公示期间异议经核实成立：{0}"
                    ).format(d.reasons)
                )
            elif d.kind is DecisionKind.PREREVIEW and d.outcome == "disagree":
                out.append(
                    QCoreApplication.translate("RepairActions", "初审不同意修复：{0}").format(
                        d.reasons
                    )
                )
        return list(dict.fromkeys(out))

    def set_suggestion_checked(self, row: int, checked: bool) -> None:
        item = self.suggestions.item(row)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_reasons(self) -> list[str]:
        ticked = [
            self.suggestions.item(i).text()
            for i in range(self.suggestions.count())
            if self.suggestions.item(i).checkState() == Qt.CheckState.Checked
        ]
        typed = [line.strip() for line in self.reasons.toPlainText().splitlines() if line.strip()]
        return ticked + typed

    def call(self) -> Call:
        return self.case_call(repairs.reject, reasons=self.chosen_reasons())


class PublicityObjectionDialog(ActionDialog):
    event = RepairEvent.PUBLICITY_OBJECTION

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "登记公示期间收到的异议。异议须经核实后，修复方可生效。",
            )
        )
        self.objector = QLineEdit(self)
        self.objector.setObjectName("objector")
        self.add_row(
            QCoreApplication.translate("RepairActions", "异议人 *(&R)"), self.objector, "objector"
        )
        self.statement = self.multiline(
            QCoreApplication.translate("RepairActions", "异议内容（必填）")
        )
        self.statement.setObjectName("objectionStatement")
        self.add_row(
            QCoreApplication.translate("RepairActions", "异议内容 *(&C)"),
            self.statement,
            "statement",
        )
        self.received_on = self.date_row(
            QCoreApplication.translate("RepairActions", "收到日期(&T)"), "received_on"
        )

    def call(self) -> Call:
        return self.case_call(
            repairs.publicity_objection,
            objector=self.objector.text(),
            statement=self.statement.toPlainText(),
            received_on=pydate(self.received_on.date()),
        )


class ResolveObjectionDialog(ActionDialog):
    event = RepairEvent.RESOLVE_OBJECTION

    def build(self) -> None:
        open_items = [d for d in self.case.decisions if d.kind is DecisionKind.PUBLICITY_OBJECTION]
        latest = open_items[-1] if open_items else None
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "登记信息提供单位对公示异议的核实结果。异议成立的，应不予修复；"
                "不成立的，公示期满后修复生效。<br>{0}",
            ).format(escape(latest.reasons) if latest else "")
        )
        box, _group, self.outcome_buttons = _choice(
            self,
            (
                ("unfounded", QCoreApplication.translate("RepairActions", "异议不成立(&1)")),
                ("founded", QCoreApplication.translate("RepairActions", "异议成立(&2)")),
            ),
            "objection",
        )
        self.add_row(QCoreApplication.translate("RepairActions", "核实结果"), box, "founded")
        self.finding = self.multiline(
            QCoreApplication.translate("RepairActions", "核实意见（必填）")
        )
        self.finding.setObjectName("objectionFinding")
        self.add_row(
            QCoreApplication.translate("RepairActions", "核实意见 *(&P)"), self.finding, "finding"
        )
        self.document_number = QLineEdit(self)
        self.document_number.setObjectName("findingDocumentNumber")
        self.document_number.setPlaceholderText(QCoreApplication.translate("RepairActions", "可选"))
        self.add_row(
            QCoreApplication.translate("RepairActions", "文书编号(&W)"),
            self.document_number,
            "document_number",
        )

    @property
    def founded(self) -> bool:
        return self.outcome_buttons["founded"].isChecked()

    def call(self) -> Call:
        return self.case_call(
            repairs.resolve_objection,
            founded=self.founded,
            finding=self.finding.toPlainText(),
            document_number=self.document_number.text(),
        )


class TakeEffectDialog(ActionDialog):
    event = RepairEvent.TAKE_EFFECT

    def ok_text(self) -> str:
        return QCoreApplication.translate("RepairActions", "修复生效并出具决定书")

    def build(self) -> None:
        started = self.case.publicity_started_on
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "公示（自 {0} 起，至 {1} 届满）期间无异议或异议不成立。修复生效后，所涉信息"
                "不再对外提供查询，并出具信用修复决定书。<br>{2}",
            ).format(
                started.isoformat() if started else "—",
                self.case.due_on.isoformat() if self.case.due_on else "—",
                self.records_html(),
            )
        )

    def call(self) -> Call:
        return self.case_call(repairs.take_effect)


class RevokeDialog(ActionDialog):
    event = RepairEvent.REVOKE

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "RepairActions",
                "以虚假材料等不正当手段取得修复的，撤销修复：所涉信息<b>恢复</b>对外提供，"
                "原修复记录保留在变更历史中。<br>{0}",
            ).format(self.records_html())
        )
        self.reason = self.multiline(
            QCoreApplication.translate("RepairActions", "撤销的理由（必填）")
        )
        self.reason.setObjectName("revokeReason")
        self.add_row(
            QCoreApplication.translate("RepairActions", "撤销理由 *(&L)"), self.reason, "note"
        )

    def call(self) -> Call:
        return self.case_call(repairs.revoke, reason=self.reason.toPlainText())


DIALOGS: dict[RepairEvent, type[ActionDialog]] = {
    RepairEvent.SUPPLEMENT: SupplementDialog,
    RepairEvent.ACCEPT: AcceptDialog,
    RepairEvent.DECLINE: DeclineDialog,
    RepairEvent.FORWARD: ForwardDialog,
    RepairEvent.CONFIRM_PROVIDER: ConfirmProviderDialog,
    RepairEvent.PREREVIEW: PrereviewDialog,
    RepairEvent.APPROVE: ApproveDialog,
    RepairEvent.REJECT: RejectDialog,
    RepairEvent.PUBLICITY_OBJECTION: PublicityObjectionDialog,
    RepairEvent.RESOLVE_OBJECTION: ResolveObjectionDialog,
    RepairEvent.TAKE_EFFECT: TakeEffectDialog,
    RepairEvent.REVOKE: RevokeDialog,
}


def dialog_for(
    event: RepairEvent,
    ctx: AppContext,
    case: RepairDetail,
    *,
    today: date,
    publicity: str = "",
    parent: QWidget | None = None,
) -> ActionDialog:
    return DIALOGS[event](ctx, case, today=today, publicity=publicity, parent=parent)
