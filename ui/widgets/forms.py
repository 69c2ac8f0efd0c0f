"""Small helpers for forms: an inline status line and per-field error labels."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QWidget

from app.domain.errors import CreditDeskError, DatabaseUnavailable, ValidationFailed

ERROR_STYLE = "color: #c5221f;"
OK_STYLE = "color: #137333;"
INFO_STYLE = "color: #5f6368;"


class StatusLine(QLabel):
    """One line under a form: what went wrong (and how to fix it) or what was saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, exc: BaseException, *, saving: bool = True) -> None:
        if saving and isinstance(exc, DatabaseUnavailable):
            text = self.tr("保存失败：数据库连接中断，填写的内容已保留。连接恢复后请再次点击保存。")
        elif isinstance(exc, ValidationFailed) and exc.field_errors:
            text = self.tr("请按提示修改标红的项目后重试。")
        elif isinstance(exc, CreditDeskError):
            text = exc.text + (f"\n{exc.resolution}" if exc.resolution else "")
        else:
            text = str(exc)
        self._set(text, ERROR_STYLE)

    def show_message(self, text: str, *, ok: bool = True) -> None:
        self._set(text, OK_STYLE if ok else INFO_STYLE)

    def show_text(self, text: str, style: str = ERROR_STYLE) -> None:
        self._set(text, style)

    def clear_status(self) -> None:
        self.clear()
        self.hide()

    def _set(self, text: str, style: str) -> None:
        self.setText(text)
        self.setStyleSheet(style)
        self.setVisible(bool(text))
        window = self.window()
        if isinstance(window, QDialog) and window.isVisible():
            QTimer.singleShot(0, window, lambda: grow_to_fit(window))


def grow_to_fit(window: QWidget) -> None:
    """Make room for a message that just appeared: grow, never shrink (the user may have
    resized the dialog)."""
    hint = window.sizeHint()
    if hint.height() > window.height() or hint.width() > window.width():
        window.resize(max(window.width(), hint.width()), max(window.height(), hint.height()))


class FieldErrors:
    """Red messages under form rows, keyed by the service's field names."""

    def __init__(self, form: QFormLayout) -> None:
        self._form = form
        self._labels: dict[str, QLabel] = {}

    def add(self, field: str, after: QWidget) -> QLabel:
        label = QLabel(after.parentWidget())
        label.setObjectName(f"error_{field}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        row, _role = self._form.getWidgetPosition(after)
        self._form.insertRow(row + 1, "", label)
        self._labels[field] = label
        return label

    def show(self, errors: Mapping[str, list[str]]) -> list[str]:
        """Show the errors of known fields; returns the fields that had none of our labels."""
        self.clear()
        unknown = []
        for field, messages in errors.items():
            label = self._labels.get(field)
            if label is None:
                unknown.append(field)
                continue
            label.setText("；".join(messages))
            label.show()
        return unknown

    def text(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()
