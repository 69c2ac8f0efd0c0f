"""The one small template layer every document is built from.

A document is a ``PageSetup`` (number, running header, watermark, 补打 mark, embedded files)
plus a story of flowables made with the helpers below: ``para``/``paragraphs``/``numbered``,
``section_heading``, ``kv_table`` (label–value blocks), ``data_table`` (ruled tables that split
across pages), ``qr_block``, ``signature_block`` (issuer, date, stamp area, 签收 lines),
``fill_in_line``, ``missing_glyph_note``. ``render`` lays them out on A4 portrait pages and
returns the PDF bytes.

Every page carries the running header (issuer and document title), the document number and
"第 x 页 共 y 页" in the footer, and the watermark; they are drawn after the page's content
(``_PagedCanvas`` keeps each page until the total is known), so in the page's content stream
the body comes first and the running texts last, in ``running_texts`` order. The verifier
relies on that order to separate body text from running text.

Output is deterministic: reportlab's invariant mode, a creation date taken from the data.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports import styles as st
from reports.styles import esc

NO_NUMBER = "（未编号）"
REPRINT_MARK = "补打"

# reportlab keeps per-process state (font subsets per document, rl_config); one build at a time.
_build_lock = threading.Lock()


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF (shown in a viewer's attachments panel)."""

    name: str
    content: bytes
    media_type: str = "application/json"
    description: str = ""


@dataclass(frozen=True)
class PageSetup:
    title: str  # the document's title (PDF metadata, running header)
    issuer: str  # the center's name (running header, PDF author)
    number: str = ""  # printed on every page
    number_label: str = "编号"
    watermark: str = ""
    reprint: bool = False
    created: datetime | None = None  # PDF CreationDate; aware
    subject: str = ""  # PDF metadata
    attachments: tuple[Attachment, ...] = ()
    verify_hint: str = ""  # small footer text at the right, e.g. 扫描首页二维码核验

    @property
    def shown_number(self) -> str:
        return self.number or NO_NUMBER


def running_texts(setup: PageSetup, page: int, total: int) -> list[str]:
    """The texts drawn on every page after its body, in drawing order."""
    texts = []
    if setup.watermark:
        texts.extend([setup.watermark] * _WATERMARK_REPEATS)
    texts.append(setup.issuer)
    texts.append(setup.title)
    if setup.reprint:
        texts.append(REPRINT_MARK)
    if setup.number_label:
        texts.append(f"{setup.number_label}：{setup.shown_number}")
    texts.append(page_label(page, total))
    if setup.verify_hint:
        texts.append(setup.verify_hint)
    return texts


def page_label(page: int, total: int) -> str:
    return f"第 {page} 页 共 {total} 页"


_WATERMARK_REPEATS = 3


# --- pages ----------------------------------------------------------------------------------------


