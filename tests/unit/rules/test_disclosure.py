"""Disclosure periods: the city's article, the dated national layer, and the publicity rule.

Given a record's dates, when its disclosure end is computed, then the last visible day is the
corresponding day of the period (month's last day when there is none; 民法典 第二百零二条).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.enums import InfoClass, ListType, PenaltyClass, Severity
from app.domain.errors import CreditDeskError, ValidationFailed
from app.rules.disclosure import disclosure_end, effective_last_visible_day
from app.rules.profiles import CountsFrom, NationalLayer, Profile, PublicityRule

D = date
DIS = InfoClass.DISHONEST

# act_ended, formed, determined, listed deliberately differ so the counting date is visible
DATES: dict[str, Any] = {
    "act_ended": D(2024, 2, 29),
    "formed": D(2024, 3, 20),
    "determined": D(2024, 4, 10),
    "listed": D(2024, 5, 31),
}

LOCAL_CASES = [
    pytest.param(
        "weihai",
        DIS,
        None,
        ListType.NONE,
        False,
        D(2029, 2, 28),
        CountsFrom.ACT_ENDED,
        "第十九条",
        "hide",
        id="weihai-art19-five-years-from-act-ended-feb29",
    ),
    pytest.param(
        "zhangdian",
        DIS,
        None,
        ListType.NONE,
        False,
        D(2029, 2, 28),
        CountsFrom.ACT_ENDED,
        "第三十五条",
        "hide",
        id="zhangdian-art35-five-years-from-act-ended-feb29",
    ),
    pytest.param(
        "wuhan",
        DIS,
        None,
        ListType.NONE,
        False,
        D(2029, 3, 20),
        CountsFrom.FORMED,
        "第二十条",
        "hide",
        id="wuhan-art20-five-years-from-record-formed",
    ),
    pytest.param(
        "wuhan",
        InfoClass.OTHER,
        None,
        ListType.NONE,
        False,
        D(2029, 3, 20),
        CountsFrom.FORMED,
        "第二十条",
        "hide",
        id="wuhan-art20-other-info-bad-record-five-years",
    ),
    pytest.param(
        "nantong",
        DIS,
        Severity.GENERAL,
        ListType.NONE,
        False,
        D(2025, 4, 10),
        CountsFrom.DETERMINED,
        "第三十条",
        "hide",
        id="nantong-art30-general-one-year-from-determined",
    ),
    pytest.param(
        "nantong",
        DIS,
        Severity.SERIOUS,
        ListType.NONE,
        False,
        D(2027, 4, 10),
        CountsFrom.DETERMINED,
        "第三十条",
        "hide",
        id="nantong-art30-serious-three-years-from-determined",
    ),
    pytest.param(
        "xiamen",
        DIS,
        Severity.SERIOUS,
        ListType.BLACK,
        False,
        D(2029, 5, 31),
        CountsFrom.LISTED,
        "第二十八条",
        "archive",
        id="xiamen-art28-serious-dishonest-list-five-years",
    ),
    pytest.param(
        "xiamen",
        DIS,
        None,
        ListType.KEY_ATTENTION,
        False,
        D(2025, 5, 31),
        CountsFrom.LISTED,
        "第二十八条",
        "archive",
        id="xiamen-art28-key-attention-one-year",
    ),
    pytest.param(
        "xiamen",
        DIS,
        None,
        ListType.KEY_ATTENTION,
        True,
        D(2026, 5, 31),
        CountsFrom.LISTED,
        "第二十八条",
        "archive",
        id="xiamen-art28-key-attention-provider-extended-two-years",
    ),
]


@pytest.mark.parametrize(
    (
        "profile_id",
        "info_class",
        "severity",
        "list_type",
        "extended",
        "last",
        "counted_from",
        "basis",
        "on_expiry",
    ),
    LOCAL_CASES,
)
def test_local_disclosure_end(
    profiles: dict[str, Profile],
    profile_id: str,
    info_class: InfoClass,
    severity: Severity | None,
    list_type: ListType,
    extended: bool,
    last: date,
    counted_from: CountsFrom,
    basis: str,
    on_expiry: str,
) -> None:
    end = disclosure_end(
        profiles[profile_id],
        info_class=info_class,
        severity=severity,
        list_type=list_type,
        period_extended=extended,
        national_layer=None,
        **DATES,
    )
    assert end.last_visible_day == last
    assert end.counted_from is counted_from and end.start == DATES[counted_from.value]
    assert end.basis == basis and end.on_expiry == on_expiry
    assert end.citation == f"依据《{profiles[profile_id].regulation}》{basis}"
    assert end.national is None


def test_xiamen_art28_extension_only_for_key_attention_lists(profiles: dict[str, Profile]) -> None:
    """The provider's decision extends only what the article extends: a black-list record
    keeps its five years, and a profile without the extension ignores the flag."""
    black = disclosure_end(
        profiles["xiamen"],
        info_class=DIS,
        list_type=ListType.BLACK,
        period_extended=True,
        national_layer=None,
        **DATES,
    )
    assert black.last_visible_day == D(2029, 5, 31)
    nantong = disclosure_end(
        profiles["nantong"],
        info_class=DIS,
        severity=Severity.GENERAL,
        list_type=ListType.KEY_ATTENTION,
        period_extended=True,
        national_layer=None,
        **DATES,
    )
    assert nantong.last_visible_day == D(2025, 4, 10)


def test_nantong_art30_one_year_from_feb29_ends_feb28(profiles: dict[str, Profile]) -> None:
    end = disclosure_end(
        profiles["nantong"],
        info_class=DIS,
        severity=Severity.GENERAL,
        determined=D(2024, 2, 29),
        national_layer=None,
    )
    assert end.last_visible_day == D(2025, 2, 28)


def test_weihai_art19_period_crossing_national_day_is_not_extended(
    profiles: dict[str, Profile],
) -> None:
    # the last visible day is a holiday (2031-10-01); 第二百零三条's extension is not applied
    end = disclosure_end(
        profiles["weihai"], info_class=DIS, act_ended=D(2026, 10, 1), national_layer=None
    )
    assert end.last_visible_day == D(2031, 10, 1)


def test_xiamen_art28_unlisted_dishonest_has_no_own_period_but_a_three_month_minimum(
    profiles: dict[str, Profile],
) -> None:
    end = disclosure_end(
        profiles["xiamen"], info_class=DIS, determined=D(2026, 11, 30), national_layer=None
    )
    assert end.last_visible_day is None
    assert end.minimum_last_day == D(2027, 2, 28)  # 11/30 + 3 months → no 2/30: month's last day
    assert end.defers_to_national and end.basis == "第二十八条"


@pytest.mark.parametrize(
    ("profile_id", "info_class"),
    [
        pytest.param("weihai", InfoClass.BASIC, id="weihai-art10-basic-info-no-period"),
        pytest.param("weihai", InfoClass.GOOD, id="weihai-art12-good-info-no-period"),
        pytest.param("nantong", InfoClass.OTHER, id="nantong-art13-other-info-no-period"),
        pytest.param("xiamen", InfoClass.GOOD, id="xiamen-art8-good-info-no-period"),
    ],
)
def test_classes_without_a_period(
    profiles: dict[str, Profile], profile_id: str, info_class: InfoClass
) -> None:
    end = disclosure_end(profiles[profile_id], info_class=info_class, national_layer=None, **DATES)
    assert end.last_visible_day is None and end.basis is None


def test_nantong_art30_severity_must_be_marked(profiles: dict[str, Profile]) -> None:
    with pytest.raises(CreditDeskError) as info:
        disclosure_end(profiles["nantong"], info_class=DIS, national_layer=None, **DATES)
    assert info.value.msg_id == "rules.no_disclosure_rule"
    assert "未标明" in info.value.text


def test_wuhan_art20_missing_formed_date_is_an_error(profiles: dict[str, Profile]) -> None:
    with pytest.raises(ValidationFailed) as info:
        disclosure_end(
            profiles["wuhan"], info_class=DIS, act_ended=D(2026, 1, 5), national_layer=None
        )
    assert info.value.msg_id == "rules.fact_missing"
    assert "不良记录形成之日" in info.value.text and "第二十条" in info.value.text


# --- the national layer (jurisdictions.md §9) ----------------------------------------------


@pytest.mark.parametrize(
    ("day", "version"),
    [
        pytest.param(D(2018, 12, 31), None, id="noart-before-any-national-version"),
        pytest.param(D(2020, 2, 29), "ndrc-2019-527", id="fagaiban527-noart-2019-notice"),
        pytest.param(D(2023, 4, 30), "ndrc-2019-527", id="fagaiban527-noart-last-day"),
        pytest.param(D(2023, 5, 1), "ndrc-order-58", id="ling58-noart-first-day"),
        pytest.param(D(2026, 3, 31), "ndrc-order-58", id="ling58-noart-last-day"),
        pytest.param(D(2026, 4, 1), "ndrc-order-36", id="ling36-noart-first-day"),
        pytest.param(D(2030, 1, 1), "ndrc-order-36", id="ling36-noart-open-ended"),
    ],
)
def test_national_version_on(national: NationalLayer, day: date, version: str | None) -> None:
    found = national.national_version_on(day)
    assert (found.id if found else None) == version


NATIONAL_CASES = [
    # 令第36号: counted from the determination date
    pytest.param(
        D(2026, 4, 10),
        PenaltyClass.SERIOUS,
        None,
        "令第36号",
        True,
        D(2027, 4, 10),
        D(2029, 4, 10),
        id="ling36-noart-serious-min-1y-max-3y",
    ),
    pytest.param(
        D(2026, 11, 30),
        PenaltyClass.GENERAL,
        None,
        "令第36号",
        True,
        D(2027, 2, 28),
        D(2027, 11, 30),
        id="ling36-noart-general-min-3m-max-1y-month-end",
    ),
    pytest.param(
        D(2026, 5, 31),
        PenaltyClass.MINOR,
        None,
        "令第36号",
        True,
        None,
        D(2026, 8, 31),
        id="ling36-noart-minor-at-most-3m",
    ),
    # 令第58号: min 3 months, max 3 years; 1 year in confirmed special fields
    pytest.param(
        D(2025, 6, 30),
        PenaltyClass.GENERAL,
        None,
        "令第58号",
        True,
        D(2025, 9, 30),
        D(2028, 6, 30),
        id="ling58-noart-general-min-3m-max-3y",
    ),
    pytest.param(
        D(2025, 6, 30),
        PenaltyClass.GENERAL,
        "安全生产",
        "令第58号",
        True,
        D(2026, 6, 30),
        D(2028, 6, 30),
        id="ling58-noart-special-field-min-1y",
    ),
    pytest.param(
        D(2025, 6, 30),
        PenaltyClass.GENERAL,
        "食品",
        "令第58号",
        True,
        D(2025, 9, 30),
        D(2028, 6, 30),
        id="ling58-noart-unconfirmed-special-field-not-applied",
    ),
    pytest.param(
        D(2025, 6, 30),
        PenaltyClass.MINOR,
        None,
        "令第58号",
        False,
        None,
        None,
        id="ling58-noart-minor-not-published",
    ),
    # 527号文: from the decision date; Feb 29
    pytest.param(
        D(2020, 2, 29),
        PenaltyClass.GENERAL,
        None,
        "527号文",
        True,
        D(2020, 5, 29),
        D(2021, 2, 28),
        id="fagaiban527-noart-general-min-3m-max-1y-feb29",
    ),
    pytest.param(
        D(2020, 2, 29),
        PenaltyClass.SERIOUS,
        None,
        "527号文",
        True,
        D(2020, 8, 29),
        D(2023, 2, 28),
        id="fagaiban527-noart-serious-min-6m-max-3y",
    ),
]


@pytest.mark.parametrize(
    ("determined", "penalty_class", "sector", "version", "published", "min_end", "max_end"),
    NATIONAL_CASES,
)
def test_national_bounds_beside_the_local_end(
    profiles: dict[str, Profile],
    national: NationalLayer,
    determined: date,
    penalty_class: PenaltyClass,
    sector: str | None,
    version: str,
    published: bool,
    min_end: date | None,
    max_end: date | None,
) -> None:
    end = disclosure_end(
        profiles["weihai"],
        info_class=DIS,
        act_ended=D(2026, 3, 20),
        determined=determined,
        penalty_class=penalty_class,
        sector=sector,
        national_layer=national,
    )
    assert end.last_visible_day == D(2031, 3, 20)  # the city's own article is unchanged
    assert end.national is not None
    assert (end.national.version, end.national.published) == (version, published)
    assert (end.national.min_end, end.national.max_end) == (min_end, max_end)
    assert end.national.start == determined


def test_noart_no_national_bounds_without_penalty_class(
    profiles: dict[str, Profile], national: NationalLayer
) -> None:
    end = disclosure_end(
        profiles["weihai"],
        info_class=DIS,
        act_ended=D(2026, 3, 20),
        determined=D(2026, 4, 10),
        national_layer=national,
    )
    assert end.national is None


# --- publicity_rule: local | national | earlier ------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "penalty_class", "expected", "basis"),
    [
        pytest.param(
            PublicityRule.LOCAL,
            PenaltyClass.SERIOUS,
            D(2031, 3, 20),
            "第十九条",
            id="weihai-art19-local-rule-uses-city-period",
        ),
        pytest.param(
            PublicityRule.NATIONAL,
            PenaltyClass.SERIOUS,
            D(2029, 4, 10),
            "国家发展改革委令第36号",
            id="weihai-art19-ling36-national-rule-uses-national-max",
        ),
        pytest.param(
            PublicityRule.EARLIER,
            PenaltyClass.SERIOUS,
            D(2029, 4, 10),
            "国家发展改革委令第36号",
            id="weihai-art19-ling36-earlier-rule",
        ),
        pytest.param(
            PublicityRule.NATIONAL,
            None,
            D(2031, 3, 20),
            "第十九条",
            id="weihai-art19-national-rule-falls-back-without-penalty",
        ),
    ],
)
def test_publicity_rule(
    profiles: dict[str, Profile],
    national: NationalLayer,
    rule: PublicityRule,
    penalty_class: PenaltyClass | None,
    expected: date,
    basis: str,
) -> None:
    profile = profiles["weihai"].model_copy(update={"publicity_rule": rule})
    end = disclosure_end(
        profile,
        info_class=DIS,
        act_ended=D(2026, 3, 20),
        determined=D(2026, 4, 10),
        penalty_class=penalty_class,
        national_layer=national,
    )
    effective = effective_last_visible_day(profile, end)
    assert (effective.last_visible_day, effective.basis) == (expected, basis)


def test_nantong_art30_earlier_rule_keeps_the_shorter_local_year(
    profiles: dict[str, Profile], national: NationalLayer
) -> None:
    profile = profiles["nantong"].model_copy(update={"publicity_rule": PublicityRule.EARLIER})
    end = disclosure_end(
        profile,
        info_class=DIS,
        severity=Severity.GENERAL,
        determined=D(2025, 6, 30),
        penalty_class=PenaltyClass.GENERAL,
        national_layer=national,
    )
    effective = effective_last_visible_day(profile, end)
    assert (effective.last_visible_day, effective.source) == (
        D(2026, 6, 30),
        "local",
    )  # 58号 max 2028-06-30


def test_weihai_art19_ling58_national_rule_unpublished_minor_never_visible(
    profiles: dict[str, Profile], national: NationalLayer
) -> None:
    profile = profiles["weihai"].model_copy(update={"publicity_rule": PublicityRule.NATIONAL})
    end = disclosure_end(
        profile,
        info_class=DIS,
        act_ended=D(2025, 6, 1),
        determined=D(2025, 6, 30),
        penalty_class=PenaltyClass.MINOR,
        national_layer=national,
    )
    assert effective_last_visible_day(profile, end).last_visible_day == D(2025, 6, 29)


def test_xiamen_art28_ling36_unlisted_penalty_defers_to_national_max(
    profiles: dict[str, Profile], national: NationalLayer
) -> None:
    end = disclosure_end(
        profiles["xiamen"],
        info_class=DIS,
        determined=D(2026, 11, 30),
        penalty_class=PenaltyClass.GENERAL,
        national_layer=national,
    )
    effective = effective_last_visible_day(profiles["xiamen"], end)
    assert end.last_visible_day is None
    assert (effective.last_visible_day, effective.source) == (D(2027, 11, 30), "national")


def test_xiamen_art28_ling36_local_three_month_minimum_beats_shorter_national(
    profiles: dict[str, Profile], national: NationalLayer
) -> None:
    # 令第58号 does not publish a minor penalty at all; Xiamen still shows it for 3 months
    end = disclosure_end(
        profiles["xiamen"],
        info_class=DIS,
        determined=D(2025, 6, 30),
        penalty_class=PenaltyClass.MINOR,
        national_layer=national,
    )
    effective = effective_last_visible_day(profiles["xiamen"], end)
    assert end.national is not None and not end.national.published
    assert (effective.last_visible_day, effective.basis) == (D(2025, 9, 30), "第二十八条")
