"""Real PDFs for the PDF reader's tests, written with ReportLab, and what was put where.

The builder lays paragraphs out itself (greedy line filling with ReportLab's font metrics), so
that it knows, and tells the tests, the page each paragraph starts on, which paragraphs run
across a page break (and the line it breaks after), and on which page each footnote is
printed. A page may carry a running header (odd and even pages' own) and footer, a page number
in several forms, a line-number margin, drawn before or after the text; paragraphs are told
apart by a gap or by a first-line indent; lines are ragged or justified, and may be hyphenated
inside words; footnotes are called by a raised number and printed, smaller, at the foot of the
page where they are called. ``image_only`` writes a scan without a text layer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

HYPHENATED_MIN = 8
"""Only words of this many letters at least are cut at a line's end, leaving 3 on a side."""


class Style(Enum):
    """How a paragraph is printed."""

    BODY = "body"
    HEADING = "heading"
    """Bold, bigger, flush left."""
    CENTRED = "centred"
    """The body's font, centred (``D E C I D E :``)."""
    TITLE = "title"
    """Bold, bigger, centred."""


@dataclass(frozen=True)
class Note:
    """A footnote, called by a raised number after the word ``after`` (0-based) of its
    paragraph."""

    text: str
    after: int = 0


@dataclass(frozen=True)
class Para:
    """A paragraph to print: its text (words parted by spaces), style and notes."""

    text: str
    style: Style = Style.BODY
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Layout:
    """The page and what is printed on it besides the paragraphs."""

    page: tuple[float, float] = A4
    left: float = 72
    right: float = 72
    top: float = 72
    bottom: float = 72
    font: str = "Times-Roman"
    bold: str = "Times-Bold"
    size: float = 11
    leading: float = 14
    gap: float = 7
    """Space between two paragraphs (0: told apart by the indent alone)."""
    indent: float = 0
    """First-line indent."""
    justify: bool = False
    hyphenate: bool = False
    header: str | None = None
    """Printed at the top of every page, small; ``{n}`` is the page's number."""
    header_even: str | None = None
    """Printed instead of ``header`` on even pages, if given."""
    footer: str | None = None
    """Printed at the bottom of every page, small."""
    page_number: str | None = None
    """A page number, with ``{n}`` and ``{total}``: at the bottom centre, or top right."""
    number_at_top: bool = False
    line_numbers: bool = False
    """Number every line of the body in the left margin, from 1 on each page."""
    title: str | None = None
    """The document's metadata Title."""
    furniture_last: bool = False
    """Draw the header, footer, page number and line numbers after the page's text."""
    note_size: float = 8
    note_leading: float = 10


@dataclass(frozen=True)
class Built:
    """A PDF and what the builder put where."""

    data: bytes
    texts: tuple[str, ...]
    """Each paragraph's text as printed: a note's number right after the word calling it."""
    starts: tuple[int, ...]
    """The page each paragraph starts on (from 1)."""
    split: tuple[int, ...]
    """The paragraphs that run across a page break."""
    notes: tuple[tuple[str, int], ...]
    """Each footnote's text (its number, a space, its text) and page."""
    pages: int
    breaks: tuple[str, ...] = ()
    """The last line on its page of each paragraph that a page break cuts."""


@dataclass
class _Line:
    words: list[str]
    para: int
    first: bool
    last: bool
    calls: dict[int, int] = field(default_factory=dict)
    """Word index in the line -> note number called after it."""


@dataclass
class _Page:
    lines: list[tuple[_Line, float]] = field(default_factory=list)
    notes: list[tuple[str, list[str]]] = field(default_factory=list)


def build(paras: list[Para], layout: Layout | None = None, encrypt: str | None = None) -> Built:
    """Lay the paragraphs out and print them; ``encrypt`` sets a password to open the file."""
    layout = layout or Layout()
    numbered = _number_notes(paras)
    pages = _paginate(paras, numbered, layout)
    starts: dict[int, int] = {}
    for number, page in enumerate(pages, 1):
        for line, _ in page.lines:
            starts.setdefault(line.para, number)
    split = sorted(
        {
            line.para
            for number, page in enumerate(pages, 1)
            for line, _ in page.lines
            if starts[line.para] < number
        }
    )
    notes = tuple(
        (f"{mark} {' '.join(lines)}", number)
        for number, page in enumerate(pages, 1)
        for mark, lines in page.notes
    )
    breaks = tuple(
        " ".join(page.lines[-1][0].words)
        for page in pages[:-1]
        if page.lines and not page.lines[-1][0].last
    )
    data = _print(pages, paras, layout, encrypt)
    texts = tuple(_printed(index, para, numbered) for index, para in enumerate(paras))
    first_pages = tuple(starts[i] for i in range(len(paras)))
    return Built(data, texts, first_pages, tuple(split), notes, len(pages), breaks)


