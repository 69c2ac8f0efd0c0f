"""The case view of one credit-repair application: who, which records, the conditions checklist
(each condition met / not met / to confirm by hand, with its basis), the materials handed in and
those still missing (一次性告知), the decisions taken, the timeline, the letters and the files —
and a button for each action this user may take now (``RepairDetail.allowed``).

Opening a case reads the subject's records, which the service logs; so does opening a file.
Both run on the command lane. Every action goes through its dialog (``action_dialogs``); when
the action cannot go on (someone else acted first, the four-eyes rule) the error is shown and
the case reloaded, so the user sees the case as it is now. Letters open in the PDF preview.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import DueLight, RepairEvent, RepairState
from app.domain.errors import CreditDeskError, DatabaseUnavailable
from app.domain.permissions import Permission
from app.rules.repair_flow import ConditionStatus, Material
from app.services import documents, repairs
from app.services.attachments import AttachmentInfo
from app.services.clock import format_local
from app.services.documents import IssuedDocumentResult
from app.services.repairs import RepairDetail, RepairResult, RepairTimelineEntry
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CASES, ChangeSet
from ui.repairs import common
from ui.repairs.action_dialogs import MNEMONICS, ActionDialog, dialog_for
from ui.repairs.common import (
    CONDITION_LOOK,
    MUTED,
    attachment_dir,
    days_left_text,
    due_text,
    file_size_text,
    material_label,
    value_label,
)
from ui.widgets.forms import INFO_STYLE, StatusLine
from ui.widgets.light_delegate import COLOURS

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


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tooltip or text)
    return item


class RepairTimeline(QWidget):
    """The steps, oldest first; the step still to do at the end, marked 待办."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("repairTimeline")
        self.entries: list[QFrame] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(6)
        self.layout_.addStretch(1)

    def show_timeline(self, case: RepairDetail) -> None:
        for frame in self.entries:
            self.layout_.removeWidget(frame)
            frame.deleteLater()
        self.entries = []
        for i, entry in enumerate(case.timeline):
            frame = self._entry(entry, case, pending=entry.occurred_at is None)
            frame.setObjectName(f"repairTimelineEntry_{i}")
            self.layout_.insertWidget(i, frame)
            self.entries.append(frame)

    def _entry(self, entry: RepairTimelineEntry, case: RepairDetail, *, pending: bool) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        background, border = (
            ("#e8f0fe", "1px dashed #1a73e8") if pending else ("#ffffff", "1px solid #dadce0")
        )
        frame.setStyleSheet(
            f"QFrame {{ background: {background}; border: {border}; border-radius: 4px; }}"
            " QLabel { border: none; background: transparent; }"
        )
        box = QVBoxLayout(frame)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(2)
        title = QLabel(frame)
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        if pending:
            title.setText(
                '<span style="color:#1a73e8; font-weight:bold;">'
                + escape(self.tr("待办"))
                + "</span>　<b>"
                + escape(entry.step_label)
                + "</b>"
            )
        else:
            when = format_local(entry.occurred_at, "%Y-%m-%d %H:%M")
            actor = f"　{escape(entry.actor_name)}" if entry.actor_name else ""
            title.setText(
                f'<span style="color:#5f6368;">{escape(when)}</span>　'
                f"<b>{escape(entry.event_label)}</b>{actor}"
                f'　<span style="color:#5f6368;">→ {escape(entry.state_label)}</span>'
            )
        box.addWidget(title)
        facts: list[str] = []
        if pending and entry.due_on is not None:
            left = case.working_days_left if entry.due_on == case.due_on else None
            colour = COLOURS[case.light].name() if case.light is not DueLight.NONE else "#5f6368"
            facts.append(
                f'<span style="color:{colour};">●</span> '
                + escape(self.tr("期限 {0}").format(due_text(entry.due_on, left)))
            )
        elif entry.due_on is not None:
            facts.append(escape(self.tr("期限 {0}").format(entry.due_on.isoformat())))
        if entry.basis:
            facts.append(escape(self.tr("依据：{0}").format(entry.basis)))
        if facts:
            detail = QLabel("<br>".join(facts), frame)
            detail.setTextFormat(Qt.TextFormat.RichText)
            detail.setWordWrap(True)
            detail.setStyleSheet(MUTED)
            box.addWidget(detail)
        if entry.note:
            note = QLabel(self.tr("说明：{0}").format(entry.note), frame)
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(note)
        return frame

    def texts(self) -> list[str]:
        """Each entry's text, for tests and screen readers."""
        return [
            " ".join(label.text() for label in frame.findChildren(QLabel)) for frame in self.entries
        ]


