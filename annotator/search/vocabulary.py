"""The index's dictionary, and each query word's expansion to the words within its budget.

The dictionary grows far slower than the corpus (a million passages hold a few hundred
thousand distinct words), so it is held in memory; an ``EditIndex`` finds the words within a
query word's typo budget among a few hundred candidates instead of every word of its length.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from annotator.search.edit_index import EditIndex
from annotator.search.query import Term, edit_budget
from annotator.search.rank import inverse_document_frequency

ANAGRAM_MIN = 9
"""Words this long may also match with a block of letters swapped (two typos)."""

SPLIT_MIN = 3
"""Shortest part of a compound written joined."""

PREFIX_MIN = 3
"""Letters typed before a word being typed expands to its completions."""

PREFIX_LIMIT = 30
"""Words a word being typed expands to at most (the most frequent first)."""

EXPANSION_LIMIT = 40
"""Words any query word expands to at most (the closest, then the most frequent)."""


class Vocabulary:
    """Distinct indexed words with the number of passages holding each."""

    def __init__(self, words: Iterable[tuple[str, int]], passages: int) -> None:
        self._frequency: dict[str, int] = dict(words)
        self._passages = passages
        self._average_words = sum(self._frequency.values()) / passages if passages else 0.0
        self._edits = EditIndex(self._frequency)
        self._sorted = sorted(self._frequency)
        self._anagrams: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        for word in self._frequency:
            if len(word) >= ANAGRAM_MIN:
                self._anagrams[_anagram_key(word)].append(word)

    def __len__(self) -> int:
        return len(self._frequency)

    def frequency(self, word: str) -> int:
        """Passages holding ``word``."""
        return self._frequency.get(word, 0)

    def warm(self) -> None:
        """Prepare now what the first searches would otherwise prepare as they need it.

        Sorting the edit index's orders takes seconds at a million passages: a one-shot
        command line search needs only a few of them, a reviewer's session all of them, so
        the UI warms the vocabulary in the background and the command line does not.
        """
        self._edits.warm(edit_budget)

    def idf(self, word: str) -> float:
        """BM25's inverse document frequency of ``word`` (a word not indexed is the rarest)."""
        return inverse_document_frequency(self._frequency.get(word, 0), self._passages)

    @property
    def average_words(self) -> float:
        """Distinct words a passage holds, on average."""
        return self._average_words

    def expand(self, term: Term) -> dict[str, int]:
        """Indexed words ``term`` stands for, with their edit distance to it."""
        found: dict[str, int] = {}
        if term.text in self._frequency:
            found[term.text] = 0
        if term.budget:
            for word, distance in self._edits.within(term.text, term.budget).items():
                found.setdefault(word, distance)
        if term.budget >= 2:  # a swapped block of letters: "Maranchini" for "Maraninchi"
            for word in self._anagrams.get(_anagram_key(term.text), ()):
                found.setdefault(word, 2)
        for ligature in _ligature_variants(term.text):
            if ligature in self._frequency:
                found.setdefault(ligature, 0)
        if term.prefix and len(term.text) >= PREFIX_MIN:
            start = bisect_left(self._sorted, term.text)
            stop = bisect_left(self._sorted, term.text + "\U0010ffff")
            completions = sorted(self._sorted[start:stop], key=lambda w: -self._frequency[w])
            for word in completions[:PREFIX_LIMIT]:
                found.setdefault(word, 0)
        best = sorted(found, key=lambda word: (found[word], -self._frequency[word], word))
        return {word: found[word] for word in best[:EXPANSION_LIMIT]}

    def split(self, word: str) -> tuple[str, str] | None:
        """Two indexed words a compound written joined is made of ("alcoolodependance")."""
        if len(word) < 2 * SPLIT_MIN or word in self._frequency:
            return None
        splits = [
            (word[:cut], word[cut:])
            for cut in range(SPLIT_MIN, len(word) - SPLIT_MIN + 1)
            if word[:cut] in self._frequency and word[cut:] in self._frequency
        ]
        if not splits:
            return None
        return max(splits, key=lambda pair: min(self._frequency[pair[0]], self._frequency[pair[1]]))


def _anagram_key(word: str) -> tuple[str, str]:
    return word[:2], "".join(sorted(word))


def _ligature_variants(word: str) -> list[str]:
    """The word with "oe" written "œ" and "ae" written "æ", as texts spell them."""
    variants = []
    for spelt, ligature in (("oe", "œ"), ("ae", "æ")):
        if spelt in word:
            variants.append(word.replace(spelt, ligature))
    return variants