def _paged_canvas(setup: PageSetup) -> type[Canvas]:
    class _PagedCanvas(Canvas):
        """Keeps every page until the end so each can say "第 x 页 共 y 页"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            # The default Helvetica would be referenced by every page and is never embedded.
            kwargs["initialFontName"] = st.FONT
            kwargs["initialFontSize"] = 10
            kwargs["initialLeading"] = 15
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            _set_creation_date(self, setup.created)
            self.setTitle(setup.title)
            self.setAuthor(setup.issuer)
            self.setSubject(setup.subject or setup.title)
            self.setCreator("CreditDesk 信用服务窗口工作台")
            _embed_files(self, setup.attachments)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for index, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_running(self, setup, index, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _PagedCanvas


def _draw_running(canvas: Canvas, setup: PageSetup, page: int, total: int) -> None:
    width, height = st.PAGE_SIZE
    canvas.saveState()
    if setup.watermark:
        canvas.setFillColor(st.WATERMARK)
        canvas.setFont(st.FONT, 26)
        for dy in (-0.28, 0.0, 0.28):
            canvas.saveState()
            canvas.translate(width / 2, height / 2 + dy * height)
            canvas.rotate(32)
            canvas.drawCentredString(0, 0, st.printable(setup.watermark))
            canvas.restoreState()
    left, right = st.MARGIN_LEFT, width - st.MARGIN_RIGHT
    top = height - 13 * mm
    canvas.setFillColor(st.MUTED)
    canvas.setFont(st.FONT, 8.5)
    canvas.drawString(left, top, st.printable(setup.issuer))
    canvas.drawRightString(right, top, st.printable(setup.title))
    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - 2.6 * mm, right, top - 2.6 * mm)
    if setup.reprint:
        canvas.setFillColor(st.MARK)
        canvas.setStrokeColor(st.MARK)
        canvas.setLineWidth(1.1)
        box_w, box_h = 17 * mm, 8.5 * mm
        x, y = right - box_w, top - 13.5 * mm
        canvas.roundRect(x, y, box_w, box_h, 1.5 * mm, stroke=1, fill=0)
        canvas.setFont(st.FONT, 13)
        canvas.drawCentredString(x + box_w / 2, y + 2.3 * mm, REPRINT_MARK)
    bottom = 11 * mm
    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
    canvas.setFillColor(st.MUTED)
    canvas.setFont(st.FONT, 8.5)
    if setup.number_label:
        canvas.drawString(left, bottom, f"{setup.number_label}：{setup.shown_number}")
    canvas.setFillColor(st.INK)
    canvas.setFont(st.FONT, 9)
    canvas.drawCentredString(width / 2, bottom, page_label(page, total))
    if setup.verify_hint:
        canvas.setFillColor(st.MUTED)
        canvas.setFont(st.FONT, 7.5)
        canvas.drawRightString(right, bottom, setup.verify_hint)
    canvas.restoreState()


def _set_creation_date(canvas: Canvas, created: datetime | None) -> None:
    """Invariant mode dates every file 2000-01-01; use the document's own time instead."""
    if created is None:
        return
    local = created.astimezone(st.CHINA_TZ)
    stamp = canvas._doc._timeStamp
    stamp.YMDhms = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    stamp.dhh, stamp.dmm = 8, 0


def _embed_files(canvas: Canvas, files: Sequence[Attachment]) -> None:
    """Embedded files (PDF 1.7 §7.11.4) with reportlab's own objects: no post-processing."""
    if not files:
        return
    doc = canvas._doc
    names: list[Any] = []
    for item in files:
        stream = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    "Subtype": PDFName(item.media_type.replace("/", "#2F")),
                    "Params": PDFDictionary(
                        {
                            "Size": len(item.content),
                            "CheckSum": PDFString(hashlib.md5(item.content).digest(), enc="raw"),
                        }
                    ),
                }
            ),
            content=item.content,
        )
        spec = PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(item.name),
                "UF": PDFString(item.name),
                "Desc": PDFString(item.description or item.name),
                "EF": PDFDictionary({"F": doc.Reference(stream)}),
            }
        )
        names.extend([PDFString(item.name), doc.Reference(spec)])
    doc.Catalog.Names = doc.Reference(
        PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(names)})})
    )


def render(setup: PageSetup, story: list[Flowable]) -> bytes:
    """Lay ``story`` out on A4 portrait pages; the PDF bytes."""
    st.register_fonts()
    buffer = BytesIO()
    with _build_lock:
        doc = BaseDocTemplate(
            buffer,
            pagesize=st.PAGE_SIZE,
            leftMargin=st.MARGIN_LEFT,
            rightMargin=st.MARGIN_RIGHT,
            topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM,
            title=setup.title,
            author=setup.issuer,
            invariant=1,
        )
        frame = Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            doc.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(story, canvasmaker=_paged_canvas(setup))
    return buffer.getvalue()


# --- blocks ---------------------------------------------------------------------------------------