class RepairCaseView(QWidget):
    back_requested = Signal()
    blank_form_requested = Signal()

    def __init__(
        self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("repairCaseView")
        self.ctx = ctx
        self._today = today
        self.case: RepairDetail | None = None
        self.case_no = ""
        self.publicity = ""  # the profile's notice period, when it has one
        self.dialog: ActionDialog | None = None
        self.preview: QWidget | None = None
        self.question: QWidget | None = None
        self.last_opened_file = None
        self._emitting = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)

        # --- title row ----------------------------------------------------------------------------
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← 返回列表"), self)
        self.back_button.setObjectName("repairBackToListButton")
        self.back_button.setToolTip(self.tr("返回信用修复案件列表（Esc）"))
        self.title = QLabel(self)
        self.title.setObjectName("repairCaseTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_badge = QLabel(self)
        self.state_badge.setObjectName("repairCaseState")
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setToolTip(self.tr("重新读取本案（F5）"))
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.title)
        top.addWidget(self.state_badge)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)

        # --- header -------------------------------------------------------------------------------
        header = QFrame(self)
        header.setObjectName("repairCaseHeader")
        header.setStyleSheet(
            "QFrame#repairCaseHeader { background: #f8f9fa; border: 1px solid #dadce0;"
            " border-radius: 4px; }"
        )
        grid = QGridLayout(header)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.fields: dict[str, QLabel] = {}
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
                self._header_field(header, grid, r, c * 2, key, text)
        r = len(layout_rows)
        self._header_field(header, grid, r, 0, "next", self.tr("下一步"))
        self._header_field(header, grid, r, 2, "due", self.tr("办理期限"), span=3)
        self._header_field(header, grid, r + 1, 0, "basis", self.tr("期限依据"), span=5)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 2)
        outer.addWidget(header)

        # --- actions ------------------------------------------------------------------------------
        actions = QHBoxLayout()
        actions_label = QLabel(self.tr("办理："), self)
        actions_label.setStyleSheet("font-weight: bold;")
        actions.addWidget(actions_label)
        self.action_buttons: dict[RepairEvent, QPushButton] = {}
        for event in ACTION_ORDER:
            key = MNEMONICS[event]
            button = QPushButton(f"{event.label}(&{key})", self)
            button.setObjectName(f"repairAction_{event.value}")
            button.setToolTip(self.tr("{0}（Alt+{1}）").format(event.label, key))
            button.clicked.connect(lambda _=False, e=event: self.open_action(e))
            button.hide()
            actions.addWidget(button)
            self.action_buttons[event] = button
        self.no_actions = QLabel(self)
        self.no_actions.setObjectName("repairNoActions")
        self.no_actions.setStyleSheet(MUTED)
        self.no_actions.setWordWrap(True)
        actions.addWidget(self.no_actions, 1)
        actions.addStretch(1)  # keeps the buttons compact when there is nothing to say
        outer.addLayout(actions)

        # --- materials listed once ----------------------------------------------------------------
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
        missing_row.addWidget(self.blank_button, 0, Qt.AlignmentFlag.AlignTop)
        self.missing_box.hide()
        outer.addWidget(self.missing_box)

        self.status = StatusLine(self)
        outer.addWidget(self.status)

        # --- body: details on the left, the timeline on the right ---------------------------------
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName("repairCaseTabs")

        conditions = QWidget(self.tabs)
        conditions_layout = QVBoxLayout(conditions)
        self.conditions_summary = QLabel(conditions)
        self.conditions_summary.setObjectName("conditionsSummary")
        self.conditions_summary.setWordWrap(True)
        conditions_layout.addWidget(self.conditions_summary)
        self.conditions_table = _table(
            conditions,
            [self.tr("修复条件"), self.tr("核对结果"), self.tr("说明"), self.tr("依据")],
            "repairConditions",
        )
        self.conditions_table.setColumnWidth(0, 210)
        self.conditions_table.setColumnWidth(1, 100)
        self.conditions_table.setColumnWidth(2, 220)
        conditions_layout.addWidget(self.conditions_table, 1)
        self.tabs.addTab(conditions, self.tr("修复条件"))

        records = QWidget(self.tabs)
        records_layout = QVBoxLayout(records)
        records_layout.addWidget(QLabel(self.tr("申请修复的信息"), records))
        self.records_table = _table(
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
        self.statement_label.setWordWrap(True)
        self.statement_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        records_layout.addWidget(self.statement_label)
        records_layout.addStretch(1)
        self.tabs.addTab(records, self.tr("修复信息与材料"))

        decisions = QWidget(self.tabs)
        decisions_layout = QVBoxLayout(decisions)
        self.decisions_table = _table(
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
        self.tabs.addTab(decisions, self.tr("审核意见"))

        files = QWidget(self.tabs)
        files_layout = QVBoxLayout(files)
        docs_row = QHBoxLayout()
        docs_row.addWidget(QLabel(self.tr("已出具的文书"), files))
        docs_row.addStretch(1)
        self.reprint_button = QPushButton(self.tr("补打…"), files)
        self.reprint_button.setObjectName("repairReprintButton")
        self.reprint_button.setToolTip(self.tr("补打选中的文书：编号不变，标注“补打”并记录"))
        self.reprint_button.setVisible(ctx.may(Permission.DOCUMENT_REPRINT))
        docs_row.addWidget(self.reprint_button)
        files_layout.addLayout(docs_row)
        self.documents_table = _table(
            files,
            [self.tr("文书编号"), self.tr("文书类型"), self.tr("出具时间")],
            "repairDocuments",
        )
        files_layout.addWidget(self.documents_table, 1)
        att_row = QHBoxLayout()
        att_row.addWidget(QLabel(self.tr("申请材料与书面意见"), files))
        att_row.addStretch(1)
        self.open_attachment_button = QPushButton(self.tr("打开"), files)
        self.open_attachment_button.setObjectName("repairOpenAttachmentButton")
        self.open_attachment_button.setToolTip(self.tr("用系统程序打开选中的材料（回车或双击）"))
        att_row.addWidget(self.open_attachment_button)
        files_layout.addLayout(att_row)
        self.attachments_table = _table(
            files,
            [self.tr("材料类型"), self.tr("文件名"), self.tr("大小"), self.tr("上传时间")],
            "repairAttachments",
        )
        files_layout.addWidget(self.attachments_table, 1)
        self.tabs.addTab(files, self.tr("文书与材料"))

        timeline_box = QGroupBox(self.tr("办理过程"), splitter)
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(4, 8, 4, 4)
        scroll = QScrollArea(timeline_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline = RepairTimeline(scroll)
        scroll.setWidget(self.timeline)
        timeline_layout.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.addWidget(timeline_box)
        timeline_box.setMinimumWidth(320)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])
        outer.addWidget(splitter, 1)

        # --- wiring -------------------------------------------------------------------------------
        self.back_button.clicked.connect(self.back_requested)
        self.refresh_button.clicked.connect(self.reload)
        self.blank_button.clicked.connect(self.blank_form_requested)
        self.reprint_button.clicked.connect(self.reprint_current)
        self.open_attachment_button.clicked.connect(self.open_current_attachment)
        self.attachments_table.cellDoubleClicked.connect(lambda r, _c: self.open_attachment(r))
        self.attachments_table.activated.connect(lambda index: self.open_attachment(index.row()))
        for keys, slot in (
            ("Esc", self.back_requested.emit),
            ("Alt+Left", self.back_requested.emit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this page shows
        ctx.events.changed.connect(self._on_events_changed)

    def _header_field(
        self,
        parent: QWidget,
        grid: QGridLayout,
        row: int,
        col: int,
        key: str,
        text: str,
        span: int = 1,
    ) -> None:
        caption = QLabel(text + self.tr("："), parent)
        caption.setStyleSheet(MUTED)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        value = value_label(parent, f"repairField_{key}")
        grid.addWidget(caption, row, col)
        grid.addWidget(value, row, col + 1, 1, span)
        self.fields[key] = value

    @property
    def today(self) -> date:
        return self._today()

    # --- loading --------------------------------------------------------------------------------
    def open_case(self, case_no: str) -> None:
        """Open a case: reading its records is logged, so this is a command."""
        ctx, actor, today = self.ctx, self.ctx.require_actor(), self.today
        self.case_no = case_no.strip()
        number = self.case_no
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: repairs.get_repair(ctx.db, number, actor=actor, today=today),
            on_done=self.show_case,
            on_error=self._on_load_failed,
            busy_for=self,
            busy_text=self.tr("正在读取案件…"),
        )

    def reload(self) -> None:
        """The case again, in the same viewing (not logged a second time)."""
        if not self.case_no:
            return
        ctx, actor, today, number = self.ctx, self.ctx.require_actor(), self.today, self.case_no
        ctx.runner.query(
            lambda _t: repairs.get_repair(ctx.db, number, actor=actor, today=today, log=False),
            on_done=self.show_case,
            on_error=self._on_load_failed,
            busy_for=self,
            busy_text=self.tr("正在读取案件…"),
        )

    def refresh(self) -> None:
        self.reload()

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_error(exc, saving=False)
            return
        show_error(self, exc)
        if self.case is None or self.case.case_no != self.case_no:
            self.back_requested.emit()

    # --- showing --------------------------------------------------------------------------------
    def show_case(self, case: RepairDetail) -> None:
        self.case = case
        self.case_no = case.case_no
        self.title.setText(self.tr("信用修复案件 {0}").format(case.case_no))
        self._show_state(case)
        self._show_header(case)
        self._show_actions(case)
        self._show_missing(case)
        self._show_conditions(case)
        self._show_records(case)
        self._show_decisions(case)
        self._show_files(case)
        self.timeline.show_timeline(case)

    def _show_state(self, case: RepairDetail) -> None:
        if case.state in (RepairState.REPAIRED,):
            colours = ("#e6f4ea", "#137333", "#81c995")
        elif case.state in (RepairState.REJECTED, RepairState.DECLINED, RepairState.REVOKED):
            colours = ("#fce8e6", "#a50e0e", "#f28b82")
        elif case.state is RepairState.SUPPLEMENT_REQUESTED:
            colours = ("#fef7e0", "#8d5b00", "#f9cb71")
        else:
            colours = ("#e8f0fe", "#174ea6", "#aecbfa")
        background, colour, border = colours
        self.state_badge.setStyleSheet(
            f"background: {background}; color: {colour}; border: 1px solid {border};"
            " border-radius: 4px; padding: 2px 10px; font-weight: bold;"
        )
        self.state_badge.setText(case.state_label)

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
        f["next"].setText(case.next_step_label or self.tr("无（案件已办结）"))
        if case.due_on is not None:
            colour = COLOURS[case.light].name()
            f["due"].setTextFormat(Qt.TextFormat.RichText)
            f["due"].setText(
                f'<span style="color:{colour}; font-size:13pt;">●</span> '
                + escape(f"{case.light.label}　{due_text(case.due_on, case.working_days_left)}")
            )
        else:
            f["due"].setTextFormat(Qt.TextFormat.PlainText)
            f["due"].setText(days_left_text(None, None))
        f["basis"].setText(case.due_basis or "—")

    def _show_actions(self, case: RepairDetail) -> None:
        for event, button in self.action_buttons.items():
            button.setVisible(case.may(event))
        visible = any(case.may(e) for e in self.action_buttons)
        if case.state is RepairState.PREREVIEWED and not case.may(RepairEvent.APPROVE):
            if self.ctx.may(Permission.REPAIR_DECIDE):
                text = self.tr(
                    "您受理或初审了本案。按照“四眼原则”，须由另一位审核主管审批（准予或不予修复）。"
                )
            else:
                text = self.tr("本案已初审，等待审核主管审批。")
        elif visible:
            text = ""
        elif case.is_open and case.next_step_label:
            text = self.tr("下一步“{0}”需由有相应权限的人员办理。").format(case.next_step_label)
        elif case.is_open:
            text = self.tr("当前没有需要您办理的事项。")
        else:
            text = self.tr("本案{0}。").format(case.state_label)
        self.no_actions.setText(text)
        self.no_actions.setVisible(bool(text))

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
            status = _item(f"{sign} {condition.status.label}")
            status.setForeground(QBrush(QColor(colour)))
            status.setBackground(QBrush(QColor(background)))
            status.setData(Qt.ItemDataRole.UserRole, condition.status.value)
            font = status.font()
            font.setBold(True)
            status.setFont(font)
            table.setItem(r, 0, _item(condition.label))
            table.setItem(r, 1, status)
            table.setItem(r, 2, _item(condition.detail))
            table.setItem(r, 3, _item(condition.basis))
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
            f"color: {common.RED_TEXT};" if counts[ConditionStatus.NOT_MET] else MUTED
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
                table.setItem(r, c, _item(text))
        provided = "、".join(escape(m.label) for m in case.materials) or escape(self.tr("无"))
        lines = [f"<b>{escape(self.tr('已提交材料'))}：</b>{provided}"]
        if case.missing_materials:
            missing = "、".join(escape(m.label) for m in case.missing_materials)
            lines.append(
                f"<b>{escape(self.tr('尚缺材料'))}：</b>"
                f'<span style="color:{common.RED_TEXT};">{missing}</span>'
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
                table.setItem(r, c, _item(text))
        table.resizeRowsToContents()
        self.tabs.setTabText(
            DECISIONS_TAB,
            self.tr("审核意见（{0}）").format(len(case.decisions))
            if case.decisions
            else self.tr("审核意见"),
        )

    def _show_files(self, case: RepairDetail) -> None:
        docs = self.documents_table
        docs.setRowCount(len(case.documents))
        for r, (number, doc_type, issued_at) in enumerate(case.documents):
            for c, text in enumerate((number, doc_type.label, format_local(issued_at))):
                docs.setItem(r, c, _item(text))
        docs.resizeColumnsToContents()
        if case.documents:
            docs.selectRow(len(case.documents) - 1)
        self.reprint_button.setEnabled(bool(case.documents))
        atts = self.attachments_table
        atts.setRowCount(len(case.attachments))
        for r, (info, kind) in enumerate(case.attachments):
            for c, text in enumerate(
                (
                    material_label(kind),
                    info.display_name,
                    file_size_text(info.size_bytes),
                    format_local(info.created_at),
                )
            ):
                atts.setItem(r, c, _item(text))
        atts.resizeColumnsToContents()
        if case.attachments:
            atts.selectRow(0)
        self.open_attachment_button.setEnabled(bool(case.attachments))
        self.tabs.setTabText(
            FILES_TAB,
            self.tr("文书与材料（{0}）").format(len(case.documents) + len(case.attachments)),
        )

    # --- actions --------------------------------------------------------------------------------
    def open_action(self, event: RepairEvent) -> ActionDialog | None:
        case = self.case
        if case is None or not case.may(event):
            return None
        self.status.clear_status()
        dialog = dialog_for(
            event, self.ctx, case, today=self.today, publicity=self.publicity, parent=self
        )
        dialog.completed.connect(self._on_action_completed)
        dialog.refused.connect(self._on_refused)
        dialog.finished.connect(lambda _r: self._after_dialog())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_dialog(self) -> None:
        self.dialog = None
        self.window().activateWindow()

    def _on_action_completed(self, result: RepairResult) -> None:
        self.show_case(result.case)
        self._announce()
        done = next((e.event_label for e in reversed(result.case.timeline) if e.occurred_at), "")
        message = self.tr("已办理：{0}。").format(done) if done else ""
        if result.document is not None:
            message += self.tr("已出具{0}（编号 {1}）。").format(
                result.document.doc_type.label, result.document.number
            )
            self._preview(result.document)
        if message:
            self.status.show_message(message)

    def _on_refused(self, exc: CreditDeskError) -> None:
        """Someone acted first, or the rules refuse this user: say so, show the case as it is."""
        self.question = show_error(self, exc)
        self.reload()

    def _announce(self) -> None:
        self._emitting = True
        try:
            self.ctx.events.emit_changed(CASES)
        finally:
            self._emitting = False

    def _on_events_changed(self, change: ChangeSet) -> None:
        if (
            change.touches(CASES)
            and not self._emitting
            and self.case is not None
            and self.isVisible()
        ):
            self.reload()

    def _preview(self, issued: IssuedDocumentResult) -> None:
        from ui.documents.pdf_preview import open_pdf_preview

        self.preview = open_pdf_preview(
            self, issued.pdf_bytes, issued.file_name, warnings=issued.warnings
        )

    # --- reprints -----------------------------------------------------------------------------
    def reprint_current(self) -> None:
        case = self.case
        row = self.documents_table.currentRow()
        if case is None or not 0 <= row < len(case.documents):
            return
        ctx, actor, number = self.ctx, self.ctx.require_actor(), case.documents[row][0]
        ctx.runner.command(
            lambda _t: documents.reprint(ctx.db, number, actor=actor),
            on_done=self._preview,
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在补打…"),
        )

    # --- attachments ------------------------------------------------------------------------------
    def open_current_attachment(self) -> None:
        self.open_attachment(self.attachments_table.currentRow())

    def open_attachment(self, row: int) -> None:
        case = self.case
        if case is None or not 0 <= row < len(case.attachments):
            return
        ctx, actor, case_no = self.ctx, self.ctx.require_actor(), case.case_no
        attachment_id = case.attachments[row][0].id
        # reading a file of the case is logged: the command lane
        ctx.runner.command(
            lambda _t: repairs.attachment_content(ctx.db, case_no, attachment_id, actor=actor),
            on_done=lambda result: self._on_attachment(case_no, *result),
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在读取材料…"),
        )

    def _on_attachment(self, case_no: str, info: AttachmentInfo, content: bytes) -> None:
        path = attachment_dir() / f"{case_no}-{info.id}-{info.display_name}"
        try:
            path.write_bytes(content)
        except OSError as exc:
            self.status.show_text(
                self.tr("无法保存临时文件：{0}").format(exc.strerror or type(exc).__name__)
            )
            return
        self.last_opened_file = path
        if not common.open_local_file(path):
            self.status.show_text(
                self.tr("没有可以打开此类文件的程序。文件已保存在：{0}").format(path), INFO_STYLE
            )
