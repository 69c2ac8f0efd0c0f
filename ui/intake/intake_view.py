"""数据归集: take in a provider's batch file — 预检 (dry run), then 入库 (commit) — for
supervisors and administrators (issue 9).

Choose the provider (type to search) and the file (button or drag a .xlsx/.csv onto the
screen); 预检 (F5 or Enter) reads and checks every row without writing; 入库 (Ctrl+Enter) is
offered only after a dry run of the same file and provider, asks for confirmation with the
counts, and loads everything that conforms in one transaction. Both show progress with a
working 取消 (Esc): a cancelled commit is rolled back completely. Rejected rows are listed with
their reasons and can be exported as the 退回清单 for the provider; 最近批次 lists the batches.

Every service call runs on ``ctx.runner``: the dry run, the template and the lists on the read
lane, the commit on the write lane.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from PySide6.QtCore import (
    QEvent,
    QFileSystemWatcher,
    QMimeData,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import IntakeBatchState
from app.domain.errors import CreditDeskError, DatabaseUnavailable
from app.domain.permissions import Permission
from app.services import intake
from app.services.cancel import CancelToken, OperationCancelled
from app.services.clock import local_today
from app.services.intake import BatchSummary, RejectedRow
from app.services.queries import Page
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.events import CASES, ChangeSet
from ui.intake import sources
from ui.intake.columns import batch_columns, rejected_columns
from ui.intake.progress import ProgressPanel, RunProgress
from ui.intake.resolve_dialog import ResolveReturnDialog
from ui.intake.sources import BatchLine, Choice
from ui.models.paged_table_model import PagedTableModel
from ui.qsettings_store import restore_header, save_header
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, StatusLine

INTAKE = "intake"  # ChangeSet area of intake batches (ui.events has no constant for it yet)
EXTENSIONS = (".xlsx", ".csv")
LAST_FOLDER_KEY = "intake/last_folder"
LAST_PROVIDER_KEY = "intake/last_provider"
WARNING_STYLE = (
    "background: #fef7e0; color: #8d5b00; border: 1px solid #f9cb71;"
    " border-radius: 4px; padding: 4px 8px;"
)
RESULTS_TAB, BATCHES_TAB = range(2)
PLACEHOLDER_PAGE, SUMMARY_PAGE = range(2)
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class _Cancelled:
    """What a task returns when its run was cancelled (the runner drops the exception)."""


CANCELLED = _Cancelled()


@dataclass(frozen=True)
class FileState:
    """A file as it was when checked: the same path, size and modification time."""

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path | None) -> FileState | None:
        if path is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        return cls(str(path), stat.st_size, stat.st_mtime_ns)


RunKey = tuple[str, FileState, date]  # (provider code, file, the day it was received)


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local .xlsx/.csv file being dragged, if that is what it is."""
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in EXTENSIONS else None


def safe_file_name(name: str) -> str:
    return _UNSAFE_IN_NAME.sub("_", name).strip() or "文件"


