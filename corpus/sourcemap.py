"""Where each clean character came from in the source text.

Cleaning only drops characters and replaces whitespace, so the map is a short list of runs:
within a run, clean characters follow source characters one to one. A character the cleaner
put in (the space that replaces a line break, the blank line between passages) is a run of its
own pointing at the whitespace it replaces.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


class SourceMap:
    """Maps clean-text offsets back to source-text offsets."""

    __slots__ = ("_clean", "_runs")

    def __init__(self, runs: Sequence[tuple[int, int]]) -> None:
        self._runs = tuple(runs)
        self._clean: list[int] | None = None
        """The runs' clean offsets, to bisect: made on the first lookup, as an import makes
        thousands of maps to store and looks nothing up."""

    @property
    def runs(self) -> tuple[tuple[int, int], ...]:
        """The (clean_offset, source_offset) runs, in clean order."""
        return self._runs

    def to_source(self, offset: int) -> int:
        """Source offset of the clean character at ``offset``."""
        if self._clean is None:
            self._clean = [clean for clean, _ in self._runs]
        index = bisect_right(self._clean, offset) - 1
        if index < 0:
            raise IndexError(f"clean offset {offset} is before the first character")
        clean, source = self._runs[index]
        return source + offset - clean

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering the clean span ``start:end`` (``end`` exclusive, non-empty)."""
        return self.to_source(start), self.to_source(end - 1) + 1


class MapBuilder:
    """Accumulates clean text and its source map, piece by piece, in clean order."""

    __slots__ = ("_next_source", "_parts", "length", "runs")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.length = 0
        self._next_source = -1

    def copy(self, source_offset: int, text: str) -> None:
        """Append ``text``, which stands at ``source_offset`` in the source unchanged."""
        if not text:
            return
        if source_offset != self._next_source:
            self.runs.append((self.length, source_offset))
        self._parts.append(text)
        self.length += len(text)
        self._next_source = source_offset + len(text)

    def insert(self, text: str, source_offset: int) -> None:
        """Append characters the cleaner made, each pointing at ``source_offset``."""
        for char in text:
            self.runs.append((self.length, source_offset))
            self._parts.append(char)
            self.length += 1
        self._next_source = -1

    def text(self) -> str:
        """The clean text built so far."""
        return "".join(self._parts)
