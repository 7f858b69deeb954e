"""The PDF reader: a PDF's text layer, through PDFium (pypdfium2), as paragraphs, headings and
footnotes in reading order, each with the page it starts on.

A PDF knows no paragraphs: it places runs of glyphs on a page. PDFium's text page already
orders the characters and breaks them into lines; this reader takes a page's text in one call
and asks PDFium only for a few boxes and font facts per line (the extent of its first and last
runs, the size and baseline of a character in its middle, the font at its ends), never for
every character, so that a long document reads at a good fraction of ``pdftotext``'s speed.
From those lines and their positions it then:

- drops what the layout repeats on every page: the lines in a band at the top or bottom of the
  page whose text, digits aside, comes back in one place page after page (running headers and
  footers), a page's top line standing well apart in the same place on half the pages (a
  header whose text changes: a chapter's title, odd and even pages' own), page numbers in the
  bands (``3``, ``- 3 -``, ``Page 3 sur 12``, ``3/12``, ``iv``), and numbers in a margin that
  count the lines beside them; a one-page document keeps all its text, as nothing there can be
  told to repeat;
- takes the footnotes out of the body: the run of smaller lines at the foot of the page, from
  one that starts with a note's number or sign, makes ``NOTE`` blocks, one a marker;
- cuts the body into paragraphs where the font changes, where the gap between two lines is
  wider than the spacing of lines, where the line before ended short although the next word
  would have fitted on it, or where a line is indented after one that ended a sentence;
- joins the paragraph that ends a page to the one that starts the next when it did not end its
  sentence and the next reads on (a lower-case start, or a first line neither indented nor
  numbered after a full last line), or, in a document that indents its paragraphs, when the
  next page starts flush left after a full line; the footnotes and running header in between
  go after the joined paragraph;
- marks as ``HEADING`` a short paragraph in a bigger or bold font, or a short centred line.

Lines of a paragraph are joined with ``\n``, hyphens at the end of a line kept as printed
(PDFium marks them, this reader puts the hyphen and the line break back): the cleaner joins
them. The reader refuses, in one line, an encrypted PDF, a PDF without text (a scan) and a
damaged or truncated file; every PDFium object it opens is closed before it returns.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from corpus.readers import Block, BlockKind, Extracted, Format, ReadError

ENCRYPTED = "encrypted PDF: remove its password first"
NO_TEXT = "no text layer: run OCR first"
DAMAGED = "damaged or truncated PDF ({})"

EOF_WINDOW = 4096
"""How far from the end the ``%%EOF`` marker is looked for. PDFium rebuilds a file whose end
is cut off and reads what is left without a word; a file without its end marker is refused,
rather than imported with pages missing."""

PLACEHOLDER_TITLES = frozenset({"untitled", "(anonymous)", "anonymous", "sans titre"})

PASSWORD_ERRORS = frozenset({4, 5})
"""PDFium's load errors for a password (FPDF_ERR_PASSWORD) and an unknown security handler."""

SEGMENT_GAP = 1.6
"""Two text runs of a line farther apart than this many times the line's height are separate
segments (a line number in the margin and its line); word spaces, even justified, are less."""

SAME_ROW = 0.5
"""Two consecutive lines overlapping vertically by this share of the smaller are one row:
PDFium breaks the line after a raised note call, and the line goes on at its right."""

WORD_SPACE = 0.15
"""Two runs of a row farther apart than this many times its height have a space between."""

BAND = 0.15
"""Running headers and footers lie in this share of the page's height at its top or bottom."""

HEADER_GAP = 2.0
HEADER_SHARE = 0.5
"""A page's top line stands apart as a header when the gap under it is this many line
spacings at least, and such lines in one place on this share of the pages are headers."""

BAND_LINES = 3
"""At most this many lines at the top and at the bottom of a page are a header or footer."""

REPEAT_SHARE = 0.25
"""A header, footer or margin text repeats when it is on at least this share of the pages (and
on two at least): a footnote that happens to read the same on two pages of a long document is
not a header."""

REPEAT_SPREAD = 0.015
"""A running header stays in place: on the pages it repeats on, it is within this share of
the page's height of its usual place."""

NOTE_SIZE = 0.92
"""A footnote's font is smaller than this share of the body's."""

HEADING_SIZE = 1.12
"""A heading's font is bigger than the body's by this factor at least."""

HEADING_LINES = 3
HEADING_CHARS = 200
"""A heading is short: at most these many lines and characters."""

STYLE_CHANGE = 1.15
"""Two lines whose font sizes differ by this factor are not in one paragraph."""

PARAGRAPH_GAP = 1.25
"""A gap between two lines wider than this many line spacings parts two paragraphs."""

INDENT = 0.6
"""A line starting this many font sizes right of the line before is indented."""

INDENTED_LEAST = 3
INDENTED_SHARE = 0.7
"""A document indents its paragraphs when this share of them at least (and this many) do."""

FIT_SLACK = 1.2
"""The room left at the end of a line must exceed the next word's estimated width by this
factor (plus half a font size) before the line is taken to have ended its paragraph: the
width is estimated from the average width of a character."""

CENTRE_TOLERANCE = 0.02
"""A centred line's margins differ by less than this share of the text's width (or a font
size, when that is more)."""

FONT_NAME_BYTES = 128
FORCE_BOLD = 1 << 18
"""The ForceBold flag of a font descriptor (PDF 32000, table 123)."""
BOLD_NAMES = ("bold", "black", "heavy", "demi", "semibold", "extrabold", "ultrabold")

