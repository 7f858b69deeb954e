"""Annotations a load has checked, held in a temporary table until the whole input is good.

A load is all or nothing, yet its input can hold a million annotations: more than memory
should hold, and reading the input twice (check, then write) doubles the parsing. So each
checked annotation goes into a temporary table of this connection (outside the database
file, so a refused load leaves the file untouched), and once everything is checked one
``INSERT ... SELECT`` per table copies them in.

Annotation ids are random (UUIDs): inserted one by one, each lands at a random place of
every index on ids, and at a million rows that rereads and rewrites pages all the time
(a million annotations took 140 s, 43 of them in the kernel). So rows are appended to the
staging table in input order with no index; the copy reads them sorted by id (SQLite's
external sort, sequential), which fills the id indexes in order, and the history entries are
read back from the rows just inserted, in the same order. The staging table's index (ids
given twice, annotations relations point at, ids the database has) is built once, at the
end. A million annotations now load in about 85 s.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import sqlite_utils

from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.database import indexes_rebuilt
from annotator.store.history import Change, record_created

_NAME = "staged_annotations"
_TABLE = f"temp.{_NAME}"
_COLUMNS = ", ".join(f'"{name}"' for name in ANNOTATION_FIELDS)
COPY_CACHE_KIB = 32768
"""Page cache while copying (and the sort's memory): the index of annotations by passage still
takes rows at random places. 64 MB saves another 8 % at a million rows but brings the load's
peak to the 300 MB it must stay under."""
FLUSH_ROWS = 5000
"""Staged rows written to the temporary table at a time."""


class Staging:
    """The temporary table of one load: ``stage`` rows, ``finish``, then ``copy`` them in."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._buffer: list[list[Any]] = []

    def stage(self, rows: list[dict[str, Any]], where: int) -> None:
        """Hold checked annotation rows read at ``where`` (a number the caller can place)."""
        self._buffer.extend([*(row[name] for name in ANNOTATION_FIELDS), where] for row in rows)
        if len(self._buffer) >= FLUSH_ROWS:
            self._flush()

    def finish(self) -> tuple[str, int, str] | None:
        """Index the staged rows and mark those the database holds already.

        Returns what is wrong, if anything: (id, where it was read, reason) for an id given
        twice, or for an id the database holds with other content.
        """
        self._flush()
        self._db.execute(f"CREATE INDEX {_TABLE}_id ON {_NAME} (id)")
        twice = self._db.execute(
            f"SELECT id, max(place) FROM {_TABLE} GROUP BY id HAVING count(*) > 1 "
            "ORDER BY max(place) LIMIT 1"
        ).fetchone()
        if twice is not None:
            return str(twice[0]), int(twice[1]), "appears twice in the file"
        differs = " OR ".join(f's."{name}" IS NOT a."{name}"' for name in ANNOTATION_FIELDS)
        other = self._db.execute(
            f"SELECT s.id, s.place FROM {_TABLE} s JOIN main.annotations a ON a.id = s.id "
            f"WHERE {differs} ORDER BY s.place LIMIT 1"
        ).fetchone()
        if other is not None:
            return str(other[0]), int(other[1]), "is already in the database with other content"
        with self._db.conn:
            self._db.execute(
                f"UPDATE {_TABLE} SET stored = 1 WHERE id IN (SELECT id FROM main.annotations)"
            )
        return None

    def has(self, annotation_id: str) -> bool:
        """Whether the input gave this annotation id (once ``finish`` has run)."""
        sql = f"SELECT 1 FROM {_TABLE} WHERE id = ?"
        return self._db.execute(sql, [annotation_id]).fetchone() is not None

    def counts(self) -> tuple[int, int]:
        """(new annotations, annotations the database holds already)."""
        row = self._db.execute(f"SELECT count(*) - sum(stored), sum(stored) FROM {_TABLE}")
        new, stored = row.fetchone()
        return int(new or 0), int(stored or 0)

    def reviewers(self) -> list[str]:
        """Who made the new annotations, each once, in order."""
        sql = f"SELECT DISTINCT reviewer FROM {_TABLE} WHERE NOT stored ORDER BY reviewer"
        return [row[0] for row in self._db.execute(sql)]

    def copy(self, changes: dict[str, Change]) -> None:
        """Insert the new annotations, and their history entries under their reviewer's change.

        The rows are read sorted by id (``NOT INDEXED``: through the id index the reads would
        jump around the table), and the history entries from the annotations just inserted,
        in the same order, so neither needs another sort. When the load brings at least as
        many annotations as the table holds, its other indexes are built again afterwards.
        """
        new, _ = self.counts()
        last, held = self._db.execute(
            "SELECT coalesce(max(rowid), 0), count(*) FROM annotations"
        ).fetchone()
        cache = self._db.execute("PRAGMA main.cache_size").fetchone()[0]
        self._db.execute(f"PRAGMA main.cache_size = -{COPY_CACHE_KIB}")
        try:
            with indexes_rebuilt(self._db, "annotations") if new >= held else nullcontext():
                self._db.execute(
                    f"INSERT INTO annotations ({_COLUMNS}) "
                    f"SELECT {_COLUMNS} FROM {_TABLE} NOT INDEXED WHERE NOT stored ORDER BY id"
                )
            record_created(changes, "annotations", ANNOTATION_FIELDS, "rowid > ?", [last])
        finally:
            self._db.execute(f"PRAGMA main.cache_size = {cache}")

    def _flush(self) -> None:
        if not self._buffer:
            return
        marks = ", ".join("?" for _ in range(len(ANNOTATION_FIELDS) + 1))
        sql = f"INSERT INTO {_TABLE} ({_COLUMNS}, place) VALUES ({marks})"
        with self._db.conn:  # commits the temporary table only
            self._db.conn.executemany(sql, self._buffer)
        self._buffer.clear()


@contextmanager
def staging(db: sqlite_utils.Database) -> Iterator[Staging]:
    """A fresh temporary table for one load, dropped afterwards whatever happens."""
    db.execute(f"DROP TABLE IF EXISTS {_TABLE}")
    db.execute(
        f"CREATE TABLE {_TABLE} ({_COLUMNS}, place INTEGER NOT NULL, stored INTEGER DEFAULT 0)"
    )
    try:
        yield Staging(db)
    finally:
        db.execute(f"DROP TABLE IF EXISTS {_TABLE}")
