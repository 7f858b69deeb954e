"""The agreement measures reproduce published worked examples and an independent implementation.

Coding measures are checked against the examples their authors published and against NLTK's
``AnnotationTask`` (Apache-2.0, a test-only oracle) on random reliability data; the unitizing
alpha against Krippendorff's own examples and a brute-force transcription of his formula.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from itertools import combinations, pairwise, permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask

from annotator.agreement.coding import (
    Pattern,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from annotator.agreement.spans import Span, SpanF1, UnitizingAlpha

Patterns = dict[Pattern, int]
Measure = Callable[[Patterns], float | None]
CHANCE_CORRECTED: list[Measure] = [cohen_kappa, fleiss_kappa, krippendorff_alpha]
EVERY_MEASURE: list[Measure] = [percent_agreement, *CHANCE_CORRECTED]


def tally(units: Sequence[Pattern]) -> Patterns:
    """Pattern counts of reliability data given unit by unit."""
    return dict(Counter(units))


def with_counts(*rows: tuple[int, Pattern]) -> Patterns:
    """Pattern counts given as (count, pattern) rows, as papers print contingency tables."""
    counts: Counter[Pattern] = Counter()
    for count, pattern in rows:
        counts[pattern] += count
    return dict(counts)


@contextmanager
def no_warnings() -> Iterator[None]:
    """Fails the test if anything inside warns (a NaN or a division would)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- Published worked examples -------------------------------------------------------------


def test_alpha_reproduces_krippendorffs_nominal_example_with_missing_data() -> None:
    """Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: 4 observers,
    12 units, nominal values 1-5, missing values; alpha = 0.743."""
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    patterns = tally(list(zip(*observers, strict=True)))
    assert krippendorff_alpha(patterns) == pytest.approx(0.743, abs=5e-4)
    # Unit 12 has one value (not pairable); 8 of the other 11 are unanimous.
    assert percent_agreement(patterns) == pytest.approx(8 / 11)


def test_fleiss_kappa_reproduces_fleiss_1971() -> None:
    """Fleiss, "Measuring nominal scale agreement among many raters", Psychological Bulletin
    76(5), 1971, p. 379: 30 patients, 6 psychiatrists each, 5 diagnoses; kappa = 0.430."""
    patients = [
        (4, 4, 4, 4, 4, 4), (2, 2, 2, 5, 5, 5), (2, 3, 3, 3, 3, 5), (5, 5, 5, 5, 5, 5),
        (2, 2, 2, 4, 4, 4), (1, 1, 3, 3, 3, 3), (3, 3, 3, 3, 5, 5), (1, 1, 3, 3, 3, 4),
        (1, 1, 4, 4, 4, 4), (5, 5, 5, 5, 5, 5), (1, 4, 4, 4, 4, 4), (1, 2, 4, 4, 4, 4),
        (2, 2, 2, 3, 3, 3), (1, 4, 4, 4, 4, 4), (2, 2, 4, 4, 4, 5), (3, 3, 3, 3, 3, 5),
        (1, 1, 1, 4, 5, 5), (1, 1, 1, 1, 1, 2), (2, 2, 4, 4, 4, 4), (1, 3, 3, 5, 5, 5),
        (5, 5, 5, 5, 5, 5), (2, 4, 4, 4, 4, 4), (2, 2, 4, 5, 5, 5), (1, 1, 4, 4, 4, 4),
        (1, 4, 4, 4, 4, 5), (2, 2, 2, 2, 2, 4), (1, 1, 1, 1, 5, 5), (2, 2, 4, 4, 4, 4),
        (1, 3, 3, 3, 3, 3), (5, 5, 5, 5, 5, 5),
    ]  # fmt: skip
    assert fleiss_kappa(tally(patients)) == pytest.approx(0.430, abs=5e-4)


