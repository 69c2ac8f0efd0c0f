"""``creditdesk repair …``: credit repair (信用修复) from the command line (issue 7).

Same services, same checks, same Chinese as the GUI's 信用修复 screen. Every command names the
accountable staff member with ``--user``: an enabled account whose role carries the
permission (clerks and supervisors take in, accept, forward and pre-review applications;
approving or refusing a repair, verifying a notice-period objection, revoking a repair and
assigning cases are for supervisors). A supervisor never approves or refuses an application
they took in or pre-reviewed (four eyes): the service refuses it with its Chinese message.

A command that moves a case passes the case's ``row_version`` to the service so that two
people cannot process the same step twice: the version read just before acting (that read is
logged as a case read, like opening the case in the GUI), or the one given with
``--expect-version`` (the one shown by ``repair show``); a stale version fails with the
service's conflict message naming who did what. Dates are YYYY-MM-DD; a wrong date, a missing
file or an unknown case exits 1 with the reason in Chinese on stderr. The options, the output
helpers and the exit codes are those of ``creditdesk objection``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
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
from app.domain.caseflow import DueLight, RepairState
from app.rules.repair_flow import ConditionStatus, Material

if TYPE_CHECKING:
    from app.domain.permissions import Actor
    from app.services.attachments import Upload
    from app.services.database import Database
    from app.services.documents import IssuedDocumentResult
    from app.services.repairs import RepairDetail, RepairResult

# The values of app.services.repairs.Lodged, kept here so that building the parser does not
# load the service (tests/integration/test_repair_cli.py checks the two agree).
LODGED_WITH = {"center": "信用中心", "provider": "信息提供单位"}

# The option that hands in each material (apply, supplement; the mandate comes with the agent).
MATERIAL_OPTIONS = {
    Material.EVIDENCE: "--evidence",
    Material.COMMITMENT: "--commitment",
    Material.UNDERTAKING: "--undertaking",
    Material.APPLICATION: "--application",
    Material.MANDATE: "--mandate",
}

_ATTACHMENT_LABELS = {"provider_confirmation": "提供单位书面意见"}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    repair = sub.add_parser(
        "repair",
        help="信用修复：申请、补正、受理、提供单位确认、初审、审批、公示、生效、撤销",
        parents=[common],
    )
    rsub = repair.add_subparsers(title="子命令", metavar="ACTION")

    p = rsub.add_parser(
        "candidates",
        help="列出信用主体的信息及能否申请修复（含编号），受理渠道、修复条件和应交材料",
        parents=[common],
    )
    p.add_argument("--subject", required=True, metavar="CODE", help="信用主体代码")
    add_user_options(p)
    p.set_defaults(handler=_candidates)

    p = rsub.add_parser(
        "apply", help="登记信用修复申请（材料不全的，一次性告知所缺材料）", parents=[common]
    )
    p.add_argument("--subject", required=True, metavar="CODE", help="信用主体代码")
    p.add_argument(
        "--record",
        required=True,
        type=int,
        action="append",
        metavar="ID",
        help="申请修复的失信信息编号（可重复；须来自同一信息提供单位；见 repair candidates）",
    )
    add_applicant_options(p, who="信用主体")
    p.add_argument(
        "--lodged-with",
        required=True,
        choices=list(LODGED_WITH),
        help="申请向谁提出：" + "，".join(f"{k} {v}" for k, v in LODGED_WITH.items()),
    )
    p.add_argument(
        "--corrected-on",
        required=True,
        metavar="DATE",
        help="失信行为纠正（义务履行完毕）的日期 YYYY-MM-DD",
    )
    _material_options(p, evidence_required=True)
    p.add_argument("--statement", default="", help="申请事由")
    p.add_argument("--received-on", metavar="DATE", help="收到申请的日期 YYYY-MM-DD（默认今天）")
    add_user_options(p)
    p.set_defaults(handler=_apply)

    p = rsub.add_parser(
        "supplement", help="补正一次性告知所缺的材料（须一次补齐）", parents=[common]
    )
    _case(p)
    _material_options(p, evidence_required=False)
    p.set_defaults(handler=_supplement)

    p = rsub.add_parser("accept", help="受理信用修复申请", parents=[common])
    _case(p)
    p.add_argument("--note", default="", help="办理意见")
    p.set_defaults(handler=_accept)

    p = rsub.add_parser("decline", help="不予受理，案件终结", parents=[common])
    _case(p)
    p.add_argument("--reasons", required=True, help="不予受理的理由")
    p.set_defaults(handler=_decline)

    p = rsub.add_parser("forward", help="送信息提供单位书面确认（提出修复意见）", parents=[common])
    _case(p)
    p.add_argument("--sent-on", metavar="DATE", help="发出日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--note", default="", help="办理意见")
    p.set_defaults(handler=_forward)

    p = rsub.add_parser(
        "confirm-provider", help="登记信息提供单位的书面确认或意见", parents=[common]
    )
    _case(p)
    _yes_no(p, "--agrees", "提供单位同意修复", "--disagrees", "提供单位不同意修复")
    p.add_argument("--document-number", required=True, help="提供单位书面意见的文号")
    p.add_argument(
        "--document-date", required=True, metavar="DATE", help="书面意见的日期 YYYY-MM-DD"
    )
    p.add_argument("--opinion", default="", help="提供单位的意见（不同意的须填写理由）")
    p.add_argument("--document", metavar="FILE", help="书面意见扫描件")
    p.set_defaults(handler=_confirm_provider)

    p = rsub.add_parser(
        "prereview", help="初审：逐项确认修复条件，提出意见，转主管审批", parents=[common]
    )
    _case(p)
    _yes_no(p, "--agrees", "同意修复（须各项条件均符合）", "--disagrees", "不同意修复")
    p.add_argument("--opinion", required=True, help="初审意见")
    confirm = p.add_mutually_exclusive_group()
    confirm.add_argument(
        "--confirm",
        action="append",
        default=[],
        metavar="KEY",
        help="已核对材料、确认符合的条件（可重复；KEY 为 repair show 列出的条件键，"
        "只能确认“待人工确认”的条件）",
    )
    confirm.add_argument(
        "--confirm-all-manual",
        action="store_true",
        help="确认全部“待人工确认”的条件",
    )
    p.set_defaults(handler=_prereview)

    p = rsub.add_parser(
        "decide",
        help="主管审批：准予修复或不予修复，出具决定书或告知书（四眼原则）",
        parents=[common],
    )
    _case(p)
    _yes_no(p, "--approve", "准予修复", "--reject", "不予修复")
    p.add_argument("--opinion", default="", help="审批意见（准予修复时）")
    p.add_argument(
        "--publicity-start",
        metavar="DATE",
        help="修复公示开始日期 YYYY-MM-DD（规则有公示期的，准予修复时；默认今天）",
    )
    p.add_argument(
        "--reason",
        action="append",
        default=[],
        metavar="TEXT",
        help="不予修复的理由（--reject 时必填，可重复）",
    )
    p.add_argument(
        "-o",
        "--out",
        metavar="FILE.pdf",
        help="出具的信用修复决定书或不予修复告知书（默认：文书名-编号.pdf）",
    )
    p.set_defaults(handler=_decide)

    p = rsub.add_parser("publicity-objection", help="登记公示期间收到的异议", parents=[common])
    _case(p)
    p.add_argument("--objector", required=True, help="异议人")
    p.add_argument("--statement", required=True, help="异议内容")
    p.add_argument("--received-on", metavar="DATE", help="收到异议的日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=_publicity_objection)

    p = rsub.add_parser(
        "resolve-objection", help="登记公示异议的核实结果（审核主管）", parents=[common]
    )
    _case(p)
    _yes_no(p, "--founded", "异议成立（应不予修复）", "--unfounded", "异议不成立")
    p.add_argument("--finding", required=True, help="核实意见")
    p.add_argument("--document-number", default="", help="核实意见的文号")
    p.set_defaults(handler=_resolve_objection)

    p = rsub.add_parser(
        "take-effect", help="公示期满、无成立的异议：修复生效，出具决定书", parents=[common]
    )
    _case(p)
    p.add_argument(
        "-o", "--out", metavar="FILE.pdf", help="信用修复决定书文件（默认：文书名-编号.pdf）"
    )
    p.set_defaults(handler=_take_effect)

    p = rsub.add_parser(
        "revoke", help="撤销修复（以虚假材料取得），恢复原信息（审核主管）", parents=[common]
    )
    _case(p)
    p.add_argument("--reason", required=True, help="撤销理由")
    p.set_defaults(handler=_revoke)

    p = rsub.add_parser("assign", help="分派案件（审核主管）", parents=[common])
    _case(p)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", metavar="USERNAME", help="交由此用户办理")
    who.add_argument("--unassign", action="store_true", help="退回待分派")
    p.set_defaults(handler=_assign)

    p = rsub.add_parser(
        "show", help="查看案件：信息、条件、材料、意见、办理过程、文书", parents=[common]
    )
    p.add_argument("case", metavar="CASE", help="案件编号")
    add_user_options(p)
    p.set_defaults(handler=_show)

    p = rsub.add_parser("list", help="案件列表（未办结、最紧急的在前）", parents=[common])
    p.add_argument(
        "--state",
        nargs="+",
        action="extend",
        default=[],
        choices=[s.value for s in RepairState],
        metavar="STATE",
        help="只列出这些状态：" + "，".join(f"{s.value} {s.label}" for s in RepairState),
    )
    p.add_argument("--open", action="store_true", help="只列出未办结的案件")
    p.add_argument("--awaiting-decision", action="store_true", help="只列出待主管审批的案件")
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
        help="案件版本（repair show 显示的版本）；案件已被他人处理时不办理",
    )
    add_user_options(p)


def _yes_no(p: argparse.ArgumentParser, yes: str, yes_help: str, no: str, no_help: str) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(yes, action="store_true", help=yes_help)
    group.add_argument(no, action="store_true", help=no_help)


def _material_options(p: argparse.ArgumentParser, *, evidence_required: bool) -> None:
    p.add_argument(
        "--evidence",
        required=evidence_required,
        metavar="FILE",
        help=f"{Material.EVIDENCE.label}扫描件（多页请合并为一个文件）",
    )
    p.add_argument("--commitment", metavar="FILE", help=f"{Material.COMMITMENT.label}扫描件")
    p.add_argument("--undertaking", metavar="FILE", help=f"{Material.UNDERTAKING.label}扫描件")
    p.add_argument("--application", metavar="FILE", help=f"{Material.APPLICATION.label}扫描件")


def _materials(args: argparse.Namespace) -> dict[Material, Upload]:
    """The material files given on the command line, read (a missing file exits 1)."""
    out: dict[Material, Upload] = {}
    for material, option in MATERIAL_OPTIONS.items():
        if material is Material.MANDATE:
            continue  # given with the agent (ApplicantInput.mandate)
        path = getattr(args, option.removeprefix("--"))
        if path:
            out[material] = read_upload(path, option)
    return out


def _in_order(materials: tuple[Material, ...]) -> list[Material]:
    """Materials in the order the rules list them (the case stores them sorted by value)."""
    order = list(Material)
    return sorted(materials, key=order.index)


def _material_text(materials: tuple[Material, ...]) -> str:
    return "、".join(f"{m.label}（{MATERIAL_OPTIONS[m]}）" for m in _in_order(materials))


# --- output --------------------------------------------------------------------------------


def repair_dict(case: RepairDetail) -> dict[str, Any]:
    """The JSON form of a case (``repair show --json`` and every action's result)."""
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
            "code": case.subject_display_code,
        },
        "applicant": {
            "name": case.applicant_name,
            "doc_number": case.applicant_display_number,
            "agent_name": case.agent_name,
            "phone": case.applicant_phone,
        },
        "lodged_with": case.lodged_with.value,
        "lodged_with_label": case.lodged_with.label,
        "received_on": iso(case.received_on),
        "corrected_on": iso(case.corrected_on),
        "provider": case.provider_name,
        "records": [
            {
                "id": r.id,
                "catalogue_item": r.catalogue_item,
                "document_number": r.document_number,
                "decision_date": iso(r.decision_date),
                "status": r.status.value,
                "status_label": r.status.label,
                "national_min_end": iso(r.national_min_end),
            }
            for r in case.records
        ],
        "conditions": [
            {
                "key": c.key,
                "label": c.label,
                "status": c.status.value,
                "status_label": c.status.label,
                "detail": c.detail,
                "basis": c.basis,
            }
            for c in case.conditions
        ],
        "materials": [_material_dict(m) for m in _in_order(case.materials)],
        "missing_materials": [_material_dict(m) for m in _in_order(case.missing_materials)],
        "decisions": [
            {
                "kind": d.kind.value,
                "kind_label": d.kind.label,
                "outcome": d.outcome,
                "outcome_label": d.outcome_label,
                "reasons": d.reasons,
                "document_number": d.document_number,
                "document_date": iso(d.document_date),
                "decided_by": d.decided_by,
                "decided_at": iso(d.decided_at),
            }
            for d in case.decisions
        ],
        "timeline": [
            {
                "occurred_at": iso(t.occurred_at),
                "step_label": t.step_label,
                "event": t.event,
                "event_label": t.event_label,
                "state_label": t.state_label,
                "actor": t.actor_name,
                "due_on": iso(t.due_on),
                "basis": t.basis,
                "note": t.note,
            }
            for t in case.timeline
        ],
        "documents": [
            {
                "number": number,
                "doc_type": doc_type.value,
                "label": doc_type.label,
                "issued_at": iso(issued_at),
            }
            for number, doc_type, issued_at in case.documents
        ],
        "attachments": [
            {
                "id": info.id,
                "kind": str(kind),
                "kind_label": _attachment_label(kind),
                "name": info.display_name,
                "media_type": info.media_type,
                "size_bytes": info.size_bytes,
                "sha256": info.sha256,
            }
            for info, kind in case.attachments
        ],
        "next_step": case.next_step,
        "next_step_label": case.next_step_label,
        "due_on": iso(case.due_on),
        "due_basis": case.due_basis,
        "working_days_left": case.working_days_left,
        "light": case.light.value,
        "light_label": case.light.label,
        "publicity_started_on": iso(case.publicity_started_on),
        "effective_on": iso(case.effective_on),
        "closed_on": iso(case.closed_on),
        "created_by": case.created_by,
        "prereviewed_by": case.prereviewed_by,
        "decided_by": case.decided_by,
        "assignee_name": case.assignee_name,
        "provider_confirmed": case.provider_confirmed,
        "open_objections": case.open_objections,
        "allowed": [{"event": e.value, "label": e.label} for e in case.allowed],
    }


