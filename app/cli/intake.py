"""``creditdesk import``, ``creditdesk template`` and ``creditdesk catalog …``: data intake (归集)
and the information catalogue (信息目录) from the command line (issue 9).

``import FILE --provider CODE --user USERNAME`` loads a provider's .xlsx/.csv file — everything
that conforms, in one transaction, with the intake log — or with ``--dry-run`` only checks and
counts. It exits 0 whenever the batch ran, also when rows were returned (the output says how
many and why; ``--returns OUT.xlsx|OUT.csv`` writes the 退回清单 for the provider), and 1 when it
could not run: unreadable or damaged file (named), unknown provider, refused permission.
``template ITEM_CODE --user USERNAME`` writes the provider template of one item.

Both name the accountable staff member (``--user``: an enabled account whose role may import,
i.e. a supervisor or an administrator), like the case commands. The catalogue commands are
administration: like ``creditdesk user`` and ``calendar`` they run as the local operator with
direct database access (administrator rights, audited without a user), or as the staff member
named with the optional ``--user``, whose role is then checked (reading the catalogue takes a
supervisor or an administrator, importing it an administrator).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from app.cli import EXTRA_COMMANDS, emit, open_database
from app.cli.case_args import add_user_options, begin, check_out, invalid, os_reason, parse_date
from app.domain.errors import CreditDeskError

if TYPE_CHECKING:
    from app.domain.permissions import Actor
    from app.services.catalog import CatalogImportResult, CatalogItemRow, ProviderRow
    from app.services.database import Database
    from app.services.intake import BatchSummary, IntakeBatchRow

SHOWN_REJECTED = 20  # rejected rows printed as text (--json carries all the service keeps)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import",
        help="归集：导入信息提供单位报送的 .xlsx/.csv 文件（可先 --dry-run 预演）",
        parents=[common],
    )
    p.add_argument("file", metavar="FILE", help="报送文件（.xlsx 或 .csv）")
    p.add_argument(
        "--provider",
        required=True,
        metavar="CODE",
        help="信息提供单位代码（见 creditdesk catalog provider list）",
    )
    p.add_argument("--dry-run", action="store_true", help="只预演：逐行校验并统计，不写入数据库")
    p.add_argument(
        "--received-on",
        metavar="YYYY-MM-DD",
        help="收到文件的日期（默认今天）；报送和入库期限从这一天起算",
    )
    p.add_argument(
        "--register",
        action="store_true",
        help="只登记收件（稍后再入库）：批次进入待办，按入库期限提醒",
    )
    p.add_argument(
        "--returns",
        metavar="OUT.xlsx|OUT.csv",
        help="把退回的行及退回原因写成退回清单（格式按扩展名）",
    )
    add_user_options(p)
    p.set_defaults(handler=_import)

    p = sub.add_parser(
        "template", help="生成某信息事项的报送模板（.xlsx 或 .csv）", parents=[common]
    )
    p.add_argument("item_code", metavar="ITEM_CODE", help="信息事项代码，如 CF001")
    p.add_argument(
        "--out",
        metavar="FILE.xlsx|FILE.csv",
        help="输出文件，格式按扩展名（默认：当前目录下的“代码-名称-报送模板.xlsx”）",
    )
    p.add_argument(
        "--user", required=True, metavar="USERNAME", help="办理人用户名（启用的员工账户）"
    )
    p.set_defaults(handler=_template)

    catalog = sub.add_parser(
        "catalog", help="信息目录：信息事项、信息提供单位，导入导出", parents=[common]
    )
    csub = catalog.add_subparsers(title="子命令", metavar="ACTION")

    p = csub.add_parser("list", help="列出信息事项", parents=[common])
    p.add_argument("--provider", metavar="CODE", help="只列出该信息提供单位的事项")
    p.add_argument("--all", action="store_true", help="包括已停用的事项")
    _catalog_user(p)
    p.set_defaults(handler=_catalog_list)

    p = csub.add_parser("export", help="导出整个信息目录（含已停用的事项）", parents=[common])
    p.add_argument(
        "--format",
        choices=["xlsx", "json"],
        help="文件格式（默认按 --out 的扩展名）",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="输出文件")
    _catalog_user(p)
    p.set_defaults(handler=_catalog_export)

    p = csub.add_parser(
        "import",
        help="导入信息目录文件（按代码新增或更新；有一处错误则全部不导入）",
        parents=[common],
    )
    p.add_argument("file", metavar="FILE", help="目录文件（catalog export 导出的 .xlsx 或 .json）")
    p.add_argument("--dry-run", action="store_true", help="只校验并统计，不写入数据库")
    _catalog_user(p)
    p.set_defaults(handler=_catalog_import)

    p = csub.add_parser("provider", help="信息提供单位", parents=[common])
    psub = p.add_subparsers(title="子命令", metavar="ACTION")
    p = psub.add_parser("list", help="列出信息提供单位（含已停用的）", parents=[common])
    _catalog_user(p)
    p.set_defaults(handler=_provider_list)


def _catalog_user(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--user",
        metavar="USERNAME",
        help="以此员工账户办理（默认：本机操作员，具有系统管理员权限）",
    )


# --- helpers -------------------------------------------------------------------------------


def _table_format(path: str, option: str) -> Literal["xlsx", "csv"]:
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    raise invalid(option, f"文件 {path}（{option}）的扩展名应为 .xlsx 或 .csv。")


def _check_readable(path: Path) -> None:
    """Refuse a file that cannot be opened before anything runs, naming it as given."""
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=str(path), reason=os_reason(exc)) from None


def _write(path: Path, data: bytes, option: str, after: str = "") -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise invalid(
            option, f"无法写入文件 {path}（{option}）：{os_reason(exc)}。{after}"
        ) from None


def _catalog_actor(args: argparse.Namespace) -> tuple[Database, Actor]:
    if args.user:
        return begin(args)
    from app.domain.permissions import Actor

    db = open_database(args)
    db.require_current_schema()
    return db, Actor.operator()


class _Progress:
    """``已读取 N 行…`` on stderr while a big file is read (a TTY only, never with --json). The
    service reports every few thousand rows, so small files print nothing."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.enabled = not args.json and sys.stderr.isatty()
        self.shown = False

    def __call__(self, rows: int, bytes_read: int) -> None:
        if not self.enabled or not rows or (bytes_read and not self.shown):
            return  # the final report of a small file
        print(f"\r已读取 {rows} 行…", end="", file=sys.stderr, flush=True)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            print(file=sys.stderr, flush=True)
            self.shown = False


