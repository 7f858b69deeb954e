"""Recognising a file's layout and deciding, line break by line break, what each one is.

Files come wrapped in different ways (DESIGN §8): a PDF extraction with a blank line after
every line, hard-wrapped paragraphs separated by blank lines, hard-wrapped lines with no blank
lines, or one paragraph per line. Instead of assuming one, the cleaner looks at how each kind of
gap (adjacent lines, blank lines) is used in this file: a kind of gap that often falls in the
middle of a sentence is a *wrap*; one that falls between sentences is a *separator*.

A wrap becomes a paragraph break only where the text says so: the line ends a sentence and the
next line's first word would have fitted on it (so the break was not forced by the width), or
the next line starts a list item, or the line is a heading. A separator becomes a paragraph
break unless the text plainly runs on across it (a page break in the middle of a sentence).
"""

from __future__ import annotations

from enum import Enum
from statistics import median

from corpus.lines import Gap, Line
from schemas import Layout

WRAP_EVIDENCE = 0.3
"""Share of a gap kind falling mid-sentence from which that kind is taken for a wrap."""

WIDTH_WINDOW = 5
"""Lines on each side that set the local text width (PDF columns change width)."""

COLUMN_CHANGE = 1.5
"""Ratio of line widths before/after a break that signals a new column or block."""


class Join(Enum):
    """What to do at a line break."""

    SPACE = "space"
    """Same paragraph, the lines joined by a space."""
    TIGHT = "tight"
    """Same paragraph, joined without a space (a hyphenated compound, a broken URL)."""
    BREAK = "break"
    """A new paragraph starts."""


def _mid_sentence(line: Line, following: Line) -> bool:
    """The sentence plainly goes on after ``line``: no final stop, and no heading before
    a capital."""
    if line.ends_sentence:
        return False
    return following.starts_lower or not line.looks_like_heading


def _is_wrap(lines: list[Line], gaps: list[Gap], blank: bool) -> bool | None:
    """Whether gaps of one kind (blank or not) act as wraps here; None if there are none."""
    mids = [
        _mid_sentence(lines[i], lines[i + 1]) for i, gap in enumerate(gaps) if gap.is_blank == blank
    ]
    if not mids:
        return None
    return sum(mids) >= WRAP_EVIDENCE * len(mids)


def detect_layout(lines: list[Line], gaps: list[Gap]) -> tuple[Layout, bool, bool]:
    """The file's layout, and whether blank gaps and adjacent lines are wraps."""
    blank_wraps = _is_wrap(lines, gaps, blank=True)
    adjacent_wraps = _is_wrap(lines, gaps, blank=False)
    if blank_wraps:
        return Layout.SPACED, True, adjacent_wraps is None or adjacent_wraps
    if adjacent_wraps:
        return (Layout.BLOCKS if blank_wraps is not None else Layout.WRAPPED), False, True
    return Layout.LINES, False, False


def _local_width(lines: list[Line], index: int) -> int:
    low = max(0, index - WIDTH_WINDOW)
    return max(line.width for line in lines[low : index + WIDTH_WINDOW + 1])


def _column_changes(lines: list[Line], index: int) -> bool:
    before = median(line.width for line in lines[max(0, index - 2) : index + 1])
    after_lines = lines[index + 1 : index + 4]
    if len(after_lines) < 2:
        return False
    after = median(line.width for line in after_lines)
    return max(before, after) > COLUMN_CHANGE * min(before, after)


def _wrap_join(lines: list[Line], index: int, starts_paragraph: bool) -> Join:
    line, following = lines[index], lines[index + 1]
    if following.is_bullet:
        return Join.BREAK
    if line.ends_with_word_hyphen and following.text[0].isalpha():
        return Join.TIGHT
    if line.ends_with_url and following.continues_url:
        return Join.TIGHT
    fits = line.width + 1 + following.first_word_width <= _local_width(lines, index)
    if line.ends_sentence:
        if fits or following.starts_with_url or _column_changes(lines, index):
            return Join.BREAK
        return Join.SPACE
    if starts_paragraph and line.looks_like_heading and following.starts_upper and fits:
        return Join.BREAK
    return Join.SPACE


def _separator_join(line: Line, following: Line) -> Join:
    if line.ends_sentence or not following.starts_lower:
        return Join.BREAK
    return Join.TIGHT if line.ends_with_word_hyphen else Join.SPACE


def decide(lines: list[Line], gaps: list[Gap]) -> tuple[Layout, list[Join]]:
    """The layout, and for every gap whether it joins lines or starts a paragraph."""
    layout, blank_wraps, adjacent_wraps = detect_layout(lines, gaps)
    joins: list[Join] = []
    for index, gap in enumerate(gaps):
        wraps = blank_wraps if gap.is_blank else adjacent_wraps
        if wraps:
            starts_paragraph = index == 0 or joins[-1] is Join.BREAK
            joins.append(_wrap_join(lines, index, starts_paragraph))
        else:
            joins.append(_separator_join(lines[index], lines[index + 1]))
    _set_heading_breaks(lines, joins)
    return layout, joins


def _set_heading_breaks(lines: list[Line], joins: list[Join]) -> None:
    """A heading stands alone: break before a line that the rules ended as a heading."""
    for index in range(1, len(lines)):
        line = lines[index]
        ends_alone = index == len(lines) - 1 or joins[index] is Join.BREAK
        if (
            ends_alone
            and line.looks_like_heading
            and joins[index - 1] is not Join.BREAK
            and lines[index - 1].ends_sentence
        ):
            joins[index - 1] = Join.BREAK
