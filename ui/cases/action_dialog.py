"""The frame every action dialog of a case shares: what the action will do (the intro), a form
with field errors, a status line, OK / 取消.

Each dialog collects only what the service asks for and calls it on the command lane with the
``row_version`` the user saw. Field errors appear next to the fields. When the case cannot be
acted on any more (``REFUSALS``: someone else acted first, and for some screens a rule or a role
refusing) the dialog closes and hands the error on (``refused``); the case view shows it and
reloads the case. Enter is the default button (Ctrl+Enter also inside multi-line fields), Esc
cancels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ConcurrencyConflict, CreditDeskError, ValidationFailed
from app.domain.permissions import Actor
from app.services.database import Database
from ui.cases.common import date_edit
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.forms import ERROR_STYLE, FieldErrors, StatusLine

Call = Callable[[Database, Actor], Any]


class ActionDialog(QDialog):
    """One workflow action on ``case``; ``completed`` carries the service's result."""

    completed = Signal(object)  # the service's result: the case now, and any letter issued
    refused = Signal(object)  # the CreditDeskError after which the case must be reloaded

    event: Any = None  # the workflow event (its label is the title and the OK button)
    REFUSALS: tuple[type[CreditDeskError], ...] = (ConcurrencyConflict,)
    WIDTH = 520  # at least
    MULTILINE_MAX: int | None = None  # multi-line fields grow to this (None: no limit)

    def __init__(
        self, ctx: AppContext, case: Any, *, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx, self.case, self.today = ctx, case, today
        self.result: Any = None
        self.setWindowTitle(self.title())
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("actionIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.errors = FieldErrors(self.form)
        self.build()
        self.status = StatusLine(self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.ok_text(), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("actionOkButton")
        self.ok_button.setDefault(True)
        self.ok_button.setToolTip(
            QCoreApplication.translate("CaseActions", "{0}（回车或 Ctrl+Enter）").format(
                self.ok_text()
            )
        )
        self.cancel_button = buttons.addButton(
            QCoreApplication.translate("CaseActions", "取消"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.cancel_button.setToolTip(QCoreApplication.translate("CaseActions", "取消（Esc）"))
        self.cancel_button.setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.resize(max(self.WIDTH, self.sizeHint().width()), self.sizeHint().height())

    # -- what subclasses say ------------------------------------------------------------------
    def title(self) -> str:
        return self.event.label

    def ok_text(self) -> str:
        return self.event.label

    def build(self) -> None:
        """Add the rows to ``self.form`` (and ``self.errors``); set ``self.intro``."""

    def call(self) -> Call:
        """The service call with what was entered (may raise ``ValidationFailed`` first)."""
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------------------------
    def add_row(self, label: str, widget: QWidget, field: str | None = None) -> QLabel:
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        if field:
            self.errors.add(field, widget)
        return caption

    def date_row(self, label: str, field: str, value: date | None = None) -> QDateEdit:
        edit = date_edit(self, value or self.today, latest=self.today)
        edit.setObjectName(f"date_{field}")
        self.add_row(label, edit, field)
        return edit

    def multiline(self, placeholder: str, height: int = 84) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumHeight(height)
        if self.MULTILINE_MAX is not None:
            edit.setMaximumHeight(max(height, self.MULTILINE_MAX))
        return edit

    def mark_required(
        self, caption: QLabel, field: QWidget, required: bool, texts: tuple[str, str], tip: str
    ) -> None:
        """A field required only for some choices: its caption (``texts``: optional, required)
        in red while it is, and ``tip`` on the field saying why."""
        caption.setText(texts[1] if required else texts[0])
        caption.setStyleSheet(ERROR_STYLE if required else "")
        field.setToolTip(tip if required else "")

    def provider_html(self) -> str:
        """The case's information provider, for an intro."""
        return escape(
            self.case.provider_name or QCoreApplication.translate("CaseActions", "信息提供单位")
        )

    def case_call(self, action: Callable[..., Any], **values: Any) -> Call:
        """``action(db, case_no, **values, expected_version=…, actor=…, today=…)``: the values
        are taken now, the call runs on the command lane."""
        case_no, version, today = self.case.case_no, self.case.row_version, self.today
        return lambda db, actor: action(
            db, case_no, **values, expected_version=version, actor=actor, today=today
        )

    # -- submitting ------------------------------------------------------------------------------
    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.errors.clear()
        self.status.clear_status()
        try:
            call = self.call()
        except ValidationFailed as exc:  # checked before the call (e.g. nothing picked)
            self._on_failed(exc)
            return
        ctx, actor = self.ctx, self.ctx.require_actor()
        ctx.runner.command(
            lambda _t: call(ctx.db, actor),
            on_done=self._on_done,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=QCoreApplication.translate("CaseActions", "正在办理…"),
        )

    def _on_done(self, result: Any) -> None:
        self.result = result
        self.completed.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, self.REFUSALS):
            QDialog.reject(self)
            self.refused.emit(exc)
        elif isinstance(exc, ValidationFailed) and exc.field_errors:
            unknown = self.errors.show(exc.field_errors)
            self.status.show_error(exc)
            if unknown:
                self.status.show_text("；".join(m for f in unknown for m in exc.field_errors[f]))
        elif isinstance(exc, CreditDeskError):
            self.status.show_error(exc)
        else:
            show_error(self, exc)
