"""A block being put together from a page's lines, paragraph or note, until the blocks that
run on across pages are joined and it becomes a ``Block``.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.readers import Block, BlockKind
from corpus.readers.pdf.lines import Line
from corpus.readers.pdf.style import Frame


@dataclass(slots=True)
class Draft:
    """A block being put together: its lines, kind and first page; its first and last lines
    and the column of the page each is on, to tell whether it runs on to the next page."""

    lines: list[str]
    kind: BlockKind
    page: int
    first: Line
    last: Line
    frame: Frame
    """The column of the page of ``last`` (of ``first`` too, until a page's text is joined)."""
    marker: str | None = None
    """A note's number or sign, to tell the next note from a line of this one."""

    def block(self) -> Block:
        return Block("\n".join(self.lines), self.kind, self.page)

    def extend(self, other: Draft) -> None:
        """Take on the lines of the block that goes on with this one on the next page."""
        self.lines.extend(other.lines)
        self.last, self.frame = other.last, other.frame
