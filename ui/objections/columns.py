"""Columns of the objection case list: the light first, then ``ui.cases.columns``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.services.objections import CaseRow
from ui.cases import columns
from ui.models.columns import Column


def state_text(row: CaseRow) -> str:
    if row.disputed:
        return QCoreApplication.translate("ObjectionColumns", "{0}（仍有异议）").format(
            row.state_label
        )
    return row.state_label


def case_columns() -> list[Column]:
    return columns.case_columns(
        light_first=True,
        state=state_text,
        due_header=QCoreApplication.translate("ObjectionColumns", "办理期限"),
        received_header=QCoreApplication.translate("ObjectionColumns", "受理日期"),
        widths=(78, 140, 180, 130, 130, 92, 112, 205, 64, 90),
    )
