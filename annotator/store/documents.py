"""Documents and passages in the database: import (idempotent) and reading in order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlite_utils

from annotator.clock import now
from corpus import ParsedDocument
from schemas import Passage, PassageKind

PASSAGE_BATCH = 2000
"""Passages written per ``executemany`` call; keeps memory flat on big documents."""

_PASSAGE_COLUMNS = 'id, document, seq, start, "end", kind, text'
_P_PASSAGE_COLUMNS = 'p.id, p.document, p.seq, p.start, p."end", p.kind, p.text'


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one document did."""

    document: str
    title: str
    passages: int
    added: bool
    """False when the document was already in the database (nothing was written)."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document as listed: its id, title and progress."""

    id: str
    title: str
    path: str
    passages: int
    annotated: int
    languages: tuple[str, ...]


class DocumentsMixin:
    """Store methods for documents and passages."""

    db: sqlite_utils.Database

    def add_document(self, parsed: ParsedDocument, reviewer: str) -> ImportResult:
        """Write a parsed document and its passages, unless a document with its id exists.

        Call inside ``db.atomic()`` to make a batch of files one transaction.
        """
        document = parsed.document
        info = document.info
        result = ImportResult(document.id, info.title, len(parsed.passages), added=False)
        if self.db.execute("SELECT 1 FROM documents WHERE id = ?", [document.id]).fetchone():
            return result
        self.db.execute(
            "INSERT INTO documents (id, path, title, languages, kind, source_url, date, note, "
            "encoding, layout, source_text, clean_text, source_map, passage_count, imported, "
            "imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                document.id,
                document.path,
                info.title,
                json.dumps(list(info.languages)),
                info.kind,
                info.source_url,
                info.date,
                info.note,
                document.encoding,
                document.layout.value,
                document.source_text,
                document.clean_text,
                json.dumps(document.source_map, separators=(",", ":")),
                len(parsed.passages),
                now(),
                reviewer,
            ],
        )
        rows = [
            (p.id, p.document, p.seq, p.start, p.end, p.kind.value, p.text) for p in parsed.passages
        ]
        for offset in range(0, len(rows), PASSAGE_BATCH):
            self.db.conn.executemany(
                f"INSERT INTO passages ({_PASSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows[offset : offset + PASSAGE_BATCH],
            )
        return ImportResult(document.id, info.title, len(parsed.passages), added=True)

    def add_documents(self, parsed: Iterable[ParsedDocument], reviewer: str) -> list[ImportResult]:
        """Write several documents in one transaction: all of them or, on any error, none."""
        with self.db.atomic():
            return [self.add_document(document, reviewer) for document in parsed]

    def documents(self) -> list[DocumentSummary]:
        """Every document with its progress, in import order."""
        rows = self.db.execute(
            "SELECT d.id, d.title, d.path, d.passage_count, d.languages, "
            "(SELECT COUNT(DISTINCT a.passage) FROM passages p JOIN annotations a "
            " ON a.passage = p.id WHERE p.document = d.id) "
            "FROM documents d ORDER BY d.imported, d.rowid"
        ).fetchall()
        return [
            DocumentSummary(id_, title, path, count, annotated, tuple(json.loads(languages)))
            for id_, title, path, count, languages, annotated in rows
        ]

    def passages(self, document: str | None = None) -> Iterator[Passage]:
        """Passages in reading order (documents in import order), streamed from the database."""
        sql = f"SELECT {_P_PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document"
        params: list[str] = []
        if document is not None:
            sql += " WHERE p.document = ?"
            params.append(document)
        sql += " ORDER BY d.imported, d.rowid, p.seq"
        for row in self.db.execute(sql, params):
            yield passage_from_row(row)

    def passage(self, passage_id: str) -> Passage | None:
        """One passage by id, or None."""
        return fetch_passage(self.db, passage_id)

    def has_document(self, document_id: str) -> bool:
        """Whether a document with this id was imported."""
        sql = "SELECT 1 FROM documents WHERE id = ?"
        return self.db.execute(sql, [document_id]).fetchone() is not None


def fetch_passage(db: sqlite_utils.Database, passage_id: str) -> Passage | None:
    """One passage by id, or None."""
    sql = f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE id = ?"
    row = db.execute(sql, [passage_id]).fetchone()
    return passage_from_row(row) if row else None


def passage_from_row(row: tuple[str, str, int, int, int, str, str]) -> Passage:
    id_, document, seq, start, end, kind, text = row
    return Passage.model_construct(
        id=id_, document=document, seq=seq, start=start, end=end, kind=PassageKind(kind), text=text
    )
