"""Provider batches (归集): dry run, then commit — streamed, chunked, all or nothing (issue 9).

A file is read row by row (``app.services.intake_files.RowReader``), each row validated by
``app.rules.intake_rules.validate_row`` against the installation's profile and the catalogue
items the provider supplies, and classified: new, an update of a record the provider sent
before (same provider + document number + subject: a new version, never a second record),
unchanged, or rejected. The dry run stops there; the commit writes, chunk by chunk, inside ONE
transaction — subjects first seen are created, records inserted or updated with their history
snapshot and the provider's submission, the batch row and the hash-chained intake log entry
(Wuhan 第二十八条) — so a batch goes in completely or not at all; cancelling rolls it back.

Rejected rows are kept in a temporary spool (not in memory) and can be written as the return
file (退回清单) in the provider's own columns with a reason column.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import and_, insert, select, text, update
from sqlalchemy.orm import Session

from app.db.history import SNAPSHOT_FIELDS, snapshot_of
from app.db.models import (
    AuthorizationGrant,
    CatalogItem,
    CreditRecord,
    CreditRecordVersion,
    IntakeBatch,
    ProviderUnit,
    Subject,
)
from app.db.types import utcnow
from app.domain.caseflow import IntakeBatchState
from app.domain.codes import birth_date_of
from app.domain.enums import ChangeKind, GrantMethod, RecordStatus, SubjectKind
from app.domain.errors import ConcurrencyConflict, CreditDeskError, NotFound, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.domain.record_fields import submission_of
from app.rules.intake_rules import (
    LABELS,
    ItemSpec,
    ParsedRow,
    RowError,
    columns_for,
    validate_row,
)
from app.rules.profiles import Profile
from app.services import authz
from app.services.audit_trail import record_event
from app.services.cancel import NEVER_CANCELLED, CancelToken
from app.services.clock import local_today
from app.services.database import Database
from app.services.hashchain import append_entry
from app.services.intake_files import RowReader, SheetRow, write_table
from app.services.log_verify import INTAKE_LOG_CHAIN
from app.services.rules import get_profile
from app.services.settings import load_from_session

CHUNK = 2000
SHOWN_REJECTIONS = 500  # rejected rows carried in the result for the screen; all go to the file
REASON_LABEL = "退回原因"

Progress = Callable[[int, int], None]  # (rows read, bytes read) — the GUI estimates from size


@dataclass(frozen=True)
class RejectedRow:
    line: int
    values: dict[str, str]
    errors: tuple[RowError, ...]

    @property
    def reason(self) -> str:
        return "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in self.errors)


@dataclass
class BatchSummary:
    """What a dry run or a commit found; ``returns`` makes the return file."""

    file_name: str
    sha256: str
    size_bytes: int
    provider_code: str
    provider_name: str
    header: tuple[str, ...] = ()
    rows_total: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    subjects_new: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)  # the first SHOWN_REJECTIONS
    committed: bool = False
    batch_id: int | None = None
    log_seq: int | None = None
    _spool: Any = None

    @property
    def rows_loaded(self) -> int:
        return self.rows_new + self.rows_updated

    def returns(self, fmt: Literal["xlsx", "csv"] = "xlsx") -> bytes:
        """The 退回清单: the rejected rows in the provider's columns plus the reason."""
        labels = [*self.header, REASON_LABEL]
        return write_table(
            labels,
            self._rejected_rows(),
            fmt=fmt,
            title=f"{self.provider_name} 归集退回清单（{self.file_name}）",
            notes=(f"共退回 {self.rows_rejected} 行；请按“{REASON_LABEL}”更正后重新报送。",),
        )

    def _rejected_rows(self) -> Iterator[list[str]]:
        if self._spool is None:
            return
        self._spool.seek(0)
        text = io.TextIOWrapper(self._spool, encoding="utf-8", newline="")
        try:
            yield from csv.reader(text)
        finally:
            text.detach()


# --- the catalogue a provider supplies --------------------------------------------------------


