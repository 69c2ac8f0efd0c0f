"""The main window: navigation on the left (only the screens the role may use), the screen,
the connection banner on top, and a status bar with user, role, profile, database and
connection state. Keyboard first: Ctrl+1…9 screens, F5 refresh, Ctrl+L lock."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import CaseKind
from app.services.settings import InstallationSettings
from ui.context import AppContext
from ui.errors import show_info
from ui.events import SETTINGS, ChangeSet
from ui.navigation import Screen, visible_screens
from ui.qsettings_store import restore_geometry, save_geometry
from ui.resources import icon
from ui.widgets.connection_banner import ConnectionBanner
from ui.widgets.not_enabled_view import NotEnabledView
from ui.withdrawals.case_dialog import WithdrawalCaseDialog


class MainWindow(QMainWindow):
    lock_requested = Signal()
    logout_requested = Signal()
    connection_settings_requested = Signal()
    change_password_requested = Signal()
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self._closing_for_logout = False
        actor = ctx.require_actor()
        self.setWindowTitle(self.tr("信用服务窗口工作台 — {0}").format(actor.display_name))
        self.setMinimumSize(QSize(960, 600))

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = ConnectionBanner(ctx.monitor, central)
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(168)
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #f1f3f4; border: none;"
            " border-right: 1px solid #dadce0; font-size: 11pt; }"
            "QListWidget#navigation::item { padding: 9px 10px; }"
            "QListWidget#navigation::item:selected { background: #d2e3fc; color: #174ea6; }"
        )
        self.stack = QStackedWidget(central)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.screens: list[Screen] = visible_screens(ctx)
        self.views: dict[str, QWidget] = {}
        for screen in self.screens:
            item = QListWidgetItem(icon(screen.icon), screen.title, self.nav)
            item.setData(Qt.ItemDataRole.UserRole, screen.key)
            item.setToolTip(self.tr("{0}（Ctrl+{1}）").format(screen.title, screen.number))
            item.setSizeHint(QSize(160, 40))
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

        self._build_menus()
        self._build_status_bar()
        ctx.events.changed.connect(self._on_events_changed)
        ctx.monitor.lost.connect(lambda _r: self._set_connection_state(False))
        ctx.monitor.restored.connect(lambda: self._set_connection_state(True))

        if not restore_geometry(ctx.qsettings, "main_window", self):
            self.resize(1280, 760)
        last = ctx.qsettings.value(f"main_window/screen/{actor.username}", "", str)
        keys = [s.key for s in self.screens]
        if self.screens:
            # First sign-in: the role's daily work (the work queue; for auditors the logs).
            home = next((k for k in ("dashboard", "audit") if k in keys), keys[0])
            self.show_screen(last if last in keys else home)

    # --- screens -------------------------------------------------------------------------
    def screen_keys(self) -> list[str]:
        return [s.key for s in self.screens]

    def show_screen(self, key: str) -> bool:
        keys = self.screen_keys()
        if key not in keys:
            return False
        row = keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._on_nav_current_row_changed(row)
        return True

    def show_screen_number(self, number: int) -> bool:
        screen = next((s for s in self.screens if s.number == number), None)
        return screen is not None and self.show_screen(screen.key)

    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def current_view(self) -> QWidget | None:
        key = self.current_key()
        return self.views.get(key) if key else None

    def _on_nav_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.screens):
            return
        screen = self.screens[row]
        view = self.views.get(screen.key)
        if view is None:
            if screen.factory is not None:
                view = screen.factory(self.ctx, self.stack)
            else:
                view = NotEnabledView(screen.title, list(screen.coming), self.stack)
            view.setObjectName(view.objectName() or f"view_{screen.key}")
            self.views[screen.key] = view
            self.stack.addWidget(view)
            case_opened = getattr(view, "case_opened", None)
            if case_opened is not None:
                case_opened.connect(self.open_case)
        self.stack.setCurrentWidget(view)
        actor = self.ctx.require_actor()
        self.ctx.qsettings.setValue(f"main_window/screen/{actor.username}", screen.key)

    def refresh(self) -> None:
        view = self.current_view()
        refresh = getattr(view, "refresh", None)
        if callable(refresh):
            refresh()

    def open_case(self, kind: str, case_id: int, case_no: str) -> None:
        """Open a case on its screen; the screens still to come say so plainly."""
        self.last_opened_case = (kind, case_id, case_no)
        if kind == CaseKind.WITHDRAWAL.value:  # handled in its own dialog, not on a screen
            self.open_withdrawal(case_no)
            return
        screen = {
            CaseKind.OBJECTION.value: "objections",
            CaseKind.REPAIR.value: "repairs",
            CaseKind.INTAKE.value: "intake",
        }.get(kind)
        if screen is not None and self.show_screen(screen):
            self.views[screen].open_case(case_no)  # type: ignore[attr-defined]
            return
        screen_title = {
            CaseKind.OBJECTION.value: self.tr("异议处理"),
            CaseKind.REPAIR.value: self.tr("信用修复"),
            CaseKind.INTAKE.value: self.tr("数据归集"),
        }.get(kind, "")
        show_info(
            self,
            self.tr("案件办理界面尚未启用"),
            self.tr("{0}（{1}）的办理界面将随“{2}”功能提供。").format(
                case_no, CaseKind(kind).label, screen_title
            ),
            self.tr("目前可以在工作台查看案件的状态、下一步和办理期限。"),
        )

    def open_withdrawal(self, case_no: str) -> WithdrawalCaseDialog:
        """The withdrawal request in its case dialog (window-modal, closed with Esc)."""
        dialog = WithdrawalCaseDialog(self.ctx, case_no, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.case_dialog = dialog
        dialog.open()
        return dialog

    # --- menus and shortcuts ------------------------------------------------------------------
    def _action(
        self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: object
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        system = bar.addMenu(self.tr("系统(&S)"))
        system.addAction(
            self._action(self.tr("数据库设置…"), None, self.connection_settings_requested.emit)
        )
        system.addSeparator()
        system.addAction(self._action(self.tr("退出(&X)"), "Ctrl+Q", self.close))
        view = bar.addMenu(self.tr("视图(&V)"))
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh)
        view.addAction(self.refresh_action)
        view.addSeparator()
        self.screen_actions: dict[int, QAction] = {}
        for screen in self.screens:
            action = self._action(
                screen.title,
                f"Ctrl+{screen.number}",
                lambda _=False, n=screen.number: self.show_screen_number(n),
            )
            self.screen_actions[screen.number] = action
            view.addAction(action)
        account = bar.addMenu(self.tr("账户(&A)"))
        account.addAction(
            self._action(self.tr("修改密码…"), None, self.change_password_requested.emit)
        )
        self.lock_action = self._action(self.tr("锁定"), "Ctrl+L", self.lock_requested.emit)
        account.addAction(self.lock_action)
        account.addAction(self._action(self.tr("注销"), "Ctrl+Shift+L", self.logout_requested.emit))
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self._action(self.tr("快捷键"), "F1", self.show_shortcuts))

    def show_shortcuts(self) -> None:
        lines = [f"Ctrl+{s.number}\t{s.title}" for s in self.screens]
        lines += [
            self.tr("F5\t刷新当前页面"),
            self.tr("Ctrl+L\t锁定（离开座位时）"),
            self.tr("Ctrl+Shift+L\t注销"),
            self.tr("Ctrl+Q\t退出"),
            self.tr("回车\t在工作台打开选中的案件；在案件编号框中打开输入或扫描的案件"),
        ]
        show_info(self, self.tr("快捷键"), "\n".join(lines))

    # --- status bar ------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        status = self.statusBar()
        actor = self.ctx.require_actor()
        self.user_label = QLabel(
            self.tr("用户：{0}（{1}）").format(actor.display_name, actor.username)
        )
        self.role_label = QLabel(self.tr("角色：{0}").format(actor.role.label))
        self.profile_label = QLabel()
        self.db_label = QLabel(self.tr("数据库：{0}").format(self.ctx.db.target))
        self.db_label.setToolTip(self.ctx.db.safe_url)
        self.connection_label = QLabel()
        for label in (
            self.user_label,
            self.role_label,
            self.profile_label,
            self.db_label,
            self.connection_label,
        ):
            label.setContentsMargins(6, 0, 6, 0)
            status.addPermanentWidget(label)
        self.update_installation(self.ctx.installation)
        self._set_connection_state(self.ctx.monitor.online)

    def update_installation(self, installation: InstallationSettings | None) -> None:
        if installation is not None and installation.profile is not None:
            self.profile_label.setText(self.tr("辖区：{0}").format(installation.profile.city))
            self.profile_label.setToolTip(installation.profile.regulation)
        else:
            self.profile_label.setText(self.tr("辖区：未设置"))

    def _set_connection_state(self, online: bool) -> None:
        if online:
            self.connection_label.setText(self.tr("连接：正常"))
            self.connection_label.setStyleSheet("color: #137333;")
        else:
            self.connection_label.setText(self.tr("连接：中断"))
            self.connection_label.setStyleSheet("color: #c5221f; font-weight: bold;")

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(SETTINGS):
            self.update_installation(self.ctx.installation)

    # --- closing -------------------------------------------------------------------------
    def save_state(self) -> None:
        save_geometry(self.ctx.qsettings, "main_window", self)
        for view in self.views.values():
            save = getattr(view, "save_state", None)
            if callable(save):
                save()
        self.ctx.qsettings.sync()

    def close_for_logout(self) -> None:
        self._closing_for_logout = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        event.accept()
        if not self._closing_for_logout:
            self.closed.emit()
