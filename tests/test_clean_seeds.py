"""The seeds, as extracted from their PDFs, come out as real paragraphs and headings."""

from __future__ import annotations

import re

import pytest

from corpus import ParsedDocument, parse_bytes
from schemas import Layout, PassageKind
from tests.conftest import SEEDS

ARTICLE = "baclofene-rtu-article-pourquoi-docteur.txt"
COMMENTARY = "baclofene-conseil-etat-commentaire.txt"


@pytest.fixture(scope="module")
def article() -> ParsedDocument:
    return parse_bytes((SEEDS / ARTICLE).read_bytes(), ARTICLE)


@pytest.fixture(scope="module")
def commentary() -> ParsedDocument:
    return parse_bytes((SEEDS / COMMENTARY).read_bytes(), COMMENTARY)


def texts(parsed: ParsedDocument) -> list[str]:
    return [passage.text for passage in parsed.passages]


def test_seeds_are_recognised_as_pdf_extractions(
    article: ParsedDocument, commentary: ParsedDocument
) -> None:
    assert article.document.layout is Layout.SPACED
    assert commentary.document.layout is Layout.SPACED


def test_no_passage_ends_in_the_middle_of_a_sentence(
    article: ParsedDocument, commentary: ParsedDocument
) -> None:
    for parsed in (article, commentary):
        for passage in parsed.passages:
            if passage.kind is PassageKind.PARAGRAPH and not passage.text.startswith("http"):
                assert re.search(r"[.!?»]$", passage.text), passage.text


def test_article_paragraphs_are_the_articles_paragraphs(article: ParsedDocument) -> None:
    starts = [text[:30] for text in texts(article)]
    assert starts == [
        "Une procédure de recommandatio",
        "« Nous sommes en train d’instr",
        "Autorisé et prescrit depuis 19",
        "Face à ces bons résultats, l’A",
        "Mais pour évaluer « la sécurit",
        "La première étude (Bacloville)",
        "La seconde étude (Alpadir), co",
        "Le but, précise aujourd’hui Do",
        "Des précisions qui interviennent"[:30],
        "http://pourquoi-docteur.nouvel",
    ]


def test_sentence_across_the_page_break_is_joined(article: ParsedDocument) -> None:
    assert any("indique que ce décès soit imputable au baclofène" in t for t in texts(article))


def test_line_end_hyphens_of_compounds_are_kept(
    article: ParsedDocument, commentary: ParsedDocument
) -> None:
    joined = " ".join(texts(article) + texts(commentary))
    assert "prise en charge de l’alcoolo-dépendance. C’est" in joined
    assert "pharmaco-epidemiological study" in joined
    assert "alcoolo- dépendance" not in joined
    assert "alcoolodépendance" not in joined


def test_url_broken_across_two_lines_is_whole(article: ParsedDocument) -> None:
    assert texts(article)[-1] == (
        "http://pourquoi-docteur.nouvelobs.com/"
        "Alcoolisme---le-baclofene-en-cours-d-autorisation-temporaire-2196.html"
    )


def test_doubled_spaces_are_collapsed(article: ParsedDocument) -> None:
    assert all("  " not in text for text in texts(article))
    assert "du médicament (Ansm), permet" in texts(article)[1]


def test_resume_and_abstract_are_apart_with_their_headings(commentary: ParsedDocument) -> None:
    kinds = [(p.kind, p.text[:20]) for p in commentary.passages]
    assert kinds == [
        (PassageKind.HEADING, "Résumé"),
        (PassageKind.PARAGRAPH, "Si le baclofène est "),
        (PassageKind.HEADING, "Abstract"),
        (PassageKind.PARAGRAPH, "If Baclofen has been"),
    ]
    resume, abstract = commentary.passages[1].text, commentary.passages[3].text
    assert resume.endswith("la posologie maximale de 80 mg/jour.")
    assert abstract.endswith("oppositions pro and anti-baclofen high-dose.")


def test_passages_point_back_into_the_source_file(commentary: ParsedDocument) -> None:
    from corpus import SourceMap

    source_map = SourceMap(commentary.document.source_map)
    source = commentary.document.source_text
    abstract = commentary.passages[2]
    start, end = source_map.span_to_source(abstract.start, abstract.end)
    assert source[start:end] == "Abstract"
