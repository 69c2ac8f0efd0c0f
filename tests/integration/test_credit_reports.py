"""A credit report issued for a logged query (issue 8): exactly what that audience may see as
of the issue date, masked where it must be, refused when the query cannot support it."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from query_world import (
    COMPANY,
    PERSON,
    TODAY,
    add_objection,
    build_world,
    grant_for,
    person,
    request,
)
from sqlalchemy import select

from app.cli import main as cli
from app.db.models import CreditRecord
from app.domain.enums import Audience, ReportSection, Role
from app.domain.errors import CreditDeskError, PermissionDenied
from app.services import settings
from app.services.credit_reports import issue_credit_report
from app.services.grants import revoke_grant
from app.services.window_query import QueryRefused, run_query

NOW = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 10:30 in Beijing on TODAY


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _query(world, clerk, audience, **kw):
    return run_query(world.db, request(audience, **kw), actor=clerk, today=TODAY, now=NOW)


@pytest.fixture
def world(db, staff):
    world = build_world(db, "weihai")
    settings.set_setting(
        db, settings.SettingKey.CENTER_NAME, "威海市公共信用信息中心", actor=staff[Role.ADMIN]
    )
    return world


@pytest.fixture
def clerk(staff):
    return staff[Role.CLERK]


def test_given_an_authorised_query_when_the_report_is_issued_then_it_shows_what_was_shown(
    world, clerk
) -> None:
    grant_id = grant_for(world, clerk)
    result = _query(world, clerk, Audience.AUTHORIZED, grant_id=grant_id)

    issued = issue_credit_report(world.db, result.log_id, actor=clerk, today=TODAY, now=NOW)

    text = _text(issued.pdf_bytes).replace("\n", "")
    assert issued.number in text
    assert COMPANY in text  # an organisation's code is public
    shown = [r for g in result.groups for r in g.records]
    details = [r for r in shown if r.report_section is not ReportSection.BASIC]
    assert details and all(r.document_number in text for r in details)
    hidden_ids = set(world.records.values()) - {r.record_id for r in shown}
    with world.db.uow() as uow:
        hidden_numbers = uow.session.scalars(
            select(CreditRecord.document_number).where(CreditRecord.id.in_(hidden_ids))
        ).all()
    assert hidden_numbers  # repaired, expired, withdrawn … and the other subject's
    assert not [n for n in hidden_numbers if n in text]
    assert "授权查询" in text
    assert "李四（110105********002X）" in text.replace("\n", "")  # the requester, masked


def test_a_report_for_the_public_masks_a_natural_persons_id_and_self_does_not(world, clerk) -> None:
    public = _query(world, clerk, Audience.PUBLIC, subject_code=PERSON)
    own = _query(world, clerk, Audience.SELF, requester=person(PERSON, "张三"), subject_code=PERSON)

    public_text = _text(
        issue_credit_report(world.db, public.log_id, actor=clerk, today=TODAY, now=NOW).pdf_bytes
    )
    own_text = _text(
        issue_credit_report(world.db, own.log_id, actor=clerk, today=TODAY, now=NOW).pdf_bytes
    )

    assert "370102********1237" in public_text and PERSON not in public_text
    assert PERSON in own_text


def test_a_persons_own_report_lists_who_queried_their_records(world, clerk) -> None:
    grant_id = grant_for(world, clerk, subject_id=world.person_id)
    _query(world, clerk, Audience.AUTHORIZED, subject_code=PERSON, grant_id=grant_id)
    own = _query(world, clerk, Audience.SELF, requester=person(PERSON, "张三"), subject_code=PERSON)

    text = _text(
        issue_credit_report(world.db, own.log_id, actor=clerk, today=TODAY, now=NOW).pdf_bytes
    ).replace("\n", "")

    assert "查询记录" in text
    assert "李四（110105********002X）" in text


def test_a_record_under_objection_carries_the_mark(world, clerk) -> None:
    add_objection(world.db, world.records["c_dishonest_public"], world.company_id)
    result = _query(world, clerk, Audience.PUBLIC)
    text = _text(
        issue_credit_report(world.db, result.log_id, actor=clerk, today=TODAY, now=NOW).pdf_bytes
    )
    assert "异议处理中" in text


def test_no_report_for_a_refused_query(world, clerk) -> None:
    with pytest.raises(QueryRefused) as refused:
        _query(world, clerk, Audience.AUTHORIZED)  # no grant
    with pytest.raises(CreditDeskError, match="被拒绝的查询"):
        issue_credit_report(world.db, refused.value.log_id, actor=clerk, today=TODAY, now=NOW)


def test_no_report_the_day_after_the_query(world, clerk) -> None:
    result = _query(world, clerk, Audience.PUBLIC)
    with pytest.raises(CreditDeskError, match="只能在查询当日出具"):
        issue_credit_report(
            world.db,
            result.log_id,
            actor=clerk,
            today=TODAY + timedelta(days=1),
            now=NOW + timedelta(days=1),
        )


def test_no_report_once_the_grant_was_revoked(world, clerk) -> None:
    grant_id = grant_for(world, clerk)
    result = _query(world, clerk, Audience.AUTHORIZED, grant_id=grant_id)
    revoke_grant(world.db, grant_id, "授权人撤回授权", actor=clerk)
    with pytest.raises(CreditDeskError, match="已撤销或过期"):
        issue_credit_report(world.db, result.log_id, actor=clerk, today=TODAY, now=NOW)


def test_an_auditor_cannot_issue_reports(world, clerk, staff) -> None:
    result = _query(world, clerk, Audience.PUBLIC)
    with pytest.raises(PermissionDenied):
        issue_credit_report(
            world.db, result.log_id, actor=staff[Role.AUDITOR], today=TODAY, now=NOW
        )


def test_cli_issues_the_report_and_it_verifies(
    world, clerk, db_url, tmp_path: Path, capsys
) -> None:
    result = run_query(world.db, request(Audience.PUBLIC), actor=clerk)  # today, for real
    out = tmp_path / "report.pdf"
    assert (
        cli(
            [
                "report",
                "issue",
                "--query-log",
                str(result.log_id),
                "--clerk",
                clerk.username,
                "-o",
                str(out),
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert "已出具公共信用信息报告" in capsys.readouterr().out
    assert cli(["report", "verify", str(out), "--db", db_url]) == 0
