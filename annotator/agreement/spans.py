"""Span agreement: do reviewers mark the same stretches of text with a concept?

Both measures accumulate passage by passage: the store streams passages and calls ``add`` for
each, and what is kept between calls does not grow with the corpus (a few integers per pair of
reviewers, and for alpha-u how many units and gaps there are of each length, bounded by the
longest passage). All sums are exact integers; ``value`` rounds to a float once. A measure the
data leave undefined is None: never NaN, never an exception.

A span is ``(start, end)``: character offsets into the passage text, end excluded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import combinations

Span = tuple[int, int]


class SpanF1:
    """Pairwise exact-match F1 of spans (same passage, same start and end) of one concept; with
    more than two reviewers the mean over pairs.

    For reviewers A and B, with S_A and S_B the sets of (passage, start, end) each marked over
    the whole corpus, F1 = 2 |S_A & S_B| / (|S_A| + |S_B|): the F-score of either against the
    other, micro-averaged over passages. A span off by one character counts as a miss for both;
    alpha-u (``UnitizingAlpha``) is the measure that credits near misses. One reviewer marking
    the same span twice counts it once. A pair's F1 is undefined when neither marked a span; the
    value is the mean over defined pairs, None when no reviewer marked any span.
    """

    def __init__(self, reviewers: int) -> None:
        self._reviewers = reviewers
        self._marked = [0] * reviewers
        self._shared: Counter[tuple[int, int]] = Counter()

    @classmethod
    def from_counts(cls, marked: Sequence[int], shared: Mapping[tuple[int, int], int]) -> SpanF1:
        """The measure over counts gathered elsewhere (``agreement.tally`` counts every
        concept in one pass): each reviewer's spans, and the spans each pair shares."""
        measure = cls(len(marked))
        measure._marked = list(marked)
        measure._shared = Counter(shared)
        return measure

    def add(self, spans: Sequence[Iterable[Span]]) -> None:
        """Count one passage: ``spans[i]`` are reviewer i's spans of the concept there."""
        marked = [set(own) for own in _per_reviewer(spans, self._reviewers)]
        for reviewer, own in enumerate(marked):
            self._marked[reviewer] += len(own)
        for (first, one), (second, other) in combinations(enumerate(marked), 2):
            self._shared[first, second] += len(one & other)

    def value(self) -> float | None:
        """The mean pairwise F1 so far, or None when no reviewer marked any span."""
        scores = [
            2 * self._shared[first, second] / (self._marked[first] + self._marked[second])
            for first, second in combinations(range(self._reviewers), 2)
            if self._marked[first] + self._marked[second]
        ]
        return sum(scores) / len(scores) if scores else None


