"""Hash chains for append-only logs (audit trail now, query log and intake log later).

Each entry stores ``seq`` (1, 2, 3 … with no gaps), ``prev_hash`` (the previous entry's
``entry_hash``, or 64 zeros for the first) and ``entry_hash = SHA-256(prev_hash + canonical
JSON of the entry)``. The canonical JSON covers ``seq`` and the chain's declared fields, keys
sorted, no whitespace, UTF-8, timestamps as UTC ISO-8601 with microseconds. Changing,
deleting, inserting or reordering any entry breaks the chain at that position, which
``verify_chain`` reports.

The chain's head (``chain_heads``: last seq and hash) is written in the same transaction as
each entry, so deleting entries from the *end* — which would leave a valid shorter chain — is
detected too. Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock per
chain; on SQLite by the database's single writer (a concurrent append fails on the unique
``seq`` or the head's primary key rather than forking the chain).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db.models import ChainHead
from app.db.types import utcnow

GENESIS_HASH = "0" * 64


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} in a hash-chained entry")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not allowed in a hash-chained entry")


def canonical_json(content: Mapping[str, Any]) -> str:
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_encode
    )


def normalized(value: Any) -> Any:
    """``value`` as it will read back from a JSON column (tuples → lists, dates → strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=_encode))


def compute_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainSpec:
    """A hash-chained table: a mapped class with ``seq``, ``prev_hash`` and ``entry_hash``
    columns, and the other columns that are covered by the hash (everything but ``id``)."""

    model: type[Any]
    fields: tuple[str, ...]

    @property
    def name(self) -> str:
        return str(self.model.__tablename__)

    @property
    def lock_key(self) -> int:
        return zlib.crc32(f"creditdesk.chain.{self.name}".encode())

    def content_of(self, entry: Any) -> dict[str, Any]:
        content = {"seq": entry.seq}
        for field in self.fields:
            content[field] = getattr(entry, field)
        return content


def lock_chain(session: Session, spec: ChainSpec) -> None:
    """Serialise appends to ``spec``'s chain until the transaction ends (PostgreSQL; SQLite has
    a single writer). Taking it again in the same transaction is harmless. Call it before
    reading anything the new entry's content depends on (e.g. a count of earlier entries)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": spec.lock_key})


def append_entry(session: Session, spec: ChainSpec, **values: Any) -> Any:
    """Add the next entry of the chain to ``session`` and move the chain's head (the caller
    commits)."""
    lock_chain(session, spec)
    model = spec.model
    last = session.execute(
        select(model.seq, model.entry_hash).order_by(model.seq.desc()).limit(1)
    ).first()
    head = session.get(ChainHead, spec.name)
    if head is not None:
        # Continue from the head: after entries were deleted from the end, the new entry
        # leaves a gap that verification reports. ``max`` keeps the unique seq free when
        # rows were inserted past the head (verification reports those too).
        seq = max(head.last_seq, last.seq if last else 0) + 1
        prev_hash = head.last_hash
    else:
        seq = (last.seq + 1) if last else 1
        prev_hash = last.entry_hash if last else GENESIS_HASH
    entry = model(seq=seq, prev_hash=prev_hash, **values)
    entry.entry_hash = compute_hash(prev_hash, spec.content_of(entry))
    session.add(entry)
    if head is None:
        head = ChainHead(chain=spec.name)
        session.add(head)
    head.last_seq = seq
    head.last_hash = entry.entry_hash
    head.updated_at = utcnow()
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainVerification:
    chain: str
    ok: bool
    entries_checked: int
    last_seq: int
    first_bad_seq: int | None = None
    problem: str | None = None  # Chinese, names the position and the fault
    head_hash: str | None = None  # the recorded head (note it down to detect a rewritten log)


def verify_chain(session: Session, spec: ChainSpec, *, batch_size: int = 1000) -> ChainVerification:
    """Recompute the whole chain in ``seq`` order, in batches; stop at the first fault; then
    compare the last entry with the chain's head (deleting entries from the end)."""
    model = spec.model
    head = session.get(ChainHead, spec.name)
    head_hash = head.last_hash if head is not None else None
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    after = 0
    while True:
        batch = session.scalars(
            select(model).where(model.seq > after).order_by(model.seq).limit(batch_size)
        ).all()
        if not batch:
            break
        for entry in batch:
            fault = None
            if entry.seq != expected_seq:
                fault = (
                    f"序号不连续：应为第 {expected_seq} 条，实际为第 {entry.seq} 条"
                    "（有记录被删除或插入）"
                )
            elif entry.prev_hash != prev_hash:
                fault = (
                    f"第 {entry.seq} 条记载的前一条哈希值与第 {entry.seq - 1} 条不符"
                    "（记录被替换或重排）"
                )
            elif entry.entry_hash != compute_hash(entry.prev_hash, spec.content_of(entry)):
                fault = f"第 {entry.seq} 条的内容与其哈希值不符（记录被修改）"
            elif head is not None and entry.seq > head.last_seq:
                fault = (
                    f"第 {entry.seq} 条在链头记载的最后一条（第 {head.last_seq} 条）之后"
                    "（末尾有记录被插入）"
                )
            if fault:
                return ChainVerification(
                    spec.name, False, checked, expected_seq - 1, entry.seq, fault, head_hash
                )
            checked += 1
            expected_seq += 1
            prev_hash = entry.entry_hash
            after = entry.seq
        for entry in batch:  # keep memory flat on long chains
            session.expunge(entry)
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            fault = f"缺少链头记录：无法确认第 {last_seq} 条之后是否有记录被删除（链头被删除）"
            return ChainVerification(
                spec.name, False, checked, last_seq, last_seq + 1, fault, head_hash
            )
    elif head.last_seq != last_seq or head.last_hash != prev_hash:
        intact = last_seq if head.last_seq != last_seq else last_seq - 1
        fault = (
            f"链头记载共 {head.last_seq} 条，实际完整的只有 {intact} 条（末尾的记录被删除或替换）"
        )
        return ChainVerification(spec.name, False, checked, last_seq, intact + 1, fault, head_hash)
    return ChainVerification(spec.name, True, checked, last_seq, head_hash=head_hash)
