"""窗口查询: an applicant at the window asks for a credit record (issue 5).

``run_query`` checks who asks, for whom and why, then shows exactly what the rules engine's
visibility function allows that audience on that day — nothing it hides. Every query, shown
or refused, appends one entry to the hash-chained query log (``app.services.query_log``):
a refusal is logged and committed in its own transaction *before* ``QueryRefused`` is raised,
so no refusal goes unrecorded.

What is logged and what is not:
* refusals on substance (self query by someone else, grant expired / revoked / for someone
  else / out of scope / missing, purpose or government application missing, the document
  not seen, an unknown subject) → a ``refused`` entry naming the reason;
* typing faults (an ID number with a wrong check digit, a file that is not a PDF/JPEG/PNG)
  → ``ValidationFailed`` for the form, nothing logged: no query was made;
* a user without the permission → ``PermissionDenied``, recorded in the audit trail
  (越权查询 is an offence in all five regulations).

Regulations: Weihai arts. 20–23, Zhangdian arts. 21–22, Wuhan arts. 19, 21–23, Nantong
arts. 19–22, Xiamen arts. 10, 17–18 (see ``shared/rules/jurisdictions.md`` §3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuthorizationGrant, Subject, SubjectIdentity, User
from app.domain.codes import detect_subject_code, display_document_number
from app.domain.enums import (
    Audience,
    GrantMethod,
    IdDocType,
    InfoClass,
    QueryMethod,
    QueryOutcome,
    RecordStatus,
    SubjectKind,
)
from app.domain.errors import CreditDeskError, NotFound, PermissionDenied, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.rules.profiles import Profile
from app.services import authz, rules
from app.services.attachments import Upload, check_upload, store_attachment
from app.services.audit_trail import record_event
from app.services.auth import actor_of, normalize_username
from app.services.clock import local_today, utc_now
from app.services.database import Database
from app.services.grants import (
    GrantInput,
    GrantRow,
    GrantState,
    grant_state,
    normalize_doc_number,
    register_grant,
    row_of,
    scope_label,
)
from app.services.query_log import (
    STAFF_PREVIEW_PURPOSE,
    LogDraft,
    LogRequester,
    append_query_log,
)
from app.services.record_view import (
    ANNOTATION_LABELS,
    CLASS_ORDER,
    HIDDEN_LABELS,
    ClassGroup,
    Disclosed,
    LoadedRecord,
    disclose,
    load_records,
    record_count,
    shown_categories,
)
from app.services.subject_search import display_code

# Purposes offered for self and authorised queries (the GUI's list; free text is kept as
# "其他：…"). Government purposes come from the profile (Xiamen art. 18 lists them).
PURPOSE_CHOICES: tuple[str, ...] = (
    "了解本人信用状况",
    "招标投标",
    "融资信贷",
    "行政审批",
    "评优评先",
    "商务合作",
    "其他",
)
OTHER_PURPOSE = "其他"
MAX_PURPOSE_DETAIL = 300
MAX_NAME = 100
MAX_APPLICATION_NO = 60


class QueryRefused(CreditDeskError):
    """The query was refused for the reason in ``text``; ``log_seq`` is its query-log entry."""

    def __init__(self, msg_id: str, /, *, log_id: int, log_seq: int, **params: object) -> None:
        self.log_id = log_id
        self.log_seq = log_seq
        super().__init__(msg_id, **params)


# --- input ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequesterInput:
    """Who stands at the window. For an organisation (``doc_type`` USCC, ``name`` its name):
    the agent's identity document and the organisation's letter of authorisation (委托书)."""

    doc_type: IdDocType
    doc_number: str
    name: str
    agent_doc_type: IdDocType | None = None
    agent_doc_number: str = ""
    agent_name: str = ""
    mandate: Upload | None = None


@dataclass(frozen=True)
class QueryRequest:
    requester: RequesterInput
    audience: Audience
    subject_id: int | None = None
    subject_code: str | None = None
    document_seen: bool = False  # the clerk confirms the identity document was seen
    purpose: str = ""  # one of PURPOSE_CHOICES (or the profile's government purposes)
    purpose_detail: str = ""  # free text; required with "其他"
    grant_id: int | None = None
    new_grant: GrantInput | None = None  # registered in the same flow, then used
    application_no: str = ""  # government: the written application's number
    requested_classes: frozenset[InfoClass] | None = None  # None: all the audience may see


# --- output -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectSummary:
    id: int
    kind: SubjectKind
    code: str
    display_code: str  # masked for natural persons
    name: str


@dataclass(frozen=True)
class RequesterSummary:
    doc_type: IdDocType
    doc_number: str
    name: str
    agent_doc_type: IdDocType | None = None
    agent_doc_number: str | None = None
    agent_name: str | None = None

    @property
    def display_number(self) -> str:
        return display_document_number(self.doc_type, self.doc_number)


@dataclass(frozen=True)
class QueryResult:
    log_id: int
    log_seq: int
    queried_at: datetime
    as_of: date
    profile_id: str
    regulation: str
    clerk_user_id: int | None
    clerk_name: str
    subject: SubjectSummary
    requester: RequesterSummary
    audience: Audience
    method: QueryMethod
    purpose: str
    application_no: str | None
    grant: GrantRow | None
    groups: tuple[ClassGroup, ...]  # all four classes in order; empty ones print "无"
    times_requester_queried_subject: int
    withheld_incomplete: int = 0  # records the engine could not place (a date missing)

    @property
    def record_count(self) -> int:
        return record_count(self.groups)

    @property
    def categories(self) -> tuple[str, ...]:
        return shown_categories(self.groups)


@dataclass(frozen=True)
class PreviewCell:
    shown: bool
    reason: str | None  # HiddenReason value, or "incomplete"
    annotations: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.shown:
            return "显示" + (f"（{'、'.join(self.annotations)}）" if self.annotations else "")
        return "不显示：" + HIDDEN_LABELS.get(self.reason or "", self.reason or "")


@dataclass(frozen=True)
class PreviewRow:
    record_id: int
    catalog_code: str
    catalog_name: str
    info_class: InfoClass
    document_number: str
    decision_date: date
    status: RecordStatus
    cells: Mapping[Audience, PreviewCell]


@dataclass(frozen=True)
class DisclosurePreview:
    """The same subject as each audience sees it, side by side (staff only, logged)."""

    log_seq: int
    as_of: date
    profile_id: str
    subject: SubjectSummary
    audiences: tuple[Audience, ...]
    by_audience: Mapping[Audience, Disclosed]
    rows: tuple[PreviewRow, ...] = field(default_factory=tuple)


PREVIEW_AUDIENCES: tuple[Audience, ...] = (
    Audience.PUBLIC,
    Audience.SELF,
    Audience.AUTHORIZED,
    Audience.GOVERNMENT,
)


# --- helpers -----------------------------------------------------------------------------------


def require_logged(db: Database, actor: Actor, permission: Permission, action: str) -> None:
    """``authz.require``, and a refused attempt is written to the audit trail (越权查询)."""
    if actor.may(permission):
        return
    with db.uow() as uow:
        record_event(
            uow.session,
            action="query.permission_denied",
            entity_type="query",
            actor_user_id=actor.user_id,
            details={"username": actor.username, "role": actor.role, "attempted": action},
        )
        uow.commit()
    authz.require(actor, permission)
    raise PermissionDenied()  # unreachable: require raised


def staff_actor(db: Database, username: str) -> Actor:
    """The Actor of an enabled staff account, for the CLI (``--clerk``, ``--auditor``). The
    CLI runs with direct database access; the name says who is accountable, the service
    still checks that role's permission."""
    name = normalize_username(username)
    with db.uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == name))
        if user is None:
            raise NotFound(entity="用户", key=name)
        if not user.is_active:
            raise CreditDeskError("auth.disabled", username=name)
        return actor_of(user)


