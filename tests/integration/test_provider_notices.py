"""Stories: a provider corrects or revokes its record, and the record's history shows every
version (issue 10; Weihai arts. 18 and 31, Wuhan art. 33, Zhangdian art. 33).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured), the query world
(today 2026-11-25), deadlines on the official working-day calendar: National Day 2026 is
1–7 October, with Saturday 10 October a working day."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from app.cli import main as cli_main
from app.db.models import AuditEvent, CreditRecord, ProviderNotice, QueryLogEntry
from app.domain.enums import (
    Audience,
    ChangeKind,
    QueryMethod,
    RecordStatus,
    Role,
    Severity,
    SubjectKind,
)
from app.domain.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from app.services import rules
from app.services.provider_notices import (
    NoticeInput,
    NoticeKind,
    record_history,
    record_provider_notice,
)
from app.services.record_view import disclose, load_records
from tests.integration.query_world import TODAY, World, build_world

RECORD = "c_dishonest_public"  # the company's public penalty CF001 of 市场监督管理局 (SCJGJ)


@pytest.fixture
def world(db, staff) -> World:
    return build_world(db, "weihai")


@pytest.fixture
def supervisor(staff):
    return staff[Role.SUPERVISOR]


def version_of(world: World, label: str = RECORD) -> int:
    with world.db.uow() as uow:
        return uow.session.get_one(CreditRecord, world.records[label]).row_version


def correction(world: World, label: str = RECORD, **kw) -> NoticeInput:
    values = {
        "record_id": world.records[label],
        "kind": NoticeKind.CORRECTION,
        "provider_code": "SCJGJ",
        "reference": "市监函〔2026〕88号",
        "reason": "原行政处罚决定经复议变更",
        "changed_on": date(2026, 9, 29),
        "received_on": date(2026, 10, 9),
        "changes": {"result": "警告", "severity": "严重"},
    }
    values.update(kw)
    return NoticeInput(**values)


def notify(world: World, actor, data: NoticeInput, *, today: date = TODAY, version=None):
    return record_provider_notice(
        world.db,
        data,
        actor=actor,
        today=today,
        expected_version=version_of(world) if version is None else version,
    )


def shown_ids(world: World, profile: str = "weihai") -> set[int]:
    with world.db.uow() as uow:
        records = load_records(uow.session, {world.company_id: SubjectKind.LEGAL_PERSON})
    disclosed = disclose(
        records[world.company_id],
        rules.get_profile(profile),
        Audience.PUBLIC,
        TODAY,
        national_layer=rules.national_layer(),
    )
    return {r.record_id for g in disclosed.groups for r in g.records}


# --- corrections --------------------------------------------------------------------------------


def test_weihai_correction_gets_new_version_with_deadline_of_art_31(world, supervisor) -> None:
    """Given a Weihai record whose penalty decision was changed on reconsideration on
    29 September, when the supervisor records the provider's notice received 9 October, then
    the record gets version 2 with the new values, the old version stays, the provider's
    3-working-day deadline of art. 31 (over National Day) is 9 October and was met, and the
    change is audited."""
    record_id = world.records[RECORD]

    row = notify(world, supervisor, correction(world))

    assert row.kind is NoticeKind.CORRECTION
    assert row.report_due == date(2026, 10, 9)  # 30 Sep, 8 Oct, 9 Oct
    assert row.apply_due is None  # Weihai sets no deadline for the center
    assert not row.reported_late and not row.applied_late
    assert row.applied_on == TODAY and row.version_no == 2
    assert "第三十一条" in row.report_basis
    assert {(c.label, c.old, c.new) for c in row.changes} == {
        ("处罚结果", f"{RECORD}-result", "警告"),
        ("失信程度", "一般", "严重"),
    }
    with world.db.uow() as uow:
        s = uow.session
        record = s.get_one(CreditRecord, record_id)
        assert record.severity is Severity.SERIOUS
        assert record.content["result"] == "警告"
        assert record.content["facts"] == f"{RECORD}-facts"
        assert record.row_version == 2
        notice = s.get_one(ProviderNotice, row.id)
        assert notice.changes == {"content.result": "警告", "severity": "serious"}
        assert notice.created_by_user_id == supervisor.user_id
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "record.provider_correction")
        ).one()
        assert event.entity_id == str(record_id)
        assert event.details["reference"] == "市监函〔2026〕88号"

    history = record_history(world.db, record_id, actor=supervisor)
    assert [v.version_no for v in history.versions] == [1, 2]
    v2 = history.versions[1]
    assert v2.change_kind is ChangeKind.PROVIDER_CORRECTION
    assert v2.source_ref == f"provider_notice:{row.id}"
    assert v2.changed_by == "李主管"
    assert "市监函〔2026〕88号" in v2.reason
    assert {(c.label, c.old, c.new) for c in v2.changes} == {
        ("处罚结果", f"{RECORD}-result", "警告"),
        ("失信程度", "一般", "严重"),
    }
    # the old version keeps the old values
    old = {f.label: f.value for f in history.versions[0].snapshot}
    assert old["失信程度"] == "一般" and old["处罚结果"] == f"{RECORD}-result"


def test_weihai_provider_reporting_after_three_working_days_is_flagged(world, supervisor) -> None:
    """Given a document changed on 29 September, when the provider's notice arrives on
    12 October (after its 9 October deadline), then the correction is applied all the same
    and the result says the provider reported late."""
    row = notify(world, supervisor, correction(world, received_on=date(2026, 10, 12)))

    assert row.report_due == date(2026, 10, 9)
    assert row.reported_late
    assert row.version_no == 2


def test_wuhan_correction_counts_both_deadlines_of_art_33(db, staff) -> None:
    """Given Wuhan (art. 33: the provider within 5 working days of finding the error, the
    platform within 5 working days of receiving it), when a notice about an error found on
    Monday 16 November is received on Wednesday 18 November and applied on 25 November, then
    the provider's deadline is 23 November, the center's 25 November and both were met; applied
    a day later it would be late."""
    world = build_world(db, "wuhan")
    data = correction(
        world,
        changed_on=date(2026, 11, 16),
        received_on=date(2026, 11, 18),
        changes={"decision_date": "2026-03-05"},
    )

    row = notify(world, staff[Role.SUPERVISOR], data)

    assert (row.report_due, row.apply_due) == (date(2026, 11, 23), date(2026, 11, 25))
    assert not row.reported_late and not row.applied_late
    assert "第三十三条" in row.apply_basis
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("decision_date", "2026-03-02", "2026-03-05")
    ]

    late = notify(
        world,
        staff[Role.SUPERVISOR],
        replace(data, changes={"content.basis": "《行政处罚法》第二十八条"}),
        today=date(2026, 11, 26),
    )
    assert late.apply_due == date(2026, 11, 25) and late.applied_late
    assert late.version_no == 3


# --- revocation -------------------------------------------------------------------------------


def test_revoked_record_is_kept_but_no_longer_shown(world, supervisor) -> None:
    """Given a public penalty shown to the public, when the provider revokes it because the
    penalty decision was revoked, then the record is REVOKED (a new version, nothing deleted),
    the disclosure no longer shows it, and it cannot be corrected or revoked again."""
    record_id = world.records[RECORD]
    assert record_id in shown_ids(world)

    row = notify(
        world,
        supervisor,
        correction(world, kind="revocation", reason="原行政处罚决定已被撤销", changes={}),
    )

    assert row.kind is NoticeKind.REVOCATION and row.record_status is RecordStatus.REVOKED
    assert record_id not in shown_ids(world)
    history = record_history(world.db, record_id, actor=supervisor)
    assert history.header.status is RecordStatus.REVOKED
    assert history.versions[-1].change_kind is ChangeKind.PROVIDER_REVOCATION
    assert ("状态", "有效", "已撤销") in {
        (c.label, c.old, c.new) for c in history.versions[-1].changes
    }
    assert not history.may_take_notice

    for kind in ("revocation", "correction"):
        with pytest.raises(InvalidTransition) as refused:
            notify(world, supervisor, correction(world, kind=kind))
        assert "不能再登记更正或撤销通知" in refused.value.text


# --- refusals -------------------------------------------------------------------------------


def test_notice_from_another_provider_is_refused(world, supervisor) -> None:
    """Given a record of 市场监督管理局, when a notice from the tax bureau is recorded for it,
    then it is refused naming both units, and the record is unchanged."""
    with pytest.raises(ValidationFailed) as refused:
        notify(world, supervisor, correction(world, provider_code="SWJ"))

    assert "provider" in refused.value.field_errors
    assert "国家税务总局市税务局" in refused.value.text and "市场监督管理局" in refused.value.text
    assert version_of(world) == 1


def test_unknown_provider_is_refused(world, supervisor) -> None:
    """Given a notice naming a provider code nobody has, then it is refused naming the code."""
    with pytest.raises(ValidationFailed) as refused:
        notify(world, supervisor, correction(world, provider_code="NOPE"))
    assert "NOPE" in refused.value.text


def test_dates_in_the_future_or_out_of_order_are_refused(world, supervisor) -> None:
    """Given a notice dated tomorrow, or one whose document changed after it was received,
    then each is refused on its field."""
    with pytest.raises(ValidationFailed) as future:
        notify(world, supervisor, correction(world, received_on=date(2026, 11, 26)))
    assert "received_on" in future.value.field_errors
    assert "晚于今天" in future.value.text

    with pytest.raises(ValidationFailed) as order:
        notify(
            world,
            supervisor,
            correction(world, changed_on=date(2026, 10, 12), received_on=date(2026, 10, 9)),
        )
    assert "changed_on" in order.value.field_errors

    with pytest.raises(ValidationFailed) as value:
        notify(world, supervisor, correction(world, changes={"decision_date": "2026-12-01"}))
    assert "decision_date" in value.value.field_errors
    assert version_of(world) == 1


def test_a_correction_that_changes_nothing_is_refused(world, supervisor) -> None:
    """Given the record's current values, when a correction sets them again (the severity
    by its Chinese label), then it is refused as changing nothing."""
    with pytest.raises(ValidationFailed) as refused:
        notify(
            world,
            supervisor,
            correction(world, changes={"severity": "一般", "result": f"{RECORD}-result"}),
        )
    assert refused.value.msg_id == "notice.nothing_changed"


def test_unknown_field_and_bad_values_are_refused_naming_the_field(world, supervisor) -> None:
    """Given fields the record does not have, or values outside their choices, then the
    refusal names each of them."""
    with pytest.raises(ValidationFailed) as unknown:
        notify(world, supervisor, correction(world, changes={"subject_name": "别的公司"}))
    assert "subject_name" in unknown.value.text
    assert "处罚结果" in unknown.value.resolution  # lists what may be corrected

    with pytest.raises(ValidationFailed) as choice:
        notify(world, supervisor, correction(world, changes={"severity": "特别严重"}))
    assert "特别严重" in choice.value.text and "severity" in choice.value.field_errors


def test_stale_expected_version_is_refused(world, supervisor) -> None:
    """Given two supervisors who opened the record at version 1, when the first records a
    correction, then the second's notice is refused as a conflict."""
    notify(world, supervisor, correction(world), version=1)

    with pytest.raises(ConcurrencyConflict) as refused:
        notify(world, supervisor, correction(world, changes={"result": "罚款"}), version=1)
    assert "第 1 版" in refused.value.text and "第 2 版" in refused.value.text


