"""One entry point for every document type: build, page setup, embedded files, missing glyphs."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from reports import styles as st
from reports import template as tp
from reports.dto import CommitmentFormData, CreditReportData, content_fields, to_payload

CONTENT_FILE = "creditdesk-content.json"
VERIFICATION_FILE = "creditdesk-verification.json"


def build_document(
    data: Any, *, reprint: bool = False, reprinted_at: datetime | None = None
) -> bytes:
    """The PDF of any issuable document (a credit report or a letter)."""
    if isinstance(data, CreditReportData):
        from reports.credit_report import build_credit_report

        return build_credit_report(data, reprint=reprint, reprinted_at=reprinted_at)
    from reports.letters import build_letter

    return build_letter(data, reprint=reprint, reprinted_at=reprinted_at)


def page_setup_for(data: Any, *, reprint: bool = False) -> tp.PageSetup:
    if isinstance(data, CreditReportData):
        from reports.credit_report import page_setup

        return page_setup(data, reprint=reprint)
    from reports.letters import page_setup as letter_setup

    return letter_setup(data, reprint=reprint)


def with_attachments(
    setup: tp.PageSetup, data: Any, reprint: bool, reprinted_at: datetime | None
) -> tp.PageSetup:
    """Embed the canonical content and, once signed, the verification data."""
    if isinstance(data, CommitmentFormData):
        return setup
    from reports.verify import canonical_json

    files = [
        tp.Attachment(
            CONTENT_FILE,
            canonical_json(to_payload(data)),
            "application/json",
            "签名内容（规范 JSON）",
        )
    ]
    if data.issue.qr_payload:
        meta = {
            "qr": data.issue.qr_payload,
            "reprint": reprint,
            "reprinted_at": None if reprinted_at is None else reprinted_at.isoformat(),
        }
        files.append(
            tp.Attachment(
                VERIFICATION_FILE,
                json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                "application/json",
                "核验码",
            )
        )
    return dataclasses.replace(setup, attachments=tuple(files))


# --- what is printed ------------------------------------------------------------------------------


def printed_values(data: Any, path: str = "") -> list[tuple[str, list[str]]]:
    """Every value a document prints, with the forms it may be printed in: (field path, forms).

    Strings print as they are; dates as 2026-11-24 or 2026年11月24日; datetimes in China time;
    enums as labels (not listed: their values are not printed).
    """
    out: list[tuple[str, list[str]]] = []
    _walk(data, path, out)
    return out


def _walk(data: Any, path: str, out: list[tuple[str, list[str]]]) -> None:
    if isinstance(data, str):
        if data.strip() and not isinstance(data, Enum):
            out.append((path, [data]))
    elif isinstance(data, tuple | list):
        for i, item in enumerate(data):
            _walk(item, f"{path}[{i}]", out)
    elif isinstance(data, datetime):
        day = st.local_date(data)
        out.append((path, [st.fmt_datetime(data), st.fmt_cn_date(day), st.fmt_date(day)]))
    elif isinstance(data, date):
        out.append((path, [st.fmt_date(data), st.fmt_cn_date(data)]))
    elif dataclasses.is_dataclass(data) and not isinstance(data, type):
        prefix = f"{path}." if path else ""
        for name in content_fields(type(data)):
            _walk(getattr(data, name), prefix + name, out)


@dataclass(frozen=True)
class MissingCharacter:
    """A character the embedded font cannot print, and where it occurs."""

    char: str
    fields: tuple[str, ...]

    @property
    def codepoint(self) -> str:
        return st.codepoint(self.char)

    def describe(self) -> str:
        return f"“{self.char}”（{self.codepoint}，见 {'、'.join(self.fields)}）"


def missing_characters(data: Any) -> tuple[MissingCharacter, ...]:
    """The characters of ``data`` the font lacks (printed as ``〓``), in order of first use."""
    found: dict[str, list[str]] = {}
    for path, forms in printed_values(data):
        for ch in st.missing_glyphs(forms[0]):
            found.setdefault(ch, [])
            if path not in found[ch]:
                found[ch].append(path)
    return tuple(MissingCharacter(ch, tuple(paths)) for ch, paths in found.items())
