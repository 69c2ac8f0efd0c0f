"""The only place the GUI starts threads: service calls run on a QThreadPool, results come back
to the GUI thread through queued signals.

* Two lanes: writes on a pool of one thread (SQLite has one writer; commands stay ordered),
  reads on a pool of N threads.
* A busy overlay appears on the given widget only when a task takes longer than 300 ms; it
  offers 取消 when the task is cancellable (the service checks the ``CancelToken``).
* Failures go to ``on_error``, or by default to ``ui.errors.show_error``. A lost database
  connection is also announced on ``database_unavailable`` (the banner listens), without a
  dialog unless the caller asks for one.
* ``TaskRunner(synchronous=True)`` runs everything at once on the calling thread (tests).
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.errors import DatabaseUnavailable
from app.services.cancel import CancelToken, OperationCancelled

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_DELAY_MS = 300
READ_THREADS = 4


def assert_gui_thread() -> None:
    app = QApplication.instance()
    assert app is None or QThread.currentThread() is app.thread(), "GUI code off the GUI thread"


class _Emitter(QObject):
    """One per runner, living on the GUI thread for the runner's whole life. Runnables emit
    through it with their task's id; no per-task QObject is ever referenced by a worker, so
    none can be destroyed on a pool thread when the pool deletes a finished runnable (which
    crashed intermittently: a QObject of the GUI thread torn down from a worker)."""

    finished = Signal(int, object, object, object)  # task id, result, exception, traceback


class _Runnable(QRunnable):
    """Holds plain Python data only (the call, its cancel token, the runner's emitter and an
    int), so the pool may delete it on its own thread."""

    def __init__(
        self, fn: Callable[[CancelToken], Any], token: CancelToken, emitter: _Emitter, task_id: int
    ):
        super().__init__()
        self._fn, self._token, self._emitter, self._task_id = fn, token, emitter, task_id

    def run(self) -> None:
        try:
            result = self._fn(self._token)
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._emitter.finished.emit(self._task_id, None, exc, traceback.format_exc())
        else:
            self._emitter.finished.emit(self._task_id, result, None, None)


class Task(QObject):
    """One submitted call. Lives on the GUI thread; ``cancel()`` sets its token."""

    def __init__(
        self,
        runner: TaskRunner,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        busy_for: QWidget | None,
        busy_text: str,
        cancellable: bool,
    ) -> None:
        super().__init__(runner)
        self.token = CancelToken()
        self.done = False
        self._runner = runner
        self._on_done, self._on_error = on_done, on_error
        self._busy_for, self._busy_text, self._cancellable = busy_for, busy_text, cancellable
        self._overlay_shown = False

    def cancel(self) -> None:
        self.token.cancel()

    def start_busy_timer(self) -> None:
        if self._busy_for is not None:
            QTimer.singleShot(BUSY_DELAY_MS, self, self._show_busy)

    @Slot()
    def _show_busy(self) -> None:
        if self.done or self._busy_for is None:
            return
        from ui.widgets.busy_overlay import BusyOverlay

        BusyOverlay.acquire(
            self._busy_for, self._busy_text, self.cancel if self._cancellable else None
        )
        self._overlay_shown = True

    def _deliver(self, result: Any, exc: BaseException | None, tb: str | None) -> None:
        self.done = True
        if self._overlay_shown and self._busy_for is not None:
            from ui.widgets.busy_overlay import BusyOverlay

            BusyOverlay.release(self._busy_for)
        self._runner._finished(self)
        if exc is None:
            if self._on_done is not None:
                self._on_done(result)
            return
        if tb:
            exc.__dict__.setdefault("_creditdesk_traceback", tb)
        if isinstance(exc, DatabaseUnavailable):
            self._runner.database_unavailable.emit(exc)
        if isinstance(exc, OperationCancelled):
            return
        if self._on_error is not None:
            self._on_error(exc)
        elif isinstance(exc, DatabaseUnavailable):
            pass  # the connection banner says it; nothing to add for a background read
        else:
            from ui.errors import show_error

            show_error(self._busy_for, exc)


class TaskRunner(QObject):
    database_unavailable = Signal(object)  # DatabaseUnavailable

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        read_threads: int = READ_THREADS,
    ) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._write = QThreadPool(self)
        self._write.setMaxThreadCount(1)
        self._read = QThreadPool(self)
        self._read.setMaxThreadCount(max(1, read_threads))
        self._active: dict[int, Task] = {}
        self._ids = itertools.count(1)
        self._emitter = _Emitter(self)
        self._emitter.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    # -- submitting ------------------------------------------------------------------------
    def query(
        self,
        fn: Callable[[CancelToken], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        busy_for: QWidget | None = None,
        busy_text: str = "",
        cancellable: bool = False,
    ) -> Task:
        """A read: may run in parallel with other reads."""
        return self._submit(self._read, fn, on_done, on_error, busy_for, busy_text, cancellable)

    def command(
        self,
        fn: Callable[[CancelToken], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        busy_for: QWidget | None = None,
        busy_text: str = "",
        cancellable: bool = False,
    ) -> Task:
        """A write: commands run one at a time, in the order submitted."""
        return self._submit(self._write, fn, on_done, on_error, busy_for, busy_text, cancellable)

    def _submit(
        self,
        pool: QThreadPool,
        fn: Callable[[CancelToken], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        busy_for: QWidget | None,
        busy_text: str,
        cancellable: bool,
    ) -> Task:
        assert_gui_thread()
        task = Task(
            self, on_done, on_error, busy_for, busy_text or self.tr("正在处理…"), cancellable
        )
        task_id = next(self._ids)
        self._active[task_id] = task
        if self.synchronous:
            try:
                result = fn(task.token)
            except Exception as exc:
                task._deliver(None, exc, traceback.format_exc())
            else:
                task._deliver(result, None, None)
            return task
        task.start_busy_timer()
        pool.start(_Runnable(fn, task.token, self._emitter, task_id))
        return task

    # -- lifecycle ---------------------------------------------------------------------------
    @Slot(int, object, object, object)
    def _on_finished(
        self, task_id: int, result: Any, exc: BaseException | None, tb: str | None
    ) -> None:
        task = self._active.get(task_id)
        if task is not None:
            task._deliver(result, exc, tb)

    def _finished(self, task: Task) -> None:
        for task_id, active in list(self._active.items()):
            if active is task:
                del self._active[task_id]
        task.deleteLater()

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for task in list(self._active.values()):
            task.cancel()

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until both lanes are idle (shutdown and tests)."""
        return self._write.waitForDone(msecs) and self._read.waitForDone(msecs)

    def shutdown(self) -> None:
        self.cancel_all()
        self.wait(5_000)