SAMPLED_LINE = 16
"""A line this long or longer has its font size sampled at three places, not one."""

WORDS_TRIED = 4
"""Words of a line tried for the start of a run set apart (a line number is the first word,
or the last)."""
_WORD_AFTER_SPACE = re.compile(r"(?<=\s)\S")

_LINE = re.compile("[^\r\n\ufffe]+\ufffe?|\ufffe")
"""A line of PDFium's page text: PDFium ends lines with CR LF, and marks a hyphen that ends a
line with U+FFFE, leaving the line break out."""

_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters but the line breaks (a tab, a stray NUL from a broken font): spaces."""

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_PAGE_NUMBER = re.compile(
    r"(?i:page|p\.)?\s*[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?"
    r"\s*(?:(?i:/|sur|de|of)\s*\d{1,4})?"
)
"""A page number alone on its line: ``3``, ``- 3 -``, ``(3)``, ``Page 3 sur 12``, ``3/12``,
``iv`` (front matter's numbers, in lower case: an upper-case ``IV`` may be a heading)."""

_MARGIN_NUMBER = re.compile(r"\d{1,4}")
_NOTE_MARKER = re.compile(
    r"\s*(?:(\d{1,3})|\((\d{1,3})\)|([*†‡]+)|([\u00b9\u00b2\u00b3\u2070-\u2079]+))[.)]?(?!\d)"
)
"""The marker a footnote starts with: ``1``, ``(1)``, ``1.``, ``*``, ``†``, ``¹``."""

_ENDS_SENTENCE = re.compile(r"[.!?:;…][\s»\"'”’)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.;,][\s»\"'”’)\]]*$")
_NUMBERED = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[a-z])\s?[.)°–-]\s")
"""The number of a numbered paragraph or item: ``3.``, ``II -``, ``a)``."""
_LEADING_NUMBER = re.compile(r"\s*\d{1,3}[^\W\d_]")

_LOCK = threading.Lock()
"""PDFium is not thread-safe: one document is read at a time in a process."""


def read_pdf(data: bytes) -> Extracted:
    """The blocks of a PDF's body, in reading order, with the pages they start on."""
    with _LOCK:
        title, pages = _read_pages(data)
    if not any(page.lines for page in pages):
        raise ReadError(NO_TEXT)
    blocks = _assemble(pages)
    if not blocks:  # nothing but running headers: a scan with a stamped footer
        raise ReadError(NO_TEXT)
    return Extracted(Format.PDF, tuple(blocks), title)


# --- reading the text layer with PDFium -----------------------------------------------------


@dataclass(slots=True)
class _Segment:
    """A run of a line's text set apart from the rest by a wide gap (a line number in the
    margin): offsets into the line's text, and how far it spans across the page."""

    start: int
    end: int
    left: float
    right: float


@dataclass(slots=True)
class _Line:
    """One line of a page as PDFium broke it, with where and how it is drawn."""

    text: str
    segments: list[_Segment]
    base: float
    """The baseline of a character in the middle of the line."""
    size: float
    """The font size of that character as drawn, text matrix included."""
    bold: bool
    raised_lead: bool = False
    """The line starts with a number in a smaller or raised font: a note's marker, which
    PDFium does not part from the word after it."""
    left: float = field(init=False)
    right: float = field(init=False)
    main: _Segment = field(init=False)
    """The widest segment: the text itself, not a number in its margin."""

    def __post_init__(self) -> None:
        """Work out once what the layout asks of a line many times (its segments are not
        changed afterwards: a line without some of them is a new line)."""
        segments = self.segments
        self.left = segments[0].left if len(segments) == 1 else min(s.left for s in segments)
        self.right = segments[0].right if len(segments) == 1 else max(s.right for s in segments)
        self.main = segments[0] if len(segments) == 1 else max(segments, key=_width)


def _width(segment: _Segment) -> float:
    return segment.right - segment.left


@dataclass(slots=True)
class _Page:
    """A page's lines in PDFium's reading order, and the page's box."""

    number: int
    bottom: float
    top: float
    lines: list[_Line]


def _read_pages(data: bytes) -> tuple[str | None, list[_Page]]:
    """Open the document and read every page's lines, each page closed before the next is
    opened; any PDFium failure becomes a ``ReadError``."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) in PASSWORD_ERRORS:
            raise ReadError(ENCRYPTED) from None
        raise ReadError(DAMAGED.format(_reason(error))) from None
    try:
        if b"%%EOF" not in data.rstrip()[-EOF_WINDOW:]:
            raise ReadError(DAMAGED.format("it ends before its end-of-file marker"))
        reader = _PageReader()
        title = _title(document)
        pages = [_read_page(document, index, reader) for index in range(len(document))]
    except pdfium.PdfiumError as error:
        raise ReadError(DAMAGED.format(_reason(error))) from None
    finally:
        document.close()
    return title, pages


def _reason(error: Exception) -> str:
    """PDFium's reason in a few words: ``data format error``, ``failed to load page``."""
    text = str(error).strip().rstrip(".")
    found = re.search(r"PDFium: ([^)]+)", text)
    reason = found.group(1) if found else text or type(error).__name__
    return reason[:1].lower() + reason[1:]


def _title(document: Any) -> str | None:
    """The Title of the document's metadata, if it has a real one: not the placeholder some
    writers put when they are given none (ReportLab's ``untitled`` and ``(anonymous)``)."""
    title = str(document.get_metadata_value("Title") or "").strip()
    return title if title and title.casefold() not in PLACEHOLDER_TITLES else None


