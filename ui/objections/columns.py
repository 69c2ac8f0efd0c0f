"""Columns of the objection case list (data: key, header, text, alignment, width)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.services.objections import CaseRow
from ui.models.columns import CENTER, Column
from ui.objections.common import days_left_text, due_text, light_colour


def state_text(row: CaseRow) -> str:
    if row.disputed:
        return QCoreApplication.translate("ObjectionColumns", "{0}（仍有异议）").format(
            row.state_label
        )
    return row.state_label


def case_columns() -> list[Column]:
    return [
        Column(
            "light",
            QCoreApplication.translate("ObjectionColumns", "期限提示"),
            lambda r: r.light.label,
            width=78,
            user=lambda r: r.light,
            tooltip=lambda r: days_left_text(r.due_on, r.working_days_left),
        ),
        Column(
            "case_no",
            QCoreApplication.translate("ObjectionColumns", "案件编号"),
            lambda r: r.case_no,
            width=140,
        ),
        Column(
            "subject",
            QCoreApplication.translate("ObjectionColumns", "信用主体"),
            lambda r: r.subject_name,
            width=180,
            tooltip=lambda r: f"{r.subject_name}（{r.subject_display_code}）",
        ),
        Column(
            "applicant",
            QCoreApplication.translate("ObjectionColumns", "申请人"),
            lambda r: r.applicant_name,
            width=130,
            tooltip=lambda r: r.applicant_name,
        ),
        Column(
            "provider",
            QCoreApplication.translate("ObjectionColumns", "提供单位"),
            lambda r: r.provider_name,
            width=130,
            tooltip=lambda r: r.provider_name,
        ),
        Column(
            "state", QCoreApplication.translate("ObjectionColumns", "状态"), state_text, width=92
        ),
        Column(
            "next_step",
            QCoreApplication.translate("ObjectionColumns", "下一步"),
            lambda r: r.next_step_label or "—",
            width=112,
        ),
        Column(
            "due",
            QCoreApplication.translate("ObjectionColumns", "办理期限"),
            lambda r: due_text(r.due_on, r.working_days_left),
            width=205,
            foreground=lambda r: light_colour(r.light),
        ),
        Column(
            "assignee",
            QCoreApplication.translate("ObjectionColumns", "经办人"),
            lambda r: r.assignee_name or QCoreApplication.translate("ObjectionColumns", "未分配"),
            width=64,
        ),
        Column(
            "received_on",
            QCoreApplication.translate("ObjectionColumns", "受理日期"),
            lambda r: r.received_on.isoformat(),
            align=CENTER,
            width=90,
        ),
    ]
