"""Cutting a page's body lines into paragraphs (where the font changes, where the gap
between two lines is wider than the spacing of lines, where the line before ended short
although the next word would have fitted on it, or where a line is indented after one that
ended a sentence), and telling a heading from a paragraph (a short paragraph in a bigger or
bold font, or a short centred line).
"""

from __future__ import annotations

import re

from corpus.readers import BlockKind
from corpus.readers.pdf.draft import Draft
from corpus.readers.pdf.lines import Line
from corpus.readers.pdf.style import STYLE_CHANGE, Frame, Style

HEADING_SIZE = 1.12
"""A heading's font is bigger than the body's by this factor at least."""

HEADING_LINES = 3
HEADING_CHARS = 200
"""A heading is short: at most these many lines and characters."""

PARAGRAPH_GAP = 1.25
"""A gap between two lines wider than this many line spacings parts two paragraphs."""

INDENT = 0.6
"""A line starting this many font sizes right of the line before is indented."""

FIT_SLACK = 1.2
"""The room left at the end of a line must exceed the next word's estimated width by this
factor (plus half a font size) before the line is taken to have ended its paragraph: the
width is estimated from the average width of a character."""

CENTRE_TOLERANCE = 0.02
"""A centred line's margins differ by less than this share of the text's width (or a font
size, when that is more)."""

ENDS_SENTENCE = re.compile(r"[.!?:;…][\s»\"'”’)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.;,][\s»\"'”’)\]]*$")


def paragraph_groups(lines: list[Line], frame: Frame, style: Style) -> list[list[Line]]:
    """The body lines in groups, one group a paragraph."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not _starts_paragraph(groups[-1][-1], line, frame, style):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _starts_paragraph(before: Line, line: Line, frame: Frame, style: Style) -> bool:
    """Whether ``line`` starts a paragraph after ``before``: a change of font, a step back up
    the page or a gap, a line before that ended short, or an indent after a sentence's end."""
    if _style_changes(before, line, style):
        return True
    step = before.base - line.base
    scale = max(before.size, line.size) / style.size
    if step < 0.3 * line.size or step > PARAGRAPH_GAP * style.spacing * scale:
        return True
    if would_fit(before, line, frame):
        return True
    indented = line.left - before.left > INDENT * line.size
    return indented and bool(ENDS_SENTENCE.search(before.text))


def _style_changes(before: Line, line: Line, style: Style) -> bool:
    sizes = max(before.size, line.size) / max(min(before.size, line.size), 0.1)
    return sizes > STYLE_CHANGE or (not style.bold_body and before.bold != line.bold)


def would_fit(before: Line, line: Line, frame: Frame) -> bool:
    """Whether the first word of ``line`` would have fitted at the end of ``before``: then
    ``before`` was ended on purpose, and ended its paragraph."""
    words = line.text.split()
    if not words:
        return False
    text = line.text.strip()
    average = (line.right - line.left) / max(len(text), 1)
    needed = FIT_SLACK * average * (len(words[0]) + 1) + 0.5 * line.size
    return frame.right - before.right > needed


def paragraph_draft(lines: list[Line], page: int, frame: Frame, style: Style) -> Draft:
    texts = [line.text.strip() for line in lines]
    return Draft(texts, _kind(lines, texts, frame, style), page, lines[0], lines[-1], frame)


def _kind(lines: list[Line], texts: list[str], frame: Frame, style: Style) -> BlockKind:
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


def _centred(line: Line, frame: Frame) -> bool:
    left = line.left - frame.left
    right = frame.right - line.right
    tolerance = max(CENTRE_TOLERANCE * (frame.right - frame.left), line.size)
    return left > 2 * line.size and right > 2 * line.size and abs(left - right) <= tolerance
