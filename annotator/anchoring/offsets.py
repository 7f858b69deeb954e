"""Carrying offsets from one text to another through an edit alignment.

rapidfuzz aligns the two texts (``Levenshtein.opcodes``); this reads that alignment to say where
a span of the old text went. A span keeps what was inserted inside it and loses what was
deleted; text inserted right at either edge stays outside it (a sentence inserted before a
span is not part of it), and an edge that falls inside replaced text takes the whole
replacement (a word retyped at the edge of a span is still in it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from rapidfuzz.distance import Levenshtein

MIN_KEPT_RUN = 8
"""Shortest run of unchanged characters that counts as text kept: two unrelated paragraphs
align a letter or a short word here and there by chance, never eight characters in a row of
real text (about 6% of a paragraph, against 100% for a paragraph merged into another)."""

_Step = tuple[str, int, int, int, int]
"""One step of an alignment: what it does, old start and end, new start and end."""


class OffsetMap:
    """Where each character of ``old`` went in ``new``, by their edit alignment."""

    __slots__ = ("_ends", "_ops")

    def __init__(self, old: str, new: str) -> None:
        # Insertions cover no old character: a span never starts or ends in one.
        self._ops: list[_Step] = [
            (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Levenshtein.opcodes(old, new)
            if op.src_start < op.src_end
        ]
        self._ends = [op[2] for op in self._ops]

    def _op(self, position: int) -> _Step:
        """The alignment step holding the old character at ``position``."""
        return self._ops[bisect_right(self._ends, position)]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the old span ``start:end`` is in the new text, or None if it was deleted."""
        tag, old_start, _, new_start, _ = self._op(start)
        mapped_start = new_start + start - old_start if tag == "equal" else new_start
        tag, old_start, _, new_start, new_end = self._op(end - 1)
        if tag == "equal":
            mapped_end = new_start + end - old_start
        elif tag == "replace":
            mapped_end = new_end
        else:
            mapped_end = new_start
        return (mapped_start, mapped_end) if mapped_start < mapped_end else None

    def kept(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The new ranges holding old characters of ``start:end`` unchanged, in runs of at
        least ``MIN_KEPT_RUN`` characters (shorter ones are chance)."""
        for tag, old_start, old_end, new_start, _ in self._ops[bisect_right(self._ends, start) :]:
            if old_start >= end:
                return
            if tag != "equal" or old_end - old_start < MIN_KEPT_RUN:
                continue
            low, high = max(start, old_start), min(end, old_end)
            yield new_start + low - old_start, new_start + high - old_start