def table_style(commands: list[Any]) -> TableStyle:
    """A table style whose cells use the CJK font (reportlab's default is the unembedded
    Helvetica, referenced even by empty cells)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), st.FONT, 9), *commands])


_frag_templates: dict[str, Any] = {}


class _Para(Paragraph):
    """A paragraph that remembers its last wrap: a table wraps every cell twice, once to size
    the row and once to draw it, with the same width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == available_width:
            return self._wrapped[1]
        size = super().wrap(available_width, available_height)
        self._wrapped = (available_width, size)
        return size  # type: ignore[no-any-return]

    def split(self, available_width: float, available_height: float) -> list[Any]:
        self._wrapped = None
        return super().split(available_width, available_height)  # type: ignore[no-any-return]


def para(text: object, style: Any = st.BODY) -> Paragraph:
    """A paragraph of plain dynamic text (missing glyphs replaced; no markup).

    Built from a ready fragment instead of parsing XML: a report has hundreds of cells and the
    parser was a third of the build time. Text with line breaks takes the parsing path.
    """
    value = st.printable("" if text is None else str(text))
    if "\n" in value or not value:
        return Paragraph(esc(value), style)
    template = _frag_templates.get(style.name)
    if template is None:
        template = Paragraph("x", style).frags[0]
        _frag_templates[style.name] = template
    return _Para(value, style, frags=[template.clone(text=value)])


def paragraphs(texts: Iterable[str], style: Any = st.BODY_INDENT, gap: float = 1.5) -> list[Any]:
    out: list[Any] = []
    for text in texts:
        if text:
            out.extend([para(text, style), Spacer(1, gap * mm)])
    return out


def numbered(items: Iterable[str], style: Any = st.BODY) -> list[Any]:
    """A numbered list (1. 2. 3.) with a hanging indent."""
    out: list[Any] = []
    hanging = style.clone(style.name + "-hang", leftIndent=14, firstLineIndent=-14)
    for index, text in enumerate(items, start=1):
        out.append(para(f"{index}．{text}", hanging))
        out.append(Spacer(1, 1 * mm))
    return out


class SectionHeading(Flowable):
    """A section title with a coloured bar on its left and a hairline under it."""

    def __init__(self, text: str, style: Any = st.SECTION) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._para = para(text, style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, h = self._para.wrap(available_width - 4 * mm, available_height)
        self.height = h + 2.2 * mm
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(st.PRIMARY)
        canvas.rect(0, 2.2 * mm, 1.3 * mm, self.height - 2.6 * mm, stroke=0, fill=1)
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(0, 0.8 * mm, self.width, 0.8 * mm)
        canvas.restoreState()
        self._para.drawOn(canvas, 3.2 * mm, 2.2 * mm)


def section_heading(text: str, *, space_before: float = 4) -> list[Any]:
    # A heading never ends a page: CondPageBreak moves it with at least a few lines.
    return [
        CondPageBreak(28 * mm),
        Spacer(1, space_before * mm),
        SectionHeading(text),
        Spacer(1, 2 * mm),
    ]


def subsection_heading(text: str) -> list[Any]:
    return [
        CondPageBreak(24 * mm),
        Spacer(1, 3 * mm),
        para(text, st.SUBSECTION),
        Spacer(1, 1.5 * mm),
    ]


def kv_table(
    items: Sequence[tuple[str, Any]],
    *,
    columns: int = 2,
    width: float = st.CONTENT_WIDTH,
    label_width: float = 27 * mm,
    boxed: bool = True,
    row_height: float | None = None,
    label_style: Any = st.LABEL,
) -> Table:
    """Label–value pairs in ``columns`` column pairs; long values wrap inside their cell.

    A value may be a string (escaped here) or a ready flowable / list of flowables.
    """
    value_width = width / columns - label_width
    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int]] = []
    row: list[Any] = []
    for label, value in items:
        wide = isinstance(value, str) and len(value) > 22 and columns > 1
        if wide and row:  # a long value takes the whole line
            row.extend([""] * (2 * columns - len(row)))
            rows.append(row)
            row = []
        cell = para(value, st.VALUE) if isinstance(value, str) else value
        row.extend([para(label, label_style), cell])
        if wide:
            row.extend([""] * (2 * columns - len(row)))
            spans.append((len(rows), 1, 2 * columns - 1))
            rows.append(row)
            row = []
        elif len(row) == 2 * columns:
            rows.append(row)
            row = []
    if row:
        row.extend([""] * (2 * columns - len(row)))
        rows.append(row)
    widths = [label_width, value_width] * columns
    table = Table(
        rows,
        colWidths=widths,
        rowHeights=[row_height] * len(rows) if row_height else None,
        hAlign="LEFT",
    )
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if row_height else "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for c in range(columns):
        style.append(("BACKGROUND", (2 * c, 0), (2 * c, -1), st.ZEBRA_FILL))
    for r, start, end in spans:
        style.append(("SPAN", (start, r), (end, r)))
    if boxed:
        style.extend(
            [("BOX", (0, 0), (-1, -1), 0.6, st.GRID), ("INNERGRID", (0, 0), (-1, -1), 0.3, st.GRID)]
        )
    table.setStyle(table_style(style))
    return table


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # points
    align: str = "LEFT"  # LEFT / CENTER


