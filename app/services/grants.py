"""Authorisations (授权书): a subject lets a named third party query its non-public information.

A grant names the grantor (the subject), the grantee (a person or an organisation, by its
identity document), the scope (information classes and/or catalogue item codes), the agreed
purpose (约定的查询用途: Zhangdian art. 22, Wuhan art. 23, Xiamen art. 17), the validity and
the method: written, with the scanned document attached (Weihai art. 22 requires it), or
SMS-verified where the profile allows it (Nantong art. 22), with the verification reference.

Validity: ``valid_from ≤ valid_to``, ``valid_to`` not already past, and at most
``MAX_VALIDITY_DAYS`` (366: one year, leap day included). None of the five regulations sets a
period; a grant is for an agreed purpose, and an open-ended one would let a third party keep
querying long after the purpose is served. The profile may later carry its own maximum.

Grants are never deleted: revoking keeps the row (logs refer to it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Attachment, AuthorizationGrant, CatalogItem, Subject
from app.db.types import utcnow
from app.domain.codes import display_document_number, validate_id_number, validate_uscc
from app.domain.enums import GrantMethod, IdDocType, InfoClass, SubjectKind
from app.domain.errors import ConcurrencyConflict, CreditDeskError, NotFound, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.rules.profiles import Profile
from app.services import authz, rules
from app.services.attachments import AttachmentInfo, Upload, info_of, store_attachment
from app.services.audit_trail import record_event
from app.services.clock import local_today
from app.services.database import Database

MAX_VALIDITY_DAYS = 366
MAX_PURPOSE = 500
MAX_NAME = 200


class GrantState:
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


GRANT_STATE_LABELS = {
    GrantState.VALID: "有效",
    GrantState.NOT_YET_VALID: "尚未生效",
    GrantState.EXPIRED: "已过期",
    GrantState.REVOKED: "已撤销",
}


@dataclass(frozen=True)
class GrantInput:
    """What the clerk enters from the authorisation document."""

    grantor_subject_id: int
    grantee_doc_type: IdDocType
    grantee_doc_number: str
    grantee_name: str
    scope: Sequence[str]  # InfoClass values and/or catalogue item codes
    purpose: str
    valid_from: date
    valid_to: date
    method: GrantMethod = GrantMethod.WRITTEN
    document: Upload | None = None  # the scanned 授权书 (required for written grants)
    sms_reference: str = ""  # the SMS verification record (required for SMS grants)


@dataclass(frozen=True)
class GrantRow:
    id: int
    grantor_subject_id: int
    grantor_name: str
    grantee_doc_type: IdDocType
    grantee_doc_number: str
    grantee_name: str
    scope: tuple[str, ...]
    scope_labels: tuple[str, ...]
    purpose: str
    valid_from: date
    valid_to: date
    method: GrantMethod
    document: AttachmentInfo | None
    revoked_at: datetime | None
    revoked_reason: str | None
    state: str  # GrantState, as of the ``today`` the row was built for
    row_version: int
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def state_label(self) -> str:
        return GRANT_STATE_LABELS[self.state]

    @property
    def grantee_display_number(self) -> str:
        return display_document_number(self.grantee_doc_type, self.grantee_doc_number)


# --- validation helpers (shared with the window query) -----------------------------------------


def normalize_doc_number(doc_type: IdDocType, number: str, *, field: str) -> str:
    """Validate an identity document number by its type; return it normalised."""
    if doc_type is IdDocType.RESIDENT_ID:
        return validate_id_number(number, field=field).value
    if doc_type is IdDocType.USCC:
        return validate_uscc(number, field=field).value
    text = "".join(number.split()).upper()
    if not text or len(text) > 40 or not text.isascii() or not text.isalnum():
        error = ValidationFailed("grant.doc_number_format", label=IdDocType(doc_type).label)
        error.field_errors = {field: [error.text]}
        raise error
    return text


def grant_state(grant: AuthorizationGrant, today: date) -> str:
    if grant.revoked_at is not None:
        return GrantState.REVOKED
    if today < grant.valid_from:
        return GrantState.NOT_YET_VALID
    if today > grant.valid_to:
        return GrantState.EXPIRED
    return GrantState.VALID


def scope_label(entry: str, catalog_names: dict[str, str]) -> str:
    try:
        return InfoClass(entry).label
    except ValueError:
        return f"{catalog_names.get(entry, entry)}（{entry}）"


def _catalog_names(session: Session) -> dict[str, str]:
    rows = session.execute(select(CatalogItem.code, CatalogItem.name)).all()
    return {code: name for code, name in rows}


def row_of(
    session: Session, grant: AuthorizationGrant, today: date, *, grantor_name: str | None = None
) -> GrantRow:
    names = _catalog_names(session)
    if grantor_name is None:
        grantor_name = (
            session.scalar(select(Subject.name).where(Subject.id == grant.grantor_subject_id)) or ""
        )
    document = None
    if grant.document_attachment_id is not None:
        attachment = session.get(Attachment, grant.document_attachment_id)
        document = info_of(attachment) if attachment is not None else None
    return GrantRow(
        id=grant.id,
        grantor_subject_id=grant.grantor_subject_id,
        grantor_name=grantor_name,
        grantee_doc_type=IdDocType(grant.grantee_doc_type),
        grantee_doc_number=grant.grantee_doc_number,
        grantee_name=grant.grantee_name,
        scope=tuple(grant.scope or ()),
        scope_labels=tuple(scope_label(s, names) for s in grant.scope or ()),
        purpose=grant.purpose,
        valid_from=grant.valid_from,
        valid_to=grant.valid_to,
        method=GrantMethod(grant.method),
        document=document,
        revoked_at=grant.revoked_at,
        revoked_reason=grant.revoked_reason,
        state=grant_state(grant, today),
        row_version=grant.row_version,
        extra={str(k): str(v) for k, v in (grant.extra or {}).items()},
    )


# --- registering -------------------------------------------------------------------------------


def add_grant(
    session: Session, data: GrantInput, *, actor: Actor, profile: Profile, today: date
) -> AuthorizationGrant:
    """Validate ``data`` (all field faults at once) and add the grant to ``session``."""
    errors: dict[str, list[str]] = {}

    def fault(name: str, msg_id: str, **params: object) -> None:
        errors.setdefault(name, []).append(render(msg_id, params).text)

    subject = session.get(Subject, data.grantor_subject_id)
    if subject is None:
        raise NotFound(entity="信息主体", key=str(data.grantor_subject_id))

    grantee_number = ""
    try:
        grantee_number = normalize_doc_number(
            IdDocType(data.grantee_doc_type), data.grantee_doc_number, field="grantee_doc_number"
        )
    except ValidationFailed as exc:
        for name, messages in exc.field_errors.items():
            errors.setdefault(name, []).extend(messages)
    grantee_name = data.grantee_name.strip()
    if not grantee_name:
        fault("grantee_name", "grant.field_required", label="被授权人名称")
    elif len(grantee_name) > MAX_NAME:
        fault("grantee_name", "grant.field_too_long", label="被授权人名称", max=MAX_NAME)
    if grantee_number and grantee_number == subject.code:
        fault("grantee_doc_number", "grant.grantee_is_grantor")

    scope = _clean_scope(session, data.scope, fault)

    purpose = data.purpose.strip()
    if not purpose:
        fault("purpose", "grant.field_required", label="约定的查询用途")
    elif len(purpose) > MAX_PURPOSE:
        fault("purpose", "grant.field_too_long", label="约定的查询用途", max=MAX_PURPOSE)

    if data.valid_to < data.valid_from:
        fault(
            "valid_to",
            "grant.dates_reversed",
            valid_from=data.valid_from.isoformat(),
            valid_to=data.valid_to.isoformat(),
        )
    elif (data.valid_to - data.valid_from).days + 1 > MAX_VALIDITY_DAYS:
        fault(
            "valid_to",
            "grant.too_long",
            days=(data.valid_to - data.valid_from).days + 1,
            max=MAX_VALIDITY_DAYS,
            latest=(data.valid_from + timedelta(days=MAX_VALIDITY_DAYS - 1)).isoformat(),
        )
    elif data.valid_to < today:
        fault("valid_to", "grant.already_expired", valid_to=data.valid_to.isoformat())

    method = GrantMethod(data.method)
    allowed = profile.query.authorization_methods
    extra: dict[str, str] = {}
    if method.value not in allowed.value:
        fault(
            "method",
            "grant.method_not_allowed",
            method=method.label,
            citation=profile.cite(allowed.basis),
        )
    if method is GrantMethod.WRITTEN and data.document is None:
        fault("document", "grant.document_required")
    if method is GrantMethod.SMS:
        reference = data.sms_reference.strip()
        if not reference:
            fault("sms_reference", "grant.sms_reference_required")
        elif len(reference) > 100:
            fault("sms_reference", "grant.field_too_long", label="短信验证记录", max=100)
        else:
            extra["sms_reference"] = reference
    if errors:
        raise ValidationFailed(field_errors=errors)

    attachment_id = None
    if data.document is not None:
        attachment_id = store_attachment(session, data.document, user_id=actor.user_id).id
    grant = AuthorizationGrant(
        grantor_subject_id=subject.id,
        grantee_name=grantee_name,
        grantee_doc_type=IdDocType(data.grantee_doc_type),
        grantee_doc_number=grantee_number,
        scope=scope,
        purpose=purpose,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        method=method,
        document_attachment_id=attachment_id,
        created_by_user_id=actor.user_id,
        extra=extra,
    )
    session.add(grant)
    session.flush()
    record_event(
        session,
        action="grant.registered",
        entity_type="authorization_grant",
        entity_id=grant.id,
        actor_user_id=actor.user_id,
        details={
            "grantor_subject_id": subject.id,
            "grantee_doc_type": grant.grantee_doc_type.value,
            "grantee_doc_number": grantee_number,
            "scope": scope,
            "valid_from": data.valid_from,
            "valid_to": data.valid_to,
            "method": method.value,
            "attachment_id": attachment_id,
        },
    )
    return grant


def _clean_scope(session: Session, scope: Sequence[str], fault: object) -> list[str]:
    entries: list[str] = []
    for raw in scope:
        entry = str(raw).strip()
        if entry and entry not in entries:
            entries.append(entry if entry.lower() not in _CLASSES else entry.lower())
    if not entries:
        fault("scope", "grant.scope_empty")  # type: ignore[operator]
        return []
    codes = [e for e in entries if e not in _CLASSES]
    if codes:
        known = set(
            session.scalars(select(CatalogItem.code).where(CatalogItem.code.in_(codes))).all()
        )
        unknown = [c for c in codes if c not in known]
        if unknown:
            fault("scope", "grant.scope_unknown", codes="、".join(unknown))  # type: ignore[operator]
    return entries


_CLASSES = frozenset(c.value for c in InfoClass)


def register_grant(
    db: Database, data: GrantInput, *, actor: Actor, today: date | None = None
) -> GrantRow:
    """Register an authorisation with its scanned document (one transaction, audited)."""
    authz.require(actor, Permission.GRANT_MANAGE)
    profile = rules.current_profile(db)
    today = today or local_today()
    with db.uow() as uow:
        grant = add_grant(uow.session, data, actor=actor, profile=profile, today=today)
        row = row_of(uow.session, grant, today)
        uow.commit()
        return row


def revoke_grant(
    db: Database,
    grant_id: int,
    reason: str,
    *,
    actor: Actor,
    expected_version: int | None = None,
    today: date | None = None,
) -> GrantRow:
    """The subject withdrew its authorisation. Kept, marked revoked, audited."""
    authz.require(actor, Permission.GRANT_MANAGE)
    today = today or local_today()
    reason = reason.strip()
    if not reason:
        error = ValidationFailed("grant.field_required", label="撤销原因")
        error.field_errors = {"reason": [error.text]}
        raise error
    with db.uow() as uow:
        s = uow.session
        grant = s.get(AuthorizationGrant, grant_id)
        if grant is None:
            raise NotFound("grant.not_found", grant_id=grant_id)
        if expected_version is not None and grant.row_version != expected_version:
            raise ConcurrencyConflict(
                entity=f"授权 #{grant_id}", expected=expected_version, actual=grant.row_version
            )
        if grant.revoked_at is not None:
            raise CreditDeskError(
                "grant.already_revoked",
                grant_id=grant_id,
                revoked_at=grant.revoked_at.date().isoformat(),
            )
        grant.revoked_at = utcnow()
        grant.revoked_reason = reason[:500]
        record_event(
            s,
            action="grant.revoked",
            entity_type="authorization_grant",
            entity_id=grant.id,
            actor_user_id=actor.user_id,
            details={"reason": grant.revoked_reason},
        )
        s.flush()
        row = row_of(s, grant, today)
        uow.commit()
        return row


def list_grants(
    db: Database,
    subject_id: int,
    *,
    actor: Actor,
    today: date | None = None,
    only_valid: bool = False,
) -> list[GrantRow]:
    """The subject's grants, newest first (a subject has few: no paging)."""
    authz.require(actor, Permission.GRANT_MANAGE)
    today = today or local_today()
    with db.uow() as uow:
        s = uow.session
        subject = s.get(Subject, subject_id)
        if subject is None:
            raise NotFound(entity="信息主体", key=str(subject_id))
        grants = s.scalars(
            select(AuthorizationGrant)
            .where(AuthorizationGrant.grantor_subject_id == subject_id)
            .order_by(AuthorizationGrant.id.desc())
        ).all()
        rows = [row_of(s, g, today, grantor_name=subject.name) for g in grants]
    if only_valid:
        rows = [r for r in rows if r.state == GrantState.VALID]
    return rows


