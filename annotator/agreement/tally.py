"""What the agreement measures need of a corpus, added up in one pass over the reviewers' marks.

The store streams every compared reviewer's mark (a tag of a concept on a passage, as the span
it covers) passage by passage; ``tally`` keeps, for each concept, counts that do not grow with
the corpus, from which every measure of ``coding`` and ``spans`` follows:

- ``masks``: how many passages each set of reviewers tagged with the concept (bit ``i`` for
  reviewer ``i``): the coding measures' patterns;
- ``marked`` and ``shared``: each reviewer's distinct spans, and each pair's spans in
  common: ``SpanF1``'s counts;
- ``length``, ``distance``, ``units`` and ``gaps``: ``UnitizingAlpha``'s sums (see its
  docstring): the continuum's length, the squared distances between two reviewers' units,
  and how many units and gaps there are of each length.

``spans`` accumulates the same counts with one ``add`` per passage and concept, as general as
can be; a million marks make that too slow for a command (tens of seconds). Here the marks of a
concept on a passage take the shortest way their shape allows: one reviewer's one span (a few
additions), one span from each of several reviewers, the same one (a count by the set of
reviewers, expanded into pairs once at the end), one span each, or anything else (worked out in
full). ``tests/test_agreement_cli.py`` checks that both ways give the same figures on random
marks, and ``bench/agreement.py`` on a million.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations, groupby
from operator import itemgetter

from annotator.agreement.spans import SpanF1, UnitizingAlpha
from annotator.store.agreement import Mark

Span = tuple[int, int]


class Tally:
    """The counts of one concept, or of several pooled (``+=``); ``complete`` them with the
    passages nobody marked before reading ``marked``, ``shared`` or the figures."""

    def __init__(self, reviewers: int) -> None:
        self.reviewers = reviewers
        self.masks: Counter[int] = Counter()
        self.marked = [0] * reviewers
        self.shared: Counter[tuple[int, int]] = Counter()
        self.length = 0
        self.distance = 0
        self.units: Counter[int] = Counter()
        self.gaps: Counter[int] = Counter()
        self._covered: Counter[int] = Counter()
        """Lengths of the passages, once per reviewer who marked them (their gaps are in
        ``gaps``); the others' passages are one gap each, counted by ``complete``."""
        self._one_each: Counter[tuple[int, int]] = Counter()
        """Passages by the mask of the reviewers who marked one span each, and the passage's
        length: one count here stands for one to ``masks``, one to each reviewer's
        ``marked``, and one to ``_covered`` per reviewer, all added by ``complete``."""
        self._identical: Counter[int] = Counter()
        """Passages where the reviewers of the mask marked one and the same span: one to
        ``shared`` for each pair of them."""

    def add(self, length: int, marks: Sequence[Mark]) -> None:
        """Count one passage of ``length`` characters: the concept's marks on it, in order
        (by reviewer, then span)."""
        _, _, _, reviewer, start, end = marks[0]
        unit = end - start
        if len(marks) == 1:
            self._one_each[1 << reviewer, length] += 1
            self.units[unit] += 1
            if start:
                self.gaps[start] += 1
            if end < length:
                self.gaps[length - end] += 1
            # each other reviewer has the whole passage as a gap, the unit inside it
            self.distance += (self.reviewers - 1) * unit * unit
            return
        mask = 1 << reviewer
        identical = True
        for mark in marks[1:]:
            bit = 1 << mark[3]
            if mask & bit:  # a reviewer with several spans: worked out in full
                self._add_any(length, marks)
                return
            mask |= bit
            identical = identical and mark[4] == start and mark[5] == end
        markers = len(marks)
        unmarked = self.reviewers - markers
        self._one_each[mask, length] += 1
        if identical:
            self._identical[mask] += 1
            self.units[unit] += markers
            if start:
                self.gaps[start] += markers
            if end < length:
                self.gaps[length - end] += markers
            self.distance += unmarked * markers * unit * unit
            return
        units, gaps = self.units, self.gaps
        for _, _, _, _, start, end in marks:
            units[end - start] += 1
            if start:
                gaps[start] += 1
            if end < length:
                gaps[length - end] += 1
            self.distance += unmarked * (end - start) ** 2
        for one, other in combinations(marks, 2):
            start, end, other_start, other_end = one[4], one[5], other[4], other[5]
            if start == other_start and end == other_end:
                self.shared[one[3], other[3]] += 1
            elif start < other_end and other_start < end:
                self.distance += (start - other_start) ** 2 + (end - other_end) ** 2
            else:  # each lies in the other's gap
                self.distance += (end - start) ** 2 + (other_end - other_start) ** 2

    def _add_any(self, length: int, marks: Sequence[Mark]) -> None:
        """Count a passage where some reviewer marked several spans (or one twice)."""
        spans: dict[int, set[Span]] = {}
        for _, _, _, reviewer, start, end in marks:
            spans.setdefault(reviewer, set()).add((start, end))
        self.masks[sum(1 << reviewer for reviewer in spans)] += 1
        units = {reviewer: _union(own) for reviewer, own in spans.items()}
        for reviewer, own in units.items():
            self.marked[reviewer] += len(spans[reviewer])
            position = 0
            for start, end in own:
                self.units[end - start] += 1
                if start > position:
                    self.gaps[start - position] += 1
                position = end
            if position < length:
                self.gaps[length - position] += 1
            self._covered[length] += 1
        for first, second in combinations(sorted(spans), 2):
            self.shared[first, second] += len(spans[first] & spans[second])
            self.distance += _distance(units[first], units[second])
        unmarked = self.reviewers - len(spans)
        self.distance += unmarked * sum(
            (end - start) ** 2 for own in units.values() for start, end in own
        )

    def complete(self, lengths: Mapping[int, int]) -> None:
        """Add the passages nobody marked, from how many passages of each length the scope
        holds: units where every value is 0, and a gap as long as the passage for each
        reviewer who did not mark it; and expand the counts kept by sets of reviewers."""
        for (mask, length), count in self._one_each.items():
            members = _members(mask, self.reviewers)
            self.masks[mask] += count
            self._covered[length] += len(members) * count
            for reviewer in members:
                self.marked[reviewer] += count
        for mask, count in self._identical.items():
            for pair in combinations(_members(mask, self.reviewers), 2):
                self.shared[pair] += count
        self._one_each.clear()
        self._identical.clear()
        unmarked = sum(lengths.values()) - sum(self.masks.values())
        if unmarked:
            self.masks[0] += unmarked
        self.length += sum(length * count for length, count in lengths.items())
        for length, count in lengths.items():
            if self.reviewers * count > self._covered[length]:
                self.gaps[length] += self.reviewers * count - self._covered[length]
        self._covered.clear()

    def __iadd__(self, other: Tally) -> Tally:
        """Add ``other``'s counts to these: the same concept's on other passages, or once
        both are complete, another concept's (the overall line)."""
        self.masks.update(other.masks)
        self.marked = [
            mine + theirs for mine, theirs in zip(self.marked, other.marked, strict=True)
        ]
        self.shared.update(other.shared)
        self.length += other.length
        self.distance += other.distance
        self.units.update(other.units)
        self.gaps.update(other.gaps)
        self._covered.update(other._covered)
        self._one_each.update(other._one_each)
        self._identical.update(other._identical)
        return self

    def patterns(self) -> dict[tuple[int, ...], int]:
        """The masks as the coding measures' patterns: one 0 or 1 per reviewer."""
        return {
            tuple((mask >> reviewer) & 1 for reviewer in range(self.reviewers)): count
            for mask, count in self.masks.items()
        }

    def span_f1(self) -> float | None:
        """``SpanF1`` over these counts."""
        return SpanF1.from_counts(self.marked, self.shared).value()

    def unitizing_alpha(self) -> float | None:
        """``UnitizingAlpha`` over these sums."""
        return UnitizingAlpha.from_sums(
            self.reviewers, self.length, self.distance, self.units, self.gaps
        ).value()


