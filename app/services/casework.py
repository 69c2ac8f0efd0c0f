"""What objections and repairs share: the installation's profile, user names, the query-log
entry for reading a subject's records while handling a case, and the parts of a letter that
name the applicant, the subject and the records (masked as they must be on paper)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app.db.models import CatalogItem, CreditRecord, ProviderUnit, Subject, User
from app.domain.caseflow import DueLight, LightThresholds, due_light, step_label
from app.domain.codes import detect_subject_code, display_document_number
from app.domain.enums import Audience, IdDocType, QueryMethod, QueryOutcome, SubjectKind
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor, Permission
from app.rules.calendar import WorkingCalendar
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


def last_step_day(case: Any) -> date:
    """The latest day a step of ``case`` was done (its ``details["on"]``), or its receipt."""
    days = [case.received_on]
    for step in case.steps:
        on = (step.details or {}).get("on")
        if on:
            days.append(date.fromisoformat(on))
    return max(days)


def check_assignee(s: Session, user_id: int | None, handles: Permission) -> None:
    """A case may be handed only to an enabled user whose role handles such cases."""
    if user_id is None:
        return
    user = s.get(User, user_id)
    if user is None or not user.is_active:
        raise field_error("assignee", "case.assignee_unknown", user_id=user_id)
    if not Actor(user.id, user.username, user.role).may(handles):
        raise field_error("assignee", "case.assignee_role", user=user.display_name)


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


# --- case lists -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedCase:
    """One row of a case list, the same for objections and repairs (``case`` is the ORM row)."""

    case: Any
    subject_name: str
    subject_display_code: str
    provider_name: str
    next_step_label: str
    working_days_left: int | None
    light: DueLight
    assignee_name: str


@dataclass(frozen=True)
class CaseRowBase:
    """The columns every case list shows; objections and repairs add their state (and more)."""

    id: int
    case_no: str
    subject_name: str
    subject_display_code: str
    applicant_name: str
    provider_name: str
    received_on: date
    next_step_label: str
    due_on: date | None
    working_days_left: int | None
    light: DueLight
    assignee_name: str

    @staticmethod
    def columns_of(r: ListedCase) -> dict[str, Any]:
        return {
            "id": r.case.id,
            "case_no": r.case.case_no,
            "subject_name": r.subject_name,
            "subject_display_code": r.subject_display_code,
            "applicant_name": r.case.applicant_name,
            "provider_name": r.provider_name,
            "received_on": r.case.received_on,
            "next_step_label": r.next_step_label,
            "due_on": r.case.next_due_on,
            "working_days_left": r.working_days_left,
            "light": r.light,
            "assignee_name": r.assignee_name,
        }


def list_case_rows(
    s: Session,
    model: Any,
    *,
    open_states: Collection[StrEnum],
    states: Collection[StrEnum] = (),
    open_only: bool = False,
    text: str = "",
    where: Sequence[ColumnElement[bool]] = (),
    calendar: WorkingCalendar,
    today: date,
    thresholds: LightThresholds,
    light: DueLight | None = None,
) -> list[ListedCase]:
    """Cases of ``model`` (Objection or RepairApplication), open ones first by due date, then
    the closed ones newest first; filtered by state, a search text (case number, subject name
    or code, applicant) and extra conditions; each with its working days left and light."""
    query = (
        select(model, Subject.name, Subject.kind, Subject.code, ProviderUnit.name)
        .join(Subject, model.subject_id == Subject.id)
        .outerjoin(ProviderUnit, model.provider_id == ProviderUnit.id)
    )
    wanted = set(states)
    if open_only:
        wanted = (wanted or set(open_states)) & set(open_states)
    if states or open_only:
        if not wanted:  # e.g. a closed state with "open only": nothing, not everything
            return []
        query = query.where(model.state.in_(sorted(st.value for st in wanted)))
    query = query.where(*where)
    text = (text or "").strip()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                model.case_no.like(like),
                Subject.name.like(like),
                Subject.code == text.upper(),
                model.applicant_name.like(like),
            )
        )
    is_open = model.state.in_([st.value for st in open_states])
    query = query.order_by(
        is_open.desc(),
        model.next_due_on.asc().nulls_last(),
        model.received_on.desc(),
        model.id.desc(),
    )
    raw = s.execute(query).all()
    names = user_names(s, [row[0].assignee_user_id for row in raw])
    out: list[ListedCase] = []
    for case, subject_name, subject_kind, subject_code, provider_name in raw:
        left: int | None = None
        if case.next_due_on is not None:
            try:
                left = calendar.working_days_between(today, case.next_due_on)
            except CreditDeskError:
                left = None
        case_light = due_light(left, thresholds)
        if light is not None and case_light is not light:
            continue
        out.append(
            ListedCase(
                case=case,
                subject_name=subject_name,
                subject_display_code=display_code(SubjectKind(subject_kind), subject_code),
                provider_name=provider_name or "",
                next_step_label=step_label(case.next_step),
                working_days_left=left,
                light=case_light,
                assignee_name=names.get(case.assignee_user_id or 0, ""),
            )
        )
    return out


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
