"""Stories: a clerk handles objections (异议) through the 异议处理 screens (issue 6).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured), a synchronous
task runner, the objection world of the service tests. Today is 2026-11-25 (the ``clock``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from gui_helpers import last_box, type_into
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.domain.caseflow import DueLight, ObjectionEvent, ObjectionState
from app.domain.enums import DocumentType, IdDocType, Role
from app.rules.objection_flow import CheckResult, ReplyOutcome
from app.services import objections as ob
from tests.integration.objection_world import objection_world, open_case
from tests.integration.query_world import COMPANY, PDF, PNG, THIRD
from ui.cases import common as case_common
from ui.documents.pdf_preview import PdfPreviewDialog
from ui.main_window import MainWindow
from ui.models.paged_table_model import USER_VALUE_ROLE
from ui.objections.action_dialogs import CheckDialog, ForwardDialog, NotifyDialog, ReplyDialog
from ui.objections.intake_dialog import APPLICANT, CONFIRM, GROUNDS, SUBJECT, IntakeDialog
from ui.objections.objections_view import ObjectionsView

TODAY = date(2026, 11, 25)


@pytest.fixture
def world(db, staff):
    return objection_world(db, "xiamen", staff)


@pytest.fixture
def clerk(staff):
    return staff[Role.CLERK]


@pytest.fixture
def view(make_ctx, clerk, world) -> ObjectionsView:
    widget = ObjectionsView(make_ctx(clerk))
    widget.resize(1280, 760)
    widget.show()
    return widget


@pytest.fixture
def scans(tmp_path: Path) -> dict[str, Path]:
    files = {"mandate": tmp_path / "授权委托书.pdf", "evidence": tmp_path / "复议决定书.png"}
    files["mandate"].write_bytes(PDF)
    files["evidence"].write_bytes(PNG)
    return files


def _record_row(dialog: IntakeDialog, world, label: str) -> int:
    records = dialog.subject_step.table.records
    return next(i for i, r in enumerate(records) if r.id == world.records[label])


def _boxes_titled(title: str) -> list[QMessageBox]:
    from gui_helpers import boxes

    return [b for b in boxes() if b.windowTitle() == title]


def _click(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def _intake_company(view: ObjectionsView, world, scans, *, mandate: bool = True) -> IntakeDialog:
    """Steps ① to ④ for the company's penalty record, ending on the confirmation page."""
    view.list_view.new_button.click()
    dialog = view.intake
    assert dialog is not None and dialog.isVisible()
    assert dialog.step == SUBJECT

    type_into(dialog.subject_step.code, COMPANY.lower())
    QTest.keyClick(dialog.subject_step.code, Qt.Key.Key_Return)  # Enter looks the code up
    assert dialog.found is not None
    assert dialog.subject_step.code.text() == COMPANY
    assert "济南某某科技有限公司" in dialog.subject_step.subject_label.text()
    table = dialog.subject_step.table
    row = _record_row(dialog, world, "c_dishonest_public")
    table.setCurrentCell(row, 0)
    QTest.keyClick(table, Qt.Key.Key_Space)  # Space ticks the current record
    assert table.checked_ids() == (world.records["c_dishonest_public"],)
    dialog.next_button.click()

    assert dialog.step == APPLICANT
    page = dialog.applicant_step
    # the applicant is the subject, prefilled; an organisation acts through its agent
    assert page.name.text() == "济南某某科技有限公司"
    assert page.doc_type.currentData() == IdDocType.USCC.value
    assert page.doc_number.text() == COMPANY
    assert "经办人" in page.agent_box.title()
    type_into(page.agent_name, "刘经办")
    type_into(page.agent_number, THIRD)
    assert "校验通过" in page.agent_check.text()
    if mandate:
        assert page.mandate.attach(scans["mandate"])
    type_into(page.phone, "0592-5200000")
    page.document_seen.setChecked(True)
    dialog.next_button.click()

    assert dialog.step == GROUNDS
    grounds = dialog.grounds_step
    assert [c.text() for c in grounds.ground_checks] == list(dialog.found.grounds)
    assert "第二十四条" in grounds.basis.text()
    assert not grounds.assisted.isVisible()  # Xiamen has no longer assisted period
    grounds.ground_checks[0].setChecked(True)
    grounds.statement.setPlainText("处罚决定已被复议机关撤销，平台仍在公示。")
    assert grounds.evidence.add(scans["evidence"])
    assert grounds.received_on.date().toString("yyyy-MM-dd") == "2026-11-25"
    dialog.next_button.click()

    assert dialog.step == CONFIRM
    summary = dialog.confirm_step.summary.text()
    assert "文书〔2026〕4号" in summary and "刘经办" in summary and "复议决定书.png" in summary
    assert dialog.next_button.text() == "受理异议"
    return dialog


