"""Good-information withdrawal (良好信息撤回: 表彰奖励、志愿服务、慈善捐赠; jurisdictions.md §7).

The subject (or its agent, identity checked at the window as for objections and repairs) asks
that a good record no longer be disclosed. The profile's ``withdrawal`` rules say which
categories may be withdrawn, who acts (the provider deletes, Weihai 第三十三条; the center,
elsewhere), the effect (deleted from disclosure, or archived: Xiamen 第二十七条 "中止提供该信息的
查询并归档管理") and whom to tell; the period is the profile's step ``withdrawal.good_info`` in
working days. A profile without ``withdrawal`` (Nantong) provides for none: refused.

A request is registered (``received``, due date in the work queue), then completed (the record
gets its new status with a ``withdrawal`` history entry, the provider unit gets its notice —
and the applicant its own where the profile says so — in the same transaction) or refused with
a reason. Where the provider acts, completing records that it confirmed the deletion. The
record's status: ``withdrawn`` (deleted from disclosure on request) or ``archived``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.history import ChangeInfo, attach_change
from app.db.models import (
    CatalogItem,
    CreditRecord,
    IssuedDocument,
    ProviderUnit,
    Subject,
    WithdrawalRequest,
)
from app.domain.caseflow import (
    OPEN_WITHDRAWAL_STATES,
    DueLight,
    WithdrawalEvent,
    WithdrawalState,
    due_light,
    step_label,
    withdrawal_events_from,
    withdrawal_transition,
)
from app.domain.codes import display_document_number
from app.domain.enums import (
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
)
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.rules.deadlines import step_deadline
from app.rules.profiles import Profile, Step, WithdrawalRules
from app.services import authz
from app.services.applicants import ApplicantInput, check_applicant, clean_text, field_error
from app.services.attachments import store_attachment
from app.services.audit_trail import record_event
from app.services.case_deadlines import calendar_in
from app.services.casework import (
    applicant_party,
    blank_issue,
    check_day,
    find_subject,
    log_case_read,
    profile_of,
    record_refs,
    step_basis,
    subject_ref,
    user_names,
)
from app.services.clock import local_today
from app.services.database import Database
from app.services.documents import IssuedDocumentResult, issue_in_session
from app.services.numbering import next_case_number
from app.services.settings import load_from_session
from app.services.subject_search import display_code
from reports.dto import WithdrawalNoticeData

CASE_PREFIX = "CH"  # 撤回: withdrawal case numbers are CH + the shared case number
MAX_STATEMENT = 2000
MAX_REASON = 1000
STEP = Step.WITHDRAWAL_GOOD_INFO.value

_EFFECT_STATUS = {"delete": RecordStatus.WITHDRAWN, "archive": RecordStatus.ARCHIVED}
_EFFECT_LABEL = {"delete": "从公开信息中删除", "archive": "中止查询并归档"}
_ACTED_BY_LABEL = {"provider": "信息提供单位删除", "center": "本中心办理"}
_GONE = frozenset({RecordStatus.WITHDRAWN, RecordStatus.DELETED, RecordStatus.ARCHIVED})


class WithdrawalAction:
    REGISTERED = "withdrawal.registered"
    COMPLETED = "withdrawal.completed"
    REFUSED = "withdrawal.refused"


# --- input and output -------------------------------------------------------------------------


@dataclass(frozen=True)
class WithdrawalInput:
    subject_code: str
    record_id: int | None
    applicant: ApplicantInput
    statement: str = ""
    written_request: bool = False  # a written request was handed in (Zhangdian 第三十五条)
    received_on: date | None = None


@dataclass(frozen=True)
class WithdrawableRecord:
    """A record of the subject as listed at the window, with why it cannot be withdrawn."""

    id: int
    catalogue_item: str
    provider: str
    document_number: str
    decision_date: date
    status: RecordStatus
    info_class: InfoClass
    refusal: str | None  # None: may be withdrawn
    open_case_no: str | None

    @property
    def withdrawable(self) -> bool:
        return self.refusal is None

    @property
    def label(self) -> str:
        return f"{self.catalogue_item}（{self.document_number}）"


@dataclass(frozen=True)
class WithdrawableRecords:
    subject_id: int
    subject_name: str
    subject_kind: SubjectKind
    display_code: str
    records: tuple[WithdrawableRecord, ...]  # good information first
    categories: tuple[str, ...]
    working_days: int | None
    acted_by: str  # provider / center
    effect: str  # delete / archive
    written_request: bool
    rule_text: str  # "5个工作日…；依据《…》第三十三条" and who acts, for the dialog
    basis: str  # 依据《…》第三十三条
    log_seq: int


@dataclass(frozen=True)
class WithdrawalDetail:
    id: int
    case_no: str
    state: WithdrawalState
    subject_id: int
    subject_name: str
    subject_display_code: str
    record_id: int
    record_label: str
    record_status: RecordStatus
    provider_name: str
    applicant_name: str
    applicant_doc_type: IdDocType
    applicant_doc_number: str  # masked for display
    agent_name: str | None
    applicant_phone: str | None
    statement: str
    received_on: date
    effect: str
    acted_by: str
    next_step: str | None
    next_step_label: str
    due_on: date | None
    due_basis: str
    working_days_left: int | None
    light: DueLight
    provider_notified_on: date | None
    completed_on: date | None
    refusal_reason: str | None
    letter_number: str | None
    assignee_name: str
    row_version: int
    allowed: tuple[WithdrawalEvent, ...]

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def effect_label(self) -> str:
        return _EFFECT_LABEL.get(self.effect, self.effect)

    @property
    def acted_by_label(self) -> str:
        return _ACTED_BY_LABEL.get(self.acted_by, self.acted_by)


@dataclass(frozen=True)
class WithdrawalRow:
    id: int
    case_no: str
    state: WithdrawalState
    subject_name: str
    subject_display_code: str
    record_label: str
    provider_name: str
    applicant_name: str
    received_on: date
    due_on: date | None
    working_days_left: int | None
    light: DueLight
    row_version: int

    @property
    def state_label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class WithdrawalResult:
    case: WithdrawalDetail
    documents: tuple[IssuedDocumentResult, ...] = ()  # the provider's notice first


# --- the profile and the records --------------------------------------------------------------


def _rules(s: Session) -> tuple[Profile, WithdrawalRules]:
    profile = profile_of(s)
    if profile.withdrawal is None:
        raise CreditDeskError("withdrawal.not_provided", regulation=profile.regulation)
    return profile, profile.withdrawal


def _basis(profile: Profile, rules: WithdrawalRules) -> str:
    return f"《{profile.regulation}》{rules.effect.basis}"


def _label(item: str, document_number: str) -> str:
    return f"{item}（{document_number}）"


def _open_cases(s: Session, record_ids: Sequence[int]) -> dict[int, str]:
    if not record_ids:
        return {}
    rows = s.execute(
        select(WithdrawalRequest.record_id, WithdrawalRequest.case_no).where(
            WithdrawalRequest.record_id.in_(list(record_ids)),
            WithdrawalRequest.state.in_([st.value for st in OPEN_WITHDRAWAL_STATES]),
        )
    )
    return {rid: case_no for rid, case_no in rows}


def _refusal(
    profile: Profile,
    rules: WithdrawalRules,
    record: CreditRecord,
    item: CatalogItem,
    open_case_no: str | None,
) -> tuple[str, dict[str, object]] | None:
    """Why ``record`` may not be withdrawn (message id and parameters), or None."""
    label = _label(item.name, record.document_number)
    categories = "、".join(rules.categories.value)
    basis = profile.cite(rules.categories.basis)
    info_class = InfoClass(item.info_class)
    if info_class is not InfoClass.GOOD:
        return "withdrawal.not_good", {
            "record": label,
            "info_class": info_class.label,
            "categories": categories,
            "basis": basis,
        }
    if rules.categories.value and not any(c in item.name for c in rules.categories.value):
        return "withdrawal.not_category", {
            "record": label,
            "categories": categories,
            "basis": basis,
        }
    status = RecordStatus(record.status)
    if status in _GONE:
        when = f"于 {record.status_changed_on.isoformat()} " if record.status_changed_on else ""
        return "withdrawal.already_withdrawn", {
            "record": label,
            "when": when,
            "status": status.label,
        }
    if status is not RecordStatus.ACTIVE:
        return "withdrawal.not_active", {"record": label, "status": status.label}
    if open_case_no:
        return "withdrawal.already_requested", {"record": label, "case_no": open_case_no}
    return None


def _rule_text(profile: Profile, rules: WithdrawalRules) -> str:
    who = "由信息提供单位删除" if rules.acted_by.value == "provider" else "由本中心办理"
    effect = "从公开信息中删除" if rules.effect.value == "delete" else "中止提供查询并归档管理"
    period = step_basis(profile, STEP)
    text = f"可撤回：{'、'.join(rules.categories.value)}信息；{who}，{effect}"
    return f"{text}；{period}" if period else f"{text}；{_cite(profile, rules)}"


def _cite(profile: Profile, rules: WithdrawalRules) -> str:
    return profile.cite(rules.effect.basis)


# --- reading the subject's records --------------------------------------------------------------


def withdrawable_records(
    db: Database, subject_code: str, *, actor: Actor, today: date | None = None
) -> WithdrawableRecords:
    """The subject's records, good information first, each with why it cannot be withdrawn
    (if so); the read is logged (办案查阅)."""
    authz.require(actor, Permission.WITHDRAWAL_HANDLE)
    with db.uow() as uow:
        s = uow.session
        profile, rules = _rules(s)
        subject = find_subject(s, subject_code, msg_prefix="withdrawal")
        rows = s.execute(
            select(CreditRecord, CatalogItem, ProviderUnit.name)
            .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
            .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
            .where(CreditRecord.subject_id == subject.id)
        ).all()
        open_cases = _open_cases(s, [r.id for r, _i, _p in rows])
        out = []
        for record, item, provider in rows:
            refusal = _refusal(profile, rules, record, item, open_cases.get(record.id))
            out.append(
                WithdrawableRecord(
                    id=record.id,
                    catalogue_item=item.name,
                    provider=provider,
                    document_number=record.document_number,
                    decision_date=record.decision_date,
                    status=RecordStatus(record.status),
                    info_class=InfoClass(item.info_class),
                    refusal=render(*refusal).text if refusal else None,
                    open_case_no=open_cases.get(record.id),
                )
            )
        out.sort(
            key=lambda r: (
                r.info_class is not InfoClass.GOOD,
                not r.withdrawable,
                -r.decision_date.toordinal(),
                r.id,
            )
        )
        kind = SubjectKind(subject.kind)
        seq = log_case_read(s, actor, subject, "良好信息撤回受理：选择撤回信息", len(out))
        rule = profile.steps.get(Step.WITHDRAWAL_GOOD_INFO)
        result = WithdrawableRecords(
            subject_id=subject.id,
            subject_name=subject.name,
            subject_kind=kind,
            display_code=display_code(kind, subject.code),
            records=tuple(out),
            categories=tuple(rules.categories.value),
            working_days=rule.working_days if rule else None,
            acted_by=rules.acted_by.value,
            effect=rules.effect.value,
            written_request=bool(rules.written_request and rules.written_request.value),
            rule_text=_rule_text(profile, rules),
            basis=_cite(profile, rules),
            log_seq=seq,
        )
        uow.commit()
    return result


# --- registering ------------------------------------------------------------------------------


def register_withdrawal(
    db: Database, data: WithdrawalInput, *, actor: Actor, today: date | None = None
) -> WithdrawalDetail:
    """Register a request: refusals first (nothing stored), then the case number and the due
    date (received_on + the profile's ``withdrawal.good_info`` working days)."""
    authz.require(actor, Permission.WITHDRAWAL_HANDLE)
    today = today or local_today()
    with db.uow() as uow:
        s = uow.session
        profile, rules = _rules(s)
        subject = find_subject(s, data.subject_code, msg_prefix="withdrawal")
        applicant = check_applicant(s, subject, data.applicant)
        if data.record_id is None:
            raise field_error("record", "withdrawal.record_required")
        found = s.execute(
            select(CreditRecord, CatalogItem)
            .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
            .where(CreditRecord.id == int(data.record_id))
        ).first()
        if found is None or found[0].subject_id != subject.id:
            label = _label(found[1].name, found[0].document_number) if found else data.record_id
            raise field_error(
                "record", "withdrawal.record_other_subject", record=label, subject=subject.name
            )
        record, item = found
        refusal = _refusal(profile, rules, record, item, _open_cases(s, [record.id]).get(record.id))
        if refusal:
            raise field_error("record", refusal[0], **refusal[1])
        if rules.written_request and rules.written_request.value and not data.written_request:
            raise field_error(
                "written_request",
                "withdrawal.written_required",
                basis=profile.cite(rules.written_request.basis),
            )
        statement = clean_text(
            data.statement, name="statement", label="申请事由", limit=MAX_STATEMENT, required=False
        )
        received_on = check_day(data.received_on, today, name="received_on")
        deadline = step_deadline(profile, STEP, received_on, calendar_in(s))
        mandate_id = None
        if data.applicant.mandate is not None and applicant.agent_name:
            mandate_id = store_attachment(s, data.applicant.mandate, user_id=actor.user_id).id
        case = WithdrawalRequest(
            case_no=CASE_PREFIX
            + next_case_number(s, division_code=profile.division_code, on=today),
            subject_id=subject.id,
            record_id=record.id,
            applicant_name=applicant.name,
            applicant_doc_type=applicant.doc_type,
            applicant_doc_number=applicant.doc_number,
            agent_name=applicant.agent_name,
            agent_doc_number=applicant.agent_doc_number,
            applicant_phone=applicant.phone,
            statement=statement,
            received_on=received_on,
            state=WithdrawalState.RECEIVED.value,
            effect=rules.effect.value,
            acted_by=rules.acted_by.value,
            assignee_user_id=actor.user_id,
            next_step=STEP,
            next_due_on=deadline.due if deadline else None,
            due_step=deadline.step if deadline else None,
            due_start=received_on if deadline else None,
            created_by_user_id=actor.user_id,
        )
        s.add(case)
        s.flush()
        notice = None
        if case.acted_by == "provider":
            # the provider deletes, within the days counted from the center's notice (Weihai
            # 第三十三条): the notice goes out with the request, not after the deletion
            provider = s.get(ProviderUnit, record.provider_id)
            notice = _issue(
                s,
                case,
                profile,
                _basis(profile, rules),
                received_on,
                actor,
                addressee=provider.name if provider else "",
                request_days=deadline.working_days if deadline else 0,
            )
            case.provider_notified_on = received_on
        record_event(
            s,
            action=WithdrawalAction.REGISTERED,
            entity_type="withdrawal",
            entity_id=case.case_no,
            actor_user_id=actor.user_id,
            details={
                "subject_id": subject.id,
                "record_id": record.id,
                "received_on": received_on.isoformat(),
                "due_on": deadline.due.isoformat() if deadline else None,
                "written_request": bool(data.written_request),
                "mandate_attachment_id": mandate_id,
                "profile": profile.id,
                "provider_notice": notice.number if notice else None,
            },
        )
        detail = _detail(s, case, profile, today)
        uow.commit()
    return detail


# --- completing and refusing --------------------------------------------------------------------


def _lock(s: Session, case_no: str, expected_version: int | None) -> WithdrawalRequest:
    case = s.scalar(
        select(WithdrawalRequest)
        .where(WithdrawalRequest.case_no == "".join((case_no or "").split()).upper())
        .with_for_update()
    )
    if case is None:
        raise NotFound("withdrawal.not_found", case_no=case_no)
    if expected_version is not None and case.row_version != expected_version:
        raise ConcurrencyConflict(
            "withdrawal.conflict",
            case_no=case.case_no,
            by="其他用户",
            state=WithdrawalState(case.state).label,
        )
    return case


def _require(case: WithdrawalRequest, event: WithdrawalEvent) -> WithdrawalState:
    state = WithdrawalState(case.state)
    target = withdrawal_transition(state, event)
    if target is None:
        raise InvalidTransition(
            "withdrawal.invalid_transition",
            case_no=case.case_no,
            state=state.label,
            event=event.label,
        )
    return target


def complete_withdrawal(
    db: Database,
    case_no: str,
    *,
    expected_version: int | None,
    actor: Actor,
    on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> WithdrawalResult:
    """The record leaves disclosure (withdrawn or archived as the profile says; where the
    provider acts, its confirmed deletion is recorded), the provider unit is notified by letter
    (and the applicant, where the profile says so); the case closes."""
    authz.require(actor, Permission.WITHDRAWAL_HANDLE)
    today = today or local_today()
    with db.uow() as uow:
        s = uow.session
        profile, rules = _rules(s)
        case = _lock(s, case_no, expected_version)
        target = _require(case, WithdrawalEvent.COMPLETE)
        day = check_day(on, today, name="on", not_before=case.received_on)
        text = clean_text(note, name="note", label="办理意见", limit=MAX_REASON, required=False)
        record = s.get(CreditRecord, case.record_id)
        item = s.get(CatalogItem, record.catalog_item_id) if record else None
        assert record is not None and item is not None
        if RecordStatus(record.status) is not RecordStatus.ACTIVE:
            raise InvalidTransition(
                "withdrawal.record_changed",
                record=_label(item.name, record.document_number),
                status=RecordStatus(record.status).label,
            )
        effect = case.effect if case.effect in _EFFECT_STATUS else rules.effect.value
        status = _EFFECT_STATUS[effect]
        basis = _basis(profile, rules)
        record.status = status
        record.status_changed_on = day
        record.status_reason = f"信用主体申请撤回良好信息（{case.case_no}），依据{basis}"
        attach_change(
            record,
            ChangeInfo(
                kind=ChangeKind.WITHDRAWAL,
                reason=text or record.status_reason,
                source_ref=f"withdrawal:{case.id}",
                user_id=actor.user_id,
            ),
        )
        provider = s.get(ProviderUnit, record.provider_id)
        provider_name = provider.name if provider else ""
        documents = [_issue(s, case, profile, basis, day, actor, addressee=provider_name)]
        notify = rules.notify.value if rules.notify else []
        if "applicant" in notify:
            documents.append(
                _issue(s, case, profile, basis, day, actor, addressee="", told=provider_name)
            )
        letter = s.scalar(
            select(IssuedDocument.id).where(IssuedDocument.number == documents[0].number)
        )
        case.letter_document_id = letter
        case.provider_notified_on = case.provider_notified_on or day
        case.completed_on = day
        case.state = target.value
        case.next_step = None
        case.next_due_on = None
        record_event(
            s,
            action=WithdrawalAction.COMPLETED,
            entity_type="withdrawal",
            entity_id=case.case_no,
            actor_user_id=actor.user_id,
            details={
                "record_id": record.id,
                "status": status.value,
                "on": day.isoformat(),
                "acted_by": case.acted_by,
                "letters": [d.number for d in documents],
                "note": text or None,
            },
        )
        s.flush()
        detail = _detail(s, case, profile, today)
        uow.commit()
    return WithdrawalResult(detail, tuple(documents))


def refuse_withdrawal(
    db: Database,
    case_no: str,
    *,
    reason: str,
    expected_version: int | None,
    actor: Actor,
    on: date | None = None,
    today: date | None = None,
) -> WithdrawalDetail:
    """不予撤回, with the reason (e.g. the record is not what the applicant described)."""
    authz.require(actor, Permission.WITHDRAWAL_HANDLE)
    today = today or local_today()
    with db.uow() as uow:
        s = uow.session
        profile = profile_of(s)
        case = _lock(s, case_no, expected_version)
        target = _require(case, WithdrawalEvent.REFUSE)
        text = (reason or "").strip()
        if not text:
            raise field_error("reason", "withdrawal.reason_required")
        text = clean_text(text, name="reason", label="理由", limit=MAX_REASON, required=True)
        day = check_day(on, today, name="on", not_before=case.received_on)
        case.state = target.value
        case.refusal_reason = text
        case.completed_on = day
        case.next_step = None
        case.next_due_on = None
        record_event(
            s,
            action=WithdrawalAction.REFUSED,
            entity_type="withdrawal",
            entity_id=case.case_no,
            actor_user_id=actor.user_id,
            details={"record_id": case.record_id, "reason": text, "on": day.isoformat()},
        )
        s.flush()
        detail = _detail(s, case, profile, today)
        uow.commit()
    return detail


def _effect_text(case: WithdrawalRequest, day: date) -> str:
    when = f"{day.year}年{day.month}月{day.day}日"
    if case.effect == "archive":
        return f"该信息已自{when}起中止提供查询，转入档案保存"
    if case.acted_by == "provider":
        return f"该信息已由信息提供单位删除，自{when}起不再公开、不再提供查询"
    return f"该信息已自{when}起从公开信息中删除，不再提供查询"


def _issue(
    s: Session,
    case: WithdrawalRequest,
    profile: Profile,
    basis: str,
    day: date,
    actor: Actor,
    *,
    addressee: str,
    told: str = "",
    request_days: int = 0,
) -> IssuedDocumentResult:
    data = WithdrawalNoticeData(
        issue=blank_issue(),
        case_no=case.case_no,
        applicant=applicant_party(
            case.applicant_name, case.applicant_doc_type, case.applicant_doc_number
        ),
        subject=subject_ref(s, case.subject_id),
        records=record_refs(s, [case.record_id]),
        received_on=case.received_on,
        withdrawn_on=day,
        provider_notified=told,
        basis=basis,
        addressee=addressee,
        effect=_effect_text(case, day),
        request_days=request_days,
    )
    return issue_in_session(
        s,
        doc_type=DocumentType.WITHDRAWAL_NOTICE,
        payload_dto=data,
        subject_id=case.subject_id,
        actor=actor,
        confirmed={"missing_glyphs"},
    )


# --- reading ----------------------------------------------------------------------------------


def _left(s: Session, due: date | None, today: date) -> int | None:
    if due is None:
        return None
    try:
        return calendar_in(s).working_days_between(today, due)
    except CreditDeskError:
        return None


def _detail(s: Session, case: WithdrawalRequest, profile: Profile, today: date) -> WithdrawalDetail:
    subject = s.get(Subject, case.subject_id)
    record = s.get(CreditRecord, case.record_id)
    assert subject is not None and record is not None
    item = s.get(CatalogItem, record.catalog_item_id)
    provider = s.get(ProviderUnit, record.provider_id)
    letter = s.get(IssuedDocument, case.letter_document_id) if case.letter_document_id else None
    left = _left(s, case.next_due_on, today)
    thresholds = load_from_session(s).thresholds
    state = WithdrawalState(case.state)
    kind = SubjectKind(subject.kind)
    doc_type = IdDocType(case.applicant_doc_type)
    return WithdrawalDetail(
        id=case.id,
        case_no=case.case_no,
        state=state,
        subject_id=subject.id,
        subject_name=subject.name,
        subject_display_code=display_code(kind, subject.code),
        record_id=record.id,
        record_label=_label(item.name if item else "", record.document_number),
        record_status=RecordStatus(record.status),
        provider_name=provider.name if provider else "",
        applicant_name=case.applicant_name,
        applicant_doc_type=doc_type,
        applicant_doc_number=display_document_number(doc_type, case.applicant_doc_number),
        agent_name=case.agent_name,
        applicant_phone=case.applicant_phone,
        statement=case.statement or "",
        received_on=case.received_on,
        effect=case.effect,
        acted_by=case.acted_by,
        next_step=case.next_step,
        next_step_label=step_label(case.next_step),
        due_on=case.next_due_on,
        due_basis=step_basis(profile, case.due_step) if case.next_due_on else "",
        working_days_left=left,
        light=due_light(left, thresholds),
        provider_notified_on=case.provider_notified_on,
        completed_on=case.completed_on,
        refusal_reason=case.refusal_reason,
        letter_number=letter.number if letter else None,
        assignee_name=user_names(s, [case.assignee_user_id]).get(case.assignee_user_id or 0, ""),
        row_version=case.row_version,
        allowed=withdrawal_events_from(state),
    )


def withdrawal_detail(
    db: Database,
    case_no: str,
    *,
    actor: Actor,
    today: date | None = None,
    log: bool = False,
) -> WithdrawalDetail:
    """The request; ``log``: opening it to handle it reads the subject's record, which is
    logged (办案查阅), as opening an objection or repair case is."""
    authz.require(actor, Permission.WITHDRAWAL_HANDLE)
    today = today or local_today()
    with db.uow() as uow:
        s = uow.session
        case = s.scalar(
            select(WithdrawalRequest).where(
                WithdrawalRequest.case_no == "".join((case_no or "").split()).upper()
            )
        )
        if case is None:
            raise NotFound("withdrawal.not_found", case_no=case_no)
        detail = _detail(s, case, profile_of(s), today)
        if log:
            subject = s.get(Subject, case.subject_id)
            assert subject is not None
            log_case_read(s, actor, subject, f"良好信息撤回办理（{case.case_no}）", 1)
            uow.commit()
    return detail


def list_withdrawals(
    db: Database,
    *,
    actor: Actor,
    open_only: bool = False,
    text: str = "",
    today: date | None = None,
    limit: int = 500,
) -> tuple[WithdrawalRow, ...]:
    """Requests, open ones first by due date, then the closed ones newest first."""
    authz.require(actor, Permission.WITHDRAWAL_HANDLE)
    today = today or local_today()
    open_values = sorted(st.value for st in OPEN_WITHDRAWAL_STATES)
    with db.uow() as uow:
        s = uow.session
        query = (
            select(WithdrawalRequest, Subject, CatalogItem.name, CreditRecord, ProviderUnit.name)
            .join(Subject, WithdrawalRequest.subject_id == Subject.id)
            .join(CreditRecord, WithdrawalRequest.record_id == CreditRecord.id)
            .join(CatalogItem, CreditRecord.catalog_item_id == CatalogItem.id)
            .join(ProviderUnit, CreditRecord.provider_id == ProviderUnit.id)
        )
        if open_only:
            query = query.where(WithdrawalRequest.state.in_(open_values))
        needle = (text or "").strip()
        if needle:
            like = f"%{needle.replace('%', '').replace('_', '')}%"
            query = query.where(
                or_(
                    WithdrawalRequest.case_no.like(like),
                    Subject.name.like(like),
                    Subject.code == needle.upper(),
                    WithdrawalRequest.applicant_name.like(like),
                )
            )
        is_open = WithdrawalRequest.state.in_(open_values)
        query = query.order_by(
            is_open.desc(),
            WithdrawalRequest.next_due_on.asc().nulls_last(),
            WithdrawalRequest.received_on.desc(),
            WithdrawalRequest.id.desc(),
        ).limit(max(1, min(limit, 2000)))
        calendar = calendar_in(s)
        thresholds = load_from_session(s).thresholds
        out = []
        for case, subject, item, record, provider in s.execute(query).all():
            left = None
            if case.next_due_on is not None:
                try:
                    left = calendar.working_days_between(today, case.next_due_on)
                except CreditDeskError:
                    left = None
            out.append(
                WithdrawalRow(
                    id=case.id,
                    case_no=case.case_no,
                    state=WithdrawalState(case.state),
                    subject_name=subject.name,
                    subject_display_code=display_code(SubjectKind(subject.kind), subject.code),
                    record_label=_label(item, record.document_number),
                    provider_name=provider,
                    applicant_name=case.applicant_name,
                    received_on=case.received_on,
                    due_on=case.next_due_on,
                    working_days_left=left,
                    light=due_light(left, thresholds),
                    row_version=case.row_version,
                )
            )
    return tuple(out)


__all__ = [
    "CASE_PREFIX",
    "ApplicantInput",
    "WithdrawableRecord",
    "WithdrawableRecords",
    "WithdrawalDetail",
    "WithdrawalInput",
    "WithdrawalResult",
    "WithdrawalRow",
    "complete_withdrawal",
    "list_withdrawals",
    "refuse_withdrawal",
    "register_withdrawal",
    "withdrawable_records",
    "withdrawal_detail",
]
