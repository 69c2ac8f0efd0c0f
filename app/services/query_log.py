"""The query log (查询日志): one hash-chained entry per query, shown or refused.

Weihai arts. 23, 35; Zhangdian art. 25; Xiamen art. 19: querier, time, content, purpose.
Wuhan art. 28: querier, time, method, reason and the number of queries — here
``times_requester_queried_subject``, counted under the chain's lock so two workstations
never give the same number.

Append-only: this module has ``append_query_log`` and readers, nothing that updates or deletes.
Only auditors read it (``Permission.AUDIT_READ``); they never see record contents here, only
categories and counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.models import QueryLogEntry, Subject, User
from app.db.types import utcnow
from app.domain.codes import normalize_code
from app.domain.enums import Audience, IdDocType, InfoClass, QueryMethod, QueryOutcome
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.audit_trail import record_event
from app.services.cancel import NEVER_CANCELLED, CancelToken
from app.services.clock import CHINA_TZ, format_local
from app.services.database import Database
from app.services.hashchain import ChainSpec, append_entry, lock_chain
from app.services.queries import COUNT_LIMIT, DEFAULT_PAGE_SIZE, Page, PageKey, clamp_limit

QUERY_LOG_CHAIN = ChainSpec(
    QueryLogEntry,
    (
        "occurred_at",
        "clerk_user_id",
        "requester_doc_type",
        "requester_doc_number",
        "requester_name",
        "requester_org_code",
        "subject_id",
        "audience",
        "purpose",
        "method",
        "categories",
        "record_count",
        "grant_id",
        "agency_id",
        "batch_ref",
        "outcome",
        "refusal_reason",
        "times_requester_queried_subject",
    ),
)

STAFF_PREVIEW_PURPOSE = "工作人员披露预览"


@dataclass(frozen=True)
class LogRequester:
    """Who asked, as logged. For an organisation: ``org_code`` is its USCC and the document
    is the agent's (the person whose document the clerk saw)."""

    doc_type: IdDocType | None
    doc_number: str | None
    name: str | None
    org_code: str | None = None


@dataclass(frozen=True)
class LogDraft:
    clerk_user_id: int | None
    requester: LogRequester
    subject_id: int | None
    audience: Audience
    purpose: str
    method: QueryMethod
    outcome: QueryOutcome
    categories: Sequence[str] = ()
    record_count: int = 0
    grant_id: int | None = None
    agency_id: int | None = None
    batch_ref: str | None = None
    refusal_reason: str | None = None


def _same_requester(requester: LogRequester, clerk_user_id: int | None) -> ColumnElement[bool]:
    if requester.org_code:
        return QueryLogEntry.requester_org_code == requester.org_code
    if requester.doc_number:
        return and_(
            QueryLogEntry.requester_org_code.is_(None),
            QueryLogEntry.requester_doc_number == requester.doc_number,
            QueryLogEntry.requester_doc_type == requester.doc_type,
        )
    # a staff preview: the clerk is the one asking
    return and_(
        QueryLogEntry.requester_doc_number.is_(None),
        QueryLogEntry.requester_org_code.is_(None),
        QueryLogEntry.clerk_user_id == clerk_user_id,
    )


def append_query_log(
    session: Session, draft: LogDraft, *, now: datetime | None = None
) -> QueryLogEntry:
    """Append one entry (the caller commits). The count includes this query."""
    lock_chain(session, QUERY_LOG_CHAIN)
    times = 1
    if draft.subject_id is not None:
        earlier = session.scalar(
            select(func.count())
            .select_from(QueryLogEntry)
            .where(
                QueryLogEntry.subject_id == draft.subject_id,
                _same_requester(draft.requester, draft.clerk_user_id),
            )
        )
        times = int(earlier or 0) + 1
    entry: QueryLogEntry = append_entry(
        session,
        QUERY_LOG_CHAIN,
        occurred_at=now or utcnow(),
        clerk_user_id=draft.clerk_user_id,
        requester_doc_type=draft.requester.doc_type,
        requester_doc_number=draft.requester.doc_number,
        requester_name=(draft.requester.name or None) and draft.requester.name[:200],
        requester_org_code=draft.requester.org_code,
        subject_id=draft.subject_id,
        audience=draft.audience,
        purpose=draft.purpose,
        method=draft.method,
        categories=list(draft.categories),
        record_count=draft.record_count,
        grant_id=draft.grant_id,
        agency_id=draft.agency_id,
        batch_ref=draft.batch_ref,
        outcome=draft.outcome,
        refusal_reason=draft.refusal_reason,
        times_requester_queried_subject=times,
    )
    return entry


