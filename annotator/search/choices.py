"""Ranking a short list of named things (concepts, relation types, a passage's tags) against
what the reviewer types in a picker, typos and accents forgiven.

A line is found by its names, in tiers: a concept's labels (French, English, id) say what it
is, its aliases what else it is called, its description only what it is about. So a match in
a label beats one in an alias, which beats one in a description, whatever the letters: typing
``subs`` means *Substitution de la RTU…*, not a concept whose alias holds *substantiel*.
Within a tier, a query word that is a whole word of the name beats one that starts a word,
which beats one found inside a word or with typos. Every query word must match something;
ties keep the order given (the scheme's).

Each ranked line comes back with the name that matched and where, so a picker can say why a
line is listed when its French label does not show it (``alias: RTU``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from annotator.search.query import edit_budget
from corpus.fold import WORD, fold
from schemas import Concept

INNER_MIN = 4
"""Letters a query word needs to match inside a word (``rtu`` inside *opportunité* is noise)."""

Span = tuple[int, int]
"""Where a query word matched in a name: start and end offsets in the name's text."""


class Tier(IntEnum):
    """How much a name says about what a line is: the lower, the stronger a match in it."""

    LABEL = 0
    ALIAS = 1
    DESCRIPTION = 2


class Quality(IntEnum):
    """How well one query word matches one word of a name."""

    NONE = 0
    FUZZY = 1
    """Found inside the word, or the word (or its start) with typos."""
    PREFIX = 2
    EXACT = 3


@dataclass(frozen=True, slots=True)
class Name:
    """One name a line is found by, with its tier and what the picker calls it."""

    text: str
    tier: Tier = Tier.LABEL
    kind: str = ""
    """How to say which name matched (``en``, ``alias``, ``description``); empty for a line
    whose names need no explaining (a relation type's, a tag's)."""


@dataclass(frozen=True, slots=True)
class Match:
    """A ranked line: its id, the name that matched it best and where in that name."""

    id: str
    name: Name
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class _NameHit:
    """What one name matched of the query: each query word's quality and span there."""

    name: Name
    qualities: tuple[Quality, ...]
    spans: tuple[Span | None, ...]

    def scores(self) -> tuple[int, ...]:
        return tuple(_word_score(self.name.tier, quality) for quality in self.qualities)

    def matched(self) -> int:
        return sum(quality > Quality.NONE for quality in self.qualities)

    def coverage(self) -> float:
        """Share of the name's words the query matched."""
        words = len(_words(self.name.text))
        return self.matched() / words if words else 0.0


def concept_names(concept: Concept) -> tuple[Name, ...]:
    """A concept's names by tier: its labels and id, its aliases, its descriptions."""
    return (
        Name(concept.label.fr, Tier.LABEL, "fr"),
        Name(concept.label.en, Tier.LABEL, "en"),
        Name(concept.id, Tier.LABEL, "id"),
        *(Name(alias, Tier.ALIAS, "alias") for alias in concept.aliases.all()),
        Name(concept.description.fr, Tier.DESCRIPTION, "description"),
        Name(concept.description.en, Tier.DESCRIPTION, "en description"),
    )


def rank(query: str, named: Iterable[tuple[str, Sequence[str | Name]]], limit: int) -> list[Match]:
    """The ``(id, names)`` every word of ``query`` matches, best first (a plain string is a
    label); each with the name that matched best."""
    typed = tuple(WORD.findall(fold(query)))
    if not typed:
        return []
    scored: list[tuple[tuple[int, int, int, float, int], Match]] = []
    for order, (owner, names) in enumerate(named):
        hits = [_name_hit(typed, _as_name(name)) for name in names]
        best = _best_per_word(hits, len(typed))
        if min(best, default=0) == 0:
            continue
        shown = max(hits, key=_shown_key)
        key = (min(best), sum(best), *_wholeness(hits), -order)
        spans = tuple(span for span in shown.spans if span is not None)
        scored.append((key, Match(owner, shown.name, tuple(sorted(set(spans))))))
    scored.sort(key=lambda entry: entry[0], reverse=True)
    return [match for _, match in scored[:limit]]


def rank_names(
    query: str, named: Iterable[tuple[str, Sequence[str | Name]]], limit: int
) -> list[str]:
    """Ids of the ``(id, names)`` best matching ``query``, best first."""
    return [match.id for match in rank(query, named, limit)]


def _as_name(name: str | Name) -> Name:
    return name if isinstance(name, Name) else Name(name)


def _word_score(tier: Tier, quality: Quality) -> int:
    """One number ordering (tier, quality): any label match above any alias match, and so on;
    0 for no match."""
    if quality == Quality.NONE:
        return 0
    return (len(Tier) - tier) * (len(Quality) + 1) + quality


def _best_per_word(hits: Sequence[_NameHit], count: int) -> list[int]:
    """Each query word's best score over all the names (0: it matched none)."""
    return [max((hit.scores()[index] for hit in hits), default=0) for index in range(count)]


def _shown_key(hit: _NameHit) -> tuple[int, int]:
    """Which name explains a line best: the one matching most query words, best; ``max``
    keeps the first of equals (the French label before the others)."""
    return hit.matched(), sum(hit.scores())


def _wholeness(hits: Sequence[_NameHit]) -> tuple[int, float]:
    """How wholly one name of a line is the query, to break ties between equal matches: most
    query words in one name, then most of that name's words typed (``RTU`` is all of the id
    ``rtu``, a seventh of *Substitution de la RTU par l'AMM*)."""
    return max(((hit.matched(), hit.coverage()) for hit in hits), default=(0, 0.0))


def _name_hit(typed: tuple[str, ...], name: Name) -> _NameHit:
    words = _words(name.text)
    qualities: list[Quality] = []
    spans: list[Span | None] = []
    for query_word in typed:
        quality, span = Quality.NONE, None
        for word, start, end in words:
            found = _quality(query_word, word)
            if found > quality:
                quality, span = found, (start, end)
                if found == Quality.EXACT:
                    break
        qualities.append(quality)
        spans.append(span)
    return _NameHit(name, tuple(qualities), tuple(spans))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    """A name's folded words with their offsets (folding keeps offsets: they hold in the
    original text too). Cached: the same names are searched at every key typed."""
    return tuple((match.group(), match.start(), match.end()) for match in WORD.finditer(fold(text)))


@lru_cache(maxsize=1 << 16)
def _quality(typed: str, word: str) -> Quality:
    """How well a folded query word matches a folded word of a name."""
    if word == typed:
        return Quality.EXACT
    if word.startswith(typed):
        return Quality.PREFIX
    if len(typed) >= INNER_MIN and typed in word:
        return Quality.FUZZY
    budget = edit_budget(typed)
    if budget and _near(typed, word, budget):
        return Quality.FUZZY
    return Quality.NONE


def _near(typed: str, word: str, budget: int) -> bool:
    """``typed`` is ``word``, or the start of it, give or take ``budget`` typos (a swap of two
    letters is one): ``recomandation`` is *recommandation*, ``recomand`` starts it."""
    shortest = max(1, len(typed) - budget)
    longest = min(len(word), len(typed) + budget)
    return any(
        OSA.distance(typed, word[:end], score_cutoff=budget) <= budget
        for end in range(shortest, longest + 1)
    )
