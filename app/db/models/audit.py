"""Append-only, hash-chained logs: the query log (查询日志) and the audit trail.

Each entry stores ``entry_hash = SHA-256(prev_hash + canonical content)``; changing, deleting,
inserting or reordering any entry breaks the chain at that position (``creditdesk audit
verify``). The services offer no update or delete path for these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col
from app.domain.enums import Audience, IdDocType, QueryMethod, QueryOutcome


class QueryLogEntry(Base):
    """One window, batch or government query — successful or refused (Wuhan art. 28)."""

    __tablename__ = "query_log_entries"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)  # position in the hash chain, gap-free
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    clerk_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requester_doc_type: Mapped[IdDocType | None] = mapped_column(
        enum_col(IdDocType, "requester_doc_type")
    )
    requester_doc_number: Mapped[str | None] = mapped_column(String(40))
    requester_name: Mapped[str | None] = mapped_column(String(200))
    requester_org_code: Mapped[str | None] = mapped_column(String(18))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    audience: Mapped[Audience] = mapped_column(enum_col(Audience, "audience"))
    purpose: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[QueryMethod] = mapped_column(enum_col(QueryMethod, "query_method"))
    categories: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    record_count: Mapped[int] = mapped_column(default=0)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("authorization_grants.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("service_agencies.id"))
    batch_ref: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[QueryOutcome] = mapped_column(enum_col(QueryOutcome, "query_outcome"))
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    times_requester_queried_subject: Mapped[int] = mapped_column(default=1)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_query_log_entries_subject_id_occurred_at", "subject_id", "occurred_at"),
        Index("ix_query_log_entries_requester", "requester_doc_number", "subject_id"),
    )


class AuditEvent(Base):
    """Who did what to which case or record, hash-chained like the query log."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)