def _profile(s: Session) -> Profile:
    """The installation's rules (a center name is not needed to take in data)."""
    chosen = load_from_session(s).jurisdiction_profile
    if not chosen:
        raise CreditDeskError("settings.not_configured")
    return get_profile(chosen)


def _provider(s: Session, code: str) -> ProviderUnit:
    provider = s.scalar(select(ProviderUnit).where(ProviderUnit.code == (code or "").strip()))
    if provider is None or not provider.is_active:
        raise NotFound("intake.provider_unknown", code=code)
    return provider


def _items(s: Session, provider_id: int) -> dict[str, tuple[ItemSpec, int]]:
    rows = s.scalars(
        select(CatalogItem).where(
            CatalogItem.provider_id == provider_id, CatalogItem.is_active.is_(True)
        )
    )
    return {
        item.code: (
            ItemSpec(
                code=item.code,
                name=item.name,
                info_class=item.info_class,
                disclosure=item.disclosure,
                report_section=item.report_section,
                legal_basis=item.legal_basis,
                fields=tuple(item.fields or ()),
            ),
            item.id,
        )
        for item in rows
    }


def _expected_labels(specs: Iterable[ItemSpec]) -> set[str]:
    labels = {LABELS[k] for k in ("item_code", "subject_name", "subject_code", "document_number")}
    for spec in specs:
        labels |= {str(f.get("label")) for f in spec.fields}
    return labels


def _consent_lookup(s: Session) -> Callable[[str, str], bool]:
    """A written consent is a registered written authorisation (授权书) of the subject; its
    number is the authorisation's id as shown on screen and paper."""

    def exists(code: str, ref: str) -> bool:
        digits = "".join(ch for ch in ref if ch.isdigit())
        if not digits:
            return False
        found = s.scalar(
            select(AuthorizationGrant.id)
            .join(Subject, AuthorizationGrant.grantor_subject_id == Subject.id)
            .where(
                AuthorizationGrant.id == int(digits),
                Subject.code == code,
                AuthorizationGrant.method == GrantMethod.WRITTEN,
                AuthorizationGrant.revoked_at.is_(None),
            )
        )
        return found is not None

    return exists


# --- running a batch --------------------------------------------------------------------------


def preview(
    db: Database,
    source: Path | bytes,
    *,
    file_name: str,
    provider_code: str,
    actor: Actor,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: CancelToken = NEVER_CANCELLED,
) -> BatchSummary:
    """The dry run: counts and the rejected rows; nothing is written."""
    return _run(db, source, file_name, provider_code, actor, today, progress, cancel, commit=False)


def commit(
    db: Database,
    source: Path | bytes,
    *,
    file_name: str,
    provider_code: str,
    actor: Actor,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: CancelToken = NEVER_CANCELLED,
    method: str = "file",
    expected_sha256: str | None = None,
) -> BatchSummary:
    """Load the file: everything that conforms, in one transaction, with the intake log.
    ``expected_sha256``: the digest the dry run saw — a file changed since is refused."""
    return _run(
        db,
        source,
        file_name,
        provider_code,
        actor,
        today,
        progress,
        cancel,
        commit=True,
        expected_sha256=expected_sha256,
        method=method,
    )


