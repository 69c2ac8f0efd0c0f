"""``creditdesk calendar …``: the working-day calendar (stable output; operators script it)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import EXTRA_COMMANDS, date_arg, emit, open_database
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    cal = sub.add_parser("calendar", help="工作日历（法定节假日与调休）", parents=[common])
    cal_sub = cal.add_subparsers(title="子命令", metavar="ACTION")

    p = cal_sub.add_parser("is-working-day", help="某日是否为工作日", parents=[common])
    p.add_argument("date", type=date_arg)
    p.set_defaults(handler=_is_working_day)

    p = cal_sub.add_parser(
        "add-working-days", help="某日之后第 N 个工作日（起算日不计入）", parents=[common]
    )
    p.add_argument("date", type=date_arg)
    p.add_argument("n", type=int)
    p.set_defaults(handler=_add_working_days)

    p = cal_sub.add_parser("import", help="导入国务院办公厅发布的某年节假日安排", parents=[common])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_import)

    p = cal_sub.add_parser("years", help="列出已载入的年份", parents=[common])
    p.set_defaults(handler=_years)


def _is_working_day(args: argparse.Namespace) -> int:
    from app.services import calendar

    working = calendar.is_working_day(open_database(args), args.date)
    emit(
        args,
        {"date": args.date.isoformat(), "working_day": working},
        f"{args.date.isoformat()} {'是工作日' if working else '不是工作日'}",
    )
    return 0


def _add_working_days(args: argparse.Namespace) -> int:
    from app.services import calendar

    due = calendar.add_working_days(open_database(args), args.date, args.n)
    emit(args, {"date": due.isoformat()}, due.isoformat())
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.services import calendar

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=str(args.file), reason=exc.strerror) from exc
    result = calendar.import_schedule(
        open_database(args), data, source_name=args.file.name, actor=Actor.operator()
    )
    emit(
        args,
        {
            "year": result.year,
            "replaced": result.replaced,
            "holidays": result.holidays,
            "makeup_working_days": result.makeup_working_days,
        },
        f"已{'替换' if result.replaced else '导入'} {result.year} 年节假日安排："
        f"工作日放假 {result.holidays} 天，调休上班 {result.makeup_working_days} 天。",
    )
    return 0


def _years(args: argparse.Namespace) -> int:
    from app.services import calendar

    years = calendar.list_years(open_database(args), actor=Actor.operator())
    emit(
        args,
        [
            {
                "year": y.year,
                "working_days": y.working_days,
                "holidays_on_weekdays": y.holidays_on_weekdays,
                "makeup_working_days": y.makeup_working_days,
                "source": y.source.value,
            }
            for y in years
        ],
        "\n".join(
            f"{y.year} 年：工作日 {y.working_days} 天，"
            f"调休上班 {y.makeup_working_days} 天（{y.source.label}）"
            for y in years
        )
        or "工作日历为空：请运行 creditdesk db upgrade 或导入节假日安排。",
    )
    return 0


EXTRA_COMMANDS.append(register)
