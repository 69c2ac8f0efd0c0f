"""Argument helpers shared by the case commands (``objection``, ``repair``): the acting staff
member, strict dates, input files, output PDFs, and the bits of output they print alike."""

from __future__ import annotations

import argparse
import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import date_arg, open_database
from app.domain.codes import detect_subject_code
from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import CreditDeskError, InvalidDate, ValidationFailed

if TYPE_CHECKING:
    from app.domain.permissions import Actor
    from app.services.applicants import ApplicantInput
    from app.services.attachments import Upload
    from app.services.database import Database
    from app.services.documents import IssuedDocumentResult

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_user_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--user", required=True, metavar="USERNAME", help="办理人用户名（启用的员工账户）"
    )
    p.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)


def parse_date(args: argparse.Namespace, option: str, label: str) -> date | None:
    """The date given with ``option`` (strictly YYYY-MM-DD), or None when not given."""
    value = getattr(args, option.removeprefix("--").replace("-", "_"))
    if value is None:
        return None
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidDate(f"{label}（{option}）", value)


def invalid(option: str, text: str) -> ValidationFailed:
    return ValidationFailed(field_errors={option: [text]})


def os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    if isinstance(exc, PermissionError):
        return "没有访问权限"
    return str(exc.strerror or exc)


def read_upload(path: str, option: str) -> Upload:
    from app.services.attachments import Upload

    file = Path(path)
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise CreditDeskError(
            "file.unreadable", path=f"{path}（{option}）", reason=os_reason(exc)
        ) from None
    return Upload(content, file.name)


def check_out(path: str | None, option: str) -> None:
    """Refuse an output file that cannot be written before anything is issued."""
    if not path:
        return
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        problem = "这是一个文件夹，不是文件"
    elif not folder.is_dir():
        problem = f"文件夹 {folder} 不存在"
    elif not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        problem = "没有写入权限"
    else:
        return
    raise invalid(option, f"无法写入文件 {path}（{option}）：{problem}。")


def write_pdf(path: Path, document: IssuedDocumentResult, option: str) -> None:
    try:
        path.write_bytes(document.pdf_bytes)
    except OSError as exc:
        raise invalid(
            option,
            f"无法写入文件 {path}（{option}）：{os_reason(exc)}。{document.doc_type.label}"
            f" {document.number} 已出具，可用 creditdesk report reprint {document.number} 补打。",
        ) from None


def doc_type_of(number: str, explicit: str | None) -> IdDocType:
    if explicit:
        return IdDocType(explicit)
    kind, _normalized = detect_subject_code(number)
    return IdDocType.RESIDENT_ID if kind is SubjectKind.NATURAL_PERSON else IdDocType.USCC


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def days_left(left: int | None) -> str:
    if left is None:
        return ""
    if left > 0:
        return f"（还剩 {left} 个工作日）"
    if left == 0:
        return "（今天到期）"
    return f"（已逾期 {-left} 个工作日）"


def document_dict(document: IssuedDocumentResult, out: Path) -> dict[str, Any]:
    return {
        "number": document.number,
        "doc_type": document.doc_type.value,
        "label": document.doc_type.label,
        "file": str(out),
        "sha256": document.sha256,
        "warnings": list(document.warnings),
    }


def begin(args: argparse.Namespace) -> tuple[Database, Actor]:
    from app.services.window_query import staff_actor

    db = open_database(args)
    db.require_current_schema()
    return db, staff_actor(db, args.user)


def add_applicant_options(p: argparse.ArgumentParser, *, who: str) -> None:
    """The applicant at the window and the agent (``who``: 信息主体 / 信用主体)."""
    doc_types = [t.value for t in IdDocType]
    p.add_argument("--applicant-name", required=True, help=f"申请人（{who}）姓名或名称")
    p.add_argument(
        "--applicant-doc-type", choices=doc_types, help="申请人证件类型（默认按号码识别）"
    )
    p.add_argument("--applicant-doc-number", required=True, help="申请人证件号码")
    p.add_argument("--agent-name", default="", help="代理人（经办人）姓名；单位申请时必填")
    p.add_argument(
        "--agent-doc-type",
        choices=[t for t in doc_types if t != IdDocType.USCC.value],
        default=IdDocType.RESIDENT_ID.value,
        help="代理人证件类型（默认 resident_id）",
    )
    p.add_argument("--agent-doc-number", default="", help="代理人证件号码")
    p.add_argument("--mandate", metavar="FILE", help="授权委托书扫描件（PDF/JPEG/PNG）")
    p.add_argument("--phone", default="", help="联系电话")
    p.add_argument(
        "--document-seen",
        action="store_true",
        help="已核验身份证件原件（必须；未核验不能受理）",
    )


def applicant_from(args: argparse.Namespace) -> ApplicantInput:
    from app.services.applicants import ApplicantInput

    return ApplicantInput(
        name=args.applicant_name,
        doc_type=doc_type_of(args.applicant_doc_number, args.applicant_doc_type),
        doc_number=args.applicant_doc_number,
        agent_name=args.agent_name,
        agent_doc_type=IdDocType(args.agent_doc_type),
        agent_doc_number=args.agent_doc_number,
        mandate=read_upload(args.mandate, "--mandate") if args.mandate else None,
        phone=args.phone,
        document_seen=args.document_seen,
    )
