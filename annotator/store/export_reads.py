"""Reads for exports and loads: the annotated corpus streamed in a fixed order.

Exports must not grow in memory with the corpus, so everything here walks a cursor and yields
one passage (or one annotation) at a time. The order is the one a re-export must reproduce
byte for byte: documents in import order, passages by position, annotations by (created, id).
Only current versions are exported: the orphans left on a replaced version are counted apart
(``count_orphans_left_out``), and a relation to one is left out with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

import sqlite_utils

from annotator.store.annotations import ANNOTATION_FIELDS, annotation_from_row
from annotator.store.documents import (
    LEFT_BEHIND,
    ORPHAN,
    P_PASSAGE_COLUMNS,
    SUPERSEDED_DOCUMENTS,
    passage_from_row,
)
from annotator.store.relations import RELATION_COLUMNS, relation_from_row
from annotator.store.team import TeamMixin
from schemas import Annotation, Passage, Relation

ANNOTATION_CONTEXT_FIELDS = (
    "document",
    "title",
    "seq",
    "passage_label",
    "page",
    "label_fr",
    "label_en",
)
"""What ``exported_annotation_rows`` adds after an annotation's columns."""

_A_COLUMNS = ", ".join(f'a."{name}"' for name in ANNOTATION_FIELDS)
_R_COLUMNS = ", ".join(f'r."{name}"' for name in RELATION_COLUMNS)
_PASSAGE_OF_ANNOTATION = itemgetter(ANNOTATION_FIELDS.index("passage"))
_A_BY_PASSAGE = "annotations a INDEXED BY annotations_passage"
"""Annotations reached from their passage. Without statistics SQLite may prefer the reviewer
or concept index for a filtered export, and read every annotation of that reviewer or
concept once per passage."""


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


class PassageRows(NamedTuple):
    """A passage and what an export keeps of it, as the database's rows.

    ``exported_passages`` makes models of these; a writer that only copies values out (the
    JSONL export) reads them directly: it writes a million annotations several times faster
    without a pydantic object for each.
    """

    passage: tuple[Any, ...]
    """The passage's columns, in ``PASSAGE_FIELDS`` order."""
    annotations: list[tuple[Any, ...]]
    """Each kept annotation's columns, in ``ANNOTATION_FIELDS`` order, by (created, id)."""
    relations: list[tuple[Any, ...]]
    """Relations from those annotations, in ``RELATION_COLUMNS`` order, by (created, id)."""


