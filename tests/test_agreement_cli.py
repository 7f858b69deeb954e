"""`annotator agreement`: figures a person can check by hand on a tiny corpus, the options,
the refusals, the readable tables, and what does not count (orphans, superseded versions).

The corpus: document A of four passages and document B of two, every passage ten characters
long, so alpha-u can be worked out on paper. The base tagging, by CLI as reviewers do it:

    passage  alice                 bob
    A0       moyen                 moyen
    A1       moyen
    A2       fait 0..5             moyen, fait 0..5
    A3
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.parts import tally_scope
from annotator.agreement.report import agreement_lines
from annotator.agreement.spans import SpanF1, UnitizingAlpha
from annotator.agreement.tally import Tally, tally
from annotator.store.agreement import Mark
from tests.conftest import Cli
from tests.exports import tag

CONTRACT_KEYS = [
    "concept",
    "units",
    "reviewers",
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "span_f1",
    "unitizing_alpha",
]
LENGTH = 10
"""Characters of every passage of the corpus."""
DOCUMENT_A = "Alpha beta\n\nGamma zeta\n\nDelta iota\n\nKappa beta\n"
DOCUMENT_B = "Sigma beta\n\nOmega zeta\n"


def unitizing_alpha(
    length: int, distance: int, units: list[int], gaps: list[int], reviewers: int = 2
) -> float:
    """Krippendorff's alpha-u from a hand count: the continuum's ``length``, the summed squared
    distance over unordered pairs of reviewers, and every unit's and gap's length.

    uD_o = 2 * distance / (m (m - 1) L^2); uD_e = 2 / L * sum over units of
    [(N - 1)(2 l^3 - 3 l^2 + l) / 3 + l^2 * sum over gaps g >= l of (g - l + 1)]
    / (m L (m L - 1) - sum over units of l (l - 1)) (Krippendorff 2004, ch. 11).
    """
    m, total, n = reviewers, length, len(units)
    observed = Fraction(2 * distance, m * (m - 1) * total**2)
    expected_sum = sum(
        Fraction((n - 1) * (2 * unit**3 - 3 * unit**2 + unit), 3)
        + unit**2 * sum(gap - unit + 1 for gap in gaps if gap >= unit)
        for unit in units
    )
    expected = (
        Fraction(2, total)
        * expected_sum
        / (m * total * (m * total - 1) - sum(u * (u - 1) for u in units))
    )
    return float(1 - observed / expected)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The corpus imported and tagged as the module docstring says, built once."""
    folder = tmp_path_factory.mktemp("agreement")
    (folder / "corpus").mkdir()
    (folder / "corpus" / "a.txt").write_text(DOCUMENT_A)
    (folder / "corpus" / "b.txt").write_text(DOCUMENT_B)
    cli = Cli(folder / "base.db")
    cli("import", str(folder / "corpus"))
    passages = {
        ("A" if index < 4 else "B") + str(index if index < 4 else index - 4): passage["id"]
        for index, passage in enumerate(cli.json("passages"))
    }
    assert all(len(p["text"]) == LENGTH for p in cli.json("passages"))
    passages["docA"], passages["docB"] = (d["id"] for d in cli.json("docs"))
    tag(cli, passages["A0"], "moyen")
    tag(cli, passages["A1"], "moyen")
    tag(cli, passages["A2"], "fait", "--start", "0", "--end", "5")
    tag(cli, passages["A0"], "moyen", reviewer="bob")
    tag(cli, passages["A2"], "moyen", reviewer="bob")
    tag(cli, passages["A2"], "fait", "--start", "0", "--end", "5", reviewer="bob")
    return folder / "base.db", passages


@pytest.fixture
def tagged(base_db: tuple[Path, dict[str, str]], tmp_path: Path) -> Cli:
    """A copy of the base database, for a test to tag more or change."""
    shutil.copyfile(base_db[0], tmp_path / "annotations.db")
    return Cli(tmp_path / "annotations.db")


