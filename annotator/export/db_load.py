"""Merging another annotator database of the same corpus (``annotator load OTHER.db``).

Work done apart (two reviewers in two copies of the corpus, a laptop on a train) comes
together by loading one database into the other: its annotations, relations, document
statuses and adjudications, ids kept. Its rows are checked here against this database (each
annotation's concept is in this scheme and its passage here, each relation's type is in this
scheme, each status's document and each decision's passage are here), then go through the
same staging, cross checks and all-or-nothing write as a JSONL load (``loading.merge``): a row
already here with the same content is skipped, the same id with other content refuses the
whole load, and each reviewer's part is one change in the history that they can undo.

"Of the same corpus": the documents are not brought along. A document the other database's
work is on must have been imported here (passages are identified by a hash of their
document, position and text, so the same file imported in both gives the same ids); one that
is missing is refused, naming the document and the file to import. Copying documents would
bring the other side's reading of a file (its reader, cleaning and cut into passages) into
this database unasked, and outside the history (an import is no change that undo reverts),
so a merge could no longer be undone whole by its reviewers; importing the file is one
command, and shows the user what enters the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import Any, NoReturn

from annotator.export.loading import Batch, LoadResult, Phase, fail, merge, silent
from annotator.store import Store
from annotator.store.merge_source import MergeSource, absent
from annotator.store.relations import type_refusal
from annotator.store.staging import (
    ADJUDICATIONS,
    ANNOTATIONS,
    LOADED_TABLES,
    RELATIONS,
    STATUSES,
    loaded_columns,
)

CHUNK_ROWS = 5000
"""Rows read, checked and staged at a time."""

_CONCEPT, _PASSAGE = (loaded_columns(ANNOTATIONS).index(name) for name in ("concept", "passage"))
_TYPE, _SOURCE, _TARGET = (
    loaded_columns(RELATIONS).index(name) for name in ("type", "source", "target")
)
_STATUS_DOCUMENT = loaded_columns(STATUSES).index("document")
_DECIDED_PASSAGE = loaded_columns(ADJUDICATIONS).index("passage")

Rows = list[tuple[Any, ...]]


def load_database(
    store: Store,
    source: MergeSource,
    on_read: Callable[[int], None] = silent,
    on_phase: Phase = silent,
) -> LoadResult:
    """Merge the work of the database ``source`` into ``store``'s, all or nothing.

    ``on_read`` is told how many rows were read (and checked) each time. Raises ``UserError``
    saying ``OTHER: reason`` for a row this database cannot take; nothing is written then.
    """
    with source.snapshot():
        return merge(store, lambda: _batches(store, source, on_read), on_phase)


def _batches(store: Store, source: MergeSource, on_read: Callable[[int], None]) -> Iterator[Batch]:
    """Every row of the tables a load writes, in their order, checked, as batches."""
    checks = _Checks(store, source)
    for table in LOADED_TABLES:
        for rows in source.rows(table, CHUNK_ROWS):
            checks.check(table, rows)
            on_read(len(rows))
            yield Batch(source.path, 0, tables={table: rows})


class _Checks:
    """What the rows of the other database must be to come here: ``check`` refuses the first
    row that is not, naming it (its id) and what to do."""

    def __init__(self, store: Store, source: MergeSource) -> None:
        self._store = store
        self._source = source
        self._concepts = store.concept_ids()
        scheme = store.scheme
        self._type_refusal = cache(partial(type_refusal, scheme))
        self._by_table: dict[str, Callable[[Rows], None]] = {
            ANNOTATIONS: self._annotations,
            RELATIONS: self._relations,
            STATUSES: self._statuses,
            ADJUDICATIONS: self._adjudications,
        }

    def check(self, table: str, rows: Rows) -> None:
        """Refuse the first of these rows of ``table`` this database cannot take."""
        self._by_table[table](rows)

    def _annotations(self, rows: Rows) -> None:
        """Concepts of this scheme, on passages of this database."""
        for row in rows:
            if row[_CONCEPT] not in self._concepts:
                self._fail(f"annotation {row[0]}: concept {row[_CONCEPT]!r} is not in the scheme")
        self._on_passages("annotation", rows, _PASSAGE)

    def _relations(self, rows: Rows) -> None:
        """Types of this scheme (as a JSONL load: whether they allow their ends' concepts is
        checked once everything is staged), each between two annotations."""
        for row in rows:
            refused = self._type_refusal(row[_TYPE])
            if refused is not None:
                self._fail(f"relation {row[0]}: {refused}")
            if row[_SOURCE] == row[_TARGET]:
                self._fail(f"relation {row[0]}: links annotation {row[_SOURCE]} to itself")

    def _statuses(self, rows: Rows) -> None:
        """On documents of this database."""
        wanted = sorted({row[_STATUS_DOCUMENT] for row in rows})
        missing = absent(self._store.db, "documents", wanted)
        first = next((row for row in rows if row[_STATUS_DOCUMENT] in missing), None)
        if first is not None:
            self._document_missing(f"document status {first[0]}", first[_STATUS_DOCUMENT])

    def _adjudications(self, rows: Rows) -> None:
        """On passages of this database."""
        self._on_passages("adjudication", rows, _DECIDED_PASSAGE)

    def _on_passages(self, noun: str, rows: Rows, column: int) -> None:
        """Refuse the first row whose passage (in ``column``) this database lacks."""
        missing = absent(self._store.db, "passages", sorted({row[column] for row in rows}))
        first = next((row for row in rows if row[column] in missing), None)
        if first is None:
            return
        where, passage = f"{noun} {first[0]}", first[column]
        place = self._source.passage(passage)
        if place is None:  # no foreign key holds an adjudication's passage
            self._fail(f"{where} is on passage {passage}, which neither database has")
        if not self._store.has_document(place.document):
            self._document_missing(where, place.document)
        self._fail(
            f"{where} is on passage {passage} (§ {place.seq + 1} of document {place.document}), "
            "which this database lacks: its copy of the document was cut into other passages "
            "(imported by another version of annotator?)"
        )

    def _document_missing(self, where: str, document: str) -> NoReturn:
        """Refuse ``where``, on a document this database lacks: which, and how to bring it."""
        origin = self._source.document(document)
        if origin is None:  # no foreign key holds a status's document
            self._fail(f"{where} is on document {document}, which neither database has")
        self._fail(
            f"{where} is on document {document} ({origin.title!r}), which this database lacks: "
            f"import its file first ({self._source.path} imported it from {origin.path}), "
            "then load again"
        )

    def _fail(self, reason: str) -> NoReturn:
        fail(self._source.path, 0, reason)