def test_fleiss_kappa_reproduces_the_wikipedia_worked_example() -> None:
    """Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories, given
    as how many raters put each subject in each category; kappa = 0.210."""
    table = [
        (0, 0, 0, 0, 14), (0, 2, 6, 4, 2), (0, 0, 3, 5, 6), (0, 3, 9, 2, 0), (2, 2, 8, 1, 1),
        (7, 7, 0, 0, 0), (3, 2, 6, 3, 0), (2, 5, 3, 2, 2), (6, 5, 2, 1, 0), (0, 2, 2, 3, 7),
    ]  # fmt: skip
    subjects = [
        tuple(category for category, raters in enumerate(row) for _ in range(raters))
        for row in table
    ]
    assert fleiss_kappa(tally(subjects)) == pytest.approx(0.210, abs=5e-4)


def test_cohen_kappa_reproduces_cohen_1960() -> None:
    """Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
    Measurement 20(1), 1960, p. 45: 200 units, 3 categories; p_o = 0.70, p_c = 0.41,
    kappa = 0.492."""
    patterns = with_counts(
        (88, (1, 1)), (14, (1, 2)), (18, (1, 3)),
        (10, (2, 1)), (40, (2, 2)), (10, (2, 3)),
        (2, (3, 1)), (6, (3, 2)), (12, (3, 3)),
    )  # fmt: skip
    assert cohen_kappa(patterns) == pytest.approx(0.492, abs=5e-4)
    assert percent_agreement(patterns) == pytest.approx(0.70)


def test_binary_measures_reproduce_krippendorffs_digitized_unitizations() -> None:
    """Krippendorff, "On the reliability of unitizing continuous data", Sociological Methodology
    25, 1995, p. 57: two coders' unitizations read as 24 binary units (inside a unit or not).
    Bertha and Bill: Cohen's kappa 0.385, pi (Fleiss' kappa for two) 0.314, alpha 0.329;
    Gerret and Gill: kappa = pi = 0.314. Heather and Hill put every unit inside: kappa and pi
    are undefined."""
    bertha_bill = with_counts((10, (0, 0)), (8, (1, 0)), (6, (1, 1)))
    assert cohen_kappa(bertha_bill) == pytest.approx(0.385, abs=5e-4)
    assert fleiss_kappa(bertha_bill) == pytest.approx(0.314, abs=5e-4)
    assert krippendorff_alpha(bertha_bill) == pytest.approx(0.329, abs=5e-4)
    gerret_gill = with_counts((4, (0, 1)), (4, (1, 0)), (10, (1, 1)), (6, (0, 0)))
    assert cohen_kappa(gerret_gill) == pytest.approx(0.314, abs=5e-4)
    assert fleiss_kappa(gerret_gill) == pytest.approx(0.314, abs=5e-4)
    heather_hill = with_counts((24, (1, 1)))
    assert cohen_kappa(heather_hill) is None
    assert fleiss_kappa(heather_hill) is None


def test_unitizing_alpha_reproduces_krippendorffs_2004_example() -> None:
    """Krippendorff, "Content Analysis", 2nd ed., 2004, p. 254: a continuum from 150 to 450,
    two coders, category c; alpha_c = 0.7286 (uD_o = 0.0144, uD_e = 0.0532). The coders' units
    of the other category k are gaps for c."""
    alpha = UnitizingAlpha(2)
    begin = 150
    first = [(225, 295), (370, 400)]
    second = [(220, 300), (355, 375), (400, 420)]
    alpha.add(300, [shift(first, -begin), shift(second, -begin)])
    assert alpha.value() == pytest.approx(0.7286, abs=5e-5)


