"""Reads for exports and loads: the annotated corpus streamed in a fixed order.

Exports must not grow in memory with the corpus, so everything here walks a cursor and yields
one passage (or one annotation) at a time. The order is the one a re-export must reproduce
byte for byte: documents in import order, passages by position, annotations by (created, id).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

import sqlite_utils

from annotator.store.annotations import ANNOTATION_FIELDS, annotation_from_row
from annotator.store.documents import passage_from_row
from schemas import Annotation, Passage, Relation

RELATION_FIELDS = ("id", "type", "source", "target", "reviewer", "created")
"""Columns of a relation row, in the order the history and the loader use."""

_P_COLUMNS = 'p.id, p.document, p.seq, p.start, p."end", p.kind, p.text'
_A_COLUMNS = ", ".join(f'a."{name}"' for name in ANNOTATION_FIELDS)
_R_COLUMNS = ", ".join(f'r."{name}"' for name in RELATION_FIELDS)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which annotations an export keeps; None means no restriction."""

    document: str | None = None
    concepts: tuple[str, ...] | None = None
    """Concept ids (a concept and its descendants, expanded by the caller)."""
    reviewer: str | None = None
    include_untagged: bool = False
    """Also yield passages none of whose annotations pass the filter (``--all``)."""

    def annotation_sql(self) -> tuple[str, list[Any]]:
        """SQL conditions on ``a`` (annotations) for the concept and reviewer filters."""
        conditions: list[str] = []
        params: list[Any] = []
        if self.concepts is not None:
            conditions.append(f"a.concept IN ({', '.join('?' for _ in self.concepts)})")
            params.extend(self.concepts)
        if self.reviewer is not None:
            conditions.append("a.reviewer = ?")
            params.append(self.reviewer)
        return "".join(f" AND {condition}" for condition in conditions), params


@dataclass(frozen=True, slots=True)
class ExportedPassage:
    """A passage with the annotations (and relations from them) an export keeps."""

    passage: Passage
    annotations: list[Annotation] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportedDocument:
    """A document's clean text with all its passages, each with the annotations kept.

    Formats that write whole documents (brat, CoNLL, W3C, XMI) anchor spans in ``text``:
    a passage's annotation at ``start`` is at ``passage.start + start`` in the document.
    One document is held at a time, so memory follows the largest document, not the corpus.
    """

    id: str
    title: str
    source_url: str | None
    languages: tuple[str, ...]
    text: str
    passages: list[ExportedPassage]


@dataclass(frozen=True, slots=True)
class ExportedAnnotation:
    """One annotation with what a flat table needs around it: document title and labels."""

    annotation: Annotation
    document: str
    title: str
    seq: int
    label_fr: str
    label_en: str


