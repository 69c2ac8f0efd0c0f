"""Database maintenance use cases: schema upgrade and status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db import migrate
from app.db.models import CatalogItem, CreditRecord, ProviderUnit, Subject
from app.domain.permissions import Actor, Permission
from app.services import authz, calendar
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
class UpgradeResult:
    status: SchemaStatus
    calendar_years_added: list[int]


@dataclass(frozen=True)
class DataSummary:
    subjects: int
    records: int
    providers: int
    catalog_items: int


def upgrade_schema(db: Database, *, actor: Actor, revision: str = "head") -> UpgradeResult:
    """Apply the migrations, then load the official working-day calendar for every year the
    installed chinesecalendar package carries and the database lacks."""
    authz.require(actor, Permission.DB_MIGRATE)
    db.upgrade(revision)
    status = schema_status(db)
    added: list[int] = []
    if status.up_to_date:
        added = calendar.seed_from_package(db, actor=actor)
    return UpgradeResult(status, added)


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
