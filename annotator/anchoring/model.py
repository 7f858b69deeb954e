"""What the re-anchoring engine reads and returns: passages of two versions, anchors, places.

Plain frozen dataclasses, so the engine needs no database: the store turns its rows into these
and writes the placements back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class TextPassage:
    """A passage of a version, in reading order."""

    id: str
    seq: int
    text: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """An annotation as it sits on the old version (what the store keeps of it)."""

    id: str
    passage: str
    """The old passage's id."""
    start: int | None
    """Offset in the old passage text; ``None`` for a whole-passage tag."""
    end: int | None
    quote: str
    """The span's text, or the whole passage text."""
    prefix: str
    """Up to ``CONTEXT_CHARS`` characters before the span, inside its passage."""
    suffix: str
    """Up to ``CONTEXT_CHARS`` characters after the span, inside its passage."""


class AnchorState(StrEnum):
    """Where re-anchoring put an annotation, from the most to the least certain."""

    EXACT = "exact"
    """Its passage's text is unchanged in the new version: the same offsets."""
    MOVED = "moved"
    """Its quote, unchanged, found again where the text around it (or the old position)
    picks one place."""
    FUZZY = "fuzzy"
    """Its words changed a little: placed on the new words, quote updated."""
    ORPHAN = "orphan"
    """Nowhere to put it: kept with its quote and context for the reviewer to place."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an annotation goes in the new version."""

    annotation: str
    state: AnchorState
    passage: str | None
    """The new passage's id; ``None`` for an orphan."""
    start: int | None
    """Offset in the new passage text; ``None`` for a whole passage (or an orphan)."""
    end: int | None
    quote: str
    """The text now covered (the old quote for an orphan)."""
    prefix: str
    """Recomputed from the new text, as a new tag would keep it (the old one for an orphan)."""
    suffix: str
    score: float
    """1.0 when exact; the match score otherwise; 0.0 for an orphan."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place an annotation could go, offered to the reviewer for an orphan."""

    passage: str
    start: int | None
    end: int | None
    quote: str
    score: float
