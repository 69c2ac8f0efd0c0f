"""Small pieces the case screens share: dates, deadline texts, scanned files, opening a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QWidget,
)

from app.domain.caseflow import DueLight
from app.domain.errors import ValidationFailed
from app.services.attachments import MAX_ATTACHMENT_BYTES, Upload, check_upload
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, grow_to_fit

RED_TEXT = "#c5221f"
AMBER_TEXT = "#8d5b00"
GREEN_TEXT = "#137333"
MUTED = "color: #5f6368;"


def named(prefix: str, name: str) -> str:
    """An object name for a screen: ``caseTitle`` for the first screen that had it (no prefix),
    ``repairCaseTitle`` for another (``prefix`` ``repair``)."""
    return prefix + name[:1].upper() + name[1:] if prefix else name


# --- dates and deadlines ----------------------------------------------------------------------


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
    edit.setMaximumWidth(160)
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    return edit


def days_left_text(due_on: date | None, left: int | None) -> str:
    """剩 3 个工作日 / 今日到期 / 逾期 2 个工作日 / 无期限 / 日历未覆盖."""
    if due_on is None:
        return QCoreApplication.translate("CaseTexts", "无期限")
    if left is None:
        return QCoreApplication.translate("CaseTexts", "日历未覆盖")
    if left < 0:
        return QCoreApplication.translate("CaseTexts", "逾期 {0} 个工作日").format(-left)
    if left == 0:
        return QCoreApplication.translate("CaseTexts", "今日到期")
    return QCoreApplication.translate("CaseTexts", "剩 {0} 个工作日").format(left)


def due_text(due_on: date | None, left: int | None) -> str:
    """The due date with the working days left beside it: 2026-11-27（剩 2 个工作日）; — when
    there is none."""
    if due_on is None:
        return "—"
    return QCoreApplication.translate("CaseTexts", "{0}（{1}）").format(
        due_on.isoformat(), days_left_text(due_on, left)
    )


def light_colour(light: DueLight) -> str | None:
    return {DueLight.RED: RED_TEXT, DueLight.YELLOW: AMBER_TEXT}.get(light)


# --- files ---------------------------------------------------------------------------------------


def file_size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return QCoreApplication.translate("CaseTexts", "{0:.1f} MB").format(size / 1024 / 1024)
    return QCoreApplication.translate("CaseTexts", "{0} KB").format(max(1, size // 1024))


def read_upload(path: Path, field: str) -> tuple[Upload | None, str]:
    """The picked file as an ``Upload``, or the reason it cannot be used (in Chinese). Type and
    size are checked by the service's own rules (``check_upload``), which need no database."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            return None, QCoreApplication.translate(
                "CaseTexts", "文件过大（{0}），扫描件不能超过 {1} MB。"
            ).format(file_size_text(size), MAX_ATTACHMENT_BYTES // 1024 // 1024)
        content = path.read_bytes()
    except OSError as exc:
        return None, QCoreApplication.translate("CaseTexts", "无法读取文件：{0}").format(
            exc.strerror or type(exc).__name__
        )
    upload = Upload(content, path.name)  # the name is for display, never a path
    try:
        check_upload(upload, field=field)
    except ValidationFailed as exc:
        messages = [m for ms in exc.field_errors.values() for m in ms]
        return None, "；".join(messages) or exc.text
    return upload, ""


def upload_text(upload: Upload) -> str:
    """授权委托书.pdf（12 KB）."""
    return QCoreApplication.translate("CaseTexts", "{0}（{1}）").format(
        upload.display_name, file_size_text(len(upload.content))
    )


def pick_paths(parent: QWidget, title: str, *, many: bool = False) -> list[Path]:
    caption_filter = QCoreApplication.translate(
        "CaseTexts", "扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"
    )
    if many:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), caption_filter)
        return [Path(p) for p in paths]
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), caption_filter)
    return [Path(path)] if path else []


class ScanPicker(QWidget):
    """One scanned file (委托书, a material, the provider's reply): a button, 移除, and what was
    picked (or why it cannot be used). Its buttons never take Enter: that is the dialog's."""

    changed = Signal()

    def __init__(self, button_text: str, dialog_title: str, field: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.upload: Upload | None = None
        self._field, self._title = field, dialog_title
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(button_text, self)
        self.button.setAutoDefault(False)
        self.clear_button = QPushButton(self.tr("移除"), self)
        self.clear_button.setAutoDefault(False)
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
            self.label.setText(upload_text(upload))
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


def open_local_file(path: Path) -> bool:
    """Hand a saved file to the system viewer (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def attachment_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation)
    path = Path(base) / "CreditDesk" / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_only_rows(table: QTableWidget) -> None:
    """A table read by whole rows, one selected at a time, without row numbers; long texts
    wrap and the last column takes the rest of the width."""
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)


def value_label(parent: QWidget, name: str) -> QLabel:
    """A selectable label for a value from the case (data, never markup)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
