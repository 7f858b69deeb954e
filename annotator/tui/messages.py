"""What the UI's threads send back to the app and its screens: named messages, posted
thread-safely (``post_message`` may be called from any thread)."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from annotator.reasoning import MapRow
from annotator.session import Committed
from annotator.store.adjudication_reads import Progress


class Saved(Message):
    """A write committed; ``committed`` holds the rows it changed, read back."""

    def __init__(self, committed: Committed) -> None:
        self.committed = committed
        super().__init__()


class Answered(Message):
    """A read finished; ``show`` puts its result on screen (called on the UI thread)."""

    def __init__(self, group: str, token: int, show: Callable[[], None]) -> None:
        self.group = group
        self.token = token
        self.show = show
        super().__init__()


class Failed(Message):
    """A job on the database thread failed: a refusal (the store's ``UserError``) or an
    unexpected error, told to the reviewer as one line."""

    def __init__(self, text: str, refusal: bool) -> None:
        self.text = text
        self.refusal = refusal
        super().__init__()


class MapReady(Message):
    """The argument map's lines are built."""

    def __init__(self, rows: list[MapRow]) -> None:
        self.rows = rows
        super().__init__()


class Counted(Message):
    """The adjudication screen's count is done: which passages are disputed, which resolved."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        super().__init__()
