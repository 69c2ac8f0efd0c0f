"""What an audience sees of a subject's records on a date: the facts from the database, the
decision from the rules engine (``app.rules.visibility.decide_visibility`` — the only place
the disclosure rules live), and frozen DTOs grouped by information class.

Two queries per call, whatever the number of subjects or records: the records (with their
catalogue item and provider) and the objection facts. Nothing here logs or checks
permissions: the callers (window query, preview, batch query) do both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import CatalogItem, CreditRecord, Objection, ObjectionRecord, ProviderUnit
from app.domain.caseflow import OPEN_OBJECTION_STATES
from app.domain.enums import (
    Audience,
    Disclosure,
    InfoClass,
    ListType,
    PenaltyClass,
    RecordStatus,
    ReportSection,
    Severity,
    SubjectKind,
)
from app.domain.errors import CreditDeskError
from app.domain.record_fields import EXTRA_CONTENT_LABELS
from app.rules.profiles import NationalLayer, Profile, Step
from app.rules.visibility import Annotation, HiddenReason, RecordFacts, decide_visibility

CLASS_ORDER: tuple[InfoClass, ...] = (
    InfoClass.BASIC,
    InfoClass.GOOD,
    InfoClass.DISHONEST,
    InfoClass.OTHER,
)

ANNOTATION_LABELS: dict[Annotation, str] = {
    Annotation.OBJECTION_PENDING: "异议处理中",
    Annotation.DISPUTED: "存在争议",
}

HIDDEN_LABELS: dict[HiddenReason | str, str] = {
    HiddenReason.AUDIENCE: "不属于该查询类型可见范围",
    HiddenReason.EXPIRED: "披露期限届满",
    HiddenReason.SUSPENDED: "异议逾期未答复，中止提供",
    HiddenReason.REPAIRED: "已信用修复",
    HiddenReason.WITHDRAWN: "已撤回",
    HiddenReason.ARCHIVED: "已归档",
    HiddenReason.DELETED: "已删除或已撤销",
    "incomplete": "记录缺少计算披露期限所需的日期，暂不提供",
}


@dataclass(frozen=True)
class LoadedRecord:
    """One stored record with what the engine needs (``facts``) and what a screen shows."""

    record_id: int
    subject_id: int
    catalog_code: str
    catalog_name: str
    info_class: InfoClass
    disclosure: Disclosure
    report_section: ReportSection
    provider_name: str
    document_number: str
    decision_date: date
    act_ended_on: date | None
    severity: Severity | None
    list_type: ListType
    penalty_class: PenaltyClass | None
    status: RecordStatus
    content: Mapping[str, Any]
    field_labels: tuple[tuple[str, str], ...]
    objection_case_nos: tuple[str, ...]
    facts: RecordFacts


@dataclass(frozen=True)
class ShownRecord:
    record_id: int
    catalog_code: str
    catalog_name: str
    info_class: InfoClass
    report_section: ReportSection
    provider_name: str
    document_number: str
    decision_date: date
    act_ended_on: date | None
    severity: Severity | None
    list_type: ListType
    penalty_class: PenaltyClass | None
    fields: tuple[tuple[str, str, str], ...]  # (key, Chinese label, value)
    annotations: tuple[Annotation, ...]
    last_visible_day: date | None
    basis: str | None  # the article the disclosure period comes from
    objection_case_nos: tuple[str, ...]

    @property
    def annotation_labels(self) -> tuple[str, ...]:
        return tuple(ANNOTATION_LABELS[a] for a in self.annotations)


@dataclass(frozen=True)
class ClassGroup:
    info_class: InfoClass
    records: tuple[ShownRecord, ...]

    @property
    def label(self) -> str:
        return self.info_class.label


@dataclass(frozen=True)
class Disclosed:
    """What one audience sees: every class in order (empty groups included: "无")."""

    groups: tuple[ClassGroup, ...]
    hidden: Mapping[int, str] = field(default_factory=dict)  # record id → HiddenReason value
    incomplete: int = 0  # records withheld because the engine lacked a date

    @property
    def record_count(self) -> int:
        return record_count(self.groups)

    @property
    def categories(self) -> tuple[str, ...]:
        return shown_categories(self.groups)


def record_count(groups: Iterable[ClassGroup]) -> int:
    """How many records the groups show (what the query log records)."""
    return sum(len(g.records) for g in groups)


def shown_categories(groups: Iterable[ClassGroup]) -> tuple[str, ...]:
    """The classes with at least one record shown, as logged (``["good", "dishonest"]``)."""
    return tuple(g.info_class.value for g in groups if g.records)


# --- loading ---------------------------------------------------------------------------------


def load_records(
    session: Session, subjects: Mapping[int, SubjectKind]
) -> dict[int, list[LoadedRecord]]:
    """Every record of ``subjects`` (id → kind) with its facts; two queries in all."""
    out: dict[int, list[LoadedRecord]] = {sid: [] for sid in subjects}
    if not subjects:
        return out
    ids = list(subjects)
    rows = session.execute(
        select(CreditRecord, CatalogItem, ProviderUnit.name)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
        .where(CreditRecord.subject_id.in_(ids))
        .order_by(CreditRecord.subject_id, CreditRecord.decision_date.desc(), CreditRecord.id)
    ).all()
    objections = _objection_facts(session, ids)
    key_attention = _key_attention_counts(r[0] for r in rows)
    for record, item, provider_name in rows:
        ob = objections.get(record.id, _NO_OBJECTION)
        facts = RecordFacts(
            subject_kind=subjects[record.subject_id],
            info_class=item.info_class,
            disclosure=item.disclosure,
            catalog_code=item.code,
            status=record.status,
            severity=record.severity,
            list_type=record.list_type,
            penalty_class=record.penalty_class,
            sector=None,  # no sector column yet: the 令第58号 special minimums are not applied
            act_ended=record.act_ended_on,
            formed=record.formed_on,
            determined=record.determined_on,
            listed=record.listed_on,
            key_attention_lists_12m=key_attention.get(record.id, 0),
            period_extended=record.period_extended_on is not None,
            objection_pending=ob.pending,
            objection_provider_due=ob.provider_due,
            objection_provider_replied=False,
            disputed=ob.disputed,
        )
        out[record.subject_id].append(
            LoadedRecord(
                record_id=record.id,
                subject_id=record.subject_id,
                catalog_code=item.code,
                catalog_name=item.name,
                info_class=item.info_class,
                disclosure=item.disclosure,
                report_section=item.report_section,
                provider_name=provider_name,
                document_number=record.document_number,
                decision_date=record.decision_date,
                act_ended_on=record.act_ended_on,
                severity=record.severity,
                list_type=record.list_type,
                penalty_class=record.penalty_class,
                status=record.status,
                content=dict(record.content or {}),
                field_labels=tuple(
                    (str(f.get("key", "")), str(f.get("label", f.get("key", ""))))
                    for f in (item.fields or [])
                ),
                objection_case_nos=ob.case_nos,
                facts=facts,
            )
        )
    return out


@dataclass(frozen=True)
class _ObjectionFacts:
    pending: bool = False
    provider_due: date | None = None
    case_nos: tuple[str, ...] = ()
    disputed: bool = False


_NO_OBJECTION = _ObjectionFacts()
_OPEN = [s.value for s in OPEN_OBJECTION_STATES]


def _objection_facts(session: Session, subject_ids: list[int]) -> dict[int, _ObjectionFacts]:
    """Per record: an open objection is pending; the provider's reply is due on
    ``next_due_on`` while the case waits for it (``next_step == objection.provider_reply``);
    a closed case whose applicant still disagrees marks the record disputed."""
    rows = session.execute(
        select(
            ObjectionRecord.record_id,
            Objection.case_no,
            Objection.state,
            Objection.next_step,
            Objection.next_due_on,
            Objection.disputed,
        )
        .join(Objection, ObjectionRecord.objection_id == Objection.id)
        .where(
            Objection.subject_id.in_(subject_ids),
            or_(Objection.state.in_(_OPEN), Objection.disputed.is_(True)),
        )
        .order_by(Objection.id)
    ).all()
    pending: dict[int, list[str]] = defaultdict(list)
    due: dict[int, date] = {}
    disputed: set[int] = set()
    for record_id, case_no, state, next_step, next_due_on, is_disputed in rows:
        if state in _OPEN:
            pending[record_id].append(case_no)
        if is_disputed:
            disputed.add(record_id)
        if next_step == Step.OBJECTION_PROVIDER_REPLY.value and next_due_on is not None:
            due[record_id] = min(due.get(record_id, next_due_on), next_due_on)
    return {
        rid: _ObjectionFacts(
            rid in pending, due.get(rid), tuple(pending.get(rid, ())), rid in disputed
        )
        for rid in set(pending) | disputed
    }


def _key_attention_counts(records: Iterable[CreditRecord]) -> dict[int, int]:
    """For each key-attention list record: on how many providers' (sectors') key-attention
    lists the subject was put within the 12 months up to its listing (Xiamen art. 28). A fact
    for the alert only: the period changes when the provider decides it (``period_extended``)."""
    listings: dict[int, list[tuple[date, int]]] = defaultdict(list)
    wanted: list[CreditRecord] = []
    for r in records:
        if r.list_type is ListType.KEY_ATTENTION and r.listed_on is not None:
            listings[r.subject_id].append((r.listed_on, r.provider_id))
            wanted.append(r)
    out: dict[int, int] = {}
    for r in wanted:
        assert r.listed_on is not None
        start = r.listed_on - timedelta(days=365)
        out[r.id] = len({p for on, p in listings[r.subject_id] if start <= on <= r.listed_on})
    return out


# --- deciding -----------------------------------------------------------------------------


def disclose(
    records: Iterable[LoadedRecord],
    profile: Profile,
    audience: Audience,
    on: date,
    *,
    national_layer: NationalLayer | None,
    scope: Collection[str] | None = None,
) -> Disclosed:
    """Exactly what ``decide_visibility`` shows to ``audience`` on ``on``, grouped by class.

    A record the engine cannot place (a date its period counts from is missing, or no rule
    matches) is withheld and counted in ``incomplete``: nothing is shown on a guess."""
    groups: dict[InfoClass, list[ShownRecord]] = {c: [] for c in CLASS_ORDER}
    hidden: dict[int, str] = {}
    incomplete = 0
    for rec in records:
        try:
            vis = decide_visibility(
                profile, rec.facts, audience, on, scope=scope, national_layer=national_layer
            )
        except CreditDeskError:
            hidden[rec.record_id] = "incomplete"
            incomplete += 1
            continue
        if not vis.shown:
            hidden[rec.record_id] = str(vis.reason)
            continue
        groups[rec.info_class].append(
            ShownRecord(
                record_id=rec.record_id,
                catalog_code=rec.catalog_code,
                catalog_name=rec.catalog_name,
                info_class=rec.info_class,
                report_section=rec.report_section,
                provider_name=rec.provider_name,
                document_number=rec.document_number,
                decision_date=rec.decision_date,
                act_ended_on=rec.act_ended_on,
                severity=rec.severity,
                list_type=rec.list_type,
                penalty_class=rec.penalty_class,
                fields=_fields(rec),
                annotations=vis.annotations,
                last_visible_day=vis.last_visible_day,
                basis=vis.basis,
                objection_case_nos=rec.objection_case_nos,
            )
        )
    return Disclosed(
        groups=tuple(ClassGroup(c, tuple(groups[c])) for c in CLASS_ORDER),
        hidden=hidden,
        incomplete=incomplete,
    )


def _fields(rec: LoadedRecord) -> tuple[tuple[str, str, str], ...]:
    labelled = dict(rec.field_labels)
    keys = [k for k, _ in rec.field_labels] + [k for k in rec.content if k not in labelled]
    labels = EXTRA_CONTENT_LABELS | labelled
    return tuple(
        (k, labels.get(k, k), "" if rec.content.get(k) is None else str(rec.content.get(k)))
        for k in keys
        if k in rec.content
    )


def scope_matches(scope: Collection[str], records: Iterable[LoadedRecord]) -> bool:
    """Whether a grant's scope names a class or catalogue code of any of ``records``."""
    return any(r.catalog_code in scope or r.info_class.value in scope for r in records)
