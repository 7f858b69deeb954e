"""Re-anchoring on documents edited the ways real revisions edit them (issue #16).

Each test edits a small decision with ``tests.revisions.Draft``, which knows where every old
character went, and checks where each annotation lands: its new offsets against its quote, its
state, and orphans where the text is gone.
"""

from __future__ import annotations

import pytest

from annotator.anchoring import (
    FUZZY_THRESHOLD,
    Anchor,
    AnchorState,
    Placement,
    Reanchoring,
    TextPassage,
    candidates,
    context,
    reanchor,
)
from annotator.anchoring.scoring import score
from corpus import parse_text
from schemas.annotations import context as stored_context
from tests.revisions import Draft, rewrap

DECISION = [
    "Conseil d'État, 5e chambre, 23 mars 2018, n° 410521",
    "Par une requête enregistrée le 12 mai 2017, l'association requérante demande au Conseil "
    "d'État d'annuler la décision du 14 mars 2017 par laquelle l'Agence nationale de sécurité "
    "du médicament a modifié la recommandation temporaire d'utilisation du baclofène. Elle "
    "soutient que cette décision est entachée d'erreur manifeste d'appréciation.",
    "Il ressort des pièces du dossier que la posologie maximale a été ramenée de 300 mg à 80 mg "
    "par jour. Le juge administratif exerce un contrôle restreint sur l'appréciation portée par "
    "l'Agence. Il ne censure que l'erreur manifeste d'appréciation.",
    "En premier lieu, l'Agence s'est fondée sur une étude pharmaco-épidémiologique portant sur "
    "plus de 200 000 patients. Cette étude a mis en évidence un risque accru d'hospitalisation "
    "et de décès aux doses élevées.",
    "En second lieu, la requérante ne conteste pas sérieusement les résultats de cette étude. Il "
    "ne ressort pas des pièces du dossier que l'Agence aurait commis une erreur manifeste "
    "d'appréciation en limitant la posologie.",
    "Par ces motifs, la requête de l'association est rejetée.",
]
"""A short decision; "erreur manifeste d'appréciation" is in it three times."""

EMA = "erreur manifeste d'appréciation"


def span(texts: list[str], passage: int, quote: str, occurrence: int = 0) -> Anchor:
    """An anchor on the ``occurrence``-th ``quote`` of passage ``passage``, as tagged."""
    text = texts[passage]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Anchor(
        f"{passage}:{start}", f"old-{passage}", start, end, quote, *context(text, start, end)
    )


def whole(texts: list[str], passage: int) -> Anchor:
    """A whole-passage tag on passage ``passage``."""
    return Anchor(f"{passage}", f"old-{passage}", None, None, texts[passage], "", "")


def versions(old: list[str], new: list[str]) -> tuple[list[TextPassage], list[TextPassage]]:
    return (
        [TextPassage(f"old-{i}", i, text) for i, text in enumerate(old)],
        [TextPassage(f"new-{j}", j, text) for j, text in enumerate(new)],
    )


def placed(draft: Draft, *anchors: Anchor) -> list[Placement]:
    """The placements of ``anchors`` on the draft's new version, each checked against the
    new text: the text at its offsets is its quote, and an exact or moved one's quote is
    the old one."""
    old, new = versions(draft.old, draft.texts)
    placements = list(reanchor(old, anchors, new))
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement.annotation == anchor.id
        if placement.state is AnchorState.ORPHAN:
            assert placement.passage is None
            assert (placement.quote, placement.prefix, placement.suffix) == (
                anchor.quote,
                anchor.prefix,
                anchor.suffix,
            )
            continue
        assert placement.passage is not None
        text = draft.texts[new_index(placement)]
        if placement.start is None or placement.end is None:
            assert placement.quote == text
            continue
        assert text[placement.start : placement.end] == placement.quote
        if placement.state in (AnchorState.EXACT, AnchorState.MOVED):
            assert placement.quote == anchor.quote
    return placements


def new_index(placement: Placement) -> int:
    assert placement.passage is not None
    return int(placement.passage.removeprefix("new-"))


def where(placement: Placement) -> tuple[int, int | None, int | None] | None:
    if placement.passage is None:
        return None
    return new_index(placement), placement.start, placement.end


def truth(draft: Draft, anchor: Anchor) -> tuple[int, int | None, int | None] | None:
    """Where the revision put the anchor's text."""
    old = int(anchor.passage.removeprefix("old-"))
    if anchor.start is None or anchor.end is None:
        holder = draft.holder(old)
        return None if holder is None else (holder, None, None)
    return draft.where(old, anchor.start, anchor.end)


