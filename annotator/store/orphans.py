"""Annotations a new version could not place, and placing them by hand (issue #16).

An orphan stays on the passage of the version it was made on (a superseded one), with
``anchor = 'orphan'`` and its quote and context, until a reviewer places it on the current
version (it becomes 'moved': placed by a person) or discards it. Both are one change in the
history with the whole row before and after, so undo puts it back an orphan.

Who may place or discard whose orphan is the caller's rule, as for ``untag`` (the UI's
session lets a reviewer handle their own, a curator everyone's); the store checks only that
the annotation is an orphan and that the place is on its document's current version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from annotator.errors import UserError
from annotator.store.annotations import anchor, delete_annotation, fetch_annotation
from annotator.store.documents import CURRENT_VERSION, fetch_passage
from annotator.store.history import change
from schemas import Action, Annotation

if TYPE_CHECKING:  # the engine is imported by what asks for candidates, not by every verb
    from annotator.anchoring import Candidate, TextPassage

ORPHAN = "orphan"
PLACED = "moved"
"""The anchor state of an orphan a reviewer placed: moved, by a person."""

_ORPHAN_FIELDS = (
    "a.id",
    "a.concept",
    "a.quote",
    "a.prefix",
    "a.suffix",
    "a.reviewer",
    "a.note",
    "a.passage",
    "p.seq",
    "a.start",
    'a."end"',
    "old.id",
    "old.version",
    "current.id",
    "current.title",
)
_ORPHANS_SQL = (
    "WITH old AS MATERIALIZED (SELECT id, key, version FROM documents), "
    "current AS MATERIALIZED (SELECT id, key, title, imported, rowid AS place FROM documents "
    f"WHERE {CURRENT_VERSION}) "
    f"SELECT {', '.join(_ORPHAN_FIELDS)} FROM annotations a "
    "JOIN passages p ON p.id = a.passage "
    "JOIN old ON old.id = p.document "
    "JOIN current ON current.key = old.key "
    f"WHERE a.anchor = '{ORPHAN}'"
)
"""Every orphan with where it stays and the current version of its document (the partial
index of migration 0009 finds them without reading the other annotations). The documents'
columns are read once each, up front: a document row holds its whole text before the columns
of its version, and reading those for each orphan took seconds per thousand."""


@dataclass(frozen=True, slots=True)
class Orphan:
    """An annotation left on an earlier version of its document."""

    id: str
    concept: str
    quote: str
    prefix: str
    suffix: str
    reviewer: str
    note: str | None
    passage: str
    """The passage of the earlier version it stays on."""
    seq: int
    """That passage's position in its version, from 0."""
    start: int | None
    end: int | None
    left_on: str
    """The id of the version it stays on."""
    version: int
    """That version's number."""
    document: str
    """The id of its document's current version, where it may be placed."""
    title: str
    """The current version's title."""