def _read_page(document: Any, index: int, reader: _PageReader) -> _Page:
    """One page's lines. The page and its text page are opened and closed through the C API:
    pypdfium2's page objects cost a good part of a millisecond a page, for their finalizers."""
    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        raise pdfium.PdfiumError(f"failed to load page {index + 1}")
    try:
        box = pdfium_c.FS_RECTF()
        if not pdfium_c.FPDF_GetPageBoundingBox(page, box):
            raise pdfium.PdfiumError(f"page {index + 1} has no size")
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise pdfium.PdfiumError(f"failed to read the text of page {index + 1}")
        try:
            lines = reader.lines(textpage)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return _Page(index + 1, float(box.bottom), float(box.top), lines)


class _CharIndex:
    """Offsets in the page's text to PDFium's character indices and back.

    They are the same numbers unless PDFium left a character out of the text or put one in,
    or a character takes two UTF-16 units: then PDFium translates, one call per offset.
    """

    def __init__(self, textpage: Any, text: str, units: int, count: int) -> None:
        self._textpage = textpage
        self._same = units == count and len(text) == units
        self._units: list[int] | None = None
        if len(text) != units:  # characters beyond the BMP: a unit offset for each offset
            self._units = [0, *accumulate(2 if ord(char) > 0xFFFF else 1 for char in text)]

    def char(self, offset: int) -> int:
        if self._same:
            return offset
        unit = self._units[offset] if self._units is not None else offset
        return int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(self._textpage, unit))

    def offset(self, char: int) -> int | None:
        if self._same:
            return char
        unit = int(pdfium_c.FPDFText_GetTextIndexFromCharIndex(self._textpage, char))
        if unit < 0:
            return None
        return bisect_right(self._units, unit) - 1 if self._units is not None else unit


_Rect = tuple[float, float, float, float]
"""left, bottom, right, top"""


