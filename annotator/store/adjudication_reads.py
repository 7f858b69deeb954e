"""Reading what adjudication needs, a window of passages at a time: which passages are
disputed and which resolved (the walk in reading order, and the count behind ``k of n
resolved``), and the rows that ``adjudication_tally`` judges item by item.

Scale: a corpus may hold a million annotations. Nothing here loads them all. The walk reads
passages in windows that start small (the first disputed passage is usually near, and the
screen must show it within a second) and grow, through the indexes on ``passages(document,
seq)``, ``annotations(passage)``, ``relations(source)`` and ``adjudications(gold, item)``.
How a passage stands is worked out in SQL (``_STATES``: the rules of ``adjudication_tally``,
grouped by item), so only a row per passage comes back to Python, and SQLite lets go of
Python's lock while it works: the count of a whole corpus runs in a thread without making the
screen wait. The screen's detail of one passage and the copy of agreed items, which need
every item's verdict, read the rows (``read_window``) and judge them with ``tally``; the
tests check that both ways say the same.

In scope are the current versions of documents (``superseded_by IS NULL``) and annotations
that are anchored (``anchor`` is not 'orphan'); a relation counts when both its ends do.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import sqlite_utils

from annotator.store.adjudication_tally import Key, LinkKey, Row, State, Tally, tally

FIRST_WINDOW = 32
"""Passages read at once when the walk starts: the first disputed one is usually among them."""

LARGEST_WINDOW = 2048
"""Passages read at once at most (the window doubles up to it)."""

IN_SCOPE = "anchor IS NOT 'orphan'"
"""The annotations adjudication considers: anchored ones (see the module)."""

_ITEMS = (
    'SELECT p.seq, p.id, a.id, a.concept, a.start, a."end", a.reviewer, j.decision '
    "FROM passages p JOIN annotations a ON a.passage = p.id "
    "LEFT JOIN adjudications j ON j.gold = ? AND j.item = a.id "
    f"WHERE p.document = ? AND p.seq BETWEEN ? AND ? AND a.{IN_SCOPE}"
)
_STATES = f"""
WITH compared(name) AS (SELECT value FROM json_each(:compared)),
keys(seq, passage, holders, gold, decided) AS (
    SELECT p.seq, a.passage,
           count(DISTINCT CASE WHEN a.reviewer IN compared THEN a.reviewer END),
           max(a.reviewer = :gold),
           max(a.reviewer IN compared AND j.item IS NOT NULL)
    FROM passages p JOIN annotations a ON a.passage = p.id
    LEFT JOIN adjudications j ON j.gold = :gold AND j.item = a.id
    WHERE p.document = :document AND p.seq BETWEEN :first AND :last AND a.{IN_SCOPE}
    GROUP BY a.passage, a.concept, a.start, a."end"
    UNION ALL
    SELECT p.seq, s.passage,
           count(DISTINCT CASE WHEN r.reviewer IN compared THEN r.reviewer END),
           max(r.reviewer = :gold),
           max(r.reviewer IN compared AND j.item IS NOT NULL)
    FROM passages p JOIN annotations s ON s.passage = p.id
    JOIN relations r ON r.source = s.id JOIN annotations t ON t.id = r.target
    JOIN passages tp ON tp.id = t.passage JOIN documents td ON td.id = tp.document
    LEFT JOIN adjudications j ON j.gold = :gold AND j.item = r.id
    WHERE p.document = :document AND p.seq BETWEEN :first AND :last AND s.{IN_SCOPE}
      AND t.{IN_SCOPE} AND td.superseded_by IS NULL
    GROUP BY s.passage, r.type, s.concept, s.start, s."end", t.passage, t.concept, t.start,
             t."end"
)
SELECT seq, passage,
       max(holders > 0 AND holders < :needed),
       min(holders = 0 OR holders >= :needed OR decided OR gold)
