"""A credit report (公共信用信息报告) issued for a logged window query.

Its content is exactly what that query's audience may see of the subject as of the issue date
(the rules engine's visibility function, through ``record_view.disclose``), nothing more. The
query must have been answered (not refused), today, at the window; an authorised query's grant
must still hold. ID numbers are masked unless the audience is the subject itself; a natural
person's own report lists the recent queries of their records.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuthorizationGrant, QueryLogEntry, Subject
from app.domain.codes import display_document_number, display_subject_code, validate_id_number
from app.domain.enums import (
    Audience,
    DocumentType,
    GrantMethod,
    IdDocType,
    QueryMethod,
    QueryOutcome,
    ReportSection,
    SubjectKind,
)
from app.domain.errors import CreditDeskError, InvalidCode, NotFound
from app.domain.permissions import Actor, Permission
from app.rules.profiles import Profile
from app.rules.visibility import Annotation
from app.services import authz, documents, rules
from app.services.clock import local, local_today, utc_now
from app.services.database import Database
from app.services.query_log import STAFF_PREVIEW_PURPOSE
from app.services.record_view import ShownRecord, disclose, load_records
from app.services.window_query import check_grant
from reports.dto import (
    CreditReportData,
    InfoItem,
    IssueInfo,
    QueryRecordRow,
    RecordRow,
    ReportSectionData,
    SubjectInfo,
)

# How far back a natural person's own report lists the queries of their records.
QUERY_RECORDS_DAYS = 730
QUERY_RECORDS_MAX = 50

__all__ = ["build_report_data", "issue_credit_report"]


def issue_credit_report(
    db: Database,
    query_log_id: int,
    *,
    actor: Actor,
    confirmed: Collection[str] = frozenset(),
    today: date | None = None,
    now: datetime | None = None,
) -> documents.IssuedDocumentResult:
    """Number, sign and record the report for the query logged as ``query_log_id``."""
    authz.require(actor, Permission.DOCUMENT_ISSUE)
    today = today or local_today()
    data, subject_id = build_report_data(db, query_log_id, actor=actor, today=today, now=now)
    return documents.issue_document(
        db,
        doc_type=DocumentType.CREDIT_REPORT,
        payload_dto=data,
        subject_id=subject_id,
        query_log_id=query_log_id,
        actor=actor,
        confirmed=confirmed,
        now=now,
    )


def build_report_data(
    db: Database,
    query_log_id: int,
    *,
    actor: Actor,
    today: date | None = None,
    now: datetime | None = None,
) -> tuple[CreditReportData, int]:
    """The report's content for a logged query, as of ``today`` (no number, not recorded)."""
    authz.require(actor, Permission.DOCUMENT_ISSUE)
    today = today or local_today()
    now = now or utc_now()
    profile = rules.current_profile(db)
    layer = rules.national_layer()
    with db.uow() as uow:
        s = uow.session
        entry = s.get(QueryLogEntry, query_log_id)
        if entry is None:
            raise NotFound(entity="查询记录", key=str(query_log_id))
        _check_entry(entry, today)
        assert entry.subject_id is not None
        subject = s.get_one(Subject, entry.subject_id)
        kind = SubjectKind(subject.kind)
        audience = Audience(entry.audience)
        grant = s.get(AuthorizationGrant, entry.grant_id) if entry.grant_id else None
        scope: list[str] | None = None
        if audience is Audience.AUTHORIZED:
            if grant is None:
                raise CreditDeskError("report.grant_missing", seq=entry.seq)
            refusal = check_grant(
                grant,
                subject=subject,
                grantee_doc_type=IdDocType(grant.grantee_doc_type),
                grantee_doc_number=grant.grantee_doc_number,
                grantee_label=grant.grantee_name,
                profile=profile,
                today=today,
            )
            if refusal is not None:
                raise CreditDeskError("report.grant_no_longer_valid", grant_id=grant.id)
            scope = list(grant.scope or ())
        records = load_records(s, {subject.id: kind})[subject.id]
        disclosed = disclose(records, profile, audience, today, national_layer=layer, scope=scope)
        shown = [r for g in disclosed.groups for r in g.records]
        own_person = audience is Audience.SELF and kind is SubjectKind.NATURAL_PERSON
        query_records = _query_records(s, subject.id, today) if own_person else None

        code = (
            subject.code if audience is Audience.SELF else display_subject_code(kind, subject.code)
        )
        data = CreditReportData(
            issue=IssueInfo(center_name=""),  # the issuing service fills the issue block
            subject=SubjectInfo(
                name=subject.name,
                kind=kind,
                code=code,
                code_label="居民身份证号码"
                if kind is SubjectKind.NATURAL_PERSON
                else "统一社会信用代码",
                basic_info=_basic_info(subject, kind, audience, shown),
            ),
            audience=audience,
            purpose=entry.purpose,
            regulation=profile.regulation,
            regulation_number=profile.document_number or "",
            data_cutoff=now,
            sections=_sections(shown),
            legal_basis=_legal_basis(profile, shown),
            requester=_requester(entry) if audience is not Audience.SELF else "",
            authorization=_authorization(grant) if grant is not None else "",
            query_records=query_records,
        )
        return data, subject.id


