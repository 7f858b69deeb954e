"""Properties of re-anchoring over any document: what is unchanged stays exactly where it was,
what moves keeps its words, and every placement's offsets hold its quote."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from annotator.anchoring import (
    Anchor,
    AnchorState,
    Placement,
    Reanchoring,
    TextPassage,
    context,
    reanchor,
)
from tests.revisions import revise

SENTENCES = [
    "Le juge administratif exerce un contrôle restreint.",
    "Il ne censure que l'erreur manifeste d'appréciation.",
    "L'Agence a modifié la recommandation temporaire d'utilisation du baclofène.",
    "La posologie maximale a été ramenée de 300 mg à 80 mg par jour.",
    "Il ressort des pièces du dossier que l'étude portait sur 200 000 patients.",
    "La requête est rejetée.",
    "« Le baclofène n'est pas dénué de risques », relève le rapporteur public.",
    "Considérant ce qui suit :",
]
"""Sentences paragraphs are made of: a few, so a quote is often in several places."""
HEADINGS = ["Sur la légalité externe", "Sur la légalité interne", "Par ces motifs", "1."]

paragraphs = st.one_of(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join),
    st.sampled_from(HEADINGS),
)
documents = st.lists(paragraphs, min_size=1, max_size=10)
seeds = st.integers(0, 2**32)


@st.composite
def annotated(draw: st.DrawFn) -> tuple[list[str], list[Anchor]]:
    """A document and annotations on it: whole-passage tags and spans anywhere."""
    texts = draw(documents)
    picks = draw(st.lists(st.tuples(st.integers(0, 999), st.integers(0, 999)), max_size=12))
    anchors: list[Anchor] = []
    for number, (first, second) in enumerate(picks):
        i = (first + second) % len(texts)
        text = texts[i]
        if first % 3 == 0:
            anchors.append(Anchor(f"a{number}", f"old-{i}", None, None, text, "", ""))
            continue
        start, end = sorted((first % len(text), second % len(text)))
        end += 1
        quote = text[start:end]
        anchors.append(
            Anchor(f"a{number}", f"old-{i}", start, end, quote, *context(text, start, end))
        )
    return texts, anchors


def passages(texts: list[str], prefix: str) -> list[TextPassage]:
    return [TextPassage(f"{prefix}-{i}", i, text) for i, text in enumerate(texts)]


def index(placement: Placement) -> int:
    assert placement.passage is not None
    return int(placement.passage.split("-")[1])


def old_index(anchor: Anchor) -> int:
    return int(anchor.passage.removeprefix("old-"))


@given(annotated())
def test_an_unchanged_text_carries_every_annotation_exactly(
    case: tuple[list[str], list[Anchor]],
) -> None:
    texts, anchors = case
    placements = list(reanchor(passages(texts, "old"), anchors, passages(texts, "new")))
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement.state is AnchorState.EXACT
        assert index(placement) == old_index(anchor)
        assert (placement.start, placement.end) == (anchor.start, anchor.end)
        assert (placement.quote, placement.prefix, placement.suffix) == (
            anchor.quote,
            anchor.prefix,
            anchor.suffix,
        )
        assert placement.score == 1.0


@given(annotated(), seeds)
def test_reordered_passages_carry_every_annotation_onto_the_same_words(
    case: tuple[list[str], list[Anchor]], seed: int
) -> None:
    texts, anchors = case
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    reordered = [texts[i] for i in order]
    placements = reanchor(passages(texts, "old"), anchors, passages(reordered, "new"))
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement.state in (AnchorState.EXACT, AnchorState.MOVED)
        new_text = reordered[index(placement)]
        assert new_text == texts[old_index(anchor)]
        assert (placement.start, placement.end) == (anchor.start, anchor.end)
        assert placement.quote == anchor.quote


INSERTED = [
    "Le requérant n'est pas fondé à soutenir que c'est à tort que le tribunal a rejeté sa demande.",
    "Il y a lieu de surseoir à statuer.",
    "L'Agence a produit un mémoire en défense.",
]
"""Sentences revisions insert."""


@given(annotated(), st.integers(1, 6), seeds)
def test_after_any_revision_a_placement_holds_its_quote(
    case: tuple[list[str], list[Anchor]], edits: int, seed: int
) -> None:
    texts, anchors = case
    draft = revise(texts, random.Random(seed), edits, INSERTED)
    new = draft.texts
    reanchoring = Reanchoring(passages(texts, "old"), passages(new, "new"))
    for anchor in anchors:
        placement = reanchoring.place(anchor)
        if placement.state is AnchorState.ORPHAN:
            assert placement.passage is None
            assert placement.quote == anchor.quote
        elif placement.start is None or placement.end is None:
            assert placement.quote == new[index(placement)]
        else:
            assert new[index(placement)][placement.start : placement.end] == placement.quote
            assert (placement.prefix, placement.suffix) == context(
                new[index(placement)], placement.start, placement.end
            )
        if placement.state in (AnchorState.EXACT, AnchorState.MOVED):
            assert placement.quote == anchor.quote
        offered = reanchoring.candidates(anchor, limit=2)
        assert len(offered) <= 2
        assert [c.score for c in offered] == sorted((c.score for c in offered), reverse=True)
