"""Objections through each of the five profiles (jurisdictions.md §5), on SQLite and PostgreSQL.

November 2026 has no public holiday: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 … Mon 30.
Each case is received on Monday 2 November unless a test says otherwise.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select, update

from app.db.models import (
    AuditEvent,
    CreditRecord,
    CreditRecordVersion,
    IssuedDocument,
    Objection,
    QueryLogEntry,
)
from app.domain.caseflow import DueLight, ObjectionEvent, ObjectionState
from app.domain.enums import Audience, ChangeKind, DocumentType, QueryMethod, RecordStatus, Role
from app.domain.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from app.rules.objection_flow import CheckResult, ReplyOutcome
from app.services import calendar as calendar_service
from app.services import objections as ob
from app.services.window_query import preview_disclosure
from tests.integration.objection_world import (
    EVIDENCE,
    company_applicant,
    objection_world,
    open_case,
    person_applicant,
)
from tests.integration.query_world import COMPANY, PERSON, World

RECEIVED = date(2026, 11, 2)
RECORD = "c_dishonest_public"


def d(day: int) -> date:
    return date(2026, 11, day)


def shown(world: World, staff, audience: Audience, on: date, label: str = RECORD) -> tuple:
    """(shown?, reason or annotations) of one record for one audience on a day."""
    preview = preview_disclosure(world.db, world.company_id, actor=staff[Role.SUPERVISOR], today=on)
    row = next(r for r in preview.rows if r.record_id == world.records[label])
    cell = row.cells[audience]
    return (True, cell.annotations) if cell.shown else (False, cell.reason)


def garble(world: World, label: str, submitted_result: str) -> None:
    """The provider submitted another 'result' than the platform shows (a platform fault)."""
    rid = world.records[label]
    with world.db.uow() as uow:
        record = uow.session.get(CreditRecord, rid)
        assert record is not None
        submission = {
            "document_number": record.document_number,
            "decision_date": record.decision_date.isoformat(),
            "act_ended_on": record.act_ended_on.isoformat() if record.act_ended_on else None,
            "determined_on": record.determined_on.isoformat() if record.determined_on else None,
            "listed_on": None,
            "severity": record.severity.value if record.severity else None,
            "penalty_class": None,
            "content": dict(record.content) | {"result": submitted_result},
        }
        # arranging the world: the submission is not part of the record's versioned fields
        uow.session.execute(
            update(CreditRecord).where(CreditRecord.id == rid).values(source_submission=submission)
        )
        uow.commit()


def content_of(world: World, label: str = RECORD) -> dict:
    with world.db.uow() as uow:
        record = uow.session.get(CreditRecord, world.records[label])
        assert record is not None
        return dict(record.content)


# --- Weihai: forward, the provider misses its deadline, suspension, disputed -----------------


def test_weihai_provider_misses_its_deadline_and_the_record_is_suspended_until_the_reply(
    db, staff
) -> None:
    # Given a Weihai center and an objection to a public penalty, received Monday 2 November
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    # the check is due in 3 working days (第二十八条), the record is annotated meanwhile
    assert (case.state, case.due_on) == (ObjectionState.RECEIVED, d(5))
    assert "第二十八条" in case.due_basis
    assert shown(world, staff, Audience.PUBLIC, d(2)) == (True, ("异议处理中",))

    # When the clerk finds the platform matches the provider and forwards the case on the 3rd
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    assert case.check_result is CheckResult.MATCHES
    assert ObjectionEvent.CORRECT not in case.allowed
    result = ob.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    )
    case = result.case
    # Then the provider has 15 working days (第二十九条): until Tuesday 24 November
    assert (case.state, case.next_step, case.due_on) == (
        ObjectionState.FORWARDED,
        "objection.provider_reply",
        d(24),
    )
    assert (
        result.document is not None and result.document.doc_type is DocumentType.OBJECTION_FORWARD
    )
    assert result.document.pdf_bytes.startswith(b"%PDF")

    # On the due day the record is still shown, annotated
    assert shown(world, staff, Audience.PUBLIC, d(24)) == (True, ("异议处理中",))
    # From the first day after the deadline it is suspended from public, self and authorised
    # queries, but government sharing goes on (第二十九条); the case is red
    for audience in (Audience.PUBLIC, Audience.SELF, Audience.AUTHORIZED):
        assert shown(world, staff, audience, d(25)) == (False, "suspended")
    assert shown(world, staff, Audience.GOVERNMENT, d(25))[0] is True
    red = ob.list_cases(db, actor=clerk, flt=ob.CaseFilter(light=DueLight.RED), today=d(25))
    assert [r.case_no for r in red.rows] == [case.case_no]

    # When the reply arrives (not upheld, with reasons), the suspension ends
    case = ob.reply(
        db,
        case.case_no,
        outcome=ReplyOutcome.NOT_UPHELD,
        reasons="处罚决定合法有效，未被撤销。",
        document_number="威市监函〔2026〕12号",
        expected_version=case.row_version,
        actor=clerk,
        today=d(26),
    ).case
    assert case.state is ObjectionState.ANSWERED
    assert case.due_on is None  # Weihai: "及时" — no fixed period
    assert shown(world, staff, Audience.PUBLIC, d(26)) == (True, ("异议处理中",))

    # And notifying closes the case: no annotation any more
    result = ob.notify(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(26)
    )
    case = result.case
    assert case.state is ObjectionState.CLOSED and case.closed_on == d(26)
    assert result.document is not None and result.document.doc_type is DocumentType.OBJECTION_RESULT
    assert shown(world, staff, Audience.PUBLIC, d(26)) == (True, ())
    assert [doc.doc_type for doc in case.documents] == [
        DocumentType.OBJECTION_FORWARD,
        DocumentType.OBJECTION_RESULT,
    ]
    # the forward was in time, the reply was late (due 24, came 26)
    timeline = {t.event: t for t in case.timeline}
    assert timeline["forward"].on_time is True
    assert timeline["reply"].on_time is False

    # When the applicant still disagrees, the record keeps a "disputed" mark (第二十九条)
    case = ob.dispute(
        db,
        case.case_no,
        statement="仍认为处罚已撤销。",
        expected_version=case.row_version,
        actor=clerk,
        today=d(27),
    ).case
    assert case.disputed and case.state is ObjectionState.CLOSED
    assert shown(world, staff, Audience.PUBLIC, d(27)) == (True, ("存在争议",))
    assert ObjectionEvent.DISPUTE not in case.allowed


def test_weihai_assisted_check_has_seven_working_days(db, staff) -> None:
    world = objection_world(db, "weihai", staff)
    case = open_case(db, world, staff[Role.CLERK], received_on=RECEIVED, assisted=True)
    assert case.assisted and case.due_on == d(11)  # 第二十八条: 7 WD when other units help


# --- Zhangdian: the platform differs, the center corrects and tells the applicant ------------


def test_zhangdian_platform_differs_supervisor_corrects_and_applicant_is_told(db, staff) -> None:
    # Given the platform shows a result the provider never submitted
    world = objection_world(db, "zhangdian", staff)
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    before = content_of(world)["result"]
    garble(world, RECORD, "警告")
    case = open_case(db, world, clerk, received_on=RECEIVED)
    assert case.due_on == d(5)  # 第三十七条: 3 WD
    diff = [c for c in case.records[0].comparison if c.differs]
    assert [(c.label, c.platform, c.submitted) for c in diff] == [("处罚结果", before, "警告")]

    # When the clerk records the check on the 3rd: the next step is the correction
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    assert case.check_result is CheckResult.DIFFERS
    assert case.next_step == "objection.correct" and ObjectionEvent.FORWARD not in case.allowed
    # a clerk may not change a record; the supervisor does
    with pytest.raises(PermissionDenied):
        ob.correct(db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(4))
    case = ob.correct(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=d(4)
    ).case
    # Then the record shows the submitted value as a new version, the old one kept
    assert content_of(world)["result"] == "警告"
    with db.uow() as uow:
        versions = uow.session.scalars(
            select(CreditRecordVersion)
            .where(CreditRecordVersion.record_id == world.records[RECORD])
            .order_by(CreditRecordVersion.version_no)
        ).all()
    assert [v.change_kind for v in versions] == [ChangeKind.DEMO, ChangeKind.OBJECTION_CORRECTION]
    assert versions[0].snapshot["content"]["result"] == before
    assert versions[1].source_ref == f"objection:{case.id}"
    # and the applicant must be told in writing within 2 WD of the correction (第三十七条)
    assert (case.state, case.next_step, case.due_on) == (
        ObjectionState.CORRECTED,
        "objection.notify_correction",
        d(6),
    )
    result = ob.notify(db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(5))
    assert result.case.state is ObjectionState.CLOSED
    assert result.case.outcome_label == "平台信息已更正"
    assert not result.case.differs


def test_zhangdian_matching_platform_is_forwarded_within_two_working_days_of_the_check(
    db, staff
) -> None:
    world = objection_world(db, "zhangdian", staff)
    clerk = staff[Role.CLERK]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    # correcting needs a difference: a matching platform cannot be "corrected"
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(4)
    ).case
    assert (case.next_step, case.due_on) == ("objection.forward", d(6))  # 4 Nov + 2 WD
    with pytest.raises(InvalidTransition, match="不能“更正信息”"):
        ob.correct(
            db,
            case.case_no,
            expected_version=case.row_version,
            actor=staff[Role.SUPERVISOR],
            today=d(4),
        )
    case = ob.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(5)
    ).case
    assert case.due_on == d(12)  # provider: 5 WD from 5 Nov
    case = ob.reply(
        db,
        case.case_no,
        outcome=ReplyOutcome.NOT_UPHELD,
        reasons="信息准确。",
        expected_version=case.row_version,
        actor=clerk,
        today=d(9),
    ).case
    assert (case.next_step, case.due_on) == ("objection.notify_result", d(11))  # 2 WD


# --- Wuhan: the truth cannot be established → deleted, reason recorded ------------------------


def test_wuhan_unverifiable_record_is_deleted_with_its_reason_and_kept_in_history(
    db, staff
) -> None:
    world = objection_world(db, "wuhan", staff)
    clerk = staff[Role.CLERK]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    assert case.due_on == d(4)  # 第三十一条: compare within 2 WD
    assert ReplyOutcome.UNVERIFIABLE in case.reply_outcomes
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    case = ob.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    assert case.due_on == d(17)  # 10 WD for the provider's written reply

    # the provider cannot establish the truth of the record
    case = ob.reply(
        db,
        case.case_no,
        outcome=ReplyOutcome.UNVERIFIABLE,
        document_number="武市监函〔2026〕3号",
        expected_version=case.row_version,
        actor=clerk,
        today=d(10),
    ).case
    assert (case.next_step, case.due_on) == ("objection.notify_result", d(17))  # 5 WD
    with db.uow() as uow:
        record = uow.session.get(CreditRecord, world.records[RECORD])
        assert record is not None
        assert record.status is RecordStatus.DELETED
        assert "无法确认" in (record.status_reason or "") and "第三十二条" in record.status_reason
        kinds = uow.session.scalars(
            select(CreditRecordVersion.change_kind).where(
                CreditRecordVersion.record_id == record.id
            )
        ).all()
    assert kinds == [ChangeKind.DEMO, ChangeKind.OBJECTION_DELETION]
    for audience in Audience:
        assert shown(world, staff, audience, d(10)) == (False, "deleted")
    result = ob.notify(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(11)
    )
    assert result.case.outcome is ReplyOutcome.UNVERIFIABLE


def test_only_wuhan_offers_deletion_when_the_truth_cannot_be_established(db, staff) -> None:
    world = objection_world(db, "zhangdian", staff)
    clerk = staff[Role.CLERK]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    case = ob.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    with pytest.raises(ValidationFailed, match="不适用"):
        ob.reply(
            db,
            case.case_no,
            outcome=ReplyOutcome.UNVERIFIABLE,
            expected_version=case.row_version,
            actor=clerk,
            today=d(4),
        )


# --- Nantong: marked but still applied, provider correction, appeal --------------------------


def test_nantong_record_stays_published_while_pending_and_an_appeal_is_tracked(db, staff) -> None:
    world = objection_world(db, "nantong", staff)
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    assert case.due_on == d(16)  # 第三十二条: review within 10 WD
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    case = ob.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    assert case.due_on == d(10)  # provider: 5 WD
    # overdue, but Nantong neither suspends nor hides: marked, still published (第三十二条)
    assert shown(world, staff, Audience.PUBLIC, d(20)) == (True, ("异议处理中",))

    # the provider upholds the objection and corrects the content
    case = ob.reply(
        db,
        case.case_no,
        outcome=ReplyOutcome.UPHELD_CORRECTED,
        changes=(ob.RecordChange(world.records[RECORD], {"content.result": "警告"}),),
        document=EVIDENCE,
        expected_version=case.row_version,
        actor=clerk,
        today=d(20),
    ).case
    assert content_of(world)["result"] == "警告"
    assert not case.differs  # the provider's own correction becomes its submission
    case = ob.notify(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(20)
    ).case
    assert case.state is ObjectionState.CLOSED and ObjectionEvent.APPEAL in case.allowed
    assert case.appeal_to == "本级信用主管部门"

    # the applicant appeals to the credit authority (第三十三条): pending again
    case = ob.appeal(
        db,
        case.case_no,
        statement="请求删除该信息。",
        expected_version=case.row_version,
        actor=clerk,
        today=d(23),
    ).case
    assert (case.state, case.next_step) == (ObjectionState.APPEALED, "objection.appeal")
    assert shown(world, staff, Audience.PUBLIC, d(23)) == (True, ("异议处理中",))
    # the authority's decision is entered by a supervisor: upheld, deleted
    with pytest.raises(PermissionDenied):
        ob.decide_appeal(
            db,
            case.case_no,
            outcome=ReplyOutcome.UPHELD_DELETED,
            expected_version=case.row_version,
            actor=clerk,
            today=d(27),
        )
    case = ob.decide_appeal(
        db,
        case.case_no,
        outcome=ReplyOutcome.UPHELD_DELETED,
        document_number="通信用〔2026〕1号",
        expected_version=case.row_version,
        actor=supervisor,
        today=d(27),
    ).case
    assert case.state is ObjectionState.CLOSED and case.outcome_label.startswith("申诉结果")
    assert shown(world, staff, Audience.PUBLIC, d(27)) == (False, "deleted")
    assert ObjectionEvent.APPEAL in case.allowed  # a later appeal may still be recorded


def test_appeal_is_not_offered_where_the_profile_has_none(db, staff) -> None:
    world = objection_world(db, "zhangdian", staff)
    clerk = staff[Role.CLERK]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    case = ob.withdraw(
        db,
        case.case_no,
        reason="申请人书面撤回。",
        expected_version=case.row_version,
        actor=clerk,
        today=d(3),
    ).case
    assert case.state is ObjectionState.WITHDRAWN and case.allowed == ()
    assert shown(world, staff, Audience.PUBLIC, d(3)) == (True, ())


# --- Xiamen: the provider answers every objection, reasons, suspension of every query --------


def test_xiamen_forwards_even_a_differing_record_and_requires_reasons(db, staff) -> None:
    world = objection_world(db, "xiamen", staff)
    clerk = staff[Role.CLERK]
    garble(world, RECORD, "警告")
    case = open_case(db, world, clerk, received_on=RECEIVED)
    assert case.due_on == d(4)  # 第二十五条: 2 WD
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    assert case.check_result is CheckResult.DIFFERS
    # the provider is responsible (第二十五条): forward, never correct on the platform
    assert ObjectionEvent.CORRECT not in case.allowed and ObjectionEvent.FORWARD in case.allowed
    result = ob.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    )
    case = result.case
    assert case.due_on == d(11)  # 6 WD
    with db.uow() as uow:
        payload = uow.session.scalar(
            select(IssuedDocument.payload).where(IssuedDocument.number == result.document.number)
        )
    assert "不一致" in str(payload) and "中止" in str(payload)

    # overdue: Xiamen suspends every query, government sharing included (第二十六条)
    for audience in Audience:
        assert shown(world, staff, audience, d(12)) == (False, "suspended")

    # "not upheld" needs reasons
    with pytest.raises(ValidationFailed) as error:
        ob.reply(
            db,
            case.case_no,
            outcome=ReplyOutcome.NOT_UPHELD,
            expected_version=case.row_version,
            actor=clerk,
            today=d(12),
        )
    assert "reasons" in error.value.field_errors and "第二十五条" in error.value.text
    case = ob.reply(
        db,
        case.case_no,
        outcome=ReplyOutcome.NOT_UPHELD,
        reasons="报送内容与原始决定书一致。",
        expected_version=case.row_version,
        actor=clerk,
        today=d(12),
    ).case
    assert case.due_on == d(16)  # tell the applicant within 2 WD
    assert shown(world, staff, Audience.PUBLIC, d(12)) == (True, ("异议处理中",))


# --- two clerks, one case ----------------------------------------------------------------------


def test_a_second_clerk_acting_on_a_stale_case_is_told_who_did_what(db, staff) -> None:
    world = objection_world(db, "weihai", staff)
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    seen_by_both = case.row_version
    ob.forward(db, case.case_no, expected_version=seen_by_both, actor=clerk, today=d(3))
    with pytest.raises(ConcurrencyConflict) as error:
        ob.forward(db, case.case_no, expected_version=seen_by_both, actor=supervisor, today=d(3))
    assert "王窗口" in error.value.text and "已转办待答复" in error.value.text
    with db.uow() as uow:
        slips = uow.session.scalar(
            select(func.count())
            .select_from(IssuedDocument)
            .where(IssuedDocument.doc_type == DocumentType.OBJECTION_FORWARD)
        )
    assert slips == 1


def test_two_clerks_at_the_same_moment_only_one_forwards(db, staff) -> None:
    world = objection_world(db, "weihai", staff)
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    case = ob.check(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(3)
    ).case
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def go(actor) -> None:
        barrier.wait()
        try:
            ob.forward(db, case.case_no, expected_version=case.row_version, actor=actor, today=d(3))
            outcomes.append("ok")
        except ConcurrencyConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=go, args=(a,)) for a in (clerk, supervisor)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["conflict", "ok"]
    final = ob.get_case(db, case.case_no, actor=clerk, today=d(3))
    assert [t.event for t in final.timeline].count("forward") == 1


# --- intake refusals ---------------------------------------------------------------------------


def _count_cases(db) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Objection)) or 0)


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"mandate": None}, "mandate", "授权委托书"),
        ({"agent_name": "", "agent_doc_number": ""}, "agent_name", "经办人"),
        ({"doc_number": "91370100MA3C00002L"}, "applicant_doc_number", "不符"),
        ({"doc_number": "91370100MA3C00001X"}, "applicant_doc_number", "校验"),
        ({"document_seen": False}, "document_seen", "核验"),
    ],
)
def test_intake_refuses_a_wrong_applicant_and_stores_nothing(db, staff, change, field, text):
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    grounds = ob.subject_records(db, COMPANY, actor=clerk).grounds
    with pytest.raises(ValidationFailed) as error:
        ob.open_objection(
            db,
            ob.ObjectionInput(
                subject_code=COMPANY,
                record_ids=(world.records[RECORD],),
                applicant=company_applicant(**change),
                grounds=(grounds[0],),
                statement="陈述",
            ),
            actor=clerk,
            today=RECEIVED,
        )
    assert field in error.value.field_errors
    assert text in " ".join(error.value.field_errors[field])
    assert _count_cases(db) == 0


def test_intake_refuses_records_of_two_providers_a_busy_record_and_a_foreign_ground(db, staff):
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    with pytest.raises(ValidationFailed, match="不同的信息提供单位"):
        open_case(
            db, world, clerk, records=(RECORD, "c_dishonest_authorized"), received_on=RECEIVED
        )
    open_case(db, world, clerk, received_on=RECEIVED)
    with pytest.raises(ValidationFailed, match="已在异议案件"):
        open_case(db, world, clerk, received_on=RECEIVED)
    with pytest.raises(ValidationFailed, match="不是《威海市公共信用信息管理办法》规定的异议理由"):
        ob.open_objection(
            db,
            ob.ObjectionInput(
                subject_code=COMPANY,
                record_ids=(world.records["c_licence_public"],),
                applicant=company_applicant(),
                grounds=("失信信息超期限使用",),  # a Nantong ground
                statement="陈述",
            ),
            actor=clerk,
            today=RECEIVED,
        )
    assert _count_cases(db) == 1


def test_a_person_may_object_in_person_without_a_mandate(db, staff) -> None:
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    records = ob.subject_records(db, PERSON, actor=clerk)
    case = ob.open_objection(
        db,
        ob.ObjectionInput(
            subject_code=PERSON,
            record_ids=(world.records["p_dishonest_public"],),
            applicant=person_applicant(),
            grounds=(records.grounds[0],),
            statement="该处罚已经履行完毕。",
        ),
        actor=clerk,
        today=RECEIVED,
    )
    assert case.applicant_display_number != PERSON and "*" in case.applicant_display_number
    assert case.subject_display_code != PERSON


# --- the calendar, the logs, the receipt --------------------------------------------------------


def test_due_dates_move_when_the_calendar_changes(db, staff) -> None:
    world = objection_world(db, "weihai", staff)
    case = open_case(db, world, staff[Role.CLERK], received_on=RECEIVED)
    assert case.due_on == d(5)
    # the administrator loads a corrected 2026 schedule with 4 November as a day off
    result = calendar_service.import_schedule(
        db, "2026-11-04,休,临时调整\n", source_name="2026.csv", actor=staff[Role.ADMIN]
    )
    assert result.cases_rescheduled == 1
    again = ob.get_case(db, case.case_no, actor=staff[Role.CLERK], today=RECEIVED)
    assert again.due_on == d(6)
    assert again.row_version == case.row_version  # nobody processed the case


def test_reading_a_case_is_logged_and_every_step_is_audited(db, staff) -> None:
    world = objection_world(db, "weihai", staff)
    clerk = staff[Role.CLERK]
    case = open_case(db, world, clerk, received_on=RECEIVED)
    ob.get_case(db, case.case_no, actor=clerk, today=RECEIVED)
    receipt = ob.print_receipt(db, case.case_no, actor=clerk, today=RECEIVED)
    assert receipt.doc_type is DocumentType.OBJECTION_RECEIPT
    with pytest.raises(ValidationFailed, match="受理回执已出具"):
        ob.print_receipt(db, case.case_no, actor=clerk, today=RECEIVED)
    with db.uow() as uow:
        purposes = uow.session.scalars(
            select(QueryLogEntry.purpose).where(QueryLogEntry.method == QueryMethod.CASE)
        ).all()
        actions = uow.session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "objection")
        ).all()
    assert any(case.case_no in p for p in purposes)
    assert "objection.opened" in actions
    # auditors read logs, never cases
    with pytest.raises(PermissionDenied):
        ob.get_case(db, case.case_no, actor=staff[Role.AUDITOR])
