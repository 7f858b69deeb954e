"""Prefix and suffix that make a quote select one place of a document, found cheaply.

A W3C ``TextQuoteSelector`` anchors by its quote with some context: 32 characters each side,
doubled until prefix + quote + suffix occurs once in the document. Proving a window occurs
once by searching the text scans the whole document each time (as Apache Annotator's
``describeTextQuote`` does): a million annotations over documents of 600,000 characters
spent a hundred seconds there.

Here each document gets a small index first: where each ``KEY``-character piece starting
every ``STRIDE`` characters is (one entry per 32 characters of text). Any occurrence of a
window of at least ``STRIDE + KEY - 1`` characters covers one of those indexed places whole:
if it starts at ``q``, the next multiple of ``STRIDE`` at or after ``q`` is less than
``STRIDE`` further, and its piece ends inside the window. So looking up the window's pieces
at its first ``STRIDE`` offsets finds every place it could occur, and comparing the text
there tells. A shorter window (a short quote at an end of a small text) is searched for.
"""

from __future__ import annotations

from schemas.annotations import CONTEXT_CHARS

STRIDE = 32
"""Characters between two indexed places."""
KEY = 16
"""Characters of an indexed piece: long enough to be rare in prose."""


class QuoteContexts:
    """The contexts of quotes in one document's text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._places: dict[str, list[int]] = {}
        for place in range(0, len(text) - KEY + 1, STRIDE):
            self._places.setdefault(text[place : place + KEY], []).append(place)

    def around(self, start: int, end: int) -> tuple[str, str]:
        """Prefix and suffix around ``text[start:end]`` that select it and no other place.

        They start at ``CONTEXT_CHARS`` characters (fewer at the ends of the text) and double
        until prefix + quote + suffix occurs once in the text; the whole text always does.
        """
        text = self._text
        size = CONTEXT_CHARS
        while True:
            low, high = max(0, start - size), min(len(text), end + size)
            if (low == 0 and high == len(text)) or self._only_at(low, high):
                return text[low:start], text[end:high]
            size *= 2

    def _only_at(self, low: int, high: int) -> bool:
        """Whether ``text[low:high]`` occurs at ``low`` and nowhere else."""
        text = self._text
        window = text[low:high]
        if len(window) < STRIDE + KEY - 1:
            return text.find(window) == low and text.find(window, low + 1) == -1
        for offset in range(STRIDE):
            for place in self._places.get(window[offset : offset + KEY], ()):
                other = place - offset
                if other != low and other >= 0 and text.startswith(window, other):
                    return False
        return True
