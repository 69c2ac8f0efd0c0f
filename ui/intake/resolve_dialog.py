"""退回已处理: a batch whose rejected rows went back to the provider stays open work (on the
dashboard) until someone records how the return was settled — usually the batch number of the
corrected file the provider sent back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import CreditDeskError
from app.services import intake
from ui.context import AppContext
from ui.errors import show_error
from ui.intake.sources import BatchLine
from ui.widgets.forms import INFO_STYLE, StatusLine


class ResolveReturnDialog(QDialog):
    resolved = Signal(int)  # batch id

    def __init__(self, ctx: AppContext, batch: BatchLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resolveReturnDialog")
        self.setWindowTitle(self.tr("登记退回处理结果"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.batch = batch
        self.saving = False
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("归集批次 {0}：{1}，{2}").format(batch.id, batch.provider, batch.file_name),
            self,
        )
        heading.setStyleSheet("font-weight: bold;")
        heading.setWordWrap(True)
        intro = QLabel(
            self.tr(
                "本批次退回 {0} 行。报送单位更正后重新报送，或退回的数据已另行处理后，"
                "在此说明处理结果；登记后本批次不再列入工作台的待办。"
            ).format(f"{batch.rows_rejected:,}"),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(INFO_STYLE)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("resolveNote")
        self.note.setPlaceholderText(self.tr("例如：报送单位已于 11 月 28 日重新报送，批次号 15"))
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(80)
        self.status = StatusLine(self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("登记（Ctrl+Enter）"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.note.installEventFilter(self)  # the text box would take Ctrl+Enter as a new line
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(520, 280)
        self.note.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.note
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return True
        return super().eventFilter(watched, event)

    def save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.status.clear_status()
        db, actor, batch_id = self.ctx.db, self.ctx.require_actor(), self.batch.id
        note = self.note.toPlainText()
        self.ctx.runner.command(
            lambda _t: intake.resolve_return(db, batch_id, note=note, actor=actor),
            on_done=lambda _r: self._on_saved(),
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在登记…"),
        )

    def _on_saved(self) -> None:
        self.saving = False
        self.resolved.emit(self.batch.id)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, CreditDeskError):
            self.status.show_error(exc)
            self.note.setFocus()
        else:
            show_error(self, exc)
