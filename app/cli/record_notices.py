"""``creditdesk record history|correct|revoke``: a record's versions, and the provider's
corrections and revocations (issue 10; Weihai arts. 18 and 31, Wuhan art. 33, Zhangdian
art. 33). Registered by ``app.cli.record``.

Same service, same checks, same Chinese as the GUI's 版本历史 dialog. ``--user`` names the
accountable staff member: reading a history needs 查看信用信息的版本历史 (clerks, supervisors,
auditors) and is written to the query log; recording a notice is for supervisors. A notice
must come from the record's own provider (``--provider``) with its reference number and
reason — the center never changes a record on its own (Weihai art. 18). ``--expected-version``
is the record's version shown by ``record history``; a stale one exits 1 with the conflict.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli import emit
from app.cli.case_args import add_user_options, begin, invalid, iso, parse_date

if TYPE_CHECKING:
    from app.services.provider_notices import NoticeRow, RecordHistory


def register_actions(rsub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's ``record`` subcommands."""
    p = rsub.add_parser(
        "history",
        help="信用信息的版本历史：每个版本改了什么、依据哪份通知、谁在何时办理（记入查询日志）",
        parents=[common],
    )
    p.add_argument("record_id", type=int, metavar="RECORD_ID", help="信用信息编号")
    add_user_options(p)
    p.set_defaults(handler=_history)

    p = rsub.add_parser(
        "correct",
        help="登记信息提供单位的更正通知并更正信息（生成新版本，原版本保留）",
        parents=[common],
    )
    _notice_options(p)
    p.add_argument(
        "--set",
        dest="changes",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help="更正的项目及更正后的值（可重复），项目可写字段名或中文名，"
        "如 severity=严重、decision_date=2026-03-05、处罚结果=警告",
    )
    p.set_defaults(handler=_correct)

    p = rsub.add_parser(
        "revoke",
        help="登记信息提供单位的撤销通知并撤销信息（不再提供查询，记录保留）",
        parents=[common],
    )
    _notice_options(p)
    p.set_defaults(handler=_revoke)


def _notice_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("record_id", type=int, metavar="RECORD_ID", help="信用信息编号")
    p.add_argument("--provider", required=True, metavar="CODE", help="发出通知的信息提供单位代码")
    p.add_argument("--reference", required=True, help="来文文号")
    p.add_argument("--reason", required=True, help="更正或撤销的理由（通知所述）")
    p.add_argument(
        "--changed-on",
        required=True,
        metavar="DATE",
        help="法律文书撤销或变更（或提供单位发现信息有误）的日期 YYYY-MM-DD",
    )
    p.add_argument("--received-on", required=True, metavar="DATE", help="收到通知的日期 YYYY-MM-DD")
    p.add_argument(
        "--expected-version",
        required=True,
        type=int,
        metavar="N",
        help="办理时看到的信息版本号（见 record history）",
    )
    add_user_options(p)


