"""Relations: typed links between two annotations, the one home of the entity in the store.

Each command is one user action in the append-only history (so undo and redo cover it) and
returns the row it committed. A relation is checked against the scheme's relation types
before anything is written: its type exists, its two ends are different annotations that
exist and whose concepts the type allows, and the same link is not drawn twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from annotator.clock import now
from annotator.errors import UserError
from annotator.store.concepts import ConceptsMixin
from annotator.store.documents import SUPERSEDED_DOCUMENTS
from annotator.store.history import Change, change
from annotator.store.team import Condition, TeamMixin
from schemas import Action, ConceptScheme, Relation, RelationType

RELATION_COLUMNS = ("id", "type", "source", "target", "reviewer", "created", "note")
"""Every column of a relation row, in the order ``relation_from_row`` takes them: what the
native JSONL export writes and a load stages, writes and compares, so one list serves all."""

_COLUMNS = ", ".join(f'"{name}"' for name in RELATION_COLUMNS)
_END_FIELDS = ("annotation", "concept", "document", "seq", "quote")
_DETAIL_COLUMNS = ", ".join(
    [
        *(f'r."{name}"' for name in RELATION_COLUMNS),
        *(f"{side}_{name}" for side in ("source", "target") for name in _END_FIELDS[1:]),
    ]
)


_CURRENT_ENDS = (
    f" AND r.source_document NOT IN ({SUPERSEDED_DOCUMENTS})"
    f" AND r.target_document NOT IN ({SUPERSEDED_DOCUMENTS})"
)
"""Relations whose two ends are on current versions: one with an end left on a replaced version
(an orphan) is not shown until the orphan is placed."""


@dataclass(frozen=True, slots=True)
class RelationEnd:
    """One end of a relation as a reader sees it: which annotation, of what, and where."""

    annotation: str
    concept: str
    document: str
    seq: int
    """The passage's position in its document, from 0 (the UI shows § seq + 1)."""
    quote: str


@dataclass(frozen=True, slots=True)
class LinkedRelation:
    """A relation with both of its ends, for listings, the argument map and graph exports."""

    relation: Relation
    source: RelationEnd
    target: RelationEnd


