"""The sign-in dialog. Errors (wrong password, locked, disabled, database down) show inline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DatabaseUnavailable
from app.services import auth
from app.services import settings as settings_service
from app.services.auth import SignedIn
from app.services.settings import LoginBanner
from ui.context import AppContext
from ui.resources import icon
from ui.widgets.forms import StatusLine


class LoginDialog(QDialog):
    signed_in = Signal(object)  # SignedIn
    connection_settings_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("登录 — 信用服务窗口工作台"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)

        title = QLabel(self.tr("信用服务窗口工作台"), self)
        title.setObjectName("loginTitle")
        title.setStyleSheet("font-size: 20pt; font-weight: bold; color: #1a4d8f;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.center_label = QLabel(self)
        self.center_label.setObjectName("centerLabel")
        self.center_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.center_label.setStyleSheet("font-size: 12pt; color: #3c4043;")
        self.center_label.setWordWrap(True)
        heading = QHBoxLayout()
        heading.addStretch(1)
        logo = QLabel(self)
        logo.setPixmap(icon("app").pixmap(48, 48))
        heading.addWidget(logo)
        heading.addSpacing(8)
        heading.addWidget(title)
        heading.addStretch(1)
        layout.addLayout(heading)
        layout.addWidget(self.center_label)
        layout.addSpacing(10)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.username = QLineEdit(self)
        self.username.setObjectName("usernameEdit")
        self.username.setPlaceholderText(self.tr("用户名"))
        self.password = QLineEdit(self)
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码（区分大小写）"))
        form.addRow(self.tr("用户名(&U)"), self.username)
        form.addRow(self.tr("密码(&P)"), self.password)
        layout.addLayout(form)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.settings_button = QPushButton(self.tr("数据库设置…"), self)
        self.settings_button.setAutoDefault(False)
        self.quit_button = QPushButton(self.tr("退出"), self)
        self.quit_button.setAutoDefault(False)
        self.login_button = QPushButton(self.tr("登录"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)
        layout.addLayout(buttons)

        self.footer = QLabel(self)
        self.footer.setObjectName("loginFooter")
        self.footer.setWordWrap(True)
        self.footer.setStyleSheet("color: #5f6368; font-size: 9pt;")
        layout.addWidget(self.footer)
        self._update_footer()

        self.login_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.quit_button.clicked.connect(self.reject)
        self.settings_button.clicked.connect(self.connection_settings_requested)

        last = ctx.qsettings.value("login/last_username", "", str)
        self.username.setText(last)
        (self.password if last else self.username).setFocus()
        self.load_banner()

    def _update_footer(self) -> None:
        lines = [self.tr("数据库：{0}").format(self.ctx.db.target)]
        if self.ctx.connection.is_postgresql and not self.ctx.keyring.available:
            lines.append(self.tr("本机没有可用的系统密钥环，数据库密码未保存，每次启动需要输入。"))
        self.footer.setText("\n".join(lines))

    def load_banner(self) -> None:
        ctx = self.ctx
        ctx.runner.query(
            lambda _t: settings_service.login_banner(ctx.db),
            on_done=self._show_banner,
            on_error=self._on_failed,
        )

    def _show_banner(self, banner: LoginBanner) -> None:
        parts = [banner.center_name] if banner.center_name else []
        if banner.profile is not None:
            parts.append(self.tr("适用《{0}》").format(banner.profile.regulation))
        self.center_label.setText("\n".join(parts))

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.status.show_text(self.tr("请输入用户名和密码。"))
            (self.username if not username else self.password).setFocus()
            return
        self.status.clear_status()
        self.login_button.setEnabled(False)
        ctx = self.ctx
        ctx.runner.command(
            lambda _t: auth.authenticate(ctx.db, username, password, now=ctx.clock()),
            on_done=self._on_signed_in,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在登录…"),
        )

    def _on_signed_in(self, signed: SignedIn) -> None:
        self.login_button.setEnabled(True)
        self.ctx.qsettings.setValue("login/last_username", signed.actor.username)
        self.password.clear()
        self.signed_in.emit(signed)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(
                self.tr("{0}\n请检查数据库服务是否运行，或点击“数据库设置…”。").format(exc.text)
            )
            return
        self.status.show_error(exc)
        self.password.selectAll()
        self.password.setFocus()
