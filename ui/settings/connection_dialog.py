"""Database connection settings: the SQLite file (default) or a PostgreSQL server.

The settings go to QSettings without the password; the password goes to the OS keyring
(service ``CreditDesk``). Without a keyring the dialog says so: the password is then kept in
memory for this session only and asked for again at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import ENV_DB_URL
from app.domain.errors import CreditDeskError, ValidationFailed
from app.services import connection
from app.services.connection import (
    DEFAULT_PG_PORT,
    POSTGRESQL,
    SQLITE,
    ConnectionConfig,
    ConnectionTest,
)
from ui.qsettings_store import save_connection
from ui.tasks import TaskRunner
from ui.widgets.forms import FieldErrors, StatusLine


class ConnectionDialog(QDialog):
    saved = Signal(object, object)  # ConnectionConfig, password kept in memory (or None)

    def __init__(
        self,
        runner: TaskRunner,
        qsettings: QSettings,
        current: ConnectionConfig,
        *,
        session_password: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.runner, self.qsettings, self.current = runner, qsettings, current
        self._session_password = session_password
        self.keyring = connection.keyring_status()
        self.setWindowTitle(self.tr("数据库设置"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)

        kinds = QHBoxLayout()
        self.sqlite_radio = QRadioButton(self.tr("本机 SQLite 文件（单机使用）"), self)
        self.sqlite_radio.setObjectName("sqliteRadio")
        self.pg_radio = QRadioButton(self.tr("PostgreSQL 服务器（多个窗口共用）"), self)
        self.pg_radio.setObjectName("postgresqlRadio")
        group = QButtonGroup(self)
        group.addButton(self.sqlite_radio)
        group.addButton(self.pg_radio)
        kinds.addWidget(self.sqlite_radio)
        kinds.addWidget(self.pg_radio)
        kinds.addStretch(1)
        layout.addLayout(kinds)

        # --- SQLite ---------------------------------------------------------------------
        self.sqlite_box = QGroupBox(self.tr("SQLite 数据库文件"), self)
        sqlite_form = QFormLayout(self.sqlite_box)
        path_row = QHBoxLayout()
        self.sqlite_path = QLineEdit(self.sqlite_box)
        self.sqlite_path.setObjectName("sqlitePathEdit")
        browse = QPushButton(self.tr("浏览…"), self.sqlite_box)
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.sqlite_path, 1)
        path_row.addWidget(browse)
        sqlite_form.addRow(self.tr("文件"), path_row)
        self.sqlite_errors = FieldErrors(sqlite_form)
        self.sqlite_errors.add("sqlite_path", self.sqlite_path)
        layout.addWidget(self.sqlite_box)

        # --- PostgreSQL ------------------------------------------------------------------
        self.pg_box = QGroupBox(self.tr("PostgreSQL 连接"), self)
        pg_form = QFormLayout(self.pg_box)
        self.host = QLineEdit(self.pg_box)
        self.host.setObjectName("hostEdit")
        self.host.setPlaceholderText(self.tr("服务器地址，如 192.168.1.10 或 db.example.gov.cn"))
        self.port = QSpinBox(self.pg_box)
        self.port.setObjectName("portSpin")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PG_PORT)
        self.database = QLineEdit(self.pg_box)
        self.database.setObjectName("databaseEdit")
        self.user = QLineEdit(self.pg_box)
        self.user.setObjectName("userEdit")
        self.password = QLineEdit(self.pg_box)
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("将密码保存在系统密钥环中"), self.pg_box)
        self.remember.setObjectName("rememberCheck")
        pg_form.addRow(self.tr("服务器"), self.host)
        pg_form.addRow(self.tr("端口"), self.port)
        pg_form.addRow(self.tr("数据库"), self.database)
        pg_form.addRow(self.tr("用户名"), self.user)
        pg_form.addRow(self.tr("密码"), self.password)
        pg_form.addRow("", self.remember)
        self.pg_errors = FieldErrors(pg_form)
        for field, widget in (
            ("host", self.host),
            ("port", self.port),
            ("database", self.database),
            ("user", self.user),
        ):
            self.pg_errors.add(field, widget)
        self.keyring_note = QLabel(self.pg_box)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        pg_form.addRow(self.keyring_note)
        layout.addWidget(self.pg_box)
        if self.keyring.available:
            self.remember.setChecked(True)
            self.keyring_note.setText(
                self.tr("密码只保存在操作系统的密钥环中（服务名 CreditDesk），不写入任何文件。")
            )
            self.keyring_note.setStyleSheet("color: #5f6368;")
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(
                self.tr(
                    "本机没有可用的系统密钥环（{0}）：密码不会被保存，只在本次运行中使用，每次启动时需要重新输入。"
                ).format(self.keyring.backend)
            )
            self.keyring_note.setStyleSheet("color: #8d5b00;")

        self.env_note = QLabel(self)
        self.env_note.setWordWrap(True)
        self.env_note.setStyleSheet("color: #8d5b00;")
        self.env_note.setVisible(bool(os.environ.get(ENV_DB_URL)))
        self.env_note.setText(
            self.tr(
                "注意：当前由环境变量 {0} 指定数据库；此处保存的设置在取消该变量后生效。"
            ).format(ENV_DB_URL)
        )
        layout.addWidget(self.env_note)

        self.status = StatusLine(self)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("测试连接"), self)
        self.test_button.setObjectName("testButton")
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("取消"), self)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.sqlite_radio.toggled.connect(self._update_kind)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self._fill(current)

    # --- form <-> config ------------------------------------------------------------------
    def _fill(self, config: ConnectionConfig) -> None:
        default_path = ConnectionConfig.default().sqlite_path
        if config.kind == POSTGRESQL:
            self.pg_radio.setChecked(True)
            self.host.setText(config.host)
            self.port.setValue(int(config.port))
            self.database.setText(config.database)
            self.user.setText(config.user)
            self.sqlite_path.setText(default_path)
            if connection.load_password(config):
                self.password.setPlaceholderText(self.tr("（已保存在系统密钥环中；留空则不变）"))
        else:
            self.sqlite_radio.setChecked(True)
            self.sqlite_path.setText(config.sqlite_path or default_path)
        self._update_kind()

    def config(self) -> ConnectionConfig:
        if self.sqlite_radio.isChecked():
            return ConnectionConfig(kind=SQLITE, sqlite_path=self.sqlite_path.text())
        return ConnectionConfig(
            kind=POSTGRESQL,
            host=self.host.text(),
            port=self.port.value(),
            database=self.database.text(),
            user=self.user.text(),
        )

    def _password(self, config: ConnectionConfig) -> str | None:
        if not config.is_postgresql:
            return None
        typed = self.password.text()
        if typed:
            return typed
        if config == self.current and self._session_password:
            return self._session_password
        return connection.load_password(config)

    def _update_kind(self) -> None:
        sqlite = self.sqlite_radio.isChecked()
        self.sqlite_box.setVisible(sqlite)
        self.pg_box.setVisible(not sqlite)
        self.adjustSize()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("选择 SQLite 数据库文件"),
            self.sqlite_path.text(),
            self.tr("SQLite 数据库 (*.sqlite3 *.db);;所有文件 (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.sqlite_path.setText(path)

    def _cleaned(self) -> ConnectionConfig | None:
        self.sqlite_errors.clear()
        self.pg_errors.clear()
        try:
            return self.config().cleaned()
        except ValidationFailed as exc:
            self.sqlite_errors.show(exc.field_errors)
            self.pg_errors.show(exc.field_errors)
            self.status.show_error(exc)
            return None

    # --- actions ------------------------------------------------------------------------
    def test(self) -> None:
        config = self._cleaned()
        if config is None:
            return
        password = self._password(config)
        self.status.show_message(self.tr("正在连接…"), ok=False)
        self.test_button.setEnabled(False)
        self.runner.query(
            lambda _t: connection.test_connection(config, password),
            on_done=self._on_tested,
            on_error=self._on_test_failed,
            busy_for=self,
            busy_text=self.tr("正在测试连接…"),
        )

    def _on_tested(self, result: ConnectionTest) -> None:
        self.test_button.setEnabled(True)
        if result.schema_current:
            schema = self.tr("数据库结构为最新版本 {0}").format(result.schema_head)
        elif result.schema_revision is None:
            schema = self.tr("数据库尚未初始化（首次使用时可自动创建结构）")
        else:
            schema = self.tr("数据库结构版本 {0}，需要升级到 {1}").format(
                result.schema_revision, result.schema_head
            )
        self.status.show_message(
            self.tr("连接成功：{0}，{1}。").format(result.server_version, schema)
        )

    def _on_test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.status.show_error(exc, saving=False)

    def save(self) -> None:
        config = self._cleaned()
        if config is None:
            return
        password = self._password(config)
        kept_in_memory: str | None = None
        try:
            if config.is_postgresql and password:
                if self.remember.isChecked() and self.keyring.available:
                    connection.store_password(config, password)
                else:
                    connection.forget_password(config)
                    kept_in_memory = password
        except CreditDeskError as exc:
            self.status.show_error(exc)
            return
        save_connection(self.qsettings, config)
        self.saved.emit(config, kept_in_memory)
        self.accept()

    @staticmethod
    def default_sqlite_path() -> Path:
        return Path(ConnectionConfig.default().sqlite_path)
