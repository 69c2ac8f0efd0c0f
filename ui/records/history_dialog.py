"""版本历史: every version of a credit record, what each changed (旧值 → 新值), and the provider
notices behind them. Reading it is a logged read of non-public information (the service
writes the query-log entry); it is loaded on the read lane and reloaded when records change.
A supervisor can record a provider's correction or revocation notice from here."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import CreditDeskError
from app.domain.permissions import Permission
from app.services.clock import format_local, local_today
from app.services.lists import LinkRow, links_of, links_provided
from app.services.provider_notices import NoticeRow, RecordHistory, VersionRow, record_history
from app.services.queries import Page
from ui.context import AppContext
from ui.errors import show_error
from ui.events import ChangeSet
from ui.models.paged_table_model import PagedTableModel
from ui.records.columns import notice_columns, version_columns
from ui.records.link_dialog import LINKS, LinkPersonDialog
from ui.records.notice_dialog import RECORDS, ProviderNoticeDialog
from ui.widgets.forms import INFO_STYLE, StatusLine


def _table(parent: QWidget, model: PagedTableModel, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setStretchLastSection(True)
    for i, column in enumerate(model.columns):
        table.setColumnWidth(i, column.width)
    return table


class RecordHistoryDialog(QDialog):
    """The history of record ``record_id``."""

    def __init__(self, ctx: AppContext, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordHistoryDialog")
        self.ctx, self.record_id = ctx, record_id
        self.history: RecordHistory | None = None
        self.setWindowTitle(self.tr("信用信息版本历史 — 编号 {0}").format(record_id))
        layout = QVBoxLayout(self)

        self.header = QLabel(self)
        self.header.setObjectName("historyHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setText(self.tr("正在读取…"))
        layout.addWidget(self.header)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        layout.addWidget(splitter, 1)

        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        versions_label = QLabel(self.tr("版本(&V)"), top)
        self.versions = PagedTableModel(ctx.runner, version_columns(), parent=self)
        self.versions_table = _table(top, self.versions, "historyVersionsTable")
        versions_label.setBuddy(self.versions_table)
        top_layout.addWidget(versions_label)
        top_layout.addWidget(self.versions_table)

        middle = QWidget(splitter)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        self.changes_label = QLabel(self.tr("所选版本的变更(&C)"), middle)
        self.changes = QTableWidget(0, 3, middle)
        self.changes.setObjectName("historyChangesTable")
        self.changes.setHorizontalHeaderLabels([self.tr("项目"), self.tr("旧值"), self.tr("新值")])
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.setTabKeyNavigation(False)
        self.changes.verticalHeader().hide()
        self.changes.setAlternatingRowColors(True)
        head = self.changes.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes_label.setBuddy(self.changes)
        self.version_note = QLabel(middle)
        self.version_note.setObjectName("historyVersionNote")
        self.version_note.setWordWrap(True)
        self.version_note.setStyleSheet(INFO_STYLE)
        middle_layout.addWidget(self.changes_label)
        middle_layout.addWidget(self.version_note)
        middle_layout.addWidget(self.changes)

        bottom = QWidget(splitter)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        notices_label = QLabel(self.tr("提供单位的更正、撤销通知(&N)"), bottom)
        self.notices = PagedTableModel(ctx.runner, notice_columns(), parent=self)
        self.notices_table = _table(bottom, self.notices, "historyNoticesTable")
        notices_label.setBuddy(self.notices_table)
        self.basis = QLabel(bottom)
        self.basis.setObjectName("historyBasis")
        self.basis.setWordWrap(True)
        self.basis.setStyleSheet(INFO_STYLE)
        bottom_layout.addWidget(notices_label)
        bottom_layout.addWidget(self.notices_table)
        bottom_layout.addWidget(self.basis)
        splitter.setSizes([230, 200, 170])

        self._build_links(layout)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(self)
        self.notice_button: QPushButton | None = None
        if ctx.may(Permission.RECORD_NOTICE):
            self.notice_button = buttons.addButton(
                self.tr("登记提供单位更正/撤销通知(&T)…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.notice_button.setObjectName("historyNoticeButton")
            self.notice_button.setEnabled(False)
            self.notice_button.setAutoDefault(False)
            self.notice_button.clicked.connect(self._on_notice_button_clicked)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("historyCloseButton")
        close.setToolTip(self.tr("关闭（Esc）"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.versions_table.selectionModel().selectionChanged.connect(
            self._on_versions_selection_changed
        )
        ctx.events.changed.connect(self._on_events_changed)
        self.resize(1040, 720)
        self.reload()

    def _build_links(self, layout: QVBoxLayout) -> None:
        """关联的法定代表人/责任人 (Nantong 第二十九条): shown once loaded, where the regulation
        has the rule or the record has links; the button for supervisors under the rule."""
        self.links: tuple[LinkRow, ...] = ()
        self.links_box = QWidget(self)
        self.links_box.setObjectName("historyLinksBox")
        box_layout = QVBoxLayout(self.links_box)
        box_layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        self.links_label = QLabel(self.tr("关联的法定代表人/责任人(&P)"), self.links_box)
        head.addWidget(self.links_label)
        self.links_basis = QLabel(self.links_box)
        self.links_basis.setObjectName("historyLinksBasis")
        self.links_basis.setStyleSheet(INFO_STYLE)
        head.addWidget(self.links_basis)
        head.addStretch(1)
        self.link_button = QPushButton(self.tr("关联法定代表人/责任人…"), self.links_box)
        self.link_button.setObjectName("historyLinkButton")
        self.link_button.setAutoDefault(False)
        self.link_button.setVisible(False)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        head.addWidget(self.link_button)
        box_layout.addLayout(head)
        self.links_table = QTableWidget(0, 4, self.links_box)
        self.links_table.setObjectName("historyLinksTable")
        self.links_table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("身份证号码"), self.tr("身份"), self.tr("关联日期")]
        )
        self.links_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.links_table.setTabKeyNavigation(False)
        self.links_table.verticalHeader().hide()
        self.links_table.setAlternatingRowColors(True)
        self.links_table.horizontalHeader().setStretchLastSection(True)
        for i, width in enumerate((140, 200, 140)):
            self.links_table.setColumnWidth(i, width)
        self.links_label.setBuddy(self.links_table)
        self.links_none = QLabel(self.tr("尚未关联。"), self.links_box)
        self.links_none.setObjectName("historyLinksNone")
        self.links_none.setStyleSheet(INFO_STYLE)
        box_layout.addWidget(self.links_table)
        box_layout.addWidget(self.links_none)
        layout.addWidget(self.links_box)
        self.links_box.hide()

    def reload_links(self) -> None:
        """The links are not public: reading them is logged, so on the command lane."""
        if not self.ctx.may(Permission.LISTS_READ):
            return
        db, actor, record_id = self.ctx.db, self.ctx.require_actor(), self.record_id

        def load(_t: object) -> tuple[bool, tuple[LinkRow, ...]]:
            return links_provided(db), links_of(db, record_id, actor=actor)

        self.ctx.runner.command(load, on_done=self._on_links_loaded, on_error=self._on_failed)

    def _on_links_loaded(self, loaded: tuple[bool, tuple[LinkRow, ...]]) -> None:
        provided, links = loaded
        self.links = links
        self.links_box.setVisible(provided or bool(links))
        self.link_button.setVisible(provided and self.ctx.may(Permission.RECORD_LINK))
        self.links_basis.setText(links[0].basis if links else "")
        self.links_table.setVisible(bool(links))
        self.links_none.setVisible(not links)
        self.links_table.setRowCount(len(links))
        for i, link in enumerate(links):
            texts = (
                link.person_name,
                link.person_code,
                link.role_label,
                format_local(link.created_at, "%Y-%m-%d"),
            )
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(link.basis)
                self.links_table.setItem(i, j, item)
        shown = min(max(len(links), 1), 5)  # a few rows tall; more scroll
        self.links_table.setFixedHeight(
            self.links_table.horizontalHeader().sizeHint().height()
            + sum(self.links_table.rowHeight(r) for r in range(shown))
            + 2 * self.links_table.frameWidth()
        )

    def _on_link_button_clicked(self) -> None:
        dialog = LinkPersonDialog(self.ctx, self.record_id, self)
        dialog.linked.connect(self._on_linked)
        dialog.open()
        self.link_dialog = dialog

    def _on_linked(self, link: LinkRow) -> None:
        self.status.show_message(
            self.tr("已关联{0} {1}（{2}）。").format(
                link.role_label, link.person_name, link.person_code
            )
        )

    # -- loading ----------------------------------------------------------------------------------
    def today(self) -> date:
        return local_today(self.ctx.clock())

    def reload(self) -> None:
        db, actor, record_id, today = (
            self.ctx.db,
            self.ctx.require_actor(),
            self.record_id,
            self.today(),
        )
        self.ctx.runner.query(
            lambda _t: record_history(db, record_id, actor=actor, today=today),
            on_done=self._on_loaded,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在读取版本历史…"),
        )
        self.reload_links()

    def _on_loaded(self, history: RecordHistory) -> None:
        self.history = history
        h = history.header
        self.header.setText(
            self.tr(
                "<b>{0}</b>（{1}）　{2}<br>信息提供单位：{3}　决定文书号：{4}　"
                "状态：<b>{5}</b>　当前第 {6} 版"
            ).format(
                escape(h.subject_name),
                escape(h.subject_display_code),
                escape(h.catalog_name),
                escape(h.provider_name),
                escape(h.document_number),
                escape(h.status_label),
                h.row_version,
            )
        )
        versions: tuple[VersionRow, ...] = history.versions
        notices: tuple[NoticeRow, ...] = history.notices
        self.versions.set_fetcher(lambda _after, _size: Page(versions, None, len(versions)))
        self.notices.set_fetcher(lambda _after, _size: Page(notices, None, len(notices)))
        bases = [b for b in (history.report_basis, history.apply_basis) if b]
        self.basis.setText(
            self.tr("期限：提供单位报送 {0}；平台处理 {1}").format(
                history.report_basis or self.tr("本辖区未规定"),
                history.apply_basis or self.tr("本辖区未规定"),
            )
            if bases
            else self.tr("本辖区规则未规定更正、撤销的期限。")
        )
        if self.notice_button is not None:
            self.notice_button.setEnabled(history.may_take_notice)
            self.notice_button.setToolTip(
                "" if history.may_take_notice else self.tr("信息已撤销，不能再登记更正或撤销通知。")
            )
        if versions:
            self.versions_table.selectRow(len(versions) - 1)
        self.versions_table.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.show_error(exc, saving=False)
        if not isinstance(exc, CreditDeskError):
            show_error(self, exc)

    # -- selecting --------------------------------------------------------------------------------
    def selected_version(self) -> VersionRow | None:
        rows = self.versions_table.selectionModel().selectedRows()
        return self.versions.row_at(rows[0].row()) if rows else None

    def _on_versions_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        version = self.selected_version()
        self.changes.setRowCount(0)
        if version is None:
            self.version_note.clear()
            return
        first = version.version_no == 1
        self.changes_label.setText(
            self.tr("第 {0} 版的内容(&C)").format(version.version_no)
            if first
            else self.tr("第 {0} 版相对第 {1} 版的变更(&C)").format(
                version.version_no, version.version_no - 1
            )
        )
        self.version_note.setText(
            self.tr("{0}　{1}").format(version.change_kind_label, version.reason)
            if version.reason
            else version.change_kind_label
        )
        self.changes.setRowCount(len(version.changes))
        for i, change in enumerate(version.changes):
            for j, text in enumerate((change.label, change.old, change.new)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.changes.setItem(i, j, item)

    # -- acting -----------------------------------------------------------------------------------
    def _on_notice_button_clicked(self) -> None:
        if self.history is None:
            return
        dialog = ProviderNoticeDialog(self.ctx, self.record_id, self, history=self.history)
        dialog.completed.connect(self._on_notice_completed)
        dialog.open()
        self.notice_dialog = dialog

    def _on_notice_completed(self, row: NoticeRow) -> None:
        texts = [
            self.tr("已登记{0}通知 {1}，信息现为第 {2} 版。").format(
                row.kind_label, row.reference, row.version_no
            )
        ]
        if row.reported_late:
            texts.append(
                self.tr("提供单位逾期报送（期限 {0}）。").format(row.report_due.isoformat())
                if row.report_due
                else ""
            )
        if row.applied_late:
            texts.append(
                self.tr("平台处理已超过期限 {0}。").format(row.apply_due.isoformat())
                if row.apply_due
                else ""
            )
        self.status.show_message("".join(texts), ok=not (row.reported_late or row.applied_late))

    def _on_events_changed(self, changes: ChangeSet) -> None:
        if changes.touches(RECORDS) and self.isVisible():
            self.reload()
        elif changes.touches(LINKS) and self.isVisible():
            self.reload_links()
