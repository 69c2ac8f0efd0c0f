"""Signing in, passwords and the lockout rule.

* Passwords are hashed with argon2id (argon2-cffi) and must be strong: at least 10 characters,
  three of the four classes (upper case, lower case, digits, symbols), not containing the
  username. ``check_password_strength`` names exactly what is missing, in Chinese.
* Five wrong passwords in a row lock the account for 15 minutes. Every success, failure,
  lockout and session unlock writes a hash-chained audit event — in the same transaction as
  the counter it changes, committed even though the attempt itself fails.
* Time is a parameter (``now``) so the lockout is tested without sleeping.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import User
from app.domain.enums import Role
from app.domain.errors import CreditDeskError, NotFound, ValidationFailed
from app.domain.permissions import Actor
from app.services.audit_trail import AuditAction, record_event
from app.services.clock import format_local, utc_now
from app.services.database import Database

MIN_PASSWORD_LENGTH = 10
REQUIRED_CLASSES = 3
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_dummy_hash: str | None = None  # hashed lazily, once per hasher


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the argon2id parameters (tests use cheap ones); returns the previous hasher."""
    global _hasher, _dummy_hash
    previous, _hasher, _dummy_hash = _hasher, hasher, None
    return previous


def _timing_equaliser() -> str:
    """A real hash to verify against when the user name is unknown (same cost as a real try)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("timing equaliser for unknown user names")
    return _dummy_hash


# --- errors --------------------------------------------------------------------------------


class AuthenticationFailed(CreditDeskError):
    """Wrong user name or password (which of the two is not said)."""


class AccountLocked(CreditDeskError):
    def __init__(self, *, username: str, until: datetime) -> None:
        self.until = until
        super().__init__(
            "auth.locked",
            username=username,
            limit=MAX_FAILED_LOGINS,
            until=format_local(until, "%H:%M"),
        )


class AccountDisabled(CreditDeskError):
    pass


# --- passwords -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordCheck:
    ok: bool
    problems: tuple[str, ...]

    @property
    def summary(self) -> str:
        return "；".join(self.problems)


_CLASSES: tuple[tuple[str, str], ...] = (
    ("大写字母", string.ascii_uppercase),
    ("小写字母", string.ascii_lowercase),
    ("数字", string.digits),
)


def _classes_present(password: str) -> dict[str, bool]:
    present = {name: any(c in chars for c in password) for name, chars in _CLASSES}
    present["符号"] = any(
        not c.isspace() and not any(c in chars for _, chars in _CLASSES) for c in password
    )
    return present


def check_password_strength(password: str, *, username: str = "") -> PasswordCheck:
    """Pure check, usable live while typing. Problems are Chinese phrases naming the fault."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"长度不足 {MIN_PASSWORD_LENGTH} 位（当前 {len(password)} 位）")
    present = _classes_present(password)
    count = sum(present.values())
    if count < REQUIRED_CLASSES:
        missing = "、".join(name for name, ok in present.items() if not ok)
        problems.append(
            f"只含 {count} 类字符，还需增加{missing}中的至少 {REQUIRED_CLASSES - count} 类"
        )
    name = username.strip().lower()
    if name and len(name) >= 3 and name in password.lower():
        problems.append(f"不能包含用户名“{username.strip()}”")
    return PasswordCheck(not problems, tuple(problems))


def require_strong_password(password: str, *, username: str, field: str = "password") -> None:
    check = check_password_strength(password, username=username)
    if not check.ok:
        error = ValidationFailed(
            "password.weak", problems=check.summary, min_length=MIN_PASSWORD_LENGTH
        )
        error.field_errors = {field: [error.text]}
        raise error


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- signing in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    must_change_password: bool
    previous_login_at: datetime | None


def normalize_username(username: str) -> str:
    return username.strip().lower()


