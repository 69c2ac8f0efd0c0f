"""Xiamen 第二十八条 without a silent change (issue 10): three sectors' key-attention lists
within twelve months raise an alert, never a longer period by themselves; handling the alert
issues the letters (信用提示告知书 to the subject, 公示期调整提醒函 to each provider); a key-
attention listing becomes two years only when its provider's notice says so, and the record's
history shows it.

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured); today is
2026-11-25 (the query world)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.db.models import CreditAlert, CreditRecord, IssuedDocument
from app.domain.enums import Audience, DocumentType, Role, SubjectKind
from app.domain.errors import ConcurrencyConflict, PermissionDenied, ValidationFailed
from app.services import documents, rules
from app.services.expiry import expire_records
from app.services.lists import check_alerts, handle_alert, list_alerts, list_memberships
from app.services.provider_notices import NoticeInput, record_history, record_provider_notice
from app.services.record_view import disclose, load_records
from tests.integration.lifecycle_world import add_record
from tests.integration.objection_world import CENTER, objection_world
from tests.integration.query_world import COMPANY, TODAY, World

LISTED = date(2026, 9, 1)
ONE_YEAR = date(2027, 9, 1)  # the last visible day of a key-attention listing (第二十八条)
TWO_YEARS = date(2028, 9, 1)  # … once its provider has extended it
PROVIDERS = {"STHJJ": "生态环境局", "WJW": "卫生健康委员会", "YJGLJ": "应急管理局"}


def three_sectors(world: World) -> dict[str, int]:
    """The company on three providers' key-attention lists on 2026-09-01: provider → record."""
    return {
        code: add_record(world.db, world.company_id, "ZD001", provider=code, listed_on=LISTED)
        for code in PROVIDERS
    }


def shown_until(world: World, record_id: int, on: date) -> tuple[bool, date | None]:
    """Whether the public sees ``record_id`` on ``on``, and its last visible day."""
    profile = rules.current_profile(world.db)
    with world.db.uow() as uow:
        loaded = load_records(uow.session, {world.company_id: SubjectKind.LEGAL_PERSON})
    loaded_records = loaded[world.company_id]
    seen = disclose(
        loaded_records, profile, Audience.PUBLIC, on, national_layer=rules.national_layer()
    )
    for group in seen.groups:
        for rec in group.records:
            if rec.record_id == record_id:
                return True, rec.last_visible_day
    return False, None


def extension_notice(record_id: int, provider: str, value: str = "是", **kw: Any) -> NoticeInput:
    values: dict[str, Any] = {
        "record_id": record_id,
        "kind": "correction",
        "provider_code": provider,
        "reference": "厦环函〔2026〕31号",
        "reason": "根据市信用中心提醒，重点关注名单公示期调整为二年",
        "changed_on": date(2026, 11, 20),
        "received_on": date(2026, 11, 23),
        "changes": {"延长公示期限（两年）": value},
    }
    values.update(kw)
    return NoticeInput(**values)


def version_of(world: World, record_id: int) -> int:
    with world.db.uow() as uow:
        return uow.session.get_one(CreditRecord, record_id).row_version


def pdf_text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages]


# --- no silent extension ----------------------------------------------------------------------


def test_xiamen_art28_three_sectors_lists_alone_keep_the_one_year_period(
    db: Any, staff: Any
) -> None:
    """Given Xiamen and a company on three sectors' key-attention lists, an alert is raised,
    yet every listing keeps its one year: shown on 2027-09-01, not on 2027-09-02; no list
    row is marked two years; the expiry job files all three after the year."""
    world = objection_world(db, "xiamen", staff)
    records = three_sectors(world)
    assert len(check_alerts(db, [world.company_id], today=TODAY)) == 1

    for record_id in records.values():
        assert shown_until(world, record_id, ONE_YEAR) == (True, ONE_YEAR)
        assert shown_until(world, record_id, ONE_YEAR + timedelta(days=1)) == (False, None)
    rows = list_memberships(db, actor=staff[Role.CLERK], list_type="key_attention", today=TODAY)
    assert {(r.ends_on, r.extended) for r in rows.rows} == {(ONE_YEAR, False)}
    after = ONE_YEAR + timedelta(days=1)
    assert expire_records(db, actor=staff[Role.SUPERVISOR], today=after).archived == 3


