"""Reading, validating and encoding a provider file — here, or in a helper process.

The commit of a large batch spends its time in two places: Python reading and checking every
row, and the database storing it. They need not wait for each other: for a file of
``PARALLEL_MIN_BYTES`` or more (and more than one CPU) a helper process reads, validates and
encodes the rows while this process writes the previous chunk. Small files are checked right
here (starting a process costs more than it saves). Either way the rows arrive as the same
``Chunk``s, so the loader is one piece of code.

The helper never touches the database. The one database fact validation needs — is the written
consent a row cites on record for its subject? — is left open by the validator
(``PendingConsent``) and settled by the loader with one query per chunk
(``app.services.intake``).

An accepted row is sent *encoded*: dates as ISO text, enums by value, content / submission as
JSON text and the version snapshot as JSON text still missing the subject id, which only the
loader knows. That is what the database stores (SQLite and PostgreSQL alike take ISO dates as
text), so the loader just assembles tuples.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring_ascii as _string
from pathlib import Path
from typing import Any

from app.domain.codes import birth_date_of
from app.domain.enums import RecordStatus, SubjectKind
from app.domain.errors import CreditDeskError
from app.domain.messages import render
from app.domain.record_fields import NOTICE_DATE, NOTICE_METHOD
from app.rules.intake_rules import ItemSpec, ParsedRow, RowError, validate_row
from app.rules.profiles import Profile
from app.services.intake_files import IntakeFileError, RowReader, SheetRow

CHUNK = 2000
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # about 15,000 rows of a typical penalty file

# The fields of an accepted (encoded) row, by position: a plain tuple pickles fastest.
(
    A_LINE,
    A_CODE,
    A_KIND,
    A_NAME,
    A_BIRTH,
    A_ITEM_ID,
    A_DOC,
    A_DECIDED,
    A_ENDED,
    A_DETERMINED,
    A_LISTED,
    A_SEVERITY,
    A_LIST_TYPE,
    A_PENALTY,
    A_CONTENT,
    A_SUBMISSION,
    A_SNAPSHOT_TAIL,
    A_CONSENT,
    A_VALUES,
) = range(19)

PendingConsent = tuple[str, str]  # (subject code, written consent number) to look up


@dataclass(frozen=True)
class Rejected:
    line: int
    values: dict[str, str]
    errors: tuple[RowError, ...]
    consent: PendingConsent | None = None  # also to check: a failure adds its refusal


@dataclass
class Chunk:
    rows_read: int  # rows read so far (cumulative)
    bytes_read: int
    accepted: list[tuple[Any, ...]]
    rejected: list[Rejected]


@dataclass(frozen=True)
class ValidationJob:
    """Everything validation needs, picklable (the profile travels as its JSON)."""

    source: Path | bytes
    file_name: str
    expected_labels: frozenset[str]
    header: tuple[str, ...]
    profile_json: str
    items: dict[str, tuple[ItemSpec, int]]  # item code → (spec, catalogue id)
    provider_id: int
    today: date


def file_faults(row: SheetRow) -> list[RowError]:
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


def _q(text: str | None) -> str:
    """A JSON string literal (or null) exactly as ``json.dumps`` writes it."""
    return "null" if text is None else _string(text)


def encode(p: ParsedRow, line: int, item_id: int, job: ValidationJob) -> tuple[Any, ...]:
    """An accepted row as the loader writes it (see the module docstring).

    The submission and the snapshot are written as JSON text around the content's JSON: the
    same text ``json.dumps`` gives for ``submission_of`` / ``snapshot_of`` (in their key
    order; ``tests/unit/test_intake_pipeline.py`` holds them to it), at a third of the cost."""
    decided = p.decision_date.isoformat()
    ended = p.act_ended_on.isoformat() if p.act_ended_on else None
    determined = p.determined_on.isoformat() if p.determined_on else None
    listed = p.listed_on.isoformat() if p.listed_on else None
    severity = p.severity.value if p.severity else None
    penalty = p.penalty_class.value if p.penalty_class else None
    list_type = p.list_type.value
    kept = dict(p.content)
    if p.notice_date is not None:  # the pre-report notice (Xiamen 第十三条) stays with the record
        kept[NOTICE_DATE] = p.notice_date.isoformat()
    if p.notice_method:
        kept[NOTICE_METHOD] = p.notice_method
    content = json.dumps(kept)
    doc = _string(p.document_number)
    dates = (
        f'"decision_date": "{decided}", "act_ended_on": {_q(ended)}, '
        f'"determined_on": {_q(determined)}'
    )
    submission = (
        f'{{"document_number": {doc}, {dates}, "listed_on": {_q(listed)}, '
        f'"severity": {_q(severity)}, "penalty_class": {_q(penalty)}, "content": {content}}}'
    )
    snapshot_tail = (  # after "subject_id", which only the loader knows
        f'"catalog_item_id": {int(item_id)}, "provider_id": {int(job.provider_id)}, '
        f'"document_number": {doc}, {dates}, "formed_on": "{job.today.isoformat()}", '
        f'"listed_on": {_q(listed)}, "period_extended_on": null, "severity": {_q(severity)}, '
        f'"list_type": "{list_type}", "penalty_class": {_q(penalty)}, "content": {content}, '
        f'"status": "{RecordStatus.ACTIVE.value}", "status_changed_on": null, '
        '"status_reason": null}'
    )
    birth = (
        birth_date_of(p.subject_code).isoformat()
        if p.subject_kind is SubjectKind.NATURAL_PERSON
        else None
    )
    return (
        line,
        p.subject_code,
        p.subject_kind.value,
        p.subject_name,
        birth,
        item_id,
        p.document_number,
        decided,
        ended,
        determined,
        listed,
        severity,
        list_type,
        penalty,
        content,
        submission,
        snapshot_tail,
        None,
        None,
    )


def snapshot_json(subject_id: int, tail: str) -> str:
    """The version snapshot of an encoded row, now that its subject has an id."""
    return '{"subject_id": ' + str(int(subject_id)) + ", " + tail


def validated_chunks(job: ValidationJob, reader: RowReader) -> Iterator[Chunk]:
    """Read, validate and encode ``reader``'s rows, ``CHUNK`` accepted or rejected at a time."""
    profile = Profile.model_validate_json(job.profile_json)
    specs = {code: spec for code, (spec, _id) in job.items.items()}
    ids = {code: item_id for code, (_spec, item_id) in job.items.items()}
    header = list(job.header)
    pending: list[PendingConsent] = []

    def consent_later(code: str, ref: str) -> bool:
        pending.append((code, ref))
        return True  # settled by the loader against the database

    accepted: list[tuple[Any, ...]] = []
    rejected: list[Rejected] = []
    rows_read = 0
    for row in reader:
        rows_read += 1
        pending.clear()
        faults = file_faults(row) if row.imprecise or row.extra else None
        result = faults or validate_row(
            row.values,
            profile=profile,
            items=specs,
            today=job.today,
            consent_exists=consent_later,
            extra_labels=header,
        )
        consent = pending[0] if pending else None
        if isinstance(result, list):
            rejected.append(Rejected(row.line, row.values, tuple(result), consent))
        else:
            encoded = encode(result, row.line, ids[result.item_code], job)
            if consent is not None:
                encoded = (*encoded[:A_CONSENT], consent, row.values)
            accepted.append(encoded)
        if len(accepted) + len(rejected) >= CHUNK:
            yield Chunk(rows_read, reader.bytes_read, accepted, rejected)
            accepted, rejected = [], []
    yield Chunk(rows_read, reader.bytes_read, accepted, rejected)