def get_grant(db: Database, grant_id: int, *, actor: Actor, today: date | None = None) -> GrantRow:
    authz.require(actor, Permission.GRANT_MANAGE)
    with db.uow() as uow:
        grant = uow.session.get(AuthorizationGrant, grant_id)
        if grant is None:
            raise NotFound("grant.not_found", grant_id=grant_id)
        return row_of(uow.session, grant, today or local_today())


def grant_document(db: Database, grant_id: int, *, actor: Actor) -> tuple[AttachmentInfo, bytes]:
    """The scanned authorisation, to show or print it."""
    authz.require(actor, Permission.GRANT_MANAGE)
    with db.uow() as uow:
        grant = uow.session.get(AuthorizationGrant, grant_id)
        if grant is None:
            raise NotFound("grant.not_found", grant_id=grant_id)
        attachment = (
            uow.session.get(Attachment, grant.document_attachment_id)
            if grant.document_attachment_id is not None
            else None
        )
        if attachment is None:
            raise NotFound("grant.no_document", grant_id=grant_id)
        return info_of(attachment), bytes(attachment.content)


def subject_kind_of(session: Session, subject_id: int) -> SubjectKind | None:
    kind = session.scalar(select(Subject.kind).where(Subject.id == subject_id))
    return SubjectKind(kind) if kind is not None else None
