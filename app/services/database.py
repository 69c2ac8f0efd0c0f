"""The database handle and the unit of work every service runs in.

``Database`` owns the engine and the session factory. ``UnitOfWork`` opens one Session for
one use case: it rolls back unless committed and turns driver failures into the typed errors
the GUI and the CLI know how to show (a dropped connection, a concurrent edit).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import TracebackType

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

import app.db.history
import app.db.models  # noqa: F401
from app.config import default_db_url
from app.db import migrate
from app.db.engine import describe_target, make_engine, parse_url, safe_url
from app.domain.errors import ConcurrencyConflict, CreditDeskError, DatabaseUnavailable


class Database:
    def __init__(self, url: str | None = None, *, password: str | None = None) -> None:
        self.url = parse_url(url or default_db_url())
        self.engine: Engine = make_engine(self.url, password=password)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def target(self) -> str:
        return describe_target(self.url)

    @property
    def safe_url(self) -> str:
        return safe_url(self.url)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self)

    def new_session(self) -> Session:
        return self._sessions()

    def ping(self) -> None:
        with self.translate_errors(), self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def upgrade(self, revision: str = "head") -> None:
        with self.translate_errors():
            migrate.upgrade(self.engine, revision)

    def downgrade(self, revision: str) -> None:
        with self.translate_errors():
            migrate.downgrade(self.engine, revision)

    def current_revision(self) -> str | None:
        with self.translate_errors():
            return migrate.current_revision(self.engine)

    def require_current_schema(self) -> None:
        current, head = self.current_revision(), migrate.head_revision()
        if current != head:
            raise CreditDeskError(
                "db.not_migrated", target=self.target, current=current or "（空）", head=head
            )

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        try:
            yield
        except StaleDataError as exc:
            raise ConcurrencyConflict(entity="记录", expected="?", actual="?") from exc
        except OperationalError as exc:
            raise DatabaseUnavailable(target=self.target, reason=_first_line(exc)) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise DatabaseUnavailable(target=self.target, reason=_first_line(exc)) from exc
            raise


class UnitOfWork:
    """``with db.uow() as uow: ...; uow.commit()`` — one Session, one transaction."""

    session: Session

    def __init__(self, db: Database) -> None:
        self.db = db
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.new_session()
        self._errors = self.db.translate_errors()
        self._errors.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        # close() rolls back an uncommitted transaction without expiring what was read, so
        # DTOs built from loaded rows stay usable after the unit of work ends. If the
        # connection is gone, the original error is what matters.
        with suppress(DBAPIError):
            self.session.close()
        return self._errors.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self.session.commit()
        self._committed = True

    def flush(self) -> None:
        self.session.flush()


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
