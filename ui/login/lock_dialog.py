"""The idle lock. Only the signed-in user's password unlocks; anyone may sign the session out
(unsaved work is then lost, saved work never is)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DatabaseUnavailable
from app.services import session_lock
from app.services.clock import format_local
from ui.context import AppContext
from ui.errors import ask
from ui.widgets.forms import StatusLine


class LockDialog(QDialog):
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, ctx: AppContext, locked_at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.ctx = ctx
        actor = ctx.require_actor()
        self.setWindowTitle(self.tr("会话已锁定 — 信用服务窗口工作台"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        title = QLabel(self.tr("会话已锁定"), self)
        title.setStyleSheet("font-size: 18pt; font-weight: bold; color: #1a4d8f;")
        who = QLabel(
            self.tr(
                "{0}（{1}，{2}）的会话已于 {3} 锁定。\n已打开的内容都保留着，输入本人密码即可继续。"
            ).format(
                actor.display_name,
                actor.username,
                actor.role.label,
                format_local(locked_at, "%H:%M"),
            ),
            self,
        )
        who.setObjectName("lockedUserLabel")
        who.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("unlockPasswordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("{0} 的密码").format(actor.display_name))
        self.status = StatusLine(self)
        buttons = QHBoxLayout()
        self.sign_out_button = QPushButton(self.tr("注销…"), self)
        self.sign_out_button.setToolTip(self.tr("不是本人？注销此会话（未保存的内容将丢失）"))
        self.sign_out_button.setAutoDefault(False)
        self.unlock_button = QPushButton(self.tr("解锁"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        for w in (title, who, self.password, self.status):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.unlock_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.sign_out_button.clicked.connect(self._confirm_sign_out)
        self.password.setFocus()

    def reject(self) -> None:  # Esc must not bypass the lock
        pass

    def submit(self) -> None:
        password = self.password.text()
        if not password:
            self.status.show_text(self.tr("请输入密码。"))
            return
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.unlock_button.setEnabled(False)
        ctx.runner.command(
            lambda _t: session_lock.unlock_session(
                ctx.db, actor=actor, password=password, now=ctx.clock()
            ),
            on_done=self._on_unlocked,
            on_error=self._on_failed,
            busy_for=self,
        )

    def _on_unlocked(self, _result: object) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.status.clear_status()
        self.unlocked.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(self.tr("无法验证密码：数据库连接中断。请稍后再试。"))
        else:
            self.status.show_error(exc)

    def _confirm_sign_out(self) -> None:
        ask(
            self,
            self.tr("注销会话"),
            self.tr("注销 {0} 的会话？").format(self.ctx.require_actor().display_name),
            self.sign_out_requested.emit,
            informative=self.tr("未保存的表单内容将丢失；已保存的数据不受影响。"),
            yes_text=self.tr("注销"),
            destructive=True,
        )
