"""Authorisations (授权书) that let a third party query a subject's non-public information."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col
from app.domain.enums import GrantMethod, IdDocType


class AuthorizationGrant(Timestamps, Base):
    __tablename__ = "authorization_grants"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    grantor_subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    grantee_name: Mapped[str] = mapped_column(String(200))
    grantee_doc_type: Mapped[IdDocType] = mapped_column(enum_col(IdDocType, "grantee_doc_type"))
    grantee_doc_number: Mapped[str] = mapped_column(String(40), index=True)
    # Catalogue item codes and/or information classes the grant covers.
    scope: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    purpose: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date]
    valid_to: Mapped[date]
    method: Mapped[GrantMethod] = mapped_column(enum_col(GrantMethod, "grant_method"))
    document_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    extra: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}
