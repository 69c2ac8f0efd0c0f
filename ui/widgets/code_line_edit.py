"""A line edit for codes typed fast or read by a barcode scanner: trims, upper-cases, drops
inner spaces, and emits ``code_entered`` on Enter (a scanner sends Enter after the code)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget


class CodeLineEdit(QLineEdit):
    code_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, max_length: int = 40) -> None:
        super().__init__(parent)
        self.setMaxLength(max_length)
        self.setClearButtonEnabled(True)
        self.returnPressed.connect(self._on_return_pressed)

    @staticmethod
    def normalize(text: str) -> str:
        return "".join(text.split()).upper()

    def _on_return_pressed(self) -> None:
        code = self.normalize(self.text())
        if code:
            self.setText(code)
            self.selectAll()  # the next scan replaces it
            self.code_entered.emit(code)