class _PageReader:
    """Reads the lines of text pages through PDFium's C API, reusing its out-parameters."""

    def __init__(self) -> None:
        self._doubles = tuple(ctypes.c_double() for _ in range(4))
        self._matrix = pdfium_c.FS_MATRIX()
        self._font = ctypes.create_string_buffer(FONT_NAME_BYTES)
        self._flags = ctypes.c_int()
        self._previous = 0.0
        """The font size of the line read last."""
        self._elided = False
        """Whether the runs of the line read last were more than the four kept."""
        self._bold_fonts: dict[tuple[bytes, int], bool] = {}

    def lines(self, textpage: Any) -> list[_Line]:
        """The page's lines in PDFium's order, a line broken by a raised call made whole."""
        count = int(pdfium_c.FPDFText_CountChars(textpage))
        if count <= 0:
            return []
        text, units = self._text(textpage, count)
        index = _CharIndex(textpage, text, units, count)
        if _CONTROL.search(text):  # one for one: the offsets stay PDFium's
            text = _CONTROL.sub(" ", text)
        self._previous = 0.0
        lines = []
        for match in _LINE.finditer(text):
            line = self._line(textpage, text, match, index)
            if line is not None:
                lines.append(line)
        return _merge_rows(lines)

    @staticmethod
    def _text(textpage: Any, count: int) -> tuple[str, int]:
        """All the page's text in one call, and its length in UTF-16 units."""
        last = int(pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, count - 1))
        buffer = (ctypes.c_ushort * (max(count, last + 1) + 1))()
        written = int(pdfium_c.FPDFText_GetText(textpage, 0, count, buffer))
        units = max(written - 1, 0)
        return ctypes.string_at(buffer, 2 * units).decode("utf-16-le", "replace"), units

    def _line(
        self, textpage: Any, page_text: str, span: re.Match[str], index: _CharIndex
    ) -> _Line | None:
        raw, start = span.group(), span.start()
        text = raw[:-1] + "-" if raw.endswith("\ufffe") else raw
        if text.isspace():
            return None
        first = index.char(start)
        last = index.char(start + len(raw) - 1)
        if first < 0 or last < first:
            return None
        rects = self._rects(textpage, first, last - first + 1)
        if not rects:  # only characters without a box
            return None
        segments = self._segments(textpage, rects, page_text, span, index)
        main = segments[0] if len(segments) == 1 else max(segments, key=_width)
        base, nominal, scale = self._metrics(textpage, index.char(start + _sample(text, main, 2)))
        if nominal not in (0, self._previous) and main.end - main.start >= SAMPLED_LINE:
            nominal = self._usual_size(textpage, text, main, start, index, nominal)
        self._previous = nominal
        size = nominal * scale
        if size <= 0:
            size = max(top - bottom for _, bottom, _, top in rects)
            base = min(bottom for _, bottom, _, _ in rects)
        bold = self._bold_run(textpage, text, main, start, index)
        line = _Line(text, segments, base, size, bold)
        if _LEADING_NUMBER.match(text):
            lead = index.char(start + len(text) - len(text.lstrip()))
            line.raised_lead = self._raised(textpage, lead, line)
        return line

    def _rects(self, textpage: Any, first: int, count: int) -> list[_Rect]:
        """The boxes of the line's text runs (one per text object, or part of one): the
        first two and the last two only, which tell its extent and set apart a number in
        either margin (a line drawn word by word has a run a word, and each costs a call)."""
        left, top, right, bottom = self._doubles
        total = int(pdfium_c.FPDFText_CountRects(textpage, first, count))
        self._elided = total > 4
        numbers = range(total) if total <= 4 else (0, 1, total - 2, total - 1)
        rects = []
        for number in numbers:
            if pdfium_c.FPDFText_GetRect(textpage, number, left, top, right, bottom):
                rects.append((left.value, bottom.value, right.value, top.value))
        return rects

    def _segments(
        self,
        textpage: Any,
        rects: list[_Rect],
        page_text: str,
        span: re.Match[str],
        index: _CharIndex,
    ) -> list[_Segment]:
        """Part the line where two of its runs are far apart, finding in the text where the
        second begins."""
        start, end = span.span()
        if len(rects) == 1:
            return [_Segment(0, end - start, rects[0][0], rects[0][2])]
        gap = SEGMENT_GAP * max(top - bottom for _, bottom, _, top in rects)
        starts: list[tuple[int, float, float]] = [(start, rects[0][0], rects[0][2])]
        elided = len(rects) == 4 and self._elided  # runs left out between the 2nd and 3rd
        for number, rect in enumerate(rects[1:], 1):
            left, _, right, _ = rect
            offset, first_left, last_right = starts[-1]
            if left - last_right > gap and not (elided and number == 2):
                near_end = last_right - first_left > right - left
                within = (offset + 1, end)
                found = self._offset_at(textpage, page_text, within, rect, index, near_end)
                if found is not None and offset < found < end:
                    starts.append((found, left, right))
                    continue
            starts[-1] = (offset, min(first_left, left), max(last_right, right))
        ends = [offset for offset, _, _ in starts[1:]] + [end]
        return [
            _Segment(offset - start, stop - start, left, right)
            for (offset, left, right), stop in zip(starts, ends, strict=True)
        ]

    def _offset_at(
        self,
        textpage: Any,
        page_text: str,
        within: tuple[int, int],
        rect: _Rect,
        index: _CharIndex,
        near_end: bool,
    ) -> int | None:
        """The offset in the page's text of the first character of the run ``rect``: the
        first of a word whose box starts where the run does (tried from the line's end when
        the run is shorter than what comes before it: a number in the right margin), else
        the character PDFium finds at the run's left edge (a search through all the page's
        characters: slower)."""
        left, bottom, right, top = rect
        words = [found.start() for found in _WORD_AFTER_SPACE.finditer(page_text, *within)]
        for offset in (words[::-1] if near_end else words)[:WORDS_TRIED]:
            if abs(self._char_left(textpage, index.char(offset)) - left) < 1:
                return offset
        x = left + min(0.5, (right - left) / 2)
        char = int(pdfium_c.FPDFText_GetCharIndexAtPos(textpage, x, (bottom + top) / 2, 0.5, 0.5))
        return index.offset(char) if char >= 0 else None

    def _char_left(self, textpage: Any, char: int) -> float:
        left, right, bottom, top = self._doubles
        if char < 0 or not pdfium_c.FPDFText_GetCharBox(textpage, char, left, right, bottom, top):
            return math.inf
        return float(left.value)

    def _metrics(self, textpage: Any, char: int) -> tuple[float, float, float]:
        """The baseline of a character, the font size it was selected in, and the scale its
        matrix puts on it (a document may select size 1 and scale it): the size as drawn is
        their product, the same for two fonts of one size, whatever their glyphs. Sizes of 0
        if PDFium has none."""
        matrix = self._matrix
        if char < 0 or not pdfium_c.FPDFText_GetMatrix(textpage, char, matrix):
            return 0.0, 0.0, 0.0
        size = float(pdfium_c.FPDFText_GetFontSize(textpage, char))
        return float(matrix.f), size, math.hypot(matrix.c, matrix.d)

    def _usual_size(
        self, textpage: Any, text: str, main: _Segment, start: int, index: _CharIndex, middle: float
    ) -> float:
        """The font size of most of the line: the median of the sizes at a quarter, half and
        three quarters of it, so that a word in a smaller typewriter font in the middle does
        not make the line smaller. Asked only when the middle's size is not the line before's
        (two calls to PDFium a line add up over a long document)."""
        quarters = (
            float(
                pdfium_c.FPDFText_GetFontSize(textpage, index.char(start + _sample(text, main, at)))
            )
            for at in (1, 3)
        )
        return statistics.median((middle, *quarters))

    def _bold_run(
        self, textpage: Any, text: str, main: _Segment, start: int, index: _CharIndex
    ) -> bool:
        """Whether the segment is bold at both ends: a bold line, not a bold word in it."""
        first, last = main.start, main.end - 1
        if text[first].isspace() or text[last].isspace():  # seldom: PDFium strips lines
            body = text[main.start : main.end]
            first = main.start + len(body) - len(body.lstrip())
            last = main.start + len(body.rstrip()) - 1
        return self._is_bold(textpage, index.char(start + first)) and (
            last == first or self._is_bold(textpage, index.char(start + last))
        )

    def _is_bold(self, textpage: Any, char: int) -> bool:
        """Whether the character's font is bold, by its name or its ForceBold flag (the
        answer kept by font: a document has a few fonts and many lines)."""
        if char < 0:
            return False
        pdfium_c.FPDFText_GetFontInfo(textpage, char, self._font, FONT_NAME_BYTES, self._flags)
        font = (self._font.value, self._flags.value)
        bold = self._bold_fonts.get(font)
        if bold is None:
            name = font[0].decode("latin-1").casefold()
            bold = bool(font[1] & FORCE_BOLD) or any(word in name for word in BOLD_NAMES)
            self._bold_fonts[font] = bold
        return bold

    def _raised(self, textpage: Any, char: int, line: _Line) -> bool:
        """Whether the character is smaller or higher than the line's: a superscript."""
        base, nominal, scale = self._metrics(textpage, char)
        size = nominal * scale
        return 0 < size < line.size * NOTE_SIZE or base > line.base + line.size * 0.2


