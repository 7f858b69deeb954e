"""The writes of adjudication, inside one change: gold copies made and taken out, decisions
recorded and replaced, each with its history entry (see ``adjudication`` for the rules).

A ``GoldWriter`` lives for one command. It counts what it did and the passages it touched,
which is what the screen needs to redraw and to keep ``k of n resolved`` right.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

import sqlite_utils

from annotator.clock import now
from annotator.errors import UserError
from annotator.store.adjudication_reads import IN_SCOPE, Found, Scope
from annotator.store.adjudication_tally import K, Key, LinkKey, Verdict
from annotator.store.annotations import (
    ANNOTATION_FIELDS,
    delete_annotation,
    fetch_annotation,
)
from annotator.store.history import Change
from annotator.store.relations import RELATION_COLUMNS, insert_relation, relation_from_row
from schemas import Action, Annotation, Relation

ACCEPTED = "accepted"
REJECTED = "rejected"

DECISION_FIELDS = (
    "id",
    "gold",
    "entity",
    "item",
    "passage",
    "decision",
    "result",
    "reviewer",
    "created",
)
"""The columns of an ``adjudications`` row, as the history records it."""

_DECISION_COLUMNS = ", ".join(DECISION_FIELDS)
_ANNOTATION_COLUMNS = ", ".join(f'"{name}"' for name in ANNOTATION_FIELDS)
_INSERT_ANNOTATION = (
    f"INSERT INTO annotations ({_ANNOTATION_COLUMNS}) "
    f"VALUES ({', '.join('?' for _ in ANNOTATION_FIELDS)})"
)
_RELATION_COLUMNS = ", ".join(f'"{name}"' for name in RELATION_COLUMNS)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an accept, a reject or a tag did."""

    passages: frozenset[str]
    """The passages whose items or gold layer it changed."""
    copied: int
    """Rows it added to the gold layer."""
    decided: int
    """Decisions it recorded, changed or took back."""
    removed: int
    """Rows it took out of the gold layer."""


@dataclass(frozen=True, slots=True)
class Agreed:
    """What copying the agreed items did."""

    annotations: int
    relations: int
    skipped: int
    """Agreed items left as they were: decided already, or in the gold layer already."""


def key_of(annotation: Annotation) -> Key:
    """What makes another reviewer's annotation the same item as this one."""
    return (annotation.passage, annotation.concept, annotation.start, annotation.end)


