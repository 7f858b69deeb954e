"""Opening the SQLite file: what a command may do to it, pragmas, migrations, clear errors.

Opening never harms a file it should not: another program's database is refused before a
byte of it changes, a listing verb creates and migrates nothing, and a database on read-only
media can still be read.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from enum import Enum
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from annotator.errors import UserError
from annotator.store.migrations import MIGRATION_NAMES, MIGRATIONS

BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another reviewer's transaction before giving up."""

READ_VERBS = "docs, passages, concepts, search, stats, export"
"""The verbs that only read, named in the messages about databases that cannot be written."""


class Access(Enum):
    """What a command may do to the database file it opens.

    Each command asks for the least it needs, so that pointing a listing verb at the wrong file
    (another program's database, a typo in ``--db``, a file on read-only media) changes nothing.
    """

    READ = "read"
    """Read an annotator database as it is: nothing created, migrated or written; works on
    read-only media."""
    WRITE = "write"
    """Change an existing annotator database, bringing its schema up to date first."""
    CREATE = "create"
    """As ``WRITE``, and a missing or empty file becomes a new annotator database."""


class _Contents(Enum):
    """What an existing file holds, found without changing it."""

    EMPTY = "empty"
    OURS = "ours"
    FOREIGN = "foreign"


def open_database(
    path: Path | str, *, access: Access = Access.CREATE, check_same_thread: bool = True
) -> sqlite_utils.Database:
    """Open the database at ``path`` for ``access``, migrating it when ``access`` may write.

    A file that holds another program's tables is refused whatever the access, before anything
    is written to it: annotator adds its schema only to a new or empty file. ``":memory:"``
    opens a private in-memory database, for tests and benchmarks.
    """
    if str(path) == ":memory:":
        db = _connect(":memory:", uri=False, check_same_thread=check_same_thread)
        _migrate(db, ":memory:")
        return db
    path = Path(path)
    try:
        return _open_file(path, access, check_same_thread)
    except sqlite3.DatabaseError as exc:
        raise UserError(describe_database_error(exc, str(path))) from None


def _open_file(path: Path, access: Access, check_same_thread: bool) -> sqlite_utils.Database:
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file")
    if not path.exists():
        if access is not Access.CREATE:
            raise UserError(f"no database {path} (`annotator --db {path} import FILES` makes one)")
        if not path.parent.is_dir():
            raise UserError(f"cannot create database {path}: folder {path.parent} does not exist")
        return _open_for_writing(path, check_same_thread)
    reader = _open_reader(path, check_same_thread)
    try:
        contents, applied = _inspect(reader, path)
        if contents is _Contents.EMPTY and access is not Access.CREATE:
            raise UserError(f"{path} holds no annotator data yet (an empty database)")
        _refuse_newer(applied, str(path))
        if access is Access.READ:
            if set(MIGRATION_NAMES) - applied:
                raise UserError(
                    f"{path} was written by an older annotator: run `annotator --db {path} "
                    "upgrade` to bring it up to date (reading verbs change nothing)"
                )
            return reader
    except BaseException:
        reader.conn.close()
        raise
    reader.conn.close()
    return _open_for_writing(path, check_same_thread)


def _open_for_writing(path: Path, check_same_thread: bool) -> sqlite_utils.Database:
    """A read-write connection in WAL mode, the schema migrated to this version."""
    problem = _write_problem(path)
    if problem is not None:
        raise UserError(problem)
    db = _connect(str(path), uri=False, check_same_thread=check_same_thread)
    db.execute("PRAGMA journal_mode = WAL")
    _migrate(db, str(path))
    return db


def _connect(target: str, *, uri: bool, check_same_thread: bool) -> sqlite_utils.Database:
    """A connection with our pragmas, which has read the file once: SQLite opens lazily, and
    a file it cannot open or read should fail here, where the caller knows what to say."""
    connection = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread, uri=uri
    )
    db = sqlite_utils.Database(connection)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the file: fails now
    except sqlite3.Error:
        connection.close()
        raise
    return db


