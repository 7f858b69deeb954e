"""Who agrees on what in one passage: the rules of adjudication, on plain rows, with no SQL.

An *item* is a compared reviewer's annotation or relation. Two reviewers' annotations are the
same item when they have the same passage, concept, start and end (the ``Key``); two
relations are the same when they have the same type and the same keys at both ends. An item
is *agreed* when the document has at least two compared reviewers and every one of them has
it: with a single reviewer there is nobody to agree with, so nothing is agreed.

A passage is *disputed* when one of its items is not agreed (a relation belongs to the
passage of its source), and *resolved* when every item not agreed has a decision of the
adjudicator (for one of the reviewers who have it) or is in the gold layer already.
``adjudication_reads`` says the same in SQL, for the walk and the count over a big corpus;
the tests check that the two agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

Key = tuple[str, str, int | None, int | None]
"""What makes two annotations the same item: passage, concept, start, end."""

LinkKey = tuple[str, Key, Key]
"""What makes two relations the same item: type, source key, target key."""

K = TypeVar("K", Key, LinkKey)


class Row(NamedTuple, Generic[K]):
    """An annotation (``Row[Key]``) or a relation from an annotation of the passage
    (``Row[LinkKey]``) as the tally reads it: the gold layer's and others' come too."""

    id: str
    key: K
    reviewer: str
    decision: str | None
    """'accepted' or 'rejected' when the adjudicator decided on it for this gold layer."""


@dataclass(frozen=True, slots=True)
class Verdict(Generic[K]):
    """Where one item stands."""

    key: K
    """What makes it the same as another reviewer's item."""
    agreed: bool
    """Every compared reviewer of the document has the same item."""
    decision: str | None
    """Its decision, or that of another reviewer's same item (one decision settles both:
    a reviewer who tags the item after it was decided adds nothing to decide)."""
    in_gold: bool
    """The gold layer holds the same item."""

    @property
    def settled(self) -> bool:
        """Needs nothing more from the adjudicator."""
        return self.agreed or self.decision is not None or self.in_gold


@dataclass(frozen=True, slots=True)
class State:
    """Where one passage stands."""

    disputed: bool
    resolved: bool
    """Disputed, and every item not agreed is decided or in gold."""


@dataclass(frozen=True, slots=True)
class Tally:
    """The items of one passage, each with its verdict, and the passage's state."""

    items: dict[str, Verdict[Key]]
    """By annotation id, the compared reviewers' annotations only."""
    links: dict[str, Verdict[LinkKey]]
    """By relation id, the compared reviewers' relations only."""

    @property
    def state(self) -> State:
        verdicts: list[Verdict[Key] | Verdict[LinkKey]] = [
            *self.items.values(),
            *self.links.values(),
        ]
        disputed = any(not verdict.agreed for verdict in verdicts)
        return State(disputed, disputed and all(verdict.settled for verdict in verdicts))


def tally(
    reviewers: frozenset[str],
    gold: str,
    items: Iterable[Row[Key]],
    links: Iterable[Row[LinkKey]],
) -> Tally:
    """The verdict on each item of a passage: ``reviewers`` are the document's compared
    reviewers, ``gold`` the gold layer's reviewer; rows of anyone else are left out."""
    return Tally(_verdicts(reviewers, gold, items), _verdicts(reviewers, gold, links))


def _verdicts(
    reviewers: frozenset[str], gold: str, rows: Iterable[Row[K]]
) -> dict[str, Verdict[K]]:
    holders: defaultdict[K, set[str]] = defaultdict(set)
    decided: dict[K, str] = {}
    compared: list[Row[K]] = []
    for row in rows:
        holders[row.key].add(row.reviewer)
        if row.reviewer in reviewers:
            compared.append(row)
            if row.decision is not None:
                decided.setdefault(row.key, row.decision)
    quorum = len(reviewers) >= 2
    return {
        row.id: Verdict(
            key=row.key,
            agreed=quorum and reviewers <= holders[row.key],
            decision=row.decision or decided.get(row.key),
            in_gold=gold in holders[row.key],
        )
        for row in compared
    }
