"""Reading a text page's lines through PDFium's C API: the page's text in one call, cut into
lines where PDFium broke them, and for each line only a few boxes and font facts (the extent
of its first and last runs, the size and baseline of a character in its middle, the font at
its ends), never every character's, so that a long document reads at a good fraction of
``pdftotext``'s speed.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
from typing import Any

import pypdfium2.raw as pdfium_c

from corpus.readers.pdf.charindex import CharIndex
from corpus.readers.pdf.lines import SEGMENT_GAP, Line, Segment, width
from corpus.readers.pdf.rows import merge_rows
from corpus.readers.pdf.style import NOTE_SIZE

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

_LEADING_NUMBER = re.compile(r"\s*\d{1,3}[^\W\d_]")

_Rect = tuple[float, float, float, float]
"""left, bottom, right, top"""


class PageReader:
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

    def lines(self, textpage: Any) -> list[Line]:
        """The page's lines in PDFium's order, a line broken by a raised call made whole."""
        count = int(pdfium_c.FPDFText_CountChars(textpage))
        if count <= 0:
            return []
        text, units = self._text(textpage, count)
        index = CharIndex(textpage, text, units, count)
        if _CONTROL.search(text):  # one for one: the offsets stay PDFium's
            text = _CONTROL.sub(" ", text)
        self._previous = 0.0
        lines = []
        for match in _LINE.finditer(text):
            line = self._line(textpage, text, match, index)
            if line is not None:
                lines.append(line)
        return merge_rows(lines)

    @staticmethod
    def _text(textpage: Any, count: int) -> tuple[str, int]:
        """All the page's text in one call, and its length in UTF-16 units."""
        last = int(pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, count - 1))
        buffer = (ctypes.c_ushort * (max(count, last + 1) + 1))()
        written = int(pdfium_c.FPDFText_GetText(textpage, 0, count, buffer))
        units = max(written - 1, 0)
        return ctypes.string_at(buffer, 2 * units).decode("utf-16-le", "replace"), units

    def _line(
        self, textpage: Any, page_text: str, span: re.Match[str], index: CharIndex
    ) -> Line | None:
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
        main = segments[0] if len(segments) == 1 else max(segments, key=width)
        base, nominal, scale = self._metrics(textpage, index.char(start + _sample(text, main, 2)))
        if nominal not in (0, self._previous) and main.end - main.start >= SAMPLED_LINE:
            nominal = self._usual_size(textpage, text, main, start, index, nominal)
        self._previous = nominal
        size = nominal * scale
        if size <= 0:
            size = max(top - bottom for _, bottom, _, top in rects)
            base = min(bottom for _, bottom, _, _ in rects)
        bold = self._bold_run(textpage, text, main, start, index)
        line = Line(text, segments, base, size, bold)
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
        index: CharIndex,
    ) -> list[Segment]:
        """Part the line where two of its runs are far apart, finding in the text where the
        second begins."""
        start, end = span.span()
        if len(rects) == 1:
            return [Segment(0, end - start, rects[0][0], rects[0][2])]
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
            Segment(offset - start, stop - start, left, right)
            for (offset, left, right), stop in zip(starts, ends, strict=True)
        ]

    def _offset_at(
        self,
        textpage: Any,
        page_text: str,
        within: tuple[int, int],
        rect: _Rect,
        index: CharIndex,
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
        self, textpage: Any, text: str, main: Segment, start: int, index: CharIndex, middle: float
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
        self, textpage: Any, text: str, main: Segment, start: int, index: CharIndex
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

    def _raised(self, textpage: Any, char: int, line: Line) -> bool:
        """Whether the character is smaller or higher than the line's: a superscript."""
        base, nominal, scale = self._metrics(textpage, char)
        size = nominal * scale
        return 0 < size < line.size * NOTE_SIZE or base > line.base + line.size * 0.2


def _sample(text: str, segment: Segment, fraction: int, of: int = 4) -> int:
    """The offset of a character that is not a space, near ``fraction / of`` of the segment
    (the middle by default: its font is the line's, where the first character may be a
    smaller marker)."""
    start, end = segment.start, segment.end
    middle = start + (end - start) * fraction // of
    if middle < end and not text[middle].isspace():
        return middle
    offsets: list[int] = [*range(middle, end), *range(middle - 1, start - 1, -1)]
    return next((offset for offset in offsets if not text[offset].isspace()), start)
