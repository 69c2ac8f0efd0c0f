"""Columns are data: a key, a translated header, how to show a row, alignment, width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    text: Callable[[Any], str]
    align: Qt.AlignmentFlag = LEFT
    width: int = 110
    tooltip: Callable[[Any], str | None] | None = None
    foreground: Callable[[Any], Any] | None = None
    user: Callable[[Any], Any] | None = None  # value for LIGHT_ROLE etc. (delegates)
