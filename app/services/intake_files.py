"""The file layer of data intake (数据归集): read and write providers' spreadsheet files.

Providers (tax bureau, market regulator, courts …) send .xlsx or .csv files every week. This
module turns such a file into a stream of ``SheetRow`` (line number + header label → cell
text) and writes templates and return files. It knows nothing of the database or of what the
columns mean: row validation and loading are built on top of it.

Reading is streaming: memory stays flat whatever the size of a CSV file (an .xlsx file keeps
its shared-strings table in memory, as openpyxl must). Every failure a provider can cause is an
``IntakeFileError`` whose Chinese message names the file and, where known, the line/column.

Plain Python: no Qt, no SQLAlchemy, no ``app.db``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import pathlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Literal

from app.domain.errors import ValidationFailed

__all__ = [
    "DETECTION_SAMPLE_BYTES",
    "HEADER_SCAN_ROWS",
    "IntakeFileError",
    "RowReader",
    "SheetRow",
    "detect_encoding",
    "write_table",
]

#: Bytes looked at to decide a CSV file's encoding (and to tell binary files from text).
DETECTION_SAMPLE_BYTES = 64 * 1024
#: The header must be among the first this many non-empty rows (title and note rows above it).
HEADER_SCAN_ROWS = 30

_ZIP_SIGNATURE = b"PK"
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_MARKUP_STARTS = (b"<?xml", b"<html", b"<!doctype", b"<table", b"<head", b"<meta", b"<body")
_OTHER_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",
    b"Rar!",
    b"7z\xbc",
)
_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb"}
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GBK/GB18030"}
_HASH_CHUNK = 1024 * 1024
_EMPTY: frozenset[str] = frozenset()


# --- values -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row of a provider's file.

    ``line`` is the row number the user sees: the Excel row number, or for CSV the line of a
    text editor on which the record starts (a quoted cell may span lines). ``values`` maps every
    header label to the cell text, stripped, "" when empty or missing.

    ``extra`` holds ``(column letter, text)`` of non-empty cells outside the header (beyond its
    last column or under a column without a label); it is only ever non-empty when the reader
    was made with ``extra_cells="keep"`` (by default such a row raises ``IntakeFileError``).
    ``imprecise`` names the labels whose .xlsx cell held a *number* of 16 or more digits: Excel
    keeps only 15 significant digits, so an ID number or account typed as a number has already
    lost its last digits (the text here shows what Excel shows, e.g. "110105194912310000").
    """

    line: int
    values: dict[str, str]
    extra: tuple[tuple[str, str], ...] = ()
    imprecise: frozenset[str] = _EMPTY


