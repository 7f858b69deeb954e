"""The tokenizer of legal French (``corpus.tokens``): words, punctuation marks and sentences.

Properties first: tokens and sentences are exact slices that, with the whitespace between them,
make up any text, and the paragraph cutter's sentence ends are the sentences' ends. Then one
example per rule, each of which the rules before this tokenizer got wrong (the UI's ``\\S+``
words, its ``[^.!?…]+`` sentences, the export's ``\\w+|[^\\w\\s]`` tokens).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.conll import passage_sentences
from corpus import clean
from corpus.passages import segment
from corpus.tokens import (
    PUNCTUATION,
    Span,
    last_sentence_break,
    sentence_at,
    sentence_spans,
    sentence_starts,
    token_spans,
    word_spans,
)
from schemas import Annotation
from tests.strategies import arbitrary_text, document

LEGAL_PIECES = [
    *"«»“”\"'’()[];:,.!?…/%§-–",
    "...",
    "(...)",
    "[…]",
    " ",
    " ",
    " ",
    " ",
    "\u202f",
    "\n",
    "l’",
    "d'",
    "qu’",
    "jusqu'",
    "aujourd’hui",
    "ANSM",
    "Aux",
    "termes",
    "article",
    "alcoolo-dépendance",
    "5121-12-1",
    "300,5",
    "1.000",
    "n°",
    "1°",
    "1",
    "2",
    "12",
    "L",
    "art",
    "req",
    "CE",
    "Mme",
    "M",
    "B",
    "etc",
    "Le",
    "juge",
    "le",
    "www.conseil-etat.fr",
    "é\u0301",
]
"""Pieces of legal French that the rules are about, to be put together in any order."""

legal_text = st.lists(st.sampled_from(LEGAL_PIECES), max_size=80).map("".join)
any_text = st.one_of(legal_text, arbitrary_text, st.text(max_size=200))


def pieces(text: str, spans: list[Span]) -> list[str]:
    return [text[start:end] for start, end in spans]


def tokens(text: str) -> list[str]:
    return pieces(text, token_spans(text))


def words(text: str) -> list[str]:
    return pieces(text, word_spans(text))


def sentences(text: str) -> list[str]:
    return pieces(text, sentence_spans(text))


def assert_tiles(text: str, spans: list[Span]) -> None:
    """``spans`` are in order, do not overlap, are not empty, neither start nor end on
    whitespace, and only whitespace lies before, between and after them."""
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert text[position:start].isspace() or position == start
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
        position = end
    assert text[position:].isspace() or position == len(text)


# -- properties ------------------------------------------------------------------------------


@given(any_text)
@settings(max_examples=400)
def test_tokens_and_the_blanks_between_them_make_up_the_text(text: str) -> None:
    spans = token_spans(text)
    assert_tiles(text, spans)
    assert all(not any(char.isspace() for char in token) for token in pieces(text, spans))
    assert "".join(pieces(text, spans)) == "".join(text.split())


@given(any_text)
@settings(max_examples=400)
def test_words_are_the_tokens_that_are_no_punctuation_mark(text: str) -> None:
    spans = word_spans(text)
    assert spans == [span for span in token_spans(text) if text[span[0]] not in PUNCTUATION]
    assert all(token not in PUNCTUATION for token in pieces(text, spans))


@given(st.one_of(any_text, document()))
@settings(max_examples=400)
def test_sentences_and_the_blanks_between_them_make_up_the_text(text: str) -> None:
    spans = sentence_spans(text)
    assert_tiles(text, spans)
    starts = {start for start, _ in token_spans(text)}
    ends = {end for _, end in token_spans(text)}
    assert all(start in starts and end in ends for start, end in spans)


@given(st.one_of(any_text, document()))
@settings(max_examples=300)
def test_the_export_cuts_tokens_where_sentences_start(text: str) -> None:
    spans = token_spans(text)
    cuts = sentence_starts(text, spans)
    assert [spans[cut][0] for cut in cuts] == [start for start, _ in sentence_spans(text)[1:]]


@given(any_text, st.data())
@settings(max_examples=300)
def test_a_paragraph_is_cut_only_where_a_sentence_ends(text: str, data: st.DataObject) -> None:
    spans = sentence_spans(text)
    ends = [end for _, end in spans[:-1]]
    assert last_sentence_break(text, 0, len(text)) == (ends[-1] if ends else None)
    start = data.draw(st.sampled_from([0, *[start for start, _ in spans]]))
    end = data.draw(st.integers(start, len(text)))
    cut = last_sentence_break(text, start, end)
    assert cut is None or (cut in ends and start < cut <= end)


@given(any_text, st.data())
@settings(max_examples=200)
def test_the_sentence_at_an_offset_holds_it(text: str, data: st.DataObject) -> None:
    spans = sentence_spans(text)
    if not spans:
        assert sentence_at(text, 0) is None
        return
    sentence = data.draw(st.sampled_from(spans))
    offset = data.draw(st.integers(*sentence).filter(lambda offset: offset < sentence[1]))
    assert sentence_at(text, offset) == sentence


# -- words -----------------------------------------------------------------------------------

ELISIONS = [
    ("l", "ANSM"),
    ("L", "ANSM"),
    ("d", "État"),
    ("qu", "il"),
    ("n", "est"),
    ("s", "agit"),
    ("j", "ai"),
    ("m", "a"),
    ("t", "a"),
    ("c", "est"),
    ("jusqu", "à"),
    ("lorsqu", "il"),
    ("puisqu", "elle"),
    ("quoiqu", "on"),
]


@pytest.mark.parametrize("apostrophe", ["’", "'"])
@pytest.mark.parametrize(("elided", "word"), ELISIONS)
def test_an_elided_article_or_pronoun_is_a_word_of_its_own(
    elided: str, word: str, apostrophe: str
) -> None:
    text = f"selon {elided}{apostrophe}{word}."
    assert tokens(text) == ["selon", f"{elided}{apostrophe}", word, "."]
    assert words(text) == ["selon", f"{elided}{apostrophe}", word]


def test_an_apostrophe_inside_a_word_keeps_it_whole() -> None:
    text = "aujourd’hui les prud'hommes et quelqu’un jusqu’aujourd’hui à Villeneuve-d’Ascq"
    assert tokens(text) == [
        *["aujourd’hui", "les", "prud'hommes", "et", "quelqu’un", "jusqu’", "aujourd’hui"],
        *["à", "Villeneuve-d’Ascq"],
    ]


def test_punctuation_marks_are_tokens_but_not_words() -> None:
    text = '«centrale,» (RTU) [sic] ; “avis” "x" : oui ! non ? peut-être… – fin.'
    assert tokens(text) == [
        *["«", "centrale", ",", "»", "(", "RTU", ")", "[", "sic", "]", ";"],
        *["“", "avis", "”", '"', "x", '"', ":", "oui", "!", "non", "?", "peut-être", "…"],
        *["–", "fin", "."],
    ]
    assert words(text) == ["centrale", "RTU", "sic", "avis", "x", "oui", "non", "peut-être", "fin"]


def test_word_selection_steps_over_quotes_and_commas_but_not_symbols() -> None:
    # The UI's 'v' then 'l' lands on the second word: "centrale", not «centrale,».
    text = "l’action «centrale,» dit-il (20 %, § 3)"
    assert words(text) == ["l’", "action", "centrale", "dit-il", "20", "%", "§", "3"]


def test_a_hyphenated_compound_is_one_word() -> None:
    text = "l’alcoolo-dépendance, c’est-à-dire soixante-dix ; a-t-il les requérant·es"
    assert tokens(text) == [
        *["l’", "alcoolo-dépendance", ",", "c’", "est-à-dire", "soixante-dix", ";", "a-t-il"],
        *["les", "requérant·es"],
    ]


def test_numbers_keep_their_dots_commas_hyphens_and_slashes() -> None:
    text = "l'article L. 5121-12-1, 300,5 mg, 1.000 euros, pourvoi n° 17-12.345 du 17/03/2014."
    assert tokens(text) == [
        *["l'", "article", "L", ".", "5121-12-1", ",", "300,5", "mg", ",", "1.000", "euros", ","],
        *["pourvoi", "n°", "17-12.345", "du", "17/03/2014", "."],
    ]


def test_the_number_sign_and_the_degree_of_an_enumeration_stay_on_their_word() -> None:
    text = "req. n° 412346, N°4 ; 1° Les médicaments"
    assert tokens(text) == [
        *["req", ".", "n°", "412346", ",", "N°", "4", ";", "1°", "Les", "médicaments"]
    ]


def test_dots_in_a_row_are_one_ellipsis() -> None:
    assert tokens("M. B... a saisi") == ["M", ".", "B", "...", "a", "saisi"]


def test_a_web_address_is_one_word() -> None:
    text = "(voir www.conseil-etat.fr, https://www.legifrance.gouv.fr/ceta/id/CETATEXT0000.)"
    assert tokens(text) == [
        *["(", "voir", "www.conseil-etat.fr", ","],
        *["https://www.legifrance.gouv.fr/ceta/id/CETATEXT0000", ".", ")"],
    ]


# -- sentences -------------------------------------------------------------------------------

ABBREVIATIONS = [
    *["L", "R", "D", "art", "Art", "al", "pt", "cons", "req", "CE", "Ass", "Sect", "M", "Mme"],
    *["Pr", "MM", "Me", "p", "pp", "ss", "cf", "éd", "B", "B.."],
]


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
def test_an_abbreviation_or_an_initial_ends_no_sentence(abbreviation: str) -> None:
    text = f"Il cite {abbreviation}. Dupont et la suite. Le juge statue."
    assert sentences(text) == [f"Il cite {abbreviation}. Dupont et la suite.", "Le juge statue."]


def test_a_citation_is_one_sentence() -> None:
    text = "V. CE, Sect., 5 mars 2010, M. B..., req. n° 312345, Rec. p. 12. Le juge statue."
    assert sentences(text) == [
        "V. CE, Sect., 5 mars 2010, M. B..., req. n° 312345, Rec. p. 12.",
        "Le juge statue.",
    ]


def test_etc_ends_a_sentence_only_before_a_capital() -> None:
    text = "Les lois, décrets, etc. sont publiés. Il cite les décrets, etc. Le juge statue."
    assert sentences(text) == [
        "Les lois, décrets, etc. sont publiés.",
        "Il cite les décrets, etc.",
        "Le juge statue.",
    ]


def test_no_stop_ends_a_sentence_before_a_lowercase_word() -> None:
    text = "Que faire ? se demande le juge. Il statue ! et rejette."
    assert sentences(text) == ["Que faire ? se demande le juge.", "Il statue ! et rejette."]


POINT = (
    "1. Aux termes de l'article L. 5121-12-1 du code de la santé publique, une spécialité "
    "pharmaceutique peut faire l'objet d'une prescription (...) dans cette indication ... ."
)


def test_the_number_of_a_point_is_no_sentence_of_its_own() -> None:
    assert sentences(POINT) == [POINT]


def test_a_point_after_a_colon_or_a_sentence_opens_its_sentence() -> None:
    text = (
        "Considérant ce qui suit : 1. Aux termes de la loi, la règle vaut. 2. Il en résulte "
        "que l'article 12. Elle est rejetée ; 3. Les frais."
    )
    assert sentences(text) == [
        "Considérant ce qui suit : 1. Aux termes de la loi, la règle vaut.",
        "2. Il en résulte que l'article 12.",
        "Elle est rejetée ; 3. Les frais.",
    ]


def test_a_closing_quote_after_a_space_stays_with_its_sentence() -> None:
    text = "Il a dit : « Non. » Le juge statue."
    assert sentences(text) == ["Il a dit : « Non. »", "Le juge statue."]


def test_the_ellipsis_of_a_quotation_ends_no_sentence() -> None:
    text = "« Une spécialité (...) Peut faire l'objet […] D'une prescription. » Fin."
    assert sentences(text) == [
        "« Une spécialité (...) Peut faire l'objet […] D'une prescription. »",
        "Fin.",
    ]


def test_a_dot_inside_a_number_or_an_address_ends_no_sentence() -> None:
    text = "L'article 5.2 du contrat renvoie à www.conseil-etat.fr. Fin."
    assert sentences(text) == ["L'article 5.2 du contrat renvoie à www.conseil-etat.fr.", "Fin."]


# -- the paragraph cutter and the CoNLL export, on top of the rule ---------------------------


def test_a_long_paragraph_is_not_cut_after_the_number_of_a_point() -> None:
    text = "Le juge a statué. Considérant ce qui suit : 1. Aux termes de la loi, la règle vaut."
    limit = len("Le juge a statué. Considérant ce qui suit : 1. Aux")
    first, *_ = segment(text, clean(text).paragraphs, limit).passages
    assert text[first.start : first.end] == "Le juge a statué."
    assert last_sentence_break("Considérant ce qui suit : 1. Aux termes", 0, 39) is None
    assert last_sentence_break("Une spécialité (...) Peut faire", 0, 31) is None


def test_conll_tokens_and_sentences_follow_the_rule() -> None:
    text = f"{POINT} Il cite l’ANSM, n° 300,5. Fin."
    start = text.index("ANSM")
    tagged = Annotation(
        id="a",
        passage="p",
        concept="acteur",
        start=start,
        end=start + 4,
        quote="ANSM",
        reviewer="alice",
        created="2024-01-01T00:00:00Z",
    )
    lines = list(passage_sentences(text, [tagged]))
    assert [len(sentence) for sentence in lines] == [len(token_spans(POINT)), 8, 2]
    assert lines[0][:12] == [
        *["1\tO", ".\tO", "Aux\tO", "termes\tO", "de\tO", "l'\tO", "article\tO", "L\tO", ".\tO"],
        *["5121-12-1\tO", "du\tO", "code\tO"],
    ]
    assert lines[1] == [
        *["Il\tO", "cite\tO", "l’\tO", "ANSM\tB-acteur", ",\tO", "n°\tO", "300,5\tO", ".\tO"]
    ]