def _material_dict(material: Material) -> dict[str, str]:
    return {"kind": material.value, "label": material.label, "option": MATERIAL_OPTIONS[material]}


def _attachment_label(kind: Material | str) -> str:
    if isinstance(kind, Material):
        return kind.label
    return _ATTACHMENT_LABELS.get(kind, kind)


def _next_text(case: RepairDetail) -> str:
    if not case.next_step_label:
        return ""
    text = f"下一步：{case.next_step_label}"
    if case.due_on:
        text += f"，期限 {case.due_on:%Y-%m-%d}{days_left(case.working_days_left)}"
        if case.light is not DueLight.NONE:
            text += f"［{case.light.label}］"
    return text


def _status_line(case: RepairDetail) -> str:
    parts = [f"当前状态：{case.state_label}"]
    following = _next_text(case)
    if following:
        parts.append(following)
    return "；".join(parts) + f"（版本 {case.row_version}）"


def _missing_line(case: RepairDetail) -> str:
    return (
        f"一次性告知尚缺材料：{_material_text(case.missing_materials)}；"
        f"收齐后用 creditdesk repair supplement {case.case_no} 一次补正。"
    )


def _finish(
    args: argparse.Namespace,
    case: RepairDetail,
    headline: str,
    document: IssuedDocumentResult | None = None,
    out: Path | None = None,
    extra: list[str] | None = None,
) -> int:
    data = repair_dict(case)
    lines = [f"信用修复案件 {case.case_no}：{headline}", _status_line(case)]
    if case.missing_materials:
        lines.append(_missing_line(case))
    lines.extend(extra or [])
    if document is not None and out is not None:
        data["document"] = document_dict(document, out)
        lines.append(f"已出具{document.doc_type.label} {document.number}：{out}")
        lines.extend(f"注意：{w}" for w in document.warnings)
    emit(args, data, "\n".join(lines))
    return 0


