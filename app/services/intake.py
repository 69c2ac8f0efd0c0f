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
import json
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import any_, func, literal, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.db.bulk import BulkWriter
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
from app.domain.enums import ChangeKind, GrantMethod, PenaltyClass, RecordStatus, Severity
from app.domain.errors import ConcurrencyConflict, CreditDeskError, NotFound, ValidationFailed
from app.domain.permissions import Actor, Permission
from app.rules.calendar import WorkingCalendar
from app.rules.deadlines import Deadline, step_deadline
from app.rules.intake_rules import LABELS, ItemSpec, RowError, columns_for, consent_refusal
from app.rules.profiles import Profile, Step
from app.services import authz
from app.services.audit_trail import record_event
from app.services.cancel import NEVER_CANCELLED, CancelToken
from app.services.case_deadlines import calendar_in
from app.services.clock import local_today
from app.services.database import Database
from app.services.hashchain import append_entry
from app.services.intake_files import RowReader, write_table
from app.services.intake_pipeline import (
    A_BIRTH,
    A_CODE,
    A_CONSENT,
    A_CONTENT,
    A_DECIDED,
    A_DETERMINED,
    A_DOC,
    A_ENDED,
    A_ITEM_ID,
    A_KIND,
    A_LINE,
    A_LIST_TYPE,
    A_LISTED,
    A_NAME,
    A_PENALTY,
    A_SEVERITY,
    A_SNAPSHOT_TAIL,
    A_SUBMISSION,
    A_VALUES,
    Chunk,
    Rejected,
    ValidationJob,
    chunks,
    snapshot_json,
)
from app.services.log_verify import INTAKE_LOG_CHAIN
from app.services.rules import current_profile_in

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
    rows_late: int = 0  # new rows the provider sent after its deadline (profile's step)
    late_basis: str = ""  # that deadline and its article ("" when the profile has none)
    subjects_new: int = 0
    received_on: date | None = None
    integrate_due: Deadline | None = None  # the center's own deadline, when the profile has one
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
    parallel: bool | None = None,
    received_on: date | None = None,
) -> BatchSummary:
    """The dry run: counts and the rejected rows; nothing is written. ``parallel``: validate
    in a helper process (``None``: for a large file; see ``app.services.intake_pipeline``).
    ``received_on``: the day the file arrived (default today; a registered receipt of the same
    file wins) — the provider's and the center's deadlines count from it."""
    return _run(
        db,
        source,
        file_name,
        provider_code,
        actor,
        today,
        progress,
        cancel,
        commit=False,
        parallel=parallel,
        received_on=received_on,
    )


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
    parallel: bool | None = None,
    received_on: date | None = None,
) -> BatchSummary:
    """Load the file: everything that conforms, in one transaction, with the intake log.
    ``expected_sha256``: the digest the dry run saw — a file changed since is refused.
    ``parallel``, ``received_on``: as for ``preview``. A receipt registered for this file
    (``register_receipt``) becomes this batch."""
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
        parallel=parallel,
        received_on=received_on,
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
    parallel: bool | None = None,
    received_on: date | None = None,
) -> BatchSummary:
    authz.require(actor, Permission.INTAKE_IMPORT)
    today = today or local_today()
    received_on = _received_on(received_on, today)
    # the rejected rows: kept for the return file, on disk beyond 4 MB (closed with the summary)
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+b")  # noqa: SIM115
    with db.uow() as uow:
        s = uow.session
        profile = current_profile_in(s)
        provider = _provider(s, provider_code)
        items = _items(s, provider.id)
        specs = {code: spec for code, (spec, _id) in items.items()}
        expected = frozenset(_expected_labels(specs.values()))
        with RowReader(
            source,
            file_name=file_name,
            expected_labels=expected,
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
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            writer = csv.writer(text)
            batch = _registered(s, provider.id, reader.sha256)  # 登记收件 earlier, if it was
            if batch is not None:
                received_on = batch.received_on
            calendar = calendar_in(s)
            summary.received_on = received_on
            summary.integrate_due = _integrate_due(profile, received_on, calendar)
            if commit and batch is None:
                batch = IntakeBatch(
                    provider_id=provider.id,
                    method=method,
                    category="、".join(sorted(specs)),
                    file_name=file_name[:255],
                    file_sha256=reader.sha256,
                    received_on=received_on,
                    state=IntakeBatchState.RECEIVED.value,
                    created_by_user_id=actor.user_id,
                )
                s.add(batch)
                s.flush()
            late = _LateCheck(profile, received_on, calendar)
            summary.late_basis = late.basis
            loader = _Loader(s, provider, items, profile, actor, batch, today, late, write=commit)
            job = ValidationJob(
                source=source,
                file_name=file_name,
                expected_labels=expected,
                header=tuple(reader.header),
                profile_json=profile.model_dump_json(),
                items=items,
                provider_id=provider.id,
                today=today,
            )
            stream = chunks(job, reader, parallel=parallel)
            try:
                for chunk in stream:
                    cancel.raise_if_cancelled()
                    summary.rows_total = chunk.rows_read
                    rejected = loader.settle_consents(chunk)
                    for row in rejected:
                        summary.rows_rejected += 1
                        reason = RejectedRow(row.line, row.values, row.errors)
                        writer.writerow(
                            [row.values.get(h, "") for h in reader.header] + [reason.reason]
                        )
                        if len(summary.rejected) < SHOWN_REJECTIONS:
                            summary.rejected.append(reason)
                    loader.load(chunk.accepted, summary)
                    loader.refresh_statistics()
                    if progress is not None:
                        progress(summary.rows_total, chunk.bytes_read)
            finally:
                stream.close()  # stops a helper process on an error or a cancel
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
                batch.rows_late = summary.rows_late
                batch.due_step = None  # the center's step is done (or the provider's turn)
                batch.next_due_on = None
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
                        "late": summary.rows_late,
                        "received_on": received_on.isoformat(),
                        "integrate_due": (
                            summary.integrate_due.due.isoformat() if summary.integrate_due else None
                        ),
                    },
                )
                summary.batch_id = batch.id
                summary.log_seq = int(entry.seq)
                summary.committed = True
                uow.commit()
    if progress is not None:
        progress(summary.rows_total, summary.size_bytes)
    return summary