@pytest.fixture
def ids(base_db: tuple[Path, dict[str, str]]) -> dict[str, str]:
    """Passage ids by name (A0..A3, B0, B1), and the documents' (docA, docB)."""
    return base_db[1]


def by_concept(lines: list[dict[str, Any]]) -> dict[str | None, dict[str, Any]]:
    return {line["concept"]: line for line in lines}


def test_two_reviewers_figures_are_the_hand_computed_ones(tagged: Cli) -> None:
    lines = tagged.json("agreement")
    assert [list(line) for line in lines] == [CONTRACT_KEYS] * 3
    # worst first by alpha, the overall line last
    assert [line["concept"] for line in lines] == ["moyen", "fait", None]
    moyen, fait, overall = lines
    assert moyen["units"] == fait["units"] == 4  # document B is bob's alone: out of scope
    assert overall["units"] == 8
    assert overall["reviewers"] == ["alice", "bob"]
    # moyen: (1,1) (1,0) (0,1) (0,0). Agree on 2 of 4; each says 1 half the time, so chance
    # agreement is 1/2 and kappa 0; alpha: D_o = 4/8, D_e = 2*4*4/(8*7) = 4/7, 1 - 7/8.
    assert moyen["percent_agreement"] == 0.5
    assert moyen["cohen_kappa"] == pytest.approx(0.0)
    assert moyen["fleiss_kappa"] == pytest.approx(0.0)
    assert moyen["krippendorff_alpha"] == pytest.approx(0.125)
    # whole passages as spans: one shared of two each
    assert moyen["span_f1"] == pytest.approx(0.5)
    # A1 is alice's unit in bob's gap, A2 bob's in alice's: distance 10^2 + 10^2
    assert moyen["unitizing_alpha"] == pytest.approx(
        unitizing_alpha(4 * LENGTH, 200, units=[10] * 4, gaps=[10] * 4)
    )
    # fait: the same span on A2, nothing elsewhere: perfect on every measure
    assert fait["percent_agreement"] == 1.0
    for measure in CONTRACT_KEYS[4:]:
        assert fait[measure] == pytest.approx(1.0)
    # pooled over both concepts: (1,1) x2, (1,0), (0,1), (0,0) x4. Agree on 6 of 8; each says
    # 1 three times in eight: chance 9/64 + 25/64, kappa (48 - 34) / (64 - 34) = 7/15;
    # alpha: n = 16 values, 6 ones: D_o = 4/16, D_e = 2*6*10/(16*15) = 1/2, alpha = 1/2.
    assert overall["percent_agreement"] == 0.75
    assert overall["cohen_kappa"] == pytest.approx(7 / 15)
    assert overall["fleiss_kappa"] == pytest.approx(7 / 15)
    assert overall["krippendorff_alpha"] == pytest.approx(0.5)
    assert overall["span_f1"] == pytest.approx(2 * 2 / (3 + 3))
    # eight sections of 10: moyen's, and fait's where each has a unit 0..5 and a gap 5..10
    assert overall["unitizing_alpha"] == pytest.approx(
        unitizing_alpha(8 * LENGTH, 200, units=[10] * 4 + [5] * 2, gaps=[10] * 10 + [5] * 2)
    )


