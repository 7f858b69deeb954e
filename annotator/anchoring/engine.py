"""Re-anchoring: where each annotation of an old version goes in the new one.

In the order the issue sets, from the most to the least certain: the passage unchanged
(``EXACT``, offsets carried); the quote unchanged where its context or its old position picks
one place (``MOVED``); the words most like the quote, scored as Hypothesis scores them, above
``FUZZY_THRESHOLD`` (``FUZZY``, quote updated); else ``ORPHAN``. A whole-passage tag goes to
the new passage holding most of its text, if most of its text is still there.

Nothing is looked for in the whole text per annotation: the passages are aligned first
(``passages.align``), and a quote is looked for where its passage went and beside it; only
what is left is looked for in the passages the new version changed or added, exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from annotator.anchoring.blocks import BlockText
from annotator.anchoring.model import Anchor, AnchorState, Candidate, Placement, TextPassage
from annotator.anchoring.offsets import OffsetMap
from annotator.anchoring.passages import Block, align
from annotator.anchoring.scoring import FUZZY_THRESHOLD, score
from annotator.anchoring.search import closest, count, find_in, occurrences
from schemas.annotations import context

KEPT_SHARE = 0.5
"""Share of a passage's text that must still be there (in runs of unchanged characters) for
its whole-passage tags to follow it: most of it, as the issue says."""

TIE = 1e-9
"""Two places scoring within this of each other are a tie: neither is chosen (never a guess)."""


@dataclass(slots=True)
class _Search:
    """The places found for a span anchor so far, with their scores, and where the other
    occurrences of its quote went, block by block (see ``Reanchoring._taken``)."""

    anchor: Anchor
    passage: int
    """The old passage's index."""
    hint: int
    """Where the span is expected, as an offset in the whole new text."""
    strict: bool = True
    """Whether places other old text holds are left out (not when offering candidates)."""
    places: dict[tuple[int, int, int], float] = field(default_factory=dict)
    images: dict[Block, list[tuple[int, int, int]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Place:
    """A span of a new passage (by its index) and its score."""

    passage: int
    start: int
    end: int
    score: float


class Reanchoring:
    """Two versions of a document, aligned once, and the places of anchors in the new one.

    ``reanchor`` and ``candidates`` build one for a call; build one yourself to ask for the
    candidates of many anchors between the same two versions."""

    def __init__(self, old: Sequence[TextPassage], new: Sequence[TextPassage]) -> None:
        self._old = [passage.text for passage in old]
        self._new = [passage.text for passage in new]
        self._new_ids = [passage.id for passage in new]
        self._old_index = {passage.id: i for i, passage in enumerate(old)}
        self._alignment = align(self._old, self._new)
        self._offsets: list[int] = []
        at = 0
        for text in self._new:
            self._offsets.append(at)
            at += len(text) + 1
        self._length = max(1, at)
        self._blocks: dict[Block, BlockText] = {}

    # --- placing --------------------------------------------------------------------------

    def place(self, anchor: Anchor) -> Placement:
        """Where ``anchor`` goes in the new version."""
        i = self._index(anchor)
        j = self._alignment.same.get(i)
        if anchor.start is None or anchor.end is None:
            if j is not None:
                return self._whole(anchor, j, AnchorState.EXACT, 1.0)
            return self._place_passage(anchor, i)
        if j is not None and self._old[i][anchor.start : anchor.end] == anchor.quote:
            return self._span(anchor, _Place(j, anchor.start, anchor.end, 1.0), AnchorState.EXACT)
        place = self._place_span(anchor, i, anchor.start, anchor.end)
        if place is None:
            return _orphan(anchor)
        text = self._new[place.passage][place.start : place.end]
        state = AnchorState.MOVED if text == anchor.quote else AnchorState.FUZZY
        return self._span(anchor, place, state)

    def _place_passage(self, anchor: Anchor, i: int) -> Placement:
        """A whole-passage tag: on the new passage holding most of its old passage's text."""
        block = self._alignment.block_of[i]
        if not block.new:
            return _orphan(anchor)
        length = max(1, len(self._old[i]))
        held = self._block(block).kept(i, length)
        if sum(held.values()) < KEPT_SHARE * length:
            return _orphan(anchor)
        j = max(held, key=lambda k: (held[k], -k))
        return self._whole(anchor, j, AnchorState.FUZZY, held[j] / length)

    def _place_span(self, anchor: Anchor, i: int, start: int, end: int) -> _Place | None:
        """The best place of a span above the threshold, looking where its passage went and
        beside it (the quote exactly, then the words most like it), then in the rest of
        what changed (exactly)."""
        hint, mapped = self._expected(i, start, end)
        search = _Search(anchor, i, hint)
        region = self._region(i)
        if mapped is not None:
            carried = self._score(anchor, *mapped, hint)
            if carried.score >= 1.0 - TIE:
                return carried  # quote and context unchanged, where expected: none can beat it
            search.places[mapped] = carried.score
        for j in region:
            for at in occurrences(self._new[j], anchor.quote):
                self._add(search, j, at, at + len(anchor.quote))
        if (place := _best(search.places)) is not None:
            return place
        if mapped is not None and self._carried_alone(anchor.quote, i, *mapped, region):
            return _Place(*mapped, search.places[mapped])
        for j in region:
            span = closest(anchor.quote, self._new[j])
            if span is not None:
                self._add(search, j, *span)
        if (place := _best(search.places)) is not None:
            return place
        elsewhere = (j for j in self._alignment.changed if j not in region)
        for j, at in find_in(self._new, elsewhere, anchor.quote):
            self._add(search, j, at, at + len(anchor.quote))
        return _best(search.places)

    # --- candidates -----------------------------------------------------------------------

    def candidates(self, anchor: Anchor, limit: int = 3) -> list[Candidate]:
        """The best places for ``anchor``, best first, even below the threshold: where its
        passage went and beside it, the quote exactly anywhere, and the words most like it
        in the passages the new version changed (where a text that moved went)."""
        i = self._index(anchor)
        if anchor.start is None or anchor.end is None:
            return self._passage_candidates(anchor, i, limit)
        hint, mapped = self._expected(i, anchor.start, anchor.end)
        search = _Search(anchor, i, hint, strict=False)
        if mapped is not None:
            search.places[mapped] = self._score(anchor, *mapped, hint).score
        for j, at in find_in(self._new, range(len(self._new)), anchor.quote):
            self._add(search, j, at, at + len(anchor.quote))
        likely = process.extract(
            anchor.quote, self._changed_texts, scorer=fuzz.partial_ratio, limit=limit
        )
        for j in {*self._region(i), *(choice[2] for choice in likely)}:
            span = closest(anchor.quote, self._new[j])
            if span is not None:
                self._add(search, j, *span)
        ranked = sorted(search.places.items(), key=lambda item: -item[1])[:limit]
        return [
            Candidate(self._new_ids[j], start, end, self._new[j][start:end], value)
            for (j, start, end), value in ranked
        ]

    def _passage_candidates(self, anchor: Anchor, i: int, limit: int) -> list[Candidate]:
        """New passages for a whole-passage tag, by the share of its old text each holds."""
        text = self._old[i]
        length = max(1, len(text))
        shares: dict[int, float] = {}
        likely = process.extract(text, self._new, scorer=fuzz.ratio, limit=limit)
        for j in {*self._region(i), *(choice[2] for choice in likely)}:
            kept = OffsetMap(text, self._new[j]).kept(0, len(text))
            shares[j] = sum(high - low for low, high in kept) / length
        ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Candidate(self._new_ids[j], None, None, self._new[j], share) for j, share in ranked]

    # --- where to look --------------------------------------------------------------------

    def _index(self, anchor: Anchor) -> int:
        try:
            return self._old_index[anchor.passage]
        except KeyError:
            raise ValueError(
                f"annotation {anchor.id} is on passage {anchor.passage}, "
                "which is not a passage of the old version"
            ) from None

    def _block(self, block: Block) -> BlockText:
        """The aligned text of ``block``, built the first time an anchor needs it."""
        text = self._blocks.get(block)
        if text is None:
            text = self._blocks[block] = BlockText(block, self._old, self._new)
        return text

    def _region(self, i: int) -> range:
        """The new passages where old passage ``i``'s text went, and one either side."""
        j = self._alignment.same.get(i)
        if j is not None:
            low = high = j
        else:
            block = self._alignment.block_of[i]
            low, high = (block.new[0], block.new[-1]) if block.new else (block.at, block.at - 1)
        return range(max(0, low - 1), min(len(self._new), high + 2))

    def _expected(self, i: int, start: int, end: int) -> tuple[int, tuple[int, int, int] | None]:
        """Where the span ``start:end`` of old passage ``i`` is expected in the new version
        (an offset in the whole new text, for nearness), and the span its passage's
        alignment carries it to, if any."""
        j = self._alignment.same.get(i)
        if j is not None:
            return self._offsets[j] + start, None
        block = self._alignment.block_of[i]
        if not block.new:
            return self._offset(block.at), None
        mapped = self._block(block).span(i, start, end)
        if mapped is None:
            return self._offset(block.new[0]), None
        return self._offsets[mapped[0]] + mapped[1], mapped

    def _offset(self, j: int) -> int:
        return self._offsets[j] if j < len(self._offsets) else self._length

    def _carried_alone(
        self, quote: str, i: int, j: int, start: int, end: int, region: range
    ) -> bool:
        """Whether the alignment carried the quote unchanged to ``start:end`` of new passage
        ``j``, the quote being once in old passage ``i``'s block and once where the block
        went: then the old position picks that place, whatever the context says."""
        return (
            self._new[j][start:end] == quote
            and count(self._block(self._alignment.block_of[i]).old_text, quote) == 1
            and sum(count(self._new[k], quote) for k in region) == 1
        )

    def _taken(self, search: _Search, j: int, start: int, end: int) -> bool:
        """Whether the span ``start:end`` of new passage ``j`` already belongs to other old
        text, so the anchor cannot have gone there: a passage the old version had unchanged
        (but the anchor's own), or where another occurrence of the quote went."""
        old = self._same_of.get(j)
        if old is not None:
            return old != search.passage
        block = self._new_block.get(j)
        if block is None:
            return False
        images = search.images.get(block)
        if images is None:
            text = self._block(block)
            own = None
            if search.passage in block.old and search.anchor.start is not None:
                own = text.old_start(search.passage) + search.anchor.start
            images = search.images[block] = text.images(search.anchor.quote, own)
        return any(passage == j and low < end and start < high for passage, low, high in images)

    @cached_property
    def _same_of(self) -> dict[int, int]:
        """New index -> old index of the passages unchanged."""
        return {j: i for i, j in self._alignment.same.items()}

    @cached_property
    def _new_block(self) -> dict[int, Block]:
        """New index -> the block its text came from, for the new passages in one."""
        return {j: block for block in self._alignment.block_of.values() for j in block.new}

    @cached_property
    def _changed_texts(self) -> dict[int, str]:
        """New index -> text of the new passages that are not old ones unchanged."""
        return {j: self._new[j] for j in self._alignment.changed}

    # --- scoring --------------------------------------------------------------------------

    def _score(self, anchor: Anchor, j: int, start: int, end: int, hint: int) -> _Place:
        nearness = 1.0 - abs(self._offsets[j] + start - hint) / self._length
        return _Place(j, start, end, score(anchor, self._new[j], start, end, nearness))

    def _add(self, search: _Search, j: int, start: int, end: int) -> None:
        """Score a place and keep it, unless it is empty, known, or (when the search is
        strict) taken."""
        if start >= end or (j, start, end) in search.places:
            return
        if search.strict and self._taken(search, j, start, end):
            return
        place = self._score(search.anchor, j, start, end, search.hint)
        search.places[(j, start, end)] = place.score

    # --- placements -----------------------------------------------------------------------

    def _span(self, anchor: Anchor, place: _Place, state: AnchorState) -> Placement:
        text = self._new[place.passage]
        prefix, suffix = context(text, place.start, place.end)
        return Placement(
            anchor.id,
            state,
            self._new_ids[place.passage],
            place.start,
            place.end,
            text[place.start : place.end],
            prefix,
            suffix,
            place.score,
        )

    def _whole(self, anchor: Anchor, j: int, state: AnchorState, value: float) -> Placement:
        return Placement(
            anchor.id, state, self._new_ids[j], None, None, self._new[j], "", "", value
        )


def _best(found: dict[tuple[int, int, int], float]) -> _Place | None:
    """The best place found, if it scores above the threshold and nothing ties with it."""
    ranked = sorted(found.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < TIE:
        return None
    (j, start, end), value = ranked[0]
    return _Place(j, start, end, value)


def _orphan(anchor: Anchor) -> Placement:
    return Placement(
        anchor.id,
        AnchorState.ORPHAN,
        None,
        None,
        None,
        anchor.quote,
        anchor.prefix,
        anchor.suffix,
        0.0,
    )


def reanchor(
    old: Sequence[TextPassage], anchors: Iterable[Anchor], new: Sequence[TextPassage]
) -> Iterator[Placement]:
    """Where each anchor on the ``old`` version goes in the ``new`` one: one placement per
    anchor, in the order given."""
    reanchoring = Reanchoring(old, new)
    for anchor in anchors:
        yield reanchoring.place(anchor)


def candidates(
    anchor: Anchor, old: Sequence[TextPassage], new: Sequence[TextPassage], limit: int = 3
) -> list[Candidate]:
    """The best places for ``anchor`` (typically an orphan), best first, even below the
    acceptance threshold: what the orphan queue offers the reviewer."""
    return Reanchoring(old, new).candidates(anchor, limit)
