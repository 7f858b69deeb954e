"""Documents and passages in the database: import (idempotent), reading in order, and the
rows a removal records and its undo puts back."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from annotator.clock import now
from annotator.store.team import TeamMixin
from schemas import Passage, PassageKind

if TYPE_CHECKING:  # the parsing itself is the importer's: a verb that only reads skips it
    from annotator.store.versions import Progress, Reanchored
    from corpus import ParsedDocument

FTS_BATCH = 5000
"""Passages added to the full-text index at a time during an import: fewer, bigger batches
cost less in all, smaller ones spread the work over the import (``add_documents``)."""

_UTF8_TEXT = "CAST(? AS TEXT)"
"""A parameter given as UTF-8 bytes, stored as text: ``ParsedDocument`` holds its texts so."""
PASSAGE_FIELDS = ("id", "document", "seq", "start", "end", "kind", "text", "label", "page")
"""Columns of a passage row, in the order ``passage_from_row`` takes them."""
PASSAGE_COLUMNS = ", ".join(f'"{name}"' for name in PASSAGE_FIELDS)
P_PASSAGE_COLUMNS = ", ".join(f'p."{name}"' for name in PASSAGE_FIELDS)
"""The same, of a table aliased ``p``."""
DOCUMENT_FIELDS = (
    "id",
    "path",
    "title",
    "languages",
    "kind",
    "source_url",
    "date",
    "note",
    "encoding",
    "layout",
    "source_text",
    "clean_text",
    "source_map",
    "passage_count",
    "imported",
    "imported_by",
    "format",
    "original_sha256",
    "key",
    "version",
    "superseded_by",
)
"""Every column of a document row: what the history keeps of a removed document, so that an
undo puts it back whole (a test checks the list against the table)."""
_DOCUMENT_COLUMNS = ", ".join(f'"{name}"' for name in DOCUMENT_FIELDS)

ORPHAN = "orphan"
"""The anchor state of an annotation a new version of its document could not place: it stays
on its passage of the version replaced (migration 0009)."""
CURRENT_VERSION = "superseded_by IS NULL"
"""A document row that is the current version of its document: the versions a newer one
replaced stay in the database (history, audit, orphans) but no reader shows them. For rows
found by key (the index on keys holds the column); a reader uses the lists below."""
SUPERSEDED_DOCUMENTS = "SELECT id FROM documents WHERE superseded_by IS NOT NULL"
SUPERSEDED_PASSAGES = f"SELECT id FROM passages WHERE document IN ({SUPERSEDED_DOCUMENTS})"
LEFT_BEHIND = f"SELECT id FROM annotations WHERE passage IN ({SUPERSEDED_PASSAGES})"
"""The ids of the documents, passages and annotations of versions a newer one replaced (the
annotations are orphans: re-anchoring moved every other one). A reader keeps a row whose id
is ``NOT IN`` these: SQLite lists the few superseded rows once per statement, from the index
on keys, rather than reading each row's document (whose ``superseded_by`` comes after its
texts in the row: reading it reads them)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one document did."""

    document: str
    title: str
    passages: int
    added: bool
    """False when the document was already in the database (nothing was written)."""
    split_paragraphs: int
    """Paragraphs too long for one passage (``corpus.MAX_PASSAGE_CHARS``), each cut into
    several: the user is told, as those passages are not the document's paragraphs."""
    reanchored: Reanchored | None = None
    """For a new version of a document: the version it replaced and where its annotations
    went (``VersionsMixin``)."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document as listed: its id, title and progress."""

    id: str
    title: str
    path: str
    passages: int
    annotated: int
    languages: tuple[str, ...]
    orphans: int
    """Annotations of its earlier versions that no new version could place."""
    done: tuple[str, ...] = ()
    """The reviewers who marked it finished, by name."""


