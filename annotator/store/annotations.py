"""Annotations and their history: every change is one transaction with its history entry."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from annotator.clock import now
from annotator.errors import UserError
from annotator.store.documents import SUPERSEDED_DOCUMENTS, fetch_passage
from annotator.store.history import Change, change
from annotator.store.relations import delete_relations_of
from schemas import Action, Annotation, HistoryEntry, Passage
from schemas.annotations import context

ANNOTATION_FIELDS = (
    "id",
    "passage",
    "concept",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "note",
    "reviewer",
    "created",
)
_ANNOTATION_COLUMNS = ", ".join(f'"{field}"' for field in ANNOTATION_FIELDS)


class AnnotationsMixin:
    """Store methods for annotations and the history of changes."""

    db: sqlite_utils.Database

    def tag(
        self,
        passage_id: str,
        concept_id: str,
        reviewer: str,
        *,
        start: int | None = None,
        end: int | None = None,
        note: str | None = None,
    ) -> tuple[Annotation, bool]:
        """Tag a passage, or a span of it, with a concept.

        Returns the annotation and whether it is new: tagging again what the same reviewer
        already tagged the same way returns the existing annotation and writes nothing.
        """
        passage = fetch_passage(self.db, passage_id)
        if passage is None:
            raise UserError(f"no passage {passage_id!r} (list them with `annotator passages`)")
        if self.db.execute(
            f"SELECT 1 WHERE ? IN ({SUPERSEDED_DOCUMENTS})", [passage.document]
        ).fetchone():
            raise UserError(
                f"passage {passage_id} is in a version of its document a newer one replaced: "
                "tag the current version's passages (`annotator passages` lists them)"
            )
        if self.db.execute("SELECT 1 FROM concepts WHERE id = ?", [concept_id]).fetchone() is None:
            raise UserError(
                f"no concept {concept_id!r} in the scheme (list them with `annotator concepts`)"
            )
        quote, prefix, suffix = anchor(passage, start, end)
        existing = self.db.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE passage = ? AND concept = ? "
            'AND reviewer = ? AND start IS ? AND "end" IS ?',
            [passage_id, concept_id, reviewer, start, end],
        ).fetchone()
        if existing:
            return annotation_from_row(existing), False
        annotation = Annotation(
            id=str(uuid.uuid4()),
            passage=passage_id,
            concept=concept_id,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            note=note,
            reviewer=reviewer,
            created=now(),
        )
        with change(self.db, reviewer) as current:
            insert_annotation(self.db, annotation.model_dump())
            current.record(Action.CREATE, annotation.id, None, annotation.model_dump())
        return annotation, True

    def untag(self, annotation_id: str, reviewer: str) -> Annotation:
        """Remove an annotation; the history keeps what it was."""
        annotation = self.annotation(annotation_id)
        if annotation is None:
            raise UserError(f"no annotation {annotation_id!r}")
        with change(self.db, reviewer) as current:
            delete_annotation(self.db, annotation_id, current)
            current.record(Action.DELETE, annotation_id, annotation.model_dump(), None)
        return annotation

    def annotation(self, annotation_id: str) -> Annotation | None:
        """One annotation by id, or None."""
        return fetch_annotation(self.db, annotation_id)

    def passages_of(self, annotation_ids: Iterable[str]) -> dict[str, str]:
        """The passage of each of these annotations that exists, by annotation id."""
        ids = list(annotation_ids)
        marks = ", ".join("?" for _ in ids)
        sql = f"SELECT id, passage FROM annotations WHERE id IN ({marks})"
        return dict(self.db.execute(sql, ids).fetchall()) if ids else {}

    def annotations(self, passage_id: str | None = None) -> Iterator[Annotation]:
        """Annotations, of one passage or of all, oldest first."""
        sql = f"SELECT {_ANNOTATION_COLUMNS} FROM annotations"
        params: list[str] = []
        if passage_id is not None:
            sql += " WHERE passage = ?"
            params.append(passage_id)
        for row in self.db.execute(sql + " ORDER BY created, id", params):
            yield annotation_from_row(row)

    def history(self, entity_id: str | None = None) -> Iterator[HistoryEntry]:
        """The history of changes, oldest first, optionally of one annotation or relation."""
        sql = (
            "SELECT id, at, reviewer, change, kind, target, action, entity, entity_id, before, "
            "after FROM history"
        )
        params: list[str] = []
        if entity_id is not None:
            sql += " WHERE entity_id = ?"
            params.append(entity_id)
        for row in self.db.execute(sql + " ORDER BY id", params):
            id_, at, reviewer, change_id, kind, target, action, entity, ent_id, before, after = row
            yield HistoryEntry(
                id=id_,
                at=at,
                reviewer=reviewer,
                change=change_id,
                kind=kind,
                target=target,
                action=Action(action),
                entity=entity,
                entity_id=ent_id,
                before=json.loads(before) if before else None,
                after=json.loads(after) if after else None,
            )


def fetch_annotation(db: sqlite_utils.Database, annotation_id: str) -> Annotation | None:
    """One annotation by id, or None."""
    sql = f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?"
    row = db.execute(sql, [annotation_id]).fetchone()
    return annotation_from_row(row) if row else None


def insert_annotation(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Insert an annotation row given as a dict of its columns."""
    db.execute(
        f"INSERT INTO annotations ({_ANNOTATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [row[key] for key in ANNOTATION_FIELDS],
    )


def delete_annotation(db: sqlite_utils.Database, annotation_id: str, current: Change) -> None:
    """Delete an annotation and the relations that hang on it, recording the relations."""
    delete_relations_of(db, annotation_id, current)
    db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])


def anchor(passage: Passage, start: int | None, end: int | None) -> tuple[str, str, str]:
    """Quote, prefix and suffix of a span (or of the whole passage), checking its bounds: what
    a new annotation stores, however it is made (tag, brat load)."""
    if start is None and end is None:
        return passage.text, "", ""
    if start is None or end is None:
        raise UserError("a span needs both --start and --end")
    length = len(passage.text)
    if not 0 <= start < end <= length:
        raise UserError(
            f"span {start}:{end} is outside passage {passage.id} "
            f"(offsets go from 0 to {length}, start before end)"
        )
    return (passage.text[start:end], *context(passage.text, start, end))


def annotation_from_row(row: tuple[Any, ...]) -> Annotation:
    return Annotation.model_construct(**dict(zip(ANNOTATION_FIELDS, row, strict=True)))
