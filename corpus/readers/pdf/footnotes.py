"""Footnotes: the run of smaller lines at the foot of a page, from one that starts with a
note's number or sign, taken out of the body and made into notes, one a marker; a note left
open at the foot of a page goes on at the foot of the next.
"""

from __future__ import annotations

import re

from corpus.readers import BlockKind
from corpus.readers.pdf.draft import Draft
from corpus.readers.pdf.lines import Line, Page
from corpus.readers.pdf.style import NOTE_SIZE, Frame, Style

_NOTE_MARKER = re.compile(
    r"\s*(?:(\d{1,3})|\((\d{1,3})\)|([*†‡]+)|([\u00b9\u00b2\u00b3\u2070-\u2079]+))[.)]?(?!\d)"
)
"""The marker a footnote starts with: ``1``, ``(1)``, ``1.``, ``*``, ``†``, ``¹``."""


def split_notes(page: Page, style: Style, note_open: bool) -> tuple[list[Line], list[Line]]:
    """The page's body lines and its footnote lines: the run of small lines at the foot of
    the page, under body text, from the first that starts with a note's marker; the small
    lines above that one go on with a note left open on the page before, if there is one,
    else they are body text (a caption, a quotation in small print)."""
    ordered = sorted(page.lines, key=lambda line: line.base)
    run: list[Line] = []
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


def page_notes(lines: list[Line], page: int, frame: Frame, carried: Draft | None) -> list[Draft]:
    """The page's notes, top to bottom: a new note at each line starting with the marker
    that follows the last (``2`` after ``1``, any ``*``); other lines go on the note above,
    or on the note left open at the foot of the page before."""
    notes: list[Draft] = []
    for line in lines:
        marker = _NOTE_MARKER.match(line.text)
        text = _spaced_marker(line, marker)
        current = notes[-1] if notes else None
        if marker is not None and _starts_note(marker, current):
            notes.append(Draft([text], BlockKind.NOTE, page, line, line, frame, _marker(marker)))
        elif current is not None:
            current.lines.append(text)
        elif carried is not None:
            carried.lines.append(text)
        else:
            notes.append(Draft([text], BlockKind.NOTE, page, line, line, frame))
    return notes


def _marker(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group)


def _starts_note(marker: re.Match[str], current: Draft | None) -> bool:
    """A marker starts a note when it is the page's first, or follows the last one's."""
    if current is None:
        return True
    number = marker.group(1) or marker.group(2)
    if number is None or current.marker is None or not current.marker.isdigit():
        return True
    return int(number) == int(current.marker) + 1


def _spaced_marker(line: Line, marker: re.Match[str] | None) -> str:
    """The line's text with a space after a raised marker that PDFium glued to its word."""
    text = line.text.strip()
    if marker is None or not line.raised_lead:
        return text
    cut = marker.end() - (len(line.text) - len(line.text.lstrip()))
    return text[:cut] + " " + text[cut:] if 0 < cut < len(text) and text[cut] != " " else text