class DocumentsMixin(TeamMixin):
    """Store methods for documents and passages (their progress as the store's viewer sees
    it: in blind mode, their own)."""

    db: sqlite_utils.Database
    _insert_version: Callable[[ParsedDocument, str, Progress | None], ImportResult | None]
    """Write a document as the next version of the one its key names, if one does; None
    for a document of a new key (``VersionsMixin``)."""

    def add_document(self, parsed: ParsedDocument, reviewer: str) -> ImportResult:
        """Write a parsed document and its passages, unless a document with its id exists.

        The passages are in the full-text index when this returns. Inside ``db.atomic()`` the
        document joins the caller's transaction; to write many, ``add_documents`` is faster.
        """
        return self.add_documents([parsed], reviewer)[0]

    def add_documents(
        self,
        parsed: Iterable[ParsedDocument],
        reviewer: str,
        progress: Progress | None = None,
    ) -> list[ImportResult]:
        """Write several documents in one transaction: all of them or, on any error, none.

        A document whose key (a manifest's ``id``) names one already imported becomes its next
        version, its annotations re-anchored (``progress`` follows them).

        The full-text index is filled in the same transaction, ``FTS_BATCH`` passages at a time
        (migration 0003): one ``INSERT ... SELECT`` costs a fraction of indexing passage by
        passage, and indexing as the documents come keeps the index busy while the next ones
        are being parsed.
        """
        results: list[ImportResult] = []
        with self.db.atomic():
            indexed = self._last_passage_rowid()
            unindexed = 0
            for document in parsed:
                result = self._insert_document(document, reviewer, progress)
                results.append(result)
                unindexed += result.passages if result.added else 0
                if unindexed >= FTS_BATCH:
                    indexed = self._index_passages_after(indexed)
                    unindexed = 0
            if unindexed:
                self._index_passages_after(indexed)
        return results

    def _insert_document(
        self, parsed: ParsedDocument, reviewer: str, progress: Progress | None = None
    ) -> ImportResult:
        """Write the document row and its passages, leaving the full-text index to the caller."""
        replacement = self._insert_version(parsed, reviewer, progress)
        if replacement is not None:
            return replacement
        if self.db.execute("SELECT 1 FROM documents WHERE id = ?", [parsed.id]).fetchone():
            return _import_result(parsed, added=False)
        write_document(self.db, parsed, reviewer, parsed.info.key or parsed.id)
        return _import_result(parsed, added=True)

    def _last_passage_rowid(self) -> int:
        """The highest passage rowid so far (0 when there is none).

        ``passages.rowid`` is an ``INTEGER PRIMARY KEY``: a new row always gets a higher one,
        so the rows above this are exactly those a batch adds.
        """
        return last_passage_rowid(self.db)

    def _index_passages_after(self, rowid: int) -> int:
        """Add the passages above ``rowid`` to the full-text index; the highest rowid indexed."""
        return index_passages_after(self.db, rowid)

    def documents(self) -> list[DocumentSummary]:
        """Every document (its current version) with its progress, its orphans and who finished
        it, in import order."""
        seen = self.only_visible("a.reviewer")
        finished = self.finished()
        rows = self.db.execute(
            "SELECT d.id, d.title, d.path, d.passage_count, d.languages, "
            "(SELECT COUNT(DISTINCT a.passage) FROM passages p JOIN annotations a "
            f" ON a.passage = p.id WHERE p.document = d.id{seen.sql}), "
            "(SELECT COUNT(*) FROM documents old JOIN passages p ON p.document = old.id "
            " JOIN annotations a ON a.passage = p.id "
            f" WHERE old.key = d.key AND old.id != d.id AND a.anchor = '{ORPHAN}'{seen.sql}) "
            f"FROM documents d WHERE d.id NOT IN ({SUPERSEDED_DOCUMENTS}) "
            "ORDER BY d.imported, d.rowid",
            [*seen.params, *seen.params],
        ).fetchall()
        return [
            DocumentSummary(
                id_,
                title,
                path,
                count,
                annotated,
                tuple(json.loads(languages)),
                orphans,
                finished.get(id_, ()),
            )
            for id_, title, path, count, languages, annotated, orphans in rows
        ]

    def passages(self, document: str | None = None) -> Iterator[Passage]:
        """Passages in reading order (documents in import order), streamed from the database:
        of one document (any version), or of every current version."""
        sql = f"SELECT {P_PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document"
        params: list[str] = []
        if document is not None:
            sql += " WHERE p.document = ?"
            params.append(document)
        else:
            sql += f" WHERE p.document NOT IN ({SUPERSEDED_DOCUMENTS})"
        sql += " ORDER BY d.imported, d.rowid, p.seq"
        for row in self.db.execute(sql, params):
            yield passage_from_row(row)

    def passage(self, passage_id: str) -> Passage | None:
        """One passage by id, or None."""
        return fetch_passage(self.db, passage_id)

    def passage_anchor(self, passage_id: str) -> tuple[str, str] | None:
        """A passage's document id and text, or None: what checking an annotation of it needs,
        without building a model (a load asks it for every line)."""
        sql = "SELECT document, text FROM passages WHERE id = ?"
        row = self.db.execute(sql, [passage_id]).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def document_ids(self) -> set[str]:
        """The ids of every imported document."""
        return {str(row[0]) for row in self.db.execute("SELECT id FROM documents")}

    def has_document(self, document_id: str) -> bool:
        """Whether a document with this id was imported."""
        sql = "SELECT 1 FROM documents WHERE id = ?"
        return self.db.execute(sql, [document_id]).fetchone() is not None


