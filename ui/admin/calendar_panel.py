"""系统管理 — 工作日历: the loaded years and the import of a new year's State Council schedule."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DatabaseUnavailable
from app.services import calendar
from app.services.calendar import CalendarYear, ImportResult
from app.services.clock import local_today
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.events import CALENDAR, ChangeSet
from ui.widgets.forms import StatusLine


class CalendarPanel(QWidget):
    """Years on file with their working-day counts; 导入节假日安排… (Ctrl+I) loads one year
    from the administrator's file, all or nothing, and asks first when it replaces a year."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPanel")
        self.ctx = ctx
        self.years: list[CalendarYear] = []
        self.dialog: QWidget | None = None  # the open question box (tests inspect it)
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "办理期限按工作日计算：周一至周五，除去国务院办公厅公布的法定节假日，"
                "加上调休上班日。程序内置 chinesecalendar 收录的官方安排；"
                "每年国务院办公厅发布下一年度的部分节假日安排后，请在此导入。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.warning = QLabel(self)
        self.warning.setObjectName("calendarWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "QLabel { background: #fff4e5; color: #8a4b00; border: 1px solid #f5c27a;"
            " padding: 6px; }"
        )
        self.warning.hide()
        layout.addWidget(self.warning)

        bar = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入节假日安排…"), self)
        self.import_button.setToolTip(self.tr("从文件导入某一年的节假日安排（Ctrl+I）"))
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("calendarYearsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("年份"),
                self.tr("工作日"),
                self.tr("工作日放假"),
                self.tr("调休上班"),
                self.tr("来源"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        fmt = QLabel(
            self.tr(
                "文件格式（UTF-8 或 GBK 文本 / CSV）：每行“日期,类型,说明”，类型为 休 或 班，"
                "可写日期范围。例如：\n"
                "2027-01-01,休,元旦\n"
                "2027-02-05~2027-02-11,休,春节\n"
                "2027-02-13,班,春节调休上班\n"
                "未列出的日期按周一至周五上班、周六周日休息计算。一个文件只含一个年份；"
                "文件有任何错误时不导入任何日期。"
            ),
            self,
        )
        fmt.setObjectName("calendarFormatHelp")
        fmt.setWordWrap(True)
        fmt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fmt.setStyleSheet("QLabel { color: #444; }")
        layout.addWidget(fmt)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        self.import_button.clicked.connect(self.choose_file)
        # Window-wide, so Ctrl+I works while the tab bar has focus; Qt ignores shortcuts of
        # hidden widgets, so it is live only while this tab is showing.
        shortcut = QShortcut(QKeySequence("Ctrl+I"), self, self.choose_file)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        ctx.events.changed.connect(self._on_events_changed)
        self.refresh()

    # -- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        today = local_today()
        ctx.runner.query(
            lambda _t: (
                calendar.list_years(ctx.db, actor=actor),
                calendar.coverage_warning(ctx.db, today=today),
            ),
            on_done=self._fill,
            on_error=self._on_failed,
        )

    def _fill(self, result: tuple[list[CalendarYear], str | None]) -> None:
        self.years, warning = result
        self.warning.setText("⚠ " + warning if warning else "")
        self.warning.setVisible(bool(warning))
        rows = list(reversed(self.years))  # newest first: that is what an administrator checks
        self.table.setRowCount(len(rows))
        for r, year in enumerate(rows):
            cells = (
                str(year.year),
                str(year.working_days),
                str(year.holidays_on_weekdays),
                str(year.makeup_working_days),
                year.source.label,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c < 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)

    # -- importing ----------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择节假日安排文件"),
            str(Path.home()),
            self.tr("节假日安排 (*.csv *.txt);;所有文件 (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, *, year_hint: int | None = None) -> None:
        """Import ``path``; when its year is already on file, ask before replacing it."""
        year = year_hint or _year_in(path)
        if year is not None and any(y.year == year for y in self.years):
            self.dialog = ask(
                self,
                self.tr("替换已有年份"),
                self.tr("{0} 年的工作日历已存在。导入该文件将替换 {0} 年的全部日期。").format(year),
                lambda: self._run_import(path),
                informative=self.tr("已按原日历计算的期限不会改变，新的计算将按新日历进行。"),
                yes_text=self.tr("替换"),
                destructive=True,
            )
            return
        self._run_import(path)

    def _run_import(self, path: Path) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.status.clear_status()

        def run(_token: object) -> ImportResult:
            try:
                data = path.read_bytes()
            except OSError as exc:
                from app.domain.errors import CreditDeskError

                raise CreditDeskError(
                    "file.unreadable", path=str(path), reason=exc.strerror or str(exc)
                ) from exc
            return calendar.import_schedule(ctx.db, data, source_name=path.name, actor=actor)

        ctx.runner.command(
            run,
            on_done=self._on_imported,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在导入…"),
        )

    def _on_imported(self, result: ImportResult) -> None:
        verb = self.tr("替换") if result.replaced else self.tr("导入")
        self.status.show_message(
            self.tr("已{0} {1} 年节假日安排：工作日放假 {2} 天，调休上班 {3} 天。").format(
                verb, result.year, result.holidays, result.makeup_working_days
            )
        )
        self.ctx.events.emit_changed(CALENDAR)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(self.tr("操作未完成：数据库连接中断。连接恢复后请再试一次。"))
        else:
            show_error(self, exc)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(CALENDAR):
            self.refresh()


def _year_in(path: Path) -> int | None:
    """The year of the first date in the file, to ask before replacing (the service re-parses
    and validates everything; this only decides whether to ask)."""
    import re

    try:
        head = path.read_bytes()[:4096].decode("utf-8", errors="ignore")
    except OSError:
        return None
    match = re.search(r"(?m)^\s*(\d{4})[-/]\d{1,2}[-/]\d{1,2}", head)
    year = int(match.group(1)) if match else None
    return year if year and 1900 < year < 2200 else None


__all__ = ["CalendarPanel"]
