"""Lists (名单), the Xiamen three-lists alert and the Nantong responsible-person links (issue 10).

* **List memberships** are derived from the records: a record whose ``list_type`` is red
  (守信激励), black (严重失信主体名单) or key attention (重点关注名单) puts its subject on that
  list from ``listed_on`` (or the decision date) until the end of the disclosure period the
  rules engine gives it (the list rules of the profile where it has them, e.g. Xiamen
  第二十八条: black 5 years, key attention 1 year / 2 years). Reading memberships that are not
  public information is logged in the query log like a case read.
* **Alerts** (``CreditAlert``, Xiamen 第二十八条): a subject put on key-attention lists by three
  or more different providers (sectors) within twelve months. The regulation asks the center
  to inform the subject and remind the providers that the period should become two years —
  an alert for a supervisor, never a silent change of a record. Handling it issues the letters
  in the same transaction: a 信用提示告知书 to the subject and a 公示期调整提醒函 to each
  provider. The period becomes two years only when a provider's notice says so for its record
  (``provider_notices``: ``period_extended``). The rule is the profile's key-attention
  disclosure rule with an ``extension`` (no separate profile field).
* **Links** (``RecordLink``, Nantong 第二十九条): a serious dishonest record of a legal person
  linked to its legal representative, principal or another directly responsible person. The
  profiles have no field for this article: it is keyed on the profile id (``LINK_RULES``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import (
    CatalogItem,
    CreditAlert,
    CreditRecord,
    IssuedDocument,
    ProviderUnit,
    RecordLink,
    Subject,
)
from app.domain.codes import birth_date_of, detect_subject_code, display_subject_code
from app.domain.enums import (
    Audience,
    DocumentType,
    InfoClass,
    ListType,
    RecordStatus,
    Severity,
    SubjectKind,
)
from app.domain.errors import ConcurrencyConflict, CreditDeskError, InvalidTransition, NotFound
from app.domain.permissions import Actor, Permission
from app.rules.profiles import Profile
from app.rules.visibility import HiddenReason, decide_visibility
from app.services import authz, rules
from app.services.applicants import field_error
from app.services.audit_trail import record_event
from app.services.casework import (
    blank_issue,
    find_subject,
    log_case_read,
    subject_ref,
    user_names,
)
from app.services.clock import local_today
from app.services.database import Database
from app.services.documents import IssuedDocumentResult, issue_in_session
from app.services.queries import DEFAULT_PAGE_SIZE, Page, PageKey, clamp_limit
from app.services.record_view import load_records
from reports.dto import CreditAlertNoticeData, CreditAlertReminderData, ListingRef

__all__ = [
    "ALERT_KIND",
    "LINK_ROLES",
    "LINK_RULES",
    "LIST_TYPES",
    "AlertLetter",
    "AlertRecord",
    "AlertRow",
    "AlertRule",
    "LinkRow",
    "ListRow",
    "alert_rule",
    "check_alerts",
    "handle_alert",
    "link_responsible_person",
    "links_of",
    "links_of_person",
    "links_provided",
    "list_alerts",
    "list_memberships",
    "raise_alerts",
]

LIST_TYPES: tuple[ListType, ...] = (ListType.RED, ListType.BLACK, ListType.KEY_ATTENTION)
LIST_LABELS: dict[ListType, str] = {
    ListType.RED: "守信激励名单（红名单）",
    ListType.BLACK: "严重失信主体名单（黑名单）",
    ListType.KEY_ATTENTION: "重点关注名单",
}
ALERT_KIND = "key_attention_three_sectors"
ALERT_KIND_LABEL = "十二个月内被列入三个以上行业、领域重点关注名单"
ALERT_STATES = {"open": "待处理", "handled": "已处理"}
# the alert's workflow: (state, event) → state
_ALERT_TRANSITIONS = {("open", "handle"): "handled"}
WINDOW_DAYS = 365  # "十二个月内": as the engine counts it (record_view._key_attention_counts)

# Nantong 第二十九条: the profiles have no field for it (see the module docstring).
LINK_RULES: dict[str, str] = {"nantong": "第二十九条"}
LINK_ROLES: dict[str, str] = {
    "legal_representative": "法定代表人",
    "principal": "主要负责人",
    "responsible_person": "其他直接责任人",
}

_SCAN_BATCHES = 10  # a page reads at most this many batches to skip ended memberships


# --- list memberships ----------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    record_id: int
    subject_id: int
    subject_kind: SubjectKind
    subject_code: str  # as shown: a natural person's ID number masked
    subject_name: str
    list_type: ListType
    provider_name: str
    catalog_code: str
    catalog_name: str
    document_number: str
    listed_on: date
    ends_on: date | None  # the last day of the list period; None: no period, or a date missing
    basis: str  # the article of the period, e.g. "第二十八条"; "" when none applies
    current: bool  # still within its period on the day read
    public: bool  # 社会公开: shown to the public (reading it is not logged)
    # key attention: the provider decided the two-year period (Xiamen 第二十八条; its notice)
    extended: bool
    note: str = ""

    @property
    def list_label(self) -> str:
        return LIST_LABELS.get(self.list_type, self.list_type.label)


def _sort_day() -> ColumnElement[date]:
    return func.coalesce(CreditRecord.listed_on, CreditRecord.decision_date)


def list_memberships(
    db: Database,
    *,
    actor: Actor,
    list_type: ListType | str | None = None,
    subject_code: str | None = None,
    after: PageKey | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    today: date | None = None,
    current_only: bool = True,
) -> Page[ListRow]:
    """One page of list memberships, newest listing first (keyset on listing day and id).

    ``current_only`` leaves out memberships whose period has ended (a query no longer shows
    them; under an "archive" rule the expiry job files them). Rows of non-public catalogue
    items are logged per subject in the query log (办案查阅, purpose "查看名单")."""
    authz.require(actor, Permission.LISTS_READ)
    wanted = ListType(list_type) if list_type else None
    if wanted is not None and wanted not in LIST_TYPES:
        raise field_error("list", "lists.unknown_list", value=str(list_type))
    today = today or local_today()
    limit = clamp_limit(limit)
    profile = rules.current_profile(db)
    layer = rules.national_layer()
    with db.uow() as uow:
        s = uow.session
        conditions: list[ColumnElement[bool]] = [
            CreditRecord.status == RecordStatus.ACTIVE,
            CreditRecord.list_type.in_([wanted] if wanted else list(LIST_TYPES)),
        ]
        if subject_code is not None and subject_code.strip():
            subject = find_subject(s, subject_code, msg_prefix="lists")
            conditions.append(CreditRecord.subject_id == subject.id)
        rows: list[ListRow] = []
        key = after
        next_key: PageKey | None = None
        for _ in range(_SCAN_BATCHES):
            batch = _membership_batch(s, conditions, key, limit)
            full = False
            for row in _rows_of(s, batch, profile, layer, today):
                key = (row.listed_on.isoformat(), row.record_id)
                if current_only and not row.current:
                    continue
                rows.append(row)
                if len(rows) == limit:
                    full = True
                    break
            last_of_all = len(batch) < limit and (not batch or key[1] == batch[-1][0].id)
            if full or len(batch) < limit:
                next_key = None if last_of_all else key
                break
            next_key = key  # the scan budget may run out: the next page carries on from here
        _log_non_public(s, actor, rows, wanted)
        uow.commit()
    return Page(tuple(rows), next_key, None)


def _membership_batch(
    s: Session, conditions: Sequence[ColumnElement[bool]], after: PageKey | None, limit: int
) -> list[Any]:
    day = _sort_day()
    stmt = select(CreditRecord, day.label("day")).where(*conditions)
    if after is not None:
        after_day, after_id = date.fromisoformat(str(after[0])), int(str(after[1]))
        stmt = stmt.where(or_(day < after_day, and_(day == after_day, CreditRecord.id < after_id)))
    return list(s.execute(stmt.order_by(day.desc(), CreditRecord.id.desc()).limit(limit)).all())


def _rows_of(
    s: Session, batch: Sequence[Any], profile: Profile, layer: Any, today: date
) -> list[ListRow]:
    if not batch:
        return []
    subject_ids = {r.subject_id for r, _day in batch}
    subjects = {
        sub.id: sub for sub in s.scalars(select(Subject).where(Subject.id.in_(subject_ids)))
    }
    loaded = load_records(s, {sid: SubjectKind(sub.kind) for sid, sub in subjects.items()})
    by_id = {rec.record_id: rec for recs in loaded.values() for rec in recs}
    extension = alert_rule(profile) is not None
    out: list[ListRow] = []
    for record, day in batch:
        rec = by_id[record.id]
        subject = subjects[record.subject_id]
        kind = SubjectKind(subject.kind)
        listed_on = day if isinstance(day, date) else date.fromisoformat(str(day))
        note = ""
        try:
            government = decide_visibility(
                profile, rec.facts, Audience.GOVERNMENT, today, national_layer=layer
            )
            public = decide_visibility(
                profile, rec.facts, Audience.PUBLIC, today, national_layer=layer
            )
        except CreditDeskError as exc:
            ends_on, basis, current, is_public = None, "", True, False
            note = exc.text
        else:
            ends_on, basis = government.last_visible_day, government.basis or ""
            current = government.reason is not HiddenReason.EXPIRED
            is_public = public.reason is not HiddenReason.AUDIENCE
        extended = (
            extension and rec.list_type is ListType.KEY_ATTENTION and rec.facts.period_extended
        )
        out.append(
            ListRow(
                record_id=record.id,
                subject_id=subject.id,
                subject_kind=kind,
                subject_code=display_subject_code(kind, subject.code),
                subject_name=subject.name,
                list_type=rec.list_type,
                provider_name=rec.provider_name,
                catalog_code=rec.catalog_code,
                catalog_name=rec.catalog_name,
                document_number=rec.document_number,
                listed_on=listed_on,
                ends_on=ends_on,
                basis=basis,
                current=current,
                public=is_public,
                extended=extended,
                note=note,
            )
        )
    return out


def _log_non_public(
    s: Session, actor: Actor, rows: Iterable[ListRow], wanted: ListType | None
) -> None:
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        if not row.public:
            counts[row.subject_id] += 1
    if not counts:
        return
    label = LIST_LABELS[wanted] if wanted else "名单"
    for subject in s.scalars(select(Subject).where(Subject.id.in_(list(counts)))):
        log_case_read(s, actor, subject, f"查看{label}", counts[subject.id])


# --- the Xiamen 第二十八条 alert -------------------------------------------------------------


@dataclass(frozen=True)
class AlertRule:
    """On ``min_lists`` providers' key-attention lists within twelve months: the period should
    become ``years``/``months`` (the profile's ``extension`` of its key-attention rule)."""

    min_lists: int
    years: int
    months: int
    basis: str


def alert_rule(profile: Profile) -> AlertRule | None:
    for rule in profile.disclosure:
        if rule.list_type is ListType.KEY_ATTENTION and rule.extension is not None:
            ext = rule.extension
            return AlertRule(ext.min_lists_12m, ext.years, ext.months, ext.basis)
    return None


_CN_NUMBERS = "零一二三四五六七八九十"


def _period_words(years: int, months: int) -> str:
    """二年, 一年六个月: the extended period as the regulation words it."""

    def cn(n: int) -> str:
        return _CN_NUMBERS[n] if 0 <= n <= 10 else str(n)

    text = (f"{cn(years)}年" if years else "") + (f"{cn(months)}个月" if months else "")
    return text or "更长期限"


def _period_text(rule: AlertRule) -> str:
    return _period_words(rule.years, rule.months)


def raise_alerts(
    session: Session, subject_ids: Iterable[int], profile: Profile, today: date
) -> list[int]:
    """Raise the Xiamen 第二十八条 alert for each of ``subject_ids`` on key-attention lists of
    ``min_lists`` or more different providers within the twelve months up to ``today`` (active
    records only, so every list is still within its one-year period and the extension still
    matters). Called when list records arrive and by the expiry job; the caller commits.

    Never twice for the same lists: a subject's set is alerted again only when it holds a
    record no earlier alert named (a new sector's list); at most one alert per subject a day
    (the table's key), a later list that day is picked up by the next day's run. Returns the
    ids of the alerts raised."""
    rule = alert_rule(profile)
    ids = sorted(set(subject_ids))
    if rule is None or not ids:
        return []
    since = today - timedelta(days=WINDOW_DAYS)
    rows = session.execute(
        select(
            CreditRecord.id,
            CreditRecord.subject_id,
            CreditRecord.provider_id,
            ProviderUnit.name,
            CatalogItem.code,
            CatalogItem.name,
            CreditRecord.document_number,
            CreditRecord.listed_on,
        )
        .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .where(
            CreditRecord.subject_id.in_(ids),
            CreditRecord.list_type == ListType.KEY_ATTENTION,
            CreditRecord.status == RecordStatus.ACTIVE,
            CreditRecord.listed_on.is_not(None),
            CreditRecord.listed_on >= since,
            CreditRecord.listed_on <= today,
        )
        .order_by(CreditRecord.subject_id, CreditRecord.listed_on, CreditRecord.id)
    ).all()
    by_subject: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_subject[row[1]].append(row)
    candidates = {
        sid: recs for sid, recs in by_subject.items() if len({r[2] for r in recs}) >= rule.min_lists
    }
    if not candidates:
        return []
    earlier: dict[int, set[int]] = defaultdict(set)
    raised_today: set[int] = set()
    for sid, raised_on, details in session.execute(
        select(CreditAlert.subject_id, CreditAlert.raised_on, CreditAlert.details).where(
            CreditAlert.kind == ALERT_KIND, CreditAlert.subject_id.in_(list(candidates))
        )
    ):
        earlier[sid].update(int(i) for i in (details or {}).get("record_ids", []))
        if raised_on == today:
            raised_today.add(sid)
    basis = profile.cite(rule.basis)
    raised: list[int] = []
    for sid, recs in candidates.items():
        record_ids = [int(r[0]) for r in recs]
        if sid in raised_today or set(record_ids) <= earlier[sid]:
            continue
        providers = sorted({r[3] for r in recs})
        alert = CreditAlert(
            kind=ALERT_KIND,
            subject_id=sid,
            raised_on=today,
            basis=basis[:200],
            state="open",
            details={
                "key": ",".join(str(i) for i in record_ids),
                "record_ids": record_ids,
                "min_lists": rule.min_lists,
                "providers": providers,
                "window_from": min(r[7] for r in recs).isoformat(),
                "window_to": max(r[7] for r in recs).isoformat(),
                "extended_period": _period_text(rule),
                "records": [
                    {
                        "record_id": int(r[0]),
                        "provider": r[3],
                        "catalog_code": r[4],
                        "catalog_name": r[5],
                        "document_number": r[6],
                        "listed_on": r[7].isoformat(),
                    }
                    for r in recs
                ],
                "action": (
                    f"告知信用主体；提醒信息提供单位（{'、'.join(providers)}）"
                    f"将重点关注名单的公示期调整为{_period_text(rule)}"
                ),
            },
        )
        session.add(alert)
        session.flush()
        record_event(
            session,
            action="alert.raised",
            entity_type="credit_alert",
            entity_id=alert.id,
            details={"kind": ALERT_KIND, "subject_id": sid, "record_ids": record_ids},
        )
        raised.append(int(alert.id))
    return raised


def check_alerts(
    db: Database, subject_ids: Iterable[int], *, today: date | None = None
) -> list[int]:
    """``raise_alerts`` in its own transaction under the installation's profile (for a caller
    that has committed new list records, e.g. intake)."""
    profile = rules.current_profile(db)
    with db.uow() as uow:
        raised = raise_alerts(uow.session, subject_ids, profile, today or local_today())
        uow.commit()
    return raised


@dataclass(frozen=True)
class AlertRecord:
    record_id: int
    provider: str
    catalog_name: str
    document_number: str
    listed_on: date


@dataclass(frozen=True)
class AlertLetter:
    """A letter issued when the alert was handled (the subject's first, then each provider's)."""

    number: str
    doc_type: DocumentType
    addressee: str

    @property
    def title(self) -> str:
        return self.doc_type.label


@dataclass(frozen=True)
class AlertRow:
    id: int
    kind: str
    subject_id: int
    subject_code: str
    subject_name: str
    raised_on: date
    basis: str
    state: str
    handled_on: date | None
    handled_by: str
    note: str
    row_version: int
    records: tuple[AlertRecord, ...]
    action: str
    letters: tuple[AlertLetter, ...] = ()
    # the letters' PDFs as just issued (``handle_alert`` only; a later read has the numbers)
    issued: tuple[IssuedDocumentResult, ...] = field(default=(), compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return ALERT_KIND_LABEL if self.kind == ALERT_KIND else self.kind

    @property
    def state_label(self) -> str:
        return ALERT_STATES.get(self.state, self.state)

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(sorted({r.provider for r in self.records}))


def _alert_row(alert: CreditAlert, subject: Subject, names: dict[int, str]) -> AlertRow:
    details = alert.details or {}
    kind = SubjectKind(subject.kind)
    return AlertRow(
        id=alert.id,
        kind=alert.kind,
        subject_id=subject.id,
        subject_code=display_subject_code(kind, subject.code),
        subject_name=subject.name,
        raised_on=alert.raised_on,
        basis=alert.basis,
        state=alert.state,
        handled_on=alert.handled_on,
        handled_by=names.get(alert.handled_by_user_id or 0, ""),
        note=alert.note or "",
        row_version=alert.row_version,
        records=tuple(
            AlertRecord(
                record_id=int(r["record_id"]),
                provider=str(r.get("provider", "")),
                catalog_name=str(r.get("catalog_name", "")),
                document_number=str(r.get("document_number", "")),
                listed_on=date.fromisoformat(r["listed_on"]),
            )
            for r in details.get("records", [])
        ),
        action=str(details.get("action", "")),
        letters=tuple(
            AlertLetter(str(x["number"]), DocumentType(x["doc_type"]), str(x.get("addressee", "")))
            for x in details.get("letters", [])
        ),
    )


ALERTS_READ_PURPOSE = "查看信用提示"


def list_alerts(db: Database, *, actor: Actor, state: str | None = None) -> tuple[AlertRow, ...]:
    """The alerts, open ones first, newest first. Alerts are few (one per subject and set of
    lists), so no paging."""
    authz.require(actor, Permission.LISTS_READ)
    if state is not None and state not in ALERT_STATES:
        raise field_error("state", "alert.unknown_state", value=state)
    with db.uow() as uow:
        s = uow.session
        stmt = select(CreditAlert, Subject).join(Subject, CreditAlert.subject_id == Subject.id)
        if state is not None:
            stmt = stmt.where(CreditAlert.state == state)
        rows = s.execute(
            stmt.order_by(
                (CreditAlert.state == "open").desc(),
                CreditAlert.raised_on.desc(),
                CreditAlert.id.desc(),
            )
        ).all()
        names = user_names(s, (a.handled_by_user_id for a, _s in rows))
        result = tuple(_alert_row(a, sub, names) for a, sub in rows)
        # an alert names a subject's list memberships (not all public): the read is logged,
        # once per subject shown, like a case read
        counts: dict[int, int] = {}
        for alert, _sub in rows:
            counts[alert.subject_id] = counts.get(alert.subject_id, 0) + 1
        for subject in {sub.id: sub for _a, sub in rows}.values():
            log_case_read(s, actor, subject, ALERTS_READ_PURPOSE, counts[subject.id])
        uow.commit()
        return result


def handle_alert(
    db: Database,
    alert_id: int,
    *,
    note: str,
    actor: Actor,
    expected_version: int,
    today: date | None = None,
    now: datetime | None = None,
) -> AlertRow:
    """Mark an alert handled (open → handled) and, in the same transaction, issue the letters
    of Xiamen 第二十八条: the 信用提示告知书 to the subject (kept as ``letter_document_id``) and
    one 公示期调整提醒函 to each provider whose list record the alert names. The note (how the
    letters were delivered, anything else done) is required. No record changes here: a
    provider that extends the period says so by notice (``provider_notices``)."""
    authz.require(actor, Permission.ALERT_HANDLE)
    text = (note or "").strip()
    if not text:
        raise field_error("note", "alert.note_required")
    today = today or local_today()
    profile = rules.current_profile(db)
    with db.uow() as uow:
        s = uow.session
        alert = s.get(CreditAlert, alert_id)
        if alert is None:
            raise NotFound(entity="信用提示", key=str(alert_id))
        if alert.row_version != expected_version:
            raise ConcurrencyConflict(
                entity=f"信用提示 {alert_id}", expected=expected_version, actual=alert.row_version
            )
        target = _ALERT_TRANSITIONS.get((alert.state, "handle"))
        if target is None:
            raise InvalidTransition(
                entity="信用提示", state=ALERT_STATES.get(alert.state, alert.state), event="处理"
            )
        subject = s.get(Subject, alert.subject_id)
        assert subject is not None
        issued = _issue_alert_letters(s, alert, subject, profile, today, actor)
        alert.state = target
        alert.handled_on = today
        alert.handled_by_user_id = actor.user_id
        alert.note = text
        alert.letter_document_id = s.scalar(
            select(IssuedDocument.id).where(IssuedDocument.number == issued[0][0].number)
        )
        alert.details = {
            **(alert.details or {}),
            "letters": [
                {"number": doc.number, "doc_type": doc.doc_type.value, "addressee": to}
                for doc, to in issued
            ],
        }
        s.flush()  # a concurrent change: StaleDataError → ConcurrencyConflict (uow)
        record_event(
            s,
            action="alert.handled",
            entity_type="credit_alert",
            entity_id=alert.id,
            actor_user_id=actor.user_id,
            details={
                "note": text,
                "handled_on": today.isoformat(),
                "letters": [doc.number for doc, _to in issued],
            },
            now=now,
        )
        row = _alert_row(alert, subject, user_names(s, [actor.user_id]))
        uow.commit()
    return replace(row, issued=tuple(doc for doc, _to in issued))


def alert_reference(alert: CreditAlert) -> str:
    """The alert's reference printed on its letters: raising day and id (20261125-0007)."""
    return f"{alert.raised_on:%Y%m%d}-{alert.id:04d}"


def _issue_alert_letters(
    s: Session, alert: CreditAlert, subject: Subject, profile: Profile, today: date, actor: Actor
) -> list[tuple[IssuedDocumentResult, str]]:
    """The 信用提示告知书 to the subject, then a 提醒函 to each provider named (by name)."""
    details = alert.details or {}
    listings = tuple(
        ListingRef(
            str(r.get("catalog_name", "")),
            str(r.get("provider", "")),
            str(r.get("document_number", "")),
            date.fromisoformat(r["listed_on"]),
        )
        for r in details.get("records", [])
    )
    providers = tuple(sorted({x.provider for x in listings}))
    rule = alert_rule(profile)
    min_lists = rule.min_lists if rule else int(details.get("min_lists", 3))
    period = _period_text(rule) if rule else str(details.get("extended_period") or "二年")
    window_from = min((x.listed_on for x in listings), default=alert.raised_on)
    window_to = max((x.listed_on for x in listings), default=alert.raised_on)
    basis = alert.basis.removeprefix("依据")
    reference = alert_reference(alert)
    who = subject_ref(s, subject.id)
    person = SubjectKind(subject.kind) is SubjectKind.NATURAL_PERSON

    def issue(doc_type: DocumentType, data: Any) -> IssuedDocumentResult:
        return issue_in_session(
            s,
            doc_type=doc_type,
            payload_dto=data,
            subject_id=subject.id,
            actor=actor,
            confirmed={"missing_glyphs"},
        )

    notice = CreditAlertNoticeData(
        issue=blank_issue(),
        case_no=reference,
        subject=who,
        listings=listings,
        providers=providers,
        window_from=window_from,
        window_to=window_to,
        raised_on=alert.raised_on,
        reminded_on=today,
        min_lists=min_lists,
        extended_period=period,
        pronoun="您" if person else "贵单位",
        basis=basis,
    )
    out = [(issue(DocumentType.CREDIT_ALERT_NOTICE, notice), subject.name)]
    for provider in providers:
        reminder = CreditAlertReminderData(
            issue=blank_issue(),
            case_no=reference,
            provider=provider,
            subject=who,
            listings=listings,
            providers=providers,
            window_from=window_from,
            window_to=window_to,
            raised_on=alert.raised_on,
            min_lists=min_lists,
            extended_period=period,
            basis=basis,
        )
        out.append((issue(DocumentType.CREDIT_ALERT_REMINDER, reminder), provider))
    return out


# --- the Nantong 第二十九条 links -----------------------------------------------------------


@dataclass(frozen=True)
class LinkRow:
    id: int
    record_id: int
    organisation_id: int
    organisation_code: str
    organisation_name: str
    catalog_name: str
    document_number: str
    person_subject_id: int
    person_code: str  # masked
    person_name: str
    role: str
    basis: str
    created_at: datetime

    @property
    def role_label(self) -> str:
        return LINK_ROLES.get(self.role, self.role)


def link_responsible_person(
    db: Database,
    record_id: int,
    person_code: str,
    role: str,
    *,
    actor: Actor,
    name: str | None = None,
) -> LinkRow:
    """Link a legal person's serious dishonest record to a responsible natural person
    (Nantong 第二十九条). The person is found by ID number, or created with ``name``."""
    authz.require(actor, Permission.RECORD_LINK)
    profile = rules.current_profile(db)
    article = LINK_RULES.get(profile.id)
    if article is None:
        raise CreditDeskError("link.not_provided", regulation=profile.regulation)
    if role not in LINK_ROLES:
        raise field_error(
            "role",
            "link.unknown_role",
            value=role,
            known="、".join(f"{k}（{v}）" for k, v in LINK_ROLES.items()),
        )
    with db.uow() as uow:
        s = uow.session
        found = s.execute(
            select(CreditRecord, CatalogItem, Subject)
            .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
            .join(Subject, CreditRecord.subject_id == Subject.id)
            .where(CreditRecord.id == record_id)
        ).first()
        if found is None:
            raise NotFound(entity="信用信息", key=str(record_id))
        record, item, organisation = found
        if SubjectKind(organisation.kind) is not SubjectKind.LEGAL_PERSON:
            raise CreditDeskError(
                "link.not_legal_person", record_id=record_id, basis=profile.cite(article)
            )
        if item.info_class is not InfoClass.DISHONEST or record.severity is not Severity.SERIOUS:
            raise CreditDeskError(
                "link.not_serious", record_id=record_id, basis=profile.cite(article)
            )
        if record.status is not RecordStatus.ACTIVE:
            raise CreditDeskError(
                "link.record_inactive", record_id=record_id, status=record.status.label
            )
        kind, code = detect_subject_code((person_code or "").strip())
        if kind is not SubjectKind.NATURAL_PERSON:
            raise field_error("person", "link.person_not_natural", code=code)
        person = s.scalar(select(Subject).where(Subject.code == code))
        if person is None:
            person_name = " ".join((name or "").split())
            if not person_name:
                raise field_error(
                    "name", "link.name_required", code=display_subject_code(kind, code)
                )
            person = Subject(
                kind=SubjectKind.NATURAL_PERSON,
                code=code,
                name=person_name[:200],
                birth_date=birth_date_of(code),
            )
            s.add(person)
            s.flush()
        exists = s.scalar(
            select(RecordLink.id).where(
                RecordLink.record_id == record.id, RecordLink.person_subject_id == person.id
            )
        )
        if exists is not None:
            raise CreditDeskError("link.duplicate", record_id=record_id, person=person.name)
        link = RecordLink(
            record_id=record.id,
            person_subject_id=person.id,
            role=role,
            basis=profile.cite(article)[:200],
            created_by_user_id=actor.user_id,
        )
        s.add(link)
        s.flush()
        record_event(
            s,
            action="record.linked",
            entity_type="record_link",
            entity_id=link.id,
            actor_user_id=actor.user_id,
            details={"record_id": record.id, "person_subject_id": person.id, "role": role},
        )
        row = _link_row(link, record, item, organisation, person)
        uow.commit()
    return row


def _link_row(
    link: RecordLink,
    record: CreditRecord,
    item: CatalogItem,
    organisation: Subject,
    person: Subject,
) -> LinkRow:
    return LinkRow(
        id=link.id,
        record_id=record.id,
        organisation_id=organisation.id,
        organisation_code=organisation.code,
        organisation_name=organisation.name,
        catalog_name=item.name,
        document_number=record.document_number,
        person_subject_id=person.id,
        person_code=display_subject_code(SubjectKind.NATURAL_PERSON, person.code),
        person_name=person.name,
        role=link.role,
        basis=link.basis,
        created_at=link.created_at,
    )


def _links(s: Session, *conditions: ColumnElement[bool]) -> tuple[LinkRow, ...]:
    person = Subject.__table__.alias("person")
    rows = s.execute(
        select(RecordLink, CreditRecord, CatalogItem, Subject, person.c.id)
        .join(CreditRecord, RecordLink.record_id == CreditRecord.id)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .join(Subject, CreditRecord.subject_id == Subject.id)
        .join(person, RecordLink.person_subject_id == person.c.id)
        .where(*conditions)
        .order_by(RecordLink.id)
    ).all()
    people = {
        p.id: p
        for p in s.scalars(select(Subject).where(Subject.id.in_({int(r[4]) for r in rows} or {0})))
    }
    return tuple(_link_row(link, rec, item, org, people[pid]) for link, rec, item, org, pid in rows)


LINKS_READ_PURPOSE = "查看信用信息关联的法定代表人/责任人"
PERSON_LINKS_READ_PURPOSE = "查看作为法定代表人/责任人关联的严重失信信息"


def links_provided(db: Database) -> bool:
    """Whether the installation's regulation links records to responsible persons (Nantong
    第二十九条); ``link_responsible_person`` refuses otherwise. Reads no credit data."""
    return rules.current_profile(db).id in LINK_RULES


def _log_link_read(s: Session, actor: Actor, rows: Sequence[LinkRow], purpose: str) -> None:
    """Who is linked to what is not public information: one query-log entry (办案查阅) per
    person shown, counting the links shown of that person. Nothing shown, nothing logged."""
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row.person_subject_id] += 1
    if not counts:
        return
    people = s.scalars(select(Subject).where(Subject.id.in_(list(counts))).order_by(Subject.id))
    for person in people:
        log_case_read(s, actor, person, purpose, counts[person.id])


def links_of(db: Database, record_id: int, *, actor: Actor) -> tuple[LinkRow, ...]:
    """The responsible persons linked to a record; the read is logged per person shown."""
    authz.require(actor, Permission.LISTS_READ)
    with db.uow() as uow:
        rows = _links(uow.session, RecordLink.record_id == record_id)
        _log_link_read(uow.session, actor, rows, LINKS_READ_PURPOSE)
        uow.commit()
    return rows


def links_of_person(db: Database, person_subject_id: int, *, actor: Actor) -> tuple[LinkRow, ...]:
    """The organisations' records a natural person is linked to (for the person's records
    view: "作为法定代表人/责任人关联的严重失信信息"); the read is logged when any are shown."""
    authz.require(actor, Permission.LISTS_READ)
    with db.uow() as uow:
        rows = _links(uow.session, RecordLink.person_subject_id == person_subject_id)
        _log_link_read(uow.session, actor, rows, PERSON_LINKS_READ_PURPOSE)
        uow.commit()
    return rows