def chunks(job: ValidationJob, reader: RowReader, *, parallel: bool | None) -> Iterator[Chunk]:
    """The file's chunks, validated here or (``parallel``; ``None`` = by size) by a helper
    process. Closing the iterator early (an error, a cancel) stops the helper."""
    if parallel is None:
        parallel = reader.size_bytes >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) > 1
    if not parallel:
        yield from validated_chunks(job, reader)
        return
    ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads and a GUI
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_work, args=(job, send), name="creditdesk-intake", daemon=True)
    worker.start()
    send.close()  # ours: the helper's end lives on in the helper
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                raise RuntimeError(
                    f"intake helper process ended unexpectedly (exit code {worker.exitcode})"
                ) from None
            kind = message[0]
            if kind == "chunk":
                yield message[1]
            elif kind == "done":
                return
            elif kind == "error":
                raise _rebuild(*message[1:])
            else:
                raise RuntimeError(f"intake helper process failed:\n{message[1]}")
    finally:
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=10)


def _work(job: ValidationJob, send: Any) -> None:
    """The helper process: stream the chunks back; the pipe's capacity paces the reading."""
    try:
        with RowReader(
            job.source,
            file_name=job.file_name,
            expected_labels=job.expected_labels,
            extra_cells="keep",
        ) as reader:
            for chunk in validated_chunks(job, reader):
                send.send(("chunk", chunk))
        send.send(("done",))
    except CreditDeskError as exc:
        send.send(("error", type(exc).__name__, exc.msg_id, dict(exc.params)))
    except BaseException:
        send.send(("crash", traceback.format_exc()))
    finally:
        send.close()


def _rebuild(kind: str, msg_id: str, params: dict[str, Any]) -> CreditDeskError:
    if kind == "IntakeFileError":
        return IntakeFileError(msg_id, **params)
    return CreditDeskError(msg_id, **params)


__all__ = [
    "CHUNK",
    "PARALLEL_MIN_BYTES",
    "Chunk",
    "PendingConsent",
    "Rejected",
    "ValidationJob",
    "chunks",
    "encode",
    "file_faults",
    "snapshot_json",
    "validated_chunks",
]
