"""Records and log reads the record-lifecycle tests set up (issue 10): a record of any demo
catalogue item for a subject of the query world, and the case reads in the query log."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.db.history import ChangeInfo, attach_change
from app.db.models import CatalogItem, CreditRecord, ProviderUnit, QueryLogEntry
from app.domain.enums import ChangeKind, QueryMethod
from app.services.database import Database
from app.services.demo_catalog import ITEMS


def add_record(
    db: Database,
    subject_id: int,
    code: str,
    *,
    provider: str | None = None,
    **kw: Any,
) -> int:
    """A record of demo catalogue item ``code`` (created if the world lacks it); dates default
    to ``kw["on"]``."""
    item_def = next(i for i in ITEMS if i.code == code)
    on = kw.pop("on", date(2026, 3, 2))
    with db.uow() as uow:
        s = uow.session
        item = s.scalar(select(CatalogItem).where(CatalogItem.code == code))
        providers = {p.code: p.id for p in s.scalars(select(ProviderUnit))}
        if item is None:
            item = CatalogItem(
                code=code,
                name=item_def.name,
                info_class=item_def.info_class,
                disclosure=item_def.disclosure,
                report_section=item_def.section,
                provider_id=providers[item_def.provider],
                legal_basis=item_def.legal_basis,
                fields=[],
            )
            s.add(item)
            s.flush()
        n = s.scalar(select(CreditRecord.id).order_by(CreditRecord.id.desc()).limit(1)) or 0
        record = CreditRecord(
            subject_id=subject_id,
            catalog_item_id=item.id,
            provider_id=providers[provider or item_def.provider],
            document_number=f"测试〔2026〕{n + 1}号",
            decision_date=kw.pop("decided", on),
            act_ended_on=kw.pop("act_ended_on", on),
            determined_on=kw.pop("determined_on", on),
            formed_on=kw.pop("formed_on", on),
            listed_on=kw.pop("listed_on", None),
            severity=kw.pop("severity", None),
            list_type=kw.pop("list_type", item_def.list_type),
            content={},
            **kw,
        )
        attach_change(record, ChangeInfo(ChangeKind.DEMO))
        s.add(record)
        uow.commit()
        return record.id


def case_reads(db: Database) -> list[QueryLogEntry]:
    """The query log's case reads (办案查阅), oldest first."""
    with db.uow() as uow:
        return list(
            uow.session.scalars(
                select(QueryLogEntry)
                .where(QueryLogEntry.method == QueryMethod.CASE)
                .order_by(QueryLogEntry.seq)
            )
        )
