"""The visibility function as a table: profile × audience × record state × date.

Given a record in some state, when ``decide_visibility`` is asked for an audience on a date,
then the record is shown (with its marks) or hidden with one reason.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from app.domain.enums import (
    Audience,
    Disclosure,
    InfoClass,
    ListType,
    PenaltyClass,
    RecordStatus,
    Severity,
    SubjectKind,
)
from app.rules.profiles import NationalLayer, Profile, PublicityRule
from app.rules.visibility import Annotation, HiddenReason, RecordFacts, decide_visibility

D = date
PUB, SELF, AUTH, GOV = Audience.PUBLIC, Audience.SELF, Audience.AUTHORIZED, Audience.GOVERNMENT
PENDING, DISPUTED = Annotation.OBJECTION_PENDING, Annotation.DISPUTED
H = HiddenReason

BASE = RecordFacts(
    subject_kind=SubjectKind.LEGAL_PERSON,
    info_class=InfoClass.DISHONEST,
    disclosure=Disclosure.PUBLIC,
    catalog_code="XZCF-001",
    severity=Severity.GENERAL,
    act_ended=D(2025, 3, 10),
    formed=D(2025, 3, 10),
    determined=D(2025, 3, 10),
    listed=D(2025, 3, 10),
)
NATURAL = {"subject_kind": SubjectKind.NATURAL_PERSON}
AUTHORISED_ITEM = {"disclosure": Disclosure.AUTHORIZED}
GOV_ITEM = {"disclosure": Disclosure.GOVERNMENT}
OVERDUE = {"objection_pending": True, "objection_provider_due": D(2026, 3, 9)}
ON = D(2026, 3, 2)
Expected = tuple[bool, HiddenReason | None, tuple[Annotation, ...]]


def shown(*annotations: Annotation) -> Expected:
    return (True, None, tuple(annotations))


def hidden(reason: HiddenReason) -> Expected:
    return (False, reason, ())


def row(
    id: str,
    audience: Audience,
    state: dict[str, Any],
    on: date,
    expected: Expected,
    scope: set[str] | None = None,
) -> Any:
    """One table row; the profile is the id's first word."""
    return pytest.param(id.split("-")[0], audience, state, on, scope, expected, id=id)


KEY = {"list_type": ListType.KEY_ATTENTION, "listed": D(2025, 5, 5)}
KEY3 = {**KEY, "key_attention_lists_12m": 3}  # three sectors' lists, nothing decided yet
KEY3_EXTENDED = {**KEY3, "period_extended": True}  # the provider decided two years
GOOD = {"info_class": InfoClass.GOOD}
REPLIED = {**OVERDUE, "objection_provider_replied": True}


def status(s: RecordStatus, **more: Any) -> dict[str, Any]:
    return {"status": s, **more}