class ExportReadsMixin:
    """Store methods that stream the annotated corpus for exports and check loads."""

    db: sqlite_utils.Database

    def count_exported_passages(self, selection: ExportFilter) -> int:
        """How many passages ``exported_passages`` yields (for a progress bar's length)."""
        where, params = self._passage_where(selection)
        sql = f"SELECT COUNT(*) FROM passages p WHERE 1 = 1{where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def exported_passages(self, selection: ExportFilter) -> Iterator[ExportedPassage]:
        """Passages in reading order with their kept annotations, streamed from one cursor.

        A LEFT JOIN sorted by passage then (created, id) lets ``groupby`` cut the rows into
        passages without holding more than one passage's annotations.
        """
        where, params = self._passage_where(selection)
        condition, join_params = selection.annotation_sql()
        sql = (
            f"SELECT {_P_COLUMNS}, {_A_COLUMNS} FROM passages p "
            "JOIN documents d ON d.id = p.document "
            f"LEFT JOIN annotations a ON a.passage = p.id{condition} "
            f"WHERE 1 = 1{where} "
            "ORDER BY d.imported, d.rowid, p.seq, a.created, a.id"
        )
        width = 7
        rows = self.db.execute(sql, [*join_params, *params])
        for _, group in groupby(rows, key=lambda row: row[0]):
            batch = list(group)
            passage = passage_from_row(batch[0][:width])
            annotations = [
                annotation_from_row(row[width:]) for row in batch if row[width] is not None
            ]
            relations = self._relations_from([annotation.id for annotation in annotations])
            yield ExportedPassage(passage, annotations, relations)

    def count_exported_documents(self, selection: ExportFilter) -> int:
        """How many documents ``exported_documents`` yields."""
        sql = "SELECT COUNT(*) FROM documents WHERE ? IN (id, '')"
        return int(self.db.execute(sql, [selection.document or ""]).fetchone()[0])

    def exported_documents(self, selection: ExportFilter) -> Iterator[ExportedDocument]:
        """Every document (or the one ``selection`` names) in import order, one at a time.

        All passages come, tagged or not: a document-shaped format needs the whole text.
        """
        order = "SELECT id FROM documents WHERE ? IN (id, '') ORDER BY imported, rowid"
        ids = [row[0] for row in self.db.execute(order, [selection.document or ""])]
        for document_id in ids:
            _, title, source_url, languages, text = self.db.execute(
                "SELECT id, title, source_url, languages, clean_text FROM documents WHERE id = ?",
                [document_id],
            ).fetchone()
            passages = self.exported_passages(
                replace(selection, document=document_id, include_untagged=True)
            )
            yield ExportedDocument(
                document_id, title, source_url, tuple(json.loads(languages)), text, list(passages)
            )

    def exported_annotations(self, selection: ExportFilter) -> Iterator[ExportedAnnotation]:
        """Kept annotations in export order, each with its document title and concept labels."""
        condition, params = selection.annotation_sql()
        sql = (
            f"SELECT {_A_COLUMNS}, p.document, d.title, p.seq, c.label_fr, c.label_en "
            "FROM annotations a JOIN passages p ON p.id = a.passage "
            "JOIN documents d ON d.id = p.document JOIN concepts c ON c.id = a.concept "
            f"WHERE 1 = 1{condition}"
        )
        if selection.document is not None:
            sql += " AND p.document = ?"
            params.append(selection.document)
        sql += " ORDER BY d.imported, d.rowid, p.seq, a.created, a.id"
        width = len(ANNOTATION_FIELDS)
        for row in self.db.execute(sql, params):
            document, title, seq, label_fr, label_en = row[width:]
            yield ExportedAnnotation(
                annotation_from_row(row[:width]), document, title, seq, label_fr, label_en
            )

    def count_exported_annotations(self, selection: ExportFilter) -> int:
        """How many rows ``exported_annotations`` yields."""
        condition, params = selection.annotation_sql()
        sql = (
            "SELECT COUNT(*) FROM annotations a JOIN passages p ON p.id = a.passage "
            f"WHERE 1 = 1{condition}"
        )
        if selection.document is not None:
            sql += " AND p.document = ?"
            params.append(selection.document)
        return int(self.db.execute(sql, params).fetchone()[0])

    def relation(self, relation_id: str) -> Relation | None:
        """One relation by id, or None (a load compares what it brings with what is there)."""
        sql = f"SELECT {_R_COLUMNS} FROM relations r WHERE r.id = ?"
        row = self.db.execute(sql, [relation_id]).fetchone()
        return relation_from_row(row) if row else None

    def concept_ids(self) -> set[str]:
        """Ids of every concept in the database (a load checks each annotation's concept)."""
        return {row[0] for row in self.db.execute("SELECT id FROM concepts")}

    def _relations_from(self, annotation_ids: list[str]) -> list[Relation]:
        """Relations starting from these annotations, by (created, id)."""
        if not annotation_ids:
            return []
        marks = ", ".join("?" for _ in annotation_ids)
        sql = (
            f"SELECT {_R_COLUMNS} FROM relations r WHERE r.source IN ({marks}) "
            "ORDER BY r.created, r.id"
        )
        return [relation_from_row(row) for row in self.db.execute(sql, annotation_ids)]

    @staticmethod
    def _passage_where(selection: ExportFilter) -> tuple[str, list[Any]]:
        """Conditions on ``p`` (passages): the document, and having a kept annotation."""
        where = ""
        params: list[Any] = []
        if selection.document is not None:
            where += " AND p.document = ?"
            params.append(selection.document)
        if not selection.include_untagged:
            condition, extra = selection.annotation_sql()
            where += f" AND EXISTS (SELECT 1 FROM annotations a WHERE a.passage = p.id{condition})"
            params.extend(extra)
        return where, params


def insert_relation(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Insert a relation row given as a dict of its columns (``RELATION_FIELDS``)."""
    columns = ", ".join(f'"{name}"' for name in RELATION_FIELDS)
    db.execute(
        f"INSERT INTO relations ({columns}) VALUES (?, ?, ?, ?, ?, ?)",
        [row[name] for name in RELATION_FIELDS],
    )


def relation_from_row(row: tuple[Any, ...]) -> Relation:
    return Relation.model_construct(**dict(zip(RELATION_FIELDS, row, strict=True)))
