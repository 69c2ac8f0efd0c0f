"""系统管理 — 信息目录: the information items (信息事项), their editor, export and import.

The catalogue is small (tens to a few hundred items), so the list is read whole on the read
lane and shown in a plain table; every write goes through ``app.services.catalog`` on the
write lane. An import is always checked first (dry run: counts and the faulty rows) and only
written after the administrator confirms.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Disclosure, InfoClass, ReportSection
from app.domain.errors import (
    ConcurrencyConflict,
    CreditDeskError,
    DatabaseUnavailable,
    ValidationFailed,
)
from app.services import catalog
from app.services.catalog import (
    CONSENT_CATEGORIES,
    FIELD_TYPES,
    CatalogField,
    CatalogImportResult,
    CatalogItemInput,
    CatalogItemRow,
    ProviderRow,
)
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.events import ChangeSet
from ui.widgets.forms import FieldErrors, StatusLine

CATALOG = "catalog"  # the ChangeSet area of the information catalogue


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CreditDeskError(
            "file.unreadable", path=str(path), reason=exc.strerror or str(exc)
        ) from exc


# --- the editor --------------------------------------------------------------------------------


class FieldsGrid(QWidget):
    """The content fields of an item: key, label, required, type, consent category."""

    KEY, LABEL, REQUIRED, TYPE, CATEGORY = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("catalogFieldsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("字段代码"),
                self.tr("字段名称（模板列名）"),
                self.tr("必填"),
                self.tr("类型"),
                self.tr("须书面同意的类别"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((self.KEY, 130), (self.LABEL, 190), (self.REQUIRED, 50)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(self.TYPE, 80)
        self.table.setMinimumHeight(150)
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加字段"), self)
        self.remove_button = QPushButton(self.tr("删除字段"), self)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)

    def add_row(self, field: CatalogField | None = None) -> int:
        f = field or CatalogField("", "")
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, self.KEY, QTableWidgetItem(f.key))
        self.table.setItem(row, self.LABEL, QTableWidgetItem(f.label))
        required = QCheckBox(self.table)
        required.setChecked(f.required)
        required.setStyleSheet("margin-left: 14px;")
        self.table.setCellWidget(row, self.REQUIRED, required)
        types = QComboBox(self.table)
        for code, label in FIELD_TYPES.items():
            types.addItem(label, code)
        types.setCurrentIndex(max(0, types.findData(f.type)))
        self.table.setCellWidget(row, self.TYPE, types)
        category = QComboBox(self.table)
        category.addItem("", None)
        for code, label in CONSENT_CATEGORIES.items():
            category.addItem(label, code)
        if f.category and category.findData(f.category) < 0:
            category.addItem(f.category, f.category)  # as stored; the service judges it
        category.setCurrentIndex(max(0, category.findData(f.category)))
        self.table.setCellWidget(row, self.CATEGORY, category)
        if field is None:
            self.table.setCurrentCell(row, self.KEY)
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_fields(self, fields: tuple[CatalogField, ...]) -> None:
        self.table.setRowCount(0)
        for f in fields:
            self.add_row(f)

    def set_cell(self, row: int, key: str, label: str) -> None:
        self.table.item(row, self.KEY).setText(key)
        self.table.item(row, self.LABEL).setText(label)

    def widget(self, row: int, column: int) -> Any:
        return self.table.cellWidget(row, column)

    def fields(self) -> tuple[CatalogField, ...]:
        out = []
        for row in range(self.table.rowCount()):
            key = (self.table.item(row, self.KEY) or QTableWidgetItem()).text().strip()
            label = (self.table.item(row, self.LABEL) or QTableWidgetItem()).text().strip()
            if not key and not label:
                continue  # an empty row the user added and left
            out.append(
                CatalogField(
                    key=key,
                    label=label,
                    required=self.widget(row, self.REQUIRED).isChecked(),
                    category=self.widget(row, self.CATEGORY).currentData(),
                    type=self.widget(row, self.TYPE).currentData() or "text",
                )
            )
        return tuple(out)


class CatalogItemDialog(QDialog):
    """新建 or 编辑 an information item; errors stay inline, 保存 again retries. When someone
    else changed the item meanwhile, the conflict is shown and the list is read again."""

    def __init__(
        self,
        ctx: AppContext,
        providers: tuple[ProviderRow, ...],
        item: CatalogItemRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.saved: CatalogItemRow | None = None
        self.setModal(True)
        self.setWindowTitle(
            self.tr("新建信息事项")
            if item is None
            else self.tr("编辑信息事项 {0}").format(item.code)
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors = FieldErrors(form)

        self.code = QLineEdit(self)
        self.code.setObjectName("catalogCodeEdit")
        self.code.setMaxLength(32)
        self.code.setPlaceholderText(self.tr("字母或数字，如 CF001；保存后不能修改"))
        self.name = QLineEdit(self)
        self.name.setObjectName("catalogNameEdit")
        self.info_class = self._combo([(c.label, c.value) for c in InfoClass])
        self.disclosure = self._combo([(d.label, d.value) for d in Disclosure])
        self.section = self._combo([(r.label, r.value) for r in ReportSection])
        self.provider = self._combo(
            [
                (
                    p.name + f"（{p.code}）" + ("" if p.is_active else self.tr("（已停用）")),
                    p.code,
                )
                for p in providers
            ]
        )
        self.validity = QLineEdit(self)
        self.validity.setObjectName("catalogValidityEdit")
        self.validity.setPlaceholderText(self.tr("profile（按辖区规则）或 P3Y、P6M、P1Y6M"))
        self.basis = QPlainTextEdit(self)
        self.basis.setObjectName("catalogBasisEdit")
        self.basis.setFixedHeight(64)
        self.active = QCheckBox(self.tr("在用（停用后不再归集该事项的信息）"), self)
        self.fields = FieldsGrid(self)

        rows: list[tuple[str, str, QWidget]] = [
            ("code", self.tr("信息事项代码"), self.code),
            ("name", self.tr("信息事项名称"), self.name),
            ("info_class", self.tr("信息类别"), self.info_class),
            ("disclosure", self.tr("公开属性"), self.disclosure),
            ("report_section", self.tr("报告栏目"), self.section),
            ("provider_code", self.tr("信息提供单位"), self.provider),
            ("validity_rule", self.tr("有效期规则"), self.validity),
            ("legal_basis", self.tr("设定依据"), self.basis),
            ("is_active", self.tr("状态"), self.active),
            ("fields", self.tr("字段"), self.fields),
        ]
        for name, label, widget in rows:
            form.addRow(label, widget)
            self.errors.add(name, widget)
        layout.addLayout(form)

        self.status = StatusLine(self)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)
        self._fill(item)

    def _combo(self, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        for label, value in choices:
            combo.addItem(label, value)
        return combo

    def _fill(self, item: CatalogItemRow | None) -> None:
        if item is None:
            self.validity.setText(catalog.PROFILE_RULE)
            self.active.setChecked(True)
            self.fields.add_row()
            return
        self.code.setText(item.code)
        self.code.setReadOnly(True)
        self.code.setStyleSheet("QLineEdit { background: #f1f3f4; color: #3c4043; }")
        self.code.setToolTip(self.tr("信息事项代码保存后不能修改"))
        self.name.setText(item.name)
        for combo, value in (
            (self.info_class, item.info_class.value),
            (self.disclosure, item.disclosure.value),
            (self.section, item.report_section.value),
            (self.provider, item.provider_code),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.validity.setText(item.validity_rule)
        self.basis.setPlainText(item.legal_basis)
        self.active.setChecked(item.is_active)
        self.fields.set_fields(item.fields)

    def value(self) -> CatalogItemInput:
        return CatalogItemInput(
            code=self.code.text(),
            name=self.name.text(),
            info_class=self.info_class.currentData() or "",
            disclosure=self.disclosure.currentData() or "",
            report_section=self.section.currentData() or "",
            provider_code=self.provider.currentData() or "",
            validity_rule=self.validity.text(),
            legal_basis=self.basis.toPlainText(),
            fields=self.fields.fields(),
            is_active=self.active.isChecked(),
        )

    def save(self) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        data = self.value()
        expected = None if self.item is None else self.item.row_version
        self.errors.clear()
        self.status.clear_status()
        self.buttons.setEnabled(False)
        ctx.runner.command(
            lambda _t: catalog.save_item(ctx.db, data, expected_version=expected, actor=actor),
            on_done=self._on_saved,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在保存…"),
        )

    def _on_saved(self, row: CatalogItemRow) -> None:
        self.buttons.setEnabled(True)
        self.saved = row
        self.ctx.events.emit_changed(CATALOG)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            unknown = self.errors.show(exc.field_errors)
            if unknown:  # errors of no field on this form: list them under it
                self.status.show_text(
                    "\n".join(m for name in unknown for m in exc.field_errors[name])
                )
            else:
                self.status.show_error(exc)
            return
        if isinstance(exc, ConcurrencyConflict):
            self.status.show_text(
                self.tr("该信息事项已被他人修改，列表已重新读取。请关闭本窗口，重新打开后再修改。")
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.ctx.events.emit_changed(CATALOG)
            show_error(self, exc)
            return
        self.status.show_error(exc)
        if not isinstance(exc, DatabaseUnavailable):
            show_error(self, exc)


# --- the import check ----------------------------------------------------------------------


class CatalogImportDialog(QDialog):
    """What a dry run found: the counts and every faulty row; 导入 writes the file."""

    def __init__(
        self, result: CatalogImportResult, on_import: Callable[[], None], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setModal(True)
        self.setWindowTitle(self.tr("导入信息目录：检查结果"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("catalogImportSummary")
        self.summary.setWordWrap(True)
        changes = result.created + result.updated + result.providers_created
        changes += result.providers_updated
        summary = self.tr(
            "文件“{0}”共 {1} 个信息事项：新增 {2} 个，修改 {3} 个，不变 {4} 个；"
            "信息提供单位新增 {5} 个，修改 {6} 个。"
        ).format(
            result.file_name,
            result.items_total,
            result.created,
            result.updated,
            result.unchanged,
            result.providers_created,
            result.providers_updated,
        )
        if result.errors:
            summary += "\n" + self.tr(
                "有 {0} 处错误，不能导入。请修改文件后重新导入（导入时全部写入或全部不写入）。"
            ).format(len(result.errors))
        elif not changes:
            summary += "\n" + self.tr("文件与信息目录一致，无需导入。")
        else:
            summary += "\n" + self.tr("检查通过。点击“导入”写入信息目录。")
        self.summary.setText(summary)
        layout.addWidget(self.summary)
        self.error_list = QPlainTextEdit(self)
        self.error_list.setObjectName("catalogImportErrors")
        self.error_list.setReadOnly(True)
        self.error_list.setPlainText("\n".join(e.text for e in result.errors))
        self.error_list.setVisible(bool(result.errors))
        self.error_list.setMinimumHeight(160)
        layout.addWidget(self.error_list, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(result.ok and changes > 0)
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(not self.import_button.isEnabled())
        self.buttons.accepted.connect(lambda: (self.accept(), on_import()))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)


# --- the panel ---------------------------------------------------------------------------------


class CatalogPanel(QWidget):
    """The information items with their provider; 新建 (Ctrl+N), 编辑 (double-click or
    Enter), 停用, 导出… and 导入…."""

    CODE, NAME, CLASS, DISCLOSURE, PROVIDER, FIELDS, ACTIVE = range(7)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogPanel")
        self.ctx = ctx
        self.items: tuple[CatalogItemRow, ...] = ()
        self.providers: tuple[ProviderRow, ...] = ()
        self.dialog: Any = None  # the open dialog or question (tests inspect it)
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新建…"), self)
        self.new_button.setToolTip(self.tr("新建信息事项（Ctrl+N）"))
        self.edit_button = QPushButton(self.tr("编辑…"), self)
        self.edit_button.setToolTip(self.tr("编辑选中的信息事项（双击或回车）"))
        self.deactivate_button = QPushButton(self.tr("停用"), self)
        self.export_button = QPushButton(self.tr("导出…"), self)
        self.export_button.setToolTip(self.tr("将整个信息目录导出为 Excel 或 JSON 文件"))
        self.import_button = QPushButton(self.tr("导入…"), self)
        self.import_button.setToolTip(self.tr("从 Excel、CSV 或 JSON 文件导入信息事项"))
        for w in (self.new_button, self.edit_button, self.deactivate_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.export_button)
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("信息提供单位"), self))
        self.provider_filter = QComboBox(self)
        self.provider_filter.setObjectName("catalogProviderFilter")
        self.provider_filter.setMinimumWidth(220)
        self.provider_filter.addItem(self.tr("全部"), None)
        bar.addWidget(self.provider_filter)
        self.show_inactive = QCheckBox(self.tr("显示已停用"), self)
        bar.addWidget(self.show_inactive)
        layout.addLayout(bar)

        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("catalogTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("代码"),
                self.tr("信息事项名称"),
                self.tr("信息类别"),
                self.tr("公开属性"),
                self.tr("信息提供单位"),
                self.tr("字段数"),
                self.tr("状态"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (self.CODE, 80),
            (self.NAME, 260),
            (self.CLASS, 90),
            (self.DISCLOSURE, 90),
            (self.PROVIDER, 220),
            (self.FIELDS, 60),
            (self.ACTIVE, 70),
        ):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.status = StatusLine(self)
        layout.addWidget(self.status)

        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_edit)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.choose_import)
        self.provider_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_inactive.toggled.connect(lambda _c: self.refresh())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.open_edit())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table, self.open_edit)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self.open_new)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.events.changed.connect(self._on_events_changed)
        self._update_buttons()
        self.refresh()

    # -- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        provider = self.provider_filter.currentData()
        include_inactive = self.show_inactive.isChecked()
        ctx.runner.query(
            lambda _t: (
                catalog.list_providers(ctx.db, actor=actor),
                catalog.list_items(
                    ctx.db,
                    actor=actor,
                    provider_code=provider,
                    include_inactive=include_inactive,
                ),
            ),
            on_done=self._fill,
            on_error=self._on_failed,
        )

    def _fill(self, result: tuple[tuple[ProviderRow, ...], tuple[CatalogItemRow, ...]]) -> None:
        providers, items = result
        selected = self.selected()
        if providers != self.providers:
            self.providers = providers
            chosen = self.provider_filter.currentData()
            self.provider_filter.blockSignals(True)
            self.provider_filter.clear()
            self.provider_filter.addItem(self.tr("全部"), None)
            for p in providers:
                self.provider_filter.addItem(f"{p.name}（{p.code}）", p.code)
            self.provider_filter.setCurrentIndex(max(0, self.provider_filter.findData(chosen)))
            self.provider_filter.blockSignals(False)
        self.items = items
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            provider = (
                f"{item.provider_name}（{item.provider_code}）" if item.provider_code else "—"
            )
            cells = (
                item.code,
                item.name,
                item.info_class.label,
                item.disclosure.label,
                provider,
                str(len(item.fields)),
                self.tr("在用") if item.is_active else self.tr("停用"),
            )
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c == self.FIELDS:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not item.is_active:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, cell)
        if selected is not None:
            self.select_code(selected.code)
        self._update_buttons()

    def selected(self) -> CatalogItemRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    def select_code(self, code: str) -> None:
        for r, item in enumerate(self.items):
            if item.code == code:
                self.table.selectRow(r)
                return

    def codes(self) -> list[str]:
        return [item.code for item in self.items]

    def _update_buttons(self) -> None:
        item = self.selected()
        self.edit_button.setEnabled(item is not None)
        self.deactivate_button.setEnabled(item is not None and item.is_active)

    # -- editing ------------------------------------------------------------------------------
    def open_new(self) -> None:
        self._open(CatalogItemDialog(self.ctx, self.providers, None, self))

    def open_edit(self) -> None:
        item = self.selected()
        if item is not None:
            self._open(CatalogItemDialog(self.ctx, self.providers, item, self))

    def _open(self, dialog: CatalogItemDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._on_dialog_saved(dialog))
        dialog.open()

    def _on_dialog_saved(self, dialog: CatalogItemDialog) -> None:
        if dialog.saved is not None:
            self.status.show_message(self.tr("已保存信息事项 {0}。").format(dialog.saved.code))
            self.select_code(dialog.saved.code)

    def deactivate(self) -> None:
        item = self.selected()
        if item is None or not item.is_active:
            return
        self.dialog = ask(
            self,
            self.tr("停用信息事项"),
            self.tr("停用信息事项 {0}“{1}”？").format(item.code, item.name),
            lambda: self._deactivate(item),
            informative=self.tr(
                "停用后不再归集该事项的信息，已归集的记录保持不变。"
                "事项仍保留在目录中，可在编辑时重新启用。"
            ),
            yes_text=self.tr("停用"),
            destructive=True,
        )

    def _deactivate(self, item: CatalogItemRow) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: catalog.deactivate_item(
                ctx.db, item.code, expected_version=item.row_version, actor=actor
            ),
            on_done=lambda row: (
                self.status.show_message(self.tr("已停用信息事项 {0}。").format(row.code)),
                ctx.events.emit_changed(CATALOG),
            ),
            on_error=self._on_failed,
            busy_for=self,
        )

    # -- export -------------------------------------------------------------------------------
    def choose_export(self) -> None:
        xlsx, json = self.tr("Excel 工作簿 (*.xlsx)"), self.tr("JSON 文件 (*.json)")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("导出信息目录"),
            str(Path.home() / self.tr("信息目录.xlsx")),
            f"{xlsx};;{json}",
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".json"):
            target = target.with_suffix(".json" if chosen == json else ".xlsx")
        self.export_to(target)

    def export_to(self, target: Path) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        fmt = "json" if target.suffix.lower() == ".json" else "xlsx"
        self.status.clear_status()

        def run(_t: object) -> tuple[Path, str]:
            data = catalog.export_catalog(ctx.db, actor=actor, fmt=fmt)
            try:
                target.write_bytes(data)
            except OSError as exc:
                return target, exc.strerror or type(exc).__name__
            return target, ""

        ctx.runner.query(
            run,
            on_done=lambda result: self._on_exported(*result),
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在导出…"),
        )

    def _on_exported(self, path: Path, failure: str) -> None:
        if failure:
            self.status.show_text(self.tr("无法写入文件 {0}：{1}").format(str(path), failure))
        else:
            self.status.show_message(self.tr("已导出信息目录到 {0}。").format(str(path)))

    # -- import -------------------------------------------------------------------------------
    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("导入信息目录"),
            str(Path.home()),
            self.tr("信息目录文件 (*.xlsx *.csv *.json);;所有文件 (*)"),
        )
        if path:
            self.check_import(Path(path))

    def check_import(self, path: Path) -> None:
        """Dry run first; the result dialog offers 导入 when the file is clean."""
        self._import(path, dry_run=True)

    def _import(self, path: Path, *, dry_run: bool) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: catalog.import_catalog(
                ctx.db, _read(path), file_name=path.name, actor=actor, dry_run=dry_run
            ),
            on_done=lambda result: self._on_import_result(path, result),
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在检查文件…") if dry_run else self.tr("正在导入…"),
        )

    def _on_import_result(self, path: Path, result: CatalogImportResult) -> None:
        if result.dry_run:
            self.dialog = CatalogImportDialog(
                result, lambda: self._import(path, dry_run=False), self
            )
            self.dialog.open()
            return
        if result.committed:
            self.status.show_message(
                self.tr("已导入“{0}”：新增 {1} 个、修改 {2} 个信息事项。").format(
                    result.file_name, result.created, result.updated
                )
            )
            self.ctx.events.emit_changed(CATALOG)
        else:  # changed between the check and the import: show what it found now
            self.dialog = CatalogImportDialog(result, lambda: None, self)
            self.dialog.import_button.setEnabled(False)
            self.dialog.open()

    # -- shared -------------------------------------------------------------------------------
    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(self.tr("操作未完成：数据库连接中断。连接恢复后请再试一次。"))
            return
        if isinstance(exc, ConcurrencyConflict):
            self.refresh()
        self.dialog = show_error(self, exc)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(CATALOG):
            self.refresh()


__all__ = ["CATALOG", "CatalogImportDialog", "CatalogItemDialog", "CatalogPanel", "FieldsGrid"]
