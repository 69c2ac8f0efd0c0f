"""``creditdesk maintenance …`` (issue 10): the disclosure-expiry job.

``creditdesk maintenance expire [--today DATE] [--user USERNAME] --json`` files the records
whose disclosure period ended before today (``app.services.expiry.expire_records``): under a
rule that says 归档 (Xiamen 第二十八条) they are archived, under one that says the record is no
longer shown they are only counted (queries hide them anyway). Without ``--user`` the local
operator runs it (``Actor.operator()``), e.g. from cron or the Windows task scheduler.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import EXTRA_COMMANDS, date_arg, emit, open_database


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``maintenance`` command."""
    maintenance = sub.add_parser("maintenance", help="维护作业：披露期限届满归档", parents=[common])
    msub = maintenance.add_subparsers(title="子命令", metavar="ACTION")
    p = msub.add_parser(
        "expire",
        help="将披露期限届满的信用信息归档（按辖区规则；只隐藏不归档的只计数）",
        parents=[common],
    )
    p.add_argument("--today", type=date_arg, help="按哪一天计算（默认今天，YYYY-MM-DD）")
    p.add_argument("--user", metavar="USERNAME", help="以哪个员工账户运行（默认本机操作员）")
    p.set_defaults(handler=_expire)


def _expire(args: argparse.Namespace) -> int:
    from app.domain.permissions import Actor
    from app.services.expiry import expire_records

    if args.user:
        from app.cli.case_args import begin

        db, actor = begin(args)
    else:
        db = open_database(args)
        db.require_current_schema()
        actor = Actor.operator()
    result = expire_records(db, actor=actor, today=args.today)
    lines = [
        f"披露期限届满处理（{result.today.isoformat()}，规则 {result.profile_id}）：",
        f"  检查有效信息 {result.examined} 条；归档 {result.archived} 条；"
        f"期满不再提供（未改动）{result.hidden} 条；缺少日期未能判断 {result.incomplete} 条。",
    ]
    for c in result.by_rule:
        lines.append(f"  {c.label}：归档 {c.archived}，期满不再提供 {c.hidden}")
    if result.alerts_raised:
        lines.append(f"  新的信用提示（重点关注名单）{result.alerts_raised} 条，请审核主管处理。")
    emit(args, result.as_dict(), "\n".join(lines))
    return 0


EXTRA_COMMANDS.append(register)
