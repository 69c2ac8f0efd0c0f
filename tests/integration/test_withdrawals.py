"""Good-information withdrawal through the profiles (jurisdictions.md §7), on SQLite and
PostgreSQL.

The company's public 表彰奖励信息 (LH002) and the person's 志愿服务记录 (LH003) are the good
records; requests are received on Wednesday 25 November 2026 (no public holiday until the new
year), so 2 WD → Friday 27 November, 3 WD → Monday 30 November, 5 WD → Wednesday 2 December.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.cli import main as cli_main
from app.db.models import (
    AuditEvent,
    CatalogItem,
    CreditRecord,
    CreditRecordVersion,
    IssuedDocument,
    ProviderUnit,
)
from app.domain.caseflow import CaseKind, DueLight, WithdrawalEvent, WithdrawalState
from app.domain.enums import (
    Audience,
    ChangeKind,
    Disclosure,
    DocumentType,
    InfoClass,
    RecordStatus,
    ReportSection,
    Role,
)
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from app.services import calendar as calendar_service
from app.services import dashboard
from app.services import withdrawals as wd
from app.services.window_query import run_query
from reports.dto import from_payload
from tests.integration.objection_world import company_applicant, objection_world, person_applicant
from tests.integration.query_world import COMPANY, PDF, PERSON, World, request, shown_labels

TODAY = date(2026, 11, 25)
GOOD = "c_good_public"

# profile → (working days, due date, new record status, acted by, letters issued)
PROFILES = {
    "weihai": (5, date(2026, 12, 2), RecordStatus.WITHDRAWN, "provider", 1),
    "zhangdian": (3, date(2026, 11, 30), RecordStatus.WITHDRAWN, "center", 2),
    "wuhan": (2, date(2026, 11, 27), RecordStatus.WITHDRAWN, "center", 1),
    "xiamen": (5, date(2026, 12, 2), RecordStatus.ARCHIVED, "center", 1),
}


def register(db, world: World, actor, label: str = GOOD, **kw) -> wd.WithdrawalDetail:
    base = dict(
        subject_code=COMPANY,
        record_id=world.records[label],
        applicant=company_applicant(),
        statement="本单位申请不再公开该表彰信息。",
        written_request=True,
    )
    today = kw.pop("today", TODAY)
    base.update(kw)
    return wd.register_withdrawal(db, wd.WithdrawalInput(**base), actor=actor, today=today)


def status_of(world: World, label: str = GOOD) -> RecordStatus:
    with world.db.uow() as uow:
        record = uow.session.get(CreditRecord, world.records[label])
        assert record is not None
        return RecordStatus(record.status)


def public_labels(world: World, actor) -> set[str]:
    result = run_query(world.db, request(Audience.PUBLIC), actor=actor, today=TODAY)
    return shown_labels(world, result)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_each_profile_withdraws_good_information_within_its_period(db, staff, profile) -> None:
    """Given an installation under ``profile`` and the company's public 表彰奖励信息,
    when the clerk registers the company's request and later completes it,
    then the due date is the profile's working days after receipt, the work queue shows it,
    the record leaves public queries with the profile's status and a history entry, and the
    provider unit gets its notice (and, in Zhangdian, the applicant too)."""
    days, due, status, acted_by, letters = PROFILES[profile]
    world = objection_world(db, profile, staff)
    clerk = staff[Role.CLERK]
    assert GOOD in public_labels(world, clerk)

    case = register(db, world, clerk)

    assert case.state is WithdrawalState.RECEIVED
    assert case.case_no.startswith(wd.CASE_PREFIX)
    assert case.due_on == due and case.next_step == "withdrawal.good_info"
    assert f"{days}个工作日" in case.due_basis
    assert case.acted_by == acted_by
    assert case.allowed == (WithdrawalEvent.COMPLETE, WithdrawalEvent.REFUSE)
    queue = dashboard.list_work_queue(db, actor=clerk, today=TODAY).rows
    item = next(i for i in queue if i.kind is CaseKind.WITHDRAWAL)
    assert (item.case_no, item.due_on, item.working_days_left) == (case.case_no, due, days)
    assert item.kind_label == "良好信息撤回" and item.state_label == "已受理待撤回"
    assert item.next_step_label == "良好信息撤回"
    assert item.light is DueLight.GREEN
    assert status_of(world) is RecordStatus.ACTIVE  # nothing changes before completion

    result = wd.complete_withdrawal(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    )

    done = result.case
    assert done.state is WithdrawalState.COMPLETED
    assert done.completed_on == TODAY and done.provider_notified_on == TODAY
    assert done.due_on is None and done.record_status is status
    assert status_of(world) is status
    assert GOOD not in public_labels(world, clerk)
    assert len(result.documents) == letters
    notice = result.documents[0]
    assert notice.doc_type is DocumentType.WITHDRAWAL_NOTICE
    assert notice.pdf_bytes.startswith(b"%PDF") and done.letter_number == notice.number
    with db.uow() as uow:
        s = uow.session
        version = s.scalars(
            select(CreditRecordVersion)
            .where(CreditRecordVersion.record_id == world.records[GOOD])
            .order_by(CreditRecordVersion.version_no.desc())
        ).first()
        assert version is not None and version.change_kind is ChangeKind.WITHDRAWAL
        assert version.source_ref == f"withdrawal:{case.id}"
        assert version.snapshot["status"] == status.value
        row = s.scalar(select(IssuedDocument).where(IssuedDocument.number == notice.number))
        data = from_payload(row.payload)
        provider = s.scalar(
            select(ProviderUnit.name)
            .join(CreditRecord, CreditRecord.provider_id == ProviderUnit.id)
            .where(CreditRecord.id == world.records[GOOD])
        )
        assert data.addressee == provider  # the notice goes to the provider unit
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == case.case_no)
        ).all()
        assert actions == ["withdrawal.registered", "withdrawal.completed"]
    queue = dashboard.list_work_queue(db, actor=clerk, today=TODAY).rows
    assert all(i.kind is not CaseKind.WITHDRAWAL for i in queue)


def test_nantong_provides_no_withdrawal(db, staff) -> None:
    """Given Nantong (no withdrawal article), when the clerk looks up the company's records
    or registers a request, then both are refused naming the regulation."""
    world = objection_world(db, "nantong", staff)
    with pytest.raises(CreditDeskError) as caught:
        wd.withdrawable_records(db, COMPANY, actor=staff[Role.CLERK], today=TODAY)
    assert caught.value.msg_id == "withdrawal.not_provided"
    assert "南通市公共信用信息管理办法" in caught.value.text
    with pytest.raises(CreditDeskError, match="没有信用主体申请撤回"):
        register(db, world, staff[Role.CLERK])


def test_the_dialog_list_says_which_records_may_be_withdrawn_and_why_not(db, staff) -> None:
    """Given the company's records under Weihai, when the clerk types its code, then its good
    records come first, the public 表彰奖励信息 may be withdrawn, and the withdrawn one and the
    penalties may not, each with a reason naming the record."""
    world = objection_world(db, "weihai", staff)
    listed = wd.withdrawable_records(db, COMPANY, actor=staff[Role.CLERK], today=TODAY)
    by_id = {r.id: r for r in listed.records}
    assert listed.records[0].info_class is InfoClass.GOOD
    assert by_id[world.records[GOOD]].withdrawable
    withdrawn = by_id[world.records["c_hidden_withdrawn"]]
    assert not withdrawn.withdrawable and "已撤回" in (withdrawn.refusal or "")
    penalty = by_id[world.records["c_dishonest_public"]]
    assert penalty.refusal is not None and "不是良好信息" in penalty.refusal
    assert penalty.document_number in penalty.refusal
    assert listed.working_days == 5 and "第三十三条" in listed.rule_text
    assert listed.categories == ("表彰奖励", "志愿服务", "慈善捐赠")
    assert listed.log_seq > 0


def test_requests_that_are_not_for_withdrawable_good_information_are_refused(db, staff) -> None:
    """Given the company under Wuhan, when the clerk registers a request for a penalty, for a
    record of another subject, for a record already withdrawn, for a good record outside the
    three categories, or twice for the same record, then each is refused with a message
    naming the record and nothing is stored for the refused ones."""
    world = objection_world(db, "wuhan", staff)
    clerk = staff[Role.CLERK]
    with pytest.raises(ValidationFailed) as caught:
        register(db, world, clerk, "c_dishonest_public")
    assert "不是良好信息" in caught.value.field_errors["record"][0]
    assert "文书〔2026〕4号" in caught.value.field_errors["record"][0]
    with pytest.raises(ValidationFailed) as caught:
        register(db, world, clerk, "p_good_authorized")
    assert "不是信用主体“济南某某科技有限公司”的信用信息" in caught.value.field_errors["record"][0]
    with pytest.raises(ValidationFailed) as caught:
        register(db, world, clerk, "c_hidden_withdrawn")
    assert "不能重复申请" in caught.value.field_errors["record"][0]
    with db.uow() as uow:  # a good item that is none of 表彰奖励、志愿服务、慈善捐赠
        s = uow.session
        good = s.get(CreditRecord, world.records[GOOD])
        item = CatalogItem(
            code="LH001",
            name="纳税信用A级纳税人",
            info_class=InfoClass.GOOD,
            disclosure=Disclosure.PUBLIC,
            report_section=ReportSection.HONOURS,
            provider_id=good.provider_id,
        )
        s.add(item)
        s.flush()
        item_id = item.id
        uow.commit()
    with db.uow() as uow:
        s = uow.session
        good = s.get(CreditRecord, world.records[GOOD])
        good.catalog_item_id = item_id
        from app.db.history import ChangeInfo, attach_change

        attach_change(good, ChangeInfo(ChangeKind.DEMO))
        uow.commit()
    with pytest.raises(ValidationFailed) as caught:
        register(db, world, clerk)
    assert "不属于表彰奖励、志愿服务、慈善捐赠信息" in caught.value.field_errors["record"][0]
    assert wd.list_withdrawals(db, actor=clerk, today=TODAY) == ()


def test_a_second_request_for_the_same_record_is_refused_while_the_first_is_open(db, staff) -> None:
    """Given an open request for the person's 志愿服务记录 under Xiamen, when a second one is
    registered, then it is refused naming the open case; refusing the first frees the record."""
    world = objection_world(db, "xiamen", staff)
    clerk = staff[Role.CLERK]
    first = register(
        db, world, clerk, "p_good_authorized", subject_code=PERSON, applicant=person_applicant()
    )
    with pytest.raises(ValidationFailed, match=first.case_no):
        register(
            db,
            world,
            clerk,
            "p_good_authorized",
            subject_code=PERSON,
            applicant=person_applicant(),
        )
    refused = wd.refuse_withdrawal(
        db,
        first.case_no,
        reason="申请人当场撤回申请。",
        expected_version=first.row_version,
        actor=clerk,
        today=TODAY,
    )
    assert refused.state is WithdrawalState.REFUSED and refused.refusal_reason
    assert refused.due_on is None and refused.allowed == ()
    assert status_of(world, "p_good_authorized") is RecordStatus.ACTIVE
    second = register(
        db, world, clerk, "p_good_authorized", subject_code=PERSON, applicant=person_applicant()
    )
    assert second.case_no != first.case_no


def test_zhangdian_requires_a_written_request(db, staff) -> None:
    """Given Zhangdian (art. 35: written request), when the request is registered without a
    written request, then it is refused citing the article."""
    world = objection_world(db, "zhangdian", staff)
    with pytest.raises(ValidationFailed) as caught:
        register(db, world, staff[Role.CLERK], written_request=False)
    assert "第三十五条" in caught.value.field_errors["written_request"][0]


def test_the_applicant_must_be_the_subject_or_its_agent(db, staff) -> None:
    """Given the company's good record, when a stranger applies without an agent's mandate,
    then the identity check of the window refuses it."""
    world = objection_world(db, "weihai", staff)
    with pytest.raises(ValidationFailed) as caught:
        register(
            db,
            world,
            staff[Role.CLERK],
            applicant=person_applicant(name="李四", doc_number="11010519491231002X"),
        )
    assert caught.value.field_errors


def test_completing_twice_or_with_a_stale_version_is_refused(db, staff) -> None:
    """Given a registered request, when two clerks act on it, then the second one, holding an
    old version, gets a conflict, and a completed request cannot be refused afterwards."""
    world = objection_world(db, "wuhan", staff)
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = register(db, world, clerk)
    done = wd.complete_withdrawal(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
    )
    with pytest.raises(ConcurrencyConflict):
        wd.refuse_withdrawal(
            db,
            case.case_no,
            reason="x",
            expected_version=case.row_version,
            actor=clerk,
            today=TODAY,
        )
    with pytest.raises(InvalidTransition):
        wd.refuse_withdrawal(
            db,
            case.case_no,
            reason="x",
            expected_version=done.case.row_version,
            actor=clerk,
            today=TODAY,
        )
    detail = wd.withdrawal_detail(db, case.case_no, actor=clerk, today=TODAY)
    assert detail.state is WithdrawalState.COMPLETED


def test_open_due_dates_move_when_the_calendar_changes(db, staff) -> None:
    """Given an open request for the company's honour (due Wednesday 2 December under Weihai)
    and a refused one for the person's volunteer record, when the administrator imports a
    corrected 2026 schedule making Friday 27 November a day off, then the open request is due
    a working day later, nobody is said to have processed it (same version), and the refused
    request keeps no due date."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = register(db, world, clerk)
    other = register(
        db,
        world,
        clerk,
        "p_good_authorized",
        subject_code=PERSON,
        applicant=person_applicant(),
    )
    refused = wd.refuse_withdrawal(
        db,
        other.case_no,
        reason="申请人当场放弃。",
        expected_version=other.row_version,
        actor=clerk,
        today=TODAY,
    )
    assert case.due_on == date(2026, 12, 2) and refused.due_on is None

    result = calendar_service.import_schedule(
        db, "2026-11-27,休,临时调整\n", source_name="2026.csv", actor=staff[Role.ADMIN]
    )

    assert result.cases_rescheduled == 1
    again = wd.withdrawal_detail(db, case.case_no, actor=clerk, today=TODAY)
    assert again.due_on == date(2026, 12, 3) and again.working_days_left == 5
    assert again.row_version == case.row_version  # nobody processed the request
    queue = dashboard.list_work_queue(db, actor=clerk, today=TODAY).rows
    item = next(i for i in queue if i.kind is CaseKind.WITHDRAWAL)
    assert item.due_on == date(2026, 12, 3)
    still = wd.withdrawal_detail(db, refused.case_no, actor=clerk, today=TODAY)
    assert still.state is WithdrawalState.REFUSED and still.due_on is None


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR])
def test_only_clerks_and_supervisors_handle_withdrawals(db, staff, role) -> None:
    """Given an administrator or auditor, when they try to register or list, then they are
    refused; the work queue does not show them withdrawals."""
    world = objection_world(db, "weihai", staff)
    with pytest.raises(PermissionDenied):
        register(db, world, staff[role])
    with pytest.raises(PermissionDenied):
        wd.list_withdrawals(db, actor=staff[role])
    assert CaseKind.WITHDRAWAL not in dashboard.visible_kinds(staff[role])