def test_three_reviewers_give_fleiss_and_mean_pairwise_cohen(
    tagged: Cli, ids: dict[str, str]
) -> None:
    for passage in ("A0", "A1", "A2"):
        tag(tagged, ids[passage], "moyen", reviewer="carol")
    moyen, overall = tagged.json("agreement", "--concept", "moyen")
    assert moyen["reviewers"] == ["alice", "bob", "carol"]
    # (1,1,1) (1,0,1) (0,1,1) (0,0,0): all agree on 2 of 4. Pairwise kappas 0, 1/2, 1/2.
    assert moyen["percent_agreement"] == 0.5
    assert moyen["cohen_kappa"] == pytest.approx(1 / 3)
    # Fleiss: P = (1 + 1/3 + 1/3 + 1) / 4 = 2/3; 7 ones of 12: P_e = (49 + 25) / 144
    assert moyen["fleiss_kappa"] == pytest.approx(11 / 35)
    # alpha: o11 = 5, o10 = o01 = 2, o00 = 3; D_o = 4/12, D_e = 2*5*7/(12*11)
    assert moyen["krippendorff_alpha"] == pytest.approx(13 / 35)
    # whole-passage spans {A0,A1}, {A0,A2}, {A0,A1,A2}: F1 1/2, 4/5, 4/5
    assert moyen["span_f1"] == pytest.approx((0.5 + 0.8 + 0.8) / 3)
    assert overall == moyen | {"concept": None}


def test_undefined_figures_are_null(tagged: Cli) -> None:
    """A concept nobody used: every unit (0, 0), so chance agreement is 1 and no span exists."""
    regle, overall = tagged.json("agreement", "--concept", "regle")
    assert regle == {
        "concept": "regle",
        "units": 4,
        "reviewers": ["alice", "bob"],
        "percent_agreement": 1.0,
        "cohen_kappa": None,
        "fleiss_kappa": None,
        "krippendorff_alpha": None,
        "span_f1": None,
        "unitizing_alpha": None,
    }
    assert overall == regle | {"concept": None}


def test_concept_option_gives_its_line_and_the_overall_over_it_alone(tagged: Cli) -> None:
    fait, overall = tagged.json("agreement", "--concept", "fait")
    assert fait["concept"] == "fait"
    assert fait["krippendorff_alpha"] == pytest.approx(1.0)
    assert overall == fait | {"concept": None}
    shown = tagged("agreement", "--concept", "fait").stdout.splitlines()
    assert [line.split()[0] for line in shown[3:5]] == ["Fait", "overall,"]
    # the confusion table keeps the passages where one of them said fait, whatever the other
    assert shown[-3:] == [
        "                          1  2",
        "  1 Fait                  1  1",
        "  2 Moyen                 ·  ·",
    ]


def test_doc_option_limits_the_scope_to_one_document(tagged: Cli, ids: dict[str, str]) -> None:
    tag(tagged, ids["B0"], "moyen")
    tag(tagged, ids["B0"], "moyen", reviewer="bob")
    whole = by_concept(tagged.json("agreement"))
    assert whole["moyen"]["units"] == 6  # B joins the scope: both annotated it
    (moyen, overall) = tagged.json("agreement", "--doc", ids["docB"])
    assert (moyen["concept"], moyen["units"]) == ("moyen", 2)
    assert moyen["percent_agreement"] == 1.0
    assert overall["units"] == 2


def test_default_compares_everyone_but_the_gold_layer(tagged: Cli, ids: dict[str, str]) -> None:
    tag(tagged, ids["A0"], "moyen", reviewer="gold")
    assert tagged.json("agreement")[0]["reviewers"] == ["alice", "bob"]
    lines = tagged.json("agreement", "--reviewers", "gold,alice")
    assert lines[0]["reviewers"] == ["gold", "alice"]
    # gold said moyen on A0 only; alice on A0 and A1
    assert by_concept(lines)["moyen"]["percent_agreement"] == 0.75


def test_orphans_and_superseded_versions_do_not_count(tagged: Cli, ids: dict[str, str]) -> None:
    before = tagged.json("agreement")
    orphan = tag(tagged, ids["A3"], "motif")  # would add a concept line
    tag(tagged, ids["B1"], "motif", reviewer="alice")  # would bring document B into scope
    store = tagged.store()
    with store.db.atomic():
        store.db.execute("UPDATE annotations SET anchor = 'orphan' WHERE id = ?", [orphan])
        store.db.execute(
            "UPDATE documents SET superseded_by = ? WHERE id = ?", [ids["docA"], ids["docB"]]
        )
    store.close()
    assert tagged.json("agreement") == before
    refused = tagged("agreement", "--doc", ids["docB"], ok=False)
    assert refused.stderr == (
        f"error: document {ids['docB']} has a newer version, {ids['docA']}: agreement "
        "compares current versions\n"
    )


