"""Feeds keyboard and mouse activity to the idle policy and says when to lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.services.session_lock import IdleTracker

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_INTERVAL_MS = 15_000


class IdleWatcher(QObject):
    idle_reached = Signal()

    def __init__(self, tracker: IdleTracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.enabled = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check_now)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        self.tracker.touch()
        self.enabled = True
        self._timer.start()

    def stop(self) -> None:
        self.enabled = False
        self._timer.stop()

    def set_idle_minutes(self, minutes: int) -> None:
        self.tracker.idle_minutes = minutes

    def check_now(self) -> None:
        if self.enabled and self.tracker.should_lock():
            self.stop()
            self.idle_reached.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.enabled and event.type() in ACTIVITY_EVENTS:
            self.tracker.touch()
        return False

    def dispose(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
