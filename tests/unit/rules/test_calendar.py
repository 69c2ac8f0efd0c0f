"""The working-day calendar and period counting (民法典 第二百零一条、第二百零二条).

Expected dates are worked out by hand from the 2026 State Council schedule: holidays 1/1–1/3,
2/15–2/23, 4/4–4/6, 5/1–5/5, 6/19–6/21, 9/25–9/27, 10/1–10/7; make-up working days 1/4 (Sun),
2/14 (Sat), 2/28 (Sat), 5/9 (Sat), 9/20 (Sun), 10/10 (Sat).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import CalendarSource
from app.domain.errors import DeadlineOutsideCalendar, ValidationFailed
from app.rules.calendar import (
    WorkingCalendar,
    official_entries_from_package,
    package_years,
    period_end,
)

D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 1, 1), False, id="noart-new-year-holiday"),
        pytest.param(D(2026, 1, 4), True, id="noart-sunday-makeup-jan4"),
        pytest.param(D(2026, 2, 14), True, id="noart-saturday-makeup-feb14"),
        pytest.param(D(2026, 2, 16), False, id="noart-spring-festival-monday"),
        pytest.param(D(2026, 2, 23), False, id="noart-spring-festival-last-day-monday"),
        pytest.param(D(2026, 2, 28), True, id="noart-saturday-makeup-feb28"),
        pytest.param(D(2026, 4, 6), False, id="noart-qingming-monday"),
        pytest.param(D(2026, 5, 9), True, id="noart-saturday-makeup-may9"),
        pytest.param(D(2026, 6, 19), False, id="noart-dragon-boat-friday"),
        pytest.param(D(2026, 9, 20), True, id="noart-sunday-makeup-sep20"),
        pytest.param(D(2026, 9, 25), False, id="noart-mid-autumn-friday"),
        pytest.param(D(2026, 10, 7), False, id="noart-national-day-wednesday"),
        pytest.param(D(2026, 10, 10), True, id="noart-saturday-makeup-oct10"),
        pytest.param(D(2026, 10, 11), False, id="noart-ordinary-sunday"),
        pytest.param(D(2026, 11, 25), True, id="noart-ordinary-wednesday"),
    ],
)
def test_official_2026_schedule(cal: WorkingCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # start day not counted: the 1st working day after Thursday is Friday
        pytest.param(D(2026, 11, 19), 1, D(2026, 11, 20), id="minfadian-art201-start-not-counted"),
        pytest.param(D(2026, 11, 19), 0, D(2026, 11, 19), id="minfadian-art201-zero-days"),
        # 9/30 Wed → 10/8 Thu (10/1–10/7 off)
        pytest.param(D(2026, 9, 30), 1, D(2026, 10, 8), id="minfadian-art201-across-national-day"),
        # 9/30 → 10/8, 10/9, 10/10 (make-up Saturday)
        pytest.param(
            D(2026, 9, 30), 3, D(2026, 10, 10), id="minfadian-art201-national-day-makeup-saturday"
        ),
        # 2/13 Fri → 2/14 (make-up Sat), 2/24 Tue
        pytest.param(
            D(2026, 2, 13), 2, D(2026, 2, 24), id="minfadian-art201-across-spring-festival"
        ),
        # start on a holiday works the same: 10/3 → 10/8, 10/9
        pytest.param(D(2026, 10, 3), 2, D(2026, 10, 9), id="minfadian-art201-start-on-holiday"),
        # 9/18 Fri → 9/20 (make-up Sun)
        pytest.param(D(2026, 9, 18), 1, D(2026, 9, 20), id="minfadian-art201-sunday-makeup"),
        # 2025-12-31 Wed → 2026-01-04 (make-up Sun), 01-05
        pytest.param(D(2025, 12, 31), 2, D(2026, 1, 5), id="minfadian-art201-across-new-year"),
    ],
)
def test_add_working_days(cal: WorkingCalendar, start: date, n: int, due: date) -> None:
    assert cal.add_working_days(start, n) == due
    assert cal.working_days_between(start, due) == n


def test_minfadian_art201_working_days_between_is_negative_backwards(cal: WorkingCalendar) -> None:
    assert cal.working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3


def test_noart_negative_working_days_rejected(cal: WorkingCalendar) -> None:
    with pytest.raises(ValidationFailed):
        cal.add_working_days(D(2026, 3, 2), -1)


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(D(2026, 12, 30), id="noart-deadline-runs-into-2027"),
        pytest.param(D(2027, 1, 4), id="noart-start-in-2027"),
        pytest.param(D(2023, 12, 29), id="noart-start-in-2023"),
    ],
)
def test_year_outside_calendar_is_an_error_naming_the_year(
    cal: WorkingCalendar, start: date
) -> None:
    with pytest.raises(DeadlineOutsideCalendar) as info:
        cal.add_working_days(start, 5)
    missing = 2023 if start.year == 2023 else 2027
    assert info.value.msg_id == "calendar.year_missing"
    assert info.value.params == {"year": missing}
    assert f"{missing} 年" in info.value.text
    assert "国务院办公厅" in info.value.resolution


def test_noart_is_working_day_outside_calendar(cal: WorkingCalendar) -> None:
    with pytest.raises(DeadlineOutsideCalendar, match="2027"):
        cal.is_working_day(D(2027, 3, 1))


def test_noart_coverage(cal: WorkingCalendar) -> None:
    assert cal.covered_years() == [2024, 2025, 2026]
    assert cal.missing_years(range(2025, 2029)) == [2027, 2028]


def test_noart_partly_loaded_year_is_not_covered() -> None:
    entries = [e for e in official_entries_from_package(2026) if e.day.month < 12]
    partial = WorkingCalendar(entries)
    assert partial.covered_years() == []
    with pytest.raises(DeadlineOutsideCalendar, match="2026"):
        partial.is_working_day(D(2026, 3, 2))


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 10, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_minfadian_art201_property_nth_working_day_after_start(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    due = cal.add_working_days(start, n)
    assert due > start and cal.is_working_day(due)
    assert cal.working_days_between(start, due) == n
    assert cal.working_days_between(start, due - timedelta(days=1)) == n - 1


def test_noart_next_year_warning_from_november(cal: WorkingCalendar) -> None:
    assert cal.next_year_warning(D(2026, 10, 31)) is None
    warning = cal.next_year_warning(D(2026, 11, 1))
    assert warning is not None and "2027" in warning
    assert cal.next_year_warning(D(2025, 11, 1)) is None  # 2026 is loaded


def test_noart_package_years_probed_not_assumed() -> None:
    years = package_years()
    assert 2026 in years and 2004 in years
    assert 2027 not in years  # chinesecalendar 1.11 carries no official 2027 schedule


def test_noart_package_refuses_a_year_it_does_not_carry() -> None:
    with pytest.raises(Exception) as info:
        official_entries_from_package(2027)
    assert getattr(info.value, "msg_id", None) == "calendar.package_year"


def test_noart_package_entries_cover_every_day_with_names() -> None:
    entries = official_entries_from_package(2024)
    assert len(entries) == 366
    assert {e.source for e in entries} == {CalendarSource.PACKAGE}
    by_day = {e.day: e for e in official_entries_from_package(2026)}
    assert by_day[D(2026, 10, 1)].note == "国庆节" and not by_day[D(2026, 10, 1)].working
    assert by_day[D(2026, 2, 14)].working and "春节" in by_day[D(2026, 2, 14)].note
    assert by_day[D(2026, 3, 3)].note == ""


@pytest.mark.parametrize(
    ("start", "kwargs", "end"),
    [
        pytest.param(
            D(2026, 3, 15),
            {"years": 1},
            D(2027, 3, 15),
            id="minfadian-art202-year-corresponding-day",
        ),
        pytest.param(
            D(2024, 2, 29), {"years": 1}, D(2025, 2, 28), id="minfadian-art202-feb29-one-year"
        ),
        pytest.param(
            D(2024, 2, 29), {"years": 4}, D(2028, 2, 29), id="minfadian-art202-feb29-four-years"
        ),
        pytest.param(
            D(2024, 2, 29), {"years": 5}, D(2029, 2, 28), id="minfadian-art202-feb29-five-years"
        ),
        pytest.param(
            D(2026, 11, 30), {"months": 3}, D(2027, 2, 28), id="minfadian-art202-month-end"
        ),
        pytest.param(
            D(2026, 1, 31), {"months": 1}, D(2026, 2, 28), id="minfadian-art202-jan31-plus-month"
        ),
        pytest.param(
            D(2026, 10, 1),
            {"years": 5},
            D(2031, 10, 1),
            id="minfadian-art202-ends-on-holiday-no-extension",
        ),
        pytest.param(D(2026, 12, 30), {"days": 3}, D(2027, 1, 2), id="minfadian-art201-days"),
    ],
)
def test_period_end(start: date, kwargs: dict[str, int], end: date) -> None:
    assert period_end(start, **kwargs) == end
