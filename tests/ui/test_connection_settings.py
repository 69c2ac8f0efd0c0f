"""Stories: saving a PostgreSQL connection puts the password in the keyring, never in the
QSettings file; without an OS keyring the app says so and asks at each start."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from gui_helpers import type_into
from PySide6.QtWidgets import QLabel

from app.services.connection import ConnectionConfig
from ui.app_controller import AppController
from ui.qsettings_store import load_connection, save_connection
from ui.settings.connection_dialog import ConnectionDialog

SECRET = "Pg-Mima#2026"


def _fill_postgresql(dialog: ConnectionDialog, *, port: int = 5432) -> None:
    dialog.pg_radio.setChecked(True)
    type_into(dialog.host, "db.credit.local")
    dialog.port.setValue(port)
    type_into(dialog.database, "creditdesk")
    type_into(dialog.user, "desk")
    type_into(dialog.password, SECRET)


def _ini_text(qsettings) -> str:
    qsettings.sync()
    return Path(qsettings.fileName()).read_text(encoding="utf-8")


def test_given_a_keyring_when_saving_postgresql_then_the_password_is_only_in_the_keyring(
    qapp, runner, qsettings, memory_keyring
) -> None:
    dialog = ConnectionDialog(runner, qsettings, ConnectionConfig.default())
    dialog.show()
    assert dialog.sqlite_radio.isChecked()
    _fill_postgresql(dialog, port=5433)
    assert dialog.remember.isChecked() and dialog.remember.isEnabled()
    saved: list[tuple[object, object]] = []
    dialog.saved.connect(lambda config, password: saved.append((config, password)))

    dialog.save_button.click()

    assert memory_keyring.passwords == {
        ("CreditDesk", "postgresql://desk@db.credit.local:5433/creditdesk"): SECRET
    }
    text = _ini_text(qsettings)
    assert "db.credit.local" in text and "5433" in text and "desk" in text
    assert SECRET not in text and "password" not in text.lower()
    assert load_connection(qsettings) == ConnectionConfig(
        kind="postgresql", host="db.credit.local", port=5433, database="creditdesk", user="desk"
    )
    assert saved[0][1] is None  # nothing kept in memory: the keyring has it


def test_missing_fields_are_shown_at_the_fields(qapp, runner, qsettings) -> None:
    dialog = ConnectionDialog(runner, qsettings, ConnectionConfig.default())
    dialog.pg_radio.setChecked(True)
    dialog.save_button.click()
    assert dialog.pg_errors.text("host") == "请填写服务器地址。"
    assert dialog.pg_errors.text("database") == "请填写数据库名。"
    assert load_connection(qsettings) is None


def test_testing_the_connection_reports_the_server(qapp, runner, qsettings, db) -> None:
    config = ConnectionConfig.from_url(db.url.render_as_string(hide_password=False))
    dialog = ConnectionDialog(runner, qsettings, config)
    dialog.test_button.click()
    assert dialog.status.text().startswith("连接成功：")


def test_testing_an_unreachable_server_says_why(qapp, runner, qsettings) -> None:
    dialog = ConnectionDialog(runner, qsettings, ConnectionConfig.default())
    _fill_postgresql(dialog, port=9)
    type_into(dialog.host, "127.0.0.1")
    dialog.test_button.click()
    assert dialog.status.text().startswith("无法连接数据库 PostgreSQL 127.0.0.1:9/creditdesk")


@pytest.fixture
def no_keyring():
    keyring.set_keyring(keyring.backends.fail.Keyring())


def test_given_no_os_keyring_then_the_dialog_says_so_and_stores_nothing(
    qapp, runner, qsettings, no_keyring
) -> None:
    dialog = ConnectionDialog(runner, qsettings, ConnectionConfig.default())
    dialog.show()
    note = dialog.findChild(QLabel, "keyringNote").text()
    assert "本机没有可用的系统密钥环（keyring.backends.fail.Keyring）" in note
    assert "每次启动时需要重新输入" in note
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    _fill_postgresql(dialog)
    saved: list[tuple[object, object]] = []
    dialog.saved.connect(lambda config, password: saved.append((config, password)))
    dialog.save_button.click()

    assert saved and saved[0][1] == SECRET  # kept in memory for this session only
    assert SECRET not in _ini_text(qsettings)


def test_given_no_os_keyring_then_the_app_asks_for_the_password_at_start(
    qapp, runner, qsettings, no_keyring
) -> None:
    save_connection(
        qsettings,
        ConnectionConfig(kind="postgresql", host="127.0.0.1", port=9, database="x", user="desk"),
    )
    controller = AppController(qsettings, runner)
    controller.start()
    dialog = controller.dialog
    assert dialog is not None and dialog.objectName() == "dbPasswordDialog"
    assert "本机没有可用的系统密钥环" in dialog.findChild(QLabel, "noKeyringNote").text()
    assert not dialog.remember.isVisible()
    type_into(dialog.password, SECRET)
    dialog.accept()
    # the server at port 9 does not answer: a clear problem box, offering the settings
    assert controller.state == "problem"
    assert controller.problem.text().startswith("无法连接数据库 PostgreSQL 127.0.0.1:9/x")
    assert [b.text() for b in controller.problem.buttons()].count("数据库设置…") == 1
    assert controller.ctx.session_password == SECRET
    assert SECRET not in _ini_text(qsettings)
    controller.idle.dispose()


def test_with_a_keyring_the_stored_password_is_used_without_asking(
    qapp, runner, qsettings, memory_keyring
) -> None:
    config = ConnectionConfig(
        kind="postgresql", host="127.0.0.1", port=9, database="x", user="desk"
    )
    save_connection(qsettings, config)
    memory_keyring.set_password("CreditDesk", config.keyring_account, SECRET)
    controller = AppController(qsettings, runner)
    controller.start()
    assert controller.dialog is None  # no password prompt
    assert controller.state == "problem"  # … but nothing answers on port 9
    controller.idle.dispose()


def test_testing_another_server_does_not_raise_the_sessions_banner(make_ctx, staff) -> None:
    from app.domain.enums import Role
    from ui.main_window import MainWindow

    ctx = make_ctx(staff[Role.CLERK])
    window = MainWindow(ctx)
    window.show()
    dialog = ConnectionDialog(ctx.runner, ctx.qsettings, ctx.connection, parent=window)
    _fill_postgresql(dialog, port=9)
    type_into(dialog.host, "127.0.0.1")
    dialog.test_button.click()
    assert dialog.status.text().startswith("无法连接数据库")
    assert ctx.monitor.online and window.banner.isHidden()
    assert window.connection_label.text() == "连接：正常"
