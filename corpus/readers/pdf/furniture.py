"""What the layout repeats on every page, taken out of the pages: running headers and
footers (the lines in a band at the top or bottom whose text, digits aside, comes back in one
place page after page), a page's top line standing well apart in the same place on half the
pages (a header whose text changes), page numbers in the bands, and numbers in a margin that
count the lines beside them. A one-page document keeps all its text: nothing there can be
told to repeat.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from itertools import pairwise

from corpus.readers.pdf.lines import Line, Page, Segment
from corpus.readers.pdf.style import NOTE_SIZE, Frame, Style

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

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_PAGE_NUMBER = re.compile(
    r"(?i:page|p\.)?\s*[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?"
    r"\s*(?:(?i:/|sur|de|of)\s*\d{1,4})?"
)
"""A page number alone on its line: ``3``, ``- 3 -``, ``(3)``, ``Page 3 sur 12``, ``3/12``,
``iv`` (front matter's numbers, in lower case: an upper-case ``IV`` may be a heading)."""

_MARGIN_NUMBER = re.compile(r"\d{1,4}")


def _normal(text: str) -> str:
    """Text as compared across pages: case, spacing and the value of numbers left out."""
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def strip_furniture(pages: list[Page], frames: dict[int, Frame], style: Style) -> None:
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


def _header_slot(pages: list[Page], style: Style, tolerance: float) -> dict[int, list[Line]]:
    """The running headers whose text changes (a chapter's title over its pages, odd and even
    pages' own): the top line of a page, well apart from the text below it, in the same place
    on at least half the pages (and two); by page. Footers are left to repetition and page
    numbers: a short footnote at the foot of many pages would look the same."""
    tops: dict[int, Line] = {}
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


def _stands_apart(page: Page, top: Line, below: Line, style: Style) -> bool:
    """Whether the page's top line may be a header: high on the page, far above the next,
    and not bigger than the body (the title of a document, a heading are)."""
    in_band = top.base >= page.top - BAND * (page.top - page.bottom)
    apart = top.base - below.base > HEADER_GAP * style.spacing
    return in_band and apart and top.size <= style.size * (2 - NOTE_SIZE)


def _bands(page: Page) -> list[tuple[str, Line]]:
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


def _strip_line_numbers(pages: list[Page], frames: dict[int, Frame], style: Style) -> None:
    """Drop the numbers in a margin that count lines: on enough pages, and rising with the
    lines beside them (a paragraph's number in the margin rises by one a paragraph, and
    stays)."""
    found: dict[int, list[tuple[Line, Segment, str]]] = {}
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
    lines: list[Line], frame: Frame, style: Style
) -> list[tuple[Line, Segment, str]]:
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


def _counts_lines(margin: list[tuple[Line, Segment, str]], style: Style) -> bool:
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


def _without(line: Line, dropped: set[int]) -> Line | None:
    """The line without the segments dropped (their ids), or None if none is left."""
    kept = [segment for segment in line.segments if id(segment) not in dropped]
    if len(kept) == len(line.segments):
        return line
    if not kept:
        return None
    parts: list[str] = []
    segments: list[Segment] = []
    for segment in kept:
        piece = line.text[segment.start : segment.end].strip()
        offset = sum(len(part) + 1 for part in parts)
        parts.append(piece)
        segments.append(Segment(offset, offset + len(piece), segment.left, segment.right))
    return Line(" ".join(parts), segments, line.base, line.size, line.bold, line.raised_lead)