def purposes_for(profile: Profile, audience: Audience) -> tuple[str, ...]:
    """The purpose list the wizard offers for ``audience`` (empty: public, none needed)."""
    if audience is Audience.GOVERNMENT:
        return tuple(profile.query.government_purposes.value)
    if audience is Audience.PUBLIC:
        return ()
    return PURPOSE_CHOICES


def _field_error(field_name: str, msg_id: str, **params: object) -> ValidationFailed:
    error = ValidationFailed(msg_id, **params)
    error.field_errors = {field_name: [error.text]}
    return error


@dataclass(frozen=True)
class _Requester:
    summary: RequesterSummary
    log: LogRequester
    is_org: bool


def check_requester(
    requester: RequesterInput, audience: Audience, *, today: date | None = None
) -> RequesterSummary:
    """Live validation for the wizard's first step (codes, names, the 委托书); no database."""
    return _check_requester(requester, audience).summary


def _check_requester(requester: RequesterInput, audience: Audience) -> _Requester:
    errors: dict[str, list[str]] = {}

    def collect(fn: object, *args: object, **kwargs: object) -> str:
        try:
            return fn(*args, **kwargs)  # type: ignore[operator,no-any-return]
        except ValidationFailed as exc:
            for k, v in exc.field_errors.items():
                errors.setdefault(k, []).extend(v)
            return ""

    doc_type = IdDocType(requester.doc_type)
    number = collect(normalize_doc_number, doc_type, requester.doc_number, field="doc_number")
    name = " ".join(requester.name.split())
    if not name:
        errors.setdefault("name", []).append(
            render("query.field_required", {"label": "查询人姓名（名称）"}).text
        )
    elif len(name) > MAX_NAME:
        errors.setdefault("name", []).append(
            render("query.field_too_long", {"label": "查询人姓名（名称）", "max": MAX_NAME}).text
        )
    is_org = doc_type is IdDocType.USCC
    agent_type: IdDocType | None = None
    agent_number = agent_name = ""
    needs_agent = is_org and audience is not Audience.PUBLIC
    has_agent = bool(requester.agent_doc_number.strip() or requester.agent_name.strip())
    if is_org and (needs_agent or has_agent):
        agent_type = IdDocType(requester.agent_doc_type or IdDocType.RESIDENT_ID)
        if agent_type is IdDocType.USCC:
            errors.setdefault("agent_doc_type", []).append(render("query.agent_doc_type", {}).text)
        else:
            agent_number = collect(
                normalize_doc_number,
                agent_type,
                requester.agent_doc_number,
                field="agent_doc_number",
            )
        agent_name = " ".join(requester.agent_name.split())
        if not agent_name:
            errors.setdefault("agent_name", []).append(
                render("query.field_required", {"label": "经办人姓名"}).text
            )
        elif len(agent_name) > MAX_NAME:
            errors.setdefault("agent_name", []).append(
                render("query.field_too_long", {"label": "经办人姓名", "max": MAX_NAME}).text
            )
    if requester.mandate is not None:
        collect(check_upload, requester.mandate, field="mandate")
    if errors:
        raise ValidationFailed(field_errors=errors)
    summary = RequesterSummary(
        doc_type=doc_type,
        doc_number=number,
        name=name,
        agent_doc_type=agent_type,
        agent_doc_number=agent_number or None,
        agent_name=agent_name or None,
    )
    if is_org and agent_type is not None:
        log = LogRequester(agent_type, agent_number, f"{name}（经办人：{agent_name}）", number)
    elif is_org:
        log = LogRequester(doc_type, number, name, number)
    else:
        log = LogRequester(doc_type, number, name, None)
    return _Requester(summary, log, is_org)


