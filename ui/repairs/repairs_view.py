"""信用修复 (Ctrl+4): the case list and, opened from it, the dashboard or a case number, the case
view. Ctrl+N takes in a new application from either page; a blank 信用承诺书 can be printed for
the applicant to fill in and sign."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.domain.permissions import Permission
from app.services import documents
from app.services.clock import local_today
from app.services.repairs import RepairDetail
from ui.context import AppContext
from ui.errors import show_error, show_info
from ui.events import CASES, SETTINGS, ChangeSet
from ui.repairs.case_list import RepairListView
from ui.repairs.case_view import RepairCaseView
from ui.repairs.common import RepairProfileInfo, load_profile_info
from ui.repairs.intake_dialog import RepairIntakeDialog


class RepairsView(QWidget):
    """The 信用修复 screen. ``open_case(case_no)`` shows one case (from the dashboard)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repairsView")
        self.ctx = ctx
        self.profile: RepairProfileInfo | None = None
        self.intake: RepairIntakeDialog | None = None
        self.preview: QWidget | None = None
        self.notice: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.list_view = RepairListView(ctx, lambda: self.today, self.stack)
        self.case_view = RepairCaseView(ctx, lambda: self.today, self.stack)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.case_view)
        layout.addWidget(self.stack)

        self.list_view.case_requested.connect(self.open_case)
        self.list_view.intake_requested.connect(self.new_intake)
        self.list_view.blank_form_requested.connect(self.print_blank_commitment)
        self.case_view.back_requested.connect(self.show_list)
        self.case_view.blank_form_requested.connect(self.print_blank_commitment)
        ctx.events.changed.connect(self._on_events_changed)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self._on_new_shortcut)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this screen shows
        self.load_profile()

    @property
    def today(self) -> date:
        return local_today(self.ctx.clock())

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

    def new_intake(self, subject_code: str = "") -> RepairIntakeDialog | None:
        if not self.ctx.may(Permission.REPAIR_HANDLE):
            return None
        if self.profile is not None and not self.profile.provided:
            self.notice = show_info(
                self,
                self.tr("本辖区未规定信用修复"),
                self.tr("《{0}》没有信用修复的规定，本系统不受理信用修复申请。").format(
                    self.profile.regulation
                ),
            )
            return None
        dialog = RepairIntakeDialog(
            self.ctx, today=self.today, parent=self, subject_code=subject_code
        )
        dialog.registered.connect(self._on_registered)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.destroyed.connect(lambda *_: setattr(self, "intake", None))
        self.intake = dialog
        dialog.open()
        return dialog

    def _on_registered(self, case: RepairDetail) -> None:
        self.ctx.events.emit_changed(CASES)
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.show_case(case)
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
