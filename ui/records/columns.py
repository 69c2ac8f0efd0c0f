"""Columns of the record-history dialog: the versions and the provider notices."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from app.services.clock import format_local
from app.services.provider_notices import NoticeRow, VersionRow
from ui.cases.common import RED_TEXT
from ui.models.columns import CENTER, Column


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _source(row: VersionRow) -> str:
    kind, _sep, ident = row.source_ref.partition(":")
    names = {
        "provider_notice": QCoreApplication.translate("RecordColumns", "提供单位通知"),
        "intake_batch": QCoreApplication.translate("RecordColumns", "归集批次"),
        "objection": QCoreApplication.translate("RecordColumns", "异议"),
        "repair": QCoreApplication.translate("RecordColumns", "信用修复"),
    }
    return f"{names.get(kind, kind)} {ident}".strip() if row.source_ref else ""


def version_columns() -> list[Column]:
    return [
        Column(
            "version_no",
            QCoreApplication.translate("RecordColumns", "版本"),
            lambda r: str(r.version_no),
            CENTER,
            52,
        ),
        Column(
            "change_kind",
            QCoreApplication.translate("RecordColumns", "变更类型"),
            lambda r: r.change_kind_label,
            width=120,
        ),
        Column(
            "changed_at",
            QCoreApplication.translate("RecordColumns", "变更时间"),
            lambda r: format_local(r.changed_at),
            width=130,
        ),
        Column(
            "changed_by",
            QCoreApplication.translate("RecordColumns", "办理人"),
            lambda r: r.changed_by,
            width=80,
        ),
        Column("source", QCoreApplication.translate("RecordColumns", "依据"), _source, width=120),
        Column(
            "changes",
            QCoreApplication.translate("RecordColumns", "变更项目"),
            lambda r: "、".join(c.label for c in r.changes),
            width=180,
            tooltip=lambda r: "\n".join(f"{c.label}：{c.old} → {c.new}" for c in r.changes),
        ),
        Column(
            "reason",
            QCoreApplication.translate("RecordColumns", "原因"),
            lambda r: r.reason,
            width=240,
            tooltip=lambda r: r.reason,
        ),
    ]


def _report_due(row: NoticeRow) -> str:
    if row.report_due is None:
        return ""
    late = QCoreApplication.translate("RecordColumns", " 逾期") if row.reported_late else ""
    return _day(row.report_due) + late


def _apply_due(row: NoticeRow) -> str:
    if row.apply_due is None:
        return ""
    late = QCoreApplication.translate("RecordColumns", " 逾期") if row.applied_late else ""
    return _day(row.apply_due) + late


def notice_columns() -> list[Column]:
    return [
        Column(
            "kind",
            QCoreApplication.translate("RecordColumns", "类型"),
            lambda r: r.kind_label,
            CENTER,
            52,
        ),
        Column(
            "reference",
            QCoreApplication.translate("RecordColumns", "来文文号"),
            lambda r: r.reference,
            width=140,
        ),
        Column(
            "provider",
            QCoreApplication.translate("RecordColumns", "提供单位"),
            lambda r: r.provider_name,
            width=120,
        ),
        Column(
            "changed_on",
            QCoreApplication.translate("RecordColumns", "文书变更日"),
            lambda r: _day(r.changed_on),
            width=90,
        ),
        Column(
            "received_on",
            QCoreApplication.translate("RecordColumns", "收到日期"),
            lambda r: _day(r.received_on),
            width=90,
        ),
        Column(
            "report_due",
            QCoreApplication.translate("RecordColumns", "报送期限"),
            _report_due,
            width=125,
            tooltip=lambda r: r.report_basis,
            foreground=lambda r: RED_TEXT if r.reported_late else None,
        ),
        Column(
            "apply_due",
            QCoreApplication.translate("RecordColumns", "处理期限"),
            _apply_due,
            width=125,
            tooltip=lambda r: r.apply_basis,
            foreground=lambda r: RED_TEXT if r.applied_late else None,
        ),
        Column(
            "applied_on",
            QCoreApplication.translate("RecordColumns", "登记日期"),
            lambda r: _day(r.applied_on),
            width=90,
        ),
        Column(
            "version_no",
            QCoreApplication.translate("RecordColumns", "版本"),
            lambda r: "" if r.version_no is None else str(r.version_no),
            CENTER,
            44,
        ),
        Column(
            "reason",
            QCoreApplication.translate("RecordColumns", "理由"),
            lambda r: r.reason,
            width=120,
            tooltip=lambda r: r.reason,
        ),
    ]
