"""Stories: first start (setup wizard), sign-in success, failure, lockout, forced password
change."""

from __future__ import annotations

import pytest
from gui_helpers import type_into
from PySide6.QtWidgets import QWizard

from app.domain.enums import Role
from app.domain.permissions import Actor
from app.services import settings as settings_service
from app.services.auth import authenticate
from app.services.demo_data import load_demo_data
from app.services.setup import needs_setup
from app.services.users import reset_password
from ui.app_controller import AppController

ADMIN_PASSWORD = "Guanliyuan#2026"


@pytest.fixture
def controller(qapp, db, runner, qsettings, clock):
    ctl = AppController(
        qsettings, runner, database=db, idle_clock=lambda: clock.monotonic, clock=clock
    )
    yield ctl
    ctl.idle.dispose()


def _sign_in(controller, username: str, password: str) -> None:
    login = controller.login
    assert login is not None
    type_into(login.username, username)
    type_into(login.password, password)
    login.login_button.click()


# --- first run -------------------------------------------------------------------------------


def test_given_demo_data_but_no_users_when_started_then_the_setup_wizard_creates_the_admin(
    controller, db
) -> None:
    load_demo_data(db, actor=Actor.operator(), subjects=3, seed=7)
    controller.start()
    assert controller.state == "setup"
    wizard = controller.wizard
    assert wizard is not None and wizard.isVisible()

    # page 1: the shipped profiles are offered
    profiles = wizard.profile_page.list
    titles = [profiles.item(i).text() for i in range(profiles.count())]
    assert any(t.startswith("威海市 —《威海市公共信用信息管理办法》") for t in titles)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.profile_page.select("weihai")
    wizard.next()
    # page 2: the center's name
    type_into(wizard.center_page.name, "威海市公共信用信息中心")
    wizard.next()
    # page 3: the administrator, with the password rule checked while typing
    page = wizard.admin_page
    type_into(page.username, "admin")
    type_into(page.display_name, "张管理")
    type_into(page.staff_no, "A001")
    type_into(page.passwords.first, "short")
    assert "长度不足 10 位" in page.passwords.hint.text()
    type_into(page.passwords.first, ADMIN_PASSWORD)
    type_into(page.passwords.second, ADMIN_PASSWORD)
    assert page.passwords.hint.text() == "密码强度符合要求。"
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert controller.state == "login"
    assert not needs_setup(db)
    assert controller.login.username.text() == "admin"
    signed = authenticate(db, "admin", ADMIN_PASSWORD)
    installed = settings_service.load_settings(db, actor=signed.actor)
    assert (installed.jurisdiction_profile, installed.center_name) == (
        "weihai",
        "威海市公共信用信息中心",
    )
    assert "威海市公共信用信息中心" in controller.login.center_label.text()


def test_setup_wizard_keeps_its_pages_and_names_faults_from_the_service(controller, db) -> None:
    controller.start()
    wizard = controller.wizard
    wizard.profile_page.select("wuhan")
    wizard.next()
    type_into(wizard.center_page.name, "武汉市信用中心")
    wizard.next()
    page = wizard.admin_page
    type_into(page.username, "Z")  # too short for the user-name rule
    type_into(page.display_name, "周")
    type_into(page.staff_no, "1")
    type_into(page.passwords.first, ADMIN_PASSWORD)
    type_into(page.passwords.second, ADMIN_PASSWORD)
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert controller.state == "setup" and wizard.isVisible()
    assert "用户名“Z”无效" in page.errors.text("username")
    assert page.display_name.text() == "周"  # nothing typed is lost
    assert needs_setup(db)


# --- signing in -------------------------------------------------------------------------------


def test_given_a_clerk_when_signing_in_then_the_main_window_opens(controller, staff) -> None:
    controller.start()
    assert controller.state == "login"
    _sign_in(controller, "clerk", staff.password)
    assert controller.state == "main"
    window = controller.window
    assert window.isVisible()
    assert window.user_label.text() == "用户：王窗口（clerk）"
    assert window.role_label.text() == "角色：窗口受理员"
    assert window.connection_label.text() == "连接：正常"
    assert window.db_label.text().startswith("数据库：")


def test_given_a_wrong_password_then_the_dialog_says_so_and_stays(controller, staff) -> None:
    controller.start()
    _sign_in(controller, "clerk", "Wrong#Password1")
    login = controller.login
    assert controller.state == "login" and login.isVisible()
    assert login.status.text().startswith("用户名或密码错误。")
    assert login.password.text() == "Wrong#Password1"  # kept, selected for retyping


def test_given_five_wrong_passwords_then_locked_and_open_again_fifteen_minutes_later(
    controller, staff, clock
) -> None:
    controller.start()
    for _ in range(4):
        _sign_in(controller, "clerk", "Wrong#Password1")
        clock.advance(seconds=20)
    _sign_in(controller, "clerk", "Wrong#Password1")
    assert "因连续 5 次密码错误已锁定" in controller.login.status.text()
    assert "09:16 后可再次登录" in controller.login.status.text()  # 09:01:20 + 15 min, Beijing

    clock.advance(minutes=5)
    _sign_in(controller, "clerk", staff.password)  # the right password, still locked
    assert controller.state == "login" and "已锁定" in controller.login.status.text()

    clock.advance(minutes=11)
    _sign_in(controller, "clerk", staff.password)
    assert controller.state == "main"


def test_after_an_admin_reset_the_user_must_choose_a_new_password(controller, db, staff) -> None:
    reset_password(db, staff[Role.CLERK].user_id, "Linshi#Mima99", actor=staff[Role.ADMIN])
    controller.start()
    _sign_in(controller, "clerk", "Linshi#Mima99")
    dialog = controller.dialog
    assert dialog is not None and dialog.objectName() == "changePasswordDialog"
    assert controller.window is None
    type_into(dialog.old_password, "Linshi#Mima99")
    type_into(dialog.passwords.first, "Xinmima#2026a")
    type_into(dialog.passwords.second, "Xinmima#2026a")
    dialog.save()
    assert controller.state == "main"
    assert not authenticate(db, "clerk", "Xinmima#2026a").must_change_password


def test_refusing_the_forced_change_signs_out(controller, db, staff) -> None:
    reset_password(db, staff[Role.CLERK].user_id, "Linshi#Mima99", actor=staff[Role.ADMIN])
    controller.start()
    _sign_in(controller, "clerk", "Linshi#Mima99")
    controller.dialog.reject()
    assert controller.state == "login" and controller.window is None
