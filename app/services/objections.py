"""Objections (异议): intake, comparison, correction or forwarding, the provider's reply, the
result letter, disagreement and appeal (jurisdictions.md §5; issue 6).

Every action is one transaction that locks the case row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite serialises writers), checks the role, the state, the profile and the
``expected_version`` the clerk saw — so two clerks cannot process the same case twice: the
second gets ``ConcurrencyConflict`` naming who did what and the state now — then moves the
case, writes the step row, the audit event, any record change (a new version, the old one
stays in history) and any letter (numbered and signed in the same transaction).

What the profile decides (which path, which deadline, which outcomes) is in
``app.rules.objection_flow``; the state table is ``app.domain.caseflow``. While a case is
open its records carry ``objection_pending`` wherever they are shown; when the provider misses
its reply deadline, profiles that say so suspend them from the first day after
(``app.rules.visibility``); both are computed from the case rows by ``app.services.record_view``.
Reading a subject's records for a case lands in the query log (method ``case``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db.history import ChangeInfo, attach_change
from app.db.models import (
    Attachment,
    CatalogItem,
    CreditRecord,
    CreditRecordVersion,
    IssuedDocument,
    Objection,
    ObjectionAttachment,
    ObjectionRecord,
    ObjectionStep,
    ProviderUnit,
    Subject,
)
from app.domain.caseflow import (
    OPEN_OBJECTION_STATES,
    DueLight,
    ObjectionEvent,
    ObjectionState,
    due_light,
    objection_transition,
    step_label,
)
from app.domain.codes import display_document_number
from app.domain.enums import (
    ChangeKind,
    DocumentType,
    IdDocType,
    ListType,
    PenaltyClass,
    RecordStatus,
    Severity,
    SubjectKind,
)
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.domain.record_fields import (
    CONTENT_PREFIX,
    DATE_FIELDS,
    SUBMITTED_FIELDS,
    FieldComparison,
    compare,
    submission_of,
)
from app.rules.calendar import WorkingCalendar
from app.rules.objection_flow import (
    CheckResult,
    ReplyOutcome,
    StepPlan,
    allowed_events,
    due_of,
    plan_after,
    plan_on_receipt,
    reasons_required,
    reply_outcomes,
)
from app.rules.profiles import Profile, Step
from app.services import authz
from app.services.applicants import (
    ApplicantInput,
    check_applicant,
    clean_text,
    field_error,
)
from app.services.attachments import AttachmentInfo, Upload, check_upload, info_of, store_attachment
from app.services.audit_trail import record_event
from app.services.calendar import load_calendar
from app.services.casework import (
    CaseRowBase,
    agent_party,
    applicant_party,
    blank_issue,
    check_assignee,
    check_day,
    find_subject,
    last_step_day,
    list_case_rows,
    log_case_read,
    profile_of,
    record_refs,
    step_basis,
    subject_ref,
    user_names,
)
from app.services.clock import local_today, utc_now
from app.services.database import Database
from app.services.documents import IssuedDocumentResult, issue_in_session
from app.services.numbering import next_case_number
from app.services.settings import load_from_session
from app.services.subject_search import display_code
from reports.dto import (
    ObjectionForwardData,
    ObjectionReceiptData,
    ObjectionResultData,
)

MAX_EVIDENCE_FILES = 10
MAX_STATEMENT = 2000
MAX_NOTE = 1000


class AttachmentKind(StrEnum):
    EVIDENCE = "evidence"  # the applicant's evidence (证明材料)
    MANDATE = "mandate"  # 授权委托书 / 法定代表人身份证明
    PROVIDER_REPLY = "provider_reply"  # the provider's written reply
    APPEAL = "appeal"  # the appeal and the authority's decision

    @property
    def label(self) -> str:
        return {
            "evidence": "证明材料",
            "mandate": "授权委托书",
            "provider_reply": "提供单位书面答复",
            "appeal": "申诉材料",
        }[self.value]


class ForwardMethod(StrEnum):
    SYSTEM = "system"
    POST = "post"
    COURIER = "courier"
    EMAIL = "email"
    FAX = "fax"

    @property
    def label(self) -> str:
        return {
            "system": "信用信息系统推送",
            "post": "邮寄",
            "courier": "专人送达",
            "email": "电子邮件",
            "fax": "传真",
        }[self.value]


class ObjectionAction:
    """Audit-event names; one per event, plus intake, assignment and reading."""

    OPENED = "objection.opened"
    ASSIGNED = "objection.assigned"
    RECEIPT_PRINTED = "objection.receipt_printed"

    @staticmethod
    def of(event: ObjectionEvent) -> str:
        return f"objection.{event.value}"


# --- input --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectionInput:
    subject_code: str
    record_ids: tuple[int, ...]
    applicant: ApplicantInput
    grounds: tuple[str, ...]
    statement: str
    evidence: tuple[Upload, ...] = ()
    received_on: date | None = None  # default: today
    assisted: bool = False  # other units must help check (Weihai 第二十八条: 7 WD)


@dataclass(frozen=True)
class RecordChange:
    """New values for one record: ``{"decision_date": "2026-03-01", "content.amount": "500"}``."""

    record_id: int
    values: Mapping[str, str]


# --- output -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordOption:
    """A record the applicant may object to, as listed at intake."""

    id: int
    catalogue_item: str
    provider_id: int
    provider: str
    document_number: str
    decision_date: date
    status: RecordStatus
    summary: str
    open_case_no: str | None  # already under an open objection


@dataclass(frozen=True)
class SubjectRecords:
    subject_id: int
    subject_name: str
    subject_kind: SubjectKind
    display_code: str
    records: tuple[RecordOption, ...]
    grounds: tuple[str, ...]  # the profile's grounds
    grounds_basis: str
    assisted_available: bool  # the profile has a longer period when other units help
    log_seq: int


@dataclass(frozen=True)
class CaseRecord:
    id: int
    catalogue_item: str
    document_number: str
    decision_date: date
    status: RecordStatus
    status_reason: str | None
    comparison: tuple[FieldComparison, ...]
    versions: int

    @property
    def differs(self) -> bool:
        return any(c.differs for c in self.comparison)


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime | None  # None: a step still to come
    step: str | None
    step_label: str
    event: str
    event_label: str
    from_state: str
    to_state: str
    state_label: str
    actor_name: str
    due_on: date | None  # the step's due date (when done: the one that applied)
    on_time: bool | None  # done by its due date (None: no due date, or still to come)
    basis: str  # "依据《…》第二十九条"
    note: str = ""
    done_on: date | None = None  # the day the step was done (may be earlier than occurred_at)


@dataclass(frozen=True)
class CaseDocument:
    number: str
    doc_type: DocumentType
    issued_at: datetime

    @property
    def label(self) -> str:
        return self.doc_type.label


@dataclass(frozen=True)
class CaseAttachment:
    info: AttachmentInfo
    kind: AttachmentKind


@dataclass(frozen=True)
class CaseDetail:
    id: int
    case_no: str
    row_version: int
    state: ObjectionState
    subject_id: int
    subject_name: str
    subject_kind: SubjectKind
    subject_display_code: str
    applicant_name: str
    applicant_display_number: str
    agent_name: str | None
    agent_display_number: str | None
    applicant_phone: str | None
    grounds: tuple[str, ...]
    statement: str
    received_on: date
    assisted: bool
    provider_id: int | None
    provider_name: str
    check_result: CheckResult | None
    forwarded_on: date | None
    forward_method: ForwardMethod | None
    provider_replied_on: date | None
    outcome: ReplyOutcome | None
    outcome_label: str
    outcome_code: str | None  # as stored: corrected, withdrawn, not_upheld, appeal_upheld_deleted …
    disputed: bool
    closed_on: date | None
    assignee_user_id: int | None
    assignee_name: str
    next_step: str | None
    next_step_label: str
    due_on: date | None
    due_basis: str
    working_days_left: int | None
    light: DueLight
    records: tuple[CaseRecord, ...]
    timeline: tuple[TimelineEntry, ...]
    documents: tuple[CaseDocument, ...]
    attachments: tuple[CaseAttachment, ...]
    allowed: tuple[ObjectionEvent, ...]  # what this user may do now
    reply_outcomes: tuple[ReplyOutcome, ...]
    reasons_required: bool
    appeal_to: str | None
    profile_id: str
    calendar_gap: str | None = None

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_OBJECTION_STATES

    @property
    def differs(self) -> bool:
        return any(r.differs for r in self.records)

    def may(self, event: ObjectionEvent) -> bool:
        return event in self.allowed


@dataclass(frozen=True)
class CaseRow(CaseRowBase):
    state: ObjectionState
    disputed: bool = False

    @property
    def state_label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class CaseFilter:
    states: frozenset[ObjectionState] | None = None  # None: every state
    open_only: bool = False
    provider_id: int | None = None
    light: DueLight | None = None
    assignee_user_id: int | None = None  # with ``unassigned`` False
    unassigned: bool = False
    text: str = ""  # case number, subject name or code, applicant name


@dataclass(frozen=True)
class CaseList:
    rows: tuple[CaseRow, ...]
    total: int
    providers: tuple[tuple[int, str], ...] = field(default=())


@dataclass(frozen=True)
class ActionResult:
    case: CaseDetail
    document: IssuedDocumentResult | None = None


# --- small helpers ------------------------------------------------------------------------


def _record_summary(record: CreditRecord, labels: Sequence[tuple[str, str]]) -> str:
    content = dict(record.content or {})
    parts = []
    for key, label in labels:
        value = content.get(key)
        if value not in (None, ""):
            parts.append(f"{label}：{value}")
        if len(parts) == 2:
            break
    return "；".join(parts)


def _labels_of(item: CatalogItem) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(f.get("key", "")), str(f.get("label", f.get("key", "")))) for f in (item.fields or [])
    )


_VALUE_LABELS: dict[str, dict[str, str]] = {
    "severity": {m.value: m.label for m in Severity},
    "penalty_class": {m.value: m.label for m in PenaltyClass},
    "list_type": {m.value: m.label for m in ListType},
}


def _platform_values(record: CreditRecord) -> dict[str, Any]:
    return submission_of(
        {name: getattr(record, name) for name, _l in SUBMITTED_FIELDS} | {"content": record.content}
    )


_PROVIDER_KINDS = (ChangeKind.INTAKE, ChangeKind.INTAKE_UPDATE, ChangeKind.PROVIDER_CORRECTION)


def _submitted_values(s: Session, record: CreditRecord) -> dict[str, Any]:
    """The provider's submission as kept from intake; for records loaded before it was kept,
    the latest version the provider itself caused (or the first version)."""
    if record.source_submission is not None:
        return dict(record.source_submission)
    version = s.scalar(
        select(CreditRecordVersion)
        .where(
            CreditRecordVersion.record_id == record.id,
            CreditRecordVersion.change_kind.in_(_PROVIDER_KINDS),
        )
        .order_by(CreditRecordVersion.version_no.desc())
        .limit(1)
    ) or s.scalar(
        select(CreditRecordVersion)
        .where(CreditRecordVersion.record_id == record.id)
        .order_by(CreditRecordVersion.version_no)
        .limit(1)
    )
    if version is None:
        return _platform_values(record)
    return submission_of(version.snapshot)


def _comparison(s: Session, record: CreditRecord, item: CatalogItem) -> tuple[FieldComparison, ...]:
    return compare(
        _platform_values(record),
        _submitted_values(s, record),
        content_labels=_labels_of(item),
        value_labels=_VALUE_LABELS,
    )


# --- reading a subject's records for intake --------------------------------------------------


def _open_cases_by_record(s: Session, record_ids: Sequence[int]) -> dict[int, str]:
    if not record_ids:
        return {}
    rows = s.execute(
        select(ObjectionRecord.record_id, Objection.case_no)
        .join(Objection, ObjectionRecord.objection_id == Objection.id)
        .where(
            ObjectionRecord.record_id.in_(list(record_ids)),
            Objection.state.in_([st.value for st in OPEN_OBJECTION_STATES]),
        )
    )
    return {rid: case_no for rid, case_no in rows}


def subject_records(db: Database, subject_code: str, *, actor: Actor) -> SubjectRecords:
    """The subject's records an objection can name (intake's second step); logged."""
    authz.require(actor, Permission.OBJECTION_HANDLE)
    with db.uow() as uow:
        s = uow.session
        profile = profile_of(s)
        subject = find_subject(s, subject_code, msg_prefix="objection")
        rows = s.execute(
            select(CreditRecord, CatalogItem, ProviderUnit.name)
            .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
            .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
            .where(
                CreditRecord.subject_id == subject.id,
                CreditRecord.status.notin_([RecordStatus.DELETED, RecordStatus.WITHDRAWN]),
            )
            .order_by(CreditRecord.decision_date.desc(), CreditRecord.id)
        ).all()
        open_cases = _open_cases_by_record(s, [r.id for r, _i, _p in rows])
        options = tuple(
            RecordOption(
                id=record.id,
                catalogue_item=item.name,
                provider_id=record.provider_id,
                provider=provider,
                document_number=record.document_number,
                decision_date=record.decision_date,
                status=record.status,
                summary=_record_summary(record, _labels_of(item)),
                open_case_no=open_cases.get(record.id),
            )
            for record, item, provider in rows
        )
        seq = log_case_read(s, actor, subject, "异议受理：选择异议信息", len(options))
        kind = SubjectKind(subject.kind)
        result = SubjectRecords(
            subject_id=subject.id,
            subject_name=subject.name,
            subject_kind=kind,
            display_code=display_code(kind, subject.code),
            records=options,
            grounds=tuple(profile.objection.grounds.value),
            grounds_basis=profile.cite(profile.objection.grounds.basis),
            assisted_available=Step.OBJECTION_CHECK_ASSISTED in profile.steps,
            log_seq=seq,
        )
        uow.commit()
    return result


# --- intake -------------------------------------------------------------------------------


def open_objection(
    db: Database, data: ObjectionInput, *, actor: Actor, today: date | None = None
) -> CaseDetail:
    """Accept an objection: validate everything, number the case, store the evidence."""
    authz.require(actor, Permission.OBJECTION_HANDLE)
    today = today or local_today()
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        profile = profile_of(s)
        subject = find_subject(s, data.subject_code, msg_prefix="objection")
        applicant = check_applicant(s, subject, data.applicant)
        records, provider_id = _check_records(s, subject, data.record_ids)
        grounds = _check_grounds(profile, data.grounds)
        statement = clean_text(
            data.statement, name="statement", label="异议陈述", limit=MAX_STATEMENT, required=True
        )
        received_on = data.received_on or today
        if received_on > today:
            raise field_error("received_on", "objection.received_in_future", day=received_on)
        if len(data.evidence) > MAX_EVIDENCE_FILES:
            raise field_error(
                "evidence",
                "objection.too_many_files",
                count=len(data.evidence),
                max=MAX_EVIDENCE_FILES,
            )
        for i, upload in enumerate(data.evidence):
            check_upload(upload, field=f"evidence[{i}]")
        assisted = bool(data.assisted and Step.OBJECTION_CHECK_ASSISTED in profile.steps)
        plan = plan_on_receipt(profile, received_on, assisted=assisted)
        deadline = due_of(profile, plan, calendar)
        case = Objection(
            case_no=next_case_number(s, division_code=profile.division_code, on=today),
            subject_id=subject.id,
            applicant_name=applicant.name,
            applicant_doc_type=applicant.doc_type,
            applicant_doc_number=applicant.doc_number,
            agent_name=applicant.agent_name,
            agent_doc_number=applicant.agent_doc_number,
            applicant_phone=applicant.phone,
            grounds=list(grounds),
            statement=statement,
            received_on=received_on,
            state=ObjectionState.RECEIVED.value,
            assignee_user_id=actor.user_id,
            next_step=plan.next_step,
            due_step=plan.due_step,
            due_start=plan.due_start,
            next_due_on=deadline.due if deadline else None,
            provider_id=provider_id,
            assisted=assisted,
            created_by_user_id=actor.user_id,
        )
        s.add(case)
        s.flush()
        for record in records:
            s.add(ObjectionRecord(objection_id=case.id, record_id=record.id))
        if data.applicant.mandate is not None:
            _attach(s, case, data.applicant.mandate, AttachmentKind.MANDATE, actor)
        for upload in data.evidence:
            _attach(s, case, upload, AttachmentKind.EVIDENCE, actor)
        s.add(
            ObjectionStep(
                objection_id=case.id,
                step="objection.intake",
                event="open",
                from_state="",
                to_state=case.state,
                due_on=None,
                actor_user_id=actor.user_id,
                occurred_at=utc_now(),
                note=None,
                details={"records": [r.id for r in records], "assisted": assisted},
            )
        )
        record_event(
            s,
            action=ObjectionAction.OPENED,
            entity_type="objection",
            entity_id=case.case_no,
            actor_user_id=actor.user_id,
            details={
                "subject_id": subject.id,
                "records": [r.id for r in records],
                "grounds": list(grounds),
                "due_on": case.next_due_on.isoformat() if case.next_due_on else None,
            },
        )
        case_no = case.case_no
        uow.commit()
    return get_case(db, case_no, actor=actor, today=today, log=False)


def _check_records(
    s: Session, subject: Subject, record_ids: Sequence[int]
) -> tuple[list[CreditRecord], int]:
    ids = list(dict.fromkeys(int(i) for i in record_ids))
    if not ids:
        raise field_error("records", "objection.records_required")
    records = list(
        s.scalars(select(CreditRecord).where(CreditRecord.id.in_(ids)).order_by(CreditRecord.id))
    )
    found = {r.id for r in records}
    for rid in ids:
        if rid not in found:
            raise field_error("records", "objection.record_unknown", record_id=rid)
    for r in records:
        if r.subject_id != subject.id:
            raise field_error("records", "objection.record_other_subject", record=r.document_number)
        if r.status in (RecordStatus.DELETED, RecordStatus.WITHDRAWN):
            raise field_error(
                "records",
                "objection.record_removed",
                record=r.document_number,
                status=RecordStatus(r.status).label,
            )
    providers = {r.provider_id for r in records}
    if len(providers) > 1:
        raise field_error("records", "objection.several_providers", count=len(providers))
    busy = _open_cases_by_record(s, ids)
    if busy:
        rid, case_no = next(iter(busy.items()))
        doc = next(r.document_number for r in records if r.id == rid)
        raise field_error("records", "objection.record_busy", record=doc, case_no=case_no)
    return records, providers.pop()


def _check_grounds(profile: Profile, grounds: Sequence[str]) -> tuple[str, ...]:
    allowed = list(profile.objection.grounds.value)
    chosen = tuple(dict.fromkeys(g.strip() for g in grounds if g.strip()))
    if not chosen:
        raise field_error("grounds", "objection.grounds_required")
    for g in chosen:
        if g not in allowed:
            raise field_error(
                "grounds",
                "objection.ground_unknown",
                ground=g,
                regulation=profile.regulation,
                allowed="；".join(allowed),
            )
    return chosen


def _attach(
    s: Session, case: Objection, upload: Upload, kind: AttachmentKind, actor: Actor
) -> None:
    row = store_attachment(s, upload, user_id=actor.user_id)
    if any(a.attachment_id == row.id for a in case.attachments):
        return
    s.add(ObjectionAttachment(objection_id=case.id, attachment_id=row.id, kind=kind.value))


# --- moving a case ----------------------------------------------------------------------------


def _lock(s: Session, case_no: str, expected_version: int | None) -> Objection:
    case = s.scalar(
        select(Objection).where(Objection.case_no == (case_no or "").strip()).with_for_update()
    )
    if case is None:
        raise NotFound("objection.not_found", case_no=case_no)
    if expected_version is not None and case.row_version != expected_version:
        last = s.scalar(
            select(ObjectionStep)
            .where(ObjectionStep.objection_id == case.id)
            .order_by(ObjectionStep.id.desc())
            .limit(1)
        )
        who = user_names(s, {last.actor_user_id} if last and last.actor_user_id else set())
        raise ConcurrencyConflict(
            "objection.conflict",
            case_no=case.case_no,
            by=who.get(last.actor_user_id, "其他用户")
            if last and last.actor_user_id
            else "其他用户",
            event=_event_label(last.event) if last else "处理",
            state=ObjectionState(case.state).label,
        )
    return case


def _event_label(value: str) -> str:
    try:
        return ObjectionEvent(value).label
    except ValueError:
        return {"open": "受理", "assign": "分派"}.get(value, value)


def _require_event(profile: Profile, case: Objection, event: ObjectionEvent) -> ObjectionState:
    state = ObjectionState(case.state)
    target = objection_transition(state, event)
    check = CheckResult(case.check_result) if case.check_result else None
    if target is None or event not in allowed_events(
        profile, state, check_result=check, disputed=case.disputed
    ):
        allowed = allowed_events(profile, state, check_result=check, disputed=case.disputed)
        raise InvalidTransition(
            "objection.not_allowed",
            case_no=case.case_no,
            action=event.label,
            state=state.label,
            allowed="、".join(e.label for e in allowed) or "无（案件已办结）",
        )
    return target


def _plan_of(case: Objection) -> StepPlan:
    return StepPlan(case.next_step, case.due_step, case.due_start)


def _move(
    s: Session,
    case: Objection,
    event: ObjectionEvent,
    *,
    profile: Profile,
    calendar: WorkingCalendar,
    actor: Actor,
    on: date,
    note: str = "",
    details: Mapping[str, Any] | None = None,
) -> None:
    target = _require_event(profile, case, event)
    previous = _plan_of(case)
    check = CheckResult(case.check_result) if case.check_result else None
    if target is ObjectionState(case.state) and event is ObjectionEvent.DISPUTE:
        plan = previous
    else:
        plan = plan_after(profile, target, on=on, previous=previous, check_result=check)
    deadline = due_of(profile, plan, calendar)
    s.add(
        ObjectionStep(
            objection_id=case.id,
            step=case.next_step or event.value,
            event=event.value,
            from_state=case.state,
            to_state=target.value,
            due_on=case.next_due_on,
            actor_user_id=actor.user_id,
            occurred_at=utc_now(),
            note=note or None,
            details=dict(details or {}) | {"on": on.isoformat()},
        )
    )
    case.state = target.value
    case.next_step, case.due_step, case.due_start = plan.next_step, plan.due_step, plan.due_start
    case.next_due_on = deadline.due if deadline else None
    if target not in OPEN_OBJECTION_STATES and case.closed_on is None:
        case.closed_on = on
    if target in OPEN_OBJECTION_STATES:
        case.closed_on = None
    record_event(
        s,
        action=ObjectionAction.of(event),
        entity_type="objection",
        entity_id=case.case_no,
        actor_user_id=actor.user_id,
        details={"state": target.value, "on": on.isoformat(), **dict(details or {})},
    )


@dataclass
class _Ctx:
    s: Session
    case: Objection
    profile: Profile
    calendar: WorkingCalendar


def _act(
    db: Database,
    case_no: str,
    expected_version: int | None,
    actor: Actor,
    action: ObjectionEvent | Permission,
    body: Any,
    *,
    today: date,
) -> ActionResult:
    """Lock the case, check the version, the role and (for an event) that the profile allows
    it now, then run ``body`` and commit; the case as it is afterwards."""
    event = action if isinstance(action, ObjectionEvent) else None
    authz.require(actor, _PERMISSION_OF[event] if event else Permission(action))
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        case = _lock(s, case_no, expected_version)
        ctx = _Ctx(s, case, profile_of(s), calendar)
        if event is not None:
            _require_event(ctx.profile, case, event)
        before = case.row_version
        document = body(ctx)
        if case.row_version == before and case not in s.dirty:
            flag_modified(case, "state")  # every action moves the version, even a no-op assign
        s.flush()
        uow.commit()
        number = case.case_no
    return ActionResult(get_case(db, number, actor=actor, today=today, log=False), document)


def check(
    db: Database,
    case_no: str,
    *,
    result: CheckResult | None = None,
    note: str = "",
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
    on: date | None = None,
) -> ActionResult:
    """Record the comparison. ``result`` None: as computed from the provider's submission."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        day = check_day(on, today, name="on", not_before=last_step_day(c.case))
        differs = any(
            any(f.differs for f in _comparison(c.s, r, r.catalog_item))
            for r in _records(c.s, c.case)
        )
        computed = CheckResult.DIFFERS if differs else CheckResult.MATCHES
        chosen = CheckResult(result) if result is not None else computed
        if chosen is CheckResult.DIFFERS and not differs:
            raise ValidationFailed("objection.no_difference", case_no=c.case.case_no)
        c.case.check_result = chosen.value
        _move(
            c.s,
            c.case,
            ObjectionEvent.CHECK,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=_note(note),
            details={"result": chosen.value, "computed": computed.value},
        )

    return _act(db, case_no, expected_version, actor, ObjectionEvent.CHECK, body, today=today)