@pytest.mark.parametrize(
    ("pair", "published"),
    [("A", 0.553), ("B", -0.926), ("C", 0.679), ("D", 0.066)],
)
def test_unitizing_alpha_reproduces_krippendorffs_1995_examples(
    pair: str, published: float
) -> None:
    """Krippendorff 1995 (Sociological Methodology 25), p. 57: four pairs of coders unitize a
    continuum of 24; alpha_u = 0.553, -0.926, 0.679, 0.066. Pairs B and D have units that touch
    without a gap, which stay distinct units. The paper treats lengths as continuous, so the
    continuum is read here at a fine resolution (each tick 50,000 characters); the figures then
    agree within the rounding of its expected disagreement, the tolerance DKPro Agreement's test
    of this example allows too (the 2004 book corrects a term of the 1995 formula)."""
    units = {
        "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
        "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
        "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
        "D": (
            [(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
            [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)],
        ),
    }[pair]
    tick = 50_000
    alpha = UnitizingAlpha(2)
    alpha.add(
        24 * tick,
        [[(begin * tick, (begin + length) * tick) for begin, length in coder] for coder in units],
    )
    assert alpha.value() == pytest.approx(published, abs=0.02)


def test_unitizing_alpha_of_a_small_case_computed_by_hand() -> None:
    """A passage of 10; A marks [2, 6), B marks [2, 5).
    Observed: the units overlap, d2 = 0^2 + 1^2 = 1; uD_o = 2 * 1 / (2 * 1 * 10^2) = 1/100.
    Expected: units of 4 and 3 (N = 2), gaps 2, 4 (A) and 2, 5 (B).
      l = 4: (2 - 1) (128 - 48 + 4) / 3 = 28, plus 16 * ((4-4+1) + (5-4+1)) = 48 -> 76
      l = 3: (2 - 1) (54 - 27 + 3) / 3 = 10, plus 9 * ((4-3+1) + (5-3+1)) = 45 -> 55
      uD_e = 2/10 * 131 / (20 * 19 - (4*3 + 3*2)) = 26.2 / 362
    alpha_u = 1 - (1/100) * 362 / 26.2 = 1129/1310."""
    alpha = UnitizingAlpha(2)
    alpha.add(10, [[(2, 6)], [(2, 5)]])
    assert alpha.value() == pytest.approx(1129 / 1310, rel=1e-12)


def shift(spans: Sequence[Span], by: int) -> list[Span]:
    """Spans moved by ``by`` characters."""
    return [(start + by, end + by) for start, end in spans]


# --- Undefined cases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "patterns",
    [
        pytest.param({(0, 0): 500}, id="everyone-always-0"),
        pytest.param({(1, 1, 1): 12}, id="everyone-always-1"),
        pytest.param({(1, 1): 1}, id="a-single-unit"),
        pytest.param({}, id="no-units"),
        pytest.param({(0, 1): 0, (1, 1): 0}, id="only-empty-counts"),
        pytest.param({(0,): 3, (1,): 4}, id="one-reviewer"),
        pytest.param({(0, None): 3, (None, 1): 4}, id="no-unit-coded-twice"),
    ],
)
def test_chance_corrected_measures_are_none_when_undefined(patterns: Patterns) -> None:
    with no_warnings():
        assert [measure(patterns) for measure in CHANCE_CORRECTED] == [None, None, None]


def test_percent_agreement_is_none_only_without_a_unit_coded_twice() -> None:
    with no_warnings():
        assert percent_agreement({(0, 0): 500}) == 1.0
        assert percent_agreement({}) is None
        assert percent_agreement({(0,): 3, (1,): 4}) is None
        assert percent_agreement({(0, None): 3, (None, 1): 4}) is None


def test_cohen_kappa_averages_only_the_pairs_it_can_measure() -> None:
    """A and B disagree on one unit of four; C coded other units only: pairs with C are
    undefined and left out of the mean rather than counted as 0."""
    patterns = with_counts(
        (2, (1, 1, None)), (1, (0, 1, None)), (1, (0, 0, None)), (3, (None, None, 1))
    )
    alone = with_counts((2, (1, 1)), (1, (0, 1)), (1, (0, 0)))
    assert cohen_kappa(patterns) == cohen_kappa(alone) == pytest.approx(0.5)


def test_counts_of_a_million_units_are_taken_as_counts() -> None:
    """Kappas and percent agreement depend on proportions only: scaling every count by a
    million leaves them unchanged. Alpha's small-sample correction fades. A billion units
    expanded one by one would never finish: the counts are taken as counts."""
    small: Patterns = {(1, 1): 40, (1, 0): 5, (0, 1): 3, (0, 0): 952}
    large: Patterns = {pattern: count * 10**6 for pattern, count in small.items()}
    for measure in (percent_agreement, cohen_kappa, fleiss_kappa):
        assert measure(large) == pytest.approx(measure(small), rel=1e-12)
    alpha = krippendorff_alpha(large)
    assert alpha is not None
    assert alpha == pytest.approx(krippendorff_alpha(small), abs=1e-3)


