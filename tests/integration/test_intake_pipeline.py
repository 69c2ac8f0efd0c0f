"""Large batches: validated by a helper process, written with the database's bulk path (issue 9).

Given a provider file with good rows, faulty rows, a repeated decision and rows that cite a
written consent, when it is checked in a helper process (as a large file is) rather than here,
then the counts, the refusals and what lands in the database are exactly the same; the rows
written by the bulk path read back through the ORM like any other record.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
from sqlalchemy import select

from app.db.history import snapshot_of
from app.db.models import CatalogItem, CreditRecord, CreditRecordVersion, ProviderUnit, Subject
from app.domain.codes import uscc_check_char
from app.domain.enums import (
    ChangeKind,
    Disclosure,
    InfoClass,
    ReportSection,
    Role,
    Severity,
)
from app.domain.record_fields import SUBMITTED_FIELDS, submission_of
from app.rules.intake_rules import LABELS
from app.services import intake
from app.services.cancel import CancelToken, OperationCancelled
from app.services.intake_files import IntakeFileError, write_table
from tests.integration.intake_world import HEADER as PENALTY_HEADER
from tests.integration.intake_world import line as penalty_line
from tests.integration.query_world import TODAY, build_world, grant_for

HEADER = [*PENALTY_HEADER, "年收入", LABELS["consent_ref"]]
COMPANIES = [f"91370100MA3C0000{n}" + uscc_check_char(f"91370100MA3C0000{n}") for n in (2, 3, 4)]


def line(code: str, doc: str, **kw: str) -> list[str]:
    return penalty_line(code, doc, header=HEADER, **kw)


def income(code: str, doc: str, consent: str, **kw: str) -> list[str]:
    values = {h: "" for h in HEADER} | {
        LABELS["item_code"]: "SR001",
        LABELS["subject_name"]: "威海示范有限公司",
        LABELS["subject_code"]: code,
        LABELS["document_number"]: doc,
        LABELS["decision_date"]: "2026-08-01",
        "年收入": "1200000",
        LABELS["consent_ref"]: consent,
    }
    return [(values | kw)[h] for h in HEADER]


@pytest.fixture
def world(db, staff):
    built = build_world(db, "weihai")
    with db.uow() as uow:  # an item that needs the subject's written consent (Weihai art. 15)
        provider = uow.session.scalar(select(ProviderUnit).where(ProviderUnit.code == "SCJGJ"))
        assert provider is not None
        uow.session.add(
            CatalogItem(
                code="SR001",
                name="经营收入信息",
                info_class=InfoClass.BASIC,
                disclosure=Disclosure.AUTHORIZED,
                report_section=ReportSection.OTHER,
                provider_id=provider.id,
                legal_basis="《威海市社会信用条例》第十五条",
                fields=[{"key": "income", "label": "年收入", "required": True, "category": "收入"}],
            )
        )
        uow.commit()
    return built


def company_code(db, subject_id: int) -> str:
    with db.uow() as uow:
        subject = uow.session.get(Subject, subject_id)
        assert subject is not None
        return subject.code


def a_file(db, staff, world) -> bytes:
    grant = grant_for(world, staff[Role.CLERK])  # a registered written authorisation
    ours = company_code(db, world.company_id)
    rows = [
        line(COMPANIES[0], "市监罚〔2026〕201号"),
        line(COMPANIES[1], "市监罚〔2026〕202号"),
        line("91370100MA3C00001X", "市监罚〔2026〕203号"),  # wrong check character
        line(COMPANIES[0], "市监罚〔2026〕201号", **{"处罚结果": "罚款五千元"}),  # repeated
        income(ours, "经营收入〔2026〕1号", f"授权{grant}"),  # consent on record
        income(ours, "经营收入〔2026〕2号", "授权999999"),  # no such consent
        income(ours, "经营收入〔2026〕3号", "授权999999", **{LABELS["subject_name"]: ""}),
        line(COMPANIES[2], "市监罚〔2026〕204号", **{LABELS["severity"]: "较重"}),
    ]
    return write_table(HEADER, rows, fmt="xlsx", title="报送表")


def run(db, staff, data: bytes, *, commit: bool, parallel: bool, **kw):
    fn = intake.commit if commit else intake.preview
    return fn(
        db,
        data,
        file_name="报送表.xlsx",
        provider_code="SCJGJ",
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
        parallel=parallel,
        **kw,
    )


def outcome(summary) -> tuple:
    return (
        summary.rows_total,
        summary.rows_new,
        summary.rows_updated,
        summary.rows_unchanged,
        summary.rows_rejected,
        summary.subjects_new,
        [(r.line, r.reason) for r in summary.rejected],
    )


def test_the_helper_process_finds_exactly_what_the_in_process_check_finds(db, staff, world) -> None:
    data = a_file(db, staff, world)
    here = run(db, staff, data, commit=False, parallel=False)
    helper = run(db, staff, data, commit=False, parallel=True)
    assert outcome(helper) == outcome(here)
    total, new, updated, unchanged, rejected, subjects, reasons = outcome(here)
    assert (total, new, updated, unchanged, rejected, subjects) == (8, 3, 1, 0, 4, 2)
    by_line = dict(reasons)
    assert "校验码" in by_line[5]
    assert by_line[8] == (
        "书面同意编号：书面同意“授权999999”未登记或不属于该主体"
        "（依据《威海市公共信用信息管理办法》第十五条）"
    )
    # a row with another fault also hears about its consent
    assert "主体名称不能为空" in by_line[9] and "授权999999" in by_line[9]
    assert "应为 一般 或 严重" in by_line[10]
    # and the commit, checked by the helper, agrees with its own dry run
    committed = run(db, staff, data, commit=True, parallel=True)
    assert outcome(committed) == outcome(here)
    assert multiprocessing.active_children() == []


def test_bulk_written_records_read_back_like_any_other(db, staff, world) -> None:
    data = a_file(db, staff, world)
    summary = run(db, staff, data, commit=True, parallel=True)
    with db.uow() as uow:
        s = uow.session
        record = s.scalar(
            select(CreditRecord).where(CreditRecord.document_number == "市监罚〔2026〕201号")
        )
        assert record is not None
        # the repeated row won: one record, its values, typed as the ORM types them
        assert "罚款五千元" in record.content.values() and "罚款" not in record.content.values()
        assert record.decision_date == date(2026, 9, 1) and record.formed_on == TODAY
        assert record.severity is Severity.GENERAL and record.row_version >= 1
        assert record.created_at.tzinfo is not None
        fields = {name: getattr(record, name) for name, _label in SUBMITTED_FIELDS}
        assert record.source_submission == submission_of(fields | {"content": record.content})
        subject = s.get(Subject, record.subject_id)
        assert subject is not None and subject.code == COMPANIES[0]
        versions = s.scalars(
            select(CreditRecordVersion)
            .where(CreditRecordVersion.record_id == record.id)
            .order_by(CreditRecordVersion.version_no)
        ).all()
        first = versions[0]
        assert first.change_kind is ChangeKind.INTAKE and first.source_ref == (
            f"intake_batch:{summary.batch_id}"
        )
        assert versions[-1].snapshot == snapshot_of(
            {name: getattr(record, name) for name in first.snapshot}
        )
        consented = s.scalar(
            select(CreditRecord).where(CreditRecord.document_number == "经营收入〔2026〕1号")
        )
        assert consented is not None and consented.content == {"income": "1200000"}


def test_a_fault_deep_in_the_file_reaches_the_user_from_the_helper(db, staff, world) -> None:
    good = "\n".join(",".join(line(COMPANIES[0], f"市监罚〔2026〕{i}号")) for i in range(1, 3000))
    data = (",".join(HEADER) + "\n" + good + "\n").encode("utf-8") + b"\xff\xfe,broken\n"
    with pytest.raises(IntakeFileError) as here:
        run(db, staff, data, commit=False, parallel=False)
    with pytest.raises(IntakeFileError) as helper:
        run(db, staff, data, commit=False, parallel=True)
    assert helper.value.text == here.value.text and "3001" in helper.value.text
    assert multiprocessing.active_children() == []


def test_cancelling_stops_the_helper_and_rolls_the_batch_back(db, staff, world) -> None:
    rows = [line(COMPANIES[i % 3], f"市监罚〔2026〕{i}号") for i in range(1, 9000)]
    data = write_table(HEADER, rows, fmt="csv", title="报送表")
    token = CancelToken()
    with pytest.raises(OperationCancelled):
        run(
            db,
            staff,
            data,
            commit=True,
            parallel=True,
            cancel=token,
            progress=lambda rows, _bytes: token.cancel(),
        )
    assert multiprocessing.active_children() == []
    with db.uow() as uow:
        assert uow.session.scalar(select(Subject).where(Subject.code == COMPANIES[0])) is None