def _sample(text: str, segment: _Segment, fraction: int, of: int = 4) -> int:
    """The offset of a character that is not a space, near ``fraction / of`` of the segment
    (the middle by default: its font is the line's, where the first character may be a
    smaller marker)."""
    start, end = segment.start, segment.end
    middle = start + (end - start) * fraction // of
    if middle < end and not text[middle].isspace():
        return middle
    offsets: list[int] = [*range(middle, end), *range(middle - 1, start - 1, -1)]
    return next((offset for offset in offsets if not text[offset].isspace()), start)


def _merge_rows(lines: list[_Line]) -> list[_Line]:
    """Join a line to the one before when they sit on one row: PDFium breaks the line after
    a raised note call (``loi¹ est applicable``), and may put the rest of the row, with the
    row's number in the margin, after it."""
    merged: list[_Line] = []
    for line in lines:
        if merged and _same_row(merged[-1], line):
            merged[-1] = _joined(merged[-1], line)
        else:
            merged.append(line)
    return merged


def _same_row(before: _Line, after: _Line) -> bool:
    low = max(before.base, after.base)
    high = min(before.base + before.size, after.base + after.size)
    return high - low > SAME_ROW * min(before.size, after.size)


def _joined(before: _Line, after: _Line) -> _Line:
    """One line of the two parts of a row, their runs in order across the page: runs closer
    than a segment gap are one segment, with a space between them where there is room for
    one (none before a call glued to its word)."""
    pieces = sorted(
        (
            (segment.left, segment.right, line.text[segment.start : segment.end].strip(), line)
            for line in (before, after)
            for segment in line.segments
        ),
        key=lambda piece: piece[0],
    )
    height = max(before.size, after.size)
    text = ""
    segments: list[_Segment] = []
    for left, right, piece, _ in pieces:
        if not piece:
            continue
        last = segments[-1] if segments else None
        if last is not None and left - last.right <= SEGMENT_GAP * height:
            text += (" " if left - last.right > WORD_SPACE * height else "") + piece
            segments[-1] = _Segment(last.start, len(text), last.left, max(last.right, right))
        else:
            text += (" " if text else "") + piece
            segments.append(_Segment(len(text) - len(piece), len(text), left, right))
    if not segments:  # never: each line has some text
        return before
    wider = max(before, after, key=lambda line: _width(line.main))
    bold = before.bold and after.bold
    return _Line(text, segments, wider.base, wider.size, bold, pieces[0][3].raised_lead)


# --- laying the lines out into blocks -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    """What the document's body text looks like, measured over all its pages."""

    size: float
    spacing: float
    left: float
    right: float
    bold_body: bool
    """Most of the text is bold: bold then tells nothing about headings."""


@dataclass(frozen=True, slots=True)
class _Frame:
    """The left and right edges of a page's text column."""

    left: float
    right: float


@dataclass(slots=True)
class _Draft:
    """A block being put together: its lines, kind and first page; its first and last lines
    and the column of the page each is on, to tell whether it runs on to the next page."""

    lines: list[str]
    kind: BlockKind
    page: int
    first: _Line
    last: _Line
    frame: _Frame
    """The column of the page of ``last`` (of ``first`` too, until a page's text is joined)."""
    marker: str | None = None
    """A note's number or sign, to tell the next note from a line of this one."""

    def block(self) -> Block:
        return Block("\n".join(self.lines), self.kind, self.page)

    def extend(self, other: _Draft) -> None:
        """Take on the lines of the block that goes on with this one on the next page."""
        self.lines.extend(other.lines)
        self.last, self.frame = other.last, other.frame


@dataclass(frozen=True, slots=True)
class _Laid:
    """A page's body blocks and notes, before the body is joined across pages."""

    body: list[_Draft]
    notes: list[_Draft]


def _assemble(pages: list[_Page]) -> list[Block]:
    """The blocks of all pages: furniture dropped, notes apart, paragraphs joined across
    pages, each page's notes after the body block they interrupt."""
    style = _measure(pages)
    frames = {page.number: _frame(page.lines, style) for page in pages}
    if len(pages) > 1:
        _strip_furniture(pages, frames, style)
    laid = _lay_out(pages, frames, style)
    indents = _indents(laid)
    drafts: list[_Draft] = []
    last_body: _Draft | None = None
    for page in laid:
        groups = list(page.body)
        if groups and last_body is not None and _runs_on(last_body, groups[0], indents):
            last_body.extend(groups.pop(0))
        drafts.extend(groups)
        last_body = groups[-1] if groups else last_body
        drafts.extend(page.notes)
    return [draft.block() for draft in drafts]


