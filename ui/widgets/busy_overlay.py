"""A translucent cover with a message (and 取消 when the task can be cancelled), shown over a
widget while a task runs longer than 300 ms."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class BusyOverlay(QWidget):
    def __init__(self, target: QWidget, text: str, on_cancel: Callable[[], None] | None) -> None:
        super().__init__(target)
        self.setObjectName("busyOverlay")
        self.count = 0
        self._target = target
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(text, self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("font-size: 11pt; color: #202124;")
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        bar.setFixedWidth(220)
        bar.setTextVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setVisible(on_cancel is not None)
        if on_cancel is not None:
            self.cancel_button.clicked.connect(on_cancel)
            self.cancel_button.clicked.connect(lambda: self.label.setText(self.tr("正在取消…")))
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignCenter)
        target.installEventFilter(self)
        self.setGeometry(target.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._target.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(255, 255, 255, 200))

    # one overlay per widget, shared by the tasks running for it
    @classmethod
    def acquire(
        cls, target: QWidget, text: str, on_cancel: Callable[[], None] | None
    ) -> BusyOverlay:
        overlay = target.findChild(
            BusyOverlay, "busyOverlay", Qt.FindChildOption.FindDirectChildrenOnly
        )
        if overlay is None:
            overlay = cls(target, text, on_cancel)
        overlay.count += 1
        overlay.raise_()
        overlay.show()
        return overlay

    @classmethod
    def release(cls, target: QWidget) -> None:
        overlay = target.findChild(
            BusyOverlay, "busyOverlay", Qt.FindChildOption.FindDirectChildrenOnly
        )
        if overlay is None:
            return
        overlay.count -= 1
        if overlay.count <= 0:
            overlay.hide()
            overlay.deleteLater()