# --- reading (auditors) ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueryLogFilter:
    date_from: date | None = None  # local (China) dates, inclusive
    date_to: date | None = None
    clerk: str | None = None  # user name
    subject_code: str | None = None
    requester: str | None = None  # document number, organisation code or name fragment
    outcome: QueryOutcome | None = None
    method: QueryMethod | None = None


@dataclass(frozen=True)
class QueryLogRow:
    id: int
    seq: int
    occurred_at: datetime
    clerk_username: str | None
    clerk_name: str | None
    requester_doc_type: IdDocType | None
    requester_doc_number: str | None
    requester_name: str | None
    requester_org_code: str | None
    subject_id: int | None
    subject_code: str | None
    subject_name: str | None
    audience: Audience
    purpose: str
    method: QueryMethod
    categories: tuple[str, ...]
    record_count: int
    grant_id: int | None
    agency_id: int | None
    batch_ref: str | None
    outcome: QueryOutcome
    refusal_reason: str | None
    times_requester_queried_subject: int

    @property
    def category_labels(self) -> tuple[str, ...]:
        out = []
        for c in self.categories:
            try:
                out.append(InfoClass(c).label)
            except ValueError:
                out.append(c)
        return tuple(out)


def _conditions(filters: QueryLogFilter, clerk: type[User]) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if filters.date_from is not None:
        out.append(QueryLogEntry.occurred_at >= _utc_start(filters.date_from))
    if filters.date_to is not None:
        out.append(QueryLogEntry.occurred_at < _utc_start(filters.date_to + timedelta(days=1)))
    if filters.clerk:
        out.append(clerk.username == filters.clerk.strip().lower())
    if filters.subject_code:
        out.append(Subject.code == normalize_code(filters.subject_code))
    if filters.requester and filters.requester.strip():
        text = filters.requester.strip()
        code = normalize_code(text)
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        out.append(
            or_(
                QueryLogEntry.requester_doc_number == code,
                QueryLogEntry.requester_org_code == code,
                QueryLogEntry.requester_name.like(like, escape="\\"),
            )
        )
    if filters.outcome is not None:
        out.append(QueryLogEntry.outcome == QueryOutcome(filters.outcome))
    if filters.method is not None:
        out.append(QueryLogEntry.method == QueryMethod(filters.method))
    return out


def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


def _log_rows(
    session: Session, filters: QueryLogFilter, after: PageKey | None, limit: int
) -> tuple[list[QueryLogRow], bool]:
    clerk = aliased(User)
    query = (
        select(QueryLogEntry, clerk.username, clerk.display_name, Subject.code, Subject.name)
        .outerjoin(clerk, QueryLogEntry.clerk_user_id == clerk.id)
        .outerjoin(Subject, QueryLogEntry.subject_id == Subject.id)
        .where(*_conditions(filters, clerk))  # type: ignore[arg-type]
    )
    if after is not None:
        query = query.where(QueryLogEntry.seq < int(after[0]))  # type: ignore[arg-type]
    rows = session.execute(query.order_by(QueryLogEntry.seq.desc()).limit(limit + 1)).all()
    out = [
        QueryLogRow(
            id=e.id,
            seq=e.seq,
            occurred_at=e.occurred_at,
            clerk_username=username,
            clerk_name=display_name,
            requester_doc_type=e.requester_doc_type,
            requester_doc_number=e.requester_doc_number,
            requester_name=e.requester_name,
            requester_org_code=e.requester_org_code,
            subject_id=e.subject_id,
            subject_code=code,
            subject_name=name,
            audience=Audience(e.audience),
            purpose=e.purpose,
            method=QueryMethod(e.method),
            categories=tuple(e.categories or ()),
            record_count=e.record_count,
            grant_id=e.grant_id,
            agency_id=e.agency_id,
            batch_ref=e.batch_ref,
            outcome=QueryOutcome(e.outcome),
            refusal_reason=e.refusal_reason,
            times_requester_queried_subject=e.times_requester_queried_subject,
        )
        for e, username, display_name, code, name in rows[:limit]
    ]
    return out, len(rows) > limit


