"""The orphan queue: the annotations a new version could not place, one at a time, with the
places the re-anchoring engine offers; Enter accepts one, v places by hand, x discards.

One orphan is on screen with at most ``CANDIDATES`` places (an ``OptionList`` that short is
cheap), and the list of orphans is data, not widgets: a queue of thousands opens as fast as
one of three. Every read and write goes through the app's database thread, in order, so the
queue read after a placement shows the orphan gone and the next one in its place.

Whose orphans: a reviewer places and discards their own; a curator everyone's
(``ReviewSession.orphan_reviewers``). Others' orphans the reviewer can see are counted, so
nobody wonders where they went.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from annotator.session import Committed, ReviewSession
from annotator.store.orphans import Orphan
from annotator.tui.orphan_desk import Offer, Queue, read_queue, read_step
from annotator.tui.orphan_text import orphan_card, place_line
from schemas import Concept

ORPHANS_KEY = "O"
"""Opens the orphan queue from the main screen."""

HINT = "Enter accept · v place by hand · x discard · n/p next/previous · u undo · Esc close"

T = TypeVar("T")


class Reader(Protocol):
    """Runs ``query`` on the app's database thread, after the writes queued before it, and
    ``then`` with its result on the UI thread (a newer read supersedes an older one)."""

    def __call__(
        self, query: Callable[[ReviewSession], T], then: Callable[[T], None], /
    ) -> None: ...


Writer = Callable[[Callable[[ReviewSession], Committed]], None]
"""Runs a reviewer's command on the app's database thread (``AnnotatorApp.write``)."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Where the queue opens: on orphan ``orphan`` if it is still one, else at ``position``."""

    orphan: str | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class HandPlacement:
    """The reviewer chose to place an orphan by hand, starting at passage ``seq`` of its
    document's current version; ``position`` is where to reopen the queue afterwards."""

    orphan: Orphan
    seq: int
    position: int


