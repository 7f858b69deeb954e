"""Ranking candidate passages and finding the spans that matched.

Order: more query words (or phrases) found, then fewer typos, then the words closer together,
then BM25, then reading order. Spans are offsets into the passage text; folding keeps one
character per character, so offsets in the folded text are offsets in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.fold import WORD, fold

_COMPOUND = re.compile(r"\w+(?:-\w+)+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


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
    matches: tuple[tuple[int, int], ...]

    def score(self, bm25: float) -> float:
        """One number for the JSON output; the order itself comes from ``key``."""
        return round(self.found - 0.1 * self.typos - 0.001 * min(self.spread, 999) - bm25 / 1e4, 4)


def _extra_tokens(folded: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Joined compounds and spelt-out ligatures, as the index holds them, with their spans."""
    extra = [(m.start(), m.end(), m.group().replace("-", "")) for m in _COMPOUND.finditer(folded)]
    extra.extend(
        (start, end, word.translate(_LIGATURES))
        for start, end, word in words
        if word.translate(_LIGATURES) != word
    )
    return extra


def _distance(token: str, words: dict[str, int], prefix: str | None) -> int | None:
    if token in words:
        return words[token]
    if prefix is not None and token.startswith(prefix):
        return 0
    return None


def rank(text: str, clauses: list[Expanded]) -> Ranked:
    """Match the clauses against a passage."""
    folded = fold(text)
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]
    tokens = words + _extra_tokens(folded, words)
    found = 0
    typos = 0
    spans: list[tuple[int, int]] = []
    positions: list[list[int]] = []
    for clause in clauses:
        hits = _phrase_hits(words, clause) if clause.phrase else _word_hits(tokens, clause)
        if not hits:
            continue
        found += 1
        typos += min(distance for _, _, distance in hits)
        spans.extend((start, end) for start, end, _ in hits)
        positions.append([start for start, _, _ in hits])
    return Ranked(found, typos, _spread(positions), _merge(spans))


def _word_hits(tokens: list[tuple[int, int, str]], clause: Expanded) -> list[tuple[int, int, int]]:
    words, prefix = clause.words[0], clause.prefixes[0]
    hits = []
    for start, end, token in tokens:
        distance = _distance(token, words, prefix)
        if distance is not None:
            hits.append((start, end, distance))
    return hits


def _phrase_hits(
    tokens: list[tuple[int, int, str]], clause: Expanded
) -> list[tuple[int, int, int]]:
    size = len(clause.words)
    hits = []
    for index in range(len(tokens) - size + 1):
        window = tokens[index : index + size]
        if all(token in words for (_, _, token), words in zip(window, clause.words, strict=True)):
            hits.append((window[0][0], window[-1][1], 0))
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
