"""Objection (异议) and credit-repair (信用修复) cases with their steps and decisions.

States are stored as their identifiers; the transition tables that move them live in the
domain (added with the workflow issues). Nobody assigns ``state`` outside those functions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col, utcnow
from app.domain.enums import IdDocType


class Objection(Timestamps, Base):
    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_doc_type: Mapped[IdDocType] = mapped_column(
        enum_col(IdDocType, "objection_applicant_doc_type")
    )
    applicant_doc_number: Mapped[str] = mapped_column(String(40))
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_doc_number: Mapped[str | None] = mapped_column(String(40))
    applicant_phone: Mapped[str | None] = mapped_column(String(40))
    grounds: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    statement: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date]
    state: Mapped[str] = mapped_column(String(32), index=True)
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    next_step: Mapped[str | None] = mapped_column(String(64))
    next_due_on: Mapped[date | None] = mapped_column(index=True)
    # What the due date is counted from, so it can be recomputed when the calendar changes:
    # the profile step whose working days apply and the day counting starts (not counted).
    due_step: Mapped[str | None] = mapped_column(String(64))
    due_start: Mapped[date | None]
    # The disputed records' provider (one case per provider: one forwarding, one deadline).
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider_units.id"), index=True)
    assisted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    check_result: Mapped[str | None] = mapped_column(String(16))  # differs / matches
    forwarded_on: Mapped[date | None]
    forward_method: Mapped[str | None] = mapped_column(String(32))
    provider_replied_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    closed_on: Mapped[date | None]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = version_column()

    records: Mapped[list[ObjectionRecord]] = relationship(cascade="all, delete-orphan")
    attachments: Mapped[list[ObjectionAttachment]] = relationship(
        cascade="all, delete-orphan", order_by="ObjectionAttachment.added_at"
    )
    steps: Mapped[list[ObjectionStep]] = relationship(
        cascade="all, delete-orphan", order_by="ObjectionStep.id"
    )

    __mapper_args__ = {"version_id_col": row_version}


class ObjectionRecord(Base):
    __tablename__ = "objection_records"

    objection_id: Mapped[int] = mapped_column(ForeignKey("objections.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("credit_records.id"), primary_key=True, index=True
    )


class ObjectionAttachment(Base):
    """A file of the case: the applicant's evidence, the 委托书, the provider's reply …"""

    __tablename__ = "objection_attachments"

    objection_id: Mapped[int] = mapped_column(ForeignKey("objections.id"), primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ObjectionStep(Base):
    """One step taken on a case: who, when, what, its due date and the documents involved."""

    __tablename__ = "objection_steps"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objections.id"), index=True)
    step: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date | None]
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class RepairApplication(Timestamps, Base):
    __tablename__ = "repair_applications"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_doc_type: Mapped[IdDocType] = mapped_column(
        enum_col(IdDocType, "repair_applicant_doc_type")
    )
    applicant_doc_number: Mapped[str] = mapped_column(String(40))
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_doc_number: Mapped[str | None] = mapped_column(String(40))
    lodged_with: Mapped[str] = mapped_column(String(32))  # center / provider
    applicant_phone: Mapped[str | None] = mapped_column(String(40))
    received_on: Mapped[date]
    corrected_on: Mapped[date | None]  # the day the dishonest act was corrected
    state: Mapped[str] = mapped_column(String(32), index=True)
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    materials: Mapped[list[str]] = mapped_column(JsonDoc, default=list)  # handed in
    missing_materials: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    next_step: Mapped[str | None] = mapped_column(String(64))
    next_due_on: Mapped[date | None] = mapped_column(index=True)
    due_step: Mapped[str | None] = mapped_column(String(64))
    due_start: Mapped[date | None]
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider_units.id"), index=True)
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    prereviewed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    publicity_started_on: Mapped[date | None]
    effective_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    row_version: Mapped[int] = version_column()

    records: Mapped[list[RepairRecord]] = relationship(cascade="all, delete-orphan")
    decisions: Mapped[list[RepairDecision]] = relationship(
        cascade="all, delete-orphan", order_by="RepairDecision.id"
    )
    steps: Mapped[list[RepairStep]] = relationship(
        cascade="all, delete-orphan", order_by="RepairStep.id"
    )
    attachments: Mapped[list[RepairAttachment]] = relationship(
        cascade="all, delete-orphan", order_by="RepairAttachment.added_at"
    )

    __mapper_args__ = {"version_id_col": row_version}


class RepairRecord(Base):
    __tablename__ = "repair_records"

    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_applications.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("credit_records.id"), primary_key=True, index=True
    )


class RepairDecision(Base):
    """A pre-review, a supervisor decision, a provider confirmation or a publicity objection."""

    __tablename__ = "repair_decisions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[str | None] = mapped_column(Text)
    document_number: Mapped[str | None] = mapped_column(String(100))
    document_date: Mapped[date | None]
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RepairStep(Base):
    """One step taken on a repair case (the timeline)."""

    __tablename__ = "repair_steps"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_applications.id"), index=True)
    step: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date | None]
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class RepairAttachment(Base):
    """A material of a repair case: proof of correction, 信用承诺书, 委托书 …"""

    __tablename__ = "repair_attachments"

    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_applications.id"), primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