# fmt: off
TABLE = [
    # --- audience and disclosure attribute --------------------------------------------------
    row("weihai-art20-natural-person-public-hidden", PUB, NATURAL, ON, hidden(H.AUDIENCE)),
    row("weihai-art20-natural-person-self-shown", SELF, NATURAL, ON, shown()),
    row("weihai-art20-natural-person-authorized-shown", AUTH, NATURAL, ON, shown()),
    row("weihai-art20-natural-person-out-of-scope", AUTH, NATURAL, ON, hidden(H.AUDIENCE),
        scope={"OTHER-9"}),
    row("weihai-art20-natural-person-government-shown", GOV, NATURAL, ON, shown()),
    row("wuhan-art19-natural-person-never-public", PUB, NATURAL, ON, hidden(H.AUDIENCE)),
    row("wuhan-art19-natural-person-self-shown", SELF, NATURAL, ON, shown()),
    row("zhangdian-art21-natural-person-public-per-catalogue", PUB, NATURAL, ON, shown()),
    row("nantong-art19-natural-person-public-per-catalogue", PUB, NATURAL, ON, shown()),
    row("xiamen-art10-natural-person-public-per-catalogue", PUB, NATURAL, ON, shown()),
    row("weihai-art21-legal-person-public-item-shown", PUB, {}, ON, shown()),
    row("weihai-art22-public-item-whatever-scope", AUTH, {}, ON, shown(), scope={"OTHER-9"}),
    row("weihai-art22-authorised-item-public-hidden", PUB, AUTHORISED_ITEM, ON, hidden(H.AUDIENCE)),
    row("weihai-art22-authorised-item-self-shown", SELF, AUTHORISED_ITEM, ON, shown()),
    row("weihai-art22-authorised-item-unrestricted-grant", AUTH, AUTHORISED_ITEM, ON, shown()),
    row("weihai-art22-authorised-item-scope-by-code", AUTH, AUTHORISED_ITEM, ON, shown(),
        scope={"XZCF-001"}),
    row("weihai-art22-authorised-item-scope-by-class", AUTH, AUTHORISED_ITEM, ON, shown(),
        scope={"dishonest"}),
    row("weihai-art22-authorised-item-out-of-scope", AUTH, AUTHORISED_ITEM, ON, hidden(H.AUDIENCE),
        scope={"OTHER-9", "good"}),
    row("weihai-art23-authorised-item-government-shown", GOV, AUTHORISED_ITEM, ON, shown()),
    row("weihai-art23-government-item-public-hidden", PUB, GOV_ITEM, ON, hidden(H.AUDIENCE)),
    row("weihai-art23-government-item-self-hidden", SELF, GOV_ITEM, ON, hidden(H.AUDIENCE)),
    row("weihai-art23-government-item-authorized-hidden", AUTH, GOV_ITEM, ON, hidden(H.AUDIENCE)),
    row("weihai-art23-government-item-government-shown", GOV, GOV_ITEM, ON, shown()),
    row("xiamen-art17-authorised-item-self-shown", SELF, AUTHORISED_ITEM, ON, shown()),
    row("xiamen-art18-government-item-government-shown", GOV, GOV_ITEM, ON, shown()),
    # --- expiry: hidden from the day after the last visible day ----------------------------
    row("weihai-art19-last-visible-day", PUB, {"act_ended": D(2021, 3, 10)}, D(2026, 3, 10),
        shown()),
    row("weihai-art19-day-after", PUB, {"act_ended": D(2021, 3, 10)}, D(2026, 3, 11),
        hidden(H.EXPIRED)),
    row("weihai-art19-expired-for-government-too", GOV, {"act_ended": D(2021, 3, 10)},
        D(2026, 3, 11), hidden(H.EXPIRED)),
    row("zhangdian-art35-last-day-on-national-day", PUB, {"act_ended": D(2021, 10, 1)},
        D(2026, 10, 1), shown()),
    row("zhangdian-art35-day-after", PUB, {"act_ended": D(2021, 10, 1)}, D(2026, 10, 2),
        hidden(H.EXPIRED)),
    row("wuhan-art20-feb29-last-day-feb28", PUB, {"formed": D(2020, 2, 29),
        "act_ended": D(2019, 1, 1)}, D(2025, 2, 28), shown()),
    row("wuhan-art20-feb29-day-after", PUB, {"formed": D(2020, 2, 29)}, D(2025, 3, 1),
        hidden(H.EXPIRED)),
    row("nantong-art30-general-last-day", PUB, {"determined": D(2025, 6, 19)}, D(2026, 6, 19),
        shown()),
    row("nantong-art30-general-day-after", PUB, {"determined": D(2025, 6, 19)}, D(2026, 6, 20),
        hidden(H.EXPIRED)),
    row("nantong-art30-serious-still-shown", PUB, {"determined": D(2025, 6, 19),
        "severity": Severity.SERIOUS}, D(2026, 6, 20), shown()),
    row("xiamen-art28-key-attention-last-day", PUB, KEY, D(2026, 5, 5), shown()),
    row("xiamen-art28-key-attention-day-after", PUB, KEY, D(2026, 5, 6), hidden(H.EXPIRED)),
    row("xiamen-art28-three-sector-lists-not-extended-by-count", PUB, KEY3, D(2026, 5, 6),
        hidden(H.EXPIRED)),
    row("xiamen-art28-provider-extended-two-years-last-day", PUB, KEY3_EXTENDED, D(2027, 5, 5),
        shown()),
    row("xiamen-art28-provider-extended-day-after", PUB, KEY3_EXTENDED, D(2027, 5, 6),
        hidden(H.EXPIRED)),
    row("xiamen-art28-serious-list-five-years-over", PUB, {"list_type": ListType.BLACK,
        "listed": D(2021, 1, 10)}, D(2026, 1, 11), hidden(H.EXPIRED)),
    row("xiamen-art28-unlisted-non-penalty-no-end", PUB, {}, D(2040, 1, 1), shown()),
    row("weihai-art12-good-info-no-end", PUB, GOOD, D(2040, 1, 1), shown()),
    # --- objections: annotation, suspension after the provider's deadline -------------------
    row("weihai-art29-pending-annotated-on-due-day", PUB, OVERDUE, D(2026, 3, 9), shown(PENDING)),
    row("weihai-art29-provider-overdue-suspended", PUB, OVERDUE, D(2026, 3, 10),
        hidden(H.SUSPENDED)),
    row("weihai-art29-suspended-for-self-query", SELF, OVERDUE, D(2026, 3, 10),
        hidden(H.SUSPENDED)),
    row("weihai-art29-government-sharing-not-suspended", GOV, OVERDUE, D(2026, 3, 10),
        shown(PENDING)),
    row("weihai-art29-provider-replied", PUB, REPLIED, D(2026, 3, 10), shown(PENDING)),
    row("weihai-art29-pending-not-yet-forwarded", PUB, {"objection_pending": True},
        D(2026, 3, 10), shown(PENDING)),
    row("wuhan-art32-pending-annotated", PUB, OVERDUE, D(2026, 3, 9), shown(PENDING)),
    row("wuhan-art31-overdue-no-longer-disclosed", PUB, OVERDUE, D(2026, 3, 10),
        hidden(H.SUSPENDED)),
    row("wuhan-art31-government-sharing-continues", GOV, OVERDUE, D(2026, 3, 10), shown(PENDING)),
    row("xiamen-art26-provider-overdue-suspended", PUB, OVERDUE, D(2026, 3, 10),
        hidden(H.SUSPENDED)),
    row("xiamen-art26-suspended-for-government-too", GOV, OVERDUE, D(2026, 3, 10),
        hidden(H.SUSPENDED)),
    row("xiamen-art26-pending-annotated", PUB, OVERDUE, D(2026, 3, 9), shown(PENDING)),
    row("nantong-art32-stays-published-with-mark", PUB, OVERDUE, D(2026, 3, 10), shown(PENDING)),
    row("zhangdian-art38-annotated-never-suspended", PUB, OVERDUE, D(2026, 3, 10),
        shown(PENDING)),
    row("weihai-art29-still-disagrees-keeps-mark", PUB, {"disputed": True}, ON, shown(DISPUTED)),
    row("zhangdian-art38-still-disagrees-keeps-mark", PUB, {"disputed": True}, ON,
        shown(DISPUTED)),
    row("weihai-art29-second-objection-both-marks", PUB, {"disputed": True,
        "objection_pending": True}, ON, shown(PENDING, DISPUTED)),
    row("wuhan-art32-no-mark-after-decision", PUB, {"disputed": True}, ON, shown()),
    row("nantong-art33-appeal-instead-of-mark", PUB, {"disputed": True}, ON, shown()),
    row("xiamen-art26-no-mark-after-decision", PUB, {"disputed": True}, ON, shown()),
    # --- stored status ------------------------------------------------------------------------
    row("zhangdian-art34-repaired", PUB, status(RecordStatus.REPAIRED), ON, hidden(H.REPAIRED)),
    row("zhangdian-art34-repaired-archived-not-shared", GOV, status(RecordStatus.REPAIRED), ON,
        hidden(H.REPAIRED)),
    row("nantong-art35-repaired", SELF, status(RecordStatus.REPAIRED), ON, hidden(H.REPAIRED)),
    row("xiamen-art23-repaired-no-longer-queryable", GOV, status(RecordStatus.REPAIRED), ON,
        hidden(H.REPAIRED)),
    row("wuhan-art29-good-info-withdrawn", SELF, status(RecordStatus.WITHDRAWN, **GOOD), ON,
        hidden(H.WITHDRAWN)),
    row("xiamen-art27-good-info-not-public-on-request", PUB,
        status(RecordStatus.WITHDRAWN, **GOOD), ON, hidden(H.WITHDRAWN)),
    row("wuhan-art32-unverifiable-deleted", GOV, status(RecordStatus.DELETED), ON,
        hidden(H.DELETED)),
    row("weihai-art31-revoked-as-deleted", PUB, status(RecordStatus.REVOKED), ON,
        hidden(H.DELETED)),
    row("xiamen-art28-archived", GOV, status(RecordStatus.ARCHIVED), ON, hidden(H.ARCHIVED)),
    row("weihai-art20-audience-checked-before-status", PUB,
        status(RecordStatus.DELETED, **NATURAL), ON, hidden(H.AUDIENCE)),
    row("weihai-art29-status-before-suspension", PUB, status(RecordStatus.REPAIRED, **OVERDUE),
        D(2026, 3, 10), hidden(H.REPAIRED)),
]
# fmt: on