def test_list_and_find_case_show_the_request(db, staff) -> None:
    """Given a registered request, when the clerk lists requests or types its number at the
    dashboard, then it is found with its due date."""
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = register(db, world, clerk)
    rows = wd.list_withdrawals(db, actor=clerk, open_only=True, today=TODAY)
    assert [r.case_no for r in rows] == [case.case_no]
    assert rows[0].working_days_left == 5 and rows[0].record_label.startswith("表彰奖励信息")
    found = dashboard.find_case(db, case.case_no, actor=clerk, today=TODAY)
    assert found.kind is CaseKind.WITHDRAWAL and found.due_on == date(2026, 12, 2)
    summary = dashboard.dashboard_summary(db, actor=clerk, today=TODAY)
    assert any(c.kind is CaseKind.WITHDRAWAL and c.count == 1 for c in summary.counts)


def test_the_cli_registers_completes_and_shows_a_request_as_json(
    db, staff, db_url, capsys, tmp_path
) -> None:
    """Given the company's good record under Wuhan, when the clerk uses
    ``creditdesk record withdraw register|show|complete|list --json``, then each prints JSON
    and the request ends completed with its letter."""
    world = objection_world(db, "wuhan", staff)
    base = ["--db", db_url]
    mandate = tmp_path / "委托书.pdf"
    mandate.write_bytes(PDF)

    def run(*args: str) -> dict:
        code = cli_main(["record", "withdraw", *args, "--user", "clerk", "--json", *base])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        return json.loads(captured.out)

    registered = run(
        "register",
        COMPANY,
        "--record",
        str(world.records[GOOD]),
        "--applicant-name",
        "济南某某科技有限公司",
        "--applicant-doc-type",
        "uscc",
        "--applicant-doc-number",
        COMPANY,
        "--agent-name",
        "刘经办",
        "--agent-doc-number",
        "11010519491231002X",
        "--mandate",
        str(mandate),
        "--document-seen",
        "--received-on",
        TODAY.isoformat(),
        "--today",
        TODAY.isoformat(),
    )
    assert registered["state"] == "received" and registered["due_on"] == "2026-11-27"
    case_no = registered["case_no"]
    shown = run("show", case_no, "--today", TODAY.isoformat())
    assert shown["case_no"] == case_no
    done = run(
        "complete",
        case_no,
        "--expect-version",
        str(shown["row_version"]),
        "--out",
        str(tmp_path / "notice.pdf"),
        "--today",
        TODAY.isoformat(),
    )
    assert done["state"] == "completed" and done["letters"]
    listed = run("list", "--today", TODAY.isoformat())
    assert [r["case_no"] for r in listed["rows"]] == [case_no]
    assert status_of(world) is RecordStatus.WITHDRAWN