def last_passage_rowid(db: sqlite_utils.Database) -> int:
    """The highest passage rowid so far (0 when there is none): a passage inserted without a
    rowid gets a higher one, so the rows above it are exactly those written since."""
    return int(db.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0])


def index_passages_after(db: sqlite_utils.Database, rowid: int) -> int:
    """Add the passages above ``rowid`` to the full-text index, in one statement (migration
    0003: no trigger indexes a new passage); the highest rowid indexed."""
    db.execute(
        "INSERT INTO passages_fts (rowid, text) SELECT rowid, text FROM passages WHERE rowid > ?",
        [rowid],
    )
    return last_passage_rowid(db)


def write_document(
    db: sqlite_utils.Database, parsed: ParsedDocument, reviewer: str, key: str, version: int = 1
) -> None:
    """Write a document's row, as version ``version`` of ``key``, and its passages (the
    full-text index is the caller's: ``index_passages_after``)."""
    info = parsed.info
    db.execute(
        "INSERT INTO documents (id, path, title, languages, kind, source_url, date, note, "
        "encoding, layout, source_text, clean_text, source_map, passage_count, imported, "
        "imported_by, format, original_sha256, key, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        f"?, ?, {_UTF8_TEXT}, {_UTF8_TEXT}, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            parsed.id,
            parsed.path,
            info.title,
            json.dumps(list(info.languages)),
            info.kind,
            info.source_url,
            info.date,
            info.note,
            parsed.encoding,
            parsed.layout.value,
            parsed.source_utf8,
            parsed.clean_utf8,
            parsed.source_map_json,
            parsed.passage_count,
            now(),
            reviewer,
            parsed.format,
            parsed.original_sha256,
            key,
            version,
        ],
    )
    db.conn.executemany(  # row by row: memory stays flat on a big document
        f"INSERT INTO passages ({PASSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, {_UTF8_TEXT}, ?, ?)",
        parsed.passage_rows(),
    )


def document_row(db: sqlite_utils.Database, document_id: str) -> dict[str, Any] | None:
    """A document's row as a dict of ``DOCUMENT_FIELDS`` and its ``rowid`` (documents are
    listed in import order, ties by rowid), or None."""
    sql = f"SELECT {_DOCUMENT_COLUMNS}, rowid FROM documents WHERE id = ?"
    row = db.execute(sql, [document_id]).fetchone()
    return dict(zip((*DOCUMENT_FIELDS, "rowid"), row, strict=True)) if row else None


