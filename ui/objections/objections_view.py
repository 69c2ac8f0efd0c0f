"""异议处理 (Ctrl+3): the case list and, opened from it, the dashboard or a case number, the
case view. Ctrl+N starts a new intake from either page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.domain.permissions import Permission
from app.services.clock import local_today
from app.services.objections import CaseDetail
from ui.context import AppContext
from ui.events import CASES
from ui.objections.case_list import CaseListView
from ui.objections.case_view import CaseView
from ui.objections.intake_dialog import IntakeDialog


class ObjectionsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("objectionsView")
        self.ctx = ctx
        self.intake: IntakeDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.list_view = CaseListView(ctx, lambda: self.today, self.stack)
        self.case_view = CaseView(ctx, lambda: self.today, self.stack)
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
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.open_case(case_no)

    def showing_case(self) -> bool:
        return self.stack.currentWidget() is self.case_view

    def refresh(self) -> None:
        if self.showing_case():
            self.case_view.reload()
        else:
            self.list_view.refresh()

    # --- intake -------------------------------------------------------------------------------
    def _on_new_shortcut(self) -> None:
        if self.intake is None or not self.intake.isVisible():
            self.new_intake()

    def new_intake(
        self, subject_code: str = "", record_ids: Iterable[int] = ()
    ) -> IntakeDialog | None:
        if not self.ctx.may(Permission.OBJECTION_HANDLE):
            return None
        dialog = IntakeDialog(
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

    def _on_intake_opened(self, case: CaseDetail) -> None:
        self.ctx.events.emit_changed(CASES)
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.show_case(case)
        self.case_view.offer_receipt()

    def save_state(self) -> None:
        self.list_view.save_state()