def test_unchanged_passages_carry_every_annotation_exactly() -> None:
    draft = Draft(DECISION)
    draft.insert(3, 0, "Sur la légalité interne. ")
    anchors = [span(DECISION, 1, "baclofène"), whole(DECISION, 5), span(DECISION, 2, EMA)]
    placements = placed(draft, *anchors)
    assert [p.state for p in placements] == [AnchorState.EXACT] * 3
    assert [where(p) for p in placements] == [truth(draft, a) for a in anchors]
    assert [p.score for p in placements] == [1.0] * 3


def test_a_typo_fixed_inside_a_span_moves_it_onto_the_new_words() -> None:
    old = [*DECISION]
    old[3] = old[3].replace("épidémiologique", "épidémiologiqe")
    draft = Draft(old)
    at = old[3].index("épidémiologiqe") + len("épidémiologiq")
    draft.insert(3, at, "u")
    anchor = span(old, 3, "étude pharmaco-épidémiologiqe portant sur plus de 200 000 patients")
    (placement,) = placed(draft, anchor)
    assert placement.state is AnchorState.FUZZY
    assert placement.quote == "étude pharmaco-épidémiologique portant sur plus de 200 000 patients"
    assert where(placement) == truth(draft, anchor)
    assert FUZZY_THRESHOLD <= placement.score < 1.0


def test_a_sentence_inserted_before_a_span_moves_it_with_its_words() -> None:
    draft = Draft(DECISION)
    draft.insert(2, 0, "Sur le bien-fondé de la décision attaquée. ")
    anchors = [span(DECISION, 2, "300 mg à 80 mg"), span(DECISION, 2, EMA)]
    placements = placed(draft, *anchors)
    assert [p.state for p in placements] == [AnchorState.MOVED] * 2
    assert [where(p) for p in placements] == [truth(draft, a) for a in anchors]


def test_a_span_whose_surroundings_were_rewritten_stays_on_its_words() -> None:
    # nothing around the span is left, but its words are there once, where the alignment of
    # its paragraph carries them
    draft = Draft(DECISION)
    text = DECISION[2]
    for before, after in [
        ("Le juge administratif exerce un ", "Le Conseil d'État n'opère qu'un "),
        (" sur l'appréciation portée par l'Agence.", " de la légalité de la décision prise."),
    ]:
        at = draft.text(2).index(before)
        draft.replace(2, at, at + len(before), after)
    anchor = span(DECISION, 2, "contrôle restreint")
    (placement,) = placed(draft, anchor)
    assert placement.state is AnchorState.MOVED
    assert where(placement) == truth(draft, anchor)
    assert placement.score < FUZZY_THRESHOLD
    assert text != draft.texts[2]


def test_a_deleted_sentence_orphans_its_spans_but_not_its_neighbours() -> None:
    draft = Draft(DECISION)
    sentence = "Le juge administratif exerce un contrôle restreint sur l'appréciation portée par "
    sentence += "l'Agence. "
    start = DECISION[2].index(sentence)
    draft.delete(2, start, start + len(sentence))
    gone = span(DECISION, 2, "contrôle restreint")
    kept = span(DECISION, 2, "posologie maximale")
    after = span(DECISION, 2, EMA)
    placements = placed(draft, gone, kept, after)
    assert [p.state for p in placements] == [
        AnchorState.ORPHAN,
        AnchorState.MOVED,
        AnchorState.MOVED,
    ]
    assert [where(p) for p in placements[1:]] == [truth(draft, kept), truth(draft, after)]
    assert placements[0].score == 0.0


def test_a_paragraph_that_lost_a_sentence_keeps_its_tag() -> None:
    draft = Draft(DECISION)
    sentence = " Elle soutient que cette décision est entachée d'erreur manifeste d'appréciation."
    start = DECISION[1].index(sentence)
    draft.delete(1, start, start + len(sentence))
    (placement,) = placed(draft, whole(DECISION, 1))
    assert placement.state is AnchorState.FUZZY
    assert where(placement) == (1, None, None)
    assert placement.score == pytest.approx(len(draft.texts[1]) / len(DECISION[1]), abs=0.01)


def test_a_dropped_paragraph_orphans_its_tags_and_spans() -> None:
    draft = Draft(DECISION)
    draft.drop(3)
    placements = placed(draft, whole(DECISION, 3), span(DECISION, 3, "risque accru"))
    assert [p.state for p in placements] == [AnchorState.ORPHAN] * 2


def test_merged_paragraphs_carry_their_spans_and_whole_passage_tags() -> None:
    draft = Draft(DECISION)
    draft.merge(3)
    anchors = [
        whole(DECISION, 3),
        whole(DECISION, 4),
        span(DECISION, 3, "200 000 patients"),
        span(DECISION, 4, "ne conteste pas sérieusement"),
    ]
    placements = placed(draft, *anchors)
    assert [where(p) for p in placements] == [truth(draft, a) for a in anchors]
    assert [p.state for p in placements] == [AnchorState.FUZZY] * 2 + [AnchorState.MOVED] * 2
    assert {p.passage for p in placements} == {"new-3"}
    assert placements[0].score == placements[1].score == 1.0