class IntakeFileError(ValidationFailed):
    """A provider's file cannot be read; the message names the file and, if known, the place.

    ``msg_id`` is one of the ``intake_file.*`` ids in ``app/domain/messages_intake.py``.
    """

    def __init__(
        self,
        msg_id: str,
        /,
        *,
        file: str,
        line: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> None:
        self.file_name = file
        self.line = line
        self.column = column
        super().__init__(msg_id, file=file, line=line, column=column, **params)
        self.field_errors = {"file": [self.text]}


# --- encoding ---------------------------------------------------------------------------------


def detect_encoding(sample: bytes) -> str:
    """``"utf-8-sig"`` (BOM), ``"utf-8"`` or ``"gb18030"``, decided from the bytes alone.

    ``sample`` is the start of a file (or any stretch that starts on a character boundary);
    a multi-byte character cut at its end does not count against UTF-8. Text that is not UTF-8
    is taken as GB18030, the superset of GBK that Excel on Chinese Windows writes ("CSV（逗号
    分隔）"); pure ASCII is UTF-8.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # An incremental decoder keeps an incomplete sequence at the end for "later": exactly
        # a character cut at the sample boundary.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _detect_stream_encoding(stream: IO[bytes], head: bytes) -> str:
    """The encoding of a whole stream: ``head`` decides unless it is all ASCII, in which case
    the first stretch with non-ASCII bytes further on does (an English header above Chinese
    data must not make a GBK file "UTF-8")."""
    if head.startswith(codecs.BOM_UTF8) or not head.isascii() or len(head) < DETECTION_SAMPLE_BYTES:
        return detect_encoding(head)
    stream.seek(len(head))
    try:
        while chunk := stream.read(_HASH_CHUNK):
            if not chunk.isascii():
                first = next(i for i, byte in enumerate(chunk) if byte >= 0x80)
                window = chunk[first:]
                if len(window) < DETECTION_SAMPLE_BYTES:
                    window += stream.read(DETECTION_SAMPLE_BYTES - len(window))
                return detect_encoding(window[:DETECTION_SAMPLE_BYTES])
        return "utf-8"
    finally:
        stream.seek(0)


def _looks_binary(head: bytes) -> bool:
    """NUL bytes that are frequent, or in bytes that are not text anyway: not a CSV file. (A
    stray NUL in a text file is left to the row validation.)"""
    nuls = head.count(b"\x00")
    if not nuls:
        return False
    if nuls * 10 > len(head):
        return True
    try:
        codecs.getincrementaldecoder(detect_encoding(head))().decode(head, final=False)
    except UnicodeDecodeError:
        return True
    return False


def _line_breaks(data: bytes) -> int:
    """Line breaks as a text editor (and ``csv`` on a ``newline=""`` stream) counts them."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _line_of_bad_bytes(stream: IO[bytes], encoding: str) -> int:
    """The 1-based line holding the first bytes that do not decode. ``\\n`` is never part of
    a multi-byte character in UTF-8 or GB18030, so the file can be decoded line by line."""
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    breaks = 0
    for raw in stream:
        try:
            raw.decode(codec)
        except UnicodeDecodeError as exc:
            return breaks + _line_breaks(raw[: exc.start]) + 1
        breaks += _line_breaks(raw)
    return breaks + 1


# --- cell text --------------------------------------------------------------------------------

# OOXML writes characters XML cannot hold as "_xHHHH_" (and a literal "_x" as "_x005F_x");
# Excel reads them back, openpyxl does not: undo it here, do it in the writer.
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_OOXML_TO_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _ooxml_unescape(text: str) -> str:
    return _OOXML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _ooxml_escape(text: str) -> str:
    return _OOXML_TO_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _number_text(value: float) -> str:
    """What Excel shows in a General cell, without scientific notation: 15 significant
    digits, integers without ".0" (12.0 → "12", 1.1e17 → "110000000000000000")."""
    if value != value or value in (float("inf"), float("-inf")):  # NaN/inf: not from Excel
        return str(value)
    text = format(Decimal(f"{value:.15g}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _cell_text(value: object) -> str:
    """The text of an .xlsx cell value as openpyxl (read-only, data_only) gives it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return (_ooxml_unescape(value) if "_x" in value else value).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _is_imprecise(value: object) -> bool:
    return isinstance(value, float) and abs(value) >= 1e15


def _label_text(text: str) -> str:
    """A header label as found: whitespace runs (full-width spaces, line breaks) → one space."""
    return " ".join(text.split())


def _label_key(text: str) -> str:
    """Loose identity of a label: full-/half-width forms folded, all whitespace removed
    ("姓　名" and "姓名", "金额(元)" and "金额（元）" are the same column)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → "A", 26 → "AA")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _quote_list(labels: Iterable[str]) -> str:
    return "、".join(f"“{label}”" for label in labels)


# --- reading ----------------------------------------------------------------------------------

# (line, stripped cell texts, indexes of imprecise numeric cells)
_RawRow = tuple[int, list[str], tuple[int, ...]]


class RowReader:
    """Read a provider's .xlsx or .csv file row by row.

    ``with RowReader(path, file_name="处罚.xlsx", expected_labels=LABELS) as reader:`` opens the
    file, hashes it, finds the header (all available as attributes once constructed), then
    iterating yields the data rows lazily as ``SheetRow``. Errors are ``IntakeFileError``, from
    the constructor (cannot open, no header) or during iteration (a bad line further on).

    - ``kind`` is decided by content (a zip → xlsx), not by the name; ``encoding`` and
      ``delimiter`` are set for CSV (comma; tab for tab-separated text, tried when the file
      has tabs and no header is found at commas).
    - The header is the first row whose cells include at least half of ``expected_labels``
      (compared ignoring whitespace and full-/half-width forms), or without expected labels
      the first row with two or more non-empty cells (else the first non-empty row). Rows
      above it — a merged title, notes — are skipped. It must be among the first
      ``HEADER_SCAN_ROWS`` non-empty rows.
    - ``header`` holds the labels in column order, each spelled as in ``expected_labels``
      when it matches one, else as found with whitespace normalised; ``values`` of every row
      use exactly these keys. ``header_found`` is the text of the header cells as found,
      ``header_columns`` the Excel column letter of each label.
    - Empty rows are skipped; short rows get "" for the missing cells. A non-empty cell
      outside the header raises ``IntakeFileError`` naming line and column, unless
      ``extra_cells="keep"``, which reports it in ``SheetRow.extra`` instead.
    - An empty file, or one with only a header, yields no rows (``header`` is empty and
      ``header_line`` 0 when there was no non-empty row at all).
    """

    kind: Literal["csv", "xlsx"]
    encoding: str | None
    delimiter: str | None
    sheet_name: str | None
    header: tuple[str, ...]
    header_found: tuple[str, ...]
    header_columns: Mapping[str, str]
    header_line: int
    sha256: str
    size_bytes: int

    def __init__(
        self,
        source: pathlib.Path | bytes,
        *,
        file_name: str,
        expected_labels: Collection[str] = (),
        extra_cells: Literal["error", "keep"] = "error",
    ) -> None:
        if extra_cells not in ("error", "keep"):
            raise ValueError(f"extra_cells must be 'error' or 'keep', not {extra_cells!r}")
        self.file_name = file_name
        self.encoding = None
        self.delimiter = None
        self.sheet_name = None
        self._source = source
        self._keep_extra = extra_cells == "keep"
        self._expected = _expected_by_key(expected_labels)
        self._stack = contextlib.ExitStack()
        self._closed = False
        self._text: io.TextIOWrapper | None = None
        try:
            stream = self._open_stream()
            self._stream: IO[bytes] | None = stream
            self.size_bytes, self.sha256 = _size_and_digest(stream)
            head = stream.read(DETECTION_SAMPLE_BYTES)
            stream.seek(0)
            self.kind = self._sniff(head)
            if not head:  # an empty file (even one called .xlsx): no header, no rows
                self._find_header(iter(()))
            elif self.kind == "xlsx":
                self._find_header(self._xlsx_rows(stream))
            else:
                self._open_csv(stream, head)
        except BaseException:
            self.close()
            raise
        self._rows = self._data_rows()

    # -- protocol ------------------------------------------------------------------------------

    def __enter__(self) -> RowReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[SheetRow]:
        if self._closed:
            raise ValueError("RowReader is closed")
        return self._rows  # the generator itself: no Python-level __next__ per row

    def __next__(self) -> SheetRow:
        if self._closed:
            raise ValueError("RowReader is closed")
        return next(self._rows)

    @property
    def bytes_read(self) -> int:
        """How far into the file reading has got (for a progress estimate)."""
        stream = getattr(self, "_stream", None)
        if stream is None:
            return self.size_bytes
        try:
            return min(stream.tell(), self.size_bytes)
        except (ValueError, OSError):
            return self.size_bytes

    def close(self) -> None:
        """Close the file and the workbook; idempotent. Exhausting the rows also closes."""
        self._closed = True
        self._stack.close()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- opening -------------------------------------------------------------------------------

    def _error(self, msg_id: str, /, **params: object) -> IntakeFileError:
        return IntakeFileError(msg_id, file=self.file_name, **params)

    def _open_stream(self) -> IO[bytes]:
        if isinstance(self._source, bytes | bytearray | memoryview):
            return self._stack.enter_context(io.BytesIO(self._source))
        try:
            return self._stack.enter_context(open(self._source, "rb"))
        except FileNotFoundError as exc:
            raise self._error("intake_file.not_found") from exc
        except PermissionError as exc:
            raise self._error("intake_file.no_permission") from exc
        except OSError as exc:
            raise self._error("intake_file.os_error", reason=exc.strerror or exc) from exc

    def _sniff(self, head: bytes) -> Literal["csv", "xlsx"]:
        suffix = pathlib.PurePath(self.file_name).suffix.lower()
        if head.startswith(_ZIP_SIGNATURE):
            return "xlsx"
        if not head:
            return "xlsx" if suffix in _EXCEL_SUFFIXES else "csv"
        if head.startswith(_OLE2_SIGNATURE):
            raise self._error("intake_file.legacy_or_encrypted")
        if head.startswith(_UTF16_BOMS):
            raise self._error("intake_file.utf16")
        start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:16].lower()
        if start.startswith(_MARKUP_STARTS):
            raise self._error("intake_file.markup")
        if head.startswith(_OTHER_BINARY_SIGNATURES) or _looks_binary(head):
            if suffix in _EXCEL_SUFFIXES:
                raise self._error("intake_file.not_xlsx")
            raise self._error("intake_file.binary")
        return "csv"  # text, whatever the name says: e.g. a CSV saved as "报送.xls"

    # -- the two formats -----------------------------------------------------------------------

    def _open_csv(self, stream: IO[bytes], head: bytes) -> None:
        self.encoding = _detect_stream_encoding(stream, head)
        sample = head.decode(self.encoding, errors="replace")
        # Comma, as Excel writes. Tab-separated text (what some systems export as "Excel") is
        # read when the start of the file has tabs and either no commas (and no expected
        # labels to check against) or no header can be found at commas.
        has_tabs = "\t" in sample
        first = "\t" if has_tabs and "," not in sample and not self._expected else ","
        try:
            self._scan_csv(stream, first)
        except IntakeFileError as exc:
            if first == "\t" or not has_tabs or exc.msg_id == "intake_file.decode_error":
                raise
            try:
                self._scan_csv(stream, "\t")
            except IntakeFileError:
                raise exc from None  # the comma reading's message is the one to show

    def _scan_csv(self, stream: IO[bytes], delimiter: str) -> None:
        if self._text is not None:
            self._text.detach()  # or collecting the old wrapper would close the stream
        stream.seek(0)
        self.delimiter = delimiter
        self._text = io.TextIOWrapper(stream, encoding=self.encoding, errors="strict", newline="")
        self._find_header(self._csv_records(self._text))

    def _csv_records(self, text: IO[str]) -> Iterator[_RawRow]:
        # strict: a closing quote must be followed by the delimiter or a line end, and a quote
        # left open at the end of the file is an error (not a cell swallowing the rest). Excel
        # and WPS never write such files; hand-edited ones get the line to fix.
        reader = csv.reader(text, delimiter=self.delimiter or ",", strict=True)
        done = 0  # physical lines consumed so far
        try:
            for cells in reader:
                line = done + 1
                done = reader.line_num
                if cells:
                    yield line, list(map(str.strip, cells)), ()
        except UnicodeDecodeError as exc:
            raise self._error(
                "intake_file.decode_error",
                line=self._bad_line(),
                encoding=_ENCODING_NAMES.get(self.encoding or "", self.encoding),
            ) from exc
        except csv.Error as exc:
            reason = str(exc)
            if "field limit" in reason:
                raise self._error(
                    "intake_file.csv_field_too_long", line=done + 1, limit=csv.field_size_limit()
                ) from exc
            if "unexpected end of data" in reason:
                raise self._error("intake_file.csv_unclosed_quote", line=done + 1) from exc
            if "expected after" in reason:
                raise self._error("intake_file.csv_quote", line=reader.line_num) from exc
            raise self._error("intake_file.csv_malformed", line=done + 1, reason=exc) from exc

    def _bad_line(self) -> int | None:
        try:
            with (
                io.BytesIO(self._source)
                if isinstance(self._source, bytes | bytearray | memoryview)
                else open(self._source, "rb")
            ) as again:
                return _line_of_bad_bytes(again, self.encoding or "utf-8")
        except OSError:
            return None

    def _xlsx_rows(self, stream: IO[bytes]) -> Iterator[_RawRow]:
        from openpyxl import load_workbook  # imported here: CSV-only callers never pay for it

        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # zipfile, XML, KeyError, InvalidFileException …: not an xlsx
            raise self._error("intake_file.not_xlsx") from exc
        self._stack.callback(workbook.close)
        if not workbook.worksheets:
            return iter(())
        sheet = workbook.worksheets[0]
        self.sheet_name = sheet.title
        # Some producers write a wrong <dimension>; without it openpyxl neither pads rows to a
        # huge width nor stops early.
        sheet.reset_dimensions()
        return self._xlsx_records(sheet.iter_rows(values_only=True))

    def _xlsx_records(self, rows: Iterator[tuple[object, ...]]) -> Iterator[_RawRow]:
        line = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet part (truncated deflate stream, XML)
                raise self._error("intake_file.xlsx_damaged", line=line + 1) from exc
            line += 1  # the parser fills missing rows, so this is the Excel row number
            if not values:
                continue
            cells = [_cell_text(value) for value in values]
            imprecise = tuple(i for i, value in enumerate(values) if _is_imprecise(value))
            yield line, cells, imprecise

    # -- header --------------------------------------------------------------------------------

    def _find_header(self, raw: Iterator[_RawRow]) -> None:
        scanned: list[_RawRow] = []
        found: int | None = None
        for row in raw:
            cells = row[1]
            if not any(cells):
                continue
            scanned.append(row)
            if self._is_header(cells):
                found = len(scanned) - 1
                break
            if len(scanned) >= HEADER_SCAN_ROWS:
                break
        self._raw = raw
        if found is None:
            if not scanned:  # an empty file: no header, no rows, no error
                self._set_header(0, [])
                self._pending: list[_RawRow] = []
                return
            if self._expected:
                expected = _quote_list(self._expected.values())
                if self.kind == "xlsx":
                    raise self._error(
                        "intake_file.header_missing_sheet",
                        sheet=self.sheet_name,
                        scanned=len(scanned),
                        expected=expected,
                    )
                raise self._error(
                    "intake_file.header_missing", scanned=len(scanned), expected=expected
                )
            found = 0  # no expected labels, no row with two cells: the first non-empty row
        line, cells, _ = scanned[found]
        self._set_header(line, cells)
        self._pending = scanned[found + 1 :]

    def _is_header(self, cells: list[str]) -> bool:
        if not self._expected:
            return sum(1 for cell in cells if cell) >= 2
        keys = {_label_key(cell) for cell in cells if cell}
        return 2 * len(keys & self._expected.keys()) >= len(self._expected)

    def _set_header(self, line: int, cells: list[str]) -> None:
        columns: list[tuple[int, str]] = []
        for index, cell in enumerate(cells):
            found = _label_text(cell)
            if found:
                columns.append((index, self._expected.get(_label_key(found), found)))
        seen: dict[str, list[str]] = {}
        for index, label in columns:
            seen.setdefault(label, []).append(_column_letter(index))
        duplicates = {label: letters for label, letters in seen.items() if len(letters) > 1}
        if duplicates:
            raise self._error(
                "intake_file.header_duplicate",
                line=line,
                labels="、".join(
                    f"“{label}”（{'、'.join(letters)}）" for label, letters in duplicates.items()
                ),
            )
        self.header_line = line
        self.header = tuple(label for _, label in columns)
        found_cells = [_label_text(cell) for cell in cells]
        while found_cells and not found_cells[-1]:
            found_cells.pop()
        self.header_found = tuple(found_cells)
        self.header_columns = {label: _column_letter(index) for index, label in columns}
        self._columns = columns

    # -- data ----------------------------------------------------------------------------------

    def _data_rows(self) -> Iterator[SheetRow]:
        try:
            yield from self._convert(chain(self._pending, self._raw))
        finally:
            self.close()

    def _convert(self, raw: Iterable[_RawRow]) -> Iterator[SheetRow]:
        """Raw rows → ``SheetRow``; the hot loop of reading (keep it lean)."""
        labels = self.header
        width = len(labels)
        # The usual case: labels in columns A, B, C … without gaps.
        contiguous = [index for index, _ in self._columns] == list(range(width))
        label_at = dict(self._columns)
        for line, cells, imprecise in raw:
            if contiguous and len(cells) <= width:
                if not any(cells):
                    continue
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                values = dict(zip(labels, cells, strict=True))
                extra: tuple[tuple[str, str], ...] = ()
            else:
                if not any(cells):
                    continue
                values = dict.fromkeys(labels, "")
                outside = []
                for index, cell in enumerate(cells):
                    label = label_at.get(index)
                    if label is not None:
                        values[label] = cell
                    elif cell:
                        outside.append((_column_letter(index), cell))
                extra = tuple(outside)
                if extra and not self._keep_extra:
                    column, value = extra[0]
                    if len(value) > 20:
                        value = value[:20] + "…"
                    raise self._error(
                        "intake_file.extra_cells", line=line, column=column, value=value
                    )
            if imprecise:
                names = frozenset(label_at[i] for i in imprecise if i in label_at)
                yield SheetRow(line, values, extra, names)
            else:
                yield SheetRow(line, values, extra)


def _expected_by_key(expected_labels: Collection[str]) -> dict[str, str]:
    """Loose key → label as the caller spells it (the spelling ``values`` will use)."""
    by_key: dict[str, str] = {}
    for label in expected_labels:
        key = _label_key(label)
        if not key:
            raise ValueError("an expected label is empty")
        if key in by_key and by_key[key] != label:
            raise ValueError(f"expected labels {by_key[key]!r} and {label!r} are the same column")
        by_key[key] = label
    return by_key


def _size_and_digest(stream: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.file_digest(stream, "sha256")  # reads in chunks, never the whole file
    size = stream.tell()
    stream.seek(0)
    return size, digest.hexdigest()


# --- writing ----------------------------------------------------------------------------------

_SHEET_TITLE = "数据"
_WIDTH_SAMPLE_ROWS = 200
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def write_table(
    labels: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    fmt: Literal["xlsx", "csv"],
    title: str = "",
    notes: Sequence[str] = (),
) -> bytes:
    """A table as the bytes of an .xlsx or .csv file: optional title and note rows, the
    header ``labels``, then ``rows`` (each at most ``len(labels)`` cells; ``None`` → "").

    xlsx (streamed, openpyxl write-only): title merged across the columns and bold, notes in
    column A, header bold and frozen, widths from the header and the first rows (a CJK
    character counts double), every cell and every column text-formatted ("@") so codes such as
    110105194912310021 stay exact — also when someone types them into the template later.
    Characters XML cannot hold are written with OOXML's ``_xHHHH_`` escapes, as Excel does.
    A cell longer than Excel's limit of 32,767 characters is cut there by openpyxl.

    csv: UTF-8 with BOM (Excel on Chinese Windows then opens it right), CRLF line ends,
    minimal quoting; the title and each note are a one-cell leading row when given.

    Either reads back through ``RowReader(..., expected_labels=labels)`` unchanged (cell texts
    are read stripped, so leading/trailing whitespace is the one thing not kept).
    """
    names = [str(label) for label in labels]
    if not names or not all(name.strip() for name in names):
        raise ValueError("write_table needs at least one label, and no empty label")
    if len({_label_key(name) for name in names}) != len(names):
        raise ValueError(f"duplicate labels: {names}")
    body = _padded(rows, len(names))
    if fmt == "csv":
        return _write_csv(names, body, title=title, notes=notes)
    if fmt == "xlsx":
        return _write_xlsx(names, body, title=title, notes=notes)
    raise ValueError(f"fmt must be 'xlsx' or 'csv', not {fmt!r}")


def _padded(rows: Iterable[Sequence[str]], width: int) -> Iterator[list[str]]:
    for number, row in enumerate(rows, 1):
        cells = ["" if cell is None else str(cell) for cell in row]
        if len(cells) > width:
            raise ValueError(f"row {number} has {len(cells)} cells for {width} labels")
        cells.extend([""] * (width - len(cells)))
        yield cells


def _write_csv(
    labels: list[str], rows: Iterator[list[str]], *, title: str, notes: Sequence[str]
) -> bytes:
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    if title:
        writer.writerow([title])
    writer.writerows([note] for note in notes)
    writer.writerow(labels)
    writer.writerows(rows)
    text.flush()
    data = out.getvalue()
    text.detach()
    return data


def _display_width(text: str) -> int:
    """Columns a text needs: East Asian wide/full-width characters count 2."""
    widest = 0
    for part in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part)
        widest = max(widest, width)
    return widest


def _write_xlsx(
    labels: list[str], rows: Iterator[list[str]], *, title: str, notes: Sequence[str]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_SHEET_TITLE)

    def text_cell(value: str, **style: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=_ooxml_escape(value) if value else None)
        cell.data_type = "s"  # never a formula ("=…") or an error code ("#N/A")
        cell.number_format = "@"
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    first = list(islice(rows, _WIDTH_SAMPLE_ROWS))  # widths must be set before any row
    for index, label in enumerate(labels):
        widest = max([_display_width(label) + 2] + [_display_width(r[index]) for r in first])
        column = sheet.column_dimensions[get_column_letter(index + 1)]
        column.width = min(max(widest + 2, _MIN_WIDTH), _MAX_WIDTH)
        column.number_format = "@"  # cells typed in later are text too

    header_row = 1 + bool(title) + len(notes)
    sheet.freeze_panes = f"A{header_row + 1}"
    if title:
        if len(labels) > 1:
            sheet.merged_cells.add(f"A1:{get_column_letter(len(labels))}1")
        sheet.row_dimensions[1].height = 24
        title_cell = text_cell(
            title, font=Font(bold=True, size=14), alignment=Alignment(horizontal="center")
        )
        sheet.append([title_cell])
    for note in notes:
        sheet.append([text_cell(note, font=Font(color="595959"))])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append([text_cell(label, font=bold, fill=fill, alignment=center) for label in labels])
    for row in chain(first, rows):
        sheet.append([text_cell(value) for value in row])

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
