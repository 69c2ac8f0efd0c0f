"""Gap-free numbers: formats, per-year and per-day counters, rollback, concurrent issuers."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from app.domain.enums import DocumentType
from app.services.database import Database
from app.services.numbering import (
    document_scope,
    next_case_number,
    next_document_number,
    next_value,
    peek_value,
)


def test_report_and_letter_number_formats(db: Database) -> None:
    with db.uow() as uow:
        s = uow.session
        first = next_document_number(
            s, DocumentType.CREDIT_REPORT, division_code="371000", year=2026
        )
        second = next_document_number(
            s, DocumentType.CREDIT_REPORT, division_code="371000", year=2026
        )
        letter = next_document_number(
            s, DocumentType.OBJECTION_RECEIPT, division_code="371000", year=2026
        )
        next_year = next_document_number(
            s, DocumentType.CREDIT_REPORT, division_code="371000", year=2027
        )
        uow.commit()
    assert (first, second) == ("3710002026000001", "3710002026000002")
    assert letter == "SL3710002026000001"  # each document type counts on its own
    assert next_year == "3710002027000001"  # serials restart each year


def test_case_numbers_per_day_shared_by_objections_and_repairs(db: Database) -> None:
    with db.uow() as uow:
        s = uow.session
        a = next_case_number(s, division_code="420100", on=date(2026, 11, 24))
        b = next_case_number(s, division_code="420100", on=date(2026, 11, 24))
        c = next_case_number(s, division_code="420100", on=date(2026, 11, 25))
        uow.commit()
    assert (a, b, c) == ("420100202611240001", "420100202611240002", "420100202611250001")
    assert len(a) == 18


def test_a_rollback_gives_the_number_back(db: Database) -> None:
    with db.uow() as uow:
        assert next_value(uow.session, "test", "2026") == 1
        uow.commit()
    with db.uow() as uow:
        assert next_value(uow.session, "test", "2026") == 2
        # no commit: the unit of work rolls back
    with db.uow() as uow:
        assert peek_value(uow.session, "test", "2026") == 1
        assert next_value(uow.session, "test", "2026") == 2
        uow.commit()


def test_bad_division_code_is_a_bug(db: Database) -> None:
    with db.uow() as uow, pytest.raises(ValueError):
        next_document_number(uow.session, DocumentType.CREDIT_REPORT, division_code="37", year=2026)


def test_concurrent_issuers_get_unique_gap_free_numbers(db: Database) -> None:
    """8 workers × 25 numbers, each in its own transaction (some rolled back): no duplicate,
    no gap. On PostgreSQL the counter row is locked until commit; SQLite has one writer."""
    workers, per_worker = 8, 25
    taken: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(workers)

    def work(index: int) -> None:
        try:
            start.wait()
            done = 0
            attempt = 0
            while done < per_worker:
                attempt += 1
                with db.uow() as uow:
                    number = next_document_number(
                        uow.session, DocumentType.CREDIT_REPORT, division_code="371000", year=2026
                    )
                    if (index + attempt) % 7 == 0:
                        continue  # this one is abandoned: rolled back, the number returns
                    uow.commit()
                with lock:
                    taken.append(number)
                done += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    serials = sorted(int(n[-6:]) for n in taken)
    assert len(taken) == len(set(taken)) == workers * per_worker
    assert serials == list(range(1, workers * per_worker + 1))
    with db.uow() as uow:
        assert peek_value(uow.session, document_scope(DocumentType.CREDIT_REPORT), "2026") == 200
