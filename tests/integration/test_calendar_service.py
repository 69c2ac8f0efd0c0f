"""The working-day calendar as stored in the database (issue 3, Calendar)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from app.cli import main as cli
from app.db.models import CalendarDay
from app.domain.enums import Role
from app.domain.errors import DeadlineOutsideCalendar, PermissionDenied, ValidationFailed
from app.domain.permissions import Actor
from app.services import calendar
from app.services.database import Database

OPERATOR = Actor.operator()

# A made-up 2027 schedule in the State Council notice's shape (not the official one).
SCHEDULE_2027 = """日期,类型,说明
2027-01-01,休,元旦
2027-02-05~2027-02-11,休,春节
2027-02-13,班,春节调休上班
2027-10-01 至 2027-10-07,休,国庆节
2027-10-09,班,国庆节调休上班
"""


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_given_a_fresh_installation_then_official_years_are_loaded_and_2027_is_not(
    db: Database,
) -> None:
    years = [y.year for y in calendar.list_years(db, actor=OPERATOR)]
    assert years[0] == 2004 and years[-1] == 2026
    with pytest.raises(DeadlineOutsideCalendar, match="没有 2027 年"):
        calendar.add_working_days(db, date(2026, 12, 30), 3)


def test_working_days_follow_the_2026_notice_including_makeup_saturdays(db: Database) -> None:
    # National Day 10/1–10/7, make-up working Saturday 10/10.
    assert calendar.add_working_days(db, date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.is_working_day(db, date(2026, 10, 10)) is True
    assert calendar.is_working_day(db, date(2026, 10, 5)) is False
    # Spring Festival 2/15–2/23; 2/14 and 2/28 are make-up Saturdays.
    assert calendar.add_working_days(db, date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert calendar.add_working_days(db, date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_dashboard_warning_from_first_of_november_when_next_year_is_missing(db: Database) -> None:
    assert calendar.coverage_warning(db, today=date(2026, 10, 31)) is None
    warning = calendar.coverage_warning(db, today=date(2026, 11, 1))
    assert warning is not None and "2027" in warning


def test_administrator_imports_next_year_and_deadlines_cross_into_it(db: Database) -> None:
    result = calendar.import_schedule(
        db, SCHEDULE_2027.encode("gbk"), source_name="2027.csv", actor=OPERATOR
    )

    assert (result.year, result.replaced) == (2027, False)
    assert calendar.coverage_warning(db, today=date(2026, 11, 25)) is None
    # 2026-12-31 (Thu) + 1 WD: 2027-01-01 is a holiday, so Monday 2027-01-04.
    assert calendar.add_working_days(db, date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.is_working_day(db, date(2027, 2, 13)) is True  # make-up Saturday


def test_importing_the_same_year_again_replaces_it(db: Database) -> None:
    calendar.import_schedule(db, SCHEDULE_2027, source_name="a.csv", actor=OPERATOR)
    result = calendar.import_schedule(
        db, "2027-01-01,休,元旦\n", source_name="b.csv", actor=OPERATOR
    )
    assert result.replaced is True
    assert calendar.is_working_day(db, date(2027, 10, 4)) is True  # no longer a holiday
    with db.uow() as uow:
        days = uow.session.scalar(
            select(func.count()).where(
                CalendarDay.day.between(date(2027, 1, 1), date(2027, 12, 31))
            )
        )
    assert days == 365


def test_a_faulty_file_imports_nothing_and_names_every_bad_line(db: Database) -> None:
    bad = "2027-01-01,休,元旦\n2027-02-30,休\n2027-03-01,半天\n"
    with pytest.raises(ValidationFailed) as error:
        calendar.import_schedule(db, bad, source_name="bad.csv", actor=OPERATOR)
    assert "第2行" in error.value.text and "第3行" in error.value.text
    assert 2027 not in [y.year for y in calendar.list_years(db, actor=OPERATOR)]


def test_only_administrators_may_import(db: Database) -> None:
    clerk = Actor(user_id=None, username="c", role=Role.CLERK)
    with pytest.raises(PermissionDenied, match="维护节假日日历"):
        calendar.import_schedule(db, SCHEDULE_2027, source_name="x.csv", actor=clerk)


def test_cli_calendar_commands_print_the_stable_json(db: Database, tmp_path, capsys) -> None:
    url = _url(db)
    assert cli(["calendar", "is-working-day", "2026-10-10", "--json", "--db", url]) == 0
    assert json.loads(capsys.readouterr().out) == {"date": "2026-10-10", "working_day": True}

    assert cli(["calendar", "add-working-days", "2026-09-30", "3", "--json", "--db", url]) == 0
    # 10/8 Thu, 10/9 Fri, 10/10 the make-up Saturday
    assert json.loads(capsys.readouterr().out) == {"date": "2026-10-10"}

    assert cli(["calendar", "add-working-days", "2026-12-30", "3", "--db", url]) == 1
    assert "没有 2027 年" in capsys.readouterr().err

    schedule = tmp_path / "2027.csv"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8-sig")
    assert cli(["calendar", "import", str(schedule), "--db", url]) == 0
    assert "已导入 2027 年节假日安排" in capsys.readouterr().out

    assert cli(["calendar", "import", str(tmp_path / "missing.csv"), "--db", url]) == 1
    assert "无法读取文件" in capsys.readouterr().err
