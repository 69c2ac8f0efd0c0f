"""The frame of a case view: the title row (← 返回列表, the case number, its state, 刷新), a
header of facts, a button for each action this user may take now (``allowed``), the status
line, the screen's tabs beside the timeline (what happened when, each step's due date and basis)
and the letters and files tab.

Opening a case reads the subject's records, which the service logs; so does opening a file. Both
run on the command lane. Every action goes through its dialog (``ui.cases.action_dialog``); when
the action cannot go on (someone else acted first …) the error is shown and the case reloaded,
so the user sees the case as it is now. Letters open in the PDF preview.

A screen's case view subclasses ``CaseViewBase``: its header, its tabs, the service it calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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

from app.domain.caseflow import DueLight
from app.domain.errors import CreditDeskError, DatabaseUnavailable
from app.domain.permissions import Permission
from app.services import documents
from app.services.attachments import AttachmentInfo
from app.services.clock import format_local
from app.services.documents import IssuedDocumentResult
from ui.cases import common
from ui.cases.action_dialog import ActionDialog
from ui.cases.common import MUTED, due_text, file_size_text, named, read_only_rows, value_label
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CASES, ChangeSet
from ui.widgets.forms import INFO_STYLE, StatusLine
from ui.widgets.light_delegate import COLOURS

BADGE_COLOURS = ("#e8f0fe", "#174ea6", "#aecbfa")  # background, text, border
DocumentRow = tuple[str, str, datetime]  # number, type, issued at
AttachmentRow = tuple[str, AttachmentInfo]  # what it is, the file


def make_table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    """A read-only table of whole rows, one selected at a time."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    read_only_rows(table)
    return table


def table_item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tooltip or text)
    return item


class CaseTimeline(QWidget):
    """The steps, oldest first; the step still to do at the end, marked 待办. How a done step
    says when it was done, whether on time and its basis is the screen's (the hooks below)."""

    DONE_SEPARATOR = "<br>"  # between a done step's facts

    def __init__(self, parent: QWidget, *, prefix: str = "") -> None:
        super().__init__(parent)
        self._prefix = prefix
        self.setObjectName(named(prefix, "timeline"))
        self.entries: list[QFrame] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(6)
        self.layout_.addStretch(1)

    # -- what the screen says about a done step ---------------------------------------------------
    def done_when(self, entry: Any, case: Any) -> str:
        return format_local(entry.occurred_at, "%Y-%m-%d %H:%M")

    def done_tooltip(self, entry: Any) -> str:
        return ""

    def done_due(self, entry: Any) -> str:
        """期限 …, as HTML."""
        return escape(self.tr("期限 {0}").format(entry.due_on.isoformat()))

    def done_basis(self, entry: Any) -> str:
        return escape(self.tr("依据：{0}").format(entry.basis))

    # -- showing ----------------------------------------------------------------------------------
    def show_timeline(self, case: Any) -> None:
        for frame in self.entries:
            self.layout_.removeWidget(frame)
            frame.deleteLater()
        self.entries = []
        for i, entry in enumerate(case.timeline):
            frame = self._entry(entry, case, pending=entry.occurred_at is None)
            frame.setObjectName(named(self._prefix, f"timelineEntry_{i}"))
            self.layout_.insertWidget(i, frame)
            self.entries.append(frame)

    def _entry(self, entry: Any, case: Any, *, pending: bool) -> QFrame:
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
            actor = f"　{escape(entry.actor_name)}" if entry.actor_name else ""
            title.setText(
                f'<span style="color:#5f6368;">{escape(self.done_when(entry, case))}</span>　'
                f"<b>{escape(entry.event_label)}</b>{actor}"
                f'　<span style="color:#5f6368;">→ {escape(entry.state_label)}</span>'
            )
            frame.setToolTip(self.done_tooltip(entry))
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
            facts.append(self.done_due(entry))
        if entry.basis:
            facts.append(
                escape(self.tr("依据：{0}").format(entry.basis))
                if pending
                else self.done_basis(entry)
            )
        if facts:
            detail = QLabel(("<br>" if pending else self.DONE_SEPARATOR).join(facts), frame)
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


