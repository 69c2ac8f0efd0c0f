"""Issuing, reprinting and verifying reports and letters (issue 8).

``issue_document`` turns a filled document object (``reports.dto``) into a numbered, signed,
recorded PDF, all in one transaction: take the next number (gap-free: a rollback returns it),
fill the issue block (center, number, time, clerk's staff number), hash the canonical content,
sign ``CDR1|number|date|sha256|key_id`` with this workstation's key (the QR), render, seal the
file, record the ``IssuedDocument`` with the payload for reprints, and write the audit event.

``reprint`` renders the recorded payload again — same number, same QR — marked 补打, sealed by
the reprinting workstation, and logs a ``DocumentReprint``. ``verify_by_number`` /
``verify_scanned`` / ``verify_file`` back the "核验报告" screen; ``reports.verify.verify_pdf``
is the same check offline. What the checks mean: ``reports/verify.py``.

Characters the font lacks are reported before anything is issued (``NeedsConfirmation`` with
key ``missing_glyphs``; re-run with ``confirmed={"missing_glyphs"}``) and again in the result's
``warnings``; the PDF marks them ``〓`` with a note, the payload keeps the real characters.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import DocumentReprint, IssuedDocument, User
from app.domain.enums import DocumentType
from app.domain.errors import CreditDeskError, NeedsConfirmation, NotFound
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.audit_trail import record_event
from app.services.clock import utc_now
from app.services.database import Database
from app.services.numbering import next_document_number
from app.services.rules import get_profile
from app.services.settings import load_from_session
from app.services.signing import public_keys, signer_for, workstation_name
from reports.documents import MissingCharacter, build_document, missing_characters
from reports.dto import CommitmentFormData, IssueInfo, from_payload
from reports.styles import local_date
from reports.verify import (
    Check,
    PublicKeyInfo,
    VerificationResult,
    apply_seal,
    content_sha256,
    encode_qr,
    parse_qr,
    qr_message,
    sign_content,
    verify_pdf,
)

MISSING_GLYPHS = "missing_glyphs"


class DocumentAction:
    ISSUED = "document.issued"
    REPRINTED = "document.reprinted"


@dataclass(frozen=True)
class IssuedDocumentResult:
    number: str
    doc_type: DocumentType
    pdf_bytes: bytes
    sha256: str
    key_id: str
    issued_at: datetime
    warnings: tuple[str, ...] = ()
    missing_characters: tuple[MissingCharacter, ...] = ()
    reprint: bool = False

    @property
    def file_name(self) -> str:
        suffix = "-补打" if self.reprint else ""
        return f"{self.doc_type.label}-{self.number}{suffix}.pdf"


@dataclass(frozen=True)
class ReprintRow:
    reprinted_at: datetime
    reprinted_by_user_id: int | None
    copies: int


@dataclass(frozen=True)
class DocumentCheck:
    """What the "核验报告" screen shows for a number, a scanned QR or a file."""

    number: str
    found: bool
    ok: bool
    checks: tuple[Check, ...] = ()
    doc_type: DocumentType | None = None
    issued_at: datetime | None = None
    issuer: str | None = None
    subject_name: str | None = None  # as printed (masked when it was masked)
    clerk_staff_no: str | None = None
    key_id: str | None = None
    workstation: str | None = None
    reprints: tuple[ReprintRow, ...] = ()

    @property
    def summary(self) -> str:
        if not self.found:
            return f"编号 {self.number} 不是本中心出具的文书（数据库中没有此编号）。"
        title = self.doc_type.label if self.doc_type else "文书"
        if self.ok:
            return f"核验通过：{title} {self.number} 为本中心出具，存档内容与签名一致。"
        return "核验未通过：" + "；".join(f"{c.name}：{c.detail}" for c in self.checks if not c.ok)


# --- issuing --------------------------------------------------------------------------------------


def issue_document(
    db: Database,
    *,
    doc_type: DocumentType,
    payload_dto: Any,
    subject_id: int | None = None,
    query_log_id: int | None = None,
    objection_id: int | None = None,
    repair_id: int | None = None,
    actor: Actor,
    workstation: str | None = None,
    confirmed: Collection[str] = frozenset(),
    now: datetime | None = None,
) -> IssuedDocumentResult:
    """Number, sign, render, seal and record one document; its PDF and what to tell the clerk.

    ``payload_dto`` is a ``reports.dto`` object whose ``issue`` block may be empty: the center's
    name, the number, the time and the clerk's staff number are filled in here.
    """
    with db.uow() as uow:
        result = issue_in_session(
            uow.session,
            doc_type=doc_type,
            payload_dto=payload_dto,
            subject_id=subject_id,
            query_log_id=query_log_id,
            objection_id=objection_id,
            repair_id=repair_id,
            actor=actor,
            workstation=workstation,
            confirmed=confirmed,
            now=now,
        )
        uow.commit()
    return result


def issue_in_session(
    s: Session,
    *,
    doc_type: DocumentType,
    payload_dto: Any,
    subject_id: int | None = None,
    query_log_id: int | None = None,
    objection_id: int | None = None,
    repair_id: int | None = None,
    actor: Actor,
    workstation: str | None = None,
    confirmed: Collection[str] = frozenset(),
    now: datetime | None = None,
) -> IssuedDocumentResult:
    """``issue_document`` inside the caller's transaction: a letter that belongs to a case step
    is issued together with the step, or not at all. The caller commits."""
    authz.require(actor, Permission.DOCUMENT_ISSUE)
    _check_type(doc_type, payload_dto)
    missing = missing_characters(payload_dto)
    warnings = tuple(_missing_warning(missing)) if missing else ()
    if missing and MISSING_GLYPHS not in confirmed:
        raise NeedsConfirmation(
            "documents.missing_glyphs", key=MISSING_GLYPHS, chars=_describe(missing)
        )
    now = now or utc_now()
    workstation = workstation or workstation_name()
    clerk = _clerk(s, actor)
    settings = load_from_session(s)
    if not settings.configured or settings.profile is None:
        raise CreditDeskError("settings.not_configured")
    division = get_profile(settings.jurisdiction_profile or "").division_code
    signer, _created = signer_for(s, workstation=workstation, actor_user_id=actor.user_id, now=now)
    number = next_document_number(s, doc_type, division_code=division, year=local_date(now).year)
    issue = IssueInfo(
        center_name=settings.center_name,
        number=number,
        issued_at=now,
        clerk_staff_no=clerk.staff_no,
    )
    data, payload, digest, signature = sign_content(
        dataclasses.replace(payload_dto, issue=issue), signer.key_id, signer.sign
    )
    pdf = apply_seal(build_document(data), signer.key_id, signer.sign)
    row = IssuedDocument(
        number=number,
        doc_type=doc_type,
        query_log_id=query_log_id,
        objection_id=objection_id,
        repair_id=repair_id,
        subject_id=subject_id,
        content_sha256=digest,
        signature=base64.b64encode(signature).decode("ascii"),
        key_id=signer.key_id,
        issued_by_user_id=actor.user_id,
        issued_at=now,
        payload=payload,
    )
    s.add(row)
    s.flush()
    record_event(
        s,
        action=DocumentAction.ISSUED,
        entity_type="issued_document",
        entity_id=number,
        actor_user_id=actor.user_id,
        details={
            "doc_type": doc_type.value,
            "sha256": digest,
            "key_id": signer.key_id,
            "workstation": workstation,
            "subject_id": subject_id,
            "query_log_id": query_log_id,
            "objection_id": objection_id,
            "repair_id": repair_id,
            "missing_characters": [m.codepoint for m in missing],
        },
        now=now,
    )
    return IssuedDocumentResult(
        number=number,
        doc_type=doc_type,
        pdf_bytes=pdf,
        sha256=digest,
        key_id=signer.key_id,
        issued_at=now,
        warnings=warnings,
        missing_characters=missing,
    )


def _check_type(doc_type: DocumentType, data: Any) -> None:
    actual = getattr(data, "doc_type", None)
    if actual != doc_type or isinstance(data, CommitmentFormData) or not hasattr(data, "issue"):
        raise CreditDeskError(
            "documents.type_mismatch",
            expected=doc_type.label,
            actual=actual.label if isinstance(actual, DocumentType) else type(data).__name__,
        )


def _clerk(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise CreditDeskError("documents.no_user")
    return user


def _describe(missing: tuple[MissingCharacter, ...]) -> str:
    return "；".join(m.describe() for m in missing)


def _missing_warning(missing: tuple[MissingCharacter, ...]) -> list[str]:
    return [render("documents.missing_glyphs", {"chars": _describe(missing)}).text]


# --- reprints -------------------------------------------------------------------------------------


def reprint(
    db: Database,
    number: str,
    *,
    actor: Actor,
    copies: int = 1,
    workstation: str | None = None,
    now: datetime | None = None,
) -> IssuedDocumentResult:
    """The same document again (same number, content and QR), marked 补打; the reprint is logged."""
    authz.require(actor, Permission.DOCUMENT_REPRINT)
    now = now or utc_now()
    workstation = workstation or workstation_name()
    with db.uow() as uow:
        s = uow.session
        row = _document(s, number)
        data = _recorded_data(row)
        signer, _created = signer_for(
            s, workstation=workstation, actor_user_id=actor.user_id, now=now
        )
        pdf = apply_seal(
            build_document(data, reprint=True, reprinted_at=now), signer.key_id, signer.sign
        )
        row.reprint_count += 1
        s.add(
            DocumentReprint(
                document_id=row.id,
                reprinted_at=now,
                reprinted_by_user_id=actor.user_id,
                copies=max(1, copies),
            )
        )
        record_event(
            s,
            action=DocumentAction.REPRINTED,
            entity_type="issued_document",
            entity_id=number,
            actor_user_id=actor.user_id,
            details={
                "doc_type": row.doc_type.value,
                "reprint_no": row.reprint_count,
                "copies": max(1, copies),
                "seal_key_id": signer.key_id,
                "workstation": workstation,
            },
            now=now,
        )
        uow.commit()
        missing = missing_characters(data)
        return IssuedDocumentResult(
            number=row.number,
            doc_type=row.doc_type,
            pdf_bytes=pdf,
            sha256=row.content_sha256,
            key_id=row.key_id or "",
            issued_at=row.issued_at,
            warnings=tuple(_missing_warning(missing)) if missing else (),
            missing_characters=missing,
            reprint=True,
        )


def _document(session: Session, number: str) -> IssuedDocument:
    row = session.scalar(select(IssuedDocument).where(IssuedDocument.number == number.strip()))
    if row is None:
        raise NotFound(entity="文书", key=number)
    return row


def _recorded_data(row: IssuedDocument) -> Any:
    """The document object as issued, with its QR; refuses a payload changed since issue."""
    payload = row.payload or {}
    if not payload or content_sha256(payload) != row.content_sha256 or not row.signature:
        raise CreditDeskError("documents.payload_altered", number=row.number)
    data = from_payload(payload)
    issued_at = data.issue.issued_at
    message = qr_message(row.number, local_date(issued_at), row.content_sha256, row.key_id or "")
    qr = encode_qr(message, base64.b64decode(row.signature))
    return dataclasses.replace(data, issue=dataclasses.replace(data.issue, qr_payload=qr))


def blank_commitment_form(db: Database, *, actor: Actor, purpose: str = "信用修复") -> bytes:
    """A blank 信用承诺书 to fill in by hand (not numbered, not signed, not recorded)."""
    authz.require(actor, Permission.DOCUMENT_ISSUE)
    with db.uow() as uow:
        settings = load_from_session(uow.session)
    if not settings.center_name:
        raise CreditDeskError("settings.not_configured")
    return build_document(CommitmentFormData(center_name=settings.center_name, purpose=purpose))


# --- verification ---------------------------------------------------------------------------------


def verify_by_number(db: Database, number: str, *, actor: Actor) -> DocumentCheck:
    """Is ``number`` one of ours, and does its record still match what was signed?"""
    authz.require(actor, Permission.DOCUMENT_VERIFY)
    with db.uow() as uow:
        s = uow.session
        row = s.scalar(select(IssuedDocument).where(IssuedDocument.number == number.strip()))
        if row is None:
            return DocumentCheck(number.strip(), found=False, ok=False)
        return _check_record(s, row, public_keys(s))


def verify_scanned(db: Database, text: str, *, actor: Actor) -> DocumentCheck:
    """A scanned QR text (or a typed number): the record's check plus "the QR is the record's"."""
    authz.require(actor, Permission.DOCUMENT_VERIFY)
    text = text.strip()
    if "|" not in text:
        return verify_by_number(db, text, actor=actor)
    try:
        qr = parse_qr(text)
    except ValueError as exc:
        raise CreditDeskError("documents.qr_invalid", reason=str(exc)) from exc
    check = verify_by_number(db, qr.number, actor=actor)
    if not check.found:
        return check
    with db.uow() as uow:
        row = _document(uow.session, qr.number)
        expected = _expected_qr(row)
    same = expected == qr.text
    extra = Check(
        "二维码与存档一致",
        same,
        "二维码中的编号、日期、摘要、密钥和签名与存档一致"
        if same
        else "二维码与存档记录不符（二维码被伪造或替换）",
    )
    return dataclasses.replace(check, ok=check.ok and same, checks=(*check.checks, extra))


