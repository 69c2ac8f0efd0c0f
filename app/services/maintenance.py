"""Database maintenance use cases: schema upgrade and status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db import migrate
from app.db.models import CatalogItem, CreditRecord, ProviderUnit, Subject
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.database import Database


@dataclass(frozen=True)
class SchemaStatus:
    target: str
    dialect: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


@dataclass(frozen=True)
class DataSummary:
    subjects: int
    records: int
    providers: int
    catalog_items: int


def upgrade_schema(db: Database, *, actor: Actor, revision: str = "head") -> SchemaStatus:
    authz.require(actor, Permission.DB_MIGRATE)
    db.upgrade(revision)
    return schema_status(db)


def schema_status(db: Database) -> SchemaStatus:
    return SchemaStatus(
        target=db.target,
        dialect=db.dialect,
        current=db.current_revision(),
        head=migrate.head_revision(),
    )


def data_summary(db: Database) -> DataSummary:
    """Row counts of the main tables (public, non-personal figures)."""
    with db.uow() as uow:
        s = uow.session

        def count(model: type) -> int:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

        return DataSummary(
            subjects=count(Subject),
            records=count(CreditRecord),
            providers=count(ProviderUnit),
            catalog_items=count(CatalogItem),
        )
