"""Disclosure periods: the city's own end, the national layer's bounds, and which one applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from app.domain.enums import InfoClass, ListType, PenaltyClass, Severity
from app.domain.errors import CreditDeskError, ValidationFailed
from app.rules.calendar import period_end
from app.rules.profiles import (
    CountsFrom,
    DisclosureRule,
    NationalLayer,
    Profile,
    PublicityRule,
)

__all__ = [
    "DisclosureEnd",
    "EffectiveEnd",
    "NationalEnd",
    "disclosure_end",
    "effective_last_visible_day",
]


@dataclass(frozen=True, slots=True)
class NationalEnd:
    """The national layer's publicity bounds for an administrative penalty."""

    version: str  # short name, e.g. "令第36号"
    version_id: str
    start: date  # the date counted from (decision / determination date)
    published: bool  # False: the version says such penalties are not published at all
    min_end: date | None  # last day of the minimum publicity period (repair possible after it)
    max_end: date | None  # last day of the maximum publicity period (publication stops)
    basis: str  # the instrument, e.g. "国家发展改革委令第36号"
    citation: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class DisclosureEnd:
    """The city's own disclosure end for a record, with the national bounds beside it."""

    last_visible_day: date | None  # None: no local period (basic/good info, or deferral)
    basis: str | None
    citation: str | None
    counted_from: CountsFrom | None
    start: date | None
    minimum_last_day: date | None  # the local minimum (Xiamen: at least 3 months)
    on_expiry: Literal["hide", "archive"] | None
    defers_to_national: bool
    national: NationalEnd | None


@dataclass(frozen=True, slots=True)
class EffectiveEnd:
    """The end the visibility function uses, after the profile's ``publicity_rule``."""

    last_visible_day: date | None
    basis: str | None
    citation: str | None
    source: Literal["local", "national", "none"]


def _match(
    profile: Profile, info_class: InfoClass, severity: Severity | None, list_type: ListType
) -> DisclosureRule | None:
    candidates = [r for r in profile.disclosure if r.info_class == info_class]
    if not candidates:
        return None
    for rule in candidates:
        if rule.severity is not None and rule.severity != severity:
            continue
        if rule.list_type is not None and rule.list_type != list_type:
            continue
        return rule
    raise CreditDeskError(
        "rules.no_disclosure_rule",
        profile=profile.id,
        info_class=info_class.label,
        severity=severity.label if severity else "未标明",
        list_type=list_type.label,
    )


def _require(value: date | None, what: CountsFrom, citation: str) -> date:
    if value is None:
        raise ValidationFailed(
            "rules.fact_missing",
            field_errors={what.value: [f"缺少{what.label}"]},
            field=what.label,
            basis=citation,
        )
    return value


def disclosure_end(
    profile: Profile,
    *,
    info_class: InfoClass,
    severity: Severity | None = None,
    list_type: ListType = ListType.NONE,
    act_ended: date | None = None,
    formed: date | None = None,
    determined: date | None = None,
    listed: date | None = None,
    period_extended: bool = False,
    penalty_class: PenaltyClass | None = None,
    sector: str | None = None,
    national_layer: NationalLayer | None,
) -> DisclosureEnd:
    """The local last visible day per the city's article, and for administrative-penalty
    information (``penalty_class`` given) the national minimum/maximum under the version in
    force on the decision/determination date (``determined``).

    ``period_extended``: the record's provider has decided the longer period of the rule's
    ``extension`` for it (Xiamen 第二十八条: a key-attention listing becomes two years). The
    number of sectors' lists never extends a period by itself: the article asks the center to
    remind the provider, and the provider decides (recorded from its notice)."""
    dates = {
        CountsFrom.ACT_ENDED: act_ended,
        CountsFrom.FORMED: formed,
        CountsFrom.DETERMINED: determined,
        CountsFrom.LISTED: listed,
    }
    national = None
    if penalty_class is not None and national_layer is not None:
        national = _national_end(national_layer, penalty_class, dates, sector)

    rule = _match(profile, info_class, severity, list_type)
    if rule is None:
        return DisclosureEnd(None, None, None, None, None, None, None, False, national)

    citation = profile.cite(rule.basis)
    start = _require(dates[rule.counts_from], rule.counts_from, citation)
    years, months, basis = rule.years, rule.months, rule.basis
    ext = rule.extension
    if ext is not None and period_extended:
        years, months, basis = ext.years, ext.months, ext.basis
    minimum = period_end(start, months=rule.minimum_months) if rule.minimum_months else None
    last = period_end(start, years=years, months=months) if (years or months) else None
    if last is not None and minimum is not None and last < minimum:
        last = minimum
    return DisclosureEnd(
        last_visible_day=last,
        basis=basis,
        citation=profile.cite(basis),
        counted_from=rule.counts_from,
        start=start,
        minimum_last_day=minimum,
        on_expiry=rule.on_expiry,
        defers_to_national=rule.defers_to_national,
        national=national,
    )


