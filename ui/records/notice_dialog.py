"""登记提供单位更正/撤销通知: a supervisor enters the provider's notice (来文文号, reason, the day
the document was revoked or changed, the day the notice arrived) and, for a correction, the
new values of the fields it corrects. The service checks everything (the provider must be the
record's own, dates not in the future, something must change …) and applies the notice at
once; its messages appear next to the fields. No rules here."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import CreditDeskError, ValidationFailed
from app.services.clock import local_today
from app.services.provider_notices import (
    CorrectableField,
    NoticeInput,
    NoticeKind,
    NoticeRow,
    RecordHistory,
    record_history,
    record_provider_notice,
)
from ui.cases.common import date_edit, pydate
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.forms import INFO_STYLE, FieldErrors, StatusLine

RECORDS = "records"  # the ChangeSet area of credit records
_ERROR_BACKGROUND = "#fce8e6"
_NEW_COLUMN = 2


class ProviderNoticeDialog(QDialog):
    """The notice for record ``record_id``; ``history`` is what the history dialog shows (the
    current values and version), read on the read lane when not given. ``completed`` carries
    the service's ``NoticeRow``."""

    completed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        record_id: int,
        parent: QWidget | None = None,
        *,
        history: RecordHistory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("providerNoticeDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx, self.record_id = ctx, record_id
        self.history: RecordHistory | None = None
        self.result_row: NoticeRow | None = None
        self.today = local_today(ctx.clock())
        self.setWindowTitle(self.tr("登记提供单位更正/撤销通知 — 信息编号 {0}").format(record_id))
        layout = QVBoxLayout(self)

        self.intro = intro = QLabel(self)
        intro.setObjectName("noticeIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)

        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.errors = FieldErrors(self.form)

        kind_box = QWidget(self)
        kind_row = QHBoxLayout(kind_box)
        kind_row.setContentsMargins(0, 0, 0, 0)
        self.kind_group = QButtonGroup(kind_box)
        self.kind_buttons: dict[NoticeKind, QRadioButton] = {}
        for kind, text in (
            (NoticeKind.CORRECTION, self.tr("更正(&1)")),
            (NoticeKind.REVOCATION, self.tr("撤销(&2)")),
        ):
            button = QRadioButton(text, kind_box)
            button.setObjectName(f"noticeKind_{kind.value}")
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kind_row.addWidget(button)
        kind_row.addStretch(1)
        self.kind_buttons[NoticeKind.CORRECTION].setChecked(True)
        self._row(self.tr("通知类型"), kind_box, "kind")

        self.provider = QLineEdit(self)
        self.provider.setObjectName("noticeProvider")
        self.provider.setMaximumWidth(200)
        self.provider.setToolTip(self.tr("发出通知的信息提供单位代码；须为本信息的提供单位"))
        self._row(self.tr("提供单位代码(&P)"), self.provider, "provider")

        self.reference = QLineEdit(self)
        self.reference.setObjectName("noticeReference")
        self.reference.setPlaceholderText(self.tr("必填，如 市监函〔2026〕88号"))
        self._row(self.tr("来文文号(&R)"), self.reference, "reference")

        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("noticeReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("必填：通知所述的更正或撤销理由"))
        self.reason.setFixedHeight(60)
        self._row(self.tr("理由(&S)"), self.reason, "reason")

        self.changed_on = date_edit(self, self.today, latest=self.today)
        self.changed_on.setObjectName("date_changed_on")
        self._row(self.tr("文书撤销或变更日期(&D)"), self.changed_on, "changed_on")
        self.changed_on.setToolTip(
            self.tr("法律文书撤销或变更之日，或提供单位发现信息有误之日；提供单位的期限自此起算")
        )
        self.received_on = date_edit(self, self.today, latest=self.today)
        self.received_on.setObjectName("date_received_on")
        self.received_on.setToolTip(self.tr("信用中心收到通知之日；平台处理的期限自此起算"))
        self._row(self.tr("收到通知日期(&E)"), self.received_on, "received_on")

        self.changes_caption = QLabel(self.tr("更正内容(&F)"), self)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("noticeChangesTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("项目"), self.tr("现值"), self.tr("更正后的值（双击或 F2 修改）")]
        )
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(300)
        self.changes_caption.setBuddy(self.table)
        self.form.addRow(self.changes_caption, self.table)
        self.errors.add("changes", self.table)
        self.fields: list[CorrectableField] = []
        self.combos: dict[int, QComboBox] = {}

        self.revocation_note = QLabel(
            self.tr("撤销后该信息不再提供查询，记录及其全部版本保留，不能再更正或撤销。"), self
        )
        self.revocation_note.setObjectName("noticeRevocationNote")
        self.revocation_note.setWordWrap(True)
        self.revocation_note.setStyleSheet(INFO_STYLE)
        self.revocation_note.hide()
        layout.addWidget(self.revocation_note)

        self.status = StatusLine(self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            self.tr("登记并生效"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("noticeOkButton")
        self.ok_button.setDefault(True)
        self.ok_button.setToolTip(self.tr("登记并生效（Ctrl+Enter）"))
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        cancel.setToolTip(self.tr("取消（Esc）"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.kind_group.buttonToggled.connect(self._on_kind_group_toggled)
        self.ok_button.setEnabled(False)
        self.reference.setFocus()
        self.resize(720, self.sizeHint().height())
        if history is not None:
            self._apply_history(history)
        else:
            db, actor, today = ctx.db, ctx.require_actor(), self.today
            ctx.runner.query(
                lambda _t: record_history(db, record_id, actor=actor, today=today),
                on_done=self._apply_history,
                on_error=self._on_failed,
                busy_for=self,
            )

    def _apply_history(self, history: RecordHistory) -> None:
        self.history = history
        head = history.header
        self.intro.setText(
            self.tr(
                "{0}　{1}（{2}）<br>信息提供单位：{3}　当前第 {4} 版<br>"
                "<span style='color:#5f6368'>信用中心不得自行更改信用信息，"
                "只能根据该信息提供单位的通知更正或撤销。"
                "登记后立即生效，原版本保留在版本历史中。</span>"
            ).format(
                escape(head.catalog_name),
                escape(head.subject_name),
                escape(head.subject_display_code),
                escape(head.provider_name),
                head.row_version,
            )
        )
        self.provider.setText(head.provider_code)
        self.fields = list(history.correctable)
        self.combos.clear()
        self._fill_table()
        self.ok_button.setEnabled(history.may_take_notice)
        if not history.may_take_notice:
            self.status.show_text(self.tr("信息已撤销，不能再登记更正或撤销通知。"))

    def _row(self, label: str, widget: QWidget, field: str) -> None:
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        self.errors.add(field, widget)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.fields))
        for i, f in enumerate(self.fields):
            label = QTableWidgetItem(f.label + (" *" if f.required else ""))
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            label.setData(Qt.ItemDataRole.UserRole, f.field)
            current = QTableWidgetItem(f.value)
            current.setFlags(Qt.ItemFlag.ItemIsEnabled)
            current.setToolTip(f.value)
            self.table.setItem(i, 0, label)
            self.table.setItem(i, 1, current)
            if f.kind == "choice":
                combo = QComboBox(self.table)
                combo.setObjectName(f"noticeChoice_{f.field}")
                combo.addItem("")
                combo.addItems(list(f.choices))
                combo.setCurrentText(f.value)
                self.table.setCellWidget(i, _NEW_COLUMN, combo)
                self.combos[i] = combo
            else:
                new = QTableWidgetItem(f.value)
                if f.kind == "date":
                    new.setToolTip(self.tr("日期按 YYYY-MM-DD 填写"))
                self.table.setItem(i, _NEW_COLUMN, new)

    # -- reading the form ----------------------------------------------------------------------
    def kind(self) -> NoticeKind:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def new_value(self, row: int) -> str:
        combo = self.combos.get(row)
        if combo is not None:
            return combo.currentText()
        item = self.table.item(row, _NEW_COLUMN)
        return item.text().strip() if item is not None else ""

    def set_new_value(self, field: str, value: str) -> None:
        """Type ``value`` as the new value of ``field`` (tests and keyboard users alike)."""
        row = next(i for i, f in enumerate(self.fields) if f.field == field)
        combo = self.combos.get(row)
        if combo is not None:
            combo.setCurrentText(value)
        else:
            self.table.item(row, _NEW_COLUMN).setText(value)  # type: ignore[union-attr]

    def changes(self) -> dict[str, str]:
        """The fields whose new value differs from the current one; all of them when none
        does (the service then says that nothing changes)."""
        every = {f.field: self.new_value(i) for i, f in enumerate(self.fields)}
        changed = {f.field: every[f.field] for f in self.fields if every[f.field] != f.value}
        return changed or every

    def notice_input(self) -> NoticeInput:
        kind = self.kind()
        return NoticeInput(
            record_id=self.record_id,
            kind=kind,
            provider_code=self.provider.text(),
            reference=self.reference.text(),
            reason=self.reason.toPlainText(),
            changed_on=pydate(self.changed_on.date()),
            received_on=pydate(self.received_on.date()),
            changes=self.changes() if kind is NoticeKind.CORRECTION else {},
        )

    # -- slots -------------------------------------------------------------------------------------
    def _on_kind_group_toggled(self, _button: QRadioButton, _checked: bool) -> None:
        correction = self.kind() is NoticeKind.CORRECTION
        self.table.setVisible(correction)
        self.changes_caption.setVisible(correction)
        self.revocation_note.setVisible(not correction)
        self.ok_button.setText(self.tr("登记并更正") if correction else self.tr("登记并撤销"))

    # -- submitting --------------------------------------------------------------------------------
    def submit(self) -> None:
        if not self.ok_button.isEnabled() or self.history is None:
            return
        self._clear_errors()
        data = self.notice_input()
        ctx, actor = self.ctx, self.ctx.require_actor()
        version, today = self.history.header.row_version, self.today
        ctx.runner.command(
            lambda _t: record_provider_notice(
                ctx.db, data, actor=actor, today=today, expected_version=version
            ),
            on_done=self._on_done,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在登记…"),
        )

    def _on_done(self, row: NoticeRow) -> None:
        self.result_row = row
        self.ctx.events.emit_changed(RECORDS)
        self.completed.emit(row)
        self.accept()

    def _clear_errors(self) -> None:
        self.errors.clear()
        self.status.clear_status()
        for i in range(self.table.rowCount()):
            for j in range(3):
                item = self.table.item(i, j)
                if item is not None:
                    item.setBackground(QBrush())

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            known = {f.field: i for i, f in enumerate(self.fields)}
            field_errors = dict(exc.field_errors)
            row_texts: list[str] = []
            for name in list(field_errors):
                if name in known or name.startswith("changes."):
                    texts = field_errors.pop(name)
                    row_texts += texts
                    if name in known:
                        self._mark_row(known[name])
            if row_texts:
                field_errors.setdefault("changes", []).extend(row_texts)
            unknown = self.errors.show(field_errors)
            self.status.show_error(exc)
            if unknown:
                self.status.show_text("；".join(m for f in unknown for m in field_errors[f]))
        elif isinstance(exc, CreditDeskError):
            self.status.show_error(exc)
        else:
            show_error(self, exc)

    def _mark_row(self, row: int) -> None:
        for j in range(3):
            item = self.table.item(row, j)
            if item is not None:
                item.setBackground(QBrush(QColor(_ERROR_BACKGROUND)))

    def field_error(self, field: str) -> str:
        return self.errors.text(field)
