"""After a command the GUI says what changed; open views decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

USERS = "users"
SETTINGS = "settings"
CASES = "cases"
CALENDAR = "calendar"


@dataclass(frozen=True)
class ChangeSet:
    areas: frozenset[str]

    @classmethod
    def of(cls, *areas: str) -> ChangeSet:
        return cls(frozenset(areas))

    def touches(self, *areas: str) -> bool:
        return bool(self.areas & set(areas))


class AppEvents(QObject):
    changed = Signal(object)  # ChangeSet

    def emit_changed(self, *areas: str) -> None:
        self.changed.emit(ChangeSet.of(*areas))
