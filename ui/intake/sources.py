"""What the intake screen reads, as frozen rows built on the worker thread.

Plain Python, no Qt: every function here runs inside a task on ``ui.tasks.TaskRunner``. The
provider and item lists come from the catalogue service (``app.services.catalog``), the
recent batches from ``app.services.intake.batches``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.caseflow import IntakeBatchState
from app.domain.permissions import Actor
from app.services import catalog, intake
from app.services.database import Database
from app.services.queries import Page

RECENT_BATCHES = 100


@dataclass(frozen=True)
class Choice:
    """A provider unit or a catalogue item, as a combo box lists it."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）" if self.name else self.code


@dataclass(frozen=True)
class BatchLine:
    """One row of 最近批次."""

    id: int
    received_on: date | None
    committed_at: datetime | None
    provider: str
    file_name: str
    rows_total: int
    rows_new: int
    rows_updated: int
    rows_rejected: int
    state: str
    state_label: str
    rows_late: int = 0
    due_on: date | None = None  # a received batch's deadline to be loaded (Zhangdian art. 19)


def providers(db: Database, actor: Actor) -> tuple[Choice, ...] | None:
    """The provider units, or ``None`` without a catalogue service (the code is typed)."""
    rows = catalog.list_providers(db, actor=actor)
    return tuple(
        Choice(str(r.code), str(getattr(r, "name", "") or ""))
        for r in rows
        if getattr(r, "is_active", True)  # intake refuses a provider no longer in use
    )


def items(db: Database, actor: Actor, provider_code: str) -> tuple[Choice, ...] | None:
    """The catalogue items a provider supplies, or ``None`` without a catalogue service."""
    if not provider_code:
        return None
    rows = catalog.list_items(db, actor=actor, provider_code=provider_code)
    return tuple(Choice(str(r.code), str(getattr(r, "name", "") or "")) for r in rows)


def _state_label(state: str) -> str:
    try:
        return IntakeBatchState(state).label
    except (ValueError, KeyError):
        return state


def _line(batch: intake.IntakeBatchRow) -> BatchLine:
    return BatchLine(
        id=batch.id,
        received_on=batch.received_on,
        committed_at=batch.committed_at,
        provider=batch.provider_name,
        file_name=batch.file_name or "",
        rows_total=batch.rows_total,
        rows_new=batch.rows_new,
        rows_updated=batch.rows_updated,
        rows_rejected=batch.rows_rejected,
        state=batch.state,
        state_label=_state_label(batch.state),
        rows_late=batch.rows_late,
        due_on=batch.next_due_on,
    )


def recent_batches(db: Database, actor: Actor, limit: int = RECENT_BATCHES) -> Page[BatchLine]:
    """The most recent batches, newest first, as one bounded page."""
    lines = tuple(_line(r) for r in intake.batches(db, actor=actor, limit=limit))
    return Page(lines, None, len(lines))
