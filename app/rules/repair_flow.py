"""Credit repair (信用修复) as the jurisdiction profile says (jurisdictions.md §6 and §9).

- who takes the application (``repair.apply_to``: the center and/or the provider unit);
- the materials to hand in, listed once (一次性告知) when some are missing: proof that the act
  was corrected, the signed 信用承诺书 where the profile or the national version in force
  requires it (令第36号), the credit-management undertaking where the profile requires a
  commitment from an organisation (Nantong 第三十四条), the written application (Nantong), and
  the 授权委托书 of an agent;
- the refusals at intake: not dishonest information, already repaired or no longer shown,
  outside its disclosure period, before the national minimum publicity period has passed
  (saying from which day an application is possible), a second application for one penalty
  (令第58号);
- the conditions checklist: each condition met / not met / to confirm by hand, with its basis;
  Nantong's clean year is computed from the records found;
- the next step and its due date: only the Nantong public notice has a period in working days
  (第三十五条, 5 WD); the national processing deadlines are not confirmed (national.toml).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.caseflow import RepairEvent, RepairState, repair_events_from
from app.domain.enums import InfoClass, RecordStatus
from app.rules.calendar import period_end
from app.rules.profiles import NationalVersion, Profile, RepairRules, Step

__all__ = [
    "ConditionCheck",
    "ConditionStatus",
    "Material",
    "RepairFacts",
    "SimilarRecord",
    "allowed_repair_events",
    "check_conditions",
    "next_repair_step",
    "refusals",
    "required_materials",
]


class Material(StrEnum):
    EVIDENCE = "evidence"
    COMMITMENT = "commitment"
    UNDERTAKING = "undertaking"
    APPLICATION = "application"
    MANDATE = "mandate"

    @property
    def label(self) -> str:
        return _MATERIAL_LABELS[self.value]


_MATERIAL_LABELS = {
    "evidence": "已纠正失信行为、履行法定义务的证明材料",
    "commitment": "信用承诺书（申请人签字或盖章）",
    "undertaking": "信用管理制度及不再失信的承诺材料",
    "application": "书面修复申请",
    "mandate": "授权委托书",
}


class ConditionStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    MANUAL = "manual"  # to be confirmed by hand at pre-review

    @property
    def label(self) -> str:
        return {"met": "符合", "not_met": "不符合", "manual": "待人工确认"}[self.value]


@dataclass(frozen=True)
class ConditionCheck:
    key: str
    label: str
    status: ConditionStatus
    detail: str
    basis: str  # "依据《…》第三十四条" or the national instrument
    on: date | None = None  # the date the check turns on (a minimum period's last day)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "key": self.key,
            "label": self.label,
            "status": self.status.value,
            "detail": self.detail,
            "basis": self.basis,
            "on": self.on.isoformat() if self.on else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> ConditionCheck:
        on = data.get("on")
        return cls(
            str(data["key"]),
            str(data["label"]),
            ConditionStatus(data["status"]),
            str(data["detail"]),
            str(data["basis"]),
            date.fromisoformat(on) if on else None,
        )


@dataclass(frozen=True)
class SimilarRecord:
    document_number: str
    decision_date: date
    catalogue_item: str


@dataclass(frozen=True)
class RepairFacts:
    """What the database says about one record an applicant wants repaired."""

    document_number: str
    info_class: InfoClass
    status: RecordStatus
    shown_today: bool  # still within its disclosure period (shown to the public or the subject)
    national: NationalVersion | None  # the version in force on the application day
    national_min_end: date | None  # last day of the national minimum publicity period
    national_citation: str
    earlier_applications: int  # applications for this record that were not declined
    open_case_no: str | None


def _rules(profile: Profile) -> RepairRules:
    assert profile.repair is not None
    return profile.repair


def _national_requires_commitment(national: NationalVersion | None) -> bool:
    return national is not None and any("承诺" in r for r in national.repair.requirements)


def required_materials(
    profile: Profile,
    national: NationalVersion | None,
    *,
    organisation: bool,
    has_agent: bool,
) -> tuple[Material, ...]:
    rules = _rules(profile)
    out = [Material.EVIDENCE]
    commitment = rules.commitment_required is not None and rules.commitment_required.value
    defers = rules.defers_to_national is not None and rules.defers_to_national.value
    if commitment or (defers and _national_requires_commitment(national)):
        out.append(Material.COMMITMENT)
    if commitment and organisation:
        out.append(Material.UNDERTAKING)
    if rules.written_application is not None and rules.written_application.value:
        out.append(Material.APPLICATION)
    if has_agent:
        out.append(Material.MANDATE)
    return tuple(out)


def refusals(
    profile: Profile, facts: RepairFacts, today: date
) -> list[tuple[str, dict[str, object]]]:
    """Why this record cannot be repaired at all (message id and parameters); empty: it can."""
    rules = _rules(profile)
    out: list[tuple[str, dict[str, object]]] = []
    doc = facts.document_number
    if facts.info_class is not InfoClass.DISHONEST:
        return [("repair.not_dishonest", {"record": doc})]
    if facts.status is RecordStatus.REPAIRED:
        return [("repair.already_repaired", {"record": doc})]
    if facts.status is not RecordStatus.ACTIVE:
        return [("repair.not_active", {"record": doc, "status": facts.status.label})]
    if facts.open_case_no:
        return [("repair.record_busy", {"record": doc, "case_no": facts.open_case_no})]
    within = rules.within_disclosure_period
    if within is not None and within.value and not facts.shown_today:
        out.append(("repair.outside_period", {"record": doc, "basis": profile.cite(within.basis)}))
    defers = rules.defers_to_national is not None and rules.defers_to_national.value
    if defers and facts.national_min_end is not None and today <= facts.national_min_end:
        out.append(
            (
                "repair.minimum_not_passed",
                {
                    "record": doc,
                    "min_end": facts.national_min_end.isoformat(),
                    "from": (facts.national_min_end + timedelta(days=1)).isoformat(),
                    "basis": facts.national_citation,
                },
            )
        )
    once = facts.national is not None and facts.national.repair.one_application_per_penalty
    if defers and once and facts.earlier_applications:
        out.append(("repair.one_application", {"record": doc, "basis": facts.national_citation}))
    return out


def clean_period_end(profile: Profile, corrected_on: date) -> date | None:
    rule = _rules(profile).clean_period_months
    if rule is None:
        return None
    return period_end(corrected_on, months=rule.value)


def check_conditions(
    profile: Profile,
    facts: Sequence[RepairFacts],
    *,
    today: date,
    corrected_on: date | None,
    similar: Sequence[SimilarRecord],
    provided: frozenset[Material],
    required: Sequence[Material],
) -> tuple[ConditionCheck, ...]:
    """The checklist shown at intake and pre-review."""
    rules = _rules(profile)
    basis = profile.cite(rules.conditions.basis)
    checks: list[ConditionCheck] = []
    clean = rules.clean_period_months
    for i, text in enumerate(rules.conditions.value):
        key = f"profile.{i}"
        if clean is not None and "1年内未再发生" in text:
            checks.append(_clean_year(profile, text, corrected_on, similar, today))
            continue
        checks.append(
            ConditionCheck(key, text, ConditionStatus.MANUAL, "请核对申请人提交的材料后确认", basis)
        )
    within = rules.within_disclosure_period
    if within is not None and within.value:
        inside = all(f.shown_today for f in facts)
        checks.append(
            ConditionCheck(
                "within_period",
                "在披露（使用）期限内",
                ConditionStatus.MET if inside else ConditionStatus.NOT_MET,
                "信息仍在披露期限内" if inside else "有信息已超过披露期限",
                profile.cite(within.basis),
            )
        )
    defers = rules.defers_to_national is not None and rules.defers_to_national.value
    if defers:
        for f in facts:
            if f.national_min_end is None:
                continue
            passed = today > f.national_min_end
            checks.append(
                ConditionCheck(
                    f"minimum.{f.document_number}",
                    f"最短公示期已满（{f.document_number}）",
                    ConditionStatus.MET if passed else ConditionStatus.NOT_MET,
                    f"最短公示期至 {f.national_min_end.isoformat()} 届满",
                    f.national_citation,
                    f.national_min_end,
                )
            )
    for material in required:
        has = material in provided
        checks.append(
            ConditionCheck(
                f"material.{material.value}",
                f"已提交{material.label}",
                ConditionStatus.MET if has else ConditionStatus.NOT_MET,
                "已提交" if has else "未提交",
                basis,
            )
        )
    return tuple(checks)


def _clean_year(
    profile: Profile,
    text: str,
    corrected_on: date | None,
    similar: Sequence[SimilarRecord],
    today: date,
) -> ConditionCheck:
    rule = _rules(profile).clean_period_months
    assert rule is not None
    basis = profile.cite(rule.basis)
    if corrected_on is None:
        return ConditionCheck(
            "clean_period", text, ConditionStatus.NOT_MET, "未填写纠正日期", basis
        )
    end = period_end(corrected_on, months=rule.value)
    if similar:
        found = "；".join(
            f"{s.catalogue_item} {s.document_number}（{s.decision_date.isoformat()}）"
            for s in similar
        )
        return ConditionCheck(
            "clean_period",
            text,
            ConditionStatus.NOT_MET,
            f"纠正之日（{corrected_on.isoformat()}）后至 {end.isoformat()} 期间"
            f"有同类失信信息：{found}",
            basis,
        )
    if today <= end:
        return ConditionCheck(
            "clean_period",
            text,
            ConditionStatus.NOT_MET,
            f"自纠正之日起满{rule.value}个月（{end.isoformat()}）后方可确认，"
            f"即自 {(end + timedelta(days=1)).isoformat()} 起",
            basis,
        )
    return ConditionCheck(
        "clean_period",
        text,
        ConditionStatus.MET,
        f"{corrected_on.isoformat()} 至 {end.isoformat()} 期间未发现同类失信信息",
        basis,
    )


def next_repair_step(
    profile: Profile, state: RepairState, *, provider_confirmed: bool
) -> str | None:
    rules = _rules(profile)
    needs_provider = rules.provider_confirmation_required.value
    return {
        RepairState.REGISTERED: "repair.accept",
        RepairState.SUPPLEMENT_REQUESTED: "repair.supplement",
        RepairState.ACCEPTED: "repair.forward" if needs_provider else "repair.prereview",
        RepairState.FORWARDED: (
            "repair.prereview" if provider_confirmed else "repair.provider_confirmation"
        ),
        RepairState.PREREVIEWED: "repair.decide",
        RepairState.APPROVED: (
            Step.REPAIR_PUBLICITY.value if has_publicity(profile) else "repair.take_effect"
        ),
        RepairState.PUBLICIZED: Step.REPAIR_PUBLICITY.value,
    }.get(state)


def has_publicity(profile: Profile) -> bool:
    return Step.REPAIR_PUBLICITY in profile.steps


def allowed_repair_events(
    profile: Profile,
    state: RepairState,
    *,
    provider_confirmed: bool,
    open_objections: int,
    publicity_over: bool,
) -> tuple[RepairEvent, ...]:
    needs_provider = _rules(profile).provider_confirmation_required.value
    out: list[RepairEvent] = []
    for event in repair_events_from(state):
        if event is RepairEvent.FORWARD and not needs_provider:
            continue
        if event is RepairEvent.PREREVIEW:
            if state is RepairState.ACCEPTED and needs_provider:
                continue
            if state is RepairState.FORWARDED and not provider_confirmed:
                continue
        if event is RepairEvent.CONFIRM_PROVIDER and provider_confirmed:
            continue
        if event is RepairEvent.START_PUBLICITY and not has_publicity(profile):
            continue
        if (
            event is RepairEvent.TAKE_EFFECT
            and state is RepairState.APPROVED
            and has_publicity(profile)
        ):
            continue
        if (
            event is RepairEvent.TAKE_EFFECT
            and state is RepairState.PUBLICIZED
            and (open_objections or not publicity_over)
        ):
            continue
        if event is RepairEvent.RESOLVE_OBJECTION and not open_objections:
            continue
        if event is RepairEvent.REJECT and state is RepairState.PUBLICIZED and open_objections:
            continue
        out.append(event)
    return tuple(out)
