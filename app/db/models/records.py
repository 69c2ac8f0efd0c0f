"""Providers, the information catalogue and credit records with their full history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col, utcnow
from app.domain.enums import (
    ChangeKind,
    Disclosure,
    InfoClass,
    ListType,
    PenaltyClass,
    RecordStatus,
    ReportSection,
    Severity,
)


class ProviderUnit(Timestamps, Base):
    """信息提供单位 / 信源单位: a department that supplies records (tax bureau, courts …)."""

    __tablename__ = "provider_units"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18))
    contact_person: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}


class CatalogItem(Timestamps, Base):
    """信息事项 in the public credit information catalogue (目录管理, Wuhan art. 9)."""

    __tablename__ = "catalog_items"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    info_class: Mapped[InfoClass] = mapped_column(enum_col(InfoClass, "info_class"))
    disclosure: Mapped[Disclosure] = mapped_column(enum_col(Disclosure, "disclosure"))
    report_section: Mapped[ReportSection] = mapped_column(enum_col(ReportSection, "report_section"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider_units.id"), index=True)
    # How the disclosure period is decided: "profile" (the jurisdiction profile's rule for the
    # class/severity/list), or an explicit period such as "P3Y" / "P6M" for this item.
    validity_rule: Mapped[str] = mapped_column(String(32), default="profile")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    # Content fields a provider supplies for this item: [{"key", "label", "type", "required"}].
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    row_version: Mapped[int] = version_column()

    provider: Mapped[ProviderUnit | None] = relationship()

    __mapper_args__ = {"version_id_col": row_version}


class CreditRecord(Timestamps, Base):
    """One piece of public credit information about a subject.

    The row holds the current version; every insert and update also writes a full snapshot to
    ``credit_record_versions`` (see ``app.db.history``), so a correction never overwrites the
    old value. Whether a record is shown is computed by the rules engine (visibility), the
    ``status`` only records lifecycle decisions (revoked, repaired, withdrawn, archived …).
    """

    __tablename__ = "credit_records"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    catalog_item_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider_units.id"), index=True)
    document_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date]
    act_ended_on: Mapped[date | None]  # the day the dishonest act or event ended
    determined_on: Mapped[date | None]  # 认定之日 (Nantong art. 30; 令第36号)
    formed_on: Mapped[date]  # the day the record formed on the platform (Wuhan art. 20)
    listed_on: Mapped[date | None]  # list membership start (Xiamen art. 28)
    # Xiamen art. 28: the day the provider's decision to make this key-attention listing's
    # period two years took effect (recorded from its notice); None: the one-year period.
    period_extended_on: Mapped[date | None]
    severity: Mapped[Severity | None] = mapped_column(enum_col(Severity, "severity"))
    list_type: Mapped[ListType] = mapped_column(
        enum_col(ListType, "list_type"), default=ListType.NONE
    )
    penalty_class: Mapped[PenaltyClass | None] = mapped_column(
        enum_col(PenaltyClass, "penalty_class")
    )
    content: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    status: Mapped[RecordStatus] = mapped_column(
        enum_col(RecordStatus, "record_status"), default=RecordStatus.ACTIVE
    )
    status_changed_on: Mapped[date | None]
    status_reason: Mapped[str | None] = mapped_column(Text)
    # The record as the provider submitted it (kept from intake, not versioned): an objection's
    # check compares the platform's current fields with it (Weihai art. 29, Xiamen art. 25).
    source_submission: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    row_version: Mapped[int] = version_column()

    catalog_item: Mapped[CatalogItem] = relationship()
    provider: Mapped[ProviderUnit] = relationship()
    versions: Mapped[list[CreditRecordVersion]] = relationship(
        back_populates="record", order_by="CreditRecordVersion.version_no"
    )

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        # Issue 9: same provider + document number + subject is the same record (re-import
        # updates it as a new version rather than doubling it).
        UniqueConstraint("provider_id", "document_number", "subject_id"),
        Index("ix_credit_records_subject_id_status", "subject_id", "status"),
    )


class CreditRecordVersion(Base):
    """Append-only snapshot of a credit record after each change."""

    __tablename__ = "credit_record_versions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("credit_records.id"))
    version_no: Mapped[int]
    change_kind: Mapped[ChangeKind] = mapped_column(enum_col(ChangeKind, "change_kind"))
    reason: Mapped[str | None] = mapped_column(Text)
    # What authorises the change: "intake_batch:12", "objection:3", "repair:7", "provider_notice:…"
    source_ref: Mapped[str | None] = mapped_column(String(100))
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JsonDoc)

    record: Mapped[CreditRecord] = relationship(back_populates="versions")

    __table_args__ = (UniqueConstraint("record_id", "version_no"),)