def _run(
    db: Database,
    source: Path | bytes,
    file_name: str,
    provider_code: str,
    actor: Actor,
    today: date | None,
    progress: Progress | None,
    cancel: CancelToken,
    *,
    commit: bool,
    method: str = "file",
    expected_sha256: str | None = None,
) -> BatchSummary:
    authz.require(actor, Permission.INTAKE_IMPORT)
    today = today or local_today()
    # the rejected rows: kept for the return file, on disk beyond 4 MB (closed with the summary)
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+b")  # noqa: SIM115
    with db.uow() as uow:
        s = uow.session
        profile = _profile(s)
        provider = _provider(s, provider_code)
        items = _items(s, provider.id)
        specs = {code: spec for code, (spec, _id) in items.items()}
        with RowReader(
            source,
            file_name=file_name,
            expected_labels=_expected_labels(specs.values()),
            extra_cells="keep",  # a stray cell rejects its row, not the whole file
        ) as reader:
            if expected_sha256 and reader.sha256 != expected_sha256:
                raise CreditDeskError("intake.file_changed", file=file_name)
            summary = BatchSummary(
                file_name=file_name,
                sha256=reader.sha256,
                size_bytes=reader.size_bytes,
                provider_code=provider.code,
                provider_name=provider.name,
                header=tuple(reader.header),
                _spool=spool,
            )
            extra = list(reader.header)
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            writer = csv.writer(text)
            batch = None
            if commit:
                batch = IntakeBatch(
                    provider_id=provider.id,
                    method=method,
                    category="、".join(sorted(specs)),
                    file_name=file_name[:255],
                    file_sha256=reader.sha256,
                    received_on=today,
                    state=IntakeBatchState.RECEIVED.value,
                    created_by_user_id=actor.user_id,
                )
                s.add(batch)
                s.flush()
            loader = _Loader(s, provider, items, profile, actor, batch, today)
            consent = _consent_lookup(s)
            chunk: list[tuple[int, dict[str, str], ParsedRow]] = []
            for row in reader:
                summary.rows_total += 1
                result = _file_faults(row) or validate_row(
                    row.values,
                    profile=profile,
                    items=specs,
                    today=today,
                    consent_exists=consent,
                    extra_labels=extra,
                )
                if isinstance(result, list):
                    summary.rows_rejected += 1
                    writer.writerow(
                        [row.values.get(h, "") for h in reader.header]
                        + [RejectedRow(row.line, row.values, tuple(result)).reason]
                    )
                    if len(summary.rejected) < SHOWN_REJECTIONS:
                        summary.rejected.append(RejectedRow(row.line, row.values, tuple(result)))
                else:
                    chunk.append((row.line, row.values, result))
                if len(chunk) >= CHUNK:
                    loader.load(chunk, summary, write=commit)
                    chunk = []
                    loader.refresh_statistics()
                if summary.rows_total % CHUNK == 0:
                    cancel.raise_if_cancelled()
                    if progress is not None:
                        progress(summary.rows_total, reader.bytes_read)
            if chunk:
                loader.load(chunk, summary, write=commit)
            text.flush()
            text.detach()  # the spool outlives the wrapper: the return file reads it later
            cancel.raise_if_cancelled()
            if commit and batch is not None:
                # rejected rows go back to the provider: open work until it resubmits them
                returned = summary.rows_rejected > 0
                batch.state = (
                    IntakeBatchState.RETURNED if returned else IntakeBatchState.COMMITTED
                ).value
                batch.rows_total = summary.rows_total
                batch.rows_new = summary.rows_new
                batch.rows_updated = summary.rows_updated
                batch.rows_rejected = summary.rows_rejected
                batch.committed_at = utcnow()
                entry = append_entry(
                    s,
                    INTAKE_LOG_CHAIN,
                    occurred_at=utcnow(),
                    batch_id=batch.id,
                    provider_id=provider.id,
                    method=method,
                    category=batch.category,
                    file_sha256=reader.sha256,
                    rows_total=summary.rows_total,
                    rows_loaded=summary.rows_loaded,
                    rows_rejected=summary.rows_rejected,
                    actor_user_id=actor.user_id,
                )
                record_event(
                    s,
                    action="intake.committed",
                    entity_type="intake_batch",
                    entity_id=batch.id,
                    actor_user_id=actor.user_id,
                    details={
                        "file": file_name,
                        "sha256": reader.sha256,
                        "new": summary.rows_new,
                        "updated": summary.rows_updated,
                        "rejected": summary.rows_rejected,
                    },
                )
                summary.batch_id = batch.id
                summary.log_seq = int(entry.seq)
                summary.committed = True
                uow.commit()
    if progress is not None:
        progress(summary.rows_total, summary.size_bytes)
    return summary


