"""Columns of the work queue (the light, the assignee and the received date are the case
lists' own: ``ui.cases.columns``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.services.dashboard import WorkItem
from ui.cases.columns import assignee_column, light_column, received_column
from ui.cases.common import days_left_text, light_colour
from ui.models.columns import CENTER, RIGHT, Column


def days_text(item: WorkItem) -> str:
    return days_left_text(item.due_on, item.working_days_left)


def days_tooltip(item: WorkItem) -> str | None:
    if item.calendar_gap:
        return item.calendar_gap
    if item.due_on is None:
        return QCoreApplication.translate("WorkQueueColumns", "此环节没有法定期限")
    return None


def work_queue_columns() -> list[Column]:
    return [
        light_column(84),
        Column(
            "kind",
            QCoreApplication.translate("WorkQueueColumns", "类型"),
            lambda i: i.kind_label,
            width=96,
        ),
        Column(
            "case_no",
            QCoreApplication.translate("WorkQueueColumns", "案件编号"),
            lambda i: i.case_no,
            width=156,  # 18 characters: division code + date + serial
        ),
        Column(
            "party",
            QCoreApplication.translate("WorkQueueColumns", "申请人 / 报送单位"),
            lambda i: i.party,
            width=210,
        ),
        Column(
            "state",
            QCoreApplication.translate("WorkQueueColumns", "状态"),
            lambda i: i.state_label,
            width=100,
        ),
        Column(
            "next_step",
            QCoreApplication.translate("WorkQueueColumns", "下一步"),
            lambda i: i.next_step_label,
            width=128,
        ),
        Column(
            "due_on",
            QCoreApplication.translate("WorkQueueColumns", "办理期限"),
            lambda i: i.due_on.isoformat() if i.due_on else "—",
            align=CENTER,
            width=92,
        ),
        Column(
            "days_left",
            QCoreApplication.translate("WorkQueueColumns", "剩余工作日"),
            days_text,
            align=RIGHT,
            width=112,
            tooltip=days_tooltip,
            foreground=lambda i: light_colour(i.light),
        ),
        assignee_column(76),
        received_column(QCoreApplication.translate("WorkQueueColumns", "受理日期"), 92),
    ]
