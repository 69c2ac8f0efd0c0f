"""A case list: every case of one kind, most urgent first, with the screen's filters and a
search box, in pages (offset-keyed: the service sorts and filters the whole list, so the page key
is the position). Enter or a double-click opens the case; Ctrl+N (the screen's) starts an
intake; Enter in the search box searches, Ctrl+F goes there.

A screen's list subclasses ``CaseListBase``: its filters, its texts, the service it calls. The
table (``CaseTable``, ``setup_case_table``) is the work queue's too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import CreditDeskError
from app.domain.permissions import Permission
from app.services.casework import CaseRowBase
from app.services.queries import Page, PageKey
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CALENDAR, CASES, SETTINGS, USERS, ChangeSet
from ui.models.paged_table_model import ROW_ROLE, PagedTableModel
from ui.qsettings_store import restore_header, save_header
from ui.widgets.light_delegate import LightDelegate

ALL_STATES = "all"
FOOTER_STYLE = "color: #5f6368;"


class CaseTable(QTableView):
    """Enter opens the current case, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


def setup_case_table(
    table: QTableView,
    model: PagedTableModel,
    *,
    light_column: int,
    settings: QSettings,
    header_key: str,
) -> None:
    """Whole rows, one at a time, read-only; the light painted in ``light_column``; the columns'
    widths and order remembered under ``header_key``."""
    table.setModel(model)
    table.setItemDelegateForColumn(light_column, LightDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(28)
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(model.columns):
        table.setColumnWidth(i, column.width)
    restore_header(settings, header_key, header)
    header.sectionResized.connect(lambda *_: save_header(settings, header_key, header))
    header.sectionMoved.connect(lambda *_: save_header(settings, header_key, header))


def show_load_failure(view: QWidget, footer: QLabel, exc: BaseException, unavailable: str) -> None:
    """A page could not be read: a lost connection is said in the footer, the rest in a box."""
    if isinstance(exc, CreditDeskError) and exc.msg_id == "db.unavailable":
        footer.setText(unavailable)
        return
    show_error(view, exc)


def next_key(offset: int, count: int, total: int) -> PageKey | None:
    """The key of the page after ``count`` rows from ``offset`` (None: that was the last)."""
    end = offset + count
    return (end,) if end < total else None


class CaseListBase(QWidget):
    case_requested = Signal(str)  # case number
    intake_requested = Signal()

    PREFIX = "case"  # object names: caseCaseList, newCaseButton, caseSearch …
    HEADER_KEY = "cases"
    LIGHT_COLUMN = 0
    HANDLE = Permission.OBJECTION_HANDLE  # who may start an intake

    state_combo: Any  # the screen's state filter (``set_state_filter``)

    def __init__(
        self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.PREFIX}CaseList")
        self.ctx = ctx
        self._today = today

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)

        title_row = QHBoxLayout()
        heading = QLabel(self.heading_text(), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title_row.addWidget(heading)
        self.add_title_widgets(title_row)
        title_row.addStretch(1)
        name = self.PREFIX[:1].upper() + self.PREFIX[1:]
        new_text, new_tip = self.new_button_texts()
        self.new_button = QPushButton(new_text, self)
        self.new_button.setObjectName(f"new{name}Button")
        self.new_button.setToolTip(new_tip)
        self.new_button.setEnabled(ctx.may(self.HANDLE))
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setObjectName(f"open{name}Button")
        self.open_button.setToolTip(self.tr("打开选中的案件（回车或双击）"))
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setToolTip(self.tr("刷新（F5）"))
        for button in (self.new_button, *self.extra_buttons(), self.open_button):
            title_row.addWidget(button)
        title_row.addWidget(self.refresh_button)
        layout.addLayout(title_row)
        self.add_banners(layout)

        # --- filters ------------------------------------------------------------------------
        filters = QHBoxLayout()
        self.build_filters(filters)
        filters.addStretch(1)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName(f"{self.PREFIX}Search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("案件编号、信用主体或申请人，回车查找"))
        self.search_edit.setToolTip(
            self.tr("输入案件编号、信用主体名称或代码、申请人姓名后按回车（Ctrl+F 定位到此）")
        )
        self.search_edit.setMinimumWidth(300)
        filters.addWidget(self.search_edit)
        layout.addLayout(filters)

        # --- the table ------------------------------------------------------------------------
        self.model = self.make_model()
        self.table = CaseTable(self)
        self.table.setObjectName(f"{self.PREFIX}CaseTable")
        setup_case_table(
            self.table,
            self.model,
            light_column=self.LIGHT_COLUMN,
            settings=ctx.qsettings,
            header_key=self.HEADER_KEY,
        )
        layout.addWidget(self.table, 1)

        self.footer = QLabel(self)
        self.footer.setObjectName(f"{self.PREFIX}ListFooter")
        self.footer.setStyleSheet(FOOTER_STYLE)
        layout.addWidget(self.footer)

        # --- wiring -----------------------------------------------------------------------------
        self.search_edit.returnPressed.connect(self.refresh)
        self.new_button.clicked.connect(self.intake_requested)
        self.open_button.clicked.connect(self.open_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated_row.connect(self._open_row)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.loading_changed.connect(lambda _loading: self._update_footer())
        self.model.load_failed.connect(
            lambda exc: show_load_failure(self, self.footer, exc, self.unavailable_text())
        )
        ctx.events.changed.connect(self._on_events_changed)
        shortcut = QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this page shows
        self.update_filter_widgets()
        self._update_buttons()
        self.refresh()

    # -- what the screen builds and says ----------------------------------------------------------
    def heading_text(self) -> str:
        raise NotImplementedError

    def new_button_texts(self) -> tuple[str, str]:
        """The intake button's text and tooltip."""
        raise NotImplementedError

    def add_title_widgets(self, row: QHBoxLayout) -> None:
        """Beside the heading."""

    def extra_buttons(self) -> tuple[QPushButton, ...]:
        """Buttons between 新 … and 打开."""
        return ()

    def add_banners(self, layout: QVBoxLayout) -> None:
        """Notices above the filters."""

    def build_filters(self, row: QHBoxLayout) -> None:
        """The filters (their changes call ``_on_filter_changed``), before the search box."""
        raise NotImplementedError

    def update_filter_widgets(self) -> None:
        """Enable or disable filters that depend on others."""

    def make_model(self) -> PagedTableModel:
        raise NotImplementedError

    def current_filter(self) -> Any:
        raise NotImplementedError

    def page_reader(self) -> Callable[[int, int], Page[Any]]:
        """Reads ``limit`` rows from ``offset`` with the current filter (on the read lane)."""
        raise NotImplementedError

    def loading_text(self) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    def unavailable_text(self) -> str:
        raise NotImplementedError

    # --- filters --------------------------------------------------------------------------------
    def set_state_filter(self, value: str) -> None:
        self.state_combo.setCurrentIndex(max(0, self.state_combo.findData(value)))

    def _on_filter_changed(self, *_: object) -> None:
        self.update_filter_widgets()
        self.refresh()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- loading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        read = self.page_reader()

        def fetch(after: PageKey | None, limit: int) -> Page[Any]:
            return read(int(after[0]) if after else 0, limit)  # type: ignore[call-overload]

        self.model.set_fetcher(fetch)

    def _on_page_loaded(self, _rows: int) -> None:
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self._update_footer()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.model.rowCount() > 0)

    def _update_footer(self, *_: object) -> None:
        loaded = self.model.rowCount()
        total = self.model.total_estimate
        if self.model.loading and not loaded:
            self.footer.setText(self.loading_text())
        elif not loaded:
            self.footer.setText(self.empty_text())
        elif self.model.canFetchMore():
            self.footer.setText(
                self.tr("已显示 {0} 件（共 {1} 件），向下滚动继续加载。").format(loaded, total)
            )
        else:
            self.footer.setText(self.tr("共 {0} 件。双击或按回车打开案件。").format(loaded))

    # --- opening --------------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        return self.model.rows()

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        item = self.model.index(row, 0).data(ROW_ROLE)
        if isinstance(item, CaseRowBase):
            self.case_requested.emit(item.case_no)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(CASES, SETTINGS, CALENDAR, USERS):
            self.refresh()

    def save_state(self) -> None:
        save_header(self.ctx.qsettings, self.HEADER_KEY, self.table.horizontalHeader())