class RelationsMixin(ConceptsMixin, TeamMixin):
    """Store methods for relations (listed as the store's viewer may see them)."""

    def relate(
        self, source: str, target: str, type_id: str, reviewer: str, note: str | None = None
    ) -> Relation:
        """Link annotation ``source`` to ``target`` with a relation type of the scheme."""
        relation_type = self._relation_type(type_id)
        concepts = dict(
            self.db.execute(
                "SELECT id, concept FROM annotations WHERE id IN (?, ?)", [source, target]
            ).fetchall()
        )
        for end in (source, target):
            if end not in concepts:
                raise UserError(f"no annotation {end!r}")
        if source == target:
            raise UserError(f"a relation links two annotations, not annotation {source} to itself")
        self._check_ends(relation_type, concepts[source], concepts[target])
        twin = self.db.execute(
            "SELECT id FROM relations WHERE source = ? AND target = ? AND type = ?",
            [source, target, type_id],
        ).fetchone()
        if twin is not None:
            raise UserError(f"relation {twin[0]} already links {source} to {target} as {type_id!r}")
        relation = Relation(
            id=str(uuid.uuid4()),
            type=type_id,
            source=source,
            target=target,
            reviewer=reviewer,
            created=now(),
            note=note if note and note.strip() else None,
        )
        row = relation.model_dump()
        with change(self.db, reviewer) as current:
            insert_relation(self.db, row)
            current.record(Action.CREATE, relation.id, None, row, entity="relations")
        return relation

    def unrelate(self, relation_id: str, reviewer: str) -> Relation:
        """Remove a relation; the history keeps what it was."""
        relation = self.relation(relation_id)
        if relation is None:
            raise UserError(f"no relation {relation_id!r} (list them with `annotator relations`)")
        with change(self.db, reviewer) as current:
            self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])
            current.record(
                Action.DELETE, relation_id, relation.model_dump(), None, entity="relations"
            )
        return relation

    def relation(self, relation_id: str) -> Relation | None:
        """One relation by id, or None."""
        sql = f"SELECT {_COLUMNS} FROM relations WHERE id = ?"
        row = self.db.execute(sql, [relation_id]).fetchone()
        return relation_from_row(row) if row else None

    def relations(
        self, document: str | None = None, type: str | None = None, reviewer: str | None = None
    ) -> list[Relation]:
        """Relations, oldest first: those with an end in ``document`` (a link across two
        documents is listed with each), of ``type``, made by ``reviewer``."""
        return [linked.relation for linked in self.linked_relations(document, type, reviewer)]

    def linked_relations(
        self, document: str | None = None, type: str | None = None, reviewer: str | None = None
    ) -> list[LinkedRelation]:
        """What ``relations`` lists, each with both ends' concept, passage and quote."""
        conditions: list[str] = []
        params: list[Any] = []
        for condition, value in (
            ("? IN (source_document, target_document)", document),
            ("r.type = ?", type),
            ("r.reviewer = ?", reviewer),
        ):
            if value is not None:
                conditions.append(condition)
                params.append(value)
        where = "".join(f" AND {condition}" for condition in conditions)
        seen = self.only_visible_relations("r")
        sql = (
            f"SELECT {_DETAIL_COLUMNS} FROM relation_details r "
            f"WHERE 1 = 1{where}{seen.sql}{_CURRENT_ENDS} "
            "ORDER BY r.created, r.id"
        )
        return [_linked_from_row(row) for row in self.db.execute(sql, [*params, *seen.params])]

    def linked_passages(self, passage_id: str) -> set[str]:
        """The passages at the other end of the links of a passage's annotations: an untag
        there takes those links along, which changes how those passages look too."""
        half = (
            "SELECT other.passage FROM annotations a JOIN relations r ON r.{near} = a.id "
            "JOIN annotations other ON other.id = r.{far} WHERE a.passage = ?"
        )
        ends = (("source", "target"), ("target", "source"))
        sql = " UNION ".join(half.format(near=near, far=far) for near, far in ends)
        return {row[0] for row in self.db.execute(sql, [passage_id, passage_id])}

    def _relation_type(self, type_id: str) -> RelationType:
        """The scheme's relation type of that id, or a UserError listing the ones there are."""
        scheme = self.scheme
        found = scheme.relation_type(type_id)
        if found is not None:
            return found
        if not scheme.relation_types:
            raise UserError(
                f"no relation type {type_id!r}: the scheme has none; `annotator scheme set "
                "--bundled` brings the bundled ones (or add [[relation_types]] to your scheme "
                "file and `scheme set` it)"
            )
        raise UserError(
            f"no relation type {type_id!r} in the scheme (its types: {_type_ids(scheme)})"
        )

    def _check_ends(self, relation_type: RelationType, source: str, target: str) -> None:
        """Refuse ends whose concepts the type's restriction (sub-concepts included) leaves out."""
        refused = end_refusal(self.scheme, relation_type, source, target)
        if refused is not None:
            raise UserError(f"relation type {refused}")


def type_refusal(scheme: ConceptScheme, type_id: str) -> str | None:
    """Why a loaded relation may not have type ``type_id`` (not one of the scheme's), or None.

    A load names the types there are, as ``relate`` does: the usual mistake is a typo or a
    type of another scheme.
    """
    if scheme.relation_type(type_id) is not None:
        return None
    known = _type_ids(scheme)
    return f"type {type_id!r} is not a relation type of the scheme (its types: {known})"


def _type_ids(scheme: ConceptScheme) -> str:
    """The scheme's relation type ids, for a refusal to list what there is."""
    return ", ".join(kind.id for kind in scheme.relation_types) or "none"


