"""The disclosure-expiry job in the desktop app: once at start, then once a day.

``ExpiryScheduler(ctx)`` runs ``app.services.expiry.expire_records`` on the write lane of
``ctx.runner`` when started and again whenever the local date has changed (checked every
``check_ms``, an hour by default, so a workstation left on overnight files the next day's
records without a restart). It runs only for a signed-in user who may (supervisor,
administrator); a failure is reported through ``failed`` and logged, never as a dialog — the
job is background housekeeping and queries hide expired records without it.

Wiring (in ``ui/app_controller.py`` after sign-in, with the MainWindow as owner):
``self.expiry = ExpiryScheduler(ctx, parent=window); self.expiry.start()``; on sign-out or
lock ``self.expiry.stop()``; optionally connect ``finished`` to
``ctx.events.emit_changed("lists", "records")`` when ``result.archived or result.alerts_raised``.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.permissions import Permission
from app.services.clock import local_today
from app.services.expiry import ExpiryResult, expire_records
from ui.context import AppContext
from ui.tasks import Task

log = logging.getLogger(__name__)

HOUR_MS = 60 * 60 * 1000


class ExpiryScheduler(QObject):
    finished = Signal(object)  # ExpiryResult
    failed = Signal(object)  # the exception

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, *, check_ms: int = HOUR_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_run: date | None = None
        self._task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Run now (if allowed), then check every interval for a new day."""
        self._timer.start()
        self.run_if_due()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def allowed(self) -> bool:
        return self.ctx.may(Permission.MAINTENANCE_EXPIRE)

    def run_if_due(self) -> bool:
        """Start the job when today has not been done yet; False when nothing was started."""
        today = local_today(self.ctx.clock())
        running = self._task is not None and not self._task.done  # (a cancelled one is done)
        if running or not self.allowed or self.last_run == today:
            return False
        db, actor = self.ctx.db, self.ctx.require_actor()
        self._task = self.ctx.runner.command(
            lambda token: expire_records(db, actor=actor, today=today, cancel=token),
            on_done=lambda result: self._on_done(today, result),
            on_error=self._on_error,
        )
        return True

    def _on_timer_timeout(self) -> None:
        self.run_if_due()

    def _on_done(self, today: date, result: ExpiryResult) -> None:
        self.last_run = today
        if result.archived or result.alerts_raised:
            self.ctx.events.emit_changed("lists", "records")
        self.finished.emit(result)

    def _on_error(self, exc: BaseException) -> None:
        log.warning("披露期限届满处理失败：%s", exc, exc_info=exc)
        self.failed.emit(exc)
