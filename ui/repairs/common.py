"""Small pieces shared by the repair screens: dates, deadline texts, file pickers, the profile
facts the screens show (whether repairs exist here, the public notice), opening a case file.

The date, deadline and file helpers mirror ``ui.objections.common`` (built at the same time);
once both screens have landed they belong in ``ui.widgets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.caseflow import DueLight
from app.domain.errors import ValidationFailed
from app.rules.profiles import Step
from app.rules.repair_flow import ConditionStatus, Material
from app.services import rules
from app.services.attachments import MAX_ATTACHMENT_BYTES, Upload, check_upload
from app.services.database import Database
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, grow_to_fit

RED_TEXT = "#c5221f"
AMBER_TEXT = "#8d5b00"
GREEN_TEXT = "#137333"
MUTED = "color: #5f6368;"

# how each condition result looks: a sign and a colour (never colour alone)
CONDITION_LOOK: dict[ConditionStatus, tuple[str, str, str]] = {
    ConditionStatus.MET: ("✓", GREEN_TEXT, "#e6f4ea"),
    ConditionStatus.NOT_MET: ("✗", RED_TEXT, "#fce8e6"),
    ConditionStatus.MANUAL: ("？", AMBER_TEXT, "#fef7e0"),
}


@dataclass(frozen=True)
class RepairProfileInfo:
    """What the repair screens say about this installation's regulation."""

    name: str
    regulation: str
    provided: bool  # the regulation provides for credit repair (Wuhan does not)
    publicity: (
        str  # "5个工作日；依据《…》第三十五条" where a public notice follows approval, else ""
    )


def load_profile_info(db: Database) -> RepairProfileInfo:
    """Read on the task runner (the profile's id is stored in the database)."""
    profile = rules.current_profile(db)
    notice = profile.steps.get(Step.REPAIR_PUBLICITY)
    publicity = (
        QCoreApplication.translate("RepairTexts", "{0}个工作日；{1}").format(
            notice.working_days, profile.cite(notice.basis)
        )
        if notice is not None and profile.repair is not None
        else ""
    )
    return RepairProfileInfo(
        profile.name, profile.regulation, profile.repair is not None, publicity
    )


# --- dates and deadlines ----------------------------------------------------------------------


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, value: date, *, latest: date | None = None) -> QDateEdit:
    """A calendar-popup date field (yyyy-MM-dd); ``latest`` caps it (the service refuses future
    dates anyway)."""
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
        return QCoreApplication.translate("RepairTexts", "无期限")
    if left is None:
        return QCoreApplication.translate("RepairTexts", "日历未覆盖")
    if left < 0:
        return QCoreApplication.translate("RepairTexts", "逾期 {0} 个工作日").format(-left)
    if left == 0:
        return QCoreApplication.translate("RepairTexts", "今日到期")
    return QCoreApplication.translate("RepairTexts", "剩 {0} 个工作日").format(left)


def due_text(due_on: date | None, left: int | None) -> str:
    """2026-11-09（剩 2 个工作日）, or 无期限."""
    if due_on is None:
        return QCoreApplication.translate("RepairTexts", "无期限")
    return QCoreApplication.translate("RepairTexts", "{0}（{1}）").format(
        due_on.isoformat(), days_left_text(due_on, left)
    )


def light_colour(light: DueLight) -> str | None:
    return {DueLight.RED: RED_TEXT, DueLight.YELLOW: AMBER_TEXT}.get(light)


def material_label(kind: Material | str) -> str:
    """Materials by their label; the provider's written opinion is filed under its own kind."""
    if isinstance(kind, Material):
        return kind.label
    return {
        "provider_confirmation": QCoreApplication.translate("RepairTexts", "提供单位书面意见")
    }.get(kind, kind)


# --- files ---------------------------------------------------------------------------------------


def file_size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return QCoreApplication.translate("RepairTexts", "{0:.1f} MB").format(size / 1024 / 1024)
    return QCoreApplication.translate("RepairTexts", "{0} KB").format(max(1, size // 1024))


def read_upload(path: Path, field: str) -> tuple[Upload | None, str]:
    """The picked file as an ``Upload``, or why it cannot be used (type and size are checked by
    the service's own rules, which need no database)."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            return None, QCoreApplication.translate(
                "RepairTexts", "文件过大（{0}），扫描件不能超过 {1} MB。"
            ).format(file_size_text(size), MAX_ATTACHMENT_BYTES // 1024 // 1024)
        content = path.read_bytes()
    except OSError as exc:
        return None, QCoreApplication.translate("RepairTexts", "无法读取文件：{0}").format(
            exc.strerror or type(exc).__name__
        )
    upload = Upload(content, path.name)  # the name is for display, never a path
    try:
        check_upload(upload, field=field)
    except ValidationFailed as exc:
        messages = [m for ms in exc.field_errors.values() for m in ms]
        return None, "；".join(messages) or exc.text
    return upload, ""


class ScanPicker(QWidget):
    """One scanned file: a button, 移除, and what was picked (or why it cannot be used)."""

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
        self.label.setStyleSheet(INFO_STYLE)
        self.label.setWordWrap(True)
        row.addWidget(self.button)
        row.addWidget(self.clear_button)
        row.addWidget(self.label, 1)
        self.button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(self.clear)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self._title,
            str(Path.home()),
            self.tr("扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"),
        )
        if path:
            self.attach(Path(path))

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


def open_local_file(path: Path) -> bool:
    """Hand a saved file to the system viewer (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def attachment_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation)
    path = Path(base) / "CreditDesk" / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
