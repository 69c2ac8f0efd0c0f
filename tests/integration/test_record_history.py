"""A correction never overwrites the old value: every change to a record leaves a snapshot."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from sqlalchemy import select

from app.db.history import ChangeInfo, attach_change
from app.db.models import CatalogItem, CreditRecord, CreditRecordVersion, ProviderUnit, Subject
from app.domain.enums import (
    ChangeKind,
    Disclosure,
    InfoClass,
    RecordStatus,
    ReportSection,
    Severity,
    SubjectKind,
)
from app.domain.errors import ConcurrencyConflict
from app.services.database import Database


def _seed_record(db: Database) -> int:
    with db.uow() as uow:
        s = uow.session
        provider = ProviderUnit(code="SCJGJ", name="市场监督管理局")
        item = CatalogItem(
            code="CF001",
            name="行政处罚信息",
            info_class=InfoClass.DISHONEST,
            disclosure=Disclosure.PUBLIC,
            report_section=ReportSection.PENALTY,
            provider=provider,
        )
        subject = Subject(
            kind=SubjectKind.LEGAL_PERSON, code="91350100M000100Y43", name="厦门某某科技有限公司"
        )
        s.add_all([provider, item, subject])
        s.flush()
        record = CreditRecord(
            subject_id=subject.id,
            catalog_item_id=item.id,
            provider_id=provider.id,
            document_number="厦市监罚〔2026〕12号",
            decision_date=date(2026, 3, 2),
            act_ended_on=date(2026, 3, 2),
            formed_on=date(2026, 3, 5),
            severity=Severity.GENERAL,
            content={"facts": "虚假宣传", "result": "警告"},
        )
        attach_change(record, ChangeInfo(ChangeKind.INTAKE, source_ref="intake_batch:1"))
        s.add(record)
        uow.commit()
        return record.id


def test_given_new_record_then_version_one_holds_the_submitted_content(db: Database) -> None:
    record_id = _seed_record(db)

    with db.uow() as uow:
        versions = uow.session.scalars(
            select(CreditRecordVersion).where(CreditRecordVersion.record_id == record_id)
        ).all()
    assert [v.version_no for v in versions] == [1]
    assert versions[0].change_kind is ChangeKind.INTAKE
    assert versions[0].snapshot["content"] == {"facts": "虚假宣传", "result": "警告"}
    assert versions[0].snapshot["decision_date"] == "2026-03-02"
    assert versions[0].changed_at.tzinfo is UTC


def test_given_record_when_provider_corrects_it_then_old_value_stays_in_history(
    db: Database,
) -> None:
    record_id = _seed_record(db)

    with db.uow() as uow:
        record = uow.session.get_one(CreditRecord, record_id)
        record.content = {"facts": "虚假宣传", "result": "警告；罚款"}
        attach_change(
            record,
            ChangeInfo(
                ChangeKind.PROVIDER_CORRECTION,
                reason="提供单位更正",
                source_ref="provider_notice:厦市监函〔2026〕3号",
            ),
        )
        uow.commit()

    with db.uow() as uow:
        record = uow.session.get_one(CreditRecord, record_id)
        versions = uow.session.scalars(
            select(CreditRecordVersion)
            .where(CreditRecordVersion.record_id == record_id)
            .order_by(CreditRecordVersion.version_no)
        ).all()
    assert record.row_version == 2
    assert [v.snapshot["content"]["result"] for v in versions] == ["警告", "警告；罚款"]
    assert versions[1].change_kind is ChangeKind.PROVIDER_CORRECTION


def test_a_change_without_a_reason_is_refused_and_nothing_is_written(db: Database) -> None:
    record_id = _seed_record(db)

    with pytest.raises(RuntimeError, match="without a ChangeInfo"), db.uow() as uow:
        record = uow.session.get_one(CreditRecord, record_id)
        record.status = RecordStatus.DELETED
        uow.commit()

    with db.uow() as uow:
        record = uow.session.get_one(CreditRecord, record_id)
        count = len(uow.session.scalars(select(CreditRecordVersion)).all())
    assert record.status is RecordStatus.ACTIVE
    assert count == 1


def test_two_clerks_editing_the_same_record_the_second_gets_a_conflict(db: Database) -> None:
    record_id = _seed_record(db)
    first, second = db.uow(), db.uow()
    with first:
        a = first.session.get_one(CreditRecord, record_id)
        with second:
            b = second.session.get_one(CreditRecord, record_id)
            a.status_reason = "甲的修改"
            attach_change(a, ChangeInfo(ChangeKind.PROVIDER_CORRECTION))
            first.commit()

            b.status_reason = "乙的修改"
            attach_change(b, ChangeInfo(ChangeKind.PROVIDER_CORRECTION))
            with pytest.raises(ConcurrencyConflict), db.translate_errors():
                second.commit()

    with db.uow() as uow:
        assert uow.session.get_one(CreditRecord, record_id).status_reason == "甲的修改"


def test_timestamps_are_timezone_aware_utc(db: Database) -> None:
    record_id = _seed_record(db)
    with db.uow() as uow:
        record = uow.session.get_one(CreditRecord, record_id)
    assert record.created_at.tzinfo is UTC
    assert record.updated_at.tzinfo is UTC