# --- checks ---------------------------------------------------------------------------------


def _check_entry(entry: QueryLogEntry, today: date) -> None:
    if QueryOutcome(entry.outcome) is not QueryOutcome.SHOWN:
        raise CreditDeskError("report.query_refused", seq=entry.seq)
    if entry.subject_id is None or entry.purpose == STAFF_PREVIEW_PURPOSE:
        raise CreditDeskError("report.not_a_query", seq=entry.seq)
    if QueryMethod(entry.method) is QueryMethod.BATCH:
        raise CreditDeskError("report.batch_query", seq=entry.seq)
    queried_on = _local_date(entry.occurred_at)
    if queried_on != today:
        raise CreditDeskError(
            "report.query_stale", seq=entry.seq, queried_on=queried_on.isoformat()
        )


def _local_date(moment: datetime) -> date:
    return local(moment).date()


# --- content --------------------------------------------------------------------------------


def _content(record: ShownRecord) -> str:
    return "；".join(f"{label}：{value}" for _key, label, value in record.fields if value)


def _row(record: ShownRecord) -> RecordRow:
    return RecordRow(
        catalogue_item=record.catalog_name,
        provider=record.provider_name,
        document_number=record.document_number,
        decision_date=record.decision_date,
        disclosure_end=record.last_visible_day,
        content=_content(record),
        objection_pending=Annotation.OBJECTION_PENDING in record.annotations,
        disputed=Annotation.DISPUTED in record.annotations,
    )


def _sections(shown: list[ShownRecord]) -> tuple[ReportSectionData, ...]:
    by_section: dict[ReportSection, list[RecordRow]] = {}
    for record in sorted(shown, key=lambda r: (r.decision_date, r.record_id), reverse=True):
        if record.report_section is ReportSection.BASIC:
            continue  # printed in 基础信息
        by_section.setdefault(record.report_section, []).append(_row(record))
    return tuple(ReportSectionData(section, tuple(rows)) for section, rows in by_section.items())


def _basic_info(
    subject: Subject, kind: SubjectKind, audience: Audience, shown: list[ShownRecord]
) -> tuple[InfoItem, ...]:
    items: list[InfoItem] = []  # the template prints name, kind and code itself
    if kind is SubjectKind.NATURAL_PERSON:
        if audience is Audience.SELF:
            try:
                parsed = validate_id_number(subject.code)
            except InvalidCode:
                parsed = None
            if parsed is not None:
                items.append(InfoItem("性别", "男" if parsed.sex == "male" else "女"))
                items.append(InfoItem("出生年月", f"{parsed.birth_date:%Y年%m月}"))
    else:
        if subject.legal_representative:
            items.append(InfoItem("法定代表人（负责人）", subject.legal_representative))
        if subject.address:
            items.append(InfoItem("住所", subject.address))
    for record in shown:
        if record.report_section is ReportSection.BASIC:
            items.append(InfoItem(record.catalog_name, _content(record) or record.document_number))
    return tuple(items)


def _legal_basis(profile: Profile, shown: list[ShownRecord]) -> tuple[str, ...]:
    citations = [profile.cite(profile.query.authorization_methods.basis)]
    for record in shown:
        if record.basis:
            citation = profile.cite(record.basis)
            if citation not in citations:
                citations.append(citation)
    return tuple(citations)


def _requester(entry: QueryLogEntry) -> str:
    name = entry.requester_name or ""
    if entry.requester_org_code:
        return f"{name}（{entry.requester_org_code}）"
    number = display_document_number(entry.requester_doc_type, entry.requester_doc_number or "")
    return f"{name}（{number}）" if number else name


def _authorization(grant: AuthorizationGrant) -> str:
    return (
        f"{GrantMethod(grant.method).label}（授权编号 {grant.id}），授权用途：{grant.purpose}，"
        f"有效期 {grant.valid_from.isoformat()} 至 {grant.valid_to.isoformat()}"
    )


def _query_records(session: Session, subject_id: int, today: date) -> tuple[QueryRecordRow, ...]:
    since = today - timedelta(days=QUERY_RECORDS_DAYS)
    entries = session.scalars(
        select(QueryLogEntry)
        .where(
            QueryLogEntry.subject_id == subject_id,
            QueryLogEntry.outcome == QueryOutcome.SHOWN,
            QueryLogEntry.purpose != STAFF_PREVIEW_PURPOSE,
            QueryLogEntry.audience != Audience.SELF,
        )
        .order_by(QueryLogEntry.seq.desc())
        .limit(QUERY_RECORDS_MAX)
    ).all()
    return tuple(
        QueryRecordRow(
            queried_at=e.occurred_at,
            querier=_requester(e),
            purpose=e.purpose,
            method=f"{QueryMethod(e.method).label}（{Audience(e.audience).label}）",
        )
        for e in entries
        if _local_date(e.occurred_at) >= since
    )
