"""Deterministic, streaming demo data: realistic subjects with valid codes, providers, a full
catalogue and records across every status.

The generator is a pure function of ``(seed, as_of)`` and yields one subject at a time, so a
million subjects never sit in memory; the loader writes them in chunks inside one transaction
(everything or nothing). The benchmark suite feeds on the same generator.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Any, TypeVar

from sqlalchemy import func, insert, select

from app.db.history import snapshot_of
from app.db.models import (
    CatalogItem,
    CreditRecord,
    CreditRecordVersion,
    ProviderUnit,
    Subject,
    SubjectIdentity,
)
from app.db.types import utcnow
from app.domain.codes import id_check_digit, uscc_check_char
from app.domain.enums import (
    ChangeKind,
    IdDocType,
    InfoClass,
    PenaltyClass,
    RecordStatus,
    Severity,
    SubjectKind,
)
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor, Permission
from app.domain.record_fields import submission_of
from app.services import authz
from app.services.database import Database
from app.services.demo_catalog import ITEMS, PROVIDERS, DemoItem

T = TypeVar("T")

# District codes of the five jurisdictions (Weihai, Zhangdian, Wuhan, Nantong, Xiamen).
DISTRICTS = (
    ("371002", "威海市环翠区"),
    ("371003", "威海市文登区"),
    ("370303", "淄博市张店区"),
    ("420102", "武汉市江岸区"),
    ("420106", "武汉市武昌区"),
    ("420111", "武汉市洪山区"),
    ("320602", "南通市崇川区"),
    ("320612", "南通市通州区"),
    ("350203", "厦门市思明区"),
    ("350206", "厦门市湖里区"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙")
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鹏建华辉红霞文斌宇浩然子涵梓萱欣怡"
    "一诺雨桐思远嘉懿俊熙晨阳宏志海燕春梅国庆建国卫东立新晓东佳琪婷婷雪梅志强永刚丹丹"
)
ORG_WORDS = (
    "华信",
    "鼎盛",
    "恒通",
    "瑞丰",
    "金桥",
    "远航",
    "博润",
    "海岳",
    "宏达",
    "新元",
    "正阳",
    "嘉禾",
    "天成",
    "汇丰",
    "东升",
    "明德",
    "联创",
    "精诚",
    "润泽",
    "和顺",
    "国泰",
    "锦程",
    "昌隆",
    "万象",
)
ORG_TRADES = (
    "科技",
    "商贸",
    "建筑工程",
    "餐饮管理",
    "物流",
    "食品",
    "医药",
    "环保科技",
    "机械制造",
    "纺织",
    "电子",
    "房地产开发",
    "信息技术",
    "农业发展",
    "化工",
    "文化传媒",
    "汽车销售",
)
ORG_FORMS_LEGAL = ("有限公司", "有限责任公司", "股份有限公司")
SHOP_KINDS = ("便利店", "餐馆", "五金店", "理发店", "水果店", "汽车修理部", "服装店", "小吃部")
STREETS = ("人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "文化路", "长江路", "滨海路")

PENALTY_FACTS = (
    "未按规定公示年度报告",
    "销售不符合食品安全标准的食品",
    "未依法取得许可从事经营活动",
    "超标排放大气污染物",
    "未按规定申报纳税",
    "安全生产管理制度不健全",
    "虚假宣传",
    "未按规定配备消防设施",
    "违规倾倒建筑垃圾",
)
PENALTY_RESULTS = ("警告", "警告；罚款", "罚款；没收违法所得", "责令停产停业；罚款", "罚款")

_STATUS_WEIGHTS = (
    (RecordStatus.ACTIVE, 85),
    (RecordStatus.REVOKED, 2),
    (RecordStatus.REPAIRED, 5),
    (RecordStatus.WITHDRAWN, 2),
    (RecordStatus.ARCHIVED, 4),
    (RecordStatus.DELETED, 2),
)


@dataclass(frozen=True)
class DemoRecord:
    item_code: str
    provider_code: str
    document_number: str
    decision_date: date
    act_ended_on: date | None
    determined_on: date | None
    formed_on: date
    listed_on: date | None
    severity: Severity | None
    penalty_class: PenaltyClass | None
    content: dict[str, Any]
    status: RecordStatus
    status_reason: str | None


@dataclass(frozen=True)
class DemoSubject:
    kind: SubjectKind
    code: str
    name: str
    birth_date: date | None
    legal_representative: str | None
    address: str
    passport: str | None
    records: tuple[DemoRecord, ...]


@dataclass(frozen=True)
class DemoLoadResult:
    subjects: int
    records: int
    providers: int
    catalog_items: int


def generate_subjects(
    count: int, *, seed: int, as_of: date, records_per_subject: float = 5.0
) -> Iterator[DemoSubject]:
    """Yield ``count`` subjects, deterministic for ``(seed, as_of)``, each with unique codes."""
    rng = random.Random(seed)
    # Unique codes: a bijection of the index onto a large code space, so codes look random
    # but never repeat (multiplying by a number coprime with the space size permutes it).
    person_space = len(DISTRICTS) * 20_000 * 1000
    org_space = 10**8
    person_mult, org_mult = 7_919_993, 48_271_123
    items_by_kind = {
        kind: tuple(i for i in ITEMS if kind in i.kinds and i.weight > 0) for kind in SubjectKind
    }
    for index in range(count):
        roll = rng.random()
        if roll < 0.55:
            kind = SubjectKind.NATURAL_PERSON
        elif roll < 0.90:
            kind = SubjectKind.LEGAL_PERSON
        else:
            kind = SubjectKind.UNINCORPORATED
        district_code, district_name = rng.choice(DISTRICTS)
        address = f"{district_name}{rng.choice(STREETS)}{rng.randint(1, 999)}号"
        passport = None
        if kind is SubjectKind.NATURAL_PERSON:
            code, birth = _person_code((index * person_mult) % person_space, as_of)
            name = _person_name(rng)
            legal_rep = None
            if rng.random() < 0.04:
                passport = f"E{(index * 104_729) % 10**8:08d}"
        else:
            code = _org_code(kind, (index * org_mult) % org_space, district_code, rng)
            birth = None
            name, legal_rep = _org_name(kind, rng, district_name)
        n_records = _record_count(rng, records_per_subject)
        records = tuple(
            _record(rng, index, k, kind, items_by_kind[kind], as_of) for k in range(n_records)
        )
        if kind is not SubjectKind.NATURAL_PERSON:
            registration = _registration_record(index, as_of, rng)
            records = (registration, *records)
        yield DemoSubject(kind, code, name, birth, legal_rep, address, passport, records)


def load_demo_data(
    db: Database,
    *,
    actor: Actor,
    subjects: int,
    seed: int = 2026,
    as_of: date | None = None,
    records_per_subject: float = 5.0,
    chunk_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
) -> DemoLoadResult:
    """Load providers, the catalogue and ``subjects`` demo subjects into an empty database."""
    authz.require(actor, Permission.DEMO_DATA_LOAD)
    if subjects <= 0:
        raise CreditDeskError("demo.bad_count", value=subjects)
    as_of = as_of or date.today()
    with db.uow() as uow:
        session = uow.session
        existing = session.scalar(select(func.count()).select_from(Subject))
        if existing:
            raise CreditDeskError("demo.already_loaded", count=existing)
        provider_ids = _ensure_providers(session)
        item_ids = _ensure_catalog(session, provider_ids)
        conn = session.connection()
        now = utcnow()
        total_subjects = total_records = 0
        stream = generate_subjects(
            subjects, seed=seed, as_of=as_of, records_per_subject=records_per_subject
        )
        for batch in _chunks(stream, chunk_size):
            subject_rows = [
                {
                    "kind": s.kind,
                    "code": s.code,
                    "name": s.name,
                    "birth_date": s.birth_date,
                    "legal_representative": s.legal_representative,
                    "address": s.address,
                    "row_version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for s in batch
            ]
            ids = (
                conn.execute(
                    insert(Subject).returning(Subject.id, sort_by_parameter_order=True),
                    subject_rows,
                )
                .scalars()
                .all()
            )
            identity_rows = [
                {
                    "subject_id": sid,
                    "doc_type": IdDocType.PASSPORT,
                    "doc_number": s.passport,
                    "issuing_country": "CHN",
                    "created_at": now,
                }
                for sid, s in zip(ids, batch, strict=True)
                if s.passport
            ]
            if identity_rows:
                conn.execute(insert(SubjectIdentity), identity_rows)
            record_rows = [
                {
                    "subject_id": sid,
                    "catalog_item_id": item_ids[r.item_code],
                    "provider_id": provider_ids[r.provider_code],
                    "document_number": r.document_number,
                    "decision_date": r.decision_date,
                    "act_ended_on": r.act_ended_on,
                    "determined_on": r.determined_on,
                    "formed_on": r.formed_on,
                    "listed_on": r.listed_on,
                    "severity": r.severity,
                    "list_type": _item(r.item_code).list_type,
                    "penalty_class": r.penalty_class,
                    "content": r.content,
                    "status": r.status,
                    "status_changed_on": None if r.status is RecordStatus.ACTIVE else as_of,
                    "status_reason": r.status_reason,
                    "source_submission": _submission(r),
                    "row_version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for sid, s in zip(ids, batch, strict=True)
                for r in s.records
            ]
            if record_rows:
                record_ids = (
                    conn.execute(
                        insert(CreditRecord).returning(
                            CreditRecord.id, sort_by_parameter_order=True
                        ),
                        record_rows,
                    )
                    .scalars()
                    .all()
                )
                conn.execute(
                    insert(CreditRecordVersion),
                    [
                        {
                            "record_id": rid,
                            "version_no": 1,
                            "change_kind": ChangeKind.DEMO,
                            "reason": "演示数据",
                            "source_ref": f"demo:seed={seed}",
                            "changed_by_user_id": actor.user_id,
                            "changed_at": now,
                            "snapshot": snapshot_of(row),
                        }
                        for rid, row in zip(record_ids, record_rows, strict=True)
                    ],
                )
            total_subjects += len(batch)
            total_records += len(record_rows)
            if progress is not None:
                progress(total_subjects, subjects)
        uow.commit()
    return DemoLoadResult(total_subjects, total_records, len(provider_ids), len(item_ids))


# --- reference data ---------------------------------------------------------------------


def _ensure_providers(session: Any) -> dict[str, int]:
    existing = dict(session.execute(select(ProviderUnit.code, ProviderUnit.id)).all())
    for provider in PROVIDERS:
        if provider.code not in existing:
            row = ProviderUnit(code=provider.code, name=provider.name)
            session.add(row)
            session.flush()
            existing[provider.code] = row.id
    return existing


def _ensure_catalog(session: Any, provider_ids: dict[str, int]) -> dict[str, int]:
    existing = dict(session.execute(select(CatalogItem.code, CatalogItem.id)).all())
    for item in ITEMS:
        if item.code not in existing:
            row = CatalogItem(
                code=item.code,
                name=item.name,
                info_class=item.info_class,
                disclosure=item.disclosure,
                report_section=item.section,
                provider_id=provider_ids[item.provider],
                validity_rule="profile",
                legal_basis=item.legal_basis,
                fields=[
                    {"key": k, "label": label, "type": "text", "required": True}
                    for k, label in item.fields
                ],
            )
            session.add(row)
            session.flush()
            existing[item.code] = row.id
    return existing


_ITEMS_BY_CODE = {item.code: item for item in ITEMS}
_PROVIDER_PREFIX = {p.code: p.doc_prefix for p in PROVIDERS}


def _item(code: str) -> DemoItem:
    return _ITEMS_BY_CODE[code]


# --- generators -------------------------------------------------------------------------


def _chunks(iterable: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for element in iterable:
        batch.append(element)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _person_code(slot: int, as_of: date) -> tuple[str, date]:
    district = slot % len(DISTRICTS)
    slot //= len(DISTRICTS)
    day_offset = slot % 20_000  # ~55 years of birth dates
    sequence = slot // 20_000  # 0..999
    youngest = date(as_of.year - 19, 1, 1)
    birth = youngest - timedelta(days=day_offset)
    first17 = f"{DISTRICTS[district][0]}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_digit(first17), birth


def _org_code(kind: SubjectKind, slot: int, district: str, rng: random.Random) -> str:
    if kind is SubjectKind.LEGAL_PERSON:
        prefix = rng.choice(("91", "91", "91", "91", "12", "52", "93"))
    else:
        prefix = rng.choice(("92", "92", "Y1"))
    body = f"{slot:08d}"
    org9 = body + _gb11714_check(body)
    first17 = f"{prefix}{district}{org9}"
    return first17 + uscc_check_char(first17)


def _gb11714_check(body: str) -> str:
    """Check character of the 9-character organisation code (GB 11714-1997)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(body, weights, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
    given_len = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(given_len))


