"""Stories: a clerk handles a good-information withdrawal request in its case dialog (issue 10).

Real services on the ``db`` fixture, a synchronous task runner, the query world under Weihai
(the company's public 表彰奖励信息 and the person's 志愿服务记录 may be withdrawn; the provider
deletes, 第三十三条, within 5 working days). Today is Wednesday 25 November 2026 (the
``clock``): a request received today is due on Wednesday 2 December."""

from __future__ import annotations

from datetime import date

from gui_helpers import last_box, type_into
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.domain.caseflow import CaseKind, WithdrawalState
from app.domain.enums import RecordStatus, Role
from app.services import withdrawals as wd
from tests.integration.objection_world import company_applicant, objection_world, person_applicant
from tests.integration.query_world import COMPANY, PERSON, World
from ui.documents.pdf_preview import PdfPreviewDialog
from ui.events import CASES, ChangeSet
from ui.main_window import MainWindow
from ui.models.paged_table_model import ROW_ROLE
from ui.withdrawals.case_dialog import (
    CompleteWithdrawalDialog,
    RefuseWithdrawalDialog,
    WithdrawalCaseDialog,
)

TODAY = date(2026, 11, 25)


def register_company(db, world: World, actor) -> wd.WithdrawalDetail:
    return wd.register_withdrawal(
        db,
        wd.WithdrawalInput(
            subject_code=COMPANY,
            record_id=world.records["c_good_public"],
            applicant=company_applicant(),
            statement="本单位申请不再公开该表彰信息。",
        ),
        actor=actor,
        today=TODAY,
    )


def register_person(db, world: World, actor) -> wd.WithdrawalDetail:
    return wd.register_withdrawal(
        db,
        wd.WithdrawalInput(
            subject_code=PERSON,
            record_id=world.records["p_good_authorized"],
            applicant=person_applicant(),
        ),
        actor=actor,
        today=TODAY,
    )


def status_of(db, case_no: str, actor) -> RecordStatus:
    return wd.withdrawal_detail(db, case_no, actor=actor, today=TODAY).record_status


