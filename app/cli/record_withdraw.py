"""``creditdesk record withdraw …``: good-information withdrawal (良好信息撤回, issue 10).

Same services, same checks, same Chinese as the GUI's withdrawal dialog. Every command names
the accountable staff member with ``--user`` (clerks and supervisors). ``records`` lists the
subject's records with whether each may be withdrawn; ``register`` takes in a request (the
identity checks of the window apply); ``complete`` withdraws the record as the jurisdiction
profile says and issues the provider's notice (PDF written with ``--out``, default its file
name, in the current folder); ``refuse`` closes the request with a reason. A stale
``--expect-version`` fails with the conflict message. Registered by ``app.cli.record``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import emit
from app.cli.case_args import (
    add_applicant_options,
    add_user_options,
    applicant_from,
    begin,
    check_out,
    days_left,
    document_dict,
    iso,
    parse_date,
    write_pdf,
)

if TYPE_CHECKING:
    from app.services.withdrawals import WithdrawalDetail


def register_actions(rsub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's ``record`` subcommands."""
    withdraw = rsub.add_parser(
        "withdraw",
        help="良好信息撤回（表彰奖励、志愿服务、慈善捐赠）：登记、办结、不予撤回、查看、列表",
        parents=[common],
    )
    wsub = withdraw.add_subparsers(title="子命令", metavar="ACTION")

    p = wsub.add_parser(
        "records", help="列出信用主体的信息及能否申请撤回（含信息编号）", parents=[common]
    )
    p.add_argument("subject", metavar="CODE", help="信用主体代码")
    add_user_options(p)
    p.set_defaults(handler=_records)

    p = wsub.add_parser("register", help="登记撤回申请（核验申请人身份）", parents=[common])
    p.add_argument("subject", metavar="CODE", help="信用主体代码")
    p.add_argument("--record", type=int, required=True, metavar="ID", help="申请撤回的信息编号")
    add_applicant_options(p, who="信用主体")
    p.add_argument("--statement", default="", help="申请事由")
    p.add_argument(
        "--written-request", action="store_true", help="已提交书面申请（张店区规定须书面申请）"
    )
    p.add_argument("--received-on", metavar="DATE", help="收到申请的日期 YYYY-MM-DD（默认今天）")
    add_user_options(p)
    p.set_defaults(handler=_register)

    p = wsub.add_parser(
        "complete",
        help="办结：信息不再公开（删除或归档），出具通知提供单位的告知书",
        parents=[common],
    )
    _case(p)
    p.add_argument("--on", metavar="DATE", help="办结日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--note", default="", help="办理意见（如提供单位确认删除的文号）")
    p.add_argument("--out", metavar="FILE", help="告知书 PDF 的保存位置（默认按文书编号命名）")
    p.set_defaults(handler=_complete)

    p = wsub.add_parser("refuse", help="不予撤回（须写明理由）", parents=[common])
    _case(p)
    p.add_argument("--reason", required=True, help="不予撤回的理由")
    p.add_argument("--on", metavar="DATE", help="办结日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=_refuse)

    p = wsub.add_parser("show", help="查看撤回申请", parents=[common])
    p.add_argument("case", metavar="CASE", help="案件编号")
    add_user_options(p)
    p.set_defaults(handler=_show)

    p = wsub.add_parser("list", help="撤回申请列表（未办结、最紧急的在前）", parents=[common])
    p.add_argument("--open", action="store_true", help="只列出未办结的申请")
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
        help="申请的版本（record withdraw show 显示的版本）；已被他人处理时不办理",
    )
    add_user_options(p)


# --- output ---------------------------------------------------------------------------------


def withdrawal_dict(case: WithdrawalDetail) -> dict[str, Any]:
    return {
        "id": case.id,
        "case_no": case.case_no,
        "state": case.state.value,
        "state_label": case.state_label,
        "subject_name": case.subject_name,
        "subject_code": case.subject_display_code,
        "record_id": case.record_id,
        "record": case.record_label,
        "record_status": case.record_status.value,
        "record_status_label": case.record_status.label,
        "provider_name": case.provider_name,
        "applicant_name": case.applicant_name,
        "applicant_doc_number": case.applicant_doc_number,
        "agent_name": case.agent_name,
        "statement": case.statement,
        "received_on": iso(case.received_on),
        "effect": case.effect,
        "effect_label": case.effect_label,
        "acted_by": case.acted_by,
        "acted_by_label": case.acted_by_label,
        "next_step": case.next_step,
        "next_step_label": case.next_step_label,
        "due_on": iso(case.due_on),
        "due_basis": case.due_basis,
        "working_days_left": case.working_days_left,
        "light": case.light.value,
        "provider_notified_on": iso(case.provider_notified_on),
        "completed_on": iso(case.completed_on),
        "refusal_reason": case.refusal_reason,
        "letter_number": case.letter_number,
        "assignee_name": case.assignee_name,
        "row_version": case.row_version,
        "allowed": [{"event": e.value, "label": e.label} for e in case.allowed],
    }


