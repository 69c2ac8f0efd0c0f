"""Stories: from a window query a clerk takes in the withdrawal of the selected good record;
staff see a record's Nantong 第二十九条 links in its version history, a supervisor links a
responsible person there; a natural person's query lists the organisations' serious dishonest
records linked to them (issue 10).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured), a synchronous
task runner, the query world (today 2026-11-25 by the ``clock``). The refusals and the query
log of the links are proven on the services (tests/integration/test_record_links.py)."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import type_into
from PySide6.QtWidgets import QLabel, QTableWidget

from app.domain.caseflow import WithdrawalState
from app.domain.enums import Audience, Role, Severity
from app.domain.permissions import Actor
from app.services import rules
from app.services import withdrawals as wd
from app.services.clock import format_local
from app.services.lists import PERSON_LINKS_READ_PURPOSE, link_responsible_person, links_of
from tests.integration.lifecycle_world import add_record
from tests.integration.objection_world import MANDATE, objection_world
from tests.integration.query_world import COMPANY, OTHER, PERSON, THIRD, build_world
from tests.integration.test_record_links import case_reads
from ui.records.history_dialog import RecordHistoryDialog
from ui.records.link_dialog import LinkPersonDialog
from ui.widgets.forms import ERROR_STYLE, OK_STYLE
from ui.window_query.window_query_view import RESULT, WindowQueryView


def run_query(
    view: WindowQueryView, requester: str, name: str, subject: str, audience: Audience
) -> None:
    """Drive the wizard to its result, as the clerk does (first purpose offered, if any)."""
    view.show()
    type_into(view.requester_page.doc_number, requester)
    type_into(view.requester_page.name, name)
    view.requester_page.document_seen.setChecked(True)
    view.next_button.click()
    page = view.subject_page
    type_into(page.search, subject)
    page.search.returnPressed.emit()
    page.set_audience(audience)
    if audience is not Audience.PUBLIC and page.purpose.count() > 1:
        page.purpose.setCurrentIndex(1)
    view.next_button.click()
    assert view.step == RESULT, view.status.text()


def serious_record_linked(db, staff, world, *, person: str = THIRD, name: str = "李四") -> int:
    record = add_record(db, world.company_id, "CF001", severity=Severity.SERIOUS)
    link_responsible_person(
        db, record, person, "legal_representative", actor=staff[Role.SUPERVISOR], name=name
    )
    return record


# --- 撤回良好信息 from the window query ---------------------------------------------------------


def test_the_selected_good_record_goes_to_the_withdrawal_dialog(
    make_ctx, db, staff, qtbot, tmp_path: Path
) -> None:
    """Given a public query on the company under Weihai (its honour may be withdrawn), when the
    clerk selects the honour and clicks 撤回良好信息…, then the withdrawal dialog opens on the
    company with the honour picked; once the request is registered the dashboard is told, and
    when the dialog closes the main window is asked to show the case."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    ctx = make_ctx(clerk)
    view = WindowQueryView(ctx)
    qtbot.addWidget(view)
    run_query(view, OTHER, "王五", COMPANY, Audience.PUBLIC)
    result = view.result_view
    assert result.withdraw_button.isVisible() and not result.withdraw_button.isEnabled()
    changes: list[object] = []
    ctx.events.changed.connect(changes.append)
    opened: list[tuple[str, int, str]] = []
    view.case_opened.connect(lambda *args: opened.append(args))

    result.tables["good"].selectRow(0)
    assert result.withdraw_button.isEnabled()
    result.withdraw_button.click()

    dialog = view.withdrawal_dialog
    assert dialog.isVisible() and dialog.found is not None
    assert dialog.code_edit.text() == COMPANY
    selected = dialog.selected_record()
    assert selected is not None and selected.id == world.records["c_good_public"]
    assert dialog.register_button.isEnabled()
    step = dialog.applicant
    type_into(step.agent_name, "刘经办")
    type_into(step.agent_number, THIRD)
    mandate = tmp_path / "委托书.pdf"
    mandate.write_bytes(MANDATE.content)
    assert step.mandate.attach(mandate)
    step.document_seen.setChecked(True)
    dialog.register_button.click()

    case = dialog.registered
    assert case is not None and case.state is WithdrawalState.RECEIVED
    assert any(c.touches("cases") for c in changes)  # type: ignore[attr-defined]
    assert opened == []  # the dialog still shows the number and the due date
    dialog.close()
    assert opened == [("withdrawal", case.id, case.case_no)]
    assert [r.case_no for r in wd.list_withdrawals(db, actor=clerk)] == [case.case_no]


def test_withdrawal_closed_unregistered_opens_no_case_and_the_button_needs_the_permission(
    make_ctx, db, staff, qtbot
) -> None:
    """Given a public query on the company, when the clerk opens the withdrawal dialog from the
    penalty and closes it without registering, then no case is announced; for a role without
    撤回 handling (the auditor) the button is not there at all."""
    world = objection_world(db, "weihai", staff)
    view = WindowQueryView(make_ctx(staff[Role.CLERK]))
    qtbot.addWidget(view)
    run_query(view, OTHER, "王五", COMPANY, Audience.PUBLIC)
    opened: list[object] = []
    view.case_opened.connect(lambda *args: opened.append(args))
    view.result_view.tables["dishonest"].selectRow(0)
    view.result_view.withdraw_button.click()
    dialog = view.withdrawal_dialog
    picked = dialog.selected_record()
    assert picked is not None and picked.id == world.records["c_dishonest_public"]
    assert not dialog.register_button.isEnabled()  # the refusal says why
    assert "不是良好信息" in dialog.pick_label.text()
    dialog.close()
    assert opened == []

    auditor_view = WindowQueryView(make_ctx(staff[Role.AUDITOR]))
    qtbot.addWidget(auditor_view)
    assert not auditor_view.result_view.withdraw_button.isVisibleTo(auditor_view.result_view)