# --- the whole path --------------------------------------------------------------------------


def test_a_clerk_takes_an_objection_and_carries_it_to_the_result_letter(
    view, db, clerk, world, scans
) -> None:
    # Given an applicant at the window with a 委托书 and evidence
    dialog = _intake_company(view, world, scans)

    # When the clerk confirms the intake
    dialog.next_button.click()

    # Then the case is open, on the case view, and the receipt is offered
    assert not dialog.isVisible()
    assert view.showing_case()
    cv = view.case_view
    case = cv.case
    assert case is not None and case.state is ObjectionState.RECEIVED
    assert cv.title.text() == f"异议案件 {case.case_no}"
    assert cv.state_badge.text() == "已受理"
    assert "刘经办" in cv.fields["agent"].text()
    assert "第二十五条" in cv.fields["basis"].text()
    assert "2026-11-27（剩 2 个工作日）" in cv.fields["due"].text()
    visible = [e for e, b in cv.action_buttons.items() if b.isVisible()]
    assert visible == [ObjectionEvent.CHECK, ObjectionEvent.WITHDRAW]
    [question] = _boxes_titled("打印受理回执")
    _click(question, "打印回执")
    assert isinstance(cv.preview, PdfPreviewDialog)
    assert cv.preview.file_name.startswith("异议受理回执-")
    cv.preview.close()
    assert not cv.receipt_button.isVisible()
    assert [d.doc_type for d in cv.case.documents] == [DocumentType.OBJECTION_RECEIPT]
    kinds = [a.kind for a in cv.case.attachments]
    assert kinds == [ob.AttachmentKind.MANDATE, ob.AttachmentKind.EVIDENCE]
    # the list behind was told (the CASES event) and shows the new case
    assert [r.case_no for r in view.list_view.rows()] == [case.case_no]

    # When the clerk records the comparison (the default is what the system computed)
    cv.action_buttons[ObjectionEvent.CHECK].click()
    check = cv.dialog
    assert isinstance(check, CheckDialog)
    assert "一致" in check.intro.text()
    assert check.chosen() is CheckResult.MATCHES
    check.ok_button.click()
    assert cv.case.state is ObjectionState.CHECKED
    assert [e for e, b in cv.action_buttons.items() if b.isVisible()] == [
        ObjectionEvent.FORWARD,
        ObjectionEvent.WITHDRAW,
    ]

    # And forwards it to the provider by post: the forwarding slip is previewed
    cv.action_buttons[ObjectionEvent.FORWARD].click()
    forward = cv.dialog
    assert isinstance(forward, ForwardDialog)
    assert "市场监督管理局" in forward.intro.text()
    forward.method.setCurrentIndex(forward.method.findData(ob.ForwardMethod.POST.value))
    forward.ok_button.click()
    assert cv.case.state is ObjectionState.FORWARDED
    assert cv.preview.file_name.startswith("异议核查转办单-")
    assert "异议核查转办单" in cv.status.text()
    cv.preview.close()
    assert "2026-12-03" in cv.fields["due"].text()  # 6 working days for the provider

    # And enters the provider's reply: not upheld — Xiamen wants the reasons
    cv.action_buttons[ObjectionEvent.REPLY].click()
    reply = cv.dialog
    assert isinstance(reply, ReplyDialog)
    assert reply.chosen is ReplyOutcome.NOT_UPHELD
    assert reply.reasons_label.text() == "理由 *"
    assert not reply.changes.isVisible()
    reply.ok_button.click()
    assert reply.isVisible()  # refused: the reasons are missing, said next to the field
    assert "理由" in reply.errors.text("reasons")
    assert cv.case.state is ObjectionState.FORWARDED
    reply.reasons.setPlainText("原处罚决定未被撤销，复议机关维持原决定。")
    type_into(reply.document_number, "厦市监复〔2026〕8号")
    reply.ok_button.click()
    assert not reply.isVisible()
    assert cv.case.state is ObjectionState.ANSWERED

    # And tells the applicant: the result letter is previewed and the case closes
    cv.action_buttons[ObjectionEvent.NOTIFY].click()
    notify = cv.dialog
    assert isinstance(notify, NotifyDialog)
    assert "异议不成立，维持原信息" in notify.intro.text()
    QTest.keyClick(notify, Qt.Key.Key_Return)  # Enter is the default button
    case = cv.case
    assert case.state is ObjectionState.CLOSED
    assert cv.state_badge.text() == "已办结"
    assert cv.preview.file_name.startswith("异议处理结果告知书-")
    assert [d.doc_type for d in case.documents] == [
        DocumentType.OBJECTION_RECEIPT,
        DocumentType.OBJECTION_FORWARD,
        DocumentType.OBJECTION_RESULT,
    ]
    assert cv.documents_table.rowCount() == 3
    assert [e for e, b in cv.action_buttons.items() if b.isVisible()] == [ObjectionEvent.DISPUTE]

    # the timeline: every step with its date, actor, due date, on-time mark and basis
    texts = cv.timeline.texts()
    assert len(texts) == 5
    assert "受理" in texts[0] and "王窗口" in texts[0]
    assert "核查比对" in texts[1] and "期限 2026-11-27" in texts[1] and "✓ 按期" in texts[1]
    assert "第二十五条" in texts[1]
    assert "原处罚决定未被撤销" in texts[3]
    assert "告知结果并办结" in texts[4]
    stored = ob.get_case(db, case.case_no, actor=clerk, today=TODAY, log=False)
    assert stored.state is ObjectionState.CLOSED and stored.outcome is ReplyOutcome.NOT_UPHELD


