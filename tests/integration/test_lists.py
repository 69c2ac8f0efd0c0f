"""Lists (issue 10): memberships derived from the records with their own periods, the Xiamen
第二十八条 three-sectors alert, the Nantong 第二十九条 responsible-person links, and the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.models import CreditAlert, CreditRecord, CreditRecordVersion, Subject
from app.domain.enums import ListType, RecordStatus, Role, Severity
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from app.services.database import Database
from app.services.expiry import expire_records
from app.services.lists import (
    check_alerts,
    handle_alert,
    link_responsible_person,
    links_of,
    links_of_person,
    list_alerts,
    list_memberships,
)
from tests.integration.lifecycle_world import add_record, case_reads
from tests.integration.objection_world import objection_world
from tests.integration.query_world import COMPANY, PERSON, THIRD, TODAY, build_world

# --- memberships ---------------------------------------------------------------------------


def test_memberships_show_their_period_and_article_and_leave_ended_ones_out(
    db: Database, staff: Any
) -> None:
    """Given Xiamen and a company on the black list (listed 2025-01-10), on two key-attention
    lists (one public, one 政务共享) and on the red list, plus a key-attention listing whose
    one year ended on 2026-10-01, when a clerk opens the lists on 2026-11-25 each current
    membership shows its end and 第二十八条, the ended one only when asked for; filtering by
    list and subject works; reading the 政务共享 list lands in the query log, the public ones
    do not."""
    world = build_world(db, "xiamen")
    black = add_record(db, world.company_id, "MD001", listed_on=date(2025, 1, 10))
    key = add_record(db, world.company_id, "ZD001", listed_on=date(2026, 6, 1))
    private = add_record(db, world.company_id, "ZD002", listed_on=date(2026, 7, 1))
    red = add_record(db, world.company_id, "LH001", on=date(2026, 2, 1))
    ended = add_record(db, world.person_id, "ZD001", listed_on=date(2025, 10, 1))
    clerk = staff[Role.CLERK]

    page = list_memberships(db, actor=clerk, today=TODAY)
    rows = {r.record_id: r for r in page.rows}
    assert list(rows) == [private, key, red, black]  # newest listing first
    assert page.next_key is None
    assert (rows[black].list_type, rows[black].ends_on, rows[black].basis) == (
        ListType.BLACK,
        date(2030, 1, 10),
        "第二十八条",
    )
    assert (rows[key].ends_on, rows[key].public) == (date(2027, 6, 1), True)
    assert (rows[private].public, rows[private].provider_name) == (False, "卫生健康委员会")
    assert (rows[red].ends_on, rows[red].basis) == (None, "")  # no period for good information
    assert [e.purpose for e in case_reads(db)] == ["查看名单"]
    assert case_reads(db)[0].record_count == 1

    everything = list_memberships(db, actor=clerk, today=TODAY, current_only=False)
    assert ended in {r.record_id for r in everything.rows}
    assert not next(r for r in everything.rows if r.record_id == ended).current
    assert len(case_reads(db)) == 2  # each read of the 政务共享 list is logged

    blacks = list_memberships(db, actor=clerk, list_type="black", today=TODAY)
    assert [r.record_id for r in blacks.rows] == [black]
    mine = list_memberships(db, actor=clerk, subject_code=PERSON, today=TODAY)
    assert mine.rows == ()
    assert len(case_reads(db)) == 2  # public lists only: nothing more logged

    seen, after = [], None
    while True:  # one row a page, keyset on (listing day, id)
        one = list_memberships(db, actor=clerk, today=TODAY, after=after, limit=1)
        seen += [r.record_id for r in one.rows]
        if one.next_key is None:
            break
        after = one.next_key
    assert seen == [private, key, red, black]

    for role in (Role.ADMIN, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            list_memberships(db, actor=staff[role], today=TODAY)
    with pytest.raises(ValidationFailed):
        list_memberships(db, actor=clerk, list_type="none", today=TODAY)


# --- the Xiamen 第二十八条 alert ---------------------------------------------------------------


def test_three_sectors_key_attention_lists_raise_one_alert_and_change_no_record(
    db: Database, staff: Any
) -> None:
    """Given Xiamen and a company put on key-attention lists by two providers this year, no
    alert; when a third provider's list arrives, one alert (第二十八条) names the three
    records, providers and dates — and no record changes; the expiry job that day and a second
    check raise nothing more; a fourth sector's list the next day raises a new alert."""
    world = build_world(db, "xiamen")
    a = add_record(db, world.company_id, "ZD001", listed_on=date(2026, 1, 10))
    b = add_record(db, world.company_id, "ZD002", listed_on=date(2026, 5, 1))
    assert check_alerts(db, [world.company_id], today=TODAY) == []
    c = add_record(db, world.company_id, "ZD001", provider="YJGLJ", listed_on=TODAY)
    with db.uow() as uow:
        versions_before = uow.session.scalar(select(func.count(CreditRecordVersion.id)))

    raised = check_alerts(db, [world.company_id], today=TODAY)

    assert len(raised) == 1
    [alert] = list_alerts(db, actor=staff[Role.CLERK])
    assert alert.kind == "key_attention_three_sectors"
    assert alert.state == "open" and alert.raised_on == TODAY
    assert alert.basis == "依据《厦门市公共信用信息管理办法》第二十八条"
    assert [r.record_id for r in alert.records] == [a, b, c]
    assert alert.providers == ("卫生健康委员会", "应急管理局", "生态环境局")
    assert "二年" in alert.action or "2年" in alert.action
    assert expire_records(db, actor=staff[Role.SUPERVISOR], today=TODAY).alerts_raised == 0
    assert check_alerts(db, [world.company_id], today=TODAY + timedelta(days=1)) == []
    with db.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count(CreditRecordVersion.id))) == versions_before
        assert {r.status for r in s.scalars(select(CreditRecord))} >= {RecordStatus.ACTIVE}

    add_record(db, world.company_id, "ZD001", provider="SWJ", listed_on=TODAY)
    tomorrow = TODAY + timedelta(days=1)
    assert expire_records(db, actor=staff[Role.SUPERVISOR], today=tomorrow).alerts_raised == 1
    assert len(list_alerts(db, actor=staff[Role.CLERK], state="open")) == 2


