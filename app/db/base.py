"""Declarative base with a naming convention, so constraint names are stable on both dialects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamps:
    """created_at / updated_at, UTC-aware."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def version_column() -> Mapped[int]:
    """Optimistic-locking counter. Declare as ``row_version = version_column()`` and set
    ``__mapper_args__ = {"version_id_col": row_version}``: SQLAlchemy bumps it on every UPDATE
    and raises ``StaleDataError`` when another session changed the row first (services turn
    that into ``ConcurrencyConflict``)."""
    return mapped_column(nullable=False)
