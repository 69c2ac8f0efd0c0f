"""Step deadlines in working days, with the article they come from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.errors import ValidationFailed
from app.rules.calendar import WorkingCalendar
from app.rules.profiles import STEP_IDS, Profile, Step

__all__ = ["Deadline", "step_deadline"]


@dataclass(frozen=True, slots=True)
class Deadline:
    step: str  # the step whose duration applied (objection.check_assisted when assisted)
    working_days: int
    start: date
    due: date  # the last day on which the act is still in time
    basis: str  # "第二十八条"
    citation: str  # "依据《威海市公共信用信息管理办法》第二十八条"


def step_deadline(
    profile: Profile,
    step: str,
    start: date,
    calendar: WorkingCalendar,
    *,
    assisted: bool = False,
) -> Deadline | None:
    """Due date of ``step`` started on ``start``; None when the profile defines no deadline.

    ``assisted=True`` on ``objection.check`` uses ``objection.check_assisted`` when the profile
    has it (Weihai 第二十八条: 7 WD when other units must help). The start day is not counted.
    """
    if step not in STEP_IDS:
        raise ValidationFailed("rules.unknown_step", step=step, known="、".join(STEP_IDS))
    key = Step(step)
    if assisted and key is Step.OBJECTION_CHECK and Step.OBJECTION_CHECK_ASSISTED in profile.steps:
        key = Step.OBJECTION_CHECK_ASSISTED
    rule = profile.steps.get(key)
    if rule is None:
        return None
    due = calendar.add_working_days(start, rule.working_days)
    return Deadline(
        step=key.value,
        working_days=rule.working_days,
        start=start,
        due=due,
        basis=rule.basis,
        citation=profile.cite(rule.basis),
    )