def test_only_a_supervisor_records_notices(world, staff) -> None:
    """Given a clerk or an auditor, when they try to record a notice, then they are refused."""
    for role in (Role.CLERK, Role.AUDITOR, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            notify(world, staff[role], correction(world))


def test_a_refused_unsupported_edit(world, supervisor) -> None:
    """Given the center itself wants to change a record (Weihai art. 18), when it tries without
    a provider notice — no reference number and no reason — then the service refuses it in
    Chinese; and when anyone changes the record in the database without saying why, the
    history hook refuses the flush. The record stays at version 1."""
    with pytest.raises(ValidationFailed) as refused:
        notify(world, supervisor, correction(world, reference="  ", reason=""))
    assert set(refused.value.field_errors) == {"reference", "reason"}
    assert "来文文号" in refused.value.text and "第十八条" in refused.value.text

    with world.db.uow() as uow:
        record = uow.session.get_one(CreditRecord, world.records[RECORD])
        record.severity = Severity.SERIOUS
        with pytest.raises(RuntimeError, match="without a ChangeInfo"):
            uow.session.flush()
    assert version_of(world) == 1
    with world.db.uow() as uow:
        count = uow.session.scalar(select(func.count()).select_from(ProviderNotice))
    assert count == 0


# --- history ---------------------------------------------------------------------------------


def test_history_is_a_logged_read_with_masked_code(world, staff) -> None:
    """Given a natural person's record, when a clerk reads its history, then the ID number is
    masked, the read is in the query log (办案查阅), and a role without the permission is
    refused."""
    record_id = world.records["p_dishonest_public"]

    history = record_history(world.db, record_id, actor=staff[Role.CLERK])

    assert history.header.subject_name == "张三"
    assert history.header.subject_display_code == "370102********1237"
    assert [v.version_no for v in history.versions] == [1]
    assert history.versions[0].changes  # the first version lists what it holds
    with world.db.uow() as uow:
        entry = uow.session.scalars(
            select(QueryLogEntry).where(QueryLogEntry.seq == history.log_seq)
        ).one()
        assert entry.method is QueryMethod.CASE
        assert entry.subject_id == world.person_id
        assert entry.clerk_user_id == staff[Role.CLERK].user_id
        assert "版本历史" in entry.purpose
    record_history(world.db, record_id, actor=staff[Role.AUDITOR])
    with pytest.raises(PermissionDenied):
        record_history(world.db, record_id, actor=staff[Role.ADMIN])
    with pytest.raises(NotFound):
        record_history(world.db, 999_999, actor=staff[Role.CLERK])


def test_history_lists_the_notices(world, supervisor) -> None:
    """Given two corrections, when the history is read, then both notices are listed with
    their deadlines and the changes each made."""
    notify(world, supervisor, correction(world))
    notify(world, supervisor, correction(world, changes={"decision_date": "2026-03-01"}))

    history = record_history(world.db, world.records[RECORD], actor=supervisor)

    assert [n.version_no for n in history.notices] == [2, 3]
    assert history.notices[1].changes[0].old == "2026-03-02"
    assert history.notices[1].changes[0].new == "2026-03-01"
    assert [c.field for c in history.versions[2].changes] == ["decision_date"]
    assert history.header.row_version == 3


# --- CLI -------------------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, dict]:
    code = cli_main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out or out.err)


