"""The argument map: a document's links drawn as a forest of reasoning, conclusions first.

The relations of a document are those with an end in it; a relation from or to another
document (a law-review note commenting a decision) brings that other end in, so the map shows
what the note says about the decision. Links are not followed further into the other document:
the map is of this document's reasoning, and stays the size of its links.

Roots are the conclusions: annotations that something points at and that point at nothing
(they support, attack, apply… no other annotation). Beneath a node come the sources of the
relations that point at it (what supports, attacks, applies, rephrases… it), each with the
relation on the edge. Every relation is drawn as exactly one line. A node is drawn in full the
first time it is reached; reached again (a diamond, two conclusions sharing a premise) it is a
one-line reference marked ``AGAIN``, and an ancestor reached from below (a cycle) is marked
``CYCLE``: nothing loops and the map stays as long as the relations are many. Links that form a
pure cycle have no conclusion; their earliest annotation is taken as a root so no link is left
out.

Order is deterministic, so the map reads the same each time: the mapped document before the
others (those by id), then passage order, then the relation's creation time.

Nothing here touches the database or the screen: the UI hands in ``LinkedRelation`` rows and
draws the ``MapRow`` lines it gets back, one line each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from annotator.store import LinkedRelation, RelationEnd
from schemas import Relation


class Mark(Enum):
    """Whether a line draws its node in full or refers to where it is drawn already."""

    FIRST = ""
    """Drawn here, with what bears on it beneath."""
    AGAIN = "(again)"
    """Drawn in full on an earlier line: a node reached by two paths."""
    CYCLE = "↺ see above"
    """An ancestor of this line: the links go round in a circle here."""


@dataclass(frozen=True, slots=True)
class MapRow:
    """One line of the map: a node, the relation joining it to its parent line, its mark."""

    depth: int
    """0 for a conclusion, 1 for what bears on it directly, and so on."""
    guide: str
    """The tree's branch drawing before the node (``├─ ``, ``│  └─ ``…), empty for a root."""
    node: RelationEnd
    relation: Relation | None
    """The link from this node to its parent line's node; None on a root."""
    mark: Mark


BRANCH, LAST_BRANCH = "├─ ", "└─ "
RAIL, GAP = "│  ", "   "


def argument_map(relations: Iterable[LinkedRelation], document: str) -> list[MapRow]:
    """The lines of the map of ``document`` from its relations (those with an end in it)."""
    ends: dict[str, RelationEnd] = {}
    incoming: defaultdict[str, list[LinkedRelation]] = defaultdict(list)
    sources: set[str] = set()
    for linked in relations:
        ends[linked.source.annotation] = linked.source
        ends[linked.target.annotation] = linked.target
        incoming[linked.target.annotation].append(linked)
        sources.add(linked.source.annotation)

    def place(end: RelationEnd) -> tuple[bool, str, int]:
        return (end.document != document, end.document, end.seq)

    for edges in incoming.values():
        edges.sort(key=lambda edge: (*place(edge.source), edge.relation.created, edge.relation.id))
    by_place = sorted(ends.values(), key=lambda end: (*place(end), end.annotation))
    rows: list[MapRow] = []
    drawn: set[str] = set()
    for root in (end for end in by_place if end.annotation not in sources):
        _draw_tree(root, incoming, drawn, rows)
    for end in by_place:  # what is left is in pure cycles: no conclusion to start from
        if end.annotation not in drawn:
            _draw_tree(end, incoming, drawn, rows)
    return rows


def _draw_tree(
    root: RelationEnd,
    incoming: dict[str, list[LinkedRelation]],
    drawn: set[str],
    rows: list[MapRow],
) -> None:
    """Append the lines of the tree under ``root``, depth first.

    Iterative rather than recursive: a chain of thousands of links is a legitimate map and must
    not hit Python's recursion limit. The stack holds the lines still to draw, each with the
    rails of its ancestors and the path from the root (to tell a cycle from a second path).
    """
    stack: list[tuple[RelationEnd, Relation | None, str, str, tuple[str, ...]]] = [
        (root, None, "", "", ())
    ]
    while stack:
        node, relation, guide, rails, path = stack.pop()
        key = node.annotation
        if key in path:
            mark = Mark.CYCLE
        elif key in drawn:
            mark = Mark.AGAIN
        else:
            mark = Mark.FIRST
        rows.append(MapRow(len(path), guide, node, relation, mark))
        if mark is not Mark.FIRST:
            continue
        drawn.add(key)
        children = incoming.get(key, [])
        below = (*path, key)
        for index in reversed(range(len(children))):
            linked = children[index]
            last = index == len(children) - 1
            child_guide = rails + (LAST_BRANCH if last else BRANCH)
            child_rails = rails + (GAP if last else RAIL)
            stack.append((linked.source, linked.relation, child_guide, child_rails, below))
