"""The case view of one objection: who, which records (beside the provider's submission),
what happened when (the timeline with each step's due date and legal basis), the letters and
the files — and a button for each action this user may take now (``CaseDetail.allowed``).

Opening a case reads the subject's records, which the service logs; so does opening a file.
Both run on the command lane. Every action goes through its dialog (``action_dialogs``); a
``ConcurrencyConflict`` is shown and the case reloaded, so the clerk sees the state now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
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

from app.domain.caseflow import DueLight, ObjectionEvent
from app.domain.enums import DocumentType
from app.domain.errors import ConcurrencyConflict, DatabaseUnavailable
from app.domain.permissions import Permission
from app.services import documents, objections
from app.services.attachments import AttachmentInfo
from app.services.clock import format_local
from app.services.documents import IssuedDocumentResult
from app.services.objections import ActionResult, CaseDetail, CaseRecord, TimelineEntry
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.events import CASES, ChangeSet
from ui.objections.action_dialogs import MNEMONICS, ActionDialog, dialog_for
from ui.objections.common import days_left_text, due_text, file_size_text
from ui.widgets.forms import INFO_STYLE, StatusLine
from ui.widgets.light_delegate import COLOURS

DIFF_BACKGROUND = QColor("#fce8e6")
MUTED = "color: #5f6368;"
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


def open_local_file(path: Path) -> bool:
    """Hand a saved file to the system viewer (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def attachment_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation)
    path = Path(base) / "CreditDesk" / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # data, never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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


class TimelineWidget(QWidget):
    """The steps, oldest first; the step still to do at the end, marked 待办."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.entries: list[QFrame] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(6)
        self.layout_.addStretch(1)

    def show_timeline(self, timeline: tuple[TimelineEntry, ...], case: CaseDetail) -> None:
        for frame in self.entries:
            self.layout_.removeWidget(frame)
            frame.deleteLater()
        self.entries = []
        for i, entry in enumerate(timeline):
            frame = self._entry(entry, case, pending=entry.occurred_at is None)
            frame.setObjectName(f"timelineEntry_{i}")
            self.layout_.insertWidget(i, frame)
            self.entries.append(frame)

    def _entry(self, entry: TimelineEntry, case: CaseDetail, *, pending: bool) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        if pending:
            frame.setStyleSheet(
                "QFrame { background: #e8f0fe; border: 1px dashed #1a73e8; border-radius: 4px; }"
                " QLabel { border: none; background: transparent; }"
            )
        else:
            frame.setStyleSheet(
                "QFrame { background: #ffffff; border: 1px solid #dadce0; border-radius: 4px; }"
                " QLabel { border: none; background: transparent; }"
            )
        box = QVBoxLayout(frame)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(2)
        title = QLabel(frame)
        title.setObjectName("timelineTitle")
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
            # the day the step counts from (a reply received on Monday and entered on Wednesday
            # was done on Monday); when it was entered is in the tooltip
            day = entry.done_on or (case.received_on if entry.event == "open" else None)
            when = day.isoformat() if day else format_local(entry.occurred_at, "%Y-%m-%d")
            actor = f"　{escape(entry.actor_name)}" if entry.actor_name else ""
            title.setText(
                f'<span style="color:#5f6368;">{escape(when)}</span>　'
                f"<b>{escape(entry.event_label)}</b>{actor}"
                f'　<span style="color:#5f6368;">→ {escape(entry.state_label)}</span>'
            )
            frame.setToolTip(
                self.tr("登记于 {0}").format(format_local(entry.occurred_at, "%Y-%m-%d %H:%M"))
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
            mark = ""
            if entry.on_time is True:
                mark = '　<span style="color:#137333;">' + escape(self.tr("✓ 按期")) + "</span>"
            elif entry.on_time is False:
                mark = '　<span style="color:#c5221f;">' + escape(self.tr("✗ 超期")) + "</span>"
            facts.append(escape(self.tr("期限 {0}").format(entry.due_on.isoformat())) + mark)
        if entry.basis:
            facts.append(
                escape(self.tr("依据：{0}").format(entry.basis)) if pending else escape(entry.basis)
            )
        if facts:
            detail = QLabel(("<br>" if pending else "　").join(facts), frame)
            detail.setObjectName("timelineFacts")
            detail.setTextFormat(Qt.TextFormat.RichText)
            detail.setWordWrap(True)
            detail.setStyleSheet(MUTED)
            box.addWidget(detail)
        if entry.note:
            note = QLabel(self.tr("说明：{0}").format(entry.note), frame)
            note.setObjectName("timelineNote")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(note)
        return frame

    def texts(self) -> list[str]:
        """Each entry's text, for tests and screen readers."""
        return [
            " ".join(label.text() for label in frame.findChildren(QLabel)) for frame in self.entries
        ]


