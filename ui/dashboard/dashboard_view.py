"""工作台: the signed-in user's work queue, most urgent first, with counts and the calendar
warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import OPEN_STATES, STATE_ENUMS, CaseKind, DueLight
from app.domain.errors import CreditDeskError
from app.services import dashboard
from app.services.clock import local_today
from app.services.dashboard import (
    EVERYONE,
    MINE,
    MINE_OR_UNASSIGNED,
    UNASSIGNED,
    AssigneeOption,
    DashboardSummary,
    WorkItem,
    WorkQueueFilter,
)
from app.services.queries import PageKey
from ui.cases.case_list_base import FOOTER_STYLE, CaseTable, setup_case_table, show_load_failure
from ui.context import AppContext
from ui.dashboard.columns import work_queue_columns
from ui.errors import show_error
from ui.events import CALENDAR, CASES, SETTINGS, USERS, ChangeSet
from ui.models.paged_table_model import ROW_ROLE, PagedTableModel
from ui.qsettings_store import save_header
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.flow_layout import flow_container
from ui.widgets.light_delegate import COLOURS

HEADER_KEY = "work_queue"


class DashboardView(QWidget):
    case_opened = Signal(str, int, str)  # kind, id, case number

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = local_today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.ctx = ctx
        self._today = today
        self.summary: DashboardSummary | None = None
        actor = ctx.require_actor()
        self._kinds = dashboard.visible_kinds(actor)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)

        self.warning = QLabel(self)
        self.warning.setObjectName("coverageWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background: #fef7e0; color: #8d5b00; border: 1px solid #f9cb71;"
            " border-radius: 4px; padding: 6px 10px;"
        )
        self.warning.hide()
        layout.addWidget(self.warning)

        # --- summary: lights and counts per state ----------------------------------------
        summary = QFrame(self)
        summary.setObjectName("summaryStrip")
        summary_layout = QHBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        self.total_label = QLabel(self)
        self.total_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        summary_layout.addWidget(self.total_label)
        summary_layout.addSpacing(16)
        self.light_labels: dict[DueLight, QLabel] = {}
        for light in (DueLight.RED, DueLight.YELLOW, DueLight.GREEN, DueLight.NONE):
            label = QLabel(self)
            label.setObjectName(f"lightCount_{light.value}")
            label.setTextFormat(Qt.TextFormat.RichText)
            self.light_labels[light] = label
            summary_layout.addWidget(label)
            summary_layout.addSpacing(8)
        summary_layout.addStretch(1)
        layout.addWidget(summary)

        self.counts_host, self.counts_row = flow_container(self)
        self.counts_host.setObjectName("stateCounts")
        self._count_buttons: list[QWidget] = []
        layout.addWidget(self.counts_host)

        # --- filters --------------------------------------------------------------------
        filters = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindFilter")
        self.kind_combo.addItem(self.tr("全部类型"), None)
        for kind in self._kinds:
            self.kind_combo.addItem(kind.label, kind.value)
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("stateFilter")
        self.state_combo.setMinimumContentsLength(8)
        self.assignee_combo = QComboBox(self)
        self.assignee_combo.setObjectName("assigneeFilter")
        self.assignee_combo.setMinimumContentsLength(8)
        self._fill_assignees(())
        self.case_no_edit = CodeLineEdit(self, max_length=32)
        self.case_no_edit.setObjectName("caseNumberEdit")
        self.case_no_edit.setPlaceholderText(self.tr("输入或扫描案件编号，按回车打开"))
        self.case_no_edit.setMinimumWidth(220)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setToolTip(self.tr("刷新（F5）"))
        for text, widget in (
            (self.tr("类型"), self.kind_combo),
            (self.tr("状态"), self.state_combo),
            (self.tr("经办人"), self.assignee_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(6)
        filters.addStretch(1)
        filters.addWidget(self.case_no_edit)
        filters.addWidget(self.refresh_button)
        layout.addLayout(filters)

        # --- the queue ------------------------------------------------------------------
        self.model = PagedTableModel(ctx.runner, work_queue_columns(), parent=self)
        self.table = CaseTable(self)
        self.table.setObjectName("workQueueTable")
        setup_case_table(
            self.table, self.model, light_column=0, settings=ctx.qsettings, header_key=HEADER_KEY
        )
        layout.addWidget(self.table, 1)

        self.footer = QLabel(self)
        self.footer.setObjectName("queueFooter")
        self.footer.setStyleSheet(FOOTER_STYLE)
        layout.addWidget(self.footer)

        # --- wiring ---------------------------------------------------------------------
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.state_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.assignee_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.case_no_edit.code_entered.connect(self._on_case_no_edit_code_entered)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated_row.connect(self._open_row)
        self.model.page_loaded.connect(self._update_footer)
        self.model.loading_changed.connect(lambda _loading: self._update_footer())
        self.model.load_failed.connect(self._on_model_load_failed)
        ctx.events.changed.connect(self._on_events_changed)

        self._fill_states()
        self._restore_filter()
        self._loading_filters = False
        self.refresh()

    # --- filters ----------------------------------------------------------------------------
    _loading_filters = True

    def current_filter(self) -> WorkQueueFilter:
        kind = self.kind_combo.currentData()
        state = self.state_combo.currentData()
        assignee = self.assignee_combo.currentData()
        return WorkQueueFilter(
            kind=CaseKind(kind) if kind else None,
            state=state if kind and state else None,
            assignee=assignee if assignee is not None else MINE_OR_UNASSIGNED,
        )

    def set_filter(self, flt: WorkQueueFilter) -> None:
        self._loading_filters = True
        self._select(self.kind_combo, flt.kind.value if flt.kind else None)
        self._fill_states()
        self._select(self.state_combo, flt.state)
        self._select(self.assignee_combo, flt.assignee)
        self._loading_filters = False
        self._on_filter_changed()

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _fill_states(self) -> None:
        kind = self.kind_combo.currentData()
        previous = self.state_combo.currentData()
        self.state_combo.blockSignals(True)
        self.state_combo.clear()
        self.state_combo.addItem(self.tr("全部未办结状态"), None)
        if kind:
            case_kind = CaseKind(kind)
            for state in STATE_ENUMS[case_kind]:
                if state in OPEN_STATES[case_kind]:
                    self.state_combo.addItem(state.label, state.value)
        self.state_combo.setEnabled(bool(kind))
        self._select(self.state_combo, previous)
        self.state_combo.blockSignals(False)

    def _fill_assignees(self, options: tuple[AssigneeOption, ...]) -> None:
        previous = self.assignee_combo.currentData()
        self.assignee_combo.blockSignals(True)
        self.assignee_combo.clear()
        self.assignee_combo.addItem(self.tr("我的及未分配"), MINE_OR_UNASSIGNED)
        self.assignee_combo.addItem(self.tr("仅我的"), MINE)
        self.assignee_combo.addItem(self.tr("未分配"), UNASSIGNED)
        self.assignee_combo.addItem(self.tr("全部经办人"), EVERYONE)
        me = self.ctx.actor.user_id if self.ctx.actor else None
        for option in options:
            if option.user_id == me:
                continue
            text = (
                option.display_name
                if option.is_active
                else self.tr("{0}（已停用）").format(option.display_name)
            )
            self.assignee_combo.addItem(text, option.user_id)
        if previous is not None:
            self._select(self.assignee_combo, previous)
        self.assignee_combo.blockSignals(False)

    def _restore_filter(self) -> None:
        settings = self.ctx.qsettings
        self._select(self.kind_combo, settings.value("dashboard/kind", None) or None)
        self._fill_states()
        assignee = settings.value("dashboard/assignee", MINE_OR_UNASSIGNED)
        if assignee in (MINE_OR_UNASSIGNED, MINE, UNASSIGNED, EVERYONE):
            self._select(self.assignee_combo, assignee)

    def _save_filter(self) -> None:
        flt = self.current_filter()
        self.ctx.qsettings.setValue("dashboard/kind", flt.kind.value if flt.kind else "")
        if isinstance(flt.assignee, str):
            self.ctx.qsettings.setValue("dashboard/assignee", flt.assignee)

    def _on_kind_combo_changed(self, _index: int) -> None:
        self._fill_states()
        self._on_filter_changed()

    def _on_filter_changed(self, *_: object) -> None:
        if self._loading_filters:
            return
        self._save_filter()
        self.refresh()

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, actor, flt, today = (
            self.ctx,
            self.ctx.require_actor(),
            self.current_filter(),
            self._today(),
        )

        def fetch(after: PageKey | None, limit: int):
            return dashboard.list_work_queue(
                ctx.db, actor=actor, flt=flt, after=after, limit=limit, today=today
            )

        self.model.set_fetcher(fetch)
        ctx.runner.query(
            lambda _t: dashboard.dashboard_summary(ctx.db, actor=actor, flt=flt, today=today),
            on_done=self._show_summary,
            on_error=self._on_summary_failed,
        )
        ctx.runner.query(
            lambda _t: dashboard.list_assignees(ctx.db, actor=actor),
            on_done=self._fill_assignees,
            on_error=lambda _exc: None,  # the filter keeps its fixed entries; the banner says why
        )

    def _show_summary(self, summary: DashboardSummary) -> None:
        self.summary = summary
        if summary.warnings:
            self.warning.setText("\n".join("⚠ " + w for w in summary.warnings))
            self.warning.show()
        else:
            self.warning.hide()
        self.total_label.setText(self.tr("待办 {0} 件").format(summary.total))
        for light, label in self.light_labels.items():
            colour = COLOURS[light].name()
            label.setText(
                f'<span style="color:{colour}; font-size:14pt;">●</span> '
                + self.tr("{0} {1}").format(light.label, summary.light_count(light))
            )
        while self._count_buttons:
            widget = self._count_buttons.pop()
            self.counts_row.removeWidget(widget)
            widget.deleteLater()
        kind = None
        for count in summary.counts:
            if count.kind is not kind:
                kind = count.kind
                heading = QLabel(kind.label + self.tr("："), self.counts_host)
                heading.setStyleSheet("font-weight: bold; padding-left: 4px;")
                self._count_buttons.append(heading)
                self.counts_row.addWidget(heading)
            button = QToolButton(self.counts_host)
            button.setText(f"{count.label} {count.count}")
            button.setObjectName(f"count_{count.kind.value}_{count.state}")
            button.setAutoRaise(True)
            button.setEnabled(count.count > 0)
            button.setToolTip(self.tr("只看“{0}·{1}”").format(count.kind.label, count.label))
            button.clicked.connect(
                lambda _=False, k=count.kind, s=count.state: self.set_filter(
                    WorkQueueFilter(k, s, self.current_filter().assignee)
                )
            )
            self._count_buttons.append(button)
            self.counts_row.addWidget(button)
        self.counts_host.updateGeometry()
        self._update_footer()

    def _on_summary_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, CreditDeskError) or exc.msg_id != "db.unavailable":
            show_error(self, exc)

    def _on_model_load_failed(self, exc: BaseException) -> None:
        show_load_failure(
            self,
            self.footer,
            exc,
            self.tr("无法读取待办案件：数据库连接中断。连接恢复后请按 F5 刷新。"),
        )

    def _update_footer(self, *_: object) -> None:
        loaded = self.model.rowCount()
        if self.model.loading and not loaded:
            self.footer.setText(self.tr("正在读取待办案件…"))
        elif not loaded:
            self.footer.setText(self.tr("当前筛选条件下没有待办案件。"))
        elif self.model.canFetchMore():
            self.footer.setText(self.tr("已显示 {0} 件，向下滚动继续加载。").format(loaded))
        else:
            self.footer.setText(self.tr("共 {0} 件。双击或按回车打开案件。").format(loaded))

    # --- opening cases ------------------------------------------------------------------------
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        item = self.model.index(row, 0).data(ROW_ROLE)
        if isinstance(item, WorkItem):
            self.case_opened.emit(item.kind.value, item.id, item.case_no)

    def _on_case_no_edit_code_entered(self, code: str) -> None:
        ctx, actor, today = self.ctx, self.ctx.require_actor(), self._today()
        ctx.runner.query(
            lambda _t: dashboard.find_case(ctx.db, code, actor=actor, today=today),
            on_done=lambda item: self.case_opened.emit(item.kind.value, item.id, item.case_no),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(CASES, SETTINGS, CALENDAR, USERS):
            self.refresh()

    def save_state(self) -> None:
        save_header(self.ctx.qsettings, HEADER_KEY, self.table.horizontalHeader())
