"""Credit subjects (信用主体) and their linked identity documents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, UTCDateTime, enum_col, utcnow
from app.domain.enums import IdDocType, SubjectKind


class Subject(Timestamps, Base):
    """A natural person, legal person or unincorporated organisation.

    ``code`` is the 18-character 统一社会信用代码 for organisations and the 18-digit
    居民身份证号码 for natural persons (Wuhan art. 10). ``birth_date`` is derived from the ID
    number (GB 11643) and kept for the age rule at intake.
    """

    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    kind: Mapped[SubjectKind] = mapped_column(enum_col(SubjectKind, "subject_kind"))
    code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None]
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    row_version: Mapped[int] = version_column()

    identities: Mapped[list[SubjectIdentity]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", order_by="SubjectIdentity.id"
    )

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (Index("ix_subjects_name", "name"),)


class SubjectIdentity(Base):
    """A further identity document linked to the same subject (Xiamen art. 6)."""

    __tablename__ = "subject_identities"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), index=True
    )
    doc_type: Mapped[IdDocType] = mapped_column(enum_col(IdDocType, "id_doc_type"))
    doc_number: Mapped[str] = mapped_column(String(40))
    issuing_country: Mapped[str | None] = mapped_column(String(3))
    valid_to: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    subject: Mapped[Subject] = relationship(back_populates="identities")

    __table_args__ = (UniqueConstraint("doc_type", "doc_number"),)
