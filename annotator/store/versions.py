"""Documents with versions: a new version replaces the current one (issue #16).

Every version of a document shares its ``key`` and is numbered by ``version``; the one a
newer version replaced names it in ``superseded_by`` and stays in the database (history,
audit, orphans), while readers show current versions only (``documents.CURRENT_VERSION``).

A document whose key names one already imported (``import --replaces DOC``, or a manifest
entry's ``id``) is written as its next version: the new document and its passages, every
annotation of the replaced version re-anchored onto them (``annotator.anchoring``), and the
replaced version marked superseded. All of it is one change of the importing reviewer, so
one undo puts the document back as it was. What the engine cannot place stays where it was,
on the replaced version's passage, with its quote and context and anchor 'orphan'.
Relations need nothing: they name annotations, whose ids do not change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from annotator.errors import UserError
from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.documents import (
    CURRENT_VERSION,
    ORPHAN,
    ImportResult,
    document_row,
    passage_rows,
    write_document,
)
from annotator.store.history import Change, change
from schemas import Action, SourceInfo

if TYPE_CHECKING:  # the engine is imported by what re-anchors, not by every verb
    from annotator.anchoring import Placement, TextPassage
    from corpus import ParsedDocument

Progress = Callable[[int, int], None]
"""Told (annotations re-anchored so far, annotations to re-anchor) as a new version's
annotations are placed: from 0, every ``REANCHOR_BATCH``, and at the end."""

REANCHOR_BATCH = 5000
"""Annotations written (and their history entries) at a time: memory stays flat however many
a document holds, and progress is told this often."""

_ROW_FIELDS = (*ANNOTATION_FIELDS, "anchor")
"""An annotation row as re-anchoring reads it: every column, its anchor too."""
_ROW_COLUMNS = ", ".join(f'a."{name}"' for name in _ROW_FIELDS)
_PLACED = ("passage", "start", "end", "quote", "prefix", "suffix", "anchor")
"""The columns re-anchoring changes."""
_PLACEMENT_KEYS = frozenset({"id", *_PLACED})
"""What the history keeps of an annotation re-anchoring moved (``_changed``)."""
_PLACED_COLUMNS = ", ".join(f'"{name}"' for name in _PLACED)
_PLACEMENTS = "temp.reanchored"
"""Where a batch of placements waits to be written: one ``UPDATE ... FROM`` writes a batch
three times as fast as an ``UPDATE`` per annotation."""
_CREATE_PLACEMENTS = f"CREATE TEMP TABLE reanchored (id TEXT PRIMARY KEY, {_PLACED_COLUMNS})"
_INSERT_PLACEMENTS = (
    f"INSERT INTO {_PLACEMENTS} (id, {_PLACED_COLUMNS}) "
    f"VALUES (?, {', '.join('?' for _ in _PLACED)})"
)
_ASSIGNMENTS = ", ".join(f'"{name}" = reanchored."{name}"' for name in _PLACED)
_UPDATE = (
    f"UPDATE annotations SET {_ASSIGNMENTS} FROM {_PLACEMENTS} WHERE annotations.id = reanchored.id"
)


@dataclass(frozen=True, slots=True)
class Orphaned:
    """An annotation a new version could not place: what a reviewer is told of it."""

    id: str
    concept: str
    quote: str
    reviewer: str


@dataclass(frozen=True, slots=True)
class Reanchored:
    """Where a new version put the annotations of the version it replaced."""

    replaces: str
    """The id of the version replaced."""
    key: str
    version: int
    """The new version's number (the replaced one's plus one)."""
    exact: int
    moved: int
    fuzzy: int
    orphans: tuple[Orphaned, ...]

    @property
    def orphaned(self) -> int:
        """How many annotations could not be placed."""
        return len(self.orphans)


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a document, as ``versions`` lists it."""

    id: str
    key: str
    version: int
    title: str
    imported: str
    imported_by: str
    current: bool
    passages: int


class _DryRun(Exception):
    """Raised at the end of a dry run's block, to roll back what it wrote."""