def _printed(index: int, para: Para, numbered: dict[tuple[int, int], int]) -> str:
    words = para.text.split()
    for at, note in enumerate(para.notes):
        words[note.after] += str(numbered[(index, at)])
    return " ".join(words)


def _number_notes(paras: list[Para]) -> dict[tuple[int, int], int]:
    """(paragraph, note index) -> the note's number, counted through the document."""
    numbers: dict[tuple[int, int], int] = {}
    for index, para in enumerate(paras):
        for at in range(len(para.notes)):
            numbers[(index, at)] = len(numbers) + 1
    return numbers


def _font(para: Para, layout: Layout) -> tuple[str, float]:
    if para.style in (Style.HEADING, Style.TITLE):
        return layout.bold, layout.size + 3
    return layout.font, layout.size


def _width(layout: Layout) -> float:
    return layout.page[0] - layout.left - layout.right


def _wrap(
    words: list[str], font: str, size: float, width: float, indent: float, hyphenate: bool
) -> list[list[str]]:
    """Greedy filling, a long word cut with a hyphen when the builder hyphenates."""
    lines: list[list[str]] = [[]]
    pending = list(words)
    while pending:
        word = pending.pop(0)
        line = lines[-1]
        room = width - (indent if len(lines) == 1 else 0)
        candidate = " ".join([*line, word])
        if stringWidth(candidate, font, size) <= room or not line:
            line.append(word)
            continue
        cut = _cut(line, word, font, size, room) if hyphenate else None
        if cut is not None:
            line.append(word[:cut] + "-")
            pending.insert(0, word[cut:])
        else:
            pending.insert(0, word)
        lines.append([])
    return lines


def _cut(line: list[str], word: str, font: str, size: float, room: float) -> int | None:
    """Where to cut ``word`` so that its head and a hyphen end the line, if it may be cut."""
    if len(word) < HYPHENATED_MIN or not word.isalpha():
        return None
    for cut in range(len(word) - 3, 2, -1):
        if stringWidth(" ".join([*line, word[:cut] + "-"]), font, size) <= room:
            return cut
    return None


def _paginate(
    paras: list[Para], numbered: dict[tuple[int, int], int], layout: Layout
) -> list[_Page]:
    """Place every line on a page, keeping room at the foot for the notes called there."""
    width = _width(layout)
    pages = [_Page()]
    top = layout.page[1] - layout.top
    y = top
    reserved = 0.0
    for index, para in enumerate(paras):
        font, size = _font(para, layout)
        leading = layout.leading * size / layout.size
        indent = layout.indent if para.style is Style.BODY else 0
        wrapped = _wrap(para.text.split(), font, size, width, indent, layout.hyphenate)
        lines = _with_calls(wrapped, index, para, numbered)
        if y < top:
            y -= layout.gap
        for line in lines:
            notes = [
                (number, _note_lines(para.notes[at].text, layout))
                for at, number in _calls(line, index, numbered)
            ]
            if y - leading < layout.bottom + reserved + _room(notes, pages[-1], layout):
                pages.append(_Page())
                y, reserved = top, 0.0
            reserved += _room(notes, pages[-1], layout)
            y -= leading
            pages[-1].lines.append((line, y))
            pages[-1].notes.extend((str(number), text) for number, text in notes)
    return pages


def _room(notes: list[tuple[int, list[str]]], page: _Page, layout: Layout) -> float:
    """The height the notes take at the foot of the page, with the rule above the first."""
    if not notes:
        return 0.0
    rule = 0.0 if page.notes else 8.0
    return rule + sum(len(lines) for _, lines in notes) * layout.note_leading


def _with_calls(
    wrapped: list[list[str]], index: int, para: Para, numbered: dict[tuple[int, int], int]
) -> list[_Line]:
    """The paragraph's lines, each with the calls of the notes after its words (a word cut
    at a line's end is called after its tail)."""
    after = {note.after: numbered[(index, at)] for at, note in enumerate(para.notes)}
    lines = []
    source = 0
    for number, words in enumerate(wrapped):
        line = _Line(words, index, number == 0, number == len(wrapped) - 1)
        for at, word in enumerate(words):
            if at == len(words) - 1 and word.endswith("-") and number < len(wrapped) - 1:
                continue  # the head of a cut word: the word ends on the next line
            if source in after:
                line.calls[at] = after[source]
            source += 1
        lines.append(line)
    return lines


