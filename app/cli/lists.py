"""``creditdesk lists …`` and ``creditdesk alerts …`` (issue 10).

* ``lists show [--list red|black|key_attention] [--subject CODE] [--all] --user U --json``: the
  list memberships derived from the records, each with its list period's end and article;
  reading non-public memberships is logged in the query log (as in the GUI).
* ``lists link RECORD_ID --person ID_NUMBER [--name NAME] --role ROLE --user U --json``: link a
  legal person's serious dishonest record to a responsible person (Nantong 第二十九条).
* ``lists links RECORD_ID --user U``: the persons linked to a record.
* ``alerts list [--state open|handled] --user U``; ``alerts handle ALERT_ID --note TEXT
  [--expect-version N] --user U``: the Xiamen 第二十八条 alerts (three sectors' key-attention
  lists within twelve months).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXTRA_COMMANDS, emit
from app.cli.case_args import (
    add_user_options,
    begin,
    document_dict,
    invalid,
    iso,
    os_reason,
    write_pdf,
)

if TYPE_CHECKING:
    from app.services.lists import AlertRow, LinkRow, ListRow

_LISTS = ("red", "black", "key_attention")
_ROLES = ("legal_representative", "principal", "responsible_person")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``lists`` and ``alerts`` commands."""
    lists = sub.add_parser(
        "lists", help="红黑名单、重点关注名单；关联法定代表人及责任人", parents=[common]
    )
    lsub = lists.add_subparsers(title="子命令", metavar="ACTION")

    p = lsub.add_parser("show", help="列出名单（含名单期限届满日及依据）", parents=[common])
    p.add_argument("--list", choices=_LISTS, help="只看一种名单")
    p.add_argument("--subject", metavar="CODE", help="只看一个信用主体")
    p.add_argument("--all", action="store_true", help="包括期限已届满的")
    p.add_argument("--limit", type=int, default=200, help="最多列出多少条（默认 200）")
    add_user_options(p)
    p.set_defaults(handler=_show)

    p = lsub.add_parser(
        "link",
        help="将法人的严重失信信息关联到法定代表人或责任人（南通第二十九条）",
        parents=[common],
    )
    p.add_argument("record_id", type=int, metavar="RECORD_ID")
    p.add_argument("--person", required=True, metavar="ID_NUMBER", help="责任人居民身份证号码")
    p.add_argument("--name", default="", help="责任人姓名（系统中尚无此人时必填）")
    p.add_argument("--role", required=True, choices=_ROLES, help="责任人身份")
    add_user_options(p)
    p.set_defaults(handler=_link)

    p = lsub.add_parser("links", help="列出一条信用信息关联的责任人", parents=[common])
    p.add_argument("record_id", type=int, metavar="RECORD_ID")
    add_user_options(p)
    p.set_defaults(handler=_links)

    alerts = sub.add_parser(
        "alerts", help="信用提示（十二个月内被列入三个以上行业重点关注名单）", parents=[common]
    )
    asub = alerts.add_subparsers(title="子命令", metavar="ACTION")
    p = asub.add_parser("list", help="列出信用提示", parents=[common])
    p.add_argument("--state", choices=("open", "handled"), help="只看待处理或已处理的")
    add_user_options(p)
    p.set_defaults(handler=_alerts_list)
    p = asub.add_parser(
        "handle",
        help="处理信用提示（审核主管）：出具告知书和提醒函，登记处理情况",
        parents=[common],
    )
    p.add_argument("alert_id", type=int, metavar="ALERT_ID")
    p.add_argument("--note", required=True, help="处理情况：如何告知主体、提醒提供单位")
    p.add_argument(
        "--out-dir",
        metavar="DIR",
        help="告知书、提醒函 PDF 的保存目录（默认当前目录，按文书编号命名）",
    )
    p.add_argument(
        "--expect-version", type=int, help="提示的版本号（alerts list 显示；默认读取当前版本）"
    )
    add_user_options(p)
    p.set_defaults(handler=_alerts_handle)


# --- lists ---------------------------------------------------------------------------------


def _list_dict(r: ListRow) -> dict[str, Any]:
    return {
        "record_id": r.record_id,
        "subject_code": r.subject_code,
        "subject_name": r.subject_name,
        "list": r.list_type.value,
        "list_label": r.list_label,
        "provider": r.provider_name,
        "catalog_code": r.catalog_code,
        "catalog_name": r.catalog_name,
        "document_number": r.document_number,
        "listed_on": iso(r.listed_on),
        "ends_on": iso(r.ends_on),
        "basis": r.basis,
        "current": r.current,
        "public": r.public,
        "extended": r.extended,
        "note": r.note,
    }


