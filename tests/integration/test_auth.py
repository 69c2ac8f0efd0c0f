"""Signing in: argon2id, the strong-password rule, the five-strikes lockout, the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.db.models import AuditEvent, User
from app.domain.enums import Role
from app.domain.errors import ValidationFailed
from app.services import auth
from app.services.audit_trail import verify_audit_trail
from app.services.auth import (
    AccountDisabled,
    AccountLocked,
    AuthenticationFailed,
    authenticate,
    change_own_password,
    check_password_strength,
    unlock_session,
)
from app.services.database import Database
from app.services.users import reset_password, set_user_active

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


def _actions(db: Database) -> list[str]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _user(db: Database, username: str) -> User:
    with db.uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


# --- the password rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Abc1!", ["长度不足 10 位（当前 5 位）"]),
        ("abcdefghijk", ["只含 1 类字符，还需增加大写字母、数字、符号中的至少 2 类"]),
        ("abcdefgh12", ["只含 2 类字符，还需增加大写字母、符号中的至少 1 类"]),
        ("Xclerk-2026", ["不能包含用户名“clerk”"]),
    ],
)
def test_weak_passwords_are_refused_naming_what_is_missing(
    password: str, expected: list[str]
) -> None:
    check = check_password_strength(password, username="clerk")
    assert not check.ok
    assert list(check.problems) == expected


@pytest.mark.parametrize(
    "password", ["Chuangkou#2026", "chuangkou2026!", "CHUANGKOU2026!", "窗口受理Abc12345"]
)
def test_strong_passwords_pass(password: str) -> None:
    assert check_password_strength(password, username="clerk").ok


def test_production_hashes_are_argon2id_with_library_defaults() -> None:
    hashed = PasswordHasher().hash("Chuangkou#2026")
    assert hashed.startswith("$argon2id$")
    assert isinstance(auth.hash_password("Chuangkou#2026"), str)
    assert auth.hash_password("x").startswith("$argon2id$")


# --- logging in --------------------------------------------------------------------------------


def test_given_a_clerk_when_the_password_is_right_then_signed_in_and_audited(db, staff) -> None:
    signed = authenticate(db, "  CLERK ", staff.password, now=T0)

    assert signed.actor.username == "clerk"
    assert signed.actor.role is Role.CLERK
    assert signed.actor.display_name == "王窗口"
    assert not signed.must_change_password
    assert _user(db, "clerk").last_login_at == T0
    assert _actions(db) == ["auth.login_succeeded"]


def test_given_a_wrong_password_then_refused_without_saying_which_part_was_wrong(db, staff) -> None:
    with pytest.raises(AuthenticationFailed) as err:
        authenticate(db, "clerk", "Wrong#Password1", now=T0)
    assert err.value.text == "用户名或密码错误。"
    with pytest.raises(AuthenticationFailed) as unknown:
        authenticate(db, "nobody", "Wrong#Password1", now=T0)
    assert unknown.value.text == err.value.text
    assert _actions(db) == ["auth.login_failed", "auth.login_failed"]
    assert _user(db, "clerk").failed_logins == 1


def test_given_five_wrong_passwords_then_locked_for_fifteen_minutes_even_with_the_right_one(
    db, staff
) -> None:
    for minute in range(4):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "clerk", "Wrong#Password1", now=T0 + timedelta(minutes=minute))
    with pytest.raises(AccountLocked) as locked:
        authenticate(db, "clerk", "Wrong#Password1", now=T0 + timedelta(minutes=4))
    assert locked.value.until == T0 + timedelta(minutes=19)
    assert "09:19 后可再次登录" in locked.value.text

    # the right password during the lock is refused too
    with pytest.raises(AccountLocked):
        authenticate(db, "clerk", staff.password, now=T0 + timedelta(minutes=18, seconds=59))

    # after the 15 minutes it works again, and the counter starts afresh
    signed = authenticate(db, "clerk", staff.password, now=T0 + timedelta(minutes=19))
    assert signed.actor.username == "clerk"
    assert _user(db, "clerk").failed_logins == 0
    actions = _actions(db)
    assert actions.count("auth.account_locked") == 1
    assert actions[-1] == "auth.login_succeeded"
    assert actions.count("auth.login_failed") == 6  # five wrong, one during the lock


def test_given_an_expired_lock_then_a_new_wrong_password_counts_from_one(db, staff) -> None:
    for _ in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            authenticate(db, "clerk", "Wrong#Password1", now=T0)
    with pytest.raises(AuthenticationFailed):
        authenticate(db, "clerk", "Wrong#Password1", now=T0 + timedelta(minutes=16))
    assert _user(db, "clerk").failed_logins == 1
    assert _user(db, "clerk").locked_until is None


def test_given_a_disabled_account_then_the_right_password_is_refused(db, staff) -> None:
    set_user_active(db, staff[Role.CLERK].user_id, False, actor=staff[Role.ADMIN])
    with pytest.raises(AccountDisabled) as err:
        authenticate(db, "clerk", staff.password, now=T0)
    assert "已停用" in err.value.text


def test_given_an_admin_reset_then_the_user_must_change_the_password_at_next_login(
    db, staff
) -> None:
    reset_password(db, staff[Role.CLERK].user_id, "Linshi#Mima99", actor=staff[Role.ADMIN])
    signed = authenticate(db, "clerk", "Linshi#Mima99", now=T0)
    assert signed.must_change_password

    with pytest.raises(ValidationFailed) as weak:
        change_own_password(
            db, actor=signed.actor, old_password="Linshi#Mima99", new_password="short"
        )
    assert "new_password" in weak.value.field_errors
    with pytest.raises(ValidationFailed) as wrong_old:
        change_own_password(
            db, actor=signed.actor, old_password="nope", new_password="Xinmima#2026a"
        )
    assert wrong_old.value.field_errors == {"old_password": ["输入的当前密码不正确，密码未修改。"]}

    change_own_password(
        db, actor=signed.actor, old_password="Linshi#Mima99", new_password="Xinmima#2026a"
    )
    assert not authenticate(db, "clerk", "Xinmima#2026a", now=T0).must_change_password
    assert "user.password_changed" in _actions(db)


def test_a_reset_also_lifts_a_lockout(db, staff) -> None:
    for _ in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            authenticate(db, "clerk", "Wrong#Password1", now=T0)
    reset_password(db, staff[Role.CLERK].user_id, "Linshi#Mima99", actor=staff[Role.ADMIN])
    assert authenticate(db, "clerk", "Linshi#Mima99", now=T0 + timedelta(minutes=1))


# --- the idle lock's password check -----------------------------------------------------------


def test_unlock_needs_the_same_users_password_and_counts_failures(db, staff) -> None:
    clerk = staff[Role.CLERK]
    with pytest.raises(AuthenticationFailed) as err:
        unlock_session(db, actor=clerk, password="Wrong#Password1", now=T0)
    assert "还可尝试 4 次" in err.value.resolution

    unlock_session(db, actor=clerk, password=staff.password, now=T0)
    assert _actions(db)[-2:] == ["auth.session_unlock_failed", "auth.session_unlocked"]


def test_another_users_password_does_not_unlock_a_session(db, staff) -> None:
    # the supervisor knows their own password, not the clerk's
    with pytest.raises(AuthenticationFailed):
        unlock_session(db, actor=staff[Role.CLERK], password=staff.password + "x", now=T0)


def test_five_wrong_unlock_passwords_lock_the_account(db, staff) -> None:
    clerk = staff[Role.CLERK]
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            unlock_session(db, actor=clerk, password="Wrong#Password1", now=T0)
    with pytest.raises(AccountLocked):
        unlock_session(db, actor=clerk, password="Wrong#Password1", now=T0)
    with pytest.raises(AccountLocked):
        unlock_session(db, actor=clerk, password=staff.password, now=T0)


# --- the chain of audit events ------------------------------------------------------------------


def test_every_sign_in_event_is_in_an_intact_hash_chain(db, staff) -> None:
    authenticate(db, "clerk", staff.password, now=T0)
    with pytest.raises(AuthenticationFailed):
        authenticate(db, "clerk", "bad", now=T0)
    result = verify_audit_trail(db, actor=staff[Role.AUDITOR])
    assert result.ok
    assert result.entries_checked == 2