# --- import and template -------------------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from app.services import intake

    path = Path(args.file)
    fmt = _table_format(args.returns, "--returns") if args.returns else None
    check_out(args.returns, "--returns")
    _check_readable(path)
    received_on = parse_date(args, "--received-on", "收件日期")
    db, actor = begin(args)
    if args.register:
        receipt = intake.register_receipt(
            db,
            path,
            file_name=path.name,
            provider_code=args.provider,
            actor=actor,
            received_on=received_on,
            today=args.today,
        )
        emit(args, _receipt_dict(receipt), _receipt_text(receipt))
        return 0
    run = intake.preview if args.dry_run else intake.commit
    progress = _Progress(args)
    try:
        summary = run(
            db,
            path,
            file_name=path.name,
            provider_code=args.provider,
            actor=actor,
            today=args.today,
            progress=progress,
            received_on=received_on,
        )
    finally:
        progress.done()
    returns = None
    if args.returns and fmt is not None:
        returns = Path(args.returns)
        after = (
            f"批次 {summary.batch_id} 已入库；"
            "可对同一文件运行 --dry-run --returns 重新生成退回清单。"
            if summary.committed
            else ""
        )
        _write(returns, summary.returns(fmt), "--returns", after)
    emit(args, _summary_dict(summary, path, returns), "\n".join(_summary_text(summary, returns)))
    return 0


def _receipt_dict(receipt: IntakeBatchRow) -> dict[str, Any]:
    return {
        "batch_id": receipt.id,
        "state": receipt.state,
        "provider": {"code": receipt.provider_code, "name": receipt.provider_name},
        "file_name": receipt.file_name,
        "received_on": receipt.received_on.isoformat(),
        "due_step": receipt.due_step,
        "due_on": receipt.next_due_on.isoformat() if receipt.next_due_on else None,
    }


def _receipt_text(receipt: IntakeBatchRow) -> str:
    text = (
        f"已登记收件：{receipt.file_name}（{receipt.provider_name}），批次 {receipt.id}，"
        f"收件日期 {receipt.received_on.isoformat()}。"
    )
    if receipt.next_due_on:
        text += f"应于 {receipt.next_due_on.isoformat()} 前完成比对入库。"
    return text + "入库时对同一文件运行 creditdesk import（不带 --register）。"


