"""Credit repair (信用修复): application, materials listed once, the conditions checklist,
provider confirmation, the clerk's pre-review and a different supervisor's decision (four
eyes), Nantong's public notice, the effect on the records, and revocation (issue 7).

Like objections, every action is one transaction that locks the case, checks the version the
user saw, the role, the state and the profile, writes the step, the audit event, any record
change (a new version: the original stays in history; a repaired record is never deleted) and
any letter (信用修复决定书 / 不予修复告知书). The rules — who takes applications, which materials,
which refusals, which conditions, which steps — are in ``app.rules.repair_flow``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
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
    IssuedDocument,
    ProviderUnit,
    RepairApplication,
    RepairAttachment,
    RepairDecision,
    RepairRecord,
    RepairStep,
    Subject,
)
from app.domain.caseflow import (
    OPEN_REPAIR_STATES,
    DueLight,
    RepairEvent,
    RepairState,
    due_light,
    repair_transition,
    step_label,
)
from app.domain.enums import (
    Audience,
    ChangeKind,
    DocumentType,
    IdDocType,
    InfoClass,
    RecordStatus,
    SubjectKind,
)
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.rules.calendar import WorkingCalendar
from app.rules.deadlines import step_deadline
from app.rules.disclosure import disclosure_end
from app.rules.profiles import NationalLayer, Profile, Step
from app.rules.repair_flow import (
    ConditionCheck,
    ConditionStatus,
    Material,
    RepairFacts,
    SimilarRecord,
    allowed_repair_events,
    check_conditions,
    clean_period_end,
    has_publicity,
    next_repair_step,
    refusals,
    required_materials,
)
from app.rules.visibility import HiddenReason, decide_visibility
from app.services import authz, rules
from app.services.applicants import ApplicantInput, check_applicant, clean_text, field_error
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
from app.services.record_view import load_records
from app.services.settings import load_from_session
from app.services.subject_search import display_code
from reports.dto import RepairDecisionData, RepairRefusalData

MAX_TEXT = 2000
MAX_NOTE = 1000


class Lodged(StrEnum):
    CENTER = "center"
    PROVIDER = "provider"

    @property
    def label(self) -> str:
        return {"center": "信用中心", "provider": "信息提供单位"}[self.value]


class DecisionKind(StrEnum):
    PROVIDER = "provider_confirmation"
    PREREVIEW = "prereview"
    DECISION = "decision"
    PUBLICITY_OBJECTION = "publicity_objection"
    PUBLICITY_RESULT = "publicity_objection_result"
    REVOCATION = "revocation"

    @property
    def label(self) -> str:
        return {
            "provider_confirmation": "提供单位书面意见",
            "prereview": "初审意见",
            "decision": "审批决定",
            "publicity_objection": "公示期异议",
            "publicity_objection_result": "公示异议核实结果",
            "revocation": "撤销修复",
        }[self.value]


_OUTCOME_LABELS = {
    "agree": "同意修复",
    "disagree": "不同意修复",
    "approved": "准予修复",
    "rejected": "不予修复",
    "open": "待核实",
    "founded": "异议成立",
    "unfounded": "异议不成立",
    "revoked": "撤销修复",
}


class RepairAction:
    APPLIED = "repair.applied"
    ASSIGNED = "repair.assigned"

    @staticmethod
    def of(event: RepairEvent) -> str:
        return f"repair.{event.value}"


# --- input and output -------------------------------------------------------------------------


@dataclass(frozen=True)
class RepairInput:
    subject_code: str
    record_ids: tuple[int, ...]
    applicant: ApplicantInput
    lodged_with: Lodged
    corrected_on: date | None
    materials: Mapping[Material, Upload]  # at most one file per kind (scan several pages)
    statement: str = ""
    received_on: date | None = None


@dataclass(frozen=True)
class Candidate:
    """A record of the subject as listed at intake, with why it cannot be repaired, if so."""

    id: int
    catalogue_item: str
    provider: str
    document_number: str
    decision_date: date
    status: RecordStatus
    info_class: InfoClass
    refusal: str | None
    national_min_end: date | None

    @property
    def repairable(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class Candidates:
    subject_id: int
    subject_name: str
    subject_kind: SubjectKind
    display_code: str
    records: tuple[Candidate, ...]
    lodged_options: tuple[Lodged, ...]
    lodged_basis: str
    conditions: tuple[str, ...]  # the profile's conditions in its words
    conditions_basis: str
    materials_person: tuple[Material, ...]  # required for the subject itself, no agent
    materials_with_agent: tuple[Material, ...]
    clean_period_months: int | None
    log_seq: int


@dataclass(frozen=True)
class DecisionRow:
    kind: DecisionKind
    outcome: str
    outcome_label: str
    reasons: str
    document_number: str
    document_date: date | None
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class RepairTimelineEntry:
    occurred_at: datetime | None
    step_label: str
    event: str
    event_label: str
    state_label: str
    actor_name: str
    due_on: date | None
    basis: str
    note: str = ""


@dataclass(frozen=True)
class RepairRecordRow:
    id: int
    catalogue_item: str
    document_number: str
    decision_date: date
    status: RecordStatus
    national_min_end: date | None


@dataclass(frozen=True)
class RepairDetail:
    id: int
    case_no: str
    row_version: int
    state: RepairState
    subject_id: int
    subject_name: str
    subject_display_code: str
    applicant_name: str
    applicant_display_number: str
    agent_name: str | None
    agent_display_number: str | None
    applicant_phone: str | None
    statement: str
    lodged_with: Lodged
    received_on: date
    corrected_on: date | None
    provider_name: str
    records: tuple[RepairRecordRow, ...]
    conditions: tuple[ConditionCheck, ...]
    materials: tuple[Material, ...]
    missing_materials: tuple[Material, ...]
    decisions: tuple[DecisionRow, ...]
    timeline: tuple[RepairTimelineEntry, ...]
    documents: tuple[tuple[str, DocumentType, datetime], ...]
    attachments: tuple[tuple[AttachmentInfo, Material | str], ...]
    next_step: str | None
    next_step_label: str
    due_on: date | None
    due_basis: str
    working_days_left: int | None
    light: DueLight
    publicity_started_on: date | None
    effective_on: date | None
    closed_on: date | None
    created_by: str
    prereviewed_by: str
    decided_by: str
    created_by_user_id: int | None
    prereviewed_by_user_id: int | None
    publicity_follows: bool  # approval opens a public notice (Nantong 第三十五条)
    publicity_basis: str  # its period and article
    assignee_name: str
    provider_confirmed: bool
    open_objections: int
    allowed: tuple[RepairEvent, ...]
    profile_id: str

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REPAIR_STATES

    def may(self, event: RepairEvent) -> bool:
        return event in self.allowed


@dataclass(frozen=True)
class RepairRow(CaseRowBase):
    state: RepairState

    @property
    def state_label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class RepairFilter:
    states: frozenset[RepairState] | None = None
    open_only: bool = False
    awaiting_decision: bool = False  # the supervisors' queue (待主管审批)
    text: str = ""


@dataclass(frozen=True)
class RepairResult:
    case: RepairDetail
    document: IssuedDocumentResult | None = None


# --- the profile ----------------------------------------------------------------------------


def _profile(s: Session) -> Profile:
    profile = profile_of(s)
    if profile.repair is None:
        raise CreditDeskError("repair.not_provided", regulation=profile.regulation)
    return profile


# --- facts about records --------------------------------------------------------------------


def _open_cases(s: Session, record_ids: Sequence[int]) -> dict[int, str]:
    if not record_ids:
        return {}
    rows = s.execute(
        select(RepairRecord.record_id, RepairApplication.case_no)
        .join(RepairApplication, RepairRecord.repair_id == RepairApplication.id)
        .where(
            RepairRecord.record_id.in_(list(record_ids)),
            RepairApplication.state.in_([st.value for st in OPEN_REPAIR_STATES]),
        )
    )
    return {rid: case_no for rid, case_no in rows}


def _earlier(s: Session, record_ids: Sequence[int], exclude: int | None = None) -> dict[int, int]:
    if not record_ids:
        return {}
    done = [RepairState.REJECTED.value, RepairState.REPAIRED.value, RepairState.REVOKED.value]
    query = (
        select(RepairRecord.record_id, func.count())
        .join(RepairApplication, RepairRecord.repair_id == RepairApplication.id)
        .where(RepairRecord.record_id.in_(list(record_ids)), RepairApplication.state.in_(done))
        .group_by(RepairRecord.record_id)
    )
    if exclude is not None:
        query = query.where(RepairApplication.id != exclude)
    return {rid: int(n) for rid, n in s.execute(query)}


def _facts(
    s: Session,
    subject: Subject,
    profile: Profile,
    layer: NationalLayer,
    today: date,
    *,
    exclude_case: int | None = None,
) -> dict[int, tuple[RepairFacts, CreditRecord]]:
    kind = SubjectKind(subject.kind)
    loaded = {r.record_id: r for r in load_records(s, {subject.id: kind})[subject.id]}
    records = list(s.scalars(select(CreditRecord).where(CreditRecord.subject_id == subject.id)))
    ids = [r.id for r in records]
    open_cases = _open_cases(s, ids)
    if exclude_case is not None:
        own = set(
            s.scalars(select(RepairRecord.record_id).where(RepairRecord.repair_id == exclude_case))
        )
        open_cases = {k: v for k, v in open_cases.items() if k not in own}
    earlier = _earlier(s, ids, exclude_case)
    national = layer.national_version_on(today)
    out: dict[int, tuple[RepairFacts, CreditRecord]] = {}
    for record in records:
        rec = loaded[record.id]
        try:
            vis = decide_visibility(profile, rec.facts, Audience.SELF, today, national_layer=layer)
            shown = vis.reason is not HiddenReason.EXPIRED
        except CreditDeskError:
            shown = True  # dates missing: the period cannot be computed; confirmed by hand
        min_end = None
        citation = national.citation if national else ""
        if record.penalty_class is not None:
            try:
                end = disclosure_end(
                    profile,
                    info_class=rec.info_class,
                    severity=record.severity,
                    list_type=record.list_type,
                    act_ended=record.act_ended_on,
                    formed=record.formed_on,
                    determined=record.determined_on or record.decision_date,
                    listed=record.listed_on,
                    penalty_class=record.penalty_class,
                    national_layer=layer,
                )
                if end.national is not None:
                    min_end = end.national.min_end
                    citation = end.national.citation
            except CreditDeskError:
                min_end = None
        out[record.id] = (
            RepairFacts(
                document_number=record.document_number,
                info_class=rec.info_class,
                status=RecordStatus(record.status),
                shown_today=shown,
                national=national,
                national_min_end=min_end,
                national_citation=citation,
                earlier_applications=earlier.get(record.id, 0),
                open_case_no=open_cases.get(record.id),
            ),
            record,
        )
    return out


def _similar(
    s: Session,
    subject_id: int,
    records: Sequence[CreditRecord],
    corrected_on: date | None,
    profile: Profile,
    today: date,
) -> list[SimilarRecord]:
    """Nantong 第三十四条: dishonest records of the same kind after the correction date."""
    if corrected_on is None:
        return []
    end = clean_period_end(profile, corrected_on)
    if end is None:
        return []
    items = {r.catalog_item_id for r in records}
    rows = s.execute(
        select(CreditRecord.document_number, CreditRecord.decision_date, CatalogItem.name)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .where(
            CreditRecord.subject_id == subject_id,
            CreditRecord.catalog_item_id.in_(items),
            CreditRecord.id.notin_([r.id for r in records]),
            CreditRecord.decision_date > corrected_on,
            CreditRecord.decision_date <= min(end, today),
            CatalogItem.info_class == InfoClass.DISHONEST,
            # a revoked decision or a record deleted as wrong is no act at all
            CreditRecord.status.notin_([RecordStatus.REVOKED, RecordStatus.DELETED]),
        )
        .order_by(CreditRecord.decision_date)
    ).all()
    return [SimilarRecord(doc, decided, item) for doc, decided, item in rows]


# --- reading candidates for intake ----------------------------------------------------------


def candidates(
    db: Database, subject_code: str, *, actor: Actor, today: date | None = None
) -> Candidates:
    """The subject's records with whether each can be repaired and why not (logged)."""
    authz.require(actor, Permission.REPAIR_HANDLE)
    today = today or local_today()
    layer = rules.national_layer()
    with db.uow() as uow:
        s = uow.session
        profile = _profile(s)
        assert profile.repair is not None
        subject = find_subject(s, subject_code, msg_prefix="repair")
        facts = _facts(s, subject, profile, layer, today)
        names = dict(
            s.execute(
                select(CreditRecord.id, CatalogItem.name)
                .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
                .where(CreditRecord.subject_id == subject.id)
            ).all()
        )
        providers = dict(
            s.execute(
                select(CreditRecord.id, ProviderUnit.name)
                .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
                .where(CreditRecord.subject_id == subject.id)
            ).all()
        )
        rows = []
        for rid, (f, record) in sorted(
            facts.items(), key=lambda kv: (kv[1][1].decision_date, kv[0]), reverse=True
        ):
            reasons = refusals(profile, f, today)
            rows.append(
                Candidate(
                    id=rid,
                    catalogue_item=names[rid],
                    provider=providers[rid],
                    document_number=record.document_number,
                    decision_date=record.decision_date,
                    status=f.status,
                    info_class=f.info_class,
                    refusal=render(reasons[0][0], reasons[0][1]).text if reasons else None,
                    national_min_end=f.national_min_end,
                )
            )
        kind = SubjectKind(subject.kind)
        org = kind is not SubjectKind.NATURAL_PERSON
        national = layer.national_version_on(today)
        rules_ = profile.repair
        seq = log_case_read(s, actor, subject, "信用修复受理：选择修复信息", len(rows))
        result = Candidates(
            subject_id=subject.id,
            subject_name=subject.name,
            subject_kind=kind,
            display_code=display_code(kind, subject.code),
            records=tuple(rows),
            lodged_options=tuple(Lodged(v) for v in rules_.apply_to.value),
            lodged_basis=profile.cite(rules_.apply_to.basis),
            conditions=tuple(rules_.conditions.value),
            conditions_basis=profile.cite(rules_.conditions.basis),
            materials_person=required_materials(profile, national, organisation=org, has_agent=org),
            materials_with_agent=required_materials(
                profile, national, organisation=org, has_agent=True
            ),
            clean_period_months=rules_.clean_period_months.value
            if rules_.clean_period_months
            else None,
            log_seq=seq,
        )
        uow.commit()
    return result


