"""``creditdesk user …``: user accounts from the command line (same services as 系统管理).

The local operator with direct database access acts with administrator rights, as for the
other maintenance commands; every change is audited like one made in the GUI. Passwords are
typed twice at a terminal, or read from standard input with ``--password-stdin``; never as an
argument (it would end up in the shell history).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from app.cli import EXTRA_COMMANDS, emit, open_database
from app.domain.enums import Role
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor
from app.services.clock import format_local


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", help="用户账户管理", parents=[common])
    user_sub = user.add_subparsers(title="子命令", metavar="ACTION")

    p = user_sub.add_parser("add", help="新建用户（首次登录须修改密码）", parents=[common])
    p.add_argument("username", help="用户名：3–32 位小写字母、数字、点、下划线或连字符")
    p.add_argument("--name", required=True, help="姓名")
    p.add_argument("--staff-no", required=True, help="工号")
    p.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help="角色：clerk 窗口受理员，supervisor 审核主管，admin 系统管理员，auditor 审计员",
    )
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取初始密码")
    p.set_defaults(handler=_add)

    p = user_sub.add_parser("list", help="列出用户", parents=[common])
    p.add_argument("--active", action="store_true", help="只列出启用的账户")
    p.set_defaults(handler=_list)

    p = user_sub.add_parser(
        "reset-password", help="重置密码（下次登录须修改），同时解除锁定", parents=[common]
    )
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取临时密码")
    p.set_defaults(handler=_reset_password)

    p = user_sub.add_parser("disable", help="停用账户（账户永不删除）", parents=[common])
    p.add_argument("username")
    p.set_defaults(handler=_disable)

    p = user_sub.add_parser("enable", help="重新启用账户", parents=[common])
    p.add_argument("username")
    p.set_defaults(handler=_enable)


def _password(args: argparse.Namespace, prompt: str) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CreditDeskError("user.password_input")
    first = getpass.getpass(f"{prompt}：")
    if getpass.getpass("再次输入：") != first:
        raise CreditDeskError("user.password_mismatch")
    return first


def _as_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "username": row.username,
        "display_name": row.display_name,
        "staff_no": row.staff_no,
        "role": row.role.value,
        "role_label": row.role.label,
        "is_active": row.is_active,
        "must_change_password": row.must_change_password,
        "locked_until": row.locked_until.isoformat() if row.is_locked() else None,
        "last_login_at": row.last_login_at.isoformat() if row.last_login_at else None,
    }


def _add(args: argparse.Namespace) -> int:
    from app.services import users

    db = open_database(args)
    password = _password(args, "初始密码")
    row = users.create_user(
        db,
        actor=Actor.operator(),
        username=args.username,
        display_name=args.name,
        staff_no=args.staff_no,
        role=Role(args.role),
        password=password,
    )
    emit(
        args,
        _as_dict(row),
        f"已新建用户 {row.username}（{row.display_name}，{row.role.label}），首次登录须修改密码。",
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.services import users

    db = open_database(args)
    rows, after = [], None
    while True:
        page = users.list_users(
            db, actor=Actor.operator(), after=after, include_disabled=not args.active
        )
        rows.extend(page.rows)
        if page.next_key is None:
            break
        after = page.next_key
    lines = []
    for r in rows:
        status = "启用" if r.is_active else "已停用"
        if r.is_locked():
            status += f"，锁定至 {format_local(r.locked_until, '%H:%M')}"
        if r.must_change_password:
            status += "，须修改密码"
        lines.append(f"{r.username}\t{r.display_name}\t{r.staff_no}\t{r.role.label}\t{status}")
    emit(args, [_as_dict(r) for r in rows], "\n".join(lines) or "还没有用户。")
    return 0


def _reset_password(args: argparse.Namespace) -> int:
    from app.services import users

    db = open_database(args)
    actor = Actor.operator()
    row = users.find_user(db, args.username, actor=actor)
    password = _password(args, "临时密码")
    row = users.reset_password(db, row.id, password, actor=actor)
    emit(args, _as_dict(row), f"已重置 {row.username} 的密码并解除锁定；下次登录须修改密码。")
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from app.services import users

    db = open_database(args)
    actor = Actor.operator()
    row = users.find_user(db, args.username, actor=actor)
    row = users.set_user_active(db, row.id, active, actor=actor)
    emit(args, _as_dict(row), f"已{'启用' if active else '停用'}用户 {row.username}。")
    return 0


def _disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def _enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


EXTRA_COMMANDS.append(register)
