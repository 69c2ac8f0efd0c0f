"""``creditdesk objection …``: objection cases (异议) from the command line (issue 6).

Same services, same checks, same Chinese as the GUI's 异议处理 screen. Every command names the
accountable staff member with ``--user``: an enabled account whose role carries the
permission (clerks and supervisors handle cases; correcting the platform, entering an appeal
decision and assigning cases are for supervisors).

A command that moves a case passes the case's ``row_version`` to the service so that two
people cannot process the same step twice: the version read just before acting (that read is
logged as a case read, like opening the case in the GUI), or the one given with
``--expect-version`` (the one shown by ``objection show``); a stale version fails with the
service's conflict message naming who did what. Dates are YYYY-MM-DD; a wrong date, a missing
file or an unknown case exits 1 with the reason in Chinese on stderr.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXTRA_COMMANDS, emit
from app.cli.case_args import (
    add_applicant_options,
    add_user_options,
    applicant_from,
    begin,
    check_out,
    days_left,
    document_dict,
    invalid,
    iso,
    parse_date,
    read_upload,
    write_pdf,
)
from app.domain.caseflow import DueLight, ObjectionState
from app.domain.errors import CreditDeskError
from app.rules.objection_flow import CheckResult, ReplyOutcome

if TYPE_CHECKING:
    from app.domain.permissions import Actor
    from app.services.database import Database
    from app.services.documents import IssuedDocumentResult
    from app.services.objections import ActionResult, CaseDetail, RecordChange

# The values of app.services.objections.ForwardMethod, kept here so that building the parser
# does not load the service (tests/integration/test_objection_cli.py checks the two agree).
FORWARD_METHODS = {
    "system": "信用信息系统推送",
    "post": "邮寄",
    "courier": "专人送达",
    "email": "电子邮件",
    "fax": "传真",
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    objection = sub.add_parser(
        "objection", help="异议处理：受理、核查、转办、答复、告知、申诉", parents=[common]
    )
    osub = objection.add_subparsers(title="子命令", metavar="ACTION")

    p = osub.add_parser("records", help="列出信用主体可提出异议的信息（含编号）", parents=[common])
    p.add_argument("--subject", required=True, metavar="CODE", help="信用主体代码")
    add_user_options(p)
    p.set_defaults(handler=_records)

    p = osub.add_parser("open", help="受理异议申请", parents=[common])
    p.add_argument("--subject", required=True, metavar="CODE", help="信用主体代码")
    p.add_argument(
        "--record",
        required=True,
        type=int,
        action="append",
        metavar="ID",
        help="提出异议的信息编号（可重复；见 objection records）",
    )
    add_applicant_options(p, who="信息主体")
    p.add_argument(
        "--ground", action="append", default=[], metavar="TEXT", help="异议理由原文（可重复）"
    )
    p.add_argument(
        "--ground-no",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="异议理由序号，从 1 起（可重复；见 objection records 列出的理由）",
    )
    p.add_argument("--statement", required=True, help="异议陈述")
    p.add_argument(
        "--evidence", action="append", default=[], metavar="FILE", help="证明材料（可重复）"
    )
    p.add_argument("--received-on", metavar="DATE", help="收到申请的日期 YYYY-MM-DD（默认今天）")
    p.add_argument(
        "--assisted", action="store_true", help="需其他单位协助核查（适用规则有此期限时）"
    )
    p.add_argument("--receipt-out", metavar="FILE.pdf", help="同时出具受理回执，写入此文件")
    add_user_options(p)
    p.set_defaults(handler=_open)

    p = osub.add_parser(
        "receipt",
        help="出具受理回执（受理时未出具的；再次打印请用 report reprint）",
        parents=[common],
    )
    p.add_argument("case", metavar="CASE", help="案件编号")
    p.add_argument("-o", "--out", metavar="FILE.pdf", help="回执文件（默认：文书名-编号.pdf）")
    add_user_options(p)
    p.set_defaults(handler=_receipt)

    p = osub.add_parser("check", help="核查比对：平台信息与提供单位报送是否一致", parents=[common])
    _case(p)
    p.add_argument(
        "--result",
        choices=[r.value for r in CheckResult],
        help="比对结果：differs 不一致，matches 一致（默认按系统比对结果）",
    )
    p.add_argument("--note", default="", help="办理意见")
    p.add_argument("--on", metavar="DATE", help="办理日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=_check)

    p = osub.add_parser(
        "correct", help="按提供单位报送内容更正平台信息（审核主管）", parents=[common]
    )
    _case(p)
    p.add_argument("--note", default="", help="办理意见")
    p.add_argument("--on", metavar="DATE", help="办理日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=_correct)

    p = osub.add_parser("forward", help="转信息提供单位核查，出具异议核查转办单", parents=[common])
    _case(p)
    p.add_argument(
        "--method",
        choices=list(FORWARD_METHODS),
        default="system",
        help="送达方式：" + "，".join(f"{k} {v}" for k, v in FORWARD_METHODS.items()),
    )
    p.add_argument("--sent-on", metavar="DATE", help="发出日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--note", default="", help="办理意见")
    p.add_argument("-o", "--out", metavar="FILE.pdf", help="转办单文件（默认：文书名-编号.pdf）")
    p.set_defaults(handler=_forward)

    p = osub.add_parser("reply", help="登记信息提供单位的核查答复", parents=[common])
    _case(p)
    _decision_options(
        p, [o.value for o in ReplyOutcome], date_option="--replied-on", date_label="答复日期"
    )
    p.add_argument("--document", metavar="FILE", help="提供单位书面答复扫描件")
    p.set_defaults(handler=_reply)

    p = osub.add_parser("notify", help="告知申请人处理结果并办结，出具告知书", parents=[common])
    _case(p)
    p.add_argument("--note", default="", help="办理意见")
    p.add_argument("--on", metavar="DATE", help="告知日期 YYYY-MM-DD（默认今天）")
    p.add_argument("-o", "--out", metavar="FILE.pdf", help="告知书文件（默认：文书名-编号.pdf）")
    p.set_defaults(handler=_notify)

    p = osub.add_parser(
        "close", aliases=["withdraw"], help="申请人撤回异议，案件终结", parents=[common]
    )
    _case(p)
    p.add_argument("--reason", required=True, help="撤回理由（申请人书面撤回）")
    p.set_defaults(handler=_close)

    p = osub.add_parser("dispute", help="办结后申请人仍有异议：登记其意见", parents=[common])
    _case(p)
    p.add_argument("--statement", required=True, help="申请人意见")
    p.set_defaults(handler=_dispute)

    p = osub.add_parser("appeal", help="登记申请人向信用主管部门的申诉", parents=[common])
    _case(p)
    p.add_argument("--statement", required=True, help="申诉请求")
    p.add_argument("--lodged-on", metavar="DATE", help="申诉日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--document", metavar="FILE", help="申诉材料扫描件")
    p.set_defaults(handler=_appeal)

    p = osub.add_parser("appeal-decide", help="登记申诉处理结果（审核主管）", parents=[common])
    _case(p)
    _decision_options(
        p,
        [o.value for o in ReplyOutcome if o is not ReplyOutcome.UNVERIFIABLE],
        date_option="--decided-on",
        date_label="决定日期",
    )
    p.add_argument("--document", metavar="FILE", help="申诉决定扫描件")
    p.set_defaults(handler=_appeal_decide)

    p = osub.add_parser("assign", help="分派案件（审核主管）", parents=[common])
    _case(p)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", metavar="USERNAME", help="交由此用户办理")
    who.add_argument("--unassign", action="store_true", help="退回待分派")
    p.set_defaults(handler=_assign)

    p = osub.add_parser("show", help="查看案件：比对、办理过程、期限与依据、文书", parents=[common])
    p.add_argument("case", metavar="CASE", help="案件编号")
    add_user_options(p)
    p.set_defaults(handler=_show)

    p = osub.add_parser("list", help="案件列表（最紧急的在前）", parents=[common])
    p.add_argument(
        "--state",
        nargs="+",
        action="extend",
        default=[],
        choices=[s.value for s in ObjectionState],
        metavar="STATE",
        help="只列出这些状态：" + "，".join(f"{s.value} {s.label}" for s in ObjectionState),
    )
    p.add_argument("--open", action="store_true", help="只列出未办结的案件")
    p.add_argument("--provider-id", type=int, metavar="N", help="只列出该信息提供单位的案件")
    p.add_argument(
        "--light",
        choices=[light.value for light in DueLight],
        help="只列出该期限灯的案件：red 红灯，yellow 黄灯，green 绿灯，none 无期限",
    )
    p.add_argument("--assignee", metavar="USERNAME", help="只列出分派给该用户的案件")
    p.add_argument("--unassigned", action="store_true", help="只列出未分派的案件")
    p.add_argument("--search", default="", metavar="TEXT", help="案件编号、主体名称或代码、申请人")
    p.add_argument("--limit", type=int, default=200, help="最多列出多少件（默认 200）")
    add_user_options(p)
    p.set_defaults(handler=_list)


def _case(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="CASE", help="案件编号")
    p.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="案件版本（objection show 显示的版本）；案件已被他人处理时不办理",
    )
    add_user_options(p)


def _decision_options(
    p: argparse.ArgumentParser, outcomes: list[str], date_option: str, date_label: str
) -> None:
    p.add_argument(
        "--outcome",
        required=True,
        choices=outcomes,
        help="结果：" + "；".join(f"{o} {ReplyOutcome(o).label}" for o in outcomes),
    )
    p.add_argument("--reasons", default="", help="理由（异议不成立的应说明理由）")
    p.add_argument("--document-number", default="", help="答复或决定的文号")
    p.add_argument(date_option, metavar="DATE", help=f"{date_label} YYYY-MM-DD（默认今天）")
    p.add_argument(
        "--set",
        dest="changes",
        action="append",
        default=[],
        metavar="RECORD_ID:FIELD=VALUE",
        help="更正后的内容（予以更正时必填，可重复），例如 12:decision_date=2026-03-01 或 "
        "12:content.result=罚款五千元；FIELD 为 document_number、decision_date、"
        "act_ended_on、determined_on、listed_on、severity、penalty_class 或 content.字段名",
    )


# --- parsing the arguments -----------------------------------------------------------------


def _changes(items: Sequence[str]) -> tuple[RecordChange, ...]:
    from app.services.objections import RecordChange

    by_record: dict[int, dict[str, str]] = {}
    for item in items:
        head, eq, value = item.partition("=")
        record_id, colon, name = head.partition(":")
        if not (eq and colon and record_id.strip().isdigit() and name.strip()):
            raise invalid(
                "--set",
                f"--set“{item}”格式不对：应为 信息编号:字段=新值，"
                "例如 12:decision_date=2026-03-01 或 12:content.result=罚款五千元。",
            )
        by_record.setdefault(int(record_id), {})[name.strip()] = value.strip()
    return tuple(RecordChange(rid, values) for rid, values in by_record.items())


# --- output --------------------------------------------------------------------------------


def case_dict(case: CaseDetail) -> dict[str, Any]:
    """The JSON form of a case (``objection show --json`` and every action's result)."""
    return {
        "id": case.id,
        "case_no": case.case_no,
        "state": case.state.value,
        "state_label": case.state_label,
        "is_open": case.is_open,
        "row_version": case.row_version,
        "profile": case.profile_id,
        "subject": {
            "id": case.subject_id,
            "name": case.subject_name,
            "kind": case.subject_kind.value,
            "code": case.subject_display_code,
        },
        "applicant": {
            "name": case.applicant_name,
            "doc_number": case.applicant_display_number,
            "agent_name": case.agent_name,
            "agent_doc_number": case.agent_display_number,
            "phone": case.applicant_phone,
        },
        "grounds": list(case.grounds),
        "statement": case.statement,
        "received_on": iso(case.received_on),
        "assisted": case.assisted,
        "provider": {"id": case.provider_id, "name": case.provider_name},
        "check_result": case.check_result.value if case.check_result else None,
        "check_result_label": case.check_result.label if case.check_result else "",
        "forwarded_on": iso(case.forwarded_on),
        "forward_method": case.forward_method.value if case.forward_method else None,
        "provider_replied_on": iso(case.provider_replied_on),
        "outcome": case.outcome.value if case.outcome else None,
        "outcome_label": case.outcome_label,
        "disputed": case.disputed,
        "closed_on": iso(case.closed_on),
        "assignee_user_id": case.assignee_user_id,
        "assignee_name": case.assignee_name,
        "next_step": case.next_step,
        "next_step_label": case.next_step_label,
        "due_on": iso(case.due_on),
        "due_basis": case.due_basis,
        "working_days_left": case.working_days_left,
        "light": case.light.value,
        "light_label": case.light.label,
        "calendar_gap": case.calendar_gap,
        "differs": case.differs,
        "records": [
            {
                "id": r.id,
                "catalogue_item": r.catalogue_item,
                "document_number": r.document_number,
                "decision_date": iso(r.decision_date),
                "status": r.status.value,
                "status_label": r.status.label,
                "status_reason": r.status_reason,
                "versions": r.versions,
                "differs": r.differs,
                "comparison": [
                    {
                        "field": c.field,
                        "label": c.label,
                        "platform": c.platform,
                        "submitted": c.submitted,
                        "differs": c.differs,
                    }
                    for c in r.comparison
                ],
            }
            for r in case.records
        ],
        "timeline": [
            {
                "occurred_at": iso(t.occurred_at),
                "step": t.step,
                "step_label": t.step_label,
                "event": t.event,
                "event_label": t.event_label,
                "from_state": t.from_state,
                "to_state": t.to_state,
                "state_label": t.state_label,
                "actor": t.actor_name,
                "due_on": iso(t.due_on),
                "on_time": t.on_time,
                "basis": t.basis,
                "note": t.note,
            }
            for t in case.timeline
        ],
        "documents": [
            {
                "number": d.number,
                "doc_type": d.doc_type.value,
                "label": d.label,
                "issued_at": iso(d.issued_at),
            }
            for d in case.documents
        ],
        "attachments": [
            {
                "id": a.info.id,
                "kind": a.kind.value,
                "kind_label": a.kind.label,
                "name": a.info.display_name,
                "media_type": a.info.media_type,
                "size_bytes": a.info.size_bytes,
                "sha256": a.info.sha256,
            }
            for a in case.attachments
        ],
        "allowed": [{"event": e.value, "label": e.label} for e in case.allowed],
        "reply_outcomes": [o.value for o in case.reply_outcomes],
        "reasons_required": case.reasons_required,
        "appeal_to": case.appeal_to,
    }


def _next_text(case: CaseDetail) -> str:
    if not case.next_step_label:
        return ""
    text = f"下一步：{case.next_step_label}"
    if case.due_on:
        text += f"，期限 {case.due_on:%Y-%m-%d}{days_left(case.working_days_left)}"
        if case.light is not DueLight.NONE:
            text += f"［{case.light.label}］"
    if case.calendar_gap:
        text += f"；{case.calendar_gap}"
    return text


def _status_line(case: CaseDetail) -> str:
    parts = [f"当前状态：{case.state_label}"]
    if case.outcome_label:
        parts.append(f"结果：{case.outcome_label}")
    following = _next_text(case)
    if following:
        parts.append(following)
    return "；".join(parts) + f"（版本 {case.row_version}）"


def _finish(
    args: argparse.Namespace,
    case: CaseDetail,
    headline: str,
    document: IssuedDocumentResult | None = None,
    out: Path | None = None,
) -> int:
    data = case_dict(case)
    lines = [f"异议案件 {case.case_no}：{headline}", _status_line(case)]
    if document is not None and out is not None:
        data["document"] = document_dict(document, out)
        lines.append(f"已出具{document.doc_type.label} {document.number}：{out}")
        lines.extend(f"注意：{w}" for w in document.warnings)
    emit(args, data, "\n".join(lines))
    return 0


# --- running an action ---------------------------------------------------------------------


def _act(
    args: argparse.Namespace, action: Callable[[Database, Actor, int | None], ActionResult]
) -> ActionResult:
    """Run ``action(db, actor, expected_version)`` on the case ``args.case``."""
    from app.services import objections as ob

    db, actor = begin(args)
    expected = args.expect_version
    if expected is None:
        expected = ob.get_case(db, args.case, actor=actor, today=args.today).row_version
    return action(db, actor, expected)


def _document_out(args: argparse.Namespace, result: ActionResult, headline: str) -> int:
    """Write the letter the action issued (``--out``, default its file name) and report."""
    document = result.document
    assert document is not None
    out = Path(args.out or document.file_name)
    write_pdf(out, document, "--out")
    return _finish(args, result.case, headline, document, out)


def _step(
    args: argparse.Namespace, service: Callable[..., ActionResult], **options: Any
) -> ActionResult:
    """Call ``service(db, case, expected_version=…, actor=…, today=…, **options)``."""
    return _act(
        args,
        lambda db, actor, version: service(
            db, args.case, expected_version=version, actor=actor, today=args.today, **options
        ),
    )


# --- handlers ------------------------------------------------------------------------------


def _records(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    db, actor = begin(args)
    found = ob.subject_records(db, args.subject, actor=actor)
    data = {
        "subject": {
            "id": found.subject_id,
            "name": found.subject_name,
            "kind": found.subject_kind.value,
            "code": found.display_code,
        },
        "records": [
            {
                "id": r.id,
                "catalogue_item": r.catalogue_item,
                "provider_id": r.provider_id,
                "provider": r.provider,
                "document_number": r.document_number,
                "decision_date": iso(r.decision_date),
                "status": r.status.value,
                "status_label": r.status.label,
                "summary": r.summary,
                "open_case_no": r.open_case_no,
            }
            for r in found.records
        ],
        "grounds": list(found.grounds),
        "grounds_basis": found.grounds_basis,
        "assisted_available": found.assisted_available,
        "log_seq": found.log_seq,
    }
    lines = [f"{found.subject_name}（{found.display_code}）　共 {len(found.records)} 条信息"]
    for r in found.records:
        busy = f"　［异议处理中：{r.open_case_no}］" if r.open_case_no else ""
        lines.append(
            f"  #{r.id}　{r.catalogue_item}　{r.document_number}　{r.decision_date:%Y-%m-%d}"
            f"　{r.provider}（提供单位 {r.provider_id}）　{r.status.label}{busy}"
            + (f"\n      {r.summary}" if r.summary else "")
        )
    lines.append(f"异议理由（{found.grounds_basis}）：")
    lines.extend(f"  {i}. {g}" for i, g in enumerate(found.grounds, 1))
    if found.assisted_available:
        lines.append("需其他单位协助核查的，受理时加 --assisted。")
    lines.append(f"查询日志第 {found.log_seq} 条。")
    emit(args, data, "\n".join(lines))
    return 0


def _open(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    received_on = parse_date(args, "--received-on", "收到日期")
    evidence = tuple(read_upload(path, "--evidence") for path in args.evidence)
    check_out(args.receipt_out, "--receipt-out")
    applicant = applicant_from(args)
    db, actor = begin(args)
    grounds = list(args.ground)
    if args.ground_no:
        from app.services.rules import current_profile

        allowed = list(current_profile(db).objection.grounds.value)
        for n in args.ground_no:
            if not 1 <= n <= len(allowed):
                raise invalid(
                    "--ground-no",
                    f"异议理由序号 {n} 不存在：适用的规则共有 {len(allowed)} 项异议理由"
                    f"（1–{len(allowed)}），"
                    f"见 creditdesk objection records --subject {args.subject}。",
                )
            grounds.append(allowed[n - 1])
    case = ob.open_objection(
        db,
        ob.ObjectionInput(
            subject_code=args.subject,
            record_ids=tuple(args.record),
            applicant=applicant,
            grounds=tuple(grounds),
            statement=args.statement,
            evidence=evidence,
            received_on=received_on,
            assisted=args.assisted,
        ),
        actor=actor,
        today=args.today,
    )
    headline = f"已受理（{case.subject_name}，{len(case.records)} 条信息，{case.provider_name}）"
    if not args.receipt_out:
        return _finish(args, case, headline)
    out = Path(args.receipt_out)
    try:
        receipt = ob.print_receipt(db, case.case_no, actor=actor, today=args.today)
        write_pdf(out, receipt, "--receipt-out")
    except CreditDeskError:
        # the case stands: say so (with its number) before the reason the receipt is missing
        _finish(args, case, headline + "；受理回执未能出具或保存")
        raise
    case = ob.get_case(db, case.case_no, actor=actor, today=args.today, log=False)
    return _finish(args, case, headline, receipt, out)


def _receipt(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    check_out(args.out, "--out")
    db, actor = begin(args)
    receipt = ob.print_receipt(db, args.case, actor=actor, today=args.today)
    out = Path(args.out or receipt.file_name)
    write_pdf(out, receipt, "--out")
    case = ob.get_case(db, args.case, actor=actor, today=args.today, log=False)
    return _finish(args, case, "已出具受理回执", receipt, out)


def _check(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    on = parse_date(args, "--on", "办理日期")
    result = _step(
        args,
        ob.check,
        result=CheckResult(args.result) if args.result else None,
        note=args.note,
        on=on,
    )
    case = result.case
    found = case.check_result.label if case.check_result else "比对结果已登记"
    return _finish(args, case, f"已核查比对，{found}")


def _correct(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    on = parse_date(args, "--on", "办理日期")
    result = _step(args, ob.correct, note=args.note, on=on)
    return _finish(
        args, result.case, "已按信息提供单位报送的内容更正平台信息（原信息保留在变更记录中）"
    )


def _forward(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    sent_on = parse_date(args, "--sent-on", "发出日期")
    check_out(args.out, "--out")
    result = _step(
        args, ob.forward, method=ob.ForwardMethod(args.method), sent_on=sent_on, note=args.note
    )
    case = result.case
    how = (
        f"（{case.forward_method.label}，{case.forwarded_on:%Y-%m-%d}发出）"
        if case.forward_method and case.forwarded_on
        else ""
    )
    return _document_out(args, result, f"已转{case.provider_name or '信息提供单位'}核查{how}")


def _reply(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    replied_on = parse_date(args, "--replied-on", "答复日期")
    changes = _changes(args.changes)
    document = read_upload(args.document, "--document") if args.document else None
    result = _step(
        args,
        ob.reply,
        outcome=ReplyOutcome(args.outcome),
        reasons=args.reasons,
        document_number=args.document_number,
        replied_on=replied_on,
        changes=changes,
        document=document,
    )
    return _finish(args, result.case, f"已登记核查答复：{result.case.outcome_label}")


def _notify(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    on = parse_date(args, "--on", "告知日期")
    check_out(args.out, "--out")
    result = _step(args, ob.notify, note=args.note, on=on)
    return _document_out(args, result, "已告知申请人处理结果，案件办结")


def _close(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    result = _step(args, ob.withdraw, reason=args.reason)
    return _finish(args, result.case, "申请人已撤回异议，案件终结")


def _dispute(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    result = _step(args, ob.dispute, statement=args.statement)
    return _finish(args, result.case, "已登记申请人仍有异议")


def _appeal(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    lodged_on = parse_date(args, "--lodged-on", "申诉日期")
    document = read_upload(args.document, "--document") if args.document else None
    result = _step(
        args, ob.appeal, statement=args.statement, lodged_on=lodged_on, document=document
    )
    return _finish(args, result.case, f"已登记申诉（{result.case.appeal_to or '信用主管部门'}）")


def _appeal_decide(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    decided_on = parse_date(args, "--decided-on", "决定日期")
    changes = _changes(args.changes)
    document = read_upload(args.document, "--document") if args.document else None
    result = _step(
        args,
        ob.decide_appeal,
        outcome=ReplyOutcome(args.outcome),
        reasons=args.reasons,
        document_number=args.document_number,
        decided_on=decided_on,
        changes=changes,
        document=document,
    )
    return _finish(args, result.case, f"已登记申诉结果：{result.case.outcome_label}")


def _assign(args: argparse.Namespace) -> int:
    from app.services import objections as ob
    from app.services.window_query import staff_actor

    def action(db: Database, actor: Actor, version: int | None) -> ActionResult:
        user_id = None if args.unassign else staff_actor(db, args.to).user_id
        return ob.assign(
            db, args.case, user_id=user_id, expected_version=version, actor=actor, today=args.today
        )

    result = _act(args, action)
    name = result.case.assignee_name
    return _finish(args, result.case, f"已分派给{name}" if name else "已退回待分派")


def _show(args: argparse.Namespace) -> int:
    from app.services import objections as ob

    db, actor = begin(args)
    case = ob.get_case(db, args.case, actor=actor, today=args.today)
    emit(args, case_dict(case), "\n".join(_case_text(case)))
    return 0


def _case_text(case: CaseDetail) -> list[str]:
    from app.services.clock import format_local

    lines = [
        f"异议案件 {case.case_no}　{case.state_label}　版本 {case.row_version}",
        f"信用主体：{case.subject_name}（{case.subject_display_code}）",
        f"申请人：{case.applicant_name}（{case.applicant_display_number}）"
        + (f"　代理人：{case.agent_name}（{case.agent_display_number}）" if case.agent_name else "")
        + (f"　电话：{case.applicant_phone}" if case.applicant_phone else ""),
        f"收到日期：{case.received_on:%Y-%m-%d}"
        + ("　需其他单位协助核查" if case.assisted else "")
        + f"　信息提供单位：{case.provider_name}",
        "异议理由：" + "；".join(case.grounds),
        f"异议陈述：{case.statement}",
    ]
    facts = []
    if case.check_result:
        facts.append(f"核查：{case.check_result.label}")
    if case.forwarded_on:
        method = case.forward_method.label if case.forward_method else ""
        facts.append(f"转办：{case.forwarded_on:%Y-%m-%d}" + (f"（{method}）" if method else ""))
    if case.provider_replied_on:
        facts.append(f"答复：{case.provider_replied_on:%Y-%m-%d}")
    if case.outcome_label:
        facts.append(f"结果：{case.outcome_label}")
    if case.closed_on:
        facts.append(f"办结：{case.closed_on:%Y-%m-%d}")
    if case.disputed:
        facts.append("申请人仍有异议")
    if facts:
        lines.append("　".join(facts))
    lines.append(f"经办人：{case.assignee_name or '（未分派）'}")
    following = _next_text(case)
    if following:
        lines.append(following)
        if case.due_basis:
            lines.append(f"  期限依据：{case.due_basis}")
    lines.append("【异议信息】（※ 平台信息与提供单位报送不一致）")
    for r in case.records:
        lines.append(
            f"  #{r.id}　{r.catalogue_item}　{r.document_number}　{r.decision_date:%Y-%m-%d}"
            f"　{r.status.label}　共 {r.versions} 个版本"
            + (f"　{r.status_reason}" if r.status_reason else "")
        )
        for c in r.comparison:
            if c.differs:
                lines.append(f"    ※ {c.label}：平台“{c.platform}”，报送“{c.submitted}”")
            else:
                lines.append(f"      {c.label}：{c.platform}")
    lines.append("【办理过程】")
    for t in case.timeline:
        when = format_local(t.occurred_at) if t.occurred_at else "待办"
        text = f"  {when}　{t.step_label}"
        if t.event and t.event != "open" and t.event_label != t.step_label:
            text += f"（{t.event_label}）"
        if t.actor_name:
            text += f"　{t.actor_name}"
        text += f"　→ {t.state_label}"
        if t.due_on:
            text += f"　期限 {t.due_on:%Y-%m-%d}"
            if t.on_time is not None:
                text += "　按期" if t.on_time else "　逾期"
        lines.append(text)
        if t.note:
            lines.append(f"      意见：{t.note}")
        if t.basis:
            lines.append(f"      依据：{t.basis}")
    lines.append("【文书】" + ("" if case.documents else "无"))
    lines.extend(f"  {d.label} {d.number}（{format_local(d.issued_at)}）" for d in case.documents)
    if case.attachments:
        lines.append("【材料】")
        lines.extend(
            f"  {a.kind.label}：{a.info.display_name}（{a.info.size_bytes} 字节）"
            for a in case.attachments
        )
    lines.append("现在可以办理：" + ("、".join(e.label for e in case.allowed) or "无"))
    return lines


def _list(args: argparse.Namespace) -> int:
    from app.services import objections as ob
    from app.services.window_query import staff_actor

    db, actor = begin(args)
    flt = ob.CaseFilter(
        states=frozenset(ObjectionState(s) for s in args.state) or None,
        open_only=args.open,
        provider_id=args.provider_id,
        light=DueLight(args.light) if args.light else None,
        assignee_user_id=staff_actor(db, args.assignee).user_id if args.assignee else None,
        unassigned=args.unassigned,
        text=args.search,
    )
    found = ob.list_cases(db, actor=actor, flt=flt, limit=args.limit, today=args.today)
    data = {
        "total": found.total,
        "cases": [
            {
                "id": r.id,
                "case_no": r.case_no,
                "state": r.state.value,
                "state_label": r.state_label,
                "subject_name": r.subject_name,
                "subject_code": r.subject_display_code,
                "applicant_name": r.applicant_name,
                "provider": r.provider_name,
                "received_on": iso(r.received_on),
                "next_step_label": r.next_step_label,
                "due_on": iso(r.due_on),
                "working_days_left": r.working_days_left,
                "light": r.light.value,
                "light_label": r.light.label,
                "assignee_name": r.assignee_name,
                "disputed": r.disputed,
            }
            for r in found.rows
        ],
        "providers": [{"id": pid, "name": name} for pid, name in found.providers],
    }
    lines = []
    for r in found.rows:
        text = (
            f"{r.case_no}　{r.state_label}　{r.subject_name}（{r.subject_display_code}）"
            f"　申请人 {r.applicant_name}　{r.provider_name}　收到 {r.received_on:%Y-%m-%d}"
        )
        if r.next_step_label:
            text += f"　下一步 {r.next_step_label}"
        if r.due_on:
            text += f" {r.due_on:%Y-%m-%d}{days_left(r.working_days_left)}"
        if r.light is not DueLight.NONE:
            text += f"［{r.light.label}］"
        text += f"　经办人 {r.assignee_name or '未分派'}"
        if r.disputed:
            text += "　仍有异议"
        lines.append(text)
    shown = len(found.rows)
    lines.append(
        f"共 {found.total} 件" + (f"，列出前 {shown} 件" if shown < found.total else "") + "。"
        if found.total
        else "没有符合条件的异议案件。"
    )
    emit(args, data, "\n".join(lines))
    return 0


EXTRA_COMMANDS.append(register)
