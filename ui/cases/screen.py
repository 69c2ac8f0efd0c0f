"""A case screen: the case list and, opened from it, the dashboard or a case number, the case
view. Ctrl+N starts an intake from either page; once the intake opens a case, it is shown.

A screen subclasses ``CaseScreen`` naming its list, case view and intake (``LIST``,
``CASE_VIEW``, ``INTAKE``) and saying what follows an intake (``after_intake``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.domain.permissions import Permission
from app.services.clock import local_today
from ui.cases.case_list_base import CaseListBase
from ui.cases.case_view_base import CaseViewBase
from ui.cases.wizard import IntakeWizard
from ui.context import AppContext
from ui.events import CASES


class CaseScreen(QWidget):
    SCREEN_NAME = "casesView"
    HANDLE = Permission.OBJECTION_HANDLE  # who may start an intake
    LIST: type[CaseListBase]
    CASE_VIEW: type[CaseViewBase]
    INTAKE: type[IntakeWizard]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.SCREEN_NAME)
        self.ctx = ctx
        self.intake: IntakeWizard | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.list_view = self.LIST(ctx, lambda: self.today, self.stack)
        self.case_view = self.CASE_VIEW(ctx, lambda: self.today, self.stack)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.case_view)
        layout.addWidget(self.stack)

        self.list_view.case_requested.connect(self.open_case)
        self.list_view.intake_requested.connect(self.new_intake)
        self.case_view.back_requested.connect(self.show_list)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self._on_new_shortcut)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this screen shows

    @property
    def today(self) -> date:
        return local_today(self.ctx.clock())

    # --- pages --------------------------------------------------------------------------------
    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)
        self.list_view.table.setFocus()

    def open_case(self, case_no: str) -> None:
        """Show the case with this number (as the dashboard asks)."""
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.open_case(case_no)

    def showing_case(self) -> bool:
        return self.stack.currentWidget() is self.case_view

    def refresh(self) -> None:
        if self.showing_case():
            self.case_view.reload()
        else:
            self.list_view.refresh()

    def save_state(self) -> None:
        self.list_view.save_state()

    # --- intake -------------------------------------------------------------------------------
    def _on_new_shortcut(self) -> None:
        if self.intake is None or not self.intake.isVisible():
            self.new_intake()

    def may_take_in(self) -> bool:
        """Whether an intake may start here (say why not, if so)."""
        return True

    def new_intake(
        self, subject_code: str = "", record_ids: Iterable[int] = ()
    ) -> IntakeWizard | None:
        if not self.ctx.may(self.HANDLE) or not self.may_take_in():
            return None
        dialog = self.INTAKE(
            self.ctx,
            today=self.today,
            parent=self,
            subject_code=subject_code,
            record_ids=record_ids,
        )
        dialog.opened.connect(self._on_intake_opened)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.destroyed.connect(lambda *_: setattr(self, "intake", None))
        self.intake = dialog
        dialog.open()
        return dialog

    def _on_intake_opened(self, case: Any) -> None:
        self.ctx.events.emit_changed(CASES)
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.show_case(case)
        self.after_intake(case)

    def after_intake(self, case: Any) -> None:
        """The case an intake opened is shown: what to offer or say now."""
