"""Per-workstation preferences in QSettings (an INI file in the data directory): window
geometry, table columns, the last user name and the database connection — never a password.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QWidget

from app.config import data_dir
from app.services.connection import POSTGRESQL, SQLITE, ConnectionConfig

FILE_NAME = "creditdesk-gui.ini"


def open_settings() -> QSettings:
    return QSettings(str(data_dir() / FILE_NAME), QSettings.Format.IniFormat)


# --- database connection (no password) ---------------------------------------------------------


def load_connection(settings: QSettings) -> ConnectionConfig | None:
    kind = settings.value("database/kind", "", str)
    if kind == SQLITE:
        path = settings.value("database/sqlite_path", "", str)
        return ConnectionConfig(kind=SQLITE, sqlite_path=path) if path else None
    if kind == POSTGRESQL:
        try:
            port = int(settings.value("database/port", 5432))
        except (TypeError, ValueError):
            port = 5432
        return ConnectionConfig(
            kind=POSTGRESQL,
            host=settings.value("database/host", "", str),
            port=port,
            database=settings.value("database/database", "", str),
            user=settings.value("database/user", "", str),
        )
    return None


def save_connection(settings: QSettings, config: ConnectionConfig) -> None:
    settings.remove("database")
    settings.setValue("database/kind", config.kind)
    if config.kind == SQLITE:
        settings.setValue("database/sqlite_path", config.sqlite_path)
    else:
        settings.setValue("database/host", config.host)
        settings.setValue("database/port", int(config.port))
        settings.setValue("database/database", config.database)
        settings.setValue("database/user", config.user)
    settings.sync()


# --- geometry and columns ----------------------------------------------------------------------


def save_geometry(settings: QSettings, key: str, widget: QWidget) -> None:
    settings.setValue(f"geometry/{key}", widget.saveGeometry())


def restore_geometry(settings: QSettings, key: str, widget: QWidget) -> bool:
    value = settings.value(f"geometry/{key}")
    return isinstance(value, QByteArray) and widget.restoreGeometry(value)


def save_header(settings: QSettings, key: str, header: QHeaderView) -> None:
    settings.setValue(f"tables/{key}", header.saveState())


def restore_header(settings: QSettings, key: str, header: QHeaderView) -> bool:
    value = settings.value(f"tables/{key}")
    return isinstance(value, QByteArray) and header.restoreState(value)