_BY_CONCEPT = itemgetter(2, 3, 4, 5)
"""A passage's marks by concept, reviewer and span: its passage and length are the same for
all, and comparing whole tuples would compare those first, every time."""


def tally(reviewers: int, marks: Iterable[Mark]) -> dict[int, Tally]:
    """The counts of each concept (by number) marked in ``marks``, which come passage by
    passage; the passages nobody marked are left to ``Tally.complete``."""
    tallies: dict[int, Tally] = {}
    for (_, length), rows in groupby(marks, key=itemgetter(0, 1)):
        for concept, concept_rows in groupby(sorted(rows, key=_BY_CONCEPT), key=itemgetter(2)):
            found = tallies.get(concept)
            if found is None:
                found = tallies[concept] = Tally(reviewers)
            found.add(length, list(concept_rows))
    return tallies


def _members(mask: int, reviewers: int) -> list[int]:
    return [reviewer for reviewer in range(reviewers) if mask >> reviewer & 1]


def _union(spans: Iterable[Span]) -> list[Span]:
    """One reviewer's spans as units: in order, overlapping ones merged (touching ones stay
    two, as ``UnitizingAlpha`` has them)."""
    units: list[list[int]] = []
    for start, end in sorted(spans):
        if units and start < units[-1][1]:
            units[-1][1] = max(units[-1][1], end)
        else:
            units.append([start, end])
    return [(start, end) for start, end in units]


def _distance(one: Sequence[Span], other: Sequence[Span]) -> int:
    """``UnitizingAlpha``'s squared distance between two reviewers' units on one passage:
    for each pair of overlapping units, the squared differences of their starts and ends;
    for a unit that overlaps none of the other's (it lies in one of their gaps), its length
    squared."""
    total = 0
    met_other: set[int] = set()
    for start, end in one:
        met = False
        for index, (other_start, other_end) in enumerate(other):
            if start < other_end and other_start < end:
                total += (start - other_start) ** 2 + (end - other_end) ** 2
                met = True
                met_other.add(index)
        if not met:
            total += (end - start) ** 2
    total += sum(
        (end - start) ** 2 for index, (start, end) in enumerate(other) if index not in met_other
    )
    return total