# --- intake -----------------------------------------------------------------------------------


def _check_lodged(profile: Profile, lodged: Lodged | str) -> Lodged:
    assert profile.repair is not None
    rule = profile.repair.apply_to
    try:
        value = Lodged(lodged)
    except ValueError:
        value = None
    if value is None or value.value not in rule.value:
        raise field_error(
            "lodged_with",
            "repair.lodged_with",
            regulation=profile.regulation,
            allowed="或".join(Lodged(v).label for v in rule.value),
            basis=profile.cite(rule.basis),
        )
    return value


def _check_materials(materials: Mapping[Material, Upload]) -> dict[Material, Upload]:
    out: dict[Material, Upload] = {}
    for kind, upload in materials.items():
        try:
            material = Material(kind)
        except ValueError:
            raise field_error("materials", "repair.material_unknown", kind=kind) from None
        check_upload(upload, field=f"materials.{material.value}")
        out[material] = upload
    return out


def apply(
    db: Database, data: RepairInput, *, actor: Actor, today: date | None = None
) -> RepairDetail:
    """Register an application: refusals first (nothing stored), then the materials (missing
    ones listed once → 待补正), the conditions checklist, the case number."""
    authz.require(actor, Permission.REPAIR_HANDLE)
    today = today or local_today()
    layer = rules.national_layer()
    with db.uow() as uow:
        s = uow.session
        profile = _profile(s)
        subject = find_subject(s, data.subject_code, msg_prefix="repair")
        applicant = check_applicant(s, subject, data.applicant)
        lodged = _check_lodged(profile, data.lodged_with)
        ids = list(dict.fromkeys(int(i) for i in data.record_ids))
        if not ids:
            raise field_error("records", "repair.records_required")
        facts = _facts(s, subject, profile, layer, today)
        problems: list[str] = []
        for rid in ids:
            if rid not in facts:
                raise field_error("records", "repair.record_unknown", record_id=rid)
            problems.extend(render(m, p).text for m, p in refusals(profile, facts[rid][0], today))
        if problems:
            raise ValidationFailed(field_errors={"records": problems})
        records = [facts[rid][1] for rid in ids]
        providers = {r.provider_id for r in records}
        if len(providers) > 1:
            raise field_error("records", "repair.several_providers", count=len(providers))
        corrected_on = _check_corrected(data.corrected_on, records, today)
        materials = _check_materials(data.materials)
        statement = clean_text(
            data.statement, name="statement", label="申请事由", limit=MAX_TEXT, required=False
        )
        received_on = check_day(data.received_on, today, name="received_on")
        organisation = SubjectKind(subject.kind) is not SubjectKind.NATURAL_PERSON
        required = required_materials(
            profile,
            layer.national_version_on(today),
            organisation=organisation,
            has_agent=applicant.agent_name is not None,
        )
        provided = set(materials)
        if data.applicant.mandate is not None:
            provided.add(Material.MANDATE)
        missing = [m for m in required if m not in provided]
        state = RepairState.SUPPLEMENT_REQUESTED if missing else RepairState.REGISTERED
        conditions = check_conditions(
            profile,
            [facts[rid][0] for rid in ids],
            today=today,
            corrected_on=corrected_on,
            similar=_similar(s, subject.id, records, corrected_on, profile, today),
            provided=frozenset(provided),
            required=required,
        )
        case = RepairApplication(
            case_no=next_case_number(s, division_code=profile.division_code, on=today),
            subject_id=subject.id,
            applicant_name=applicant.name,
            applicant_doc_type=applicant.doc_type,
            applicant_doc_number=applicant.doc_number,
            agent_name=applicant.agent_name,
            agent_doc_number=applicant.agent_doc_number,
            applicant_phone=applicant.phone,
            lodged_with=lodged.value,
            received_on=received_on,
            corrected_on=corrected_on,
            state=state.value,
            conditions=[c.as_dict() for c in conditions],
            materials=sorted(m.value for m in provided),
            missing_materials=[m.value for m in missing],
            next_step=next_repair_step(profile, state, provider_confirmed=False),
            provider_id=providers.pop(),
            assignee_user_id=actor.user_id,
            created_by_user_id=actor.user_id,
        )
        s.add(case)
        s.flush()
        for record in records:
            s.add(RepairRecord(repair_id=case.id, record_id=record.id))
        if data.applicant.mandate is not None:
            _attach(s, case, data.applicant.mandate, Material.MANDATE, actor)
        for material, upload in materials.items():
            _attach(s, case, upload, material, actor)
        s.add(
            RepairStep(
                repair_id=case.id,
                step="repair.apply",
                event="apply",
                from_state="",
                to_state=state.value,
                actor_user_id=actor.user_id,
                occurred_at=utc_now(),
                note=statement or None,
                details={
                    "on": received_on.isoformat(),
                    "missing": [m.value for m in missing],
                    "records": ids,
                },
            )
        )
        record_event(
            s,
            action=RepairAction.APPLIED,
            entity_type="repair",
            entity_id=case.case_no,
            actor_user_id=actor.user_id,
            details={
                "subject_id": subject.id,
                "records": ids,
                "missing": [m.value for m in missing],
            },
        )
        case_no = case.case_no
        uow.commit()
    return get_repair(db, case_no, actor=actor, today=today, log=False)


