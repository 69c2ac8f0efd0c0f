"""窗口查询: the wizard a clerk runs for an applicant at the window (issue 5).

查询人 → 查询对象与目的 → 授权核验 (authorised queries only) → 查询结果. Keyboard first:
Enter moves through the fields, Ctrl+Enter goes on, Esc goes back a step, Ctrl+N starts a new
query. Every database call goes through the task runner; the query itself and the disclosure
preview *write* the query log, so they run on the command lane. Fields keep their contents
when a call fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Audience, SubjectKind
from app.domain.errors import (
    CreditDeskError,
    DatabaseUnavailable,
    NeedsConfirmation,
    ValidationFailed,
)
from app.domain.permissions import Permission
from app.services import rules
from app.services.clock import local_today
from app.services.credit_reports import issue_credit_report
from app.services.documents import IssuedDocumentResult
from app.services.grants import GrantRow, list_grants
from app.services.lists import LinkRow, links_of_person
from app.services.queries import Page
from app.services.subject_search import SubjectHit, search_subjects
from app.services.window_query import (
    DisclosurePreview,
    QueryRefused,
    QueryRequest,
    QueryResult,
    check_requester,
    preview_disclosure,
    purposes_for,
    run_query,
)
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.widgets.forms import StatusLine
from ui.window_query.grant_dialog import GrantDialog
from ui.window_query.pages import GrantPage, RequesterPage, SubjectPage
from ui.window_query.preview_dialog import PreviewDialog
from ui.window_query.result_view import ResultView

REQUESTER, SUBJECT, GRANT, RESULT = range(4)
REQUESTER_FIELDS = {
    "doc_number",
    "name",
    "agent_doc_type",
    "agent_doc_number",
    "agent_name",
    "mandate",
}


@dataclass(frozen=True)
class _ProfileInfo:
    purposes: dict[Audience, tuple[str, ...]]
    sms_allowed: bool
    name: str


class WindowQueryView(QWidget):
    case_opened = Signal(str, int, str)  # kind, id, case number (the main window opens it)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("windowQueryView")
        self.ctx = ctx
        self.profile: _ProfileInfo | None = None
        self.grant_dialog: GrantDialog | None = None
        self.preview_dialog: PreviewDialog | None = None
        self._selected_grant: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        title_row = QHBoxLayout()
        heading = QLabel(self.tr("窗口查询"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title_row.addWidget(heading)
        title_row.addSpacing(24)
        self.step_labels: list[QLabel] = []
        for text in (
            self.tr("① 查询人"),
            self.tr("② 查询对象与目的"),
            self.tr("③ 授权核验"),
            self.tr("④ 查询结果"),
        ):
            label = QLabel(text, self)
            label.setObjectName("stepLabel")
            self.step_labels.append(label)
            title_row.addWidget(label)
            if len(self.step_labels) < 4:
                arrow = QLabel("›", self)
                arrow.setStyleSheet("color: #9aa0a6;")
                title_row.addWidget(arrow)
        title_row.addStretch(1)
        self.profile_label = QLabel(self)
        self.profile_label.setStyleSheet("color: #5f6368;")
        title_row.addWidget(self.profile_label)
        outer.addLayout(title_row)

        self.stack = QStackedWidget(self)
        self.requester_page = RequesterPage(self.stack)
        self.subject_page = SubjectPage(self.stack)
        self.grant_page = GrantPage(self.stack)
        self.result_view = ResultView(
            self.stack,
            may_preview=ctx.may(Permission.QUERY_PREVIEW),
            may_print=ctx.may(Permission.DOCUMENT_ISSUE),
            may_object=ctx.may(Permission.OBJECTION_HANDLE),
            may_see_history=ctx.may(Permission.RECORD_HISTORY),
            may_withdraw=ctx.may(Permission.WITHDRAWAL_HANDLE),
        )
        for page in (self.requester_page, self.subject_page, self.grant_page, self.result_view):
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)

        self.status = StatusLine(self)
        outer.addWidget(self.status)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新查询（Ctrl+N）"), self)
        self.new_button.setObjectName("newQueryButton")
        self.back_button = QPushButton(self.tr("上一步（Esc）"), self)
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton(self.tr("下一步（Ctrl+Enter）"), self)
        self.next_button.setObjectName("nextButton")
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)

        self.new_button.clicked.connect(self.new_query)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.requester_page.document_seen.toggled.connect(self._update_buttons)
        self.requester_page.submitted.connect(self.next)
        self.subject_page.submitted.connect(self.next)
        self.subject_page.search_requested.connect(self.search)
        self.grant_page.submitted.connect(self.next)
        self.grant_page.new_grant_requested.connect(self.open_grant_dialog)
        self.result_view.back_requested.connect(self.back)
        self.result_view.preview_requested.connect(self.open_preview)
        self.result_view.print_requested.connect(self.print_report)
        self.result_view.objection_requested.connect(self.open_objection_intake)
        self.result_view.history_requested.connect(self.open_record_history)
        self.result_view.withdrawal_requested.connect(self.open_withdrawal)
        self.subject_page.audience_group.buttonToggled.connect(lambda *_: self._update_buttons())
        for keys, slot in (
            ("Ctrl+N", self.new_query),
            ("Esc", self.back),
            ("Ctrl+Return", self.next),
            ("Ctrl+Enter", self.next),
            ("Ctrl+P", lambda: self.print_report()),
            ("Ctrl+E", self._on_objection_shortcut),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            # window-wide (the sidebar may have focus); Qt ignores shortcuts of hidden
            # widgets, so they are live only while this screen shows
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

        self.go_to(REQUESTER)
        self.refresh()

    # -- helpers -------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return local_today(self.ctx.clock())

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        needs_grant = self.subject_page.audience is Audience.AUTHORIZED
        for i, label in enumerate(self.step_labels):
            if i == step:
                style = "color: #1a73e8; font-weight: bold;"
            elif i == GRANT and not needs_grant:
                style = "color: #bdc1c6; text-decoration: line-through;"
            else:
                style = "color: #5f6368;"
            label.setStyleSheet(style)
        self._update_buttons()
        focus = {
            REQUESTER: self.requester_page.doc_number,
            SUBJECT: self.subject_page.search,
            GRANT: self.grant_page.table,
        }.get(step)
        if focus is not None:
            focus.setFocus()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setEnabled(step > REQUESTER)
        self.next_button.setVisible(step < RESULT)
        goes_to_query = step == GRANT or (
            step == SUBJECT and self.subject_page.audience is not Audience.AUTHORIZED
        )
        self.next_button.setText(
            self.tr("查询（Ctrl+Enter）") if goes_to_query else self.tr("下一步（Ctrl+Enter）")
        )
        if step == REQUESTER:
            seen = self.requester_page.document_seen.isChecked()
            self.next_button.setEnabled(seen)
            self.next_button.setToolTip(
                "" if seen else self.tr("请先核验身份证件原件并勾选“已核验身份证件原件”")
            )
        else:
            self.next_button.setEnabled(True)
            self.next_button.setToolTip("")

    def refresh(self) -> None:
        """Load the jurisdiction's purposes (the profile can change in 系统管理)."""
        db = self.ctx.db

        def load(_t: object) -> _ProfileInfo:
            profile = rules.current_profile(db)
            return _ProfileInfo(
                {a: purposes_for(profile, a) for a in Audience},
                profile.sms_authorization_allowed,
                profile.name,
            )

        self.ctx.runner.query(load, on_done=self._on_profile, on_error=self._on_failed)

    def _on_profile(self, info: _ProfileInfo) -> None:
        self.profile = info
        self.profile_label.setText(self.tr("适用规则：{0}").format(info.name))
        self.subject_page.set_purposes(info.purposes)

    # -- moving --------------------------------------------------------------------------------
    def new_query(self) -> None:
        self.requester_page.reset()
        self.subject_page.reset()
        self.grant_page.reset()
        self.result_view.clear()
        self._selected_grant = None
        self.status.clear_status()
        self.go_to(REQUESTER)

    def back(self) -> None:
        step = self.step
        self.status.clear_status()
        if step == RESULT:
            authorised = self.subject_page.audience is Audience.AUTHORIZED
            self.go_to(GRANT if authorised else SUBJECT)
        elif step > REQUESTER:
            self.go_to(step - 1)

    def next(self) -> None:
        if self.step == RESULT or not self.next_button.isEnabled():
            return
        self.status.clear_status()
        step = self.step
        if step == REQUESTER:
            if self._check_requester(Audience.PUBLIC):
                self.go_to(SUBJECT)
        elif step == SUBJECT:
            missing = self.subject_page.missing()
            if missing:
                self.status.show_text(missing)
                return
            if not self._check_requester(self.subject_page.audience):
                self.go_to(REQUESTER)
                return
            if self.subject_page.audience is Audience.AUTHORIZED:
                self.load_grants()
            else:
                self.run()
        elif step == GRANT:
            if self.grant_page.grant_id is None:
                self.status.show_text(self.tr("请选择一项授权，或登记新授权。"))
                return
            self.run()

    def _check_requester(self, audience: Audience) -> bool:
        """Pure validation of step 1 (no database: fine on the GUI thread)."""
        page = self.requester_page
        page.clear_errors()
        try:
            check_requester(page.requester_input(), audience, today=self.today)
        except ValidationFailed as exc:
            unknown = page.show_errors(dict(exc.field_errors))
            self.status.show_text(
                "；".join(m for f in unknown for m in exc.field_errors[f])
                or self.tr("请按提示修改标红的项目。")
            )
            return False
        return True

    # -- service calls -------------------------------------------------------------------------
    def search(self, text: str) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.subject_page.search_status.clear()
        ctx.runner.query(
            lambda _t: search_subjects(ctx.db, text, actor=actor, limit=50),
            on_done=self._on_hits,
            on_error=self._on_search_failed,
            busy_for=self.subject_page,
            busy_text=self.tr("正在查找…"),
        )

    def _on_hits(self, page: Page[SubjectHit]) -> None:
        self.subject_page.show_hits(list(page.rows), page.total_estimate, page.next_key is not None)

    def _on_search_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self._on_failed(exc)
        elif isinstance(exc, CreditDeskError):
            self.subject_page.show_search_error(exc.text)
        else:
            show_error(self, exc)

    def _subject_label(self) -> str:
        hit = self.subject_page.subject
        return f"{hit.name}（{hit.display_code}）" if hit is not None else ""

    def load_grants(self, select_id: int | None = None) -> None:
        ctx, actor, today = self.ctx, self.ctx.require_actor(), self.today
        hit = self.subject_page.subject
        assert hit is not None
        subject_id = hit.id

        def done(grants: list[GrantRow]) -> None:
            self.grant_page.show_grants(grants, self._subject_label(), select_id)
            if self.step != GRANT:
                self.go_to(GRANT)
            if grants:
                self.grant_page.table.setFocus()

        ctx.runner.query(
            lambda _t: list_grants(ctx.db, subject_id, actor=actor, today=today),
            on_done=done,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在读取授权…"),
        )

    def open_grant_dialog(self) -> None:
        hit = self.subject_page.subject
        if hit is None:
            return
        requester = self.requester_page.requester_input()
        purpose = "：".join(
            p
            for p in (
                self.subject_page.purpose_value,
                self.subject_page.purpose_detail.text().strip(),
            )
            if p
        )
        dialog = GrantDialog(
            self.ctx,
            subject_id=hit.id,
            subject_label=self._subject_label(),
            grantee_doc_type=requester.doc_type,
            grantee_doc_number=requester.doc_number,
            grantee_name=requester.name,
            purpose=purpose,
            sms_allowed=self.profile.sms_allowed if self.profile else False,
            today=self.today,
            parent=self,
        )
        dialog.registered.connect(lambda row: self.load_grants(row.id))
        dialog.finished.connect(lambda _r: self._after_dialog(self.grant_page.table))
        self.grant_dialog = dialog
        dialog.open()

    def request(self) -> QueryRequest:
        page = self.subject_page
        audience = page.audience
        hit = page.subject
        assert hit is not None
        return QueryRequest(
            requester=self.requester_page.requester_input(),
            audience=audience,
            subject_id=hit.id,
            document_seen=self.requester_page.document_seen.isChecked(),
            purpose=page.purpose_value if audience is not Audience.PUBLIC else "",
            purpose_detail=page.purpose_detail.text() if audience is not Audience.PUBLIC else "",
            grant_id=self.grant_page.grant_id if audience is Audience.AUTHORIZED else None,
            application_no=page.application_no.text() if audience is Audience.GOVERNMENT else "",
        )

    def run(self) -> None:
        """The query writes the query log: the command lane, never the read lane."""
        ctx, actor, today, request = self.ctx, self.ctx.require_actor(), self.today, self.request()
        ctx.runner.command(
            lambda _t: run_query(ctx.db, request, actor=actor, today=today),
            on_done=self._on_result,
            on_error=self._on_query_failed,
            busy_for=self,
            busy_text=self.tr("正在查询…"),
        )

    def _on_result(self, result: QueryResult) -> None:
        self.result_view.show_result(result)
        self.go_to(RESULT)
        self.result_view.setFocus()
        self.load_person_links(result)

    def load_person_links(self, result: QueryResult) -> None:
        """作为法定代表人/责任人关联的严重失信信息 (Nantong 第二十九条) of a natural person. The
        read is logged (the command lane); a result for another query is dropped."""
        if result.subject.kind is not SubjectKind.NATURAL_PERSON or not self.ctx.may(
            Permission.LISTS_READ
        ):
            return
        ctx, actor, person_id, log_id = (
            self.ctx,
            self.ctx.require_actor(),
            result.subject.id,
            result.log_id,
        )

        def done(rows: tuple[LinkRow, ...]) -> None:
            shown = self.result_view.result
            if shown is not None and shown.log_id == log_id:
                self.result_view.show_links(rows)

        ctx.runner.command(
            lambda _t: links_of_person(ctx.db, person_id, actor=actor),
            on_done=done,
            on_error=self._on_failed,
        )

    def _on_query_failed(self, exc: BaseException) -> None:
        if isinstance(exc, QueryRefused):
            self.result_view.show_refusal(exc)
            self.go_to(RESULT)
            self.result_view.back_button.setFocus()
        elif isinstance(exc, ValidationFailed) and exc.field_errors:
            fields = set(exc.field_errors)
            if fields & REQUESTER_FIELDS:
                self.requester_page.show_errors(dict(exc.field_errors))
                self.go_to(REQUESTER)
            self.status.show_text("；".join(m for v in exc.field_errors.values() for m in v))
        else:
            self._on_failed(exc)

    def print_report(self, confirmed: frozenset[str] = frozenset()) -> None:
        """Issue the credit report for this query (numbered, signed, recorded) and preview it."""
        result = self.result_view.result
        showing = self.stack.currentWidget() is self.result_view
        if result is None or not showing or not self.result_view.print_button.isEnabled():
            return
        ctx, actor, log_id = self.ctx, self.ctx.require_actor(), result.log_id
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: issue_credit_report(ctx.db, log_id, actor=actor, confirmed=confirmed),
            on_done=self._on_report_issued,
            on_error=lambda exc: self._on_report_failed(exc, confirmed),
            busy_for=self,
            busy_text=self.tr("正在出具报告…"),
        )

    def _on_report_issued(self, issued: IssuedDocumentResult) -> None:
        from ui.documents.pdf_preview import open_pdf_preview

        self.status.show_message(
            self.tr("已出具公共信用信息报告 {0}。").format(issued.number)
            + "".join(" " + w for w in issued.warnings)
        )
        self.report_dialog = open_pdf_preview(self, issued.pdf_bytes, issued.file_name)

    def _on_report_failed(self, exc: BaseException, confirmed: frozenset[str]) -> None:
        if isinstance(exc, NeedsConfirmation):
            self.report_question = ask(
                self,
                exc.title,
                exc.text,
                lambda: self.print_report(confirmed | {exc.key}),
                informative=exc.resolution,
                yes_text=self.tr("仍然出具"),
            )
        else:
            self._on_failed(exc)

    def open_preview(self) -> None:
        result = self.result_view.result
        if result is None:
            return
        ctx, actor, today, subject_id = (
            self.ctx,
            self.ctx.require_actor(),
            self.today,
            result.subject.id,
        )
        ctx.runner.command(
            lambda _t: preview_disclosure(ctx.db, subject_id, actor=actor, today=today),
            on_done=self._on_preview,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在生成披露预览…"),
        )

    def _on_preview(self, preview: DisclosurePreview) -> None:
        self.preview_dialog = PreviewDialog(preview, self)
        self.preview_dialog.finished.connect(
            lambda _r: self._after_dialog(self.result_view.preview_button)
        )
        self.preview_dialog.open()

    def _on_objection_shortcut(self) -> None:
        showing = self.stack.currentWidget() is self.result_view
        if showing and self.result_view.objection_button.isEnabled():
            self.result_view.objection_button.click()

    def open_record_history(self, record_id: int) -> None:
        """版本历史 of the selected record (and, for supervisors, a provider's notice)."""
        from ui.records.history_dialog import RecordHistoryDialog

        dialog = RecordHistoryDialog(self.ctx, record_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.history_dialog = dialog
        dialog.open()

    def open_withdrawal(self, subject_code: str, record_id: int) -> None:
        """撤回良好信息: the withdrawal dialog on this subject with this record picked. The
        dialog tells the dashboard when it registers; once it closes on a registered request,
        the main window is asked to show the case."""
        from ui.withdrawals.withdrawal_dialog import WithdrawalDialog

        dialog = WithdrawalDialog(
            self.ctx, subject_code, self, today=self.today, record_id=record_id
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def closed(_result: int) -> None:
            case = dialog.registered
            self._after_dialog(self.result_view.withdraw_button)
            if case is not None:
                self.case_opened.emit("withdrawal", case.id, case.case_no)

        dialog.finished.connect(closed)
        self.withdrawal_dialog = dialog
        dialog.open()

    def open_objection_intake(self, subject_code: str, record_id: int) -> None:
        """对所选信息提出异议: the intake with this subject and record ticked; once opened,
        the case shows on the 异议处理 screen."""
        from ui.events import CASES
        from ui.objections.intake_dialog import IntakeDialog

        dialog = IntakeDialog(
            self.ctx,
            today=self.today,
            parent=self,
            subject_code=subject_code,
            record_ids=(record_id,),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def opened(case: object) -> None:
            self.ctx.events.emit_changed(CASES)
            self.case_opened.emit("objection", case.id, case.case_no)  # type: ignore[attr-defined]

        dialog.opened.connect(opened)
        self.intake_dialog = dialog
        dialog.open()

    def _after_dialog(self, focus: QWidget) -> None:
        """Give the keyboard back to the wizard (Esc, Ctrl+N) once a dialog closes."""
        self.window().activateWindow()
        focus.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(
                self.tr("操作未完成：数据库连接中断。填写的内容已保留，连接恢复后请再试一次。")
            )
        else:
            show_error(self, exc)
