"""Step deadlines of the five profiles, worked out by hand on the 2026 calendar.

Given a profile, a step and a start date, when the deadline is computed, then the due date is
the N-th working day after the start (start not counted) and the article is cited.
2026: off 1/1–1/3, 2/15–2/23, 4/4–4/6, 5/1–5/5, 6/19–6/21, 9/25–9/27, 10/1–10/7;
make-up working days 1/4 (Sun), 2/14 (Sat), 2/28 (Sat), 5/9 (Sat), 9/20 (Sun), 10/10 (Sat).
"""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import DeadlineOutsideCalendar, ValidationFailed
from app.rules.calendar import WorkingCalendar
from app.rules.deadlines import step_deadline
from app.rules.profiles import STEP_IDS, Profile

D = date

CASES = [
    # --- 威海 ----------------------------------------------------------------------------
    # 9/29 Tue: 9/30 (1), 10/8 (2), 10/9 (3)
    pytest.param(
        "weihai",
        "objection.check",
        D(2026, 9, 29),
        3,
        D(2026, 10, 9),
        "第二十八条",
        id="weihai-art28-objection.check-across-national-day",
    ),
    # 9/29: 9/30, 10/8, 10/9, 10/10 (make-up Sat), 10/12, 10/13, 10/14
    pytest.param(
        "weihai",
        "objection.check_assisted",
        D(2026, 9, 29),
        7,
        D(2026, 10, 14),
        "第二十八条",
        id="weihai-art28-objection.check_assisted-national-day-makeup",
    ),
    # 2/10 Tue: 2/11, 2/12, 2/13, 2/14 (Sat), [2/15–2/23], 2/24..2/27 (8), 2/28 Sat (9),
    # 3/2..3/6 (14), 3/9 (15)
    pytest.param(
        "weihai",
        "objection.provider_reply",
        D(2026, 2, 10),
        15,
        D(2026, 3, 9),
        "第二十九条",
        id="weihai-art29-objection.provider_reply-across-spring-festival",
    ),
    # start on a holiday 10/1: 10/8, 10/9, 10/10, 10/12, 10/13
    pytest.param(
        "weihai",
        "withdrawal.good_info",
        D(2026, 10, 1),
        5,
        D(2026, 10, 13),
        "第三十三条",
        id="weihai-art33-withdrawal.good_info-starts-on-holiday",
    ),
    # 1/1 (holiday): 1/4 (Sun make-up), 1/5, 1/6
    pytest.param(
        "weihai",
        "correction.provider_report",
        D(2026, 1, 1),
        3,
        D(2026, 1, 6),
        "第三十一条",
        id="weihai-art31-correction.provider_report-new-year-sunday-makeup",
    ),
    # --- 张店 ----------------------------------------------------------------------------
    # 2/12 Thu: 2/13, 2/14 (Sat), 2/24, 2/25, 2/26, 2/27, 2/28 (Sat)
    pytest.param(
        "zhangdian",
        "intake.provider_report",
        D(2026, 2, 12),
        7,
        D(2026, 2, 28),
        "第十一条",
        id="zhangdian-art11-intake.provider_report-spring-festival-two-makeups",
    ),
    # 4/2 Thu: 4/3, [4/4–4/6], 4/7, 4/8
    pytest.param(
        "zhangdian",
        "intake.integrate",
        D(2026, 4, 2),
        3,
        D(2026, 4, 8),
        "第十九条",
        id="zhangdian-art19-intake.integrate-across-qingming",
    ),
    # 4/30 Thu: [5/1–5/5], 5/6, 5/7, 5/8
    pytest.param(
        "zhangdian",
        "objection.check",
        D(2026, 4, 30),
        3,
        D(2026, 5, 8),
        "第三十七条",
        id="zhangdian-art37-objection.check-across-labour-day",
    ),
    # 5/7 Thu: 5/8, 5/9 (Sat make-up)
    pytest.param(
        "zhangdian",
        "objection.notify_correction",
        D(2026, 5, 7),
        2,
        D(2026, 5, 9),
        "第三十七条",
        id="zhangdian-art37-objection.notify_correction-saturday-makeup",
    ),
    # 6/18 Thu: [6/19–6/21], 6/22, 6/23
    pytest.param(
        "zhangdian",
        "objection.forward",
        D(2026, 6, 18),
        2,
        D(2026, 6, 23),
        "第三十七条",
        id="zhangdian-art37-objection.forward-across-dragon-boat",
    ),
    # 9/18 Fri: 9/20 (Sun make-up), 9/21, 9/22, 9/23, 9/24
    pytest.param(
        "zhangdian",
        "objection.provider_reply",
        D(2026, 9, 18),
        5,
        D(2026, 9, 24),
        "第三十七条",
        id="zhangdian-art37-objection.provider_reply-sunday-makeup",
    ),
    # 9/24 Thu: [9/25–9/27], 9/28, 9/29
    pytest.param(
        "zhangdian",
        "objection.notify_result",
        D(2026, 9, 24),
        2,
        D(2026, 9, 29),
        "第三十七条",
        id="zhangdian-art37-objection.notify_result-across-mid-autumn",
    ),
    # 2025-12-31 Wed: [1/1–1/3], 1/4 (Sun), 1/5, 1/6
    pytest.param(
        "zhangdian",
        "withdrawal.good_info",
        D(2025, 12, 31),
        3,
        D(2026, 1, 6),
        "第三十五条",
        id="zhangdian-art35-withdrawal.good_info-across-new-year",
    ),
    # --- 武汉 ----------------------------------------------------------------------------
    # 2/13 Fri: 2/14 (Sat), 2/24
    pytest.param(
        "wuhan",
        "objection.check",
        D(2026, 2, 13),
        2,
        D(2026, 2, 24),
        "第三十一条",
        id="wuhan-art31-objection.check-across-spring-festival",
    ),
    # 10/9 Fri: 10/10 (Sat), 10/12, 10/13, 10/14, 10/15
    pytest.param(
        "wuhan",
        "objection.notify_correction",
        D(2026, 10, 9),
        5,
        D(2026, 10, 15),
        "第三十一条",
        id="wuhan-art31-objection.notify_correction-saturday-makeup",
    ),
    # 9/24 Thu: [9/25–9/27], 9/28, 9/29, 9/30, [10/1–10/7], 10/8, 10/9, 10/10, 10/12..10/15
    pytest.param(
        "wuhan",
        "objection.provider_reply",
        D(2026, 9, 24),
        10,
        D(2026, 10, 15),
        "第三十一条",
        id="wuhan-art31-objection.provider_reply-mid-autumn-and-national-day",
    ),
    # start on a holiday 5/1: 5/6, 5/7, 5/8, 5/9 (Sat), 5/11
    pytest.param(
        "wuhan",
        "objection.notify_result",
        D(2026, 5, 1),
        5,
        D(2026, 5, 11),
        "第三十一条",
        id="wuhan-art31-objection.notify_result-starts-on-holiday",
    ),
    # 1/2 (holiday): 1/4 (Sun), 1/5
    pytest.param(
        "wuhan",
        "withdrawal.good_info",
        D(2026, 1, 2),
        2,
        D(2026, 1, 5),
        "第二十九条",
        id="wuhan-art29-withdrawal.good_info-starts-on-holiday",
    ),
    # 6/16 Tue: 6/17, 6/18, [6/19–6/21], 6/22, 6/23, 6/24
    pytest.param(
        "wuhan",
        "correction.provider_report",
        D(2026, 6, 16),
        5,
        D(2026, 6, 24),
        "第三十三条",
        id="wuhan-art33-correction.provider_report-across-dragon-boat",
    ),
    # 2/23 (last holiday): 2/24, 2/25, 2/26, 2/27, 2/28 (Sat)
    pytest.param(
        "wuhan",
        "correction.platform_apply",
        D(2026, 2, 23),
        5,
        D(2026, 2, 28),
        "第三十三条",
        id="wuhan-art33-correction.platform_apply-starts-on-holiday",
    ),
    # --- 南通 ----------------------------------------------------------------------------
    # 2/9 Mon: 2/10..2/13 (4), 2/14 (5), 2/24..2/27 (9), 2/28 (10)
    pytest.param(
        "nantong",
        "objection.check",
        D(2026, 2, 9),
        10,
        D(2026, 2, 28),
        "第三十二条",
        id="nantong-art32-objection.check-across-spring-festival",
    ),
    # 4/3 Fri: [4/4–4/6], 4/7, 4/8, 4/9, 4/10, 4/13
    pytest.param(
        "nantong",
        "objection.provider_reply",
        D(2026, 4, 3),
        5,
        D(2026, 4, 13),
        "第三十二条",
        id="nantong-art32-objection.provider_reply-across-qingming",
    ),
    # 10/7 (holiday): 10/8, 10/9, 10/10 (Sat)
    pytest.param(
        "nantong",
        "objection.correct",
        D(2026, 10, 7),
        3,
        D(2026, 10, 10),
        "第三十二条",
        id="nantong-art32-objection.correct-starts-on-holiday",
    ),
    # 9/30 Wed: 10/8, 10/9, 10/10, 10/12, 10/13
    pytest.param(
        "nantong",
        "repair.publicity",
        D(2026, 9, 30),
        5,
        D(2026, 10, 13),
        "第三十五条",
        id="nantong-art35-repair.publicity-across-national-day",
    ),
    # --- 厦门 ----------------------------------------------------------------------------
    # 9/30 Wed: 10/8, 10/9
    pytest.param(
        "xiamen",
        "objection.check",
        D(2026, 9, 30),
        2,
        D(2026, 10, 9),
        "第二十五条",
        id="xiamen-art25-objection.check-across-national-day",
    ),
    # 2/12 Thu: 2/13, 2/14 (Sat), 2/24, 2/25, 2/26, 2/27
    pytest.param(
        "xiamen",
        "objection.provider_reply",
        D(2026, 2, 12),
        6,
        D(2026, 2, 27),
        "第二十五条",
        id="xiamen-art25-objection.provider_reply-across-spring-festival",
    ),
    # 5/8 Fri: 5/9 (Sat), 5/11
    pytest.param(
        "xiamen",
        "objection.notify_result",
        D(2026, 5, 8),
        2,
        D(2026, 5, 11),
        "第二十五条",
        id="xiamen-art25-objection.notify_result-saturday-makeup",
    ),
    # 1/1 (holiday): 1/4 (Sun), 1/5, 1/6, 1/7, 1/8
    pytest.param(
        "xiamen",
        "withdrawal.good_info",
        D(2026, 1, 1),
        5,
        D(2026, 1, 8),
        "第二十七条",
        id="xiamen-art27-withdrawal.good_info-starts-on-holiday",
    ),
]


