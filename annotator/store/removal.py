"""Removing a document, which undo brings back.

A document's removal is one change like any other: its entries delete the relations, then the
annotations, then each passage (entity 'passages'), then the document ('documents'), each
with the whole row before. Undo (``changes``) replays them backwards, so the document comes
back first, then its passages, then the annotations and the relations on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from annotator.errors import UserError
from annotator.store.annotations import ANNOTATION_FIELDS, annotation_from_row, delete_annotation
from annotator.store.documents import document_row, passage_rows
from annotator.store.history import change
from annotator.store.search_index import search_terms_kept
from schemas import Action, Annotation

_A_ANNOTATION_COLUMNS = ", ".join(f'a."{name}"' for name in ANNOTATION_FIELDS)
"""The columns of an annotation row, of the table aliased ``a``."""


@dataclass(frozen=True, slots=True)
class RemovedDocument:
    """What removing a document took away."""

    id: str
    title: str
    passages: int
    annotations: int
    relations: int


class RemovalMixin:
    """Store method for removing a document."""

    db: sqlite_utils.Database

    def remove_document(
        self, document_id: str, reviewer: str, *, force: bool = False
    ) -> RemovedDocument:
        """Remove a document with its passages, their full-text index rows and their words'
        counts in the search dictionary, as one change of ``reviewer`` (undo brings it all
        back). A document holding annotations is refused unless ``force``: then they go too,
        with every relation to or from them (in other documents too).
        """
        with change(self.db, reviewer) as current:  # the check and the removal in one
            document = document_row(self.db, document_id)
            if document is None:
                raise UserError(f"no document {document_id!r} (list them with `annotator docs`)")
            _refuse_removing_a_version(document)
            annotations = [
                annotation_from_row(row)
                for row in self.db.execute(
                    f"SELECT {_A_ANNOTATION_COLUMNS} FROM annotations a JOIN passages p "
                    "ON p.id = a.passage WHERE p.document = ? ORDER BY a.created, a.id",
                    [document_id],
                )
            ]
            relations = self._relations_of_document(document_id)
            if annotations and not force:
                raise UserError(_holds(document_id, annotations, relations))
            for annotation in annotations:
                delete_annotation(self.db, annotation.id, current)
                current.record(Action.DELETE, annotation.id, annotation.model_dump(), None)
            passages = passage_rows(self.db, document_id)
            with search_terms_kept(self.db) as terms:
                self.db.execute("DELETE FROM passages WHERE document = ?", [document_id])
                terms.removed.extend(row["text"] for row in passages)
            for row in passages:
                current.record(Action.DELETE, row["id"], row, None, entity="passages")
            self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])
            current.record(Action.DELETE, document_id, document, None, entity="documents")
        return RemovedDocument(
            document_id, document["title"], len(passages), len(annotations), relations
        )

    def _relations_of_document(self, document_id: str) -> int:
        """How many relations start from or point to an annotation of the document."""
        mine = (
            "SELECT a.id FROM annotations a JOIN passages p ON p.id = a.passage "
            "WHERE p.document = ?"
        )
        sql = f"SELECT count(*) FROM relations WHERE source IN ({mine}) OR target IN ({mine})"
        return int(self.db.execute(sql, [document_id, document_id]).fetchone()[0])


def _refuse_removing_a_version(document: dict[str, Any]) -> None:
    """A document with versions is not removed one version at a time: removing the current
    one would leave the earlier one pointing at nothing (and hidden from every listing), and
    removing an earlier one would lose the orphans the reviewers still have to place."""
    if document["superseded_by"] is not None:
        raise UserError(
            f"document {document['id']} is version {document['version']} of "
            f"{document['key']}, which a newer version replaced: it is kept for the history "
            "and its orphans"
        )
    if document["version"] > 1:
        raise UserError(
            f"document {document['id']} is version {document['version']} of {document['key']}: "
            "undo its import to go back to the previous version"
        )


def _holds(document_id: str, annotations: list[Annotation], relations: int) -> str:
    """Why a document holding annotations is not removed without ``--force``."""
    count = len(annotations)
    reviewers = ", ".join(sorted({annotation.reviewer for annotation in annotations}))
    links = f" and {relations} relation{'s' if relations != 1 else ''}" if relations else ""
    return (
        f"document {document_id} holds {count} annotation{'s' if count != 1 else ''} "
        f"(by {reviewers}){links}: --force removes it all"
    )
