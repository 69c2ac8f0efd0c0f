"""The work queue (工作台): every open case the signed-in user may see, most urgent first.

Sources: objections, repair applications and good-information withdrawal requests in an open
state (``app.domain.caseflow``) and intake batches returned to their provider. Each row carries
its next step, its due date, the working days left (the official calendar of
``app.services.calendar``) and a red/yellow/green light by the installation's thresholds.

Paging is keyset on ``(due date NULLS LAST, kind, id)``: each source is read with its own
index-friendly keyset query (``next_due_on`` is indexed), ``limit + 1`` rows each, and the
sources are merged — so the millionth row costs what the first did and nothing is loaded until
the view asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from app.db.models import (
    IntakeBatch,
    Objection,
    ProviderUnit,
    RepairApplication,
    User,
    WithdrawalRequest,
)
from app.domain.caseflow import (
    OPEN_STATES,
    STATE_ENUMS,
    CaseKind,
    DueLight,
    IntakeBatchState,
    LightThresholds,
    RepairState,
    due_light,
    state_label,
    step_label,
)
from app.domain.errors import DeadlineOutsideCalendar, NotFound, ValidationFailed
from app.domain.permissions import Actor, Permission
from app.rules.calendar import WorkingCalendar
from app.rules.profiles import Step
from app.services import authz
from app.services import calendar as calendar_service
from app.services import rules as rules_service
from app.services.clock import local_today
from app.services.database import Database
from app.services.queries import DEFAULT_PAGE_SIZE, Page, PageKey, clamp_limit
from app.services.settings import load_from_session

KIND_RANK = {
    CaseKind.OBJECTION: 0,
    CaseKind.REPAIR: 1,
    CaseKind.INTAKE: 2,
    CaseKind.WITHDRAWAL: 3,
}
KIND_PERMISSION = {
    CaseKind.OBJECTION: Permission.CASES_READ,
    CaseKind.REPAIR: Permission.CASES_READ,
    CaseKind.INTAKE: Permission.INTAKE_READ,
    CaseKind.WITHDRAWAL: Permission.WITHDRAWAL_HANDLE,
}

# States only a supervisor acts on (待主管审批): they fill the supervisors' queue.
DECISION_STATES: dict[CaseKind, frozenset[str]] = {
    CaseKind.REPAIR: frozenset({RepairState.PREREVIEWED.value}),
}

# assignee filter values (besides a user id)
MINE_OR_UNASSIGNED = "mine_or_unassigned"
MINE = "mine"
UNASSIGNED = "unassigned"
EVERYONE = "all"


@dataclass(frozen=True)
class WorkQueueFilter:
    kind: CaseKind | None = None
    state: str | None = None  # one open state of ``kind`` (requires ``kind``)
    assignee: str | int = MINE_OR_UNASSIGNED


@dataclass(frozen=True)
class WorkItem:
    kind: CaseKind
    id: int
    case_no: str
    party: str  # applicant, or the provider unit of a returned batch
    state: str
    state_label: str
    next_step: str | None
    next_step_label: str
    due_on: date | None
    working_days_left: int | None
    light: DueLight
    calendar_gap: str | None  # why the working days cannot be counted (calendar not loaded)
    assignee_user_id: int | None
    assignee_name: str
    received_on: date

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind.value, self.id)


@dataclass(frozen=True)
class StateCount:
    kind: CaseKind
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class DashboardSummary:
    today: date
    counts: tuple[StateCount, ...]
    lights: tuple[tuple[DueLight, int], ...]
    coverage_warning: str | None
    thresholds: LightThresholds
    visible_kinds: tuple[CaseKind, ...]
    # For administrators: the chosen regulation is outside its validity today.
    profile_warning: str | None = None
    # For those who take in data: rows providers sent after their deadline lately.
    intake_late_warning: str | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(
            w for w in (self.coverage_warning, self.profile_warning, self.intake_late_warning) if w
        )

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)

    def light_count(self, light: DueLight) -> int:
        return dict(self.lights).get(light, 0)


@dataclass(frozen=True)
class AssigneeOption:
    user_id: int
    display_name: str
    username: str
    is_active: bool


# --- sources ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    kind: CaseKind
    model: Any
    due: Any  # the due-date column, or None (no due date for this kind)
    assignee: Any
    columns: Callable[[], Sequence[Any]]
    joins: Callable[[Any], Any]
    build: Callable[[Any], dict[str, Any]]


def _case_columns(model: Any) -> Callable[[], Sequence[Any]]:
    return lambda: (
        model.id,
        model.case_no,
        model.applicant_name,
        model.state,
        model.next_step,
        model.next_due_on,
        model.assignee_user_id,
        model.received_on,
    )


def _case_build(row: Any) -> dict[str, Any]:
    return {
        "id": row[0],
        "case_no": row[1],
        "party": row[2],
        "state": row[3],
        "next_step": row[4],
        "due_on": row[5],
        "assignee_user_id": row[6],
        "received_on": row[7],
    }


def _intake_build(row: Any) -> dict[str, Any]:
    label = f"归集批次 {row[0]}"
    returned = row[2] == IntakeBatchState.RETURNED.value
    return {
        "id": row[0],
        "case_no": label,
        "party": row[1] or "",
        "state": row[2],
        # received: the center's step (Zhangdian 第十九条) with its due date; returned: the
        # provider's turn, no deadline of ours
        "next_step": "intake.resubmit" if returned else (row[5] or "intake.integrate"),
        "due_on": None if returned else row[6],
        "assignee_user_id": row[3],
        "received_on": row[4],
    }


SOURCES: dict[CaseKind, _Source] = {
    CaseKind.OBJECTION: _Source(
        CaseKind.OBJECTION,
        Objection,
        Objection.next_due_on,
        Objection.assignee_user_id,
        _case_columns(Objection),
        lambda q: q,
        _case_build,
    ),
    CaseKind.REPAIR: _Source(
        CaseKind.REPAIR,
        RepairApplication,
        RepairApplication.next_due_on,
        RepairApplication.assignee_user_id,
        _case_columns(RepairApplication),
        lambda q: q,
        _case_build,
    ),
    CaseKind.INTAKE: _Source(
        CaseKind.INTAKE,
        IntakeBatch,
        IntakeBatch.next_due_on,
        IntakeBatch.created_by_user_id,
        lambda: (
            IntakeBatch.id,
            ProviderUnit.name,
            IntakeBatch.state,
            IntakeBatch.created_by_user_id,
            IntakeBatch.received_on,
            IntakeBatch.due_step,
            IntakeBatch.next_due_on,
        ),
        lambda q: q.join(ProviderUnit, ProviderUnit.id == IntakeBatch.provider_id),
        _intake_build,
    ),
    CaseKind.WITHDRAWAL: _Source(
        CaseKind.WITHDRAWAL,
        WithdrawalRequest,
        WithdrawalRequest.next_due_on,
        WithdrawalRequest.assignee_user_id,
        _case_columns(WithdrawalRequest),
        lambda q: q,
        _case_build,
    ),
}


def visible_kinds(actor: Actor) -> tuple[CaseKind, ...]:
    return tuple(k for k in CaseKind if actor.may(KIND_PERMISSION[k]))


def _kinds_for(actor: Actor, flt: WorkQueueFilter) -> tuple[CaseKind, ...]:
    if flt.kind is not None:
        authz.require(actor, KIND_PERMISSION[CaseKind(flt.kind)])
        return (CaseKind(flt.kind),)
    return visible_kinds(actor)


def _conditions(
    source: _Source, flt: WorkQueueFilter, actor: Actor, *, with_state: bool = True
) -> list[ColumnElement[bool]]:
    open_states = sorted(s.value for s in OPEN_STATES[source.kind])
    conditions: list[ColumnElement[bool]] = []
    if with_state and flt.state:
        if flt.state not in open_states:
            raise ValidationFailed(
                "dashboard.state_unknown", state=flt.state, kind=source.kind.label
            )
        conditions.append(source.model.state == flt.state)
    else:
        conditions.append(source.model.state.in_(open_states))
    decision_states = DECISION_STATES.get(source.kind)
    if decision_states and not actor.may(Permission.REPAIR_DECIDE):
        # the supervisors' queue: a clerk does not see repairs waiting for a decision
        conditions.append(source.model.state.notin_(sorted(decision_states)))
    me = actor.user_id
    assignee = flt.assignee
    if assignee == MINE_OR_UNASSIGNED:
        conditions.append(
            or_(source.assignee.is_(None), source.assignee == me)
            if me is not None
            else source.assignee.is_(None)
        )
    elif assignee == MINE:
        conditions.append(source.assignee == me if me is not None else false())
    elif assignee == UNASSIGNED:
        conditions.append(source.assignee.is_(None))
    elif assignee != EVERYONE:
        conditions.append(source.assignee == int(assignee))
    return conditions


def _after(source: _Source, key: PageKey | None) -> ColumnElement[bool]:
    """Rows strictly after ``key = (due_is_null, due, kind_rank, id)`` in queue order."""
    if key is None:
        return true()
    k_null, k_due, k_rank, k_id = key
    rank = KIND_RANK[source.kind]
    if rank > k_rank:
        same_due: ColumnElement[bool] = true()
    elif rank == k_rank:
        same_due = source.model.id > k_id
    else:
        same_due = false()
    if source.due is None:  # every row of this source sorts in the NULL group
        return true() if not k_null else same_due
    if not k_null:
        return or_(source.due > k_due, and_(source.due == k_due, same_due), source.due.is_(None))
    return and_(source.due.is_(None), same_due)


def _sort_key(item: WorkItem) -> tuple[int, date, int, int]:
    return (
        1 if item.due_on is None else 0,
        item.due_on or date.min,
        KIND_RANK[item.kind],
        item.id,
    )


def _page_key(item: WorkItem) -> PageKey:
    return (item.due_on is None, item.due_on, KIND_RANK[item.kind], item.id)


# --- reading ---------------------------------------------------------------------------------


def list_work_queue(
    db: Database,
    *,
    actor: Actor,
    flt: WorkQueueFilter | None = None,
    after: PageKey | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    today: date | None = None,
) -> Page[WorkItem]:
    """One page of the queue, most urgent first (due date, then kind, then id)."""
    authz.require(actor, Permission.NAV_DASHBOARD)
    flt = flt or WorkQueueFilter()
    limit = clamp_limit(limit)
    today = today or local_today()
    kinds = _kinds_for(actor, flt)
    if flt.state and flt.kind is None:
        raise ValidationFailed("dashboard.state_unknown", state=flt.state, kind="全部类型")
    with db.uow() as uow:
        s = uow.session
        raw: list[tuple[CaseKind, dict[str, Any]]] = []
        for kind in kinds:
            source = SOURCES[kind]
            query = source.joins(select(*source.columns()))
            query = query.where(*_conditions(source, flt, actor), _after(source, after))
            order = [source.model.id]
            if source.due is not None:
                order.insert(0, source.due.asc().nulls_last())
            for row in s.execute(query.order_by(*order).limit(limit + 1)):
                raw.append((kind, source.build(row)))
        thresholds = load_from_session(s).thresholds
        names = _names(s, {r["assignee_user_id"] for _, r in raw if r["assignee_user_id"]})
    calendar = _calendar(db) if any(r["due_on"] for _, r in raw) else None
    items = sorted(
        (_item(kind, r, names, calendar, today, thresholds) for kind, r in raw), key=_sort_key
    )
    page = tuple(items[:limit])
    next_key = _page_key(page[-1]) if len(items) > limit and page else None
    return Page(page, next_key)


def dashboard_summary(
    db: Database,
    *,
    actor: Actor,
    flt: WorkQueueFilter | None = None,
    today: date | None = None,
) -> DashboardSummary:
    """Counts per state (kind and assignee filters applied) and per light (all filters),
    plus the calendar-coverage warning."""
    authz.require(actor, Permission.NAV_DASHBOARD)
    flt = flt or WorkQueueFilter()
    today = today or local_today()
    kinds = _kinds_for(actor, flt)
    calendar = _calendar(db)
    try:
        warning = calendar_service.coverage_warning(db, today=today)
    except DeadlineOutsideCalendar as exc:
        warning = exc.text
    with db.uow() as uow:
        s = uow.session
        thresholds = load_from_session(s).thresholds
        counts: list[StateCount] = []
        lights = dict.fromkeys(DueLight, 0)
        for kind in kinds:
            source = SOURCES[kind]
            grouped = dict(
                s.execute(
                    source.joins(select(source.model.state, func.count()).select_from(source.model))
                    .where(*_conditions(source, flt, actor, with_state=False))
                    .group_by(source.model.state)
                ).all()
            )
            for state in STATE_ENUMS[kind]:
                if state in OPEN_STATES[kind]:
                    counts.append(
                        StateCount(kind, state.value, state.label, int(grouped.get(state.value, 0)))
                    )
            _count_lights(s, source, flt, actor, calendar, today, thresholds, lights)
    return DashboardSummary(
        today=today,
        counts=tuple(counts),
        lights=tuple(lights.items()),
        coverage_warning=warning,
        thresholds=thresholds,
        visible_kinds=kinds,
        profile_warning=(
            rules_service.profile_warning(db, today=today)
            if actor.may(Permission.PROFILE_MANAGE)
            else None
        ),
        intake_late_warning=(
            _intake_late_warning(db, today) if CaseKind.INTAKE in visible_kinds(actor) else None
        ),
    )


LATE_WINDOW_DAYS = 30


def _intake_late_warning(db: Database, today: date) -> str | None:
    """Zhangdian 第十一条: providers report within 7 WD of the information forming. Rows that
    came later in the last 30 days, per provider (the batches count them at intake)."""
    profile_id = rules_service.current_profile_id(db)
    if not profile_id:
        return None
    profile = rules_service.get_profile(profile_id)
    rule = profile.steps.get(Step.INTAKE_PROVIDER_REPORT)
    if rule is None:
        return None
    with db.uow() as uow:
        rows = uow.session.execute(
            select(ProviderUnit.name, func.sum(IntakeBatch.rows_late))
            .join(ProviderUnit, ProviderUnit.id == IntakeBatch.provider_id)
            .where(
                IntakeBatch.received_on >= today - timedelta(days=LATE_WINDOW_DAYS),
                IntakeBatch.rows_late > 0,
            )
            .group_by(ProviderUnit.name)
            .order_by(func.sum(IntakeBatch.rows_late).desc(), ProviderUnit.name)
        ).all()
    if not rows:
        return None
    total = sum(int(n) for _name, n in rows)
    shown = "、".join(f"{name} {int(n)} 条" for name, n in rows[:5])
    more = f"等 {len(rows)} 个单位" if len(rows) > 5 else ""
    return (
        f"近{LATE_WINDOW_DAYS}日提供单位逾期报送 {total} 条（{shown}{more}）；"
        f"应在信息形成之日起{rule.working_days}个工作日内报送（{profile.cite(rule.basis)}）。"
    )


def find_case(db: Database, case_no: str, *, actor: Actor, today: date | None = None) -> WorkItem:
    """A case by its number (typed or scanned at the dashboard), open or not."""
    authz.require(actor, Permission.NAV_DASHBOARD)
    number = "".join(case_no.split()).upper()
    today = today or local_today()
    with db.uow() as uow:
        s = uow.session
        for kind in visible_kinds(actor):
            source = SOURCES[kind]
            if kind is CaseKind.INTAKE:
                continue  # batches have no case number
            row = s.execute(
                source.joins(select(*source.columns())).where(source.model.case_no == number)
            ).first()
            if row is not None:
                found = source.build(row)
                names = _names(s, {found["assignee_user_id"]} - {None})
                thresholds = load_from_session(s).thresholds
                break
        else:
            raise NotFound(entity="案件", key=number)
    calendar = _calendar(db) if found["due_on"] else None
    return _item(kind, found, names, calendar, today, thresholds)


def list_assignees(db: Database, *, actor: Actor) -> tuple[AssigneeOption, ...]:
    """Names for the assignee filter (no personal data beyond the staff member's name)."""
    authz.require(actor, Permission.NAV_DASHBOARD)
    with db.uow() as uow:
        rows = uow.session.execute(
            select(User.id, User.display_name, User.username, User.is_active).order_by(
                User.is_active.desc(), User.display_name, User.id
            )
        ).all()
    return tuple(AssigneeOption(r[0], r[1], r[2], bool(r[3])) for r in rows)


# --- helpers ---------------------------------------------------------------------------------


def _calendar(db: Database) -> WorkingCalendar:
    return calendar_service.load_calendar(db)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _item(
    kind: CaseKind,
    r: dict[str, Any],
    names: dict[int, str],
    calendar: WorkingCalendar | None,
    today: date,
    thresholds: LightThresholds,
) -> WorkItem:
    due: date | None = r["due_on"]
    left: int | None = None
    gap: str | None = None
    if due is not None and calendar is not None:
        try:
            # what calendar_service.working_days_until computes, on the calendar loaded once
            left = calendar.working_days_between(today, due)
        except DeadlineOutsideCalendar as exc:
            gap = exc.text
    assignee = r["assignee_user_id"]
    return WorkItem(
        kind=kind,
        id=r["id"],
        case_no=r["case_no"],
        party=r["party"],
        state=r["state"],
        state_label=state_label(kind, r["state"]),
        next_step=r["next_step"],
        next_step_label=step_label(r["next_step"]),
        due_on=due,
        working_days_left=left,
        light=due_light(left, thresholds),
        calendar_gap=gap,
        assignee_user_id=assignee,
        assignee_name=names.get(assignee, "") if assignee else "",
        received_on=r["received_on"],
    )


def _count_lights(
    s: Session,
    source: _Source,
    flt: WorkQueueFilter,
    actor: Actor,
    calendar: WorkingCalendar,
    today: date,
    thresholds: LightThresholds,
    lights: dict[DueLight, int],
) -> None:
    """Count by date boundaries instead of row by row: working days left are monotonic in the
    due date, so red ⇔ due < the ``red_below``-th working day after today, and yellow ⇔ due <
    the ``(yellow_within + 1)``-th working day after today."""
    base = source.joins(select(func.count()).select_from(source.model)).where(
        *_conditions(source, flt, actor)
    )
    if source.due is None:
        lights[DueLight.NONE] += int(s.scalar(base) or 0)
        return
    if today.year not in calendar.covered_years():
        lights[DueLight.NONE] += int(s.scalar(base) or 0)
        return
    covered_until = _covered_until(calendar, today)

    def boundary(n: int) -> date:
        # the n-th working day after today; past the calendar's end every covered date is
        # closer than n working days, so the boundary lies beyond the last covered day
        try:
            return calendar.add_working_days(today, n)
        except DeadlineOutsideCalendar:
            return covered_until + timedelta(days=1)

    red_before = boundary(thresholds.red_below)
    yellow_before = boundary(thresholds.yellow_within + 1)
    due = source.due
    # a due date in a year the calendar does not cover has no light (as in the list)
    lights[DueLight.NONE] += int(s.scalar(base.where(or_(due.is_(None), due > covered_until))) or 0)
    lights[DueLight.RED] += int(s.scalar(base.where(due < red_before)) or 0)
    lights[DueLight.YELLOW] += int(
        s.scalar(base.where(due >= red_before, due < yellow_before)) or 0
    )
    lights[DueLight.GREEN] += int(
        s.scalar(base.where(due >= yellow_before, due <= covered_until)) or 0
    )


def _covered_until(calendar: WorkingCalendar, today: date) -> date:
    """The last day of the unbroken run of covered years starting with today's year."""
    covered = set(calendar.covered_years())
    year = today.year
    while year + 1 in covered:
        year += 1
    return date(year, 12, 31)