def with_format(path: Path, chosen_filter: str) -> tuple[Path, Literal["xlsx", "csv"]]:
    """The format a save dialog's answer asks for: the suffix typed, else the filter chosen."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return path, "csv"
    if suffix == ".xlsx":
        return path, "xlsx"
    fmt: Literal["xlsx", "csv"] = (
        "csv" if "*.csv" in chosen_filter and "*.xlsx" not in chosen_filter else "xlsx"
    )
    return path.with_name(f"{path.name}.{fmt}"), fmt


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


class IntakeView(QWidget):
    committed = Signal(int)  # batch id, after a successful commit

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeView")
        self.setAcceptDrops(True)
        self.ctx = ctx
        self.may_import = ctx.may(Permission.INTAKE_IMPORT)
        self.may_read = ctx.may(Permission.INTAKE_READ)
        self.path: Path | None = None
        self.summary: BatchSummary | None = None
        self.dry_run_key: RunKey | None = None  # what the shown dry run covers; None once used
        self.running: Literal["preview", "commit"] | None = None
        self.exporting = False
        self.confirm_box: QMessageBox | None = None
        self.catalogue = False  # the provider list came from the catalogue service
        self._items_for = ""
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)
        title_row = QHBoxLayout()
        heading = QLabel(self.tr("数据归集"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title_row.addWidget(heading)
        title_row.addSpacing(16)
        intro = QLabel(
            self.tr("导入信息提供单位报送的 .xlsx / .csv 文件：先预检，确认无误后再入库。"), self
        )
        intro.setStyleSheet(INFO_STYLE)
        title_row.addWidget(intro)
        title_row.addStretch(1)
        outer.addLayout(title_row)

        # --- the batch: provider, file, template ----------------------------------------------
        form = QFrame(self)
        form.setObjectName("intakeForm")
        form.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(form)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)

        self.provider_combo = self._search_combo(form, "providerCombo")
        self.provider_combo.lineEdit().setPlaceholderText(self.tr("输入单位名称或代码查找"))
        provider_label = QLabel(self.tr("信息提供单位(&P)"), form)
        provider_label.setBuddy(self.provider_combo)

        self.item_combo = self._search_combo(form, "itemCombo")
        self.item_combo.lineEdit().setPlaceholderText(self.tr("选择信息事项"))
        item_label = QLabel(self.tr("报送模板(&M)"), form)
        item_label.setBuddy(self.item_combo)
        self.template_button = QPushButton(self.tr("下载报送模板…"), form)
        self.template_button.setObjectName("templateButton")
        self.template_button.setToolTip(
            self.tr("按本中心适用的规则生成所选信息事项的空白报送模板（.xlsx 或 .csv）")
        )

        self.file_edit = QLineEdit(form)
        self.file_edit.setObjectName("fileEdit")
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(
            self.tr("点击“选择文件…”，或把 .xlsx / .csv 文件拖到本页")
        )
        file_label = QLabel(self.tr("报送文件(&F)"), form)
        file_label.setBuddy(self.file_edit)
        self.file_button = QPushButton(self.tr("选择文件…（Ctrl+O）"), form)
        self.file_button.setObjectName("fileButton")

        grid.addWidget(provider_label, 0, 0)
        grid.addWidget(self.provider_combo, 0, 1)
        grid.addWidget(item_label, 0, 2)
        grid.addWidget(self.item_combo, 0, 3)
        grid.addWidget(self.template_button, 0, 4)
        grid.addWidget(file_label, 1, 0)
        grid.addWidget(self.file_edit, 1, 1, 1, 3)
        grid.addWidget(self.file_button, 1, 4)

        self.received_edit = QDateEdit(form)
        self.received_edit.setObjectName("receivedEdit")
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDisplayFormat("yyyy-MM-dd")
        self.received_edit.setDate(self.today)
        self.received_edit.setMaximumDate(self.today)
        self.received_edit.setMinimumWidth(130)
        self.received_edit.setMaximumWidth(160)
        self.received_edit.setToolTip(
            self.tr("收到报送文件的日期：报送是否逾期、入库期限都从这一天起算")
        )
        received_label = QLabel(self.tr("收件日期(&R)"), form)
        received_label.setBuddy(self.received_edit)
        self.register_button = QPushButton(self.tr("登记收件（稍后入库）"), form)
        self.register_button.setObjectName("registerButton")
        self.register_button.setToolTip(
            self.tr(
                "文件今天来不及处理时先登记：批次进入待办，按入库期限提醒；之后对同一文件预检入库"
            )
        )
        grid.addWidget(received_label, 2, 0)
        grid.addWidget(self.received_edit, 2, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.register_button, 2, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

        actions = QHBoxLayout()
        self.file_info = QLabel(form)
        self.file_info.setObjectName("fileInfo")
        self.file_info.setStyleSheet(INFO_STYLE)
        actions.addWidget(self.file_info, 1)
        self.dry_run_button = QPushButton(self.tr("预检（F5）"), form)
        self.dry_run_button.setObjectName("dryRunButton")
        self.dry_run_button.setToolTip(
            self.tr("逐行读取并校验文件，统计新增、更新、退回的行数；不写入数据库")
        )
        self.commit_button = QPushButton(self.tr("入库（Ctrl+Enter）"), form)
        self.commit_button.setObjectName("commitButton")
        self.commit_button.setStyleSheet("QPushButton:enabled { font-weight: bold; }")
        for button in (self.dry_run_button, self.commit_button):
            button.setMinimumWidth(150)
            button.setMinimumHeight(30)
        actions.addWidget(self.dry_run_button)
        actions.addWidget(self.commit_button)
        grid.addLayout(actions, 3, 0, 1, 5)
        outer.addWidget(form)

        self.progress = ProgressPanel(self)
        outer.addWidget(self.progress)
        self.status = StatusLine(self)
        outer.addWidget(self.status)

        # --- results and recent batches ---------------------------------------------------------
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("intakeTabs")
        self.tabs.addTab(self._build_results(), self.tr("预检与入库结果"))
        self.tabs.addTab(self._build_batches(), self.tr("最近批次"))
        self.tabs.setTabVisible(BATCHES_TAB, self.may_read)
        outer.addWidget(self.tabs, 1)

        # --- wiring -----------------------------------------------------------------------------
        self.provider_combo.currentIndexChanged.connect(self._on_provider_changed)
        self.provider_combo.editTextChanged.connect(self._on_provider_changed)
        self.item_combo.editTextChanged.connect(self._on_inputs_changed)
        self.file_button.clicked.connect(self.choose_file)
        self.template_button.clicked.connect(self.download_template)
        self.dry_run_button.clicked.connect(self.dry_run)
        self.register_button.clicked.connect(self.register_receipt)
        self.received_edit.dateChanged.connect(self._on_inputs_changed)
        self.commit_button.clicked.connect(self.request_commit)
        self.export_button.clicked.connect(self.export_returns)
        self.batches_refresh.clicked.connect(self.load_batches)
        ctx.events.changed.connect(self._on_events_changed)
        for keys, slot in (
            ("Ctrl+Return", self.request_commit),
            ("Ctrl+Enter", self.request_commit),
            ("Ctrl+O", self.choose_file),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            # window-wide; Qt ignores the shortcuts of hidden widgets (other screens)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

        self._show_placeholder()
        self._update_buttons()
        self.load_providers()
        self.load_batches()

    # -- building -------------------------------------------------------------------------------
    def _search_combo(self, parent: QWidget, name: str) -> QComboBox:
        """An editable combo: type part of a name or a code, pick from the filtered list."""
        combo = QComboBox(parent)
        combo.setObjectName(name)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(14)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.lineEdit().setAcceptDrops(False)  # a file dropped on it is for the screen
        completer = QCompleter(combo.model(), combo)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        return combo

    def _build_results(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        self.result_stack = QStackedWidget(page)
        self.placeholder = QLabel(page)
        self.placeholder.setObjectName("resultPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #5f6368; font-size: 11pt;")
        self.result_stack.addWidget(self.placeholder)

        summary = QWidget(page)
        box = QVBoxLayout(summary)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.result_title = QLabel(summary)
        self.result_title.setObjectName("resultTitle")
        self.result_title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.result_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_note = QLabel(summary)
        self.result_note.setObjectName("resultNote")
        self.result_note.setWordWrap(True)
        box.addWidget(self.result_title)
        box.addWidget(self.result_note)

        cards = QHBoxLayout()
        cards.setSpacing(8)
        self.count_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("total", self.tr("总行数")),
            ("new", self.tr("新增")),
            ("updated", self.tr("更新")),
            ("unchanged", self.tr("未变化")),
            ("rejected", self.tr("退回")),
            ("subjects", self.tr("新建主体")),
        ):
            cards.addWidget(self._card(summary, key, caption))
        cards.addStretch(1)
        box.addLayout(cards)
        self.deadline_note = QLabel(summary)
        self.deadline_note.setObjectName("deadlineNote")
        self.deadline_note.setWordWrap(True)
        box.addWidget(self.deadline_note)

        rejected_row = QHBoxLayout()
        self.rejected_caption = QLabel(summary)
        self.rejected_caption.setObjectName("rejectedCaption")
        rejected_row.addWidget(self.rejected_caption, 1)
        self.export_button = QPushButton(self.tr("导出退回清单…"), summary)
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip(
            self.tr("退回的行按报送单位的原列导出，并加“退回原因”列，供其更正后重新报送")
        )
        rejected_row.addWidget(self.export_button)
        box.addLayout(rejected_row)

        self.rejected_model = PagedTableModel(self.ctx.runner, rejected_columns(), parent=self)
        self.rejected_table = QTableView(summary)
        self.rejected_table.setObjectName("rejectedTable")
        self._setup_table(self.rejected_table, self.rejected_model, None)
        # the reasons are what she reads: wrapped in a column that always fits the table, each
        # row as tall as its reasons
        self.rejected_table.setWordWrap(True)
        self.rejected_table.horizontalHeader().setStretchLastSection(False)
        self.rejected_table.horizontalHeader().setSectionResizeMode(
            len(self.rejected_model.columns) - 1, QHeaderView.ResizeMode.Stretch
        )
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.rejected_table.resizeRowsToContents)
        self.rejected_model.page_loaded.connect(lambda _n: self._fit_rows.start())
        self.rejected_table.horizontalHeader().sectionResized.connect(
            lambda *_: self._fit_rows.start()
        )
        box.addWidget(self.rejected_table, 100)
        box.addStretch(1)  # takes the room when there is no table to show
        self.result_stack.addWidget(summary)
        layout.addWidget(self.result_stack)
        return page

    def _card(self, parent: QWidget, key: str, caption: str) -> QFrame:
        card = QFrame(parent)
        card.setObjectName(f"card_{key}")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMinimumWidth(92)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        number = QLabel("—", card)
        number.setObjectName(f"count_{key}")
        number.setStyleSheet("font-size: 16pt; font-weight: bold;")
        number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label = QLabel(caption, card)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet(INFO_STYLE)
        layout.addWidget(number)
        layout.addWidget(label)
        self.count_labels[key] = number
        return card

    def _build_batches(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        row = QHBoxLayout()
        self.batches_note = QLabel(
            self.tr("最近 {0} 个归集批次，最新的在前。").format(sources.RECENT_BATCHES), page
        )
        self.batches_note.setObjectName("batchesNote")
        self.batches_note.setStyleSheet(INFO_STYLE)
        row.addWidget(self.batches_note, 1)
        self.resolve_button = QPushButton(self.tr("登记退回处理结果…"), page)
        self.resolve_button.setObjectName("resolveButton")
        self.resolve_button.setToolTip(
            self.tr("所选批次的退回已处理（如报送单位已重新报送）：登记后不再列入工作台的待办")
        )
        row.addWidget(self.resolve_button)
        self.batches_refresh = QPushButton(self.tr("刷新批次列表"), page)
        self.batches_refresh.setObjectName("batchesRefresh")
        row.addWidget(self.batches_refresh)
        layout.addLayout(row)
        self.batch_model = PagedTableModel(self.ctx.runner, batch_columns(), parent=self)
        self.batch_model.load_failed.connect(self._on_batch_model_load_failed)
        self.batch_model.page_loaded.connect(self._on_batch_model_page_loaded)
        self.batch_table = QTableView(page)
        self.batch_table.setObjectName("batchTable")
        self._setup_table(self.batch_table, self.batch_model, "intake_batches")
        self.batch_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_resolve_button()
        )
        self.batch_table.doubleClicked.connect(lambda _i: self.resolve_return())
        layout.addWidget(self.batch_table, 1)
        self._select_batch: int | None = None
        self.resolve_dialog: ResolveReturnDialog | None = None
        self.resolve_button.clicked.connect(self.resolve_return)
        self._update_resolve_button()
        return page

    def _setup_table(self, table: QTableView, model: PagedTableModel, key: str | None) -> None:
        """Whole rows, read-only; the column widths remembered under ``key`` when given."""
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        table.verticalHeader().setMinimumSectionSize(26)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, column in enumerate(model.columns):
            table.setColumnWidth(i, column.width)
        if key is not None:
            settings = self.ctx.qsettings
            restore_header(settings, key, header)
            header.sectionResized.connect(lambda *_: save_header(settings, key, header))

    # -- what is chosen -------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return local_today(self.ctx.clock())

    @staticmethod
    def _combo_code(combo: QComboBox) -> str:
        """The code of the entry shown, or what was typed (a code, or "名称（代码）")."""
        text = combo.currentText().strip()
        if not text:
            return ""
        folded = text.casefold()
        for i in range(combo.count()):
            code = str(combo.itemData(i) or "")
            if combo.itemText(i).casefold() == folded or code.casefold() == folded:
                return code
        match = re.fullmatch(r".*[（(]\s*([^（）()]+?)\s*[)）]", text)
        return match.group(1) if match else text

    def provider_code(self) -> str:
        return self._combo_code(self.provider_combo)

    def item_code(self) -> str:
        return self._combo_code(self.item_combo)

    def select_provider(self, code: str) -> None:
        """Choose a provider by code (typed in when the list does not have it)."""
        index = self.provider_combo.findData(code)
        if index >= 0:
            self.provider_combo.setCurrentIndex(index)
        else:
            self.provider_combo.setEditText(code)

    def select_item(self, code: str) -> None:
        index = self.item_combo.findData(code)
        if index >= 0:
            self.item_combo.setCurrentIndex(index)
        else:
            self.item_combo.setEditText(code)

    def received_on(self) -> date:
        return self.received_edit.date().toPython()

    def current_key(self) -> RunKey | None:
        code, state = self.provider_code(), FileState.of(self.path)
        return (code, state, self.received_on()) if code and state is not None else None

    def dry_run_matches(self) -> bool:
        """The shown dry run is of this very file (unchanged since) and this provider."""
        return self.dry_run_key is not None and self.dry_run_key == self.current_key()

    def _folder(self) -> str:
        folder = str(self.ctx.qsettings.value(LAST_FOLDER_KEY, "") or "")
        if folder and Path(folder).is_dir():
            return folder
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs if docs and Path(docs).is_dir() else str(Path.home())

    def _remember_folder(self, path: Path) -> None:
        self.ctx.qsettings.setValue(LAST_FOLDER_KEY, str(path.parent))

    # -- lists ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """F5: 预检 when a provider and a file are chosen; the lists are read again anyway."""
        self.load_batches()
        if self.running is None and self.dry_run_button.isEnabled():
            self.dry_run()
        elif self.running is None:
            self.load_providers()

    def load_providers(self) -> None:
        if not self.may_read:
            return
        db, actor = self.ctx.db, self.ctx.require_actor()
        self.ctx.runner.query(
            lambda _t: sources.providers(db, actor),
            on_done=self._on_providers,
            on_error=self._on_list_failed,
        )

    def _on_providers(self, choices: tuple[Choice, ...] | None) -> None:
        typed = self.provider_combo.currentText()
        chosen = self.provider_code()
        combo = self.provider_combo
        combo.blockSignals(True)
        combo.clear()
        for choice in choices or ():
            combo.addItem(choice.label, choice.code)
        combo.setCurrentIndex(-1)
        combo.blockSignals(False)
        self.catalogue = choices is not None
        if choices is None:
            combo.lineEdit().setPlaceholderText(self.tr("输入信息提供单位代码，如 SCJGJ"))
            self.item_combo.lineEdit().setPlaceholderText(self.tr("输入信息事项代码，如 CF001"))
        last = chosen or str(self.ctx.qsettings.value(LAST_PROVIDER_KEY, "") or "")
        if last and combo.findData(last) >= 0:
            self.select_provider(last)
        elif typed:
            combo.setEditText(typed)
        self._on_provider_changed()

    def _on_provider_changed(self, *_: object) -> None:
        """Typed or picked: the buttons follow; a listed provider's items are read."""
        self._update_buttons()
        code = self.provider_code()
        if not self.catalogue or code == self._items_for:
            return
        self._items_for = code
        self.item_combo.clear()
        if code and self.provider_combo.findData(code) >= 0:
            self.ctx.qsettings.setValue(LAST_PROVIDER_KEY, code)
            db, actor = self.ctx.db, self.ctx.require_actor()
            self.ctx.runner.query(
                lambda _t: sources.items(db, actor, code),
                on_done=lambda items: self._on_items(code, items),
                on_error=self._on_list_failed,
            )

    def _on_items(self, provider_code: str, items: tuple[Choice, ...] | None) -> None:
        if provider_code != self.provider_code():
            return  # another provider was chosen meanwhile
        self.item_combo.clear()
        for choice in items or ():
            self.item_combo.addItem(choice.label, choice.code)
        self.item_combo.setCurrentIndex(0 if items else -1)
        self._update_buttons()

    def _on_list_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            return  # the connection banner says it
        if isinstance(exc, CreditDeskError):
            self.status.show_text(
                self.tr("无法读取信息目录：{0} 可以直接输入单位代码和信息事项代码。").format(
                    exc.text
                )
            )
        else:
            show_error(self, exc)

    def load_batches(self) -> None:
        if not self.may_read:
            return
        db, actor = self.ctx.db, self.ctx.require_actor()
        self.batch_model.set_fetcher(lambda _key, _size: sources.recent_batches(db, actor))

    def _on_batch_model_page_loaded(self, _rows: int) -> None:
        wanted, self._select_batch = self._select_batch, None
        if wanted is not None:
            row = self.batch_model.find_row(lambda b: b.id == wanted)
            if row >= 0:
                self.batch_table.selectRow(row)
                self.batch_table.scrollTo(self.batch_model.index(row, 0))
                self.batch_table.setFocus()
        self._update_resolve_button()

    def selected_batch(self) -> BatchLine | None:
        rows = self.batch_table.selectionModel().selectedRows()
        return self.batch_model.row_at(rows[0].row()) if rows else None

    def _update_resolve_button(self) -> None:
        batch = self.selected_batch()
        returned = batch is not None and batch.state == IntakeBatchState.RETURNED.value
        self.resolve_button.setEnabled(self.may_import and returned)

    def open_case(self, case_no: str) -> None:
        """Show a batch (the dashboard's "归集批次 12") in 最近批次, selected."""
        digits = "".join(ch for ch in case_no if ch.isdigit())
        self.tabs.setCurrentIndex(BATCHES_TAB)
        if digits:
            self._select_batch = int(digits)
        self.load_batches()

    def resolve_return(self) -> None:
        """登记退回处理结果 for the selected returned batch."""
        batch = self.selected_batch()
        if batch is None or not self.resolve_button.isEnabled():
            return
        dialog = ResolveReturnDialog(self.ctx, batch, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.resolved.connect(self._on_return_resolved)
        self.resolve_dialog = dialog
        dialog.open()

    def _on_return_resolved(self, batch_id: int) -> None:
        self.status.show_message(self.tr("已登记归集批次 {0} 的退回处理结果。").format(batch_id))
        self._select_batch = batch_id
        self.ctx.events.emit_changed(INTAKE, CASES)

    def _on_batch_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CreditDeskError):
            self.batches_note.setText(self.tr("无法读取归集批次：{0}").format(exc.text))
            self.batches_note.setStyleSheet(ERROR_STYLE)
        else:
            show_error(self, exc)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(INTAKE):
            self.load_batches()

    # -- the file -------------------------------------------------------------------------------
    def choose_file(self) -> None:
        if self.running is not None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择报送文件"),
            self._folder(),
            self.tr("报送文件 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        """A new file: the results shown were of another one."""
        if self.running is not None:
            return
        if path.suffix.lower() not in EXTENSIONS:
            self.status.show_text(
                self.tr("只能导入 .xlsx 或 .csv 文件，“{0}”不是。").format(path.name)
            )
            return
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self.path = path
        if path.exists():
            self._watcher.addPath(str(path))
        self._remember_folder(path)
        self.file_edit.setText(str(path))
        self.file_edit.setToolTip(str(path))
        self._show_file_info()
        self.status.clear_status()
        self.summary = None
        self.dry_run_key = None
        self._show_placeholder()
        self._update_buttons()
        self.dry_run_button.setFocus()

    def _show_file_info(self) -> None:
        state = FileState.of(self.path)
        if self.path is None:
            self.file_info.clear()
        elif state is None:
            self.file_info.setText(self.tr("文件“{0}”已不在原处。").format(self.path.name))
        else:
            self.file_info.setText(self.tr("{0}，{1}").format(self.path.name, _size(state.size)))

    def _on_watcher_file_changed(self, changed: str) -> None:
        if self.path is not None and changed == str(self.path) and self.path.exists():
            self._watcher.addPath(changed)  # replaced by a save: watch the new file
        self._show_file_info()
        self._update_buttons()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.running is None and dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            self.file_edit.setStyleSheet("background: #e8f0fe; border: 1px dashed #1a73e8;")
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.running is None and dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.file_edit.setStyleSheet("")
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.file_edit.setStyleSheet("")
        path = dropped_file(event.mimeData())
        if path is None or self.running is not None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.set_file(path)

    # -- keyboard -------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # F5 here means 预检: take it before the main window's 刷新 shortcut does (which would
        # call refresh() and do the same, but only when the focus is outside this screen).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_F5 and not event.modifiers():
                event.accept()
                return True
            if event.key() == Qt.Key.Key_Escape and self.running is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        plain = modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if key == Qt.Key.Key_F5 and plain:
            self.refresh()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            focus = self.focusWidget()
            if isinstance(focus, QPushButton) and focus.isEnabled() and focus.isVisible():
                focus.click()  # Enter presses the button that has the focus (入库, 导出…)
            else:
                self.dry_run()
        elif key == Qt.Key.Key_Escape and self.running is not None:
            self.progress.cancel_button.click()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- buttons --------------------------------------------------------------------------------
    def _on_inputs_changed(self, *_: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.running is None
        for widget in (self.provider_combo, self.file_button, self.item_combo):
            widget.setEnabled(idle)
        ready = self.may_import and bool(self.provider_code()) and self.path is not None
        self.dry_run_button.setEnabled(idle and ready)
        self.register_button.setEnabled(idle and ready)
        self.received_edit.setEnabled(idle)
        matches = self.dry_run_matches()
        summary = self.summary
        can_commit = (
            idle
            and self.may_import
            and matches
            and summary is not None
            and not summary.committed
            and summary.rows_total > 0
        )
        self.commit_button.setEnabled(can_commit)
        if not self.may_import:
            tip = self.tr("导入归集批次需要主管或系统管理员权限")
            self.commit_button.setToolTip(tip)
            self.dry_run_button.setToolTip(tip)
        elif can_commit:
            self.commit_button.setToolTip(
                self.tr("把预检通过的行写入数据库，并记入归集日志（一个事务，全部或全不）")
            )
        else:
            self.commit_button.setToolTip(
                self.tr("请先对当前文件和信息提供单位预检（F5），预检后才能入库")
            )
        self.template_button.setEnabled(idle and self.may_read and bool(self.item_code()))
        self.export_button.setEnabled(
            idle and not self.exporting and summary is not None and summary.rows_rejected > 0
        )
        self._show_stale_note(matches)

    def _show_stale_note(self, matches: bool) -> None:
        summary = self.summary
        if summary is None:
            return
        if summary.committed:
            self._note(
                self.tr("本批次已入库。导入下一个文件前，请重新选择文件并预检。"), INFO_STYLE
            )
        elif self.dry_run_key is not None and not matches:
            self._note(
                self.tr(
                    "信息提供单位或文件在预检后已更改，以下结果已过期：请重新预检（F5）后再入库。"
                ),
                WARNING_STYLE,
            )
        elif summary.rows_total == 0:
            self._note(self.tr("文件中没有数据行，无需入库。"), INFO_STYLE)
        else:
            self._note(
                self.tr("仅预检，尚未写入数据库。核对无误后按 Ctrl+Enter 入库。"), INFO_STYLE
            )

    def _note(self, text: str, style: str) -> None:
        self.result_note.setText(text)
        self.result_note.setStyleSheet(style)

    # -- results --------------------------------------------------------------------------------
    def _show_placeholder(self) -> None:
        if not self.may_import:
            text = self.tr("导入归集批次需要主管或系统管理员权限。")
        elif self.path is None:
            text = self.tr(
                "选择信息提供单位和报送文件（可以把文件拖到本页），然后按 F5 预检。\n"
                "预检只读取和校验文件，不写入数据库；预检后按 Ctrl+Enter 入库。"
            )
        else:
            text = self.tr("已选择文件“{0}”。按 F5 或回车预检。").format(self.path.name)
        self.placeholder.setText(text)
        self.result_stack.setCurrentIndex(PLACEHOLDER_PAGE)
        self.rejected_model.set_fetcher(lambda _k, _n: Page((), None, 0))

    def _show_summary(self, summary: BatchSummary) -> None:
        self.summary = summary
        if summary.committed:
            self.result_title.setText(
                self.tr("已入库：批次号 {0}，归集日志第 {1} 条 — {2}（{3}）").format(
                    summary.batch_id, summary.log_seq, summary.file_name, summary.provider_name
                )
            )
        else:
            self.result_title.setText(
                self.tr("预检结果：{0}（{1}）").format(summary.file_name, summary.provider_name)
            )
        for key, value in (
            ("total", summary.rows_total),
            ("new", summary.rows_new),
            ("updated", summary.rows_updated),
            ("unchanged", summary.rows_unchanged),
            ("rejected", summary.rows_rejected),
            ("subjects", summary.subjects_new),
        ):
            label = self.count_labels[key]
            label.setText(f"{value:,}")
            colour = {"new": "#137333", "rejected": "#c5221f"}.get(key) if value else None
            label.setStyleSheet(
                "font-size: 16pt; font-weight: bold;" + (f" color: {colour};" if colour else "")
            )
        self._show_deadlines(summary)
        shown = len(summary.rejected)
        if summary.rows_rejected == 0:
            caption = self.tr("没有退回的行。")
        elif shown < summary.rows_rejected:
            caption = self.tr(
                "退回 {0} 行，下表列出前 {1} 行；导出的退回清单包含全部退回的行。"
            ).format(f"{summary.rows_rejected:,}", f"{shown:,}")
        else:
            caption = self.tr("退回 {0} 行（不入库），原因如下：").format(
                f"{summary.rows_rejected:,}"
            )
        self.rejected_caption.setText(caption)
        rows: tuple[RejectedRow, ...] = tuple(summary.rejected)
        self.rejected_model.set_fetcher(lambda _k, _n: Page(rows, None, len(rows)))
        self.rejected_table.setVisible(bool(rows))
        self.result_stack.setCurrentIndex(SUMMARY_PAGE)
        self.tabs.setCurrentIndex(RESULTS_TAB)

    def _show_deadlines(self, summary: BatchSummary) -> None:
        """The profile's intake deadlines (Zhangdian 第十一条, 第十九条), when it has them."""
        parts: list[str] = []
        due = summary.integrate_due
        if due is not None and summary.received_on is not None:
            late = self.today > due.due and not summary.committed
            parts.append(
                self.tr("收件日期 {0}；入库期限 {1}（收件之日起{2}个工作日，{3}）{4}").format(
                    summary.received_on.isoformat(),
                    due.due.isoformat(),
                    due.working_days,
                    due.citation,
                    self.tr("，已逾期") if late else "",
                )
            )
        if summary.rows_late:
            parts.append(
                self.tr("其中 {0} 行逾期报送：{1}。").format(
                    f"{summary.rows_late:,}", summary.late_basis
                )
            )
        self.deadline_note.setText("\n".join(parts))
        self.deadline_note.setStyleSheet(
            "color: #b06000;" if summary.rows_late or "逾期" in "".join(parts) else INFO_STYLE
        )
        self.deadline_note.setVisible(bool(parts))

    def register_receipt(self) -> None:
        """登记收件: the file is received now and loaded later; it becomes open work."""
        if self.running is not None:
            return
        missing = self._missing()
        if missing:
            self.status.show_text(missing)
            return
        assert self.path is not None
        path, code, received_on = self.path, self.provider_code(), self.received_on()
        db, actor, today = self.ctx.db, self.ctx.require_actor(), self.today

        def work(_token: CancelToken) -> intake.IntakeBatchRow:
            return intake.register_receipt(
                db,
                path,
                file_name=path.name,
                provider_code=code,
                actor=actor,
                received_on=received_on,
                today=today,
            )

        self.register_button.setEnabled(False)
        self.ctx.runner.command(
            work, on_done=self._on_registered, on_error=self._on_register_failed
        )

    def _on_register_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        if isinstance(exc, CreditDeskError):
            self.status.show_text(self.tr("登记收件未完成：") + exc.text)
            if not isinstance(exc, DatabaseUnavailable):
                return
        show_error(self, exc)

    def _on_registered(self, receipt: intake.IntakeBatchRow) -> None:
        due = receipt.next_due_on
        self.status.show_message(
            self.tr("已登记收件：归集批次 {0}（{1}），{2}之后对同一文件预检入库即可。").format(
                receipt.id,
                receipt.file_name or "",
                self.tr("应于 {0} 前完成比对入库；").format(due.isoformat()) if due else "",
            )
        )
        self._select_batch = receipt.id
        self.ctx.events.emit_changed(INTAKE, CASES)
        self._update_buttons()

    # -- dry run and commit ---------------------------------------------------------------------
    def _missing(self) -> str:
        if not self.may_import:
            return self.tr("导入归集批次需要主管或系统管理员权限。")
        if not self.provider_code():
            return self.tr("请先选择信息提供单位。")
        if self.path is None:
            return self.tr("请先选择报送文件。")
        if FileState.of(self.path) is None:
            return self.tr("文件“{0}”不存在或已被移走，请重新选择。").format(str(self.path))
        return ""

    def dry_run(self) -> None:
        """预检: read and check every row; nothing is written."""
        if self.running is not None:
            return
        missing = self._missing()
        key = self.current_key()
        if missing or key is None:
            self.status.show_text(missing or self.tr("请先选择信息提供单位和报送文件。"))
            self._update_buttons()
            return
        assert self.path is not None
        path, code, received_on = self.path, key[0], key[2]
        db, actor, today = self.ctx.db, self.ctx.require_actor(), self.today
        run = RunProgress(size_bytes=key[1].size)

        def work(token: CancelToken) -> BatchSummary | _Cancelled:
            run.attach(token)
            try:
                return intake.preview(
                    db,
                    path,
                    file_name=path.name,
                    provider_code=code,
                    actor=actor,
                    today=today,
                    progress=run.report,
                    cancel=token,
                    received_on=received_on,
                )
            except OperationCancelled:
                return CANCELLED

        self._start("preview", run, self.tr("正在预检“{0}”").format(path.name))
        self.ctx.runner.query(
            work,
            on_done=lambda result: self._on_preview_done(key, result),
            on_error=self._on_run_failed,
        )

    def _on_preview_done(self, key: RunKey, result: BatchSummary | _Cancelled) -> None:
        self._finish()
        if isinstance(result, _Cancelled):
            self.status.show_message(self.tr("已取消预检，未做任何更改。"), ok=False)
            return
        self.dry_run_key = key
        self._show_summary(result)
        self._update_buttons()
        if result.rows_total == 0:
            self.status.show_message(self.tr("预检完成：文件中没有数据行。"), ok=False)
            return
        self.status.show_message(
            self.tr(
                "预检完成：共 {0} 行，可入库 {1} 行（新增 {2}、更新 {3}），退回 {4} 行。"
            ).format(
                f"{result.rows_total:,}",
                f"{result.rows_loaded:,}",
                f"{result.rows_new:,}",
                f"{result.rows_updated:,}",
                f"{result.rows_rejected:,}",
            )
        )
        if self.commit_button.isEnabled():
            self.commit_button.setFocus()

    def request_commit(self) -> None:
        """入库 (Ctrl+Enter): only after a dry run of this file and provider; asks first."""
        if self.running is not None:
            return
        summary = self.summary
        if self.dry_run_key is None or summary is None or summary.committed:
            self.status.show_text(self.tr("请先预检（F5），预检后才能入库。"))
            return
        if not self.dry_run_matches():
            self.status.show_text(
                self.tr("信息提供单位或文件在预检后已更改，请重新预检（F5）后再入库。")
            )
            self._update_buttons()
            return
        if not self.commit_button.isEnabled():
            return
        self.confirm_box = ask(
            self,
            self.tr("确认入库"),
            self.tr("将“{0}”入库？").format(summary.file_name),
            self.commit,
            informative=self.tr(
                "信息提供单位：{0}\n"
                "新增 {1} 条，更新 {2} 条，未变化 {3} 条；新建主体 {4} 个；"
                "退回 {5} 行（不入库）。\n\n"
                "入库在一个事务中完成：要么全部写入，要么全部不写入，并记入归集日志。"
                "入库过程中可以取消，取消后数据库不留任何改动。"
            ).format(
                summary.provider_name,
                f"{summary.rows_new:,}",
                f"{summary.rows_updated:,}",
                f"{summary.rows_unchanged:,}",
                f"{summary.subjects_new:,}",
                f"{summary.rows_rejected:,}",
            ),
            yes_text=self.tr("入库"),
        )

    def commit(self) -> None:
        """Load the file (after the confirmation): the write lane, one transaction."""
        summary, key = self.summary, self.dry_run_key
        if self.running is not None or summary is None or key is None:
            return
        if not self.dry_run_matches():
            self.status.show_text(
                self.tr("信息提供单位或文件在预检后已更改，请重新预检（F5）后再入库。")
            )
            self._update_buttons()
            return
        assert self.path is not None
        path, code, received_on = self.path, key[0], key[2]
        db, actor, today = self.ctx.db, self.ctx.require_actor(), self.today
        run = RunProgress(size_bytes=key[1].size, expected_rows=summary.rows_total)
        checked = summary.sha256  # the service refuses the file if it changed since the dry run

        def work(token: CancelToken) -> BatchSummary | _Cancelled:
            run.attach(token)
            try:
                return intake.commit(
                    db,
                    path,
                    file_name=path.name,
                    provider_code=code,
                    actor=actor,
                    today=today,
                    progress=run.report,
                    cancel=token,
                    expected_sha256=checked,
                    received_on=received_on,
                )
            except OperationCancelled:
                return CANCELLED

        self._start("commit", run, self.tr("正在入库“{0}”").format(path.name))
        self.ctx.runner.command(work, on_done=self._on_commit_done, on_error=self._on_run_failed)

    def _on_commit_done(self, result: BatchSummary | _Cancelled) -> None:
        self._finish()
        if isinstance(result, _Cancelled):
            self.status.show_text(
                self.tr("已取消入库：本批次已全部回滚，数据库没有任何改动。可以重新入库。"),
                INFO_STYLE,
            )
            return
        self.dry_run_key = None  # used: another commit needs another dry run
        self._show_summary(result)
        self._update_buttons()
        text = self.tr("已入库：批次号 {0}，归集日志第 {1} 条；新增 {2} 条，更新 {3} 条。").format(
            result.batch_id, result.log_seq, f"{result.rows_new:,}", f"{result.rows_updated:,}"
        )
        if result.rows_rejected:
            text += self.tr("退回 {0} 行，请导出退回清单交报送单位更正。").format(
                f"{result.rows_rejected:,}"
            )
        self.status.show_message(text)
        # a batch with returned rows is open work on the dashboard: CASES too
        self.ctx.events.emit_changed(INTAKE, CASES)
        if result.batch_id is not None:
            self.committed.emit(result.batch_id)
        if self.export_button.isEnabled():
            self.export_button.setFocus()

    def _on_run_failed(self, exc: BaseException) -> None:
        was = self.running
        self._finish()
        if was == "commit":
            prefix = self.tr("入库未完成，本批次已全部回滚，数据库没有任何改动。")
        else:
            prefix = self.tr("预检未完成。")
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(prefix + self.tr("数据库连接中断，连接恢复后请再试一次。"))
            return
        if isinstance(exc, CreditDeskError):
            self.status.show_text(prefix + exc.text)
        else:
            self.status.show_text(prefix)
        show_error(self, exc)

    def _start(self, kind: Literal["preview", "commit"], run: RunProgress, action: str) -> None:
        self.running = kind
        self.status.clear_status()
        self.progress.start(action, run)
        self._update_buttons()
        self.progress.cancel_button.setFocus()

    def _finish(self) -> None:
        self.running = None
        self.progress.stop()
        self._update_buttons()

    # -- files out ------------------------------------------------------------------------------
    def export_returns(self) -> None:
        """导出退回清单: the rejected rows in the provider's columns with 退回原因."""
        summary = self.summary
        if summary is None or not summary.rows_rejected or self.exporting:
            return
        stem = Path(summary.file_name).stem
        default = Path(self._folder()) / safe_file_name(f"{stem}-退回清单.xlsx")
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self,
            self.tr("导出退回清单"),
            str(default),
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if not chosen:
            return
        target, fmt = with_format(Path(chosen), chosen_filter)
        self._remember_folder(target)
        self.exporting = True
        self._update_buttons()
        rows = summary.rows_rejected
        self.ctx.runner.query(
            lambda _t: _write(target, summary.returns(fmt)),
            on_done=lambda path: self._on_exported(path, rows),
            on_error=lambda exc: self._on_saving_failed(target, exc),
            busy_for=self.result_stack,
            busy_text=self.tr("正在导出退回清单…"),
        )

    def _on_exported(self, path: Path, rows: int) -> None:
        self.exporting = False
        self._update_buttons()
        self.status.show_message(
            self.tr("已导出退回清单（{0} 行）：{1}").format(f"{rows:,}", str(path))
        )

    def _on_saving_failed(self, target: Path, exc: BaseException) -> None:
        self.exporting = False
        self._update_buttons()
        if isinstance(exc, OSError):
            self.status.show_text(
                self.tr("保存失败：{0}（{1}）。请换一个文件夹再试。").format(
                    str(target), exc.strerror or str(exc)
                )
            )
        else:
            show_error(self, exc)

    def download_template(self) -> None:
        """下载报送模板 for the chosen catalogue item."""
        code = self.item_code()
        if not code or self.running is not None:
            self.status.show_text(self.tr("请先选择信息事项。"))
            return
        index = self.item_combo.findData(code)
        shown = self.item_combo.itemText(index) if index >= 0 else ""
        name = shown.split("（", 1)[0] if shown else ""
        default_name = f"{code}-{name}-报送模板.xlsx" if name else f"{code}-报送模板.xlsx"
        default = Path(self._folder()) / safe_file_name(default_name)
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self,
            self.tr("下载报送模板"),
            str(default),
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if not chosen:
            return
        target, fmt = with_format(Path(chosen), chosen_filter)
        self._remember_folder(target)
        db, actor = self.ctx.db, self.ctx.require_actor()
        self.ctx.runner.query(
            lambda _t: _write(target, intake.template(db, code, fmt=fmt, actor=actor)[1]),
            on_done=lambda path: self.status.show_message(
                self.tr("已保存报送模板：{0}").format(str(path))
            ),
            on_error=lambda exc: self._on_saving_failed(target, exc),
            busy_for=self,
            busy_text=self.tr("正在生成报送模板…"),
        )


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