def _note(note: str) -> str:
    return clean_text(note, name="note", label="办理意见", limit=MAX_NOTE, required=False)


def _records(s: Session, case: Objection) -> list[CreditRecord]:
    ids = [r.record_id for r in case.records]
    return list(
        s.scalars(select(CreditRecord).where(CreditRecord.id.in_(ids)).order_by(CreditRecord.id))
    )


def correct(
    db: Database,
    case_no: str,
    *,
    note: str = "",
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
    on: date | None = None,
) -> ActionResult:
    """The platform differs from the provider's submission: restore the submitted values on
    every differing field (a new version; the old one stays in history)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        day = check_day(on, today, name="on", not_before=last_step_day(c.case))
        changed: dict[int, list[str]] = {}
        for record in _records(c.s, c.case):
            submitted = _submitted_values(c.s, record)
            rows = [f for f in _comparison(c.s, record, record.catalog_item) if f.differs]
            if not rows:
                continue
            values = {f.field: _submitted_text(submitted, f.field) for f in rows}
            _apply(record, values)
            attach_change(
                record,
                ChangeInfo(
                    ChangeKind.OBJECTION_CORRECTION,
                    reason=render("objection.correction_reason", {"case_no": c.case.case_no}).text,
                    source_ref=f"objection:{c.case.id}",
                    user_id=actor.user_id,
                ),
            )
            changed[record.id] = sorted(values)
        if not changed:
            raise ValidationFailed("objection.no_difference", case_no=c.case.case_no)
        c.case.outcome = "corrected"
        _move(
            c.s,
            c.case,
            ObjectionEvent.CORRECT,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=_note(note),
            details={"changed": {str(k): v for k, v in changed.items()}},
        )

    return _act(db, case_no, expected_version, actor, ObjectionEvent.CORRECT, body, today=today)


def _submitted_text(submitted: Mapping[str, Any], name: str) -> Any:
    if name.startswith(CONTENT_PREFIX):
        return dict(submitted.get("content") or {}).get(name[len(CONTENT_PREFIX) :])
    return submitted.get(name)


_ENUM_FIELDS: dict[str, type] = {"severity": Severity, "penalty_class": PenaltyClass}


def _apply(record: CreditRecord, values: Mapping[str, Any]) -> None:
    """Set fields given as ``name`` or ``content.<key>`` from text (or already typed) values."""
    content = dict(record.content or {})
    # read before changing anything: a lazy load would flush a half-made change
    known = {str(f.get("key")) for f in (record.catalog_item.fields or [])}
    for name, raw in values.items():
        if name.startswith(CONTENT_PREFIX):
            key = name[len(CONTENT_PREFIX) :]
            if key not in known and key not in content:
                raise field_error("changes", "objection.field_unknown", field=name)
            if raw in (None, ""):
                content.pop(key, None)
            else:
                content[key] = raw
            continue
        if name not in dict(SUBMITTED_FIELDS):
            raise field_error("changes", "objection.field_unknown", field=name)
        value: Any = raw if raw not in ("",) else None
        if name in DATE_FIELDS and isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise field_error(
                    "changes", "objection.bad_date", field=dict(SUBMITTED_FIELDS)[name], value=raw
                ) from None
        elif name in _ENUM_FIELDS and isinstance(value, str):
            try:
                value = _ENUM_FIELDS[name](value)
            except ValueError:
                raise field_error(
                    "changes", "objection.bad_value", field=dict(SUBMITTED_FIELDS)[name], value=raw
                ) from None
        if name == "document_number" and not value:
            raise field_error("changes", "applicant.field_required", label="决定文书号")
        if name == "decision_date" and value is None:
            raise field_error("changes", "applicant.field_required", label="决定日期")
        setattr(record, name, value)
    record.content = content


def forward(
    db: Database,
    case_no: str,
    *,
    method: ForwardMethod = ForwardMethod.SYSTEM,
    sent_on: date | None = None,
    note: str = "",
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """Send the case to the provider with a forwarding slip (异议核查转办单); its reply period
    runs from the day it is sent."""
    today = today or local_today()

    def body(c: _Ctx) -> IssuedDocumentResult:
        day = check_day(sent_on, today, name="sent_on", not_before=last_step_day(c.case))
        m = ForwardMethod(method)
        c.case.forwarded_on = day
        c.case.forward_method = m.value
        _move(
            c.s,
            c.case,
            ObjectionEvent.FORWARD,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=_note(note),
            details={"method": m.value},
        )
        c.s.flush()
        return _issue(c, DocumentType.OBJECTION_FORWARD, _forward_data(c), actor)

    return _act(db, case_no, expected_version, actor, ObjectionEvent.FORWARD, body, today=today)


def reply(
    db: Database,
    case_no: str,
    *,
    outcome: ReplyOutcome,
    reasons: str = "",
    document_number: str = "",
    replied_on: date | None = None,
    changes: Sequence[RecordChange] = (),
    document: Upload | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """Enter the provider's written reply: upheld (corrected content or deletion), not upheld
    (reasons; required where the profile says), or — where the profile allows — the truth
    cannot be established (the record is deleted, the reason recorded)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        day = check_day(replied_on, today, name="replied_on", not_before=c.case.forwarded_on)
        chosen = ReplyOutcome(outcome)
        if chosen not in reply_outcomes(c.profile):
            raise field_error(
                "outcome",
                "objection.outcome_not_allowed",
                outcome=chosen.label,
                regulation=c.profile.regulation,
            )
        why = clean_text(reasons, name="reasons", label="理由", limit=MAX_STATEMENT, required=False)
        if chosen is ReplyOutcome.NOT_UPHELD and not why and reasons_required(c.profile):
            rule = c.profile.objection.reasons_required_when_rejected
            raise field_error(
                "reasons",
                "objection.reasons_required",
                basis=c.profile.cite(rule.basis) if rule else "",
            )
        if chosen is ReplyOutcome.UNVERIFIABLE and not why:
            why = render("objection.unverifiable_reason", {}).text
        doc_no = clean_text(
            document_number, name="document_number", label="答复文号", limit=100, required=False
        )
        affected = _apply_outcome(c, chosen, changes, why, actor, day)
        if document is not None:
            _attach(c.s, c.case, document, AttachmentKind.PROVIDER_REPLY, actor)
        c.case.provider_replied_on = day
        c.case.outcome = chosen.value
        _move(
            c.s,
            c.case,
            ObjectionEvent.REPLY,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=why,
            details={"outcome": chosen.value, "document_number": doc_no, "records": affected},
        )

    return _act(db, case_no, expected_version, actor, ObjectionEvent.REPLY, body, today=today)


