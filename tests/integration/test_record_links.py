"""Reading the Nantong 第二十九条 links is a read of non-public information: who is linked to
which serious dishonest record is checked (LISTS_READ) and written to the query log like a case
read (办案查阅), once per person shown. ``links_provided`` says whether the regulation has the
rule at all (the GUI hides the link button otherwise).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.enums import QueryOutcome, Role, Severity
from app.domain.errors import PermissionDenied
from app.services.database import Database
from app.services.lists import (
    LINKS_READ_PURPOSE,
    PERSON_LINKS_READ_PURPOSE,
    link_responsible_person,
    links_of,
    links_of_person,
    links_provided,
)
from tests.integration.lifecycle_world import add_record, case_reads
from tests.integration.query_world import PERSON, THIRD, build_world


@pytest.fixture
def linked(db: Database, staff: Any) -> dict[str, int]:
    """Nantong; the company's serious penalty linked to 李四 (legal representative, new) and to
    张三 (principal, known); a second serious penalty linked to 李四 only."""
    world = build_world(db, "nantong")
    first = add_record(db, world.company_id, "CF001", severity=Severity.SERIOUS)
    second = add_record(db, world.company_id, "CF001", severity=Severity.SERIOUS)
    supervisor = staff[Role.SUPERVISOR]
    li = link_responsible_person(
        db, first, THIRD, "legal_representative", actor=supervisor, name="李四"
    )
    link_responsible_person(db, first, PERSON, "principal", actor=supervisor)
    link_responsible_person(db, second, THIRD, "responsible_person", actor=supervisor)
    return {
        "first": first,
        "second": second,
        "li": li.person_subject_id,
        "zhang": world.person_id,
        "company": world.company_id,
    }


def test_reading_a_records_links_logs_each_person_shown(
    db: Database, staff: Any, linked: dict[str, int]
) -> None:
    """Given a serious penalty linked to 李四 and 张三, when a clerk reads the record's links,
    then both are returned and the query log gains one 办案查阅 entry per person, by the clerk,
    naming the purpose and counting one link each."""
    clerk = staff[Role.CLERK]
    before = len(case_reads(db))

    rows = links_of(db, linked["first"], actor=clerk)

    assert [(r.person_name, r.role_label) for r in rows] == [
        ("李四", "法定代表人"),
        ("张三", "主要负责人"),
    ]
    entries = case_reads(db)[before:]
    assert sorted(e.subject_id for e in entries) == sorted([linked["li"], linked["zhang"]])
    for entry in entries:
        assert entry.clerk_user_id == clerk.user_id
        assert entry.purpose == LINKS_READ_PURPOSE
        assert entry.outcome is QueryOutcome.SHOWN
        assert entry.record_count == 1


def test_reading_a_persons_links_logs_the_person_once_with_the_count(
    db: Database, staff: Any, linked: dict[str, int]
) -> None:
    """Given 李四 linked to two of the company's serious penalties, when a supervisor reads the
    records linked to 李四, then both are returned and one entry on 李四 counts two records."""
    supervisor = staff[Role.SUPERVISOR]
    before = len(case_reads(db))

    rows = links_of_person(db, linked["li"], actor=supervisor)

    assert [r.record_id for r in rows] == [linked["first"], linked["second"]]
    [entry] = case_reads(db)[before:]
    assert (entry.subject_id, entry.clerk_user_id) == (linked["li"], supervisor.user_id)
    assert (entry.purpose, entry.record_count) == (PERSON_LINKS_READ_PURPOSE, 2)


def test_nothing_shown_nothing_logged(db: Database, staff: Any, linked: dict[str, int]) -> None:
    """Given a record without links and a subject linked to nothing (the company itself),
    when a clerk reads their links, then nothing is returned and the query log is unchanged."""
    clerk = staff[Role.CLERK]
    plain = add_record(db, linked["zhang"], "CF001", severity=Severity.GENERAL)
    before = len(case_reads(db))

    assert links_of(db, plain, actor=clerk) == ()
    assert links_of_person(db, linked["company"], actor=clerk) == ()

    assert len(case_reads(db)) == before


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR])
def test_roles_without_list_access_are_refused_and_nothing_is_logged(
    db: Database, staff: Any, linked: dict[str, int], role: Role
) -> None:
    """Given links on record and person, when the administrator or the auditor (no 查看名单)
    reads them, then both reads are refused and the query log is unchanged."""
    before = len(case_reads(db))
    with pytest.raises(PermissionDenied):
        links_of(db, linked["first"], actor=staff[role])
    with pytest.raises(PermissionDenied):
        links_of_person(db, linked["li"], actor=staff[role])
    assert len(case_reads(db)) == before


@pytest.mark.parametrize(("profile", "provided"), [("nantong", True), ("weihai", False)])
def test_links_are_provided_only_where_the_regulation_has_the_rule(
    db: Database, profile: str, provided: bool
) -> None:
    """Given an installation under Nantong (第二十九条) or Weihai (no such article), when the
    GUI asks whether links are provided, then only Nantong says yes."""
    build_world(db, profile)
    assert links_provided(db) is provided