_CELL_PAD = 3.0
_CELL_FONT_SIZE = 8.5
# Line-breaking rules for Chinese (禁则): no line starts with a closing mark, none ends with an
# opening one.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕’”,.;:?!)]}%")
_NO_LINE_END = frozenset("（《「『【〔‘“([{")


def wrap_lines(text: str, width: float, size: float = _CELL_FONT_SIZE) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at ``size`` points (character by
    character, as Chinese is set, keeping punctuation with its neighbour)."""
    widths = st.char_widths(text, size)
    lines: list[str] = []
    start, used = 0, 0.0
    for i, w in enumerate(widths):
        if used + w > width and i > start:
            cut = i
            # pull a closing mark up / an opening mark down, within reason
            keep_together = text[cut] in _NO_LINE_START or text[cut - 1] in _NO_LINE_END
            if keep_together and cut - 1 > start:
                cut -= 1
            lines.append(text[start:cut])
            start = cut
            used = sum(widths[start : i + 1])
        else:
            used += w
    lines.append(text[start:])
    return lines


@dataclass(frozen=True)
class Marked:
    """A cell whose text is preceded by a coloured mark on its own line (【异议处理中】)."""

    mark: str
    text: str = ""
    color: Any = st.MARK


Line = tuple[str, Any]  # text, colour


def _cell_lines(value: Any, width: float, size: float, color: Any) -> list[Line]:
    """A cell's text as lines that fit ``width`` (characters the font lacks print as 〓)."""
    if isinstance(value, Marked):
        lines: list[Line] = [(st.printable(value.mark), value.color)]
        if value.text:
            lines.extend(_cell_lines(value.text, width, size, color))
        return lines
    text = st.printable("" if value is None else str(value))
    available = width - 2 * _CELL_PAD
    if "\n" not in text and stringWidth(text, st.FONT, size) <= available:
        return [(text, color)]
    return [
        (line, color) for part in text.split("\n") for line in wrap_lines(part, available, size)
    ]


