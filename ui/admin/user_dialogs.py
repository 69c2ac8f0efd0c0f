"""Dialogs of user administration: new user, reset password, change role.

Each keeps its contents when saving fails (wrong input, refused, connection lost) and shows
why inline; clicking 保存 again retries with what is in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Role
from app.domain.errors import ValidationFailed
from app.services import users
from app.services.auth import check_password_strength
from app.services.users import UserRow
from ui.context import AppContext
from ui.events import USERS
from ui.widgets.forms import FieldErrors, StatusLine


class PasswordPair(QWidget):
    """New password twice, with the rule checked live as the user types."""

    def __init__(self, username: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._username = username
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setObjectName("passwordEdit")
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setObjectName("confirmEdit")
        self.hint = QLabel(self)
        self.hint.setObjectName("passwordHint")
        self.hint.setWordWrap(True)
        self.first.textChanged.connect(self.update_hint)
        self.second.textChanged.connect(self.update_hint)
        self.update_hint()

    def update_hint(self) -> None:
        password = self.first.text()
        if not password:
            self.hint.setText(
                self.tr(
                    "至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。"
                )
            )
            self.hint.setStyleSheet("color: #5f6368;")
            return
        check = check_password_strength(password, username=self._username())
        if not check.ok:
            self.hint.setText(self.tr("还不符合要求：{0}").format(check.summary))
            self.hint.setStyleSheet("color: #c5221f;")
        elif self.second.text() and self.second.text() != password:
            self.hint.setText(self.tr("两次输入的密码不一致。"))
            self.hint.setStyleSheet("color: #c5221f;")
        else:
            self.hint.setText(self.tr("密码强度符合要求。"))
            self.hint.setStyleSheet("color: #137333;")

    def show_error(self, messages: list[str]) -> None:
        """The service's verdict replaces the live hint (one message, not two)."""
        self.hint.setText("；".join(messages))
        self.hint.setStyleSheet("color: #c5221f;")

    def value(self) -> str | None:
        """The password, or None when the two entries differ."""
        return self.first.text() if self.first.text() == self.second.text() else None


class _SaveDialog(QDialog):
    """Shared behaviour: 保存 runs a command; errors stay inline; retry is 保存 again."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setModal(True)
        self.saved: Any = None
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.addLayout(self.form)
        self.errors = FieldErrors(self.form)
        self.status = StatusLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def run(self, op: Callable[[], Any]) -> None:
        self.errors.clear()
        self.status.clear_status()
        self.buttons.setEnabled(False)
        self.ctx.runner.command(
            lambda _t: op(),
            on_done=self._on_saved,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在保存…"),
        )

    def _on_saved(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved = result
        self.ctx.events.emit_changed(USERS)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.errors.show(exc.field_errors)
            passwords = getattr(self, "passwords", None)
            if "password" in exc.field_errors and isinstance(passwords, PasswordPair):
                passwords.show_error(exc.field_errors["password"])
        self.status.show_error(exc)

    def save(self) -> None:
        raise NotImplementedError


class NewUserDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("新建用户"))
        self.username = QLineEdit(self)
        self.username.setObjectName("usernameEdit")
        self.username.setPlaceholderText(self.tr("如 zhangsan，用于登录"))
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayNameEdit")
        self.staff_no = QLineEdit(self)
        self.staff_no.setObjectName("staffNoEdit")
        self.role = QComboBox(self)
        self.role.setObjectName("roleCombo")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.passwords = PasswordPair(lambda: self.username.text(), self)
        self.form.addRow(self.tr("用户名"), self.username)
        self.errors.add("username", self.username)
        self.form.addRow(self.tr("姓名"), self.display_name)
        self.errors.add("display_name", self.display_name)
        self.form.addRow(self.tr("工号"), self.staff_no)
        self.errors.add("staff_no", self.staff_no)
        self.form.addRow(self.tr("角色"), self.role)
        self.form.addRow(self.tr("初始密码"), self.passwords.first)
        self.form.addRow(self.tr("确认密码"), self.passwords.second)
        self.form.addRow("", self.passwords.hint)
        note = QLabel(self.tr("新用户首次登录时必须修改密码。"), self)
        note.setStyleSheet("color: #5f6368;")
        self.layout_.addWidget(note)
        self.finish_layout()

    def save(self) -> None:
        password = self.passwords.value()
        if password is None:
            self.status.show_text(self.tr("两次输入的密码不一致。"))
            return
        ctx, actor = self.ctx, self.ctx.require_actor()
        username, display_name, staff_no = (
            self.username.text(),
            self.display_name.text(),
            self.staff_no.text(),
        )
        role = Role(self.role.currentData())
        self.run(
            lambda: users.create_user(
                ctx.db,
                actor=actor,
                username=username,
                display_name=display_name,
                staff_no=staff_no,
                role=role,
                password=password,
            )
        )


class ResetPasswordDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("重置密码"))
        self.user = user
        intro = QLabel(
            self.tr(
                "为 {0}（{1}）设置临时密码。该用户下次登录时必须修改密码；账户锁定将一并解除。"
            ).format(user.display_name, user.username),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.passwords = PasswordPair(lambda: user.username, self)
        self.form.addRow(self.tr("临时密码"), self.passwords.first)
        self.form.addRow(self.tr("确认密码"), self.passwords.second)
        self.form.addRow("", self.passwords.hint)
        self.finish_layout()

    def save(self) -> None:
        password = self.passwords.value()
        if password is None:
            self.status.show_text(self.tr("两次输入的密码不一致。"))
            return
        ctx, actor, user = self.ctx, self.ctx.require_actor(), self.user
        self.run(
            lambda: users.reset_password(
                ctx.db, user.id, password, actor=actor, expected_version=user.row_version
            )
        )


class ChangeRoleDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("修改角色"))
        self.user = user
        self.role = QComboBox(self)
        self.role.setObjectName("roleCombo")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(user.role.value))
        self.form.addRow(self.tr("用户"), QLabel(f"{user.display_name}（{user.username}）", self))
        self.form.addRow(self.tr("角色"), self.role)
        self.finish_layout()

    def save(self) -> None:
        ctx, actor, user = self.ctx, self.ctx.require_actor(), self.user
        role = Role(self.role.currentData())
        self.run(
            lambda: users.change_role(
                ctx.db, user.id, role, actor=actor, expected_version=user.row_version
            )
        )