def _subject_summary(subject: Subject) -> SubjectSummary:
    kind = SubjectKind(subject.kind)
    return SubjectSummary(
        subject.id, kind, subject.code, display_code(kind, subject.code), subject.name
    )


def _resolve_subject(session: Session, request: QueryRequest) -> tuple[Subject | None, str]:
    """The subject row (None if unknown) and the code as typed, normalised."""
    if request.subject_id is not None:
        subject = session.get(Subject, request.subject_id)
        return subject, subject.code if subject else str(request.subject_id)
    if not request.subject_code or not request.subject_code.strip():
        raise _field_error("subject", "query.subject_required")
    _kind, code = detect_subject_code(request.subject_code)
    return session.scalar(select(Subject).where(Subject.code == code)), code


def _is_self(session: Session, subject: Subject, requester: _Requester) -> bool:
    summary = requester.summary
    if requester.is_org:
        return summary.doc_number == subject.code
    if summary.doc_type is IdDocType.RESIDENT_ID and summary.doc_number == subject.code:
        return True
    linked = session.scalar(
        select(SubjectIdentity.id).where(
            SubjectIdentity.subject_id == subject.id,
            SubjectIdentity.doc_type == summary.doc_type,
            SubjectIdentity.doc_number == summary.doc_number,
        )
    )
    return linked is not None