def _result_out(args: argparse.Namespace, result: RepairResult, headline: str) -> int:
    """Write the letter the action issued, if any (``--out``, default its file name)."""
    document = result.document
    if document is None:
        return _finish(args, result.case, headline)
    out = Path(args.out or document.file_name)
    write_pdf(out, document, "--out")
    return _finish(args, result.case, headline, document, out)


# --- running an action ---------------------------------------------------------------------


def _act(
    args: argparse.Namespace, action: Callable[[Database, Actor, int | None], RepairResult]
) -> RepairResult:
    """Run ``action(db, actor, expected_version)`` on the case ``args.case``."""
    from app.services import repairs as rp

    db, actor = begin(args)
    expected = args.expect_version
    if expected is None:
        expected = rp.get_repair(db, args.case, actor=actor, today=args.today).row_version
    return action(db, actor, expected)


def _step(
    args: argparse.Namespace, service: Callable[..., RepairResult], **options: Any
) -> RepairResult:
    """Call ``service(db, case, expected_version=…, actor=…, today=…, **options)``."""
    return _act(
        args,
        lambda db, actor, version: service(
            db, args.case, expected_version=version, actor=actor, today=args.today, **options
        ),
    )


# --- handlers ------------------------------------------------------------------------------


def _candidates(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    db, actor = begin(args)
    found = rp.candidates(db, args.subject, actor=actor, today=args.today)
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
                "provider": r.provider,
                "document_number": r.document_number,
                "decision_date": iso(r.decision_date),
                "status": r.status.value,
                "status_label": r.status.label,
                "info_class": r.info_class.value,
                "info_class_label": r.info_class.label,
                "repairable": r.repairable,
                "refusal": r.refusal,
                "national_min_end": iso(r.national_min_end),
            }
            for r in found.records
        ],
        "lodged_options": [{"value": o.value, "label": o.label} for o in found.lodged_options],
        "lodged_basis": found.lodged_basis,
        "conditions": list(found.conditions),
        "conditions_basis": found.conditions_basis,
        "materials_person": [_material_dict(m) for m in found.materials_person],
        "materials_with_agent": [_material_dict(m) for m in found.materials_with_agent],
        "clean_period_months": found.clean_period_months,
        "log_seq": found.log_seq,
    }
    repairable = sum(1 for r in found.records if r.repairable)
    lines = [
        f"{found.subject_name}（{found.display_code}）　共 {len(found.records)} 条信息，"
        f"可申请修复 {repairable} 条"
    ]
    for r in found.records:
        text = (
            f"  #{r.id}　{r.catalogue_item}　{r.document_number}　{r.decision_date:%Y-%m-%d}"
            f"　{r.provider}　{r.info_class.label}　{r.status.label}"
        )
        if r.repairable:
            text += "　可申请修复"
            if r.national_min_end:
                text += f"（最短公示期至 {r.national_min_end:%Y-%m-%d} 届满）"
        lines.append(text)
        if r.refusal:
            lines.append(f"      不能修复：{r.refusal}")
    lines.append(
        "受理渠道（"
        + found.lodged_basis
        + "）："
        + "、".join(f"{o.label}（--lodged-with {o.value}）" for o in found.lodged_options)
    )
    lines.append(f"修复条件（{found.conditions_basis}）：")
    lines.extend(f"  {i}. {c}" for i, c in enumerate(found.conditions, 1))
    if found.materials_person == found.materials_with_agent:
        lines.append("应提交材料：" + _material_text(found.materials_person))
    else:
        lines.append("本人申请应提交材料：" + _material_text(found.materials_person))
        lines.append("委托代理人申请应提交材料：" + _material_text(found.materials_with_agent))
    lines.append(f"查询日志第 {found.log_seq} 条。")
    emit(args, data, "\n".join(lines))
    return 0