def test_span_measures_are_none_when_nobody_marked_a_span() -> None:
    f1, alpha = SpanF1(2), UnitizingAlpha(2)
    for length in (40, 0, 12):
        f1.add([[], []])
        alpha.add(length, [[], []])
    with no_warnings():
        assert f1.value() is None
        assert alpha.value() is None
        assert SpanF1(3).value() is None
        assert UnitizingAlpha(3).value() is None


def test_span_measures_with_one_reviewer() -> None:
    """One reviewer's spans have nobody to agree with: F1 has no pair, alpha-u is undefined."""
    f1, alpha = SpanF1(1), UnitizingAlpha(1)
    f1.add([[(0, 4)]])
    alpha.add(10, [[(0, 4)]])
    assert f1.value() is None
    assert alpha.value() is None


def test_unitizing_alpha_is_none_when_chance_cannot_disagree() -> None:
    """Every character marked as its own one-character unit by both: no gap and no unit long
    enough to be misplaced, so expected disagreement is 0."""
    alpha = UnitizingAlpha(2)
    each_character = [(i, i + 1) for i in range(5)]
    alpha.add(5, [each_character, each_character])
    with no_warnings():
        assert alpha.value() is None


# --- Span measures: behaviour ---------------------------------------------------------------


def test_span_f1_counts_exact_matches_only() -> None:
    """A and B share one of two spans each (the other is off by one character): F1 = 0.5.
    Marking the same span twice counts once."""
    f1 = SpanF1(2)
    f1.add([[(0, 5), (10, 20), (0, 5)], [(0, 5), (10, 19)]])
    f1.add([[], []])
    assert f1.value() == 0.5


def test_span_f1_is_micro_averaged_over_passages_and_a_mean_over_pairs() -> None:
    """Pairs: A-B share 2 of 3 + 2 spans (F1 0.8), A-C share 1 of 3 + 1 (0.5), B-C share 1 of
    2 + 1 (2/3); the value is the mean, 59/90."""
    f1 = SpanF1(3)
    f1.add([[(0, 4), (5, 9)], [(0, 4)], [(0, 4)]])
    f1.add([[(1, 3)], [(1, 3)], []])
    assert f1.value() == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)


def test_unitizing_alpha_is_one_when_reviewers_cut_alike() -> None:
    """Identical unitizations agree perfectly, whoever marks and however spans overlap: two
    overlapping tags of one reviewer count as their union."""
    alpha = UnitizingAlpha(3)
    alpha.add(30, [[(3, 9), (20, 25)], [(3, 9), (20, 25)], [(3, 7), (5, 9), (20, 25)]])
    alpha.add(15, [[], [], []])
    alpha.add(8, [[(0, 8)], [(0, 8)], [(0, 8)]])
    assert alpha.value() == 1.0


def test_unitizing_alpha_keeps_touching_spans_apart() -> None:
    """Two tags that touch are two units, as in Krippendorff's examples: cutting [0, 8) in two
    is a disagreement with marking it whole."""
    alpha = UnitizingAlpha(2)
    alpha.add(20, [[(0, 4), (4, 8)], [(0, 8)]])
    value = alpha.value()
    assert value is not None
    assert value < 1


def test_unitizing_alpha_clips_spans_to_their_passage() -> None:
    clipped, given_ = UnitizingAlpha(2), UnitizingAlpha(2)
    clipped.add(10, [[(5, 10)], [(4, 10), (12, 12)]])
    given_.add(10, [[(5, 50)], [(-3, 0), (4, 10)]])
    assert given_.value() == clipped.value()


def test_unitizing_alpha_credits_near_misses_that_span_f1_does_not() -> None:
    """Off by one character at each end: no exact match, yet alpha-u is about 0.85."""
    f1, alpha = SpanF1(2), UnitizingAlpha(2)
    for _ in range(10):
        f1.add([[(2, 8)], [(3, 7)]])
        alpha.add(10, [[(2, 8)], [(3, 7)]])
    assert f1.value() == 0.0
    assert alpha.value() == pytest.approx(0.85, abs=1e-3)