def _purpose(
    request: QueryRequest, profile: Profile
) -> tuple[str, tuple[str, dict[str, object]] | None]:
    """The purpose as logged, or the refusal when it is missing or not lawful."""
    choice = " ".join(request.purpose.split())
    detail = " ".join(request.purpose_detail.split())[:MAX_PURPOSE_DETAIL]
    audience = request.audience
    if audience is Audience.PUBLIC:
        return ("：".join(p for p in (choice, detail) if p) or "社会公开信息查询"), None
    if not choice and not detail:
        return "", ("query.purpose_required", {"audience": audience.label})
    if audience is Audience.GOVERNMENT:
        lawful = list(profile.query.government_purposes.value)
        if choice.isdigit() and 1 <= int(choice) <= len(lawful):
            choice = lawful[int(choice) - 1]
        if choice not in lawful:
            return choice, (
                "query.government_purpose_invalid",
                {
                    "purpose": choice or detail,
                    "allowed": "；".join(f"{i}. {p}" for i, p in enumerate(lawful, 1)),
                    "citation": profile.cite(profile.query.government_purposes.basis),
                },
            )
        application_no = " ".join(request.application_no.split())[:MAX_APPLICATION_NO]
        text = "：".join(p for p in (choice, detail) if p)
        return f"{text}（书面申请：{application_no}）" if application_no else text, None
    if choice and choice not in PURPOSE_CHOICES:
        choice, detail = OTHER_PURPOSE, "：".join(p for p in (choice, detail) if p)
    if choice == OTHER_PURPOSE and not detail:
        return "", ("query.purpose_detail_required", {})
    return "：".join(p for p in (choice or OTHER_PURPOSE, detail) if p), None


def check_grant(
    grant: AuthorizationGrant | None,
    *,
    subject: Subject,
    grantee_doc_type: IdDocType,
    grantee_doc_number: str,
    grantee_label: str,
    profile: Profile,
    today: date,
) -> tuple[str, dict[str, object]] | None:
    """Why ``grant`` does not let this grantee query ``subject`` today, or None.

    Order: missing, another subject's, revoked, another grantee's, not yet valid, expired,
    a method the profile does not accept (SMS outside Nantong art. 22)."""
    if grant is None:
        return "query.grant_missing", {}
    if grant.grantor_subject_id != subject.id:
        return "query.grant_other_subject", {"grant_id": grant.id}
    state = grant_state(grant, today)
    if state == GrantState.REVOKED:
        assert grant.revoked_at is not None
        return "query.grant_revoked", {
            "grant_id": grant.id,
            "revoked_on": grant.revoked_at.date().isoformat(),
            "reason": grant.revoked_reason or "",
        }
    if not (
        IdDocType(grant.grantee_doc_type) is grantee_doc_type
        and grant.grantee_doc_number == grantee_doc_number
    ):
        return "query.grant_wrong_grantee", {
            "grant_id": grant.id,
            "grantee": grant.grantee_name,
            "requester": grantee_label,
        }
    if state == GrantState.NOT_YET_VALID:
        return "query.grant_not_yet_valid", {
            "grant_id": grant.id,
            "valid_from": grant.valid_from.isoformat(),
        }
    if state == GrantState.EXPIRED:
        return "query.grant_expired", {
            "grant_id": grant.id,
            "valid_to": grant.valid_to.isoformat(),
        }
    methods = profile.query.authorization_methods
    if GrantMethod(grant.method).value not in methods.value:
        return "query.grant_method_not_allowed", {
            "grant_id": grant.id,
            "method": GrantMethod(grant.method).label,
            "citation": profile.cite(methods.basis),
        }
    return None


