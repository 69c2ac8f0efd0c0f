"""Which database to use, and where its password lives.

``ConnectionConfig`` describes the embedded SQLite file or a PostgreSQL server (host, port,
database, user). It never holds a password: the password lives in the OS keyring under the
service name ``CreditDesk`` and the account ``postgresql://user@host:port/db``. When the OS has
no keyring (``keyring.backends.fail.Keyring``, the usual case on a headless Linux box) the
password is asked for at every start and kept in memory only — never written to a file.

The GUI stores the config (minus the password) in QSettings; this module stays Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from sqlalchemy.engine import URL

from app.config import default_db_url, default_sqlite_path
from app.db import migrate
from app.domain.errors import CreditDeskError, ValidationFailed
from app.domain.messages import render
from app.services.database import Database

KEYRING_SERVICE = "CreditDesk"
DEFAULT_PG_PORT = 5432
CONNECT_TIMEOUT_SECONDS = 5

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


@dataclass(frozen=True)
class ConnectionConfig:
    kind: str = SQLITE  # "sqlite" | "postgresql"
    sqlite_path: str = ""
    host: str = ""
    port: int = DEFAULT_PG_PORT
    database: str = ""
    user: str = ""

    @classmethod
    def default(cls) -> ConnectionConfig:
        return cls(kind=SQLITE, sqlite_path=str(default_sqlite_path()))

    @classmethod
    def from_url(cls, url: str) -> ConnectionConfig:
        from app.db.engine import parse_url

        parsed = parse_url(url)
        if parsed.get_backend_name() == SQLITE:
            return cls(kind=SQLITE, sqlite_path=parsed.database or "")
        return cls(
            kind=POSTGRESQL,
            host=parsed.host or "localhost",
            port=parsed.port or DEFAULT_PG_PORT,
            database=parsed.database or "",
            user=parsed.username or "",
        )

    @property
    def is_postgresql(self) -> bool:
        return self.kind == POSTGRESQL

    def cleaned(self) -> ConnectionConfig:
        """Validated and trimmed; raises ``ValidationFailed`` naming every missing field."""
        errors: dict[str, list[str]] = {}

        def fault(field: str, msg_id: str, **params: object) -> None:
            errors.setdefault(field, []).append(render(msg_id, params).text)

        if self.kind == SQLITE:
            path = self.sqlite_path.strip()
            if not path:
                fault("sqlite_path", "connection.field_required", label="SQLite 数据库文件")
            result = replace(self, sqlite_path=path)
        elif self.kind == POSTGRESQL:
            host, database, user = self.host.strip(), self.database.strip(), self.user.strip()
            if not host:
                fault("host", "connection.field_required", label="服务器地址")
            if not database:
                fault("database", "connection.field_required", label="数据库名")
            if not user:
                fault("user", "connection.field_required", label="用户名")
            try:
                port = int(str(self.port).strip())
            except ValueError:
                port = -1
            if not 1 <= port <= 65535:
                fault("port", "connection.port_invalid", value=self.port)
            result = replace(self, host=host, database=database, user=user, port=port)
        else:
            raise ValueError(f"unknown connection kind {self.kind!r}")
        if errors:
            raise ValidationFailed(field_errors=errors)
        return result

    def url(self) -> str:
        """The SQLAlchemy URL, without any password."""
        if self.kind == SQLITE:
            return f"sqlite:///{Path(self.sqlite_path).expanduser()}"
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
            query={
                "connect_timeout": str(CONNECT_TIMEOUT_SECONDS),
                "application_name": "CreditDesk",
            },
        ).render_as_string(hide_password=False)

    @property
    def keyring_account(self) -> str:
        """The keyring user name the password is stored under (unique per server and user)."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def describe(self) -> str:
        if self.kind == SQLITE:
            return f"SQLite 文件 {self.sqlite_path}"
        return f"PostgreSQL {self.host}:{self.port}/{self.database}（用户 {self.user}）"


def config_from_environment() -> ConnectionConfig | None:
    """``CREDITDESK_DB_URL`` wins over stored settings when set (kiosks, tests, ``make run``)."""
    import os

    from app.config import ENV_DB_URL

    url = os.environ.get(ENV_DB_URL)
    return ConnectionConfig.from_url(url) if url else None


def default_config() -> ConnectionConfig:
    return ConnectionConfig.from_url(default_db_url())


# --- keyring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str  # the backend's class path, for the message


def _backend() -> KeyringBackend:
    return keyring.get_keyring()


def keyring_status() -> KeyringStatus:
    backend = _backend()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    unusable = name.startswith(("keyring.backends.fail.", "keyring.backends.null."))
    if not unusable and name.startswith("keyring.backends.chainer."):
        unusable = not getattr(backend, "backends", None)
    return KeyringStatus(available=not unusable, backend=name)


def require_keyring() -> None:
    status = keyring_status()
    if not status.available:
        raise CreditDeskError("keyring.unavailable", backend=status.backend)


def store_password(config: ConnectionConfig, password: str) -> None:
    require_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, config.keyring_account, password)
    except keyring.errors.KeyringError as exc:
        raise CreditDeskError("keyring.failed", action="保存", reason=str(exc)) from exc


def load_password(config: ConnectionConfig) -> str | None:
    """The stored password, or None (no keyring, or nothing stored yet)."""
    if not config.is_postgresql or not keyring_status().available:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, config.keyring_account)
    except keyring.errors.KeyringError:
        return None


def forget_password(config: ConnectionConfig) -> None:
    if not keyring_status().available:
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, config.keyring_account)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise CreditDeskError("keyring.failed", action="删除", reason=str(exc)) from exc


# --- connecting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionTest:
    target: str
    server_version: str
    schema_revision: str | None
    schema_head: str

    @property
    def schema_current(self) -> bool:
        return self.schema_revision == self.schema_head


def open_database(config: ConnectionConfig, password: str | None = None) -> Database:
    config = config.cleaned()
    return Database(config.url(), password=password if config.is_postgresql else None)


def test_connection(config: ConnectionConfig, password: str | None = None) -> ConnectionTest:
    """Connect once and report the server and the schema version (the 测试连接 button)."""
    config = config.cleaned()
    if config.kind == SQLITE and not Path(config.sqlite_path).expanduser().exists():
        # Do not create a file just by testing: report that it will be created on first use.
        return ConnectionTest(
            target=f"SQLite 文件 {config.sqlite_path}",
            server_version="SQLite（文件尚不存在，首次使用时创建）",
            schema_revision=None,
            schema_head=migrate.head_revision(),
        )
    db = open_database(config, password)
    try:
        db.ping()
        with db.translate_errors(), db.engine.connect() as conn:
            if db.dialect == POSTGRESQL:
                version = str(conn.exec_driver_sql("SHOW server_version").scalar())
                version = f"PostgreSQL {version}"
            else:
                version = f"SQLite {conn.exec_driver_sql('select sqlite_version()').scalar()}"
        return ConnectionTest(
            target=db.target,
            server_version=version,
            schema_revision=db.current_revision(),
            schema_head=migrate.head_revision(),
        )
    finally:
        db.dispose()


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
