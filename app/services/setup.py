"""First start: choose the jurisdiction profile, name the center, create the first administrator.

Allowed only while the database has no user at all (demo subjects may already exist: the setup
is about people and settings, not data). Everything is one transaction; a second wizard racing
the first finds a user and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.db.models import User
from app.domain.enums import Role
from app.domain.errors import CreditDeskError, ValidationFailed
from app.services.audit_trail import AuditAction, record_event
from app.services.clock import utc_now
from app.services.database import Database
from app.services.settings import (
    SettingKey,
    load_from_session,
    validate_settings,
    write_settings,
)
from app.services.users import add_user


@dataclass(frozen=True)
class SetupResult:
    username: str
    user_id: int
    profile_id: str
    center_name: str


def needs_setup(db: Database) -> bool:
    """True while no user account exists (public: the sign-in screen asks it first)."""
    with db.uow() as uow:
        return not uow.session.scalar(select(func.count()).select_from(User))


def complete_setup(
    db: Database,
    *,
    profile_id: str,
    center_name: str,
    username: str,
    display_name: str,
    staff_no: str,
    password: str,
    now: datetime | None = None,
) -> SetupResult:
    now = now or utc_now()
    errors: dict[str, list[str]] = {}
    cleaned = {}
    try:
        cleaned = validate_settings(
            {SettingKey.JURISDICTION_PROFILE: profile_id, SettingKey.CENTER_NAME: center_name}
        )
    except ValidationFailed as exc:
        errors.update(exc.field_errors)
    with db.uow() as uow:
        s = uow.session
        if s.scalar(select(func.count()).select_from(User)):
            raise CreditDeskError("setup.already_done")
        try:
            admin = add_user(
                s,
                username=username,
                display_name=display_name,
                staff_no=staff_no,
                role=Role.ADMIN,
                password=password,
                must_change_password=False,
            )
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
        if errors:
            raise ValidationFailed(field_errors=errors)
        write_settings(s, cleaned, actor_user_id=admin.id, current=load_from_session(s), now=now)
        record_event(
            s,
            action=AuditAction.SETUP_COMPLETED,
            entity_type="installation",
            entity_id=None,
            actor_user_id=admin.id,
            details={
                "administrator": admin.username,
                "profile": cleaned[SettingKey.JURISDICTION_PROFILE],
                "center_name": cleaned[SettingKey.CENTER_NAME],
            },
            now=now,
        )
        uow.commit()
        return SetupResult(
            admin.username,
            admin.id,
            cleaned[SettingKey.JURISDICTION_PROFILE],
            cleaned[SettingKey.CENTER_NAME],
        )
