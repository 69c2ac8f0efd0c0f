"""信用修复 → the case list: every repair application, open ones first, with filters.

The rows come from ``repairs.list_repairs`` on the read lane, in pages (offset-keyed: the
service sorts and filters the whole list, so the page key is the position). Enter or a
double-click opens the case; Ctrl+N takes in a new application; Enter in the search box
searches; 待主管审批 is the supervisors' queue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from app.domain.caseflow import RepairState
from app.domain.errors import CreditDeskError
from app.domain.permissions import Permission
from app.services import repairs
from app.services.queries import Page, PageKey
from app.services.repairs import RepairFilter, RepairRow
from ui.context import AppContext
from ui.errors import show_error
from ui.events import CALENDAR, CASES, SETTINGS, USERS, ChangeSet
from ui.models.paged_table_model import ROW_ROLE, PagedTableModel
from ui.qsettings_store import restore_header, save_header
from ui.repairs.columns import DUE_COLUMN, repair_columns
from ui.repairs.common import RepairProfileInfo
from ui.widgets.light_delegate import LightDelegate

HEADER_KEY = "repair_cases"
ALL_STATES = "all"


class RepairTable(QTableView):
    """Enter opens the current case, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class RepairListView(QWidget):
    case_requested = Signal(str)  # case number
    intake_requested = Signal()
    blank_form_requested = Signal()

    def __init__(
        self, ctx: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("repairCaseList")
        self.ctx = ctx
        self._today = today

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)

        title_row = QHBoxLayout()
        heading = QLabel(self.tr("信用修复"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title_row.addWidget(heading)
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("repairProfileLabel")
        self.profile_label.setStyleSheet("color: #5f6368;")
        title_row.addSpacing(12)
        title_row.addWidget(self.profile_label)
        title_row.addStretch(1)
        self.new_button = QPushButton(self.tr("受理修复申请…"), self)
        self.new_button.setObjectName("newRepairButton")
        self.new_button.setToolTip(self.tr("登记新的信用修复申请（Ctrl+N）"))
        self.new_button.setEnabled(ctx.may(Permission.REPAIR_HANDLE))
        self.blank_button = QPushButton(self.tr("打印空白信用承诺书"), self)
        self.blank_button.setObjectName("blankCommitmentButton")
        self.blank_button.setToolTip(
            self.tr("预览并打印空白的信用承诺书，交申请人填写签字（不编号、不登记）")
        )
        self.blank_button.setVisible(ctx.may(Permission.DOCUMENT_ISSUE))
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setObjectName("openRepairButton")
        self.open_button.setToolTip(self.tr("打开选中的案件（回车或双击）"))
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setToolTip(self.tr("刷新（F5）"))
        for button in (self.new_button, self.blank_button, self.open_button, self.refresh_button):
            title_row.addWidget(button)
        layout.addLayout(title_row)

        self.not_provided = QLabel(self)
        self.not_provided.setObjectName("repairNotProvided")
        self.not_provided.setWordWrap(True)
        self.not_provided.setStyleSheet(
            "background: #fef7e0; color: #8d5b00; border: 1px solid #f9cb71;"
            " border-radius: 4px; padding: 6px 10px;"
        )
        self.not_provided.hide()
        layout.addWidget(self.not_provided)

        # --- filters ------------------------------------------------------------------------
        filters = QHBoxLayout()
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("repairStateFilter")
        self.state_combo.addItem(self.tr("全部状态"), ALL_STATES)
        for state in RepairState:
            self.state_combo.addItem(state.label, state.value)
        state_label = QLabel(self.tr("状态(&Z)"), self)
        state_label.setBuddy(self.state_combo)
        self.open_only = QCheckBox(self.tr("只看未办结(&O)"), self)
        self.open_only.setObjectName("repairOpenOnly")
        self.open_only.setChecked(True)
        self.awaiting = QCheckBox(self.tr("待主管审批(&A)"), self)
        self.awaiting.setObjectName("repairAwaitingDecision")
        self.awaiting.setToolTip(self.tr("只看已初审、等待审核主管审批的申请（主管的待办）"))
        filters.addWidget(state_label)
        filters.addWidget(self.state_combo)
        filters.addSpacing(10)
        filters.addWidget(self.open_only)
        filters.addSpacing(10)
        filters.addWidget(self.awaiting)
        filters.addStretch(1)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("repairSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("案件编号、信用主体或申请人，回车查找"))
        self.search_edit.setToolTip(
            self.tr("输入案件编号、信用主体名称或代码、申请人姓名后按回车（Ctrl+F 定位到此）")
        )
        self.search_edit.setMinimumWidth(300)
        filters.addWidget(self.search_edit)
        layout.addLayout(filters)

        # --- the table ------------------------------------------------------------------------
        self.model = PagedTableModel(ctx.runner, repair_columns(), parent=self)
        self.table = RepairTable(self)
        self.table.setObjectName("repairCaseTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(DUE_COLUMN, LightDelegate(self.table))
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
        self.footer.setObjectName("repairListFooter")
        self.footer.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.footer)

        # --- wiring -----------------------------------------------------------------------------
        self.state_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.open_only.toggled.connect(self._on_filter_changed)
        self.awaiting.toggled.connect(self._on_filter_changed)
        self.search_edit.returnPressed.connect(self.refresh)
        self.new_button.clicked.connect(self.intake_requested)
        self.blank_button.clicked.connect(self.blank_form_requested)
        self.open_button.clicked.connect(self.open_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated_row.connect(self._open_row)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.loading_changed.connect(lambda _loading: self._update_footer())
        self.model.load_failed.connect(self._on_model_load_failed)
        header.sectionResized.connect(lambda *_: save_header(ctx.qsettings, HEADER_KEY, header))
        header.sectionMoved.connect(lambda *_: save_header(ctx.qsettings, HEADER_KEY, header))
        ctx.events.changed.connect(self._on_events_changed)
        shortcut = QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # live while this page shows
        self._update_filter_widgets()
        self._update_buttons()
        self.refresh()

    # --- the regulation --------------------------------------------------------------------------
    def show_profile(self, info: RepairProfileInfo) -> None:
        self.profile_label.setText(self.tr("适用规则：{0}").format(info.name))
        if info.provided:
            self.not_provided.hide()
        else:
            self.not_provided.setText(
                self.tr(
                    "《{0}》没有信用修复的规定，本系统不受理信用修复申请。"
                    "请告知申请人向信息提供单位或上级信用主管部门咨询。"
                ).format(info.regulation)
            )
            self.not_provided.show()
        self.new_button.setEnabled(self.ctx.may(Permission.REPAIR_HANDLE) and info.provided)

    # --- filters --------------------------------------------------------------------------------
    def current_filter(self) -> RepairFilter:
        state = self.state_combo.currentData()
        one_state = state not in (None, ALL_STATES)
        return RepairFilter(
            states=frozenset({RepairState(state)}) if one_state else None,
            # a state chosen says it all (the service would drop a closed state from "open only")
            open_only=self.open_only.isChecked() and not one_state,
            awaiting_decision=self.awaiting.isChecked(),
            text=self.search_edit.text().strip(),
        )

    def set_state_filter(self, value: str) -> None:
        self.state_combo.setCurrentIndex(max(0, self.state_combo.findData(value)))

    def _on_filter_changed(self, *_: object) -> None:
        self._update_filter_widgets()
        self.refresh()

    def _update_filter_widgets(self) -> None:
        awaiting = self.awaiting.isChecked()
        one_state = self.state_combo.currentData() not in (None, ALL_STATES)
        self.state_combo.setEnabled(not awaiting)
        self.open_only.setEnabled(not awaiting and not one_state)

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

        def fetch(after: PageKey | None, limit: int) -> Page[RepairRow]:
            offset = int(after[0]) if after else 0  # type: ignore[call-overload]
            rows, total = repairs.list_repairs(
                ctx.db, actor=actor, flt=flt, limit=limit, offset=offset, today=today
            )
            end = offset + len(rows)
            return Page(rows, (end,) if end < total else None, total)

        self.model.set_fetcher(fetch)

    def _on_page_loaded(self, _rows: int) -> None:
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self._update_footer()

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CreditDeskError) and exc.msg_id == "db.unavailable":
            self.footer.setText(
                self.tr("无法读取信用修复案件：数据库连接中断。连接恢复后请按 F5 刷新。")
            )
            return
        show_error(self, exc)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.model.rowCount() > 0)

    def _update_footer(self, *_: object) -> None:
        loaded = self.model.rowCount()
        total = self.model.total_estimate
        if self.model.loading and not loaded:
            self.footer.setText(self.tr("正在读取信用修复案件…"))
        elif not loaded:
            self.footer.setText(self.tr("当前筛选条件下没有信用修复案件。"))
        elif self.model.canFetchMore():
            self.footer.setText(
                self.tr("已显示 {0} 件（共 {1} 件），向下滚动继续加载。").format(loaded, total)
            )
        else:
            self.footer.setText(self.tr("共 {0} 件。双击或按回车打开案件。").format(loaded))

    # --- opening --------------------------------------------------------------------------------
    def rows(self) -> list[RepairRow]:
        return self.model.rows()

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        item = self.model.index(row, 0).data(ROW_ROLE)
        if isinstance(item, RepairRow):
            self.case_requested.emit(item.case_no)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(CASES, SETTINGS, CALENDAR, USERS):
            self.refresh()

    def save_state(self) -> None:
        save_header(self.ctx.qsettings, HEADER_KEY, self.table.horizontalHeader())
