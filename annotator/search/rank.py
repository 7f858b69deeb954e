"""Ranking candidate passages and finding the spans that matched.

Order: more query words (or phrases) found, then fewer typos, then the words closer together,
then BM25, then reading order. Spans are offsets into the passage text; folding keeps one
character per character, so offsets in the folded text are offsets in the text.

BM25 is computed here rather than by FTS5: the dictionary already knows how many passages hold
each word, which is all BM25 needs besides the passage itself, and FTS5 would count them again
on every query (see ``SearchIndexMixin.search_candidates``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

from corpus.fold import WORD, fold

_COMPOUND = re.compile(r"(?<!\w)\w+(?:-\w+)+")
"""Words joined by dashes; a match can only start where a word does, and saying so spares the
search from trying every letter inside a word."""
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_LIGATURE = re.compile("[œæß]")
_LIGATURE_WORD = re.compile(r"(?<!\w)\w*[œæß]\w*")
_K1 = 1.2
_B = 0.75
"""BM25's usual constants (as FTS5's bm25() uses them)."""


class Rarity(Protocol):
    """What BM25 needs to know of the corpus: how rare a word is, how long passages are."""

    def idf(self, word: str) -> float:
        """Inverse document frequency of an indexed word (high for rare words)."""
        ...

    @property
    def average_words(self) -> float:
        """Distinct words a passage holds, on average."""
        ...


@dataclass(frozen=True, slots=True)
class Expanded:
    """A query clause with the indexed words each of its terms stands for."""

    words: tuple[dict[str, int], ...]
    """Per term: indexed word -> edit distance."""
    prefixes: tuple[str | None, ...]
    """Per term: the prefix being typed, if any."""
    phrase: bool
    split: tuple[str, str] | None = None
    """A word written joined that the index holds as two words ("alcoolo dependance")."""


@dataclass(frozen=True, slots=True)
class Ranked:
    """How well a passage answers the query."""

    found: int
    typos: int
    spread: int
    bm25: float
    matches: tuple[tuple[int, int], ...]

    def key(self) -> tuple[int, int, int, float]:
        """Best first: most clauses found, fewest typos, closest together, highest BM25."""
        return -self.found, self.typos, self.spread, -self.bm25

    def score(self) -> float:
        """One number for the JSON output, higher is better; the order itself is ``key``."""
        closeness = 0.001 * min(self.spread, 999)
        return round(self.found - 0.1 * self.typos - closeness + min(self.bm25, 9.99) / 1e4, 7)


def _extra_tokens(folded: str) -> list[tuple[int, int, str]]:
    """Joined compounds and spelt-out ligatures, as the index holds them, with their spans.
    Most passages have neither (a look for a dash or a ligature settles it)."""
    extra: list[tuple[int, int, str]] = []
    if "-" in folded:
        extra = [
            (m.start(), m.end(), m.group().replace("-", "")) for m in _COMPOUND.finditer(folded)
        ]
    if _LIGATURE.search(folded) is not None:
        extra.extend(
            (m.start(), m.end(), m.group().translate(_LIGATURES))
            for m in _LIGATURE_WORD.finditer(folded)
        )
    return extra


def _distance(token: str, words: dict[str, int], prefix: str | None) -> int | None:
    if token in words:
        return words[token]
    if prefix is not None and token.startswith(prefix):
        return 0
    return None


def rank(text: str, clauses: list[Expanded], rarity: Rarity) -> Ranked:
    """Match the clauses against a passage.

    Its time grows with the passage's length, and a query ranks hundreds of passages: so each
    pass over the text is done by ``str`` and ``re`` methods, and Python only loops over the
    passage's distinct words and the places that match (a passage position by position only
    for a phrase).
    """
    folded = fold(text)
    distinct = set(WORD.findall(folded))
    extra = _extra_tokens(folded)
    length_norm = 1 - _B + _B * len(distinct) / max(rarity.average_words, 1)
    found = 0
    typos = 0
    bm25 = 0.0
    spans: list[tuple[int, int]] = []
    positions: list[list[int]] = []
    for clause in clauses:
        if clause.phrase:
            hits = _phrase_hits(folded, clause)
        else:
            hits = _word_hits(folded, distinct, extra, clause)
        if not hits:
            continue
        found += 1
        typos += min(distance for _, _, distance in hits)
        frequency = len(hits)
        bm25 += (
            _idf(folded, hits, clause, rarity)
            * frequency
            * (_K1 + 1)
            / (frequency + _K1 * length_norm)
        )
        spans.extend((start, end) for start, end, _ in hits)
        positions.append([start for start, _, _ in hits])
    return Ranked(found, typos, _spread(positions), bm25, _merge(spans))


def _idf(folded: str, hits: list[tuple[int, int, int]], clause: Expanded, rarity: Rarity) -> float:
    """How rare what matched is: a phrase's words together, or the rarest word a term hit."""
    if clause.phrase:
        return sum(rarity.idf(next(iter(words))) for words in clause.words)
    return max(rarity.idf(folded[start:end].replace("-", "")) for start, end, _ in hits)


def inverse_document_frequency(holding: int, passages: int) -> float:
    """BM25's idf of a word that ``holding`` of ``passages`` passages hold (never negative)."""
    return math.log((passages - holding + 0.5) / (holding + 0.5) + 1)


def _word_hits(
    folded: str, distinct: set[str], extra: list[tuple[int, int, str]], clause: Expanded
) -> list[tuple[int, int, int]]:
    """Where a one-word clause matches: the passage's words that are among its expansions (or
    start with the prefix being typed), found by one regular expression, and the compounds and
    ligature spellings of ``extra`` that match."""
    words, prefix = clause.words[0], clause.prefixes[0]
    matching: dict[str, int] = {}
    if prefix is not None:
        matching = dict.fromkeys((word for word in distinct if word.startswith(prefix)), 0)
    matching.update((word, words[word]) for word in distinct.intersection(words))
    hits = _spans_of(folded, matching)
    for start, end, token in extra:
        distance = _distance(token, words, prefix)
        if distance is not None:
            hits.append((start, end, distance))
    return hits


def _spans_of(folded: str, words: dict[str, int]) -> list[tuple[int, int, int]]:
    """Each occurrence of the words of ``words`` as a whole word of ``folded``, with the value
    ``words`` gives it."""
    if not words:
        return []
    alternatives = "|".join(map(re.escape, words))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return [(m.start(), m.end(), words[m.group()]) for m in pattern.finditer(folded)]


def _phrase_hits(folded: str, clause: Expanded) -> list[tuple[int, int, int]]:
    """Where a phrase's words follow one another (whatever stands between them that is no
    word): looked for after each place its first word is."""
    first, *following = clause.words
    hits = []
    for start, first_end, _ in _spans_of(folded, first):
        end = first_end
        for words in following:
            word = WORD.search(folded, end)
            if word is None or word.group() not in words:
                break
            end = word.end()
        else:
            hits.append((start, end, 0))
    return hits


def _spread(positions: list[list[int]]) -> int:
    """Smallest distance (in characters) covering one hit of every clause found."""
    if len(positions) < 2:
        return 0
    events = sorted(
        (position, clause) for clause, hits in enumerate(positions) for position in hits
    )
    best = 1 << 30
    counts: dict[int, int] = {}
    left = 0
    for position, clause in events:
        counts[clause] = counts.get(clause, 0) + 1
        while len(counts) == len(positions):
            best = min(best, position - events[left][0])
            left_clause = events[left][1]
            counts[left_clause] -= 1
            if not counts[left_clause]:
                del counts[left_clause]
            left += 1
    return best


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