def _received_on(received_on: date | None, today: date) -> date:
    if received_on is None:
        return today
    if received_on > today:
        raise ValidationFailed(
            "intake.received_in_future", day=received_on.isoformat(), today=today.isoformat()
        )
    return received_on


def _registered(s: Session, provider_id: int, sha256: str) -> IntakeBatch | None:
    """The open receipt (登记收件) of this very file from this provider, if one was made."""
    return s.scalar(
        select(IntakeBatch)
        .where(
            IntakeBatch.provider_id == provider_id,
            IntakeBatch.file_sha256 == sha256,
            IntakeBatch.state == IntakeBatchState.RECEIVED.value,
        )
        .order_by(IntakeBatch.id)
        .limit(1)
        .with_for_update()
    )


def _integrate_due(
    profile: Profile, received_on: date, calendar: WorkingCalendar
) -> Deadline | None:
    """The center's deadline to compare, integrate and enter a received file (Zhangdian
    第十九条: 3 WD), or None when the profile has none or the calendar cannot count it."""
    try:
        return step_deadline(profile, Step.INTAKE_INTEGRATE.value, received_on, calendar)
    except CreditDeskError:
        return None  # a year without a calendar: the dashboard warns about the calendar


class _LateCheck:
    """Was a row, formed on its decision date, sent after the provider's own deadline
    (Zhangdian 第十一条: within 7 WD of the day the information formed)? Counted, not refused:
    late information is still information."""

    def __init__(self, profile: Profile, received_on: date, calendar: WorkingCalendar) -> None:
        self.rule = profile.steps.get(Step.INTAKE_PROVIDER_REPORT)
        self.profile = profile
        self.received_on = received_on
        self.calendar = calendar
        self.known: dict[str, bool] = {}

    @property
    def basis(self) -> str:
        if self.rule is None:
            return ""
        days, basis = self.rule.working_days, self.profile.cite(self.rule.basis)
        return f"信息形成之日起{days}个工作日内报送（{basis}）"

    def __call__(self, decided: str) -> bool:
        if self.rule is None:
            return False
        found = self.known.get(decided)
        if found is None:
            found = self._late(date.fromisoformat(decided))
            self.known[decided] = found
        return found

    def _late(self, decided: date) -> bool:
        assert self.rule is not None
        gap = (self.received_on - decided).days
        if gap <= self.rule.working_days:  # n working days take at least n calendar days
            return False
        if gap > 3 * self.rule.working_days + 21:  # more than any run of holidays could explain
            return True
        try:
            due = self.calendar.add_working_days(decided, self.rule.working_days)
        except CreditDeskError:
            return False  # not countable without that year's calendar: not claimed late
        return self.received_on > due