def test_xiamen_art28_provider_notice_extends_its_listing_to_two_years(db: Any, staff: Any) -> None:
    """Given the three listings, when 生态环境局's notice says its listing's period is extended
    (延长公示期限（两年）: 是), that listing is shown until 2028-09-01 and not the day after,
    the others still end on 2027-09-01; the list row says two years; the history shows the
    version with the day the decision took effect and the notice (否 → 是); the expiry job
    after one year leaves it; a later notice 否 brings back the one year."""
    world = objection_world(db, "xiamen", staff)
    records = three_sectors(world)
    supervisor = staff[Role.SUPERVISOR]
    extended = records["STHJJ"]

    before = record_history(db, extended, actor=supervisor, today=TODAY)
    [field] = [f for f in before.correctable if f.field == "period_extended"]
    assert (field.label, field.value, field.kind, field.choices) == (
        "延长公示期限（两年）",
        "否",
        "choice",
        ("是", "否"),
    )

    row = record_provider_notice(
        db,
        extension_notice(extended, "STHJJ"),
        actor=supervisor,
        today=TODAY,
        expected_version=version_of(world, extended),
    )

    assert [(c.label, c.old, c.new) for c in row.changes] == [("延长公示期限（两年）", "否", "是")]
    with db.uow() as uow:
        assert uow.session.get_one(CreditRecord, extended).period_extended_on == date(2026, 11, 20)
    assert shown_until(world, extended, TWO_YEARS) == (True, TWO_YEARS)
    assert shown_until(world, extended, TWO_YEARS + timedelta(days=1)) == (False, None)
    assert shown_until(world, records["WJW"], ONE_YEAR) == (True, ONE_YEAR)
    rows = list_memberships(db, actor=staff[Role.CLERK], list_type="key_attention", today=TODAY)
    assert {r.record_id: (r.ends_on, r.extended) for r in rows.rows} == {
        extended: (TWO_YEARS, True),
        records["WJW"]: (ONE_YEAR, False),
        records["YJGLJ"]: (ONE_YEAR, False),
    }

    history = record_history(db, extended, actor=supervisor, today=TODAY)
    last = history.versions[-1]
    assert [(c.field, c.old, c.new) for c in last.changes] == [
        ("period_extended_on", "", "2026-11-20")
    ]
    assert ("公示期限延长为两年的生效日期", "2026-11-20") in {
        (v.label, v.value) for v in last.snapshot
    }
    assert [(c.old, c.new) for c in history.notices[-1].changes] == [("否", "是")]
    assert next(f for f in history.correctable if f.field == "period_extended").value == "是"

    after = ONE_YEAR + timedelta(days=1)
    assert expire_records(db, actor=supervisor, today=after).archived == 2
    assert shown_until(world, extended, after) == (True, TWO_YEARS)

    record_provider_notice(
        db,
        extension_notice(extended, "STHJJ", "否", reference="厦环函〔2026〕32号"),
        actor=supervisor,
        today=TODAY,
        expected_version=version_of(world, extended),
    )
    assert shown_until(world, extended, after) == (False, None)


def test_xiamen_art28_extension_is_for_key_attention_records_only(db: Any, staff: Any) -> None:
    """Given Xiamen, a notice extending a penalty record (not on a list) is refused naming the
    field; the history of such a record does not offer it."""
    world = objection_world(db, "xiamen", staff)
    penalty = world.records["c_dishonest_public"]
    supervisor = staff[Role.SUPERVISOR]
    with pytest.raises(ValidationFailed) as refused:
        record_provider_notice(
            db,
            extension_notice(penalty, "SCJGJ"),
            actor=supervisor,
            today=TODAY,
            expected_version=version_of(world, penalty),
        )
    assert "延长公示期限（两年）" in str(refused.value.field_errors)
    history = record_history(db, penalty, actor=supervisor, today=TODAY)
    assert "period_extended" not in {f.field for f in history.correctable}


@pytest.mark.parametrize("profile", ["weihai", "nantong"])
def test_no_alert_and_no_extension_where_the_regulation_has_no_such_rule(
    db: Any, staff: Any, profile: str
) -> None:
    """Given a profile without Xiamen's article, three sectors' key-attention lists raise no
    alert and the extension is no correctable field of a key-attention record."""
    world = objection_world(db, profile, staff)
    records = three_sectors(world)
    assert check_alerts(db, [world.company_id], today=TODAY) == []
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count(CreditAlert.id))) == 0
    record = records["WJW"]
    history = record_history(db, record, actor=staff[Role.SUPERVISOR], today=TODAY)
    assert "period_extended" not in {f.field for f in history.correctable}
    with pytest.raises(ValidationFailed):
        record_provider_notice(
            db,
            extension_notice(record, "WJW"),
            actor=staff[Role.SUPERVISOR],
            today=TODAY,
            expected_version=version_of(world, record),
        )


# --- the letters ------------------------------------------------------------------------------


