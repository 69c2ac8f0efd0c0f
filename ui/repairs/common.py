"""What only the repair screens use: how a condition's result looks, the profile facts the
screens show (whether repairs exist here, the public notice), the materials by their label.
Dates, deadline texts, file pickers and opening a file are in ``ui.cases.common``."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.rules.profiles import Step
from app.rules.repair_flow import ConditionStatus, Material
from app.services import rules
from app.services.database import Database
from ui.cases.common import AMBER_TEXT, GREEN_TEXT, RED_TEXT

# how each condition result looks: a sign and a colour (never colour alone)
CONDITION_LOOK: dict[ConditionStatus, tuple[str, str, str]] = {
    ConditionStatus.MET: ("✓", GREEN_TEXT, "#e6f4ea"),
    ConditionStatus.NOT_MET: ("✗", RED_TEXT, "#fce8e6"),
    ConditionStatus.MANUAL: ("？", AMBER_TEXT, "#fef7e0"),
}


@dataclass(frozen=True)
class RepairProfileInfo:
    """What the repair screens say about this installation's regulation."""

    name: str
    regulation: str
    provided: bool  # the regulation provides for credit repair (Wuhan does not)
    publicity: (
        str  # "5个工作日；依据《…》第三十五条" where a public notice follows approval, else ""
    )


def load_profile_info(db: Database) -> RepairProfileInfo:
    """Read on the task runner (the profile's id is stored in the database)."""
    profile = rules.current_profile(db)
    notice = profile.steps.get(Step.REPAIR_PUBLICITY)
    publicity = (
        QCoreApplication.translate("RepairTexts", "{0}个工作日；{1}").format(
            notice.working_days, profile.cite(notice.basis)
        )
        if notice is not None and profile.repair is not None
        else ""
    )
    return RepairProfileInfo(
        profile.name, profile.regulation, profile.repair is not None, publicity
    )


def material_label(kind: Material | str) -> str:
    """Materials by their label; the provider's written opinion is filed under its own kind."""
    if isinstance(kind, Material):
        return kind.label
    return {
        "provider_confirmation": QCoreApplication.translate("RepairTexts", "提供单位书面意见")
    }.get(kind, kind)