def check_scope(
    grant: AuthorizationGrant,
    records: list[LoadedRecord],
    requested: frozenset[InfoClass] | None,
    catalog_names: Mapping[str, str],
    catalog_classes: Mapping[str, InfoClass],
) -> tuple[str, dict[str, object]] | None:
    """The grant must cover every class asked for, and something of the subject's records."""
    scope = set(grant.scope or ())
    if requested:
        covered = {InfoClass(s) for s in scope if s in _CLASS_VALUES} | {
            catalog_classes[s] for s in scope if s in catalog_classes
        }
        missing = [c for c in CLASS_ORDER if c in requested and c not in covered]
        if missing:
            return "query.grant_scope", {
                "grant_id": grant.id,
                "missing": "、".join(c.label for c in missing),
                "scope": "、".join(scope_label(s, dict(catalog_names)) for s in grant.scope),
            }
    if not any(s in _CLASS_VALUES or s in catalog_classes for s in scope):
        return "query.grant_scope_empty", {
            "grant_id": grant.id,
            "scope": "、".join(scope_label(s, dict(catalog_names)) for s in grant.scope),
        }
    return None


_CLASS_VALUES = frozenset(c.value for c in InfoClass)


def catalog_index(session: Session) -> tuple[dict[str, str], dict[str, InfoClass]]:
    from app.db.models import CatalogItem

    rows = session.execute(
        select(CatalogItem.code, CatalogItem.name, CatalogItem.info_class, CatalogItem.is_active)
    ).all()
    names = {code: name for code, name, _c, _a in rows}
    classes = {code: InfoClass(c) for code, _n, c, active in rows if active}
    return names, classes


def _restrict(disclosed: Disclosed, requested: frozenset[InfoClass] | None) -> Disclosed:
    if not requested:
        return disclosed
    return Disclosed(
        groups=tuple(
            g if g.info_class in requested else ClassGroup(g.info_class, ())
            for g in disclosed.groups
        ),
        hidden=disclosed.hidden,
        incomplete=disclosed.incomplete,
    )


# --- the query ---------------------------------------------------------------------------------