@pytest.mark.parametrize(("profile_id", "step", "start", "days", "due", "basis"), CASES)
def test_step_deadline(
    profiles: dict[str, Profile],
    cal: WorkingCalendar,
    profile_id: str,
    step: str,
    start: date,
    days: int,
    due: date,
    basis: str,
) -> None:
    profile = profiles[profile_id]
    deadline = step_deadline(profile, step, start, cal)
    assert deadline is not None
    assert (deadline.step, deadline.working_days, deadline.start, deadline.due) == (
        step,
        days,
        start,
        due,
    )
    assert deadline.basis == basis
    assert deadline.citation == f"依据《{profile.regulation}》{basis}"


DEFINED = {
    "weihai": {
        "objection.check",
        "objection.check_assisted",
        "objection.provider_reply",
        "withdrawal.good_info",
        "correction.provider_report",
    },
    "zhangdian": {
        "intake.provider_report",
        "intake.integrate",
        "objection.check",
        "objection.notify_correction",
        "objection.forward",
        "objection.provider_reply",
        "objection.notify_result",
        "withdrawal.good_info",
    },
    "wuhan": {
        "objection.check",
        "objection.notify_correction",
        "objection.provider_reply",
        "objection.notify_result",
        "withdrawal.good_info",
        "correction.provider_report",
        "correction.platform_apply",
    },
    "nantong": {
        "objection.check",
        "objection.provider_reply",
        "objection.correct",
        "repair.publicity",
    },
    "xiamen": {
        "objection.check",
        "objection.provider_reply",
        "objection.notify_result",
        "withdrawal.good_info",
    },
}


