"""What objections and repairs share: the installation's profile, user names, the query-log
entry for reading a subject's records while handling a case, and the parts of a letter that
name the applicant, the subject and the records (masked as they must be on paper)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import CatalogItem, CreditRecord, ProviderUnit, Subject, User
from app.domain.codes import detect_subject_code, display_document_number
from app.domain.enums import Audience, IdDocType, QueryMethod, QueryOutcome, SubjectKind
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor
from app.rules.profiles import Profile, Step
from app.services.applicants import field_error
from app.services.query_log import LogDraft, LogRequester, append_query_log
from app.services.rules import get_profile
from app.services.settings import load_from_session
from app.services.subject_search import display_code
from reports.dto import IssueInfo, Party, RecordRef, SubjectRef


def profile_of(s: Session) -> Profile:
    settings = load_from_session(s)
    if not settings.configured or not settings.jurisdiction_profile:
        raise CreditDeskError("settings.not_configured")
    return get_profile(settings.jurisdiction_profile)


def user_names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = s.execute(select(User.id, User.display_name, User.username).where(User.id.in_(wanted)))
    return {i: (d or u) for i, d, u in rows}


def log_case_read(
    s: Session, actor: Actor, subject: Subject, purpose: str, record_count: int
) -> int:
    """A query-log entry (method 办案查阅) for reading a subject's records for a case."""
    entry = append_query_log(
        s,
        LogDraft(
            clerk_user_id=actor.user_id,
            requester=LogRequester(None, None, actor.display_name or actor.username),
            subject_id=subject.id,
            audience=Audience.SELF,
            purpose=purpose,
            method=QueryMethod.CASE,
            outcome=QueryOutcome.SHOWN,
            record_count=record_count,
        ),
    )
    return int(entry.seq)


def find_subject(s: Session, code: str, *, msg_prefix: str) -> Subject:
    """The subject by its code as typed (``InvalidCode`` for a bad check digit); a field error
    ``subject`` when it is empty or unknown (messages ``<prefix>.subject_required|unknown``)."""
    text = (code or "").strip()
    if not text:
        raise field_error("subject", f"{msg_prefix}.subject_required")
    _kind, normalized = detect_subject_code(text)
    subject = s.scalar(select(Subject).where(Subject.code == normalized))
    if subject is None:
        raise field_error("subject", f"{msg_prefix}.subject_unknown", code=normalized)
    return subject


def check_day(day: date | None, today: date, *, name: str, not_before: date | None = None) -> date:
    """A date a clerk gives for a step: not in the future, not before the previous step."""
    on = day or today
    if on > today:
        raise field_error(name, "case.date_in_future", day=on)
    if not_before is not None and on < not_before:
        raise field_error(name, "case.date_too_early", day=on, earliest=not_before)
    return on


def step_basis(profile: Profile, step: str | None) -> str:
    """ "3个工作日，自收到异议申请之日起算；依据《…》第二十八条" for a step with a period."""
    if not step:
        return ""
    try:
        rule = profile.steps.get(Step(step))
    except ValueError:
        rule = None
    if rule is None:
        return ""
    start = rule.counted_from or "开始之日"
    return f"{rule.working_days}个工作日，自{start}起算；{profile.cite(rule.basis)}"


# --- letters ------------------------------------------------------------------------------


def blank_issue() -> IssueInfo:
    """The issue block is filled in by ``documents.issue_in_session``."""
    return IssueInfo(center_name="")


def subject_ref(s: Session, subject_id: int) -> SubjectRef:
    subject = s.get(Subject, subject_id)
    assert subject is not None
    kind = SubjectKind(subject.kind)
    person = kind is SubjectKind.NATURAL_PERSON
    return SubjectRef(
        subject.name,
        display_code(kind, subject.code),
        "居民身份证号码" if person else "统一社会信用代码",
    )


def applicant_party(name: str, doc_type: IdDocType | str, number: str) -> Party:
    kind = IdDocType(doc_type)
    return Party(name, kind.label, display_document_number(kind, number))


def agent_party(name: str | None, number: str | None) -> Party | None:
    if not name:
        return None
    return Party(
        name, "居民身份证号码", display_document_number(IdDocType.RESIDENT_ID, number or "")
    )


def record_refs(s: Session, record_ids: Iterable[int]) -> tuple[RecordRef, ...]:
    rows = s.execute(
        select(CreditRecord, CatalogItem.name, ProviderUnit.name)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
        .where(CreditRecord.id.in_(list(record_ids)))
        .order_by(CreditRecord.id)
    ).all()
    return tuple(
        RecordRef(item, provider, record.document_number, record.decision_date)
        for record, item, provider in rows
    )
