"""The look of every CreditDesk document: the one CJK font, paragraph styles, colours, page size.

The font is WenQuanYi Micro Hei (``resources/fonts/wqy-microhei.ttc``, TrueType outlines,
subfont 0), registered once in reportlab under ``FONT`` and embedded as a subset in every PDF,
so a report prints the same on any printer and viewer. The same file is loaded in Qt by the
desktop shell. Never use reportlab's ``STSong-Light``: it is not embedded.

Characters the font lacks (rare name characters such as 䶮 U+4DAE or 𠮷 U+20BB7) are never
dropped silently: ``missing_glyphs`` finds them, documents print them as ``PLACEHOLDER`` with a
note naming the code point, and the issuing service reports them to the clerk.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.config import resource_root

FONT = "CreditDeskCJK"
FONT_FILE = "wqy-microhei.ttc"
FONT_SUBFONT_INDEX = 0

# U+3013 GETA MARK: the typesetter's sign for "a character the type case lacks".
PLACEHOLDER = "〓"

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# China Standard Time: documents print local dates and times (no daylight saving since 1991).
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

INK = colors.HexColor("#1A1A1A")
PRIMARY = colors.HexColor("#1F3864")
RULE = colors.HexColor("#8EA0BC")
GRID = colors.HexColor("#B4BFCF")
HEADER_FILL = colors.HexColor("#E6ECF4")
ZEBRA_FILL = colors.HexColor("#F6F8FB")
MUTED = colors.HexColor("#5A6372")
MARK = colors.HexColor("#C00000")
WATERMARK = colors.Color(0.55, 0.6, 0.7, alpha=0.13)

_lock = threading.Lock()
_font: TTFont | None = None


def font_path() -> str:
    return str(resource_root() / "fonts" / FONT_FILE)


def register_fonts() -> TTFont:
    """Register the CJK font with reportlab once per process (thread-safe, lazy: 0.3 s)."""
    global _font
    with _lock:
        if _font is None:
            font = TTFont(FONT, font_path(), subfontIndex=FONT_SUBFONT_INDEX)
            pdfmetrics.registerFont(font)
            # One weight only: map bold/italic to the same face so <b> never fails.
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT
            )
            _install_fast_char_widths(font)
            _font = font
        return _font


def char_widths(text: str, size: float) -> list[float]:
    """The advance width of each character of ``text`` in the CJK font at ``size`` points."""
    face = register_fonts().face
    widths, default = face.charWidths, face.defaultWidth
    scale = 0.001 * size
    return [widths.get(ord(ch), default) * scale for ch in text]


def _install_fast_char_widths(font: TTFont) -> None:
    """Chinese paragraphs are broken character by character, and reportlab measures each
    character with a full ``stringWidth`` call (its own comment: "the performance is going to
    SUCK"). For our font, read the widths straight from the font's table — the same numbers
    ``TTFont.stringWidth`` sums — which halves the time to wrap a table cell. Other fonts keep
    reportlab's function."""
    from reportlab.lib import textsplit

    original = textsplit.getCharWidths
    if getattr(original, "creditdesk", False):
        return
    widths = font.face.charWidths
    default = font.face.defaultWidth

    def get_char_widths(word: str, font_name: str, font_size: float) -> list[float]:
        if font_name != FONT:
            return original(word, font_name, font_size)  # type: ignore[no-any-return]
        scale = 0.001 * font_size
        return [widths.get(ord(ch), default) * scale for ch in word]

    get_char_widths.creditdesk = True  # type: ignore[attr-defined]
    textsplit.getCharWidths = get_char_widths


_printable_chars: frozenset[str] | None = None


def _supported() -> frozenset[str]:
    """Every character the font has, and whitespace (never printed as a glyph)."""
    global _printable_chars
    if _printable_chars is None:
        chars = {chr(cp) for cp in register_fonts().face.charToGlyph}
        chars.update(" \t\n\r\u3000\u00a0")
        _printable_chars = frozenset(chars)
    return _printable_chars


def has_glyph(ch: str) -> bool:
    return ch.isspace() or ch in _supported()


def missing_glyphs(text: str) -> list[str]:
    """The distinct characters of ``text`` the embedded font cannot print, in order of first use."""
    supported = _supported()
    if text.isascii() or set(text) <= supported:
        return []
    seen: list[str] = []
    for ch in text:
        if ch not in supported and not ch.isspace() and ch not in seen:
            seen.append(ch)
    return seen


def printable(text: str) -> str:
    """``text`` as it appears on paper: characters the font lacks become ``PLACEHOLDER``."""
    supported = _supported()
    if text.isascii() or set(text) <= supported:
        return text
    return "".join(ch if ch in supported or ch.isspace() else PLACEHOLDER for ch in text)


def esc(value: object) -> str:
    """Dynamic text for a Paragraph: printable, XML-escaped, line breaks kept."""
    text = "" if value is None else str(value)
    return escape(printable(text)).replace("\n", "<br/>")


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


# --- formatting of values (the same functions feed the verifier's text check) -------------------


def fmt_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d")


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} in a document: use an aware datetime")
    return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def local_date(value: datetime) -> date:
    return value.astimezone(CHINA_TZ).date()