def _check_corrected(
    corrected_on: date | None, records: Sequence[CreditRecord], today: date
) -> date:
    if corrected_on is None:
        raise field_error("corrected_on", "repair.corrected_on_required")
    if corrected_on > today:
        raise field_error("corrected_on", "repair.corrected_in_future", day=corrected_on)
    for r in records:
        if corrected_on < r.decision_date:
            raise field_error(
                "corrected_on",
                "repair.corrected_before_decision",
                day=corrected_on,
                record=r.document_number,
                decided=r.decision_date,
            )
    return corrected_on


def _attach(
    s: Session, case: RepairApplication, upload: Upload, kind: Material | str, actor: Actor
) -> None:
    row = store_attachment(s, upload, user_id=actor.user_id)
    exists = s.get(RepairAttachment, (case.id, row.id))
    if exists is None:
        s.add(RepairAttachment(repair_id=case.id, attachment_id=row.id, kind=str(kind)))


# --- moving a case ----------------------------------------------------------------------------


_PERMISSION_OF: dict[RepairEvent, Permission] = {
    e: Permission.REPAIR_HANDLE for e in RepairEvent
} | {
    RepairEvent.APPROVE: Permission.REPAIR_DECIDE,
    RepairEvent.REJECT: Permission.REPAIR_DECIDE,
    RepairEvent.RESOLVE_OBJECTION: Permission.REPAIR_DECIDE,
    RepairEvent.REVOKE: Permission.REPAIR_DECIDE,
}
_FOUR_EYES = frozenset({RepairEvent.APPROVE, RepairEvent.REJECT})


