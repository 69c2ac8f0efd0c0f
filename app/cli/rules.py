"""``creditdesk rules …``: the jurisdiction profiles (stable JSON; operators script it)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.cli import EXTRA_COMMANDS, date_arg, emit, open_database
from app.domain.enums import InfoClass, ListType, PenaltyClass, Severity
from app.domain.permissions import Actor
from app.rules.profiles import STEP_IDS


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    rules = sub.add_parser("rules", help="辖区规则（五地公共信用信息管理办法）", parents=[common])
    rsub = rules.add_subparsers(title="子命令", metavar="ACTION")

    p = rsub.add_parser("list", help="列出可用的辖区规则", parents=[common])
    p.set_defaults(handler=_list)

    p = rsub.add_parser("show", help="显示一个辖区规则的全部内容", parents=[common])
    p.add_argument("profile")
    p.set_defaults(handler=_show)

    p = rsub.add_parser("use", help="设置本系统适用的辖区规则（保存在数据库中）", parents=[common])
    p.add_argument("profile")
    p.set_defaults(handler=_use)

    p = rsub.add_parser("deadline", help="某办理环节的法定期限（工作日）", parents=[common])
    p.add_argument("--profile", help="辖区规则编号（默认：本系统设置的规则）")
    p.add_argument(
        "--step",
        required=True,
        choices=STEP_IDS,
        metavar="STEP",
        help="环节编号：" + "、".join(STEP_IDS),
    )
    p.add_argument("--from", dest="start", required=True, type=date_arg, help="起算日 YYYY-MM-DD")
    p.add_argument("--assisted", action="store_true", help="需其他单位协助核查（威海 7 个工作日）")
    p.set_defaults(handler=_deadline)

    p = rsub.add_parser("disclosure-end", help="失信等信息的披露期限", parents=[common])
    p.add_argument("--profile", help="辖区规则编号（默认：本系统设置的规则）")
    p.add_argument(
        "--class", dest="info_class", required=True, choices=[c.value for c in InfoClass]
    )
    p.add_argument("--severity", choices=[s.value for s in Severity])
    p.add_argument(
        "--list", dest="list_type", default="none", choices=[lt.value for lt in ListType]
    )
    p.add_argument("--act-ended", type=date_arg, help="失信行为或事件终止之日")
    p.add_argument("--formed", type=date_arg, help="不良记录形成之日")
    p.add_argument("--determined", type=date_arg, help="认定之日（行政处罚决定日）")
    p.add_argument("--listed", type=date_arg, help="列入名单之日")
    p.add_argument(
        "--penalty-class",
        choices=[c.value for c in PenaltyClass],
        help="行政处罚信息的国家分类：轻微 / 一般 / 严重",
    )
    p.add_argument(
        "--extended",
        action="store_true",
        help="信息提供单位已决定将重点关注名单的公示期调整为二年（厦门第二十八条）",
    )
    p.add_argument("--sector", help="行业领域（令第58号特殊领域，如 安全生产）")
    p.set_defaults(handler=_disclosure_end)


def _profile_arg(args: argparse.Namespace) -> str:
    if args.profile:
        return str(args.profile)
    from app.services import rules

    return rules.current_profile(open_database(args)).id


def _list(args: argparse.Namespace) -> int:
    from app.services import rules

    profiles = rules.available_profiles()
    emit(
        args,
        [
            {
                "id": p.id,
                "name": p.name,
                "regulation": p.regulation,
                "document_number": p.document_number,
                "status": p.status,
                "valid_from": _iso(p.valid_from),
                "valid_to": _iso(p.valid_to),
                "division_code": p.division_code,
            }
            for p in profiles
        ],
        "\n".join(
            f"{p.id:<10} {p.name:<6} 《{p.regulation}》"
            + (f"（{p.document_number}）" if p.document_number else "")
            + ("（征求意见稿）" if p.status == "draft" else "")
            for p in profiles
        ),
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    import json

    from app.services import rules

    document = rules.profile_document(args.profile)
    emit(args, document, json.dumps(document, ensure_ascii=False, indent=2))
    return 0


def _use(args: argparse.Namespace) -> int:
    from app.services import rules

    chosen = rules.set_current_profile(open_database(args), args.profile, actor=Actor.operator())
    emit(
        args,
        {"profile": chosen.id},
        f"本系统适用的辖区规则已设为：{chosen.name}《{chosen.regulation}》",
    )
    return 0


def _deadline(args: argparse.Namespace) -> int:
    from app.services import rules

    profile_id = _profile_arg(args)
    found = rules.deadline(
        open_database(args),
        profile_id=profile_id,
        step=args.step,
        start=args.start,
        assisted=args.assisted,
    )
    data = {
        "profile": profile_id,
        "step": found.step if found else args.step,
        "from": args.start.isoformat(),
        "working_days": found.working_days if found else None,
        "due": found.due.isoformat() if found else None,
        "basis": found.basis if found else None,
    }
    text = (
        f"{found.due.isoformat()}（{found.working_days} 个工作日，{found.citation}）"
        if found
        else f"该辖区规则未规定“{args.step}”环节的期限。"
    )
    emit(args, data, text)
    return 0


def _disclosure_end(args: argparse.Namespace) -> int:
    from app.services import rules

    profile_id = _profile_arg(args)
    answer = rules.disclosure(
        profile_id=profile_id,
        info_class=InfoClass(args.info_class),
        severity=Severity(args.severity) if args.severity else None,
        list_type=ListType(args.list_type),
        act_ended=args.act_ended,
        formed=args.formed,
        determined=args.determined,
        listed=args.listed,
        period_extended=args.extended,
        penalty_class=PenaltyClass(args.penalty_class) if args.penalty_class else None,
        sector=args.sector,
    )
    local, national, effective = answer.local, answer.local.national, answer.effective
    data: dict[str, Any] = {
        "profile": profile_id,
        "last_visible_day": _iso(local.last_visible_day),
        "basis": local.basis,
        "counted_from": local.counted_from.value if local.counted_from else None,
        "on_expiry": local.on_expiry,
        "national": None
        if national is None
        else {
            "version": national.version,
            "published": national.published,
            "min_end": _iso(national.min_end),
            "max_end": _iso(national.max_end),
            "basis": national.basis,
        },
        "effective": {
            "last_visible_day": _iso(effective.last_visible_day),
            "source": effective.source,
            "basis": effective.basis,
        },
    }
    lines = [
        f"本地披露期限最后一日：{_iso(local.last_visible_day) or '无期限'}"
        + (f"（{local.citation}）" if local.citation else "")
    ]
    if national is not None:
        lines.append(
            f"国家层面（{national.version}）：公示最短至 {_iso(national.min_end) or '—'}，"
            f"最长至 {_iso(national.max_end) or '—'}"
            + ("" if national.published else "（不予公示）")
        )
    lines.append(f"本系统采用：{_iso(effective.last_visible_day) or '无期限'}")
    emit(args, data, "\n".join(lines))
    return 0


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


EXTRA_COMMANDS.append(register)