@pytest.mark.parametrize(("profile_id", "audience", "state", "on", "scope", "expected"), TABLE)
def test_visibility_table(
    profiles: dict[str, Profile],
    national: NationalLayer,
    profile_id: str,
    audience: Audience,
    state: dict[str, Any],
    on: date,
    scope: set[str] | None,
    expected: Expected,
) -> None:
    facts = replace(BASE, **state)
    result = decide_visibility(
        profiles[profile_id], facts, audience, on, scope=scope, national_layer=national
    )
    assert (result.shown, result.reason, result.annotations) == expected


def test_weihai_art19_visibility_reports_end_and_article(
    profiles: dict[str, Profile], national: NationalLayer
) -> None:
    result = decide_visibility(profiles["weihai"], BASE, PUB, ON, national_layer=national)
    assert (result.last_visible_day, result.basis) == (D(2030, 3, 10), "第十九条")


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2029, 4, 10), shown(), id="weihai-art19-ling36-national-rule-last-day"),
        pytest.param(
            D(2029, 4, 11), hidden(H.EXPIRED), id="weihai-art19-ling36-national-rule-day-after"
        ),
    ],
)
def test_weihai_publicity_rule_national(
    profiles: dict[str, Profile], national: NationalLayer, on: date, expected: Expected
) -> None:
    profile = profiles["weihai"].model_copy(update={"publicity_rule": PublicityRule.NATIONAL})
    facts = replace(
        BASE,
        act_ended=D(2026, 3, 20),
        determined=D(2026, 4, 10),
        penalty_class=PenaltyClass.SERIOUS,
    )
    result = decide_visibility(profile, facts, PUB, on, national_layer=national)
    assert (result.shown, result.reason, result.annotations) == expected
    assert result.basis == "国家发展改革委令第36号"
    # the default (local) rule keeps it until the city's five years end
    local = decide_visibility(profiles["weihai"], facts, PUB, on, national_layer=national)
    assert local.shown and local.last_visible_day == D(2031, 3, 20)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2027, 4, 15), shown(), id="xiamen-art28-ling36-unlisted-penalty-last-day"),
        pytest.param(
            D(2027, 4, 16), hidden(H.EXPIRED), id="xiamen-art28-ling36-unlisted-penalty-day-after"
        ),
    ],
)
def test_xiamen_unlisted_penalty_uses_national_maximum(
    profiles: dict[str, Profile], national: NationalLayer, on: date, expected: Expected
) -> None:
    facts = replace(BASE, determined=D(2026, 4, 15), penalty_class=PenaltyClass.GENERAL)
    result = decide_visibility(profiles["xiamen"], facts, PUB, on, national_layer=national)
    assert (result.shown, result.reason, result.annotations) == expected
