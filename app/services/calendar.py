"""The official working-day calendar, kept in the ``calendar_days`` table.

Seeded from the chinesecalendar package for the years whose State Council schedule it
officially carries (never the estimated later years of general holiday libraries); each new
year is loaded by an administrator from the State Council notice (``import_schedule``). A date
in a year that is not loaded is an error naming the year — never a guess.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import delete, func, insert, select

from app.db.models import CalendarDay
from app.db.types import utcnow
from app.domain.enums import CalendarSource
from app.domain.errors import DeadlineOutsideCalendar
from app.domain.permissions import Actor, Permission
from app.rules.calendar import (
    CalendarEntry,
    WorkingCalendar,
    official_entries_from_package,
    package_years,
    parse_schedule_file,
)
from app.services import (
    authz,
    case_deadlines,  # module: case_deadlines imports rules imports us
)
from app.services.database import Database

__all__ = [
    "CalendarYear",
    "ImportResult",
    "add_working_days",
    "coverage_warning",
    "import_schedule",
    "is_working_day",
    "list_years",
    "load_calendar",
    "seed_from_package",
    "working_days_until",
]


@dataclass(frozen=True)
class CalendarYear:
    year: int
    days: int
    working_days: int
    holidays_on_weekdays: int
    makeup_working_days: int
    source: CalendarSource


@dataclass(frozen=True)
class ImportResult:
    year: int
    replaced: bool
    holidays: int
    makeup_working_days: int
    cases_rescheduled: int = 0  # open cases whose due date moved with the new schedule


# --- loading, with a cheap staleness check --------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, object], WorkingCalendar]] = {}


def load_calendar(db: Database) -> WorkingCalendar:
    """The calendar as stored; re-read only when the table changed (count or last load time)."""
    with db.uow() as uow:
        stamp = tuple(
            uow.session.execute(
                select(func.count(), func.max(CalendarDay.loaded_at)).select_from(CalendarDay)
            ).one()
        )
        key = db.safe_url
        with _cache_lock:
            cached = _cache.get(key)
            if cached is not None and cached[0] == stamp:
                return cached[1]
        rows = uow.session.execute(
            select(
                CalendarDay.day, CalendarDay.is_working_day, CalendarDay.source, CalendarDay.note
            )
        ).all()
    calendar = WorkingCalendar(CalendarEntry(d, w, s, n or "") for d, w, s, n in rows)
    with _cache_lock:
        _cache[key] = ((int(stamp[0]), stamp[1]), calendar)
    return calendar


def is_working_day(db: Database, day: date) -> bool:
    return load_calendar(db).is_working_day(day)


def add_working_days(db: Database, start: date, n: int) -> date:
    return load_calendar(db).add_working_days(start, n)


def working_days_until(db: Database, *, today: date, due: date) -> int:
    """Working days left from ``today`` to ``due`` (0 on the due day, negative when overdue)."""
    return load_calendar(db).working_days_between(today, due)


def coverage_warning(db: Database, *, today: date) -> str | None:
    """The dashboard's warning: from 1 November, next year's schedule is not loaded yet;
    at any time, the current year itself is missing."""
    calendar = load_calendar(db)
    if today.year not in calendar.covered_years():
        return DeadlineOutsideCalendar("calendar.year_missing", year=today.year).text
    return calendar.next_year_warning(today)


def list_years(db: Database, *, actor: Actor) -> list[CalendarYear]:
    authz.require(actor, Permission.CALENDAR_READ)
    with db.uow() as uow:
        rows = uow.session.execute(
            select(CalendarDay.day, CalendarDay.is_working_day, CalendarDay.source)
        ).all()
    years: dict[int, list[tuple[date, bool, CalendarSource]]] = {}
    for day, working, source in rows:
        years.setdefault(day.year, []).append((day, working, source))
    result = []
    for year, days in sorted(years.items()):
        sources = {s for _, _, s in days if s is not CalendarSource.WEEKDAY_RULE}
        result.append(
            CalendarYear(
                year=year,
                days=len(days),
                working_days=sum(1 for _, w, _ in days if w),
                holidays_on_weekdays=sum(1 for d, w, _ in days if not w and d.weekday() < 5),
                makeup_working_days=sum(1 for d, w, _ in days if w and d.weekday() >= 5),
                source=sources.pop() if len(sources) == 1 else CalendarSource.IMPORT,
            )
        )
    return result


# --- writing --------------------------------------------------------------------------------


def seed_from_package(db: Database, *, actor: Actor) -> list[int]:
    """Load every year the package officially carries and the table lacks; returns the years
    added. Years already present (e.g. imported by an administrator) are left untouched."""
    authz.require(actor, Permission.CALENDAR_MANAGE)
    with db.uow() as uow:
        present = set(
            uow.session.scalars(select(func.distinct(func.extract("year", CalendarDay.day))))
        )
        present = {int(y) for y in present}
        added = [y for y in package_years() if y not in present]
        now = utcnow()
        for year in added:
            uow.session.execute(
                insert(CalendarDay),
                [_row(e, now, actor) for e in _package_entries(year)],
            )
        if added:
            case_deadlines.recompute_due_dates(uow.session)
        uow.commit()
    return added


@lru_cache(maxsize=64)
def _package_entries(year: int) -> tuple[CalendarEntry, ...]:
    return tuple(official_entries_from_package(year))


def import_schedule(
    db: Database, data: bytes | str, *, source_name: str, actor: Actor
) -> ImportResult:
    """Replace one year with the administrator's State Council schedule file, all or nothing."""
    authz.require(actor, Permission.CALENDAR_MANAGE)
    entries = parse_schedule_file(data, source_name=source_name)
    year = entries[0].day.year
    with db.uow() as uow:
        first, last = date(year, 1, 1), date(year, 12, 31)
        replaced = bool(
            uow.session.scalar(select(func.count()).where(CalendarDay.day.between(first, last)))
        )
        uow.session.execute(delete(CalendarDay).where(CalendarDay.day.between(first, last)))
        now = utcnow()
        uow.session.execute(insert(CalendarDay), [_row(e, now, actor) for e in entries])
        recomputed = case_deadlines.recompute_due_dates(uow.session)
        uow.commit()
    return ImportResult(
        year=year,
        replaced=replaced,
        holidays=sum(1 for e in entries if not e.working and e.day.weekday() < 5),
        makeup_working_days=sum(1 for e in entries if e.working and e.day.weekday() >= 5),
        cases_rescheduled=recomputed.changed,
    )


def _row(entry: CalendarEntry, now: object, actor: Actor) -> dict[str, object]:
    return {
        "day": entry.day,
        "is_working_day": entry.working,
        "source": entry.source,
        "note": entry.note[:100],
        "loaded_at": now,
        "loaded_by_user_id": actor.user_id,
    }