class CaseViewBase(QWidget):
    back_requested = Signal()

    VIEW_NAME = "caseView"
    PREFIX = ""  # object names: caseTitle … (``repair``: repairCaseTitle …)
    ACTIONS: tuple[Any, ...] = ()  # the workflow events, in button order
    MNEMONICS: ClassVar[dict[Any, str]] = {}  # Alt+letter per event
    ONGOING: frozenset[Any] = frozenset()  # events that never are "the next step"
    TIMELINE_WIDTH = 340
    SPLIT = (720, 460)
    # the service: (db, case_no, *, actor, today, log) -> the case detail
    GET_CASE: Callable[..., Any]
    # the service: (db, case_no, attachment_id, *, actor) -> (AttachmentInfo, bytes)
    ATTACHMENT: Callable[..., tuple[AttachmentInfo, bytes]]

    def __init__(
        self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.VIEW_NAME)
        self.ctx = ctx
        self._today = today
        self.case: Any = None
        self.case_no = ""
        self.dialog: ActionDialog | None = None
        self.preview: QWidget | None = None
        self.question: QWidget | None = None
        self.last_opened_file: Path | None = None
        self._documents: list[DocumentRow] = []
        self._attachments: list[AttachmentRow] = []
        self._emitting = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)

        # --- title row ----------------------------------------------------------------------------
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← 返回列表"), self)
        self.back_button.setObjectName(self._named("backToListButton"))
        self.back_button.setToolTip(self.back_tooltip())
        self.title = QLabel(self)
        self.title.setObjectName(self._named("caseTitle"))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_badge = QLabel(self)
        self.state_badge.setObjectName(self._named("caseState"))
        self.set_badge("")
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
        self.fields: dict[str, QLabel] = {}
        self.build_header(outer)

        # --- actions ------------------------------------------------------------------------------
        actions = QHBoxLayout()
        self.actions_label = QLabel(self.tr("办理："), self)
        self.actions_label.setStyleSheet("font-weight: bold;")
        actions.addWidget(self.actions_label)
        self.action_buttons: dict[Any, QPushButton] = {}
        for event in self.ACTIONS:
            key = self.MNEMONICS[event]
            button = QPushButton(f"{event.label}(&{key})", self)
            button.setObjectName(self._named(f"action_{event.value}"))
            button.setToolTip(self.tr("{0}（Alt+{1}）").format(event.label, key))
            button.clicked.connect(lambda _=False, e=event: self.open_action(e))
            button.hide()
            actions.addWidget(button)
            self.action_buttons[event] = button
        self.add_action_widgets(actions)
        self.no_actions = QLabel(self)
        self.no_actions.setObjectName(self._named("noActions"))
        self.no_actions.setStyleSheet(MUTED)
        self.no_actions.setWordWrap(True)
        actions.addWidget(self.no_actions, 1)
        actions.addStretch(1)  # keeps the buttons compact when there is nothing to say
        outer.addLayout(actions)
        self.build_notices(outer)

        self.status = StatusLine(self)
        outer.addWidget(self.status)

        # --- body: the screen's tabs and the files on the left, the timeline on the right ---------
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName(self._named("caseSplitter"))
        splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName(self._named("caseTabs"))
        self.build_tabs(self.tabs)
        self.files_tab = self._build_files(self.tabs)
        self.tabs.addTab(self.files_tab, self.tr("文书与材料"))

        timeline_box = QGroupBox(self.tr("办理过程"), splitter)
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(4, 8, 4, 4)
        scroll = QScrollArea(timeline_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline = self.make_timeline(scroll)
        scroll.setWidget(self.timeline)
        timeline_layout.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.addWidget(timeline_box)
        timeline_box.setMinimumWidth(self.TIMELINE_WIDTH)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes(list(self.SPLIT))
        outer.addWidget(splitter, 1)

        # --- wiring -------------------------------------------------------------------------------
        self.back_button.clicked.connect(self.back_requested)
        self.refresh_button.clicked.connect(self.reload)
        self.reprint_button.clicked.connect(self.reprint_current)
        self.open_attachment_button.clicked.connect(self.open_current_attachment)
        self.attachments_table.cellDoubleClicked.connect(lambda r, _c: self.open_attachment(r))
        self.attachments_table.activated.connect(lambda index: self.open_attachment(index.row()))
        for keys in ("Esc", "Alt+Left"):
            shortcut = QShortcut(QKeySequence(keys), self, self.back_requested.emit)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this page shows
        ctx.events.changed.connect(self._on_events_changed)

    def _named(self, name: str) -> str:
        return named(self.PREFIX, name)

    def _build_files(self, parent: QWidget) -> QWidget:
        files = QWidget(parent)
        files_layout = QVBoxLayout(files)
        docs_row = QHBoxLayout()
        docs_row.addWidget(QLabel(self.tr("已出具的文书"), files))
        docs_row.addStretch(1)
        self.reprint_button = QPushButton(self.tr("补打…"), files)
        self.reprint_button.setObjectName(self._named("reprintButton"))
        self.reprint_button.setToolTip(self.tr("补打选中的文书：编号不变，标注“补打”并记录"))
        self.reprint_button.setVisible(self.ctx.may(Permission.DOCUMENT_REPRINT))
        docs_row.addWidget(self.reprint_button)
        files_layout.addLayout(docs_row)
        self.documents_table = make_table(
            files,
            [self.tr("文书编号"), self.tr("文书类型"), self.tr("出具时间")],
            self._named("caseDocuments"),
        )
        files_layout.addWidget(self.documents_table, 1)
        att_row = QHBoxLayout()
        att_row.addWidget(QLabel(self.attachments_caption(), files))
        att_row.addStretch(1)
        self.open_attachment_button = QPushButton(self.tr("打开"), files)
        self.open_attachment_button.setObjectName(self._named("openAttachmentButton"))
        self.open_attachment_button.setToolTip(self.tr("用系统程序打开选中的材料（回车或双击）"))
        att_row.addWidget(self.open_attachment_button)
        files_layout.addLayout(att_row)
        self.attachments_table = make_table(
            files,
            [self.tr("材料类型"), self.tr("文件名"), self.tr("大小"), self.tr("上传时间")],
            self._named("caseAttachments"),
        )
        files_layout.addWidget(self.attachments_table, 1)
        return files

    # -- what the screen builds and says ----------------------------------------------------------
    def back_tooltip(self) -> str:
        raise NotImplementedError

    def attachments_caption(self) -> str:
        raise NotImplementedError

    def build_header(self, outer: QVBoxLayout) -> None:
        """Add the header (``header_frame``, ``header_field``) and whatever follows it."""
        raise NotImplementedError

    def add_action_widgets(self, actions: QHBoxLayout) -> None:
        """Buttons of the screen's own after the workflow's (the receipt …)."""

    def build_notices(self, outer: QVBoxLayout) -> None:
        """Notices between the actions and the status line."""

    def build_tabs(self, tabs: QTabWidget) -> None:
        """The screen's tabs, before 文书与材料."""
        raise NotImplementedError

    def make_timeline(self, parent: QWidget) -> CaseTimeline:
        return CaseTimeline(parent, prefix=self.PREFIX)

    def case_reader(self, case_no: str, *, log: bool) -> Callable[[], Any]:
        """Reads the case (``log``: the reading is logged, on the command lane)."""
        db, actor, today, get_case = (
            self.ctx.db,
            self.ctx.require_actor(),
            self.today,
            self.GET_CASE,
        )
        return lambda: get_case(db, case_no, actor=actor, today=today, log=log)

    def make_dialog(self, event: Any) -> ActionDialog:
        raise NotImplementedError

    def show_details(self, case: Any) -> None:
        """Fill the title, the header and the screen's tabs."""
        raise NotImplementedError

    def document_rows(self, case: Any) -> Sequence[DocumentRow]:
        raise NotImplementedError

    def attachment_rows(self, case: Any) -> Sequence[AttachmentRow]:
        raise NotImplementedError

    def show_own_actions(self, case: Any) -> bool:
        """Show or hide the screen's own action buttons; whether one is offered."""
        return False

    def actions_note(self, case: Any, offered: bool) -> str:
        """What to say next to the buttons (``offered``: some action is offered)."""
        if case.is_open and case.next_step_label and not set(case.allowed) - self.ONGOING:
            # e.g. 更正信息 or 审批: the service lets only some roles do it
            return self.tr("下一步“{0}”需由有相应权限的人员办理。").format(case.next_step_label)
        if offered:
            return ""
        if case.is_open:
            return self.tr("当前没有需要您办理的事项。")
        return self.tr("本案{0}。").format(case.state_label)

    # -- helpers for the header -------------------------------------------------------------------
    def header_frame(self) -> tuple[QFrame, QGridLayout]:
        header = QFrame(self)
        name = self._named("caseHeader")
        header.setObjectName(name)
        header.setStyleSheet(
            f"QFrame#{name} {{ background: #f8f9fa; border: 1px solid #dadce0;"
            " border-radius: 4px; }"
        )
        grid = QGridLayout(header)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        return header, grid

    def header_field(
        self, grid: QGridLayout, row: int, col: int, key: str, text: str, span: int = 1
    ) -> None:
        """A caption (``text``：) and its value, ``self.fields[key]``."""
        parent = grid.parentWidget()
        caption = QLabel(text + self.tr("："), parent)
        caption.setStyleSheet(MUTED)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        value = value_label(parent, self._named(f"field_{key}"))
        grid.addWidget(caption, row, col)
        grid.addWidget(value, row, col + 1, 1, span)
        self.fields[key] = value

    def show_deadline(self, case: Any) -> None:
        """下一步, 办理期限 (with its light) and 期限依据."""
        f = self.fields
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
            f["due"].setText(common.days_left_text(None, None))
        f["basis"].setText(case.due_basis or "—")

    def set_badge(self, text: str, colours: tuple[str, str, str] = BADGE_COLOURS) -> None:
        background, colour, border = colours
        self.state_badge.setStyleSheet(
            f"background: {background}; color: {colour}; border: 1px solid {border};"
            " border-radius: 4px; padding: 2px 10px; font-weight: bold;"
        )
        self.state_badge.setText(text)

    @property
    def today(self) -> date:
        return self._today()

    # --- loading --------------------------------------------------------------------------------
    def open_case(self, case_no: str) -> None:
        """Open a case: reading its records is logged, so this is a command."""
        self.case_no = case_no.strip()
        read = self.case_reader(self.case_no, log=True)
        self.status.clear_status()
        self.ctx.runner.command(
            lambda _t: read(),
            on_done=self.show_case,
            on_error=self._on_load_failed,
            busy_for=self,
            busy_text=self.tr("正在读取案件…"),
        )

    def reload(self) -> None:
        """The case again, in the same viewing (not logged a second time)."""
        if not self.case_no:
            return
        read = self.case_reader(self.case_no, log=False)
        self.ctx.runner.query(
            lambda _t: read(),
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
    def show_case(self, case: Any) -> None:
        self.case = case
        self.case_no = case.case_no
        self.show_details(case)
        self._show_actions(case)
        self._show_files(case)
        self.timeline.show_timeline(case)

    def _show_actions(self, case: Any) -> None:
        for event, button in self.action_buttons.items():
            button.setVisible(case.may(event))
        offered = self.show_own_actions(case)
        offered = any(case.may(e) for e in self.action_buttons) or offered
        text = self.actions_note(case, offered)
        self.no_actions.setText(text)
        self.no_actions.setVisible(bool(text))

    def _show_files(self, case: Any) -> None:
        self._documents = list(self.document_rows(case))
        self._attachments = list(self.attachment_rows(case))
        docs = self.documents_table
        docs.setRowCount(len(self._documents))
        for r, (number, label, issued_at) in enumerate(self._documents):
            for c, text in enumerate((number, label, format_local(issued_at))):
                docs.setItem(r, c, table_item(text))
        docs.resizeColumnsToContents()
        if self._documents:
            docs.selectRow(len(self._documents) - 1)
        self.reprint_button.setEnabled(bool(self._documents))
        atts = self.attachments_table
        atts.setRowCount(len(self._attachments))
        for r, (kind, info) in enumerate(self._attachments):
            for c, text in enumerate(
                (
                    kind,
                    info.display_name,
                    file_size_text(info.size_bytes),
                    format_local(info.created_at),
                )
            ):
                atts.setItem(r, c, table_item(text))
        atts.resizeColumnsToContents()
        if self._attachments:
            atts.selectRow(0)
        self.open_attachment_button.setEnabled(bool(self._attachments))
        self.tabs.setTabText(
            self.tabs.indexOf(self.files_tab),
            self.tr("文书与材料（{0}）").format(len(self._documents) + len(self._attachments)),
        )

    # --- actions --------------------------------------------------------------------------------
    def open_action(self, event: Any) -> ActionDialog | None:
        case = self.case
        if case is None or not case.may(event):
            return None
        self.status.clear_status()
        dialog = self.make_dialog(event)
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

    def _on_action_completed(self, result: Any) -> None:
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

    # --- reprints -------------------------------------------------------------------------------
    def reprint_current(self) -> None:
        row = self.documents_table.currentRow()
        if self.case is None or not 0 <= row < len(self._documents):
            return
        ctx, actor, number = self.ctx, self.ctx.require_actor(), self._documents[row][0]
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
        if case is None or not 0 <= row < len(self._attachments):
            return
        db, actor, case_no = self.ctx.db, self.ctx.require_actor(), case.case_no
        attachment_id, read = self._attachments[row][1].id, self.ATTACHMENT
        # reading a file of the case is logged: the command lane
        self.ctx.runner.command(
            lambda _t: read(db, case_no, attachment_id, actor=actor),
            on_done=lambda result: self._on_attachment(case_no, *result),
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在读取材料…"),
        )

    def _on_attachment(self, case_no: str, info: AttachmentInfo, content: bytes) -> None:
        path = common.attachment_dir() / f"{case_no}-{info.id}-{info.display_name}"
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
