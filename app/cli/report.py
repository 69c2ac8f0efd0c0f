"""``creditdesk report …``: verify issued documents, export the public keys, reprint, specimens.

``report verify FILE.pdf`` works offline with a key file from ``report export-keys`` (for
third parties), or with the keys in the database. Workflow commands name the accountable
staff member (``--clerk``); key maintenance runs as the local operator (administrator).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import EXTRA_COMMANDS, emit, open_database
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor
from app.services.clock import format_local


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser(
        "report", help="信用报告与文书：核验、公钥、补打、样张", parents=[common]
    )
    rsub = report.add_subparsers(title="子命令", metavar="ACTION")

    p = rsub.add_parser(
        "verify", help="核验 PDF 报告或文书的真伪和完整性（可离线）", parents=[common]
    )
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument(
        "--keys", metavar="FILE", help="公钥文件（report export-keys 导出）；不指定则使用数据库"
    )
    p.set_defaults(handler=_verify)

    p = rsub.add_parser(
        "issue", help="为一次已记录的窗口查询出具公共信用信息报告", parents=[common]
    )
    p.add_argument(
        "--query-log",
        type=int,
        required=True,
        metavar="ID",
        help="查询日志编号（creditdesk query --json 输出的 log_id）",
    )
    p.add_argument("--clerk", required=True, metavar="USERNAME", help="经办人用户名")
    p.add_argument(
        "--confirm-missing-glyphs",
        action="store_true",
        help="姓名等含字库缺字时仍出具（缺字以〓代替并在报告中说明）",
    )
    p.add_argument(
        "-o", "--out", metavar="FILE", help="输出文件（默认：公共信用信息报告-编号.pdf）"
    )
    p.set_defaults(handler=_issue)

    p = rsub.add_parser("check", help="凭编号或扫描的二维码内容核验存档记录", parents=[common])
    p.add_argument("code", metavar="NUMBER|QR", help="报告编号，或扫描二维码得到的文字")
    p.add_argument("--clerk", required=True, metavar="USERNAME", help="经办人用户名")
    p.set_defaults(handler=_check)

    p = rsub.add_parser(
        "reprint", help="补打已出具的文书（同一编号，标注“补打”）", parents=[common]
    )
    p.add_argument("number")
    p.add_argument("--clerk", required=True, metavar="USERNAME", help="经办人用户名")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("-o", "--out", metavar="FILE", help="输出文件（默认：文书名-编号-补打.pdf）")
    p.set_defaults(handler=_reprint)

    p = rsub.add_parser(
        "export-keys", help="导出文书签名公钥（交第三方离线核验）", parents=[common]
    )
    p.add_argument("-o", "--out", metavar="FILE", help="输出文件（默认输出到屏幕）")
    p.set_defaults(handler=_export_keys)

    p = rsub.add_parser(
        "ensure-key", help="为本机生成并登记文书签名密钥（私钥存于系统密钥环）", parents=[common]
    )
    p.add_argument("--workstation", help="工作站名称（默认：本机名）")
    p.set_defaults(handler=_ensure_key)

    p = rsub.add_parser("keys", help="列出已登记的文书签名密钥", parents=[common])
    p.set_defaults(handler=_keys)

    p = rsub.add_parser("revoke-key", help="停用一个签名密钥（已签文书仍可核验）", parents=[common])
    p.add_argument("key_id")
    p.set_defaults(handler=_revoke_key)

    p = rsub.add_parser("blank-commitment", help="打印空白信用承诺书", parents=[common])
    p.add_argument("--clerk", required=True, metavar="USERNAME", help="经办人用户名")
    p.add_argument("--purpose", default="信用修复", help="承诺事项（默认：信用修复）")
    p.add_argument("-o", "--out", metavar="FILE", default="信用承诺书.pdf")
    p.set_defaults(handler=_blank_commitment)

    p = rsub.add_parser(
        "specimen", help="生成报告和各类文书的样张（虚构数据，未编号、未签名）", parents=[common]
    )
    p.add_argument("--out", metavar="DIR", default=".", help="输出目录（默认：当前目录）")
    p.add_argument("--records", type=int, default=50, help="法人报告样张的记录条数（默认 50）")
    p.set_defaults(handler=_specimen)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=path, reason=exc.strerror or exc) from exc


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CreditDeskError(
            "file.unreadable", path=str(path), reason=exc.strerror or exc
        ) from exc


def _staff(args: argparse.Namespace, db: Any) -> Actor:
    from app.services.window_query import staff_actor

    return staff_actor(db, args.clerk)


def _issue(args: argparse.Namespace) -> int:
    from app.services.credit_reports import issue_credit_report
    from app.services.documents import MISSING_GLYPHS

    db = open_database(args)
    db.require_current_schema()
    confirmed = {MISSING_GLYPHS} if args.confirm_missing_glyphs else set()
    result = issue_credit_report(db, args.query_log, actor=_staff(args, db), confirmed=confirmed)
    out = Path(args.out) if args.out else Path(result.file_name)
    _write(out, result.pdf_bytes)
    emit(
        args,
        {
            "number": result.number,
            "file": str(out),
            "sha256": result.sha256,
            "key_id": result.key_id,
            "warnings": list(result.warnings),
        },
        f"已出具公共信用信息报告 {result.number}：{out}"
        + "".join(f"\n注意：{w}" for w in result.warnings),
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from reports.verify import load_public_keys, verify_pdf

    pdf = _read(args.file)
    if args.keys:
        try:
            keys = load_public_keys(_read(args.keys))
        except ValueError as exc:
            raise CreditDeskError("documents.keys_invalid", path=args.keys, reason=exc) from exc
        source = args.keys
    else:
        from app.services.signing import load_public_keys as db_keys

        db = open_database(args)
        db.require_current_schema()
        keys = dict(db_keys(db))
        source = db.target
    result = verify_pdf(pdf, keys)
    lines = [result.summary]
    if result.number:
        lines.append(f"文书：{result.doc_title} {result.number}（{result.pages} 页）")
        lines.append(f"出具机构：{result.issuer}；信用主体：{result.subject_name}")
    for check in result.checks:
        lines.append(f"  [{'通过' if check.ok else '不通过'}] {check.name}：{check.detail}")
    lines.append(f"公钥来源：{source}")
    data = {**result.as_dict(), "keys_source": source}
    emit(args, data, "\n".join(lines), stream=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _check(args: argparse.Namespace) -> int:
    from app.services.documents import verify_scanned

    db = open_database(args)
    db.require_current_schema()
    check = verify_scanned(db, args.code, actor=_staff(args, db))
    lines = [check.summary]
    if check.found:
        lines.append(
            f"{check.doc_type.label if check.doc_type else ''} {check.number}，"
            f"出具时间 {format_local(check.issued_at)}，信用主体：{check.subject_name}，"
            f"经办人工号 {check.clerk_staff_no}，补打 {len(check.reprints)} 次"
        )
        for c in check.checks:
            lines.append(f"  [{'通过' if c.ok else '不通过'}] {c.name}：{c.detail}")
    data = {
        "number": check.number,
        "found": check.found,
        "ok": check.ok,
        "summary": check.summary,
        "doc_type": check.doc_type.value if check.doc_type else None,
        "issued_at": check.issued_at.isoformat() if check.issued_at else None,
        "subject_name": check.subject_name,
        "clerk_staff_no": check.clerk_staff_no,
        "key_id": check.key_id,
        "reprints": len(check.reprints),
        "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in check.checks],
    }
    emit(args, data, "\n".join(lines), stream=sys.stdout if check.ok else sys.stderr)
    return 0 if check.ok else 1


def _reprint(args: argparse.Namespace) -> int:
    from app.services.documents import reprint

    db = open_database(args)
    db.require_current_schema()
    result = reprint(db, args.number, actor=_staff(args, db), copies=args.copies)
    out = Path(args.out or result.file_name)
    _write(out, result.pdf_bytes)
    emit(
        args,
        {"number": result.number, "file": str(out), "warnings": list(result.warnings)},
        "\n".join([f"已补打 {result.number}：{out}", *result.warnings]),
    )
    return 0


def _export_keys(args: argparse.Namespace) -> int:
    from app.services.signing import export_public_keys

    db = open_database(args)
    db.require_current_schema()
    bundle = export_public_keys(db)
    if args.out:
        _write(Path(args.out), bundle)
        emit(args, {"file": args.out}, f"公钥已导出到 {args.out}")
    else:
        sys.stdout.write(bundle.decode("utf-8") + "\n")
    return 0


def _key_dict(row: Any) -> dict[str, Any]:
    return {
        "key_id": row.key_id,
        "workstation": row.workstation,
        "created_at": row.created_at.isoformat(),
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
    }


def _ensure_key(args: argparse.Namespace) -> int:
    from app.services.signing import ensure_workstation_key

    db = open_database(args)
    db.require_current_schema()
    row = ensure_workstation_key(db, actor=Actor.operator(), workstation=args.workstation)
    verb = "已生成并登记" if row.created else "已存在"
    emit(
        args,
        {**_key_dict(row), "created": row.created},
        f"本机（{row.workstation}）的文书签名密钥{verb}：{row.key_id}",
    )
    return 0


def _keys(args: argparse.Namespace) -> int:
    from app.services.signing import list_keys

    db = open_database(args)
    db.require_current_schema()
    rows = list_keys(db, actor=Actor.operator())
    lines = [
        f"{r.key_id}  {r.workstation}  登记于 {r.created_at:%Y-%m-%d %H:%M}"
        + (f"  已停用 {r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "")
        for r in rows
    ] or ["尚未登记任何签名密钥。"]
    emit(args, [_key_dict(r) for r in rows], "\n".join(lines))
    return 0


def _revoke_key(args: argparse.Namespace) -> int:
    from app.services.signing import revoke_key

    db = open_database(args)
    db.require_current_schema()
    row = revoke_key(db, args.key_id, actor=Actor.operator())
    emit(args, _key_dict(row), f"密钥 {row.key_id}（{row.workstation}）已停用。")
    return 0


def _blank_commitment(args: argparse.Namespace) -> int:
    from app.services.documents import blank_commitment_form

    db = open_database(args)
    db.require_current_schema()
    pdf = blank_commitment_form(db, actor=_staff(args, db), purpose=args.purpose)
    _write(Path(args.out), pdf)
    emit(args, {"file": args.out}, f"空白信用承诺书：{args.out}")
    return 0


def _specimen(args: argparse.Namespace) -> int:
    from reports import samples
    from reports.documents import build_document

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    documents: dict[str, Any] = {
        "credit_report_person": samples.person_report(),
        "credit_report_company": samples.company_report(args.records),
        **samples.letters(),
    }
    written = []
    for name, data in documents.items():
        path = out / f"specimen-{name}.pdf"
        _write(path, build_document(data))
        written.append(str(path))
    emit(args, {"files": written}, "已生成样张：\n" + "\n".join(written))
    return 0


EXTRA_COMMANDS.append(register)
