"""How well a place in the new text fits an anchor, scored as Hypothesis scores it.

Hypothesis's client (``src/annotator/anchoring/match-quote.ts``) weighs the similarity of the
text found to the quote (50), of the text before it to the prefix (20), of the text after it to
the suffix (20), and the nearness to where the quote was expected (2, a tie-breaker); each
similarity is one minus the edits over the length of what is expected, and a missing prefix or
suffix counts as matching. The same here, with rapidfuzz's Levenshtein distance and the
context taken inside the passage, as the store keeps it. One difference: Hypothesis looks for
the prefix anywhere in the text before a place, where this compares it with that text whole,
which is a little stricter when words were inserted right beside the span (the threshold
below is set on this score).
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from annotator.anchoring.model import Anchor
from schemas.annotations import context

QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

FUZZY_THRESHOLD = 0.75
"""Least score of a place that is not the quote carried unchanged by its paragraph's alignment.
After the realistic small edits of ``tests/test_anchoring.py`` (a typo fixed or a word changed
in the quote, a sentence inserted before it, words changed on one or both sides), the right
place scores 0.88 to 1.0, and on the benchmark's revision 0.78 at least (99% of them 0.8 and
more); the wrong places there (the quote in another sentence or paragraph, a similar sentence
elsewhere, a short quote elsewhere) score 0.52 to 0.67: the quote matches, but a context
matches unrelated text at 0.15 on average, by chance."""


def similarity(expected: str, found: str) -> float:
    """One minus the edits from ``expected`` to ``found`` over the length of ``expected``
    (Hypothesis's ``textMatchScore``); 1.0 when nothing is expected."""
    if not expected:
        return 1.0
    return max(0.0, 1.0 - Levenshtein.distance(expected, found) / len(expected))


def score(anchor: Anchor, text: str, start: int, end: int, nearness: float) -> float:
    """The score of the span ``start:end`` of the new passage ``text`` for ``anchor``;
    ``nearness`` is 1.0 where the quote was expected, 0.0 a whole document away."""
    prefix, suffix = context(text, start, end)
    raw = (
        QUOTE_WEIGHT * similarity(anchor.quote, text[start:end])
        + PREFIX_WEIGHT * similarity(anchor.prefix, prefix[-len(anchor.prefix) :])
        + SUFFIX_WEIGHT * similarity(anchor.suffix, suffix[: len(anchor.suffix)])
        + POSITION_WEIGHT * nearness
    )
    return raw / _TOTAL_WEIGHT
