"""Disclosure expiry (issue 10; jurisdictions.md §4): a record disappears from queries the day
after its last visible day whether or not the job ran; the job archives it only where the
regulation says 归档 (Xiamen 第二十八条) and only counts it elsewhere (Nantong 第三十条,
Weihai 第十九条)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.models import AuditEvent, CreditRecord, CreditRecordVersion
from app.domain.enums import (
    Audience,
    ChangeKind,
    RecordStatus,
    Role,
    Severity,
)
from app.domain.errors import PermissionDenied
from app.domain.permissions import Actor
from app.services.database import Database
from app.services.expiry import EXPIRY_ACTION, expire_records
from app.services.window_query import preview_disclosure
from tests.integration.lifecycle_world import add_record
from tests.integration.query_world import TODAY, World, build_world

LAST_DAY = TODAY - timedelta(days=1)  # 2026-11-24: the last visible day of the records below


def cell(world: World, actor: Actor, record_id: int, on: date, audience: Audience) -> Any:
    preview = preview_disclosure(world.db, world.company_id, actor=actor, today=on)
    return next(r for r in preview.rows if r.record_id == record_id).cells[audience]


def status_of(db: Database, record_id: int) -> RecordStatus:
    with db.uow() as uow:
        record = uow.session.get(CreditRecord, record_id)
        assert record is not None
        return RecordStatus(record.status)


def counts(result: Any) -> dict[tuple[str, str | None, str], tuple[int, int]]:
    return {
        (c.basis, c.severity.value if c.severity else None, c.list_type.value): (
            c.archived,
            c.hidden,
        )
        for c in result.by_rule
    }


@pytest.mark.parametrize(
    ("profile", "dates", "basis"),
    [
        # Nantong 第三十条: 一般 1 year, 严重 3 years from the day the act was determined
        ("nantong", {"determined_on": date(2025, 11, 24)}, "第三十条"),
        # Weihai 第十九条: at most 5 years from the day the act ended
        ("weihai", {"act_ended_on": date(2021, 11, 24)}, "第十九条"),
    ],
)
def test_hide_rules_expire_the_day_after_without_changing_the_record(
    db: Database, staff: Any, profile: str, dates: dict[str, date], basis: str
) -> None:
    """Given a Nantong (or Weihai) installation and a dishonest record whose period's last day
    is 2026-11-24, when the clerk previews the company on the last day it is still shown; on
    the day after it is gone before any job ran; and the job that day changes nothing (the
    regulation says "不再公开发布", not 归档) but counts it under its article."""
    world = build_world(db, profile)
    general = add_record(db, world.company_id, "CF002", severity=Severity.GENERAL, **dates)
    serious = None
    if profile == "nantong":
        serious = add_record(
            db,
            world.company_id,
            "CF003",
            severity=Severity.SERIOUS,
            determined_on=date(2023, 11, 24),
        )
    clerk = staff[Role.CLERK]
    for rid in filter(None, (general, serious)):
        assert cell(world, clerk, rid, LAST_DAY, Audience.GOVERNMENT).shown
        after = cell(world, clerk, rid, TODAY, Audience.GOVERNMENT)
        assert (after.shown, after.reason) == (False, "expired")

    on_last_day = expire_records(db, actor=staff[Role.SUPERVISOR], today=LAST_DAY)
    result = expire_records(db, actor=staff[Role.SUPERVISOR], today=TODAY)

    assert result.archived == 0 and on_last_day.archived == 0
    assert status_of(db, general) is RecordStatus.ACTIVE
    # the world's record decided six years ago was already past its period the day before
    assert counts(on_last_day)[(basis, "general", "none")] == (0, 1)
    assert counts(result)[(basis, "general", "none")] == (0, 2)
    if serious is not None:
        assert (basis, "serious", "none") not in counts(on_last_day)
        assert counts(result)[(basis, "serious", "none")] == (0, 1)
        assert status_of(db, serious) is RecordStatus.ACTIVE


def test_xiamen_lists_are_archived_the_day_after_their_period_once(
    db: Database, staff: Any
) -> None:
    """Given Xiamen (第二十八条: 严重失信名单 5 years, 重点关注名单 1 year from listing,
    archived when the period ends), a black-list record listed 2021-11-24 and a key-attention
    record listed 2025-11-24: on 2026-11-24 both are shown and the job archives nothing; on
    2026-11-25 the query hides them before the job runs; the job (reading one subject at a
    time) archives exactly these two with a version saying why, audits the counts, and a
    second run that day archives nothing new."""
    world = build_world(db, "xiamen")
    black = add_record(db, world.company_id, "MD001", listed_on=date(2021, 11, 24))
    key = add_record(db, world.company_id, "ZD001", listed_on=date(2025, 11, 24))
    young = add_record(db, world.company_id, "ZD001", provider="YJGLJ", listed_on=LAST_DAY)
    supervisor = staff[Role.SUPERVISOR]

    assert expire_records(db, actor=supervisor, today=LAST_DAY).archived == 0
    for rid in (black, key):
        assert cell(world, staff[Role.CLERK], rid, LAST_DAY, Audience.PUBLIC).shown
        assert cell(world, staff[Role.CLERK], rid, TODAY, Audience.PUBLIC).reason == "expired"

    result = expire_records(db, actor=supervisor, today=TODAY, chunk_subjects=1)

    assert result.archived == 2 and result.hidden == 0
    assert counts(result) == {
        ("第二十八条", None, "black"): (1, 0),
        ("第二十八条", None, "key_attention"): (1, 0),
    }
    assert status_of(db, young) is RecordStatus.ACTIVE
    with db.uow() as uow:
        s = uow.session
        for rid in (black, key):
            record = s.get(CreditRecord, rid)
            assert record is not None
            assert record.status is RecordStatus.ARCHIVED
            assert record.status_changed_on == TODAY
            assert record.status_reason == (
                "披露期限届满（依据《厦门市公共信用信息管理办法》第二十八条）"
            )
            version = s.scalars(
                select(CreditRecordVersion)
                .where(CreditRecordVersion.record_id == rid)
                .order_by(CreditRecordVersion.version_no.desc())
            ).first()
            assert version is not None
            assert version.change_kind is ChangeKind.EXPIRY_ARCHIVE
            assert version.source_ref == "maintenance:expire:2026-11-25"
            assert version.changed_by_user_id == supervisor.user_id
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.action == EXPIRY_ACTION).order_by(AuditEvent.seq)
        ).all()
        assert [e.details["archived"] for e in events] == [0, 2]
        assert events[-1].entity_id == "2026-11-25"
    assert cell(world, staff[Role.CLERK], key, TODAY, Audience.GOVERNMENT).reason == "archived"

    again = expire_records(db, actor=supervisor, today=TODAY)
    assert again.archived == 0


def test_only_supervisors_administrators_and_the_operator_run_the_job(
    db: Database, staff: Any
) -> None:
    """Given an installation, when a clerk or an auditor starts the expiry job they are
    refused; a supervisor, an administrator and the local operator may run it."""
    build_world(db, "xiamen")
    for role in (Role.CLERK, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            expire_records(db, actor=staff[role], today=TODAY)
    for actor in (staff[Role.SUPERVISOR], staff[Role.ADMIN], Actor.operator()):
        assert expire_records(db, actor=actor, today=TODAY).archived == 0


def test_cli_maintenance_expire(db: Database, db_url: str, capsys: Any) -> None:
    """Given Xiamen and a black-list record whose five years ended on 2026-11-24, when the
    operator runs `creditdesk maintenance expire --today 2026-11-25 --json` it reports one
    record archived under 第二十八条; run again, nothing new."""
    world = build_world(db, "xiamen")
    add_record(db, world.company_id, "MD001", listed_on=date(2021, 11, 24))

    def run() -> dict[str, Any]:
        code = main(["maintenance", "expire", "--today", "2026-11-25", "--json", "--db", db_url])
        out = capsys.readouterr()
        assert code == 0, out.err
        return dict(json.loads(out.out))

    first = run()
    assert first["archived"] == 1
    assert first["by_rule"][0]["basis"] == "第二十八条"
    assert run()["archived"] == 0
    code = main(["maintenance", "expire", "--today", "2026-11-25", "--db", db_url])
    assert code == 0
    assert "归档 0 条" in capsys.readouterr().out