class _Loader:
    """Classifies and (on commit) writes one chunk of accepted, encoded rows
    (``app.services.intake_pipeline``) with a few set operations.

    The same decision twice in one file (same subject and document number): the later row
    replaces the earlier one and counts as an update, in the dry run and the commit alike."""

    RECORD_COLUMNS = (
        "id",
        "subject_id",
        "catalog_item_id",
        "provider_id",
        "document_number",
        "decision_date",
        "act_ended_on",
        "determined_on",
        "formed_on",
        "listed_on",
        "severity",
        "list_type",
        "penalty_class",
        "content",
        "status",
        "source_submission",
        "row_version",
        "created_at",
        "updated_at",
    )
    VERSION_COLUMNS = (
        "record_id",
        "version_no",
        "change_kind",
        "reason",
        "source_ref",
        "changed_by_user_id",
        "changed_at",
        "snapshot",
    )
    SUBJECT_COLUMNS = (
        "id",
        "kind",
        "code",
        "name",
        "birth_date",
        "row_version",
        "created_at",
        "updated_at",
    )

    def __init__(
        self,
        s: Session,
        provider: ProviderUnit,
        items: dict[str, tuple[ItemSpec, int]],
        profile: Profile,
        actor: Actor,
        batch: IntakeBatch | None,
        today: date,
        late: _LateCheck,
        *,
        write: bool,
    ) -> None:
        self.late = late
        self.s = s
        self.provider = provider
        self.items = items
        self.profile = profile
        self.actor = actor
        self.batch = batch
        self.today = today
        self.write = write
        self.now = utcnow()  # one timestamp for the batch: a record it wrote is recognised by it
        self.bulk = BulkWriter(s) if write else None
        self.ref = f"intake_batch:{batch.id}" if batch is not None else None
        self.postgres = s.bind is not None and s.bind.dialect.name == "postgresql"
        # The dry run writes nothing, so it remembers (as hashes: a million-row file must not
        # hold a million strings) which keys this file has already added or changed and which
        # subjects it has already created. The commit asks the database instead.
        self.seen: set[int] = set()
        self.new_subjects: set[int] = set()
        self.chunks = 0

    def _in(self, column: Any, values: Collection[Any]) -> Any:
        """``column IN values`` with ONE parameter, however many values: ``= ANY(array)`` on
        PostgreSQL, ``IN (SELECT value FROM json_each(…))`` on SQLite. Two thousand bind
        parameters per statement cost more to render and parse than the lookup itself."""
        if self.postgres:
            return column == any_(literal(list(values), ARRAY(column.type)))
        listed = func.json_each(literal(json.dumps(list(values)))).table_valued("value")
        return column.in_(select(listed.c.value))

    def refresh_statistics(self) -> None:
        """PostgreSQL plans this transaction's lookups on table statistics that do not know the
        rows it has just added; without a fresh ANALYZE now and then it falls back to scanning
        the whole table for every chunk (quadratic on a large first load). After chunks 1, 2,
        4, 8 …: each time the tables may have doubled, a few times per batch in all."""
        self.chunks += 1
        if not self.postgres or self.chunks & (self.chunks - 1):
            return
        self.s.execute(text("ANALYZE credit_records (document_number), subjects (code)"))

    def settle_consents(self, chunk: Chunk) -> list[Rejected]:
        """The chunk's rejected rows, after checking the written consents its rows cite (one
        query): an accepted row whose consent is not on record becomes rejected."""
        cited = [r.consent for r in chunk.rejected if r.consent] + [
            row[A_CONSENT] for row in chunk.accepted if row[A_CONSENT]
        ]
        if not cited:
            return chunk.rejected
        valid = self._consents_on_record(cited)
        rejected = [
            replace(r, errors=(*r.errors, consent_refusal(self.profile, r.consent[1])))
            if r.consent and r.consent not in valid
            else r
            for r in chunk.rejected
        ]
        keep = []
        for row in chunk.accepted:
            consent = row[A_CONSENT]
            if consent and consent not in valid:
                refusal = consent_refusal(self.profile, consent[1])
                rejected.append(Rejected(row[A_LINE], row[A_VALUES], (refusal,)))
            else:
                keep.append(row)
        chunk.accepted = keep
        rejected.sort(key=lambda r: r.line)
        return rejected

    def _consents_on_record(self, cited: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """A written consent is a registered written authorisation (授权书) of the subject; its
        number is the authorisation's id as shown on screen and paper."""
        by_id: dict[int, list[tuple[str, str]]] = {}
        for code, ref in cited:
            digits = "".join(ch for ch in ref if ch.isdigit())
            if digits and len(digits) < 19:
                by_id.setdefault(int(digits), []).append((code, ref))
        if not by_id:
            return set()
        found = self.s.execute(
            select(AuthorizationGrant.id, Subject.code)
            .join(Subject, AuthorizationGrant.grantor_subject_id == Subject.id)
            .where(
                self._in(AuthorizationGrant.id, by_id),
                AuthorizationGrant.method == GrantMethod.WRITTEN,
                AuthorizationGrant.revoked_at.is_(None),
            )
        ).all()
        on_record = {(grant_id, code) for grant_id, code in found}
        return {
            (code, ref)
            for grant_id, pairs in by_id.items()
            for code, ref in pairs
            if (grant_id, code) in on_record
        }

    def load(self, accepted: list[tuple[Any, ...]], summary: BatchSummary) -> None:
        rows: dict[tuple[str, str], tuple[Any, ...]] = {}
        for row in accepted:
            key = (row[A_CODE], row[A_DOC])
            if key in rows:
                summary.rows_updated += 1  # a repeat within the chunk: the later row wins
            rows[key] = row
        if not rows:
            return
        subjects = self._subjects(rows.values(), summary)
        existing = self._existing([(subjects[code], doc) for code, doc in rows if code in subjects])
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, dict[str, Any]]] = []
        for key, row in rows.items():
            sid = subjects.get(row[A_CODE])
            record = existing.get((sid, row[A_DOC])) if sid is not None else None
            if not self.write and hash(key) in self.seen:
                summary.rows_updated += 1  # repeats a row this file added or changed
                continue
            if record is None:
                summary.rows_new += 1
                if self.late(row[A_DECIDED]):
                    summary.rows_late += 1
                if not self.write:
                    self.seen.add(hash(key))
                inserts.append(row)
                continue
            submission = json.loads(row[A_SUBMISSION])
            same = (record.source_submission or {}) == submission and (
                record.catalog_item_id == row[A_ITEM_ID]
            )
            repeat = self.write and record.updated_at == self.now
            if same and not repeat:
                summary.rows_unchanged += 1
                continue
            summary.rows_updated += 1
            if not self.write:
                self.seen.add(hash(key))
            elif not same:
                updates.append(
                    (record, _values_of(submission) | {"catalog_item_id": row[A_ITEM_ID]})
                )
        if self.write:
            self._insert(inserts, subjects)
            self._update(updates)

    def _subjects(self, rows: Iterable[tuple[Any, ...]], summary: BatchSummary) -> dict[str, int]:
        """code → id of the chunk's subjects; those first met are created (on commit)."""
        firsts: dict[str, tuple[Any, ...]] = {}
        for row in rows:
            firsts.setdefault(row[A_CODE], row)
        subjects: dict[str, int] = dict(
            self.s.execute(
                select(Subject.code, Subject.id).where(self._in(Subject.code, firsts))
            ).all()
        )
        missing = [
            row
            for code, row in firsts.items()
            if code not in subjects and hash(code) not in self.new_subjects
        ]
        summary.subjects_new += len(missing)
        if not self.write:
            self.new_subjects.update(hash(row[A_CODE]) for row in missing)
            return subjects
        assert self.bulk is not None
        table = Subject.__table__
        ids = self.bulk.reserve_ids(table, len(missing))
        now = self.bulk.encode(table, "created_at", self.now)
        self.bulk.insert(
            table,
            self.SUBJECT_COLUMNS,
            [
                (sid, row[A_KIND], row[A_CODE], row[A_NAME], row[A_BIRTH], 1, now, now)
                for sid, row in zip(ids, missing, strict=True)
            ],
            encoded=True,
        )
        subjects.update((row[A_CODE], sid) for sid, row in zip(ids, missing, strict=True))
        return subjects

    def _existing(self, keys: list[tuple[int, str]]) -> dict[tuple[int, str], Any]:
        """The provider's records among ``keys`` ((subject id, document number))."""
        if not keys:
            return {}
        wanted = set(keys)
        table = CreditRecord.__table__
        found: dict[tuple[int, str], Any] = {}
        for row in self.s.execute(
            select(
                table.c.id,
                table.c.row_version,
                table.c.updated_at,
                *(table.c[name] for name in SNAPSHOT_FIELDS),
                table.c.source_submission,
            ).where(
                table.c.provider_id == self.provider.id,
                # the unique index is (provider, document number, subject): its prefix serves a
                # plain IN; a row-value IN over (subject, document) scanned the table on PG
                self._in(table.c.document_number, {doc for _sid, doc in keys}),
            )
        ):
            if (row.subject_id, row.document_number) in wanted:
                found[(row.subject_id, row.document_number)] = row
        return found

    def _insert(self, inserts: list[tuple[Any, ...]], subjects: dict[str, int]) -> None:
        """New records and their first version, from the encoded rows: tuples assembled, no
        per-value conversion (the hot path of a large first load)."""
        if not inserts:
            return
        assert self.bulk is not None
        bulk = self.bulk
        records_table = CreditRecord.__table__
        now = bulk.encode(records_table, "created_at", self.now)
        changed_at = bulk.encode(CreditRecordVersion.__table__, "changed_at", self.now)
        today = self.today.isoformat()
        provider_id, user_id, ref = self.provider.id, self.actor.user_id, self.ref
        active, intake_kind = RecordStatus.ACTIVE.value, ChangeKind.INTAKE.value
        ids = bulk.reserve_ids(records_table, len(inserts))
        records: list[tuple[Any, ...]] = []
        versions: list[tuple[Any, ...]] = []
        for rid, row in zip(ids, inserts, strict=True):
            sid = subjects[row[A_CODE]]
            records.append(
                (
                    rid,
                    sid,
                    row[A_ITEM_ID],
                    provider_id,
                    row[A_DOC],
                    row[A_DECIDED],
                    row[A_ENDED],
                    row[A_DETERMINED],
                    today,
                    row[A_LISTED],
                    row[A_SEVERITY],
                    row[A_LIST_TYPE],
                    row[A_PENALTY],
                    row[A_CONTENT],
                    active,
                    row[A_SUBMISSION],
                    1,
                    now,
                    now,
                )
            )
            versions.append(
                (
                    rid,
                    1,
                    intake_kind,
                    "归集入库",
                    ref,
                    user_id,
                    changed_at,
                    snapshot_json(sid, row[A_SNAPSHOT_TAIL]),
                )
            )
        bulk.insert(records_table, self.RECORD_COLUMNS, records, encoded=True)
        bulk.insert(CreditRecordVersion.__table__, self.VERSION_COLUMNS, versions, encoded=True)

    def _update(self, updates: list[tuple[Any, dict[str, Any]]]) -> None:
        """Each changed record gets the provider's new values and a new version; a record
        another user changed meanwhile (row version moved) fails the batch."""
        if not updates:
            return
        assert self.bulk is not None
        s, now = self.s, self.now
        records_table = CreditRecord.__table__
        versions_table = CreditRecordVersion.__table__
        last = dict(
            s.execute(
                select(versions_table.c.record_id, func.max(versions_table.c.version_no))
                .where(self._in(versions_table.c.record_id, [r.id for r, _v in updates]))
                .group_by(versions_table.c.record_id)
            ).all()
        )
        new_versions: list[tuple[Any, ...]] = []
        for record, values in updates:
            changed = s.execute(
                update(records_table)
                .where(
                    records_table.c.id == record.id,
                    records_table.c.row_version == record.row_version,
                )
                .values(**values, row_version=record.row_version + 1, updated_at=now)
            ).rowcount
            if changed != 1:
                raise ConcurrencyConflict(
                    entity=f"信用信息 {record.document_number}",
                    expected=record.row_version,
                    actual="?",
                )
            snap = {name: getattr(record, name) for name in SNAPSHOT_FIELDS} | values
            new_versions.append(
                (
                    record.id,
                    int(last.get(record.id) or 0) + 1,
                    ChangeKind.INTAKE_UPDATE,
                    "归集更新（同一提供单位、文书号、主体）",
                    self.ref,
                    self.actor.user_id,
                    now,
                    snapshot_of(snap),
                )
            )
        self.bulk.insert(versions_table, self.VERSION_COLUMNS, new_versions)