@dataclass
class _Ctx:
    s: Session
    case: RepairApplication
    profile: Profile
    calendar: WorkingCalendar
    today: date


def _lock(s: Session, case_no: str, expected_version: int | None) -> RepairApplication:
    case = s.scalar(
        select(RepairApplication)
        .where(RepairApplication.case_no == (case_no or "").strip())
        .with_for_update()
    )
    if case is None:
        raise NotFound("repair.not_found", case_no=case_no)
    if expected_version is not None and case.row_version != expected_version:
        last = case.steps[-1] if case.steps else None
        who = user_names(s, [last.actor_user_id] if last else [])
        raise ConcurrencyConflict(
            "repair.conflict",
            case_no=case.case_no,
            by=who.get(last.actor_user_id or 0, "其他用户") if last else "其他用户",
            event=_event_label(last.event) if last else "处理",
            state=RepairState(case.state).label,
        )
    return case


def _event_label(value: str) -> str:
    try:
        return RepairEvent(value).label
    except ValueError:
        return {"apply": "登记申请", "assign": "分派"}.get(value, value)


def _decisions(case: RepairApplication, kind: DecisionKind) -> list[RepairDecision]:
    return [d for d in case.decisions if d.kind == kind.value]


def _provider_confirmed(case: RepairApplication) -> bool:
    return bool(_decisions(case, DecisionKind.PROVIDER))


def _open_objections(case: RepairApplication) -> int:
    return len(_decisions(case, DecisionKind.PUBLICITY_OBJECTION)) - len(
        _decisions(case, DecisionKind.PUBLICITY_RESULT)
    )


def _founded(case: RepairApplication) -> bool:
    return any(d.outcome == "founded" for d in _decisions(case, DecisionKind.PUBLICITY_RESULT))


def _publicity_over(case: RepairApplication, today: date) -> bool:
    return case.next_due_on is not None and today > case.next_due_on


def _allowed(profile: Profile, case: RepairApplication, today: date) -> tuple[RepairEvent, ...]:
    events = allowed_repair_events(
        profile,
        RepairState(case.state),
        provider_confirmed=_provider_confirmed(case),
        open_objections=_open_objections(case),
        publicity_over=_publicity_over(case, today),
    )
    if _founded(case):
        events = tuple(e for e in events if e is not RepairEvent.TAKE_EFFECT)
    return events


def _require_event(c: _Ctx, event: RepairEvent) -> RepairState:
    state = RepairState(c.case.state)
    target = repair_transition(state, event)
    allowed = _allowed(c.profile, c.case, c.today)
    if target is None or event not in allowed:
        if (
            event is RepairEvent.TAKE_EFFECT
            and state is RepairState.PUBLICIZED
            and not _publicity_over(c.case, c.today)
            and c.case.next_due_on is not None
        ):
            rule = c.profile.steps[Step.REPAIR_PUBLICITY]
            raise InvalidTransition(
                "repair.publicity_running",
                due=c.case.next_due_on.isoformat(),
                basis=c.profile.cite(rule.basis),
            )
        raise InvalidTransition(
            "repair.not_allowed",
            case_no=c.case.case_no,
            action=event.label,
            state=state.label,
            allowed="、".join(e.label for e in allowed) or "无（案件已办结）",
        )
    return target


def _four_eyes(case: RepairApplication, actor: Actor) -> None:
    if actor.user_id is not None and actor.user_id == case.created_by_user_id:
        raise PermissionDenied("repair.four_eyes", role="受理", case_no=case.case_no)
    if actor.user_id is not None and actor.user_id == case.prereviewed_by_user_id:
        raise PermissionDenied("repair.four_eyes", role="初审", case_no=case.case_no)


