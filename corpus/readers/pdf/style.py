"""What a document's body text looks like, measured over all its pages (its font size, the
spacing of its lines, its column's edges, whether it is bold), and each page's own column;
with the shares of the body's font size by which other text is told apart from it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from corpus.readers.pdf.lines import Line, Page

NOTE_SIZE = 0.92
"""A footnote's font is smaller than this share of the body's."""

STYLE_CHANGE = 1.15
"""Two lines whose font sizes differ by this factor are not in one paragraph."""


@dataclass(frozen=True, slots=True)
class Style:
    """What the document's body text looks like, measured over all its pages."""

    size: float
    spacing: float
    left: float
    right: float
    bold_body: bool
    """Most of the text is bold: bold then tells nothing about headings."""


@dataclass(frozen=True, slots=True)
class Frame:
    """The left and right edges of a page's text column."""

    left: float
    right: float


def measure(pages: list[Page]) -> Style:
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
    return Style(size, spacing, left, right, bold * 2 > sum(sizes.values()))


def _is_body_size(line: Line, size: float) -> bool:
    return abs(line.size - size) <= size * (STYLE_CHANGE - 1)


def _edges(lines: list[Line]) -> tuple[float, float]:
    """The column's left edge (where most lines start) and right edge (where the longest
    lines end, at the ninth decile: a justified column's edge, or a ragged one's reach)."""
    lefts = Counter(round(line.main.left) for line in lines)
    rights = sorted(line.main.right for line in lines)
    return float(lefts.most_common(1)[0][0]), rights[min(len(rights) - 1, len(rights) * 9 // 10)]


def page_frame(lines: list[Line], style: Style) -> Frame:
    """A page's own column edges when it has lines enough to tell (odd and even pages may
    have other margins), else the document's."""
    body = [line for line in lines if _is_body_size(line, style.size)]
    if len(body) < 5:
        return Frame(style.left, style.right)
    return Frame(*_edges(body))