def run_query(
    db: Database,
    request: QueryRequest,
    *,
    actor: Actor,
    today: date | None = None,
    now: datetime | None = None,
) -> QueryResult:
    """Check and answer one window query; log it either way. Raises ``QueryRefused`` (already
    logged), ``ValidationFailed`` (typing faults, nothing logged) or ``PermissionDenied``."""
    require_logged(db, actor, Permission.QUERY_RUN, "窗口查询")
    today = today or local_today()
    now = now or utc_now()
    audience = Audience(request.audience)
    method = QueryMethod.GOVERNMENT if audience is Audience.GOVERNMENT else QueryMethod.WINDOW
    profile = rules.current_profile(db)
    layer = rules.national_layer()
    requester = _check_requester(request.requester, audience)

    grant_id = request.grant_id
    if request.new_grant is not None:
        if audience is not Audience.AUTHORIZED:
            raise _field_error("new_grant", "query.grant_not_needed", audience=audience.label)
        grant_id = register_grant(db, request.new_grant, actor=actor, today=today).id

    refusal: tuple[str, dict[str, object]] | None = None
    subject_id: int | None = None
    purpose = ""
    with db.uow() as uow:
        s = uow.session
        subject, code = _resolve_subject(s, request)
        purpose, purpose_refusal = _purpose(request, profile)
        grant = s.get(AuthorizationGrant, grant_id) if grant_id is not None else None
        if subject is None:
            refusal = ("query.subject_unknown", {"code": code})
        else:
            subject_id = subject.id
            refusal = _check_request(
                s, request, subject, requester, profile, today, grant_id, grant, purpose_refusal
            )
        if refusal is None:
            assert subject is not None
            kind = SubjectKind(subject.kind)
            records = load_records(s, {subject.id: kind})[subject.id]
            scope = None
            if audience is Audience.AUTHORIZED:
                assert grant is not None
                names, classes = catalog_index(s)
                refusal = check_scope(grant, records, request.requested_classes, names, classes)
                scope = list(grant.scope or ())
        if refusal is None:
            assert subject is not None
            disclosed = _restrict(
                disclose(records, profile, audience, today, national_layer=layer, scope=scope),
                request.requested_classes,
            )
            entry = append_query_log(
                s,
                LogDraft(
                    clerk_user_id=actor.user_id,
                    requester=requester.log,
                    subject_id=subject.id,
                    audience=audience,
                    purpose=purpose,
                    method=method,
                    outcome=QueryOutcome.SHOWN,
                    categories=disclosed.categories,
                    record_count=disclosed.record_count,
                    grant_id=grant.id if grant is not None and scope is not None else None,
                ),
                now=now,
            )
            if request.requester.mandate is not None:
                attachment = store_attachment(s, request.requester.mandate, user_id=actor.user_id)
                record_event(
                    s,
                    action="query.mandate_stored",
                    entity_type="query_log_entry",
                    entity_id=entry.id,
                    actor_user_id=actor.user_id,
                    details={"seq": entry.seq, "attachment_id": attachment.id},
                    now=now,
                )
            result = QueryResult(
                log_id=entry.id,
                log_seq=entry.seq,
                queried_at=entry.occurred_at,
                as_of=today,
                profile_id=profile.id,
                regulation=profile.regulation,
                clerk_user_id=actor.user_id,
                clerk_name=actor.display_name or actor.username,
                subject=_subject_summary(subject),
                requester=requester.summary,
                audience=audience,
                method=method,
                purpose=purpose,
                application_no=" ".join(request.application_no.split()) or None
                if audience is Audience.GOVERNMENT
                else None,
                grant=row_of(s, grant, today) if grant is not None and scope is not None else None,
                groups=disclosed.groups,
                times_requester_queried_subject=entry.times_requester_queried_subject,
                withheld_incomplete=disclosed.incomplete,
            )
            uow.commit()
            return result

    msg_id, params = refusal
    _log_refusal(
        db,
        msg_id,
        params,
        LogDraft(
            clerk_user_id=actor.user_id,
            requester=requester.log,
            subject_id=subject_id,
            audience=audience,
            purpose=purpose,
            method=method,
            outcome=QueryOutcome.REFUSED,
            grant_id=grant_id if grant_id is not None and _grant_exists(db, grant_id) else None,
        ),
        now=now,
    )


def _grant_exists(db: Database, grant_id: int) -> bool:
    with db.uow() as uow:
        return uow.session.get(AuthorizationGrant, grant_id) is not None


def _log_refusal(
    db: Database,
    msg_id: str,
    params: dict[str, object],
    draft: LogDraft,
    *,
    now: datetime | None = None,
) -> NoReturn:
    """Log the refusal in its own transaction, commit, then raise ``QueryRefused``."""
    reason = render(msg_id, params).text
    with db.uow() as uow:
        entry = append_query_log(
            uow.session,
            replace(draft, refusal_reason=reason),
            now=now,
        )
        log_id, log_seq = entry.id, entry.seq
        uow.commit()
    raise QueryRefused(msg_id, log_id=log_id, log_seq=log_seq, **params)


