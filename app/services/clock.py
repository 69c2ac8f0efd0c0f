"""Time helpers: timestamps are UTC in the database and China Standard Time on screen.

China has had no daylight saving since 1991, so a fixed UTC+8 offset is exact and needs no
time-zone database (which Windows lacks without the tzdata package).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def utc_now() -> datetime:
    return datetime.now(UTC)


def local(dt: datetime) -> datetime:
    return dt.astimezone(CHINA_TZ)


def local_today(now: datetime | None = None) -> date:
    return local(now or utc_now()).date()


def format_local(dt: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if dt is None else local(dt).strftime(fmt)
