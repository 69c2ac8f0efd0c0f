"""Changing one's own password; forced after an administrator's reset."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.services import auth
from ui.admin.user_dialogs import PasswordPair
from ui.context import AppContext
from ui.widgets.forms import FieldErrors, StatusLine


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx: AppContext, *, forced: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.ctx = ctx
        actor = ctx.require_actor()
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        if forced:
            intro = QLabel(
                self.tr(
                    "您正在使用系统管理员设置的临时密码（新建账户或重置密码后）。请先设置一个只有您知道的新密码，然后继续。"
                ),
                self,
            )
            intro.setWordWrap(True)
            intro.setStyleSheet("color: #8d5b00;")
            layout.addWidget(intro)
        form = QFormLayout()
        self.old_password = QLineEdit(self)
        self.old_password.setObjectName("oldPasswordEdit")
        self.old_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.passwords = PasswordPair(lambda: actor.username, self)
        form.addRow(self.tr("当前密码"), self.old_password)
        form.addRow(self.tr("新密码"), self.passwords.first)
        form.addRow(self.tr("确认新密码"), self.passwords.second)
        form.addRow("", self.passwords.hint)
        self.errors = FieldErrors(form)
        self.errors.add("old_password", self.old_password)
        layout.addLayout(form)
        self.status = StatusLine(self)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改密码"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("注销") if forced else self.tr("取消")
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        new = self.passwords.value()
        if new is None:
            self.status.show_text(self.tr("两次输入的新密码不一致。"))
            return
        ctx, actor, old = self.ctx, self.ctx.require_actor(), self.old_password.text()
        self.errors.clear()
        self.buttons.setEnabled(False)
        ctx.runner.command(
            lambda _t: auth.change_own_password(
                ctx.db, actor=actor, old_password=old, new_password=new
            ),
            on_done=lambda _r: (self.buttons.setEnabled(True), self.accept()),
            on_error=self._on_failed,
            busy_for=self,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.errors.show(exc.field_errors)
            if "new_password" in exc.field_errors:
                self.passwords.show_error(exc.field_errors["new_password"])
        self.status.show_error(exc)
