"""Columns of the intake screen's two tables: the rejected rows of a run and recent batches."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.rules.intake_rules import LABELS
from app.services.clock import format_local
from app.services.intake import RejectedRow
from ui.intake.sources import BatchLine
from ui.models.columns import CENTER, RIGHT, Column


def _value(label: str) -> Callable[[RejectedRow], str]:
    return lambda row: row.values.get(label, "")


def reason_tooltip(row: RejectedRow) -> str:
    """Each reason on its own line (the cell shows them joined with "；")."""
    return "\n".join(f"{e.column}：{e.message}" if e.column else e.message for e in row.errors)


def rejected_columns() -> list[Column]:
    """行号, the row's key columns (the template's standard labels), then the reasons."""
    return [
        Column(
            "line",
            QCoreApplication.translate("IntakeRejectedColumns", "行号"),
            lambda r: str(r.line),
            align=RIGHT,
            width=56,
        ),
        Column(
            "subject_name",
            QCoreApplication.translate("IntakeRejectedColumns", "主体名称"),
            _value(LABELS["subject_name"]),
            width=160,
        ),
        Column(
            "subject_code",
            QCoreApplication.translate("IntakeRejectedColumns", "统一社会信用代码/身份证号码"),
            _value(LABELS["subject_code"]),
            width=188,
        ),
        Column(
            "document_number",
            QCoreApplication.translate("IntakeRejectedColumns", "决定文书号"),
            _value(LABELS["document_number"]),
            width=150,
        ),
        Column(
            "item_code",
            QCoreApplication.translate("IntakeRejectedColumns", "信息事项"),
            _value(LABELS["item_code"]),
            width=72,
        ),
        Column(
            "reason",
            QCoreApplication.translate("IntakeRejectedColumns", "退回原因"),
            lambda r: r.reason,
            width=240,  # the last column: stretched to the room there is
            tooltip=reason_tooltip,
            foreground=lambda _r: "#c5221f",
        ),
    ]


def _count(attr: str) -> Callable[[BatchLine], str]:
    return lambda b: f"{getattr(b, attr):,}"


def batch_columns() -> list[Column]:
    return [
        Column(
            "id",
            QCoreApplication.translate("IntakeBatchColumns", "批次号"),
            lambda b: str(b.id),
            align=RIGHT,
            width=64,
        ),
        Column(
            "received_on",
            QCoreApplication.translate("IntakeBatchColumns", "接收日期"),
            lambda b: b.received_on.isoformat() if b.received_on else "—",
            align=CENTER,
            width=96,
        ),
        Column(
            "committed_at",
            QCoreApplication.translate("IntakeBatchColumns", "入库时间"),
            lambda b: format_local(b.committed_at) if b.committed_at else "—",
            align=CENTER,
            width=136,
        ),
        Column(
            "provider",
            QCoreApplication.translate("IntakeBatchColumns", "信息提供单位"),
            lambda b: b.provider,
            width=170,
        ),
        Column(
            "file_name",
            QCoreApplication.translate("IntakeBatchColumns", "文件"),
            lambda b: b.file_name or "—",
            width=220,
        ),
        Column(
            "rows_total",
            QCoreApplication.translate("IntakeBatchColumns", "总行数"),
            _count("rows_total"),
            align=RIGHT,
            width=72,
        ),
        Column(
            "rows_new",
            QCoreApplication.translate("IntakeBatchColumns", "新增"),
            _count("rows_new"),
            align=RIGHT,
            width=64,
        ),
        Column(
            "rows_updated",
            QCoreApplication.translate("IntakeBatchColumns", "更新"),
            _count("rows_updated"),
            align=RIGHT,
            width=64,
        ),
        Column(
            "rows_rejected",
            QCoreApplication.translate("IntakeBatchColumns", "退回"),
            _count("rows_rejected"),
            align=RIGHT,
            width=64,
            foreground=lambda b: "#c5221f" if b.rows_rejected else None,
        ),
        Column(
            "rows_late",
            QCoreApplication.translate("IntakeBatchColumns", "逾期报送"),
            _count("rows_late"),
            align=RIGHT,
            width=72,
            foreground=lambda b: "#b06000" if b.rows_late else None,
        ),
        Column(
            "state",
            QCoreApplication.translate("IntakeBatchColumns", "状态"),
            lambda b: b.state_label,
            width=110,
        ),
        Column(
            "due_on",
            QCoreApplication.translate("IntakeBatchColumns", "入库期限"),
            lambda b: b.due_on.isoformat() if b.due_on else "—",
            align=CENTER,
            width=96,
        ),
    ]
