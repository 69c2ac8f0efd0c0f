"""The strip at the top of the window that says the database connection is down, counts
down to the next automatic try, offers 立即重试, and says when the connection is back."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.connection_monitor import ConnectionMonitor

_DOWN = "background: #fce8e6; color: #a50e0e; border-bottom: 1px solid #f28b82;"
_UP = "background: #e6f4ea; color: #0d652d; border-bottom: 1px solid #81c995;"


class ConnectionBanner(QFrame):
    def __init__(self, monitor: ConnectionMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self._monitor = monitor
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("立即重试"), self)
        self.retry_button.clicked.connect(monitor.retry_now)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        self._reason = ""
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.hide)
        monitor.lost.connect(self._on_monitor_lost)
        monitor.retrying.connect(self._on_monitor_retrying)
        monitor.retry_scheduled.connect(self._on_monitor_retry_scheduled)
        monitor.restored.connect(self._on_monitor_restored)
        self.setVisible(not monitor.online)

    def _text_down(self, tail: str) -> str:
        return self.tr("数据库连接中断：{0}\n已打开的内容和未保存的表单都会保留。{1}").format(
            self._reason, tail
        )

    def _on_monitor_lost(self, reason: str) -> None:
        self._reason = reason
        self._hide_timer.stop()
        self.setStyleSheet(_DOWN)
        self.retry_button.show()
        self.message.setText(self._text_down(""))
        self.show()

    def _on_monitor_retrying(self) -> None:
        self._countdown.stop()
        self.message.setText(self._text_down(self.tr("正在重新连接…")))

    def _on_monitor_retry_scheduled(self, _seconds: int) -> None:
        self._countdown.start()
        self._tick()

    def _tick(self) -> None:
        remaining = max(0, round(self._monitor.next_retry_in_ms / 1000))
        if self._monitor.online:
            self._countdown.stop()
            return
        self.message.setText(self._text_down(self.tr("{0} 秒后自动重试。").format(remaining)))

    def _on_monitor_restored(self) -> None:
        self._countdown.stop()
        self.setStyleSheet(_UP)
        self.retry_button.hide()
        self.message.setText(self.tr("数据库连接已恢复。未保存的表单可以再次点击“保存”。"))
        self.show()
        self._hide_timer.start(5000)
