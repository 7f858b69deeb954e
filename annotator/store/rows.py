"""Rows the history kept, written back as they were: what undo and redo do to the tables
whose rows need nothing but their columns put back (settings, statuses, decisions, and the
updates of documents and annotations).

The history stores each row as a JSON object; a key the table does not have (a row recorded
by a later version, or a computed field) is left out, and a column the row lacks keeps its
default, so rows recorded before a migration still replay.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

REPLAYED_TABLES = frozenset({"settings", "document_status", "adjudications"})
"""The tables of the history's entities that undo and redo write with these functions alone."""


def _columns(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> list[str]:
    known = {name for (_, name, *_rest) in db.execute(f'PRAGMA table_info("{table}")')}
    return [name for name in row if name in known]


def put_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    """Insert ``row`` into ``table``, over any row of the same primary key."""
    names = _columns(db, table, row)
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    db.execute(
        f'INSERT OR REPLACE INTO "{table}" ({quoted}) VALUES ({marks})',
        [row[name] for name in names],
    )


def update_row(db: sqlite_utils.Database, table: str, entity_id: str, row: dict[str, Any]) -> None:
    """Set the columns of the row ``entity_id`` of ``table`` to those ``row`` gives."""
    names = [name for name in _columns(db, table, row) if name != "id"]
    if not names:
        return
    assignments = ", ".join(f'"{name}" = ?' for name in names)
    db.execute(
        f'UPDATE "{table}" SET {assignments} WHERE id = ?',
        [*(row[name] for name in names), entity_id],
    )


def delete_row(db: sqlite_utils.Database, table: str, entity_id: str) -> None:
    """Delete the row ``entity_id`` of ``table`` (nothing if it is not there)."""
    db.execute(f'DELETE FROM "{table}" WHERE id = ?', [entity_id])