def _lay_out(pages: list[_Page], frames: dict[int, _Frame], style: _Style) -> list[_Laid]:
    """Each page's paragraphs and notes; a note left open at the foot of a page takes the
    lines that go on with it at the foot of the next."""
    laid: list[_Laid] = []
    last_note: _Draft | None = None
    for page in pages:
        frame = frames[page.number]
        note_open = last_note is not None and not _ENDS_SENTENCE.search(last_note.lines[-1])
        body, note_lines = _split_notes(page, style, note_open)
        groups = [
            _draft(group, page.number, frame, style) for group in _paragraphs(body, frame, style)
        ]
        notes = _notes(note_lines, page.number, frame, last_note if note_open else None)
        last_note = notes[-1] if notes else last_note
        laid.append(_Laid(groups, notes))
    return laid


def _indents(laid: list[_Laid]) -> bool:
    """Whether the document indents its paragraphs' first lines: most paragraphs of a few
    lines that do not open a page (those may go on from the page before) are indented."""
    seen = indented = 0
    for page in laid:
        for draft in page.body[1:]:
            if draft.kind is BlockKind.PARAGRAPH and len(draft.lines) > 1:
                seen += 1
                indented += _indented(draft)
    return seen >= INDENTED_LEAST and indented >= INDENTED_SHARE * seen


def _indented(draft: _Draft) -> bool:
    return draft.first.left - draft.frame.left > INDENT * draft.first.size


def _measure(pages: list[_Page]) -> _Style:
    """The body's font size (the size most characters have), the spacing of its lines (the
    commonest distance between two successive lines of that size), its column's edges, and
    whether it is bold."""
    sizes: Counter[float] = Counter()
    bold = 0
    for page in pages:
        for line in page.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
            bold += len(line.text) if line.bold else 0
    size = max(sizes.most_common(1)[0][0], 1.0) if sizes else 10.0
    body = [[line for line in page.lines if _is_body_size(line, size)] for page in pages]
    steps: Counter[float] = Counter()
    for lines in body:
        for before, after in pairwise(lines):
            step = before.base - after.base
            if 0.5 * size < step < 2.5 * size:
                steps[round(step * 2) / 2] += 1
    spacing = steps.most_common(1)[0][0] if steps else 1.2 * size
    flat = [line for lines in body for line in lines]
    left, right = _edges(flat) if flat else (0.0, 0.0)
    return _Style(size, spacing, left, right, bold * 2 > sum(sizes.values()))


def _is_body_size(line: _Line, size: float) -> bool:
    return abs(line.size - size) <= size * (STYLE_CHANGE - 1)