def end_refusal(
    scheme: ConceptScheme, relation_type: RelationType, source: str, target: str
) -> str | None:
    """Why a link of this type may not go from a ``source`` concept to a ``target`` concept,
    as ``'TYPE' starts from an annotation of ...``, or None: ``relate`` and the loads say it
    alike, each with what comes before (which relation, which line)."""
    allowed = scheme.allowed_ends(relation_type)
    named = (relation_type.from_concepts, relation_type.to_concepts)
    for side, concept, kept, listed in zip(
        ("starts from", "points to"), (source, target), allowed, named, strict=True
    ):
        if kept is not None and listed is not None and concept not in kept:
            return (
                f"{relation_type.id!r} {side} an annotation of {' or '.join(listed)} "
                f"(or a sub-concept), not of {concept!r}"
            )
    return None


def insert_relation(
    db: sqlite_utils.Database, row: dict[str, Any], *, replace: bool = False
) -> None:
    """Insert a relation row given as a dict of its columns (``RELATION_COLUMNS``); with
    ``replace``, over the row of the same id (a redo puts back what an undo took). A row the
    history recorded before relations had notes has no ``note``: it had none."""
    db.execute(
        f"INSERT {'OR REPLACE ' if replace else ''}INTO relations ({_COLUMNS}) "
        f"VALUES ({', '.join('?' for _ in RELATION_COLUMNS)})",
        [row.get(name) for name in RELATION_COLUMNS],
    )


def delete_relations_of(db: sqlite_utils.Database, annotation_id: str, current: Change) -> None:
    """Delete the relations that start from or point to an annotation, recording each in
    ``current``: the annotation's removal takes them along in the same user action, so no
    relation ever points at a missing annotation and one undo brings them all back."""
    sql = f"SELECT {_COLUMNS} FROM relations WHERE source = ? OR target = ? ORDER BY created, id"
    for row in db.execute(sql, [annotation_id, annotation_id]).fetchall():
        relation = relation_from_row(row)
        db.execute("DELETE FROM relations WHERE id = ?", [relation.id])
        current.record(Action.DELETE, relation.id, relation.model_dump(), None, entity="relations")


def window_links(
    db: sqlite_utils.Database, document: str, first_seq: int, last_seq: int, seen: Condition
) -> list[LinkedRelation]:
    """The relations with an end in passages ``first_seq..last_seq`` of a document, oldest
    first: the passage list reads them with its window of passages, in one query (through the
    annotations of the window, so the indexes on ``source`` and ``target`` serve it). ``seen``
    keeps those its reader may see (``TeamMixin.only_visible_relations`` of ``r``)."""
    window = (
        "SELECT a.id FROM annotations a JOIN passages p ON p.id = a.passage "
        "WHERE p.document = ? AND p.seq BETWEEN ? AND ?"
    )
    sql = (
        f"SELECT {_DETAIL_COLUMNS} FROM relation_details r "
        f"WHERE (r.source IN ({window}) OR r.target IN ({window})){seen.sql}{_CURRENT_ENDS} "
        "ORDER BY r.created, r.id"
    )
    params = [*[document, first_seq, last_seq] * 2, *seen.params]
    return [_linked_from_row(row) for row in db.execute(sql, params)]


def _linked_from_row(row: tuple[Any, ...]) -> LinkedRelation:
    """A relation and its ends from a ``_DETAIL_COLUMNS`` row of ``relation_details``."""
    width = len(RELATION_COLUMNS)
    ends = len(_END_FIELDS) - 1
    return LinkedRelation(
        relation_from_row(row[:width]),
        RelationEnd(row[2], *row[width : width + ends]),
        RelationEnd(row[3], *row[width + ends :]),
    )


def relation_from_row(row: tuple[Any, ...]) -> Relation:
    """A relation from its row's columns, in ``RELATION_COLUMNS`` order (checked when written)."""
    return Relation.model_construct(**dict(zip(RELATION_COLUMNS, row, strict=True)))