class GridTable(Flowable):
    """A ruled table of text cells, drawn directly: one text object for all its cells, a few
    rectangles and lines for the rules. It splits between rows and repeats its header on
    every page. (reportlab's ``Table`` spends most of a report's time on per-cell bookkeeping
    and cannot split a long table without re-measuring the rest of it on every page.)"""

    size = _CELL_FONT_SIZE
    leading = 11.5
    pad_top, pad_bottom = 2.2, 2.6

    def __init__(
        self,
        columns: Sequence[Column],
        header: list[list[Line]],
        rows: list[list[list[Line]]],
        first_index: int = 0,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.header = header
        self.rows = rows
        self.first_index = first_index
        self.widths = [c.width for c in columns]
        self.header_height = self._height(header)
        self.row_heights = [self._height(r) for r in rows]

    def _height(self, cells: list[list[Line]]) -> float:
        lines = max((len(c) for c in cells), default=1)
        return lines * self.leading + self.pad_top + self.pad_bottom

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.header_height + sum(self.row_heights)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        room = available_height - self.header_height
        used, fits = 0.0, 0
        for height in self.row_heights:
            if used + height > room:
                break
            used += height
            fits += 1
        if fits == 0:
            return []  # not even one row: the whole table moves to the next page
        if fits == len(self.rows):
            return [self]
        return [
            GridTable(self.columns, self.header, self.rows[:fits], self.first_index),
            GridTable(self.columns, self.header, self.rows[fits:], self.first_index + fits),
        ]

    def draw(self) -> None:
        canvas = self.canv
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        tops = [self.height, self.height - self.header_height]
        for h in self.row_heights:
            tops.append(tops[-1] - h)
        canvas.saveState()
        canvas.setFillColor(st.HEADER_FILL)
        canvas.rect(0, tops[1], self.width, self.header_height, stroke=0, fill=1)
        canvas.setFillColor(st.ZEBRA_FILL)
        for k, h in enumerate(self.row_heights):
            if (self.first_index + k) % 2 == 1:
                canvas.rect(0, tops[k + 2], self.width, h, stroke=0, fill=1)
        canvas.setStrokeColor(st.GRID)
        canvas.setLineWidth(0.3)
        for y in tops[1:-1]:
            canvas.line(0, y, self.width, y)
        for x in xs[1:-1]:
            canvas.line(x, 0, x, self.height)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        text = canvas.beginText()
        text.setFont(st.FONT, self.size, self.leading)
        current: Any = None
        base = (self.leading - self.size) / 2 + 0.8 * self.size  # line top → baseline
        for r, cells in enumerate([self.header, *self.rows]):
            top, height = tops[r], tops[r] - tops[r + 1]
            center_all = r == 0
            for c, lines in enumerate(cells):
                if not lines:
                    continue
                block = len(lines) * self.leading
                y = top - (height - block) / 2 - base
                center = center_all or self.columns[c].align == "CENTER"
                for line, color in lines:
                    if color is not current:
                        text.setFillColor(color)
                        current = color
                    if center:
                        x = xs[c] + (self.widths[c] - stringWidth(line, st.FONT, self.size)) / 2
                    else:
                        x = xs[c] + _CELL_PAD
                    text.setTextOrigin(x, y)
                    text.textOut(line)
                    y -= self.leading
        canvas.drawText(text)
        canvas.restoreState()


def data_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[Any]:
    """A ruled table with a header row repeated on every page; cells are strings (wrapped to
    their column) or ``Marked`` strings."""
    size = GridTable.size
    header = [_cell_lines(c.header, c.width, size, st.PRIMARY) for c in columns]
    body = [
        [_cell_lines(value, columns[i].width, size, st.INK) for i, value in enumerate(row)]
        for row in rows
    ]
    return [GridTable(columns, header, body)]


def empty_note(text: str = "无") -> list[Any]:
    return [para(text, st.EMPTY), Spacer(1, 1 * mm)]


# Any of the eight QR mask patterns is valid and every reader decodes them; choosing the "best"
# one means scoring all eight, four times the cost of encoding (20 ms of a 50 ms report).
QR_MASK_PATTERN = 2
QR_QUIET_MODULES = 2  # plus the white cell around it


class QrCode(Flowable):
    """The verification QR (error correction M) as vector squares: sharp on any printer."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        import qrcode
        from qrcode.constants import ERROR_CORRECT_M

        code = qrcode.QRCode(
            error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK_PATTERN
        )
        code.add_data(payload.encode("ascii"))
        code.make(fit=True)
        self.payload = payload
        self.matrix: list[list[bool]] = code.get_matrix()
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        n = len(self.matrix)
        module = self.width / (n + 2 * QR_QUIET_MODULES)
        offset = QR_QUIET_MODULES * module
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(self.matrix):
            y = self.height - offset - (r + 1) * module
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(offset + start * module, y, (c - start) * module, module)
                else:
                    c += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def qr_code(payload: str, size: float = 30 * mm) -> QrCode:
    return QrCode(payload, size)


def qr_block(payload: str, caption: str, size: float = 30 * mm) -> Table:
    """A QR with a caption under it, centered in its own cell."""
    cells = [[qr_code(payload, size)], [para(caption, st.CELL_CENTER)]]
    table = Table(cells, colWidths=[size + 4 * mm])
    table.setStyle(
        table_style(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


class SealArea(Flowable):
    """Where the center's stamp goes: a light dashed circle behind the issuer and date."""

    def __init__(self, issuer: str, dated: str, width: float = 62 * mm) -> None:
        super().__init__()
        self.issuer, self.dated, self.box_width = issuer, dated, width
        self._issuer = para(issuer, st.ISSUER)
        self._dated = para(dated, st.ISSUER)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, h1 = self._issuer.wrap(self.box_width, available_height)
        _, h2 = self._dated.wrap(self.box_width, available_height)
        self._h1, self._h2 = h1, h2
        self.height = max(h1 + h2 + 3 * mm, 36 * mm)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x = self.width - self.box_width
        mid_y = self.height / 2
        canvas.saveState()
        canvas.setStrokeColor(colors.Color(0.75, 0.35, 0.35, alpha=0.45))
        canvas.setDash(2, 2)
        canvas.setLineWidth(0.7)
        canvas.circle(x + self.box_width / 2, mid_y, 17 * mm, stroke=1, fill=0)
        canvas.setFillColor(colors.Color(0.75, 0.35, 0.35, alpha=0.55))
        canvas.setFont(st.FONT, 7)
        canvas.drawCentredString(x + self.box_width / 2, mid_y - 15 * mm, "（盖章）")
        canvas.restoreState()
        top = mid_y + (self._h1 + self._h2 + 3 * mm) / 2
        self._issuer.drawOn(canvas, x, top - self._h1)
        self._dated.drawOn(canvas, x, top - self._h1 - 3 * mm - self._h2)


def signature_block(issuer: str, dated: str, *, beside: Sequence[str] = ()) -> list[Any]:
    """The issuer, the date and the stamp area at the right; hand-filled lines (签收) beside it."""
    seal_width = 66 * mm
    if not beside:
        return [Spacer(1, 4 * mm), KeepTogether([SealArea(issuer, dated)])]
    left_width = st.CONTENT_WIDTH - seal_width
    lines: list[Any] = []
    for label in beside:
        lines.extend([fill_in_line([label], width=left_width - 6 * mm), Spacer(1, 9 * mm)])
    table = Table(
        [[lines, SealArea(issuer, dated, width=seal_width)]],
        colWidths=[left_width, seal_width],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 4 * mm), KeepTogether([table])]