def authenticate(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> SignedIn:
    """Check the password; count failures; lock after five. Raises ``AuthenticationFailed``,
    ``AccountLocked`` or ``AccountDisabled``; every outcome is audited."""
    now = now or utc_now()
    name = normalize_username(username)
    failure: CreditDeskError | None = None
    with db.uow() as uow:
        s = uow.session
        user = s.scalar(select(User).where(User.username == name)) if name else None
        if user is None:
            verify_password(_timing_equaliser(), password)  # same cost as a real attempt
            record_event(
                s,
                action=AuditAction.LOGIN_FAILED,
                entity_type="user",
                entity_id=name[:64] or "-",
                details={"username": name[:64], "reason": "unknown_user"},
                now=now,
            )
            uow.commit()
            raise _failed()
        if user.locked_until is not None and user.locked_until > now:
            record_event(
                s,
                action=AuditAction.LOGIN_FAILED,
                entity_type="user",
                entity_id=user.id,
                actor_user_id=user.id,
                details={"username": name, "reason": "locked"},
                now=now,
            )
            uow.commit()
            raise AccountLocked(username=name, until=user.locked_until)
        if not verify_password(user.password_hash, password):
            failure = _count_failure(s, user, now, action=AuditAction.LOGIN_FAILED)
            uow.commit()
            raise failure
        if not user.is_active:
            record_event(
                s,
                action=AuditAction.LOGIN_FAILED,
                entity_type="user",
                entity_id=user.id,
                actor_user_id=user.id,
                details={"username": name, "reason": "disabled"},
                now=now,
            )
            uow.commit()
            raise AccountDisabled("auth.disabled", username=name)
        previous = user.last_login_at
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        record_event(
            s,
            action=AuditAction.LOGIN_SUCCEEDED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=user.id,
            details={"username": name},
            now=now,
        )
        uow.commit()
        return SignedIn(
            actor=actor_of(user),
            must_change_password=user.must_change_password,
            previous_login_at=previous,
        )


def unlock_session(
    db: Database, *, actor: Actor, password: str, now: datetime | None = None
) -> None:
    """The idle-locked session asks the *same* user's password again. Wrong passwords count
    towards the lockout like failed logins; a disabled or locked account cannot unlock."""
    now = now or utc_now()
    with db.uow() as uow:
        s = uow.session
        user = _user_of(s, actor)
        if user.locked_until is not None and user.locked_until > now:
            uow.commit()
            raise AccountLocked(username=user.username, until=user.locked_until)
        if not verify_password(user.password_hash, password):
            failure = _count_failure(
                s, user, now, action=AuditAction.SESSION_UNLOCK_FAILED, unlocking=True
            )
            uow.commit()
            raise failure
        if not user.is_active:
            raise AccountDisabled("auth.disabled", username=user.username)
        user.failed_logins = 0
        record_event(
            s,
            action=AuditAction.SESSION_UNLOCKED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=user.id,
            details={"username": user.username},
            now=now,
        )
        uow.commit()


def record_logout(db: Database, *, actor: Actor, now: datetime | None = None) -> None:
    with db.uow() as uow:
        record_event(
            uow.session,
            action=AuditAction.LOGGED_OUT,
            entity_type="user",
            entity_id=actor.user_id,
            actor_user_id=actor.user_id,
            details={"username": actor.username},
            now=now,
        )
        uow.commit()


def change_own_password(
    db: Database,
    *,
    actor: Actor,
    old_password: str,
    new_password: str,
    now: datetime | None = None,
) -> None:
    """Any signed-in user changes their own password (required after an administrator reset)."""
    now = now or utc_now()
    with db.uow() as uow:
        s = uow.session
        user = _user_of(s, actor)
        require_strong_password(new_password, username=user.username, field="new_password")
        if not verify_password(user.password_hash, old_password):
            error = ValidationFailed("auth.old_password_wrong")
            error.field_errors = {"old_password": [error.text]}
            raise error
        if verify_password(user.password_hash, new_password):
            error = ValidationFailed("password.same_as_old")
            error.field_errors = {"new_password": [error.text]}
            raise error
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        record_event(
            s,
            action=AuditAction.PASSWORD_CHANGED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=user.id,
            details={"username": user.username},
            now=now,
        )
        uow.commit()


# --- helpers ---------------------------------------------------------------------------------


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        display_name=user.display_name,
    )


def _user_of(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise NotFound(entity="用户", key=actor.username)
    return user


def _failed() -> AuthenticationFailed:
    return AuthenticationFailed(
        "auth.failed", limit=MAX_FAILED_LOGINS, minutes=int(LOCKOUT.total_seconds() // 60)
    )


def _count_failure(
    session: Session, user: User, now: datetime, *, action: AuditAction, unlocking: bool = False
) -> CreditDeskError:
    if user.locked_until is not None and user.locked_until <= now:
        user.locked_until = None  # an expired lock starts a fresh count
        user.failed_logins = 0
    user.failed_logins += 1
    attempts = user.failed_logins
    record_event(
        session,
        action=action,
        entity_type="user",
        entity_id=user.id,
        actor_user_id=user.id,
        details={"username": user.username, "reason": "wrong_password", "attempt": attempts},
        now=now,
    )
    if attempts >= MAX_FAILED_LOGINS:
        user.locked_until = now + LOCKOUT
        user.failed_logins = 0
        record_event(
            session,
            action=AuditAction.ACCOUNT_LOCKED,
            entity_type="user",
            entity_id=user.id,
            actor_user_id=user.id,
            details={
                "username": user.username,
                "failed_attempts": attempts,
                "locked_until": user.locked_until,
            },
            now=now,
        )
        return AccountLocked(username=user.username, until=user.locked_until)
    if unlocking:
        return AuthenticationFailed(
            "auth.unlock_failed",
            remaining=MAX_FAILED_LOGINS - attempts,
            limit=MAX_FAILED_LOGINS,
            minutes=int(LOCKOUT.total_seconds() // 60),
        )
    return _failed()


USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
