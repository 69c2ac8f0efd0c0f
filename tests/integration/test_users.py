"""User administration: never delete, reset forces a change, last admin kept, refusals per role."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.cli import main as cli
from app.db.models import AuditEvent
from app.domain.enums import Role
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    PermissionDenied,
    ValidationFailed,
)
from app.services import users
from app.services.auth import authenticate
from app.services.database import Database

NEW_PASSWORD = "Xinyonghu#2026"


def _create(db: Database, admin, username: str = "liu.chuang", **overrides):
    fields = dict(
        username=username,
        display_name="刘窗口",
        staff_no="C002",
        role=Role.CLERK,
        password=NEW_PASSWORD,
    )
    fields.update(overrides)
    return users.create_user(db, actor=admin, **fields)


def test_given_an_admin_when_creating_a_user_then_it_must_change_its_password(db, staff) -> None:
    row = _create(db, staff[Role.ADMIN])
    assert row.username == "liu.chuang" and row.role is Role.CLERK
    assert row.must_change_password and row.is_active
    assert authenticate(db, "liu.chuang", NEW_PASSWORD).must_change_password


def test_given_bad_fields_then_every_fault_is_named_at_once(db, staff) -> None:
    with pytest.raises(ValidationFailed) as err:
        _create(
            db,
            staff[Role.ADMIN],
            username="Clerk",
            display_name=" ",
            staff_no="C001",
            password="abc",
        )
    faults = err.value.field_errors
    assert faults["username"] == ["用户名“clerk”已被使用。"]
    assert faults["display_name"] == ["姓名不能为空。"]
    assert faults["staff_no"] == ["工号“C001”已被用户 clerk 使用。"]
    assert "长度不足 10 位" in faults["password"][0]


def test_usernames_follow_the_pattern(db, staff) -> None:
    with pytest.raises(ValidationFailed) as err:
        _create(db, staff[Role.ADMIN], username="张三")
    assert "用户名“张三”无效" in err.value.field_errors["username"][0]


def test_users_are_disabled_never_deleted_and_can_be_enabled_again(db, staff) -> None:
    admin = staff[Role.ADMIN]
    row = _create(db, admin)
    disabled = users.set_user_active(db, row.id, False, actor=admin)
    assert not disabled.is_active
    page = users.list_users(db, actor=admin)
    assert "liu.chuang" in [r.username for r in page.rows]
    active_only = users.list_users(db, actor=admin, include_disabled=False)
    assert "liu.chuang" not in [r.username for r in active_only.rows]
    assert users.set_user_active(db, row.id, True, actor=admin).is_active
    with db.uow() as uow:
        actions = list(uow.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert actions == ["user.created", "user.disabled", "user.enabled"]


def test_the_last_enabled_administrator_cannot_be_disabled_or_demoted(db, staff) -> None:
    admin = staff[Role.ADMIN]
    second = _create(db, admin, username="admin2", staff_no="A002", role=Role.ADMIN)
    with pytest.raises(CreditDeskError) as own:
        users.set_user_active(db, admin.user_id, False, actor=admin)
    assert own.value.msg_id == "user.self_disable"
    users.set_user_active(db, second.id, False, actor=admin)
    with pytest.raises(CreditDeskError) as last:
        users.change_role(db, admin.user_id, Role.CLERK, actor=admin)
    assert last.value.msg_id == "user.last_admin"
    assert "唯一启用的系统管理员" in last.value.text


def test_role_change_and_stale_versions(db, staff) -> None:
    admin = staff[Role.ADMIN]
    row = _create(db, admin)
    changed = users.change_role(
        db, row.id, Role.SUPERVISOR, actor=admin, expected_version=row.row_version
    )
    assert changed.role is Role.SUPERVISOR
    with pytest.raises(ConcurrencyConflict):
        users.reset_password(
            db, row.id, NEW_PASSWORD + "x", actor=admin, expected_version=row.row_version
        )


def test_keyset_pages_cover_every_user_once(db, staff) -> None:
    admin = staff[Role.ADMIN]
    for i in range(7):
        _create(db, admin, username=f"user{i:02d}", staff_no=f"X{i:03d}")
    seen, after, pages = [], None, 0
    while True:
        page = users.list_users(db, actor=admin, after=after, limit=3)
        if after is None:
            assert page.total_estimate == 11
        seen.extend(r.username for r in page.rows)
        pages += 1
        if page.next_key is None:
            break
        after = page.next_key
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 11
    assert pages == 4


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR, Role.AUDITOR])
def test_only_administrators_manage_users(db, staff, role: Role) -> None:
    actor = staff[role]
    target = staff[Role.CLERK].user_id
    calls = [
        lambda: users.list_users(db, actor=actor),
        lambda: users.get_user(db, target, actor=actor),
        lambda: users.find_user(db, "clerk", actor=actor),
        lambda: _create(db, actor),
        lambda: users.reset_password(db, target, NEW_PASSWORD, actor=actor),
        lambda: users.set_user_active(db, target, False, actor=actor),
        lambda: users.change_role(db, target, Role.ADMIN, actor=actor),
        lambda: users.unlock_user(db, target, actor=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as err:
            call()
        assert "无权执行“管理用户”" in err.value.text


# --- the CLI -----------------------------------------------------------------------------------


def _stdin(monkeypatch, text: str) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_cli_user_add_list_reset_disable(db, monkeypatch, capsys) -> None:
    url = db.url.render_as_string(hide_password=False)
    _stdin(monkeypatch, NEW_PASSWORD + "\n")
    assert (
        cli(
            [
                "user",
                "add",
                "zhou",
                "--name",
                "周受理",
                "--staff-no",
                "C009",
                "--role",
                "clerk",
                "--password-stdin",
                "--db",
                url,
                "--json",
            ]
        )
        == 0
    )
    added = json.loads(capsys.readouterr().out)
    assert added["username"] == "zhou" and added["must_change_password"]

    assert cli(["user", "list", "--db", url]) == 0
    assert "zhou\t周受理\tC009\t窗口受理员\t启用，须修改密码" in capsys.readouterr().out

    _stdin(monkeypatch, "Linshi#Mima99\n")
    assert cli(["user", "reset-password", "zhou", "--password-stdin", "--db", url]) == 0
    assert "已重置 zhou 的密码" in capsys.readouterr().out
    assert authenticate(db, "zhou", "Linshi#Mima99").must_change_password

    assert cli(["user", "disable", "zhou", "--db", url]) == 0
    assert cli(["user", "list", "--db", url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert listed[0]["is_active"] is False


def test_cli_refuses_a_weak_password_and_a_missing_terminal(db, monkeypatch, capsys) -> None:
    url = db.url.render_as_string(hide_password=False)
    _stdin(monkeypatch, "weak\n")
    assert (
        cli(
            [
                "user",
                "add",
                "zhou",
                "--name",
                "周",
                "--staff-no",
                "1",
                "--role",
                "admin",
                "--password-stdin",
                "--db",
                url,
            ]
        )
        == 1
    )
    assert "密码不符合要求" in capsys.readouterr().err
    _stdin(monkeypatch, "")
    assert (
        cli(
            [
                "user",
                "add",
                "zhou",
                "--name",
                "周",
                "--staff-no",
                "1",
                "--role",
                "admin",
                "--db",
                url,
            ]
        )
        == 1
    )
    assert "--password-stdin" in capsys.readouterr().err
