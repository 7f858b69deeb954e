"""Placing an orphan by hand: the queue hands over to the main screen, the reviewer selects
the span with selection mode's keys, Enter places the orphan there, Escape cancels; either
way the queue opens again where it was.

What lasts while the reviewer selects (the orphan being placed) lives here, apart from the
app's layout, as the link being made lives in ``linking``; the placement itself is the
session's command, run on the app's database thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from annotator.display import one_line
from annotator.tui.orphan_queue import HandPlacement, Resume
from annotator.tui.passage_view import PassageView

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp


class Placer:
    """The main screen's mode of placing one orphan by hand."""

    def __init__(self, app: AnnotatorApp) -> None:
        self._app = app
        self.pending: HandPlacement | None = None

    def start(self, hand: HandPlacement) -> None:
        """Show the orphan's document at ``hand.seq`` and, for a span, select its first word
        once the passage is on screen (a whole-passage tag is placed on the passage as is)."""
        self.pending = hand
        self._app.go_to(hand.orphan.document, hand.seq)
        if hand.orphan.start is not None:  # after the document's passages are read and shown
            self._app.read_session(lambda _: None, lambda _: self._select(), group="placing")
        self._show_status()

    def _select(self) -> None:
        view = self._app.query_one(PassageView)
        if self.pending is not None and view.selection is None:
            view.start_selection()

    def place(self) -> None:
        """Enter: place the orphan on the selected span (or, for a whole-passage tag, on the
        passage under the cursor), then go back to the queue."""
        hand = self.pending
        if hand is None:
            return
        view = self._app.query_one(PassageView)
        row = view.current_row
        if row is None:
            return
        span = view.selection
        if span is None and hand.orphan.start is not None:
            self._app.notify(
                "select the span first: v, then w/b (words) or s (sentence)",
                severity="warning",
                timeout=4,
            )
            return
        start, end = span if span is not None else (None, None)
        orphan, passage = hand.orphan, row.passage.id
        self._finish(view)
        self._app.write(lambda session: session.place_orphan(orphan, passage, start, end))
        self._app.open_orphans(Resume(orphan.id, hand.position))

    def cancel(self) -> bool:
        """Escape: stop placing and go back to the queue; True if an orphan was being placed."""
        hand = self.pending
        if hand is None:
            return False
        self._finish(self._app.query_one(PassageView))
        self._app.notify("placing cancelled", timeout=2)
        self._app.open_orphans(Resume(hand.orphan.id, hand.position))
        return True

    def _finish(self, view: PassageView) -> None:
        self.pending = None
        if view.selection is not None:
            view.end_selection()
        self._show_status()

    def _show_status(self) -> None:
        hand = self.pending
        if hand is None:
            self._app.show_status(None)
            return
        status = Text("PLACE ", style="bold reverse")
        status.append(f" «{one_line(hand.orphan.quote, 40)}»")
        what = "select the span" if hand.orphan.start is not None else "go to its passage"
        status.append(f": {what}, Enter places it, Esc cancels", style="bold")
        self._app.show_status(status)