def _apply_outcome(
    c: _Ctx,
    outcome: ReplyOutcome,
    changes: Sequence[RecordChange],
    reason: str,
    actor: Actor,
    day: date,
) -> list[int]:
    records = {r.id: r for r in _records(c.s, c.case)}
    source = f"objection:{c.case.id}"
    if outcome is ReplyOutcome.UPHELD_CORRECTED:
        if not changes or not any(ch.values for ch in changes):
            raise field_error("changes", "objection.changes_required")
        for ch in changes:
            record = records.get(ch.record_id)
            if record is None:
                raise field_error("changes", "objection.record_not_in_case", record_id=ch.record_id)
            _apply(record, ch.values)
            # the provider corrected its own data: the submission follows
            record.source_submission = _platform_values(record)
            attach_change(
                record,
                ChangeInfo(
                    ChangeKind.OBJECTION_CORRECTION,
                    reason=render(
                        "objection.provider_correction_reason", {"case_no": c.case.case_no}
                    ).text,
                    source_ref=source,
                    user_id=actor.user_id,
                ),
            )
        return sorted(ch.record_id for ch in changes)
    if outcome.deletes:
        if outcome is ReplyOutcome.UNVERIFIABLE:
            rule = c.profile.objection.delete_when_unverifiable
            why = f"{reason}（{c.profile.cite(rule.basis)}）" if rule else reason
        else:
            why = render("objection.deletion_reason", {"case_no": c.case.case_no}).text
        for record in records.values():
            record.status = RecordStatus.DELETED
            record.status_changed_on = day
            record.status_reason = why[:1000]
            attach_change(
                record,
                ChangeInfo(
                    ChangeKind.OBJECTION_DELETION,
                    reason=why,
                    source_ref=source,
                    user_id=actor.user_id,
                ),
            )
        return sorted(records)
    return []


