"""Columns of the work queue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.caseflow import DueLight
from app.services.dashboard import WorkItem
from ui.models.columns import CENTER, RIGHT, Column


def light_text(item: WorkItem) -> str:
    return item.light.label


def days_text(item: WorkItem) -> str:
    if item.due_on is None:
        return QCoreApplication.translate("WorkQueueColumns", "无期限")
    if item.working_days_left is None:
        return QCoreApplication.translate("WorkQueueColumns", "日历未覆盖")
    left = item.working_days_left
    if left < 0:
        return QCoreApplication.translate("WorkQueueColumns", "逾期 {0} 个工作日").format(-left)
    if left == 0:
        return QCoreApplication.translate("WorkQueueColumns", "今日到期")
    return QCoreApplication.translate("WorkQueueColumns", "剩 {0} 个工作日").format(left)


def days_tooltip(item: WorkItem) -> str | None:
    if item.calendar_gap:
        return item.calendar_gap
    if item.due_on is None:
        return QCoreApplication.translate("WorkQueueColumns", "此环节没有法定期限")
    return None


def days_colour(item: WorkItem) -> str | None:
    return {DueLight.RED: "#c5221f", DueLight.YELLOW: "#8d5b00"}.get(item.light)


def work_queue_columns() -> list[Column]:
    return [
        Column(
            "light",
            QCoreApplication.translate("WorkQueueColumns", "期限提示"),
            light_text,
            width=84,
            user=lambda i: i.light,
            tooltip=lambda i: days_text(i),
        ),
        Column(
            "kind",
            QCoreApplication.translate("WorkQueueColumns", "类型"),
            lambda i: i.kind_label,
            width=64,
        ),
        Column(
            "case_no",
            QCoreApplication.translate("WorkQueueColumns", "案件编号"),
            lambda i: i.case_no,
            width=112,
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
            foreground=days_colour,
        ),
        Column(
            "assignee",
            QCoreApplication.translate("WorkQueueColumns", "经办人"),
            lambda i: i.assignee_name or QCoreApplication.translate("WorkQueueColumns", "未分配"),
            width=76,
        ),
        Column(
            "received_on",
            QCoreApplication.translate("WorkQueueColumns", "受理日期"),
            lambda i: i.received_on.isoformat(),
            align=CENTER,
            width=92,
        ),
    ]
