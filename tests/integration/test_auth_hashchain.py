"""The reusable hash chain (audit trail now, query log later): append and verify."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from app.db.models import AuditEvent
from app.domain.enums import Role
from app.domain.errors import PermissionDenied
from app.services.audit_trail import AUDIT_CHAIN, record_event, verify_audit_trail
from app.services.database import Database
from app.services.hashchain import GENESIS_HASH, canonical_json, compute_hash, verify_chain

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def _append(db: Database, n: int) -> None:
    with db.uow() as uow:
        for i in range(n):
            record_event(
                uow.session,
                action="test.event",
                entity_type="case",
                entity_id=i,
                details={"姓名": "张三", "n": i, "when": T0.date(), "tags": ("a", "b")},
                now=T0 + timedelta(seconds=i),
            )
        uow.commit()


def _verify(db: Database):
    with db.uow() as uow:
        return verify_chain(uow.session, AUDIT_CHAIN, batch_size=3)


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": "张"}) == '{"a":"张","b":1}'
    assert compute_hash(GENESIS_HASH, {"a": 1}) == compute_hash("0" * 64, {"a": 1})


def test_given_appended_entries_then_seq_is_gap_free_and_the_chain_verifies(db) -> None:
    _append(db, 7)
    with db.uow() as uow:
        entries = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.seq for e in entries] == list(range(1, 8))
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    result = _verify(db)
    assert result.ok and result.entries_checked == 7 and result.last_seq == 7


def test_an_empty_chain_verifies(db) -> None:
    assert _verify(db).ok


def test_given_a_modified_entry_then_verification_names_it(db) -> None:
    _append(db, 5)
    with db.uow() as uow:
        uow.session.execute(
            update(AuditEvent).where(AuditEvent.seq == 3).values(entity_id="tampered")
        )
        uow.commit()
    result = _verify(db)
    assert not result.ok
    assert result.first_bad_seq == 3
    assert result.problem == "第 3 条的内容与其哈希值不符（记录被修改）"


def test_given_a_deleted_entry_then_verification_reports_the_gap(db) -> None:
    _append(db, 5)
    with db.uow() as uow:
        uow.session.execute(delete(AuditEvent).where(AuditEvent.seq == 4))
        uow.commit()
    result = _verify(db)
    assert not result.ok and result.first_bad_seq == 5
    assert "序号不连续" in (result.problem or "")


def test_given_entries_cut_from_the_end_then_the_head_tells(db) -> None:
    _append(db, 5)
    with db.uow() as uow:
        uow.session.execute(delete(AuditEvent).where(AuditEvent.seq >= 4))
        uow.commit()
    result = _verify(db)
    assert not result.ok and result.entries_checked == 3
    assert result.problem == "链头记载共 5 条，实际完整的只有 3 条（末尾的记录被删除或替换）"


def test_given_a_rehashed_forgery_then_the_next_link_breaks(db) -> None:
    _append(db, 4)
    with db.uow() as uow:
        forged = uow.session.scalar(select(AuditEvent).where(AuditEvent.seq == 2))
        assert forged is not None
        forged.action = "forged"
        forged.entry_hash = compute_hash(forged.prev_hash, AUDIT_CHAIN.content_of(forged))
        uow.commit()
    result = _verify(db)
    assert not result.ok and result.first_bad_seq == 3
    assert "前一条哈希值" in (result.problem or "")


def test_only_auditors_verify_the_audit_trail(db, staff) -> None:
    assert verify_audit_trail(db, actor=staff[Role.AUDITOR]).ok
    for role in (Role.CLERK, Role.SUPERVISOR, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            verify_audit_trail(db, actor=staff[role])
