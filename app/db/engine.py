"""Engine creation: one code path for the embedded SQLite file and networked PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from app.domain.errors import CreditDeskError

SQLITE_BUSY_TIMEOUT_MS = 10_000


def parse_url(url: str | URL) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise CreditDeskError("db.bad_url", url=str(url), reason=str(exc)) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise CreditDeskError(
            "db.bad_url", url=safe_url(parsed), reason="仅支持 SQLite 与 PostgreSQL 数据库"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and the status bar."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<无效地址>"


def describe_target(url: str | URL) -> str:
    """Human-readable target: the SQLite file path, or host:port/db for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite 文件 {parsed.database or '(内存)'}"
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL {parsed.host or 'localhost'}{port}/{parsed.database}"


def make_engine(url: str | URL, *, password: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine. ``password`` (from the OS keyring) is added to the URL in memory only."""
    parsed = parse_url(url)
    if password is not None and parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(password=password)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}
    options.update(kwargs)
    return create_engine(parsed, **options)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    database = url.database
    in_memory = not database or database == ":memory:"
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if not in_memory:
        # A file database: each checkout opens a cheap connection; no cross-thread sharing.
        options["poolclass"] = NullPool
    options.update(kwargs)
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    return engine
