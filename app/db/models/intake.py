"""Provider batches (归集) and the hash-chained intake log (Wuhan art. 28)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, UTCDateTime


class IntakeBatch(Timestamps, Base):
    __tablename__ = "intake_batches"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider_units.id"), index=True)
    method: Mapped[str] = mapped_column(String(32))  # file / api / manual
    category: Mapped[str] = mapped_column(String(100), default="")
    file_name: Mapped[str | None] = mapped_column(String(255))  # display only, never a path
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    received_on: Mapped[date]
    state: Mapped[str] = mapped_column(String(32))  # received / committed / returned / failed
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_new: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    # rows the provider sent after its own deadline (Zhangdian art. 11: 7 WD from formation)
    rows_late: Mapped[int] = mapped_column(default=0)
    # the center's step while the batch is open and its due date (Zhangdian art. 19: compared,
    # integrated and entered — or returned — within 3 WD of receipt); kept once done, to show
    # whether it was in time
    due_step: Mapped[str | None] = mapped_column(String(64))
    next_due_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}


class IntakeLogEntry(Base):
    __tablename__ = "intake_log_entries"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("intake_batches.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider_units.id"))
    method: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(100), default="")
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_loaded: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