def _values_of(submission: dict[str, Any]) -> dict[str, Any]:
    """The record's columns from a provider submission (``submission_of``'s JSON form)."""

    def day(name: str) -> date | None:
        text = submission.get(name)
        return date.fromisoformat(text) if text else None

    severity, penalty = submission.get("severity"), submission.get("penalty_class")
    return {
        "document_number": submission["document_number"],
        "decision_date": day("decision_date"),
        "act_ended_on": day("act_ended_on"),
        "determined_on": day("determined_on"),
        "listed_on": day("listed_on"),
        "severity": Severity(severity) if severity else None,
        "penalty_class": PenaltyClass(penalty) if penalty else None,
        "content": dict(submission.get("content") or {}),
        "source_submission": submission,
    }


def register_receipt(
    db: Database,
    source: Path | bytes,
    *,
    file_name: str,
    provider_code: str,
    actor: Actor,
    received_on: date | None = None,
    today: date | None = None,
    method: str = "file",
) -> IntakeBatchRow:
    """登记收件: a provider's file has arrived and will be loaded later. The batch is open work
    from now on, with the center's deadline when the profile sets one (Zhangdian 第十九条:
    compared, integrated and entered within 3 WD of receipt); loading the same file later
    (same provider, same SHA-256) completes it. Registering a file twice returns the first
    receipt. The file must be readable now — a damaged file goes back at once."""
    authz.require(actor, Permission.INTAKE_IMPORT)
    today = today or local_today()
    received_on = _received_on(received_on, today)
    with db.uow() as uow:
        s = uow.session
        profile = current_profile_in(s)
        provider = _provider(s, provider_code)
        specs = {code: spec for code, (spec, _id) in _items(s, provider.id).items()}
        with RowReader(
            source,
            file_name=file_name,
            expected_labels=frozenset(_expected_labels(specs.values())),
            extra_cells="keep",
        ) as reader:
            sha256 = reader.sha256
        batch = _registered(s, provider.id, sha256)
        if batch is None:
            due = _integrate_due(profile, received_on, calendar_in(s))
            batch = IntakeBatch(
                provider_id=provider.id,
                method=method,
                category="、".join(sorted(specs)),
                file_name=file_name[:255],
                file_sha256=sha256,
                received_on=received_on,
                state=IntakeBatchState.RECEIVED.value,
                due_step=due.step if due else None,
                next_due_on=due.due if due else None,
                created_by_user_id=actor.user_id,
            )
            s.add(batch)
            s.flush()
            record_event(
                s,
                action="intake.received",
                entity_type="intake_batch",
                entity_id=batch.id,
                actor_user_id=actor.user_id,
                details={
                    "file": file_name,
                    "sha256": sha256,
                    "received_on": received_on.isoformat(),
                    "due": due.due.isoformat() if due else None,
                },
            )
            uow.commit()
        return _batch_row(batch, provider.code, provider.name)


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
        profile = current_profile_in(s)
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
    rows_late: int = 0
    due_step: str | None = None
    next_due_on: date | None = None


def _batch_row(b: IntakeBatch, provider_code: str, provider_name: str) -> IntakeBatchRow:
    return IntakeBatchRow(
        id=b.id,
        provider_code=provider_code,
        provider_name=provider_name,
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
        rows_late=b.rows_late,
        due_step=b.due_step,
        next_due_on=b.next_due_on,
    )


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
        return [_batch_row(b, code, name) for b, code, name in rows]


__all__ = [
    "BatchSummary",
    "IntakeBatchRow",
    "RejectedRow",
    "batches",
    "commit",
    "preview",
    "register_receipt",
    "resolve_return",
    "template",
]