def test_supervisor_handles_an_alert_once(db: Database, staff: Any) -> None:
    """Given an open alert, a clerk may not handle it, an empty note is refused, a stale
    version is a conflict; the supervisor records what was done (the letters are issued:
    tests/integration/test_alert_letters.py), and it cannot be handled twice."""
    world = objection_world(db, "xiamen", staff)
    for provider in ("STHJJ", "WJW", "YJGLJ"):
        add_record(db, world.company_id, "ZD001", provider=provider, listed_on=date(2026, 9, 1))
    [alert_id] = check_alerts(db, [world.company_id], today=TODAY)
    [alert] = list_alerts(db, actor=staff[Role.SUPERVISOR], state="open")
    supervisor = staff[Role.SUPERVISOR]
    note = "已电话告知主体；已书面提醒三家提供单位将公示期调整为二年"

    with pytest.raises(PermissionDenied):
        handle_alert(db, alert_id, note=note, actor=staff[Role.CLERK], expected_version=1)
    with pytest.raises(ValidationFailed):
        handle_alert(db, alert_id, note=" ", actor=supervisor, expected_version=alert.row_version)
    with pytest.raises(ConcurrencyConflict):
        handle_alert(db, alert_id, note=note, actor=supervisor, expected_version=99)

    done = handle_alert(
        db, alert_id, note=note, actor=supervisor, expected_version=alert.row_version, today=TODAY
    )

    assert (done.state, done.handled_on, done.handled_by, done.note) == (
        "handled",
        TODAY,
        "李主管",
        note,
    )
    assert len(done.letters) == 4  # the subject's 告知书 and one 提醒函 per provider
    with pytest.raises(InvalidTransition):
        handle_alert(db, alert_id, note=note, actor=supervisor, expected_version=done.row_version)
    assert list_alerts(db, actor=supervisor, state="open") == ()


def test_no_alert_where_the_regulation_has_no_such_rule(db: Database) -> None:
    """Given Nantong (no three-lists rule), three sectors' key-attention lists raise nothing."""
    world = build_world(db, "nantong")
    for provider in ("STHJJ", "WJW", "YJGLJ"):
        add_record(db, world.company_id, "ZD001", provider=provider, listed_on=date(2026, 9, 1))
    assert check_alerts(db, [world.company_id], today=TODAY) == []
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count(CreditAlert.id))) == 0


# --- the Nantong 第二十九条 links --------------------------------------------------------------


def test_serious_dishonest_record_of_a_company_is_linked_to_its_legal_representative(
    db: Database, staff: Any
) -> None:
    """Given Nantong and a company's serious dishonest record, when the supervisor links it to
    the legal representative 李四 (not yet known) the person is created and the link shows on
    the record and on the person; the refusals say why in Chinese."""
    world = build_world(db, "nantong")
    serious = add_record(db, world.company_id, "CF001", severity=Severity.SERIOUS)
    general = world.records["c_dishonest_public"]
    supervisor = staff[Role.SUPERVISOR]

    with pytest.raises(ValidationFailed) as no_name:
        link_responsible_person(db, serious, THIRD, "legal_representative", actor=supervisor)
    assert "姓名" in no_name.value.resolution
    link = link_responsible_person(
        db, serious, THIRD, "legal_representative", actor=supervisor, name="李四"
    )

    assert (link.person_name, link.role_label) == ("李四", "法定代表人")
    assert link.person_code == "110105********002X"
    assert link.basis == "依据《南通市公共信用信息管理办法》第二十九条"
    assert [r.id for r in links_of(db, serious, actor=staff[Role.CLERK])] == [link.id]
    assert [
        r.organisation_code
        for r in links_of_person(db, link.person_subject_id, actor=staff[Role.CLERK])
    ] == [COMPANY]
    with db.uow() as uow:
        person = uow.session.scalar(select(Subject).where(Subject.code == THIRD))
        assert person is not None and person.birth_date == date(1949, 12, 31)

    refusals = {
        "duplicate": lambda: link_responsible_person(
            db, serious, THIRD, "principal", actor=supervisor
        ),
        "general": lambda: link_responsible_person(
            db, general, THIRD, "principal", actor=supervisor
        ),
        "person's record": lambda: link_responsible_person(
            db, world.records["p_dishonest_public"], THIRD, "principal", actor=supervisor
        ),
        "a company as person": lambda: link_responsible_person(
            db, serious, COMPANY, "principal", actor=supervisor
        ),
    }
    texts = {}
    for what, call in refusals.items():
        with pytest.raises(CreditDeskError) as exc:
            call()
        texts[what] = exc.value.text
    assert "已经关联" in texts["duplicate"]
    assert "不是严重失信信息" in texts["general"]
    assert "不是法人" in texts["person's record"]
    assert "不是居民身份证号码" in texts["a company as person"]
    with pytest.raises(PermissionDenied):
        link_responsible_person(db, serious, PERSON, "principal", actor=staff[Role.CLERK])


