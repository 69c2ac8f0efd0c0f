"""Columns of the window-query tables: the shown records and the subject's grants."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.services.grants import GrantRow
from app.services.record_view import ShownRecord
from ui.models.columns import CENTER, Column

MARK_COLOUR = "#c5221f"


def _t(text: str) -> str:
    return QCoreApplication.translate("WindowQueryColumns", text)


def _date(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def record_columns() -> list[Column]:
    return [
        Column("catalog", _t("信息项目"), lambda r: r.catalog_name, width=180),
        Column("provider", _t("提供单位"), lambda r: r.provider_name, width=230),
        Column("document", _t("文书号"), lambda r: r.document_number, width=170),
        Column("decided", _t("决定日期"), lambda r: _date(r.decision_date), CENTER, 96),
        Column("until", _t("披露截止"), lambda r: _last_day(r), CENTER, 96),
        Column(
            "marks",
            _t("标注"),
            lambda r: "、".join(r.annotation_labels),
            width=110,
            foreground=lambda r: MARK_COLOUR if r.annotations else None,
        ),
    ]


def _last_day(record: ShownRecord) -> str:
    if record.last_visible_day is None:
        return _t("长期")
    return record.last_visible_day.isoformat()


def grant_columns() -> list[Column]:
    return [
        Column("id", _t("授权编号"), lambda g: str(g.id), CENTER, 70),
        Column(
            "grantee",
            _t("被授权人"),
            lambda g: f"{g.grantee_name}（{g.grantee_display_number}）",
            width=220,
        ),
        Column("scope", _t("授权范围"), lambda g: "、".join(g.scope_labels), width=200),
        Column("purpose", _t("约定用途"), lambda g: g.purpose, width=140),
        Column(
            "valid",
            _t("有效期"),
            lambda g: f"{g.valid_from.isoformat()} 至 {g.valid_to.isoformat()}",
            CENTER,
            190,
        ),
        Column("method", _t("方式"), lambda g: g.method.label, CENTER, 90),
        Column(
            "state",
            _t("状态"),
            lambda g: g.state_label,
            CENTER,
            70,
            foreground=lambda g: None if g.state == "valid" else MARK_COLOUR,
        ),
    ]


def grant_tooltip(grant: GrantRow) -> str:
    if grant.revoked_reason:
        return _t("撤销原因：{0}").format(grant.revoked_reason)
    return ""


def fill_table(table: object, columns: list[Column], rows: list[Any] | tuple[Any, ...]) -> None:
    """Fill a QTableWidget with ``rows`` (DTOs) shown through ``columns``."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    assert isinstance(table, QTableWidget)
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels([c.header for c in columns])
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            item = QTableWidgetItem(column.text(row))
            item.setTextAlignment(column.align)
            colour = column.foreground(row) if column.foreground else None
            if colour:
                item.setForeground(QColor(colour))
            if column.tooltip:
                tip = column.tooltip(row)
                if tip:
                    item.setToolTip(tip)
            table.setItem(r, c, item)
    for c, column in enumerate(columns):
        table.setColumnWidth(c, column.width)