# --- Against an independent implementation --------------------------------------------------


def reliability_data() -> st.SearchStrategy[Patterns]:
    """Random pattern counts: 2-4 reviewers, values 0-2 (mostly 0 and 1) or missing, counts 1-4."""
    values = st.sampled_from([0, 0, 1, 1, 2, None])
    return st.integers(2, 4).flatmap(
        lambda reviewers: st.dictionaries(
            st.tuples(*[values] * reviewers), st.integers(1, 4), min_size=1, max_size=8
        )
    )


@settings(max_examples=120)
@given(reliability_data())
def test_coding_measures_match_nltk(patterns: Patterns) -> None:
    """On random data, unit by unit: alpha as NLTK's ``alpha``; Fleiss' kappa as NLTK's ``pi``
    (Scott's pi for many coders, Siegel and Castellan's K) over the units all coded; Cohen's
    kappa as the mean of NLTK's pairwise kappas over the units each pair coded; percent
    agreement by counting. Where a measure is undefined (NLTK answers 1 or raises) it is None.
    Reordering the reviewers changes nothing."""
    units = [pattern for pattern, count in patterns.items() for _ in range(count)]
    with no_warnings():
        assert_close(krippendorff_alpha(patterns), nltk_alpha(units))
        assert_close(fleiss_kappa(patterns), nltk_fleiss(units))
        assert_close(cohen_kappa(patterns), nltk_mean_kappa(units))
        assert percent_agreement(patterns) == counted_agreement(units)
        reordered = {pattern[::-1]: count for pattern, count in patterns.items()}
        for measure in EVERY_MEASURE:
            assert_close(measure(reordered), measure(patterns))


def assert_close(value: float | None, expected: float | None) -> None:
    """Both undefined, or both plain floats within rounding."""
    if expected is None:
        assert value is None
    else:
        assert type(value) is float
        assert value == pytest.approx(expected, abs=1e-9)


def task(units: Sequence[Pattern], coders: Sequence[int]) -> AnnotationTask:
    """An NLTK annotation task of the given coders' values (missing values left out)."""
    return AnnotationTask(
        [(coder, item, unit[coder]) for item, unit in enumerate(units) for coder in coders
         if unit[coder] is not None]
    )  # fmt: skip


def nltk_alpha(units: list[Pattern]) -> float | None:
    pairable = {v for unit in units if sum(v is not None for v in unit) >= 2 for v in unit}
    if len(pairable - {None}) < 2:
        return None
    return float(task(units, range(len(units[0]))).alpha())


def nltk_fleiss(units: list[Pattern]) -> float | None:
    complete = [unit for unit in units if None not in unit]
    if len({value for unit in complete for value in unit}) < 2:
        return None
    return float(task(complete, range(len(units[0]))).pi())


def nltk_mean_kappa(units: list[Pattern]) -> float | None:
    pairwise = []
    for first, second in combinations(range(len(units[0])), 2):
        both = [unit for unit in units if unit[first] is not None and unit[second] is not None]
        pair = task(both, (first, second))
        if both and not math.isclose(pair.Ae_kappa(first, second), 1.0):
            pairwise.append(pair.kappa_pairwise(first, second))
    return sum(pairwise) / len(pairwise) if pairwise else None


def counted_agreement(units: list[Pattern]) -> float | None:
    coded = [values for unit in units if len(values := [v for v in unit if v is not None]) >= 2]
    return sum(len(set(values)) == 1 for values in coded) / len(coded) if coded else None


Section = tuple[int, list[list[Span]]]  # a passage's length, then each reviewer's spans


@st.composite
def unitizations(draw: st.DrawFn) -> tuple[int, list[Section]]:
    """2-4 reviewers' spans over 1-4 passages of up to 30 characters."""
    reviewers = draw(st.integers(2, 4))
    sections = []
    for length in draw(st.lists(st.integers(0, 30), min_size=1, max_size=4)):
        ends = st.integers(0, length)
        spans = st.lists(st.tuples(ends, ends).map(lambda ab: (min(ab), max(ab))), max_size=3)
        sections.append((length, [draw(spans) for _ in range(reviewers)]))
    return reviewers, sections


