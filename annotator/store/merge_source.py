"""Another annotator database, read to merge its work into this one (``annotator load OTHER``).

It is opened as every reading verb opens a database (``Access.READ``): nothing in it is
created, migrated or written, another program's database is refused, and so is one of another
schema version. An older one is refused with the command that upgrades it rather than read
as it is: its tables lack columns and whole tables (a relation's note, statuses, decisions)
that a merge would have to guess, and every later migration would need its own guess here.

Everything is read in one read transaction, so a reviewer still working in the other
database cannot make the merge see half of a change (a relation without its annotation). An
SQLite error while reading (a corrupt page, a writer holding the file in a rollback journal)
names the other database, not this one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from annotator.errors import UserError
from annotator.store.database import Access, describe_database_error, open_database
from annotator.store.staging import LOADED_TABLES, loaded_columns

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is a file that starts as an SQLite database does, whatever its name."""
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False  # a folder, a missing file: the caller says what it is


@dataclass(frozen=True, slots=True)
class PassagePlace:
    """Where a passage of the other database is: its document and position."""

    document: str
    seq: int


@dataclass(frozen=True, slots=True)
class DocumentOrigin:
    """What the other database knows of a document: its title and the file it came from."""

    title: str
    path: str


class MergeSource:
    """The other database of a merge, open to read; ``close`` it when done."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, this: Path | None) -> MergeSource:
        """Open ``path`` to read; refused when it is ``this`` database's own file (under any
        name: a link or a relative path), whose rows would all be "already there"."""
        if this is not None and path.exists() and this.exists() and os.path.samefile(path, this):
            raise UserError(f"{path} is this database: give another database to merge")
        return cls(open_database(path, access=Access.READ), path)

    def close(self) -> None:
        """Close the connection."""
        self.db.conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: what the block reads is the database at one moment."""
        with self._errors():
            self.db.execute("BEGIN")
        try:
            yield
        finally:
            with self._errors():
                self.db.execute("ROLLBACK")

    def count(self) -> int:
        """How many rows a merge reads: for a progress bar."""
        sql = " + ".join(f"(SELECT count(*) FROM {table})" for table in LOADED_TABLES)
        with self._errors():
            return int(self.db.execute(f"SELECT {sql}").fetchone()[0])

    def rows(self, table: str, size: int) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of ``table``, ``size`` at a time, in the columns a load stages."""
        columns = ", ".join(f'"{name}"' for name in loaded_columns(table))
        with self._errors():
            cursor = self.db.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")
        while True:
            with self._errors():
                chunk = cursor.fetchmany(size)
            if not chunk:
                return
            yield chunk

    def passage(self, passage_id: str) -> PassagePlace | None:
        """Where a passage is in the other database (None if it has no such passage)."""
        sql = "SELECT document, seq FROM passages WHERE id = ?"
        with self._errors():
            row = self.db.execute(sql, [passage_id]).fetchone()
        return None if row is None else PassagePlace(str(row[0]), int(row[1]))

    def document(self, document_id: str) -> DocumentOrigin | None:
        """A document's title and file in the other database (None if it has no such one)."""
        sql = "SELECT title, path FROM documents WHERE id = ?"
        with self._errors():
            row = self.db.execute(sql, [document_id]).fetchone()
        return None if row is None else DocumentOrigin(str(row[0]), str(row[1]))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """An SQLite error of the other database as one line naming it."""
        try:
            yield
        except sqlite3.Error as exc:
            raise UserError(describe_database_error(exc, str(self.path))) from None


def absent(
    db: sqlite_utils.Database, table: Literal["passages", "documents"], ids: list[str]
) -> set[str]:
    """The ``ids`` that no row of ``table`` (``passages`` or ``documents``) of ``db`` has:
    one indexed lookup each, however big the table."""
    sql = (
        f"SELECT value FROM json_each(?) WHERE NOT EXISTS "
        f"(SELECT 1 FROM {table} t WHERE t.id = value)"
    )
    return {str(row[0]) for row in db.execute(sql, [json.dumps(ids)])}
