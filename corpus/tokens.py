"""Words, punctuation marks and sentence ends of a text, as character offsets.

Token formats (CoNLL) write one token per line, yet a span read back from them must land on
the same characters as the annotation it came from. So tokens are found by offsets in the
text, never by splitting and rejoining it: a token is ``text[start:end]``, holds no
whitespace (a line of a token format cannot), and every character that is not whitespace
belongs to exactly one token.
"""

from __future__ import annotations

import re
from bisect import bisect_left

TOKEN = re.compile(r"\w+|[^\w\s]")
"""A run of letters and digits, or one character that is neither (punctuation, symbols)."""

SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[\"'»”’)\]]*|$)")
"""A sentence as the annotation UI selects it (the ``s`` key): text up to ``. ! ? …``,
closing quotes and brackets included, so the exports and the UI cut sentences alike."""

Span = tuple[int, int]


def token_spans(text: str) -> list[Span]:
    """``(start, end)`` of each token of ``text``, in order."""
    return [match.span() for match in TOKEN.finditer(text)]


def sentence_starts(text: str, tokens: list[Span]) -> list[int]:
    """Indexes into ``tokens`` where a new sentence begins (after the first), in order.

    A sentence end always follows a punctuation mark, which is a token of its own, so a
    sentence never cuts a token in two.
    """
    starts = [token[0] for token in tokens]
    cuts: list[int] = []
    for match in SENTENCE.finditer(text):
        cut = bisect_left(starts, match.end())
        if 0 < cut < len(tokens) and (not cuts or cuts[-1] < cut):
            cuts.append(cut)
    return cuts
