"""The audit trail: who did what, hash-chained (``app.services.hashchain``).

Services call ``record_event(uow.session, ...)`` inside their own unit of work, so the event
commits or rolls back with the change it describes. There is no update or delete path.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from app.db.models import AuditEvent
from app.db.types import utcnow
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.database import Database
from app.services.hashchain import (
    ChainSpec,
    ChainVerification,
    append_entry,
    normalized,
    verify_chain,
)

AUDIT_CHAIN = ChainSpec(
    AuditEvent,
    ("occurred_at", "actor_user_id", "action", "entity_type", "entity_id", "details"),
)


class AuditAction(StrEnum):
    LOGIN_SUCCEEDED = "auth.login_succeeded"
    LOGIN_FAILED = "auth.login_failed"
    ACCOUNT_LOCKED = "auth.account_locked"
    SESSION_UNLOCKED = "auth.session_unlocked"
    SESSION_UNLOCK_FAILED = "auth.session_unlock_failed"
    LOGGED_OUT = "auth.logged_out"
    PASSWORD_CHANGED = "user.password_changed"
    PASSWORD_RESET = "user.password_reset"
    USER_CREATED = "user.created"
    USER_DISABLED = "user.disabled"
    USER_ENABLED = "user.enabled"
    USER_UNLOCKED = "user.unlocked"
    ROLE_CHANGED = "user.role_changed"
    SETUP_COMPLETED = "setup.completed"
    SETTING_CHANGED = "settings.changed"


def record_event(
    session: Session,
    *,
    action: AuditAction | str,
    entity_type: str,
    entity_id: str | int | None = None,
    actor_user_id: int | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    entry: AuditEvent = append_entry(
        session,
        AUDIT_CHAIN,
        occurred_at=now or utcnow(),
        actor_user_id=actor_user_id,
        action=str(action),
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=normalized(details or {}),
    )
    return entry


def verify_audit_trail(db: Database, *, actor: Actor) -> ChainVerification:
    authz.require(actor, Permission.AUDIT_READ)
    with db.uow() as uow:
        return verify_chain(uow.session, AUDIT_CHAIN)