def _apply(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    corrected_on = parse_date(args, "--corrected-on", "纠正日期")
    received_on = parse_date(args, "--received-on", "收到日期")
    materials = _materials(args)
    applicant = applicant_from(args)
    db, actor = begin(args)
    case = rp.apply(
        db,
        rp.RepairInput(
            subject_code=args.subject,
            record_ids=tuple(args.record),
            applicant=applicant,
            lodged_with=rp.Lodged(args.lodged_with),
            corrected_on=corrected_on,
            materials=materials,
            statement=args.statement,
            received_on=received_on,
        ),
        actor=actor,
        today=args.today,
    )
    extra = [
        f"条件不符合：{c.label}（{c.detail}；{c.basis}）"
        for c in case.conditions
        if c.status is ConditionStatus.NOT_MET and not c.key.startswith("material.")
    ]
    manual = sum(1 for c in case.conditions if c.status is ConditionStatus.MANUAL)
    if manual:
        extra.append(
            f"待人工确认的条件 {manual} 项：初审时核对材料后确认"
            f"（repair prereview {case.case_no} --confirm KEY 或 --confirm-all-manual）。"
        )
    headline = (
        f"已登记申请（{case.subject_name}，{len(case.records)} 条信息，{case.provider_name}，"
        f"向{case.lodged_with.label}提出）"
    )
    return _finish(args, case, headline, extra=extra)


def _supplement(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    materials = _materials(args)
    result = _step(args, rp.supplement, materials=materials)
    return _finish(args, result.case, "已补正材料，材料齐全")


def _accept(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    result = _step(args, rp.accept, note=args.note)
    return _finish(args, result.case, "已受理")


def _decline(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    result = _step(args, rp.decline, reasons=args.reasons)
    return _finish(args, result.case, "不予受理，案件终结")


def _forward(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    sent_on = parse_date(args, "--sent-on", "发出日期")
    result = _step(args, rp.forward, note=args.note, sent_on=sent_on)
    case = result.case
    return _finish(args, case, f"已送{case.provider_name or '信息提供单位'}书面确认")


def _confirm_provider(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    document_date = parse_date(args, "--document-date", "书面意见日期")
    assert document_date is not None  # the option is required
    document = read_upload(args.document, "--document") if args.document else None
    result = _step(
        args,
        rp.confirm_provider,
        agrees=args.agrees,
        document_number=args.document_number,
        document_date=document_date,
        opinion=args.opinion,
        document=document,
    )
    said = "同意修复" if args.agrees else "不同意修复"
    return _finish(args, result.case, f"已登记提供单位书面意见：{said}（{args.document_number}）")


def _prereview(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    db, actor = begin(args)
    given = args.expect_version
    seen = None
    if given is None or args.confirm or args.confirm_all_manual:
        # the read that shows the case (logged unless the version comes from `repair show`)
        seen = rp.get_repair(db, args.case, actor=actor, today=args.today, log=given is None)
    confirmed = _confirmed(args, seen) if seen is not None else ()
    expected = given if given is not None else seen.row_version if seen is not None else None
    result = rp.prereview(
        db,
        args.case,
        agrees=args.agrees,
        opinion=args.opinion,
        confirmed=confirmed,
        expected_version=expected,
        actor=actor,
        today=args.today,
    )
    said = "同意修复" if args.agrees else "不同意修复"
    extra = [f"已确认条件：{'、'.join(confirmed)}"] if confirmed else []
    return _finish(args, result.case, f"已初审（{said}），转主管审批", extra=extra)


def _confirmed(args: argparse.Namespace, case: RepairDetail) -> tuple[str, ...]:
    """The keys of the conditions confirmed by hand; only "待人工确认" ones can be."""
    manual = [c for c in case.conditions if c.status is ConditionStatus.MANUAL]
    if args.confirm_all_manual:
        return tuple(c.key for c in manual)
    by_key = {c.key: c for c in case.conditions}
    for key in args.confirm:
        check = by_key.get(key)
        if check is not None and check.status is ConditionStatus.MANUAL:
            continue
        why = "不存在" if check is None else f"由系统核对（{check.status.label}），不能人工确认"
        listed = "、".join(f"{c.key}（{c.label}）" for c in manual) or "无"
        raise invalid(
            "--confirm",
            f"条件 {key} {why}。可人工确认的条件：{listed}；"
            f"见 creditdesk repair show {case.case_no}。",
        )
    return tuple(dict.fromkeys(args.confirm))


def _decide(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    check_out(args.out, "--out")
    if args.reject:
        for option, value in (
            ("--opinion", args.opinion),
            ("--publicity-start", args.publicity_start),
        ):
            if value:
                raise invalid(
                    option,
                    f"{option} 只用于准予修复（--approve）；不予修复的理由请用 --reason 填写"
                    "（可重复）。",
                )
        result = _step(args, rp.reject, reasons=args.reason)
        return _result_out(args, result, "不予修复")

    if args.reason:
        raise invalid(
            "--reason",
            "--reason 是不予修复（--reject）的理由；准予修复的审批意见请用 --opinion 填写。",
        )
    start = parse_date(args, "--publicity-start", "公示开始日期")

    def approve(db: Database, actor: Actor, version: int | None) -> RepairResult:
        if start is not None:
            from app.rules.repair_flow import has_publicity
            from app.services.rules import current_profile

            profile = current_profile(db)
            if not has_publicity(profile):
                raise invalid(
                    "--publicity-start",
                    f"《{profile.regulation}》没有修复公示的规定，准予修复即生效，"
                    "--publicity-start 不适用。",
                )
        return rp.approve(
            db,
            args.case,
            opinion=args.opinion,
            publicity_start=start,
            expected_version=version,
            actor=actor,
            today=args.today,
        )

    result = _act(args, approve)
    case = result.case
    if case.state is RepairState.PUBLICIZED:
        headline = "已准予修复，开始公示"
        if case.publicity_started_on and case.due_on:
            headline += (
                f"（{case.publicity_started_on:%Y-%m-%d} 起，至 {case.due_on:%Y-%m-%d} 届满）"
            )
        extra = [
            "公示期满且无成立的异议后，用 creditdesk repair take-effect "
            f"{case.case_no} 办理修复生效，届时出具信用修复决定书"
            + ("（本次未出具文书，--out 未使用）" if args.out else "")
            + "。"
        ]
        if case.due_basis:
            extra.insert(0, f"  期限依据：{case.due_basis}")
        return _finish(args, case, headline, extra=extra)
    return _result_out(
        args, result, f"已准予修复，修复生效（{len(case.records)} 条信息不再公开、不再提供查询）"
    )


def _publicity_objection(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    received_on = parse_date(args, "--received-on", "收到日期")
    result = _step(
        args,
        rp.publicity_objection,
        objector=args.objector,
        statement=args.statement,
        received_on=received_on,
    )
    return _finish(
        args,
        result.case,
        f"已登记公示期异议（{args.objector}），核实前不能生效",
    )


def _resolve_objection(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    result = _step(
        args,
        rp.resolve_objection,
        founded=args.founded,
        finding=args.finding,
        document_number=args.document_number,
    )
    if args.founded:
        headline = "已登记核实结果：异议成立，应不予修复（repair decide --reject）"
    else:
        headline = "已登记核实结果：异议不成立，公示期满后可以生效"
    return _finish(args, result.case, headline)


def _take_effect(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    check_out(args.out, "--out")
    result = _step(args, rp.take_effect)
    n = len(result.case.records)
    return _result_out(args, result, f"修复生效（{n} 条信息不再公开、不再提供查询）")


def _revoke(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    result = _step(args, rp.revoke, reason=args.reason)
    return _finish(args, result.case, "已撤销修复，原信息恢复公开（修复记录保留在变更记录中）")


def _assign(args: argparse.Namespace) -> int:
    from app.services import repairs as rp
    from app.services.window_query import staff_actor

    def action(db: Database, actor: Actor, version: int | None) -> RepairResult:
        user_id = None if args.unassign else staff_actor(db, args.to).user_id
        return rp.assign(
            db, args.case, user_id=user_id, expected_version=version, actor=actor, today=args.today
        )

    result = _act(args, action)
    name = result.case.assignee_name
    return _finish(args, result.case, f"已分派给{name}" if name else "已退回待分派")


def _show(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    db, actor = begin(args)
    case = rp.get_repair(db, args.case, actor=actor, today=args.today)
    emit(args, repair_dict(case), "\n".join(_case_text(case)))
    return 0


_MARKS = {ConditionStatus.MET: "符合", ConditionStatus.NOT_MET: "不符合"}


def _case_text(case: RepairDetail) -> list[str]:
    from app.services.clock import format_local

    lines = [
        f"信用修复案件 {case.case_no}　{case.state_label}　版本 {case.row_version}",
        f"信用主体：{case.subject_name}（{case.subject_display_code}）",
        f"申请人：{case.applicant_name}（{case.applicant_display_number}）"
        + (f"　代理人：{case.agent_name}" if case.agent_name else "")
        + (f"　电话：{case.applicant_phone}" if case.applicant_phone else ""),
        f"收到日期：{case.received_on:%Y-%m-%d}　向{case.lodged_with.label}提出"
        + (f"　纠正日期：{case.corrected_on:%Y-%m-%d}" if case.corrected_on else "")
        + f"　信息提供单位：{case.provider_name}",
    ]
    people = [
        f"{role}：{name}"
        for role, name in (
            ("受理", case.created_by),
            ("初审", case.prereviewed_by),
            ("审批", case.decided_by),
        )
        if name
    ]
    lines.append("　".join(people))
    facts = []
    if case.provider_confirmed:
        facts.append("提供单位已出具书面意见")
    if case.publicity_started_on:
        facts.append(f"公示：{case.publicity_started_on:%Y-%m-%d} 起")
    if case.open_objections:
        facts.append(f"公示期异议待核实 {case.open_objections} 件")
    if case.effective_on:
        facts.append(f"生效：{case.effective_on:%Y-%m-%d}")
    if case.closed_on:
        facts.append(f"办结：{case.closed_on:%Y-%m-%d}")
    if facts:
        lines.append("　".join(facts))
    lines.append(f"经办人：{case.assignee_name or '（未分派）'}")
    following = _next_text(case)
    if following:
        lines.append(following)
        if case.due_basis:
            lines.append(f"  期限依据：{case.due_basis}")
    lines.append("【修复信息】")
    lines.extend(
        f"  #{r.id}　{r.catalogue_item}　{r.document_number}　{r.decision_date:%Y-%m-%d}"
        f"　{r.status.label}"
        + (f"　最短公示期至 {r.national_min_end:%Y-%m-%d}" if r.national_min_end else "")
        for r in case.records
    )
    lines.append("【修复条件】（键用于 repair prereview --confirm）")
    for c in case.conditions:
        mark = _MARKS.get(c.status, c.status.label)
        lines.append(f"  ［{mark}］{c.key}　{c.label}")
        lines.append(f"      {c.detail}；{c.basis}")
    lines.append("【材料】")
    lines.append("  已提交：" + ("、".join(m.label for m in _in_order(case.materials)) or "无"))
    if case.missing_materials:
        lines.append("  尚缺（一次性告知）：" + _material_text(case.missing_materials))
    lines.extend(
        f"  {_attachment_label(kind)}：{info.display_name}（{info.size_bytes} 字节）"
        for info, kind in case.attachments
    )
    if case.decisions:
        lines.append("【意见与决定】")
        for d in case.decisions:
            text = f"  {d.kind.label}：{d.outcome_label}"
            if d.document_number:
                text += f"　文号 {d.document_number}"
            if d.document_date:
                text += f"（{d.document_date:%Y-%m-%d}）"
            text += f"　{d.decided_by}　{format_local(d.decided_at)}"
            lines.append(text)
            if d.reasons:
                lines.append(f"      {d.reasons}")
    lines.append("【办理过程】")
    for t in case.timeline:
        when = format_local(t.occurred_at) if t.occurred_at else "待办"
        text = f"  {when}　{t.step_label}"
        if t.event and t.event_label != t.step_label:
            text += f"（{t.event_label}）"
        if t.actor_name:
            text += f"　{t.actor_name}"
        text += f"　→ {t.state_label}"
        if t.due_on:
            text += f"　期限 {t.due_on:%Y-%m-%d}"
        lines.append(text)
        if t.note:
            lines.append(f"      {'申请事由' if t.event == 'apply' else '意见'}：{t.note}")
        if t.basis:
            lines.append(f"      依据：{t.basis}")
    lines.append("【文书】" + ("" if case.documents else "无"))
    lines.extend(
        f"  {doc_type.label} {number}（{format_local(issued_at)}）"
        for number, doc_type, issued_at in case.documents
    )
    lines.append("现在可以办理：" + ("、".join(e.label for e in case.allowed) or "无"))
    return lines


def _list(args: argparse.Namespace) -> int:
    from app.services import repairs as rp

    db, actor = begin(args)
    flt = rp.RepairFilter(
        states=frozenset(RepairState(s) for s in args.state) or None,
        open_only=args.open,
        awaiting_decision=args.awaiting_decision,
        text=args.search,
    )
    rows, total = rp.list_repairs(db, actor=actor, flt=flt, limit=args.limit, today=args.today)
    data = {
        "total": total,
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
            }
            for r in rows
        ],
    }
    lines = []
    for r in rows:
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
        lines.append(text)
    shown = len(rows)
    lines.append(
        f"共 {total} 件" + (f"，列出前 {shown} 件" if shown < total else "") + "。"
        if total
        else "没有符合条件的信用修复案件。"
    )
    emit(args, data, "\n".join(lines))
    return 0


EXTRA_COMMANDS.append(register)
