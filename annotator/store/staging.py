"""The rows a load has checked, held in temporary tables until all is good: annotations and
relations, and, when another database is merged, document statuses and adjudications.

A load is all or nothing, yet its input can hold a million annotations: more than memory
should hold, and reading the input twice (check, then write) doubles the parsing. So each
checked row goes into a temporary table of this connection (outside the database file, so a
refused load leaves the file untouched), what can only be checked across the whole input (an
id given twice, an id the database holds with other content, a relation to an annotation
found nowhere, a relation whose ends' concepts its type does not allow) is checked there in
SQL, and once everything is good one ``INSERT ... SELECT``
per table copies the rows in.

Ids are random (UUIDs): inserted one by one, each lands at a random place of every index on
ids, and at a million rows that rereads and rewrites pages all the time (a million annotations
took 140 s, 43 of them in the kernel). So rows are appended to the staging tables in input
order with no index; the copy reads them sorted by id (SQLite's external sort, sequential),
which fills the id indexes in order, and the history entries are read back from the rows just
inserted, in the same order. The staging tables' indexes are built once, at the end.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from annotator.store.adjudication_writes import DECISION_FIELDS
from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.database import indexes_rebuilt
from annotator.store.history import Change, record_created
from annotator.store.relations import RELATION_COLUMNS, end_refusal
from annotator.store.team import STATUS_COLUMNS
from schemas import ConceptScheme

ANNOTATIONS = "annotations"
RELATIONS = "relations"
STATUSES = "document_status"
ADJUDICATIONS = "adjudications"


@dataclass(frozen=True, slots=True)
class _Table:
    """A table a load writes, and when a loaded row is one the database holds already."""

    noun: str
    columns: Sequence[str]
    same: Sequence[str]
    """What a loaded row must share with the database's row of the same id (or ``twin``) to
    be that row, skipped; a difference is refused. A status's time is not compared: two
    copies that say a reviewer finished a document say the same, and the database's time is
    kept. A decision is the same whoever recorded it when."""
    twin: Sequence[str] = ()
    """Columns only one row may share (a ``UNIQUE`` constraint besides the id): a loaded row
    with another id but these values is the database's row if ``same`` agrees, else refused
    (two adjudicators who decided one item apart)."""


_TABLES: Mapping[str, _Table] = {
    ANNOTATIONS: _Table("annotation", ANNOTATION_FIELDS, ANNOTATION_FIELDS),
    RELATIONS: _Table("relation", RELATION_COLUMNS, RELATION_COLUMNS),
    STATUSES: _Table(
        "document status",
        STATUS_COLUMNS,
        same=("document", "reviewer", "status"),
        twin=("document", "reviewer"),
    ),
    ADJUDICATIONS: _Table(
        "adjudication",
        DECISION_FIELDS,
        same=("gold", "entity", "item", "passage", "decision", "result"),
        twin=("gold", "item"),
    ),
}
"""The tables a load writes, in the order it writes them (relations point at annotations)."""
LOADED_TABLES = tuple(_TABLES)
"""The tables a load writes, in the order it writes them."""


def loaded_columns(table: str) -> Sequence[str]:
    """The columns of ``table`` a load stages and writes, in the order its rows give them."""
    return _TABLES[table].columns


COPY_CACHE_KIB = 32768
"""Page cache while copying (and the sort's memory): the index of annotations by passage takes
rows at random places when it is not rebuilt. 64 MB was no faster at a million rows (41 s
with 32 MB, 51 s with 64 MB: within the noise of this machine, and 10 MB more at the peak)."""
FLUSH_ROWS = 5000
"""Staged rows written to a temporary table at a time."""


def _staged(table: str) -> str:
    return f"temp.staged_{table}"


def _end_concept(side: str) -> str:
    """The concept of staged relation ``r``'s ``source`` or ``target`` annotation (staged
    with it, or already in the database), as ``<side>_concept``."""
    return (
        f"coalesce((SELECT concept FROM {_staged(ANNOTATIONS)} a WHERE a.id = r.{side}), "
        f"(SELECT concept FROM main.annotations a WHERE a.id = r.{side})) AS {side}_concept"
    )


def _columns(table: str) -> str:
    return ", ".join(f'"{name}"' for name in _TABLES[table].columns)


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one staged row, found only once the whole input is read."""

    noun: str
    """'annotation' or 'relation'."""
    id: str
    place: int
    """Where the row was read, as the caller numbered it when staging it."""
    reason: str

    def __str__(self) -> str:
        return f"{self.noun} {self.id} {self.reason}"