def _open_reader(path: Path, check_same_thread: bool) -> sqlite_utils.Database:
    """A connection to ``path`` that has no right to write it.

    A reader of a WAL database needs its shared-memory file, which SQLite cannot make on
    read-only media or in a folder we may not write. There, and only there, the file is
    opened as immutable (nobody can be changing it); a write-ahead log left beside it would
    then be ignored, so that case is refused rather than read without its changes.
    """
    uri = "file:" + quote(os.fsencode(path.resolve())) + "?mode=ro"
    try:
        return _connect(uri, uri=True, check_same_thread=check_same_thread)
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK) and not _read_only_medium(path):
            raise
    log = Path(f"{path}-wal")
    if log.exists() and log.stat().st_size > 0:
        raise UserError(
            f"{path} has changes in {log.name} that were never written into it, and its folder "
            "cannot be written: copy both files to a writable folder and open the copy"
        )
    return _connect(uri + "&immutable=1", uri=True, check_same_thread=check_same_thread)


def _inspect(reader: sqlite_utils.Database, path: Path) -> tuple[_Contents, set[str]]:
    """Whether ``path`` is empty, ours (with the migrations applied) or another program's."""
    names = [
        name
        for (name,) in reader.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    if not names:
        return _Contents.EMPTY, set()
    applied = {migration.name for migration in MIGRATIONS.applied(reader)}
    if MIGRATION_NAMES[0] not in applied:
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise UserError(
            f"{path} is not an annotator database (it holds another program's tables: "
            f"{shown}); it was left unchanged: choose another file"
        )
    return _Contents.OURS, applied


def _read_only_medium(path: Path) -> bool:
    """Whether ``path``'s folder is on a file system mounted read-only."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _write_problem(path: Path) -> str | None:
    """Why the database at ``path`` could not be written, or None when it can."""
    if not path.exists():
        if _read_only_medium(path):
            return f"cannot create database {path}: its folder is on a read-only file system"
        if not os.access(path.parent, os.W_OK):
            return f"cannot create database {path}: no permission to write in {path.parent}"
        return None
    if _read_only_medium(path):
        return (
            f"{path} is on a read-only file system: it can be read ({READ_VERBS}) but not changed"
        )
    if not os.access(path.parent, os.W_OK):
        return (
            f"{path} cannot be changed: no permission to write in its folder {path.parent} "
            f"(it can still be read: {READ_VERBS})"
        )
    if path.exists() and not os.access(path, os.W_OK):
        return (
            f"{path} cannot be changed: the file is read-only (it can still be read: {READ_VERBS})"
        )
    return None


def describe_database_error(exc: sqlite3.Error, path: str) -> str:
    """One line for an SQLite error, in words a reviewer understands."""
    message = str(exc)
    if "file is not a database" in message or "file is encrypted" in message:
        return f"{path} is not an annotator database (not an SQLite file)"
    if "locked" in message or "busy" in message:
        return f"{path} is locked by another program writing to it; try again when it has finished"
    if "readonly" in message:
        return _write_problem(Path(path)) or f"{path} cannot be written (read-only file)"
    if "unable to open" in message:
        return f"cannot open database {path}: {_open_problem(Path(path))}"
    if "disk is full" in message or "database or disk is full" in message:
        return f"the disk holding {path} is full: free some space and try again (nothing was saved)"
    return f"{path}: database error: {message}"


def _open_problem(path: Path) -> str:
    """The likeliest reason SQLite could not open ``path``, from what the file system says."""
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return _write_problem(path) or "SQLite could not open it or the files beside it (-wal, -shm)"


def _refuse_newer(applied: set[str], path: str) -> None:
    unknown = applied - set(MIGRATION_NAMES)
    if unknown:
        raise UserError(
            f"{path} was written by a newer annotator (migration {sorted(unknown)[0]}); upgrade"
        )


def pending_migrations(path: Path) -> list[str]:
    """The migrations opening ``path`` to write would apply, oldest first; changes nothing."""
    if not path.is_file():
        raise UserError(f"no database {path}")
    reader = _open_reader(path, check_same_thread=True)
    try:
        _, applied = _inspect(reader, path)
    except sqlite3.DatabaseError as exc:
        raise UserError(describe_database_error(exc, str(path))) from None
    finally:
        reader.conn.close()
    _refuse_newer(applied, str(path))
    return [name for name in MIGRATION_NAMES if name not in applied]


def _migrate(db: sqlite_utils.Database, path: str) -> None:
    _refuse_newer({migration.name for migration in MIGRATIONS.applied(db)}, path)
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
