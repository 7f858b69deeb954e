"""Opening the SQLite file: pragmas, schema migrations, and errors a user can act on."""

from __future__ import annotations

import sqlite3
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
