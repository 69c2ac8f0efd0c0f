"""What every screen needs: the database handle, the task runner, change events, the
connection monitor, the per-workstation settings and — once signed in — the actor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QSettings

from app.domain.permissions import Actor, Permission
from app.services.clock import utc_now
from app.services.connection import ConnectionConfig, KeyringStatus
from app.services.database import Database
from app.services.settings import InstallationSettings
from ui.connection_monitor import ConnectionMonitor
from ui.events import AppEvents
from ui.tasks import TaskRunner


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    events: AppEvents
    monitor: ConnectionMonitor
    qsettings: QSettings
    connection: ConnectionConfig
    keyring: KeyringStatus
    actor: Actor | None = None
    installation: InstallationSettings | None = None
    session_password: str | None = field(default=None, repr=False)  # no-keyring case, memory only
    clock: Callable[[], datetime] = utc_now  # injected by tests (lockout without sleeping)

    def require_actor(self) -> Actor:
        assert self.actor is not None, "no one is signed in"
        return self.actor

    def may(self, permission: Permission) -> bool:
        return self.actor is not None and self.actor.may(permission)

    @property
    def database_label(self) -> str:
        return self.db.target
