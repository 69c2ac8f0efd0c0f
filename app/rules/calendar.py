"""The official working-day calendar and the counting of periods.

Counting follows 民法典 第二百零一条至第二百零三条.

Working days are Monday–Friday minus the State Council's public holidays plus its make-up
working days (调休上班). A year is *covered* when the calendar holds entries for it; every
computation that touches an uncovered year raises ``DeadlineOutsideCalendar`` naming the year.

Schedule file format (one year's State Council notice, imported by the administrator)::

    # 国务院办公厅关于2027年部分节假日安排的通知   <- comment lines start with '#'
    日期,类型,说明                                  <- optional header line
    2027-01-01,休,元旦
    2027-02-06~2027-02-12,休,春节                  <- an inclusive range (also '～' or '至')
    2027-02-14,班,春节调休上班

* one entry per line: ``DATE,TYPE[,NOTE]``; the separator is ',' '，' or a tab; blank lines
  are ignored; dates are ``YYYY-MM-DD`` (``YYYY/M/D`` is accepted too);
* TYPE is ``休`` / ``假`` / ``holiday`` (a day off) or ``班`` / ``上班`` / ``workday``
  (a working day, usually a make-up Saturday or Sunday);
* all dates belong to one year; days not listed follow the Monday–Friday rule;
* the file is UTF-8 (with or without BOM) or GBK.
"""

from __future__ import annotations

import calendar as _stdcal
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar  # type: ignore[import-untyped]

from app.domain.enums import CalendarSource
from app.domain.errors import CreditDeskError, DeadlineOutsideCalendar, ValidationFailed
from app.domain.messages import render

