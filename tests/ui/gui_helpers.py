"""Small helpers for driving widgets (no keyClicks with Chinese: it aborts the interpreter)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget

from ui import errors as ui_errors


def type_into(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    edit.insert(text)


def boxes() -> list[QMessageBox]:
    return list(ui_errors.open_boxes)


def last_box() -> QMessageBox:
    assert ui_errors.open_boxes, "no message box is open"
    return ui_errors.open_boxes[-1]


def visible_top_levels() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]
