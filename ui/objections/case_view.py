"""The case view of one objection (the frame: ``ui.cases.case_view_base``): who, which records
(beside the provider's submission), the application, what happened when (the timeline with each
step's due date, whether it was done on time and its legal basis), the letters and the files —
and a button for each action this user may take now, with the receipt to print."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import ObjectionEvent
from app.domain.enums import DocumentType
from app.domain.permissions import Permission
from app.services import objections
from app.services.clock import format_local
from app.services.documents import IssuedDocumentResult
from app.services.objections import CaseDetail, CaseRecord, TimelineEntry
from ui.cases.case_view_base import AttachmentRow, CaseTimeline, CaseViewBase, DocumentRow
from ui.cases.common import MUTED, value_label
from ui.errors import ask, show_error
from ui.objections.action_dialogs import MNEMONICS, ActionDialog, dialog_for

DIFF_BACKGROUND = QColor("#fce8e6")
ACTION_ORDER = (
    ObjectionEvent.CHECK,
    ObjectionEvent.CORRECT,
    ObjectionEvent.FORWARD,
    ObjectionEvent.REPLY,
    ObjectionEvent.NOTIFY,
    ObjectionEvent.DISPUTE,
    ObjectionEvent.APPEAL,
    ObjectionEvent.DECIDE_APPEAL,
    ObjectionEvent.WITHDRAW,
)


class ComparisonTable(QTableWidget):
    """One record: 信息项 / 平台记载 / 提供单位报送; differing rows marked ≠ and shaded."""

    def __init__(self, record: CaseRecord, parent: QWidget) -> None:
        super().__init__(len(record.comparison), 3, parent)
        self.setObjectName(f"comparison_{record.id}")
        self.setHorizontalHeaderLabels(
            [self.tr("信息项"), self.tr("平台记载"), self.tr("提供单位报送")]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(record.comparison):
            label = f"≠ {row.label}" if row.differs else row.label
            for c, text in enumerate((label, row.platform, row.submitted)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if row.differs:
                    item.setBackground(QBrush(DIFF_BACKGROUND))
                    item.setFont(bold)
                    item.setToolTip(self.tr("平台记载与提供单位报送不一致"))
                self.setItem(r, c, item)
        self.setColumnWidth(0, 150)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.resizeRowsToContents()
        height = header.sizeHint().height() + 4
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height)

    def differing_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if self.item(r, 0).text().startswith("≠ ")]


class TimelineWidget(CaseTimeline):
    """A done step shows the day it counts from and whether it was on time."""

    DONE_SEPARATOR = "　"

    def done_when(self, entry: TimelineEntry, case: CaseDetail) -> str:
        # the day the step counts from (a reply received on Monday and entered on Wednesday
        # was done on Monday); when it was entered is in the tooltip
        day = entry.done_on or (case.received_on if entry.event == "open" else None)
        return day.isoformat() if day else format_local(entry.occurred_at, "%Y-%m-%d")

    def done_tooltip(self, entry: TimelineEntry) -> str:
        return self.tr("登记于 {0}").format(format_local(entry.occurred_at, "%Y-%m-%d %H:%M"))

    def done_due(self, entry: TimelineEntry) -> str:
        mark = ""
        if entry.on_time is True:
            mark = '　<span style="color:#137333;">' + escape(self.tr("✓ 按期")) + "</span>"
        elif entry.on_time is False:
            mark = '　<span style="color:#c5221f;">' + escape(self.tr("✗ 超期")) + "</span>"
        return super().done_due(entry) + mark

    def done_basis(self, entry: TimelineEntry) -> str:
        return escape(entry.basis)


class CaseView(CaseViewBase):
    VIEW_NAME = "objectionCaseView"
    ACTIONS = ACTION_ORDER
    MNEMONICS = MNEMONICS
    ONGOING = frozenset({ObjectionEvent.WITHDRAW, ObjectionEvent.DISPUTE})
    GET_CASE = staticmethod(objections.get_case)
    ATTACHMENT = staticmethod(objections.attachment_content)

    case: CaseDetail | None
    dialog: ActionDialog | None
    timeline: TimelineWidget

    # -- building ---------------------------------------------------------------------------------
    def back_tooltip(self) -> str:
        return self.tr("返回异议案件列表（Esc）")

    def attachments_caption(self) -> str:
        return self.tr("申请材料与答复")

    def build_header(self, outer: QVBoxLayout) -> None:
        header, grid = self.header_frame()
        layout_rows = (
            (("subject", self.tr("信用主体")), ("provider", self.tr("提供单位"))),
            (("applicant", self.tr("申请人")), ("assignee", self.tr("经办人"))),
            (("agent", self.tr("代理人")), ("received", self.tr("受理日期"))),
            (("next", self.tr("下一步")), ("due", self.tr("办理期限"))),
        )
        for r, pair in enumerate(layout_rows):
            for c, (key, text) in enumerate(pair):
                self.header_field(grid, r, c * 2, key, text)
        self.header_field(grid, len(layout_rows), 0, "basis", self.tr("期限依据"), span=3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        outer.addWidget(header)

        self.gap_warning = QLabel(self)
        self.gap_warning.setObjectName("calendarGapWarning")
        self.gap_warning.setWordWrap(True)
        self.gap_warning.setStyleSheet(
            "background: #fef7e0; color: #8d5b00; border: 1px solid #f9cb71;"
            " border-radius: 4px; padding: 6px 10px;"
        )
        self.gap_warning.hide()
        outer.addWidget(self.gap_warning)

    def add_action_widgets(self, actions: QHBoxLayout) -> None:
        self.receipt_button = QPushButton(self.tr("打印受理回执(&P)"), self)
        self.receipt_button.setObjectName("receiptButton")
        self.receipt_button.setToolTip(self.tr("出具异议受理回执交申请人（Alt+P）"))
        self.receipt_button.hide()
        self.receipt_button.clicked.connect(self.print_receipt)
        actions.addWidget(self.receipt_button)

    def build_tabs(self, tabs: QTabWidget) -> None:
        self.records_scroll = QScrollArea(tabs)
        self.records_scroll.setWidgetResizable(True)
        self.records_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.records_box = QWidget(self.records_scroll)
        self.records_layout = QVBoxLayout(self.records_box)
        self.records_layout.setContentsMargins(6, 6, 6, 6)
        self.records_scroll.setWidget(self.records_box)
        self.comparison_tables: dict[int, ComparisonTable] = {}
        tabs.addTab(self.records_scroll, self.tr("异议信息与比对"))

        self.application = QWidget(tabs)
        app_layout = QGridLayout(self.application)
        app_layout.setContentsMargins(10, 10, 10, 10)
        app_layout.setVerticalSpacing(6)
        self.app_fields: dict[str, QLabel] = {}
        for r, (key, text) in enumerate(
            (
                ("grounds", self.tr("异议理由")),
                ("statement", self.tr("异议陈述")),
                ("phone", self.tr("联系电话")),
                ("assisted", self.tr("协助核查")),
                ("check", self.tr("核查结果")),
                ("forwarded", self.tr("转办")),
                ("replied", self.tr("提供单位答复")),
                ("outcome", self.tr("处理结果")),
                ("closed", self.tr("办结日期")),
            )
        ):
            caption = QLabel(text + self.tr("："), self.application)
            caption.setStyleSheet(MUTED)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = value_label(self.application, f"app_{key}")
            app_layout.addWidget(caption, r, 0)
            app_layout.addWidget(value, r, 1)
            self.app_fields[key] = value
        app_layout.setColumnStretch(1, 1)
        app_layout.setRowStretch(9, 1)
        tabs.addTab(self.application, self.tr("申请内容"))

    def make_timeline(self, parent: QWidget) -> TimelineWidget:
        return TimelineWidget(parent)

    # -- the service ------------------------------------------------------------------------------
    def make_dialog(self, event: ObjectionEvent) -> ActionDialog:
        assert self.case is not None
        return dialog_for(event, self.ctx, self.case, today=self.today, parent=self)

    # -- showing ----------------------------------------------------------------------------------
    def show_details(self, case: CaseDetail) -> None:
        self.title.setText(self.tr("异议案件 {0}").format(case.case_no))
        self.set_badge(case.state_label + (self.tr("（仍有异议）") if case.disputed else ""))
        f = self.fields
        f["subject"].setText(f"{case.subject_name}（{case.subject_display_code}）")
        f["provider"].setText(case.provider_name or "—")
        f["applicant"].setText(f"{case.applicant_name}（{case.applicant_display_number}）")
        f["agent"].setText(
            f"{case.agent_name}（{case.agent_display_number or ''}）" if case.agent_name else "—"
        )
        f["assignee"].setText(case.assignee_name or self.tr("未分配"))
        f["received"].setText(case.received_on.isoformat())
        self.show_deadline(case)
        self.gap_warning.setText("⚠ " + case.calendar_gap if case.calendar_gap else "")
        self.gap_warning.setVisible(bool(case.calendar_gap))
        self._show_records(case)
        self._show_application(case)

    def show_own_actions(self, case: CaseDetail) -> bool:
        self.receipt_button.setVisible(
            case.is_open
            and self.ctx.may(Permission.OBJECTION_HANDLE)
            and not any(d.doc_type is DocumentType.OBJECTION_RECEIPT for d in case.documents)
        )
        return self.receipt_button.isVisibleTo(self)

    def document_rows(self, case: CaseDetail) -> Sequence[DocumentRow]:
        return [(d.number, d.label, d.issued_at) for d in case.documents]

    def attachment_rows(self, case: CaseDetail) -> Sequence[AttachmentRow]:
        return [(a.kind.label, a.info) for a in case.attachments]

    def _show_records(self, case: CaseDetail) -> None:
        while self.records_layout.count():
            item = self.records_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.comparison_tables = {}
        differing = sum(1 for r in case.records for c in r.comparison if c.differs)
        summary = QLabel(self.records_box)
        summary.setObjectName("comparisonSummary")
        summary.setWordWrap(True)
        if differing:
            summary.setText(
                self.tr("平台记载与信息提供单位报送的内容有 {0} 项不一致（标 ≠ 的行）。").format(
                    differing
                )
            )
            summary.setStyleSheet("color: #c5221f; font-weight: bold;")
        else:
            summary.setText(self.tr("平台记载与信息提供单位报送的内容一致。"))
            summary.setStyleSheet("color: #137333;")
        self.records_layout.addWidget(summary)
        for record in case.records:
            heading = QLabel(
                self.tr("{0}　{1}　决定日期 {2}").format(
                    record.catalogue_item, record.document_number, record.decision_date.isoformat()
                ),
                self.records_box,
            )
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setStyleSheet("font-size: 11pt; font-weight: bold; margin-top: 6px;")
            heading.setWordWrap(True)
            self.records_layout.addWidget(heading)
            state = self.tr("状态：{0}　版本 {1} 个").format(record.status.label, record.versions)
            if record.status_reason:
                state += self.tr("　（{0}）").format(record.status_reason)
            status = QLabel(state, self.records_box)
            status.setTextFormat(Qt.TextFormat.PlainText)
            status.setStyleSheet(MUTED)
            status.setWordWrap(True)
            self.records_layout.addWidget(status)
            table = ComparisonTable(record, self.records_box)
            self.records_layout.addWidget(table)
            self.comparison_tables[record.id] = table
        self.records_layout.addStretch(1)

    def _show_application(self, case: CaseDetail) -> None:
        a = self.app_fields
        a["grounds"].setText("\n".join(case.grounds))
        a["statement"].setText(case.statement)
        a["phone"].setText(case.applicant_phone or "—")
        a["assisted"].setText(self.tr("需其他单位协助核查") if case.assisted else self.tr("否"))
        a["check"].setText(case.check_result.label if case.check_result else "—")
        if case.forwarded_on:
            method = case.forward_method.label if case.forward_method else ""
            a["forwarded"].setText(
                self.tr("{0} 以{1}转 {2}").format(
                    case.forwarded_on.isoformat(), method, case.provider_name
                )
            )
        else:
            a["forwarded"].setText("—")
        a["replied"].setText(
            case.provider_replied_on.isoformat() if case.provider_replied_on else "—"
        )
        a["outcome"].setText(case.outcome_label or "—")
        closed = case.closed_on.isoformat() if case.closed_on else "—"
        if case.disputed:
            closed += self.tr("（申请人仍有异议）")
        a["closed"].setText(closed)

    # --- the receipt ------------------------------------------------------------------------------
    def offer_receipt(self) -> None:
        case = self.case
        if case is None or not self.receipt_button.isVisible():
            return
        self.question = ask(
            self,
            self.tr("打印受理回执"),
            self.tr("异议已受理，案件编号 {0}。").format(case.case_no),
            self.print_receipt,
            informative=self.tr("现在出具异议受理回执交申请人吗？以后也可以点击“打印受理回执”。"),
            yes_text=self.tr("打印回执"),
        )

    def print_receipt(self) -> None:
        case = self.case
        if case is None:
            return
        ctx, actor, today, case_no = self.ctx, self.ctx.require_actor(), self.today, case.case_no
        ctx.runner.command(
            lambda _t: objections.print_receipt(ctx.db, case_no, actor=actor, today=today),
            on_done=self._on_receipt,
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在出具回执…"),
        )

    def _on_receipt(self, issued: IssuedDocumentResult) -> None:
        self.status.show_message(self.tr("已出具异议受理回执（编号 {0}）。").format(issued.number))
        self._preview(issued)
        self.reload()
