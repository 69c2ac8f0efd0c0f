"""Stories: the idle lock keeps open work; only the same user's password unlocks."""

from __future__ import annotations

import pytest
from gui_helpers import type_into
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.enums import Role
from app.services.settings import SettingKey, save_settings
from ui.app_controller import AppController


@pytest.fixture
def signed_in_admin(qapp, db, runner, qsettings, clock, staff):
    ctl = AppController(
        qsettings, runner, database=db, idle_clock=lambda: clock.monotonic, clock=clock
    )
    ctl.start()
    type_into(ctl.login.username, "admin")
    type_into(ctl.login.password, staff.password)
    ctl.login.login_button.click()
    assert ctl.state == "main"
    yield ctl
    ctl.idle.dispose()


def _open_new_user_form(ctl):
    ctl.window.show_screen("admin")
    panel = ctl.window.views["admin"].users
    panel.open_new_user()
    dialog = panel.dialog
    type_into(dialog.username, "liu.chuang")
    type_into(dialog.display_name, "刘窗口")
    type_into(dialog.staff_no, "C777")
    return dialog


def test_given_ten_idle_minutes_then_the_session_locks_and_unlocks_with_all_work_kept(
    signed_in_admin, clock, staff
) -> None:
    ctl = signed_in_admin
    dialog = _open_new_user_form(ctl)
    assert dialog.isVisible()

    clock.advance(minutes=9, seconds=59)
    ctl.idle.check_now()
    assert ctl.state == "main"

    clock.advance(seconds=1)
    ctl.idle.check_now()
    assert ctl.state == "locked"
    lock = ctl.lock_dialog
    assert lock.isVisible()
    assert not ctl.window.isVisible() and not dialog.isVisible()  # nothing readable behind it
    who = lock.findChild(QLabel, "lockedUserLabel").text()
    assert who.startswith("张管理（admin，系统管理员）的会话已于 09:10 锁定")

    type_into(lock.password, "Wrong#Password1")
    lock.unlock_button.click()
    assert ctl.state == "locked"
    assert "密码不正确" in lock.status.text() and "还可尝试 4 次" in lock.status.text()

    type_into(lock.password, staff.password)
    lock.unlock_button.click()
    assert ctl.state == "main"
    assert ctl.window.isVisible() and dialog.isVisible()
    assert (dialog.username.text(), dialog.display_name.text(), dialog.staff_no.text()) == (
        "liu.chuang",
        "刘窗口",
        "C777",
    )


def test_another_users_password_does_not_unlock_but_they_may_sign_the_session_out(
    signed_in_admin, staff, db
) -> None:
    from app.services.users import reset_password

    ctl = signed_in_admin
    # the clerk has a password of their own; it opens only the clerk's sessions
    reset_password(db, staff[Role.CLERK].user_id, "Qita#Yonghu2026", actor=staff[Role.ADMIN])
    _open_new_user_form(ctl)
    ctl.lock()
    lock = ctl.lock_dialog
    type_into(lock.password, "Qita#Yonghu2026")
    lock.unlock_button.click()
    assert ctl.state == "locked"

    lock.sign_out_requested.emit()  # after the confirmation box
    assert ctl.state == "login"
    assert ctl.window is None and ctl.lock_dialog is None
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [ctl.login]


def test_ctrl_l_locks_at_once(signed_in_admin) -> None:
    ctl = signed_in_admin
    action = ctl.window.lock_action
    assert action.shortcut() == QKeySequence("Ctrl+L")
    action.trigger()
    assert ctl.state == "locked"


def test_input_keeps_the_session_alive(signed_in_admin, clock, qtbot) -> None:
    ctl = signed_in_admin
    clock.advance(minutes=9)
    qtbot.keyClick(ctl.window, "a")  # any keyboard or mouse input counts
    clock.advance(minutes=9)
    ctl.idle.check_now()
    assert ctl.state == "main"


def test_the_idle_minutes_come_from_the_installation_settings(
    signed_in_admin, clock, staff, db
) -> None:
    ctl = signed_in_admin
    ctl.window.show_screen("admin")
    form = ctl.window.views["admin"].settings_form
    form.idle_minutes.setValue(3)
    form.save()
    assert form.status.text() == "设置已保存。"
    clock.advance(minutes=3)
    ctl.idle.check_now()
    assert ctl.state == "locked"
    save_settings(db, {SettingKey.IDLE_LOCK_MINUTES: 10}, actor=staff[Role.ADMIN])