class CaseView(QWidget):
    back_requested = Signal()

    def __init__(
        self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("objectionCaseView")
        self.ctx = ctx
        self._today = today
        self.case: CaseDetail | None = None
        self.case_no = ""
        self.dialog: ActionDialog | None = None
        self.preview: QWidget | None = None
        self.question: QWidget | None = None
        self._emitting = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)

        # --- title row ----------------------------------------------------------------------------
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← 返回列表"), self)
        self.back_button.setObjectName("backToListButton")
        self.back_button.setToolTip(self.tr("返回异议案件列表（Esc）"))
        self.title = QLabel(self)
        self.title.setObjectName("caseTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_badge = QLabel(self)
        self.state_badge.setObjectName("caseState")
        self.state_badge.setStyleSheet(
            "background: #e8f0fe; color: #174ea6; border: 1px solid #aecbfa;"
            " border-radius: 4px; padding: 2px 10px; font-weight: bold;"
        )
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
        header.setObjectName("caseHeader")
        header.setStyleSheet(
            "QFrame#caseHeader { background: #f8f9fa; border: 1px solid #dadce0;"
            " border-radius: 4px; }"
        )
        grid = QGridLayout(header)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.fields: dict[str, QLabel] = {}
        layout_rows = (
            (("subject", self.tr("信用主体")), ("provider", self.tr("提供单位"))),
            (("applicant", self.tr("申请人")), ("assignee", self.tr("经办人"))),
            (("agent", self.tr("代理人")), ("received", self.tr("受理日期"))),
            (("next", self.tr("下一步")), ("due", self.tr("办理期限"))),
        )
        for r, pair in enumerate(layout_rows):
            for c, (key, text) in enumerate(pair):
                caption = QLabel(text + self.tr("："), header)
                caption.setStyleSheet(MUTED)
                caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                value = _value_label(header, f"field_{key}")
                grid.addWidget(caption, r, c * 2)
                grid.addWidget(value, r, c * 2 + 1)
                self.fields[key] = value
        basis_caption = QLabel(self.tr("期限依据："), header)
        basis_caption.setStyleSheet(MUTED)
        basis_caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.fields["basis"] = _value_label(header, "field_basis")
        grid.addWidget(basis_caption, len(layout_rows), 0)
        grid.addWidget(self.fields["basis"], len(layout_rows), 1, 1, 3)
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

        # --- actions ------------------------------------------------------------------------------
        actions = QHBoxLayout()
        self.actions_label = QLabel(self.tr("办理："), self)
        self.actions_label.setStyleSheet("font-weight: bold;")
        actions.addWidget(self.actions_label)
        self.action_buttons: dict[ObjectionEvent, QPushButton] = {}
        for event in ACTION_ORDER:
            key = MNEMONICS[event]
            button = QPushButton(f"{event.label}(&{key})", self)
            button.setObjectName(f"action_{event.value}")
            button.setToolTip(self.tr("{0}（Alt+{1}）").format(event.label, key))
            button.clicked.connect(lambda _=False, e=event: self.open_action(e))
            button.hide()
            actions.addWidget(button)
            self.action_buttons[event] = button
        self.receipt_button = QPushButton(self.tr("打印受理回执(&P)"), self)
        self.receipt_button.setObjectName("receiptButton")
        self.receipt_button.setToolTip(self.tr("出具异议受理回执交申请人（Alt+P）"))
        self.receipt_button.hide()
        actions.addWidget(self.receipt_button)
        self.no_actions = QLabel(self)
        self.no_actions.setObjectName("noActions")
        self.no_actions.setStyleSheet(MUTED)
        actions.addWidget(self.no_actions)
        actions.addStretch(1)
        outer.addLayout(actions)

        self.status = StatusLine(self)
        outer.addWidget(self.status)

        # --- body: details on the left, the timeline on the right ---------------------------------
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("caseSplitter")
        splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName("caseTabs")

        self.records_scroll = QScrollArea(self.tabs)
        self.records_scroll.setWidgetResizable(True)
        self.records_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.records_box = QWidget(self.records_scroll)
        self.records_layout = QVBoxLayout(self.records_box)
        self.records_layout.setContentsMargins(6, 6, 6, 6)
        self.records_scroll.setWidget(self.records_box)
        self.comparison_tables: dict[int, ComparisonTable] = {}
        self.tabs.addTab(self.records_scroll, self.tr("异议信息与比对"))

        self.application = QWidget(self.tabs)
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
            value = _value_label(self.application, f"app_{key}")
            app_layout.addWidget(caption, r, 0)
            app_layout.addWidget(value, r, 1)
            self.app_fields[key] = value
        app_layout.setColumnStretch(1, 1)
        app_layout.setRowStretch(9, 1)
        self.tabs.addTab(self.application, self.tr("申请内容"))

        files = QWidget(self.tabs)
        files_layout = QVBoxLayout(files)
        docs_row = QHBoxLayout()
        docs_row.addWidget(QLabel(self.tr("已出具的文书"), files))
        docs_row.addStretch(1)
        self.reprint_button = QPushButton(self.tr("补打…"), files)
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.setToolTip(self.tr("补打选中的文书：编号不变，标注“补打”并记录"))
        self.reprint_button.setVisible(ctx.may(Permission.DOCUMENT_REPRINT))
        docs_row.addWidget(self.reprint_button)
        files_layout.addLayout(docs_row)
        self.documents_table = self._table(
            files, [self.tr("文书编号"), self.tr("文书类型"), self.tr("出具时间")]
        )
        self.documents_table.setObjectName("caseDocuments")
        files_layout.addWidget(self.documents_table, 1)
        att_row = QHBoxLayout()
        att_row.addWidget(QLabel(self.tr("申请材料与答复"), files))
        att_row.addStretch(1)
        self.open_attachment_button = QPushButton(self.tr("打开"), files)
        self.open_attachment_button.setObjectName("openAttachmentButton")
        self.open_attachment_button.setToolTip(self.tr("用系统程序打开选中的材料（回车或双击）"))
        att_row.addWidget(self.open_attachment_button)
        files_layout.addLayout(att_row)
        self.attachments_table = self._table(
            files, [self.tr("材料类型"), self.tr("文件名"), self.tr("大小"), self.tr("上传时间")]
        )
        self.attachments_table.setObjectName("caseAttachments")
        files_layout.addWidget(self.attachments_table, 1)
        self.tabs.addTab(files, self.tr("文书与材料"))

        timeline_box = QGroupBox(self.tr("办理过程"), splitter)
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(4, 8, 4, 4)
        scroll = QScrollArea(timeline_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline = TimelineWidget(scroll)
        scroll.setWidget(self.timeline)
        timeline_layout.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.addWidget(timeline_box)
        timeline_box.setMinimumWidth(340)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 460])
        outer.addWidget(splitter, 1)

        # --- wiring -------------------------------------------------------------------------------
        self.back_button.clicked.connect(self.back_requested)
        self.refresh_button.clicked.connect(self.reload)
        self.receipt_button.clicked.connect(self.print_receipt)
        self.reprint_button.clicked.connect(self.reprint_current)
        self.open_attachment_button.clicked.connect(self.open_current_attachment)
        self.attachments_table.cellDoubleClicked.connect(lambda r, _c: self.open_attachment(r))
        self.attachments_table.activated.connect(lambda index: self.open_attachment(index.row()))
        for keys, slot in (("Esc", self._on_escape), ("Alt+Left", self._on_escape)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this page shows
        ctx.events.changed.connect(self._on_events_changed)

    @staticmethod
    def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), parent)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @property
    def today(self) -> date:
        return self._today()

    # --- loading --------------------------------------------------------------------------------
    def open_case(self, case_no: str) -> None:
        """Open a case: reading its records is logged, so this is a command."""
        ctx, actor, today = self.ctx, self.ctx.require_actor(), self.today
        self.case_no = case_no
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: objections.get_case(ctx.db, case_no, actor=actor, today=today),
            on_done=self.show_case,
            on_error=self._on_load_failed,
            busy_for=self,
            busy_text=self.tr("正在读取案件…"),
        )

    def reload(self) -> None:
        """The case again, in the same viewing (not logged a second time)."""
        if not self.case_no:
            return
        ctx, actor, today, case_no = self.ctx, self.ctx.require_actor(), self.today, self.case_no
        ctx.runner.query(
            lambda _t: objections.get_case(ctx.db, case_no, actor=actor, today=today, log=False),
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
    def show_case(self, case: CaseDetail) -> None:
        self.case = case
        self.case_no = case.case_no
        self.title.setText(self.tr("异议案件 {0}").format(case.case_no))
        state = case.state_label + (self.tr("（仍有异议）") if case.disputed else "")
        self.state_badge.setText(state)
        f = self.fields
        f["subject"].setText(f"{case.subject_name}（{case.subject_display_code}）")
        f["provider"].setText(case.provider_name or "—")
        f["applicant"].setText(f"{case.applicant_name}（{case.applicant_display_number}）")
        f["agent"].setText(
            f"{case.agent_name}（{case.agent_display_number or ''}）" if case.agent_name else "—"
        )
        f["assignee"].setText(case.assignee_name or self.tr("未分配"))
        f["received"].setText(case.received_on.isoformat())
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
        self.gap_warning.setText("⚠ " + case.calendar_gap if case.calendar_gap else "")
        self.gap_warning.setVisible(bool(case.calendar_gap))
        self._show_actions(case)
        self._show_records(case)
        self._show_application(case)
        self._show_files(case)
        self.timeline.show_timeline(case.timeline, case)

    def _show_actions(self, case: CaseDetail) -> None:
        for event, button in self.action_buttons.items():
            button.setVisible(case.may(event))
        self.receipt_button.setVisible(
            case.is_open
            and self.ctx.may(Permission.OBJECTION_HANDLE)
            and not any(d.doc_type is DocumentType.OBJECTION_RECEIPT for d in case.documents)
        )
        visible = any(case.may(e) for e in self.action_buttons) or self.receipt_button.isVisible()
        ongoing = {ObjectionEvent.WITHDRAW, ObjectionEvent.DISPUTE}
        if case.is_open and case.next_step_label and not set(case.allowed) - ongoing:
            # e.g. 更正信息 or 登记申诉结果: the service lets only some roles do it
            text = self.tr("下一步“{0}”需由有相应权限的人员办理。").format(case.next_step_label)
        elif visible:
            text = ""
        elif case.is_open:
            text = self.tr("当前没有需要您办理的事项。")
        else:
            text = self.tr("本案{0}。").format(case.state_label)
        self.no_actions.setText(text)

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

    def _show_files(self, case: CaseDetail) -> None:
        docs = self.documents_table
        docs.setRowCount(len(case.documents))
        for r, document in enumerate(case.documents):
            for c, text in enumerate(
                (document.number, document.label, format_local(document.issued_at))
            ):
                docs.setItem(r, c, QTableWidgetItem(text))
        docs.resizeColumnsToContents()
        if case.documents:
            docs.selectRow(len(case.documents) - 1)
        self.reprint_button.setEnabled(bool(case.documents))
        atts = self.attachments_table
        atts.setRowCount(len(case.attachments))
        for r, attachment in enumerate(case.attachments):
            info = attachment.info
            for c, text in enumerate(
                (
                    attachment.kind.label,
                    info.display_name,
                    file_size_text(info.size_bytes),
                    format_local(info.created_at),
                )
            ):
                atts.setItem(r, c, QTableWidgetItem(text))
        atts.resizeColumnsToContents()
        if case.attachments:
            atts.selectRow(0)
        self.open_attachment_button.setEnabled(bool(case.attachments))
        files_tab = 2
        self.tabs.setTabText(
            files_tab,
            self.tr("文书与材料（{0}）").format(len(case.documents) + len(case.attachments)),
        )

    # --- actions --------------------------------------------------------------------------------
    def open_action(self, event: ObjectionEvent) -> ActionDialog | None:
        case = self.case
        if case is None or not case.may(event):
            return None
        self.status.clear_status()
        dialog = dialog_for(event, self.ctx, case, today=self.today, parent=self)
        dialog.completed.connect(self._on_action_completed)
        dialog.conflicted.connect(self._on_conflict)
        dialog.finished.connect(lambda _r: self._after_dialog())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_dialog(self) -> None:
        self.dialog = None
        self.window().activateWindow()

    def _on_action_completed(self, result: ActionResult) -> None:
        before = self.case
        self.show_case(result.case)
        self._announce()
        done = (
            next((e.event_label for e in reversed(result.case.timeline) if e.occurred_at), "")
            if before is not None
            else ""
        )
        message = self.tr("已办理：{0}。").format(done) if done else ""
        if result.document is not None:
            message += self.tr("已出具{0}（编号 {1}）。").format(
                result.document.doc_type.label, result.document.number
            )
            self._preview(result.document)
        if message:
            self.status.show_message(message)

    def _on_conflict(self, exc: ConcurrencyConflict) -> None:
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

    def _on_escape(self) -> None:
        self.back_requested.emit()

    def _preview(self, issued: IssuedDocumentResult) -> None:
        from ui.documents.pdf_preview import open_pdf_preview

        self.preview = open_pdf_preview(
            self, issued.pdf_bytes, issued.file_name, warnings=issued.warnings
        )

    # --- the receipt and reprints -----------------------------------------------------------------
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

    def reprint_current(self) -> None:
        case = self.case
        row = self.documents_table.currentRow()
        if case is None or not 0 <= row < len(case.documents):
            return
        ctx, actor, number = self.ctx, self.ctx.require_actor(), case.documents[row].number
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
        attachment_id = case.attachments[row].info.id
        # reading a file of the case is logged: the command lane
        ctx.runner.command(
            lambda _t: objections.attachment_content(ctx.db, case_no, attachment_id, actor=actor),
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
        if not open_local_file(path):
            self.status.show_text(
                self.tr("没有可以打开此类文件的程序。文件已保存在：{0}").format(path), INFO_STYLE
            )
