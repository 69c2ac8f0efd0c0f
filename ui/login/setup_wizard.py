"""First start on a database without users: profile, center name, first administrator."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.errors import ValidationFailed
from app.services import settings as settings_service
from app.services import setup
from app.services.settings import ProfileChoice
from app.services.setup import SetupResult
from ui.admin.user_dialogs import PasswordPair
from ui.context import AppContext
from ui.widgets.forms import FieldErrors, StatusLine

PROFILE_PAGE, CENTER_PAGE, ADMIN_PAGE = range(3)


class ProfilePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("选择辖区规则"))
        self.setSubTitle(
            self.tr(
                "本中心依据哪一部地方规章办理查询、异议和信用修复？办理期限和公开期限都按所选规则计算。"
            )
        )
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setObjectName("profileList")
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c5221f;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.list.itemSelectionChanged.connect(self.completeChanged.emit)

    def set_profiles(self, profiles: tuple[ProfileChoice, ...]) -> None:
        self.list.clear()
        for p in profiles:
            text = p.title + (f"（{p.document_number}）" if p.document_number else "")
            if not p.in_force:
                text += self.tr(" — 草案")
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
        self.completeChanged.emit()

    def profile_id(self) -> str | None:
        # the selection, not the current row: focus alone makes a row current, not chosen
        items = self.list.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select(self, profile_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == profile_id:
                self.list.setCurrentRow(row)

    def isComplete(self) -> bool:
        return self.profile_id() is not None


class CenterPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("中心名称"))
        self.setSubTitle(self.tr("名称将打印在信用报告和各类告知书上，以后可在“系统管理”中修改。"))
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("centerNameEdit")
        self.name.setMaxLength(60)
        self.name.setPlaceholderText(self.tr("例如：威海市公共信用信息中心"))
        form.addRow(self.tr("中心名称"), self.name)
        self.errors = FieldErrors(form)
        self.errors.add("center_name", self.name)
        self.name.textChanged.connect(lambda _t: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("第一位系统管理员"))
        self.setSubTitle(
            self.tr(
                "系统管理员负责创建其他用户、重置密码和修改安装设置。请牢记密码：忘记后只能由另一位管理员重置。"
            )
        )
        form = QFormLayout(self)
        self.username = QLineEdit(self)
        self.username.setObjectName("usernameEdit")
        self.username.setPlaceholderText(self.tr("如 admin 或 zhangsan"))
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayNameEdit")
        self.staff_no = QLineEdit(self)
        self.staff_no.setObjectName("staffNoEdit")
        self.passwords = PasswordPair(lambda: self.username.text(), self)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("工号"), self.staff_no)
        form.addRow(self.tr("密码"), self.passwords.first)
        form.addRow(self.tr("确认密码"), self.passwords.second)
        form.addRow("", self.passwords.hint)
        self.errors = FieldErrors(form)
        self.errors.add("username", self.username)
        self.errors.add("display_name", self.display_name)
        self.errors.add("staff_no", self.staff_no)
        self.status = StatusLine(self)
        form.addRow(self.status)
        for edit in (
            self.username,
            self.display_name,
            self.staff_no,
            self.passwords.first,
            self.passwords.second,
        ):
            edit.textChanged.connect(lambda _t: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return (
            all(w.text().strip() for w in (self.username, self.display_name, self.staff_no))
            and self.passwords.value() is not None
            and bool(self.passwords.first.text())
        )


class SetupWizard(QWizard):
    completed = Signal(object)  # SetupResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.ctx = ctx
        self.result_: SetupResult | None = None
        self.setWindowTitle(self.tr("初始设置 — 信用服务窗口工作台"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(720, 520)
        self.profile_page = ProfilePage(self)
        self.center_page = CenterPage(self)
        self.admin_page = AdminPage(self)
        self.setPage(PROFILE_PAGE, self.profile_page)
        self.setPage(CENTER_PAGE, self.center_page)
        self.setPage(ADMIN_PAGE, self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成(&F)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("退出"))
        ctx.runner.query(
            lambda _t: settings_service.list_profiles(),
            on_done=self.profile_page.set_profiles,
        )

    def accept(self) -> None:
        """完成: run the setup; close only when it succeeded."""
        profile_id = self.profile_page.profile_id() or ""
        center_name = self.center_page.name.text()
        admin = self.admin_page
        password = admin.passwords.value()
        if password is None:
            admin.status.show_text(self.tr("两次输入的密码不一致。"))
            return
        username, display_name, staff_no = (
            admin.username.text(),
            admin.display_name.text(),
            admin.staff_no.text(),
        )
        for page in (self.center_page, self.admin_page):
            page.errors.clear()
        admin.status.clear_status()
        ctx = self.ctx
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        ctx.runner.command(
            lambda _t: setup.complete_setup(
                ctx.db,
                profile_id=profile_id,
                center_name=center_name,
                username=username,
                display_name=display_name,
                staff_no=staff_no,
                password=password,
            ),
            on_done=self._on_done,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在保存设置…"),
        )

    def _on_done(self, result: SetupResult) -> None:
        self.result_ = result
        self.ctx.qsettings.setValue("login/last_username", result.username)
        self.completed.emit(result)
        super().accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(exc, ValidationFailed):
            errors = exc.field_errors
            self.center_page.errors.show({k: v for k, v in errors.items() if k == "center_name"})
            self.admin_page.errors.show(errors)
            if "password" in errors:
                self.admin_page.passwords.show_error(errors["password"])
            if "jurisdiction_profile" in errors:
                self.profile_page.error.setText("；".join(errors["jurisdiction_profile"]))
                self._go_to(PROFILE_PAGE)
            elif "center_name" in errors:
                self._go_to(CENTER_PAGE)
        self.admin_page.status.show_error(exc)

    def _go_to(self, page_id: int) -> None:
        while self.currentId() > page_id:
            self.back()