def open_dialog(ctx, case_no: str, qtbot) -> WithdrawalCaseDialog:
    dialog = WithdrawalCaseDialog(ctx, case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def changes_of(ctx) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    ctx.events.changed.connect(seen.append)
    return seen


def test_a_clerk_completes_a_withdrawal_and_prints_the_providers_notice(
    db, staff, qtbot, make_ctx
) -> None:
    """Given the company's registered request for its honour, when the clerk opens it, she sees
    the subject, the record, the due date with the days left and the article; when she presses
    办结撤回, keeps today's date, adds a note and confirms, then the record is withdrawn, the
    request shows 已撤回, the provider's notice opens in the preview and stays offered to print,
    and the dashboard is told the cases changed."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = register_company(db, world, clerk)
    ctx = make_ctx(clerk)
    changes = changes_of(ctx)
    dialog = open_dialog(ctx, case.case_no, qtbot)

    assert case.case_no in dialog.title.text()
    assert dialog.state_badge.text() == "已受理待撤回"
    f = dialog.fields
    assert f["subject"].text().startswith("济南某某科技有限公司")
    assert f["record"].text().startswith("表彰奖励信息")
    assert f["received"].text() == "2026-11-25"
    assert "2026-12-02" in f["due"].text() and "剩 5 个工作日" in f["due"].text()
    assert "5个工作日" in f["basis"].text() and "第三十三条" in f["basis"].text()
    assert f["agent"].text() == "刘经办"
    complete = dialog.action_buttons[wd.WithdrawalEvent.COMPLETE]
    refuse = dialog.action_buttons[wd.WithdrawalEvent.REFUSE]
    assert complete.isVisible() and refuse.isVisible()
    assert complete.text() == "办结撤回(&C)" and refuse.text() == "不予撤回(&R)"
    assert not dialog.letters_box.isVisible()

    QTest.mouseClick(complete, Qt.MouseButton.LeftButton)
    action = dialog.action
    assert isinstance(action, CompleteWithdrawalDialog) and action.isVisible()
    assert action.on.date().toString("yyyy-MM-dd") == "2026-11-25"  # today by default
    action.note.setPlainText("提供单位已确认删除。")
    action.activateWindow()
    qtbot.waitUntil(action.isActiveWindow)
    QTest.keyClick(action.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert dialog.action is None
    assert status_of(db, case.case_no, clerk) is RecordStatus.WITHDRAWN
    assert dialog.case is not None and dialog.case.state is WithdrawalState.COMPLETED
    assert dialog.state_badge.text() == "已撤回"
    assert f["result"].text() == "2026-11-25 已撤回"
    assert not complete.isVisible() and not refuse.isVisible()
    assert dialog.no_actions.text() == "本申请已撤回。"
    number = dialog.case.letter_number
    assert number and number in dialog.letters_label.text()
    assert dialog.letters_box.isVisible() and dialog.letter_button.isVisible()
    assert number in dialog.status.text()
    preview = dialog.preview
    assert isinstance(preview, PdfPreviewDialog) and number in preview.file_name
    assert preview.pdf_bytes.startswith(b"%PDF")
    preview.close()
    QTest.mouseClick(dialog.letter_button, Qt.MouseButton.LeftButton)
    assert isinstance(dialog.preview, PdfPreviewDialog) and dialog.preview is not preview
    assert any(c.touches(CASES) for c in changes)


def test_refusing_requires_a_reason(db, staff, qtbot, make_ctx) -> None:
    """Given the person's registered request, when the clerk opens it, the applicant's identity
    number is masked; when she presses 不予撤回 and confirms without a reason, then the reason is
    asked for next to the field and nothing changes; with a reason, the request is refused,
    the reason is shown, no notice is issued and the record stays public."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = register_person(db, world, clerk)
    dialog = open_dialog(make_ctx(clerk), case.case_no, qtbot)
    applicant = dialog.fields["applicant"].text()
    assert applicant.startswith("张三") and "*" in applicant and PERSON not in applicant
    assert not dialog.fields["reason"].isVisible()

    QTest.mouseClick(dialog.action_buttons[wd.WithdrawalEvent.REFUSE], Qt.MouseButton.LeftButton)
    action = dialog.action
    assert isinstance(action, RefuseWithdrawalDialog)
    QTest.mouseClick(action.ok_button, Qt.MouseButton.LeftButton)
    assert action.isVisible() and "必须写明理由" in action.errors.text("reason")
    again = wd.withdrawal_detail(db, case.case_no, actor=clerk, today=TODAY)
    assert again.state is WithdrawalState.RECEIVED

    action.reason.setPlainText("申请人所述信息与平台记载不符。")
    QTest.mouseClick(action.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.action is None
    assert dialog.state_badge.text() == "不予撤回"
    assert dialog.fields["reason"].isVisible()
    assert dialog.fields["reason"].text() == "申请人所述信息与平台记载不符。"
    assert not dialog.letters_box.isVisible()
    assert status_of(db, case.case_no, clerk) is RecordStatus.ACTIVE


def test_a_stale_version_shows_the_conflict_and_reloads(db, staff, qtbot, make_ctx) -> None:
    """Given the clerk has the request open, when the supervisor completes it meanwhile and
    the clerk then refuses it, then the standard 申请已被他人处理 message is shown and the
    request is read again: 已撤回, with nothing left to do."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = register_company(db, world, clerk)
    dialog = open_dialog(make_ctx(clerk), case.case_no, qtbot)
    wd.complete_withdrawal(
        db,
        case.case_no,
        expected_version=case.row_version,
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
    )

    action = dialog.open_action(wd.WithdrawalEvent.REFUSE)
    assert isinstance(action, RefuseWithdrawalDialog)
    action.reason.setPlainText("不符合撤回条件。")
    QTest.mouseClick(action.ok_button, Qt.MouseButton.LeftButton)

    box = last_box()
    assert box.windowTitle() == "申请已被他人处理"
    assert case.case_no in box.text() and "已撤回" in box.text()
    assert dialog.state_badge.text() == "已撤回"
    assert not any(b.isVisible() for b in dialog.action_buttons.values())
    assert dialog.case is not None and dialog.case.refusal_reason is None


def test_the_dashboard_opens_a_withdrawal_in_its_case_dialog(db, staff, qtbot, make_ctx) -> None:
    """Given a registered request in the clerk's work queue, when she double-clicks it on the
    dashboard, then its case dialog opens (not the 尚未启用 notice); when she types the number
    of a request completed earlier, its dialog offers the notice to reprint."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = register_company(db, world, clerk)
    other = register_person(db, world, clerk)
    wd.complete_withdrawal(
        db, other.case_no, expected_version=other.row_version, actor=clerk, today=TODAY
    )
    window = MainWindow(make_ctx(clerk))
    qtbot.addWidget(window)
    window.show()
    view = window.views["dashboard"]
    view._today = lambda: TODAY
    view.refresh()
    rows = [view.model.index(r, 0).data(ROW_ROLE) for r in range(view.model.rowCount())]
    row = next(r for r, item in enumerate(rows) if item.kind is CaseKind.WITHDRAWAL)

    view.table.doubleClicked.emit(view.model.index(row, 2))

    dialog = window.case_dialog
    assert isinstance(dialog, WithdrawalCaseDialog) and dialog.isVisible()
    assert dialog.case is not None and dialog.case.case_no == case.case_no
    assert window.last_opened_case == ("withdrawal", case.id, case.case_no)
    assert window.current_key() == "dashboard"
    dialog.close()

    type_into(view.case_no_edit, other.case_no)
    QTest.keyClick(view.case_no_edit, Qt.Key.Key_Return)

    reopened = window.case_dialog
    assert reopened is not dialog and reopened.case is not None
    assert reopened.case.state is WithdrawalState.COMPLETED
    assert reopened.letters_box.isVisible() and reopened.reprint_button.isVisible()
    assert not reopened.letter_button.isVisible()
    QTest.mouseClick(reopened.reprint_button, Qt.MouseButton.LeftButton)
    assert isinstance(reopened.preview, PdfPreviewDialog)
    assert reopened.preview.file_name.endswith("-补打.pdf")