def test_the_cli_prints_the_refusal_for_a_penalty(db, staff, db_url, capsys) -> None:
    """Given a penalty of the company, when the clerk registers its withdrawal by CLI, then the
    command fails with the Chinese refusal naming the record."""
    world = objection_world(db, "weihai", staff)
    code = cli_main(
        [
            "record",
            "withdraw",
            "register",
            PERSON,
            "--record",
            str(world.records["p_dishonest_public"]),
            "--applicant-name",
            "张三",
            "--applicant-doc-number",
            PERSON,
            "--document-seen",
            "--user",
            "clerk",
            "--db",
            db_url,
        ]
    )
    captured = capsys.readouterr()
    assert code != 0
    assert "不是良好信息" in captured.err + captured.out


@pytest.mark.parametrize("profile", ["weihai", "wuhan"])
def test_where_the_provider_deletes_it_is_asked_when_the_request_comes_in(
    db, staff, profile
) -> None:
    """Given Weihai (第三十三条: the provider deletes within 5 WD of the center's notice) or
    Wuhan (第二十九条: the center deletes and then tells the provider), when the clerk registers
    the request, then under Weihai the provider's notice asking it to delete within 5 working
    days is issued at once (and dated as its notification), under Wuhan nothing is issued yet."""
    world = objection_world(db, profile, staff)
    with db.uow() as uow:
        before = set(uow.session.scalars(select(IssuedDocument.number)))

    case = register(db, world, staff[Role.CLERK])

    with db.uow() as uow:
        s = uow.session
        issued = [
            d
            for d in s.scalars(select(IssuedDocument).order_by(IssuedDocument.id))
            if d.number not in before
        ]
        if profile == "wuhan":
            assert issued == [] and case.provider_notified_on is None
            return
        [notice] = issued
        data = from_payload(notice.payload)
        assert notice.doc_type is DocumentType.WITHDRAWAL_NOTICE
        assert data.request_days == 5 and data.addressee == "发展和改革委员会"
    assert case.provider_notified_on == TODAY
