"""Fuzzy search on the seeds: each tolerance, odd queries, filters, freshness, order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.search.engine import SearchEngine
from annotator.store import PassageFilter
from tests.conftest import Cli

ARTICLE_LEAD = "Une procédure de recommandation temporaire"
RESUME = "Si le baclofène est utilisé depuis"
ABSTRACT = "If Baclofen has been used"
BACLOVILLE = "La première étude (Bacloville)"
LE_BUT = "Le but, précise aujourd’hui"


@pytest.fixture
def engine(seeded: Cli) -> SearchEngine:
    return SearchEngine(seeded.store())


def first(engine: SearchEngine, query: str) -> str:
    hits = engine.search(query, limit=5)
    assert hits, f"nothing found for {query!r}"
    return hits[0].passage.text


def matched(engine: SearchEngine, query: str) -> list[str]:
    hit = engine.search(query, limit=1)[0]
    return [hit.passage.text[start:end] for start, end in hit.matches]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("exces de pouvoir", RESUME),  # accents
        ("EXCÈS DE POUVOIR", RESUME),  # case
        ("Conseil d Etat dismissed", ABSTRACT),  # apostrophe as a space
        ("Conseil d'Etat dismissed", ABSTRACT),
        ("Conseil d’État dismissed", ABSTRACT),
        ("alcoolodependance baclofene efficacite", "Autorisé et prescrit depuis 1975"),  # joined
        ("alcoolo dependance prise en charge", "Autorisé et prescrit depuis 1975"),  # spaced
        ("pharmacoepidemiological", ABSTRACT),
        ("recomandation temporaire utilisation", ARTICLE_LEAD),  # missing letter
        ("reccommandation temporaire", ARTICLE_LEAD),  # doubled letter
        ("Bacloviel", BACLOVILLE),  # one typo (transposed letters)
        ("pharmacovigilence baclofene hospitalisatoins", RESUME),  # two typos in a long word
        ("Maranchini bonne dose", LE_BUT),  # swapped letters in a name
        ("posologie maximale 80 mg/jour", RESUME),
        ("pouvoir exces controle", RESUME),  # any order
        ("surveillance necess", LE_BUT),  # prefix: a word being typed
        ('"maximale de 80"', RESUME),  # phrase
    ],
)
def test_tolerances_put_the_right_passage_first(
    engine: SearchEngine, query: str, expected: str
) -> None:
    assert first(engine, query).startswith(expected)


def test_matches_are_spans_of_the_passage_text(engine: SearchEngine) -> None:
    assert "excès" in matched(engine, "exces de pouvoir")
    assert matched(engine, "alcoolodependance") == ["alcoolo-dépendance"]
    assert matched(engine, "Maranchini") == ["Maraninchi"]


def test_phrase_needs_the_words_in_order(engine: SearchEngine) -> None:
    assert engine.search('"de 80 maximale"', limit=5) == []
    assert engine.search('"maximale de 80"', limit=5)


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "'’«»", 'AND( ) NEAR/ * "', '"unclosed phrase', "x" * 10_000, "a " * 5000],
)
def test_odd_queries_give_results_or_none_without_error(engine: SearchEngine, query: str) -> None:
    hits = engine.search(query, limit=10)
    assert len(hits) <= 10


def test_ordering_is_deterministic(engine: SearchEngine) -> None:
    runs = [[hit.passage.id for hit in engine.search("baclofene", limit=20)] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0]) > 5


def test_filters_apply_to_search_including_tags_made_after_indexing(seeded: Cli) -> None:
    store = seeded.store()
    engine = SearchEngine(store)
    assert (
        len(engine.search("baclofene", limit=20, passage_filter=PassageFilter(untagged=True))) > 1
    )
    hits = engine.search("baclofene", limit=20)
    target = hits[2].passage
    store.tag(target.id, "controle-restreint", "zoe")
    by_concept = engine.search("baclofene", 20, PassageFilter(concept="review-intensity"))
    assert [hit.passage.id for hit in by_concept] == [target.id]
    by_reviewer = engine.search("baclofene", 20, PassageFilter(reviewer="zoe"))
    assert [hit.passage.id for hit in by_reviewer] == [target.id]
    untagged = engine.search("baclofene", 20, PassageFilter(untagged=True))
    assert target.id not in {hit.passage.id for hit in untagged}
    in_document = engine.search("baclofene", 20, document=target.document)
    assert {hit.passage.document for hit in in_document} == {target.document}


def test_a_document_imported_after_the_first_search_is_found(seeded: Cli, tmp_path: Path) -> None:
    engine = SearchEngine(seeded.store())
    assert engine.search("Zygomatique", limit=5) == []
    extra = tmp_path / "late.txt"
    extra.write_text("Le tribunal zygomatique de Quimper statue en référé.\n", "utf-8")
    seeded("import", str(extra))
    assert first(engine, "zygomatique quimper").startswith("Le tribunal zygomatique")


def test_ties_go_to_bm25_then_reading_order(cli: Cli, tmp_path: Path) -> None:
    """Same words, no typos: the passage where the word weighs more (BM25) comes first."""
    text = (
        "Le juge relève que la posologie du médicament dépasse ce que le dossier "
        "de la demande avait retenu pour la première année de traitement.\n\n"
        "Posologie, posologie : le juge insiste.\n\n"
        "La posologie est discutée ici.\n\n"
        "La posologie est discutée aussi.\n"
    )
    source = tmp_path / "ties.txt"
    source.write_text(text, "utf-8")
    cli("import", str(source))
    hits = SearchEngine(cli.store()).search("posologie", limit=4)
    assert [hit.passage.seq for hit in hits] == [1, 2, 3, 0]
    assert hits[0].score > hits[3].score


def test_cli_search_json_lines(seeded: Cli) -> None:
    lines = seeded.json("search", "exces de pouvoir", "--limit", "3")
    assert 1 <= len(lines) <= 3
    assert set(lines[0]) == {"passage", "document", "seq", "score", "text", "matches"}
    assert lines[0]["text"].startswith(RESUME)
    start, end = lines[0]["matches"][0]
    assert lines[0]["text"][start:end]


def test_cli_search_text_shows_snippets_literally(seeded: Cli, tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("Le juge [bold]statue[/] sur la zygomatique \x1b[31m question.\n", "utf-8")
    seeded("import", str(odd))
    result = seeded("search", "zygomatique")
    assert "[bold]statue[/]" in result.stdout
    assert "\x1b[31m" not in result.stdout
    assert "␛[31m" in result.stdout


def test_cli_search_odd_query_exits_zero(seeded: Cli) -> None:
    result = seeded("search", 'NEAR/ AND( "', "--json")
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        json.loads(line)


def test_cli_search_filters_and_unknown_ids(seeded: Cli) -> None:
    assert seeded.json("search", "baclofene", "--concept", "rep") == []
    result = seeded("search", "baclofene", "--doc", "nope", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no document")
    result = seeded("search", "baclofene", "--concept", "nope", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no concept")