class Staging:
    """The temporary tables of one load: ``stage`` rows, ``finish``, then ``copy`` them in."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._buffers: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _TABLES}

    def stage(self, table: str, rows: Sequence[tuple[Any, ...]], where: int) -> None:
        """Hold checked rows of ``table`` (in its columns' order) read at ``where`` (a number
        the caller can place)."""
        buffer = self._buffers[table]
        buffer.extend((*row, where) for row in rows)
        if len(buffer) >= FLUSH_ROWS:
            self._flush(table)

    def finish(self, scheme: ConceptScheme) -> Problem | None:
        """Index the staged rows, check them across the input, mark those already there.

        Returns the first problem, in this order: an id given twice (named where it comes
        again), an id (or another unique key) the database holds with other content, a
        relation to an annotation neither the input nor the database has, a relation whose
        ends' concepts its type (in ``scheme``) does not allow.
        """
        for table in _TABLES:
            self._flush(table)
            self._db.execute(f"CREATE INDEX {_staged(table)}_id ON staged_{table} (id)")
        problem = (
            self._given_twice()
            or next(filter(None, map(self._other_content, _TABLES)), None)
            or self._unknown_link()
            or self._disallowed_end(scheme)
        )
        if problem is None:
            self._mark_stored()
        return problem

    def counts(self, table: str) -> tuple[int, int]:
        """(new rows of ``table``, rows the database holds already)."""
        row = self._db.execute(f"SELECT count(*) - sum(stored), sum(stored) FROM {_staged(table)}")
        new, stored = row.fetchone()
        return int(new or 0), int(stored or 0)

    def reviewers(self) -> list[str]:
        """Who made the new rows, each once, in order."""
        sql = " UNION ".join(
            f"SELECT reviewer FROM {_staged(table)} WHERE NOT stored" for table in _TABLES
        )
        return [row[0] for row in self._db.execute(f"{sql} ORDER BY reviewer")]

    def copy(self, changes: Mapping[str, Change]) -> None:
        """Insert the new rows, and their history entries under their reviewer's change.

        In ``_TABLES`` order: relations point at annotations. The rows are read sorted by id (``NOT
        INDEXED``: through the id index the reads would jump around the table), and the
        history entries from the rows just inserted, in the same order, so neither needs
        another sort. When a load brings at least as many rows as a table holds, the table's
        other indexes are built again afterwards.
        """
        cache = self._db.execute("PRAGMA main.cache_size").fetchone()[0]
        self._db.execute(f"PRAGMA main.cache_size = -{COPY_CACHE_KIB}")
        try:
            for table in _TABLES:
                new, _ = self.counts(table)
                if not new:
                    continue
                last, held = self._db.execute(
                    f"SELECT coalesce(max(rowid), 0), count(*) FROM {table}"
                ).fetchone()
                with indexes_rebuilt(self._db, table) if new >= held else nullcontext():
                    self._db.execute(
                        f"INSERT INTO {table} ({_columns(table)}) SELECT {_columns(table)} "
                        f"FROM {_staged(table)} NOT INDEXED WHERE NOT stored ORDER BY id"
                    )
                record_created(changes, table, _TABLES[table].columns, "rowid > ?", [last], table)
        finally:
            self._db.execute(f"PRAGMA main.cache_size = {cache}")

    def _given_twice(self) -> Problem | None:
        """The id given twice whose second copy comes first (a relation and an annotation may
        not share one either), named where that second copy is."""
        found: list[Problem] = []
        for table, spec in _TABLES.items():
            staged = _staged(table)
            row = self._db.execute(
                "SELECT id, place FROM (SELECT id, place, "
                "row_number() OVER (PARTITION BY id ORDER BY place) AS copy "
                f"FROM {staged} WHERE id IN "
                f"(SELECT id FROM {staged} GROUP BY id HAVING count(*) > 1)) "
                "WHERE copy = 2 ORDER BY place LIMIT 1"
            ).fetchone()
            if row is not None:
                found.append(Problem(spec.noun, row[0], row[1], "appears twice in the file"))
        row = self._db.execute(
            f"SELECT r.id, max(r.place, a.place) AS again FROM {_staged(RELATIONS)} r "
            f"JOIN {_staged(ANNOTATIONS)} a ON a.id = r.id ORDER BY again LIMIT 1"
        ).fetchone()
        if row is not None:
            found.append(Problem("relation", row[0], row[1], "appears twice in the file"))
        return min(found, key=lambda problem: problem.place, default=None)

    def _other_content(self, table: str) -> Problem | None:
        """The first row of ``table`` (in input order) that the database holds under its id,
        or its twin key under another id, with other content."""
        spec = _TABLES[table]
        differs = " OR ".join(f's."{name}" IS NOT m."{name}"' for name in spec.same)
        found: list[Problem] = []
        for key in (("id",), spec.twin) if spec.twin else (("id",),):
            joined = " AND ".join(f's."{name}" = m."{name}"' for name in key)
            row = self._db.execute(
                f"SELECT s.id, s.place, m.id FROM {_staged(table)} s JOIN main.{table} m "
                f"ON {joined} WHERE {differs} ORDER BY s.place LIMIT 1"
            ).fetchone()
            if row is None:
                continue
            loaded, place, held = row
            other = "" if held == loaded else f" as {spec.noun} {held} (same {' and '.join(key)})"
            reason = f"is already in the database{other} with other content"
            found.append(Problem(spec.noun, loaded, place, reason))
        return min(found, key=lambda problem: problem.place, default=None)

    def _unknown_link(self) -> Problem | None:
        ends = " UNION ALL ".join(
            f"SELECT id, place, {side} AS side, {column} AS annotation FROM {_staged(RELATIONS)}"
            for side, column in enumerate(("source", "target"))
        )
        row = self._db.execute(
            f"SELECT id, place, annotation FROM ({ends}) "
            f"WHERE annotation NOT IN (SELECT id FROM {_staged(ANNOTATIONS)}) "
            "AND annotation NOT IN (SELECT id FROM main.annotations) "
            "ORDER BY place, side LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return Problem("relation", row[0], row[1], f"links unknown annotation {row[2]!r}")

    def _disallowed_end(self, scheme: ConceptScheme) -> Problem | None:
        """The first relation (in input order) whose ends' concepts its type does not allow.

        An end may be an annotation of another line or of the database, so this is only known
        here. SQL keeps the relations of restricting types whose ends do not fit; the reason
        is then worded as ``relate`` words it.
        """
        suspects: list[str] = []
        params: list[Any] = []
        for kind in scheme.relation_types:
            sides: list[str] = []
            values: list[Any] = [kind.id]
            for side, kept in zip(("source", "target"), scheme.allowed_ends(kind), strict=True):
                if kept is not None:
                    sides.append(f"{side}_concept NOT IN ({', '.join('?' for _ in kept)})")
                    values.extend(sorted(kept))
            if sides:
                suspects.append(f"(type = ? AND ({' OR '.join(sides)}))")
                params.extend(values)
        if not suspects:
            return None
        row = self._db.execute(
            "SELECT id, place, type, source_concept, target_concept FROM (SELECT id, place, type, "
            f"{_end_concept('source')}, {_end_concept('target')} FROM {_staged(RELATIONS)} r) "
            f"WHERE {' OR '.join(suspects)} ORDER BY place LIMIT 1",
            params,
        ).fetchone()
        if row is None:
            return None
        relation_id, place, type_id, source, target = row
        relation_type = scheme.relation_type(type_id)
        assert relation_type is not None  # only the scheme's types were selected
        reason = end_refusal(scheme, relation_type, source, target)
        return Problem("relation", relation_id, place, f"of type {reason}")

    def _mark_stored(self) -> None:
        with self._db.conn:  # commits the temporary tables only
            for table, spec in _TABLES.items():
                twin = ", ".join(f'"{name}"' for name in spec.twin)
                held = f" OR ({twin}) IN (SELECT {twin} FROM main.{table})" if twin else ""
                self._db.execute(
                    f"UPDATE {_staged(table)} SET stored = 1 "
                    f"WHERE id IN (SELECT id FROM main.{table}){held}"
                )

    def _flush(self, table: str) -> None:
        buffer = self._buffers[table]
        if not buffer:
            return
        marks = ", ".join("?" for _ in range(len(_TABLES[table].columns) + 1))
        sql = f"INSERT INTO {_staged(table)} ({_columns(table)}, place) VALUES ({marks})"
        with self._db.conn:  # commits the temporary table only
            self._db.conn.executemany(sql, buffer)
        buffer.clear()


@contextmanager
def staging(db: sqlite_utils.Database) -> Iterator[Staging]:
    """Fresh temporary tables for one load, dropped afterwards whatever happens."""

    def drop() -> None:
        for table in _TABLES:
            db.execute(f"DROP TABLE IF EXISTS {_staged(table)}")

    drop()
    for table in _TABLES:
        db.execute(
            f"CREATE TABLE {_staged(table)} ({_columns(table)}, place INTEGER NOT NULL, "
            "stored INTEGER DEFAULT 0)"
        )
    try:
        yield Staging(db)
    finally:
        drop()
