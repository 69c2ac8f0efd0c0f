"""The official working-day calendar, one row per day of each covered year."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import UTCDateTime, enum_col, utcnow
from app.domain.enums import CalendarSource


class CalendarDay(Base):
    """A day of a year whose State Council schedule is loaded. A year is covered only when
    all its days are present; a date in any other year is an error, never a guess."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[CalendarSource] = mapped_column(enum_col(CalendarSource, "calendar_source"))
    note: Mapped[str] = mapped_column(String(100), default="")
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    loaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
