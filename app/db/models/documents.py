"""Attachments, issued documents (reports and letters) and gap-free number sequences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col, utcnow
from app.domain.enums import DocumentType


class Attachment(Base):
    """A scanned document or evidence file. Stored in the database (backed up with it) and
    identified by its SHA-256; the original file name is kept for display only."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    display_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SigningKey(Base):
    """The public half of a workstation's Ed25519 report-signing key (the private half stays in
    that workstation's OS keyring). Exported for third parties who verify reports offline."""

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(16), default="Ed25519")
    public_key: Mapped[str] = mapped_column(String(200))  # base64 raw public key
    workstation: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class IssuedDocument(Base):
    """A printed report or letter: number, digest and signature, for verification. ``payload``
    keeps the document's data so a reprint (补打) renders the same document."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    doc_type: Mapped[DocumentType] = mapped_column(enum_col(DocumentType, "document_type"))
    query_log_id: Mapped[int | None] = mapped_column(ForeignKey("query_log_entries.id"))
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"))
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repair_applications.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(200))  # base64 Ed25519
    key_id: Mapped[str | None] = mapped_column(String(64))
    issued_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reprint_count: Mapped[int] = mapped_column(default=0)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)


class DocumentReprint(Base):
    """Each reprint of an issued document (same number, marked 补打)."""

    __tablename__ = "document_reprints"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), index=True)
    reprinted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reprinted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    copies: Mapped[int] = mapped_column(default=1)


class NumberSequence(Base):
    """Gap-free counters per scope and period (report numbers per year, case serials per day).
    Incremented under a row lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises
    writers) in the same transaction that uses the number, so a rollback returns it."""

    __tablename__ = "number_sequences"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
