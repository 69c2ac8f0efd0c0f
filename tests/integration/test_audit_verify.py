"""Tamper evidence of the query log: every edit, deletion, insertion or reordering done
directly in the database (SQL, bypassing the services) is reported with its position."""

from __future__ import annotations

import json

import pytest
from query_world import TODAY, build_world, request
from sqlalchemy import text

from app.cli import main
from app.domain.enums import Audience, Role
from app.domain.errors import PermissionDenied
from app.services.audit_trail import record_event
from app.services.log_verify import verify_logs
from app.services.window_query import run_query

COLUMNS = (
    "occurred_at, clerk_user_id, requester_doc_type, requester_doc_number, requester_name, "
    "requester_org_code, subject_id, audience, purpose, method, categories, record_count, "
    "grant_id, agency_id, batch_ref, outcome, refusal_reason, times_requester_queried_subject"
)


@pytest.fixture
def logged(db, staff):
    """Five logged queries; returns the database."""
    build_world(db, "weihai")
    for _ in range(5):
        run_query(db, request(Audience.PUBLIC), actor=staff[Role.CLERK], today=TODAY)
    return db


def _sql(db, *statements: str) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def _query_chain(db, staff):
    result = verify_logs(db, actor=staff[Role.AUDITOR])
    return next(c for c in result.chains if c.chain == "query_log_entries")


def test_an_untouched_log_verifies(logged, staff) -> None:
    result = verify_logs(logged, actor=staff[Role.AUDITOR])
    assert result.ok
    chain = _query_chain(logged, staff)
    assert chain.entries_checked == 5 and chain.head_hash and chain.label == "查询日志"
    assert [c.label for c in result.chains] == ["查询日志", "操作审计日志", "归集日志"]


def test_an_edited_field_is_detected(logged, staff) -> None:
    _sql(logged, "UPDATE query_log_entries SET purpose = '篡改' WHERE seq = 3")
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 3
    assert chain.problem == "第 3 条的内容与其哈希值不符（记录被修改）"
    assert chain.summary.startswith("查询日志：已被篡改，第 3 条起异常")


def test_a_deleted_middle_row_is_detected(logged, staff) -> None:
    _sql(logged, "DELETE FROM query_log_entries WHERE seq = 3")
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 4
    assert chain.problem.startswith("序号不连续：应为第 3 条，实际为第 4 条")


def test_a_deleted_last_row_is_detected_by_the_chain_head(logged, staff) -> None:
    _sql(logged, "DELETE FROM query_log_entries WHERE seq = 5")
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 5 and chain.entries_checked == 4
    assert chain.problem == "链头记载共 5 条，实际完整的只有 4 条（末尾的记录被删除或替换）"


def test_a_truncated_log_stays_broken_after_new_queries(logged, staff) -> None:
    _sql(logged, "DELETE FROM query_log_entries WHERE seq >= 4")
    run_query(logged, request(Audience.PUBLIC), actor=staff[Role.CLERK], today=TODAY)
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 6
    assert chain.problem.startswith("序号不连续：应为第 4 条，实际为第 6 条")


def test_a_deleted_chain_head_is_detected(logged, staff) -> None:
    _sql(logged, "DELETE FROM chain_heads WHERE chain = 'query_log_entries'")
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 6 and "缺少链头记录" in chain.problem


def test_a_row_inserted_at_the_end_is_detected(logged, staff) -> None:
    # a copy of the last row re-linked as the sixth: its prev_hash is right, the head is not
    _sql(
        logged,
        f"INSERT INTO query_log_entries (seq, {COLUMNS}, prev_hash, entry_hash) "
        f"SELECT 6, {COLUMNS}, entry_hash, entry_hash FROM query_log_entries WHERE seq = 5",
    )
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 6


def test_a_row_inserted_in_the_middle_is_detected(logged, staff) -> None:
    _sql(
        logged,
        "UPDATE query_log_entries SET seq = seq + 100 WHERE seq >= 3",
        "UPDATE query_log_entries SET seq = seq - 99 WHERE seq >= 100",
        f"INSERT INTO query_log_entries (seq, {COLUMNS}, prev_hash, entry_hash) "
        f"SELECT 3, {COLUMNS}, entry_hash, entry_hash FROM query_log_entries WHERE seq = 2",
    )
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 3


def test_two_swapped_rows_are_detected(logged, staff) -> None:
    _sql(
        logged,
        "UPDATE query_log_entries SET seq = 100 WHERE seq = 2",
        "UPDATE query_log_entries SET seq = 2 WHERE seq = 3",
        "UPDATE query_log_entries SET seq = 3 WHERE seq = 100",
    )
    chain = _query_chain(logged, staff)
    assert not chain.ok and chain.first_bad_seq == 2
    assert "前一条哈希值" in chain.problem or "哈希值不符" in chain.problem


def test_the_audit_trail_and_intake_log_are_checked_too(logged, staff) -> None:
    with logged.uow() as uow:
        record_event(uow.session, action="test.event", entity_type="test")
        uow.commit()
    _sql(logged, "UPDATE audit_events SET action = 'forged' WHERE seq = 1")
    result = verify_logs(logged, actor=staff[Role.ADMIN])
    by_chain = {c.chain: c for c in result.chains}
    assert not result.ok
    assert by_chain["audit_events"].first_bad_seq == 1
    assert by_chain["query_log_entries"].ok and by_chain["intake_log_entries"].ok


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_window_staff_cannot_verify(logged, staff, role) -> None:
    with pytest.raises(PermissionDenied):
        verify_logs(logged, actor=staff[role])


def test_cli_audit_verify_exits_1_when_broken(logged, capsys) -> None:
    url = logged.url.render_as_string(hide_password=False)
    assert main(["audit", "verify", "--db", url]) == 0
    assert "查询日志：完整，共 5 条" in capsys.readouterr().out
    _sql(logged, "DELETE FROM query_log_entries WHERE seq = 2")
    assert main(["audit", "verify", "--db", url, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    query = next(c for c in data["chains"] if c["chain"] == "query_log_entries")
    assert data["ok"] is False and query["first_bad_seq"] == 3