def test_links_only_under_nantong(db: Database, staff: Any) -> None:
    """Given Weihai (no such article), linking is refused naming the regulation."""
    world = build_world(db, "weihai")
    serious = add_record(db, world.company_id, "CF001", severity=Severity.SERIOUS)
    with pytest.raises(CreditDeskError) as exc:
        link_responsible_person(
            db, serious, THIRD, "legal_representative", actor=staff[Role.SUPERVISOR], name="李四"
        )
    assert exc.value.msg_id == "link.not_provided"
    assert "威海市" in exc.value.text


# --- the command line ----------------------------------------------------------------------


def test_cli_lists_alerts_and_links(
    db: Database, db_url: str, staff: Any, capsys: Any, tmp_path: Any
) -> None:
    """Given Xiamen with a company on three sectors' key-attention lists, `lists show --list
    key_attention --json` lists them with their ends, `alerts list` shows the alert and
    `alerts handle` records the supervisor's note; under Nantong `lists link` links a person."""
    world = objection_world(db, "xiamen", staff)
    for provider in ("STHJJ", "WJW", "YJGLJ"):
        add_record(db, world.company_id, "ZD001", provider=provider, listed_on=date(2026, 9, 1))
    check_alerts(db, [world.company_id], today=TODAY)

    def run(*argv: str, user: str = "clerk") -> Any:
        code = main([*argv, "--user", user, "--today", TODAY.isoformat(), "--json", "--db", db_url])
        out = capsys.readouterr()
        assert code == 0, out.err
        return json.loads(out.out)

    shown = run("lists", "show", "--list", "key_attention", "--subject", COMPANY)
    assert len(shown["rows"]) == 3
    # one year: three sectors' lists do not extend a period, only the providers' decisions do
    assert {r["ends_on"] for r in shown["rows"]} == {"2027-09-01"}
    [alert] = run("alerts", "list")["rows"]
    handled = run(
        "alerts",
        "handle",
        str(alert["id"]),
        "--note",
        "已告知",
        "--out-dir",
        str(tmp_path / "letters"),
        user="supervisor",
    )
    assert handled["state"] == "handled"
    # the letter to the subject and one reminder per provider, written where she said
    files = sorted(p.name for p in (tmp_path / "letters").iterdir())
    assert len(handled["letters"]) == 4 and len(files) == 4
    assert all(name.endswith(".pdf") for name in files)

    from app.domain.permissions import Actor
    from app.services import rules

    rules.set_current_profile(db, "nantong", actor=Actor.operator())
    serious = add_record(db, world.company_id, "CF001", severity=Severity.SERIOUS)
    linked = run(
        "lists",
        "link",
        str(serious),
        "--person",
        THIRD,
        "--name",
        "李四",
        "--role",
        "legal_representative",
        user="supervisor",
    )
    assert linked["role_label"] == "法定代表人"
    code = main(
        [
            "lists",
            "link",
            str(serious),
            "--person",
            THIRD,
            "--role",
            "principal",
            "--user",
            "clerk",
            "--db",
            db_url,
        ]
    )
    assert code == 1
    assert "无权" in capsys.readouterr().err


def test_reading_the_alerts_is_logged_per_subject(db: Database, staff: Any) -> None:
    """Given a company on three sectors' key-attention lists (Xiamen art. 28) with its alert,
    when a clerk reads the alerts, then the query log has one case read for that company."""
    world = objection_world(db, "xiamen", staff)
    for provider in ("STHJJ", "WJW", "YJGLJ"):
        add_record(db, world.company_id, "ZD001", provider=provider, listed_on=date(2026, 9, 1))
    check_alerts(db, [world.company_id], today=TODAY)
    before = len(case_reads(db))
    [alert] = list_alerts(db, actor=staff[Role.CLERK])
    reads = case_reads(db)[before:]
    assert [r.purpose for r in reads] == ["查看信用提示"]
    assert alert.subject_code == COMPANY
