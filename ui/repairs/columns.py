"""Columns of the repair case list (``ui.cases.columns``): the light is painted on the due date."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.cases import columns
from ui.models.columns import Column


def repair_columns() -> list[Column]:
    return columns.case_columns(
        light_first=False,
        state=lambda r: r.state_label,
        due_header=QCoreApplication.translate("RepairColumns", "期限"),
        received_header=QCoreApplication.translate("RepairColumns", "申请日期"),
        widths=(140, 220, 160, 150, 92, 110, 160, 72, 96),
    )


DUE_COLUMN = columns.CASE_KEYS.index("due")  # painted by the light delegate