def _file_faults(row: SheetRow) -> list[RowError]:
    """What the spreadsheet itself spoiled: digits Excel cut, cells outside the columns."""
    errors = [
        RowError(label, render("intake.imprecise_number", {"label": label}).text)
        for label in row.imprecise
    ]
    errors.extend(
        RowError(f"{letter}列", render("intake.cell_outside_header", {"column": letter}).text)
        for letter, _text in row.extra
    )
    return errors


class _Loader:
    """Classifies and (on commit) writes one chunk of valid rows with a few set operations."""

    def __init__(
        self,
        s: Session,
        provider: ProviderUnit,
        items: dict[str, tuple[ItemSpec, int]],
        profile: Profile,
        actor: Actor,
        batch: IntakeBatch | None,
        today: date,
    ) -> None:
        self.s = s
        self.provider = provider
        self.items = items
        self.profile = profile
        self.actor = actor
        self.batch = batch
        self.today = today
        # hashes, not the strings: a million-row file must not hold a million keys in memory
        self.seen: set[int] = set()  # hash((subject code, document number)) met in this file
        self.new_subjects: set[int] = set()  # hash(subject code) first met in this file
        self.chunks = 0

    def refresh_statistics(self) -> None:
        """PostgreSQL plans this transaction's lookups on table statistics that do not know the
        rows it has just added; without a fresh ANALYZE now and then it falls back to scanning
        the whole table for every chunk (quadratic on a large first load)."""
        self.chunks += 1
        if self.s.bind.dialect.name != "postgresql" or self.chunks % 10:
            return
        self.s.execute(text("ANALYZE credit_records, subjects"))

    def load(
        self,
        chunk: list[tuple[int, dict[str, str], ParsedRow]],
        summary: BatchSummary,
        *,
        write: bool,
    ) -> None:
        s = self.s
        codes = {p.subject_code for _l, _v, p in chunk}
        subjects = dict(
            s.execute(select(Subject.code, Subject.id).where(Subject.code.in_(codes))).all()
        )
        missing = [
            p
            for _l, _v, p in chunk
            if p.subject_code not in subjects and hash(p.subject_code) not in self.new_subjects
        ]
        firsts: dict[str, ParsedRow] = {}
        for p in missing:
            firsts.setdefault(p.subject_code, p)
        self.new_subjects.update(map(hash, firsts))  # a dry run never inserts them: count once
        summary.subjects_new += len(firsts)
        if write and firsts:
            now = utcnow()
            rows = [
                {
                    "kind": p.subject_kind,
                    "code": p.subject_code,
                    "name": p.subject_name,
                    "birth_date": _birth(p),
                    "row_version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for p in firsts.values()
            ]
            # plain executemany, then the ids by the unique code: RETURNING with a guaranteed
            # order falls back to one statement per row on SQLite
            s.execute(insert(Subject.__table__), rows)
            subjects.update(
                dict(
                    s.execute(
                        select(Subject.code, Subject.id).where(Subject.code.in_(list(firsts)))
                    ).all()
                )
            )
        keys = [
            (subjects[p.subject_code], p.document_number)
            for _l, _v, p in chunk
            if p.subject_code in subjects
        ]
        existing: dict[tuple[int, str], CreditRecord] = {}
        if keys:
            wanted = set(keys)
            for record in s.scalars(
                select(CreditRecord).where(
                    CreditRecord.provider_id == self.provider.id,
                    # the unique index is (provider, document number, subject): its prefix serves
                    # a plain IN; a row-value IN over (subject, document) scanned the table on PG
                    CreditRecord.document_number.in_({doc for _sid, doc in keys}),
                )
            ):
                if (record.subject_id, record.document_number) in wanted:
                    existing[(record.subject_id, record.document_number)] = record
        now = utcnow()
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[CreditRecord, dict[str, Any]]] = []
        for _line, _values, p in chunk:
            _spec, item_id = self.items[p.item_code]
            values = _record_values(p)
            submission = submission_of(values)
            sid = subjects.get(p.subject_code)
            record = existing.get((sid, p.document_number)) if sid is not None else None
            key = hash((p.subject_code, p.document_number))
            if record is None and key in self.seen:
                # the same decision twice in one file: the later row updates the earlier one
                summary.rows_updated += 1
                continue
            self.seen.add(key)
            if record is None:
                summary.rows_new += 1
                if write:
                    inserts.append(
                        values
                        | {
                            "subject_id": sid,
                            "catalog_item_id": item_id,
                            "provider_id": self.provider.id,
                            "formed_on": self.today,
                            "list_type": p.list_type,
                            "status": RecordStatus.ACTIVE,
                            "source_submission": submission,
                            "row_version": 1,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            elif (
                record.source_submission or {}
            ) == submission and record.catalog_item_id == item_id:
                summary.rows_unchanged += 1
            else:
                summary.rows_updated += 1
                if write:
                    updates.append(
                        (
                            record,
                            values | {"catalog_item_id": item_id, "source_submission": submission},
                        )
                    )
        if not write:
            return
        ref = f"intake_batch:{self.batch.id}" if self.batch is not None else None
        if inserts:
            s.execute(insert(CreditRecord.__table__), inserts)
            new_ids = {
                (sid, doc): rid
                for rid, sid, doc in s.execute(
                    select(
                        CreditRecord.id, CreditRecord.subject_id, CreditRecord.document_number
                    ).where(
                        CreditRecord.provider_id == self.provider.id,
                        CreditRecord.document_number.in_({r["document_number"] for r in inserts}),
                    )
                )
            }
            ids = [new_ids[(r["subject_id"], r["document_number"])] for r in inserts]
            s.execute(
                insert(CreditRecordVersion.__table__),
                [
                    {
                        "record_id": rid,
                        "version_no": 1,
                        "change_kind": ChangeKind.INTAKE,
                        "reason": "归集入库",
                        "source_ref": ref,
                        "changed_by_user_id": self.actor.user_id,
                        "changed_at": now,
                        "snapshot": snapshot_of(row),
                    }
                    for rid, row in zip(ids, inserts, strict=True)
                ],
            )
        for record, values in updates:
            version = record.row_version
            changed = s.execute(
                update(CreditRecord)
                .where(and_(CreditRecord.id == record.id, CreditRecord.row_version == version))
                .values(**values, row_version=version + 1, updated_at=now)
            ).rowcount
            if changed != 1:
                raise ConcurrencyConflict(
                    entity=f"信用信息 {record.document_number}", expected=version, actual="?"
                )
            last = s.scalar(
                select(CreditRecordVersion.version_no)
                .where(CreditRecordVersion.record_id == record.id)
                .order_by(CreditRecordVersion.version_no.desc())
                .limit(1)
            )
            snap = {name: getattr(record, name) for name in SNAPSHOT_FIELDS} | values
            s.execute(
                insert(CreditRecordVersion),
                [
                    {
                        "record_id": record.id,
                        "version_no": int(last or 0) + 1,
                        "change_kind": ChangeKind.INTAKE_UPDATE,
                        "reason": "归集更新（同一提供单位、文书号、主体）",
                        "source_ref": ref,
                        "changed_by_user_id": self.actor.user_id,
                        "changed_at": now,
                        "snapshot": snapshot_of(snap),
                    }
                ],
            )
            s.expire(record)


def _record_values(p: ParsedRow) -> dict[str, Any]:
    return {
        "document_number": p.document_number,
        "decision_date": p.decision_date,
        "act_ended_on": p.act_ended_on,
        "determined_on": p.determined_on,
        "listed_on": p.listed_on,
        "severity": p.severity,
        "penalty_class": p.penalty_class,
        "content": dict(p.content),
    }


def _birth(p: ParsedRow) -> date | None:
    return birth_date_of(p.subject_code) if p.subject_kind is SubjectKind.NATURAL_PERSON else None


def resolve_return(db: Database, batch_id: int, *, note: str, actor: Actor) -> None:
    """The provider resubmitted (or the returned rows were settled): the batch leaves the
    open work. ``note`` says how (e.g. the resubmitted file's batch number)."""
    authz.require(actor, Permission.INTAKE_IMPORT)
    text = (note or "").strip()
    if not text:
        raise ValidationFailed("intake.resolve_note_required")
    with db.uow() as uow:
        s = uow.session
        batch = s.get(IntakeBatch, batch_id, with_for_update=True)
        if batch is None:
            raise NotFound("intake.batch_unknown", batch_id=batch_id)
        if batch.state != IntakeBatchState.RETURNED.value:
            raise ValidationFailed("intake.batch_not_returned", batch_id=batch_id)
        batch.state = IntakeBatchState.COMMITTED.value
        batch.note = ((batch.note or "") + f"\n退回处理：{text}").strip()[:2000]
        record_event(
            s,
            action="intake.return_resolved",
            entity_type="intake_batch",
            entity_id=batch_id,
            actor_user_id=actor.user_id,
            details={"note": text},
        )
        uow.commit()


def template(
    db: Database, item_code: str, *, fmt: Literal["xlsx", "csv"] = "xlsx", actor: Actor
) -> tuple[str, bytes]:
    """The provider template for one catalogue item: (file name, bytes). The columns follow the
    installation's profile (``app.rules.intake_rules.columns_for``); notes say what to fill."""
    authz.require(actor, Permission.INTAKE_READ)
    with db.uow() as uow:
        s = uow.session
        profile = _profile(s)
        item = s.scalar(select(CatalogItem).where(CatalogItem.code == (item_code or "").strip()))
        if item is None:
            raise NotFound("intake.item_unknown", code=item_code)
        provider = s.get(ProviderUnit, item.provider_id) if item.provider_id else None
        spec = (
            _items(s, item.provider_id)[item.code][0]
            if provider
            else ItemSpec(
                item.code,
                item.name,
                item.info_class,
                item.disclosure,
                item.report_section,
                item.legal_basis,
                tuple(item.fields or ()),
            )
        )
    cols = columns_for(profile, spec)
    supplier = provider.name if provider else "未指定"
    notes = [
        f"信息事项：{item.code} {item.name}；信息提供单位：{supplier}。"
        f"适用《{profile.regulation}》。",
        "必填列：" + "、".join(c.label for c in cols if c.required) + "。",
        *(f"{c.label}：{c.note}" for c in cols if c.note),
    ]
    example = [item.code if c.key == "item_code" else "" for c in cols]
    data = write_table(
        [c.label for c in cols],
        [example],
        fmt=fmt,
        title=f"{item.name}报送模板",
        notes=notes,
    )
    return f"{item.code}-{item.name}-报送模板.{fmt}", data


@dataclass(frozen=True)
class IntakeBatchRow:
    id: int
    provider_code: str
    provider_name: str
    method: str
    file_name: str | None
    received_on: date
    committed_at: Any
    state: str
    rows_total: int
    rows_new: int
    rows_updated: int
    rows_rejected: int
    note: str | None


def batches(db: Database, *, actor: Actor, limit: int = 100) -> list[IntakeBatchRow]:
    """The most recent batches, newest first."""
    authz.require(actor, Permission.INTAKE_READ)
    with db.uow() as uow:
        rows = uow.session.execute(
            select(IntakeBatch, ProviderUnit.code, ProviderUnit.name)
            .join(ProviderUnit, IntakeBatch.provider_id == ProviderUnit.id)
            .order_by(IntakeBatch.id.desc())
            .limit(limit)
        ).all()
        return [
            IntakeBatchRow(
                id=b.id,
                provider_code=code,
                provider_name=name,
                method=b.method,
                file_name=b.file_name,
                received_on=b.received_on,
                committed_at=b.committed_at,
                state=b.state,
                rows_total=b.rows_total,
                rows_new=b.rows_new,
                rows_updated=b.rows_updated,
                rows_rejected=b.rows_rejected,
                note=b.note,
            )
            for b, code, name in rows
        ]


__all__ = [
    "BatchSummary",
    "IntakeBatchRow",
    "RejectedRow",
    "batches",
    "commit",
    "preview",
    "resolve_return",
    "template",
]