def test_in_blind_mode_only_a_curator_compares_reviewers(tagged: Cli) -> None:
    tagged("settings", "blind", "on")
    refused = tagged("agreement", "--json", reviewer="alice", ok=False)
    assert refused.stdout == ""
    assert refused.stderr.startswith("error: blind mode is on: only a curator compares")
    tagged("settings", "curators", "alice")
    assert tagged.json("agreement", reviewer="alice")[-1]["concept"] is None


def test_table_shows_worst_first_then_the_confusion_table(tagged: Cli) -> None:
    shown = tagged("agreement").stdout.splitlines()
    assert shown[0] == "alice, bob: 4 passages in 1 document annotated by each"
    rows = [line.split()[0] for line in shown[3:6]]
    assert rows == ["Moyen", "Fait", "overall,"]
    assert shown[3].split()[1:] == ["4", "0.500", "0.000", "0.000", "0.125", "0.500", "-0.765"]
    assert all(len(line) <= 80 for line in shown)
    confusion = shown[shown.index("") + 1 :]
    assert confusion == [
        "Passages tagged by alice (rows) and bob (columns): off the diagonal, what blurs",
        "                          1  2  —",
        "  1 Fait                  1  1  ·",  # alice said fait on A2, bob fait and moyen
        "  2 Moyen                 ·  1  1",  # alice said moyen on A1, bob nothing
        "  — nothing               ·  ·  ·",
    ]