@settings(max_examples=120)
@given(unitizations())
def test_span_measures_match_their_definitions(data: tuple[int, list[Section]]) -> None:
    """On random spans over several passages: alpha-u as Krippendorff's formula transcribed term
    by term (``brute_force_alpha_u``), span F1 as the pairwise F1 of sets of
    (passage, start, end), both accumulated passage by passage."""
    reviewers, sections = data
    alpha, f1 = UnitizingAlpha(reviewers), SpanF1(reviewers)
    marked: list[set[tuple[int, int, int]]] = [set() for _ in range(reviewers)]
    for passage, (length, spans) in enumerate(sections):
        alpha.add(length, spans)
        f1.add(spans)
        for reviewer, own in enumerate(spans):
            marked[reviewer] |= {(passage, start, end) for start, end in own}
    expected = brute_force_alpha_u(reviewers, sections)
    scores = [2 * len(a & b) / (len(a) + len(b)) for a, b in combinations(marked, 2) if a or b]
    with no_warnings():
        assert_close(alpha.value(), None if expected is None else float(expected))
        assert_close(f1.value(), sum(scores) / len(scores) if scores else None)


def brute_force_alpha_u(reviewers: int, sections: list[Section]) -> Fraction | None:
    """Krippendorff's alpha-u transcribed from the 2004 formula, without any shortcut.

    The passages are laid end to end on one continuum; each reviewer's segments are
    (begin b, length l, w) with w = 1 for a unit and 0 for a gap; gaps end where passages end.
    Every pair of segments of every ordered pair of reviewers is visited, and every unit against
    every gap of every reviewer, with exact fractions.
    """
    segments: list[list[tuple[int, int, int]]] = [[] for _ in range(reviewers)]
    offset = 0
    for length, spans in sections:
        for reviewer, own in enumerate(spans):
            segments[reviewer] += [(offset + b, size, w) for b, size, w in cut(length, own)]
        offset += length
    total = offset
    if total == 0:
        return None

    def d2(i: tuple[int, int, int], j: tuple[int, int, int]) -> int:
        (bi, li, wi), (bj, lj, wj) = i, j
        if wi and wj and -li < bi - bj < lj:
            return (bi - bj) ** 2 + (bi + li - bj - lj) ** 2
        if wi and not wj and lj - li >= bi - bj >= 0:
            return li**2
        if wj and not wi and li - lj >= bj - bi >= 0:
            return lj**2
        return 0

    observed = Fraction(
        sum(d2(g, h) for i, j in permutations(range(reviewers), 2)
            for g in segments[i] for h in segments[j]),
        reviewers * (reviewers - 1) * total**2,
    )  # fmt: skip
    units = [size for own in segments for _, size, w in own if w]
    gaps = [size for own in segments for _, size, w in own if not w]
    numerator = sum(
        Fraction((len(units) - 1) * (2 * u**3 - 3 * u**2 + u), 3)
        + u**2 * sum(g - u + 1 for g in gaps if g >= u)
        for u in units
    )
    denominator = reviewers * total * (reviewers * total - 1) - sum(u * (u - 1) for u in units)
    expected = Fraction(2, total) * numerator / denominator
    return None if expected == 0 else 1 - observed / expected


def cut(length: int, spans: list[Span]) -> list[tuple[int, int, int]]:
    """A reviewer's (begin, length, w) segments of one passage: overlapping spans united until
    none overlap, then the gaps between; spans that only touch stay apart."""
    units = {span for span in spans if span[0] < span[1]}
    merged = True
    while merged:
        merged = False
        for a, b in combinations(sorted(units), 2):
            if a[0] < b[1] and b[0] < a[1]:
                units -= {a, b}
                units.add((min(a[0], b[0]), max(a[1], b[1])))
                merged = True
                break
    boundaries = sorted({0, length} | {p for span in units for p in span})
    return [(start, end - start, int((start, end) in units)) for start, end in pairwise(boundaries)]