def _lines(case: WithdrawalDetail) -> list[str]:
    lines = [
        f"良好信息撤回 {case.case_no}：{case.state_label}（版本 {case.row_version}）",
        f"  信用主体：{case.subject_name}（{case.subject_display_code}）",
        f"  信息：#{case.record_id} {case.record_label}　{case.provider_name}"
        f"　当前：{case.record_status.label}",
        f"  申请人：{case.applicant_name}"
        + (f"　代理人：{case.agent_name}" if case.agent_name else "")
        + f"　收到：{case.received_on:%Y-%m-%d}",
        f"  办理方式：{case.acted_by_label}，{case.effect_label}",
    ]
    if case.due_on:
        lines.append(
            f"  期限：{case.due_on:%Y-%m-%d}{days_left(case.working_days_left)}；{case.due_basis}"
        )
    if case.completed_on:
        lines.append(f"  办结：{case.completed_on:%Y-%m-%d}")
    if case.letter_number:
        lines.append(f"  告知书：{case.letter_number}")
    if case.refusal_reason:
        lines.append(f"  不予撤回理由：{case.refusal_reason}")
    lines.append("  现在可以办理：" + ("、".join(e.label for e in case.allowed) or "无"))
    return lines


# --- handlers -------------------------------------------------------------------------------


def _records(args: argparse.Namespace) -> int:
    from app.services import withdrawals as wd

    db, actor = begin(args)
    listed = wd.withdrawable_records(db, args.subject, actor=actor, today=args.today)
    data = {
        "subject_id": listed.subject_id,
        "subject_name": listed.subject_name,
        "subject_code": listed.display_code,
        "rule": listed.rule_text,
        "written_request": listed.written_request,
        "records": [
            {
                "id": r.id,
                "catalogue_item": r.catalogue_item,
                "provider": r.provider,
                "document_number": r.document_number,
                "decision_date": iso(r.decision_date),
                "status": r.status.value,
                "info_class": r.info_class.value,
                "withdrawable": r.withdrawable,
                "refusal": r.refusal,
            }
            for r in listed.records
        ],
    }
    lines = [f"{listed.subject_name}（{listed.display_code}）", listed.rule_text]
    for r in listed.records:
        mark = "可撤回" if r.withdrawable else f"不可撤回：{r.refusal}"
        lines.append(f"  #{r.id}　{r.catalogue_item}　{r.document_number}　{mark}")
    emit(args, data, "\n".join(lines))
    return 0


def _register(args: argparse.Namespace) -> int:
    from app.services import withdrawals as wd

    received_on = parse_date(args, "--received-on", "收到日期")
    applicant = applicant_from(args)
    db, actor = begin(args)
    case = wd.register_withdrawal(
        db,
        wd.WithdrawalInput(
            subject_code=args.subject,
            record_id=args.record,
            applicant=applicant,
            statement=args.statement,
            written_request=args.written_request,
            received_on=received_on,
        ),
        actor=actor,
        today=args.today,
    )
    emit(args, withdrawal_dict(case), "\n".join(["已登记撤回申请", *_lines(case)]))
    return 0


def _expected(args: argparse.Namespace, db: Any, actor: Any) -> int:
    from app.services import withdrawals as wd

    if args.expect_version is not None:
        return int(args.expect_version)
    return wd.withdrawal_detail(db, args.case, actor=actor, today=args.today).row_version


def _complete(args: argparse.Namespace) -> int:
    from app.services import withdrawals as wd

    on = parse_date(args, "--on", "办结日期")
    check_out(args.out, "--out")
    db, actor = begin(args)
    result = wd.complete_withdrawal(
        db,
        args.case,
        expected_version=_expected(args, db, actor),
        actor=actor,
        on=on,
        note=args.note,
        today=args.today,
    )
    data = withdrawal_dict(result.case)
    lines = ["已办结撤回", *_lines(result.case)]
    letters = []
    for i, document in enumerate(result.documents):
        out = Path(args.out) if (args.out and i == 0) else Path(document.file_name)
        write_pdf(out, document, "--out")
        letters.append(document_dict(document, out))
        lines.append(f"已出具{document.doc_type.label} {document.number}：{out}")
        lines.extend(f"注意：{w}" for w in document.warnings)
    data["letters"] = letters
    emit(args, data, "\n".join(lines))
    return 0


def _refuse(args: argparse.Namespace) -> int:
    from app.services import withdrawals as wd

    on = parse_date(args, "--on", "办结日期")
    db, actor = begin(args)
    case = wd.refuse_withdrawal(
        db,
        args.case,
        reason=args.reason,
        expected_version=_expected(args, db, actor),
        actor=actor,
        on=on,
        today=args.today,
    )
    emit(args, withdrawal_dict(case), "\n".join(["不予撤回", *_lines(case)]))
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.services import withdrawals as wd

    db, actor = begin(args)
    case = wd.withdrawal_detail(db, args.case, actor=actor, today=args.today)
    emit(args, withdrawal_dict(case), "\n".join(_lines(case)))
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.services import withdrawals as wd

    db, actor = begin(args)
    rows = wd.list_withdrawals(
        db, actor=actor, open_only=args.open, text=args.search, today=args.today, limit=args.limit
    )
    data = {
        "rows": [
            {
                "case_no": r.case_no,
                "state": r.state.value,
                "state_label": r.state_label,
                "subject_name": r.subject_name,
                "record": r.record_label,
                "provider_name": r.provider_name,
                "applicant_name": r.applicant_name,
                "received_on": iso(r.received_on),
                "due_on": iso(r.due_on),
                "working_days_left": r.working_days_left,
                "light": r.light.value,
                "row_version": r.row_version,
            }
            for r in rows
        ]
    }
    lines = [
        f"{r.case_no}　{r.state_label}　{r.subject_name}　{r.record_label}"
        + (f"　期限 {r.due_on:%Y-%m-%d}{days_left(r.working_days_left)}" if r.due_on else "")
        for r in rows
    ] or ["没有撤回申请。"]
    emit(args, data, "\n".join(lines))
    return 0