def _national_end(
    layer: NationalLayer,
    penalty_class: PenaltyClass,
    dates: dict[CountsFrom, date | None],
    sector: str | None,
) -> NationalEnd | None:
    decided = dates[CountsFrom.DETERMINED]
    if decided is None:
        raise ValidationFailed(
            "rules.fact_missing",
            field_errors={"determined": ["缺少认定（决定）之日"]},
            field=CountsFrom.DETERMINED.label,
            basis="国家层面信用修复规定的版本按处罚决定（认定）之日确定",
        )
    version = layer.national_version_on(decided)
    if version is None:
        return None
    start = _require(dates[version.counts_from], version.counts_from, version.citation)
    rule = version.publicity_for(penalty_class)
    if rule is None:
        return NationalEnd(
            version.short,
            version.id,
            start,
            True,
            None,
            None,
            version.instrument,
            version.citation,
            note="该版本未规定此类行政处罚信息的公示期限",
        )
    if not rule.published:
        return NationalEnd(
            version.short,
            version.id,
            start,
            False,
            None,
            None,
            version.instrument,
            version.citation,
            note=rule.note,
        )
    min_months = rule.min_months
    note = rule.note
    for special in version.special_fields:
        if (
            special.confirmed
            and sector == special.sector
            and special.min_months > (min_months or 0)
        ):
            min_months = special.min_months
            note = f"{special.sector}领域最短公示期{special.min_months}个月"
    return NationalEnd(
        version=version.short,
        version_id=version.id,
        start=start,
        published=True,
        min_end=period_end(start, months=min_months) if min_months else None,
        max_end=period_end(start, months=rule.max_months) if rule.max_months else None,
        basis=version.instrument,
        citation=version.citation,
        note=note,
    )


def effective_last_visible_day(profile: Profile, end: DisclosureEnd) -> EffectiveEnd:
    """Apply the profile's ``publicity_rule`` (local | national | earlier) to ``end``.

    * a local rule that ``defers_to_national`` (no own period) uses the national maximum;
    * ``national`` falls back to the local end for records without national bounds
      (anything that is not administrative-penalty information);
    * a national "not published" makes the last visible day the day before its start;
    * the local minimum (Xiamen 第二十八条: at least 3 months) is always respected.
    """
    local = end.last_visible_day
    nat = end.national
    nat_day: date | None = None
    if nat is not None:
        nat_day = nat.max_end if nat.published else nat.start - timedelta(days=1)

    rule = profile.publicity_rule
    if local is None and end.defers_to_national:
        rule = PublicityRule.NATIONAL

    chosen: date | None
    source: Literal["local", "national", "none"]
    national_wins = nat_day is not None and (
        rule is PublicityRule.NATIONAL
        or (rule is PublicityRule.EARLIER and (local is None or nat_day < local))
    )
    if national_wins:
        chosen, source = nat_day, "national"
    else:
        chosen, source = local, ("local" if local is not None else "none")

    if chosen is not None and end.minimum_last_day is not None and chosen < end.minimum_last_day:
        chosen, source = end.minimum_last_day, "local"

    if source == "national" and nat is not None:
        return EffectiveEnd(chosen, nat.basis, nat.citation, "national")
    if source == "local":
        return EffectiveEnd(chosen, end.basis, end.citation, "local")
    return EffectiveEnd(None, end.basis, end.citation, "none")