def _summary_dict(summary: BatchSummary, path: Path, returns: Path | None) -> dict[str, Any]:
    return {
        "dry_run": not summary.committed,
        "committed": summary.committed,
        "file": str(path),
        "file_name": summary.file_name,
        "sha256": summary.sha256,
        "size_bytes": summary.size_bytes,
        "provider": {"code": summary.provider_code, "name": summary.provider_name},
        "rows_total": summary.rows_total,
        "rows_new": summary.rows_new,
        "rows_updated": summary.rows_updated,
        "rows_unchanged": summary.rows_unchanged,
        "rows_rejected": summary.rows_rejected,
        "rows_loaded": summary.rows_loaded,
        "subjects_new": summary.subjects_new,
        "rows_late": summary.rows_late,
        "received_on": summary.received_on.isoformat() if summary.received_on else None,
        "integrate_due": summary.integrate_due.due.isoformat() if summary.integrate_due else None,
        "batch_id": summary.batch_id,
        "log_seq": summary.log_seq,
        "rejected": [
            {
                "line": r.line,
                "reason": r.reason,
                "errors": [{"column": e.column, "message": e.message} for e in r.errors],
            }
            for r in summary.rejected
        ],
        "returns_file": str(returns) if returns else None,
    }


def _summary_text(summary: BatchSummary, returns: Path | None) -> list[str]:
    source = f"{summary.file_name}（{summary.provider_name}，{summary.provider_code}）"
    if summary.committed:
        head = f"已入库：{source}，批次 {summary.batch_id}，归集日志第 {summary.log_seq} 条。"
    else:
        head = f"预演（未写入数据库）：{source}"
    lines = [
        head,
        f"共 {summary.rows_total} 行：新增 {summary.rows_new}，更新 {summary.rows_updated}，"
        f"未变 {summary.rows_unchanged}，退回 {summary.rows_rejected}；"
        f"新建信用主体 {summary.subjects_new} 个。",
    ]
    if summary.rows_late:
        lines.append(f"其中 {summary.rows_late} 行逾期报送：{summary.late_basis}。")
    due = summary.integrate_due
    if due is not None:
        lines.append(
            f"入库期限：{due.due.isoformat()}（收件之日起{due.working_days}个工作日，{due.citation}）。"
        )
    if summary.rejected:
        shown = summary.rejected[:SHOWN_REJECTED]
        lines.append(
            f"退回的行（前 {len(shown)} 行）："
            if summary.rows_rejected > len(shown)
            else "退回的行："
        )
        lines.extend(f"  第 {r.line} 行：{r.reason}" for r in shown)
        if summary.rows_rejected > len(shown):
            lines.append(
                f"  ……另有 {summary.rows_rejected - len(shown)} 行，见退回清单（--returns）。"
            )
    if summary.rows_rejected:
        what = "已入库" if summary.committed else "可以入库"
        lines.append(
            f"注意：{summary.rows_rejected} 行不符合要求，退回报送单位更正；"
            f"其余 {summary.rows_loaded + summary.rows_unchanged} 行{what}。"
        )
    if not summary.committed:
        lines.append("预演完成，没有写入任何数据；去掉 --dry-run 即正式入库。")
    if returns is not None:
        lines.append(f"退回清单：{returns}（{summary.rows_rejected} 行）")
    return lines


def _template(args: argparse.Namespace) -> int:
    from app.services import intake

    fmt = _table_format(args.out, "--out") if args.out else "xlsx"
    check_out(args.out, "--out")
    db, actor = begin(args)
    name, data = intake.template(db, args.item_code, fmt=fmt, actor=actor)
    out = Path(args.out) if args.out else Path(name)
    _write(out, data, "--out")
    emit(
        args,
        {"item_code": args.item_code, "file": str(out), "format": fmt},
        f"已生成信息事项 {args.item_code} 的报送模板：{out}",
    )
    return 0


# --- catalogue -----------------------------------------------------------------------------


