"""The application's flow, from start to quit:

connect (asking for the PostgreSQL password when no keyring holds it) → check the schema →
first-run setup wizard when the database has no user → sign in (forced password change after
a reset) → main window → idle lock / unlock → sign out → sign in again … → quit.

Everything is signal-driven and non-blocking (no ``exec()``), so tests drive it with a
synchronous task runner and the idle lock can hide any open dialog and bring it back intact.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor
from app.services import auth, connection, maintenance, setup
from app.services import settings as settings_service
from app.services.auth import SignedIn
from app.services.clock import utc_now
from app.services.connection import ConnectionConfig, config_from_environment
from app.services.database import Database
from app.services.session_lock import IdleTracker
from app.services.settings import InstallationSettings
from ui.connection_monitor import ConnectionMonitor
from ui.context import AppContext
from ui.errors import show_error
from ui.events import SETTINGS, AppEvents, ChangeSet
from ui.idle import IdleWatcher
from ui.lists.expiry_timer import ExpiryScheduler
from ui.login.change_password_dialog import ChangePasswordDialog
from ui.login.db_password_dialog import DbPasswordDialog
from ui.login.lock_dialog import LockDialog
from ui.login.login_dialog import LoginDialog
from ui.login.setup_wizard import SetupWizard
from ui.main_window import MainWindow
from ui.qsettings_store import load_connection
from ui.settings.connection_dialog import ConnectionDialog
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class AppController(QObject):
    finished = Signal(int)  # exit code
    state_changed = Signal(str)  # "setup" | "login" | "main" | "locked" | "problem" | "quit"

    def __init__(
        self,
        qsettings: QSettings,
        runner: TaskRunner,
        *,
        database: Database | None = None,
        idle_clock: Callable[[], float] = time.monotonic,
        clock: Callable[[], datetime] = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.qsettings = qsettings
        self.runner = runner
        self.events = AppEvents(self)
        self._fixed_database = database  # tests hand in the database directly
        self.clock = clock
        self.ctx: AppContext | None = None
        self.state = "starting"
        self.idle = IdleWatcher(IdleTracker(clock=idle_clock), self)
        self.idle.idle_reached.connect(self.lock)
        self.events.changed.connect(self._on_events_changed)
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self.wizard: SetupWizard | None = None
        self.lock_dialog: LockDialog | None = None
        self.expiry: ExpiryScheduler | None = None
        self.problem: QMessageBox | None = None
        self.dialog: QWidget | None = None  # the last auxiliary dialog opened (tests look at it)
        self._hidden_for_lock: list[QWidget] = []
        self._pending_config: tuple[ConnectionConfig, str | None] | None = None

    # --- connecting -----------------------------------------------------------------------
    def start(self) -> None:
        if self._fixed_database is not None:
            db = self._fixed_database
            self._use_database(db, ConnectionConfig.from_url(db.url.render_as_string()), None)
            return
        config = (
            config_from_environment()
            or load_connection(self.qsettings)
            or (ConnectionConfig.default())
        )
        self.open_connection(config, None)

    def open_connection(self, config: ConnectionConfig, password: str | None) -> None:
        if config.is_postgresql and password is None:
            password = connection.load_password(config)
            if password is None:
                self._ask_db_password(config)
                return
        try:
            db = connection.open_database(config, password)
        except CreditDeskError as exc:
            self._show_problem(exc, retry=None)
            return
        self._use_database(db, config, password)

    def _ask_db_password(self, config: ConnectionConfig) -> None:
        status = connection.keyring_status()
        dialog = DbPasswordDialog(config, status)
        self.dialog = dialog

        def accepted() -> None:
            password = dialog.password.text()
            if dialog.remember.isChecked() and status.available:
                try:
                    connection.store_password(config, password)
                except CreditDeskError as exc:
                    show_error(None, exc)
            self.open_connection(config, password)

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(self.open_connection_settings)
        self._present(dialog)

    def _use_database(self, db: Database, config: ConnectionConfig, password: str | None) -> None:
        if (
            self.ctx is not None
            and self.ctx.db is not db
            and self.ctx.db is not self._fixed_database
        ):
            self.ctx.db.dispose()
        monitor = ConnectionMonitor(self.runner, db.ping, self, target=db.target)
        self.ctx = AppContext(
            db=db,
            runner=self.runner,
            events=self.events,
            monitor=monitor,
            qsettings=self.qsettings,
            connection=config,
            keyring=connection.keyring_status(),
            session_password=password if config.is_postgresql and password else None,
            clock=self.clock,
        )
        self.check_database()

    def check_database(self) -> None:
        ctx = self._ctx()

        def probe(_token: object) -> tuple[maintenance.SchemaStatus, bool]:
            status = maintenance.schema_status(ctx.db)
            return status, (setup.needs_setup(ctx.db) if status.up_to_date else False)

        self.runner.query(
            probe,
            on_done=self._on_database_checked,
            on_error=lambda exc: self._show_problem(exc, retry=self.check_database),
        )

    def _on_database_checked(self, result: tuple[maintenance.SchemaStatus, bool]) -> None:
        status, needs_setup = result
        if not status.up_to_date:
            self._offer_upgrade(status)
        elif needs_setup:
            self.show_setup()
        else:
            self.show_login()

    def _offer_upgrade(self, status: maintenance.SchemaStatus) -> None:
        fresh = status.current is None
        box = self._box(
            self.tr("数据库尚未初始化") if fresh else self.tr("数据库需要升级"),
            self.tr("数据库 {0} 的结构版本为 {1}，程序需要 {2}。").format(
                status.target, status.current or self.tr("（空）"), status.head
            ),
            self.tr(
                "可以现在创建或升级数据库结构（相当于 creditdesk db upgrade），也可以改用其他数据库。"  # noqa: E501
            ),
        )
        upgrade = box.addButton(
            self.tr("创建数据库结构") if fresh else self.tr("立即升级"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        settings = box.addButton(self.tr("数据库设置…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("退出"), QMessageBox.ButtonRole.RejectRole)
        ctx = self._ctx()

        def clicked(button: object) -> None:
            if button is upgrade:
                # the person at this workstation runs it with direct database access, like the CLI
                self.runner.command(
                    lambda _t: maintenance.upgrade_schema(ctx.db, actor=Actor.operator()),
                    on_done=lambda _r: self.check_database(),
                    on_error=lambda exc: self._show_problem(exc, retry=self.check_database),
                )
            elif button is settings:
                self.open_connection_settings()
            else:
                self.quit()

        box.buttonClicked.connect(clicked)
        self._open_problem(box)

    # --- problems -------------------------------------------------------------------------
    def _box(self, title: str, text: str, informative: str = "") -> QMessageBox:
        box = QMessageBox()
        box.setObjectName("startupProblem")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        return box

    def _open_problem(self, box: QMessageBox) -> None:
        self.problem = box
        self._set_state("problem")
        self._present(box)

    @staticmethod
    def _present(widget: QWidget) -> None:
        """Show and give keyboard focus (the previous window may just have closed)."""
        if isinstance(widget, QDialog):
            widget.open()
        else:
            widget.show()
        widget.raise_()
        widget.activateWindow()

    def _show_problem(self, exc: BaseException, *, retry: Callable[[], None] | None) -> None:
        if not isinstance(exc, CreditDeskError):
            show_error(None, exc)
            return
        box = self._box(exc.title, exc.text, exc.resolution)
        retry_button = (
            box.addButton(self.tr("重试"), QMessageBox.ButtonRole.AcceptRole) if retry else None
        )
        settings = box.addButton(self.tr("数据库设置…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("退出"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if retry_button is not None and button is retry_button and retry is not None:
                retry()
            elif button is settings:
                self.open_connection_settings()
            else:
                self.quit()

        box.buttonClicked.connect(clicked)
        self._open_problem(box)

    def open_connection_settings(self, parent: QWidget | None = None) -> ConnectionDialog:
        current = (
            self.ctx.connection
            if self.ctx is not None
            else load_connection(self.qsettings) or ConnectionConfig.default()
        )
        dialog = ConnectionDialog(
            self.runner,
            self.qsettings,
            current,
            session_password=self.ctx.session_password if self.ctx is not None else None,
            parent=parent,
        )
        self.dialog = dialog
        if self.window is not None:
            dialog.saved.connect(self._remember_for_next_login)
        else:
            dialog.saved.connect(self._reconnect)
            dialog.rejected.connect(self._back_after_settings)
        self._present(dialog)
        return dialog

    def _reconnect(self, config: ConnectionConfig, password: str | None) -> None:
        if self.login is not None:
            self.login.hide()
            self.login.deleteLater()
            self.login = None
        self._fixed_database = None
        self.open_connection(config, password)

    def _back_after_settings(self) -> None:
        if self.state in ("problem", "starting") and self.login is None:
            if self.ctx is not None:
                self.check_database()
            else:
                self.quit()

    def _remember_for_next_login(self, config: ConnectionConfig, password: str | None) -> None:
        self._pending_config = (config, password)
        from ui.errors import show_info

        show_info(
            self.window,
            self.tr("数据库设置已保存"),
            self.tr("新的数据库设置将在注销后生效：{0}").format(config.describe()),
        )

    # --- setup and sign-in ------------------------------------------------------------------
    def show_setup(self) -> None:
        wizard = SetupWizard(self._ctx())
        self.wizard = wizard
        wizard.completed.connect(lambda _r: self.show_login())
        wizard.rejected.connect(self.quit)
        self._set_state("setup")
        self._present(wizard)

    def show_login(self) -> None:
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        dialog = LoginDialog(self._ctx())
        self.login = dialog
        dialog.signed_in.connect(self._on_signed_in)
        dialog.rejected.connect(self.quit)
        dialog.connection_settings_requested.connect(lambda: self.open_connection_settings(dialog))
        self._set_state("login")
        self._present(dialog)

    def _on_signed_in(self, signed: SignedIn) -> None:
        ctx = self._ctx()
        ctx.actor = signed.actor
        if self.login is not None:
            self.login.deleteLater()
            self.login = None
        if signed.must_change_password:
            dialog = ChangePasswordDialog(ctx, forced=True)
            self.dialog = dialog
            dialog.accepted.connect(self._enter_main)
            dialog.rejected.connect(self.logout)
            self._present(dialog)
            return
        self._enter_main()

    def _enter_main(self) -> None:
        ctx = self._ctx()
        actor = ctx.require_actor()
        self.runner.query(
            lambda _t: settings_service.load_settings(ctx.db, actor=actor),
            on_done=self._show_main,
            on_error=lambda exc: (show_error(None, exc), self._show_main(None)),
        )

    def _show_main(self, installation: InstallationSettings | None) -> None:
        ctx = self._ctx()
        ctx.installation = installation
        window = MainWindow(ctx)
        self.window = window
        window.lock_requested.connect(self.lock)
        window.logout_requested.connect(self.logout)
        window.connection_settings_requested.connect(lambda: self.open_connection_settings(window))
        window.change_password_requested.connect(self._change_password)
        window.closed.connect(self.quit)
        if installation is not None:
            self.idle.set_idle_minutes(installation.idle_lock_minutes)
        self._set_state("main")
        self._present(window)
        self.idle.start()
        # disclosure expiry: filed at start and daily while running (queries hide expired
        # records anyway; the job only files them); runs for those who may
        self.expiry = ExpiryScheduler(ctx, parent=window)
        self.expiry.start()

    def _change_password(self) -> None:
        dialog = ChangePasswordDialog(self._ctx(), forced=False, parent=self.window)
        self.dialog = dialog
        dialog.open()

    # --- idle lock -------------------------------------------------------------------------
    def lock(self) -> None:
        if self.state != "main" or self.ctx is None or self.ctx.actor is None:
            return
        self.idle.stop()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._hidden_for_lock = [
            w for w in app.topLevelWidgets() if w.isVisible() and not w.inherits("QMenu")
        ]
        for widget in self._hidden_for_lock:
            widget.hide()
        dialog = LockDialog(self.ctx, self.clock())
        self.lock_dialog = dialog
        dialog.unlocked.connect(self.unlock)
        dialog.sign_out_requested.connect(self.logout)
        self._set_state("locked")
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def unlock(self) -> None:
        if self.lock_dialog is not None:
            self.lock_dialog.hide()
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        for widget in self._hidden_for_lock:
            widget.show()
        self._hidden_for_lock = []
        self._set_state("main")
        self.idle.start()

    # --- sign-out and quit -------------------------------------------------------------------
    def logout(self) -> None:
        ctx = self._ctx()
        actor = ctx.actor
        self.idle.stop()
        if self.expiry is not None:
            self.expiry.stop()
            self.expiry = None
        if actor is not None:
            self.runner.command(
                lambda _t: auth.record_logout(ctx.db, actor=actor), on_error=lambda _exc: None
            )
        if self.lock_dialog is not None:
            self.lock_dialog.hide()
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        window, self.window = self.window, None
        if window is not None:
            window.close_for_logout()  # saves geometry; does not quit
            window.deleteLater()
        for widget in self._hidden_for_lock:  # dialogs hidden by the lock: discarded
            if widget is not window:
                widget.close()
                widget.deleteLater()
        self._hidden_for_lock = []
        ctx.actor = None
        ctx.installation = None
        if self._pending_config is not None:
            config, password = self._pending_config
            self._pending_config = None
            self._fixed_database = None
            self.open_connection(config, password)
            return
        self.show_login()

    def quit(self) -> None:
        self.idle.dispose()
        self._set_state("quit")
        self.finished.emit(0)

    # --- helpers -------------------------------------------------------------------------
    def _ctx(self) -> AppContext:
        assert self.ctx is not None
        return self.ctx

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _on_events_changed(self, change: ChangeSet) -> None:
        if change.touches(SETTINGS) and self.ctx is not None and self.ctx.installation is not None:
            self.idle.set_idle_minutes(self.ctx.installation.idle_lock_minutes)
