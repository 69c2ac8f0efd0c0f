"""信用修复 → the case list (the frame: ``ui.cases.case_list_base``): every repair application,
open ones first, filtered by state; 待主管审批 is the supervisors' queue. The heading names the
regulation in force, and says so where it provides for no repair at all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.domain.caseflow import RepairState
from app.domain.permissions import Permission
from app.services import repairs
from app.services.queries import Page
from app.services.repairs import RepairFilter, RepairRow
from ui.cases.case_list_base import ALL_STATES, CaseListBase, next_key
from ui.models.paged_table_model import PagedTableModel
from ui.repairs.columns import DUE_COLUMN, repair_columns
from ui.repairs.common import RepairProfileInfo

NOTICE_STYLE = (
    "background: #fef7e0; color: #8d5b00; border: 1px solid #f9cb71;"
    " border-radius: 4px; padding: 6px 10px;"
)


class RepairListView(CaseListBase):
    PREFIX = "repair"
    HEADER_KEY = "repair_cases"
    LIGHT_COLUMN = DUE_COLUMN
    HANDLE = Permission.REPAIR_HANDLE

    blank_form_requested = Signal()  # the blank 信用承诺书

    # -- what the list builds and says -------------------------------------------------------------
    def heading_text(self) -> str:
        return self.tr("信用修复")

    def new_button_texts(self) -> tuple[str, str]:
        return self.tr("受理修复申请…"), self.tr("登记新的信用修复申请（Ctrl+N）")

    def add_title_widgets(self, row: QHBoxLayout) -> None:
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("repairProfileLabel")
        self.profile_label.setStyleSheet("color: #5f6368;")
        row.addSpacing(12)
        row.addWidget(self.profile_label)

    def extra_buttons(self) -> tuple[QPushButton, ...]:
        self.blank_button = QPushButton(self.tr("打印空白信用承诺书"), self)
        self.blank_button.setObjectName("blankCommitmentButton")
        self.blank_button.setToolTip(
            self.tr("预览并打印空白的信用承诺书，交申请人填写签字（不编号、不登记）")
        )
        self.blank_button.setVisible(self.ctx.may(Permission.DOCUMENT_ISSUE))
        self.blank_button.clicked.connect(self.blank_form_requested)
        return (self.blank_button,)

    def add_banners(self, layout: QVBoxLayout) -> None:
        self.not_provided = QLabel(self)
        self.not_provided.setObjectName("repairNotProvided")
        self.not_provided.setWordWrap(True)
        self.not_provided.setStyleSheet(NOTICE_STYLE)
        self.not_provided.hide()
        layout.addWidget(self.not_provided)

    def build_filters(self, row: QHBoxLayout) -> None:
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
        row.addWidget(state_label)
        row.addWidget(self.state_combo)
        row.addSpacing(10)
        row.addWidget(self.open_only)
        row.addSpacing(10)
        row.addWidget(self.awaiting)
        self.state_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.open_only.toggled.connect(self._on_filter_changed)
        self.awaiting.toggled.connect(self._on_filter_changed)

    def update_filter_widgets(self) -> None:
        awaiting = self.awaiting.isChecked()
        one_state = self.state_combo.currentData() not in (None, ALL_STATES)
        self.state_combo.setEnabled(not awaiting)
        self.open_only.setEnabled(not awaiting and not one_state)

    def make_model(self) -> PagedTableModel:
        return PagedTableModel(self.ctx.runner, repair_columns(), parent=self)

    def loading_text(self) -> str:
        return self.tr("正在读取信用修复案件…")

    def empty_text(self) -> str:
        return self.tr("当前筛选条件下没有信用修复案件。")

    def unavailable_text(self) -> str:
        return self.tr("无法读取信用修复案件：数据库连接中断。连接恢复后请按 F5 刷新。")

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
        self.new_button.setEnabled(self.ctx.may(self.HANDLE) and info.provided)

    # --- filters and loading ----------------------------------------------------------------------
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

    def page_reader(self) -> Callable[[int, int], Page[RepairRow]]:
        db, actor, flt, today = (
            self.ctx.db,
            self.ctx.require_actor(),
            self.current_filter(),
            self._today(),
        )

        def read(offset: int, limit: int) -> Page[RepairRow]:
            rows, total = repairs.list_repairs(
                db, actor=actor, flt=flt, limit=limit, offset=offset, today=today
            )
            return Page(rows, next_key(offset, len(rows), total), total)

        return read