def _org_name(kind: SubjectKind, rng: random.Random, district: str) -> tuple[str, str]:
    city = district[: district.index("市") + 1]
    representative = _person_name(rng)
    if kind is SubjectKind.LEGAL_PERSON:
        word = rng.choice(ORG_WORDS)
        if rng.random() < 0.5:
            word += rng.choice(ORG_WORDS)
        name = f"{city}{word}{rng.choice(ORG_TRADES)}{rng.choice(ORG_FORMS_LEGAL)}"
    else:
        area = district[district.index("市") + 1 :]
        name = f"{area}{representative}{rng.choice(SHOP_KINDS)}"
    return name, representative


def _record_count(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    # Geometric-like spread around the mean: many subjects with few records, some with many.
    return min(int(rng.expovariate(1 / mean) + 0.5), int(mean * 6), 36)


def _record(
    rng: random.Random,
    subject_index: int,
    k: int,
    kind: SubjectKind,
    items: tuple[DemoItem, ...],
    as_of: date,
) -> DemoRecord:
    item = rng.choices(items, cum_weights=_cumulative(items))[0]
    decision = as_of - timedelta(days=rng.randint(1, 6 * 365))
    year = decision.year
    prefix = _PROVIDER_PREFIX[item.provider]
    # Unique per subject (the record key is provider + document number + subject).
    document_number = f"{prefix}{item.doc_word}〔{year}〕{(subject_index * 37 + k) % 99_999 + 1}号"
    severity = penalty_class = None
    act_ended = determined = listed = None
    if item.info_class is InfoClass.DISHONEST:
        severity = Severity.SERIOUS if rng.random() < 0.2 else Severity.GENERAL
        act_ended = decision + timedelta(days=rng.randint(0, 120))
        determined = decision
        if item.is_penalty:
            roll = rng.random()
            penalty_class = (
                PenaltyClass.MINOR
                if roll < 0.1
                else PenaltyClass.SERIOUS
                if severity is Severity.SERIOUS
                else PenaltyClass.GENERAL
            )
    if item.list_type.value != "none":
        listed = decision
    formed = min(decision + timedelta(days=rng.randint(0, 10)), as_of)
    content = _content(item, rng, decision)
    status = _status_for(item, rng)
    reason = {
        RecordStatus.REVOKED: "作出决定的机关已撤销该行政决定",
        RecordStatus.REPAIRED: "信用修复决定生效",
        RecordStatus.WITHDRAWN: "信息主体申请撤回良好信息",
        RecordStatus.ARCHIVED: "披露期限届满归档",
        RecordStatus.DELETED: "异议处理：无法确认真实性，删除",
    }.get(status)
    return DemoRecord(
        item.code,
        item.provider,
        document_number,
        decision,
        act_ended,
        determined,
        formed,
        listed,
        severity,
        penalty_class,
        content,
        status,
        reason,
    )


def _registration_record(subject_index: int, as_of: date, rng: random.Random) -> DemoRecord:
    item = _item("JC001")
    decision = as_of - timedelta(days=rng.randint(400, 25 * 365))
    return DemoRecord(
        item.code,
        item.provider,
        f"登记〔{decision.year}〕{subject_index:08d}号",
        decision,
        None,
        None,
        decision,
        None,
        None,
        None,
        {"reg_authority": "市场监督管理局", "reg_status": "存续"},
        RecordStatus.ACTIVE,
        None,
    )


def _status_for(item: DemoItem, rng: random.Random) -> RecordStatus:
    statuses, cum_weights = _statuses_for_class(item.info_class)
    return rng.choices(statuses, cum_weights=cum_weights)[0]


@cache
def _statuses_for_class(info_class: InfoClass) -> tuple[list[RecordStatus], list[int]]:
    """Repair applies to dishonest records only; withdrawal to good information only."""
    allowed = [
        (s, w)
        for s, w in _STATUS_WEIGHTS
        if not (s is RecordStatus.REPAIRED and info_class is not InfoClass.DISHONEST)
        and not (s is RecordStatus.WITHDRAWN and info_class is not InfoClass.GOOD)
    ]
    return [s for s, _ in allowed], list(accumulate(w for _, w in allowed))


@cache
def _cumulative(items: tuple[DemoItem, ...]) -> list[int]:
    return list(accumulate(i.weight for i in items))


def _submission(r: DemoRecord) -> dict[str, Any]:
    """What the provider submitted. About one penalty in twenty was garbled on the platform
    (a transcription fault): the platform shows another result than the one submitted, so an
    objection's check finds a difference the center corrects itself."""
    sub = submission_of(
        {
            "document_number": r.document_number,
            "decision_date": r.decision_date,
            "act_ended_on": r.act_ended_on,
            "determined_on": r.determined_on,
            "listed_on": r.listed_on,
            "severity": r.severity,
            "penalty_class": r.penalty_class,
            "content": r.content,
        }
    )
    shown = r.content.get("result")
    if r.penalty_class is not None and shown and zlib.crc32(r.document_number.encode()) % 20 == 0:
        sub["content"]["result"] = next(x for x in PENALTY_RESULTS if x != shown)
    return sub


def _content(item: DemoItem, rng: random.Random, decision: date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, _label in item.fields:
        if key == "facts":
            values[key] = rng.choice(PENALTY_FACTS)
        elif key == "result":
            values[key] = rng.choice(PENALTY_RESULTS)
        elif key == "basis":
            values[key] = item.legal_basis
        elif key in ("year",):
            values[key] = str(decision.year - 1)
        elif key == "hours":
            values[key] = str(rng.randint(4, 600))
        elif key == "score":
            values[key] = str(rng.choice((1, 2, 3, 6, 12)))
        else:
            values[key] = f"{item.name}（{decision:%Y年%m月}）"
    return values
