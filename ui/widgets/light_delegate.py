"""Paints the due-date light: a coloured dot with its word beside it (never colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.caseflow import DueLight
from ui.models.paged_table_model import USER_VALUE_ROLE

LIGHT_ROLE = USER_VALUE_ROLE  # the light column puts its DueLight here

COLOURS = {
    DueLight.RED: QColor("#d93025"),
    DueLight.YELLOW: QColor("#f9ab00"),
    DueLight.GREEN: QColor("#1e8e3e"),
    DueLight.NONE: QColor("#bdc1c6"),
}


class LightDelegate(QStyledItemDelegate):
    DOT = 12

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(LIGHT_ROLE)  # a StrEnum arrives as its plain string through QVariant
        try:
            light = DueLight(value)
        except ValueError:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = option.rect
        dot = QRect(r.left() + 8, r.center().y() - self.DOT // 2, self.DOT, self.DOT)
        painter.setPen(QPen(COLOURS[light].darker(120), 1))
        painter.setBrush(QBrush(COLOURS[light]))
        painter.drawEllipse(dot)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            option.palette.highlightedText().color() if selected else option.palette.text().color()
        )
        text_rect = QRect(dot.right() + 6, r.top(), r.right() - dot.right() - 6, r.height())
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self.DOT + 14, size.height())
