"""A French administrative decision, part by part, for the readers' and the segmenter's tests.

Each test builds a file of its format from these parts (a PDF, a Word or OpenDocument file,
a web page, a text file in each layout) and checks that every part comes back whole, in one
passage, apart from its neighbours. The parts follow the form of the Conseil d'État's decisions
since 2019 (``Considérant ce qui suit :`` and numbered points; ``OLD_STYLE`` has the older
``Considérant que ...`` paragraphs); the wording is a sample written for the tests, not the
text of the decisions they are named after.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Part:
    """One part of the decision and the label its passage gets (``pt 3``, ``art. 1``)."""

    text: str
    label: str | None = None


TITLE = "Conseil d'État, 1ère et 4ème chambres réunies, 23 mai 2018, n° 417607"

PARTS: tuple[Part, ...] = (
    Part(TITLE),
    Part("Vu la procédure suivante :"),
    Part(
        "Par une requête sommaire et un mémoire complémentaire, enregistrés les 22 janvier et "
        "20 avril 2018 au secrétariat du contentieux du Conseil d'État, l'association Collectif "
        "Baclohelp et autres demandent au Conseil d'État d'annuler pour excès de pouvoir la "
        "décision du 24 juillet 2017 par laquelle le directeur général de l'Agence nationale de "
        "sécurité du médicament et des produits de santé a modifié la recommandation temporaire "
        "d'utilisation du baclofène dans le traitement de l'alcoolo-dépendance."
    ),
    Part("Vu les autres pièces du dossier ;"),
    Part("Vu le code de la santé publique ;"),
    Part("Vu le code de justice administrative ;"),
    Part("Considérant ce qui suit :"),
    Part(
        "1. Aux termes de l'article L. 5121-12-1 du code de la santé publique, une spécialité "
        "pharmaceutique peut faire l'objet d'une prescription non conforme à son autorisation "
        "de mise sur le marché en l'absence de spécialité de même principe actif, de même "
        "dosage et de même forme pharmaceutique disposant d'une autorisation de mise sur le "
        "marché ou d'une autorisation temporaire d'utilisation dans l'indication ou les "
        "conditions d'utilisation considérées, sous réserve qu'une recommandation temporaire "
        "d'utilisation établie par l'Agence nationale de sécurité du médicament et des produits "
        "de santé sécurise l'utilisation de cette spécialité dans cette indication ou ces "
        "conditions d'utilisation.",
        "pt 1",
    ),
    Part(
        "2. Il ressort des pièces du dossier que, par la décision attaquée, le directeur "
        "général de l'agence a ramené de 300 à 80 milligrammes par jour la posologie maximale "
        "du baclofène prescrit dans le cadre de la recommandation temporaire d'utilisation, au "
        "vu d'une étude conjointe de la Caisse nationale de l'assurance maladie, de l'agence et "
        "de l'Institut national de la santé et de la recherche médicale.",
        "pt 2",
    ),
    Part(
        "3. En premier lieu, les requérants soutiennent que la décision attaquée est entachée "
        "d'une erreur manifeste d'appréciation. Toutefois, eu égard aux risques que l'étude a "
        "mis en évidence aux doses élevées, le directeur général de l'agence n'a pas commis "
        "d'erreur manifeste d'appréciation en limitant la posologie maximale à 80 milligrammes "
        "par jour.",
        "pt 3",
    ),
    Part(
        "4. Il résulte de tout ce qui précède que la requête de l'association Collectif "
        "Baclohelp et autres doit être rejetée.",
        "pt 4",
    ),
    Part("D E C I D E :"),
    Part(
        "Article 1er : La requête de l'association Collectif Baclohelp et autres est rejetée.",
        "art. 1",
    ),
    Part(
        "Article 2 : La présente décision sera notifiée à l'association Collectif Baclohelp, "
        "première dénommée, et à l'Agence nationale de sécurité du médicament et des produits "
        "de santé.",
        "art. 2",
    ),
)

OLD_STYLE: tuple[Part, ...] = (
    Part("Conseil d'État, Section, 7 février 2003, n° 241745"),
    Part("Vu la requête, enregistrée le 12 décembre 2001 au secrétariat du contentieux ;"),
    Part("Vu les autres pièces du dossier ;"),
    Part(
        "Considérant que l'article L. 5121-8 du code de la santé publique subordonne la "
        "commercialisation d'une spécialité pharmaceutique à une autorisation de mise sur le "
        "marché ;",
        "cons. 1",
    ),
    Part(
        "Considérant qu'il ressort des pièces du dossier que la décision attaquée n'est pas "
        "entachée d'erreur manifeste d'appréciation ;",
        "cons. 2",
    ),
    Part("D E C I D E :"),
    Part("Article 1er : La requête est rejetée.", "art. 1"),
)


def paragraphs(parts: tuple[Part, ...] = PARTS) -> list[str]:
    """The parts' texts, in order."""
    return [part.text for part in parts]
