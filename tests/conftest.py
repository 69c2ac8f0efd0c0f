"""Test configuration shared by every suite.

Database tests take the ``db`` fixture: it runs once on a fresh SQLite file and, when
``CREDITDESK_TEST_PG_URL`` is set (``.ci/run`` sets it when the server answers), once more on
a fresh PostgreSQL database that is dropped afterwards. No mocks of our own database.
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
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

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
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: a new SQLite file, or a new PostgreSQL schema (for the tests of
    the migrations themselves)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'creditdesk-empty.sqlite3'}"
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


def _pg_admin_sql(statement: str) -> None:
    assert PG_URL is not None
    admin = create_engine(PG_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(statement))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    """One migrated PostgreSQL database per session, the template each test's database is
    cloned from (CREATE DATABASE … TEMPLATE: a file copy, ~0.1 s instead of ~2 s to migrate
    and load the calendar)."""
    name = f"cdt_tmpl_{uuid.uuid4().hex[:10]}"
    _pg_admin_sql(f'CREATE DATABASE "{name}"')
    template = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    upgrade_schema(template, actor=Actor.operator())
    template.dispose()
    try:
        yield name
    finally:
        _pg_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def db(
    request: pytest.FixtureRequest, _sqlite_template: Path, tmp_path: Path
) -> Iterator[Database]:
    """A fresh database as `creditdesk db upgrade` leaves it (schema at head, official
    calendar loaded, no users or subjects): a copy of the migrated SQLite file, or a new
    PostgreSQL database cloned from the migrated template, dropped afterwards."""
    if request.param == "sqlite":
        target = tmp_path / "creditdesk-test.sqlite3"
        shutil.copyfile(_sqlite_template, target)
        database = Database(f"sqlite:///{target}")
        try:
            yield database
        finally:
            database.dispose()
        return
    template = request.getfixturevalue("_pg_template")
    name = f"cdt_{uuid.uuid4().hex[:12]}"
    _pg_admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    database = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        yield database
    finally:
        database.dispose()
        _pg_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(db: Database) -> str:
    """The URL of the ``db`` fixture's database (for CLI tests: ``--db URL``)."""
    return db.url.render_as_string(hide_password=False)


# --- desktop shell (issue 4): keyring, password hashing, staff accounts ----------------------

import keyring  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from app.domain.enums import Role  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """An explicit in-memory keyring: tests never touch (or lack) the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Same algorithm (argon2id), test-sized cost: a login takes 1 ms instead of 150 ms.
    ``tests/integration/test_auth.py`` checks the production parameters separately."""
    from app.services import auth

    previous = auth.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        yield
    finally:
        auth.use_hasher(previous)


STAFF_PASSWORD = "Chuangkou#2026"


class Staff:
    """One enabled user per role, all with ``STAFF_PASSWORD``; ``staff[Role.CLERK]`` is the
    clerk's ``Actor``."""

    password = STAFF_PASSWORD

    def __init__(self, actors: dict[Role, Actor]) -> None:
        self.actors = actors

    def __getitem__(self, role: Role) -> Actor:
        return self.actors[role]


@pytest.fixture
def staff(db: Database) -> Staff:
    from app.services.auth import actor_of
    from app.services.users import add_user

    names = {
        Role.CLERK: ("clerk", "王窗口", "C001"),
        Role.SUPERVISOR: ("supervisor", "李主管", "S001"),
        Role.ADMIN: ("admin", "张管理", "A001"),
        Role.AUDITOR: ("auditor", "赵审计", "U001"),
    }
    actors: dict[Role, Actor] = {}
    with db.uow() as uow:
        for role, (username, display, staff_no) in names.items():
            user = add_user(
                uow.session,
                username=username,
                display_name=display,
                staff_no=staff_no,
                role=role,
                password=STAFF_PASSWORD,
                must_change_password=False,
            )
            actors[role] = actor_of(user)
        uow.commit()
    return Staff(actors)


class CaseSeeder:
    """Seeds open work through the ORM (the workflow services come with later issues)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._n = 0
        self._subject_id: int | None = None
        self._provider_id: int | None = None

    def _parents(self, session: object) -> tuple[int, int]:
        from app.db.models import ProviderUnit, Subject
        from app.domain.enums import SubjectKind

        if self._subject_id is None:
            subject = Subject(
                kind=SubjectKind.LEGAL_PERSON,
                code="91371000MA3C000001",
                name="威海华信科技有限公司",
            )
            provider = ProviderUnit(code="P-SCJG", name="威海市市场监督管理局", is_active=True)
            session.add_all([subject, provider])  # type: ignore[attr-defined]
            session.flush()  # type: ignore[attr-defined]
            self._subject_id, self._provider_id = subject.id, provider.id
        assert self._provider_id is not None
        return self._subject_id, self._provider_id

    def add(
        self,
        kind: str,
        state: str,
        due: object = None,
        *,
        assignee: int | None = None,
        applicant: str = "张三",
        next_step: str | None = None,
        received_on: object = None,
    ) -> int:
        from datetime import date

        from app.db.models import IntakeBatch, Objection, RepairApplication
        from app.domain.enums import IdDocType

        self._n += 1
        received = received_on or date(2026, 11, 2)
        with self.db.uow() as uow:
            s = uow.session
            subject_id, provider_id = self._parents(s)
            if kind == "objection":
                row: object = Objection(
                    case_no=f"YY2026{self._n:05d}",
                    subject_id=subject_id,
                    applicant_name=applicant,
                    applicant_doc_type=IdDocType.RESIDENT_ID,
                    applicant_doc_number="11010519491231002X",
                    received_on=received,
                    state=state,
                    next_step=next_step or "objection.check",
                    next_due_on=due,
                    assignee_user_id=assignee,
                )
            elif kind == "repair":
                row = RepairApplication(
                    case_no=f"XF2026{self._n:05d}",
                    subject_id=subject_id,
                    applicant_name=applicant,
                    applicant_doc_type=IdDocType.USCC,
                    applicant_doc_number="91371000MA3C000001",
                    lodged_with="center",
                    received_on=received,
                    state=state,
                    next_step=next_step or "repair.prereview",
                    next_due_on=due,
                    assignee_user_id=assignee,
                )
            else:
                row = IntakeBatch(
                    provider_id=provider_id,
                    method="file",
                    category="行政处罚",
                    file_name="batch.csv",
                    received_on=received,
                    state=state,
                    created_by_user_id=assignee,
                )
            s.add(row)
            uow.commit()
            return int(row.id)  # type: ignore[attr-defined]


@pytest.fixture
def cases(db: Database) -> CaseSeeder:
    return CaseSeeder(db)
