"""``creditdesk``: the companion command line. Same services, same Chinese errors as the GUI.

Subcommands of each area live in a module of this package that appends its ``register``
function to ``EXTRA_COMMANDS`` and is listed in ``COMMAND_MODULES``.

Exit codes: 0 success; 1 an expected failure (invalid code, refused action, database down),
with the reason in Chinese on stderr (or as JSON with ``--json``); 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from app import __version__
from app.config import default_db_url
from app.domain.enums import SubjectKind
from app.domain.errors import CreditDeskError, InvalidDate
from app.domain.permissions import Actor

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """Raised inside handlers to exit 1 after printing a message."""


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's intake helper process starts here
    _load_command_modules()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except CreditDeskError as exc:
        _print_error(args, exc)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="数据库地址（默认：本机 SQLite 文件，或环境变量 CREDITDESK_DB_URL）",
    )
    common.add_argument("--json", action="store_true", help="以 JSON 输出")

    parser = argparse.ArgumentParser(
        prog="creditdesk",
        description="信用服务窗口工作台（CreditDesk）命令行工具",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"creditdesk {__version__}")
    sub = parser.add_subparsers(title="命令", metavar="COMMAND")

    db = sub.add_parser("db", help="数据库结构管理", parents=[common])
    db_sub = db.add_subparsers(title="子命令", metavar="ACTION")
    up = db_sub.add_parser("upgrade", help="升级数据库结构到最新版本", parents=[common])
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=_db_upgrade)
    cur = db_sub.add_parser("current", help="显示数据库结构版本", parents=[common])
    cur.set_defaults(handler=_db_current)

    val = sub.add_parser("validate", help="校验统一社会信用代码或居民身份证号码", parents=[common])
    val.add_argument("code")
    val.add_argument(
        "--kind",
        choices=[k.value for k in SubjectKind],
        help="按指定主体类型校验（默认自动识别）",
    )
    val.set_defaults(handler=_validate)

    demo = sub.add_parser("demo-data", help="加载确定性的演示数据", parents=[common])
    demo.add_argument("--subjects", type=int, default=1000, help="信用主体数量（默认 1000）")
    demo.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同数据）")
    demo.add_argument(
        "--as-of", type=date_arg, default=None, help="数据基准日 YYYY-MM-DD（默认今天）"
    )
    demo.add_argument(
        "--records-per-subject", type=float, default=5.0, help="每个主体的平均记录数（默认 5）"
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="数据库已有主体时跳过（首次启动时自动加载演示数据用）",
    )
    demo.set_defaults(handler=_demo_data)

    for register in EXTRA_COMMANDS:
        register(sub, common)
    return parser


# Command modules add their subcommands here: ``register(subparsers, common_parent)``.
EXTRA_COMMANDS: list[Callable[[Any, argparse.ArgumentParser], None]] = []
COMMAND_MODULES = (
    "app.cli.calendar",
    "app.cli.rules",
    "app.cli.users",
    "app.cli.query",
    "app.cli.report",
    "app.cli.objection",
    "app.cli.repair",
    "app.cli.intake",
    "app.cli.record",
    "app.cli.maintenance",
    "app.cli.lists",
)


def _load_command_modules() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name)


# --- handlers ----------------------------------------------------------------------------


def open_database(args: argparse.Namespace) -> Any:
    from app.services.database import Database

    return Database(args.db or default_db_url())


def _db_upgrade(args: argparse.Namespace) -> int:
    from app.services.maintenance import upgrade_schema

    db = open_database(args)
    result = upgrade_schema(db, actor=Actor.operator(), revision=args.revision)
    status = result.status
    text = f"数据库已升级到版本 {status.current}（{status.target}）。"
    if result.calendar_years_added:
        years = result.calendar_years_added
        text += f"\n已载入官方工作日历 {years[0]}–{years[-1]} 年。"
    emit(
        args,
        {
            "target": status.target,
            "revision": status.current,
            "head": status.head,
            "calendar_years_added": result.calendar_years_added,
        },
        text,
    )
    return 0


def _db_current(args: argparse.Namespace) -> int:
    from app.services.maintenance import schema_status

    status = schema_status(open_database(args))
    text = (
        f"{status.target}\n当前版本：{status.current or '（未初始化）'}\n最新版本：{status.head}"
        + ("" if status.up_to_date else "\n需要升级：请运行 creditdesk db upgrade")
    )
    emit(
        args,
        {
            "target": status.target,
            "dialect": status.dialect,
            "current": status.current,
            "head": status.head,
            "up_to_date": status.up_to_date,
        },
        text,
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from app.services.codes import check_code

    result = check_code(args.code, hint=SubjectKind(args.kind) if args.kind else None)
    if result.valid:
        assert result.doc_type is not None and result.kind is not None
        details = [
            f"{result.doc_type.label} {result.normalized} 有效",
            f"主体类型：{result.kind.label}",
        ]
        if result.birth_date:
            details.append(f"出生日期：{result.birth_date:%Y年%m月%d日}")
        if result.converted_from:
            details.append(f"由15位旧号码 {result.converted_from} 转换")
        emit(args, result.as_dict(), "\n".join(details))
        return 0
    emit(args, result.as_dict(), f"无效：{result.message}", stream=sys.stderr)
    return 1


def _demo_data(args: argparse.Namespace) -> int:
    from app.services.demo_data import load_demo_data
    from app.services.maintenance import data_summary

    db = open_database(args)
    db.require_current_schema()
    if args.if_empty:
        existing = data_summary(db).subjects
        if existing:
            emit(
                args,
                {"skipped": True, "subjects": existing},
                f"数据库已有 {existing} 个信用主体，跳过演示数据。",
            )
            return 0

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r已生成 {done}/{total} 个主体", end="", file=sys.stderr, flush=True)

    result = load_demo_data(
        db,
        actor=Actor.operator(),
        subjects=args.subjects,
        seed=args.seed,
        as_of=args.as_of,
        records_per_subject=args.records_per_subject,
        progress=progress,
    )
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    emit(
        args,
        {
            "subjects": result.subjects,
            "records": result.records,
            "providers": result.providers,
            "catalog_items": result.catalog_items,
        },
        f"已加载演示数据：{result.subjects} 个信用主体，{result.records} 条信用记录，"
        f"{result.providers} 个信息提供单位，{result.catalog_items} 个目录事项。",
    )
    return 0


# --- output helpers ----------------------------------------------------------------------


def emit(args: argparse.Namespace, data: Any, text: str, *, stream: Any = None) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, default=str))
    else:
        print(text, file=stream or sys.stdout)


def _print_error(args: argparse.Namespace, exc: CreditDeskError) -> None:
    if getattr(args, "json", False):
        print(json.dumps(exc.as_dict(), ensure_ascii=False), file=sys.stderr)
        return
    lines = [f"错误：{exc.text}"]
    if exc.resolution:
        lines.append(exc.resolution)
    print("\n".join(lines), file=sys.stderr)


def date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(InvalidDate("日期", value).text) from None


if __name__ == "__main__":
    raise SystemExit(main())
