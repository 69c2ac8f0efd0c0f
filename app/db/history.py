"""Every change to a credit record writes a full snapshot to ``credit_record_versions``.

The hook runs inside the flush, in the same transaction: a change cannot land without its
history row. Each change must say why (``ChangeInfo``): the center never edits a record on its
own initiative (Weihai art. 18), so an unexplained change is a bug and the flush fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from app.db.models.records import CreditRecord, CreditRecordVersion
from app.db.types import utcnow
from app.domain.enums import ChangeKind

SNAPSHOT_FIELDS = (
    "subject_id",
    "catalog_item_id",
    "provider_id",
    "document_number",
    "decision_date",
    "act_ended_on",
    "determined_on",
    "formed_on",
    "listed_on",
    "period_extended_on",
    "severity",
    "list_type",
    "penalty_class",
    "content",
    "status",
    "status_changed_on",
    "status_reason",
)


@dataclass(frozen=True)
class ChangeInfo:
    kind: ChangeKind
    reason: str | None = None
    source_ref: str | None = None
    user_id: int | None = None


def attach_change(record: CreditRecord, info: ChangeInfo) -> None:
    """Say why ``record`` is being created or changed before the session flushes."""
    record.__dict__["_pending_change"] = info


def snapshot_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot_of(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready snapshot of a record given as a field → value mapping."""
    return {name: snapshot_value(values.get(name)) for name in SNAPSHOT_FIELDS}


_PENDING_KEY = "creditdesk_record_changes"


@event.listens_for(Session, "before_flush")
def _collect_record_changes(session: Session, _ctx: Any, _instances: Any) -> None:
    pending: list[tuple[CreditRecord, ChangeInfo]] = session.info.setdefault(_PENDING_KEY, [])
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, CreditRecord):
            continue
        if obj not in session.new and not session.is_modified(obj, include_collections=False):
            continue
        info: ChangeInfo | None = obj.__dict__.pop("_pending_change", None)
        if info is None:
            raise RuntimeError(
                f"credit record {obj.id or '(new)'} changed without a ChangeInfo: every change "
                "needs a provider notice, objection or repair decision behind it"
            )
        pending.append((obj, info))


@event.listens_for(Session, "after_flush")
def _write_record_history(session: Session, _ctx: Any) -> None:
    pending: list[tuple[CreditRecord, ChangeInfo]] = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    now = utcnow()
    rows = [
        {
            "record_id": obj.id,
            "version_no": obj.row_version,  # 1 on insert, bumped by every UPDATE
            "change_kind": info.kind,
            "reason": info.reason,
            "source_ref": info.source_ref,
            "changed_by_user_id": info.user_id,
            "changed_at": now,
            "snapshot": snapshot_of({name: getattr(obj, name) for name in SNAPSHOT_FIELDS}),
        }
        for obj, info in pending
    ]
    session.connection().execute(insert(CreditRecordVersion), rows)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
