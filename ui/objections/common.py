"""Small pieces shared by the objection screens: dates, deadline texts, file pickers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import DueLight
from app.domain.errors import ValidationFailed
from app.services.attachments import MAX_ATTACHMENT_BYTES, Upload, check_upload
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, grow_to_fit

RED_TEXT = "#c5221f"
AMBER_TEXT = "#8d5b00"


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, value: date, *, latest: date | None = None) -> QDateEdit:
    """A calendar-popup date field (yyyy-MM-dd); ``latest`` caps it (a courtesy: the service
    refuses future dates anyway)."""
    edit = QDateEdit(qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    return edit


def days_left_text(due_on: date | None, left: int | None) -> str:
    """剩 3 个工作日 / 今日到期 / 逾期 2 个工作日 / 无期限 / 日历未覆盖."""
    if due_on is None:
        return QCoreApplication.translate("ObjectionTexts", "无期限")
    if left is None:
        return QCoreApplication.translate("ObjectionTexts", "日历未覆盖")
    if left < 0:
        return QCoreApplication.translate("ObjectionTexts", "逾期 {0} 个工作日").format(-left)
    if left == 0:
        return QCoreApplication.translate("ObjectionTexts", "今日到期")
    return QCoreApplication.translate("ObjectionTexts", "剩 {0} 个工作日").format(left)


def due_text(due_on: date | None, left: int | None) -> str:
    """The due date with the working days left beside it: 2026-11-27（剩 2 个工作日）."""
    if due_on is None:
        return "—"
    return QCoreApplication.translate("ObjectionTexts", "{0}（{1}）").format(
        due_on.isoformat(), days_left_text(due_on, left)
    )


def light_colour(light: DueLight) -> str | None:
    return {DueLight.RED: RED_TEXT, DueLight.YELLOW: AMBER_TEXT}.get(light)


def file_size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return QCoreApplication.translate("ObjectionTexts", "{0:.1f} MB").format(size / 1024 / 1024)
    return QCoreApplication.translate("ObjectionTexts", "{0} KB").format(max(1, size // 1024))


def read_upload(path: Path, field: str) -> tuple[Upload | None, str]:
    """The picked file as an ``Upload``, or the reason it cannot be used (in Chinese). Type and
    size are checked by the service's own rules (``check_upload``), which need no database."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            return None, QCoreApplication.translate(
                "ObjectionTexts", "文件过大（{0}），扫描件不能超过 {1} MB。"
            ).format(file_size_text(size), MAX_ATTACHMENT_BYTES // 1024 // 1024)
        content = path.read_bytes()
    except OSError as exc:
        return None, QCoreApplication.translate("ObjectionTexts", "无法读取文件：{0}").format(
            exc.strerror or type(exc).__name__
        )
    upload = Upload(content, path.name)  # the name is for display, never a path
    try:
        check_upload(upload, field=field)
    except ValidationFailed as exc:
        messages = [m for ms in exc.field_errors.values() for m in ms]
        return None, "；".join(messages) or exc.text
    return upload, ""


def pick_paths(parent: QWidget, title: str, *, many: bool = False) -> list[Path]:
    caption_filter = QCoreApplication.translate(
        "ObjectionTexts", "扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"
    )
    if many:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), caption_filter)
        return [Path(p) for p in paths]
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), caption_filter)
    return [Path(path)] if path else []


class FilePicker(QWidget):
    """One scanned file (委托书, the provider's reply): a button and what was picked."""

    changed = Signal()

    def __init__(self, button_text: str, dialog_title: str, field: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.upload: Upload | None = None
        self._field, self._title = field, dialog_title
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(button_text, self)
        self.clear_button = QPushButton(self.tr("移除"), self)
        self.clear_button.setVisible(False)
        self.label = QLabel(self.tr("未选择文件"), self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet(INFO_STYLE)
        self.label.setWordWrap(True)
        row.addWidget(self.button)
        row.addWidget(self.clear_button)
        row.addWidget(self.label, 1)
        self.button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(self.clear)

    def _choose(self) -> None:
        for path in pick_paths(self, self._title):
            self.attach(path)

    def attach(self, path: Path) -> bool:
        upload, fault = read_upload(path, self._field)
        self.upload = upload
        if upload is None:
            self.label.setText(fault)
            self.label.setStyleSheet(ERROR_STYLE)
            self.clear_button.setVisible(False)
            window = self.window()
            if window.isVisible():
                QTimer.singleShot(0, window, lambda: grow_to_fit(window))
        else:
            self.label.setText(
                self.tr("{0}（{1}）").format(
                    upload.display_name, file_size_text(len(upload.content))
                )
            )
            self.label.setStyleSheet(INFO_STYLE)
            self.clear_button.setVisible(True)
        self.changed.emit()
        return upload is not None

    def clear(self) -> None:
        self.upload = None
        self.label.setText(self.tr("未选择文件"))
        self.label.setStyleSheet(INFO_STYLE)
        self.clear_button.setVisible(False)
        self.changed.emit()


class EvidenceList(QWidget):
    """The applicant's evidence files: 添加… / 移除, each checked as it is added."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.uploads: list[Upload] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.list = QListWidget(self)
        self.list.setObjectName("evidenceList")
        self.list.setMaximumHeight(96)
        layout.addWidget(self.list, 1, Qt.AlignmentFlag.AlignTop)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(self.tr("添加…"), self)
        self.add_button.setObjectName("addEvidenceButton")
        self.add_button.setToolTip(self.tr("添加证明材料扫描件（PDF、JPEG 或 PNG，可多选）"))
        self.remove_button = QPushButton(self.tr("移除"), self)
        self.remove_button.setToolTip(self.tr("移除选中的材料（Delete）"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.fault = QLabel(self)
        self.fault.setTextFormat(Qt.TextFormat.PlainText)
        self.fault.setStyleSheet(ERROR_STYLE)
        self.fault.setWordWrap(True)
        self.fault.hide()
        outer.addWidget(self.fault)
        self.add_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self.remove_current)
        self._update()

    def _choose(self) -> None:
        for path in pick_paths(self, self.tr("选择证明材料"), many=True):
            self.add(path)

    def add(self, path: Path) -> bool:
        upload, fault = read_upload(path, "evidence")
        if upload is None:
            self.fault.setText(self.tr("{0}：{1}").format(path.name, fault))
            self.fault.show()
            return False
        self.fault.hide()
        self.uploads.append(upload)
        item = QListWidgetItem(
            self.tr("{0}（{1}）").format(upload.display_name, file_size_text(len(upload.content)))
        )
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self._update()
        return True

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.uploads):
            del self.uploads[row]
            self.list.takeItem(row)
        self._update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Delete removes the selected file
        if event.key() == Qt.Key.Key_Delete:
            self.remove_current()
            return
        super().keyPressEvent(event)

    def _update(self) -> None:
        self.remove_button.setEnabled(bool(self.uploads))
        self.changed.emit()

    def clear(self) -> None:
        self.uploads.clear()
        self.list.clear()
        self.fault.hide()
        self._update()
