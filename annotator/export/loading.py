"""Loading annotations back: every item checked first, then one transaction.

A load must never leave a database half-merged, and a reviewer must be told exactly which
line is wrong, so every line is checked against the database (passage, concept, span,
quote, relation type and its ends' concepts, ids already there) before anything is written:
checked rows wait in temporary tables; then one transaction copies them in, with history
entries under each row's reviewer so a load can be audited like any other change. The input
is read once and never held whole in memory.

Each format's reader (the native JSONL in ``jsonl_load``, brat in ``brat_load``, another
database in ``db_load``) turns its input into ``Batch``es and gives ``merge`` a way to read
them: ``merge`` is the one path that checks and writes, so every load refuses, skips and
records the same way.

Loading is a merge: an annotation already in the database with the same content is skipped
(loading a file twice changes nothing); the same id with other content is refused. Relations,
and the document statuses and adjudications another database brings, are merged the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, NoReturn

from annotator.errors import UserError
from annotator.store import Store
from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.database import bulk_transaction
from annotator.store.history import change
from annotator.store.relations import RELATION_COLUMNS
from annotator.store.staging import (
    ADJUDICATIONS,
    ANNOTATIONS,
    RELATIONS,
    STATUSES,
    Staging,
    staging,
)
from schemas import Annotation, ConceptScheme, Relation

ROLLBACK_JOURNAL_ROWS = 100_000
"""From this many new rows, a load writes through a rollback journal (``bulk_transaction``):
15 s saved at a million annotations, but no other program can open the database until the
commit. A smaller write is short anyway, and goes through the WAL, where readers are never
held up."""

annotation_row = attrgetter(*ANNOTATION_FIELDS)
"""An annotation's row of the annotations table, its values in ``ANNOTATION_FIELDS`` order."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did."""

    annotations: int
    """Annotations added."""
    relations: int
    """Relations added."""
    unchanged: int
    """Rows that were already in the database, identical."""
    statuses: int = 0
    """Document statuses added (only another database brings them)."""
    adjudications: int = 0
    """Adjudications added (only another database brings them)."""


@dataclass(slots=True)
class Batch:
    """What one line of the input (or a chunk of another database's rows) brings, checked.

    ``path`` and ``number`` say where it was read, for the ``FILE:LINE: reason`` of an error
    only seen across lines (an id given twice, a relation to an annotation found nowhere);
    ``number`` is 0 for an input without lines (another database): ``FILE: reason`` then.
    """

    path: Path
    number: int
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    """Checked annotations, as rows of the annotations table (``ANNOTATION_FIELDS`` order)."""
    relations: list[Relation] = field(default_factory=list)
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    """Checked rows of any table ``staging`` knows, by table, in its columns' order: what
    another database brings, read as rows already."""

    def add(self, annotation: Annotation) -> None:
        """Add a checked annotation."""
        self.rows.append(annotation_row(annotation))


Phase = Callable[[str], None]
"""Told what a load does next, for a progress display: 'checking ids', then 'writing'."""


def silent(_: object) -> None:
    """No progress display: the default of the ``on_...`` callbacks of a load."""


Reader = Callable[[], Iterator[Batch]]
"""Reads the input from its start, checking each batch against the database and raising
``UserError`` (``FILE:LINE: reason``) at the first bad one."""


def merge(store: Store, read: Reader, on_phase: Phase = silent) -> LoadResult:
    """Check every batch ``read`` yields, then write them all in one transaction.

    Checked rows wait in temporary tables (``annotator.store.staging``), so the input is read
    once and memory does not grow with it; nothing reaches the database unless every batch is
    good, so a refused load leaves it exactly as it was. What is wrong with one line stops
    the load as it is read; what only shows across lines (an id given twice or already in the
    database with other content, a relation to an annotation found nowhere or of a concept its
    type does not allow) once all is read.
    """
    with staging(store.db) as staged:
        _check(read(), staged, store.scheme, on_phase)
        on_phase("writing")
        return _write(store, staged)


def fail(path: Path, number: int, reason: str) -> NoReturn:
    """Refuse the load, saying ``FILE:LINE: reason`` (``FILE: reason`` for number 0)."""
    raise UserError(f"{path}:{number}: {reason}" if number else f"{path}: {reason}")


def first_difference(given: str, stored: str) -> int:
    """Where a text the input gives first differs from the database's: a refusal names the
    place, since the two often differ by one character in a long passage or document."""
    return next(
        (index for index, (a, b) in enumerate(zip(given, stored, strict=False)) if a != b),
        min(len(given), len(stored)),
    )


def _check(
    batches: Iterator[Batch], staged: Staging, scheme: ConceptScheme, on_phase: Phase
) -> None:
    """Stage every batch; then check across the input: ids unique in it, ids already in the
    database with the same content, relations linking annotations of the input or of the
    database, of concepts their type (in ``scheme``) allows."""
    paths: list[Path] = []
    for batch in batches:
        if not paths or paths[-1] != batch.path:
            paths.append(batch.path)
        where = (len(paths) - 1) << 32 | batch.number
        staged.stage(ANNOTATIONS, batch.rows, where)
        staged.stage(RELATIONS, [_relation_row(relation) for relation in batch.relations], where)
        for table, rows in batch.tables.items():
            staged.stage(table, rows, where)
    on_phase("checking ids")
    problem = staged.finish(scheme)
    if problem is not None:
        fail(paths[problem.place >> 32], problem.place & 0xFFFFFFFF, str(problem))


_relation_row = attrgetter(*RELATION_COLUMNS)
"""A relation's row of the relations table."""


def _write(store: Store, staged: Staging) -> LoadResult:
    """One transaction: one change per reviewer, recorded in the history."""
    tables = (ANNOTATIONS, RELATIONS, STATUSES, ADJUDICATIONS)
    added, unchanged = zip(*map(staged.counts, tables), strict=True)
    big = sum(added) >= ROLLBACK_JOURNAL_ROWS
    with bulk_transaction(store.db) if big else store.db.atomic(), ExitStack() as stack:
        staged.copy(
            {
                reviewer: stack.enter_context(change(store.db, reviewer))
                for reviewer in staged.reviewers()
            }
        )
    annotations, relations, statuses, adjudications = added
    return LoadResult(annotations, relations, sum(unchanged), statuses, adjudications)
