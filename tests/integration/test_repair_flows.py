"""Credit repair through the profiles (jurisdictions.md §6, §9), on SQLite and PostgreSQL.

The company's public penalty (CF001, decided 2 March 2026, general) is the record repaired
unless a test says otherwise; November 2026 has no public holiday.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from app.db.models import CreditRecord, CreditRecordVersion
from app.domain.caseflow import RepairEvent, RepairState
from app.domain.enums import (
    Audience,
    ChangeKind,
    DocumentType,
    PenaltyClass,
    RecordStatus,
    Role,
    Severity,
)
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from app.domain.permissions import Actor
from app.rules.repair_flow import ConditionStatus, Material
from app.services import repairs as rp
from app.services.attachments import Upload
from app.services.auth import actor_of
from app.services.users import add_user
from tests.integration.objection_world import company_applicant, objection_world
from tests.integration.query_world import COMPANY, PDF, World

RECORD = "c_dishonest_public"
TODAY = date(2026, 11, 25)
SCAN = Upload(PDF, "材料.pdf")


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def world_for(db, staff, profile: str) -> World:
    world = objection_world(db, profile, staff)
    with db.uow() as uow:  # arranging the world: the penalty's national class
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(penalty_class=PenaltyClass.GENERAL)
        )
        uow.commit()
    return world


def second_supervisor(db) -> Actor:
    with db.uow() as uow:
        user = add_user(
            uow.session,
            username="supervisor2",
            display_name="周主管",
            staff_no="S002",
            role=Role.SUPERVISOR,
            password="Sup3r-secret-2026",
            must_change_password=False,
        )
        uow.commit()
        return actor_of(user)


def all_materials(*extra: Material) -> dict[Material, Upload]:
    return {m: SCAN for m in (Material.EVIDENCE, Material.COMMITMENT, *extra)}


def apply(db, world: World, actor: Actor, **kw) -> rp.RepairDetail:
    base = dict(
        subject_code=COMPANY,
        record_ids=(world.records[RECORD],),
        applicant=company_applicant(),
        lodged_with=rp.Lodged.CENTER,
        corrected_on=d(4, 1),
        materials=all_materials(),
        statement="罚款已缴清，已完成整改。",
    )
    today = kw.pop("today", TODAY)
    base.update(kw)
    return rp.apply(db, rp.RepairInput(**base), actor=actor, today=today)


def status_of(world: World, label: str = RECORD) -> RecordStatus:
    with world.db.uow() as uow:
        record = uow.session.get(CreditRecord, world.records[label])
        assert record is not None
        return RecordStatus(record.status)


def shown_to_public(world: World, staff, on: date = TODAY) -> bool:
    from app.services.window_query import preview_disclosure

    preview = preview_disclosure(world.db, world.company_id, actor=staff[Role.SUPERVISOR], today=on)
    row = next(r for r in preview.rows if r.record_id == world.records[RECORD])
    return row.cells[Audience.PUBLIC].shown


def manual_keys(case: rp.RepairDetail) -> list[str]:
    return [c.key for c in case.conditions if c.status is ConditionStatus.MANUAL]


# --- Weihai: the center decides under the national rules, four eyes -------------------------


def test_weihai_repair_by_a_clerk_and_a_different_supervisor_takes_effect_at_once(
    db, staff
) -> None:
    world = world_for(db, staff, "weihai")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    # Given an application with proof of payment and the signed 信用承诺书 (令第36号)
    case = apply(db, world, clerk)
    assert case.state is RepairState.REGISTERED and case.missing_materials == ()
    labels = {c.key: c for c in case.conditions}
    assert labels["within_period"].status is ConditionStatus.MET
    assert labels[f"minimum.{case.records[0].document_number}"].status is ConditionStatus.MET
    assert len(manual_keys(case)) == 2  # 主动纠正其失信行为, 消除不良影响 (第三十二条)

    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    assert RepairEvent.FORWARD not in case.allowed  # Weihai needs no provider confirmation
    # agreeing without confirming the conditions by hand is refused
    with pytest.raises(ValidationFailed, match="逐项确认"):
        rp.prereview(
            db,
            case.case_no,
            agrees=True,
            opinion="材料齐全",
            expected_version=case.row_version,
            actor=clerk,
            today=TODAY,
        )
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="材料齐全，符合条件",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    assert case.state is RepairState.PREREVIEWED and case.next_step == "repair.decide"
    assert case.assignee_name == ""  # in the supervisors' queue
    assert RepairEvent.APPROVE not in case.allowed  # a clerk sees no approval

    # When a supervisor approves, the repair takes effect and the letter is issued
    result = rp.approve(
        db,
        case.case_no,
        opinion="同意",
        expected_version=case.row_version,
        actor=supervisor,
        today=TODAY,
    )
    case = result.case
    assert case.state is RepairState.REPAIRED and case.effective_on == TODAY
    assert result.document is not None and result.document.doc_type is DocumentType.REPAIR_DECISION
    # Then the record leaves every query; its history keeps the original
    assert status_of(world) is RecordStatus.REPAIRED
    assert not shown_to_public(world, staff)
    with db.uow() as uow:
        kinds = uow.session.scalars(
            select(CreditRecordVersion.change_kind).where(
                CreditRecordVersion.record_id == world.records[RECORD]
            )
        ).all()
    assert kinds == [ChangeKind.DEMO, ChangeKind.REPAIR]
    # the case shows the national minimum the application waited for (令第58号: 3 months)
    assert case.records[0].national_min_end is not None
    assert case.records[0].national_min_end < TODAY
    # a closed state asked for among the open ones is nothing, not everything
    assert rp.list_repairs(
        db,
        actor=clerk,
        flt=rp.RepairFilter(states=frozenset({RepairState.REPAIRED}), open_only=True),
        today=TODAY,
    ) == ((), 0)


def test_a_supervisor_cannot_approve_an_application_they_took_in(db, staff) -> None:
    world = world_for(db, staff, "weihai")
    supervisor = staff[Role.SUPERVISOR]
    case = apply(db, world, supervisor)
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="符合",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=supervisor,
        today=TODAY,
    ).case
    assert RepairEvent.APPROVE not in case.allowed
    with pytest.raises(PermissionDenied, match="四眼原则"):
        rp.approve(
            db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
        )
    other = second_supervisor(db)
    case = rp.approve(
        db, case.case_no, expected_version=case.row_version, actor=other, today=TODAY
    ).case
    assert case.state is RepairState.REPAIRED and case.decided_by == "周主管"


def test_refusals_at_intake_name_the_reason_and_store_nothing(db, staff) -> None:
    world = world_for(db, staff, "weihai")
    clerk = staff[Role.CLERK]
    with pytest.raises(ValidationFailed, match="不是失信信息"):
        apply(db, world, clerk, record_ids=(world.records["c_licence_public"],))
    with pytest.raises(ValidationFailed) as error:
        apply(db, world, clerk, lodged_with=rp.Lodged.PROVIDER)
    assert "lodged_with" in error.value.field_errors
    with pytest.raises(ValidationFailed, match="纠正日期 2026-02-01 早于"):
        apply(db, world, clerk, corrected_on=d(2, 1))
    # a penalty decided on 1 October 2026 (令第36号, general): minimum 3 months from then
    with db.uow() as uow:
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(decision_date=d(10, 1), determined_on=d(10, 1), act_ended_on=d(10, 1))
        )
        uow.commit()
    with pytest.raises(ValidationFailed) as error:
        apply(db, world, clerk, corrected_on=d(10, 20))
    text = " ".join(error.value.field_errors["records"])
    assert "最短公示期至 2027-01-01 届满" in text and "自 2027-01-02 起可以申请" in text
    assert rp.list_repairs(db, actor=clerk, today=TODAY)[1] == 0
    listed = rp.candidates(db, COMPANY, actor=clerk, today=TODAY)
    by_id = {c.id: c for c in listed.records}
    assert by_id[world.records["c_licence_public"]].refusal is not None
    assert "2027-01-02" in (by_id[world.records[RECORD]].refusal or "")


def test_one_application_per_penalty_under_order_58(db, staff) -> None:
    # In March 2026 令第58号 is in force: one application per penalty record
    world = world_for(db, staff, "weihai")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    with db.uow() as uow:
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(
                decision_date=d(6, 2, 2025), determined_on=d(6, 2, 2025), act_ended_on=d(6, 2, 2025)
            )
        )
        uow.commit()
    march = d(3, 20)
    case = apply(
        db,
        world,
        clerk,
        corrected_on=d(7, 1, 2025),
        today=march,
        materials={Material.EVIDENCE: SCAN},
    )
    assert case.state is RepairState.REGISTERED  # 令第58号 asks no 信用承诺书
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=march
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=False,
        opinion="整改材料不实",
        expected_version=case.row_version,
        actor=clerk,
        today=march,
    ).case
    result = rp.reject(
        db,
        case.case_no,
        reasons=["整改报告与现场核查不符"],
        expected_version=case.row_version,
        actor=supervisor,
        today=march,
    )
    assert result.case.state is RepairState.REJECTED
    assert result.document is not None and result.document.doc_type is DocumentType.REPAIR_REFUSAL
    with pytest.raises(ValidationFailed, match="只能申请一次"):
        apply(
            db,
            world,
            clerk,
            corrected_on=d(7, 1, 2025),
            today=d(3, 23),
            materials={Material.EVIDENCE: SCAN},
        )


# --- Zhangdian: lodged with the provider, its written confirmation, archive --------------------


def test_zhangdian_needs_the_providers_written_confirmation_before_approval(db, staff) -> None:
    world = world_for(db, staff, "zhangdian")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = apply(
        db, world, clerk, lodged_with=rp.Lodged.PROVIDER, materials={Material.EVIDENCE: SCAN}
    )
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    assert case.allowed == (RepairEvent.FORWARD,)  # 第三十四条: the provider confirms first
    case = rp.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    assert (case.state, case.next_step) == (RepairState.FORWARDED, "repair.provider_confirmation")
    assert RepairEvent.PREREVIEW not in case.allowed
    case = rp.confirm_provider(
        db,
        case.case_no,
        agrees=True,
        document_number="张市监修〔2026〕7号",
        document_date=d(11, 24),
        document=SCAN,
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    assert case.provider_confirmed and RepairEvent.PREREVIEW in case.allowed
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="提供单位已书面确认",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    case = rp.approve(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
    ).case
    assert case.state is RepairState.REPAIRED
    with db.uow() as uow:
        record = uow.session.get(CreditRecord, world.records[RECORD])
        assert record is not None and "档案保存" in (record.status_reason or "")


def test_zhangdian_provider_disagreeing_blocks_approval_and_the_supervisor_refuses(db, staff):
    world = world_for(db, staff, "zhangdian")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = apply(
        db, world, clerk, lodged_with=rp.Lodged.PROVIDER, materials={Material.EVIDENCE: SCAN}
    )
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    case = rp.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    with pytest.raises(ValidationFailed) as error:
        rp.confirm_provider(
            db,
            case.case_no,
            agrees=False,
            document_number="张市监函〔2026〕9号",
            document_date=d(11, 24),
            expected_version=case.row_version,
            actor=clerk,
            today=TODAY,
        )
    assert "opinion" in error.value.field_errors  # disagreeing needs the provider's reasons
    case = rp.confirm_provider(
        db,
        case.case_no,
        agrees=False,
        document_number="张市监函〔2026〕9号",
        document_date=d(11, 24),
        opinion="整改未完成",
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=False,
        opinion="提供单位不同意",
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    with pytest.raises(ValidationFailed, match="书面确认"):
        rp.approve(
            db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
        )
    result = rp.reject(
        db,
        case.case_no,
        reasons=["信息提供单位不同意修复：整改未完成"],
        expected_version=case.row_version,
        actor=supervisor,
        today=TODAY,
    )
    assert result.case.state is RepairState.REJECTED and status_of(world) is RecordStatus.ACTIVE


# --- Nantong: the clean year, materials listed once, the public notice ---------------------------


def _nantong_materials() -> dict[Material, Upload]:
    return all_materials(Material.UNDERTAKING, Material.APPLICATION)


def test_nantong_lists_missing_materials_once_and_takes_the_supplement(db, staff) -> None:
    world = world_for(db, staff, "nantong")
    clerk = staff[Role.CLERK]
    case = apply(
        db,
        world,
        clerk,
        lodged_with=rp.Lodged.PROVIDER,
        corrected_on=d(4, 1, 2026),
        materials={Material.EVIDENCE: SCAN},
    )
    assert case.state is RepairState.SUPPLEMENT_REQUESTED
    assert set(case.missing_materials) == {
        Material.COMMITMENT,
        Material.UNDERTAKING,
        Material.APPLICATION,
    }
    with pytest.raises(ValidationFailed, match="尚缺"):
        rp.supplement(
            db,
            case.case_no,
            materials={Material.COMMITMENT: SCAN},
            expected_version=case.row_version,
            actor=clerk,
            today=TODAY,
        )
    case = rp.supplement(
        db,
        case.case_no,
        materials={
            Material.COMMITMENT: SCAN,
            Material.UNDERTAKING: SCAN,
            Material.APPLICATION: SCAN,
        },
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    assert case.state is RepairState.REGISTERED and case.missing_materials == ()


def test_nantong_clean_year_is_computed_from_the_records_found(db, staff) -> None:
    world = world_for(db, staff, "nantong")
    clerk = staff[Role.CLERK]
    # Corrected 1 April 2026: a year has not passed by 25 November 2026
    case = apply(
        db,
        world,
        clerk,
        lodged_with=rp.Lodged.PROVIDER,
        corrected_on=d(4, 1),
        materials=_nantong_materials(),
    )
    clean = next(c for c in case.conditions if c.key == "clean_period")
    assert clean.status is ConditionStatus.NOT_MET and "2027-04-02" in clean.detail
    assert "第三十四条" in clean.basis


def test_nantong_a_similar_record_within_the_year_is_shown(db, staff) -> None:
    world = world_for(db, staff, "nantong")
    clerk = staff[Role.CLERK]
    with db.uow() as uow:  # the penalty was decided in 2024; another CF001 penalty in 2025
        s = uow.session
        s.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(
                decision_date=d(3, 1, 2024),
                determined_on=d(3, 1, 2024),
                act_ended_on=d(3, 1, 2024),
                severity=Severity.SERIOUS,  # Nantong 第三十条: 3 years
            )
        )
        original = s.get(CreditRecord, world.records[RECORD])
        assert original is not None
        from app.db.history import ChangeInfo, attach_change

        again = CreditRecord(
            subject_id=original.subject_id,
            catalog_item_id=original.catalog_item_id,
            provider_id=original.provider_id,
            document_number="再犯〔2025〕1号",
            decision_date=d(2, 1, 2025),
            act_ended_on=d(2, 1, 2025),
            determined_on=d(2, 1, 2025),
            formed_on=d(2, 1, 2025),
            severity=Severity.GENERAL,
            content={"result": "罚款"},
        )
        attach_change(again, ChangeInfo(ChangeKind.DEMO))
        s.add(again)
        uow.commit()
    case = apply(
        db,
        world,
        clerk,
        lodged_with=rp.Lodged.PROVIDER,
        corrected_on=d(6, 1, 2024),
        materials=_nantong_materials(),
    )
    clean = next(c for c in case.conditions if c.key == "clean_period")
    assert clean.status is ConditionStatus.NOT_MET and "再犯〔2025〕1号" in clean.detail


NANTONG_CORRECTED = date(2025, 3, 1)


def _nantong_to_approval(db, world, staff, corrected_on=NANTONG_CORRECTED) -> rp.RepairDetail:
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    with db.uow() as uow:
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(
                decision_date=d(3, 1, 2025),
                determined_on=d(3, 1, 2025),
                act_ended_on=d(3, 1, 2025),
                severity=Severity.SERIOUS,  # Nantong 第三十条: 3 years
            )
        )
        uow.commit()
    case = apply(
        db,
        world,
        clerk,
        lodged_with=rp.Lodged.PROVIDER,
        corrected_on=corrected_on,
        materials=_nantong_materials(),
        today=d(11, 2),
    )
    clean = next(c for c in case.conditions if c.key == "clean_period")
    assert clean.status is ConditionStatus.MET
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(11, 2)
    ).case
    case = rp.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(11, 2)
    ).case
    case = rp.confirm_provider(
        db,
        case.case_no,
        agrees=True,
        document_number="通市监修〔2026〕2号",
        document_date=d(11, 2),
        expected_version=case.row_version,
        actor=clerk,
        today=d(11, 2),
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="符合条件",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=clerk,
        today=d(11, 2),
    ).case
    result = rp.approve(
        db,
        case.case_no,
        publicity_start=d(11, 2),
        expected_version=case.row_version,
        actor=supervisor,
        today=d(11, 2),
    )
    assert result.document is None  # no letter before the notice period ends
    return result.case


def test_nantong_public_notice_with_an_objection_then_effect(db, staff) -> None:
    world = world_for(db, staff, "nantong")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = _nantong_to_approval(db, world, staff)
    # 第三十五条: 5 working days of public notice from 2 November → until 9 November
    assert (case.state, case.due_on) == (RepairState.PUBLICIZED, d(11, 9))
    assert "第三十五条" in case.due_basis
    assert status_of(world) is RecordStatus.ACTIVE
    with pytest.raises(InvalidTransition, match="公示期至 2026-11-09 届满"):
        rp.take_effect(
            db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(11, 9)
        )
    case = rp.publicity_objection(
        db,
        case.case_no,
        objector="某投诉人",
        statement="该企业仍在违规经营",
        expected_version=case.row_version,
        actor=clerk,
        today=d(11, 4),
    ).case
    assert case.open_objections == 1 and RepairEvent.TAKE_EFFECT not in case.allowed
    case = rp.resolve_objection(
        db,
        case.case_no,
        founded=False,
        finding="经核实，投诉不属实",
        document_number="通市监函〔2026〕5号",
        expected_version=case.row_version,
        actor=supervisor,
        today=d(11, 6),
    ).case
    assert case.open_objections == 0
    result = rp.take_effect(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=d(11, 10)
    )
    assert result.case.state is RepairState.REPAIRED
    assert result.document is not None and result.document.doc_type is DocumentType.REPAIR_DECISION
    assert status_of(world) is RecordStatus.REPAIRED


def test_nantong_founded_notice_objection_means_refusal(db, staff) -> None:
    world = world_for(db, staff, "nantong")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = _nantong_to_approval(db, world, staff)
    case = rp.publicity_objection(
        db,
        case.case_no,
        objector="某投诉人",
        statement="仍在违规经营",
        expected_version=case.row_version,
        actor=clerk,
        today=d(11, 3),
    ).case
    case = rp.resolve_objection(
        db,
        case.case_no,
        founded=True,
        finding="属实",
        expected_version=case.row_version,
        actor=supervisor,
        today=d(11, 5),
    ).case
    assert RepairEvent.TAKE_EFFECT not in case.allowed and RepairEvent.REJECT in case.allowed
    other = second_supervisor(db)
    case = rp.reject(
        db,
        case.case_no,
        reasons=["公示期间异议经核实成立"],
        expected_version=case.row_version,
        actor=other,
        today=d(11, 10),
    ).case
    assert case.state is RepairState.REJECTED and status_of(world) is RecordStatus.ACTIVE


# --- Wuhan has no repair; Xiamen never deletes and a repair can be revoked ----------------


def test_wuhan_has_no_credit_repair(db, staff) -> None:
    world_for(db, staff, "wuhan")
    with pytest.raises(CreditDeskError, match="没有信用修复的规定"):
        rp.candidates(db, COMPANY, actor=staff[Role.CLERK], today=TODAY)


def test_xiamen_repair_is_revoked_for_false_materials_and_the_record_returns(db, staff) -> None:
    world = world_for(db, staff, "xiamen")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = apply(db, world, clerk, lodged_with=rp.Lodged.PROVIDER)
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="符合",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    case = rp.approve(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
    ).case
    assert status_of(world) is RecordStatus.REPAIRED  # 第二十三条: hidden, never deleted
    with pytest.raises(PermissionDenied):
        rp.revoke(
            db,
            case.case_no,
            reason="材料造假",
            expected_version=case.row_version,
            actor=clerk,
            today=TODAY,
        )
    case = rp.revoke(
        db,
        case.case_no,
        reason="缴款凭证系伪造",
        expected_version=case.row_version,
        actor=supervisor,
        today=TODAY,
    ).case
    assert case.state is RepairState.REVOKED
    assert status_of(world) is RecordStatus.ACTIVE and shown_to_public(world, staff)
    with db.uow() as uow:
        kinds = uow.session.scalars(
            select(CreditRecordVersion.change_kind)
            .where(CreditRecordVersion.record_id == world.records[RECORD])
            .order_by(CreditRecordVersion.version_no)
        ).all()
    assert kinds == [ChangeKind.DEMO, ChangeKind.REPAIR, ChangeKind.REPAIR_REVOKED]


def test_a_stale_repair_case_is_not_processed_twice(db, staff) -> None:
    world = world_for(db, staff, "weihai")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    case = apply(db, world, clerk)
    rp.accept(db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY)
    with pytest.raises(ConcurrencyConflict, match="王窗口"):
        rp.decline(
            db,
            case.case_no,
            reasons="材料不全",
            expected_version=case.row_version,
            actor=supervisor,
            today=TODAY,
        )


def test_every_action_moves_the_version_by_one_even_when_no_field_changes(db, staff) -> None:
    # Given a Nantong repair in its notice period
    world = world_for(db, staff, "nantong")
    clerk = staff[Role.CLERK]
    case = _nantong_to_approval(db, world, staff)
    seen = case.row_version
    # When a notice-period objection is registered (the case's own fields do not change)
    case = rp.publicity_objection(
        db,
        case.case_no,
        objector="甲",
        statement="异议",
        expected_version=seen,
        actor=clerk,
        today=d(11, 3),
    ).case
    # Then the version moved by one, and a second clerk with the old version is refused
    assert case.row_version == seen + 1
    with pytest.raises(ConcurrencyConflict):
        rp.publicity_objection(
            db,
            case.case_no,
            objector="甲",
            statement="异议",
            expected_version=seen,
            actor=clerk,
            today=d(11, 3),
        )
    assert rp.get_repair(db, case.case_no, actor=clerk, today=d(11, 3)).open_objections == 1


def test_a_case_is_assigned_only_to_someone_who_handles_such_cases(db, staff) -> None:
    world = world_for(db, staff, "weihai")
    case = apply(db, world, staff[Role.CLERK])
    with pytest.raises(ValidationFailed, match="不办理此类案件") as error:
        rp.assign(
            db,
            case.case_no,
            user_id=staff[Role.AUDITOR].user_id,
            expected_version=case.row_version,
            actor=staff[Role.SUPERVISOR],
            today=TODAY,
        )
    assert "assignee" in error.value.field_errors
    case = rp.assign(
        db,
        case.case_no,
        user_id=staff[Role.CLERK].user_id,
        expected_version=case.row_version,
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
    ).case
    assert case.assignee_name == "王窗口"