def test_an_organisation_without_its_mandate_is_told_at_the_field_and_nothing_is_stored(
    view, db, clerk, world, scans
) -> None:
    # Given an organisation's agent who forgot the 委托书
    dialog = _intake_company(view, world, scans, mandate=False)

    # When the clerk tries to open the case
    dialog.next_button.click()

    # Then the dialog goes back to the applicant, the message stands next to the file picker
    assert dialog.isVisible()
    assert dialog.step == APPLICANT
    assert "授权委托书" in dialog.applicant_step.agent_errors.text("mandate")
    assert "标红" in dialog.status.text()
    # and nothing was stored
    assert ob.list_cases(db, actor=clerk, today=TODAY).total == 0

    # When the scan is attached, the same dialog goes through
    assert dialog.applicant_step.mandate.attach(scans["mandate"])
    dialog.go_to(CONFIRM)
    dialog.next_button.click()
    assert not dialog.isVisible()
    assert ob.list_cases(db, actor=clerk, today=TODAY).total == 1


def test_a_record_already_under_an_open_case_cannot_be_ticked(view, db, clerk, world) -> None:
    case = open_case(db, world, clerk, received_on=TODAY)
    view.list_view.new_button.click()
    dialog = view.intake
    type_into(dialog.subject_step.code, COMPANY)
    dialog.next_button.click()
    row = _record_row(dialog, world, "c_dishonest_public")
    table = dialog.subject_step.table
    assert table.item(row, 5).text() == case.case_no
    assert not table.item(row, 0).flags() & Qt.ItemFlag.ItemIsEnabled
    table.set_checked(row, True)
    assert table.checked_ids() == ()
    dialog.next_button.click()  # nothing ticked: stays, says so at the table
    assert dialog.step == SUBJECT
    assert dialog.subject_step.errors.text("records")


def test_an_unknown_code_is_said_next_to_the_code(view) -> None:
    view.list_view.new_button.click()
    dialog = view.intake
    type_into(dialog.subject_step.code, "91350200MA2XXXXX0X")
    dialog.next_button.click()
    assert dialog.found is None
    assert dialog.subject_step.errors.text("subject")


# --- the list ----------------------------------------------------------------------------------


