"""异议处理 → the case list: every objection case, most urgent first, with filters.

The rows come from ``objections.list_cases`` on the read lane, in pages (offset-keyed: the
service sorts and filters the whole list, so the page key is the position). Enter or a
double-click opens the case; Ctrl+N starts a new intake; Enter in the search box searches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import DueLight, ObjectionState
from app.domain.errors import CreditDeskError
from app.domain.permissions import Permission
from app.services import objections
from app.services.objections import CaseFilter, CaseRow
from app.services.queries import Page, PageKey
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CALENDAR, CASES, SETTINGS, USERS, ChangeSet
from ui.models.paged_table_model import ROW_ROLE, PagedTableModel
from ui.objections.columns import case_columns
from ui.qsettings_store import restore_header, save_header
from ui.widgets.light_delegate import LightDelegate

HEADER_KEY = "objection_cases"
OPEN_ONLY = "open"
ALL_STATES = "all"
MINE = "mine"
UNASSIGNED = "unassigned"
EVERYONE = "everyone"


@dataclass(frozen=True)
class CasePage(Page[CaseRow]):
    providers: tuple[tuple[int, str], ...] = ()


class CaseTableModel(PagedTableModel):
    """The paged model, also passing on the providers the first page lists (for the filter)."""

    providers_loaded = Signal(object)  # tuple[(id, name)]

    def _on_page(self, generation: int, after: PageKey | None, page: Page[Any]) -> None:
        current = generation == self._generation
        super()._on_page(generation, after, page)
        if current and after is None and isinstance(page, CasePage):
            self.providers_loaded.emit(page.providers)


class CaseTable(QTableView):
    """Enter opens the current case, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class CaseListView(QWidget):
    case_requested = Signal(str)  # case number
    intake_requested = Signal()

    def __init__(
        self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("objectionCaseList")
        self.ctx = ctx
        self._today = today
        self._providers: tuple[tuple[int, str], ...] = ()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)

        title_row = QHBoxLayout()
        heading = QLabel(self.tr("异议处理"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title_row.addWidget(heading)
        title_row.addStretch(1)
        self.new_button = QPushButton(self.tr("受理异议…"), self)
        self.new_button.setObjectName("newObjectionButton")
        self.new_button.setToolTip(self.tr("登记新的异议申请（Ctrl+N）"))
        self.new_button.setEnabled(ctx.may(Permission.OBJECTION_HANDLE))
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setObjectName("openCaseButton")
        self.open_button.setToolTip(self.tr("打开选中的案件（回车或双击）"))
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setToolTip(self.tr("刷新（F5）"))
        title_row.addWidget(self.new_button)
        title_row.addWidget(self.open_button)
        title_row.addWidget(self.refresh_button)
        layout.addLayout(title_row)

        # --- filters ------------------------------------------------------------------------
        filters = QHBoxLayout()
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("stateFilter")
        self.state_combo.addItem(self.tr("未办结"), OPEN_ONLY)
        self.state_combo.addItem(self.tr("全部状态"), ALL_STATES)
        for state in ObjectionState:
            self.state_combo.addItem(state.label, state.value)
        self.provider_combo = QComboBox(self)
        self.provider_combo.setObjectName("providerFilter")
        self.provider_combo.setMinimumContentsLength(10)
        self.provider_combo.addItem(self.tr("全部提供单位"), None)
        self.light_combo = QComboBox(self)
        self.light_combo.setObjectName("lightFilter")
        self.light_combo.addItem(self.tr("全部"), None)
        for light in (DueLight.RED, DueLight.YELLOW, DueLight.GREEN, DueLight.NONE):
            self.light_combo.addItem(light.label, light.value)
        self.assignee_combo = QComboBox(self)
        self.assignee_combo.setObjectName("assigneeFilter")
        self.assignee_combo.addItem(self.tr("全部经办人"), EVERYONE)
        self.assignee_combo.addItem(self.tr("我经办的"), MINE)
        self.assignee_combo.addItem(self.tr("未分配"), UNASSIGNED)
        for text, widget in (
            (self.tr("状态(&Z)"), self.state_combo),
            (self.tr("提供单位(&D)"), self.provider_combo),
            (self.tr("期限提示(&L)"), self.light_combo),
            (self.tr("经办人(&J)"), self.assignee_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(6)
        filters.addStretch(1)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("caseSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("案件编号、信用主体或申请人，回车查找"))
        self.search_edit.setToolTip(
            self.tr("输入案件编号、信用主体名称或代码、申请人姓名后按回车（Ctrl+F 定位到此）")
        )
        self.search_edit.setMinimumWidth(300)
        filters.addWidget(self.search_edit)
        layout.addLayout(filters)

        # --- the table ------------------------------------------------------------------------
        self.model = CaseTableModel(ctx.runner, case_columns(), parent=self)
        self.table = CaseTable(self)
        self.table.setObjectName("objectionCaseTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, LightDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width)
        restore_header(ctx.qsettings, HEADER_KEY, header)
        layout.addWidget(self.table, 1)

        self.footer = QLabel(self)
        self.footer.setObjectName("caseListFooter")
        self.footer.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.footer)

        # --- wiring -----------------------------------------------------------------------------
        for combo in (self.state_combo, self.provider_combo, self.light_combo, self.assignee_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.returnPressed.connect(self.refresh)
        self.new_button.clicked.connect(self.intake_requested)
        self.open_button.clicked.connect(self.open_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated_row.connect(self._open_row)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.loading_changed.connect(lambda _loading: self._update_footer())
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.providers_loaded.connect(self._fill_providers)
        header.sectionResized.connect(lambda *_: save_header(ctx.qsettings, HEADER_KEY, header))
        header.sectionMoved.connect(lambda *_: save_header(ctx.qsettings, HEADER_KEY, header))
        ctx.events.changed.connect(self._on_events_changed)
        shortcut = QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this page shows
        self._update_buttons()
        self.refresh()

    # --- filters --------------------------------------------------------------------------------
    def current_filter(self) -> CaseFilter:
        state = self.state_combo.currentData()
        light = self.light_combo.currentData()
        assignee = self.assignee_combo.currentData()
        actor = self.ctx.require_actor()
        return CaseFilter(
            states=frozenset({ObjectionState(state)})
            if state not in (OPEN_ONLY, ALL_STATES)
            else None,
            open_only=state == OPEN_ONLY,
            provider_id=self.provider_combo.currentData(),
            light=DueLight(light) if light else None,
            assignee_user_id=actor.user_id if assignee == MINE else None,
            unassigned=assignee == UNASSIGNED,
            text=self.search_edit.text().strip(),
        )

    def set_state_filter(self, value: str) -> None:
        self.state_combo.setCurrentIndex(max(0, self.state_combo.findData(value)))

    def set_light_filter(self, light: DueLight | None) -> None:
        self.light_combo.setCurrentIndex(
            max(0, self.light_combo.findData(light.value if light else None))
        )

    def _on_filter_changed(self, *_: object) -> None:
        self.refresh()

    def _fill_providers(self, providers: tuple[tuple[int, str], ...]) -> None:
        if providers == self._providers:
            return
        self._providers = providers
        current = self.provider_combo.currentData()
        self.provider_combo.blockSignals(True)
        self.provider_combo.clear()
        self.provider_combo.addItem(self.tr("全部提供单位"), None)
        for provider_id, name in providers:
            self.provider_combo.addItem(name, provider_id)
        index = self.provider_combo.findData(current)
        self.provider_combo.setCurrentIndex(max(0, index))
        self.provider_combo.blockSignals(False)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- loading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, actor, flt, today = (
            self.ctx,
            self.ctx.require_actor(),
            self.current_filter(),
            self._today(),
        )

        def fetch(after: PageKey | None, limit: int) -> CasePage:
            offset = int(after[0]) if after else 0  # type: ignore[call-overload]
            result = objections.list_cases(
                ctx.db, actor=actor, flt=flt, limit=limit, offset=offset, today=today
            )
            end = offset + len(result.rows)
            return CasePage(
                result.rows,
                (end,) if end < result.total else None,
                result.total,
                result.providers,
            )

        self.model.set_fetcher(fetch)

    def _on_page_loaded(self, _rows: int) -> None:
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self._update_footer()

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CreditDeskError) and exc.msg_id == "db.unavailable":
            self.footer.setText(
                self.tr("无法读取异议案件：数据库连接中断。连接恢复后请按 F5 刷新。")
            )
            return
        show_error(self, exc)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.model.rowCount() > 0)

    def _update_footer(self, *_: object) -> None:
        loaded = self.model.rowCount()
        total = self.model.total_estimate
        if self.model.loading and not loaded:
            self.footer.setText(self.tr("正在读取异议案件…"))
        elif not loaded:
            self.footer.setText(self.tr("当前筛选条件下没有异议案件。"))
        elif self.model.canFetchMore():
            self.footer.setText(
                self.tr("已显示 {0} 件（共 {1} 件），向下滚动继续加载。").format(loaded, total)
            )
        else:
            self.footer.setText(self.tr("共 {0} 件。双击或按回车打开案件。").format(loaded))

    # --- opening --------------------------------------------------------------------------------
    def rows(self) -> list[CaseRow]:
        return self.model.rows()

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        item = self.model.index(row, 0).data(ROW_ROLE)
        if isinstance(item, CaseRow):
            self.case_requested.emit(item.case_no)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(CASES, SETTINGS, CALENDAR, USERS):
            self.refresh()

    def save_state(self) -> None:
        save_header(self.ctx.qsettings, HEADER_KEY, self.table.horizontalHeader())
