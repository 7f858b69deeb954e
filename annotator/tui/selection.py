"""Selection mode's state over one passage: an anchor word, a head word, or a whole sentence.

Textual-free: the passage view binds the keys and draws the span; the steps are the words and
sentences of ``corpus.tokens``, so punctuation is stepped over, an elided article is a word of
its own, and a selection by words never starts or ends on a blank or a punctuation mark.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from corpus.tokens import Span, sentence_at, word_spans


@dataclass
class WordSelection:
    """The selected span of ``text``: from the anchor's word to the head's, or a sentence."""

    text: str
    words: list[Span]
    anchor: int = 0
    head: int = 0
    sentence: Span | None = None
    """Set by ``select_sentence``: the sentence whole, its opening quote and final stop too."""

    @classmethod
    def start(cls, text: str) -> WordSelection | None:
        """A selection of the first word, or None when the text has no word."""
        words = word_spans(text)
        return cls(text, words) if words else None

    @property
    def span(self) -> Span:
        if self.sentence is not None:
            return self.sentence
        low, high = sorted((self.anchor, self.head))
        return self.words[low][0], self.words[high][1]

    @property
    def quote(self) -> str:
        start, end = self.span
        return self.text[start:end]

    def extend(self, delta: int) -> None:
        """Move the head by ``delta`` words (the anchor stays)."""
        self.head = self._clamped(self.head + delta)
        self.sentence = None

    def shift(self, delta: int) -> None:
        """Select one word, ``delta`` words from the selection's first."""
        self.anchor = self.head = self._clamped(min(self.anchor, self.head) + delta)
        self.sentence = None

    def select_sentence(self) -> None:
        """Select the sentence the selection starts in; the words it holds become the anchor
        and head, so ``extend`` and ``shift`` go on from there."""
        sentence = sentence_at(self.text, self.span[0])
        if sentence is None:
            return
        starts = [start for start, _ in self.words]
        first, stop = bisect_left(starts, sentence[0]), bisect_left(starts, sentence[1])
        if first < stop:
            self.anchor, self.head = first, stop - 1
            self.sentence = sentence

    def _clamped(self, index: int) -> int:
        return min(max(index, 0), len(self.words) - 1)
