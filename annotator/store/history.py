"""The append-only history: each user action is one *change*, written with its rows.

A change groups the history entries of one action (a tag, an untag, a note edit) and is
written in the same transaction as the rows it describes, so the history never disagrees with
the data. Undo and redo are changes too (``kind`` 'undo'/'redo', ``target`` the change they
revert or replay), which is what lets them work after a restart and stay attributed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import sqlite_utils

from annotator.clock import now
from schemas import Action


class ChangeKind(StrEnum):
    """Why a change was written."""

    DO = "do"
    UNDO = "undo"
    REDO = "redo"


_INSERT_ENTRY = (
    "INSERT INTO history (at, reviewer, change, kind, target, action, entity, entity_id, "
    "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class Change:
    """One user action being written; ``record`` adds its history entries.

    The entries are written in order when the change ends (``change`` flushes them), in one
    statement: the removal of a document records a row per passage, 20,000 for a book, and
    one statement each would take as long as the removal itself.
    """

    def __init__(
        self, db: sqlite_utils.Database, reviewer: str, kind: ChangeKind, target: str | None
    ) -> None:
        self.id = str(uuid.uuid4())
        self._db = db
        self._reviewer = reviewer
        self._kind = kind
        self._target = target
        self._at = now()
        self._pending: list[tuple[Any, ...]] = []

    def record(
        self,
        action: Action,
        entity_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        entity: str = "annotations",
    ) -> None:
        """Append one entry: a row of ``entity`` created, deleted or updated."""
        self._pending.append(
            (
                self._at,
                self._reviewer,
                self.id,
                self._kind.value,
                self._target,
                action.value,
                entity,
                entity_id,
                _json(before),
                _json(after),
            )
        )

    def flush(self) -> None:
        """Write the entries recorded so far, in order."""
        if self._pending:
            self._db.conn.executemany(_INSERT_ENTRY, self._pending)
            self._pending.clear()


def record_created(
    changes: Mapping[str, Change],
    table: str,
    columns: Sequence[str],
    where: str,
    params: Sequence[Any],
    entity: str = "annotations",
) -> None:
    """One 'create' entry per row of ``table`` matching ``where``, in its reviewer's change.

    For bulk copies (a load): SQLite writes the entries in one statement, each row as a JSON
    object of ``columns`` (as ``Change.record`` would), under ``changes[row.reviewer]``.
    """
    if not changes:
        return
    for current in changes.values():  # what was recorded before comes before
        current.flush()
    cases = " ".join("WHEN ? THEN ?" for _ in changes)
    by_reviewer = [(name, current) for name, current in changes.items()]
    pairs = ", ".join(f"'{name}', \"{name}\"" for name in columns)
    db = by_reviewer[0][1]._db
    db.execute(
        "INSERT INTO history (at, reviewer, change, kind, target, action, entity, entity_id, "
        f"before, after) SELECT CASE reviewer {cases} END, reviewer, CASE reviewer {cases} END, "
        f"CASE reviewer {cases} END, CASE reviewer {cases} END, ?, ?, id, NULL, "
        f"json_object({pairs}) FROM {table} WHERE {where}",
        [
            *(value for name, current in by_reviewer for value in (name, current._at)),
            *(value for name, current in by_reviewer for value in (name, current.id)),
            *(value for name, current in by_reviewer for value in (name, current._kind.value)),
            *(value for name, current in by_reviewer for value in (name, current._target)),
            Action.CREATE.value,
            entity,
            *params,
        ],
    )


def _json(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


@contextmanager
def change(
    db: sqlite_utils.Database,
    reviewer: str,
    kind: ChangeKind = ChangeKind.DO,
    target: str | None = None,
) -> Iterator[Change]:
    """A transaction holding one change: its rows and history commit together or not at all."""
    with db.atomic():
        current = Change(db, reviewer, kind, target)
        yield current
        current.flush()