def test_undefined_figures_show_as_a_dash(tagged: Cli) -> None:
    row = tagged("agreement", "--concept", "regle").stdout.splitlines()[3]
    assert row.split() == ["Règle", "4", "1.000", "—", "—", "—", "—", "—"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(
            lambda ids: ["--reviewers", "alice,zoe"],
            "no annotations by 'zoe' (reviewers with annotations: alice, bob)",
            id="unknown-reviewer",
        ),
        pytest.param(
            lambda ids: ["--concept", "moyne"],
            "no concept 'moyne' in the scheme (list them with `annotator concepts`)",
            id="unknown-concept",
        ),
        pytest.param(
            lambda ids: ["--doc", "nope"],
            "no document 'nope' (list them with `annotator docs`)",
            id="unknown-document",
        ),
        pytest.param(
            lambda ids: ["--reviewers", "alice"],
            "--reviewers needs two names or more: agreement compares reviewers",
            id="one-reviewer",
        ),
        pytest.param(
            lambda ids: ["--doc", ids["docB"], "--reviewers", "alice,bob"],
            "document {docB} has no annotations by alice, bob: agreement compares the "
            "documents every compared reviewer annotated",
            id="document-not-annotated-by-all",
        ),
        pytest.param(
            lambda ids: ["--doc", ids["docB"]],
            "agreement compares two reviewers or more, and nobody has annotations in "
            "document {docB} (the gold layer's, gold, left aside)",
            id="document-nobody-annotated",
        ),
    ],
)
def test_refusals_are_one_error_line(
    tagged: Cli,
    ids: dict[str, str],
    arguments: Callable[[dict[str, str]], list[str]],
    message: str,
) -> None:
    result = tagged("agreement", *arguments(ids), ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {message.format(**ids)}\n"


def test_refusals_when_there_is_nothing_to_compare(
    cli: Cli, write_file: Callable[[str, bytes], Path]
) -> None:
    write_file("corpus/a.txt", DOCUMENT_A.encode())
    cli("import", str(write_file("corpus/b.txt", DOCUMENT_B.encode()).parent))
    first_a, *_, first_b, _ = (passage["id"] for passage in cli.json("passages"))
    tag(cli, first_a, "moyen")
    alone = cli("agreement", ok=False)
    assert alone.stderr == (
        "error: agreement compares two reviewers or more, and only alice has annotations "
        "(the gold layer's, gold, left aside)\n"
    )
    tag(cli, first_b, "moyen", reviewer="bob")
    apart = cli("agreement", ok=False)
    assert apart.stderr == (
        "error: no document has annotations by every one of alice, bob: agreement compares "
        "the documents each of them annotated (--reviewers chooses whom)\n"
    )


# --- the one-pass tally against the measures fed passage by passage -----------------------


@st.composite
def corpora(draw: st.DrawFn) -> tuple[int, list[int], list[Mark]]:
    """Reviewers, passage lengths, and marks of up to three concepts, passage by passage:
    whole passages, spans that overlap, touch, repeat, or are one character long."""
    reviewers = draw(st.integers(2, 4))
    lengths = draw(st.lists(st.integers(1, 12), min_size=1, max_size=6))
    marks: list[Mark] = []
    for passage, length in enumerate(lengths):
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            concept, reviewer = draw(st.integers(0, 2)), draw(st.integers(0, reviewers - 1))
            marks.append((passage, length, concept, reviewer, start, end))
    return reviewers, lengths, marks


@given(corpora())
@settings(max_examples=300)
def test_the_tally_gives_the_figures_of_the_measures_fed_passage_by_passage(
    corpus: tuple[int, list[int], list[Mark]],
) -> None:
    reviewers, lengths, marks = corpus
    tallies = tally(reviewers, marks)
    overall = Tally(reviewers)
    pooled: list[tuple[SpanF1, UnitizingAlpha]] = [(SpanF1(reviewers), UnitizingAlpha(reviewers))]
    for concept, counts in tallies.items():
        counts.complete(Counter(lengths))
        overall += counts
        measures = (SpanF1(reviewers), UnitizingAlpha(reviewers))
        patterns: Counter[tuple[int, ...]] = Counter()
        for passage, length in enumerate(lengths):
            spans: list[list[tuple[int, int]]] = [[] for _ in range(reviewers)]
            for at, _, marked, reviewer, start, end in marks:
                if marked == concept and at == passage:
                    spans[reviewer].append((start, end))
            patterns[tuple(int(bool(own)) for own in spans)] += 1
            for f1, alpha in (measures, *pooled):
                f1.add(spans)
                alpha.add(length, spans)
        assert counts.patterns() == dict(patterns)
        assert counts.span_f1() == pytest.approx(measures[0].value())
        assert counts.unitizing_alpha() == pytest.approx(measures[1].value())
    assert overall.span_f1() == pytest.approx(pooled[0][0].value())
    assert overall.unitizing_alpha() == pytest.approx(pooled[0][1].value())


def test_two_processes_count_the_same_figures_as_one(seeded: Cli) -> None:
    """A big scope is counted in two processes, half its documents each, and the counts are
    added up: the figures must be those one process counts."""
    for reviewer, shift in (("alice", 0), ("bob", 1)):
        for number, passage in enumerate(seeded.json("passages")):
            concept = ("fait", "moyen", "rtu")[(number + shift * (number % 2)) % 3]
            length = passage["end"] - passage["start"]
            span = ("--start", "0", "--end", str(min(length, 12 + shift))) if number % 4 else ()
            tag(seeded, passage["id"], concept, *span, reviewer=reviewer)
    store = seeded.store()
    scope = store.agreement_scope(None, None, None, gold=store.gold_reviewer())
    assert len(scope.documents) == 2
    concepts = list(store.concept_labels())
    alone = tally(len(scope.reviewers), store.agreement_marks(scope, concepts))
    parted = tally_scope(store, scope, concepts, min_passages=0)
    assert [line.record() for line in agreement_lines(scope, concepts, parted)] == [
        line.record() for line in agreement_lines(scope, concepts, alone)
    ]