class GoldWriter:
    """The writes of one adjudication command by ``adjudicator``, recorded in ``current``."""

    def __init__(
        self, db: sqlite_utils.Database, scope: Scope, adjudicator: str, current: Change
    ) -> None:
        self.db = db
        self.scope = scope
        self.adjudicator = adjudicator
        self.current = current
        self.created = now()
        """When everything this command writes was made: the moment of its change."""
        self.passages: set[str] = set()
        self.copied = 0
        self.decided = 0
        self.removed = 0

    def outcome(self) -> Outcome:
        """What the command did, so far."""
        return Outcome(frozenset(self.passages), self.copied, self.decided, self.removed)

    def accept(self, item: str) -> None:
        """Accept a compared reviewer's annotation or relation (see ``adjudication``)."""
        found = self._item(item)
        if isinstance(found, Relation):
            self.accept_relation(found)
        else:
            self.accept_annotation(found)

    def reject(self, item: str) -> None:
        """Reject a compared reviewer's annotation or relation (see ``adjudication``)."""
        found = self._item(item)
        if isinstance(found, Relation):
            self.reject_relation(found)
        else:
            self.reject_annotation(found)

    def _item(self, item: str) -> Annotation | Relation:
        """The annotation or relation ``item``, refused unless a compared reviewer made it
        (the gold layer's own rows are not items)."""
        found: Annotation | Relation | None = fetch_annotation(self.db, item)
        what = "annotation"
        if isinstance(found, Annotation):
            passage = found.passage
        else:
            found = self._relation(item)
            what = "relation"
            if found is None:
                raise UserError(f"no annotation or relation {item!r}")
            source = fetch_annotation(self.db, found.source)
            passage = source.passage if source is not None else ""
        compared = self.scope.compared(self.db, self._document(passage))
        if found.reviewer not in compared:
            raise UserError(
                f"{what} {item} is {found.reviewer}'s, who is not compared here "
                f"(compared: {', '.join(sorted(compared)) or 'nobody'})"
            )
        return found

    # -- annotations -----------------------------------------------------------------------

    def accept_annotation(self, annotation: Annotation) -> str:
        """Put the annotation's item into gold (unless it is there) and record it accepted
        for every compared reviewer who has it; the gold copy's id."""
        key = key_of(annotation)
        twin = self.gold_twin(key)
        if twin is None:
            twin = self.copy_annotation(key, annotation, annotation.note)
        self.decide("annotations", self.same_items(key), ACCEPTED, twin)
        return twin

    def reject_annotation(self, annotation: Annotation) -> None:
        """Record the item rejected for every compared reviewer who has it; out of gold."""
        key = key_of(annotation)
        twin = self.gold_twin(key)
        if twin is not None:
            self.drop_gold_annotation(twin)
        self.decide("annotations", self.same_items(key), REJECTED, None)

    def gold_twin(self, key: Key) -> str | None:
        """The gold layer's annotation of this item, if it has one."""
        row = self.db.execute(
            "SELECT id FROM annotations WHERE passage = ? AND +reviewer = ? AND +concept = ? "
            f'AND start IS ? AND "end" IS ? AND {IN_SCOPE} ORDER BY created, id LIMIT 1',
            [key[0], self.scope.gold, key[1], key[2], key[3]],
        ).fetchone()
        return str(row[0]) if row else None

    def copy_annotation(self, key: Key, anchor: Annotation | None, note: str | None) -> str:
        """Add the item to the gold layer, its quote and context those of ``anchor`` (the
        whole passage's when None); the new annotation's id."""
        if anchor is None:
            (quote,) = self.db.execute(
                "SELECT text FROM passages WHERE id = ?", [key[0]]
            ).fetchone()
            row = self._gold_row(key, (quote, "", ""), note)
        else:
            row = self._gold_row(key, (anchor.quote, anchor.prefix, anchor.suffix), note)
        self._write_annotations([row])
        return str(row["id"])

    def _gold_row(self, key: Key, anchor: tuple[str, str, str], note: str | None) -> dict[str, Any]:
        """A gold annotation's row: the item's key, a quote with its context, a note."""
        passage, concept, start, end = key
        quote, prefix, suffix = anchor
        return {
            "id": str(uuid.uuid4()),
            "passage": passage,
            "concept": concept,
            "start": start,
            "end": end,
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "note": note,
            "reviewer": self.scope.gold,
            "created": self.created,
        }

    def _write_annotations(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert gold annotations, each with its history entry."""
        self.db.conn.executemany(
            _INSERT_ANNOTATION, [[row[name] for name in ANNOTATION_FIELDS] for row in rows]
        )
        for row in rows:
            self.current.record(Action.CREATE, row["id"], None, row)
            self.passages.add(row["passage"])
        self.copied += len(rows)

    def drop_gold_annotation(self, annotation_id: str) -> None:
        """Take a gold annotation out, with the gold links on it and the decisions that
        pointed at them (those items are undecided again)."""
        annotation = fetch_annotation(self.db, annotation_id)
        if annotation is None:
            return
        links = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM relations WHERE source = ? OR target = ?",
                [annotation_id, annotation_id],
            )
        ]
        self.undecide([annotation_id, *links])
        delete_annotation(self.db, annotation_id, self.current)
        self.current.record(Action.DELETE, annotation_id, annotation.model_dump(), None)
        self.passages.add(annotation.passage)
        self.removed += 1 + len(links)

    def same_items(self, key: Key) -> list[tuple[str, str]]:
        """(id, passage) of every compared reviewer's annotation that is this item."""
        compared = self.scope.compared(self.db, self._document(key[0]))
        rows = self.db.execute(
            "SELECT id, reviewer FROM annotations WHERE passage = ? AND +concept = ? "
            f'AND start IS ? AND "end" IS ? AND {IN_SCOPE} ORDER BY created, id',
            [key[0], key[1], key[2], key[3]],
        )
        return [(row[0], key[0]) for row in rows if row[1] in compared]

    # -- relations -------------------------------------------------------------------------

    def accept_relation(self, relation: Relation) -> None:
        """Accept both ends, then link their gold copies (unless they are linked so) and
        record the relation accepted for every compared reviewer who drew it."""
        source, target = self._ends(relation)
        gold_source = self.accept_annotation(source)
        gold_target = self.accept_annotation(target)
        twin = self._gold_link(relation.type, gold_source, gold_target)
        if twin is None:
            twin = self._copy_relation(relation, gold_source, gold_target, relation.note)
        key = (relation.type, key_of(source), key_of(target))
        self.decide("relations", self.same_links(key), ACCEPTED, twin)

    def reject_relation(self, relation: Relation) -> None:
        """Record the relation rejected for every compared reviewer who drew it, and take
        its gold copy out (its ends stay)."""
        source, target = self._ends(relation)
        gold_source, gold_target = self.gold_twin(key_of(source)), self.gold_twin(key_of(target))
        if gold_source is not None and gold_target is not None:
            twin = self._gold_link(relation.type, gold_source, gold_target)
            if twin is not None:
                self._drop_gold_link(twin)
        key = (relation.type, key_of(source), key_of(target))
        self.decide("relations", self.same_links(key), REJECTED, None)

    def same_links(self, key: LinkKey) -> list[tuple[str, str]]:
        """(id, passage of the source) of every compared reviewer's relation that is this
        item."""
        type_id, (passage, concept, start, end), (to_passage, to_concept, to_start, to_end) = key
        compared = self.scope.compared(self.db, self._document(passage))
        rows = self.db.execute(
            "SELECT r.id, r.reviewer FROM annotations s JOIN relations r ON r.source = s.id "
            "JOIN annotations t ON t.id = r.target WHERE s.passage = ? AND +s.concept = ? "
            'AND s.start IS ? AND s."end" IS ? AND +r.type = ? AND +t.passage = ? '
            f'AND +t.concept = ? AND t.start IS ? AND t."end" IS ? AND s.{IN_SCOPE} '
            f"AND t.{IN_SCOPE} ORDER BY r.created, r.id",
            [passage, concept, start, end, type_id, to_passage, to_concept, to_start, to_end],
        )
        return [(row[0], passage) for row in rows if row[1] in compared]

    def _copy_relation(self, relation: Relation, source: str, target: str, note: str | None) -> str:
        row = Relation(
            id=str(uuid.uuid4()),
            type=relation.type,
            source=source,
            target=target,
            reviewer=self.scope.gold,
            created=self.created,
            note=note,
        ).model_dump()
        insert_relation(self.db, row)
        self.current.record(Action.CREATE, row["id"], None, row, entity="relations")
        self.copied += 1
        return str(row["id"])

    def _gold_link(self, type_id: str, source: str, target: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM relations WHERE source = ? AND target = ? AND type = ? "
            "AND +reviewer = ? LIMIT 1",
            [source, target, type_id, self.scope.gold],
        ).fetchone()
        return str(row[0]) if row else None

    def _drop_gold_link(self, relation_id: str) -> None:
        relation = self._relation(relation_id)
        if relation is None:
            return
        self.undecide([relation_id])
        self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])
        self.current.record(
            Action.DELETE, relation_id, relation.model_dump(), None, entity="relations"
        )
        self.removed += 1

    def _relation(self, relation_id: str) -> Relation | None:
        sql = f"SELECT {_RELATION_COLUMNS} FROM relations WHERE id = ?"
        row = self.db.execute(sql, [relation_id]).fetchone()
        return relation_from_row(row) if row else None

    def _ends(self, relation: Relation) -> tuple[Annotation, Annotation]:
        source = fetch_annotation(self.db, relation.source)
        target = fetch_annotation(self.db, relation.target)
        if source is None or target is None:  # a foreign key keeps both; this is a guard
            raise UserError(f"relation {relation.id} has lost an end")
        return source, target

    # -- agreed items ----------------------------------------------------------------------

    def accept_agreed(self, windows: Iterable[Sequence[Found]]) -> Agreed:
        """Copy the agreed items of these windows of passages into gold: the annotations a
        window at a time (read, written and recorded in bulk: a big corpus has hundreds of
        thousands), the relations at the end (by then every agreed end has its gold copy)."""
        annotations = skipped = 0
        links: list[tuple[LinkKey, list[str]]] = []
        for window in windows:
            copies: list[tuple[Key, list[str]]] = []
            for found in window:
                for key, ids, settled in _agreed(found.tally.items):
                    if settled:
                        skipped += 1
                    else:
                        copies.append((key, ids))
                for link_key, ids, settled in _agreed(found.tally.links):
                    if settled:
                        skipped += 1
                    else:
                        links.append((link_key, ids))
            self._copy_agreed(copies)
            annotations += len(copies)
            self.current.flush()  # a big corpus's entries are written as they come
        relations = 0
        for link_key, ids in links:
            _, source_key, target_key = link_key
            gold_source, gold_target = self.gold_twin(source_key), self.gold_twin(target_key)
            if gold_source is None or gold_target is None:  # an end was rejected
                skipped += 1
                continue
            drawn = [row for row in (self._relation(item) for item in ids) if row]
            twin = self._copy_relation(drawn[0], gold_source, gold_target, _merged_note(drawn))
            self.decide("relations", [(item, source_key[0]) for item in ids], ACCEPTED, twin)
            relations += 1
        return Agreed(annotations, relations, skipped)

    def _copy_agreed(self, copies: Sequence[tuple[Key, list[str]]]) -> None:
        """Gold copies of these agreed items, and their reviewers' annotations accepted (none
        of them has a decision yet: an item with one is skipped)."""
        wanted = [item for _, ids in copies for item in ids]
        held = {
            row[0]: _Held(*row)
            for row in self.db.execute(
                "SELECT id, quote, prefix, suffix, reviewer, note FROM annotations "
                "WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(wanted)],
            )
        }
        gold: list[dict[str, Any]] = []
        decisions: list[dict[str, Any]] = []
        for key, ids in copies:
            rows = [held[item] for item in ids]
            first = rows[0]
            gold.append(
                self._gold_row(key, (first.quote, first.prefix, first.suffix), _merged_note(rows))
            )
            decisions.extend(
                self._decision_row("annotations", row.id, key[0], ACCEPTED, gold[-1]["id"], None)
                for row in rows
            )
        self._write_annotations(gold)
        self._write_decisions([(None, row) for row in decisions])

    # -- decisions -------------------------------------------------------------------------

    def decide(
        self, entity: str, items: Sequence[tuple[str, str]], decision: str, result: str | None
    ) -> None:
        """Record ``decision`` on each (item, passage), replacing an earlier different one."""
        if not items:
            return
        earlier = {row["item"]: row for row in self._decisions("item", [i for i, _ in items])}
        changed = []
        for item, passage in items:
            before = earlier.get(item)
            if before is None or (before["decision"], before["result"]) != (decision, result):
                after = self._decision_row(entity, item, passage, decision, result, before)
                changed.append((before, after))
        self._write_decisions(changed)

    def _decision_row(
        self,
        entity: str,
        item: str,
        passage: str,
        decision: str,
        result: str | None,
        before: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """A decision's row (keeping the id of the ``before`` it replaces)."""
        return {
            "id": str(before["id"]) if before is not None else str(uuid.uuid4()),
            "gold": self.scope.gold,
            "entity": entity,
            "item": item,
            "passage": passage,
            "decision": decision,
            "result": result,
            "reviewer": self.adjudicator,
            "created": self.created,
        }

    def _write_decisions(
        self, changes: Sequence[tuple[dict[str, Any] | None, dict[str, Any]]]
    ) -> None:
        """Write decisions (each replacing its ``before``, if any), with their history."""
        self.db.conn.executemany(
            f"INSERT OR REPLACE INTO adjudications ({_DECISION_COLUMNS}) "
            f"VALUES ({', '.join('?' for _ in DECISION_FIELDS)})",
            [[after[name] for name in DECISION_FIELDS] for _, after in changes],
        )
        for before, after in changes:
            action = Action.CREATE if before is None else Action.UPDATE
            self.current.record(action, after["id"], before, after, entity="adjudications")
            self.passages.add(after["passage"])
        self.decided += len(changes)

    def undecide(self, results: Sequence[str]) -> None:
        """Take back the decisions whose gold copy (``result``) is one of these rows."""
        for row in self._decisions("result", results):
            self.db.execute("DELETE FROM adjudications WHERE id = ?", [row["id"]])
            self.current.record(Action.DELETE, row["id"], row, None, entity="adjudications")
            self.passages.add(row["passage"])
            self.decided += 1

    def _decisions(self, column: str, values: Sequence[str]) -> list[dict[str, Any]]:
        """This gold layer's decisions whose ``column`` (item or result) is one of ``values``."""
        rows = self.db.execute(
            f"SELECT {_DECISION_COLUMNS} FROM adjudications WHERE gold = ? "
            f"AND {column} IN (SELECT value FROM json_each(?)) ORDER BY created, id",
            [self.scope.gold, json.dumps(list(values))],
        )
        return [dict(zip(DECISION_FIELDS, row, strict=True)) for row in rows]

    def _document(self, passage: str) -> str:
        row = self.db.execute("SELECT document FROM passages WHERE id = ?", [passage]).fetchone()
        return str(row[0]) if row else ""


def _agreed(verdicts: dict[str, Verdict[K]]) -> Iterator[tuple[K, list[str], bool]]:
    """(key, ids, settled) of each agreed item: settled when one of its reviewers' copies is
    decided already or the gold layer holds it."""
    ids: defaultdict[K, list[str]] = defaultdict(list)
    settled: defaultdict[K, bool] = defaultdict(bool)
    for item, verdict in verdicts.items():
        if verdict.agreed:
            ids[verdict.key].append(item)
            settled[verdict.key] |= verdict.decision is not None or verdict.in_gold
    for key, items in ids.items():
        yield key, items, settled[key]


class _Held(NamedTuple):
    """What a gold copy takes from its reviewers' annotations."""

    id: str
    quote: str
    prefix: str
    suffix: str
    reviewer: str
    note: str | None


class _Noted(Protocol):
    @property
    def reviewer(self) -> str: ...
    @property
    def note(self) -> str | None: ...


def _merged_note(rows: Sequence[_Noted]) -> str | None:
    """The note a gold copy of agreed items keeps: the reviewers' note when they wrote the
    same (or only one wrote one), else each reviewer's, named, a line each."""
    notes = {row.reviewer: row.note for row in rows if row.note}
    if len(set(notes.values())) <= 1:
        return next(iter(notes.values()), None)
    return "\n".join(f"{name}: {text}" for name, text in sorted(notes.items()))
