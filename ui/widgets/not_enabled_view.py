"""An honest placeholder for a screen whose issue has not landed: what will come, no fake data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class NotEnabledView(QWidget):
    def __init__(self, title: str, coming: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notEnabledView")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignTop)
        outer.setContentsMargins(32, 28, 32, 28)
        heading = QLabel(title, self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        badge = QLabel(self.tr("尚未启用"), self)
        badge.setObjectName("notEnabledBadge")
        badge.setStyleSheet(
            "background: #fef7e0; color: #8d5b00; border: 1px solid #f9cb71;"
            " border-radius: 4px; padding: 2px 8px;"
        )
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setMaximumWidth(120)
        intro = QLabel(self.tr("本功能将在后续版本中提供。届时这里将可以："), self)
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        items = QVBoxLayout(frame)
        for line in coming:
            label = QLabel("• " + line, frame)
            label.setWordWrap(True)
            items.addWidget(label)
        note = QLabel(self.tr("在此之前，本页不显示任何数据，也不会写入数据库。"), self)
        note.setStyleSheet("color: #5f6368;")
        outer.addWidget(heading)
        outer.addWidget(badge)
        outer.addSpacing(12)
        outer.addWidget(intro)
        outer.addWidget(frame)
        outer.addWidget(note)
        self.title = title

    def refresh(self) -> None:
        pass