def _edges(lines: list[_Line]) -> tuple[float, float]:
    """The column's left edge (where most lines start) and right edge (where the longest
    lines end, at the ninth decile: a justified column's edge, or a ragged one's reach)."""
    lefts = Counter(round(line.main.left) for line in lines)
    rights = sorted(line.main.right for line in lines)
    return float(lefts.most_common(1)[0][0]), rights[min(len(rights) - 1, len(rights) * 9 // 10)]


def _frame(lines: list[_Line], style: _Style) -> _Frame:
    """A page's own column edges when it has lines enough to tell (odd and even pages may
    have other margins), else the document's."""
    body = [line for line in lines if _is_body_size(line, style.size)]
    if len(body) < 5:
        return _Frame(style.left, style.right)
    return _Frame(*_edges(body))


# --- running headers, footers, page numbers, line numbers -----------------------------------


def _normal(text: str) -> str:
    """Text as compared across pages: case, spacing and the value of numbers left out."""
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def _strip_furniture(pages: list[_Page], frames: dict[int, _Frame], style: _Style) -> None:
    """Take out of each page the lines of its top and bottom bands that repeat across pages
    in one place or are page numbers, and the numbers in its margins that count its lines."""
    bands = {page.number: _bands(page) for page in pages}
    seen: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for page in pages:
        for where, line in bands[page.number]:
            seen[(where, _normal(line.text))].append((page.number, line.base))
    tolerance = REPEAT_SPREAD * max(page.top - page.bottom for page in pages)
    running = _running(seen, len(pages), tolerance)
    heads = _header_slot(pages, style, tolerance)
    for page in pages:
        drop = {
            id(line)
            for where, line in bands[page.number]
            if _PAGE_NUMBER.fullmatch(line.text.strip())
            or abs(running.get((where, _normal(line.text)), math.inf) - line.base) <= tolerance
        }
        drop.update(id(line) for line in heads.get(page.number, ()))
        page.lines = [line for line in page.lines if id(line) not in drop]
    _strip_line_numbers(pages, frames, style)


def _header_slot(pages: list[_Page], style: _Style, tolerance: float) -> dict[int, list[_Line]]:
    """The running headers whose text changes (a chapter's title over its pages, odd and even
    pages' own): the top line of a page, well apart from the text below it, in the same place
    on at least half the pages (and two); by page. Footers are left to repetition and page
    numbers: a short footnote at the foot of many pages would look the same."""
    tops: dict[int, _Line] = {}
    for page in pages:
        ordered = sorted(page.lines, key=lambda line: -line.base)[:2]
        if len(ordered) == 2 and _stands_apart(page, ordered[0], ordered[1], style):
            tops[page.number] = ordered[0]
    least = max(2, math.ceil(HEADER_SHARE * len(pages)))
    if len(tops) < least:
        return {}
    middle = statistics.median(line.base for line in tops.values())
    slot = {number: [line] for number, line in tops.items() if abs(line.base - middle) <= tolerance}
    return slot if len(slot) >= least else {}


def _stands_apart(page: _Page, top: _Line, below: _Line, style: _Style) -> bool:
    """Whether the page's top line may be a header: high on the page, far above the next,
    and not bigger than the body (the title of a document, a heading are)."""
    in_band = top.base >= page.top - BAND * (page.top - page.bottom)
    apart = top.base - below.base > HEADER_GAP * style.spacing
    return in_band and apart and top.size <= style.size * (2 - NOTE_SIZE)


def _bands(page: _Page) -> list[tuple[str, _Line]]:
    """The few lines at the very top and the very bottom of the page, each with its band."""
    height = page.top - page.bottom
    ordered = sorted(page.lines, key=lambda line: -line.base)
    top = [line for line in ordered[:BAND_LINES] if line.base >= page.top - BAND * height]
    taken = {id(line) for line in top}
    bottom = [
        line
        for line in ordered[::-1][:BAND_LINES]
        if line.base <= page.bottom + BAND * height and id(line) not in taken
    ]
    return [("top", line) for line in top] + [("bottom", line) for line in bottom]


def _running(
    seen: dict[tuple[str, str], list[tuple[int, float]]], pages: int, tolerance: float
) -> dict[tuple[str, str], float]:
    """The texts with letters found on enough pages at one place (the median of where they
    are found, give or take ``tolerance``: the document's title on its first page, lower
    down, does not hide its running header), and that place."""
    least = max(2, math.ceil(REPEAT_SHARE * pages))
    running = {}
    for key, places in seen.items():
        if len({page for page, _ in places}) < least or not _LETTER.search(key[1]):
            continue
        middle = statistics.median(base for _, base in places)
        if len({page for page, base in places if abs(base - middle) <= tolerance}) >= least:
            running[key] = middle
    return running


def _strip_line_numbers(pages: list[_Page], frames: dict[int, _Frame], style: _Style) -> None:
    """Drop the numbers in a margin that count lines: on enough pages, and rising with the
    lines beside them (a paragraph's number in the margin rises by one a paragraph, and
    stays)."""
    found: dict[int, list[tuple[_Line, _Segment, str]]] = {}
    counts: Counter[str] = Counter()
    for page in pages:
        margin = _margin_numbers(page.lines, frames[page.number], style)
        if margin and _counts_lines(margin, style):
            found[page.number] = margin
            counts.update({side for _, _, side in margin})
    least = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    for page in pages:
        drop = [
            (line, segment)
            for line, segment, side in found.get(page.number, [])
            if counts[side] >= least
        ]
        dropped = {id(segment) for _, segment in drop}
        kept = [_without(line, dropped) for line in page.lines]
        page.lines = [line for line in kept if line is not None]


def _margin_numbers(
    lines: list[_Line], frame: _Frame, style: _Style
) -> list[tuple[_Line, _Segment, str]]:
    """The numbers standing alone left or right of the page's column."""
    found = []
    left, right = frame.left - style.size * 0.5, frame.right + style.size * 0.5
    for line in lines:
        if line.left >= left and line.right <= right:
            continue
        for segment in line.segments:
            side = "left" if segment.right < left else "right" if segment.left > right else None
            text = line.text[segment.start : segment.end].strip()
            if side is not None and _MARGIN_NUMBER.fullmatch(text):
                found.append((line, segment, side))
    return found


def _counts_lines(margin: list[tuple[_Line, _Segment, str]], style: _Style) -> bool:
    """Whether the margin's numbers go up by the number of lines between them (each line, or
    every fifth, numbered), for most pairs of successive numbers on a side."""
    fits = pairs = 0
    for side in ("left", "right"):
        numbers = sorted(
            (
                (-line.base, int(line.text[s.start : s.end]))
                for line, s, where in margin
                if where == side
            )
        )
        for (y1, n1), (y2, n2) in pairwise(numbers):
            pairs += 1
            fits += abs((n2 - n1) - (y2 - y1) / style.spacing) <= 0.5
    return pairs == 0 or fits >= 0.7 * pairs


def _without(line: _Line, dropped: set[int]) -> _Line | None:
    """The line without the segments dropped (their ids), or None if none is left."""
    kept = [segment for segment in line.segments if id(segment) not in dropped]
    if len(kept) == len(line.segments):
        return line
    if not kept:
        return None
    parts: list[str] = []
    segments: list[_Segment] = []
    for segment in kept:
        piece = line.text[segment.start : segment.end].strip()
        offset = sum(len(part) + 1 for part in parts)
        parts.append(piece)
        segments.append(_Segment(offset, offset + len(piece), segment.left, segment.right))
    return _Line(" ".join(parts), segments, line.base, line.size, line.bold, line.raised_lead)


# --- footnotes ---------------------------------------------------------------------------


def _split_notes(page: _Page, style: _Style, note_open: bool) -> tuple[list[_Line], list[_Line]]:
    """The page's body lines and its footnote lines: the run of small lines at the foot of
    the page, under body text, from the first that starts with a note's marker; the small
    lines above that one go on with a note left open on the page before, if there is one,
    else they are body text (a caption, a quotation in small print)."""
    ordered = sorted(page.lines, key=lambda line: line.base)
    run: list[_Line] = []
    for line in ordered:
        if line.size >= style.size * NOTE_SIZE:
            break
        run.append(line)
    if not run or len(run) == len(ordered):
        return page.lines, []
    run.reverse()  # top to bottom
    first = next((at for at, line in enumerate(run) if _NOTE_MARKER.match(line.text)), len(run))
    notes = run if note_open else run[first:]
    taken = {id(line) for line in notes}
    return [line for line in page.lines if id(line) not in taken], notes


def _notes(lines: list[_Line], page: int, frame: _Frame, carried: _Draft | None) -> list[_Draft]:
    """The page's notes, top to bottom: a new note at each line starting with the marker
    that follows the last (``2`` after ``1``, any ``*``); other lines go on the note above,
    or on the note left open at the foot of the page before."""
    notes: list[_Draft] = []
    for line in lines:
        marker = _NOTE_MARKER.match(line.text)
        text = _spaced_marker(line, marker)
        current = notes[-1] if notes else None
        if marker is not None and _starts_note(marker, current):
            notes.append(_Draft([text], BlockKind.NOTE, page, line, line, frame, _marker(marker)))
        elif current is not None:
            current.lines.append(text)
        elif carried is not None:
            carried.lines.append(text)
        else:
            notes.append(_Draft([text], BlockKind.NOTE, page, line, line, frame))
    return notes


def _marker(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group)


def _starts_note(marker: re.Match[str], current: _Draft | None) -> bool:
    """A marker starts a note when it is the page's first, or follows the last one's."""
    if current is None:
        return True
    number = marker.group(1) or marker.group(2)
    if number is None or current.marker is None or not current.marker.isdigit():
        return True
    return int(number) == int(current.marker) + 1


def _spaced_marker(line: _Line, marker: re.Match[str] | None) -> str:
    """The line's text with a space after a raised marker that PDFium glued to its word."""
    text = line.text.strip()
    if marker is None or not line.raised_lead:
        return text
    cut = marker.end() - (len(line.text) - len(line.text.lstrip()))
    return text[:cut] + " " + text[cut:] if 0 < cut < len(text) and text[cut] != " " else text


# --- paragraphs -----------------------------------------------------------------------------


def _paragraphs(lines: list[_Line], frame: _Frame, style: _Style) -> list[list[_Line]]:
    """The body lines in groups, one group a paragraph."""
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and not _starts_paragraph(groups[-1][-1], line, frame, style):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _starts_paragraph(before: _Line, line: _Line, frame: _Frame, style: _Style) -> bool:
    """Whether ``line`` starts a paragraph after ``before``: a change of font, a step back up
    the page or a gap, a line before that ended short, or an indent after a sentence's end."""
    if _style_changes(before, line, style):
        return True
    step = before.base - line.base
    scale = max(before.size, line.size) / style.size
    if step < 0.3 * line.size or step > PARAGRAPH_GAP * style.spacing * scale:
        return True
    if _would_fit(before, line, frame):
        return True
    indented = line.left - before.left > INDENT * line.size
    return indented and bool(_ENDS_SENTENCE.search(before.text))


def _style_changes(before: _Line, line: _Line, style: _Style) -> bool:
    sizes = max(before.size, line.size) / max(min(before.size, line.size), 0.1)
    return sizes > STYLE_CHANGE or (not style.bold_body and before.bold != line.bold)


def _would_fit(before: _Line, line: _Line, frame: _Frame) -> bool:
    """Whether the first word of ``line`` would have fitted at the end of ``before``: then
    ``before`` was ended on purpose, and ended its paragraph."""
    words = line.text.split()
    if not words:
        return False
    text = line.text.strip()
    average = (line.right - line.left) / max(len(text), 1)
    needed = FIT_SLACK * average * (len(words[0]) + 1) + 0.5 * line.size
    return frame.right - before.right > needed


def _draft(lines: list[_Line], page: int, frame: _Frame, style: _Style) -> _Draft:
    texts = [line.text.strip() for line in lines]
    return _Draft(texts, _kind(lines, texts, frame, style), page, lines[0], lines[-1], frame)


def _kind(lines: list[_Line], texts: list[str], frame: _Frame, style: _Style) -> BlockKind:
    """A heading: a short paragraph in a bigger font, or all bold (not ending like a
    sentence), or one short centred line."""
    text = " ".join(texts)
    if len(lines) > HEADING_LINES or len(text) > HEADING_CHARS:
        return BlockKind.PARAGRAPH
    if lines[0].size >= style.size * HEADING_SIZE:
        return BlockKind.HEADING
    if _ENDS_CLAUSE.search(text):
        return BlockKind.PARAGRAPH
    if not style.bold_body and all(line.bold for line in lines):
        return BlockKind.HEADING
    if len(lines) == 1 and _centred(lines[0], frame):
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def _centred(line: _Line, frame: _Frame) -> bool:
    left = line.left - frame.left
    right = frame.right - line.right
    tolerance = max(CENTRE_TOLERANCE * (frame.right - frame.left), line.size)
    return left > 2 * line.size and right > 2 * line.size and abs(left - right) <= tolerance


def _runs_on(before: _Draft, after: _Draft, indents: bool) -> bool:
    """Whether the paragraph starting a page goes on with the one that ended the page before.

    When that one did not end its sentence: if this one starts in lower case (or the one
    before ended on a comma or a hyphen), or if the last line before was full and this one's
    first is neither indented nor numbered. In a document that indents its paragraphs, a
    first line that is not indented after a full line goes on even after a full stop.
    """
    if before.kind is not BlockKind.PARAGRAPH or after.kind is not BlockKind.PARAGRAPH:
        return False
    ending, opening = before.lines[-1], after.lines[0]
    full = not _would_fit(before.last, after.first, before.frame)
    flush = not _indented(after) and not _NUMBERED.match(opening)
    if indents and full and flush:
        return True
    if _ENDS_SENTENCE.search(ending):
        return False
    if opening[:1].islower() or ending.endswith((",", "-")):
        return True
    return full and flush
