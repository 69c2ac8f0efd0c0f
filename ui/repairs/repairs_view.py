"""信用修复 (Ctrl+4): the case list and, opened from it, the dashboard or a case number, the case
view (``ui.cases.screen``). A blank 信用承诺书 can be printed for the applicant to fill in and
sign; where the regulation provides for no repair, no application is taken in."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.permissions import Permission
from app.services import documents
from app.services.repairs import RepairDetail
from ui.cases.screen import CaseScreen
from ui.context import AppContext
from ui.errors import show_error, show_info
from ui.events import SETTINGS, ChangeSet
from ui.repairs.case_list import RepairListView
from ui.repairs.case_view import RepairCaseView
from ui.repairs.common import RepairProfileInfo, load_profile_info
from ui.repairs.intake_dialog import RepairIntakeDialog


class RepairsView(CaseScreen):
    """The 信用修复 screen. ``open_case(case_no)`` shows one case (from the dashboard)."""

    SCREEN_NAME = "repairsView"
    HANDLE = Permission.REPAIR_HANDLE
    LIST = RepairListView
    CASE_VIEW = RepairCaseView
    INTAKE = RepairIntakeDialog

    list_view: RepairListView
    case_view: RepairCaseView
    intake: RepairIntakeDialog | None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.profile: RepairProfileInfo | None = None
        self.preview: QWidget | None = None
        self.notice: QWidget | None = None
        self.list_view.blank_form_requested.connect(self.print_blank_commitment)
        self.case_view.blank_form_requested.connect(self.print_blank_commitment)
        ctx.events.changed.connect(self._on_events_changed)
        self.load_profile()

    # --- the regulation ---------------------------------------------------------------------------
    def load_profile(self) -> None:
        db = self.ctx.db
        self.ctx.runner.query(
            lambda _t: load_profile_info(db),
            on_done=self._on_profile,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_profile(self, info: RepairProfileInfo) -> None:
        self.profile = info
        self.case_view.publicity = info.publicity
        self.list_view.show_profile(info)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(SETTINGS):
            self.load_profile()

    # --- intake -------------------------------------------------------------------------------
    def may_take_in(self) -> bool:
        if self.profile is not None and not self.profile.provided:
            self.notice = show_info(
                self,
                self.tr("本辖区未规定信用修复"),
                self.tr("《{0}》没有信用修复的规定，本系统不受理信用修复申请。").format(
                    self.profile.regulation
                ),
            )
            return False
        return True

    def after_intake(self, case: RepairDetail) -> None:
        if case.missing_materials:
            lines = "\n".join(f"{i}. {m.label}" for i, m in enumerate(case.missing_materials, 1))
            self.notice = show_info(
                self,
                self.tr("一次性告知补正材料"),
                self.tr("已登记，案件编号 {0}。申请材料不全，案件状态为“待补正”。").format(
                    case.case_no
                ),
                self.tr("请一次性告知申请人补正以下全部材料：\n{0}").format(lines),
            )
        else:
            self.case_view.status.show_message(
                self.tr("已登记，案件编号 {0}。").format(case.case_no)
            )

    # --- the blank commitment form ----------------------------------------------------------------
    def print_blank_commitment(self) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        # not numbered, not signed, not recorded: a read
        ctx.runner.query(
            lambda _t: documents.blank_commitment_form(ctx.db, actor=actor, purpose="信用修复"),
            on_done=self._on_blank_form,
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在生成信用承诺书…"),
        )

    def _on_blank_form(self, pdf_bytes: bytes) -> None:
        from ui.documents.pdf_preview import open_pdf_preview

        self.preview = open_pdf_preview(self, pdf_bytes, self.tr("信用承诺书（空白）.pdf"))