def test_a_split_paragraph_keeps_its_tag_on_the_part_holding_most() -> None:
    draft = Draft(DECISION)
    draft.split(1, DECISION[1].index(" Elle soutient"))
    anchors = [whole(DECISION, 1), span(DECISION, 1, EMA), span(DECISION, 1, "baclofène")]
    placements = placed(draft, *anchors)
    assert [where(p) for p in placements] == [
        (1, None, None),
        *map(truth, [draft] * 2, anchors[1:]),
    ]
    assert placements[0].state is AnchorState.FUZZY
    assert placements[0].score == pytest.approx(len(draft.texts[1]) / len(DECISION[1]), abs=0.01)
    assert placements[1].passage == "new-2"


def test_moved_paragraphs_are_found_where_they_went() -> None:
    draft = Draft(DECISION)
    draft.move(4, 1)
    draft.move(4, 2)  # now old passages 0, 4, 3, 1, 2, 5
    edited = DECISION[2].index("restreint")
    draft.replace(4, edited, edited + len("restreint"), "limité")
    anchors = [span(DECISION, 4, "résultats de cette étude"), whole(DECISION, 4)]
    anchors += [span(DECISION, 3, "risque accru"), span(DECISION, 3, "doses élevées")]
    placements = placed(draft, *anchors)
    assert [p.state for p in placements] == [AnchorState.EXACT] * 4
    assert [where(p) for p in placements] == [truth(draft, a) for a in anchors]


def test_a_paragraph_moved_and_edited_takes_its_spans_along() -> None:
    draft = Draft(DECISION)
    at = DECISION[3].index("plus de")
    draft.insert(3, at, "les données de ")
    draft.move(3, 5)
    anchors = [span(DECISION, 3, "risque accru d'hospitalisation"), whole(DECISION, 3)]
    placements = placed(draft, *anchors)
    assert [p.state for p in placements] == [AnchorState.MOVED, AnchorState.FUZZY]
    assert [where(p) for p in placements] == [truth(draft, a) for a in anchors]


def test_rewrapped_lines_change_no_passage() -> None:
    old = parse_text(rewrap(DECISION, 60), "v1.txt", "utf-8").passages
    new = parse_text(rewrap(DECISION, 95), "v2.txt", "utf-8").passages
    texts = [passage.text for passage in old]
    assert texts == DECISION
    anchors = [span(texts, 1, "recommandation temporaire d'utilisation"), whole(texts, 0)]
    placements = list(
        reanchor(
            [TextPassage(f"old-{p.seq}", p.seq, p.text) for p in old],
            anchors,
            [TextPassage(f"new-{p.seq}", p.seq, p.text) for p in new],
        )
    )
    assert [p.state for p in placements] == [AnchorState.EXACT] * 2
    assert [(p.passage, p.start, p.end) for p in placements] == [
        ("new-1", anchors[0].start, anchors[0].end),
        ("new-0", None, None),
    ]


def test_a_quote_there_twice_goes_where_its_context_is() -> None:
    # the three sentences of the paragraph in another order: the alignment cannot carry
    # the spans, the text around each occurrence tells them apart
    text = DECISION[4]
    first, second = text.split(" Il ne ressort")
    reordered = "Il ne ressort" + second + " " + first + " Il en va de même de l'" + EMA + "."
    draft = Draft([*DECISION[:4], text, *DECISION[5:]])
    draft.replace(4, 0, len(text), reordered)
    old_text = DECISION[2]
    ours = span(DECISION, 4, EMA)
    neighbour = span(DECISION, 2, EMA)
    new = draft.texts
    placements = placed(draft, ours, neighbour)
    assert placements[0].state is AnchorState.MOVED
    assert new[4][placements[0].start or 0 :].startswith(EMA + " en limitant")
    assert placements[1].state is AnchorState.EXACT
    assert old_text == new[2]


def test_a_quote_whose_sentence_is_deleted_does_not_move_onto_its_twin() -> None:
    text = DECISION[2]
    sentence = " Il ne censure que l'erreur manifeste d'appréciation."
    start = text.index(sentence)
    twice = text[:start] + " Il relève l'" + EMA + "." + sentence
    draft = Draft([*DECISION[:2], twice, *DECISION[3:]])
    cut = twice.index(" Il relève")
    draft.delete(2, cut, cut + len(" Il relève l'" + EMA + "."))
    gone, kept = span(draft.old, 2, EMA, 0), span(draft.old, 2, EMA, 1)
    placements = placed(draft, gone, kept)
    assert [p.state for p in placements] == [AnchorState.ORPHAN, AnchorState.MOVED]
    assert where(placements[1]) == truth(draft, kept)


