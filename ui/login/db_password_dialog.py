"""Asks for the PostgreSQL password at start when the keyring holds none (or there is no
keyring at all, in which case the password stays in memory for this session only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.connection import ConnectionConfig, KeyringStatus


class DbPasswordDialog(QDialog):
    def __init__(
        self, config: ConnectionConfig, keyring: KeyringStatus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dbPasswordDialog")
        self.setWindowTitle(self.tr("数据库密码"))
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("连接 {0} 需要密码。").format(config.describe()), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if not keyring.available:
            note = QLabel(
                self.tr(
                    "本机没有可用的系统密钥环（{0}），密码不会被保存到任何地方，每次启动都需要输入。"
                ).format(keyring.backend),
                self,
            )
            note.setObjectName("noKeyringNote")
            note.setWordWrap(True)
            note.setStyleSheet("color: #8d5b00;")
            layout.addWidget(note)
        form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setObjectName("dbPasswordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("密码"), self.password)
        layout.addLayout(form)
        self.remember = QCheckBox(self.tr("保存到系统密钥环"), self)
        self.remember.setChecked(keyring.available)
        self.remember.setEnabled(keyring.available)
        self.remember.setVisible(keyring.available)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("连接"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("数据库设置…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
