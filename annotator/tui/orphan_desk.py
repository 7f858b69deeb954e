"""What the orphan queue reads, Textual-free: the orphans a reviewer handles and, for the one
shown, the places the re-anchoring engine offers.

The queue shows one orphan at a time, so it never draws a line per orphan: it keeps the list
(a few small fields each, cheap even for thousands) and asks for candidates only for the
orphan on screen. Reads run on the app's database thread, after the writes queued before
them, so a queue read after a placement sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.errors import UserError
from annotator.session import ReviewSession
from annotator.store.orphans import Orphan
from schemas import Passage

CANDIDATES = 3
"""Candidate places offered for an orphan."""


@dataclass(frozen=True, slots=True)
class Place:
    """A candidate place for an orphan: where the engine would put it, and how well it fits."""

    passage: Passage
    """The passage of the current version (its text gives the context shown around it)."""
    start: int | None
    end: int | None
    """The span in the passage; both None for the whole passage."""
    quote: str
    score: float


@dataclass(frozen=True, slots=True)
class Offer:
    """The places offered for one orphan, and where to place it by hand."""

    orphan: Orphan
    places: tuple[Place, ...]
    near: int
    """The passage (seq of the current version) where placing by hand starts: the best
    place's, or the one at the orphan's old position when nothing fits."""


@dataclass(frozen=True, slots=True)
class Queue:
    """The orphans a reviewer handles, and the offer for the one shown."""

    orphans: tuple[Orphan, ...]
    others: int
    """Orphans of other reviewers this reviewer sees but does not handle (a curator does)."""
    position: int
    offer: Offer | None
    """None when the queue is empty."""


def read_queue(session: ReviewSession, wanted: str | None, position: int) -> Queue:
    """The queue, showing orphan ``wanted`` if it is still one, else the one now at
    ``position`` (the next, after the orphan there was placed or discarded)."""
    store = session.store
    orphans = tuple(store.orphans(reviewers=session.orphan_reviewers()))
    seen = store.orphan_count(reviewers=store.visible_reviewers(session.reviewer))
    ids = [orphan.id for orphan in orphans]
    if wanted in ids:
        position = ids.index(wanted)
    position = min(max(position, 0), len(orphans) - 1) if orphans else 0
    offer = read_offer(session, orphans[position]) if orphans else None
    return Queue(orphans, seen - len(orphans), position, offer)


def read_step(session: ReviewSession, queue: Queue, position: int) -> Queue:
    """The queue showing the orphan at ``position`` of the list already read: only its offer
    is read (reading the list again costs a fifth of a second at 10,000 orphans), unless that
    orphan was placed or discarded since (in another window), when the whole queue is."""
    try:
        offer = read_offer(session, queue.orphans[position])
    except UserError:
        return read_queue(session, None, position)
    return replace(queue, position=position, offer=offer)


def read_offer(session: ReviewSession, orphan: Orphan) -> Offer:
    """The best places for ``orphan`` on its document's current version."""
    store = session.store
    found = store.orphan_candidates(orphan.id, CANDIDATES)
    passages = {
        passage.id: passage
        for passage in (store.passage(candidate.passage) for candidate in found)
        if passage is not None
    }
    places = tuple(
        Place(passages[c.passage], c.start, c.end, c.quote, c.score)
        for c in found
        if c.passage in passages
    )
    _, passage_count = store.document_progress(orphan.document)
    near = places[0].passage.seq if places else min(orphan.seq, max(passage_count - 1, 0))
    return Offer(orphan, places, near)