def _move(
    c: _Ctx,
    event: RepairEvent,
    actor: Actor,
    *,
    on: date,
    note: str = "",
    details: Mapping[str, Any] | None = None,
) -> None:
    target = _require_event(c, event)
    case = c.case
    c.s.add(
        RepairStep(
            repair_id=case.id,
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
    entering = case.state != target.value
    case.state = target.value
    case.next_step = next_repair_step(
        c.profile, target, provider_confirmed=_provider_confirmed(case)
    )
    if target is RepairState.PUBLICIZED:
        if entering:  # the notice runs from its start; objections do not restart it
            case.due_step, case.due_start = Step.REPAIR_PUBLICITY.value, on
            deadline = step_deadline(c.profile, case.due_step, on, c.calendar)
            case.next_due_on = deadline.due if deadline else None
    else:
        case.due_step = case.due_start = case.next_due_on = None
    if target not in OPEN_REPAIR_STATES:
        case.closed_on = on
    record_event(
        c.s,
        action=RepairAction.of(event),
        entity_type="repair",
        entity_id=case.case_no,
        actor_user_id=actor.user_id,
        details={"state": target.value, "on": on.isoformat(), **dict(details or {})},
    )


def _act(
    db: Database,
    case_no: str,
    expected_version: int | None,
    actor: Actor,
    event: RepairEvent | None,
    body: Any,
    *,
    today: date,
    permission: Permission | None = None,
) -> RepairResult:
    authz.require(
        actor, _PERMISSION_OF[event] if event else (permission or Permission.REPAIR_DECIDE)
    )
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        case = _lock(s, case_no, expected_version)
        ctx = _Ctx(s, case, _profile(s), calendar, today)
        if event is not None:
            _require_event(ctx, event)
            if event in _FOUR_EYES:
                _four_eyes(case, actor)
        # one UPDATE of the case per action, so its row_version moves by exactly one — also
        # for steps that change no column of the case (a notice-period objection)
        before = case.row_version
        with s.no_autoflush:
            document = body(ctx)
        if case.row_version == before:  # not flushed inside the action yet
            flag_modified(case, "state")
        s.flush()
        uow.commit()
        number = case.case_no
    return RepairResult(get_repair(db, number, actor=actor, today=today, log=False), document)


def _note(text: str, *, label: str = "办理意见", required: bool = False) -> str:
    return clean_text(text, name="note", label=label, limit=MAX_NOTE, required=required)


def _decide(
    c: _Ctx,
    kind: DecisionKind,
    outcome: str,
    actor: Actor,
    *,
    reasons: str = "",
    document_number: str = "",
    document_date: date | None = None,
) -> None:
    c.case.decisions.append(  # in memory at once: later checks in this action see it
        RepairDecision(
            kind=kind.value,
            outcome=outcome,
            reasons=reasons or None,
            document_number=document_number or None,
            document_date=document_date,
            decided_by_user_id=actor.user_id,
            decided_at=utc_now(),
        )
    )


def _recheck(
    c: _Ctx, confirmed_by: str = "", confirmed: Collection[str] = ()
) -> list[ConditionCheck]:
    """The checklist as of today; manual items the clerk confirmed become met."""
    layer = rules.national_layer()
    subject = c.s.get(Subject, c.case.subject_id)
    assert subject is not None
    facts = _facts(c.s, subject, c.profile, layer, c.today, exclude_case=c.case.id)
    ids = [r.record_id for r in c.case.records]
    records = [facts[i][1] for i in ids]
    organisation = SubjectKind(subject.kind) is not SubjectKind.NATURAL_PERSON
    required = required_materials(
        c.profile,
        layer.national_version_on(c.case.received_on),
        organisation=organisation,
        has_agent=c.case.agent_name is not None,
    )
    checks = list(
        check_conditions(
            c.profile,
            [facts[i][0] for i in ids],
            today=c.today,
            corrected_on=c.case.corrected_on,
            similar=_similar(c.s, subject.id, records, c.case.corrected_on, c.profile, c.today),
            provided=frozenset(Material(m) for m in c.case.materials),
            required=required,
        )
    )
    previous = {d["key"]: d for d in c.case.conditions or []}
    out = []
    for check in checks:
        if check.status is ConditionStatus.MANUAL:
            before = previous.get(check.key)
            if check.key in confirmed:
                check = ConditionCheck(
                    check.key,
                    check.label,
                    ConditionStatus.MET,
                    f"已核对材料确认（{confirmed_by}，{c.today.isoformat()}）",
                    check.basis,
                )
            elif before and before["status"] == ConditionStatus.MET.value:
                check = ConditionCheck.from_dict(before)
        out.append(check)
    c.case.conditions = [x.as_dict() for x in out]
    return out


def supplement(
    db: Database,
    case_no: str,
    *,
    materials: Mapping[Material, Upload],
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """The materials listed once are handed in; all of them, or nothing is stored."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        given = _check_materials(materials)
        have = set(c.case.materials) | {m.value for m in given}
        still = [m for m in c.case.missing_materials if m not in have]
        if still:
            raise field_error(
                "materials",
                "repair.supplement_incomplete",
                missing="、".join(Material(m).label for m in still),
            )
        for material, upload in given.items():
            _attach(c.s, c.case, upload, material, actor)
        c.case.materials = sorted(have)
        c.case.missing_materials = []
        _move(c, RepairEvent.SUPPLEMENT, actor, on=today, details={"materials": sorted(given)})
        _recheck(c)

    return _act(db, case_no, expected_version, actor, RepairEvent.SUPPLEMENT, body, today=today)


def accept(
    db: Database,
    case_no: str,
    *,
    note: str = "",
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    today = today or local_today()

    def body(c: _Ctx) -> None:
        _move(c, RepairEvent.ACCEPT, actor, on=today, note=_note(note))
        _recheck(c)

    return _act(db, case_no, expected_version, actor, RepairEvent.ACCEPT, body, today=today)


def decline(
    db: Database,
    case_no: str,
    *,
    reasons: str,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """不予受理: the reasons are recorded and the case closes."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        why = _note(reasons, label="不予受理的理由", required=True)
        _move(c, RepairEvent.DECLINE, actor, on=today, note=why)

    return _act(db, case_no, expected_version, actor, RepairEvent.DECLINE, body, today=today)


def forward(
    db: Database,
    case_no: str,
    *,
    note: str = "",
    sent_on: date | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """To the provider unit for its written repair confirmation (Zhangdian 第三十四条) or
    opinion (Nantong 第三十五条)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        day = check_day(sent_on, today, name="sent_on", not_before=last_step_day(c.case))
        _move(c, RepairEvent.FORWARD, actor, on=day, note=_note(note))

    return _act(db, case_no, expected_version, actor, RepairEvent.FORWARD, body, today=today)


def confirm_provider(
    db: Database,
    case_no: str,
    *,
    agrees: bool,
    document_number: str,
    document_date: date,
    opinion: str = "",
    document: Upload | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """Record the provider's written confirmation or opinion (number and date required)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        number = clean_text(
            document_number,
            name="document_number",
            label="提供单位文书编号",
            limit=100,
            required=True,
        )
        day = check_day(document_date, today, name="document_date")
        text = clean_text(
            opinion, name="opinion", label="意见", limit=MAX_TEXT, required=not agrees
        )
        if document is not None:
            _attach(c.s, c.case, document, "provider_confirmation", actor)
        _move(
            c,
            RepairEvent.CONFIRM_PROVIDER,
            actor,
            on=today,
            note=text,
            details={"agrees": agrees, "document_number": number},
        )
        _decide(
            c,
            DecisionKind.PROVIDER,
            "agree" if agrees else "disagree",
            actor,
            reasons=text,
            document_number=number,
            document_date=day,
        )
        c.case.next_step = next_repair_step(
            c.profile, RepairState.FORWARDED, provider_confirmed=True
        )

    return _act(
        db, case_no, expected_version, actor, RepairEvent.CONFIRM_PROVIDER, body, today=today
    )


def prereview(
    db: Database,
    case_no: str,
    *,
    agrees: bool,
    opinion: str,
    confirmed: Collection[str] = (),
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """The clerk's pre-review. Agreeing needs every condition met: computed ones as computed,
    the ones to confirm by hand ticked (``confirmed``: their keys)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        text = _note(opinion, label="初审意见", required=True)
        checks = _recheck(c, actor.display_name or actor.username, confirmed)
        if agrees:
            open_items = [ch.label for ch in checks if ch.status is not ConditionStatus.MET]
            if open_items:
                raise field_error(
                    "confirmed", "repair.manual_unconfirmed", conditions="；".join(open_items)
                )
        _move(c, RepairEvent.PREREVIEW, actor, on=today, note=text, details={"agrees": agrees})
        _decide(c, DecisionKind.PREREVIEW, "agree" if agrees else "disagree", actor, reasons=text)
        c.case.prereviewed_by_user_id = actor.user_id
        c.case.assignee_user_id = None  # to the supervisors' queue

    return _act(db, case_no, expected_version, actor, RepairEvent.PREREVIEW, body, today=today)


def approve(
    db: Database,
    case_no: str,
    *,
    opinion: str = "",
    publicity_start: date | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """A supervisor who neither took in nor pre-reviewed the case approves it. Where the profile
    has a public notice (Nantong) it starts now; elsewhere the repair takes effect at once and
    the decision letter is issued."""
    today = today or local_today()

    def body(c: _Ctx) -> IssuedDocumentResult | None:
        needs = c.profile.repair.provider_confirmation_required  # type: ignore[union-attr]
        if needs.value:
            latest = _decisions(c.case, DecisionKind.PROVIDER)
            if not latest or latest[-1].outcome != "agree":
                raise ValidationFailed(
                    "repair.provider_disagrees", basis=c.profile.cite(needs.basis)
                )
        text = _note(opinion, label="审批意见")
        _move(c, RepairEvent.APPROVE, actor, on=today, note=text)
        _decide(c, DecisionKind.DECISION, "approved", actor, reasons=text)
        c.case.decided_by_user_id = actor.user_id
        if has_publicity(c.profile):
            start = check_day(
                publicity_start, today, name="publicity_start", not_before=last_step_day(c.case)
            )
            c.case.publicity_started_on = start
            _move(c, RepairEvent.START_PUBLICITY, actor, on=start)
            return None
        return _take_effect(c, actor)

    return _act(db, case_no, expected_version, actor, RepairEvent.APPROVE, body, today=today)


def reject(
    db: Database,
    case_no: str,
    *,
    reasons: Sequence[str],
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """不予修复, with reasons; the refusal letter is issued."""
    today = today or local_today()

    def body(c: _Ctx) -> IssuedDocumentResult:
        items = [
            clean_text(r, name="reasons", label="理由", limit=MAX_NOTE, required=False)
            for r in reasons
        ]
        items = [r for r in items if r]
        if not items:
            raise field_error("reasons", "repair.reasons_required", what="不予修复")
        _move(c, RepairEvent.REJECT, actor, on=today, note="；".join(items))
        _decide(c, DecisionKind.DECISION, "rejected", actor, reasons="；".join(items))
        c.case.decided_by_user_id = actor.user_id
        return _issue(c, DocumentType.REPAIR_REFUSAL, _refusal_data(c, items), actor)

    return _act(db, case_no, expected_version, actor, RepairEvent.REJECT, body, today=today)


def publicity_objection(
    db: Database,
    case_no: str,
    *,
    objector: str,
    statement: str,
    received_on: date | None = None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """Nantong 第三十五条: an objection during the notice period; it must be verified before the
    repair can take effect."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        who = clean_text(objector, name="objector", label="异议人", limit=200, required=True)
        text = clean_text(
            statement, name="statement", label="异议内容", limit=MAX_TEXT, required=True
        )
        day = check_day(
            received_on, today, name="received_on", not_before=c.case.publicity_started_on
        )
        _move(
            c,
            RepairEvent.PUBLICITY_OBJECTION,
            actor,
            on=day,
            note=text,
            details={"objector": who},
        )
        _decide(c, DecisionKind.PUBLICITY_OBJECTION, "open", actor, reasons=f"{who}：{text}")

    return _act(
        db, case_no, expected_version, actor, RepairEvent.PUBLICITY_OBJECTION, body, today=today
    )


def resolve_objection(
    db: Database,
    case_no: str,
    *,
    founded: bool,
    finding: str,
    document_number: str = "",
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """The provider's verification of the notice-period objection: founded (the repair must be
    refused) or unfounded (it takes effect after the notice period)."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        text = clean_text(finding, name="finding", label="核实意见", limit=MAX_TEXT, required=True)
        number = clean_text(
            document_number, name="document_number", label="文书编号", limit=100, required=False
        )
        _move(
            c,
            RepairEvent.RESOLVE_OBJECTION,
            actor,
            on=today,
            note=text,
            details={"founded": founded},
        )
        _decide(
            c,
            DecisionKind.PUBLICITY_RESULT,
            "founded" if founded else "unfounded",
            actor,
            reasons=text,
            document_number=number,
        )

    return _act(
        db, case_no, expected_version, actor, RepairEvent.RESOLVE_OBJECTION, body, today=today
    )


def take_effect(
    db: Database,
    case_no: str,
    *,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """After the notice period without a founded objection: the repair takes effect."""
    today = today or local_today()

    def body(c: _Ctx) -> IssuedDocumentResult:
        return _take_effect(c, actor)

    return _act(db, case_no, expected_version, actor, RepairEvent.TAKE_EFFECT, body, today=today)


def _effect_text(profile: Profile) -> str:
    assert profile.repair is not None
    r = profile.repair
    parts = ["该信息不再向社会公开，不再提供查询"]
    if r.after is not None and r.after.value == "archive":
        parts.append(f"原始失信信息转为档案保存（{profile.cite(r.after.basis)}）")
    if r.never_delete is not None and r.never_delete.value:
        parts.append(f"该信息不予删除（{profile.cite(r.never_delete.basis)}）")
    return "；".join(parts) + "。"


def _take_effect(c: _Ctx, actor: Actor) -> IssuedDocumentResult:
    _move(c, RepairEvent.TAKE_EFFECT, actor, on=c.today)
    c.case.effective_on = c.today
    effect = _effect_text(c.profile)
    reason = render("repair.reason_effect", {"case_no": c.case.case_no, "effect": effect}).text
    for record in _records(c.s, c.case):
        record.status = RecordStatus.REPAIRED
        record.status_changed_on = c.today
        record.status_reason = reason[:1000]
        attach_change(
            record,
            ChangeInfo(
                ChangeKind.REPAIR,
                reason=reason,
                source_ref=f"repair:{c.case.id}",
                user_id=actor.user_id,
            ),
        )
    c.s.flush()
    return _issue(c, DocumentType.REPAIR_DECISION, _decision_data(c, effect), actor)


def revoke(
    db: Database,
    case_no: str,
    *,
    reason: str,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    """撤销修复: the repair was obtained with false materials; the records are restored."""
    today = today or local_today()

    def body(c: _Ctx) -> None:
        why = _note(reason, label="撤销理由", required=True)
        _move(c, RepairEvent.REVOKE, actor, on=today, note=why)
        _decide(c, DecisionKind.REVOCATION, "revoked", actor, reasons=why)
        text = render("repair.reason_revoked", {"case_no": c.case.case_no, "reason": why}).text
        for record in _records(c.s, c.case):
            if record.status is not RecordStatus.REPAIRED:
                continue
            record.status = RecordStatus.ACTIVE
            record.status_changed_on = today
            record.status_reason = text[:1000]
            attach_change(
                record,
                ChangeInfo(
                    ChangeKind.REPAIR_REVOKED,
                    reason=text,
                    source_ref=f"repair:{c.case.id}",
                    user_id=actor.user_id,
                ),
            )

    return _act(db, case_no, expected_version, actor, RepairEvent.REVOKE, body, today=today)


def assign(
    db: Database,
    case_no: str,
    *,
    user_id: int | None,
    expected_version: int | None,
    actor: Actor,
    today: date | None = None,
) -> RepairResult:
    today = today or local_today()

    def body(c: _Ctx) -> None:
        check_assignee(c.s, user_id, Permission.REPAIR_HANDLE)
        before = c.case.assignee_user_id
        c.case.assignee_user_id = user_id
        c.s.add(
            RepairStep(
                repair_id=c.case.id,
                step=c.case.next_step or "",
                event="assign",
                from_state=c.case.state,
                to_state=c.case.state,
                due_on=c.case.next_due_on,
                actor_user_id=actor.user_id,
                occurred_at=utc_now(),
                details={"from": before, "to": user_id, "on": today.isoformat()},
            )
        )
        record_event(
            c.s,
            action=RepairAction.ASSIGNED,
            entity_type="repair",
            entity_id=c.case.case_no,
            actor_user_id=actor.user_id,
            details={"from": before, "to": user_id},
        )

    return _act(
        db,
        case_no,
        expected_version,
        actor,
        None,
        body,
        today=today,
        permission=Permission.REPAIR_DECIDE,
    )


def _records(s: Session, case: RepairApplication) -> list[CreditRecord]:
    ids = [r.record_id for r in case.records]
    return list(
        s.scalars(select(CreditRecord).where(CreditRecord.id.in_(ids)).order_by(CreditRecord.id))
    )


# --- letters ----------------------------------------------------------------------------------


def _issue(c: _Ctx, doc_type: DocumentType, data: Any, actor: Actor) -> IssuedDocumentResult:
    return issue_in_session(
        c.s,
        doc_type=doc_type,
        payload_dto=data,
        subject_id=c.case.subject_id,
        repair_id=c.case.id,
        actor=actor,
        confirmed={"missing_glyphs"},
    )


def _basis(profile: Profile) -> str:
    assert profile.repair is not None
    articles = [profile.repair.conditions.basis]
    if profile.repair.provider_confirmation_required.basis not in articles:
        articles.append(profile.repair.provider_confirmation_required.basis)
    if Step.REPAIR_PUBLICITY in profile.steps:
        basis = profile.steps[Step.REPAIR_PUBLICITY].basis
        if basis not in articles:
            articles.append(basis)
    return f"《{profile.regulation}》{'、'.join(articles)}"


def _decision_data(c: _Ctx, effect: str) -> RepairDecisionData:
    case = c.case
    national = ""
    r = c.profile.repair
    if r is not None and r.defers_to_national is not None and r.defers_to_national.value:
        version = rules.national_layer().national_version_on(c.today)
        if version is not None:
            national = f"，以及{version.citation.removeprefix('依据')}"
    return RepairDecisionData(
        issue=blank_issue(),
        case_no=case.case_no,
        applicant=applicant_party(
            case.applicant_name, case.applicant_doc_type, case.applicant_doc_number
        ),
        subject=subject_ref(c.s, case.subject_id),
        records=record_refs(c.s, [x.record_id for x in case.records]),
        received_on=case.received_on,
        effective_on=case.effective_on or c.today,
        decision=_decision_text(case),
        effect=effect,
        basis=_basis(c.profile) + national,
    )


def _decision_text(case: RepairApplication) -> str:
    confirmed = [d for d in _decisions(case, DecisionKind.PROVIDER) if d.outcome == "agree"]
    provider = ""
    if confirmed:
        d = confirmed[-1]
        when = f"，{d.document_date:%Y年%m月%d日}" if d.document_date else ""
        provider = f"信息提供单位已书面确认（{d.document_number}{when}），"
    return f"经审核，申请人已纠正失信行为，{provider}符合信用修复条件，决定准予信用修复。"


def _refusal_data(c: _Ctx, reasons: Sequence[str]) -> RepairRefusalData:
    case = c.case
    return RepairRefusalData(
        issue=blank_issue(),
        case_no=case.case_no,
        applicant=applicant_party(
            case.applicant_name, case.applicant_doc_type, case.applicant_doc_number
        ),
        subject=subject_ref(c.s, case.subject_id),
        records=record_refs(c.s, [x.record_id for x in case.records]),
        received_on=case.received_on,
        reasons=tuple(reasons),
        remedy="申请人对本决定有异议的，可以依法申请行政复议或者提起行政诉讼；"
        "符合条件后，可以重新提出信用修复申请。",
        basis=_basis(c.profile),
    )


# --- reading ----------------------------------------------------------------------------------


def get_repair(
    db: Database, case_no: str, *, actor: Actor, today: date | None = None, log: bool = True
) -> RepairDetail:
    authz.require(actor, Permission.REPAIR_READ)
    today = today or local_today()
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        case = s.scalar(
            select(RepairApplication).where(RepairApplication.case_no == (case_no or "").strip())
        )
        if case is None:
            raise NotFound("repair.not_found", case_no=case_no)
        profile = _profile(s)
        thresholds = load_from_session(s).thresholds
        subject = s.get(Subject, case.subject_id)
        assert subject is not None
        detail = _detail(s, case, subject, profile, calendar, actor, today, thresholds)
        if log:
            log_case_read(
                s, actor, subject, f"信用修复案件办理（{case.case_no}）", len(detail.records)
            )
        uow.commit()
    return detail


def _detail(
    s: Session,
    case: RepairApplication,
    subject: Subject,
    profile: Profile,
    calendar: WorkingCalendar,
    actor: Actor,
    today: date,
    thresholds: Any,
) -> RepairDetail:
    kind = SubjectKind(subject.kind)
    rows = s.execute(
        select(CreditRecord, CatalogItem.name)
        .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
        .where(CreditRecord.id.in_([r.record_id for r in case.records]))
        .order_by(CreditRecord.id)
    ).all()
    conditions = tuple(ConditionCheck.from_dict(d) for d in case.conditions or [])
    mins = {
        c.key.removeprefix("minimum."): c.on for c in conditions if c.key.startswith("minimum.")
    }
    records = tuple(
        RepairRecordRow(
            r.id,
            name,
            r.document_number,
            r.decision_date,
            RecordStatus(r.status),
            mins.get(r.document_number),
        )
        for r, name in rows
    )
    names = user_names(
        s,
        [st.actor_user_id for st in case.steps]
        + [d.decided_by_user_id for d in case.decisions]
        + [
            case.assignee_user_id,
            case.created_by_user_id,
            case.prereviewed_by_user_id,
            case.decided_by_user_id,
        ],
    )
    state = RepairState(case.state)
    allowed = tuple(
        e
        for e in _allowed(profile, case, today)
        if actor.may(_PERMISSION_OF[e])
        and not (
            e in _FOUR_EYES
            and actor.user_id in (case.created_by_user_id, case.prereviewed_by_user_id)
        )
    )
    left = None
    gap = False
    if case.next_due_on is not None:
        try:
            left = calendar.working_days_between(today, case.next_due_on)
        except CreditDeskError:
            gap = True
    provider = s.get(ProviderUnit, case.provider_id) if case.provider_id else None
    docs = tuple(
        (number, DocumentType(doc_type), issued_at)
        for number, doc_type, issued_at in s.execute(
            select(IssuedDocument.number, IssuedDocument.doc_type, IssuedDocument.issued_at)
            .where(IssuedDocument.repair_id == case.id)
            .order_by(IssuedDocument.issued_at, IssuedDocument.id)
        )
    )
    attachments = tuple(
        (
            info_of(att),
            Material(link.kind) if link.kind in Material._value2member_map_ else link.kind,
        )
        for link, att in s.execute(
            select(RepairAttachment, Attachment)
            .join(Attachment, RepairAttachment.attachment_id == Attachment.id)
            .where(RepairAttachment.repair_id == case.id)
            .order_by(RepairAttachment.added_at, Attachment.id)
        )
    )
    decisions = tuple(
        DecisionRow(
            DecisionKind(d.kind),
            d.outcome,
            _OUTCOME_LABELS.get(d.outcome, d.outcome),
            d.reasons or "",
            d.document_number or "",
            d.document_date,
            names.get(d.decided_by_user_id or 0, ""),
            d.decided_at,
        )
        for d in case.decisions
    )
    timeline = [
        RepairTimelineEntry(
            occurred_at=st.occurred_at,
            step_label="登记申请" if st.event == "apply" else step_label(st.step),
            event=st.event,
            event_label=_event_label(st.event),
            state_label=RepairState(st.to_state).label,
            actor_name=names.get(st.actor_user_id or 0, ""),
            due_on=st.due_on,
            basis=step_basis(profile, st.step),
            note=st.note or "",
        )
        for st in case.steps
    ]
    if case.next_step:
        timeline.append(
            RepairTimelineEntry(
                None,
                step_label(case.next_step),
                "",
                "待办",
                state.label,
                "",
                case.next_due_on,
                step_basis(profile, case.next_step),
            )
        )
    agent = agent_party(case.agent_name, case.agent_doc_number)
    return RepairDetail(
        id=case.id,
        case_no=case.case_no,
        row_version=case.row_version,
        state=state,
        subject_id=subject.id,
        subject_name=subject.name,
        subject_display_code=display_code(kind, subject.code),
        applicant_name=case.applicant_name,
        applicant_display_number=applicant_party(
            case.applicant_name, case.applicant_doc_type, case.applicant_doc_number
        ).doc_number,
        agent_name=case.agent_name,
        agent_display_number=agent.doc_number if agent else None,
        applicant_phone=case.applicant_phone,
        statement=next((st.note or "" for st in case.steps if st.event == "apply"), ""),
        lodged_with=Lodged(case.lodged_with),
        received_on=case.received_on,
        corrected_on=case.corrected_on,
        provider_name=provider.name if provider else "",
        records=records,
        conditions=conditions,
        materials=tuple(Material(m) for m in case.materials or []),
        missing_materials=tuple(Material(m) for m in case.missing_materials or []),
        decisions=decisions,
        timeline=tuple(timeline),
        documents=docs,
        attachments=attachments,
        next_step=case.next_step,
        next_step_label=step_label(case.next_step),
        due_on=case.next_due_on,
        due_basis=step_basis(profile, case.due_step) if case.due_step else "",
        working_days_left=left,
        light=due_light(left, thresholds) if left is not None and not gap else DueLight.NONE,
        publicity_started_on=case.publicity_started_on,
        effective_on=case.effective_on,
        closed_on=case.closed_on,
        created_by=names.get(case.created_by_user_id or 0, ""),
        prereviewed_by=names.get(case.prereviewed_by_user_id or 0, ""),
        decided_by=names.get(case.decided_by_user_id or 0, ""),
        created_by_user_id=case.created_by_user_id,
        prereviewed_by_user_id=case.prereviewed_by_user_id,
        publicity_follows=has_publicity(profile),
        publicity_basis=step_basis(profile, Step.REPAIR_PUBLICITY.value),
        assignee_name=names.get(case.assignee_user_id or 0, ""),
        provider_confirmed=_provider_confirmed(case),
        open_objections=_open_objections(case),
        allowed=allowed,
        profile_id=profile.id,
    )


def list_repairs(
    db: Database,
    *,
    actor: Actor,
    flt: RepairFilter | None = None,
    limit: int = 200,
    offset: int = 0,
    today: date | None = None,
) -> tuple[tuple[RepairRow, ...], int]:
    authz.require(actor, Permission.REPAIR_READ)
    flt = flt or RepairFilter()
    today = today or local_today()
    calendar = load_calendar(db)
    with db.uow() as uow:
        s = uow.session
        listed = list_case_rows(
            s,
            RepairApplication,
            open_states=OPEN_REPAIR_STATES,
            states={RepairState.PREREVIEWED} if flt.awaiting_decision else (flt.states or ()),
            open_only=flt.open_only,
            text=flt.text,
            calendar=calendar,
            today=today,
            thresholds=load_from_session(s).thresholds,
        )
    rows = [RepairRow(**CaseRowBase.columns_of(r), state=RepairState(r.case.state)) for r in listed]
    return tuple(rows[offset : offset + max(1, limit)]), len(rows)


def attachment_content(
    db: Database, case_no: str, attachment_id: int, *, actor: Actor
) -> tuple[AttachmentInfo, bytes]:
    authz.require(actor, Permission.REPAIR_READ)
    with db.uow() as uow:
        s = uow.session
        case = s.scalar(select(RepairApplication).where(RepairApplication.case_no == case_no))
        if case is None:
            raise NotFound("repair.not_found", case_no=case_no)
        link = s.get(RepairAttachment, (case.id, attachment_id))
        att = s.get(Attachment, attachment_id) if link else None
        if att is None:
            raise NotFound(entity="材料", key=str(attachment_id))
        subject = s.get(Subject, case.subject_id)
        assert subject is not None
        log_case_read(
            s, actor, subject, f"信用修复案件材料（{case.case_no}）：{att.display_name}", 0
        )
        result = (info_of(att), bytes(att.content))
        uow.commit()
    return result


__all__ = [
    "ApplicantInput",
    "Candidates",
    "IdDocType",
    "Lodged",
    "Material",
    "RepairDetail",
    "RepairFilter",
    "RepairInput",
    "RepairResult",
    "accept",
    "apply",
    "approve",
    "assign",
    "attachment_content",
    "candidates",
    "confirm_provider",
    "decline",
    "forward",
    "get_repair",
    "list_repairs",
    "prereview",
    "publicity_objection",
    "reject",
    "resolve_objection",
    "revoke",
    "supplement",
    "take_effect",
]
