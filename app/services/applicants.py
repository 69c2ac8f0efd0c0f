"""The applicant at the window for an objection or a credit repair: the information subject
itself, or its agent with a letter of authorisation (授权委托书). An organisation always acts
through an agent (经办人). Shared by ``objections`` and ``repairs``; one set of Chinese messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Subject, SubjectIdentity
from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import ValidationFailed
from app.domain.messages import render
from app.services.attachments import Upload, check_upload
from app.services.grants import normalize_doc_number

MAX_NAME = 100


@dataclass(frozen=True)
class ApplicantInput:
    """Who applies (an objection or a credit repair): the information subject itself, or its
    agent with a letter of authorisation. An organisation always acts through an agent (经办人)
    with a 委托书."""

    name: str
    doc_type: IdDocType
    doc_number: str
    agent_name: str = ""
    agent_doc_type: IdDocType | None = None
    agent_doc_number: str = ""
    mandate: Upload | None = None
    phone: str = ""
    document_seen: bool = False  # the clerk has seen the identity document(s)


def field_error(name: str, msg_id: str, **params: object) -> ValidationFailed:
    error = ValidationFailed(msg_id, **params)
    error.field_errors = {name: [error.text]}
    return error


def clean_text(text: str, *, name: str, label: str, limit: int, required: bool) -> str:
    value = " ".join((text or "").split()) if limit <= MAX_NAME else (text or "").strip()
    if required and not value:
        raise field_error(name, "applicant.field_required", label=label)
    if len(value) > limit:
        raise field_error(name, "applicant.field_too_long", label=label, max=limit)
    return value


@dataclass(frozen=True)
class CheckedApplicant:
    name: str
    doc_type: IdDocType
    doc_number: str
    agent_name: str | None
    agent_doc_type: IdDocType | None
    agent_doc_number: str | None
    phone: str | None


def check_applicant(s: Session, subject: Subject, a: ApplicantInput) -> CheckedApplicant:
    errors: dict[str, list[str]] = {}

    def collect(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            for k, v in exc.field_errors.items():
                errors.setdefault(k, []).extend(v)
            return None

    doc_type = IdDocType(a.doc_type)
    name = collect(
        clean_text, a.name, name="applicant_name", label="申请人", limit=200, required=True
    )
    number = collect(normalize_doc_number, doc_type, a.doc_number, field="applicant_doc_number")
    is_org = SubjectKind(subject.kind) is not SubjectKind.NATURAL_PERSON
    has_agent = bool((a.agent_name or "").strip() or (a.agent_doc_number or "").strip())
    agent_name = agent_number = None
    agent_type: IdDocType | None = None
    if is_org and not has_agent:
        errors.setdefault("agent_name", []).append(render("applicant.org_needs_agent", {}).text)
    if has_agent:
        agent_type = IdDocType(a.agent_doc_type or IdDocType.RESIDENT_ID)
        if agent_type is IdDocType.USCC:
            errors.setdefault("agent_doc_type", []).append(
                render("applicant.agent_doc_type", {}).text
            )
        else:
            agent_number = collect(
                normalize_doc_number, agent_type, a.agent_doc_number, field="agent_doc_number"
            )
        agent_name = collect(
            clean_text,
            a.agent_name,
            name="agent_name",
            label="代理人（经办人）姓名",
            limit=MAX_NAME,
            required=True,
        )
        if a.mandate is None:
            errors.setdefault("mandate", []).append(render("applicant.mandate_required", {}).text)
        else:
            collect(check_upload, a.mandate, field="mandate")
    phone = collect(clean_text, a.phone, name="phone", label="联系电话", limit=40, required=False)
    if not a.document_seen:
        errors.setdefault("document_seen", []).append(
            render("applicant.document_not_seen", {}).text
        )
    if number and not is_subject(s, subject, doc_type, number):
        errors.setdefault("applicant_doc_number", []).append(
            render("applicant.not_the_subject", {"subject": subject.name}).text
        )
    if errors:
        raise ValidationFailed(field_errors=errors)
    return CheckedApplicant(
        name, doc_type, number, agent_name, agent_type, agent_number, phone or None
    )


def is_subject(s: Session, subject: Subject, doc_type: IdDocType, number: str) -> bool:
    if number == subject.code and (
        (doc_type is IdDocType.USCC)
        == (SubjectKind(subject.kind) is not SubjectKind.NATURAL_PERSON)
    ):
        return True
    linked = s.scalar(
        select(SubjectIdentity.id).where(
            SubjectIdentity.subject_id == subject.id,
            SubjectIdentity.doc_type == doc_type,
            SubjectIdentity.doc_number == number,
        )
    )
    return linked is not None
