"""The text of a block of passages, old and new, aligned character by character."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from annotator.anchoring.offsets import OffsetMap
from annotator.anchoring.passages import Block
from annotator.anchoring.search import occurrences

SEPARATOR = "\n"
"""Between two passages joined into one text: passage texts hold no line end (a paragraph of
the clean text is one line), so no quote spans it."""


class BlockText:
    """A block's old passages and new passages, each joined into one text, and where each old
    character went (so a paragraph merged, split or edited carries its spans)."""

    __slots__ = ("_map", "_new", "_old", "_old_texts", "block")

    def __init__(self, block: Block, old: Sequence[str], new: Sequence[str]) -> None:
        self.block = block
        self._old_texts = [old[i] for i in block.old]
        new_texts = [new[j] for j in block.new]
        self._old = Layout(self._old_texts)
        self._new = Layout(new_texts)
        self._map = OffsetMap(SEPARATOR.join(self._old_texts), SEPARATOR.join(new_texts))

    @property
    def old_text(self) -> str:
        """The block's old passages, joined (again: the block keeps no copy of its text)."""
        return SEPARATOR.join(self._old_texts)

    def old_start(self, i: int) -> int:
        """Where old passage ``i`` starts in the block's old text."""
        return self._old.starts[self.block.old.index(i)]

    def span(self, i: int, start: int, end: int) -> tuple[int, int, int] | None:
        """Where the span ``start:end`` of old passage ``i`` went: the new passage (index in
        the new version) and offsets in it; clipped to the passage holding most of it if it
        now runs over two (a paragraph split inside it). None if its text was deleted."""
        offset = self.old_start(i)
        return self._carried(offset + start, offset + end)

    def images(self, quote: str, own: int | None) -> list[tuple[int, int, int]]:
        """Where the occurrences of ``quote`` in the block's old text went (as ``span``
        says), but the one at ``own`` (an offset in the block's old text)."""
        found = (
            self._carried(at, at + len(quote))
            for at in occurrences(self.old_text, quote)
            if at != own
        )
        return [place for place in found if place is not None]

    def kept(self, i: int, length: int) -> Counter[int]:
        """Characters of old passage ``i`` (``length`` long) kept unchanged in each new passage
        (index in the new version), in runs that are not chance (``MIN_KEPT_RUN``)."""
        offset = self.old_start(i)
        held: Counter[int] = Counter()
        for low, high in self._map.kept(offset, offset + length):
            for k, piece_low, piece_high in self._pieces(low, high):
                held[self.block.new[k]] += piece_high - piece_low
        return held

    def _carried(self, start: int, end: int) -> tuple[int, int, int] | None:
        """``span`` for offsets in the block's old text."""
        mapped = self._map.span(start, end)
        if mapped is None:
            return None
        pieces = self._pieces(*mapped)
        if not pieces:
            return None
        k, low, high = max(pieces, key=lambda piece: (piece[2] - piece[1], -piece[0]))
        return self.block.new[k], low - self._new.starts[k], high - self._new.starts[k]

    def _pieces(self, low: int, high: int) -> list[tuple[int, int, int]]:
        """The range ``low:high`` of the block's new text cut at passage ends: (position of
        the passage in the block, start, end in the block's new text), none empty."""
        pieces = []
        for k in range(self._new.passage(low), self._new.passage(max(low, high - 1)) + 1):
            begin, stop = max(low, self._new.starts[k]), min(high, self._new.ends[k])
            if begin < stop:
                pieces.append((k, begin, stop))
        return pieces


class Layout:
    """Where each of some passages starts and ends once they are joined into one text
    (``SEPARATOR`` between them)."""

    __slots__ = ("ends", "starts")

    def __init__(self, texts: Sequence[str]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        at = 0
        for text in texts:
            self.starts.append(at)
            self.ends.append(at + len(text))
            at += len(text) + len(SEPARATOR)

    def passage(self, at: int) -> int:
        """The position (among the texts joined) of the passage holding offset ``at``."""
        return max(0, bisect_right(self.starts, at) - 1)
