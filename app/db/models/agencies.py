"""Licensed credit service agencies that may send batch queries (Zhangdian art. 29, Wuhan
art. 23, Xiamen art. 20), and the heads of the hash-chained logs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, UTCDateTime


class ServiceAgency(Timestamps, Base):
    __tablename__ = "service_agencies"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    licence_number: Mapped[str] = mapped_column(String(100))
    licence_valid_to: Mapped[date | None]
    confidentiality_signed_on: Mapped[date]
    confidentiality_valid_to: Mapped[date]
    contact_person: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}


class ChainHead(Base):
    """The last entry of each hash-chained log, written in the same transaction as the entry:
    deleting entries from the end of a chain (which leaves a valid shorter chain) is detected
    by comparing the chain with its head."""

    __tablename__ = "chain_heads"

    chain: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seq: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
