"""Opening the SQLite file: pragmas, schema migrations, and errors a user can act on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils

from annotator.errors import UserError
from annotator.store.migrations import MIGRATION_NAMES, MIGRATIONS

BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another reviewer's transaction before giving up."""


def open_database(path: Path | str, *, check_same_thread: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``":memory:"`` opens a private in-memory database, for tests and benchmarks.
    """
    memory = str(path) == ":memory:"
    if not memory:
        path = Path(path)
        if not path.parent.is_dir():
            raise UserError(f"cannot create database {path}: folder {path.parent} does not exist")
        if path.is_dir():
            raise UserError(f"{path} is a folder, not a database file")
    try:
        connection = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread
        )
        db = sqlite_utils.Database(connection)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not memory:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, str(path))
    except sqlite3.DatabaseError as exc:
        raise UserError(describe_database_error(exc, str(path))) from None
    return db


def describe_database_error(exc: sqlite3.Error, path: str) -> str:
    """One line for an SQLite error, in words a reviewer understands."""
    message = str(exc)
    if "file is not a database" in message or "file is encrypted" in message:
        return f"{path} is not an annotator database (not an SQLite file)"
    if "locked" in message or "busy" in message:
        return f"{path} is locked by another program writing to it; try again when it has finished"
    if "readonly" in message:
        return f"{path} cannot be written (read-only file or folder)"
    if "unable to open" in message:
        return f"cannot open database {path}"
    return f"{path}: database error: {message}"


def _migrate(db: sqlite_utils.Database, path: str) -> None:
    applied = {migration.name for migration in MIGRATIONS.applied(db)}
    unknown = applied - set(MIGRATION_NAMES)
    if unknown:
        raise UserError(
            f"{path} was written by a newer annotator (migration {sorted(unknown)[0]}); upgrade"
        )
    if MIGRATIONS.pending(db):
        MIGRATIONS.apply(db)


@contextmanager
def bulk_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction for a write of hundreds of megabytes, such as a load of a big export.

    In WAL mode every page is written twice: into the log, then into the database file by the
    checkpoint that follows the commit. When no other connection has the database open, this
    transaction uses a rollback journal instead, which writes new pages once and journals only
    the pages it changes (a million annotations: 37 s to copy, index and commit in WAL, 21 s
    so). Leaving WAL needs the database to itself, so while a reviewer's window is open the
    switch fails at once and the write goes through the log as usual. The price: until the
    commit, no other program can open the database (it is told it is locked, after the busy
    timeout), where in WAL it could read. The journal is synced fully meanwhile: a crash or
    power cut rolls the whole transaction back at the next open.
    """
    db.execute("PRAGMA busy_timeout = 0")
    try:
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:  # another connection has the database open
        mode = "wal"
    finally:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    switched = mode == "delete"
    if switched:
        db.execute("PRAGMA synchronous = FULL")
    try:
        with db.atomic():
            yield
    finally:
        if switched:
            # If someone is reading, this fails: the connection then keeps the rollback
            # journal, synced fully, until it closes; every open sets WAL again.
            with suppress(sqlite3.OperationalError):
                if db.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                    db.execute("PRAGMA synchronous = NORMAL")


@contextmanager
def indexes_rebuilt(db: sqlite_utils.Database, table: str) -> Iterator[None]:
    """Drop ``table``'s indexes, and create them again once the block has written its rows.

    For a block that adds at least as many rows as the table holds: one sort per index at the
    end beats putting each row into every index at its place (a million annotations into an
    empty table: 19 s with the indexes, 12 s without them and 3 s to build them after). The
    indexes SQLite made for the table's own constraints (its primary key, a ``UNIQUE`` column)
    stay: it needs them to enforce those; every ``CREATE INDEX`` is dropped and made again.
    Only inside a transaction: if the block fails, the rollback restores the indexes.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("indexes_rebuilt needs a transaction to restore the indexes on failure")
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name",
        [table],
    ).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        db.execute(sql)