def _item_dict(row: CatalogItemRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "info_class": row.info_class.value,
        "info_class_label": row.info_class.label,
        "disclosure": row.disclosure.value,
        "disclosure_label": row.disclosure.label,
        "report_section": row.report_section.value,
        "report_section_label": row.report_section.label,
        "provider": {"code": row.provider_code, "name": row.provider_name},
        "validity_rule": row.validity_rule,
        "legal_basis": row.legal_basis,
        "fields": [f.as_dict() for f in row.fields],
        "is_active": row.is_active,
        "row_version": row.row_version,
    }


def _catalog_list(args: argparse.Namespace) -> int:
    from app.services import catalog

    db, actor = _catalog_actor(args)
    rows = catalog.list_items(
        db, actor=actor, provider_code=args.provider, include_inactive=args.all
    )
    lines = [
        f"{r.code}\t{r.name}\t{r.info_class.label}\t{r.disclosure.label}\t"
        f"{r.report_section.label}\t{r.provider_code or '—'} {r.provider_name or ''}\t"
        f"{r.validity_rule}\t{'在用' if r.is_active else '停用'}"
        f"\n\t字段：{r.fields_text or '（无）'}"
        for r in rows
    ]
    emit(args, [_item_dict(r) for r in rows], "\n".join(lines) or "信息目录中没有信息事项。")
    return 0


def _catalog_export(args: argparse.Namespace) -> int:
    from app.services import catalog

    fmt = args.format
    if fmt is None:
        suffix = Path(args.out).suffix.lower()
        if suffix not in (".xlsx", ".json"):
            raise invalid(
                "--out", f"请用 --format 指定格式，或让 --out 以 .xlsx 或 .json 结尾：{args.out}"
            )
        fmt = suffix[1:]
    check_out(args.out, "--out")
    db, actor = _catalog_actor(args)
    data = catalog.export_catalog(db, actor=actor, fmt=fmt)
    out = Path(args.out)
    _write(out, data, "--out")
    emit(args, {"file": str(out), "format": fmt}, f"信息目录已导出到 {out}")
    return 0


def _import_dict(result: CatalogImportResult) -> dict[str, Any]:
    return {
        "file_name": result.file_name,
        "format": result.fmt,
        "dry_run": result.dry_run,
        "committed": result.committed,
        "items_total": result.items_total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "providers_created": result.providers_created,
        "providers_updated": result.providers_updated,
        "errors": [
            {"location": e.location, "code": e.code, "message": e.message} for e in result.errors
        ],
    }


def _catalog_import(args: argparse.Namespace) -> int:
    from app.services import catalog

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=str(path), reason=os_reason(exc)) from None
    db, actor = _catalog_actor(args)
    result = catalog.import_catalog(
        db, data, file_name=path.name, actor=actor, dry_run=args.dry_run
    )
    counts = (
        f"信息事项 {result.items_total} 项：新增 {result.created}，更新 {result.updated}，"
        f"未变 {result.unchanged}；信息提供单位新增 {result.providers_created}，"
        f"更新 {result.providers_updated}。"
    )
    if result.errors:
        lines = [f"错误：目录文件 {path} 有 {len(result.errors)} 处错误，没有导入任何内容："]
        lines += [f"  {e.text}" for e in result.errors]
        lines.append("请更正后重新导入。")
        emit(args, _import_dict(result), "\n".join(lines), stream=sys.stderr)
        return 1
    head = "预演（未写入数据库）" if result.dry_run else "已导入"
    emit(args, _import_dict(result), f"{head}：{path}\n{counts}")
    return 0


def _provider_dict(row: ProviderRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "uscc": row.uscc,
        "contact_person": row.contact_person,
        "contact_phone": row.contact_phone,
        "address": row.address,
        "is_active": row.is_active,
        "items": row.items,
        "row_version": row.row_version,
    }


def _provider_list(args: argparse.Namespace) -> int:
    from app.services import catalog

    db, actor = _catalog_actor(args)
    rows = catalog.list_providers(db, actor=actor)
    lines = []
    for r in rows:
        contact = "　".join(x for x in (r.contact_person, r.contact_phone) if x)
        lines.append(
            f"{r.code}\t{r.name}\t{'在用' if r.is_active else '停用'}\t信息事项 {r.items} 项"
            + (f"\t{contact}" if contact else "")
        )
    emit(args, [_provider_dict(r) for r in rows], "\n".join(lines) or "还没有信息提供单位。")
    return 0


EXTRA_COMMANDS.append(register)