def _check_request(
    session: Session,
    request: QueryRequest,
    subject: Subject,
    requester: _Requester,
    profile: Profile,
    today: date,
    grant_id: int | None,
    grant: AuthorizationGrant | None,
    purpose_refusal: tuple[str, dict[str, object]] | None,
) -> tuple[str, dict[str, object]] | None:
    audience = Audience(request.audience)
    if audience is not Audience.PUBLIC and not request.document_seen:
        return "query.document_not_seen", {}
    if purpose_refusal is not None:
        return purpose_refusal
    summary = requester.summary
    if audience is Audience.SELF:
        if not _is_self(session, subject, requester):
            return "query.self_mismatch", {
                "requester": f"{summary.name}（{summary.display_number}）",
                "subject": subject.name,
            }
        if requester.is_org and request.requester.mandate is None:
            return "query.mandate_missing", {}
        return None
    if audience is Audience.AUTHORIZED:
        if requester.is_org and request.requester.mandate is None:
            return "query.mandate_missing", {}
        if grant_id is not None and grant is None:
            return "query.grant_not_found", {"grant_id": grant_id}
        return check_grant(
            grant,
            subject=subject,
            grantee_doc_type=summary.doc_type,
            grantee_doc_number=summary.doc_number,
            grantee_label=f"{summary.name}（{summary.display_number}）",
            profile=profile,
            today=today,
        )
    if audience is Audience.GOVERNMENT:
        if not requester.is_org:
            return "query.government_requester", {}
        needed = profile.query.government_written_application
        if not " ".join(request.application_no.split()):
            citation = profile.cite(needed.basis) if needed is not None else ""
            return "query.application_required", {"citation": citation}
    return None


# --- the staff preview -------------------------------------------------------------------------


def preview_disclosure(
    db: Database,
    subject_id: int,
    *,
    actor: Actor,
    today: date | None = None,
    now: datetime | None = None,
) -> DisclosurePreview:
    """The subject as the public, the subject itself, an authorised third party (every
    authorisable item) and a government unit would see it today, side by side.

    It reads non-public information, so it is permission-checked and logged: method
    ``window``, audience ``government`` (the widest view shown), purpose "工作人员披露预览",
    no requester document (the clerk asks)."""
    require_logged(db, actor, Permission.QUERY_PREVIEW, "披露预览")
    today = today or local_today()
    profile = rules.current_profile(db)
    layer = rules.national_layer()
    with db.uow() as uow:
        s = uow.session
        subject = s.get(Subject, subject_id)
        if subject is None:
            raise NotFound(entity="信息主体", key=str(subject_id))
        kind = SubjectKind(subject.kind)
        records = load_records(s, {subject.id: kind})[subject.id]
        by_audience = {
            a: disclose(records, profile, a, today, national_layer=layer) for a in PREVIEW_AUDIENCES
        }
        shown_ids: dict[Audience, dict[int, tuple[str, ...]]] = {
            a: {
                r.record_id: tuple(ANNOTATION_LABELS[x] for x in r.annotations)
                for g in d.groups
                for r in g.records
            }
            for a, d in by_audience.items()
        }
        rows = tuple(
            PreviewRow(
                record_id=r.record_id,
                catalog_code=r.catalog_code,
                catalog_name=r.catalog_name,
                info_class=r.info_class,
                document_number=r.document_number,
                decision_date=r.decision_date,
                status=r.status,
                cells={
                    a: PreviewCell(True, None, shown_ids[a][r.record_id])
                    if r.record_id in shown_ids[a]
                    else PreviewCell(False, by_audience[a].hidden.get(r.record_id))
                    for a in PREVIEW_AUDIENCES
                },
            )
            for r in sorted(records, key=lambda r: (CLASS_ORDER.index(r.info_class), r.record_id))
        )
        seen = {rid for ids in shown_ids.values() for rid in ids}
        categories = [
            c.value
            for c in CLASS_ORDER
            if any(r.info_class is c and r.record_id in seen for r in records)
        ]
        entry = append_query_log(
            s,
            LogDraft(
                clerk_user_id=actor.user_id,
                requester=LogRequester(
                    None, None, f"工作人员 {actor.display_name or actor.username}", None
                ),
                subject_id=subject.id,
                audience=Audience.GOVERNMENT,
                purpose=STAFF_PREVIEW_PURPOSE,
                method=QueryMethod.WINDOW,
                outcome=QueryOutcome.SHOWN,
                categories=categories,
                record_count=len(seen),
            ),
            now=now,
        )
        preview = DisclosurePreview(
            log_seq=entry.seq,
            as_of=today,
            profile_id=profile.id,
            subject=_subject_summary(subject),
            audiences=PREVIEW_AUDIENCES,
            by_audience=by_audience,
            rows=rows,
        )
        uow.commit()
        return preview
