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

from corpus.lines import (
    Lines,
    continues_url,
    ends_with_url,
    ends_with_word_hyphen,
    first_word_width,
    starts_upper,
    starts_with_url,
)
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


_SPACE, _TIGHT, _BREAK = Join.SPACE, Join.TIGHT, Join.BREAK


def _mid_sentences(lines: Lines) -> list[bool]:
    """For every gap, whether the sentence plainly goes on across it: no final stop after the
    line before, and no heading before a capital."""
    ends, lower = lines.sentence_ends, lines.lower_starts
    return [
        not ends[index] and (lower[index + 1] or not lines.looks_like_heading(index))
        for index in range(len(lines) - 1)
    ]


def _is_wrap(mids: list[bool], blank_gaps: list[bool], blank: bool) -> bool | None:
    """Whether gaps of one kind (blank or not) act as wraps here; None if there are none."""
    kind = [mid for mid, is_blank in zip(mids, blank_gaps, strict=True) if is_blank is blank]
    if not kind:
        return None
    return sum(kind) >= WRAP_EVIDENCE * len(kind)


def detect_layout(lines: Lines) -> tuple[Layout, bool, bool]:
    """The file's layout, and whether blank gaps and adjacent lines are wraps."""
    mids = _mid_sentences(lines)
    blank_wraps = _is_wrap(mids, lines.blank_gaps, blank=True)
    adjacent_wraps = _is_wrap(mids, lines.blank_gaps, blank=False)
    if blank_wraps:
        return Layout.SPACED, True, adjacent_wraps is None or adjacent_wraps
    if adjacent_wraps:
        return (Layout.BLOCKS if blank_wraps is not None else Layout.WRAPPED), False, True
    return Layout.LINES, False, False


def _fits(lines: Lines, index: int) -> bool:
    """The next line's first word would have fitted on line ``index``, at the local width.

    The local width is the widest line within ``WIDTH_WINDOW`` lines: it is read only for the
    few breaks where the answer matters (after a sentence or a heading).
    """
    widths = lines.widths
    local = max(widths[max(0, index - WIDTH_WINDOW) : index + WIDTH_WINDOW + 1])
    return widths[index] + 1 + first_word_width(lines.texts[index + 1]) <= local


def _column_changes(lines: Lines, index: int) -> bool:
    widths = lines.widths
    after_widths = widths[index + 1 : index + 4]
    if len(after_widths) < 2:
        return False
    before = median(widths[max(0, index - 2) : index + 1])
    after = median(after_widths)
    return max(before, after) > COLUMN_CHANGE * min(before, after)


def _wrap_join(lines: Lines, index: int, starts_paragraph: bool) -> Join:
    following = index + 1
    if lines.bullets[following]:
        return _BREAK
    text, next_text = lines.texts[index], lines.texts[following]
    if ends_with_word_hyphen(text) and next_text[0].isalpha():
        return _TIGHT
    if ends_with_url(text) and continues_url(next_text):
        return _TIGHT
    if lines.sentence_ends[index]:
        if _fits(lines, index) or starts_with_url(next_text) or _column_changes(lines, index):
            return _BREAK
        return _SPACE
    if (
        starts_paragraph
        and lines.looks_like_heading(index)
        and starts_upper(next_text)
        and _fits(lines, index)
    ):
        return _BREAK
    return _SPACE


def _separator_join(lines: Lines, index: int) -> Join:
    if lines.sentence_ends[index] or not lines.lower_starts[index + 1]:
        return _BREAK
    return _TIGHT if ends_with_word_hyphen(lines.texts[index]) else _SPACE


def decide(lines: Lines) -> tuple[Layout, list[Join]]:
    """The layout, and for every gap whether it joins lines or starts a paragraph."""
    layout, blank_wraps, adjacent_wraps = detect_layout(lines)
    plain_ends, bullets = lines.plain_ends, lines.bullets
    joins: list[Join] = []
    join = _BREAK  # before the first line, a paragraph starts
    for index, blank in enumerate(lines.blank_gaps):
        if not (blank_wraps if blank else adjacent_wraps):
            join = _separator_join(lines, index)
        elif plain_ends[index] and join is not _BREAK and not bullets[index + 1]:
            join = _SPACE  # what _wrap_join says, for most wraps, without asking it
        else:
            join = _wrap_join(lines, index, join is _BREAK)
        joins.append(join)
    _set_heading_breaks(lines, joins)
    return layout, joins


def decide_blocks(lines: Lines) -> tuple[Layout, list[Join]]:
    """The joins of extracted blocks: a blank line ends a paragraph, a line break inside a
    block is a wrap (tight after a hyphen that may cut a word, as in a wrapped file)."""
    joins: list[Join] = []
    for index, blank in enumerate(lines.blank_gaps):
        if blank:
            joins.append(_BREAK)
        elif ends_with_word_hyphen(lines.texts[index]) and lines.texts[index + 1][:1].isalpha():
            joins.append(_TIGHT)
        else:
            joins.append(_SPACE)
    return Layout.EXTRACTED, joins


def _set_heading_breaks(lines: Lines, joins: list[Join]) -> None:
    """A heading stands alone: break before a line that the rules ended as a heading."""
    last = len(lines) - 1
    ends = lines.sentence_ends
    for index in range(1, last + 1):
        if (
            ends[index - 1]
            and joins[index - 1] is not _BREAK
            and (index == last or joins[index] is _BREAK)
            and lines.looks_like_heading(index)
        ):
            joins[index - 1] = _BREAK
