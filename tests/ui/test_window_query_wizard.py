"""Story: a clerk runs the 窗口查询 wizard for an applicant at the window (issue 5).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured), a synchronous
task runner, the hand-made world of the service tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from gui_helpers import type_into

from app.domain.enums import Audience, IdDocType, QueryOutcome, Role
from app.services.query_log import list_query_log
from tests.integration.query_world import (
    COMPANY,
    OTHER,
    PDF,
    PERSON,
    PNG,
    THIRD,
    TODAY,
    add_objection,
    build_world,
    grant_for,
)
from ui.widgets.forms import ERROR_STYLE
from ui.window_query.window_query_view import GRANT, REQUESTER, RESULT, SUBJECT, WindowQueryView


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


@pytest.fixture
def view(make_ctx, staff, world) -> WindowQueryView:
    widget = WindowQueryView(make_ctx(staff[Role.CLERK]))
    widget.resize(1200, 760)
    widget.show()
    return widget


def _requester(view: WindowQueryView, number: str, name: str, *, seen: bool = True) -> None:
    page = view.requester_page
    type_into(page.doc_number, number)
    type_into(page.name, name)
    page.document_seen.setChecked(seen)
    view.next_button.click()


def _subject(view: WindowQueryView, text: str, audience: Audience, purpose: str = "") -> None:
    page = view.subject_page
    type_into(page.search, text)
    page.search.returnPressed.emit()
    if page.hit_table.isVisible():  # a name fragment: pick the first hit, as Enter does
        page.hit_table.picked.emit(0)
    page.set_audience(audience)
    if purpose:
        page.purpose.setCurrentIndex(page.purpose.findData(purpose))


def _log(db, staff):
    return list(list_query_log(db, actor=staff[Role.AUDITOR], limit=50).rows)


def _shown_items(view: WindowQueryView) -> list[str]:
    return [
        table.item(r, 0).text()
        for table in view.result_view.tables.values()
        for r in range(table.rowCount())
    ]


def test_the_live_check_digit_message_and_the_document_seen_box(view) -> None:
    page = view.requester_page
    assert view.step == REQUESTER
    type_into(page.doc_number, "370102198001011238")  # check digit should be 7
    assert page.doc_check.text() and "✓" not in page.doc_check.text()
    assert page.doc_check.styleSheet() == ERROR_STYLE
    type_into(page.doc_number, PERSON[:10])  # still typing: counted, not an error
    assert "已输入 10 位" in page.doc_check.text()
    assert page.doc_check.styleSheet() != ERROR_STYLE
    type_into(page.doc_number, PERSON)
    assert "校验通过" in page.doc_check.text()

    type_into(page.name, "张三")
    # not ticked: the continue button is blocked and Ctrl+Enter does nothing
    assert not view.next_button.isEnabled()
    assert "已核验身份证件原件" in view.next_button.toolTip()
    view.next()
    assert view.step == REQUESTER
    page.document_seen.setChecked(True)
    assert view.next_button.isEnabled()
    view.next_button.click()
    assert view.step == SUBJECT

    # a bad number still on file is caught before moving on (nothing is queried)
    view.back()
    assert view.step == REQUESTER
    type_into(page.doc_number, "370102198001011238")
    view.next_button.click()
    assert view.step == REQUESTER
    assert page.errors.text("doc_number")


def test_a_self_query_shows_the_persons_record_and_logs_it(view, db, staff) -> None:
    _requester(view, PERSON, "张三")
    _subject(view, PERSON, Audience.SELF, "了解本人信用状况")
    assert "张三" in view.subject_page.chosen.text()
    assert "370102********1237" in view.subject_page.chosen.text()  # masked
    view.next_button.click()

    assert view.step == RESULT
    result = view.result_view.result
    assert result is not None and result.audience is Audience.SELF
    assert result.record_count > 0
    assert "本次为该查询人第 1 次查询该主体" in view.result_view.details.text()
    assert f"查询日志第 {result.log_seq} 号" in view.result_view.details.text()
    assert view.result_view.print_button.isEnabled()  # issuing: test_window_query_print.py
    assert "Ctrl+P" in view.result_view.print_button.toolTip()
    [entry] = _log(db, staff)
    assert entry.outcome is QueryOutcome.SHOWN and entry.audience is Audience.SELF

    # the staff-only preview: side by side, and logged as well
    view.result_view.preview_button.click()
    dialog = view.preview_dialog
    assert dialog is not None and dialog.table.rowCount() == 4
    assert dialog.table.columnCount() == 8
    public_cells = [dialog.cell_text(r, 0) for r in range(4)]
    assert all(t.startswith("✗") for t in public_cells)  # Weihai: never public for a person
    assert any(dialog.cell_text(r, 1).startswith("✓") for r in range(4))  # self sees them
    assert len(_log(db, staff)) == 2

    # Ctrl+N: everything reset
    view.new_query()
    assert view.step == REQUESTER
    assert view.requester_page.doc_number.text() == ""
    assert view.subject_page.subject is None
    assert not view.requester_page.document_seen.isChecked()


def test_an_authorised_query_registering_a_new_grant_with_its_scan(
    view, db, staff, tmp_path: Path
) -> None:
    _requester(view, THIRD, "李四")
    _subject(view, COMPANY, Audience.AUTHORIZED, "招标投标")
    view.next_button.click()
    assert view.step == GRANT
    assert view.grant_page.grants == []

    view.grant_page.new_button.click()
    dialog = view.grant_dialog
    assert dialog is not None
    assert dialog.grantee_number.text() == THIRD and dialog.grantee_name.text() == "李四"
    assert dialog.purpose.text() == "招标投标"
    assert dialog.method.count() == 1  # Weihai: written only
    # no scan yet: the service names the missing document, the dialog stays open
    dialog.ok_button.click()
    assert dialog.errors.text("document")
    # a file that is not a scan is refused by its bytes, in Chinese
    fake = tmp_path / "授权书.png"
    fake.write_bytes(b"not an image")
    assert not dialog.attach_file(fake)
    assert "PNG" in dialog.file_label.text() or "格式" in dialog.file_label.text()
    scan = tmp_path / "李四授权书.png"
    scan.write_bytes(PNG)
    assert dialog.attach_file(scan)
    dialog.ok_button.click()
    assert dialog.row is not None and dialog.row.document is not None
    assert dialog.row.document.display_name == "李四授权书.png"

    assert view.step == GRANT
    assert [g.id for g in view.grant_page.grants] == [dialog.row.id]
    assert view.grant_page.grant_id == dialog.row.id
    view.next_button.click()

    assert view.step == RESULT
    result = view.result_view.result
    assert result is not None and result.grant is not None
    assert result.grant.id == dialog.row.id
    assert result.record_count == 5  # public ones plus the authorised 欠缴 record
    [entry] = _log(db, staff)
    assert entry.outcome is QueryOutcome.SHOWN and entry.grant_id == dialog.row.id


def test_a_public_query_by_name_shows_only_public_information(view, db, staff, world) -> None:
    add_objection(db, world.records["c_dishonest_public"], world.company_id)
    _requester(view, OTHER, "王五")
    _subject(view, "某某科技", Audience.PUBLIC)
    assert view.subject_page.subject is not None
    assert view.subject_page.subject.display_code == COMPANY
    assert not view.subject_page.purpose_box.isVisible()
    view.next_button.click()

    assert view.step == RESULT
    result = view.result_view.result
    assert result is not None and result.record_count == 4
    for group in result.groups:
        if not group.records:
            assert view.result_view.findChild(
                type(view.result_view.heading), f"none_{group.info_class.value}"
            )
    assert len(_shown_items(view)) == 4
    # an objection under way is marked, in red
    dishonest = view.result_view.tables["dishonest"]
    mark = dishonest.item(0, dishonest.columnCount() - 1)
    assert mark.text() == "异议处理中"
    assert mark.foreground().color().name() == "#c5221f"
    [entry] = _log(db, staff)
    assert entry.audience is Audience.PUBLIC and entry.record_count == 4


def test_a_grant_for_someone_else_is_refused_with_the_reason_and_logged(
    view, db, staff, world
) -> None:
    grant_id = grant_for(world, staff[Role.CLERK], grantee=OTHER, grantee_name="王五")
    expired = grant_for(
        world,
        staff[Role.CLERK],
        valid_from=TODAY - timedelta(days=100),
        valid_to=TODAY - timedelta(days=5),
        today=TODAY - timedelta(days=50),
    )
    _requester(view, THIRD, "李四")
    _subject(view, COMPANY, Audience.AUTHORIZED, "融资信贷")
    view.next_button.click()
    assert view.step == GRANT
    states = {g.id: g.state_label for g in view.grant_page.grants}
    assert states == {grant_id: "有效", expired: "已过期"}

    # the grant names 王五, not 李四
    row = next(i for i, g in enumerate(view.grant_page.grants) if g.id == grant_id)
    view.grant_page.table.selectRow(row)
    view.next_button.click()
    assert view.step == RESULT
    assert view.result_view.result is None
    assert view.result_view.refusal_frame.isVisible()
    text = view.result_view.refusal_text.text()
    assert "王五" in text
    assert "已记入查询日志" in view.result_view.refusal_log.text()

    # back to fix it: the expired one is refused too, saying so
    view.result_view.back_button.click()
    assert view.step == GRANT
    row = next(i for i, g in enumerate(view.grant_page.grants) if g.id == expired)
    view.grant_page.table.selectRow(row)
    view.next_button.click()
    assert "过期" in view.result_view.refusal_text.text()

    entries = _log(db, staff)
    assert [e.outcome for e in entries] == [QueryOutcome.REFUSED, QueryOutcome.REFUSED]
    assert all(e.refusal_reason for e in entries)
    # the fields kept their contents
    assert view.requester_page.doc_number.text() == THIRD
    assert view.subject_page.subject is not None


def test_a_lost_connection_keeps_every_field_and_the_retry_succeeds(
    view, db, staff, monkeypatch
) -> None:
    from app.domain.errors import DatabaseUnavailable
    from ui.window_query import window_query_view

    _requester(view, PERSON, "张三")
    _subject(view, PERSON, Audience.SELF, "融资信贷")

    def down(*_a, **_k):
        raise DatabaseUnavailable()

    real = window_query_view.run_query
    monkeypatch.setattr(window_query_view, "run_query", down)
    view.next_button.click()
    assert view.step == SUBJECT
    assert "数据库连接中断" in view.status.text()
    assert view.subject_page.purpose_value == "融资信贷"
    assert view.requester_page.doc_number.text() == PERSON
    assert _log(db, staff) == []

    monkeypatch.setattr(window_query_view, "run_query", real)
    view.next()  # Ctrl+Enter again
    assert view.step == RESULT
    assert len(_log(db, staff)) == 1


def test_an_organisation_needs_its_agent_and_mandate(view, db, staff, tmp_path: Path) -> None:
    page = view.requester_page
    page.doc_type.setCurrentIndex(page.doc_type.findData(IdDocType.USCC))
    assert page.org_box.isVisible()
    type_into(page.doc_number, COMPANY)
    type_into(page.name, "济南某某科技有限公司")
    page.document_seen.setChecked(True)
    view.next_button.click()  # agent optional so far (a public query needs none)
    assert view.step == SUBJECT
    _subject(view, COMPANY, Audience.SELF, "招标投标")
    view.next_button.click()
    # a self query by an organisation needs its agent: back to step 1, fields marked
    assert view.step == REQUESTER
    assert page.org_errors.text("agent_name")
    type_into(page.agent_number, OTHER)
    type_into(page.agent_name, "王五")
    mandate = tmp_path / "委托书.pdf"
    mandate.write_bytes(PDF)
    assert page.attach_mandate(mandate)
    view.next_button.click()
    view.next_button.click()
    assert view.step == RESULT
    result = view.result_view.result
    assert result is not None and result.requester.agent_name == "王五"
    [entry] = _log(db, staff)
    assert entry.outcome is QueryOutcome.SHOWN
