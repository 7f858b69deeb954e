"""Coding agreement: do reviewers give each unit the same value?

The reliability data come as *pattern counts*: a pattern holds one value per reviewer, in a fixed
reviewer order (None where that reviewer did not code the unit), and its count says how many
units show it. For a binary concept and two reviewers, ``{(1, 1): 40, (1, 0): 5, (0, 1): 3,
(0, 0): 952}``. There are at most a few hundred patterns however many units there are, so each
measure runs over the patterns and never expands them into units: a count may be a million.

Every measure is computed in exact integer or rational arithmetic and rounded to a float once, at
the end, so "chance agreement is exactly 1" is detected exactly rather than as a float close to 1.
A measure the data leave undefined returns None: never NaN, never an exception. Patterns with a
count of zero or less are ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from fractions import Fraction
from itertools import combinations
from typing import TypeAlias, TypeVar

Value: TypeAlias = Hashable
"""A nominal value a reviewer gave a unit (for a concept: 1 tagged, 0 not)."""

Pattern: TypeAlias = tuple[Value | None, ...]
"""One value per reviewer, in a fixed reviewer order; None where that reviewer did not code."""

P = TypeVar("P", bound=Pattern)
"""Any kind of pattern: a ``Counter[tuple[int, ...]]`` is as welcome as a ``dict[Pattern, int]``
(a Mapping's keys are invariant, so ``Mapping[Pattern, int]`` alone would refuse it)."""


def percent_agreement(patterns: Mapping[P, int]) -> float | None:
    """The share of units on which every reviewer who coded the unit gave the same value.

    Only units coded by at least two reviewers count. Not chance-corrected: on a rare concept
    two reviewers who never tag it agree on nearly every unit. None when no unit was coded by
    two reviewers (no units, or a single reviewer).
    """
    units = agreeing = 0
    for values, count in _coded(patterns):
        if len(values) >= 2:
            units += count
            agreeing += count if len(set(values)) == 1 else 0
    return agreeing / units if units else None


def cohen_kappa(patterns: Mapping[P, int]) -> float | None:
    """Cohen's kappa for two reviewers; with more, the mean of the pairwise kappas.

    For a pair of reviewers, over the units both coded: kappa = (p_o - p_e) / (1 - p_e), where
    p_o is the share of those units on which the two gave the same value and p_e the agreement
    expected by chance from each reviewer's own distribution of values, sum over values v of
    p_A(v) * p_B(v) (Cohen, "A coefficient of agreement for nominal scales", Educational and
    Psychological Measurement 20(1), 1960). With more than two reviewers, the arithmetic mean of
    the pairwise kappas that are defined, as NLTK's ``AnnotationTask.kappa`` and INCEpTION do.

    A pair's kappa is undefined when the two share no unit or when p_e is 1 (both gave one and
    the same value to every unit); None when no pair is defined.
    """
    kappas = [
        kappa
        for first, second in combinations(range(_reviewers(patterns)), 2)
        if (kappa := _pair_kappa(patterns, first, second)) is not None
    ]
    return sum(kappas) / len(kappas) if kappas else None


def fleiss_kappa(patterns: Mapping[P, int]) -> float | None:
    """Fleiss' kappa over the units every reviewer coded (units with a missing value left out).

    kappa = (P - P_e) / (1 - P_e), where P is the mean over units of the share of agreeing
    ordered pairs of reviewers on the unit, and P_e = sum over values v of p_v squared, p_v being
    the share of all ratings that gave v (Fleiss, "Measuring nominal scale agreement among many
    raters", Psychological Bulletin 76(5), 1971). It generalises Scott's pi: chance is judged
    from the pooled distribution of values, not from each reviewer's own as in Cohen's kappa.

    None with fewer than two reviewers, when no unit was coded by all of them, or when P_e is 1
    (every rating gave the same value).
    """
    reviewers = _reviewers(patterns)
    if reviewers < 2:
        return None
    units = agreeing_pairs = 0
    ratings: Counter[Value] = Counter()
    for values, count in _coded(patterns):
        if len(values) < reviewers:
            continue
        per_value = Counter(values)
        units += count
        agreeing_pairs += count * sum(n * (n - 1) for n in per_value.values())
        ratings.update({value: count * n for value, n in per_value.items()})
    # With U units, m reviewers, T = U * m ratings, A agreeing ordered pairs and S = sum of the
    # squared value totals: P = A / (U m (m - 1)) and P_e = S / T^2, so that
    # kappa = (A U m - S (m - 1)) / ((m - 1) (T^2 - S)), in integers.
    total = units * reviewers
    chance = sum(n * n for n in ratings.values())
    if total * total == chance:
        return None
    return (agreeing_pairs * units * reviewers - chance * (reviewers - 1)) / (
        (reviewers - 1) * (total * total - chance)
    )


def krippendorff_alpha(patterns: Mapping[P, int]) -> float | None:
    """Krippendorff's alpha for nominal values, missing values allowed.

    alpha = 1 - D_o / D_e from the coincidence matrix: each unit coded by m_u >= 2 reviewers
    adds, for every ordered pair of its values (c, k) taken from different reviewers,
    1 / (m_u - 1) to o_ck; units coded by one reviewer are not pairable and are left out. With
    n_c = sum_k o_ck and n = sum_c n_c, D_o = sum_{c != k} o_ck / n and
    D_e = sum_{c != k} n_c n_k / (n (n - 1)) (Krippendorff, "Computing Krippendorff's
    Alpha-Reliability", 2011, section C; "Content Analysis", 2004, chapter 11).

    None when there are no pairable values or D_e is 0 (every pairable value is the same one).
    """
    pairable = 0
    disagreeing = Fraction(0)
    values_total: Counter[Value] = Counter()
    for values, count in _coded(patterns):
        coders = len(values)
        if coders < 2:
            continue
        per_value = Counter(values)
        pairable += count * coders
        # sum_{c != k} of this unit's coincidences: ordered pairs of differing values over m_u - 1.
        differing_pairs = coders * coders - sum(n * n for n in per_value.values())
        disagreeing += Fraction(count * differing_pairs, coders - 1)
        values_total.update({value: count * n for value, n in per_value.items()})
    # D_o / D_e = (n - 1) sum_{c != k} o_ck / (n^2 - sum_c n_c^2)
    expected = pairable * pairable - sum(n * n for n in values_total.values())
    if expected == 0:
        return None
    return float(1 - (pairable - 1) * disagreeing / expected)


def _pair_kappa(patterns: Mapping[P, int], first: int, second: int) -> float | None:
    """Cohen's kappa of two reviewers (by position) over the units both coded, or None."""
    agreeing = units = 0
    by_first: Counter[Value] = Counter()
    by_second: Counter[Value] = Counter()
    for pattern, count in patterns.items():
        one, other = pattern[first], pattern[second]
        if count <= 0 or one is None or other is None:
            continue
        units += count
        agreeing += count if one == other else 0
        by_first[one] += count
        by_second[other] += count
    # With n units, a agreeing and c = n^2 p_e: kappa = (n a - c) / (n^2 - c).
    chance = sum(n * by_second[value] for value, n in by_first.items())
    if units * units == chance:
        return None
    return (units * agreeing - chance) / (units * units - chance)


def _coded(patterns: Mapping[P, int]) -> Iterator[tuple[list[Value], int]]:
    """Each pattern's values (missing ones dropped) with its count; empty counts skipped."""
    for pattern, count in patterns.items():
        if count > 0:
            yield [value for value in pattern if value is not None], count


def _reviewers(patterns: Mapping[P, int]) -> int:
    """How many reviewers the patterns hold a value for (0 without patterns).

    Patterns of different lengths cannot come from one reviewer order: a caller's bug, raised.
    """
    widths = {len(pattern) for pattern in patterns}
    if len(widths) > 1:
        raise ValueError(f"patterns of different lengths: {sorted(widths)}")
    return widths.pop() if widths else 0
