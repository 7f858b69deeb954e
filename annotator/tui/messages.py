"""What the UI's thread workers send back to the app and its screens: named messages, posted
thread-safely."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from annotator.reasoning import MapRow


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a write did, for the status line and the passages to redraw."""

    message: str
    seqs: frozenset[int]
    document: str | None = None
    """The document the change is in, when it may not be the one shown (undo, redo)."""
    announce: bool = True
    """Say it in a notification; tags are not announced, their chips show at once."""
    progress: tuple[int, int] | None = None
    """Annotated and total passages of the document, read after the write."""
    follow: bool = True
    """Show the change: open its document if another one is shown."""
    reveal: bool = False
    """Move the cursor to the changed passage: an undo or redo shows where it happened, while
    a tag or note leaves the cursor where the reviewer has gone since pressing the key."""
    redraw_all: bool = False
    """Read every cached passage again: the change may show on passages other than ``seqs``
    (an undo that brings back links, an untag that takes its links from the other end)."""


class Saved(Message):
    """A write committed."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__()


class MapReady(Message):
    """The argument map's lines are built."""

    def __init__(self, rows: list[MapRow]) -> None:
        self.rows = rows
        super().__init__()