def notify(
    db: Database,
    case_no: str,
    *,
    note: str = "",
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
    on: date | None = None,
) -> ActionResult:
    """Tell the applicant the result (异议处理结果告知书) and close the case."""
    today = today or local_today()

    def body(c: _Ctx) -> IssuedDocumentResult:
        day = check_day(on, today, name="on", not_before=last_step_day(c.case))
        _move(
            c.s,
            c.case,
            ObjectionEvent.NOTIFY,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=_note(note),
        )
        c.s.flush()
        return _issue(c, DocumentType.OBJECTION_RESULT, _result_data(c), actor)

    return _act(db, case_no, expected_version, actor, ObjectionEvent.NOTIFY, body, today=today)


def withdraw(
    db: Database,
    case_no: str,
    *,
    reason: str,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """The applicant withdraws the objection (in writing); the annotation ends."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        why = clean_text(reason, name="reason", label="撤回理由", limit=MAX_NOTE, required=True)
        c.case.outcome = "withdrawn"
        _move(
            c.s,
            c.case,
            ObjectionEvent.WITHDRAW,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=today,
            note=why,
        )

    return _act(db, case_no, expected_version, actor, ObjectionEvent.WITHDRAW, body, today=today)


def dispute(
    db: Database,
    case_no: str,
    *,
    statement: str,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """After closing, the applicant still disagrees: recorded; where the profile keeps the
    annotation (Weihai 第二十九条, Zhangdian 第三十八条) the records are marked 有异议."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        text = clean_text(
            statement, name="statement", label="申请人意见", limit=MAX_STATEMENT, required=True
        )
        _move(
            c.s,
            c.case,
            ObjectionEvent.DISPUTE,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=today,
            note=text,
        )
        c.case.disputed = True

    return _act(db, case_no, expected_version, actor, ObjectionEvent.DISPUTE, body, today=today)