def fill_in_line(
    labels: Sequence[str], *, width: float = st.CONTENT_WIDTH, style: Any = st.LEFT
) -> Table:
    """Blank lines to be filled in by hand: 签名：______  日期：______."""
    cells: list[Any] = []
    for label in labels:
        cells.extend([para(label, style), ""])
    per = min(width / len(labels), 100 * mm)
    widths = []
    for label in labels:
        label_width = stringWidth(st.printable(label), st.FONT, style.fontSize) + 3
        widths.extend([label_width, per - label_width])
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    for i in range(len(labels)):
        commands.append(("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.6, st.INK))
        commands.append(("RIGHTPADDING", (2 * i + 1, 0), (2 * i + 1, 0), 10))
    table.setStyle(table_style(commands))
    return table


def missing_glyph_note(chars: Sequence[str], what: str) -> list[Any]:
    """A visible note when the font lacks characters: never drop them silently."""
    if not chars:
        return []
    listed = "、".join(st.codepoint(ch) for ch in chars)
    text = (
        f"缺字说明：本{what}中以“{st.PLACEHOLDER}”标示之处为字库未收录的字符（Unicode {listed}），"
        f"原字以本{what}电子核验内容为准，由经办人在纸质件上手写补正。"
    )
    return [Spacer(1, 2 * mm), para(text, st.CELL_MARK), Spacer(1, 1 * mm)]
