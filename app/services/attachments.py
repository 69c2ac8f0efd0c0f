"""Scanned documents (授权书, 委托书) stored in the database, identified by their SHA-256.

* The media type is detected from the file's first bytes (PDF, JPEG, PNG only), never from
  the name or from what the caller claims.
* At most ``MAX_ATTACHMENT_BYTES`` (10 MiB: a multi-page 300 dpi scan of an authorisation is
  1–3 MB; larger files are usually photos of the wrong thing, and the row lives in the
  database and its backups).
* The original file name is kept for display only and is never used as a path: it must be a
  bare name (no ``/``, ``\\``, ``..``), without control characters, at most
  ``MAX_DISPLAY_NAME`` characters. Each fault is refused with a message naming it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.db.models import Attachment
from app.db.types import utcnow
from app.domain.errors import ValidationFailed

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_DISPLAY_NAME = 120

MEDIA_TYPES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
)


@dataclass(frozen=True)
class Upload:
    """A file the user picked: its bytes and the name to show (not a path)."""

    content: bytes
    display_name: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    sha256: str
    media_type: str
    size_bytes: int
    display_name: str
    created_at: datetime


def detect_media_type(content: bytes) -> str | None:
    """``application/pdf``, ``image/jpeg`` or ``image/png`` from the magic bytes, else None."""
    for magic, media_type, _label in MEDIA_TYPES:
        if content.startswith(magic):
            return media_type
    return None


def _fail(field: str, msg_id: str, **params: object) -> ValidationFailed:
    error = ValidationFailed(msg_id, **params)
    error.field_errors = {field: [error.text]}
    return error


def clean_display_name(name: str, *, field: str = "file") -> str:
    """The name as it will be shown, or ``ValidationFailed`` naming what is wrong with it."""
    if not isinstance(name, str):
        raise _fail(field, "attachment.name_empty")
    for ch in name:
        if ch == "\x00" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise _fail(field, "attachment.name_control", char=f"U+{ord(ch):04X}")
    text = unicodedata.normalize("NFC", name).strip()
    if not text:
        raise _fail(field, "attachment.name_empty")
    if "/" in text or "\\" in text or text in (".", "..") or text.startswith(".."):
        raise _fail(field, "attachment.name_path", name=text[:60])
    if ":" in text:  # a Windows drive or alternate data stream ("C:x", "a.pdf:evil")
        raise _fail(field, "attachment.name_path", name=text[:60])
    if len(text) > MAX_DISPLAY_NAME:
        raise _fail(field, "attachment.name_too_long", length=len(text), max=MAX_DISPLAY_NAME)
    return text


def check_upload(upload: Upload, *, field: str = "file") -> tuple[str, str]:
    """Validate ``upload``; return ``(media_type, display_name)``."""
    display_name = clean_display_name(upload.display_name, field=field)
    size = len(upload.content)
    if size == 0:
        raise _fail(field, "attachment.empty", name=display_name)
    if size > MAX_ATTACHMENT_BYTES:
        raise _fail(
            field,
            "attachment.too_large",
            name=display_name,
            size_mb=f"{size / 1024 / 1024:.1f}",
            max_mb=MAX_ATTACHMENT_BYTES // 1024 // 1024,
        )
    media_type = detect_media_type(upload.content)
    if media_type is None:
        raise _fail(
            field,
            "attachment.bad_type",
            name=display_name,
            allowed="、".join(label for _m, _t, label in MEDIA_TYPES),
        )
    return media_type, display_name


def store_attachment(session: Session, upload: Upload, *, user_id: int | None) -> Attachment:
    """Check and add ``upload`` to ``session`` (the caller's unit of work commits)."""
    media_type, display_name = check_upload(upload)
    row = Attachment(
        sha256=hashlib.sha256(upload.content).hexdigest(),
        media_type=media_type,
        size_bytes=len(upload.content),
        display_name=display_name,
        content=upload.content,
        created_at=utcnow(),
        created_by_user_id=user_id,
    )
    session.add(row)
    session.flush()
    return row


def info_of(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        sha256=row.sha256,
        media_type=row.media_type,
        size_bytes=row.size_bytes,
        display_name=row.display_name,
        created_at=row.created_at,
    )