def verify_file(
    db: Database, pdf: bytes, *, actor: Actor
) -> tuple[VerificationResult, DocumentCheck | None]:
    """A PDF checked with the database's keys, and its record (None when the file names none)."""
    authz.require(actor, Permission.DOCUMENT_VERIFY)
    with db.uow() as uow:
        keys = public_keys(uow.session)
    result = verify_pdf(pdf, keys)
    record = verify_by_number(db, result.number, actor=actor) if result.number else None
    return result, record


def _expected_qr(row: IssuedDocument) -> str:
    data = from_payload(row.payload or {})
    message = qr_message(
        row.number, local_date(data.issue.issued_at), row.content_sha256, row.key_id or ""
    )
    return encode_qr(message, base64.b64decode(row.signature or ""))


def _check_record(
    session: Session, row: IssuedDocument, keys: dict[str, PublicKeyInfo]
) -> DocumentCheck:
    checks: list[Check] = []
    payload = row.payload or {}
    data: Any = None
    try:
        data = from_payload(payload)
    except (ValueError, KeyError, TypeError):
        checks.append(Check("存档内容", False, "存档内容无法读取"))
    if data is not None:
        digest_ok = content_sha256(payload) == row.content_sha256
        checks.append(
            Check(
                "存档内容",
                digest_ok,
                "存档内容与出具时的摘要一致"
                if digest_ok
                else "存档内容与出具时的摘要不符（被改动）",
            )
        )
    key = keys.get(row.key_id or "")
    if key is None:
        checks.append(Check("签名密钥", False, f"密钥 {row.key_id} 未登记"))
    else:
        valid = key.valid_at(row.issued_at)
        checks.append(
            Check(
                "签名密钥",
                valid,
                f"{key.key_id}（{key.workstation}）" if valid else "密钥在出具前已停用",
            )
        )
        if data is not None:
            message = qr_message(
                row.number, local_date(data.issue.issued_at), row.content_sha256, key.key_id
            )
            sig_ok = key.verifies(base64.b64decode(row.signature or ""), message.encode("utf-8"))
            checks.append(
                Check("出具签名", sig_ok, "Ed25519 签名有效" if sig_ok else "签名与存档记录不符")
            )
    reprints = tuple(
        ReprintRow(r.reprinted_at, r.reprinted_by_user_id, r.copies)
        for r in session.scalars(
            select(DocumentReprint)
            .where(DocumentReprint.document_id == row.id)
            .order_by(DocumentReprint.id)
        )
    )
    return DocumentCheck(
        number=row.number,
        found=True,
        ok=all(c.ok for c in checks),
        checks=tuple(checks),
        doc_type=row.doc_type,
        issued_at=row.issued_at,
        issuer=data.issue.center_name if data is not None else None,
        subject_name=data.subject.name if data is not None else None,
        clerk_staff_no=data.issue.clerk_staff_no if data is not None else None,
        key_id=row.key_id,
        workstation=key.workstation if key else None,
        reprints=reprints,
    )


__all__ = [
    "MISSING_GLYPHS",
    "DocumentCheck",
    "IssuedDocumentResult",
    "ReprintRow",
    "blank_commitment_form",
    "issue_document",
    "reprint",
    "verify_by_number",
    "verify_file",
    "verify_scanned",
]