def _show(args: argparse.Namespace) -> int:
    from app.services.lists import list_memberships

    db, actor = begin(args)
    page = list_memberships(
        db,
        actor=actor,
        list_type=args.list,
        subject_code=args.subject,
        limit=args.limit,
        today=args.today,
        current_only=not args.all,
    )
    lines = [
        f"{r.list_label}　{r.subject_name}（{r.subject_code}）　{r.provider_name}　"
        f"列入 {iso(r.listed_on)}　至 {iso(r.ends_on) or '（无期限规定）'}"
        f"{'　' + r.basis if r.basis else ''}{'' if r.current else '　已届满'}"
        for r in page.rows
    ] or ["没有符合条件的名单信息。"]
    if page.next_key is not None:
        lines.append(f"（只列出前 {len(page.rows)} 条，用 --limit 列出更多）")
    emit(
        args,
        {"rows": [_list_dict(r) for r in page.rows], "more": page.next_key is not None},
        "\n".join(lines),
    )
    return 0


def _link_dict(r: LinkRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "record_id": r.record_id,
        "organisation_code": r.organisation_code,
        "organisation_name": r.organisation_name,
        "catalog_name": r.catalog_name,
        "document_number": r.document_number,
        "person_code": r.person_code,
        "person_name": r.person_name,
        "role": r.role,
        "role_label": r.role_label,
        "basis": r.basis,
    }


def _link(args: argparse.Namespace) -> int:
    from app.services.lists import link_responsible_person

    db, actor = begin(args)
    row = link_responsible_person(
        db, args.record_id, args.person, args.role, actor=actor, name=args.name
    )
    emit(
        args,
        _link_dict(row),
        f"已将 {row.organisation_name} 的信用信息 {row.record_id}（{row.catalog_name}）"
        f"关联到{row.role_label} {row.person_name}（{row.person_code}），{row.basis}。",
    )
    return 0


def _links(args: argparse.Namespace) -> int:
    from app.services.lists import links_of

    db, actor = begin(args)
    rows = links_of(db, args.record_id, actor=actor)
    text = (
        "\n".join(f"{r.role_label} {r.person_name}（{r.person_code}），{r.basis}" for r in rows)
        or f"信用信息 {args.record_id} 没有关联责任人。"
    )
    emit(args, {"rows": [_link_dict(r) for r in rows]}, text)
    return 0


# --- alerts --------------------------------------------------------------------------------


def _alert_dict(a: AlertRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind,
        "kind_label": a.kind_label,
        "subject_code": a.subject_code,
        "subject_name": a.subject_name,
        "raised_on": iso(a.raised_on),
        "basis": a.basis,
        "state": a.state,
        "state_label": a.state_label,
        "handled_on": iso(a.handled_on),
        "handled_by": a.handled_by,
        "note": a.note,
        "version": a.row_version,
        "action": a.action,
        "records": [
            {
                "record_id": r.record_id,
                "provider": r.provider,
                "catalog_name": r.catalog_name,
                "listed_on": iso(r.listed_on),
            }
            for r in a.records
        ],
    }


def _alert_text(a: AlertRow) -> str:
    head = (
        f"[{a.id}] {a.state_label}　{a.subject_name}（{a.subject_code}）　{a.raised_on}　"
        f"{a.kind_label}（{a.basis}）　版本 {a.row_version}"
    )
    body = [f"    {r.listed_on}　{r.provider}　{r.catalog_name}" for r in a.records]
    tail = [f"    应办：{a.action}"] if a.state == "open" else [f"    处理：{a.note}"]
    return "\n".join([head, *body, *tail])


def _alerts_list(args: argparse.Namespace) -> int:
    from app.services.lists import list_alerts

    db, actor = begin(args)
    rows = list_alerts(db, actor=actor, state=args.state)
    text = "\n".join(_alert_text(a) for a in rows) or "没有信用提示。"
    emit(args, {"rows": [_alert_dict(a) for a in rows]}, text)
    return 0


def _alerts_handle(args: argparse.Namespace) -> int:
    from app.services.lists import handle_alert, list_alerts

    folder = Path(args.out_dir) if args.out_dir else Path()
    try:  # before anything is issued: the letters must have somewhere to go
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = os_reason(exc)
        raise invalid("--out-dir", f"无法创建目录 {folder}（--out-dir）：{reason}。") from None
    db, actor = begin(args)
    version = args.expect_version
    if version is None:
        current = {a.id: a for a in list_alerts(db, actor=actor)}
        version = current[args.alert_id].row_version if args.alert_id in current else 0
    row = handle_alert(
        db, args.alert_id, note=args.note, actor=actor, expected_version=version, today=args.today
    )
    lines = [f"信用提示 {row.id} 已处理：{row.note}"]
    letters = []
    for document in row.issued:
        out = folder / document.file_name
        write_pdf(out, document, "--out-dir")
        letters.append(document_dict(document, out))
        lines.append(f"已出具{document.doc_type.label} {document.number}：{out}")
    emit(args, _alert_dict(row) | {"letters": letters}, "\n".join(lines))
    return 0


EXTRA_COMMANDS.append(register)
