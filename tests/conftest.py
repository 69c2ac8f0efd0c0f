"""Test configuration shared by every suite.

Database tests take the ``db`` fixture: it runs once on a fresh SQLite file and, when
``CREDITDESK_TEST_PG_URL`` is set (``.ci/run`` sets it when the server answers), once more on
PostgreSQL in a fresh schema that is dropped afterwards. No mocks of our own database.
"""

from __future__ import annotations

import os

# Qt must never look for a display in tests; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db.engine import make_engine
from app.domain.permissions import Actor
from app.services.database import Database
from app.services.maintenance import upgrade_schema

PG_URL = os.environ.get("CREDITDESK_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real data directory or database."""
    monkeypatch.setenv("CREDITDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CREDITDESK_DB_URL", raising=False)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'creditdesk-test.sqlite3'}"
        return
    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per session; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    template = Database(f"sqlite:///{path}")
    upgrade_schema(template, actor=Actor.operator())
    template.dispose()
    return path


@pytest.fixture
def db(db_url: str, _sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A database as `creditdesk db upgrade` leaves it (schema at head, official calendar
    loaded, no users or subjects), on each backend."""
    if db_url.startswith("sqlite"):
        target = Path(make_url(db_url).database or "")
        shutil.copyfile(_sqlite_template, target)
    database = Database(db_url)
    if not db_url.startswith("sqlite"):
        upgrade_schema(database, actor=Actor.operator())
    try:
        yield database
    finally:
        database.dispose()