class UnitizingAlpha:
    """Krippendorff's alpha-u (unitizing, binary: inside a span of the concept or not) over
    character offsets; each passage is a section of the continuum, of its length.

    Each reviewer cuts every passage into *units* (the stretches inside their spans of the
    concept; overlapping spans of one reviewer are merged into their union, spans that only touch
    stay two units, as Krippendorff's own examples have them) and *gaps* (the stretches between).
    alpha-u = 1 - uD_o / uD_e (Krippendorff, "Content Analysis: An Introduction to Its
    Methodology", 2nd ed., 2004, chapter 11, worked example p. 254, which corrects the expected
    disagreement of "On the reliability of unitizing continuous data", Sociological Methodology
    25, 1995; the unitizing alpha of DKPro Agreement, which INCEpTION reports):

    - Observed disagreement: over every pair of reviewers and every unit or gap of one that
      overlaps a unit or gap of the other, the squared distance d2 is (b1 - b2)^2 + (e1 - e2)^2
      for two overlapping units (begins and ends), l^2 for a unit of length l lying wholly inside
      the other's gap, 0 otherwise; uD_o = sum over ordered pairs of reviewers of d2 /
      (m (m - 1) L^2), with m reviewers and L the length of the continuum.
    - Expected disagreement, over every unit (length l) of every reviewer, with N units in all:
      uD_e = 2 / L * sum [ (N - 1) (2 l^3 - 3 l^2 + l) / 3
      + l^2 * sum over the gaps of length g >= l of every reviewer of (g - l + 1) ]
      / (m L (m L - 1) - sum over units of l (l - 1)).

    Passages are sections of one continuum: L adds up their lengths, and a gap ends where its
    passage ends (a span never crosses a passage, so chance places units within passages too).
    Spans are clipped to their passage; empty ones are dropped.

    None with fewer than two reviewers or when uD_e is 0: nobody marked any span, or every
    reviewer's units are one character long with no gap anywhere.
    """

    def __init__(self, reviewers: int) -> None:
        self._reviewers = reviewers
        self._length = 0  # L
        self._distance = 0  # sum over unordered pairs of reviewers of d2
        self._units: Counter[int] = Counter()  # unit length -> how many, all reviewers
        self._gaps: Counter[int] = Counter()  # gap length -> how many, all reviewers

    @classmethod
    def from_sums(
        cls,
        reviewers: int,
        length: int,
        distance: int,
        units: Mapping[int, int],
        gaps: Mapping[int, int],
    ) -> UnitizingAlpha:
        """The measure over sums gathered elsewhere (``agreement.tally``): the continuum's
        length, the pairs' summed distance, and how many units and gaps of each length."""
        measure = cls(reviewers)
        measure._length, measure._distance = length, distance
        measure._units, measure._gaps = Counter(units), Counter(gaps)
        return measure

    def add(self, length: int, spans: Sequence[Iterable[Span]]) -> None:
        """Count one passage of ``length`` characters: ``spans[i]`` are reviewer i's spans."""
        marked = [list(own) for own in _per_reviewer(spans, self._reviewers)]
        if length <= 0:
            return
        self._length += length
        if not any(marked):  # the common case: one whole-passage gap per reviewer
            self._gaps[length] += self._reviewers
            return
        cuts = [_units(length, own) if own else [] for own in marked]
        for units in cuts:
            position = 0
            for start, end in units:
                self._units[end - start] += 1
                if position < start:
                    self._gaps[start - position] += 1
                position = end
            if position < length:
                self._gaps[length - position] += 1
        squares = [_squares(units) for units in cuts]
        for (first, one), (second, other) in combinations(enumerate(cuts), 2):
            if one and other:
                self._distance += _distance(one, other)
            else:  # at most one of them marked units here, each inside the other's blank passage
                self._distance += squares[first] + squares[second]

    def value(self) -> float | None:
        """alpha-u so far, or None when it is undefined."""
        expected = self._expected()
        if self._reviewers < 2 or expected == 0:
            return None
        reviewers, length = self._reviewers, self._length
        squares = sum(n * unit * (unit - 1) for unit, n in self._units.items())
        # uD_o / uD_e with the ordered-pair sum twice the unordered one:
        # distance (m L (m L - 1) - squares) / (m (m - 1) L expected)
        ratio = Fraction(
            self._distance * (reviewers * length * (reviewers * length - 1) - squares),
            reviewers * (reviewers - 1) * length * expected,
        )
        return float(1 - ratio)

    def _expected(self) -> int:
        """The sum in uD_e's numerator, an integer (2 l^3 - 3 l^2 + l is a multiple of 6).

        For each unit length l, the gaps of length g >= l contribute count * (g + 1) - l * count;
        walking unit and gap lengths from the longest down keeps both running sums in one pass.
        """
        units = sum(self._units.values())
        gaps = sorted(self._gaps.items(), reverse=True)
        total = 0
        fitting = fitting_room = 0  # gaps of length >= l: how many, and the sum of g + 1
        index = 0
        for unit, n in sorted(self._units.items(), reverse=True):
            while index < len(gaps) and gaps[index][0] >= unit:
                gap, count = gaps[index]
                fitting += count
                fitting_room += count * (gap + 1)
                index += 1
            total += n * (units - 1) * unit * (unit - 1) * (2 * unit - 1) // 3
            total += n * unit * unit * (fitting_room - unit * fitting)
        return total


def _per_reviewer(spans: Sequence[Iterable[Span]], reviewers: int) -> Sequence[Iterable[Span]]:
    """The spans, checked to hold one collection per reviewer (else a caller's bug, raised)."""
    if len(spans) != reviewers:
        raise ValueError(f"spans for {len(spans)} reviewers, expected {reviewers}")
    return spans


def _units(length: int, spans: Iterable[Span]) -> list[Span]:
    """One reviewer's units in a passage, in order: the spans clipped to ``[0, length)``, empty
    ones dropped, overlapping ones united. The gaps are the stretches between."""
    units: list[Span] = []
    for start, end in sorted((max(start, 0), min(end, length)) for start, end in spans):
        if start >= end:
            continue
        if units and start < units[-1][1]:  # overlaps the previous unit: their union
            units[-1] = (units[-1][0], max(units[-1][1], end))
        else:
            units.append((start, end))
    return units


def _distance(one: list[Span], other: list[Span]) -> int:
    """The sum of d2 between two reviewers' cuts of one passage, from their units alone.

    Two overlapping units add (b1 - b2)^2 + (e1 - e2)^2. A unit that overlaps none of the
    other's lies wholly inside one of the other's gaps (gaps are the maximal stretches between
    units) and adds l^2; a unit that overlaps one of the other's units lies inside no gap of
    theirs. Every other pair of segments adds 0, so the gaps need not be visited. Both lists
    are sorted and free of overlaps, so a sweep that steps past whichever unit ends first
    meets every overlapping pair once.
    """
    total = first = second = 0
    lone_one, lone_other = [True] * len(one), [True] * len(other)
    while first < len(one) and second < len(other):
        (start, end), (other_start, other_end) = one[first], other[second]
        if start < other_end and other_start < end:
            total += (start - other_start) ** 2 + (end - other_end) ** 2
            lone_one[first] = lone_other[second] = False
        if end <= other_end:
            first += 1
        else:
            second += 1
    lone = [unit for unit, alone in zip(one, lone_one, strict=True) if alone]
    lone += [unit for unit, alone in zip(other, lone_other, strict=True) if alone]
    return total + _squares(lone)


def _squares(units: Iterable[Span]) -> int:
    """The sum of l^2 over the units: their d2 against a reviewer who marked none there."""
    return sum((end - start) ** 2 for start, end in units)