class OrphanQueueScreen(ModalScreen[HandPlacement | None]):
    """One orphan at a time with its candidate places; returns a placement by hand (``v``),
    or None when closed."""

    DEFAULT_CSS = """
    OrphanQueueScreen #orphan-box { max-width: 120; }
    OrphanQueueScreen #orphan-title { width: 100%; }
    OrphanQueueScreen #orphan-card { height: auto; max-height: 14; padding: 0 0 1 0; }
    OrphanQueueScreen #orphan-places { height: auto; max-height: 18; }
    OrphanQueueScreen #orphan-hint { width: 100%; dock: bottom; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="orphans.close", tooltip="Back to the passages"),
        Binding(
            "v",
            "by_hand",
            "Place by hand",
            id="orphans.by_hand",
            tooltip="Go to the best place (or the nearest passage) and select the span there; "
            "Enter places the orphan on it, Escape comes back",
        ),
        Binding(
            "x",
            "discard",
            "Discard",
            id="orphans.discard",
            tooltip="Delete the orphan and its links (u brings it back)",
        ),
        Binding(
            "n,right", "step(1)", "Next orphan", id="orphans.next", tooltip="Show the next orphan"
        ),
        Binding(
            "p,left",
            "step(-1)",
            "Previous orphan",
            id="orphans.previous",
            tooltip="Show the previous orphan",
        ),
        Binding("u", "undo", "Undo", id="orphans.undo", tooltip="Undo your last change"),
        Binding("ctrl+r", "redo", "Redo", id="orphans.redo", tooltip="Redo what you undid"),
    ]

    def __init__(
        self,
        read: Reader,
        write: Writer,
        concepts: Mapping[str, Concept],
        resume: Resume | None = None,
    ) -> None:
        super().__init__()
        self._read = read
        self._write = write
        self._concepts = concepts
        self._resume = resume or Resume()
        self._queue: Queue | None = None
        self._ready = False
        """A queue is shown and no change to it is on its way (keys act only then)."""
        self._last: str | None = None
        """The orphan last placed or discarded: an undo brings it back on screen."""

    def compose(self) -> ComposeResult:
        with Vertical(id="orphan-box", classes="modal-box"):
            yield Label("Orphans", classes="modal-title", id="orphan-title")
            yield Static(Text("reading the orphans…"), id="orphan-card")
            yield OptionList(id="orphan-places")
            yield Label(HINT, classes="modal-hint", id="orphan-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load(self._resume.orphan, self._resume.position)

    @property
    def queue(self) -> Queue | None:
        """The queue shown (None until it is read)."""
        return self._queue

    # -- reading ---------------------------------------------------------------------------

    def _load(self, wanted: str | None, position: int) -> None:
        self._ready = False
        self._read(lambda session: read_queue(session, wanted, position), self._show)

    def _show(self, queue: Queue) -> None:
        self._queue = queue
        self._ready = True
        left = len(queue.orphans)
        title = f"Orphans · {left} left"
        if left:
            title += f" · {queue.position + 1} of {left}"
        if queue.others:
            title += f" · {queue.others} of other reviewers (a curator places them)"
        self.query_one("#orphan-title", Label).update(Text(title))
        places = self.query_one(OptionList)
        places.clear_options()
        offer = queue.offer
        if offer is None:
            self.query_one("#orphan-card", Static).update(
                Text("No orphans left: every annotation has its place. Escape closes.")
            )
            return
        orphan = offer.orphan
        self.query_one("#orphan-card", Static).update(
            orphan_card(orphan, self._concepts.get(orphan.concept))
        )
        places.add_options(
            Option(place_line(orphan, place, number), id=str(number - 1))
            for number, place in enumerate(offer.places, start=1)
        )
        if offer.places:
            places.highlighted = 0
        else:
            places.add_option(
                Option(Text("no candidate place: v places it by hand"), disabled=True)
            )

    # -- actions ---------------------------------------------------------------------------

    def _offer(self) -> Offer | None:
        """The offer shown, if the keys may act on it now."""
        if not self._ready or self._queue is None:
            return None
        return self._queue.offer

    @on(OptionList.OptionSelected, "#orphan-places")
    def _accepted(self, event: OptionList.OptionSelected) -> None:
        offer = self._offer()
        if offer is None or event.option.id is None:
            return
        place = offer.places[int(event.option.id)]
        orphan, passage = offer.orphan, place.passage.id
        self._change(
            orphan, lambda session: session.place_orphan(orphan, passage, place.start, place.end)
        )

    def action_discard(self) -> None:
        offer = self._offer()
        if offer is not None:
            orphan = offer.orphan
            self._change(orphan, lambda session: session.discard_orphan(orphan))

    def action_by_hand(self) -> None:
        offer = self._offer()
        if offer is not None and self._queue is not None:
            self.dismiss(HandPlacement(offer.orphan, offer.near, self._queue.position))

    def action_step(self, delta: int) -> None:
        queue = self._queue
        if not self._ready or queue is None or not queue.orphans:
            return
        position = (queue.position + delta) % len(queue.orphans)
        self._ready = False
        self._read(lambda session: read_step(session, queue, position), self._show)

    def action_undo(self) -> None:
        self._revert(ReviewSession.undo)

    def action_redo(self) -> None:
        self._revert(ReviewSession.redo)

    def action_close(self) -> None:
        self.dismiss(None)

    def _change(self, orphan: Orphan, command: Callable[[ReviewSession], Committed]) -> None:
        """Write ``command``, then read the queue again: the orphan gone (or, refused, still
        there), the next one in its place."""
        assert self._queue is not None  # an offer is shown
        self._last = orphan.id
        self._write(command)
        self._load(orphan.id, self._queue.position)

    def _revert(self, command: Callable[[ReviewSession], Committed]) -> None:
        """Undo or redo, then read the queue again, on the orphan last acted on if it is
        back (an undone discard or placement)."""
        queue = self._queue
        self._write(command)
        self._load(self._last, queue.position if queue is not None else 0)