class ExportReadsMixin(TeamMixin):
    """Store methods that stream the annotated corpus for exports and check loads: what the
    filter keeps of the work the store's viewer may see (``_kept``)."""

    db: sqlite_utils.Database

    def count_exported_passages(self, selection: ExportFilter) -> int:
        """How many passages ``exported_passages`` yields (for a progress bar's length)."""
        where, params = self._passage_where(selection)
        sql = f"SELECT COUNT(*) FROM passages p WHERE 1 = 1{where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def exported_passages(self, selection: ExportFilter) -> Iterator[ExportedPassage]:
        """Passages in reading order with their kept annotations and the relations from them."""
        for rows in self.exported_passage_rows(selection):
            yield ExportedPassage(
                passage_from_row(rows.passage),
                [annotation_from_row(row) for row in rows.annotations],
                [relation_from_row(row) for row in rows.relations],
            )

    def exported_passage_rows(self, selection: ExportFilter) -> Iterator[PassageRows]:
        """What ``exported_passages`` yields, as rows: the same passages in the same order.

        One document at a time, three queries each, all walking its passages by position
        (the (document, seq) index: SQLite only sorts each passage's annotations): the
        passages, the kept annotations, the relations from those. Merged here, so a
        passage's text is read once, not once per annotation, and memory follows the largest
        document, not the corpus. The reads line up even while others tag: a document's
        passages never change once imported.
        """
        condition, params = self._kept(selection)
        links = self.only_visible_relations("r")
        passages_sql = (
            f"SELECT {P_PASSAGE_COLUMNS} FROM passages p WHERE p.document = ? ORDER BY p.seq"
        )
        annotations_sql = (
            f"SELECT {_A_COLUMNS} FROM passages p "
            f"CROSS JOIN {_A_BY_PASSAGE} ON a.passage = p.id{condition} "
            "WHERE p.document = ? ORDER BY p.seq, a.created, a.id"
        )
        relations_sql = (
            f"SELECT a.passage, {_R_COLUMNS} FROM passages p "
            f"CROSS JOIN {_A_BY_PASSAGE} ON a.passage = p.id{condition} "
            f"CROSS JOIN relations r ON r.source = a.id{links.sql} "
            f"WHERE p.document = ? AND r.target NOT IN ({LEFT_BEHIND}) "
            "ORDER BY p.seq, r.created, r.id"
        )
        keep_untagged = selection.include_untagged
        for document in self._exported_document_ids(selection):
            relations: dict[str, list[tuple[Any, ...]]] = {}
            kept_relations = self.db.execute(relations_sql, [*params, *links.params, document])
            for passage_id, *relation in kept_relations:
                relations.setdefault(passage_id, []).append(tuple(relation))
            rows = self.db.execute(annotations_sql, [*params, document])
            groups = groupby(rows, key=_PASSAGE_OF_ANNOTATION)
            pending = next(groups, None)
            for passage in self.db.execute(passages_sql, [document]):
                if pending is not None and pending[0] == passage[0]:
                    kept = list(pending[1])
                    pending = next(groups, None)
                    yield PassageRows(passage, kept, relations.get(passage[0], []))
                elif keep_untagged:
                    yield PassageRows(passage, [], [])

    def count_exported_documents(self, selection: ExportFilter) -> int:
        """How many documents ``exported_documents`` yields."""
        sql = (
            "SELECT COUNT(*) FROM documents WHERE ? IN (id, '') "
            f"AND id NOT IN ({SUPERSEDED_DOCUMENTS})"
        )
        return int(self.db.execute(sql, [selection.document or ""]).fetchone()[0])

    def exported_documents(self, selection: ExportFilter) -> Iterator[ExportedDocument]:
        """Every document (or the one ``selection`` names) in import order, one at a time.

        All passages come, tagged or not: a document-shaped format needs the whole text.
        """
        for document_id in self._exported_document_ids(selection):
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
        width = len(ANNOTATION_FIELDS)
        for row in self.exported_annotation_rows(selection):
            document, title, seq, label_fr, label_en = row[width:]
            yield ExportedAnnotation(
                annotation_from_row(row[:width]), document, title, seq, label_fr, label_en
            )

    def exported_annotation_rows(self, selection: ExportFilter) -> Iterator[tuple[Any, ...]]:
        """What ``exported_annotations`` yields, as rows: ``ANNOTATION_FIELDS`` then
        ``ANNOTATION_CONTEXT_FIELDS``, for a flat writer that copies them out as they are.

        One query per document, walking its passages by position (CROSS JOIN fixes that
        order), so SQLite sorts only each passage's annotations.
        """
        condition, params = self._kept(selection)
        sql = (
            f"SELECT {_A_COLUMNS}, p.document, d.title, p.seq, p.label, p.page, "
            "c.label_fr, c.label_en "
            "FROM documents d CROSS JOIN passages p ON p.document = d.id "
            f"CROSS JOIN {_A_BY_PASSAGE} ON a.passage = p.id{condition} "
            "JOIN concepts c ON c.id = a.concept "
            "WHERE d.id = ? ORDER BY p.seq, a.created, a.id"
        )
        for document in self._exported_document_ids(selection):
            yield from self.db.execute(sql, [*params, document])

    def count_exported_annotations(self, selection: ExportFilter) -> int:
        """How many rows ``exported_annotations`` yields."""
        condition, params = self._kept(selection)
        sql = (
            "SELECT COUNT(*) FROM annotations a JOIN passages p ON p.id = a.passage "
            f"WHERE p.document NOT IN ({SUPERSEDED_DOCUMENTS}){condition}"
        )
        if selection.document is not None:
            sql += " AND p.document = ?"
            params.append(selection.document)
        return int(self.db.execute(sql, params).fetchone()[0])

    def count_orphans_left_out(self, selection: ExportFilter) -> int:
        """How many orphans the selection would keep, were they not orphans: annotations a new
        version of their document could not place, which exports leave out (and say so)."""
        condition, params = self._kept(selection)
        sql = f"SELECT COUNT(*) FROM annotations a WHERE a.anchor = '{ORPHAN}'{condition}"
        if selection.document is not None:
            sql += (
                " AND a.passage IN (SELECT p.id FROM passages p JOIN documents d "
                "ON d.id = p.document WHERE d.key = (SELECT key FROM documents WHERE id = ?))"
            )
            params.append(selection.document)
        return int(self.db.execute(sql, params).fetchone()[0])

    def concept_ids(self) -> set[str]:
        """Ids of every concept in the database (a load checks each annotation's concept)."""
        return {row[0] for row in self.db.execute("SELECT id FROM concepts")}

    def _exported_document_ids(self, selection: ExportFilter) -> list[str]:
        """Ids of the documents an export walks (all, or the one asked for), in import order."""
        sql = (
            "SELECT id FROM documents WHERE ? IN (id, '') "
            f"AND id NOT IN ({SUPERSEDED_DOCUMENTS}) "
            "ORDER BY imported, rowid"
        )
        return [row[0] for row in self.db.execute(sql, [selection.document or ""])]

    def _kept(self, selection: ExportFilter) -> tuple[str, list[Any]]:
        """Conditions on ``a`` (annotations): the filter's, and the viewer's (blind mode)."""
        condition, params = selection.annotation_sql()
        seen = self.only_visible("a.reviewer")
        return condition + seen.sql, [*params, *seen.params]

    def _passage_where(self, selection: ExportFilter) -> tuple[str, list[Any]]:
        """Conditions on ``p`` (passages): a current version, the document, and having a kept
        annotation."""
        where = f" AND p.document NOT IN ({SUPERSEDED_DOCUMENTS})"
        params: list[Any] = []
        if selection.document is not None:
            where += " AND p.document = ?"
            params.append(selection.document)
        if not selection.include_untagged:
            condition, extra = self._kept(selection)
            where += (
                f" AND EXISTS (SELECT 1 FROM {_A_BY_PASSAGE} WHERE a.passage = p.id{condition})"
            )
            params.extend(extra)
        return where, params