def fmt_cn_date(value: date | None) -> str:
    """``2026年11月24日`` — the form letters are dated in."""
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


# --- paragraph styles ---------------------------------------------------------------------------


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": FONT,
        "fontSize": 10,
        "leading": 15,
        "textColor": INK,
        "wordWrap": "CJK",  # without it Chinese never breaks inside a line (stack notes)
        "splitLongWords": True,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


BODY = _style("cd-body", fontSize=10, leading=16)
BODY_INDENT = _style("cd-body-indent", fontSize=10.5, leading=18, firstLineIndent=21)
LETTER_BODY = _style("cd-letter", fontSize=11.5, leading=20, firstLineIndent=23)
SMALL = _style("cd-small", fontSize=8, leading=11, textColor=MUTED)
NOTE = _style("cd-note", fontSize=8.5, leading=12.5, textColor=INK)
TITLE = _style("cd-title", fontSize=21, leading=28, alignment=TA_CENTER, textColor=PRIMARY)
LETTER_TITLE = _style("cd-letter-title", fontSize=18, leading=26, alignment=TA_CENTER)
SUBTITLE = _style("cd-subtitle", fontSize=11, leading=16, alignment=TA_CENTER, textColor=MUTED)
ISSUER = _style("cd-issuer", fontSize=12, leading=17, alignment=TA_CENTER, textColor=INK)
SECTION = _style("cd-section", fontSize=12.5, leading=17, textColor=PRIMARY)
SUBSECTION = _style("cd-subsection", fontSize=10.5, leading=15, textColor=PRIMARY)
LABEL = _style("cd-label", fontSize=9, leading=13, textColor=MUTED)
VALUE = _style("cd-value", fontSize=9.5, leading=13.5)
CELL = _style("cd-cell", fontSize=8.5, leading=11.5)
CELL_CENTER = _style("cd-cell-c", fontSize=8.5, leading=11.5, alignment=TA_CENTER)
CELL_HEAD = _style("cd-cell-h", fontSize=8.5, leading=11.5, alignment=TA_CENTER, textColor=PRIMARY)
CELL_MARK = _style("cd-cell-mark", fontSize=8, leading=10.5, textColor=MARK)
EMPTY = _style("cd-empty", fontSize=10, leading=15, textColor=MUTED, leftIndent=6)
RIGHT = _style("cd-right", fontSize=11.5, leading=19, alignment=TA_RIGHT)
LEFT = _style("cd-left", fontSize=11.5, leading=19, alignment=TA_LEFT)

__all__ = [
    "BODY",
    "CELL",
    "CHINA_TZ",
    "CONTENT_WIDTH",
    "FONT",
    "PLACEHOLDER",
    "esc",
    "fmt_date",
    "fmt_datetime",
    "missing_glyphs",
    "printable",
    "register_fonts",
]