def _pairs(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise invalid("--set", f"--set “{text}” 应写成 项目=值，例如 severity=严重。")
        out[name.strip()] = value.strip()
    return out


def notice_dict(n: NoticeRow) -> dict[str, Any]:
    return {
        "id": n.id,
        "record_id": n.record_id,
        "kind": n.kind.value,
        "kind_label": n.kind_label,
        "provider": {"code": n.provider_code, "name": n.provider_name},
        "reference": n.reference,
        "reason": n.reason,
        "changed_on": iso(n.changed_on),
        "received_on": iso(n.received_on),
        "report_due": iso(n.report_due),
        "apply_due": iso(n.apply_due),
        "applied_on": iso(n.applied_on),
        "reported_late": n.reported_late,
        "applied_late": n.applied_late,
        "report_basis": n.report_basis,
        "apply_basis": n.apply_basis,
        "changes": [
            {"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in n.changes
        ],
        "version_no": n.version_no,
        "created_by": n.created_by,
        "record_version": n.record_version,
        "record_status": n.record_status.value,
    }


def _notice_text(n: NoticeRow) -> list[str]:
    lines = [
        f"{n.kind_label}通知 {n.reference}（{n.provider_name}）　理由：{n.reason}",
        f"  文书撤销或变更日期 {n.changed_on:%Y-%m-%d}，收到通知 {n.received_on:%Y-%m-%d}，"
        f"登记 {iso(n.applied_on) or ''}，生成第 {n.version_no} 版",
    ]
    if n.report_due:
        late = "（提供单位逾期报送）" if n.reported_late else ""
        lines.append(f"  提供单位报送期限：{n.report_due:%Y-%m-%d}{late}　{n.report_basis}")
    if n.apply_due:
        late = "（平台逾期处理）" if n.applied_late else ""
        lines.append(f"  平台处理期限：{n.apply_due:%Y-%m-%d}{late}　{n.apply_basis}")
    lines += [f"  {c.label}：{c.old or '（空）'} → {c.new or '（空）'}" for c in n.changes]
    return lines


def history_dict(h: RecordHistory) -> dict[str, Any]:
    head = h.header
    return {
        "header": {
            "record_id": head.record_id,
            "subject_name": head.subject_name,
            "subject_code": head.subject_display_code,
            "catalog_code": head.catalog_code,
            "catalog_name": head.catalog_name,
            "provider": {"code": head.provider_code, "name": head.provider_name},
            "document_number": head.document_number,
            "status": head.status.value,
            "status_label": head.status_label,
            "row_version": head.row_version,
        },
        "versions": [
            {
                "version_no": v.version_no,
                "change_kind": v.change_kind.value,
                "change_kind_label": v.change_kind_label,
                "reason": v.reason,
                "source_ref": v.source_ref,
                "changed_by": v.changed_by,
                "changed_at": v.changed_at.isoformat(),
                "changes": [
                    {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                    for c in v.changes
                ],
                "snapshot": {f.field: f.value for f in v.snapshot},
            }
            for v in h.versions
        ],
        "notices": [notice_dict(n) for n in h.notices],
        "log_seq": h.log_seq,
    }


def _history_text(h: RecordHistory) -> str:
    from app.services.clock import format_local

    head = h.header
    lines = [
        f"信用信息 {head.record_id}　{head.catalog_name}　{head.status_label}　"
        f"当前第 {head.row_version} 版",
        f"信用主体：{head.subject_name}（{head.subject_display_code}）　"
        f"提供单位：{head.provider_name}（{head.provider_code}）　文书号：{head.document_number}",
        "",
    ]
    for v in h.versions:
        who = f"　{v.changed_by}" if v.changed_by else ""
        lines.append(
            f"第 {v.version_no} 版　{v.change_kind_label}　{format_local(v.changed_at)}{who}"
            + (f"　依据 {v.source_ref}" if v.source_ref else "")
        )
        if v.reason:
            lines.append(f"  {v.reason}")
        if v.version_no > 1:
            lines += [f"  {c.label}：{c.old or '（空）'} → {c.new or '（空）'}" for c in v.changes]
    if h.notices:
        lines += ["", "提供单位通知："]
        for n in h.notices:
            lines += _notice_text(n)
    return "\n".join(lines)


def _history(args: argparse.Namespace) -> int:
    from app.services.provider_notices import record_history

    db, actor = begin(args)
    history = record_history(db, args.record_id, actor=actor, today=args.today)
    emit(args, history_dict(history), _history_text(history))
    return 0


def _record(args: argparse.Namespace, kind: str, changes: dict[str, str]) -> int:
    from app.services.provider_notices import NoticeInput, record_provider_notice

    changed_on = parse_date(args, "--changed-on", "文书撤销或变更日期")
    received_on = parse_date(args, "--received-on", "收到通知日期")
    db, actor = begin(args)
    row = record_provider_notice(
        db,
        NoticeInput(
            record_id=args.record_id,
            kind=kind,
            provider_code=args.provider,
            reference=args.reference,
            reason=args.reason,
            changed_on=changed_on,
            received_on=received_on,
            changes=changes,
        ),
        actor=actor,
        today=args.today,
        expected_version=args.expected_version,
    )
    done = "已更正，原版本保留在版本历史中" if kind == "correction" else "已撤销，不再提供查询"
    text = "\n".join([f"信用信息 {row.record_id} {done}（当前第 {row.version_no} 版）。"])
    emit(args, notice_dict(row), text + "\n" + "\n".join(_notice_text(row)))
    return 0


def _correct(args: argparse.Namespace) -> int:
    return _record(args, "correction", _pairs(args.changes))


def _revoke(args: argparse.Namespace) -> int:
    return _record(args, "revocation", {})
