"""Files laid out unlike the seeds: each layout is recognised and cut into its real paragraphs."""

from __future__ import annotations

import pytest

from corpus import ParsedDocument, clean, parse_bytes
from schemas import Layout, PassageKind
from tests.conftest import DATA

LAYOUTS = DATA / "layouts"
H, P = PassageKind.HEADING, PassageKind.PARAGRAPH


def parse_fixture(name: str) -> ParsedDocument:
    return parse_bytes((LAYOUTS / name).read_bytes(), name)


def passages_of(parsed: ParsedDocument) -> list[tuple[PassageKind, str]]:
    return [(passage.kind, passage.text) for passage in parsed.passages]


def paragraphs(source: str) -> list[str]:
    cleaned = clean(source)
    return [cleaned.text[p.start : p.end] for p in cleaned.paragraphs]


def test_one_paragraph_per_line_keeps_each_line_a_passage() -> None:
    parsed = parse_fixture("one-paragraph-per-line.txt")
    assert parsed.document.layout is Layout.LINES
    assert passages_of(parsed) == [
        (H, "Conseil d'État, 1re et 4e chambres réunies"),
        (
            P,
            "Considérant que, par une décision du 24 juillet 2017, le directeur général de "
            "l'Agence nationale de sécurité du médicament et des produits de santé a modifié la "
            "recommandation temporaire d'utilisation du baclofène dans le traitement de "
            "l'alcoolo-dépendance en abaissant la posologie maximale de 300 à 80 mg par jour.",
        ),
        (
            P,
            "Considérant que les requérants soutiennent que cette décision est entachée d'une "
            "erreur manifeste d'appréciation.",
        ),
        (H, "Sur la légalité externe"),
        (
            P,
            "Il ressort des pièces du dossier que la décision attaquée a été prise par une "
            "autorité compétente, après consultation du comité scientifique spécialisé "
            "temporaire.",
        ),
        (H, "Sur la légalité interne"),
        (
            P,
            "Il ressort également des pièces du dossier, et notamment de l'étude "
            "pharmaco-épidémiologique conduite par la CNAMTS, l'ANSM et l'INSERM sur plus de "
            "200 000 patients, que le risque d'hospitalisation et de décès augmente avec la dose.",
        ),
        (
            P,
            "Dans ces conditions, le directeur général de l'ANSM n'a pas commis d'erreur "
            "manifeste d'appréciation.",
        ),
        (H, "DÉCIDE :"),  # a decision's part that announces the next: a heading
        (P, "Article 1er : La requête est rejetée."),
    ]


def test_hard_wrapped_blocks_are_reflowed_into_their_paragraphs() -> None:
    parsed = parse_fixture("hard-wrapped-blocks.txt")
    assert parsed.document.layout is Layout.BLOCKS
    assert passages_of(parsed) == [
        (H, "Limited judicial review"),
        (
            P,
            "In French administrative law, the intensity of review varies with the margin of "
            "appreciation the law leaves to the administration. Where the administration enjoys "
            "a wide discretion, the judge only censures a manifest error of assessment.",
        ),
        (
            P,
            "The Conseil d'État applied this limited review to the decision of the director of "
            "the ANSM lowering the maximum dose of baclofen. It held that the decision was not "
            "vitiated by a manifest error of assessment, given the results of the "
            "pharmaco-epidemiological study.",
        ),
        (P, "Short closing paragraph."),
        (P, "- first point of a list that wraps onto a second line"),
        (P, "- second point"),
    ]


def test_pdftotext_extraction_with_form_feed_is_reflowed() -> None:
    parsed = parse_fixture("pdftotext-formfeed.txt")
    assert parsed.document.layout is Layout.WRAPPED
    assert passages_of(parsed) == [
        (H, "LA RECOMMANDATION TEMPORAIRE D'UTILISATION"),
        (
            P,
            "La recommandation temporaire d'utilisation permet de sécuriser une prescription "
            "hors autorisation de mise sur le marché. L'Agence élabore la recommandation pour "
            "une durée de trois ans au plus, renouvelable.",
        ),
        (
            P,
            "Le laboratoire met en place un suivi des patients, qui porte sur l'efficacité et la "
            "sécurité du médicament. La recommandation précise la posologie maximale et les "
            "conditions de prescription, en particulier pour l'alcoolo-dépendance.",
        ),
        (P, "Le Conseil d'État contrôle la légalité de la recommandation."),
    ]


