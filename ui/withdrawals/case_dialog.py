"""One good-information withdrawal request (良好信息撤回) as a clerk or supervisor handles it.

The header says what the other case screens say: the subject, the record to be withdrawn, the
applicant (identity number masked), when it was received, the due date with the working days
left and its article, and the state. The actions are the ones the service allows now:
办结撤回 (the record leaves disclosure; the provider unit's notice is issued and opened in the
preview to print) and 不予撤回 (with the reason). Each goes through its small dialog (the frame
of ``ui.cases.action_dialog``) with the row version the clerk saw; when someone acted first the
standard message is shown and the request read again. Opening the request to handle it is
logged (办案查阅), so it runs on the command lane. Keyboard: Alt+C / Alt+R, F5, Esc.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import DueLight, WithdrawalEvent, WithdrawalState
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from app.domain.permissions import Permission
from app.services import documents, withdrawals
from app.services.clock import local_today
from app.services.documents import IssuedDocumentResult
from app.services.withdrawals import WithdrawalDetail, WithdrawalResult
from ui.cases.action_dialog import ActionDialog, Call
from ui.cases.case_view_base import BADGE_COLOURS
from ui.cases.common import MUTED, due_text, pydate, value_label
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CASES
from ui.widgets.forms import StatusLine
from ui.widgets.light_delegate import COLOURS

__all__ = [
    "CompleteWithdrawalDialog",
    "RefuseWithdrawalDialog",
    "WithdrawalCaseDialog",
]

# Alt+letter for each action button
WIDTH = 860
MNEMONICS: dict[WithdrawalEvent, str] = {WithdrawalEvent.COMPLETE: "C", WithdrawalEvent.REFUSE: "R"}
STATE_COLOURS: dict[WithdrawalState, tuple[str, str, str]] = {
    WithdrawalState.RECEIVED: BADGE_COLOURS,
    WithdrawalState.COMPLETED: ("#e6f4ea", "#137333", "#81c995"),
    WithdrawalState.REFUSED: ("#fce8e6", "#a50e0e", "#f28b82"),
}


# --- the two action dialogs -------------------------------------------------------------------


class _WithdrawalAction(ActionDialog):
    """An action on a withdrawal request: titled with the case number; closes and hands the
    error on when the request cannot be acted on any more."""

    case: WithdrawalDetail
    event: WithdrawalEvent = WithdrawalEvent.COMPLETE
    REFUSALS = (ConcurrencyConflict, InvalidTransition, NotFound, PermissionDenied)
    WIDTH = 560
    MULTILINE_MAX = 140

    def __init__(
        self, ctx: AppContext, case: WithdrawalDetail, *, today: date, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, case, today=today, parent=parent)
        self.setObjectName(f"withdrawalAction_{self.event.value}")

    def title(self) -> str:
        return self.tr("{0} — {1}").format(self.event.label, self.case.case_no)

    def record_html(self) -> str:
        return self.tr("撤回信息：<b>{0}</b>（{1}）").format(
            escape(self.case.record_label), escape(self.case.provider_name)
        )


class CompleteWithdrawalDialog(_WithdrawalAction):
    """办结撤回: the day (today unless entered later) and an optional note."""

    event = WithdrawalEvent.COMPLETE

    def ok_text(self) -> str:
        return self.tr("办结并出具告知书")

    def build(self) -> None:
        case = self.case
        self.intro.setText(
            self.record_html()
            + "<br>"
            + self.tr("办结后该信息{0}（{1}），并出具良好信息撤回告知书告知信息提供单位。").format(
                escape(case.effect_label), escape(case.acted_by_label)
            )
        )
        self.on = self.date_row(self.tr("办结日期(&D)"), "on")
        self.note = self.multiline(self.tr("可选（Ctrl+Enter 提交）"), height=64)
        self.note.setObjectName("withdrawalNote")
        self.add_row(self.tr("办理意见(&N)"), self.note, "note")
        self.note.setFocus()

    def call(self) -> Call:
        return self.case_call(
            withdrawals.complete_withdrawal,
            on=pydate(self.on.date()),
            note=self.note.toPlainText(),
        )


class RefuseWithdrawalDialog(_WithdrawalAction):
    """不予撤回: the reason is required (the service says so next to the field)."""

    event = WithdrawalEvent.REFUSE

    def build(self) -> None:
        self.intro.setText(
            self.record_html()
            + "<br>"
            + escape(self.tr("不予撤回后本申请办结，该信息继续按规定公开。"))
        )
        self.reason = self.multiline(self.tr("必填：不予撤回的理由（Ctrl+Enter 提交）"))
        self.reason.setObjectName("withdrawalRefusalReason")
        self.add_row(self.tr("理由 *"), self.reason, "reason")
        self.on = self.date_row(self.tr("办结日期(&D)"), "on")
        self.reason.setFocus()

    def call(self) -> Call:
        return self.case_call(
            withdrawals.refuse_withdrawal,
            reason=self.reason.toPlainText(),
            on=pydate(self.on.date()),
        )


# --- the request ------------------------------------------------------------------------------


class WithdrawalCaseDialog(QDialog):
    """The withdrawal request ``case_no``: its facts, its actions, its letters."""

    def __init__(
        self,
        ctx: AppContext,
        case_no: str,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or local_today(ctx.clock())
        self.case_no = (case_no or "").strip()
        self.case: WithdrawalDetail | None = None
        self.letters: tuple[IssuedDocumentResult, ...] = ()  # issued while this dialog is open
        self.action: ActionDialog | None = None
        self.preview: QWidget | None = None
        self.question: QWidget | None = None
        self.setObjectName("withdrawalCaseDialog")
        self.setWindowTitle(self.tr("良好信息撤回申请 {0}").format(self.case_no))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)

        # --- title row: number, state, 刷新 -------------------------------------------------------
        top = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("withdrawalCaseTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_badge = QLabel(self)
        self.state_badge.setObjectName("withdrawalCaseState")
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setObjectName("withdrawalCaseRefresh")
        self.refresh_button.setToolTip(self.tr("重新读取本申请（F5）"))
        self.refresh_button.setAutoDefault(False)
        top.addWidget(self.title)
        top.addSpacing(8)
        top.addWidget(self.state_badge)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        # --- header ---------------------------------------------------------------------------
        self.fields: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        header = QFrame(self)
        header.setObjectName("withdrawalCaseHeader")
        header.setStyleSheet(
            "QFrame#withdrawalCaseHeader { background: #f8f9fa; border: 1px solid #dadce0;"
            " border-radius: 4px; }"
        )
        grid = QGridLayout(header)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(5)
        rows = (
            (("subject", self.tr("信用主体")), ("received", self.tr("受理日期"))),
            (("record", self.tr("撤回信息")), ("record_status", self.tr("信息状态"))),
            (("provider", self.tr("提供单位")), ("handling", self.tr("办理方式"))),
            (("applicant", self.tr("申请人")), ("agent", self.tr("代理人"))),
            (("phone", self.tr("联系电话")), ("assignee", self.tr("经办人"))),
            (("due", self.tr("办理期限")), ("result", self.tr("办结"))),
        )
        for r, pair in enumerate(rows):
            for c, (key, text) in enumerate(pair):
                self._field(grid, r, c * 2, key, text)
        r = len(rows)
        for key, text in (
            ("basis", self.tr("期限依据")),
            ("statement", self.tr("申请事由")),
            ("reason", self.tr("不予撤回理由")),
        ):
            self._field(grid, r, 0, key, text, span=3)
            r += 1
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        layout.addWidget(header)

        # --- actions --------------------------------------------------------------------------
        actions = QHBoxLayout()
        actions_label = QLabel(self.tr("办理："), self)
        actions_label.setStyleSheet("font-weight: bold;")
        actions.addWidget(actions_label)
        self.action_buttons: dict[WithdrawalEvent, QPushButton] = {}
        for event, key in MNEMONICS.items():
            button = QPushButton(f"{event.label}(&{key})", self)
            button.setObjectName(f"withdrawalAction_{event.value}_button")
            button.setToolTip(self.tr("{0}（Alt+{1}）").format(event.label, key))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, e=event: self.open_action(e))
            button.hide()
            actions.addWidget(button)
            self.action_buttons[event] = button
        self.no_actions = QLabel(self)
        self.no_actions.setObjectName("withdrawalNoActions")
        self.no_actions.setStyleSheet(MUTED)
        self.no_actions.setWordWrap(True)
        actions.addWidget(self.no_actions, 1)
        actions.addStretch(1)
        layout.addLayout(actions)

        # --- the letters ----------------------------------------------------------------------
        self.letters_box = QFrame(self)
        self.letters_box.setObjectName("withdrawalLetters")
        self.letters_box.setStyleSheet(
            "QFrame#withdrawalLetters { background: #e6f4ea; border: 1px solid #81c995;"
            " border-radius: 4px; } QLabel { background: transparent; }"
        )
        letters_row = QHBoxLayout(self.letters_box)
        letters_row.setContentsMargins(10, 6, 10, 6)
        self.letters_label = QLabel(self.letters_box)
        self.letters_label.setObjectName("withdrawalLettersText")
        self.letters_label.setTextFormat(Qt.TextFormat.RichText)
        self.letters_label.setWordWrap(True)
        self.letters_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        letters_row.addWidget(self.letters_label, 1)
        self.letter_button = QPushButton(self.tr("预览 / 打印告知书(&P)"), self.letters_box)
        self.letter_button.setObjectName("withdrawalLetterButton")
        self.letter_button.setToolTip(self.tr("打开致信息提供单位的告知书，预览后打印（Alt+P）"))
        self.letter_button.setAutoDefault(False)
        self.letter_button.clicked.connect(lambda: self.open_letter(0))
        letters_row.addWidget(self.letter_button, 0, Qt.AlignmentFlag.AlignTop)
        self.applicant_letter_button = QPushButton(self.tr("致申请人告知书(&A)"), self.letters_box)
        self.applicant_letter_button.setObjectName("withdrawalApplicantLetterButton")
        self.applicant_letter_button.setToolTip(self.tr("打开致申请人的告知书（Alt+A）"))
        self.applicant_letter_button.setAutoDefault(False)
        self.applicant_letter_button.clicked.connect(lambda: self.open_letter(1))
        letters_row.addWidget(self.applicant_letter_button, 0, Qt.AlignmentFlag.AlignTop)
        self.reprint_button = QPushButton(self.tr("补打告知书…"), self.letters_box)
        self.reprint_button.setObjectName("withdrawalReprintButton")
        self.reprint_button.setToolTip(
            self.tr("补打致信息提供单位的告知书：编号不变，标注“补打”并记录")
        )
        self.reprint_button.setAutoDefault(False)
        self.reprint_button.clicked.connect(self.reprint_letter)
        letters_row.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignTop)
        self.letters_box.hide()
        layout.addWidget(self.letters_box)

        self.status = StatusLine(self)
        layout.addWidget(self.status)
        layout.addStretch(1)

        buttons = QDialogButtonBox(self)
        self.close_button = buttons.addButton(
            self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("withdrawalCaseClose")
        self.close_button.setToolTip(self.tr("关闭（Esc）"))
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.refresh_button.clicked.connect(self.reload)
        QShortcut(QKeySequence("F5"), self, self.reload)
        self._set_badge("", BADGE_COLOURS)
        self.load()
        self.resize(WIDTH, self._height_for(WIDTH))

    def _field(
        self, grid: QGridLayout, row: int, col: int, key: str, text: str, span: int = 1
    ) -> None:
        parent = grid.parentWidget()
        caption = QLabel(self.tr("{0}：").format(text), parent)
        caption.setObjectName(f"withdrawalCaption_{key}")
        caption.setStyleSheet(MUTED)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        value = value_label(parent, f"withdrawalField_{key}")
        grid.addWidget(caption, row, col)
        grid.addWidget(value, row, col + 1, 1, span)
        self.fields[key] = value
        self.captions[key] = caption

    def _set_badge(self, text: str, colours: tuple[str, str, str]) -> None:
        background, colour, border = colours
        self.state_badge.setStyleSheet(
            f"background: {background}; color: {colour}; border: 1px solid {border};"
            " border-radius: 4px; padding: 2px 10px; font-weight: bold;"
        )
        self.state_badge.setText(text)
        self.state_badge.setVisible(bool(text))

    # --- loading ----------------------------------------------------------------------------------
    def load(self) -> None:
        """Open the request: reading it to handle it is logged, so this is a command."""
        self._read(log=True)

    def reload(self) -> None:
        """The request again, in the same viewing (not logged a second time)."""
        self._read(log=False)

    def _read(self, *, log: bool) -> None:
        db, actor, today, case_no = self.ctx.db, self.ctx.require_actor(), self.today, self.case_no
        lane = self.ctx.runner.command if log else self.ctx.runner.query
        lane(
            lambda _t: withdrawals.withdrawal_detail(
                db, case_no, actor=actor, today=today, log=log
            ),
            on_done=self.show_case,
            on_error=self._on_load_failed,
            busy_for=self,
            busy_text=self.tr("正在读取撤回申请…"),
        )

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CreditDeskError):
            self.status.show_error(exc, saving=False)
            if self.case is None:
                self.title.setText(self.tr("良好信息撤回申请 {0}").format(self.case_no))
                for button in self.action_buttons.values():
                    button.hide()
            return
        show_error(self, exc)

    # --- showing ----------------------------------------------------------------------------------
    def show_case(self, case: WithdrawalDetail) -> None:
        self.case = case
        self.case_no = case.case_no
        self.setWindowTitle(self.tr("良好信息撤回申请 {0}").format(case.case_no))
        self.title.setText(self.tr("良好信息撤回 {0}").format(case.case_no))
        self._set_badge(case.state_label, STATE_COLOURS.get(case.state, BADGE_COLOURS))
        self._show_header(case)
        self._show_actions(case)
        self._show_letters(case)
        if self.isVisible():  # the letters appeared, a reason is shown …: make room
            self.resize(self.width(), max(self.height(), self._height_for(self.width())))

    def _height_for(self, width: int) -> int:
        """The height the content needs at ``width`` (wrapped labels included)."""
        layout = self.layout()
        if layout.hasHeightForWidth():
            return max(layout.totalHeightForWidth(width), self.minimumSizeHint().height())
        return self.sizeHint().height()

    def _show_header(self, case: WithdrawalDetail) -> None:
        f = self.fields
        f["subject"].setText(
            self.tr("{0}（{1}）").format(case.subject_name, case.subject_display_code)
        )
        f["received"].setText(case.received_on.isoformat())
        f["record"].setText(case.record_label)
        f["record_status"].setText(case.record_status.label)
        f["provider"].setText(case.provider_name or "—")
        f["handling"].setText(self.tr("{0}，{1}").format(case.acted_by_label, case.effect_label))
        f["applicant"].setText(
            self.tr("{0}（{1}）").format(case.applicant_name, case.applicant_doc_number)
        )
        f["applicant"].setToolTip(case.applicant_doc_type.label)
        f["agent"].setText(case.agent_name or "—")
        f["phone"].setText(case.applicant_phone or "—")
        f["assignee"].setText(case.assignee_name or self.tr("未分配"))
        if case.due_on is not None:
            colour = COLOURS[case.light].name() if case.light is not DueLight.NONE else "#5f6368"
            f["due"].setTextFormat(Qt.TextFormat.RichText)
            f["due"].setText(
                f'<span style="color:{colour}; font-size:13pt;">●</span> '
                + escape(due_text(case.due_on, case.working_days_left))
            )
        else:
            f["due"].setTextFormat(Qt.TextFormat.PlainText)
            f["due"].setText(self.tr("无（已办结）") if case.completed_on else "—")
        if case.completed_on is not None:
            f["result"].setText(
                self.tr("{0} {1}").format(case.completed_on.isoformat(), case.state_label)
            )
        else:
            f["result"].setText("—")
        f["basis"].setText(case.due_basis or "—")
        f["basis"].setVisible(case.due_on is not None)  # a closed request has none
        self.captions["basis"].setVisible(case.due_on is not None)
        f["statement"].setText(case.statement or "—")
        f["reason"].setText(case.refusal_reason or "")
        refused = bool(case.refusal_reason)
        f["reason"].setVisible(refused)
        self.captions["reason"].setVisible(refused)

    def _show_actions(self, case: WithdrawalDetail) -> None:
        allowed = set(case.allowed) if self.ctx.may(Permission.WITHDRAWAL_HANDLE) else set()
        for event, button in self.action_buttons.items():
            button.setVisible(event in allowed)
        if allowed:
            text = ""
            first = next(e for e in MNEMONICS if e in allowed)
            self.action_buttons[first].setFocus()
        elif case.state is WithdrawalState.RECEIVED:
            text = self.tr("当前没有需要您办理的事项。")
        else:
            text = self.tr("本申请{0}。").format(case.state_label)
        self.no_actions.setText(text)
        self.no_actions.setVisible(bool(text))

    def _show_letters(self, case: WithdrawalDetail) -> None:
        letters = self.letters if self.letters and case.letter_number else ()
        if not case.letter_number:
            self.letters_box.hide()
            return
        lines = [
            self.tr("已出具致信息提供单位（{0}）的告知书，编号 {1}").format(
                escape(case.provider_name), escape(case.letter_number)
            )
        ]
        if len(letters) > 1:
            lines.append(
                self.tr("已出具致申请人的告知书，编号 {0}").format(escape(letters[1].number))
            )
        if case.provider_notified_on:
            lines.append(
                '<span style="color:#5f6368;">'
                + escape(self.tr("通知日期 {0}").format(case.provider_notified_on.isoformat()))
                + "</span>"
            )
        self.letters_label.setText("<br>".join(lines))
        # the sealed bytes are at hand right after issuing; later the letter is reprinted
        self.letter_button.setVisible(bool(letters))
        self.letter_button.setText(
            self.tr("致提供单位告知书(&P)")
            if len(letters) > 1
            else self.tr("预览 / 打印告知书(&P)")
        )
        self.applicant_letter_button.setVisible(len(letters) > 1)
        self.reprint_button.setVisible(not letters and self.ctx.may(Permission.DOCUMENT_REPRINT))
        self.letters_box.show()

    # --- actions ----------------------------------------------------------------------------------
    def make_action(self, event: WithdrawalEvent) -> ActionDialog:
        assert self.case is not None
        dialog_class = (
            CompleteWithdrawalDialog
            if event is WithdrawalEvent.COMPLETE
            else RefuseWithdrawalDialog
        )
        return dialog_class(self.ctx, self.case, today=self.today, parent=self)

    def open_action(self, event: WithdrawalEvent) -> ActionDialog | None:
        case = self.case
        if case is None or event not in case.allowed:
            return None
        self.status.clear_status()
        dialog = self.make_action(event)
        dialog.completed.connect(self._on_action_completed)
        dialog.refused.connect(self._on_refused)
        dialog.finished.connect(lambda _r: self._after_action())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.action = dialog
        dialog.open()
        return dialog

    def _after_action(self) -> None:
        self.action = None
        self.activateWindow()

    def _on_action_completed(self, result: WithdrawalResult | WithdrawalDetail) -> None:
        if isinstance(result, WithdrawalResult):
            self.letters = result.documents
            case = result.case
        else:
            case = result
        self.show_case(case)
        self.ctx.events.emit_changed(CASES)
        if case.state is WithdrawalState.COMPLETED:
            message = self.tr("已办结撤回：{0}已{1}。").format(case.record_label, case.effect_label)
            if case.letter_number:
                message += self.tr("已出具告知书（编号 {0}）。").format(case.letter_number)
            self.status.show_message(message)
            if self.letters:
                self.open_letter(0)
        else:
            self.status.show_message(self.tr("已办结：不予撤回。"))
        self.close_button.setFocus()

    def _on_refused(self, exc: CreditDeskError) -> None:
        """Someone acted first, or the rules refuse: say so, show the request as it is now."""
        self.question = show_error(self, exc)
        self.reload()

    # --- letters ----------------------------------------------------------------------------------
    def open_letter(self, index: int) -> QWidget | None:
        if not 0 <= index < len(self.letters):
            return None
        self._preview(self.letters[index])
        return self.preview

    def reprint_letter(self) -> None:
        case = self.case
        if case is None or not case.letter_number:
            return
        ctx, actor, number = self.ctx, self.ctx.require_actor(), case.letter_number
        ctx.runner.command(
            lambda _t: documents.reprint(ctx.db, number, actor=actor),
            on_done=self._preview,
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在补打…"),
        )

    def _preview(self, issued: IssuedDocumentResult) -> None:
        from ui.documents.pdf_preview import open_pdf_preview

        self.preview = open_pdf_preview(
            self, issued.pdf_bytes, issued.file_name, warnings=issued.warnings
        )
