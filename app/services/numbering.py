"""Gap-free numbers: report and letter numbers per year, objection and repair case numbers per day.

Formats (the division code is the installation profile's 6-digit administrative division):

============================  ======================================  ============================
what                          format                                  example
============================  ======================================  ============================
credit report                 division + year + 6-digit serial        ``3710002026000123``
letter                        2-letter type + division + year + 6     ``SL3710002026000012``
objection / repair case       division + YYYYMMDD + 4-digit serial    ``420100202611240007``
============================  ======================================  ============================

Letter type codes: SL 异议受理回执, ZB 异议核查转办单, JG 异议处理结果告知书, XF 信用修复决定书,
BY 不予修复告知书, CH 良好信息撤回告知书, TS 信用提示告知书, TX 公示期调整提醒函. Report and
letter serials restart each (China-time) year, one counter per document type; case serials
restart each day and are shared by objections and repairs, so a case number names one case of
either kind (jurisdictions.md §9: "6-digit administrative-division code + date (YYYYMMDD) +
serial").

Gap-free: the counter row in ``number_sequences`` is incremented with one
``INSERT … ON CONFLICT DO UPDATE SET last_value = last_value + 1 RETURNING last_value``. On
PostgreSQL that statement takes the row's lock (the lock ``SELECT … FOR UPDATE`` would take)
and holds it until the caller's transaction ends; a concurrent issuer waits, then sees the new
value. On SQLite the statement makes the transaction the single writer. Either way the number
is taken inside the caller's transaction, next to the row that uses it: a rollback gives the
number back, a commit makes both visible together. Take numbers late in the transaction: the
lock serialises everyone issuing the same kind of number until commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain.enums import DocumentType
from app.domain.errors import CreditDeskError

REPORT_SERIAL_DIGITS = 6
CASE_SERIAL_DIGITS = 4
CASE_SCOPE = "case"

LETTER_CODES: dict[DocumentType, str] = {
    DocumentType.OBJECTION_RECEIPT: "SL",
    DocumentType.OBJECTION_FORWARD: "ZB",
    DocumentType.OBJECTION_RESULT: "JG",
    DocumentType.REPAIR_DECISION: "XF",
    DocumentType.REPAIR_REFUSAL: "BY",
    DocumentType.WITHDRAWAL_NOTICE: "CH",
    DocumentType.CREDIT_ALERT_NOTICE: "TS",
    DocumentType.CREDIT_ALERT_REMINDER: "TX",
}

_UPSERT = text(
    "INSERT INTO number_sequences (scope, period, last_value) VALUES (:scope, :period, 1) "
    "ON CONFLICT (scope, period) DO UPDATE "
    "SET last_value = number_sequences.last_value + 1 "
    "RETURNING last_value"
)


def next_value(session: Session, scope: str, period: str) -> int:
    """The next value of the counter (``scope``, ``period``), starting at 1; locks the counter
    until the session's transaction ends."""
    value = session.execute(_UPSERT, {"scope": scope, "period": period}).scalar_one()
    return int(value)


def peek_value(session: Session, scope: str, period: str) -> int:
    """The last value handed out (0 if none); no lock."""
    value = session.execute(
        text("SELECT last_value FROM number_sequences WHERE scope = :scope AND period = :period"),
        {"scope": scope, "period": period},
    ).scalar_one_or_none()
    return int(value or 0)


def _check_division(division_code: str) -> None:
    if len(division_code) != 6 or not division_code.isdigit():
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")


def document_scope(doc_type: DocumentType) -> str:
    return f"doc.{doc_type.value}"


def next_document_number(
    session: Session, doc_type: DocumentType, *, division_code: str, year: int
) -> str:
    """The next number of a document type in ``year`` (China time)."""
    _check_division(division_code)
    serial = next_value(session, document_scope(doc_type), f"{year:04d}")
    if serial >= 10**REPORT_SERIAL_DIGITS:
        raise CreditDeskError(
            "numbering.exhausted", what=doc_type.label, period=f"{year} 年", limit=serial - 1
        )
    prefix = "" if doc_type == DocumentType.CREDIT_REPORT else LETTER_CODES[doc_type]
    return f"{prefix}{division_code}{year:04d}{serial:0{REPORT_SERIAL_DIGITS}d}"


def next_case_number(session: Session, *, division_code: str, on: date) -> str:
    """The next objection or repair case number of the day ``on``: 420100202611240007."""
    _check_division(division_code)
    day = on.strftime("%Y%m%d")
    serial = next_value(session, CASE_SCOPE, day)
    if serial >= 10**CASE_SERIAL_DIGITS:
        raise CreditDeskError(
            "numbering.exhausted", what="异议及修复案件", period=f"{on:%Y-%m-%d}", limit=serial - 1
        )
    return f"{division_code}{day}{serial:0{CASE_SERIAL_DIGITS}d}"


__all__ = [
    "LETTER_CODES",
    "document_scope",
    "next_case_number",
    "next_document_number",
    "next_value",
    "peek_value",
]