__all__ = [
    "CalendarEntry",
    "LineProblem",
    "ScheduleFileInvalid",
    "WorkingCalendar",
    "add_months",
    "official_entries_from_package",
    "package_years",
    "parse_schedule_file",
    "period_end",
]


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One day of the calendar: whether it is a working day and where that fact comes from."""

    day: date
    working: bool
    source: CalendarSource
    note: str = ""


class WorkingCalendar:
    """Working-day arithmetic over a set of fully covered years.

    A year counts as covered only when every one of its days has an entry (the loaders always
    produce whole years); a partly loaded year is treated as missing, never filled by guessing.
    """

    def __init__(self, entries: Iterable[CalendarEntry]) -> None:
        self._entries: dict[date, CalendarEntry] = {e.day: e for e in entries}
        per_year: dict[int, int] = {}
        for day in self._entries:
            per_year[day.year] = per_year.get(day.year, 0) + 1
        self._years = frozenset(
            y for y, n in per_year.items() if n == (366 if _stdcal.isleap(y) else 365)
        )

    # -- coverage -----------------------------------------------------------------------
    def covered_years(self) -> list[int]:
        return sorted(self._years)

    def missing_years(self, years: Iterable[int]) -> list[int]:
        return [y for y in years if y not in self._years]

    def next_year_warning(self, today: date) -> str | None:
        """From 1 November: a Chinese warning when next year is not loaded, else None."""
        if today.month < 11 or (today.year + 1) in self._years:
            return None
        return render("calendar.next_year_missing", {"year": today.year + 1}).text

    def _require(self, d: date) -> None:
        if d.year not in self._years:
            raise DeadlineOutsideCalendar("calendar.year_missing", year=d.year)

    # -- queries --------------------------------------------------------------------------
    def entry(self, d: date) -> CalendarEntry:
        self._require(d)
        return self._entries[d]

    def is_working_day(self, d: date) -> bool:
        return self.entry(d).working

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (the start day itself is never counted)."""
        if n < 0:
            raise ValidationFailed("calendar.negative_days", value=n)
        self._require(start)
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in the half-open interval (a, b]; negative when b < a.

        ``working_days_between(d, add_working_days(d, n)) == n`` for every n >= 0.
        """
        if b < a:
            return -self.working_days_between(b, a)
        self._require(a)
        self._require(b)
        count, day = 0, a
        while day < b:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


# --- the chinesecalendar package (official schedules only) --------------------------------


@lru_cache(maxsize=1)
def package_years() -> range:
    """Years whose official State Council schedule the installed chinesecalendar carries.

    The package raises ``NotImplementedError`` outside its data; the range is probed, not assumed.
    """
    known = sorted({d.year for d in chinese_calendar.holidays})
    supported = []
    for year in range(known[0] - 1, known[-1] + 2):
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            continue
        supported.append(year)
    return range(supported[0], supported[-1] + 1)


def official_entries_from_package(year: int) -> list[CalendarEntry]:
    """Every day of ``year`` from chinesecalendar; refuses years the package does not carry."""
    years = package_years()
    if year not in years:
        raise CreditDeskError(
            "calendar.package_year", year=year, first=years.start, last=years.stop - 1
        )
    names = {h.value: h.chinese for h in chinese_calendar.Holiday}
    entries = []
    for day in _days_of(year):
        working = bool(chinese_calendar.is_workday(day))
        _, holiday = chinese_calendar.get_holiday_detail(day)
        note = names.get(holiday, holiday) if holiday else ""
        if note and working:
            note = f"{note}调休上班"
        entries.append(CalendarEntry(day, working, CalendarSource.PACKAGE, note))
    return entries


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    count = 366 if _stdcal.isleap(year) else 365
    return [first + timedelta(days=i) for i in range(count)]


# --- the administrator's schedule file ------------------------------------------------------

_TYPES = {
    "休": False,
    "假": False,
    "休息": False,
    "放假": False,
    "holiday": False,
    "off": False,
    "班": True,
    "上班": True,
    "工作日": True,
    "workday": True,
    "work": True,
}
_HEADER_FIRST_CELLS = {"日期", "date", "day"}
_SEPARATORS = re.compile(r"[,，\t]")
_RANGE = re.compile(r"\s*(?:~|～|至)\s*")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    msg_id: str
    text: str


class ScheduleFileInvalid(ValidationFailed):
    """A schedule file with one or more faulty lines; nothing of it is imported."""

    def __init__(self, source: str, problems: list[LineProblem]) -> None:
        self.problems = tuple(problems)
        summary = "；".join(p.text.rstrip("。") for p in problems[:10])
        if len(problems) > 10:
            summary += f"；……（另有 {len(problems) - 10} 处）"
        summary += "。"
        super().__init__(
            "calendar.file_invalid", source=source, count=len(problems), summary=summary
        )
        self.field_errors = {}
        for p in problems:
            self.field_errors.setdefault(f"第{p.line}行" if p.line else "文件", []).append(p.text)


def _problem(line: int, msg_id: str, **params: object) -> LineProblem:
    return LineProblem(line, msg_id, render(msg_id, {"line": line, **params}).text)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed("calendar.file_encoding")


def _parse_date(text: str) -> date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_schedule_file(text: str | bytes, *, source_name: str) -> list[CalendarEntry]:
    """Parse one year's schedule (format in the module docstring) into all days of that year.

    Raises ``ScheduleFileInvalid`` listing every faulty line; nothing is returned partially.
    """
    try:
        decoded = _decode(text)
    except ValidationFailed as exc:
        raise ScheduleFileInvalid(source_name, [LineProblem(0, exc.msg_id, exc.text)]) from None

    problems: list[LineProblem] = []
    listed: dict[date, tuple[bool, str, int]] = {}
    year: int | None = None
    saw_content = False

    for number, raw in enumerate(decoded.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in _SEPARATORS.split(line)]
        if not saw_content and cells[0].lower() in _HEADER_FIRST_CELLS:
            saw_content = True
            continue
        saw_content = True
        while len(cells) > 2 and cells[-1] == "":
            cells.pop()
        if len(cells) not in (2, 3):
            problems.append(_problem(number, "calendar.file_columns", count=len(cells), text=line))
            continue
        date_text, type_text = cells[0], cells[1]
        note = cells[2] if len(cells) == 3 else ""

        parts = _RANGE.split(date_text)
        days: list[date] = []
        if len(parts) == 1:
            single = _parse_date(parts[0])
            if single is None:
                problems.append(_problem(number, "calendar.file_bad_date", value=date_text))
                continue
            days = [single]
        elif len(parts) == 2:
            first, last = _parse_date(parts[0]), _parse_date(parts[1])
            if first is None or last is None:
                problems.append(_problem(number, "calendar.file_bad_date", value=date_text))
                continue
            if last < first:
                problems.append(_problem(number, "calendar.file_bad_range", value=date_text))
                continue
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        else:
            problems.append(_problem(number, "calendar.file_bad_date", value=date_text))
            continue

        working = _TYPES.get(type_text.lower())
        if working is None:
            problems.append(_problem(number, "calendar.file_bad_type", value=type_text))
            continue

        for day in days:
            if year is None:
                year = day.year
            if day.year != year:
                problems.append(
                    _problem(
                        number,
                        "calendar.file_mixed_years",
                        value=day.isoformat(),
                        year=day.year,
                        expected=year,
                    )
                )
                break
            if day in listed:
                problems.append(
                    _problem(
                        number,
                        "calendar.file_duplicate_date",
                        value=day.isoformat(),
                        first_line=listed[day][2],
                    )
                )
                continue
            listed[day] = (working, note, number)

    if not listed and not problems:
        problems.append(
            LineProblem(0, "calendar.file_empty", render("calendar.file_empty", {}).text)
        )
    if problems:
        raise ScheduleFileInvalid(source_name, problems)

    assert year is not None
    entries = []
    for day in _days_of(year):
        if day in listed:
            working, note, _ = listed[day]
            entries.append(CalendarEntry(day, working, CalendarSource.IMPORT, note))
        else:
            entries.append(CalendarEntry(day, day.weekday() < 5, CalendarSource.WEEKDAY_RULE))
    return entries


# --- periods in years, months and days ------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later; the month's last day when there is none."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def period_end(start: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """Last day of a period counted from ``start`` (民法典 第二百零一条、第二百零二条).

    The start day is not counted, so a period in years or months ends on the corresponding
    day (2026-03-15 + 1 year → 2027-03-15), or the month's last day when there is none
    (2024-02-29 + 1 year → 2025-02-28). Days are added after years and months. For a
    disclosure period the result is the last visible day. The holiday extension of
    第二百零三条 is deliberately not applied: it moves the deadline for performing an act,
    not the day a publication stops.
    """
    return add_months(start, years * 12 + months) + timedelta(days=days)
