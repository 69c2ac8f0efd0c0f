"""异议处理 (Ctrl+3): the case list and, opened from it, the dashboard or a case number, the
case view (``ui.cases.screen``). Once an intake opens a case, the receipt is offered."""

from __future__ import annotations

from app.domain.permissions import Permission
from app.services.objections import CaseDetail
from ui.cases.screen import CaseScreen
from ui.objections.case_list import CaseListView
from ui.objections.case_view import CaseView
from ui.objections.intake_dialog import IntakeDialog


class ObjectionsView(CaseScreen):
    SCREEN_NAME = "objectionsView"
    HANDLE = Permission.OBJECTION_HANDLE
    LIST = CaseListView
    CASE_VIEW = CaseView
    INTAKE = IntakeDialog

    list_view: CaseListView
    case_view: CaseView
    intake: IntakeDialog | None

    def after_intake(self, case: CaseDetail) -> None:
        self.case_view.offer_receipt()
