"""Step 4, 查询结果: what the audience may see today, grouped by class, or the refusal."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.clock import format_local
from app.services.lists import LinkRow
from app.services.record_view import ShownRecord
from app.services.window_query import QueryRefused, QueryResult
from ui.window_query.columns import fill_table, record_columns

REFUSAL_STYLE = (
    "QFrame#refusalFrame { background: #fce8e6; border: 1px solid #f28b82; border-radius: 4px; }"
)


class ResultView(QWidget):
    back_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()
    objection_requested = Signal(str, int)  # subject code, record id
    history_requested = Signal(int)  # record id
    withdrawal_requested = Signal(str, int)  # subject code, record id

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        may_preview: bool = False,
        may_print: bool = False,
        may_object: bool = False,
        may_see_history: bool = False,
        may_withdraw: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queryResultView")
        self.result: QueryResult | None = None
        self.refusal: QueryRefused | None = None
        self.tables: dict[str, QTableWidget] = {}
        self.links_box: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        # the refusal: prominent, with the way back
        self.refusal_frame = QFrame(self)
        self.refusal_frame.setObjectName("refusalFrame")
        self.refusal_frame.setStyleSheet(REFUSAL_STYLE)
        refusal_layout = QVBoxLayout(self.refusal_frame)
        title = QLabel(self.tr("查询未获准"), self.refusal_frame)
        title.setStyleSheet("font-size: 16pt; font-weight: bold; color: #c5221f;")
        self.refusal_text = QLabel(self.refusal_frame)
        self.refusal_text.setObjectName("refusalText")
        self.refusal_text.setWordWrap(True)
        self.refusal_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_text.setStyleSheet("font-size: 12pt; color: #202124;")
        self.refusal_log = QLabel(self.refusal_frame)
        self.refusal_log.setObjectName("refusalLog")
        self.refusal_log.setStyleSheet("color: #5f6368;")
        self.back_button = QPushButton(self.tr("返回修改（Esc）"), self.refusal_frame)
        self.back_button.setObjectName("refusalBackButton")
        self.back_button.clicked.connect(self.back_requested)
        refusal_layout.addWidget(title)
        refusal_layout.addWidget(self.refusal_text)
        refusal_layout.addWidget(self.refusal_log)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        refusal_layout.addLayout(row)
        self.refusal_frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        outer.addWidget(self.refusal_frame, 0, Qt.AlignmentFlag.AlignTop)
        self.refusal_frame.hide()

        # the result
        self.result_box = QWidget(self)
        result_layout = QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self.result_box)
        self.heading.setObjectName("resultHeading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = QLabel(self.result_box)
        self.details.setObjectName("resultDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_layout.addWidget(self.heading)
        result_layout.addWidget(self.details)

        self.scroll = QScrollArea(self.result_box)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.groups_box = QWidget(self.scroll)
        self.groups_layout = QVBoxLayout(self.groups_box)
        self.groups_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll.setWidget(self.groups_box)
        result_layout.addWidget(self.scroll, 1)

        # 下一步
        actions = QHBoxLayout()
        self.preview_button = QPushButton(self.tr("披露预览…"), self.result_box)
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setToolTip(
            self.tr("工作人员核对：该主体在各查询类型下分别可见哪些信息（本操作记入查询日志）")
        )
        self.preview_button.setVisible(may_preview)
        self.preview_button.clicked.connect(self.preview_requested)
        self.print_button = QPushButton(self.tr("打印信用报告"), self.result_box)
        self.print_button.setObjectName("printReportButton")
        self.print_button.setEnabled(may_print)
        self.print_button.setToolTip(
            self.tr("按本次查询出具公共信用信息报告：编号、签名，预览后打印（Ctrl+P）")
            if may_print
            else self.tr("当前角色无权出具信用报告。")
        )
        self.print_button.clicked.connect(self.print_requested)
        self.objection_button = QPushButton(self.tr("对所选信息提出异议…"), self.result_box)
        self.objection_button.setObjectName("objectionButton")
        self.objection_button.setEnabled(False)
        self.objection_button.setVisible(may_object)
        self.objection_button.setToolTip(
            self.tr("选中一条信息后，为申请人受理对该信息的异议（Ctrl+E）")
        )
        self.objection_button.clicked.connect(self._on_objection_clicked)
        self.history_button = QPushButton(self.tr("版本历史…"), self.result_box)
        self.history_button.setObjectName("historyButton")
        self.history_button.setEnabled(False)
        self.history_button.setVisible(may_see_history)
        self.history_button.setToolTip(
            self.tr("选中一条信息后，查看它的各个版本、提供单位的更正与撤销通知（记入查询日志）")
        )
        self.history_button.clicked.connect(self._on_history_clicked)
        self.withdraw_button = QPushButton(self.tr("撤回良好信息…"), self.result_box)
        self.withdraw_button.setObjectName("withdrawButton")
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.setVisible(may_withdraw)
        self.withdraw_button.setToolTip(
            self.tr("选中一条良好信息后，为申请人登记撤回申请（信息主体可以要求删除其良好信息）")
        )
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.history_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.objection_button)
        result_layout.addLayout(actions)
        outer.addWidget(self.result_box, 1)
        self.result_box.hide()

    # -- showing ------------------------------------------------------------------------------
    def selected_record(self) -> ShownRecord | None:
        """The record selected in one of the class tables (one selection at a time)."""
        if self.result is None:
            return None
        for group in self.result.groups:
            table = self.tables.get(group.info_class.value)
            if table is None:
                continue
            rows = table.selectionModel().selectedRows()
            if rows and rows[0].row() < len(group.records):
                return group.records[rows[0].row()]
        return None

    def _on_selection_changed(self, source: QTableWidget) -> None:
        if source.selectionModel().hasSelection():
            for table in self.tables.values():
                if table is not source:
                    table.blockSignals(True)
                    table.clearSelection()
                    table.blockSignals(False)
        selected = self.selected_record() is not None
        self.objection_button.setEnabled(selected)
        self.history_button.setEnabled(selected)
        self.withdraw_button.setEnabled(selected)

    def _on_history_clicked(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.history_requested.emit(record.record_id)

    def _on_withdraw_clicked(self) -> None:
        record = self.selected_record()
        if self.result is not None and record is not None:
            self.withdrawal_requested.emit(self.result.subject.code, record.record_id)

    def _on_objection_clicked(self) -> None:
        record = self.selected_record()
        if self.result is not None and record is not None:
            self.objection_requested.emit(self.result.subject.code, record.record_id)

    def clear(self) -> None:
        self.result = None
        self.refusal = None
        self.objection_button.setEnabled(False)
        self.history_button.setEnabled(False)
        self.withdraw_button.setEnabled(False)
        self.refusal_frame.hide()
        self.result_box.hide()
        self._clear_groups()

    def _clear_groups(self) -> None:
        self.tables.clear()
        self.links_box = None
        while self.groups_layout.count():
            item = self.groups_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def show_refusal(self, exc: QueryRefused) -> None:
        self.clear()
        self.refusal = exc
        text = exc.text + (f"\n{exc.resolution}" if exc.resolution else "")
        self.refusal_text.setText(text)
        self.refusal_log.setText(
            self.tr("本次被拒绝的查询已记入查询日志（第 {0} 号）。修改后可重新查询。").format(
                exc.log_seq
            )
        )
        self.refusal_frame.show()
        self.back_button.setFocus()

    def show_result(self, result: QueryResult) -> None:
        self.clear()
        self.result = result
        subject = result.subject
        self.heading.setText(self.tr("{0}（{1}）").format(subject.name, subject.display_code))
        lines = [
            self.tr("查询类型：{0}　　查询用途：{1}").format(result.audience.label, result.purpose),
            self.tr("查询人：{0}（{1}）").format(
                result.requester.name, result.requester.display_number
            ),
        ]
        if result.grant is not None:
            lines.append(
                self.tr("依据授权：第 {0} 号，有效期至 {1}").format(
                    result.grant.id, result.grant.valid_to.isoformat()
                )
            )
        if result.application_no:
            lines.append(self.tr("书面申请编号：{0}").format(result.application_no))
        lines.append(
            self.tr(
                "本次为该查询人第 {0} 次查询该主体　　查询日志第 {1} 号　　{2}　经办：{3}"
            ).format(
                result.times_requester_queried_subject,
                result.log_seq,
                format_local(result.queried_at),
                result.clerk_name,
            )
        )
        if result.withheld_incomplete:
            lines.append(
                self.tr("另有 {0} 条记录缺少计算披露期限所需的日期，暂不提供。").format(
                    result.withheld_incomplete
                )
            )
        self.details.setText("\n".join(lines))
        columns = record_columns()
        for group in result.groups:
            label = QLabel(
                self.tr("{0}（{1} 条）").format(group.label, len(group.records)), self.groups_box
            )
            label.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 6px;")
            self.groups_layout.addWidget(label)
            if not group.records:
                none = QLabel(self.tr("无"), self.groups_box)
                none.setObjectName(f"none_{group.info_class.value}")
                none.setStyleSheet("color: #5f6368; margin-left: 12px;")
                self.groups_layout.addWidget(none)
                continue
            table = QTableWidget(self.groups_box)
            table.setObjectName(f"records_{group.info_class.value}")
            table.verticalHeader().hide()
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setAlternatingRowColors(True)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            fill_table(table, columns, group.records)
            table.horizontalHeader().setStretchLastSection(True)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            height = table.horizontalHeader().sizeHint().height() + 4
            height += sum(table.rowHeight(r) for r in range(table.rowCount()))
            table.setFixedHeight(height)
            self.groups_layout.addWidget(table)
            self.tables[group.info_class.value] = table
            table.itemSelectionChanged.connect(
                lambda t=table: self._on_selection_changed(t)  # type: ignore[misc]
            )
        self.groups_layout.addStretch(1)
        self.result_box.show()

    def show_links(self, rows: Sequence[LinkRow]) -> None:
        """作为法定代表人/责任人关联的严重失信信息 (Nantong 第二十九条) under a natural person's
        records; nothing when there are none."""
        if self.links_box is not None:
            self.links_box.deleteLater()
            self.links_box = None
        if not rows or self.result is None:
            return
        box = QWidget(self.groups_box)
        box.setObjectName("personLinksBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(
            self.tr("作为法定代表人/责任人关联的严重失信信息（{0} 条）").format(len(rows)), box
        )
        label.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 6px;")
        label.setToolTip(rows[0].basis)
        layout.addWidget(label)
        table = QTableWidget(len(rows), 5, box)
        table.setObjectName("personLinksTable")
        table.setHorizontalHeaderLabels(
            [
                self.tr("法人"),
                self.tr("统一社会信用代码"),
                self.tr("严重失信信息"),
                self.tr("决定文书号"),
                self.tr("身份"),
            ]
        )
        for i, row in enumerate(rows):
            texts = (
                row.organisation_name,
                row.organisation_code,
                row.catalog_name,
                row.document_number,
                row.role_label,
            )
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(row.basis)
                table.setItem(i, j, item)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setAlternatingRowColors(True)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        height = header.sizeHint().height() + 4
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height)
        layout.addWidget(table)
        basis = QLabel(rows[0].basis, box)
        basis.setObjectName("personLinksBasis")
        basis.setStyleSheet("color: #5f6368; margin-left: 2px;")
        layout.addWidget(basis)
        # before the closing stretch, after the class groups
        self.groups_layout.insertWidget(max(self.groups_layout.count() - 1, 0), box)
        box.show()  # arrives after the result is shown (Qt would show it only on a later turn)
        self.links_box = box
