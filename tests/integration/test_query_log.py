"""Auditors browse and export the query log; nobody else reads it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from query_world import COMPANY, OTHER, PERSON, TODAY, build_world, person, request
from sqlalchemy import select

from app.cli import main
from app.db.models import AuditEvent
from app.domain.enums import Audience, QueryMethod, QueryOutcome, Role
from app.domain.errors import PermissionDenied
from app.services.query_log import QueryLogFilter, export_query_log, list_query_log
from app.services.window_query import QueryRefused, run_query

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


@pytest.fixture
def logged(db, staff):
    build_world(db, "weihai")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    run_query(db, request(Audience.PUBLIC), actor=clerk, today=TODAY, now=NOW - timedelta(days=2))
    run_query(db, request(Audience.PUBLIC, subject_code=PERSON), actor=clerk, today=TODAY, now=NOW)
    with pytest.raises(QueryRefused):
        run_query(db, request(Audience.AUTHORIZED), actor=supervisor, today=TODAY, now=NOW)
    run_query(
        db,
        request(Audience.PUBLIC, person(OTHER, "王五=HYPERLINK(1)")),
        actor=supervisor,
        today=TODAY,
        now=NOW,
    )
    return db


def test_auditor_pages_through_the_log_newest_first(logged, staff) -> None:
    auditor = staff[Role.AUDITOR]
    first = list_query_log(logged, actor=auditor, limit=3)
    assert first.total_estimate == 4 and [r.seq for r in first.rows] == [4, 3, 2]
    second = list_query_log(logged, actor=auditor, page_key=first.next_key, limit=3)
    assert [r.seq for r in second.rows] == [1] and second.next_key is None
    row = first.rows[1]
    assert row.outcome is QueryOutcome.REFUSED and row.refusal_reason.startswith("未提供授权")
    assert row.clerk_username == "supervisor" and row.subject_code == COMPANY


@pytest.mark.parametrize(
    ("filters", "seqs"),
    [
        (QueryLogFilter(outcome=QueryOutcome.REFUSED), [3]),
        (QueryLogFilter(clerk="clerk"), [2, 1]),
        (QueryLogFilter(subject_code=PERSON), [2]),
        (QueryLogFilter(requester=OTHER), [4]),
        (QueryLogFilter(requester="王五"), [4]),
        (QueryLogFilter(date_from=TODAY, date_to=TODAY), [4, 3, 2]),
        (QueryLogFilter(date_to=TODAY - timedelta(days=1)), [1]),
        (QueryLogFilter(method=QueryMethod.BATCH), []),
    ],
    ids=[
        "outcome",
        "clerk",
        "subject",
        "requester-code",
        "requester-name",
        "period",
        "until",
        "method",
    ],
)
def test_filters(logged, staff, filters, seqs) -> None:
    page = list_query_log(logged, filters, actor=staff[Role.AUDITOR])
    assert [r.seq for r in page.rows] == seqs


def test_export_is_csv_for_excel_and_is_audited(logged, staff) -> None:
    payload = export_query_log(logged, actor=staff[Role.AUDITOR])
    text = payload.decode("utf-8")
    assert text.startswith("\ufeff序号,查询时间,经办人")
    lines = text.strip().splitlines()
    assert len(lines) == 5
    assert "2026-11-25 10:00:00" in lines[1] and "已拒绝" in text
    assert "'王五=HYPERLINK(1)" not in text  # the name is not at a cell start …
    assert ",王五=HYPERLINK(1)," in text
    with logged.uow() as uow:
        event = uow.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "query_log.exported")
        )
    assert event is not None and event.details["rows"] == 4


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR, Role.ADMIN])
def test_only_auditors_read_the_log(logged, staff, role) -> None:
    with pytest.raises(PermissionDenied):
        list_query_log(logged, actor=staff[role])
    with pytest.raises(PermissionDenied):
        export_query_log(logged, actor=staff[role])


def test_cli_audit_export(logged, tmp_path, capsys) -> None:
    url = logged.url.render_as_string(hide_password=False)
    out = tmp_path / "log.csv"
    code = main(
        [
            "audit",
            "export",
            "--db",
            url,
            "--out",
            str(out),
            "--auditor",
            "auditor",
            "--outcome",
            "shown",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes().decode("utf-8").count("\r\n") == 4
    assert main(["audit", "export", "--db", url, "--out", str(out), "--auditor", "clerk"]) == 1
    assert "无权执行“查阅日志”" in capsys.readouterr().err