def passage_rows(db: sqlite_utils.Database, document_id: str) -> list[dict[str, Any]]:
    """A document's passages in reading order, each a dict of ``PASSAGE_FIELDS``."""
    sql = f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE document = ? ORDER BY seq"
    return [dict(zip(PASSAGE_FIELDS, row, strict=True)) for row in db.execute(sql, [document_id])]


def insert_document_row(db: sqlite_utils.Database, row: dict[str, Any]) -> bool:
    """Put back a document row the history kept, at its rowid if no other document took it
    since (so it is listed where it was); False if a document of its id is there (imported
    again since: the same id is the same text)."""
    if db.execute("SELECT 1 FROM documents WHERE id = ?", [row["id"]]).fetchone():
        return False
    rowid = row.get("rowid")
    if (
        rowid is not None
        and db.execute("SELECT 1 FROM documents WHERE rowid = ?", [rowid]).fetchone()
    ):
        rowid = None
    marks = ", ".join("?" for _ in DOCUMENT_FIELDS)
    db.execute(
        f"INSERT INTO documents (rowid, {_DOCUMENT_COLUMNS}) VALUES (?, {marks})",
        [rowid, *(row.get(name) for name in DOCUMENT_FIELDS)],
    )
    return True


def put_back_passages(db: sqlite_utils.Database, rows: Sequence[dict[str, Any]]) -> list[str]:
    """Put back passage rows the history kept, those not there, in one statement; their texts.

    New rowids, not the old ones: another import may have taken those since, and rowids above
    every other one tell the search engine that passages came (``search_index_version``). The
    caller adds them to the full-text index (``index_passages_after``).
    """
    present = _present(db, rows)
    missing = [row for row in rows if row["id"] not in present]
    marks = ", ".join("?" for _ in PASSAGE_FIELDS)
    db.conn.executemany(
        f"INSERT INTO passages ({PASSAGE_COLUMNS}) VALUES ({marks})",
        [[row.get(name) for name in PASSAGE_FIELDS] for row in missing],
    )
    return [row["text"] for row in missing]


def take_away_passages(db: sqlite_utils.Database, rows: Sequence[dict[str, Any]]) -> list[str]:
    """Delete the passages of rows the history kept, in one statement (the trigger takes them
    out of the full-text index); the texts of those that were there. A passage annotations
    point at raises ``sqlite3.IntegrityError`` (the foreign key), deleting nothing."""
    present = _present(db, rows)
    db.execute(
        "DELETE FROM passages WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(present))],
    )
    return [row["text"] for row in rows if row["id"] in present]


def _present(db: sqlite_utils.Database, rows: Sequence[dict[str, Any]]) -> set[str]:
    """The ids of these passage rows that are in the database."""
    ids = json.dumps([row["id"] for row in rows])
    sql = "SELECT id FROM passages WHERE id IN (SELECT value FROM json_each(?))"
    return {str(found) for (found,) in db.execute(sql, [ids])}


def _import_result(parsed: ParsedDocument, added: bool) -> ImportResult:
    return ImportResult(
        parsed.id, parsed.info.title, parsed.passage_count, added, parsed.split_paragraphs
    )


def fetch_passage(db: sqlite_utils.Database, passage_id: str) -> Passage | None:
    """One passage by id, or None."""
    sql = f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE id = ?"
    row = db.execute(sql, [passage_id]).fetchone()
    return passage_from_row(row) if row else None


def passage_from_row(row: Sequence[Any]) -> Passage:
    """A passage from a row of ``PASSAGE_FIELDS`` columns."""
    id_, document, seq, start, end, kind, text, label, page = row
    return Passage.model_construct(
        id=id_,
        document=document,
        seq=seq,
        start=start,
        end=end,
        kind=PassageKind(kind),
        text=text,
        label=label,
        page=page,
    )
