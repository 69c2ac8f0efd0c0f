"""``creditdesk query | grant | agency | batch-query | audit``: window-service queries from the
command line (issue 5). Same services, same checks, same query log as the GUI's wizard.

Workflow commands name the accountable staff member (``--clerk`` / ``--auditor``): an enabled
account whose role carries the permission; the service checks it exactly as for a signed-in
user. Maintenance commands (``agency add``, ``audit verify``) run as the local operator.
Running ``creditdesk query`` asserts that the operator saw the requester's identity document.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import EXTRA_COMMANDS, date_arg, emit, open_database
from app.domain.codes import detect_subject_code
from app.domain.enums import (
    Audience,
    GrantMethod,
    IdDocType,
    InfoClass,
    QueryMethod,
    QueryOutcome,
    SubjectKind,
)
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor
from app.services.attachments import Upload


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    doc_types = [t.value for t in IdDocType]

    p = sub.add_parser("query", help="窗口查询（与图形界面同样的检查和查询日志）", parents=[common])
    p.add_argument("--requester", required=True, metavar="CODE", help="查询人证件号码")
    p.add_argument("--requester-type", choices=doc_types, help="证件类型（默认按号码识别）")
    p.add_argument("--requester-name", help="查询人姓名或单位名称（默认：平台登记的名称）")
    p.add_argument("--agent-id", help="单位查询：经办人证件号码")
    p.add_argument("--agent-type", choices=doc_types, default="resident_id")
    p.add_argument("--agent-name", help="单位查询：经办人姓名")
    p.add_argument("--mandate", metavar="FILE", help="单位查询：委托书扫描件（PDF/JPEG/PNG）")
    p.add_argument("--subject", required=True, metavar="CODE", help="信息主体代码")
    p.add_argument("--audience", required=True, choices=[a.value for a in Audience])
    p.add_argument("--purpose", default="", help="查询目的（政务查询可用序号）")
    p.add_argument("--purpose-detail", default="", help="查询目的补充说明")
    p.add_argument("--grant", type=int, metavar="ID", help="授权编号（授权查询）")
    p.add_argument("--application-no", default="", metavar="N", help="政务查询的书面申请文号")
    p.add_argument(
        "--classes", help="只查询这些信息类别，逗号分隔：" + ",".join(c.value for c in InfoClass)
    )
    p.add_argument("--clerk", required=True, metavar="USERNAME", help="经办人用户名")
    p.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
    p.set_defaults(handler=_query)

    p = sub.add_parser(
        "disclosure-preview", help="披露预览：各查询类型所见（记入查询日志）", parents=[common]
    )
    p.add_argument("--subject", required=True, metavar="CODE")
    p.add_argument("--clerk", required=True, metavar="USERNAME")
    p.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
    p.set_defaults(handler=_preview)

    grant = sub.add_parser("grant", help="授权书登记、撤销、列表", parents=[common])
    gsub = grant.add_subparsers(title="子命令", metavar="ACTION")
    p = gsub.add_parser("add", help="登记授权书", parents=[common])
    p.add_argument("--subject", required=True, metavar="CODE", help="授权人（信息主体）代码")
    p.add_argument("--grantee", required=True, metavar="CODE", help="被授权人证件号码")
    p.add_argument("--grantee-type", choices=doc_types, help="被授权人证件类型（默认按号码识别）")
    p.add_argument("--grantee-name", required=True)
    p.add_argument(
        "--scope",
        required=True,
        help="授权范围：信息类别和/或信息事项代码，逗号分隔，例如 basic,dishonest 或 CF001",
    )
    p.add_argument("--purpose", required=True, help="约定的查询用途")
    p.add_argument("--from", dest="valid_from", required=True, type=date_arg)
    p.add_argument("--to", dest="valid_to", required=True, type=date_arg)
    p.add_argument("--method", choices=[m.value for m in GrantMethod], default="written")
    p.add_argument("--document", metavar="FILE", help="授权书扫描件（书面授权必填）")
    p.add_argument("--sms-ref", default="", help="短信验证记录编号（短信授权）")
    p.add_argument("--clerk", required=True, metavar="USERNAME")
    p.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
    p.set_defaults(handler=_grant_add)
    p = gsub.add_parser("revoke", help="撤销授权", parents=[common])
    p.add_argument("grant_id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--clerk", required=True, metavar="USERNAME")
    p.set_defaults(handler=_grant_revoke)
    p = gsub.add_parser("list", help="列出某信息主体的授权", parents=[common])
    p.add_argument("--subject", required=True, metavar="CODE")
    p.add_argument("--clerk", required=True, metavar="USERNAME")
    p.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
    p.set_defaults(handler=_grant_list)

    agency = sub.add_parser("agency", help="信用服务机构（批量查询）", parents=[common])
    asub = agency.add_subparsers(title="子命令", metavar="ACTION")
    p = asub.add_parser("add", help="登记信用服务机构", parents=[common])
    p.add_argument("--name", required=True)
    p.add_argument("--uscc", required=True)
    p.add_argument("--licence-no", required=True, help="备案（许可）编号")
    p.add_argument("--licence-valid-to", type=date_arg)
    p.add_argument("--agreement-signed", required=True, type=date_arg, help="保密协议签订日")
    p.add_argument("--agreement-valid-to", required=True, type=date_arg, help="保密协议截止日")
    p.add_argument("--contact", default="")
    p.add_argument("--phone", default="")
    p.set_defaults(handler=_agency_add)
    p = asub.add_parser("list", help="列出信用服务机构", parents=[common])
    p.set_defaults(handler=_agency_list)

    p = sub.add_parser("batch-query", help="信用服务机构批量查询", parents=[common])
    p.add_argument("file", metavar="FILE", help="CSV：每行 主体代码,授权编号")
    p.add_argument("--agency", required=True, type=int, metavar="ID")
    p.add_argument("--out", required=True, metavar="OUT", help="结果文件（.csv 或 .xlsx）")
    p.add_argument("--clerk", required=True, metavar="USERNAME")
    p.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
    p.set_defaults(handler=_batch)

    audit = sub.add_parser("audit", help="日志校验与导出", parents=[common])
    ausub = audit.add_subparsers(title="子命令", metavar="ACTION")
    p = ausub.add_parser(
        "verify", help="校验查询日志、审计日志、归集日志的哈希链", parents=[common]
    )
    p.set_defaults(handler=_audit_verify)
    p = ausub.add_parser("export", help="导出查询日志（CSV）", parents=[common])
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--auditor", required=True, metavar="USERNAME", help="审计员用户名")
    p.add_argument("--from", dest="date_from", type=date_arg)
    p.add_argument("--to", dest="date_to", type=date_arg)
    p.add_argument("--clerk", help="经办人用户名")
    p.add_argument("--subject", help="信息主体代码")
    p.add_argument("--requester", help="查询人证件号码、单位代码或名称")
    p.add_argument("--outcome", choices=[o.value for o in QueryOutcome])
    p.add_argument("--method", choices=[m.value for m in QueryMethod])
    p.set_defaults(handler=_audit_export)


# --- helpers ---------------------------------------------------------------------------------


def _read(path: str) -> Upload:
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=path, reason=exc.strerror or exc) from None
    return Upload(content, Path(path).name)


def _doc_type(code: str, explicit: str | None) -> IdDocType:
    if explicit:
        return IdDocType(explicit)
    kind, _normalized = detect_subject_code(code)
    return IdDocType.RESIDENT_ID if kind is SubjectKind.NATURAL_PERSON else IdDocType.USCC


def _classes(value: str | None) -> frozenset[InfoClass] | None:
    if not value:
        return None
    try:
        return frozenset(InfoClass(v.strip()) for v in value.split(",") if v.strip())
    except ValueError:
        raise SystemExit("错误：--classes 只能是 " + ",".join(c.value for c in InfoClass)) from None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _record_dict(rec: Any) -> dict[str, Any]:
    return {
        "record_id": rec.record_id,
        "catalog_code": rec.catalog_code,
        "catalog_name": rec.catalog_name,
        "info_class": rec.info_class.value,
        "provider": rec.provider_name,
        "document_number": rec.document_number,
        "decision_date": rec.decision_date.isoformat(),
        "severity": rec.severity.value if rec.severity else None,
        "list_type": rec.list_type.value,
        "fields": {label: value for _key, label, value in rec.fields},
        "annotations": [a.value for a in rec.annotations],
        "annotation_labels": list(rec.annotation_labels),
        "last_visible_day": _iso(rec.last_visible_day),
        "basis": rec.basis,
    }


def _groups_text(groups: Any) -> list[str]:
    lines = []
    for g in groups:
        lines.append(f"【{g.label}】" + ("" if g.records else "无"))
        for rec in g.records:
            marks = "".join(f"［{m}］" for m in rec.annotation_labels)
            lines.append(
                f"  {rec.catalog_name}　{rec.document_number}　{rec.decision_date:%Y-%m-%d}"
                f"　{rec.provider_name}{marks}"
            )
    return lines


def _grant_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "grantor_subject_id": row.grantor_subject_id,
        "grantor_name": row.grantor_name,
        "grantee_doc_type": row.grantee_doc_type.value,
        "grantee_doc_number": row.grantee_display_number,
        "grantee_name": row.grantee_name,
        "scope": list(row.scope),
        "scope_labels": list(row.scope_labels),
        "purpose": row.purpose,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": row.valid_to.isoformat(),
        "method": row.method.value,
        "state": row.state,
        "state_label": row.state_label,
        "document_sha256": row.document.sha256 if row.document else None,
        "revoked_reason": row.revoked_reason,
    }


def _grant_text(row: Any) -> str:
    return (
        f"#{row.id}　{row.grantor_name} → {row.grantee_name}（{row.grantee_display_number}）"
        f"　{row.valid_from}至{row.valid_to}　{row.state_label}"
        f"　范围：{'、'.join(row.scope_labels)}"
    )


# --- handlers --------------------------------------------------------------------------------


def _query(args: argparse.Namespace) -> int:
    from app.services import subject_search
    from app.services.window_query import QueryRequest, RequesterInput, run_query, staff_actor

    db = open_database(args)
    actor = staff_actor(db, args.clerk)
    requester_type = _doc_type(args.requester, args.requester_type)
    name = args.requester_name
    if not name:
        try:
            name = subject_search.find_subject_by_code(db, args.requester, actor=actor).name
        except CreditDeskError:
            raise CreditDeskError(
                "query.field_required", label="查询人姓名（--requester-name）"
            ) from None
    request = QueryRequest(
        requester=RequesterInput(
            doc_type=requester_type,
            doc_number=args.requester,
            name=name,
            agent_doc_type=IdDocType(args.agent_type) if args.agent_id else None,
            agent_doc_number=args.agent_id or "",
            agent_name=args.agent_name or "",
            mandate=_read(args.mandate) if args.mandate else None,
        ),
        audience=Audience(args.audience),
        subject_code=args.subject,
        document_seen=True,
        purpose=args.purpose,
        purpose_detail=args.purpose_detail,
        grant_id=args.grant,
        application_no=args.application_no,
        requested_classes=_classes(args.classes),
    )
    result = run_query(db, request, actor=actor, today=args.today)
    data = {
        "outcome": "shown",
        "log_seq": result.log_seq,
        "queried_at": result.queried_at.isoformat(),
        "as_of": result.as_of.isoformat(),
        "profile": result.profile_id,
        "subject": {
            "id": result.subject.id,
            "code": result.subject.display_code,
            "name": result.subject.name,
            "kind": result.subject.kind.value,
        },
        "audience": result.audience.value,
        "method": result.method.value,
        "purpose": result.purpose,
        "grant_id": result.grant.id if result.grant else None,
        "record_count": result.record_count,
        "categories": list(result.categories),
        "times_requester_queried_subject": result.times_requester_queried_subject,
        "withheld_incomplete": result.withheld_incomplete,
        "groups": {g.info_class.value: [_record_dict(r) for r in g.records] for g in result.groups},
    }
    text = "\n".join(
        [
            f"{result.subject.name}（{result.subject.display_code}）　{result.audience.label}"
            f"　截至 {result.as_of}　共 {result.record_count} 条",
            *_groups_text(result.groups),
            f"查询日志第 {result.log_seq} 条；该查询人第 {result.times_requester_queried_subject}"
            " 次查询该主体。",
        ]
    )
    emit(args, data, text)
    return 0


def _preview(args: argparse.Namespace) -> int:
    from app.services import subject_search
    from app.services.window_query import preview_disclosure, staff_actor

    db = open_database(args)
    actor = staff_actor(db, args.clerk)
    hit = subject_search.find_subject_by_code(db, args.subject, actor=actor)
    preview = preview_disclosure(db, hit.id, actor=actor, today=args.today)
    data = {
        "log_seq": preview.log_seq,
        "subject": {"id": hit.id, "code": hit.display_code, "name": hit.name},
        "records": [
            {
                "record_id": row.record_id,
                "catalog_name": row.catalog_name,
                "document_number": row.document_number,
                **{a.value: cell.label for a, cell in row.cells.items()},
            }
            for row in preview.rows
        ],
    }
    header = "记录\t" + "\t".join(a.label for a in preview.audiences)
    lines = [header] + [
        f"{row.catalog_name} {row.document_number}\t"
        + "\t".join(row.cells[a].label for a in preview.audiences)
        for row in preview.rows
    ]
    emit(args, data, "\n".join(lines))
    return 0


def _grant_add(args: argparse.Namespace) -> int:
    from app.services import subject_search
    from app.services.grants import GrantInput, register_grant
    from app.services.window_query import staff_actor

    db = open_database(args)
    actor = staff_actor(db, args.clerk)
    subject = subject_search.find_subject_by_code(db, args.subject, actor=actor)
    row = register_grant(
        db,
        GrantInput(
            grantor_subject_id=subject.id,
            grantee_doc_type=_doc_type(args.grantee, args.grantee_type),
            grantee_doc_number=args.grantee,
            grantee_name=args.grantee_name,
            scope=[s for s in args.scope.split(",") if s.strip()],
            purpose=args.purpose,
            valid_from=args.valid_from,
            valid_to=args.valid_to,
            method=GrantMethod(args.method),
            document=_read(args.document) if args.document else None,
            sms_reference=args.sms_ref,
        ),
        actor=actor,
        today=args.today,
    )
    emit(args, _grant_dict(row), f"已登记授权 {_grant_text(row)}")
    return 0


def _grant_revoke(args: argparse.Namespace) -> int:
    from app.services.grants import revoke_grant
    from app.services.window_query import staff_actor

    db = open_database(args)
    row = revoke_grant(db, args.grant_id, args.reason, actor=staff_actor(db, args.clerk))
    emit(args, _grant_dict(row), f"已撤销授权 {_grant_text(row)}")
    return 0


def _grant_list(args: argparse.Namespace) -> int:
    from app.services import subject_search
    from app.services.grants import list_grants
    from app.services.window_query import staff_actor

    db = open_database(args)
    actor = staff_actor(db, args.clerk)
    subject = subject_search.find_subject_by_code(db, args.subject, actor=actor)
    rows = list_grants(db, subject.id, actor=actor, today=args.today)
    emit(args, [_grant_dict(r) for r in rows], "\n".join(map(_grant_text, rows)) or "没有授权。")
    return 0


def _agency_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "uscc": row.uscc,
        "licence_number": row.licence_number,
        "licence_valid_to": _iso(row.licence_valid_to),
        "confidentiality_signed_on": row.confidentiality_signed_on.isoformat(),
        "confidentiality_valid_to": row.confidentiality_valid_to.isoformat(),
        "is_active": row.is_active,
        "usable": row.usable,
        "problem": row.problem,
    }


def _agency_text(row: Any) -> str:
    state = "可批量查询" if row.usable else row.problem
    return (
        f"#{row.id}　{row.name}（{row.uscc}）　备案 {row.licence_number}"
        f"　保密协议 {row.confidentiality_signed_on}至{row.confidentiality_valid_to}　{state}"
    )


def _agency_add(args: argparse.Namespace) -> int:
    from app.services.agencies import AgencyInput, register_agency

    row = register_agency(
        open_database(args),
        AgencyInput(
            name=args.name,
            uscc=args.uscc,
            licence_number=args.licence_no,
            licence_valid_to=args.licence_valid_to,
            confidentiality_signed_on=args.agreement_signed,
            confidentiality_valid_to=args.agreement_valid_to,
            contact_person=args.contact,
            contact_phone=args.phone,
        ),
        actor=Actor.operator(),
    )
    emit(args, _agency_dict(row), f"已登记 {_agency_text(row)}")
    return 0


def _agency_list(args: argparse.Namespace) -> int:
    from app.services.agencies import list_agencies

    rows = list_agencies(open_database(args), actor=Actor.operator())
    emit(args, [_agency_dict(r) for r in rows], "\n".join(map(_agency_text, rows)) or "没有登记。")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from app.services.batch_query import run_batch_query
    from app.services.window_query import staff_actor

    db = open_database(args)
    upload = _read(args.file)
    result = run_batch_query(
        db, args.agency, upload.content, actor=staff_actor(db, args.clerk), today=args.today
    )
    out = Path(args.out)
    payload = result.export_xlsx() if out.suffix.lower() == ".xlsx" else result.export_csv()
    try:
        out.write_bytes(payload)
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=str(out), reason=exc.strerror) from None
    data = {
        "batch_ref": result.batch_ref,
        "rows": len(result.rows),
        "shown": result.shown,
        "refused": result.refused,
        "out": str(out),
        "results": [
            {
                "row": r.row_no,
                "subject_code": r.subject_code,
                "outcome": r.outcome.value,
                "refusal_reason": r.refusal_reason,
                "record_count": len(r.records),
                "log_seq": r.log_seq,
            }
            for r in result.rows
        ],
    }
    emit(
        args,
        data,
        f"批次 {result.batch_ref}：共 {len(result.rows)} 行，提供 {result.shown} 行，"
        f"拒绝 {result.refused} 行；结果已写入 {out}",
    )
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from app.services.log_verify import verify_logs

    result = verify_logs(open_database(args), actor=Actor.operator())
    data = {
        "ok": result.ok,
        "chains": [
            {
                "chain": c.chain,
                "label": c.label,
                "ok": c.ok,
                "entries_checked": c.entries_checked,
                "last_seq": c.last_seq,
                "first_bad_seq": c.first_bad_seq,
                "problem": c.problem,
                "head_hash": c.head_hash,
            }
            for c in result.chains
        ],
    }
    lines = [
        c.summary + (f"（链头 {c.head_hash[:16]}…）" if c.ok and c.head_hash else "")
        for c in result.chains
    ]
    emit(args, data, "\n".join(lines), stream=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _audit_export(args: argparse.Namespace) -> int:
    from app.services.query_log import QueryLogFilter, export_query_log
    from app.services.window_query import staff_actor

    db = open_database(args)
    payload = export_query_log(
        db,
        QueryLogFilter(
            date_from=args.date_from,
            date_to=args.date_to,
            clerk=args.clerk,
            subject_code=args.subject,
            requester=args.requester,
            outcome=QueryOutcome(args.outcome) if args.outcome else None,
            method=QueryMethod(args.method) if args.method else None,
        ),
        actor=staff_actor(db, args.auditor),
    )
    out = Path(args.out)
    try:
        out.write_bytes(payload)
    except OSError as exc:
        raise CreditDeskError("file.unreadable", path=str(out), reason=exc.strerror) from None
    rows = payload.count(b"\r\n") - 1
    emit(args, {"out": str(out), "rows": rows}, f"已导出 {rows} 条查询日志到 {out}")
    return 0


EXTRA_COMMANDS.append(register)