def appeal(
    db: Database,
    case_no: str,
    *,
    statement: str,
    lodged_on: date | None = None,
    document: Upload | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """Nantong 第三十三条: the applicant appeals to the credit authority; tracked until decided."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        day = check_day(lodged_on, today, name="lodged_on", not_before=c.case.closed_on)
        text = clean_text(
            statement, name="statement", label="申诉请求", limit=MAX_STATEMENT, required=True
        )
        if document is not None:
            _attach(c.s, c.case, document, AttachmentKind.APPEAL, actor)
        rule = c.profile.objection.appeal_to
        _move(
            c.s,
            c.case,
            ObjectionEvent.APPEAL,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=text,
            details={"authority": rule.value if rule else ""},
        )

    return _act(db, case_no, expected_version, actor, ObjectionEvent.APPEAL, body, today=today)


def decide_appeal(
    db: Database,
    case_no: str,
    *,
    outcome: ReplyOutcome,
    reasons: str = "",
    document_number: str = "",
    decided_on: date | None = None,
    changes: Sequence[RecordChange] = (),
    document: Upload | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """Enter the credit authority's decision on the appeal; an upheld appeal corrects or
    deletes the records like an upheld reply. The case closes again."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        day = check_day(decided_on, today, name="decided_on", not_before=last_step_day(c.case))
        chosen = ReplyOutcome(outcome)
        if chosen is ReplyOutcome.UNVERIFIABLE:
            raise field_error(
                "outcome",
                "objection.outcome_not_allowed",
                outcome=chosen.label,
                regulation=c.profile.regulation,
            )
        why = clean_text(reasons, name="reasons", label="理由", limit=MAX_STATEMENT, required=False)
        doc_no = clean_text(
            document_number, name="document_number", label="决定文号", limit=100, required=False
        )
        affected = _apply_outcome(c, chosen, changes, why, actor, day)
        if document is not None:
            _attach(c.s, c.case, document, AttachmentKind.APPEAL, actor)
        c.case.outcome = f"appeal_{chosen.value}"
        _move(
            c.s,
            c.case,
            ObjectionEvent.DECIDE_APPEAL,
            profile=c.profile,
            calendar=c.calendar,
            actor=actor,
            on=day,
            note=why,
            details={"outcome": chosen.value, "document_number": doc_no, "records": affected},
        )

    return _act(
        db, case_no, expected_version, actor, ObjectionEvent.DECIDE_APPEAL, body, today=today
    )


def assign(
    db: Database,
    case_no: str,
    *,
    user_id: int | None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> ActionResult:
    """A supervisor hands the case to a clerk (None: back to the shared queue)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        check_assignee(c.s, user_id, Permission.OBJECTION_HANDLE)
        before = c.case.assignee_user_id
        c.case.assignee_user_id = user_id
        c.s.add(
            ObjectionStep(
                objection_id=c.case.id,
                step=c.case.next_step or "",
                event="assign",
                from_state=c.case.state,
                to_state=c.case.state,
                due_on=c.case.next_due_on,
                actor_user_id=actor.user_id,
                occurred_at=utc_now(),
                note=None,
                details={"from": before, "to": user_id, "on": today.isoformat()},
            )
        )
        record_event(
            c.s,
            action=ObjectionAction.ASSIGNED,
            entity_type="objection",
            entity_id=c.case.case_no,
            actor_user_id=actor.user_id,
            details={"from": before, "to": user_id},
        )

    return _act(
        db, case_no, expected_version, actor, Permission.OBJECTION_ASSIGN, body, today=today
    )


def print_receipt(
    db: Database, case_no: str, *, actor: Actor, today: date | None = None
) -> IssuedDocumentResult:
    """The acknowledgement slip (受理回执) for the applicant. Printed again: use reprint."""
    authz.require(actor, Permission.OBJECTION_HANDLE)
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        case = _lock(s, case_no, None)
        existing = s.scalar(
            select(IssuedDocument.number).where(
                IssuedDocument.objection_id == case.id,
                IssuedDocument.doc_type == DocumentType.OBJECTION_RECEIPT,
            )
        )
        if existing:
            raise ValidationFailed(
                "objection.receipt_exists", case_no=case.case_no, number=existing
            )
        c = _Ctx(s, case, profile_of(s), calendar)
        result = _issue(c, DocumentType.OBJECTION_RECEIPT, _receipt_data(c), actor)
        uow.commit()
    return result


# --- letters --------------------------------------------------------------------------------


def _issue(c: _Ctx, doc_type: DocumentType, data: Any, actor: Actor) -> IssuedDocumentResult:
    return issue_in_session(
        c.s,
        doc_type=doc_type,
        payload_dto=data,
        subject_id=c.case.subject_id,
        objection_id=c.case.id,
        actor=actor,
        confirmed={"missing_glyphs"},
    )


def _basis(profile: Profile, *steps: Step) -> str:
    articles: list[str] = []
    for step in steps:
        rule = profile.steps.get(step)
        if rule is not None and rule.basis not in articles:
            articles.append(rule.basis)
    if not articles:
        articles.append(profile.objection.apply_to.basis)
    return f"《{profile.regulation}》{'、'.join(articles)}"  # the letter prints "依据："


def _receipt_data(c: _Ctx) -> ObjectionReceiptData:
    case = c.case
    plan = plan_on_receipt(c.profile, case.received_on, assisted=case.assisted)
    deadline = due_of(c.profile, plan, c.calendar)
    return ObjectionReceiptData(
        issue=blank_issue(),
        case_no=case.case_no,
        applicant=applicant_party(
            case.applicant_name, case.applicant_doc_type, case.applicant_doc_number
        ),
        agent=agent_party(case.agent_name, case.agent_doc_number),
        subject=subject_ref(c.s, case.subject_id),
        records=record_refs(c.s, [r.record_id for r in case.records]),
        received_on=case.received_on,
        grounds=tuple(case.grounds or ()),
        check_due_on=deadline.due if deadline else None,
        basis=_basis(c.profile, Step.OBJECTION_CHECK, Step.OBJECTION_CHECK_ASSISTED),
    )


def _forward_data(c: _Ctx) -> ObjectionForwardData:
    case = c.case
    provider = c.s.get(ProviderUnit, case.provider_id) if case.provider_id else None
    differs = case.check_result == CheckResult.DIFFERS.value
    suspend = c.profile.objection.suspend_when_provider_overdue
    overdue = ""
    if suspend is not None:
        overdue = render(
            "objection.forward_overdue_effect", {"basis": c.profile.cite(suspend.basis)}
        ).text
    method = ForwardMethod(case.forward_method) if case.forward_method else ForwardMethod.SYSTEM
    return ObjectionForwardData(
        issue=blank_issue(),
        case_no=case.case_no,
        provider=provider.name if provider else "信息提供单位",
        subject=subject_ref(c.s, case.subject_id),
        records=record_refs(c.s, [r.record_id for r in case.records]),
        received_on=case.received_on,
        grounds=tuple(case.grounds or ()),
        statement=case.statement,
        reply_due_on=case.next_due_on,
        basis=_basis(c.profile, Step.OBJECTION_FORWARD, Step.OBJECTION_PROVIDER_REPLY),
        finding=(
            "经比对，平台记载的下列信息与贵单位报送的信息不一致，贵单位为异议处理的责任主体"
            if differs
            else ""
        ),
        delivery=f"{method.label}（{case.forwarded_on:%Y年%m月%d日}发出）"
        if case.forwarded_on
        else method.label,
        overdue_effect=overdue,
    )


def _result_data(c: _Ctx) -> ObjectionResultData:
    case = c.case
    profile = c.profile
    outcome = case.outcome or ""
    if outcome == "corrected":
        text = "异议成立。经比对，平台记载的信息与信息提供单位报送的信息不一致，本中心已予以更正。"
        steps: tuple[Step, ...] = (Step.OBJECTION_CHECK, Step.OBJECTION_NOTIFY_CORRECTION)
        explanation = "更正后的信息已替代原信息对外提供；原信息保留在本中心的变更记录中。"
    else:
        reply = ReplyOutcome(outcome) if outcome in ReplyOutcome._value2member_map_ else None
        text = (reply.label if reply else "已办理") + "。"
        steps = (Step.OBJECTION_PROVIDER_REPLY, Step.OBJECTION_NOTIFY_RESULT)
        last_reply = next(
            (st for st in reversed(case.steps) if st.event == ObjectionEvent.REPLY.value), None
        )
        reasons = (last_reply.note or "") if last_reply else ""
        if reply is ReplyOutcome.NOT_UPHELD:
            explanation = (
                f"信息提供单位核查后维持原信息，理由：{reasons}"
                if reasons
                else ("信息提供单位核查后维持原信息。")
            )
        elif reply is ReplyOutcome.UNVERIFIABLE:
            explanation = f"相关信息已停止披露，删除原因：{reasons}"
        elif reply is ReplyOutcome.UPHELD_DELETED:
            explanation = "相关信息已删除，不再对外提供。"
        else:
            explanation = "相关信息已按信息提供单位核查结果更正。"
    return ObjectionResultData(
        issue=blank_issue(),
        case_no=case.case_no,
        applicant=applicant_party(
            case.applicant_name, case.applicant_doc_type, case.applicant_doc_number
        ),
        subject=subject_ref(c.s, case.subject_id),
        records=record_refs(c.s, [r.record_id for r in case.records]),
        received_on=case.received_on,
        outcome=text,
        explanation=explanation,
        remedy=_remedy(profile),
        basis=_basis(profile, *steps),
    )


def _remedy(profile: Profile) -> str:
    rules = profile.objection
    if rules.appeal_to is not None:
        return render(
            "objection.remedy_appeal",
            {"authority": rules.appeal_to.value, "basis": profile.cite(rules.appeal_to.basis)},
        ).text
    keep = rules.keep_annotation_if_disputed
    if keep is not None and keep.value:
        return render("objection.remedy_annotation", {"basis": profile.cite(keep.basis)}).text
    return render("objection.remedy_general", {}).text


# --- reading a case -------------------------------------------------------------------------


def get_case(
    db: Database,
    case_no: str,
    *,
    actor: Actor,
    today: date | None = None,
    log: bool = True,
) -> CaseDetail:
    """The case view: the records beside the provider's submission, the timeline with each
    step's due date and legal basis, the documents, and what this user may do now."""
    authz.require(actor, Permission.OBJECTION_READ)
    today = today or local_today()
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        case = s.scalar(select(Objection).where(Objection.case_no == (case_no or "").strip()))
        if case is None:
            raise NotFound("objection.not_found", case_no=case_no)
        profile = profile_of(s)
        thresholds = load_from_session(s).thresholds
        subject = s.get(Subject, case.subject_id)
        assert subject is not None
        detail = _detail(s, case, subject, profile, calendar, actor, today, thresholds)
        if log:
            log_case_read(s, actor, subject, f"异议案件办理（{case.case_no}）", len(detail.records))
        uow.commit()
    return detail


def _detail(
    s: Session,
    case: Objection,
    subject: Subject,
    profile: Profile,
    calendar: WorkingCalendar,
    actor: Actor,
    today: date,
    thresholds: Any,
) -> CaseDetail:
    state = ObjectionState(case.state)
    kind = SubjectKind(subject.kind)
    rows = s.execute(
        select(CreditRecord, CatalogItem)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .where(CreditRecord.id.in_([r.record_id for r in case.records]))
        .order_by(CreditRecord.id)
    ).all()
    versions = dict(
        s.execute(
            select(CreditRecordVersion.record_id, func.count())
            .where(CreditRecordVersion.record_id.in_([r.id for r, _ in rows]))
            .group_by(CreditRecordVersion.record_id)
        ).all()
    )
    records = tuple(
        CaseRecord(
            id=r.id,
            catalogue_item=item.name,
            document_number=r.document_number,
            decision_date=r.decision_date,
            status=RecordStatus(r.status),
            status_reason=r.status_reason,
            comparison=_comparison(s, r, item),
            versions=int(versions.get(r.id, 0)),
        )
        for r, item in rows
    )
    user_ids = {st.actor_user_id for st in case.steps if st.actor_user_id}
    if case.assignee_user_id:
        user_ids.add(case.assignee_user_id)
    names = user_names(s, user_ids)
    provider = s.get(ProviderUnit, case.provider_id) if case.provider_id else None
    check_result = CheckResult(case.check_result) if case.check_result else None
    allowed = tuple(
        e
        for e in allowed_events(profile, state, check_result=check_result, disputed=case.disputed)
        if actor.may(_PERMISSION_OF[e])
    )
    gap = None
    left: int | None = None
    if case.next_due_on is not None:
        try:
            left = calendar.working_days_between(today, case.next_due_on)
        except CreditDeskError as exc:
            gap = exc.text
    docs = tuple(
        CaseDocument(number, DocumentType(doc_type), issued_at)
        for number, doc_type, issued_at in s.execute(
            select(IssuedDocument.number, IssuedDocument.doc_type, IssuedDocument.issued_at)
            .where(IssuedDocument.objection_id == case.id)
            .order_by(IssuedDocument.issued_at, IssuedDocument.id)
        )
    )
    attachments = tuple(
        CaseAttachment(info_of(att), AttachmentKind(link.kind))
        for link, att in s.execute(
            select(ObjectionAttachment, Attachment)
            .join(Attachment, ObjectionAttachment.attachment_id == Attachment.id)
            .where(ObjectionAttachment.objection_id == case.id)
            .order_by(ObjectionAttachment.added_at, Attachment.id)
        )
    )
    outcome = None
    if case.outcome and case.outcome.removeprefix("appeal_") in ReplyOutcome._value2member_map_:
        outcome = ReplyOutcome(case.outcome.removeprefix("appeal_"))
    agent_type = IdDocType.RESIDENT_ID
    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        row_version=case.row_version,
        state=state,
        subject_id=subject.id,
        subject_name=subject.name,
        subject_kind=kind,
        subject_display_code=display_code(kind, subject.code),
        applicant_name=case.applicant_name,
        applicant_display_number=display_document_number(
            IdDocType(case.applicant_doc_type), case.applicant_doc_number
        ),
        agent_name=case.agent_name,
        agent_display_number=display_document_number(agent_type, case.agent_doc_number)
        if case.agent_doc_number
        else None,
        applicant_phone=case.applicant_phone,
        grounds=tuple(case.grounds or ()),
        statement=case.statement,
        received_on=case.received_on,
        assisted=case.assisted,
        provider_id=case.provider_id,
        provider_name=provider.name if provider else "",
        check_result=check_result,
        forwarded_on=case.forwarded_on,
        forward_method=ForwardMethod(case.forward_method) if case.forward_method else None,
        provider_replied_on=case.provider_replied_on,
        outcome=outcome,
        outcome_label=_outcome_label(case.outcome),
        outcome_code=case.outcome,
        disputed=case.disputed,
        closed_on=case.closed_on,
        assignee_user_id=case.assignee_user_id,
        assignee_name=names.get(case.assignee_user_id, "") if case.assignee_user_id else "",
        next_step=case.next_step,
        next_step_label=step_label(case.next_step),
        due_on=case.next_due_on,
        due_basis=(step_basis(profile, case.due_step) if case.next_due_on else ""),
        working_days_left=left,
        light=due_light(left, thresholds) if case.next_due_on and gap is None else DueLight.NONE,
        records=records,
        timeline=_timeline(case, profile, names),
        documents=docs,
        attachments=attachments,
        allowed=allowed,
        reply_outcomes=reply_outcomes(profile),
        reasons_required=reasons_required(profile),
        appeal_to=profile.objection.appeal_to.value if profile.objection.appeal_to else None,
        profile_id=profile.id,
        calendar_gap=gap,
    )


_PERMISSION_OF: dict[ObjectionEvent, Permission] = {
    e: Permission.OBJECTION_HANDLE for e in ObjectionEvent
} | {
    ObjectionEvent.CORRECT: Permission.OBJECTION_CORRECT,
    ObjectionEvent.DECIDE_APPEAL: Permission.OBJECTION_CORRECT,
}


def _outcome_label(outcome: str | None) -> str:
    if not outcome:
        return ""
    if outcome == "corrected":
        return "平台信息已更正"
    if outcome == "withdrawn":
        return "申请人撤回"
    base = outcome.removeprefix("appeal_")
    label = ReplyOutcome(base).label if base in ReplyOutcome._value2member_map_ else base
    return f"申诉结果：{label}" if outcome.startswith("appeal_") else label


def _timeline(
    case: Objection, profile: Profile, names: Mapping[int, str]
) -> tuple[TimelineEntry, ...]:
    entries: list[TimelineEntry] = []
    for st in case.steps:
        on = (st.details or {}).get("on")
        done_on = date.fromisoformat(on) if on else None
        basis = ""
        try:
            rule = profile.steps.get(Step(st.step))
            basis = profile.cite(rule.basis) if rule else ""
        except ValueError:
            pass
        entries.append(
            TimelineEntry(
                occurred_at=st.occurred_at,
                step=st.step,
                step_label="受理" if st.event == "open" else step_label(st.step),
                event=st.event,
                event_label=_event_label(st.event),
                from_state=st.from_state,
                to_state=st.to_state,
                state_label=ObjectionState(st.to_state).label,
                actor_name=names.get(st.actor_user_id, "") if st.actor_user_id else "",
                due_on=st.due_on,
                on_time=(done_on <= st.due_on) if (done_on and st.due_on) else None,
                basis=basis,
                note=st.note or "",
                done_on=done_on,
            )
        )
    if case.next_step:
        entries.append(
            TimelineEntry(
                occurred_at=None,
                step=case.next_step,
                step_label=step_label(case.next_step),
                event="",
                event_label="待办",
                from_state=case.state,
                to_state=case.state,
                state_label=ObjectionState(case.state).label,
                actor_name="",
                due_on=case.next_due_on,
                on_time=None,
                basis=(step_basis(profile, case.due_step) if case.next_due_on else ""),
            )
        )
    return tuple(entries)


def list_cases(
    db: Database,
    *,
    actor: Actor,
    flt: CaseFilter | None = None,
    limit: int = 200,
    offset: int = 0,
    today: date | None = None,
) -> CaseList:
    """The case list, most urgent first (open cases by due date, then the closed ones)."""
    authz.require(actor, Permission.OBJECTION_READ)
    flt = flt or CaseFilter()
    today = today or local_today()
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        where = []
        if flt.provider_id is not None:
            where.append(Objection.provider_id == flt.provider_id)
        if flt.unassigned:
            where.append(Objection.assignee_user_id.is_(None))
        elif flt.assignee_user_id is not None:
            where.append(Objection.assignee_user_id == flt.assignee_user_id)
        listed = list_case_rows(
            s,
            Objection,
            open_states=OPEN_OBJECTION_STATES,
            states=flt.states or (),
            open_only=flt.open_only,
            text=flt.text,
            where=where,
            calendar=calendar,
            today=today,
            thresholds=load_from_session(s).thresholds,
            light=flt.light,
        )
        providers = tuple(
            (pid, name)
            for pid, name in s.execute(
                select(ProviderUnit.id, ProviderUnit.name)
                .where(ProviderUnit.id.in_(select(Objection.provider_id).distinct()))
                .order_by(ProviderUnit.name)
            )
        )
    rows = [
        CaseRow(
            **CaseRowBase.columns_of(r),
            state=ObjectionState(r.case.state),
            disputed=r.case.disputed,
        )
        for r in listed
    ]
    total = len(rows)
    return CaseList(tuple(rows[offset : offset + max(1, limit)]), total, providers)


def attachment_content(
    db: Database, case_no: str, attachment_id: int, *, actor: Actor
) -> tuple[AttachmentInfo, bytes]:
    """An evidence file of the case, to open; reading it is logged like the case view."""
    authz.require(actor, Permission.OBJECTION_READ)
    with db.uow() as uow:
        s = uow.session
        case = s.scalar(select(Objection).where(Objection.case_no == case_no))
        if case is None:
            raise NotFound("objection.not_found", case_no=case_no)
        link = s.get(ObjectionAttachment, (case.id, attachment_id))
        if link is None:
            raise NotFound("objection.attachment_not_found", case_no=case_no, id=attachment_id)
        att = s.get(Attachment, attachment_id)
        assert att is not None
        subject = s.get(Subject, case.subject_id)
        assert subject is not None
        log_case_read(s, actor, subject, f"异议案件材料（{case.case_no}）：{att.display_name}", 0)
        result = (info_of(att), bytes(att.content))
        uow.commit()
    return result
