"""An objection case, step by step, as the jurisdiction profile says (jurisdictions.md §5).

The domain's transition table (``app.domain.caseflow``) says which events can follow which
state; this module adds what the profile decides:

- which path a compared case takes: the center corrects a platform that differs from the
  provider's data, unless the profile makes the provider answer every objection (Xiamen
  第二十五条: ``forward_when_differs``); a platform that matches is forwarded;
- which step comes next and what its due date is counted from. A step the profile gives its
  own working days (Zhangdian 第三十七条: forward within 2 WD of the check) starts on the day
  the previous step was done; a centre-side step without its own period (correcting,
  forwarding, telling the applicant of a correction) must still be done within the check
  period (Weihai 第二十八条 "三个工作日内审核并处理，并将处理结果通知"), so it keeps the check's
  due date; telling the applicant of the provider's result has a due date only where the
  profile gives one;
- which reply outcomes and follow-ups are open: deletion when the truth cannot be established
  (Wuhan 第三十二条), an appeal (Nantong 第三十三条), reasons for a rejection (Xiamen 第二十五条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.caseflow import ObjectionEvent, ObjectionState, objection_events_from
from app.rules.calendar import WorkingCalendar
from app.rules.deadlines import Deadline, step_deadline
from app.rules.profiles import Profile, Step

__all__ = [
    "CheckResult",
    "ReplyOutcome",
    "StepPlan",
    "allowed_events",
    "center_corrects",
    "due_of",
    "plan_after",
    "plan_on_receipt",
    "reply_outcomes",
]


class CheckResult(StrEnum):
    DIFFERS = "differs"  # the platform's record differs from what the provider submitted
    MATCHES = "matches"

    @property
    def label(self) -> str:
        return {"differs": "平台信息与提供单位报送不一致", "matches": "平台信息与提供单位报送一致"}[
            self.value
        ]


class ReplyOutcome(StrEnum):
    """The provider's written reply (or, for an appeal, the credit authority's decision)."""

    UPHELD_CORRECTED = "upheld_corrected"  # objection upheld, the record corrected
    UPHELD_DELETED = "upheld_deleted"  # objection upheld, the record deleted
    NOT_UPHELD = "not_upheld"  # the record is right; reasons given
    UNVERIFIABLE = "unverifiable"  # truth cannot be established (Wuhan 第三十二条): deleted

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self.value]

    @property
    def upheld(self) -> bool:
        return self in (ReplyOutcome.UPHELD_CORRECTED, ReplyOutcome.UPHELD_DELETED)

    @property
    def deletes(self) -> bool:
        return self in (ReplyOutcome.UPHELD_DELETED, ReplyOutcome.UNVERIFIABLE)


_OUTCOME_LABELS = {
    "upheld_corrected": "异议成立，予以更正",
    "upheld_deleted": "异议成立，予以删除",
    "not_upheld": "异议不成立，维持原信息",
    "unverifiable": "信息真实性无法确认，予以删除",
}

# The centre-side steps that, without their own period, must be done within the check period.
_WITHIN_CHECK_PERIOD = frozenset(
    {Step.OBJECTION_CORRECT, Step.OBJECTION_FORWARD, Step.OBJECTION_NOTIFY_CORRECTION}
)


@dataclass(frozen=True)
class StepPlan:
    """The step the case waits for and what its due date is counted from."""

    next_step: str | None
    due_step: str | None = None  # the profile step whose working days apply
    due_start: date | None = None  # counting starts the day after


def center_corrects(profile: Profile) -> bool:
    """True when the center itself corrects a platform that differs from the provider."""
    rule = profile.objection.forward_when_differs
    return not (rule is not None and rule.value)


def _check_step(profile: Profile, assisted: bool) -> str:
    if assisted and Step.OBJECTION_CHECK_ASSISTED in profile.steps:
        return Step.OBJECTION_CHECK_ASSISTED.value
    return Step.OBJECTION_CHECK.value


def plan_on_receipt(profile: Profile, received_on: date, *, assisted: bool = False) -> StepPlan:
    return StepPlan(Step.OBJECTION_CHECK.value, _check_step(profile, assisted), received_on)


def _own_or_inherited(profile: Profile, step: Step, on: date, previous: StepPlan) -> StepPlan:
    if step in profile.steps:
        return StepPlan(step.value, step.value, on)
    if step in _WITHIN_CHECK_PERIOD:
        return StepPlan(step.value, previous.due_step, previous.due_start)
    return StepPlan(step.value)


def plan_after(
    profile: Profile,
    state: ObjectionState,
    *,
    on: date,
    previous: StepPlan,
    check_result: CheckResult | None = None,
) -> StepPlan:
    """The plan once the case has entered ``state`` on ``on``."""
    if state is ObjectionState.CHECKED:
        corrects = check_result is CheckResult.DIFFERS and center_corrects(profile)
        step = Step.OBJECTION_CORRECT if corrects else Step.OBJECTION_FORWARD
        return _own_or_inherited(profile, step, on, previous)
    if state is ObjectionState.CORRECTED:
        return _own_or_inherited(profile, Step.OBJECTION_NOTIFY_CORRECTION, on, previous)
    if state is ObjectionState.FORWARDED:
        return _own_or_inherited(profile, Step.OBJECTION_PROVIDER_REPLY, on, previous)
    if state is ObjectionState.ANSWERED:
        return _own_or_inherited(profile, Step.OBJECTION_NOTIFY_RESULT, on, previous)
    if state is ObjectionState.APPEALED:
        return StepPlan("objection.appeal")
    return StepPlan(None)  # closed or withdrawn


def due_of(profile: Profile, plan: StepPlan, calendar: WorkingCalendar) -> Deadline | None:
    """The due date of the plan (``DeadlineOutsideCalendar`` when the calendar lacks the year)."""
    if plan.due_step is None or plan.due_start is None:
        return None
    return step_deadline(profile, plan.due_step, plan.due_start, calendar)


def reply_outcomes(profile: Profile) -> tuple[ReplyOutcome, ...]:
    outcomes = [ReplyOutcome.UPHELD_CORRECTED, ReplyOutcome.UPHELD_DELETED, ReplyOutcome.NOT_UPHELD]
    rule = profile.objection.delete_when_unverifiable
    if rule is not None and rule.value:
        outcomes.append(ReplyOutcome.UNVERIFIABLE)
    return tuple(outcomes)


def reasons_required(profile: Profile) -> bool:
    """Whether a rejected objection needs written reasons. Always asked for; the profile
    (Xiamen 第二十五条) makes it a hard requirement."""
    rule = profile.objection.reasons_required_when_rejected
    return rule is not None and rule.value


def allowed_events(
    profile: Profile,
    state: ObjectionState,
    *,
    check_result: CheckResult | None,
    disputed: bool,
) -> tuple[ObjectionEvent, ...]:
    """The events the profile allows on a case in ``state`` (permissions come on top)."""
    allowed: list[ObjectionEvent] = []
    for event in objection_events_from(state):
        if event is ObjectionEvent.CORRECT and not (
            check_result is CheckResult.DIFFERS and center_corrects(profile)
        ):
            continue
        if event is ObjectionEvent.FORWARD and (
            check_result is CheckResult.DIFFERS and center_corrects(profile)
        ):
            continue
        if event is ObjectionEvent.APPEAL and profile.objection.appeal_to is None:
            continue
        if event is ObjectionEvent.DISPUTE and disputed:
            continue
        allowed.append(event)
    return tuple(allowed)
