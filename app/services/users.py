"""User administration: create, list, reset passwords, disable/enable, change roles.

Users are never deleted — the logs refer to them — only disabled. An administrator's reset
forces a password change at the next sign-in. The last enabled administrator cannot be
disabled or demoted. Every change is audited; rows carry a version for optimistic locking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import User
from app.domain.enums import Role
from app.domain.errors import ConcurrencyConflict, CreditDeskError, NotFound, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.audit_trail import AuditAction, record_event
from app.services.auth import (
    MIN_PASSWORD_LENGTH,
    USERNAME_PATTERN,
    check_password_strength,
    hash_password,
    normalize_username,
    require_strong_password,
)
from app.services.clock import utc_now
from app.services.database import Database
from app.services.queries import COUNT_LIMIT, DEFAULT_PAGE_SIZE, Page, PageKey, clamp_limit

DISPLAY_NAME_MAX = 100
STAFF_NO_MAX = 32


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    staff_no: str
    role: Role
    is_active: bool
    must_change_password: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    row_version: int

    @property
    def role_label(self) -> str:
        return self.role.label

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utc_now())


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        staff_no=user.staff_no,
        role=Role(user.role),
        is_active=user.is_active,
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
        row_version=user.row_version,
    )


# --- reading ---------------------------------------------------------------------------------


def list_users(
    db: Database,
    *,
    actor: Actor,
    after: PageKey | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    search: str = "",
    include_disabled: bool = True,
) -> Page[UserRow]:
    """One keyset page of users ordered by user name."""
    authz.require(actor, Permission.USERS_MANAGE)
    limit = clamp_limit(limit)
    conditions: list[ColumnElement[bool]] = []
    if search.strip():
        like = f"%{search.strip().lower()}%"
        conditions.append(
            or_(
                func.lower(User.username).like(like),
                User.display_name.like(f"%{search.strip()}%"),
                User.staff_no.like(like),
            )
        )
    if not include_disabled:
        conditions.append(User.is_active.is_(True))
    with db.uow() as uow:
        s = uow.session
        query = select(User).where(*conditions)
        if after is not None:
            query = query.where(User.username > str(after[0]))
        users = s.scalars(query.order_by(User.username).limit(limit + 1)).all()
        total = None
        if after is None:
            capped = select(User.id).where(*conditions).limit(COUNT_LIMIT).subquery()
            total = int(s.scalar(select(func.count()).select_from(capped)) or 0)
        rows = tuple(_row(u) for u in users[:limit])
        next_key = (rows[-1].username,) if len(users) > limit else None
        return Page(rows, next_key, total)


def find_user(db: Database, username: str, *, actor: Actor) -> UserRow:
    authz.require(actor, Permission.USERS_MANAGE)
    name = normalize_username(username)
    with db.uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == name))
        if user is None:
            raise NotFound(entity="用户", key=name)
        return _row(user)


def get_user(db: Database, user_id: int, *, actor: Actor) -> UserRow:
    authz.require(actor, Permission.USERS_MANAGE)
    with db.uow() as uow:
        return _row(_load(uow.session, user_id))


# --- changing --------------------------------------------------------------------------------


def create_user(
    db: Database,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    staff_no: str,
    role: Role,
    password: str,
    now: datetime | None = None,
) -> UserRow:
    """A new account with an initial password the user must change at first sign-in."""
    authz.require(actor, Permission.USERS_MANAGE)
    with db.uow() as uow:
        user = add_user(
            uow.session,
            username=username,
            display_name=display_name,
            staff_no=staff_no,
            role=role,
            password=password,
            must_change_password=True,
        )
        record_event(
            uow.session,
            action=AuditAction.USER_CREATED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=actor.user_id,
            details={"username": user.username, "role": user.role, "by": actor.username},
            now=now,
        )
        uow.commit()
        return _row(user)


def reset_password(
    db: Database,
    user_id: int,
    new_password: str,
    *,
    actor: Actor,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> UserRow:
    """Set a temporary password, clear any lockout, force a change at next sign-in."""
    authz.require(actor, Permission.USERS_MANAGE)
    with db.uow() as uow:
        user = _load(uow.session, user_id, expected_version)
        require_strong_password(new_password, username=user.username)
        user.password_hash = hash_password(new_password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        record_event(
            uow.session,
            action=AuditAction.PASSWORD_RESET,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=actor.user_id,
            details={"username": user.username, "by": actor.username},
            now=now,
        )
        uow.commit()
        return _row(user)


def set_user_active(
    db: Database,
    user_id: int,
    active: bool,
    *,
    actor: Actor,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> UserRow:
    """Disable (never delete) or re-enable an account."""
    authz.require(actor, Permission.USERS_MANAGE)
    with db.uow() as uow:
        s = uow.session
        user = _load(s, user_id, expected_version)
        if user.is_active == active:
            return _row(user)
        if not active:
            if actor.user_id == user.id:
                raise CreditDeskError("user.self_disable", username=user.username)
            _keep_one_admin(s, user)
        user.is_active = active
        record_event(
            s,
            action=AuditAction.USER_ENABLED if active else AuditAction.USER_DISABLED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=actor.user_id,
            details={"username": user.username, "by": actor.username},
            now=now,
        )
        uow.commit()
        return _row(user)


def change_role(
    db: Database,
    user_id: int,
    role: Role,
    *,
    actor: Actor,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> UserRow:
    authz.require(actor, Permission.USERS_MANAGE)
    role = Role(role)
    with db.uow() as uow:
        s = uow.session
        user = _load(s, user_id, expected_version)
        old = Role(user.role)
        if old == role:
            return _row(user)
        if old is Role.ADMIN:
            _keep_one_admin(s, user)
        user.role = role
        record_event(
            s,
            action=AuditAction.ROLE_CHANGED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=actor.user_id,
            details={"username": user.username, "from": old, "to": role, "by": actor.username},
            now=now,
        )
        uow.commit()
        return _row(user)


def unlock_user(
    db: Database,
    user_id: int,
    *,
    actor: Actor,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> UserRow:
    """Lift a lockout before its 15 minutes are over."""
    authz.require(actor, Permission.USERS_MANAGE)
    with db.uow() as uow:
        user = _load(uow.session, user_id, expected_version)
        user.locked_until = None
        user.failed_logins = 0
        record_event(
            uow.session,
            action=AuditAction.USER_UNLOCKED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=actor.user_id,
            details={"username": user.username, "by": actor.username},
            now=now,
        )
        uow.commit()
        return _row(user)


# --- shared with the setup wizard --------------------------------------------------------------


def add_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    staff_no: str,
    role: Role,
    password: str,
    must_change_password: bool,
) -> User:
    """Validate every field (all faults at once) and add the user to ``session``."""
    name = normalize_username(username)
    display_name = display_name.strip()
    staff_no = staff_no.strip()
    errors: dict[str, list[str]] = {}

    def fault(field: str, msg_id: str, **params: object) -> None:
        errors.setdefault(field, []).append(render(msg_id, params).text)

    if not USERNAME_PATTERN.fullmatch(name):
        fault("username", "user.username_invalid", username=username.strip())
    elif session.scalar(select(User.id).where(User.username == name)) is not None:
        fault("username", "user.username_taken", username=name)
    if not display_name:
        fault("display_name", "user.field_required", label="姓名")
    elif len(display_name) > DISPLAY_NAME_MAX:
        fault("display_name", "user.field_too_long", label="姓名", max=DISPLAY_NAME_MAX)
    if not staff_no:
        fault("staff_no", "user.field_required", label="工号")
    elif len(staff_no) > STAFF_NO_MAX:
        fault("staff_no", "user.field_too_long", label="工号", max=STAFF_NO_MAX)
    else:
        holder = session.scalar(select(User.username).where(User.staff_no == staff_no))
        if holder is not None:
            fault("staff_no", "user.staff_no_taken", staff_no=staff_no, holder=holder)
    check = check_password_strength(password, username=name)
    if not check.ok:
        fault("password", "password.weak", problems=check.summary, min_length=MIN_PASSWORD_LENGTH)
    if errors:
        raise ValidationFailed(field_errors=errors)
    user = User(
        username=name,
        display_name=display_name,
        staff_no=staff_no,
        role=Role(role),
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        is_active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    return user


def _load(session: Session, user_id: int, expected_version: int | None = None) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(entity="用户", key=str(user_id))
    if expected_version is not None and user.row_version != expected_version:
        raise ConcurrencyConflict(
            entity=f"用户 {user.username}", expected=expected_version, actual=user.row_version
        )
    return user


def _keep_one_admin(session: Session, user: User) -> None:
    """Refuse to remove the last enabled administrator (by disabling or demoting)."""
    if Role(user.role) is not Role.ADMIN or not user.is_active:
        return
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(and_(User.role == Role.ADMIN, User.is_active.is_(True), User.id != user.id))
    )
    if not others:
        raise CreditDeskError("user.last_admin", username=user.username)
