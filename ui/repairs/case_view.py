"""The case view of one credit-repair application (the frame: ``ui.cases.case_view_base``): who,
which records, the conditions checklist (each condition met / not met / to confirm by hand, with
its basis), the materials handed in and those still missing (一次性告知), the decisions taken,
the timeline, the letters and the files — and a button for each action this user may take now.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import RepairEvent, RepairState
from app.domain.permissions import Permission
from app.rules.repair_flow import ConditionStatus, Material
from app.services import repairs
from app.services.clock import format_local
from app.services.repairs import RepairDetail
from ui.cases.case_view_base import (
    BADGE_COLOURS,
    AttachmentRow,
    CaseViewBase,
    DocumentRow,
    make_table,
    table_item,
)
from ui.cases.common import MUTED, RED_TEXT
from ui.repairs.action_dialogs import MNEMONICS, ActionDialog, dialog_for
from ui.repairs.common import CONDITION_LOOK, material_label

ACTION_ORDER = (
    RepairEvent.SUPPLEMENT,
    RepairEvent.ACCEPT,
    RepairEvent.FORWARD,
    RepairEvent.CONFIRM_PROVIDER,
    RepairEvent.PREREVIEW,
    RepairEvent.APPROVE,
    RepairEvent.REJECT,
    RepairEvent.PUBLICITY_OBJECTION,
    RepairEvent.RESOLVE_OBJECTION,
    RepairEvent.TAKE_EFFECT,
    RepairEvent.REVOKE,
    RepairEvent.DECLINE,
)
CONDITIONS_TAB, RECORDS_TAB, DECISIONS_TAB, FILES_TAB = range(4)


class RepairCaseView(CaseViewBase):
    blank_form_requested = Signal()

    VIEW_NAME = "repairCaseView"
    PREFIX = "repair"
    ACTIONS = ACTION_ORDER
    MNEMONICS = MNEMONICS
    TIMELINE_WIDTH = 320
    SPLIT = (760, 420)
    GET_CASE = staticmethod(repairs.get_repair)
    ATTACHMENT = staticmethod(repairs.attachment_content)

    publicity = ""  # the profile's public notice after approval (period, article), if any

    case: RepairDetail | None
    dialog: ActionDialog | None

    # -- building ---------------------------------------------------------------------------------
    def back_tooltip(self) -> str:
        return self.tr("返回信用修复案件列表（Esc）")

    def attachments_caption(self) -> str:
        return self.tr("申请材料与书面意见")

    def build_header(self, outer: QVBoxLayout) -> None:
        header, grid = self.header_frame()
        layout_rows = (
            (
                ("subject", self.tr("信用主体")),
                ("applicant", self.tr("申请人")),
                ("agent", self.tr("代理人")),
            ),
            (
                ("provider", self.tr("提供单位")),
                ("lodged", self.tr("受理渠道")),
                ("phone", self.tr("联系电话")),
            ),
            (
                ("received", self.tr("申请日期")),
                ("corrected", self.tr("纠正日期")),
                ("assignee", self.tr("经办人")),
            ),
            (
                ("reviewers", self.tr("初审 / 审批")),
                ("publicity", self.tr("公示开始")),
                ("result", self.tr("生效 / 办结")),
            ),
        )
        for r, row in enumerate(layout_rows):
            for c, (key, text) in enumerate(row):
                self.header_field(grid, r, c * 2, key, text)
        r = len(layout_rows)
        self.header_field(grid, r, 0, "next", self.tr("下一步"))
        self.header_field(grid, r, 2, "due", self.tr("办理期限"), span=3)
        self.header_field(grid, r + 1, 0, "basis", self.tr("期限依据"), span=5)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 2)
        outer.addWidget(header)

    def build_notices(self, outer: QVBoxLayout) -> None:
        """The materials listed once (一次性告知), with the blank 信用承诺书 to print."""
        self.missing_box = QFrame(self)
        self.missing_box.setObjectName("repairMissingBox")
        self.missing_box.setStyleSheet(
            "QFrame#repairMissingBox { background: #fef7e0; border: 1px solid #f9cb71;"
            " border-radius: 4px; } QLabel { background: transparent; }"
        )
        missing_row = QHBoxLayout(self.missing_box)
        missing_row.setContentsMargins(10, 6, 10, 6)
        self.missing_label = QLabel(self.missing_box)
        self.missing_label.setObjectName("repairMissingList")
        self.missing_label.setTextFormat(Qt.TextFormat.RichText)
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        missing_row.addWidget(self.missing_label, 1)
        self.blank_button = QPushButton(self.tr("打印空白信用承诺书(&P)"), self.missing_box)
        self.blank_button.setObjectName("repairCaseBlankCommitment")
        self.blank_button.setToolTip(self.tr("打印空白信用承诺书交申请人填写（Alt+P）"))
        self.blank_button.setVisible(False)
        self.blank_button.clicked.connect(self.blank_form_requested)
        missing_row.addWidget(self.blank_button, 0, Qt.AlignmentFlag.AlignTop)
        self.missing_box.hide()
        outer.addWidget(self.missing_box)

    def build_tabs(self, tabs: QTabWidget) -> None:
        conditions = QWidget(tabs)
        conditions_layout = QVBoxLayout(conditions)
        self.conditions_summary = QLabel(conditions)
        self.conditions_summary.setObjectName("conditionsSummary")
        self.conditions_summary.setWordWrap(True)
        conditions_layout.addWidget(self.conditions_summary)
        self.conditions_table = make_table(
            conditions,
            [self.tr("修复条件"), self.tr("核对结果"), self.tr("说明"), self.tr("依据")],
            "repairConditions",
        )
        self.conditions_table.setColumnWidth(0, 210)
        self.conditions_table.setColumnWidth(1, 100)
        self.conditions_table.setColumnWidth(2, 220)
        conditions_layout.addWidget(self.conditions_table, 1)
        tabs.addTab(conditions, self.tr("修复条件"))

        records = QWidget(tabs)
        records_layout = QVBoxLayout(records)
        records_layout.addWidget(QLabel(self.tr("申请修复的信息"), records))
        self.records_table = make_table(
            records,
            [
                self.tr("信息项目"),
                self.tr("文书号"),
                self.tr("决定日期"),
                self.tr("状态"),
                self.tr("最短公示期届满"),
            ],
            "repairRecords",
        )
        for column, width in enumerate((200, 150, 90, 70)):
            self.records_table.setColumnWidth(column, width)
        self.records_table.setMaximumHeight(150)
        records_layout.addWidget(self.records_table)
        self.materials_label = QLabel(records)
        self.materials_label.setObjectName("repairMaterials")
        self.materials_label.setTextFormat(Qt.TextFormat.RichText)
        self.materials_label.setWordWrap(True)
        self.materials_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        records_layout.addWidget(self.materials_label)
        self.statement_label = QLabel(records)
        self.statement_label.setObjectName("repairStatementText")
        self.statement_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statement_label.setWordWrap(True)
        self.statement_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        records_layout.addWidget(self.statement_label)
        records_layout.addStretch(1)
        tabs.addTab(records, self.tr("修复信息与材料"))

        decisions = QWidget(tabs)
        decisions_layout = QVBoxLayout(decisions)
        self.decisions_table = make_table(
            decisions,
            [
                self.tr("事项"),
                self.tr("结论"),
                self.tr("意见 / 理由"),
                self.tr("文书编号"),
                self.tr("文书日期"),
                self.tr("办理人"),
                self.tr("登记时间"),
            ],
            "repairDecisions",
        )
        for column, width in enumerate((120, 90, 240, 140, 88, 70)):
            self.decisions_table.setColumnWidth(column, width)
        decisions_layout.addWidget(self.decisions_table)
        tabs.addTab(decisions, self.tr("审核意见"))

    # -- the service ------------------------------------------------------------------------------
    def make_dialog(self, event: RepairEvent) -> ActionDialog:
        assert self.case is not None
        return dialog_for(
            event, self.ctx, self.case, today=self.today, publicity=self.publicity, parent=self
        )

    # -- showing ----------------------------------------------------------------------------------
    def show_details(self, case: RepairDetail) -> None:
        self.title.setText(self.tr("信用修复案件 {0}").format(case.case_no))
        self._show_state(case)
        self._show_header(case)
        self._show_missing(case)
        self._show_conditions(case)
        self._show_records(case)
        self._show_decisions(case)

    def _show_state(self, case: RepairDetail) -> None:
        if case.state in (RepairState.REPAIRED,):
            colours = ("#e6f4ea", "#137333", "#81c995")
        elif case.state in (RepairState.REJECTED, RepairState.DECLINED, RepairState.REVOKED):
            colours = ("#fce8e6", "#a50e0e", "#f28b82")
        elif case.state is RepairState.SUPPLEMENT_REQUESTED:
            colours = ("#fef7e0", "#8d5b00", "#f9cb71")
        else:
            colours = BADGE_COLOURS
        self.set_badge(case.state_label, colours)

    def _show_header(self, case: RepairDetail) -> None:
        f = self.fields
        f["subject"].setText(f"{case.subject_name}（{case.subject_display_code}）")
        f["applicant"].setText(f"{case.applicant_name}（{case.applicant_display_number}）")
        f["agent"].setText(case.agent_name or "—")
        f["provider"].setText(case.provider_name or "—")
        f["lodged"].setText(case.lodged_with.label)
        f["phone"].setText(case.applicant_phone or "—")
        f["received"].setText(case.received_on.isoformat())
        f["corrected"].setText(case.corrected_on.isoformat() if case.corrected_on else "—")
        f["assignee"].setText(
            case.assignee_name
            or (
                self.tr("审核主管（待审批）")
                if case.state is RepairState.PREREVIEWED
                else self.tr("未分配")
            )
        )
        f["reviewers"].setText(f"{case.prereviewed_by or '—'} / {case.decided_by or '—'}")
        f["publicity"].setText(
            case.publicity_started_on.isoformat() if case.publicity_started_on else "—"
        )
        if case.effective_on:
            result = self.tr("{0} 生效").format(case.effective_on.isoformat())
        elif case.closed_on:
            result = self.tr("{0} 办结").format(case.closed_on.isoformat())
        else:
            result = "—"
        f["result"].setText(result)
        self.show_deadline(case)

    def actions_note(self, case: RepairDetail, offered: bool) -> str:
        if case.state is RepairState.PREREVIEWED and not case.may(RepairEvent.APPROVE):
            if self.ctx.may(Permission.REPAIR_DECIDE):
                return self.tr(
                    "您受理或初审了本案。按照“四眼原则”，须由另一位审核主管审批（准予或不予修复）。"
                )
            return self.tr("本案已初审，等待审核主管审批。")
        return super().actions_note(case, offered)

    def document_rows(self, case: RepairDetail) -> Sequence[DocumentRow]:
        return [
            (number, doc_type.label, issued_at) for number, doc_type, issued_at in case.documents
        ]

    def attachment_rows(self, case: RepairDetail) -> Sequence[AttachmentRow]:
        return [(material_label(kind), info) for info, kind in case.attachments]

    def _show_missing(self, case: RepairDetail) -> None:
        missing = case.missing_materials
        self.missing_box.setVisible(bool(missing))
        if not missing:
            return
        items = "".join(f"<li>{escape(m.label)}</li>" for m in missing)
        self.missing_label.setText(
            "<b>"
            + escape(self.tr("一次性告知：申请材料不全，请申请人补正以下全部材料"))
            + f"</b><ol style='margin:2px 0 0 0;'>{items}</ol>"
            + escape(self.tr("补齐后点击“补正材料”登记，案件回到“已登记”。"))
        )
        self.blank_button.setVisible(
            Material.COMMITMENT in missing and self.ctx.may(Permission.DOCUMENT_ISSUE)
        )

    def _show_conditions(self, case: RepairDetail) -> None:
        table = self.conditions_table
        table.setRowCount(len(case.conditions))
        counts = dict.fromkeys(ConditionStatus, 0)
        for r, condition in enumerate(case.conditions):
            counts[condition.status] += 1
            sign, colour, background = CONDITION_LOOK[condition.status]
            status = table_item(f"{sign} {condition.status.label}")
            status.setForeground(QBrush(QColor(colour)))
            status.setBackground(QBrush(QColor(background)))
            status.setData(Qt.ItemDataRole.UserRole, condition.status.value)
            font = status.font()
            font.setBold(True)
            status.setFont(font)
            table.setItem(r, 0, table_item(condition.label))
            table.setItem(r, 1, status)
            table.setItem(r, 2, table_item(condition.detail))
            table.setItem(r, 3, table_item(condition.basis))
        table.resizeRowsToContents()
        parts = [
            self.tr("符合 {0} 项").format(counts[ConditionStatus.MET]),
            self.tr("不符合 {0} 项").format(counts[ConditionStatus.NOT_MET]),
            self.tr("待人工确认 {0} 项").format(counts[ConditionStatus.MANUAL]),
        ]
        summary = "　".join(parts)
        if counts[ConditionStatus.MANUAL] and case.may(RepairEvent.PREREVIEW):
            summary += self.tr("。初审时核对材料后逐项确认。")
        self.conditions_summary.setText(summary)
        self.conditions_summary.setStyleSheet(
            f"color: {RED_TEXT};" if counts[ConditionStatus.NOT_MET] else MUTED
        )
        pending = counts[ConditionStatus.MANUAL] + counts[ConditionStatus.NOT_MET]
        self.tabs.setTabText(
            CONDITIONS_TAB,
            self.tr("修复条件（{0} 项待核）").format(pending) if pending else self.tr("修复条件"),
        )

    def _show_records(self, case: RepairDetail) -> None:
        table = self.records_table
        table.setRowCount(len(case.records))
        for r, record in enumerate(case.records):
            texts = (
                record.catalogue_item,
                record.document_number,
                record.decision_date.isoformat(),
                record.status.label,
                record.national_min_end.isoformat() if record.national_min_end else "—",
            )
            for c, text in enumerate(texts):
                table.setItem(r, c, table_item(text))
        provided = "、".join(escape(m.label) for m in case.materials) or escape(self.tr("无"))
        lines = [f"<b>{escape(self.tr('已提交材料'))}：</b>{provided}"]
        if case.missing_materials:
            missing = "、".join(escape(m.label) for m in case.missing_materials)
            lines.append(
                f"<b>{escape(self.tr('尚缺材料'))}：</b>"
                f'<span style="color:{RED_TEXT};">{missing}</span>'
            )
        self.materials_label.setText("<br>".join(lines))
        note = next((e.note for e in case.timeline if e.event == "apply" and e.note), "")
        self.statement_label.setText(self.tr("申请事由：{0}").format(note) if note else "")
        self.statement_label.setVisible(bool(note))

    def _show_decisions(self, case: RepairDetail) -> None:
        table = self.decisions_table
        table.setRowCount(len(case.decisions))
        for r, d in enumerate(case.decisions):
            texts = (
                d.kind.label,
                d.outcome_label,
                d.reasons,
                d.document_number,
                d.document_date.isoformat() if d.document_date else "",
                d.decided_by,
                format_local(d.decided_at),
            )
            for c, text in enumerate(texts):
                table.setItem(r, c, table_item(text))
        table.resizeRowsToContents()
        self.tabs.setTabText(
            DECISIONS_TAB,
            self.tr("审核意见（{0}）").format(len(case.decisions))
            if case.decisions
            else self.tr("审核意见"),
        )
