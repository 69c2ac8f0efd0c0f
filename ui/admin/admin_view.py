"""系统管理: user accounts, the installation settings, the calendar and the catalogue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DatabaseUnavailable, ValidationFailed
from app.domain.permissions import Permission
from app.services import settings as settings_service
from app.services import users
from app.services.clock import format_local
from app.services.queries import PageKey
from app.services.settings import InstallationSettings, ProfileChoice, SettingKey
from app.services.users import UserRow
from ui.admin.calendar_panel import CalendarPanel
from ui.admin.catalog_panel import CatalogPanel
from ui.admin.user_dialogs import ChangeRoleDialog, NewUserDialog, ResetPasswordDialog
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.events import SETTINGS, USERS, ChangeSet
from ui.models.columns import Column
from ui.models.paged_table_model import ROW_ROLE, PagedTableModel
from ui.qsettings_store import restore_header, save_header
from ui.widgets.forms import FieldErrors, StatusLine


def _status(row: UserRow) -> str:
    parts = [
        QCoreApplication.translate("UserColumns", "启用")
        if row.is_active
        else QCoreApplication.translate("UserColumns", "已停用")
    ]
    if row.is_locked():
        parts.append(
            QCoreApplication.translate("UserColumns", "锁定至 {0}").format(
                format_local(row.locked_until, "%H:%M")
            )
        )
    if row.must_change_password:
        parts.append(QCoreApplication.translate("UserColumns", "须修改密码"))
    return "，".join(parts)


def user_columns() -> list[Column]:
    return [
        Column(
            "username",
            QCoreApplication.translate("UserColumns", "用户名"),
            lambda r: r.username,
            width=120,
        ),
        Column(
            "display_name",
            QCoreApplication.translate("UserColumns", "姓名"),
            lambda r: r.display_name,
            width=100,
        ),
        Column(
            "staff_no",
            QCoreApplication.translate("UserColumns", "工号"),
            lambda r: r.staff_no,
            width=80,
        ),
        Column(
            "role",
            QCoreApplication.translate("UserColumns", "角色"),
            lambda r: r.role_label,
            width=100,
        ),
        Column(
            "status",
            QCoreApplication.translate("UserColumns", "状态"),
            _status,
            width=200,
            foreground=lambda r: None if r.is_active else "#80868b",
        ),
        Column(
            "last_login",
            QCoreApplication.translate("UserColumns", "上次登录"),
            lambda r: format_local(r.last_login_at) or "—",
            width=140,
        ),
    ]


class UsersPanel(QWidget):
    HEADER_KEY = "users"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersPanel")
        self.ctx = ctx
        self.dialog: Any = None  # the open dialog (tests inspect it)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新建用户…"), self)
        self.new_button.setToolTip(self.tr("新建用户（Ctrl+N）"))
        self.reset_button = QPushButton(self.tr("重置密码…"), self)
        self.toggle_button = QPushButton(self.tr("停用"), self)
        self.role_button = QPushButton(self.tr("修改角色…"), self)
        self.unlock_button = QPushButton(self.tr("解除锁定"), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("按用户名、姓名或工号查找"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.show_disabled = QCheckBox(self.tr("显示已停用"), self)
        self.show_disabled.setChecked(True)
        for w in (
            self.new_button,
            self.reset_button,
            self.toggle_button,
            self.role_button,
            self.unlock_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.search)
        bar.addWidget(self.show_disabled)
        layout.addLayout(bar)

        self.model = PagedTableModel(ctx.runner, user_columns(), parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width)
        restore_header(ctx.qsettings, self.HEADER_KEY, header)
        header.sectionResized.connect(
            lambda *_: save_header(ctx.qsettings, self.HEADER_KEY, header)
        )
        layout.addWidget(self.table, 1)
        self.status = StatusLine(self)
        layout.addWidget(self.status)

        self.new_button.clicked.connect(self.open_new_user)
        self.reset_button.clicked.connect(self.open_reset_password)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.open_change_role)
        self.unlock_button.clicked.connect(self.unlock)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.show_disabled.toggled.connect(lambda _c: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self.open_new_user)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.events.changed.connect(self._on_events_changed)
        self.refresh()

    def refresh(self) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        search, include_disabled = self.search.text(), self.show_disabled.isChecked()

        def fetch(after: PageKey | None, limit: int):
            return users.list_users(
                ctx.db,
                actor=actor,
                after=after,
                limit=limit,
                search=search,
                include_disabled=include_disabled,
            )

        self.model.set_fetcher(fetch)

    def selected(self) -> UserRow | None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, UserRow) else None

    def select_username(self, username: str) -> None:
        row = self.model.find_row(lambda r: r.username == username)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.reset_button, self.toggle_button, self.role_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and user.is_locked())
        self.toggle_button.setText(
            self.tr("启用") if user is not None and not user.is_active else self.tr("停用")
        )

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.status.show_message(self.tr("已保存。")))
        dialog.open()

    def open_new_user(self) -> None:
        self._open(NewUserDialog(self.ctx, self))

    def open_reset_password(self) -> None:
        user = self.selected()
        if user is not None:
            self._open(ResetPasswordDialog(self.ctx, user, self))

    def open_change_role(self) -> None:
        user = self.selected()
        if user is not None:
            self._open(ChangeRoleDialog(self.ctx, user, self))

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.is_active:
            ask(
                self,
                self.tr("停用账户"),
                self.tr("停用 {0}（{1}）的账户？").format(user.display_name, user.username),
                lambda: self._set_active(user, False),
                informative=self.tr(
                    "停用后该用户不能登录。账户不会被删除，日志中的记录仍指向该用户，可随时重新启用。"
                ),
                yes_text=self.tr("停用"),
                destructive=True,
            )
        else:
            self._set_active(user, True)

    def _set_active(self, user: UserRow, active: bool) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self._command(
            lambda: users.set_user_active(
                ctx.db, user.id, active, actor=actor, expected_version=user.row_version
            )
        )

    def unlock(self) -> None:
        user = self.selected()
        if user is None:
            return
        ctx, actor = self.ctx, self.ctx.require_actor()
        self._command(
            lambda: users.unlock_user(
                ctx.db, user.id, actor=actor, expected_version=user.row_version
            )
        )

    def _command(self, op: Any) -> None:
        self.status.clear_status()
        self.ctx.runner.command(
            lambda _t: op(),
            on_done=lambda row: (
                self.status.show_message(self.tr("已保存。")),
                self.ctx.events.emit_changed(USERS),
            ),
            on_error=self._on_command_failed,
            busy_for=self,
        )

    def _on_command_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(self.tr("操作未完成：数据库连接中断。连接恢复后请再试一次。"))
        else:
            show_error(self, exc)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(USERS):
            selected = self.selected()
            self.refresh()
            if selected is not None:
                self.select_username(selected.username)


class InstallationSettingsForm(QWidget):
    """Profile, center name, idle-lock minutes, due-light thresholds. A save that fails keeps
    the form as typed; 重试保存 submits it again."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("installationSettingsForm")
        self.ctx = ctx
        self.loaded: InstallationSettings | None = None
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.profile = QComboBox(self)
        self.profile.setObjectName("profileCombo")
        self.center_name = QLineEdit(self)
        self.center_name.setObjectName("centerNameEdit")
        self.center_name.setMaxLength(60)
        self.center_name.setMaximumWidth(560)
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setObjectName("idleMinutesSpin")
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" 分钟"))
        self.red_below = QSpinBox(self)
        self.red_below.setObjectName("redBelowSpin")
        self.red_below.setRange(0, 30)
        self.red_below.setSuffix(self.tr(" 个工作日"))
        self.yellow_within = QSpinBox(self)
        self.yellow_within.setObjectName("yellowWithinSpin")
        self.yellow_within.setRange(0, 60)
        self.yellow_within.setSuffix(self.tr(" 个工作日"))
        form.addRow(self.tr("辖区规则"), self.profile)
        form.addRow(self.tr("中心名称（打印在报告上）"), self.center_name)
        form.addRow(self.tr("空闲自动锁定"), self.idle_minutes)
        form.addRow(self.tr("红灯：剩余工作日少于"), self.red_below)
        form.addRow(self.tr("黄灯：剩余工作日不超过"), self.yellow_within)
        self.errors = FieldErrors(form)
        self.errors.add(SettingKey.JURISDICTION_PROFILE.value, self.profile)
        self.errors.add(SettingKey.CENTER_NAME.value, self.center_name)
        self.errors.add(SettingKey.IDLE_LOCK_MINUTES.value, self.idle_minutes)
        self.errors.add(SettingKey.LIGHT_RED_BELOW.value, self.red_below)
        self.errors.add(SettingKey.LIGHT_YELLOW_WITHIN.value, self.yellow_within)
        outer.addLayout(form)
        hint = QLabel(
            self.tr(
                "红灯阈值为 0 时，只有已逾期的案件亮红灯；黄灯阈值为 1 时，今天或下一个工作日到期的案件亮黄灯。"  # noqa: E501
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        outer.addWidget(hint)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setObjectName("saveSettingsButton")
        self.revert_button = QPushButton(self.tr("还原"), self)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.status = StatusLine(self)
        outer.addWidget(self.status)
        outer.addStretch(1)

        may_profile = ctx.may(Permission.PROFILE_MANAGE)
        may_settings = ctx.may(Permission.SETTINGS_MANAGE)
        self.profile.setEnabled(may_profile)
        self.center_name.setEnabled(may_profile)
        for w in (self.idle_minutes, self.red_below, self.yellow_within):
            w.setEnabled(may_settings)
        self.save_button.setEnabled(may_profile or may_settings)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        self.load()

    def load(self) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.errors.clear()
        self.status.clear_status()
        ctx.runner.query(
            lambda _t: (
                settings_service.load_settings(ctx.db, actor=actor),
                settings_service.list_profiles(),
            ),
            on_done=self._fill,
            on_error=self._on_load_failed,
            busy_for=self,
        )

    def _fill(self, result: tuple[InstallationSettings, tuple[ProfileChoice, ...]]) -> None:
        loaded, profiles = result
        self.loaded = loaded
        self.profile.clear()
        if loaded.jurisdiction_profile is None:
            self.profile.addItem(self.tr("（尚未选择）"), None)
        for p in profiles:
            self.profile.addItem(p.title, p.id)
        index = self.profile.findData(loaded.jurisdiction_profile)
        self.profile.setCurrentIndex(max(0, index))
        self.center_name.setText(loaded.center_name)
        self.idle_minutes.setValue(loaded.idle_lock_minutes)
        self.red_below.setValue(loaded.light_red_below)
        self.yellow_within.setValue(loaded.light_yellow_within)
        self.save_button.setText(self.tr("保存"))

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(
                self.tr("无法读取设置：数据库连接中断。连接恢复后请点击“还原”重新读取。")
            )
        else:
            show_error(self, exc)

    def changes(self) -> dict[SettingKey, Any]:
        wanted: dict[SettingKey, Any] = {}
        if self.ctx.may(Permission.PROFILE_MANAGE):
            wanted[SettingKey.JURISDICTION_PROFILE] = self.profile.currentData()
            wanted[SettingKey.CENTER_NAME] = self.center_name.text()
        if self.ctx.may(Permission.SETTINGS_MANAGE):
            wanted[SettingKey.IDLE_LOCK_MINUTES] = self.idle_minutes.value()
            wanted[SettingKey.LIGHT_RED_BELOW] = self.red_below.value()
            wanted[SettingKey.LIGHT_YELLOW_WITHIN] = self.yellow_within.value()
        if self.loaded is None:
            return wanted
        return {k: v for k, v in wanted.items() if self.loaded.value(k) != v}

    def save(self) -> None:
        changes = self.changes()
        self.errors.clear()
        if not changes:
            self.status.show_message(self.tr("没有需要保存的更改。"), ok=False)
            return
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.save_button.setEnabled(False)
        self.status.show_message(self.tr("正在保存…"), ok=False)
        ctx.runner.command(
            lambda _t: settings_service.save_settings(ctx.db, changes, actor=actor),
            on_done=self._on_saved,
            on_error=self._on_save_failed,
            busy_for=self,
            busy_text=self.tr("正在保存…"),
        )

    def _on_saved(self, saved: InstallationSettings) -> None:
        self.save_button.setEnabled(True)
        self.loaded = saved
        self.ctx.installation = saved
        self.save_button.setText(self.tr("保存"))
        self.status.show_message(self.tr("设置已保存。"))
        self.ctx.events.emit_changed(SETTINGS)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.errors.show(exc.field_errors)
        if isinstance(exc, DatabaseUnavailable):
            self.save_button.setText(self.tr("重试保存"))
        self.status.show_error(exc)


class AdminView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminView")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        self.tabs = QTabWidget(self)
        self.users: UsersPanel | None = None
        self.settings_form: InstallationSettingsForm | None = None
        self.calendar: CalendarPanel | None = None
        self.catalog: CatalogPanel | None = None
        if ctx.may(Permission.USERS_MANAGE):
            self.users = UsersPanel(ctx, self.tabs)
            self.tabs.addTab(self.users, self.tr("用户"))
        if ctx.may(Permission.PROFILE_MANAGE) or ctx.may(Permission.SETTINGS_MANAGE):
            self.settings_form = InstallationSettingsForm(ctx, self.tabs)
            self.tabs.addTab(self.settings_form, self.tr("安装设置"))
        if ctx.may(Permission.CALENDAR_MANAGE):
            self.calendar = CalendarPanel(ctx, self.tabs)
            self.tabs.addTab(self.calendar, self.tr("工作日历"))
        if ctx.may(Permission.CATALOG_MANAGE):
            self.catalog = CatalogPanel(ctx, self.tabs)
            self.tabs.addTab(self.catalog, self.tr("信息目录"))
        layout.addWidget(self.tabs)
        self.tabs.setCurrentIndex(0)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def refresh(self) -> None:
        if self.users is not None:
            self.users.refresh()
        if self.settings_form is not None:
            self.settings_form.load()
        if self.calendar is not None:
            self.calendar.refresh()
        if self.catalog is not None:
            self.catalog.refresh()
