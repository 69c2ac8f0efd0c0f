"""Columns of the list tables and of the alert table (data, translated headers)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.services.lists import AlertRow, ListRow
from ui.models.columns import CENTER, Column


def _tr(text: str) -> str:
    return QCoreApplication.translate("ListColumns", text)


def _ends(row: ListRow) -> str:
    if row.ends_on is None:
        return _tr("无期限规定")
    text = row.ends_on.isoformat()
    if not row.current:
        text += _tr("（已届满）")
    elif row.extended:
        text += _tr("（二年）")
    return text


def list_columns() -> list[Column]:
    return [
        Column("subject", _tr("信用主体"), lambda r: r.subject_name, width=230),
        Column("code", _tr("代码"), lambda r: r.subject_code, width=170),
        Column("list", _tr("名单"), lambda r: r.list_label, width=190),
        Column("provider", _tr("提供单位"), lambda r: r.provider_name, width=170),
        Column("item", _tr("信息项"), lambda r: r.catalog_name, width=200),
        Column("listed", _tr("列入日期"), lambda r: r.listed_on.isoformat(), CENTER, width=96),
        Column(
            "ends",
            _tr("届满日期"),
            _ends,
            CENTER,
            width=130,
            tooltip=lambda r: r.note or None,
            foreground=lambda r: None if r.current else "#9aa0a6",
        ),
        Column("basis", _tr("依据"), lambda r: r.basis or "—", width=100),
        Column(
            "public",
            _tr("公开属性"),
            lambda r: _tr("社会公开") if r.public else _tr("非公开（查阅留痕）"),
            width=130,
        ),
    ]


def alert_columns() -> list[Column]:
    return [
        Column(
            "state",
            _tr("状态"),
            lambda a: a.state_label,
            CENTER,
            width=70,
            foreground=lambda a: "#c5221f" if a.state == "open" else "#188038",
        ),
        Column("raised", _tr("提示日期"), lambda a: a.raised_on.isoformat(), CENTER, width=96),
        Column("subject", _tr("信用主体"), lambda a: a.subject_name, width=220),
        Column("code", _tr("代码"), lambda a: a.subject_code, width=170),
        Column("kind", _tr("提示事项"), lambda a: a.kind_label, width=300),
        Column("providers", _tr("提供单位"), lambda a: "、".join(a.providers), width=300),
        Column("handled", _tr("处理情况"), lambda a: _handled(a), width=260),
    ]


def _handled(a: AlertRow) -> str:
    if a.state != "handled":
        return ""
    return f"{a.handled_on.isoformat() if a.handled_on else ''} {a.handled_by}：{a.note}"
