"""The one function that decides whether a record is shown to an audience on a date.

Order of the checks (the first that hides the record gives the reason):

1. ``audience`` — the catalogue item's disclosure attribute against the audience
   (public: 社会公开 only; self: + 授权查询; authorized: + 授权查询 within the grant's scope;
   government: + 政务共享). A natural person's 社会公开 item counts as 授权查询 where the
   profile forbids public disclosure of natural persons (Weihai 第二十条, Wuhan 第十九条).
2. the stored status — ``deleted`` (a revoked legal document is treated as deleted: the
   provider withdrew the basis of the record, Weihai 第三十一条), ``withdrawn``, ``repaired``,
   ``archived``. These hide the record from every audience.
3. ``expired`` — from the day after the effective last visible day.
4. ``suspended`` — an objection is pending, the provider's reply deadline has passed (from the
   day after ``objection_provider_due``) without a reply, and the profile suspends for this
   audience (Weihai 第二十九条, Wuhan 第三十一条: queries by society; Xiamen 第二十六条: all).

A shown record carries ``objection_pending`` while an objection is pending (all five; Nantong
第三十二条 keeps it published and applied) and ``disputed`` when the applicant still disagrees
and the profile keeps the mark (Weihai 第二十九条, Zhangdian 第三十八条).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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
from app.rules.disclosure import DisclosureEnd, disclosure_end, effective_last_visible_day
from app.rules.profiles import NationalLayer, Profile

__all__ = [
    "Annotation",
    "HiddenReason",
    "RecordFacts",
    "Visibility",
    "decide_visibility",
    "record_end",
]


class HiddenReason(StrEnum):
    AUDIENCE = "audience"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REPAIRED = "repaired"
    WITHDRAWN = "withdrawn"
    ARCHIVED = "archived"
    DELETED = "deleted"


class Annotation(StrEnum):
    OBJECTION_PENDING = "objection_pending"
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFacts:
    """What the engine needs to know about one credit record."""

    subject_kind: SubjectKind
    info_class: InfoClass
    disclosure: Disclosure  # the catalogue item's disclosure attribute
    catalog_code: str
    status: RecordStatus = RecordStatus.ACTIVE
    severity: Severity | None = None
    list_type: ListType = ListType.NONE
    penalty_class: PenaltyClass | None = None
    sector: str | None = None  # e.g. 安全生产 (令第58号 special fields)
    act_ended: date | None = None
    formed: date | None = None
    determined: date | None = None
    listed: date | None = None
    # on how many sectors' key-attention lists within 12 months (Xiamen 第二十八条): what the
    # alert counts; it does not change the period
    key_attention_lists_12m: int = 0
    period_extended: bool = False  # the provider decided the rule's extension (two years)
    objection_pending: bool = False
    objection_provider_due: date | None = None
    objection_provider_replied: bool = False
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class Visibility:
    shown: bool
    reason: HiddenReason | None
    annotations: tuple[Annotation, ...]
    last_visible_day: date | None
    basis: str | None  # article of the period applied, e.g. "第二十条" or "国家发展改革委令第36号"


_STATUS_REASON = {
    RecordStatus.DELETED: HiddenReason.DELETED,
    RecordStatus.REVOKED: HiddenReason.DELETED,
    RecordStatus.WITHDRAWN: HiddenReason.WITHDRAWN,
    RecordStatus.REPAIRED: HiddenReason.REPAIRED,
    RecordStatus.ARCHIVED: HiddenReason.ARCHIVED,
}

_AUDIENCE_SEES: dict[Audience, frozenset[Disclosure]] = {
    Audience.PUBLIC: frozenset({Disclosure.PUBLIC}),
    Audience.SELF: frozenset({Disclosure.PUBLIC, Disclosure.AUTHORIZED}),
    Audience.AUTHORIZED: frozenset({Disclosure.PUBLIC, Disclosure.AUTHORIZED}),
    Audience.GOVERNMENT: frozenset(
        {Disclosure.PUBLIC, Disclosure.AUTHORIZED, Disclosure.GOVERNMENT}
    ),
}


def _audience_allows(
    profile: Profile, facts: RecordFacts, audience: Audience, scope: Collection[str] | None
) -> bool:
    attribute = facts.disclosure
    if (
        attribute is Disclosure.PUBLIC
        and facts.subject_kind is SubjectKind.NATURAL_PERSON
        and not profile.natural_person_records_may_be_public
    ):
        attribute = Disclosure.AUTHORIZED
    if attribute not in _AUDIENCE_SEES[audience]:
        return False
    if audience is Audience.AUTHORIZED and attribute is Disclosure.AUTHORIZED and scope is not None:
        return facts.catalog_code in scope or facts.info_class.value in scope
    return True


def record_end(
    profile: Profile, facts: RecordFacts, *, national_layer: NationalLayer | None
) -> DisclosureEnd:
    """The disclosure end of a stored record, from its facts (one place for the query and the
    expiry job: they cannot disagree about a record's last day)."""
    return disclosure_end(
        profile,
        info_class=facts.info_class,
        severity=facts.severity,
        list_type=facts.list_type,
        act_ended=facts.act_ended,
        formed=facts.formed,
        determined=facts.determined,
        listed=facts.listed,
        period_extended=facts.period_extended,
        penalty_class=facts.penalty_class,
        sector=facts.sector,
        national_layer=national_layer,
    )


def decide_visibility(
    profile: Profile,
    facts: RecordFacts,
    audience: Audience,
    on: date,
    *,
    scope: Collection[str] | None = None,
    national_layer: NationalLayer | None,
) -> Visibility:
    """Whether ``facts`` is shown to ``audience`` on ``on``, with what marks, or why not.

    ``scope`` (authorized audience only): catalogue codes and/or InfoClass values the subject's
    authorisation covers; None means every authorised item.
    """
    end = record_end(profile, facts, national_layer=national_layer)
    effective = effective_last_visible_day(profile, end)
    last, basis = effective.last_visible_day, effective.basis

    def hidden(reason: HiddenReason) -> Visibility:
        return Visibility(False, reason, (), last, basis)

    if not _audience_allows(profile, facts, audience, scope):
        return hidden(HiddenReason.AUDIENCE)
    status_reason = _STATUS_REASON.get(facts.status)
    if status_reason is not None:
        return hidden(status_reason)
    if last is not None and on > last:
        return hidden(HiddenReason.EXPIRED)

    rules = profile.objection
    suspend = rules.suspend_when_provider_overdue
    if (
        suspend is not None
        and audience in suspend.value
        and facts.objection_pending
        and facts.objection_provider_due is not None
        and on > facts.objection_provider_due
        and not facts.objection_provider_replied
    ):
        return hidden(HiddenReason.SUSPENDED)

    annotations: list[Annotation] = []
    if facts.objection_pending and rules.annotate_while_pending.value:
        annotations.append(Annotation.OBJECTION_PENDING)
    keep = rules.keep_annotation_if_disputed
    if facts.disputed and keep is not None and keep.value:
        annotations.append(Annotation.DISPUTED)
    return Visibility(True, None, tuple(annotations), last, basis)
