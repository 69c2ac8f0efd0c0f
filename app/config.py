"""Settings: where the data lives and which database to use.

The embedded default is one SQLite file in the platform's user data directory. A networked
installation uses any SQLAlchemy URL (PostgreSQL via ``postgresql+psycopg://``). A database
password is never part of a stored URL: it comes from the OS keyring at connect time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "CreditDesk"
APP_AUTHOR = "CreditDesk"
ENV_DB_URL = "CREDITDESK_DB_URL"
ENV_DATA_DIR = "CREDITDESK_DATA_DIR"


def data_dir() -> Path:
    """The user data directory (overridable with ``CREDITDESK_DATA_DIR`` for tests and kiosks)."""
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) / "logs" if override else Path(user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_sqlite_path() -> Path:
    return data_dir() / "creditdesk.sqlite3"


def default_db_url() -> str:
    """``CREDITDESK_DB_URL`` if set, else the local SQLite file."""
    return os.environ.get(ENV_DB_URL) or f"sqlite:///{default_sqlite_path()}"


def resource_root() -> Path:
    """The ``resources`` folder: beside the package in a checkout, in ``_MEIPASS`` when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


@dataclass(frozen=True)
class Settings:
    db_url: str

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        return cls(db_url=db_url or default_db_url())