def test_handling_an_alert_issues_the_subject_letter_and_one_reminder_per_provider(
    db: Any, staff: Any
) -> None:
    """Given an alert naming four listings of three providers (卫生健康委员会 twice), when the
    supervisor handles it, one transaction issues the 信用提示告知书 to the company (kept on
    the alert) and one 提醒函 to each provider; each letter is one signed page naming the
    lists, providers and dates, the article and the two years; a reprint finds them; no
    record changes."""
    world = objection_world(db, "xiamen", staff)
    records = three_sectors(world)
    second = add_record(db, world.company_id, "ZD002", provider="WJW", listed_on=date(2026, 10, 8))
    [alert_id] = check_alerts(db, [world.company_id], today=TODAY)
    [alert] = list_alerts(db, actor=staff[Role.SUPERVISOR], state="open")
    assert alert.letters == ()
    with db.uow() as uow:
        versions = {r.id: r.row_version for r in uow.session.scalars(select(CreditRecord))}

    done = handle_alert(
        db,
        alert_id,
        note="告知书当面送达；提醒函通过政务协同平台发送",
        actor=staff[Role.SUPERVISOR],
        expected_version=alert.row_version,
        today=TODAY,
    )

    assert [(x.doc_type, x.addressee) for x in done.letters] == [
        (DocumentType.CREDIT_ALERT_NOTICE, "济南某某科技有限公司"),
        (DocumentType.CREDIT_ALERT_REMINDER, "卫生健康委员会"),
        (DocumentType.CREDIT_ALERT_REMINDER, "应急管理局"),
        (DocumentType.CREDIT_ALERT_REMINDER, "生态环境局"),
    ]
    assert [d.number for d in done.issued] == [x.number for x in done.letters]
    assert done.letters[0].number.startswith("TS350200" + str(TODAY.year))
    assert all(x.number.startswith("TX350200") for x in done.letters[1:])
    with db.uow() as uow:
        s = uow.session
        row = s.get_one(CreditAlert, alert_id)
        letter = s.get_one(IssuedDocument, row.letter_document_id)
        assert letter.number == done.letters[0].number
        issued = s.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
        assert [d.subject_id for d in issued] == [world.company_id] * 4
        assert {r.id: r.row_version for r in s.scalars(select(CreditRecord))} == versions
    [again] = list_alerts(db, actor=staff[Role.CLERK], state="handled")
    assert again.letters == done.letters and again.issued == ()

    notice, *reminders = (pdf_text(d.pdf_bytes) for d in done.issued)
    assert len(notice) == 1 and all(len(r) == 1 for r in reminders)
    page = notice[0]
    for text in (
        "信用提示告知书",
        CENTER,
        "济南某某科技有限公司：",
        COMPANY,
        "3个行业、领域",
        "2026年9月1日至2026年10月8日",
        "列入日期",
        "2026-10-08",
        "卫生健康委员会、应急管理局、生态环境局",
        "公示期调整为二年",
        "《厦门市公共信用信息管理办法》第二十八条",
    ):
        assert text in page, text
    with db.uow() as uow:
        numbers = {
            r.id: r.document_number
            for r in uow.session.scalars(
                select(CreditRecord).where(CreditRecord.id.in_([*records.values(), second]))
            )
        }
    assert len(numbers) == 4 and all(n in page for n in numbers.values())
    wjw = reminders[0][0]
    assert "公示期调整提醒函" in wjw and "卫生健康委员会：" in wjw
    assert "其中贵单位列入2条" in wjw and "接收单位签收" in wjw
    assert "其中贵单位列入1条" in reminders[1][0]
    assert second in [int(r.record_id) for r in done.records]

    check = documents.verify_by_number(db, done.letters[1].number, actor=staff[Role.CLERK])
    assert check.ok and check.doc_type is DocumentType.CREDIT_ALERT_REMINDER
    reprinted = documents.reprint(db, done.letters[0].number, actor=staff[Role.CLERK])
    assert "补打" in pdf_text(reprinted.pdf_bytes)[0]


def test_a_refused_handling_issues_no_letter(db: Any, staff: Any) -> None:
    """Given an open alert, a stale version or a clerk is refused and nothing is issued."""
    world = objection_world(db, "xiamen", staff)
    three_sectors(world)
    [alert_id] = check_alerts(db, [world.company_id], today=TODAY)
    with pytest.raises(ConcurrencyConflict):
        handle_alert(db, alert_id, note="已告知", actor=staff[Role.SUPERVISOR], expected_version=99)
    with pytest.raises(PermissionDenied):
        handle_alert(db, alert_id, note="已告知", actor=staff[Role.CLERK], expected_version=1)
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count(IssuedDocument.id))) == 0
        assert uow.session.get_one(CreditAlert, alert_id).letter_document_id is None
    assert list_alerts(db, actor=staff[Role.CLERK], state="open")[0].letters == ()
