"""A credit record's life after intake (issue 10; jurisdictions.md §4, §6 last paragraph, §7).

- ``ProviderNotice``: the provider's notice that the legal document behind a record was revoked
  or changed (Weihai 第三十一条), or that its record is wrong, changed or void (Wuhan 第三十三条,
  Zhangdian 第三十三条); the record gets a new version or is revoked because of it — the center
  never changes a record on its own initiative (Weihai 第十八条).
- ``WithdrawalRequest``: a subject asks that its good information (表彰奖励、志愿服务、慈善捐赠)
  be withdrawn from disclosure (Weihai 第三十三条, Zhangdian 第三十五条, Wuhan 第二十九条,
  Xiamen 第二十七条).
- ``CreditAlert``: something the center must act on that no single record shows, e.g. a subject
  on three or more sectors' key-attention lists within twelve months (Xiamen 第二十八条).
- ``RecordLink``: a serious dishonest record of an organisation linked to its legal
  representative or another responsible person (Nantong 第二十九条).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col, utcnow
from app.domain.enums import IdDocType


class ProviderNotice(Timestamps, Base):
    __tablename__ = "provider_notices"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("credit_records.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider_units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # correction / revocation
    reference: Mapped[str] = mapped_column(String(100))  # the provider's letter (来文文号)
    reason: Mapped[str] = mapped_column(Text)
    # the day the document was revoked or changed, or the provider found its record wrong:
    # the provider's own deadline counts from it (correction.provider_report)
    changed_on: Mapped[date]
    received_on: Mapped[date]  # the center's deadline counts from it (correction.platform_apply)
    report_due: Mapped[date | None]
    apply_due: Mapped[date | None]
    applied_on: Mapped[date | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)  # field → new value
    version_no: Mapped[int | None]  # the record version the notice produced
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}


class WithdrawalRequest(Timestamps, Base):
    __tablename__ = "withdrawal_requests"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("credit_records.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_doc_type: Mapped[IdDocType] = mapped_column(enum_col(IdDocType, "id_doc_type"))
    applicant_doc_number: Mapped[str] = mapped_column(String(40))
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_doc_number: Mapped[str | None] = mapped_column(String(40))
    applicant_phone: Mapped[str | None] = mapped_column(String(40))
    statement: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date]
    state: Mapped[str] = mapped_column(String(32), index=True)  # received / completed / refused
    effect: Mapped[str] = mapped_column(String(16))  # delete / archive (the profile's)
    acted_by: Mapped[str] = mapped_column(String(16))  # provider / center (the profile's)
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    next_step: Mapped[str | None] = mapped_column(String(64))
    next_due_on: Mapped[date | None] = mapped_column(index=True)
    due_step: Mapped[str | None] = mapped_column(String(64))
    due_start: Mapped[date | None]
    provider_notified_on: Mapped[date | None]
    completed_on: Mapped[date | None]
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    letter_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}


class CreditAlert(Timestamps, Base):
    __tablename__ = "credit_alerts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    kind: Mapped[str] = mapped_column(String(48), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    raised_on: Mapped[date]
    basis: Mapped[str] = mapped_column(String(200))  # "依据《…》第二十八条"
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)  # the records behind it
    state: Mapped[str] = mapped_column(String(16), index=True)  # open / handled
    handled_on: Mapped[date | None]
    handled_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    letter_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}
    # one alert per subject and kind for the same set of lists (the key in details)
    __table_args__ = (UniqueConstraint("kind", "subject_id", "raised_on"),)


class RecordLink(Base):
    __tablename__ = "record_links"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("credit_records.id"), index=True)
    person_subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))  # legal_representative / responsible_person
    basis: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (UniqueConstraint("record_id", "person_subject_id"),)
