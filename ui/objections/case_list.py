"""异议处理 → the case list (the frame: ``ui.cases.case_list_base``): every objection case, most
urgent first, filtered by state, provider, light and assignee. The rows come from
``objections.list_cases``, which also lists the providers of the cases (for their filter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from app.domain.caseflow import DueLight, ObjectionState
from app.domain.permissions import Permission
from app.services import objections
from app.services.objections import CaseFilter, CaseRow
from app.services.queries import Page, PageKey
from ui.cases.case_list_base import ALL_STATES, CaseListBase, next_key
from ui.models.paged_table_model import PagedTableModel
from ui.objections.columns import case_columns

OPEN_ONLY = "open"
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


class CaseListView(CaseListBase):
    PREFIX = "objection"
    HEADER_KEY = "objection_cases"
    HANDLE = Permission.OBJECTION_HANDLE

    model: CaseTableModel

    # -- what the list builds and says -------------------------------------------------------------
    def heading_text(self) -> str:
        return self.tr("异议处理")

    def new_button_texts(self) -> tuple[str, str]:
        return self.tr("受理异议…"), self.tr("登记新的异议申请（Ctrl+N）")

    def build_filters(self, row: QHBoxLayout) -> None:
        self._providers: tuple[tuple[int, str], ...] = ()
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
            row.addWidget(label)
            row.addWidget(widget)
            row.addSpacing(6)
            widget.currentIndexChanged.connect(self._on_filter_changed)

    def make_model(self) -> CaseTableModel:
        model = CaseTableModel(self.ctx.runner, case_columns(), parent=self)
        model.providers_loaded.connect(self._fill_providers)
        return model

    def loading_text(self) -> str:
        return self.tr("正在读取异议案件…")

    def empty_text(self) -> str:
        return self.tr("当前筛选条件下没有异议案件。")

    def unavailable_text(self) -> str:
        return self.tr("无法读取异议案件：数据库连接中断。连接恢复后请按 F5 刷新。")

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

    def set_light_filter(self, light: DueLight | None) -> None:
        self.light_combo.setCurrentIndex(
            max(0, self.light_combo.findData(light.value if light else None))
        )

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

    # --- loading --------------------------------------------------------------------------------
    def page_reader(self) -> Callable[[int, int], CasePage]:
        db, actor, flt, today = (
            self.ctx.db,
            self.ctx.require_actor(),
            self.current_filter(),
            self._today(),
        )

        def read(offset: int, limit: int) -> CasePage:
            result = objections.list_cases(
                db, actor=actor, flt=flt, limit=limit, offset=offset, today=today
            )
            key = next_key(offset, len(result.rows), result.total)
            return CasePage(result.rows, key, result.total, result.providers)

        return read