def test_a_placement_keeps_the_context_a_new_tag_would() -> None:
    draft = Draft(DECISION)
    draft.insert(1, 0, "Vu la procédure suivante : ")
    old = [span(DECISION, 1, "baclofène"), span(DECISION, 4, "la posologie")]
    for placement in placed(draft, *old):
        assert placement.start is not None
        assert placement.end is not None
        text = draft.texts[new_index(placement)]
        assert (placement.prefix, placement.suffix) == stored_context(
            text, placement.start, placement.end
        )


def test_an_orphan_is_offered_the_best_places_even_below_the_threshold() -> None:
    draft = Draft(DECISION)
    before = "un risque accru d'hospitalisation et de décès aux doses élevées."
    start = DECISION[3].index(before)
    draft.replace(3, start, start + len(before), "davantage de décès.")
    anchor = span(DECISION, 3, "un risque accru d'hospitalisation")
    old, new = versions(draft.old, draft.texts)
    (placement,) = reanchor(old, [anchor], new)
    assert placement.state is AnchorState.ORPHAN
    offered = candidates(anchor, old, new, limit=2)
    assert len(offered) == 2
    assert offered[0].passage == "new-3"
    assert offered[0].score >= offered[1].score
    assert offered[0].score < FUZZY_THRESHOLD
    for candidate in offered:
        text = draft.texts[int(candidate.passage.removeprefix("new-"))]
        assert candidate.start is not None
        assert text[candidate.start : candidate.end] == candidate.quote


def test_a_whole_passage_orphan_is_offered_the_passages_most_like_it() -> None:
    draft = Draft(DECISION)
    draft.replace(3, 0, len(DECISION[3]), "En premier lieu, l'Agence s'est fondée sur une étude.")
    anchor = whole(DECISION, 3)
    old, new = versions(draft.old, draft.texts)
    assert next(reanchor(old, [anchor], new)).state is AnchorState.ORPHAN
    offered = Reanchoring(old, new).candidates(anchor, limit=3)
    assert offered[0].passage == "new-3"
    assert all(c.start is None and c.quote == draft.texts[int(c.passage[4:])] for c in offered)
    assert offered == sorted(offered, key=lambda c: -c.score)


# --- the threshold ------------------------------------------------------------------------


RIGHT = {
    "typo fixed in the quote": (3, "étude pharmaco-épidémiologique", [("logique", "logiqe")]),
    "word changed in the quote": (
        1,
        "modifié la recommandation temporaire",
        [("modifié", "révisé")],
    ),
    "sentence inserted before": (2, "posologie maximale", [("Il ressort", "En fait, il ressort")]),
    "word changed in the prefix": (4, "résultats de cette étude", [("sérieusement", "utilement")]),
    "words changed on both sides": (
        2,
        "300 mg à 80 mg",
        [("ramenée", "abaissée"), ("par jour", "quotidiens")],
    ),
    "accent fixed in a short quote": (5, "rejetée", [("ée", "ee")]),
    "apostrophe retyped": (1, "l'association requérante", [("l'association", "l’association")]),
}
"""Realistic small edits at or near an annotated span: (passage, quote, edits), each edit
putting new text in the place of the first occurrence of the old in that passage."""

WRONG = {
    "the quote in another sentence": (EMA, 2, 4),
    "the quote in another paragraph": ("l'Agence", 2, 3),
    "a similar sentence elsewhere": ("Il ne ressort pas des pièces du dossier", 4, 2),
    "a short quote elsewhere": ("requête", 5, 1),
}
"""Wrong places: (quote, passage it is on, passage holding the same or a similar text)."""


@pytest.mark.parametrize("edit", list(RIGHT))
def test_the_right_place_after_a_small_edit_scores_above_the_threshold(edit: str) -> None:
    passage, quote, edits = RIGHT[edit]
    draft = Draft(DECISION)
    for before, after in edits:
        at = draft.text(passage).index(before)
        draft.replace(passage, at, at + len(before), after)
    anchor = span(DECISION, passage, quote)
    (placement,) = placed(draft, anchor)
    assert placement.state in (AnchorState.MOVED, AnchorState.FUZZY)
    assert where(placement) == truth(draft, anchor)
    assert placement.score >= FUZZY_THRESHOLD


@pytest.mark.parametrize("case", list(WRONG))
def test_a_wrong_place_scores_below_the_threshold(case: str) -> None:
    quote, passage, other = WRONG[case]
    anchor = span(DECISION, passage, quote)
    text = DECISION[other]
    similar = quote.replace("ne ressort pas", "ressort")
    start = text.find(quote) if quote in text else text.index(similar)
    end = start + (len(quote) if quote in text else len(similar))
    assert score(anchor, text, start, end, nearness=1.0) < FUZZY_THRESHOLD
