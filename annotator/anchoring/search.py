"""Finding a quote in passages: exactly, or the stretch of words most like it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rapidfuzz import fuzz

from annotator.anchoring.offsets import OffsetMap

MAX_OCCURRENCES = 50
"""Places of an exact quote looked at in one text: a quote found more often than this (a word,
an article number) is told apart by its context among the first ones only."""


def occurrences(text: str, quote: str) -> Iterator[int]:
    """Where ``quote`` starts in ``text`` (overlapping places too), at most ``MAX_OCCURRENCES``."""
    at = text.find(quote)
    for _ in range(MAX_OCCURRENCES):
        if at < 0:
            return
        yield at
        at = text.find(quote, at + 1)


def find_in(texts: Sequence[str], indexes: Iterable[int], quote: str) -> Iterator[tuple[int, int]]:
    """Where ``quote`` is in the ``texts`` at ``indexes``: (index, offset), at most
    ``MAX_OCCURRENCES`` places in all. One search a text, and no copy of them joined."""
    left = MAX_OCCURRENCES
    for index in indexes:
        text = texts[index]
        if quote not in text:
            continue
        for at in occurrences(text, quote):
            yield index, at
            left -= 1
            if not left:
                return


def count(text: str, quote: str) -> int:
    """How many times ``quote`` is in ``text`` (overlapping places too), up to two."""
    first = text.find(quote)
    return 0 if first < 0 else 1 if text.find(quote, first + 1) < 0 else 2


def closest(quote: str, text: str) -> tuple[int, int] | None:
    """The span of ``text`` most like ``quote``: rapidfuzz's best partial alignment, then its
    edges set by aligning the quote on it with a margin either side (the partial alignment
    has the quote's length; the words found may be longer or shorter), without spaces at an
    edge where the quote has none."""
    if not quote or not text:
        return None
    found = fuzz.partial_ratio_alignment(quote, text)
    if found is None:
        return None
    margin = len(quote) // 4 + 1
    low = max(0, found.dest_start - margin)
    window = text[low : min(len(text), found.dest_end + margin)]
    span = OffsetMap(quote, window).span(0, len(quote))
    if span is None:
        return None
    start, end = low + span[0], low + span[1]
    if not quote[:1].isspace():
        while start < end and text[start].isspace():
            start += 1
    if not quote[-1:].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    return (start, end) if start < end else None