def list_query_log(
    db: Database,
    filters: QueryLogFilter | None = None,
    *,
    actor: Actor,
    page_key: PageKey | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> Page[QueryLogRow]:
    """One keyset page of the query log, newest first (key: the chain position)."""
    authz.require(actor, Permission.AUDIT_READ)
    filters = filters or QueryLogFilter()
    limit = clamp_limit(limit)
    with db.uow() as uow:
        s = uow.session
        rows, more = _log_rows(s, filters, page_key, limit)
        total = None
        if page_key is None:
            clerk = aliased(User)
            capped = (
                select(QueryLogEntry.id)
                .outerjoin(clerk, QueryLogEntry.clerk_user_id == clerk.id)
                .outerjoin(Subject, QueryLogEntry.subject_id == Subject.id)
                .where(*_conditions(filters, clerk))  # type: ignore[arg-type]
                .limit(COUNT_LIMIT)
                .subquery()
            )
            total = int(s.scalar(select(func.count()).select_from(capped)) or 0)
    next_key: PageKey | None = (rows[-1].seq,) if more and rows else None
    return Page(tuple(rows), next_key, total)


EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "序号"),
    ("occurred_at", "查询时间"),
    ("clerk", "经办人"),
    ("requester_doc_type", "查询人证件类型"),
    ("requester_doc_number", "查询人证件号码"),
    ("requester_name", "查询人"),
    ("requester_org_code", "查询单位代码"),
    ("subject_code", "信息主体代码"),
    ("subject_name", "信息主体名称"),
    ("audience", "查询类型"),
    ("method", "查询方式"),
    ("purpose", "查询目的"),
    ("categories", "提供的信息类别"),
    ("record_count", "提供记录数"),
    ("grant_id", "授权编号"),
    ("agency_id", "信用服务机构编号"),
    ("batch_ref", "批次号"),
    ("outcome", "结果"),
    ("refusal_reason", "拒绝原因"),
    ("times", "该查询人查询该主体次数"),
)


def _export_values(row: QueryLogRow) -> list[str]:
    return [
        str(row.seq),
        format_local(row.occurred_at, "%Y-%m-%d %H:%M:%S"),
        f"{row.clerk_name or ''}（{row.clerk_username}）" if row.clerk_username else "",
        row.requester_doc_type.label if row.requester_doc_type else "",
        row.requester_doc_number or "",
        row.requester_name or "",
        row.requester_org_code or "",
        row.subject_code or "",
        row.subject_name or "",
        row.audience.label,
        row.method.label,
        row.purpose,
        "、".join(row.category_labels),
        str(row.record_count),
        "" if row.grant_id is None else str(row.grant_id),
        "" if row.agency_id is None else str(row.agency_id),
        row.batch_ref or "",
        row.outcome.label,
        row.refusal_reason or "",
        str(row.times_requester_queried_subject),
    ]


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (a requester name "=HYPERLINK(…)" stays text)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def iter_query_log(
    db: Database,
    filters: QueryLogFilter | None = None,
    *,
    actor: Actor,
    cancel: CancelToken = NEVER_CANCELLED,
) -> Iterator[QueryLogRow]:
    authz.require(actor, Permission.AUDIT_READ)
    key: PageKey | None = None
    while True:
        cancel.raise_if_cancelled()
        page = list_query_log(db, filters, actor=actor, page_key=key, limit=1000)
        yield from page.rows
        if page.next_key is None:
            return
        key = page.next_key


def export_query_log(
    db: Database,
    filters: QueryLogFilter | None = None,
    *,
    actor: Actor,
    cancel: CancelToken = NEVER_CANCELLED,
) -> bytes:
    """The filtered log as CSV (UTF-8 with BOM, so Excel opens the Chinese correctly).
    The export itself is recorded in the audit trail."""
    authz.require(actor, Permission.AUDIT_READ)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _key, label in EXPORT_COLUMNS])
    count = 0
    for row in iter_query_log(db, filters, actor=actor, cancel=cancel):
        writer.writerow([_csv_cell(v) for v in _export_values(row)])
        count += 1
    filters = filters or QueryLogFilter()
    with db.uow() as uow:
        record_event(
            uow.session,
            action="query_log.exported",
            entity_type="query_log",
            actor_user_id=actor.user_id,
            details={
                "rows": count,
                "date_from": filters.date_from,
                "date_to": filters.date_to,
                "clerk": filters.clerk,
                "subject_code": filters.subject_code,
                "requester": filters.requester,
                "outcome": filters.outcome.value if filters.outcome else None,
                "method": filters.method.value if filters.method else None,
            },
        )
        uow.commit()
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