# --- the links in the version history ---------------------------------------------------------


def test_a_supervisor_sees_the_links_and_links_another_person(make_ctx, db, staff, qtbot) -> None:
    """Given Nantong and the company's serious penalty linked to 李四, when the supervisor opens
    its history, then 李四 is listed (ID masked, 法定代表人, the day linked) with the link button;
    in the link dialog a wrong check digit is flagged as typed, a person not yet known without a
    name gets the service's message beside the name, and linking the known 张三 as 主要负责人
    closes the dialog and lists both."""
    world = build_world(db, "nantong")
    record = serious_record_linked(db, staff, world)
    history = RecordHistoryDialog(make_ctx(staff[Role.SUPERVISOR]), record)
    qtbot.addWidget(history)
    history.show()

    assert history.links_box.isVisible() and history.link_button.isVisible()
    table = history.links_table
    [link] = links_of(db, record, actor=staff[Role.CLERK])
    assert [table.item(0, j).text() for j in range(4)] == [
        "李四",
        "110105********002X",
        "法定代表人",
        format_local(link.created_at, "%Y-%m-%d"),  # stamped by the database
    ]

    history.link_button.click()
    dialog = history.link_dialog
    assert isinstance(dialog, LinkPersonDialog) and dialog.isVisible()
    type_into(dialog.person, PERSON[:-1] + "2")  # wrong check digit
    assert dialog.person_check.styleSheet() == ERROR_STYLE and dialog.person_check.text()
    type_into(dialog.person, OTHER)  # valid, but nobody of that number yet
    assert dialog.person_check.styleSheet() == OK_STYLE
    dialog.link_button.click()
    assert dialog.isVisible()
    assert "系统中还没有身份证号码" in dialog.errors.text("name")

    type_into(dialog.person, PERSON)
    dialog.role.setCurrentIndex(dialog.role.findData("principal"))
    dialog.link_button.click()

    assert not dialog.isVisible()
    assert [(r.person_name, r.role_label) for r in links_of(db, record, actor=staff[Role.CLERK])][
        -1
    ] == ("张三", "主要负责人")
    assert table.rowCount() == 2  # reloaded on the change
    assert table.item(1, 0).text() == "张三"
    assert "已关联主要负责人 张三" in history.status.text()


def test_a_clerk_sees_links_without_the_button_and_weihai_shows_no_section(
    make_ctx, db, staff, qtbot
) -> None:
    """Given Nantong and a linked serious penalty, when a clerk opens its history, then the
    link is listed but there is no link button; given Weihai (no such article), a supervisor
    sees neither the section nor the button."""
    world = build_world(db, "nantong")
    record = serious_record_linked(db, staff, world)
    clerk_history = RecordHistoryDialog(make_ctx(staff[Role.CLERK]), record)
    qtbot.addWidget(clerk_history)
    clerk_history.show()
    assert clerk_history.links_table.rowCount() == 1
    assert not clerk_history.link_button.isVisible()

    plain = world.records["c_dishonest_public"]
    rules.set_current_profile(db, "weihai", actor=Actor.operator())
    weihai_history = RecordHistoryDialog(make_ctx(staff[Role.SUPERVISOR]), plain)
    qtbot.addWidget(weihai_history)
    weihai_history.show()
    assert not weihai_history.links_box.isVisible()
    assert not weihai_history.link_button.isVisibleTo(weihai_history)


# --- a natural person's query --------------------------------------------------------------------


def test_a_persons_query_lists_the_organisation_records_linked_to_them(
    make_ctx, db, staff, qtbot
) -> None:
    """Given Nantong and the company's serious penalty linked to 张三 as legal representative,
    when 张三 queries his own credit at the window, then the result shows the section
    作为法定代表人/责任人关联的严重失信信息 with the company's record, and the read is logged;
    a query on the company shows no such section."""
    world = build_world(db, "nantong")
    record = serious_record_linked(db, staff, world, person=PERSON, name="张三")
    document = links_of(db, record, actor=staff[Role.SUPERVISOR])[0].document_number
    before = len(case_reads(db))
    view = WindowQueryView(make_ctx(staff[Role.CLERK]))
    qtbot.addWidget(view)
    run_query(view, PERSON, "张三", PERSON, Audience.SELF)

    box = view.result_view.links_box
    assert box is not None and box.isVisible()
    table = box.findChild(QTableWidget, "personLinksTable")
    assert "作为法定代表人/责任人关联的严重失信信息（1 条）" in [
        label.text() for label in box.findChildren(QLabel)
    ]
    assert [table.item(0, j).text() for j in range(5)] == [
        "济南某某科技有限公司",
        COMPANY,
        table.item(0, 2).text(),
        document,
        "法定代表人",
    ]
    reads = [e for e in case_reads(db)[before:] if e.purpose == PERSON_LINKS_READ_PURPOSE]
    assert [(e.subject_id, e.record_count) for e in reads] == [(world.person_id, 1)]

    view.new_query()
    run_query(view, OTHER, "王五", COMPANY, Audience.PUBLIC)
    assert view.result_view.links_box is None


def test_a_person_without_links_gets_no_section(make_ctx, db, staff, qtbot) -> None:
    """Given Nantong and no links, when 张三 queries his own credit, then no links section is
    shown and no link read is logged."""
    build_world(db, "nantong")
    view = WindowQueryView(make_ctx(staff[Role.CLERK]))
    qtbot.addWidget(view)
    run_query(view, PERSON, "张三", PERSON, Audience.SELF)
    assert view.result_view.links_box is None
    assert [e for e in case_reads(db) if e.purpose == PERSON_LINKS_READ_PURPOSE] == []
