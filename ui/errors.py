"""The one mapping from exceptions to dialogs.

* ``CreditDeskError`` (expected: wrong input, refused action, database down) → a gentle
  warning with the Chinese title, text and resolution from ``app.domain.messages``.
* Anything else is a bug → logged with its traceback, shown as "发生意外错误" with the
  details in a copyable box.

Dialogs are opened window-modal with ``open()`` (never ``exec()``), so they do not block
the event loop — the idle lock can still hide them, and tests can inspect them.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.errors import CreditDeskError

log = logging.getLogger("creditdesk.ui")

# Open message boxes, kept referenced until they close (and inspectable by tests).
open_boxes: list[QMessageBox] = []


def traceback_text(exc: BaseException) -> str:
    recorded = exc.__dict__.get("_creditdesk_traceback") if hasattr(exc, "__dict__") else None
    if recorded:
        return str(recorded)
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def _open(box: QMessageBox) -> QMessageBox:
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    open_boxes.append(box)

    def _forget(*_: object) -> None:
        if box in open_boxes:
            open_boxes.remove(box)

    box.finished.connect(_forget)
    box.open()
    return box


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` to the user: gently when expected, with details when it is a bug."""
    if isinstance(exc, CreditDeskError):
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(exc.title)
        box.setText(exc.text)
        if exc.resolution:
            box.setInformativeText(exc.resolution)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setObjectName("expectedErrorBox")
        return _open(box)
    details = traceback_text(exc)
    log.error("unexpected error: %s\n%s", exc, details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialogs", "发生意外错误"))
    box.setText(QCoreApplication.translate("ErrorDialogs", "发生意外错误，操作未完成。"))
    box.setInformativeText(
        QCoreApplication.translate(
            "ErrorDialogs",
            "已记录到日志。请点击“显示详细信息”复制错误内容，发给系统管理员或技术支持。",
        )
    )
    box.setDetailedText(f"{type(exc).__name__}: {exc}\n\n{details}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("unexpectedErrorBox")
    return _open(box)


def show_info(parent: QWidget | None, title: str, text: str, informative: str = "") -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return _open(box)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    on_yes: object,
    *,
    informative: str = "",
    yes_text: str = "",
    destructive: bool = False,
) -> QMessageBox:
    """A non-blocking yes/no question; ``on_yes()`` runs when the user confirms."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    yes = box.addButton(
        yes_text or QCoreApplication.translate("ErrorDialogs", "确定"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    cancel = box.addButton(
        QCoreApplication.translate("ErrorDialogs", "取消"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(cancel if destructive else yes)

    def _clicked(button: object) -> None:
        if button is yes and callable(on_yes):
            on_yes()

    box.buttonClicked.connect(_clicked)
    return _open(box)


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("uncaught exception", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is not None:
        try:
            show_error(QApplication.activeWindow(), exc)
        except Exception:  # the hook itself must never raise
            sys.__excepthook__(exc_type, exc, tb)


def install_excepthook() -> None:
    """PySide6 only prints exceptions raised in slots; route them here instead."""
    sys.excepthook = _excepthook