@pytest.mark.parametrize(
    ("profile_id", "step"),
    [
        pytest.param(p, s, id=f"{p}-noart-{s}-not-defined")
        for p in sorted(DEFINED)
        for s in STEP_IDS
        if s not in DEFINED[p]
    ],
)
def test_step_the_regulation_does_not_define_has_no_deadline(
    profiles: dict[str, Profile], cal: WorkingCalendar, profile_id: str, step: str
) -> None:
    assert step_deadline(profiles[profile_id], step, D(2026, 3, 2), cal) is None


def test_every_profile_defines_exactly_the_listed_steps_noart(profiles: dict[str, Profile]) -> None:
    assert {p: {s.value for s in profiles[p].steps} for p in DEFINED} == DEFINED


def test_weihai_art28_assisted_check_uses_seven_working_days(
    profiles: dict[str, Profile], cal: WorkingCalendar
) -> None:
    deadline = step_deadline(
        profiles["weihai"], "objection.check", D(2026, 9, 29), cal, assisted=True
    )
    assert deadline is not None
    assert (deadline.step, deadline.working_days, deadline.due) == (
        "objection.check_assisted",
        7,
        D(2026, 10, 14),
    )


def test_wuhan_art31_assisted_flag_without_assisted_step_keeps_two_days(
    profiles: dict[str, Profile], cal: WorkingCalendar
) -> None:
    deadline = step_deadline(
        profiles["wuhan"], "objection.check", D(2026, 2, 13), cal, assisted=True
    )
    assert deadline is not None and deadline.due == D(2026, 2, 24) and deadline.working_days == 2


def test_zhangdian_art35_deadline_into_unloaded_2027_is_an_error(
    profiles: dict[str, Profile], cal: WorkingCalendar
) -> None:
    # 12/30 Wed: 12/31 (1), then 2027 is not loaded
    with pytest.raises(DeadlineOutsideCalendar) as info:
        step_deadline(profiles["zhangdian"], "withdrawal.good_info", D(2026, 12, 30), cal)
    assert info.value.params["year"] == 2027


def test_noart_unknown_step_is_an_error(profiles: dict[str, Profile], cal: WorkingCalendar) -> None:
    with pytest.raises(ValidationFailed) as info:
        step_deadline(profiles["wuhan"], "objection.chek", D(2026, 3, 2), cal)
    assert info.value.msg_id == "rules.unknown_step"
    assert "objection.chek" in info.value.text and "objection.check" in info.value.text
