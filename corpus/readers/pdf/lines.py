"""A page's lines as the reader knows them: each line's text, the runs of it set far apart
(segments), where it sits and in what font; and the page they are on. Every later step
(dropping the page's furniture, taking out footnotes, cutting paragraphs) works on these,
never on PDFium again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEGMENT_GAP = 1.6
"""Two text runs of a line farther apart than this many times the line's height are separate
segments (a line number in the margin and its line); word spaces, even justified, are less."""


@dataclass(slots=True)
class Segment:
    """A run of a line's text set apart from the rest by a wide gap (a line number in the
    margin): offsets into the line's text, and how far it spans across the page."""

    start: int
    end: int
    left: float
    right: float


@dataclass(slots=True)
class Line:
    """One line of a page as PDFium broke it, with where and how it is drawn."""

    text: str
    segments: list[Segment]
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
    main: Segment = field(init=False)
    """The widest segment: the text itself, not a number in its margin."""

    def __post_init__(self) -> None:
        """Work out once what the layout asks of a line many times (its segments are not
        changed afterwards: a line without some of them is a new line)."""
        segments = self.segments
        self.left = segments[0].left if len(segments) == 1 else min(s.left for s in segments)
        self.right = segments[0].right if len(segments) == 1 else max(s.right for s in segments)
        self.main = segments[0] if len(segments) == 1 else max(segments, key=width)


def width(segment: Segment) -> float:
    return segment.right - segment.left


@dataclass(slots=True)
class Page:
    """A page's lines in PDFium's reading order, and the page's box."""

    number: int
    bottom: float
    top: float
    lines: list[Line]
