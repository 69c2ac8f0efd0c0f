"""Progress of a dry run or a commit, with a working 取消.

The service reports ``(rows read, bytes read)`` from the worker thread. ``RunProgress`` keeps
the two numbers as plain attributes (no Qt object crosses threads); ``ProgressPanel`` polls it
on the GUI thread while the task runs, and — when the runner is synchronous (tests) and the
report arrives on the GUI thread — shows it at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QThread, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.services.cancel import CancelToken

POLL_MS = 150
SCALE = 1000


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


class RunProgress:
    """One run's progress and cancel request, shared by the worker and the GUI."""

    def __init__(self, *, size_bytes: int | None = None, expected_rows: int | None = None) -> None:
        self.rows = 0
        self.bytes = 0
        self.size_bytes = size_bytes
        self.expected_rows = expected_rows
        self.token: CancelToken | None = None
        self.cancel_requested = False
        self.on_gui: Callable[[], None] | None = None

    # -- the worker side -----------------------------------------------------------------------
    def attach(self, token: CancelToken) -> None:
        """First thing in the task: the runner's token, cancelled at once if 取消 came early."""
        self.token = token
        if self.cancel_requested:
            token.cancel()

    def report(self, rows: int, bytes_read: int) -> None:
        """The service's progress callback (any thread)."""
        self.rows, self.bytes = rows, bytes_read
        if self.on_gui is not None and _on_gui_thread():
            self.on_gui()

    # -- the GUI side --------------------------------------------------------------------------
    def cancel(self) -> None:
        self.cancel_requested = True
        if self.token is not None:
            self.token.cancel()

    def fraction(self) -> float | None:
        """Done so far, estimated: bytes of the file when known, else rows of the dry run."""
        if self.bytes and self.size_bytes:
            return min(1.0, self.bytes / self.size_bytes)
        if self.expected_rows:
            return min(1.0, self.rows / self.expected_rows)
        return None


class ProgressPanel(QFrame):
    """正在预检：已读取 12,000 行，约完成 40%  [=====     ]  [取消（Esc）]"""

    progressed = Signal(int, int)  # rows, bytes — shown on the GUI thread
    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeProgress")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#intakeProgress { background: #e8f0fe; border: 1px solid #aecbfa; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel(self)
        self.label.setObjectName("progressLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.bar.setTextVisible(False)
        self.bar.setMinimumWidth(240)
        self.cancel_button = QPushButton(self.tr("取消（Esc）"), self)
        self.cancel_button.setObjectName("cancelButton")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)
        self._run: RunProgress | None = None
        self._action = ""
        self._shown: tuple[int, int] | None = None
        self.hide()

    @property
    def running(self) -> bool:
        return self._run is not None

    def start(self, action: str, run: RunProgress) -> None:
        self._run, self._action, self._shown = run, action, None
        run.on_gui = self.refresh
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        self.label.setText(self.tr("{0}：正在打开文件…").format(action))
        self.show()
        self._timer.start()

    def stop(self) -> None:
        if self._run is not None:
            self._run.on_gui = None
        self._run = None
        self._timer.stop()
        self.hide()

    def refresh(self) -> None:
        run = self._run
        if run is None:
            return
        rows, bytes_read = run.rows, run.bytes
        if (rows, bytes_read) == self._shown:
            return
        self._shown = (rows, bytes_read)
        fraction = run.fraction()
        if not run.cancel_requested:
            if fraction is None:
                self.label.setText(self.tr("{0}：已读取 {1} 行").format(self._action, f"{rows:,}"))
            else:
                self.label.setText(
                    self.tr("{0}：已读取 {1} 行，约完成 {2}%").format(
                        self._action, f"{rows:,}", int(fraction * 100)
                    )
                )
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, SCALE)
            self.bar.setValue(int(fraction * SCALE))
        self.progressed.emit(rows, bytes_read)

    def _on_cancel_button_clicked(self) -> None:
        run = self._run
        if run is None or run.cancel_requested:
            return
        run.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("{0}：正在取消…").format(self._action))
        self.cancel_clicked.emit()
