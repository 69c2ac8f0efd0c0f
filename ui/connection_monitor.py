"""Watches the database connection: after a failure, pings with growing delays until it works.

Nothing is lost while the connection is down: views keep what they show, forms keep their
contents, and a failed save is retried by the user once the banner says the connection is back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import CreditDeskError, DatabaseUnavailable
from ui.tasks import TaskRunner

BACKOFF_SECONDS = (2, 5, 10, 20, 30, 60)


class ConnectionMonitor(QObject):
    lost = Signal(str)  # the reason, in Chinese
    retrying = Signal()  # a ping is under way
    retry_scheduled = Signal(int)  # seconds until the next automatic try
    restored = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        ping: Callable[[], None],
        parent: QObject | None = None,
        *,
        target: str | None = None,
        backoff: tuple[int, ...] = BACKOFF_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ping = ping
        self._backoff = backoff
        self.target = target  # only failures of this database count (not a 测试连接 elsewhere)
        self._attempt = 0
        self._pinging = False
        self.online = True
        self.reason = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.retry_now)
        runner.database_unavailable.connect(self.report_failure)

    @property
    def next_retry_in_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def concerns_me(self, exc: BaseException) -> bool:
        failed = exc.params.get("target") if isinstance(exc, CreditDeskError) else None
        return self.target is None or failed is None or failed == self.target

    def report_failure(self, exc: BaseException) -> None:
        if not self.concerns_me(exc):
            return
        reason = exc.text if isinstance(exc, CreditDeskError) else str(exc)
        self.reason = reason
        if self.online:
            self.online = False
            self._attempt = 0
            self.lost.emit(reason)
            self._schedule()

    def retry_now(self) -> None:
        if self._pinging:
            return
        self._timer.stop()
        self._pinging = True
        self.retrying.emit()
        self._runner.query(
            lambda _token: self._ping(), on_done=self._on_ping_ok, on_error=self._on_ping_failed
        )

    def _on_ping_ok(self, _result: object) -> None:
        self._pinging = False
        was_offline = not self.online
        self.online = True
        self._attempt = 0
        self._timer.stop()
        if was_offline:
            self.restored.emit()

    def _on_ping_failed(self, exc: BaseException) -> None:
        self._pinging = False
        if not isinstance(exc, DatabaseUnavailable):
            self.reason = str(exc)
        self._attempt += 1
        self._schedule()

    def _schedule(self) -> None:
        delay = self._backoff[min(self._attempt, len(self._backoff) - 1)]
        self._timer.start(delay * 1000)
        self.retry_scheduled.emit(delay)
