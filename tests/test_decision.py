"""A French decision's parts come out as their own passages, labelled, whatever the layout its
text arrives in; a text that is not a decision is left as the cleaner made it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus import clean, parse_text
from schemas import PassageKind
from tests.conftest import SEEDS
from tests.decision_sample import OLD_STYLE, PARTS, Part, paragraphs


def passages_of(text: str) -> list[tuple[str, str | None]]:
    parsed = parse_text(text, "decision.txt", "utf-8")
    return [(passage.text, passage.label) for passage in parsed.passages]


def expected(parts: tuple[Part, ...]) -> list[tuple[str, str | None]]:
    return [(part.text, part.label) for part in parts]


def one_per_line(parts: tuple[Part, ...]) -> str:
    return "\n".join(paragraphs(parts)) + "\n"


def wrapped(parts: tuple[Part, ...]) -> str:
    """Hard-wrapped at 70 columns, no blank line anywhere (a plain PDF extraction)."""
    return "\n".join(textwrap.fill(text, 70) for text in paragraphs(parts)) + "\n"


def spaced(parts: tuple[Part, ...]) -> str:
    """Hard-wrapped paragraphs separated by blank lines."""
    return "\n\n".join(textwrap.fill(text, 70) for text in paragraphs(parts)) + "\n"


@pytest.mark.parametrize("layout", [one_per_line, wrapped, spaced])
@pytest.mark.parametrize("parts", [PARTS, OLD_STYLE], ids=["numbered-points", "considerants"])
def test_each_part_is_one_passage_with_its_label(
    layout: Callable[[tuple[Part, ...]], str], parts: tuple[Part, ...]
) -> None:
    assert passages_of(layout(parts)) == expected(parts)


def test_parts_glued_on_one_line_are_cut_apart() -> None:
    texts = paragraphs()
    glued = [
        " ".join(texts[:3]),  # title, "Vu la procédure suivante :", the first visa
        *texts[3:12],
        " ".join(texts[12:]),  # "D E C I D E :", then both articles
    ]
    assert passages_of("\n".join(glued) + "\n") == expected(PARTS)


def test_announcing_lines_are_headings() -> None:
    parsed = parse_text(one_per_line(PARTS), "decision.txt", "utf-8")
    headings = [p.text for p in parsed.passages if p.kind is PassageKind.HEADING]
    assert {"Vu la procédure suivante :", "Considérant ce qui suit :", "D E C I D E :"} <= set(
        headings
    )


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem)
def test_a_text_that_is_not_a_decision_keeps_its_paragraphs(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    parsed = parse_text(text, seed.name, "utf-8")
    assert all(passage.label is None for passage in parsed.passages)
    cleaned = clean(text)
    assert [(p.start, p.end) for p in parsed.passages] == [
        (p.start, p.end) for p in cleaned.paragraphs
    ]


def test_a_point_number_inside_a_sentence_does_not_start_a_part() -> None:
    text = (
        "Considérant ce qui suit :\n"
        "1. Le requérant invoque l'article 3. Le ministre répond en 2017 que la demande est "
        "irrecevable.\n"
        "2. Il résulte de ce qui précède que la requête doit être rejetée.\n"
        "D E C I D E :\n"
        "Article 1er : La requête est rejetée.\n"
    )
    labels = [label for _, label in passages_of(text)]
    assert labels == [None, "pt 1", "pt 2", None, "art. 1"]
