"""The administrator's schedule file for a new year's State Council notice (format in
app/rules/calendar.py). Machinery, not an article: ids say ``noart``."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import CalendarSource
from app.domain.errors import ValidationFailed
from app.rules.calendar import ScheduleFileInvalid, WorkingCalendar, parse_schedule_file

SAMPLE = """\
# 国务院办公厅关于2027年部分节假日安排的通知（示例）
日期,类型,说明
2027-01-01,休,元旦
2027-02-06~2027-02-12,休,春节
2027-02-14,班,春节调休上班

2027/10/1 ～ 2027/10/7，休，国庆节
2027-10-09\tworkday\t国庆节调休上班
2027-05-01,holiday
"""


def test_noart_a_year_from_a_schedule_file() -> None:
    entries = parse_schedule_file(SAMPLE, source_name="2027.csv")
    assert len(entries) == 365
    by_day = {e.day: e for e in entries}
    assert not by_day[date(2027, 1, 1)].working
    assert by_day[date(2027, 1, 1)].source is CalendarSource.IMPORT
    assert by_day[date(2027, 1, 1)].note == "元旦"
    assert all(not by_day[date(2027, 2, d)].working for d in range(6, 13))
    assert by_day[date(2027, 2, 14)].working  # a Sunday made a working day
    assert not by_day[date(2027, 10, 4)].working
    assert by_day[date(2027, 10, 9)].working and by_day[date(2027, 10, 9)].note == "国庆节调休上班"
    assert not by_day[date(2027, 5, 1)].working and by_day[date(2027, 5, 1)].note == ""
    # every other day follows the Monday–Friday rule
    assert (
        by_day[date(2027, 3, 1)].working
        and by_day[date(2027, 3, 1)].source is CalendarSource.WEEKDAY_RULE
    )
    assert not by_day[date(2027, 3, 6)].working  # Saturday
    cal = WorkingCalendar(entries)
    assert cal.covered_years() == [2027]
    assert cal.add_working_days(date(2027, 9, 30), 2) == date(2027, 10, 9)


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(SAMPLE.encode("utf-8"), id="noart-utf8"),
        pytest.param(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), id="noart-utf8-bom"),
        pytest.param(SAMPLE.encode("gbk"), id="noart-gbk"),
        pytest.param("\ufeff" + SAMPLE, id="noart-str-with-bom"),
    ],
)
def test_encodings(encoded: bytes | str) -> None:
    entries = parse_schedule_file(encoded, source_name="2027.csv")
    assert {e.day: e.note for e in entries}[date(2027, 2, 14)] == "春节调休上班"


def _problems(text: str | bytes) -> list[tuple[int, str]]:
    with pytest.raises(ScheduleFileInvalid) as info:
        parse_schedule_file(text, source_name="bad.csv")
    assert isinstance(info.value, ValidationFailed)
    assert "bad.csv" in info.value.text
    return [(p.line, p.msg_id) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [(0, "calendar.file_empty")], id="noart-empty-file"),
        pytest.param(
            "# only a comment\n日期,类型,说明\n\n",
            [(0, "calendar.file_empty")],
            id="noart-only-header",
        ),
        pytest.param(
            "2027-01-01,休\n2027-02-30,休,春节\n",
            [(2, "calendar.file_bad_date")],
            id="noart-bad-date",
        ),
        pytest.param("2027-1-1x,休\n", [(1, "calendar.file_bad_date")], id="noart-garbled-date"),
        pytest.param("2027-01-01,放羊\n", [(1, "calendar.file_bad_type")], id="noart-unknown-type"),
        pytest.param(
            "2027-01-01,休\n2027-02-14,班\n2027-01-01,班\n",
            [(3, "calendar.file_duplicate_date")],
            id="noart-duplicate-date",
        ),
        pytest.param(
            "2027-10-01~2027-10-07,休\n2027-10-07,休\n",
            [(2, "calendar.file_duplicate_date")],
            id="noart-duplicate-inside-range",
        ),
        pytest.param(
            "2027-01-01,休\n2028-01-01,休\n",
            [(2, "calendar.file_mixed_years")],
            id="noart-mixed-years",
        ),
        pytest.param(
            "2027-12-31~2028-01-02,休\n",
            [(1, "calendar.file_mixed_years")],
            id="noart-range-over-new-year",
        ),
        pytest.param(
            "2027-10-07~2027-10-01,休\n",
            [(1, "calendar.file_bad_range")],
            id="noart-backwards-range",
        ),
        pytest.param("2027-01-01\n", [(1, "calendar.file_columns")], id="noart-missing-type"),
        pytest.param(
            "2027-01-01,休,元旦,多余\n", [(1, "calendar.file_columns")], id="noart-too-many-columns"
        ),
        pytest.param(
            "2027-01-01,休\n2027-13-01,休\n2027-02-14,加班\n",
            [(2, "calendar.file_bad_date"), (3, "calendar.file_bad_type")],
            id="noart-every-fault-reported",
        ),
        pytest.param(
            b"\xff\xfe\x00\x01\x80\x81", [(0, "calendar.file_encoding")], id="noart-undecodable"
        ),
    ],
)
def test_schedule_file_errors(text: str | bytes, expected: list[tuple[int, str]]) -> None:
    assert _problems(text) == expected


def test_noart_error_message_names_line_and_fault() -> None:
    with pytest.raises(ScheduleFileInvalid) as info:
        parse_schedule_file("2027-01-01,休\n2027-13-01,休\n", source_name="2027.csv")
    error = info.value
    assert "第2行的日期“2027-13-01”无效" in error.text
    assert error.field_errors == {
        "第2行": ["第2行的日期“2027-13-01”无效，应为 YYYY-MM-DD（如 2027-10-01）。"]
    }
    assert "本次未导入任何日期" in error.resolution
