"""The argument map's forest: conclusions first, what bears on them beneath, nothing looped.

Each test builds relations as the store hands them over and checks the map's lines as a reader
sees them: the branch drawing, the link type on the edge, the passage number, the quote, and the
mark of a node drawn already.
"""

from __future__ import annotations

from annotator.reasoning import argument_map
from annotator.store import LinkedRelation, RelationEnd
from schemas import Relation

DOC = "decision"


def end(seq: int, document: str = DOC) -> RelationEnd:
    """The annotation on passage ``seq`` (one per passage), quoting its number."""
    return RelationEnd(f"{document}-{seq}", "motif", document, seq, f"quote {seq}")


def link(source: RelationEnd, target: RelationEnd, type_id: str, created: int) -> LinkedRelation:
    relation = Relation(
        id=f"r{created}",
        type=type_id,
        source=source.annotation,
        target=target.annotation,
        reviewer="alice",
        created=f"2026-01-01T00:00:{created:02d}+00:00",
    )
    return LinkedRelation(relation, source, target)


def outline(relations: list[LinkedRelation], document: str = DOC) -> list[str]:
    """The map's lines as plain text: branch, link type, §number, quote, mark."""
    lines = []
    for row in argument_map(relations, document):
        edge = f"{row.relation.type} " if row.relation else ""
        where = "" if row.node.document == document else f"{row.node.document} "
        line = f"{row.guide}{edge}{where}§{row.node.seq + 1} «{row.node.quote}»"
        lines.append(f"{line} {row.mark.value}".rstrip())
    return lines


def test_no_relations_draw_an_empty_map() -> None:
    assert outline([]) == []


def test_support_and_attack_hang_under_the_conclusion_they_bear_on() -> None:
    holding, study, plea, rule = end(5), end(1), end(2), end(3)
    relations = [
        link(plea, holding, "attacks", 2),
        link(study, holding, "supports", 1),
        link(rule, study, "applies", 3),
    ]
    assert outline(relations) == [
        "§6 «quote 5»",
        "├─ supports §2 «quote 1»",
        "│  └─ applies §4 «quote 3»",
        "└─ attacks §3 «quote 2»",
    ]


def test_two_conclusions_are_two_roots_in_passage_order() -> None:
    relations = [
        link(end(4), end(7), "supports", 1),
        link(end(0), end(2), "attacks", 2),
    ]
    assert outline(relations) == [
        "§3 «quote 2»",
        "└─ attacks §1 «quote 0»",
        "§8 «quote 7»",
        "└─ supports §5 «quote 4»",
    ]


def test_a_diamond_draws_the_shared_premise_once_then_refers_to_it() -> None:
    top, left, right, shared, deeper = end(9), end(3), end(4), end(1), end(0)
    relations = [
        link(left, top, "supports", 1),
        link(right, top, "supports", 2),
        link(shared, left, "supports", 3),
        link(shared, right, "supports", 4),
        link(deeper, shared, "supports", 5),
    ]
    assert outline(relations) == [
        "§10 «quote 9»",
        "├─ supports §4 «quote 3»",
        "│  └─ supports §2 «quote 1»",
        "│     └─ supports §1 «quote 0»",
        "└─ supports §5 «quote 4»",
        "   └─ supports §2 «quote 1» (again)",
    ]


def test_a_cycle_under_a_conclusion_is_drawn_once_and_marked() -> None:
    conclusion, a, b = end(8), end(1), end(2)
    relations = [
        link(a, conclusion, "supports", 1),
        link(b, a, "supports", 2),
        link(a, b, "attacks", 3),
    ]
    assert outline(relations) == [
        "§9 «quote 8»",
        "└─ supports §2 «quote 1»",
        "   └─ supports §3 «quote 2»",
        "      └─ attacks §2 «quote 1» ↺ see above",
    ]


def test_a_pure_cycle_starts_at_its_earliest_passage_and_keeps_every_link() -> None:
    a, b, c = end(1), end(2), end(3)
    relations = [link(a, b, "supports", 1), link(b, c, "supports", 2), link(c, a, "supports", 3)]
    assert outline(relations) == [
        "§2 «quote 1»",
        "└─ supports §4 «quote 3»",
        "   └─ supports §3 «quote 2»",
        "      └─ supports §2 «quote 1» ↺ see above",
    ]


def test_another_documents_end_comes_in_and_sorts_after_this_documents() -> None:
    holding = end(4)
    note = end(0, "note")
    study = end(2)
    relations = [link(note, holding, "attacks", 1), link(study, holding, "supports", 2)]
    assert outline(relations) == [
        "§5 «quote 4»",
        "├─ supports §3 «quote 2»",
        "└─ attacks note §1 «quote 0»",
    ]
    # Seen from the note, the decision's holding is the other document's conclusion.
    assert outline(relations, "note")[0] == "decision §5 «quote 4»"


def test_siblings_from_one_passage_come_in_the_order_they_were_made() -> None:
    holding = end(6)
    first = RelationEnd("b-annotation", "fait", DOC, 2, "later tag")
    second = RelationEnd("a-annotation", "fait", DOC, 2, "earlier tag")
    relations = [link(first, holding, "attacks", 2), link(second, holding, "supports", 1)]
    assert outline(relations) == [
        "§7 «quote 6»",
        "├─ supports §3 «earlier tag»",
        "└─ attacks §3 «later tag»",
    ]


def test_a_chain_of_thousands_of_links_does_not_overflow() -> None:
    ends = [end(seq) for seq in range(3000)]
    relations = [link(ends[i + 1], ends[i], "supports", i % 60) for i in range(2999)]
    rows = argument_map(relations, DOC)
    assert len(rows) == 3000
    assert rows[-1].depth == 2999
