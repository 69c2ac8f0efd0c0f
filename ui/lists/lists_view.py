"""名单: the red list, the black list (严重失信主体名单) and the key-attention list, each a paged
table with the membership's period end and article, and the 信用提示 tab (Xiamen 第二十八条)
where a supervisor handles an alert: the 信用提示告知书 and the providers' 提醒函 are issued,
listed under the alert and opened in the preview (补打 later).

Every read runs on ``ctx.runner``'s read lane (``PagedTableModel``), handling an alert on the
write lane; a read of non-public memberships is logged by the service.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ListType
from app.domain.permissions import Permission
from app.services import documents, lists
from app.services.clock import local_today
from app.services.documents import IssuedDocumentResult
from app.services.lists import AlertLetter, AlertRow
from app.services.queries import Page, PageKey
from ui.context import AppContext
from ui.errors import show_error
from ui.lists.columns import alert_columns, list_columns
from ui.models.paged_table_model import PagedTableModel

LISTS_CHANGED = "lists"


def _table(parent: QWidget, model: PagedTableModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(model.columns):
        view.setColumnWidth(i, column.width)
    return view


class ListTab(QWidget):
    """One list: filter by subject code, optionally include ended memberships."""

    def __init__(self, ctx: AppContext, list_type: ListType, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list_type = list_type
        self.setObjectName(f"listTab_{list_type.value}")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.subject_edit = QLineEdit(self)
        self.subject_edit.setObjectName("listSubjectFilter")
        self.subject_edit.setPlaceholderText(self.tr("统一社会信用代码或身份证号码（留空为全部）"))
        self.subject_edit.setClearButtonEnabled(True)
        self.subject_edit.returnPressed.connect(self.reload)
        label = QLabel(self.tr("信用主体(&S)"), self)
        label.setBuddy(self.subject_edit)
        self.include_ended = QCheckBox(self.tr("包括已届满的(&E)"), self)
        self.include_ended.setObjectName("listIncludeEnded")
        self.include_ended.toggled.connect(self.reload)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.clicked.connect(self.reload)
        row.addWidget(label)
        row.addWidget(self.subject_edit, 1)
        row.addWidget(self.include_ended)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        self.model = PagedTableModel(ctx.runner, list_columns(), parent=self)
        self.model.page_loaded.connect(self._on_model_page_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.table = _table(self, self.model, "listTable")
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setObjectName("listStatus")
        self.status.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.status)

    def reload(self) -> None:
        db, actor = self.ctx.db, self.ctx.require_actor()
        list_type, code = self.list_type, self.subject_edit.text().strip() or None
        current_only, today = not self.include_ended.isChecked(), local_today(self.ctx.clock())

        def fetch(after: PageKey | None, limit: int) -> Page[lists.ListRow]:
            return lists.list_memberships(
                db,
                actor=actor,
                list_type=list_type,
                subject_code=code,
                after=after,
                limit=limit,
                today=today,
                current_only=current_only,
            )

        self.status.setText(self.tr("正在读取…"))
        self.model.set_fetcher(fetch)

    def _on_model_page_loaded(self, count: int) -> None:
        more = self.model.canFetchMore()
        if count == 0:
            self.status.setText(self.tr("没有符合条件的名单信息。"))
        else:
            text = self.tr("已列出 {0} 条").format(count)
            self.status.setText(text + (self.tr("，向下滚动加载更多") if more else ""))

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("读取失败。"))
        show_error(self, exc)


class AlertsTab(QWidget):
    """信用提示: open alerts first; the supervisor records how each was handled."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("alertsTab")
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "在十二个月内被列入三个以上行业、领域重点关注名单的信用主体："
                "应告知信用主体，并提醒信息提供单位将公示期调整为二年。登记处理情况时出具"
                "信用提示告知书（致信用主体）和提醒函（致各信息提供单位）。公示期以信息提供单位"
                "的决定为准（在信息版本历史中登记其通知），系统不会自动修改任何信息。"
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #5f6368;")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.open_only = QCheckBox(self.tr("只看待处理(&O)"), self)
        self.open_only.setObjectName("alertsOpenOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(self.reload)
        self.handle_button = QPushButton(self.tr("登记处理情况…"), self)
        self.handle_button.setObjectName("alertHandleButton")
        self.handle_button.setVisible(ctx.may(Permission.ALERT_HANDLE))
        self.handle_button.setEnabled(False)
        self.handle_button.clicked.connect(self._on_handle_button_clicked)
        refresh = QPushButton(self.tr("刷新"), self)
        refresh.clicked.connect(self.reload)
        row.addWidget(self.open_only)
        row.addStretch(1)
        row.addWidget(self.handle_button)
        row.addWidget(refresh)
        layout.addLayout(row)
        self.model = PagedTableModel(ctx.runner, alert_columns(), parent=self)
        self.model.load_failed.connect(lambda exc: show_error(self, exc))
        self.model.page_loaded.connect(self._on_selection_changed)
        self.table = _table(self, self.model, "alertTable")
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        layout.addWidget(self.table, 1)
        self.detail = QLabel(self)
        self.detail.setObjectName("alertDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        # the letters of the selected alert, or of the one just handled
        self.letters_label = QLabel(self.tr("已出具的文书(&L)"), self)
        self.letters = QListWidget(self)
        self.letters.setObjectName("alertLetters")
        self.letters.setMaximumHeight(110)
        self.letters_label.setBuddy(self.letters)
        self.letters.itemSelectionChanged.connect(self._on_letters_item_selection_changed)
        self.letters.itemActivated.connect(lambda _item: self.open_letter())
        self.open_letter_button = QPushButton(self.tr("查看/打印…"), self)
        self.open_letter_button.setObjectName("alertOpenLetterButton")
        self.open_letter_button.setToolTip(self.tr("在预览中查看、打印或另存刚出具的文书"))
        self.open_letter_button.clicked.connect(self.open_letter)
        self.reprint_letter_button = QPushButton(self.tr("补打…"), self)
        self.reprint_letter_button.setObjectName("alertReprintLetterButton")
        self.reprint_letter_button.setVisible(ctx.may(Permission.DOCUMENT_REPRINT))
        self.reprint_letter_button.clicked.connect(self.reprint_letter)
        letters_row = QHBoxLayout()
        letters_row.addWidget(self.letters, 1)
        letter_buttons = QVBoxLayout()
        letter_buttons.addWidget(self.open_letter_button)
        letter_buttons.addWidget(self.reprint_letter_button)
        letter_buttons.addStretch(1)
        letters_row.addLayout(letter_buttons)
        layout.addWidget(self.letters_label)
        layout.addLayout(letters_row)
        self._issued: dict[str, IssuedDocumentResult] = {}  # number → PDF just issued
        self._handled_letters: tuple[AlertLetter, ...] = ()
        self.preview: object | None = None
        self._show_letters(())

    def reload(self) -> None:
        db, actor = self.ctx.db, self.ctx.require_actor()
        state = "open" if self.open_only.isChecked() else None

        def fetch(_after: PageKey | None, _limit: int) -> Page[AlertRow]:
            return Page(lists.list_alerts(db, actor=actor, state=state), None)

        self.model.set_fetcher(fetch)

    def selected(self) -> AlertRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_selection_changed(self, *_args: object) -> None:
        alert = self.selected()
        self.handle_button.setEnabled(alert is not None and alert.state == "open")
        self._show_letters(alert.letters if alert is not None else self._handled_letters)
        if alert is None:
            self.detail.setText("")
            return
        lines = [f"{alert.kind_label}（{alert.basis}）"]
        lines += [
            self.tr("{0} 列入 {1}（{2}，信息 {3}）").format(
                r.listed_on.isoformat(), r.provider, r.catalog_name, r.record_id
            )
            for r in alert.records
        ]
        lines.append(self.tr("应办：{0}").format(alert.action) if alert.state == "open" else "")
        self.detail.setText("\n".join(line for line in lines if line))

    def _on_handle_button_clicked(self) -> None:
        alert = self.selected()
        if alert is None:
            return
        note, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("登记处理情况"),
            self.tr("如何告知信用主体、如何提醒信息提供单位（{0}）：").format(
                "、".join(alert.providers)
            ),
        )
        if not ok:
            return
        self.handle(alert, note)

    def handle(self, alert: AlertRow, note: str, on_done: Callable[[], None] | None = None) -> None:
        db, actor = self.ctx.db, self.ctx.require_actor()
        today = local_today(self.ctx.clock())

        def done(row: AlertRow) -> None:
            self._issued.update({d.number: d for d in row.issued})
            self._handled_letters = row.letters
            self._show_letters(row.letters)
            self.ctx.events.emit_changed(LISTS_CHANGED)
            self.reload()
            if on_done is not None:
                on_done()

        self.ctx.runner.command(
            lambda _token: lists.handle_alert(
                db,
                alert.id,
                note=note,
                actor=actor,
                expected_version=alert.row_version,
                today=today,
            ),
            on_done=done,
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
        )

    # --- the letters --------------------------------------------------------------------------
    def _show_letters(self, letters: tuple[AlertLetter, ...]) -> None:
        self.letters.clear()
        for letter in letters:
            item = QListWidgetItem(
                self.tr("{0}（编号 {1}）— 致 {2}").format(
                    letter.title, letter.number, letter.addressee
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, letter.number)
            self.letters.addItem(item)
        visible = bool(letters)
        self.letters_label.setVisible(visible)
        self.letters.setVisible(visible)
        if visible:
            self.letters.setCurrentRow(0)
        self._on_letters_item_selection_changed()

    def selected_letter(self) -> str | None:
        item = self.letters.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_letters_item_selection_changed(self) -> None:
        number = self.selected_letter()
        self.open_letter_button.setVisible(self.letters.count() > 0)
        self.open_letter_button.setEnabled(number is not None and number in self._issued)
        self.reprint_letter_button.setEnabled(number is not None)
        self.reprint_letter_button.setVisible(
            self.letters.count() > 0 and self.ctx.may(Permission.DOCUMENT_REPRINT)
        )

    def open_letter(self) -> None:
        """The letter as just issued, in the preview (print, save); older letters: 补打."""
        number = self.selected_letter()
        issued = self._issued.get(number or "")
        if issued is None:
            if number is not None:
                self.reprint_letter()
            return
        self._preview(issued)

    def reprint_letter(self) -> None:
        number = self.selected_letter()
        if number is None:
            return
        db, actor = self.ctx.db, self.ctx.require_actor()
        self.ctx.runner.command(
            lambda _token: documents.reprint(db, number, actor=actor),
            on_done=self._preview,
            on_error=lambda exc: show_error(self, exc),
            busy_for=self,
            busy_text=self.tr("正在补打…"),
        )

    def _preview(self, issued: IssuedDocumentResult) -> None:
        from ui.documents.pdf_preview import open_pdf_preview

        self.preview = open_pdf_preview(
            self, issued.pdf_bytes, issued.file_name, warnings=issued.warnings
        )


class ListsView(QWidget):
    """The screen: three list tabs and the alerts tab, loaded when first shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("listsView")
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("名单与信用提示"), self)
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout.addWidget(title)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("listsTabs")
        self.list_tabs = {
            ListType.RED: ListTab(ctx, ListType.RED, self),
            ListType.BLACK: ListTab(ctx, ListType.BLACK, self),
            ListType.KEY_ATTENTION: ListTab(ctx, ListType.KEY_ATTENTION, self),
        }
        self.tabs.addTab(self.list_tabs[ListType.RED], self.tr("守信激励（红名单）"))
        self.tabs.addTab(self.list_tabs[ListType.BLACK], self.tr("严重失信主体名单"))
        self.tabs.addTab(self.list_tabs[ListType.KEY_ATTENTION], self.tr("重点关注名单"))
        self.alerts = AlertsTab(ctx, self)
        self.tabs.addTab(self.alerts, self.tr("信用提示"))
        layout.addWidget(self.tabs, 1)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        ctx.events.changed.connect(self._on_events_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def refresh(self) -> None:
        self._loaded.clear()
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _on_tabs_current_changed(self, index: int) -> None:
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        widget = self.tabs.widget(index)
        if isinstance(widget, ListTab | AlertsTab):
            widget.reload()

    def _on_events_changed(self, changes: object) -> None:
        touches = getattr(changes, "touches", None)
        if touches is not None and touches(LISTS_CHANGED, "records"):
            self._loaded.clear()
            if self.isVisible():
                self._on_tabs_current_changed(self.tabs.currentIndex())