def _calls(line: _Line, index: int, numbered: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """(note index in its paragraph, note number) of the calls on the line."""
    wanted = set(line.calls.values())
    return [
        (at, number)
        for (para, at), number in numbered.items()
        if para == index and number in wanted
    ]


def _note_lines(text: str, layout: Layout) -> list[str]:
    wrapped = _wrap(text.split(), layout.font, layout.note_size, _width(layout) - 8, 0, False)
    return [" ".join(words) for words in wrapped]


def _print(pages: list[_Page], paras: list[Para], layout: Layout, encrypt: str | None) -> bytes:
    out = io.BytesIO()
    options: dict[str, Any] = {"pagesize": layout.page}
    if encrypt is not None:
        options["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword=encrypt + "!")
    pdf = canvas.Canvas(out, **options)
    if layout.title is not None:
        pdf.setTitle(layout.title)
    for number, page in enumerate(pages, 1):
        if not layout.furniture_last:
            _furniture(pdf, number, len(pages), layout)
        for row, (line, y) in enumerate(page.lines, 1):
            _draw_line(pdf, line, y, paras[line.para], layout)
            if layout.line_numbers and not layout.furniture_last:
                _line_number(pdf, row, y, layout)
        _draw_notes(pdf, page.notes, layout)
        if layout.furniture_last:  # as some writers do: the page's frame after its text
            for row, (_, y) in enumerate(page.lines, 1):
                if layout.line_numbers:
                    _line_number(pdf, row, y, layout)
            _furniture(pdf, number, len(pages), layout)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _line_number(pdf: Any, row: int, y: float, layout: Layout) -> None:
    pdf.setFont(layout.font, 8)
    pdf.drawRightString(layout.left - 24, y, str(row))


def _furniture(pdf: Any, number: int, total: int, layout: Layout) -> None:
    width, height = layout.page
    pdf.setFont(layout.font, 9)
    header = layout.header_even if number % 2 == 0 and layout.header_even else layout.header
    if header is not None:
        pdf.drawString(layout.left, height - 40, header.format(n=number))
    if layout.footer is not None:
        pdf.drawString(layout.left, 30, layout.footer.format(n=number))
    if layout.page_number is not None:
        text = layout.page_number.format(n=number, total=total)
        if layout.number_at_top:
            pdf.drawRightString(width - layout.right, height - 40, text)
        else:
            pdf.drawCentredString(width / 2, 44 if layout.footer else 30, text)


def _draw_line(pdf: Any, line: _Line, y: float, para: Para, layout: Layout) -> None:
    font, size = _font(para, layout)
    width = _width(layout)
    text = " ".join(line.words)
    if para.style in (Style.CENTRED, Style.TITLE):
        pdf.setFont(font, size)
        pdf.drawCentredString(layout.left + width / 2, y, text)
        return
    x = layout.left + (layout.indent if line.first and para.style is Style.BODY else 0)
    room = layout.left + width - x
    space = stringWidth(" ", font, size)
    if layout.justify and not line.last and len(line.words) > 1:
        used = sum(stringWidth(word, font, size) for word in line.words)
        space = (room - used) / (len(line.words) - 1)
    if not line.calls and space == stringWidth(" ", font, size):
        pdf.setFont(font, size)
        pdf.drawString(x, y, text)
        return
    for at, word in enumerate(line.words):
        pdf.setFont(font, size)
        pdf.drawString(x, y, word)
        x += stringWidth(word, font, size)
        if at in line.calls:
            mark = str(line.calls[at])
            pdf.setFont(font, size * 0.65)
            pdf.drawString(x + 0.5, y + size * 0.35, mark)
            x += 0.5 + stringWidth(mark, font, size * 0.65)
        x += space


def _draw_notes(pdf: Any, notes: list[tuple[str, list[str]]], layout: Layout) -> None:
    """The page's notes at its foot, above the footer, under a short rule."""
    if not notes:
        return
    total = sum(len(lines) for _, lines in notes)
    y = layout.bottom + total * layout.note_leading
    pdf.setLineWidth(0.5)
    pdf.line(layout.left, y + 4, layout.left + 100, y + 4)
    for mark, lines in notes:
        for row, text in enumerate(lines):
            y -= layout.note_leading
            if row == 0:
                pdf.setFont(layout.font, layout.note_size * 0.75)
                pdf.drawString(layout.left, y + 3, mark)
            pdf.setFont(layout.font, layout.note_size)
            pdf.drawString(layout.left + 8, y, text)


def image_only(layout: Layout | None = None, pages: int = 1, stamp: str | None = None) -> bytes:
    """A PDF whose pages hold only a picture, as a scan without OCR does; ``stamp`` (with
    ``{n}``, the page's number) is printed as text at the foot of each, as a court's filing
    system stamps its scans."""
    layout = layout or Layout(page=A5)
    picture = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        for y in range(40, 44):
            picture.putpixel((x, y), 0)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=layout.page)
    width, height = layout.page
    for number in range(1, pages + 1):
        pdf.drawImage(ImageReader(picture), 20, 40, width=width - 40, height=height - 60)
        if stamp is not None:
            pdf.setFont(layout.font, 8)
            pdf.drawString(20, 20, stamp.format(n=number))
        pdf.showPage()
    pdf.save()
    return out.getvalue()