class VersionsMixin:
    """Store methods for documents with versions."""

    db: sqlite_utils.Database

    def current_version(self, document: str) -> dict[str, Any] | None:
        """The row (``documents.document_row``) of the current version of ``document``: a
        document key, or the id of any of its versions; None if there is no such document."""
        found = self.db.execute(
            "SELECT key FROM documents WHERE key = ? UNION ALL "
            "SELECT key FROM documents WHERE id = ? LIMIT 1",
            [document, document],
        ).fetchone()
        if found is None:
            return None
        current = self.db.execute(
            f"SELECT id FROM documents WHERE key = ? AND {CURRENT_VERSION}", [found[0]]
        ).fetchone()
        return None if current is None else document_row(self.db, current[0])

    def version_info(self, document: str) -> SourceInfo:
        """What a new version of ``document`` (key or id) is, unless a manifest says otherwise:
        the facts of its current version (title, languages...), under its key."""
        row = self._current_or_refuse(document)
        facts = ("title", "kind", "source_url", "date", "note")
        return SourceInfo(
            languages=tuple(json.loads(row["languages"])),
            key=row["key"],
            **{name: row[name] for name in facts},
        )

    def versions(self, document: str) -> list[Version]:
        """Every version of ``document`` (key or id of any version), oldest first."""
        key = self._current_or_refuse(document)["key"]
        return [
            Version(id_, key_, version, title, imported, by, bool(current), passages)
            for id_, key_, version, title, imported, by, current, passages in self.db.execute(
                "SELECT id, key, version, title, imported, imported_by, "
                f"{CURRENT_VERSION}, passage_count FROM documents WHERE key = ? "
                "ORDER BY version",
                [key],
            )
        ]

    @contextmanager
    def dry_run(self) -> Iterator[None]:
        """Run the block in a transaction rolled back at its end: what it would write is
        computed by the very code that writes it, and nothing is kept."""
        try:
            with self.db.atomic():
                yield
                raise _DryRun
        except _DryRun:
            pass

    def _insert_version(
        self, parsed: ParsedDocument, reviewer: str, progress: Progress | None
    ) -> ImportResult | None:
        """Write ``parsed`` as the next version of the document its key names (see the module
        docstring); None when it has no key, its key is new, or its text is the current
        version's (the caller writes a new document, or nothing)."""
        key = parsed.info.key
        replaced = None if key is None else self.current_version(key)
        if replaced is None or replaced["id"] == parsed.id:
            return None
        _refuse_a_known_text(self.db, parsed)
        version = replaced["version"] + 1
        with change(self.db, reviewer) as current:
            write_document(self.db, parsed, reviewer, replaced["key"], version)
            current.record(
                Action.CREATE, parsed.id, None, document_row(self.db, parsed.id), "documents"
            )
            for row in passage_rows(self.db, parsed.id):
                current.record(Action.CREATE, row["id"], None, row, entity="passages")
            states, orphans = self._reanchor(replaced["id"], parsed.id, current, progress)
            self.db.execute(
                "UPDATE documents SET superseded_by = ? WHERE id = ?", [parsed.id, replaced["id"]]
            )
            current.record(
                Action.UPDATE,
                replaced["id"],
                {"id": replaced["id"], "superseded_by": None},
                {"id": replaced["id"], "superseded_by": parsed.id},
                entity="documents",
            )
        reanchored = Reanchored(
            replaced["id"],
            replaced["key"],
            version,
            states["exact"],
            states["moved"],
            states["fuzzy"],
            tuple(orphans),
        )
        return ImportResult(
            parsed.id,
            parsed.info.title,
            parsed.passage_count,
            added=True,
            split_paragraphs=parsed.split_paragraphs,
            reanchored=reanchored,
        )

    def _reanchor(
        self, old: str, new: str, current: Change, progress: Progress | None
    ) -> tuple[Counter[str], list[Orphaned]]:
        """Place every annotation of version ``old`` on version ``new``, updating each row and
        recording it in ``current``; the count per anchor state and the orphans."""
        from annotator.anchoring import Anchor, reanchor  # rapidfuzz: only when re-anchoring

        rows = {
            row[0]: dict(zip(_ROW_FIELDS, row, strict=True))
            for row in self.db.execute(
                f"SELECT {_ROW_COLUMNS} FROM annotations a JOIN passages p ON p.id = a.passage "
                "WHERE p.document = ? ORDER BY a.created, a.id",
                [old],
            )
        }
        anchors = [
            Anchor(
                row["id"],
                row["passage"],
                row["start"],
                row["end"],
                row["quote"],
                row["prefix"],
                row["suffix"],
            )
            for row in rows.values()
        ]
        states: Counter[str] = Counter()
        orphans: list[Orphaned] = []
        updates: list[list[Any]] = []
        total = len(rows)
        if progress is not None:
            progress(0, total)
        self.db.execute(_CREATE_PLACEMENTS)
        placements = reanchor(_text_passages(self.db, old), anchors, _text_passages(self.db, new))
        for placement in placements:
            before = rows[placement.annotation]
            after = _placed(before, placement)
            updates.append([after["id"], *(after[name] for name in _PLACED)])
            current.record(Action.UPDATE, after["id"], *_changed(before, after))
            states[after["anchor"]] += 1
            if after["anchor"] == ORPHAN:
                orphans.append(
                    Orphaned(after["id"], after["concept"], after["quote"], after["reviewer"])
                )
            if len(updates) == REANCHOR_BATCH:
                self._write_placements(updates, current, progress, sum(states.values()), total)
        self._write_placements(updates, current, progress, sum(states.values()), total)
        self.db.execute(f"DROP TABLE {_PLACEMENTS}")
        if sum(states.values()) != total:
            raise RuntimeError(f"re-anchoring placed {sum(states.values())} of {total} annotations")
        return states, orphans

    def _write_placements(
        self,
        updates: list[list[Any]],
        current: Change,
        progress: Progress | None,
        done: int,
        total: int,
    ) -> None:
        """Write a batch of placements and their history entries, and empty ``updates``."""
        self.db.conn.executemany(_INSERT_PLACEMENTS, updates)
        self.db.execute(_UPDATE)
        self.db.execute(f"DELETE FROM {_PLACEMENTS}")
        updates.clear()
        current.flush()
        if progress is not None:
            progress(done, total)

    def _current_or_refuse(self, document: str) -> dict[str, Any]:
        """The current version's row of ``document``, or a UserError saying there is none."""
        row = self.current_version(document)
        if row is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        return row