FROM keys GROUP BY passage ORDER BY seq
"""
"""How each annotated passage of a window stands, by position: disputed (an item of a
compared reviewer that not all of them have: fewer ``holders`` than ``needed``), and every
such item settled (decided for one of its reviewers, or in gold). ``needed`` is the number
of compared reviewers, at least 2 (one reviewer agrees with nobody)."""

_LINKS = (
    'SELECT p.seq, s.passage, r.id, r.reviewer, r.type, s.concept, s.start, s."end", '
    't.passage, t.concept, t.start, t."end", j.decision '
    "FROM passages p JOIN annotations s ON s.passage = p.id "
    "JOIN relations r ON r.source = s.id JOIN annotations t ON t.id = r.target "
    "JOIN passages tp ON tp.id = t.passage JOIN documents td ON td.id = tp.document "
    "LEFT JOIN adjudications j ON j.gold = ? AND j.item = r.id "
    f"WHERE p.document = ? AND p.seq BETWEEN ? AND ? AND s.{IN_SCOPE} AND t.{IN_SCOPE} "
    "AND td.superseded_by IS NULL"
)


@dataclass(frozen=True, slots=True)
class Scope:
    """What is adjudicated: into which gold layer, comparing whom, over which documents.

    Compared, in each document, are the ``candidates`` that have an annotation in it (all
    reviewers but the gold one, unless a list was chosen): a team that shares documents out
    in pairs is compared pair by pair, and a reviewer who never opened a document does not
    make everything in it a dispute.
    """

    gold: str
    candidates: tuple[str, ...]
    documents: tuple[str, ...]
    """Current versions, in reading order (import order), or the one chosen."""
    _compared: dict[str, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def compared(self, db: sqlite_utils.Database, document: str) -> frozenset[str]:
        """The candidates with an annotation in ``document`` (asked once per document)."""
        known = self._compared.get(document)
        if known is None:
            present = (
                "SELECT 1 FROM passages p JOIN annotations a ON a.passage = p.id "
                f"WHERE p.document = ? AND +a.reviewer = ? AND a.{IN_SCOPE} LIMIT 1"
            )
            known = frozenset(
                name
                for name in self.candidates
                if db.execute(present, [document, name]).fetchone() is not None
            )
            self._compared[document] = known
        return known


@dataclass(frozen=True, slots=True)
class Place:
    """A passage the walk found, and how it stands."""

    document: str
    seq: int
    passage: str
    state: State


@dataclass(frozen=True, slots=True)
class Found:
    """An annotated passage with the verdict on each of its items."""

    document: str
    seq: int
    passage: str
    tally: Tally

    @property
    def state(self) -> State:
        return self.tally.state


@dataclass(frozen=True, slots=True)
class Progress:
    """Which passages are disputed, and which of them resolved."""

    disputed: frozenset[str]
    resolved: frozenset[str]


def reviewers_with_work(db: sqlite_utils.Database) -> list[str]:
    """Everyone who has an annotation, by name: one step of the reviewer index per name (a
    skip scan), not a pass over a million annotations."""
    rows = db.execute(
        "WITH RECURSIVE names(name) AS (SELECT min(reviewer) FROM annotations UNION ALL "
        "SELECT (SELECT min(reviewer) FROM annotations WHERE reviewer > name) FROM names "
        "WHERE name IS NOT NULL) SELECT name FROM names WHERE name IS NOT NULL"
    )
    return [row[0] for row in rows]


def current_documents(db: sqlite_utils.Database) -> tuple[str, ...]:
    """The current version of every document, in reading order."""
    rows = db.execute(
        "SELECT id FROM documents WHERE superseded_by IS NULL ORDER BY imported, rowid"
    )
    return tuple(row[0] for row in rows)


def read_window(
    db: sqlite_utils.Database, scope: Scope, document: str, first: int, last: int
) -> list[Found]:
    """The passages ``first..last`` of ``document`` that hold annotations, by position, each
    with its tally (disputed or not)."""
    compared = scope.compared(db, document)
    items: defaultdict[int, list[Row[Key]]] = defaultdict(list)
    ids: dict[int, str] = {}
    for seq, passage, id_, concept, start, end, reviewer, decision in db.execute(
        _ITEMS, [scope.gold, document, first, last]
    ):
        ids[seq] = passage
        items[seq].append(Row(id_, (passage, concept, start, end), reviewer, decision))
    links: defaultdict[int, list[Row[LinkKey]]] = defaultdict(list)
    for row in db.execute(_LINKS, [scope.gold, document, first, last]):
        seq, passage, id_, reviewer, type_, concept, start, end, *target, decision = row
        key: LinkKey = (
            type_,
            (passage, concept, start, end),
            (target[0], target[1], target[2], target[3]),
        )
        links[seq].append(Row(id_, key, reviewer, decision))
    return [
        Found(document, seq, ids[seq], tally(compared, scope.gold, items[seq], links[seq]))
        for seq in sorted(ids)
    ]


def window_states(
    db: sqlite_utils.Database, scope: Scope, document: str, first: int, last: int
) -> list[Place]:
    """How the annotated passages ``first..last`` of ``document`` stand, by position."""
    compared = sorted(scope.compared(db, document))
    rows = db.execute(
        _STATES,
        {
            "compared": json.dumps(compared),
            "needed": max(len(compared), 2),
            "gold": scope.gold,
            "document": document,
            "first": first,
            "last": last,
        },
    )
    return [
        Place(document, seq, passage, State(bool(disputed), bool(disputed and settled)))
        for seq, passage, disputed, settled in rows
    ]


def walk(
    db: sqlite_utils.Database,
    scope: Scope,
    after: tuple[str, int] | None = None,
    forward: bool = True,
) -> Iterator[Place]:
    """The disputed passages in reading order (backwards unless ``forward``), starting past
    passage ``after`` = (document, seq), or at the very start (end) of the scope."""
    documents = list(scope.documents if forward else reversed(scope.documents))
    position = None
    if after is not None and after[0] in documents:
        documents = documents[documents.index(after[0]) :]
        position = after[1]
    for document in documents:
        for found in _walk_document(db, scope, document, position, forward):
            if found.state.disputed:
                yield found
        position = None


def _walk_document(
    db: sqlite_utils.Database, scope: Scope, document: str, after: int | None, forward: bool
) -> Iterator[Place]:
    """Every annotated passage of a document past position ``after``, in windows that grow."""
    count = _length(db, document)
    size = FIRST_WINDOW
    if forward:
        first = 0 if after is None else after + 1
        while first < count:
            yield from window_states(db, scope, document, first, first + size - 1)
            first += size
            size = min(size * 2, LARGEST_WINDOW)
    else:
        last = count - 1 if after is None else after - 1
        while last >= 0:
            yield from reversed(window_states(db, scope, document, max(last - size + 1, 0), last))
            last -= size
            size = min(size * 2, LARGEST_WINDOW)


def every_window(db: sqlite_utils.Database, scope: Scope) -> Iterator[list[Found]]:
    """Every annotated passage of the scope, disputed or not, in reading order, with the
    verdict on each item, a window of the largest size at a time."""
    for document in scope.documents:
        for first in range(0, _length(db, document), LARGEST_WINDOW):
            yield read_window(db, scope, document, first, first + LARGEST_WINDOW - 1)


def progress(
    db: sqlite_utils.Database, scope: Scope, stop: Callable[[], bool] = lambda: False
) -> Progress | None:
    """Every disputed passage of the scope and the resolved ones among them; None if ``stop``
    said so between two windows (the screen closed, or a newer count started)."""
    disputed: set[str] = set()
    resolved: set[str] = set()
    for document in scope.documents:
        for first in range(0, _length(db, document), LARGEST_WINDOW):
            if stop():
                return None
            for place in window_states(db, scope, document, first, first + LARGEST_WINDOW - 1):
                if place.state.disputed:
                    disputed.add(place.passage)
                    if place.state.resolved:
                        resolved.add(place.passage)
    return Progress(frozenset(disputed), frozenset(resolved))


def _length(db: sqlite_utils.Database, document: str) -> int:
    """One past the last position of a document's passages."""
    (last,) = db.execute("SELECT max(seq) FROM passages WHERE document = ?", [document]).fetchone()
    return 0 if last is None else int(last) + 1


def passage_found(db: sqlite_utils.Database, scope: Scope, passage: str) -> Found | None:
    """One passage with the verdict on each item, or None if it is not in the scope (gone,
    or in a document outside it)."""
    place = _place(db, scope, passage)
    if place is None:
        return None
    found = read_window(db, scope, place[0], place[1], place[1])
    return found[0] if found else Found(*place, passage, tally(frozenset(), "", [], []))


def passage_state(db: sqlite_utils.Database, scope: Scope, passage: str) -> State | None:
    """How one passage stands, or None if it is not in the scope."""
    place = _place(db, scope, passage)
    if place is None:
        return None
    states = window_states(db, scope, place[0], place[1], place[1])
    return states[0].state if states else State(disputed=False, resolved=False)


def _place(db: sqlite_utils.Database, scope: Scope, passage: str) -> tuple[str, int] | None:
    row = db.execute("SELECT document, seq FROM passages WHERE id = ?", [passage]).fetchone()
    return (row[0], row[1]) if row is not None and row[0] in scope.documents else None