@pytest.fixture
def several(db, clerk, world):
    """Red (received 11-20, due 11-24), yellow (checked, due 11-26), green (received today) and
    a closed case."""
    red = open_case(db, world, clerk, records=("c_basic_public",), received_on=date(2026, 11, 20))
    yellow = open_case(
        db, world, clerk, records=("c_licence_public",), received_on=date(2026, 11, 24)
    )
    yellow = ob.check(
        db, yellow.case_no, expected_version=yellow.row_version, actor=clerk, today=TODAY
    ).case
    green = open_case(db, world, clerk, records=("c_dishonest_public",), received_on=TODAY)
    closed = open_case(db, world, clerk, records=("c_good_public",), received_on=TODAY)
    v = closed.row_version
    closed = ob.check(db, closed.case_no, expected_version=v, actor=clerk, today=TODAY).case
    for step in (
        lambda c: ob.forward(
            db, c.case_no, expected_version=c.row_version, actor=clerk, today=TODAY
        ),
        lambda c: ob.reply(
            db,
            c.case_no,
            outcome=ob.ReplyOutcome.UPHELD_DELETED,
            expected_version=c.row_version,
            actor=clerk,
            today=TODAY,
        ),
        lambda c: ob.notify(
            db, c.case_no, expected_version=c.row_version, actor=clerk, today=TODAY
        ),
    ):
        closed = step(closed).case
    return {"red": red, "yellow": yellow, "green": green, "closed": closed}


def _nos(view: ObjectionsView) -> list[str]:
    return [r.case_no for r in view.list_view.rows()]


def test_the_case_list_filters_by_state_and_light(view, several) -> None:
    lv = view.list_view
    lv.refresh()
    # open cases first, most urgent first
    assert _nos(view) == [several[k].case_no for k in ("red", "yellow", "green")]
    model = lv.model
    lights = [model.index(r, 0).data(USER_VALUE_ROLE) for r in range(model.rowCount())]
    assert lights == [DueLight.RED, DueLight.YELLOW, DueLight.GREEN]
    columns = [c.key for c in model.columns]
    due = model.index(0, columns.index("due")).data()
    assert due == "2026-11-24（逾期 1 个工作日）"
    assert model.index(1, columns.index("state")).data() == "已核查"
    assert model.index(0, columns.index("assignee")).data() == "王窗口"

    lv.set_state_filter("all")
    assert _nos(view)[-1] == several["closed"].case_no
    lv.set_state_filter(ObjectionState.CHECKED.value)
    assert _nos(view) == [several["yellow"].case_no]
    lv.set_state_filter("open")
    lv.set_light_filter(DueLight.RED)
    assert _nos(view) == [several["red"].case_no]
    lv.set_light_filter(DueLight.GREEN)
    assert _nos(view) == [several["green"].case_no]
    lv.set_state_filter("all")
    lv.set_light_filter(DueLight.NONE)
    assert _nos(view) == [several["closed"].case_no]
    lv.set_light_filter(None)
    assert "共 4 件" in lv.footer.text()

    # the provider filter lists the providers of the cases; the search runs on Enter
    assert lv.provider_combo.count() > 1
    type_into(lv.search_edit, several["yellow"].case_no)
    QTest.keyClick(lv.search_edit, Qt.Key.Key_Return)
    assert _nos(view) == [several["yellow"].case_no]

    # Enter on a row opens the case
    lv.table.setFocus()
    lv.table.selectRow(0)
    QTest.keyClick(lv.table, Qt.Key.Key_Return)
    assert view.showing_case()
    assert view.case_view.case.case_no == several["yellow"].case_no
    # Esc goes back to the list
    view.case_view.back_button.click()
    assert not view.showing_case()


def test_mine_and_unassigned(view, db, staff, several) -> None:
    lv = view.list_view
    ob.assign(
        db,
        several["red"].case_no,
        user_id=None,
        expected_version=several["red"].row_version,
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
    )
    lv.assignee_combo.setCurrentIndex(lv.assignee_combo.findData("unassigned"))
    assert _nos(view) == [several["red"].case_no]
    lv.assignee_combo.setCurrentIndex(lv.assignee_combo.findData("mine"))
    assert several["red"].case_no not in _nos(view)
    assert len(_nos(view)) == 2


# --- concurrency, files, the dashboard, the window query -----------------------------------


def test_a_case_changed_underneath_shows_the_conflict_and_reloads(
    view, db, staff, clerk, world
) -> None:
    # Given the clerk has the case open
    case = open_case(db, world, clerk, received_on=TODAY)
    view.open_case(case.case_no)
    cv = view.case_view
    assert cv.case.state is ObjectionState.RECEIVED
    cv.action_buttons[ObjectionEvent.CHECK].click()
    dialog = cv.dialog
    assert isinstance(dialog, CheckDialog)

    # When the supervisor records the check first
    ob.check(
        db,
        case.case_no,
        expected_version=case.row_version,
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
    )
    dialog.ok_button.click()

    # Then the clerk is told who did what, and sees the case as it is now
    assert not dialog.isVisible()
    box = last_box()
    assert box.windowTitle() == "案件已被他人处理"
    assert "李主管" in box.text() and "已核查" in box.text()
    assert cv.case.state is ObjectionState.CHECKED
    assert cv.state_badge.text() == "已核查"
    assert not cv.action_buttons[ObjectionEvent.CHECK].isVisible()
    assert cv.action_buttons[ObjectionEvent.FORWARD].isVisible()
    texts = cv.timeline.texts()
    assert "李主管" in texts[1]