def test_page_break_in_the_middle_of_a_sentence_is_joined() -> None:
    source = (LAYOUTS / "pdftotext-formfeed.txt").read_text("utf-8")
    assert "posologie\n\fmaximale" in source  # the fixture does break the page mid-sentence
    joined = " ".join(paragraphs(source))
    assert "précise la posologie maximale et les conditions" in joined
    assert "\f" not in clean(source).text


def test_page_break_between_paragraphs_of_a_spaced_extraction_is_joined_mid_sentence() -> None:
    source = (
        "Le juge administratif exerce un contrôle restreint sur la décision du directeur\n\n"
        "général de l'Agence, qui fixe la posologie maximale du médicament dans la\n\n"
        "\f\n\n"
        "recommandation temporaire d'utilisation, et il ne censure que l'erreur manifeste.\n\n"
    )
    assert paragraphs(source) == [
        "Le juge administratif exerce un contrôle restreint sur la décision du directeur "
        "général de l'Agence, qui fixe la posologie maximale du médicament dans la "
        "recommandation temporaire d'utilisation, et il ne censure que l'erreur manifeste."
    ]


def test_word_cut_at_line_end_is_joined_without_its_hyphen() -> None:
    source = (LAYOUTS / "pdftotext-formfeed.txt").read_text("utf-8")
    assert "pres-\ncription" in source
    assert "de prescription" in source
    joined = " ".join(paragraphs(source))
    assert "sécuriser une prescription hors autorisation" in joined
    assert "élabore la recommandation pour" in joined  # "recom-\nmandation"
    assert "pres-cription" not in joined
    assert "pres- cription" not in joined


def test_compound_hyphen_at_line_end_is_kept() -> None:
    source = (LAYOUTS / "pdftotext-formfeed.txt").read_text("utf-8")
    assert "l'alcoolo-\ndépendance" in source
    joined = " ".join(paragraphs(source))
    assert "pour l'alcoolo-dépendance." in joined
    assert "alcoolodépendance" not in joined
    assert "alcoolo- dépendance" not in joined


def test_cut_word_the_document_also_writes_hyphenated_keeps_its_hyphen() -> None:
    source = (
        "Le directeur de l'Agence a pris en compte les risques de la pharmaco-\n"
        "vigilance renforcée, ainsi que la pharmaco-vigilance des autres molécules, et il\n"
        "en a tiré les conséquences.\n"
    )
    assert "risques de la pharmaco-vigilance renforcée" in paragraphs(source)[0]


@pytest.mark.parametrize(
    ("source", "url"),
    [
        (
            "Le texte de la décision est publié sur le site de l'Agence, à l'adresse\n"
            "https://www.legifrance.gouv.fr/ceta/id/\n"
            "CETATEXT000037291383 et sur celui du Conseil.\n",
            "https://www.legifrance.gouv.fr/ceta/id/CETATEXT000037291383",
        ),
        (
            "Le texte est publié sur le site de l'Agence à l'adresse http://ansm.sante.fr/S-\n"
            "informer/Points-d-information/baclofene-rtu.html pour tous les prescripteurs.\n",
            "http://ansm.sante.fr/S-informer/Points-d-information/baclofene-rtu.html",
        ),
    ],
)
def test_url_broken_over_two_lines_is_rejoined(source: str, url: str) -> None:
    (text,) = paragraphs(source)
    assert url in text.split()


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    source = (
        "La recommandation temporaire d'utilisation permet d'encadrer une pres\u00ad\n"
        "cription qui se faisait jusque-là hors de toute autorisation.\n"
    )
    (text,) = paragraphs(source)
    assert "d'encadrer une prescription qui se faisait" in text
    assert "\u00ad" not in text


def test_markup_and_escape_sequences_are_kept_literally_as_data() -> None:
    line = "Le texte [bold]gras[/] et \x1b[31mrouge\x1b[0m reste tel quel, [/] compris."
    parsed = parse_bytes((line + "\n").encode("utf-8"), "markup.txt")
    assert [passage.text for passage in parsed.passages] == [line]
    assert parsed.document.clean_text == line