def test_cli_record_history_correct_and_revoke(world, db_url, capsys) -> None:
    """Given the CLI, when a supervisor corrects and then revokes a record and reads its
    history, then each command answers in JSON; a wrong provider exits 1 with the Chinese
    reason."""
    record_id = str(world.records[RECORD])
    common = ["--db", db_url, "--user", "supervisor", "--today", TODAY.isoformat()]
    notice = ["--reference", "市监函〔2026〕88号", "--reason", "复议变更"]
    days = ["--changed-on", "2026-09-29", "--received-on", "2026-10-09"]

    code, data = run_cli(capsys, "record", "history", record_id, *common)
    assert code == 0 and data["header"]["row_version"] == 1
    assert data["versions"][0]["version_no"] == 1

    code, data = run_cli(
        capsys,
        "record", "correct", record_id, "--provider", "SCJGJ", *notice, *days,
        "--set", "severity=严重", "--set", "处罚结果=警告", "--expected-version", "1", *common,
    )  # fmt: skip
    assert code == 0, data
    assert data["report_due"] == "2026-10-09" and data["version_no"] == 2
    assert {c["field"] for c in data["changes"]} == {"severity", "content.result"}

    code, data = run_cli(
        capsys,
        "record", "revoke", record_id, "--provider", "SWJ", *notice, *days,
        "--expected-version", "2", *common,
    )  # fmt: skip
    assert code == 1 and data["error"] == "notice.provider_mismatch"

    code, data = run_cli(
        capsys,
        "record", "revoke", record_id, "--provider", "SCJGJ", *notice, *days,
        "--expected-version", "2", *common,
    )  # fmt: skip
    assert code == 0 and data["record_status"] == "revoked"

    code, data = run_cli(capsys, "record", "history", record_id, *common)
    assert [v["change_kind"] for v in data["versions"]] == [
        "demo",
        "provider_correction",
        "provider_revocation",
    ]
    assert len(data["notices"]) == 2