def test_an_attachment_opens_from_a_temporary_copy(view, db, clerk, world, monkeypatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(case_common, "open_local_file", lambda p: opened.append(p) or True)
    case = open_case(db, world, clerk, received_on=TODAY)
    view.open_case(case.case_no)
    cv = view.case_view
    assert cv.attachments_table.rowCount() == 2
    assert cv.attachments_table.item(0, 0).text() == "授权委托书"
    cv.attachments_table.selectRow(1)
    cv.open_attachment_button.click()
    assert len(opened) == 1 and opened[0].read_bytes() == PDF
    assert opened[0].name.endswith("判决书.pdf")


def test_the_dashboard_opens_an_objection_in_its_case_view(make_ctx, db, clerk, world) -> None:
    case = open_case(db, world, clerk, received_on=TODAY)
    window = MainWindow(make_ctx(clerk))
    window.show_screen("dashboard")
    dashboard = window.views["dashboard"]
    dashboard._today = lambda: TODAY
    dashboard.refresh()
    dashboard.table.doubleClicked.emit(dashboard.model.index(0, 2))
    assert window.current_key() == "objections"
    objections_view = window.views["objections"]
    assert objections_view.showing_case()
    assert objections_view.case_view.case.case_no == case.case_no


def test_the_screen_replaces_the_placeholder_and_ctrl_n_starts_an_intake(
    make_ctx, clerk, world, qtbot
) -> None:
    window = MainWindow(make_ctx(clerk))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.screen_actions[3].trigger()  # Ctrl+3
    view = window.current_view()
    assert isinstance(view, ObjectionsView)
    view.list_view.table.setFocus()
    qtbot.keyClick(view.list_view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.intake is not None and view.intake.isVisible()
    assert "Ctrl+N" in view.list_view.new_button.toolTip()


def public_query_on_the_company(ctx):
    """A third person (王五) asks for the company's public record at the window."""
    from app.domain.enums import Audience
    from tests.integration.query_world import OTHER
    from ui.window_query.window_query_view import RESULT, WindowQueryView

    query = WindowQueryView(ctx)
    query.show()
    type_into(query.requester_page.doc_number, OTHER)
    type_into(query.requester_page.name, "王五")
    query.requester_page.document_seen.setChecked(True)
    query.next_button.click()
    type_into(query.subject_page.search, COMPANY)
    query.subject_page.search.returnPressed.emit()
    query.subject_page.set_audience(Audience.PUBLIC)
    query.next_button.click()
    assert query.step == RESULT
    return query


def test_from_a_window_query_result_the_selected_record_goes_to_intake(
    make_ctx, db, clerk, world, scans
) -> None:
    # Given a public query on the company, at the window
    query = public_query_on_the_company(make_ctx(clerk))
    result = query.result_view
    assert result.objection_button.isVisible() and not result.objection_button.isEnabled()

    # When the clerk selects the penalty record and asks for an objection
    table = result.tables["dishonest"]
    table.selectRow(0)
    assert result.objection_button.isEnabled()
    opened: list[tuple[str, int, str]] = []
    query.case_opened.connect(lambda *args: opened.append(args))
    result.objection_button.click()

    # Then the intake opens on that subject with that record ticked
    dialog = query.intake_dialog
    assert dialog.found is not None and dialog.loaded_code == COMPANY
    assert dialog.subject_step.table.checked_ids() == (world.records["c_dishonest_public"],)
    dialog.next_button.click()
    page = dialog.applicant_step
    type_into(page.agent_name, "刘经办")
    type_into(page.agent_number, THIRD)
    page.mandate.attach(scans["mandate"])
    page.document_seen.setChecked(True)
    dialog.next_button.click()
    dialog.grounds_step.ground_checks[0].setChecked(True)
    dialog.grounds_step.statement.setPlainText("该处罚已被撤销。")
    dialog.next_button.click()
    dialog.next_button.click()
    # and, once opened, the main window is asked to show the case
    [(kind, _id, case_no)] = opened
    assert kind == "objection"
    assert ob.get_case(db, case_no, actor=clerk, log=False).state is ObjectionState.RECEIVED


# --- the other paths: the provider corrects; the center corrects ---------------------------------


def test_an_upheld_reply_sends_only_the_changed_cells(view, db, clerk, world) -> None:
    # Given a case forwarded to the provider
    case = open_case(db, world, clerk, received_on=TODAY)
    case = ob.check(db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY)
    case = ob.forward(
        db, case.case.case_no, expected_version=case.case.row_version, actor=clerk, today=TODAY
    ).case
    view.open_case(case.case_no)
    cv = view.case_view

    # When the provider upholds the objection and corrects the result
    cv.action_buttons[ObjectionEvent.REPLY].click()
    reply = cv.dialog
    assert isinstance(reply, ReplyDialog)
    reply.outcome.setCurrentIndex(reply.outcome.findData(ReplyOutcome.UPHELD_CORRECTED.value))
    assert reply.changes.isVisible()
    assert reply.reasons_label.text() == "理由"
    fields = [field for _rid, field, _current in reply.changes.rows]
    reply.changes.set_new_value(fields.index("content.result"), "警告")
    reply.changes.set_new_value(fields.index("severity"), "严重")
    record_id = world.records["c_dishonest_public"]
    assert reply.changes.changes() == (
        ob.RecordChange(record_id, {"severity": "serious", "content.result": "警告"}),
    )
    reply.ok_button.click()

    # Then the record carries the provider's correction, as a new version
    assert cv.case.state is ObjectionState.ANSWERED
    [record] = cv.case.records
    values = {c.field: c.platform for c in record.comparison}
    assert values["content.result"] == "警告" and values["severity"] == "严重"
    assert record.versions == 2
    assert not record.differs  # the provider's submission follows its correction


def _garble(db, record_id: int) -> None:
    """The provider submitted another result than the platform shows (a transcription fault
    at intake): the fixture's record, its submission kept as the provider sent it."""
    from app.db.history import ChangeInfo, attach_change
    from app.db.models import CreditRecord
    from app.domain.enums import ChangeKind
    from app.domain.record_fields import submission_of

    with db.uow() as uow:
        record = uow.session.get(CreditRecord, record_id)
        fields = ("document_number", "decision_date", "act_ended_on", "determined_on")
        values = {name: getattr(record, name) for name in fields}
        values |= {"severity": record.severity, "penalty_class": record.penalty_class}
        submitted = submission_of(values | {"content": dict(record.content or {})})
        submitted["content"]["result"] = "警告"
        record.source_submission = submitted
        attach_change(record, ChangeInfo(ChangeKind.DEMO))
        uow.commit()


def test_a_difference_is_corrected_by_the_supervisor_on_zhangdian(
    make_ctx, db, staff, clerk
) -> None:
    world = objection_world(db, "zhangdian", staff)
    record_id = world.records["c_dishonest_public"]
    case = open_case(db, world, clerk, received_on=TODAY)
    _garble(db, record_id)

    # Given the clerk checks the case: the system found the difference
    clerk_view = ObjectionsView(make_ctx(clerk))
    clerk_view.show()
    clerk_view.open_case(case.case_no)
    cv = clerk_view.case_view
    table = cv.comparison_tables[record_id]
    assert len(table.differing_rows()) == 1
    assert "1 项不一致" in cv.records_box.findChild(QLabel, "comparisonSummary").text()
    cv.action_buttons[ObjectionEvent.CHECK].click()
    check = cv.dialog
    assert check.chosen() is CheckResult.DIFFERS
    check.ok_button.click()
    assert cv.case.state is ObjectionState.CHECKED
    # the correction is the supervisor's: the clerk is told so
    assert not cv.action_buttons[ObjectionEvent.CORRECT].isVisible()
    assert "更正信息" in cv.no_actions.text()

    # When the supervisor corrects it
    supervisor_view = ObjectionsView(make_ctx(staff[Role.SUPERVISOR]))
    supervisor_view.show()
    supervisor_view.open_case(case.case_no)
    sv = supervisor_view.case_view
    assert sv.action_buttons[ObjectionEvent.CORRECT].isVisible()
    sv.action_buttons[ObjectionEvent.CORRECT].click()
    correct = sv.dialog
    assert "→ 警告" in correct.intro.text()
    correct.ok_button.click()

    # Then the platform shows the submitted result again, and the applicant is told
    assert sv.case.state is ObjectionState.CORRECTED
    assert not sv.case.differs
    sv.action_buttons[ObjectionEvent.NOTIFY].click()
    sv.dialog.ok_button.click()
    assert sv.case.state is ObjectionState.CLOSED
    assert sv.preview.file_name.startswith("异议处理结果告知书-")


def _closed_case(db, world, clerk):
    case = open_case(db, world, clerk, received_on=TODAY)
    for step in (
        lambda c: ob.check(db, c.case_no, expected_version=c.row_version, actor=clerk, today=TODAY),
        lambda c: ob.forward(
            db, c.case_no, expected_version=c.row_version, actor=clerk, today=TODAY
        ),
        lambda c: ob.reply(
            db,
            c.case_no,
            outcome=ob.ReplyOutcome.NOT_UPHELD,
            reasons="原处罚决定有效",
            expected_version=c.row_version,
            actor=clerk,
            today=TODAY,
        ),
        lambda c: ob.notify(
            db, c.case_no, expected_version=c.row_version, actor=clerk, today=TODAY
        ),
    ):
        case = step(case).case
    return case


def test_an_appeal_is_registered_and_decided_on_nantong(make_ctx, db, staff, clerk) -> None:
    world = objection_world(db, "nantong", staff)
    case = _closed_case(db, world, clerk)
    view = ObjectionsView(make_ctx(clerk))
    view.show()
    view.open_case(case.case_no)
    cv = view.case_view
    assert cv.action_buttons[ObjectionEvent.APPEAL].isVisible()

    # the applicant appeals to the credit authority named by the regulation
    cv.action_buttons[ObjectionEvent.APPEAL].click()
    appeal = cv.dialog
    assert case.appeal_to and case.appeal_to in appeal.intro.text()
    appeal.ok_button.click()  # the request is required
    assert appeal.errors.text("statement")
    appeal.statement.setPlainText("请求撤销该失信信息的公示。")
    appeal.ok_button.click()
    assert cv.case.state is ObjectionState.APPEALED
    assert "下一步“申诉处理”" in cv.no_actions.text()  # the decision is the supervisor's

    # the supervisor enters the authority's decision
    sv = ObjectionsView(make_ctx(staff[Role.SUPERVISOR]))
    sv.show()
    sv.open_case(case.case_no)
    sv.case_view.action_buttons[ObjectionEvent.DECIDE_APPEAL].click()
    decide = sv.case_view.dialog
    outcomes = [decide.outcome.itemData(i) for i in range(decide.outcome.count())]
    assert ReplyOutcome.UNVERIFIABLE.value not in outcomes
    decide.outcome.setCurrentIndex(decide.outcome.findData(ReplyOutcome.UPHELD_DELETED.value))
    assert "删除" in decide.effect.text()
    decide.ok_button.click()
    assert sv.case_view.case.state is ObjectionState.CLOSED
    assert sv.case_view.case.outcome_label.startswith("申诉结果")


def test_withdrawing_needs_the_reason(view, db, clerk, world) -> None:
    case = open_case(db, world, clerk, received_on=TODAY)
    view.open_case(case.case_no)
    cv = view.case_view
    cv.action_buttons[ObjectionEvent.WITHDRAW].click()
    dialog = cv.dialog
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.errors.text("reason")
    dialog.reason.setPlainText("申请人书面撤回。")
    dialog.ok_button.click()
    assert cv.case.state is ObjectionState.WITHDRAWN
    assert cv.no_actions.text() == "本案已撤回。"
    view.show_list()
    view.list_view.set_state_filter("all")
    assert view.list_view.rows()[0].state is ObjectionState.WITHDRAWN


def test_from_a_window_query_result_the_selected_record_shows_its_history(
    make_ctx, db, clerk, world
) -> None:
    # Given a public query on the company, at the window
    query = public_query_on_the_company(make_ctx(clerk))
    result = query.result_view
    assert result.history_button.isVisible() and not result.history_button.isEnabled()

    # When the clerk selects the penalty record and asks for its history
    result.tables["dishonest"].selectRow(0)
    assert result.history_button.isEnabled()
    result.history_button.click()

    # Then the history of that very record opens, without the supervisor's notice button
    dialog = query.history_dialog
    assert dialog.record_id == world.records["c_dishonest_public"]
    assert dialog.isVisible()
    dialog.close()
