"""Columns of the repair case list (data: key, header, text, alignment, width)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.models.columns import CENTER, Column
from ui.repairs.common import days_left_text, due_text, light_colour


def repair_columns() -> list[Column]:
    return [
        Column(
            "case_no",
            QCoreApplication.translate("RepairColumns", "案件编号"),
            lambda r: r.case_no,
            width=140,
        ),
        Column(
            "subject",
            QCoreApplication.translate("RepairColumns", "信用主体"),
            lambda r: r.subject_name,
            width=220,
            tooltip=lambda r: f"{r.subject_name}（{r.subject_display_code}）",
        ),
        Column(
            "applicant",
            QCoreApplication.translate("RepairColumns", "申请人"),
            lambda r: r.applicant_name,
            width=160,
        ),
        Column(
            "provider",
            QCoreApplication.translate("RepairColumns", "提供单位"),
            lambda r: r.provider_name or "—",
            width=150,
        ),
        Column(
            "state",
            QCoreApplication.translate("RepairColumns", "状态"),
            lambda r: r.state_label,
            width=92,
        ),
        Column(
            "next_step",
            QCoreApplication.translate("RepairColumns", "下一步"),
            lambda r: r.next_step_label or "—",
            width=110,
        ),
        Column(
            "due",
            QCoreApplication.translate("RepairColumns", "期限"),
            lambda r: due_text(r.due_on, r.working_days_left),
            width=160,
            tooltip=lambda r: f"{r.light.label}：{days_left_text(r.due_on, r.working_days_left)}",
            foreground=lambda r: light_colour(r.light),
            user=lambda r: r.light,
        ),
        Column(
            "assignee",
            QCoreApplication.translate("RepairColumns", "经办人"),
            lambda r: r.assignee_name or QCoreApplication.translate("RepairColumns", "未分配"),
            width=72,
        ),
        Column(
            "received_on",
            QCoreApplication.translate("RepairColumns", "申请日期"),
            lambda r: r.received_on.isoformat(),
            align=CENTER,
            width=96,
        ),
    ]


DUE_COLUMN = 6  # painted by the light delegate
