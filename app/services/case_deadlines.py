"""Due dates of open cases follow the calendar: when a year's schedule is imported or seeded,
every open case's due date is counted again from what it is counted from (``due_step`` and
``due_start``), in the same transaction as the calendar change.

The update is a plain ``UPDATE`` that leaves ``row_version`` alone: a clerk who has the case
open is not told that someone else processed it, because nobody did.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.models import CalendarDay, Objection, RepairApplication, WithdrawalRequest
from app.domain.caseflow import (
    OPEN_OBJECTION_STATES,
    OPEN_REPAIR_STATES,
    OPEN_WITHDRAWAL_STATES,
)
from app.domain.errors import CreditDeskError
from app.rules.calendar import CalendarEntry, WorkingCalendar
from app.rules.deadlines import step_deadline
from app.services import rules as rules_service  # module: rules imports calendar imports us
from app.services.settings import load_from_session


@dataclass(frozen=True)
class Recomputed:
    changed: int  # cases whose due date moved
    uncovered: int  # cases whose due date falls outside the calendar now (left as they were)


def calendar_in(session: Session) -> WorkingCalendar:
    """The calendar as this transaction sees it (including its own uncommitted changes)."""
    rows = session.execute(
        select(CalendarDay.day, CalendarDay.is_working_day, CalendarDay.source, CalendarDay.note)
    ).all()
    return WorkingCalendar(CalendarEntry(d, w, s, n or "") for d, w, s, n in rows)


def recompute_due_dates(session: Session, calendar: WorkingCalendar | None = None) -> Recomputed:
    settings = load_from_session(session)
    if not settings.jurisdiction_profile:
        return Recomputed(0, 0)
    profile = rules_service.get_profile(settings.jurisdiction_profile)
    calendar = calendar or calendar_in(session)
    changed = uncovered = 0
    sources = (
        (Objection, [st.value for st in OPEN_OBJECTION_STATES]),
        (RepairApplication, [st.value for st in OPEN_REPAIR_STATES]),
        (WithdrawalRequest, [st.value for st in OPEN_WITHDRAWAL_STATES]),
    )
    for model, open_states in sources:
        rows = session.execute(
            select(model.id, model.due_step, model.due_start, model.next_due_on).where(
                model.state.in_(open_states),
                model.due_step.is_not(None),
                model.due_start.is_not(None),
            )
        ).all()
        for case_id, due_step, due_start, current in rows:
            try:
                deadline = step_deadline(profile, due_step, due_start, calendar)
            except CreditDeskError:
                uncovered += 1
                continue
            due = deadline.due if deadline else None
            if due != current:
                session.execute(update(model).where(model.id == case_id).values(next_due_on=due))
                changed += 1
    return Recomputed(changed, uncovered)