def _placed(before: dict[str, Any], placement: Placement) -> dict[str, Any]:
    """An annotation row once placed: on its new passage, or left where it was (an orphan,
    keeping its passage, offsets, quote and context)."""
    if placement.passage is None:
        return {**before, "anchor": ORPHAN}
    return {
        **before,
        "passage": placement.passage,
        "start": placement.start,
        "end": placement.end,
        "quote": placement.quote,
        "prefix": placement.prefix,
        "suffix": placement.suffix,
        "anchor": placement.state.value,
    }


def is_placement(row: dict[str, Any]) -> bool:
    """Whether an annotation row the history kept is a re-anchoring's (``_changed``): the
    columns it moved, not a whole row; undo and redo write these together."""
    return row.keys() <= _PLACEMENT_KEYS


def _changed(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns a placement changed, as they were and as they are, with the id: what the
    history keeps of a re-anchoring (undo and redo put back just these). Whole rows would be
    most of what a big re-import writes, where most annotations change passage and anchor
    only."""
    names = ["id", *(name for name in _PLACED if before[name] != after[name])]
    return {name: before[name] for name in names}, {name: after[name] for name in names}


def _text_passages(db: sqlite_utils.Database, document: str) -> list[TextPassage]:
    """A version's passages, as the engine reads them."""
    from annotator.anchoring import TextPassage

    return [TextPassage(row["id"], row["seq"], row["text"]) for row in passage_rows(db, document)]


def _refuse_a_known_text(db: sqlite_utils.Database, parsed: ParsedDocument) -> None:
    """Refuse a new version whose text is already a document (an earlier version, or another
    document): ids are hashes of the text, and one text is one document row."""
    known = document_row(db, parsed.id)
    if known is not None:
        raise UserError(
            f"{parsed.path}: this text is already in the database, as version "
            f"{known['version']} of document {known['key']} (id {parsed.id}); a new version "
            "must change the text"
        )