class OrphansMixin:
    """Store methods for orphans: list, count, candidate places, place, discard."""

    db: sqlite_utils.Database

    def orphans(
        self, document: str | None = None, reviewers: frozenset[str] | None = None
    ) -> Iterator[Orphan]:
        """The orphans of a document (``document``: the id or key of any of its versions) or
        of every document, in reading order (documents in import order, then each version's
        passages); only ``reviewers``' when given."""
        where, params = self._orphan_filter(document, reviewers)
        sql = (
            f"{_ORPHANS_SQL}{where} ORDER BY current.imported, current.place, old.version, "
            "p.seq, a.start, a.created, a.id"
        )
        for row in self.db.execute(sql, params):
            yield Orphan(*row)

    def orphan_count(
        self, document: str | None = None, reviewers: frozenset[str] | None = None
    ) -> int:
        """How many orphans ``orphans`` lists with the same arguments."""
        where, params = self._orphan_filter(document, reviewers)
        sql = f"SELECT count(*) FROM ({_ORPHANS_SQL}{where})"
        return int(self.db.execute(sql, params).fetchone()[0])

    def orphan(self, annotation_id: str) -> Orphan:
        """One orphan by id; refused when there is no such annotation or it is placed."""
        row = self.db.execute(f"{_ORPHANS_SQL} AND a.id = ?", [annotation_id]).fetchone()
        if row is None:
            raise UserError(_not_an_orphan(self.db, annotation_id))
        return Orphan(*row)

    def orphan_candidates(self, annotation_id: str, limit: int = 3) -> list[Candidate]:
        """The best places for an orphan on its document's current version, best first, even
        those the re-anchoring found too poor to take (a reviewer decides)."""
        from annotator.anchoring import Anchor, candidates

        orphan = self.orphan(annotation_id)
        old = _text_passages(self.db, orphan.left_on)
        new = old if orphan.document == orphan.left_on else _text_passages(self.db, orphan.document)
        stays = Anchor(
            orphan.id,
            orphan.passage,
            orphan.start,
            orphan.end,
            orphan.quote,
            orphan.prefix,
            orphan.suffix,
        )
        return candidates(stays, old, new, limit)

    def place_orphan(
        self,
        annotation_id: str,
        passage_id: str,
        start: int | None,
        end: int | None,
        reviewer: str,
    ) -> Annotation:
        """Put an orphan on ``passage_id`` (a passage of its document's current version), on
        the span ``start:end`` or the whole passage (both None), as one change of
        ``reviewer``: its quote and context are taken from there and its anchor becomes
        'moved'. Refused, with nothing written: an annotation that is not an orphan, a
        passage of another document or version, offsets outside the passage, and a place
        where its reviewer already has the same tag."""
        with change(self.db, reviewer) as current:
            orphan = self.orphan(annotation_id)
            passage = fetch_passage(self.db, passage_id)
            if passage is None:
                raise UserError(f"no passage {passage_id!r} (list them with `annotator passages`)")
            if passage.document != orphan.document:
                raise UserError(
                    f"passage {passage_id} is not in the current version of {orphan.title!r} "
                    f"({orphan.document}): an orphan is placed on its document's current version"
                )
            quote, prefix, suffix = anchor(passage, start, end)
            twin = self.db.execute(
                'SELECT id FROM annotations WHERE passage = ? AND start IS ? AND "end" IS ? '
                "AND concept = ? AND reviewer = ?",
                [passage_id, start, end, orphan.concept, orphan.reviewer],
            ).fetchone()
            if twin is not None:
                raise UserError(
                    f"{orphan.reviewer} already has this tag there (annotation {twin[0]}): "
                    "discard the orphan instead"
                )
            before = _row(self.db, annotation_id)
            after = {
                **before,
                "passage": passage_id,
                "start": start,
                "end": end,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "anchor": PLACED,
            }
            self.db.execute(
                'UPDATE annotations SET passage = ?, start = ?, "end" = ?, quote = ?, '
                "prefix = ?, suffix = ?, anchor = ? WHERE id = ?",
                [passage_id, start, end, quote, prefix, suffix, PLACED, annotation_id],
            )
            current.record(Action.UPDATE, annotation_id, before, after)
        placed = fetch_annotation(self.db, annotation_id)
        assert placed is not None  # written just above
        return placed

    def discard_orphan(self, annotation_id: str, reviewer: str) -> Orphan:
        """Delete an orphan and the relations on it, as one change of ``reviewer`` (undo
        brings it back, an orphan again); refused for an annotation that is not one."""
        with change(self.db, reviewer) as current:
            orphan = self.orphan(annotation_id)
            before = _row(self.db, annotation_id)
            delete_annotation(self.db, annotation_id, current)
            current.record(Action.DELETE, annotation_id, before, None)
        return orphan

    def _orphan_filter(
        self, document: str | None, reviewers: frozenset[str] | None
    ) -> tuple[str, list[Any]]:
        """The conditions ``orphans`` and ``orphan_count`` add to ``_ORPHANS_SQL``."""
        where = ""
        params: list[Any] = []
        if document is not None:
            where += " AND old.key = ?"
            params.append(_key(self.db, document))
        if reviewers is not None:
            where += " AND a.reviewer IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(reviewers)))
        return where, params


def _key(db: sqlite_utils.Database, document: str) -> str:
    """The key shared by the versions of ``document`` (an id or a key of any version)."""
    row = db.execute(
        "SELECT key FROM documents WHERE id = ? OR key = ? ORDER BY id = ? DESC LIMIT 1",
        [document, document, document],
    ).fetchone()
    if row is None:
        raise UserError(f"no document {document!r} (list them with `annotator docs`)")
    return str(row[0])


def _text_passages(db: sqlite_utils.Database, document: str) -> list[TextPassage]:
    """A version's passages in reading order, as the re-anchoring engine takes them."""
    from annotator.anchoring import TextPassage

    sql = "SELECT id, seq, text FROM passages WHERE document = ? ORDER BY seq"
    return [TextPassage(*row) for row in db.execute(sql, [document])]


def _row(db: sqlite_utils.Database, annotation_id: str) -> dict[str, Any]:
    """An annotation's whole row, every column (the anchor too): what the history keeps, so
    that undo puts back exactly what was there."""
    return dict(db.table("annotations").get(annotation_id))


def _not_an_orphan(db: sqlite_utils.Database, annotation_id: str) -> str:
    """Why ``annotation_id`` is refused as an orphan: it does not exist, or it is placed."""
    if fetch_annotation(db, annotation_id) is None:
        return f"no annotation {annotation_id!r}"
    return f"annotation {annotation_id} is not an orphan (it is on its document's current version)"
