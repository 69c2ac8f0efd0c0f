"""Columns of the case lists (data: key, header, text, alignment, width): one set for the
objection and repair lists, and the columns the work queue shares with them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.cases.common import days_left_text, due_text, light_colour
from ui.models.columns import CENTER, Column

CASE_KEYS = (
    "case_no",
    "subject",
    "applicant",
    "provider",
    "state",
    "next_step",
    "due",
    "assignee",
    "received_on",
)


def light_column(width: int) -> Column:
    """期限提示: the light (painted by the light delegate), the working days left as tooltip."""
    return Column(
        "light",
        QCoreApplication.translate("CaseColumns", "期限提示"),
        lambda r: r.light.label,
        width=width,
        user=lambda r: r.light,
        tooltip=lambda r: days_left_text(r.due_on, r.working_days_left),
    )


def assignee_column(width: int) -> Column:
    return Column(
        "assignee",
        QCoreApplication.translate("CaseColumns", "经办人"),
        lambda r: r.assignee_name or QCoreApplication.translate("CaseColumns", "未分配"),
        width=width,
    )


def received_column(header: str, width: int) -> Column:
    return Column(
        "received_on", header, lambda r: r.received_on.isoformat(), align=CENTER, width=width
    )


def case_columns(
    *,
    light_first: bool,
    state: Callable[[Any], str],
    due_header: str,
    received_header: str,
    widths: Sequence[int],
) -> list[Column]:
    """A case list's columns (rows: ``CaseRowBase``). With ``light_first`` the light has its own
    column and a case without a deadline shows — as its due date; otherwise the light is
    painted on the due date (``user``), which then says 无期限. ``widths``: the light's first
    (with ``light_first``), then one for each of ``CASE_KEYS``."""
    sizes = dict(zip(("light", *CASE_KEYS) if light_first else CASE_KEYS, widths, strict=True))

    def due(r: Any) -> str:
        if r.due_on is None and not light_first:
            return days_left_text(None, None)
        return due_text(r.due_on, r.working_days_left)

    columns = [light_column(sizes["light"])] if light_first else []
    return [
        *columns,
        Column(
            "case_no",
            QCoreApplication.translate("CaseColumns", "案件编号"),
            lambda r: r.case_no,
            width=sizes["case_no"],
        ),
        Column(
            "subject",
            QCoreApplication.translate("CaseColumns", "信用主体"),
            lambda r: r.subject_name,
            width=sizes["subject"],
            tooltip=lambda r: f"{r.subject_name}（{r.subject_display_code}）",
        ),
        Column(
            "applicant",
            QCoreApplication.translate("CaseColumns", "申请人"),
            lambda r: r.applicant_name,
            width=sizes["applicant"],
            tooltip=lambda r: r.applicant_name,
        ),
        Column(
            "provider",
            QCoreApplication.translate("CaseColumns", "提供单位"),
            lambda r: r.provider_name or "—",
            width=sizes["provider"],
            tooltip=lambda r: r.provider_name,
        ),
        Column(
            "state", QCoreApplication.translate("CaseColumns", "状态"), state, width=sizes["state"]
        ),
        Column(
            "next_step",
            QCoreApplication.translate("CaseColumns", "下一步"),
            lambda r: r.next_step_label or "—",
            width=sizes["next_step"],
        ),
        Column(
            "due",
            due_header,
            due,
            width=sizes["due"],
            tooltip=lambda r: f"{r.light.label}：{days_left_text(r.due_on, r.working_days_left)}",
            foreground=lambda r: light_colour(r.light),
            user=None if light_first else (lambda r: r.light),
        ),
        assignee_column(sizes["assignee"]),
        received_column(received_header, sizes["received_on"]),
    ]
