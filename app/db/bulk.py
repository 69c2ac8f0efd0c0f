"""Bulk writes for the intake loader: the database's own fast path, inside the ORM transaction.

A provider batch inserts hundreds of thousands of rows; going through the ORM (or even Core
``executemany`` with its per-row parameter processing) costs several times what the database
itself spends. ``BulkWriter`` writes plain tuples on the session's own connection — so the rows
are part of the same transaction and roll back with it:

- PostgreSQL: ``COPY … FROM STDIN`` (psycopg ``write_row``), as the issue asks;
- SQLite: the driver's ``executemany`` of one prepared ``INSERT``.

Values are converted once per column kind to what SQLAlchemy itself would store (dates as ISO
text and timestamps as naive UTC text on SQLite, JSON as ``json.dumps`` text, enums by value);
``tests/integration/test_bulk_writer.py`` reads rows written both ways and compares them.
Ids are reserved up front (``reserve_ids``) so children can reference their parents without a
read-back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import JSON, Date, Enum, Table, text
from sqlalchemy.orm import Session

from app.db.types import UTCDateTime

Convert = Callable[[Any], Any]


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)  # SQLAlchemy's default serializer


def _enum(value: Any) -> Any:
    return value.value if isinstance(value, PyEnum) else value


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: timestamps must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class BulkWriter:
    """Fast inserts and id reservations on ``session``'s connection (same transaction)."""

    def __init__(self, session: Session) -> None:
        session.flush()  # what the ORM holds goes first: the bulk rows may reference it
        self.session = session
        self.dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
        self._dbapi = session.connection().connection.driver_connection
        self._converters: dict[tuple[str, tuple[str, ...]], list[Convert | None]] = {}
        if self.dialect == "sqlite":
            # random-order keys (codes, document numbers) into large indexes: with the default
            # 2,000-page cache every insert evicts and re-reads index pages
            cursor = self._dbapi.cursor()
            cursor.execute("PRAGMA cache_size=-2000")  # 64 MiB, for this connection
            cursor.close()

    def reserve_ids(self, table: Table, count: int) -> list[int]:
        """``count`` fresh primary keys for ``table``. On SQLite the transaction already holds
        the write lock (it has written), so the ids after the current maximum are ours."""
        if count <= 0:
            return []
        if self.dialect == "postgresql":
            rows = self.session.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table.name, "n": count},
            )
            return [int(r[0]) for r in rows]
        top = self.session.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table.name}")).scalar()
        first = int(top or 0) + 1
        return list(range(first, first + count))

    def encode(self, table: Table, column: str, value: Any) -> Any:
        """``value`` as this database stores it in ``table.column`` (for ``encoded=True``)."""
        convert = self._converter(table.c[column])
        return value if convert is None or value is None else convert(value)

    def insert(
        self,
        table: Table,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        encoded: bool = False,
    ) -> int:
        """Insert ``rows`` (tuples in ``columns`` order); returns the count. Python values are
        converted per column unless ``encoded`` says the caller did it (``encode``)."""
        convert = self._converters_for(table, tuple(columns))
        indexed = [] if encoded else [(i, c) for i, c in enumerate(convert) if c is not None]
        prepared: list[Sequence[Any]] = []
        for row in rows:
            if indexed:
                out = list(row)
                for i, c in indexed:
                    out[i] = c(out[i])
                prepared.append(out)
            else:
                prepared.append(row)
        if not prepared:
            return 0
        names = ", ".join(columns)
        cursor = self._dbapi.cursor()
        try:
            if self.dialect == "postgresql":
                with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", prepared)
        finally:
            cursor.close()
        return len(prepared)

    def _converters_for(self, table: Table, columns: tuple[str, ...]) -> list[Convert | None]:
        key = (table.name, columns)
        found = self._converters.get(key)
        if found is None:
            found = [self._converter(table.c[name]) for name in columns]
            self._converters[key] = found
        return found

    def _converter(self, column: Any) -> Convert | None:
        type_ = column.type
        if isinstance(type_, JSON):  # JsonDoc: JSON, JSONB on PostgreSQL
            return _json
        if isinstance(type_, Enum):
            return _enum
        if isinstance(type_, UTCDateTime):
            return _sqlite_timestamp if self.dialect == "sqlite" else None
        if isinstance(type_, Date):
            return _sqlite_date if self.dialect == "sqlite" else None
        return None


__all__ = ["BulkWriter"]
