"""Editing annotations the way the UI does: toggle, notes, undo and redo from the history.

Undo and redo are per reviewer and survive restarts: the stacks are rebuilt from the history,
where every change says whether it was a plain action, an undo or a redo, and of what. They
replay any change: a tag, a link, a setting, a new version of a document, or the removal of
one (``removal``), whose passages come back under new rowids, added to the full-text index in
one statement, the search dictionary's counts following both ways (``search_terms_kept``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from annotator.errors import UserError
from annotator.store.annotations import (
    ANNOTATION_FIELDS,
    AnnotationsMixin,
    delete_annotation,
    fetch_annotation,
    insert_annotation,
)
from annotator.store.concepts import ConceptsMixin
from annotator.store.documents import (
    index_passages_after,
    insert_document_row,
    last_passage_rowid,
    put_back_passages,
    take_away_passages,
)
from annotator.store.history import Change, ChangeKind, change
from annotator.store.relations import insert_relation
from annotator.store.rows import REPLAYED_TABLES, delete_row, put_row, update_row
from annotator.store.search_index import TermChanges, search_terms_kept
from annotator.store.versions import is_placement
from schemas import Action, Annotation, ConceptScheme

UNDO_DEPTH = 5000
"""How many of a reviewer's latest changes undo and redo look back over."""


@dataclass(frozen=True, slots=True)
class Reverted:
    """What an undo or redo did, to tell the reviewer."""

    passage: str
    """The passage to show it at: its annotation's, or a link's source."""
    description: str
    passages: frozenset[str] = frozenset()
    """Every passage whose tags or links it changed (a link's two ends), to redraw them."""


class ChangesMixin(AnnotationsMixin, ConceptsMixin):
    """Store methods for the edits the UI makes, on top of tag and untag."""

    def toggle(self, passage_id: str, concept_id: str, reviewer: str) -> tuple[Annotation, bool]:
        """Tag the whole passage with the concept, or remove this reviewer's tag if it has one.

        Returns the annotation and True if it was added, False if it was removed.
        """
        row = self.db.execute(
            "SELECT id FROM annotations WHERE passage = ? AND concept = ? AND reviewer = ? "
            "AND start IS NULL",
            [passage_id, concept_id, reviewer],
        ).fetchone()
        if row is not None:
            return self.untag(row[0], reviewer), False
        annotation, _ = self.tag(passage_id, concept_id, reviewer)
        return annotation, True

    def set_note(self, annotation_id: str, note: str | None, reviewer: str) -> Annotation:
        """Replace an annotation's note (None or blank removes it)."""
        before = fetch_annotation(self.db, annotation_id)
        if before is None:
            raise UserError(f"no annotation {annotation_id!r}")
        cleaned = note if note and note.strip() else None
        with change(self.db, reviewer) as current:
            self.db.execute(
                "UPDATE annotations SET note = ? WHERE id = ?", [cleaned, annotation_id]
            )
            after = before.model_copy(update={"note": cleaned})
            current.record(Action.UPDATE, annotation_id, before.model_dump(), after.model_dump())
        return after

    def undo(self, reviewer: str) -> Reverted | None:
        """Revert the reviewer's latest change not yet undone; None if there is none."""
        undoable, _ = self._stacks(reviewer)
        if not undoable:
            return None
        return self._replay(undoable[-1], reviewer, ChangeKind.UNDO)

    def redo(self, reviewer: str) -> Reverted | None:
        """Apply again the reviewer's latest undone change; None if there is none."""
        _, redoable = self._stacks(reviewer)
        if not redoable:
            return None
        return self._replay(redoable[-1], reviewer, ChangeKind.REDO)

    def _stacks(self, reviewer: str) -> tuple[list[str], list[str]]:
        """The undo and redo stacks of a reviewer, rebuilt from the history."""
        rows = self.db.execute(
            "SELECT change, kind, target FROM history WHERE id IN ("
            " SELECT MIN(id) FROM history WHERE reviewer = ? GROUP BY change"
            " ORDER BY MIN(id) DESC LIMIT ?) ORDER BY id",
            [reviewer, UNDO_DEPTH],
        ).fetchall()
        undoable: list[str] = []
        redoable: list[str] = []
        for change_id, kind, target in rows:
            if kind == ChangeKind.DO:
                undoable.append(change_id)
                redoable.clear()
            elif kind == ChangeKind.UNDO and target in undoable:
                undoable.remove(target)
                redoable.append(target)
            elif kind == ChangeKind.REDO and target in redoable:
                redoable.remove(target)
                undoable.append(target)
        return undoable, redoable

    def _replay(self, change_id: str, reviewer: str, kind: ChangeKind) -> Reverted:
        entries = self.db.execute(
            "SELECT action, entity, entity_id, before, after FROM history "
            "WHERE change = ? ORDER BY id",
            [change_id],
        ).fetchall()
        if kind is ChangeKind.UNDO:
            entries.reverse()
        passage = ""
        descriptions: list[str] = []
        links: list[str] = []
        link_source = ""
        ends: set[str] = set()
        sides: set[str] = set()
        labels = _labels(self.scheme)
        removal: str | None = None
        replaced: str | None = None
        with (
            change(self.db, reviewer, kind, change_id) as current,
            search_terms_kept(self.db) as terms,
        ):
            indexed = last_passage_rowid(self.db)
            passages: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
            placed: list[dict[str, Any]] = []
            for action_name, entity, entity_id, before_json, after_json in entries:
                before = json.loads(before_json) if before_json else None
                after = json.loads(after_json) if after_json else None
                if kind is ChangeKind.UNDO:
                    before, after = after, before
                current.record(_action(before, after), entity_id, before, after, entity=entity)
                if entity == "passages":  # written together, before the next other row
                    self._settle_placements(placed)
                    passages.append((before, after))
                    continue
                if entity == "annotations" and before and after and is_placement(after):
                    self._settle_passages(passages, terms)  # a new version's: likewise
                    placed.append(after)
                    continue
                self._settle_passages(passages, terms)
                self._settle_placements(placed)
                self._apply(entity, entity_id, before, after, current)
                row = after or before or {}
                if entity == "documents":
                    if before is None or after is None:
                        removal = entity_id
                    elif "superseded_by" in row:  # a new version's: it replaced this one
                        replaced = entity_id
                elif entity in REPLAYED_TABLES:
                    descriptions.append(f"{kind.value} {_ENTITY_NAMES[entity]}")
                elif entity == "annotations":
                    passage = _shown_at(before, after, passage)
                    sides.update(side.get("passage", "") for side in (before, after) if side)
                    descriptions.append(_describe(Action(action_name), kind, row, labels, before))
                else:
                    link_source = row.get("source", link_source)
                    ends.update(row.get(end, "") for end in ("source", "target"))
                    links.append(_describe_link(Action(action_name), kind, row, labels))
            self._settle_passages(passages, terms)
            self._settle_placements(placed)
            if terms.added:
                index_passages_after(self.db, indexed)
            touched = set(self.passages_of(ends).values())
        touched.add(passage)
        if replaced is not None:  # told at the first passage of the version now current
            return self._reverted_version(replaced, kind, touched)
        if removal is not None:  # told at the document's first passage when it comes back
            return self._reverted_removal(removal, kind, touched)
        if not descriptions and links:  # a relate or unrelate: told at its source's passage
            where = self.passages_of([link_source]).get(link_source, "")
            return Reverted(where, "; ".join(links), frozenset(touched - {""}))
        touched |= sides  # both places of an annotation moved (an orphan placed, then undone)
        return Reverted(passage, "; ".join(descriptions), frozenset(touched - {""}))

    def _reverted_removal(self, document: str, kind: ChangeKind, touched: set[str]) -> Reverted:
        """What an undo or redo of a document's removal did, shown at the first passage of
        the document it brought back (nowhere if it removed it again)."""
        first = self.db.execute(
            "SELECT id FROM passages WHERE document = ? ORDER BY seq LIMIT 1", [document]
        ).fetchone()
        where = str(first[0]) if first else ""
        described = f"{kind.value} remove document {document}"
        return Reverted(where, described, frozenset((touched | {where}) - {""}))

    def _reverted_version(self, replaced: str, kind: ChangeKind, touched: set[str]) -> Reverted:
        """What an undo or redo of a new version did (it re-anchored every annotation of the
        version it replaced), shown at the first passage of the version now current."""
        title, first = self.db.execute(
            "SELECT d.title, (SELECT id FROM passages WHERE document = d.id ORDER BY seq LIMIT 1) "
            "FROM documents d WHERE d.superseded_by IS NULL "
            "AND d.key = (SELECT key FROM documents WHERE id = ?)",
            [replaced],
        ).fetchone()
        described = f"{kind.value} new version of {title}"
        return Reverted(first, described, frozenset((touched | {first}) - {""}))

    def _apply(
        self,
        entity: str,
        entity_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        current: Change,
    ) -> None:
        if entity in REPLAYED_TABLES:
            if after is None:
                delete_row(self.db, entity, entity_id)
            else:
                put_row(self.db, entity, after)
            return
        if entity == "documents":  # a removal's: a document there already is the same one
            if before is None and after is not None:
                insert_document_row(self.db, after)
            elif after is None:
                self.db.execute("DELETE FROM documents WHERE id = ?", [entity_id])
            else:
                update_row(self.db, "documents", entity_id, after)
            return
        if entity == "relations":
            if after is None:
                self.db.execute("DELETE FROM relations WHERE id = ?", [entity_id])
            else:
                insert_relation(self.db, after, replace=True)
            return
        exists = fetch_annotation(self.db, entity_id) is not None
        if after is None:
            if exists:
                delete_annotation(self.db, entity_id, current)
        elif before is None or not exists:
            if not exists:
                insert_annotation(self.db, {key: after[key] for key in ANNOTATION_FIELDS})
                update_row(self.db, "annotations", entity_id, after)  # columns added since
        else:
            update_row(self.db, "annotations", entity_id, after)

    def _settle_placements(self, pending: list[dict[str, Any]]) -> None:
        """Write the re-anchorings of a new version's undo or redo (each the columns it moved,
        ``versions.is_placement``), a statement per set of columns (an undo of a big re-import
        moves a hundred thousand annotations), and empty ``pending``. An annotation removed
        since is left alone: there is nothing to move."""
        groups: dict[tuple[str, ...], list[list[Any]]] = {}
        for row in pending:
            names = tuple(name for name in row if name != "id")
            groups.setdefault(names, []).append([*(row[name] for name in names), row["id"]])
        for names, values in groups.items():
            assignments = ", ".join(f'"{name}" = ?' for name in names)
            self.db.conn.executemany(f"UPDATE annotations SET {assignments} WHERE id = ?", values)
        pending.clear()

    def _settle_passages(
        self,
        pending: list[tuple[dict[str, Any] | None, dict[str, Any] | None]],
        terms: TermChanges,
    ) -> None:
        """Put back or take away the passages of a removal's undo or redo, all at once (one
        statement each way: a row at a time, a big document took seconds), and empty
        ``pending``. Passages already there (the document imported again since) are left as
        they are; if annotations made since hang on a passage to take away, the redo is
        refused."""
        back = [after for _, after in pending if after is not None]
        away = [before for before, after in pending if after is None and before is not None]
        pending.clear()
        if back:
            terms.added.extend(put_back_passages(self.db, back))
        if not away:
            return
        try:
            terms.removed.extend(take_away_passages(self.db, away))
        except sqlite3.IntegrityError:  # the foreign key of annotations made since
            raise UserError(
                f"document {away[0]['document']} has annotations made since: untag them first"
            ) from None


_ENTITY_NAMES = {
    "settings": "setting",
    "document_status": "document status",
    "adjudications": "adjudication",
}
"""How an undo or redo names a change to a row of the tables ``rows`` replays."""


def _action(before: dict[str, Any] | None, after: dict[str, Any] | None) -> Action:
    if before is None:
        return Action.CREATE
    return Action.DELETE if after is None else Action.UPDATE


def _describe_link(
    action: Action, kind: ChangeKind, row: dict[str, Any], labels: dict[str, str]
) -> str:
    verb = "relate" if action is Action.CREATE else "unrelate"
    kind_id = row.get("type", "")
    return f"{kind.value} {verb} {labels.get(kind_id, kind_id)}"


def _shown_at(before: dict[str, Any] | None, after: dict[str, Any] | None, passage: str) -> str:
    """Where an undo or redo of an annotation's change is shown: the passage it is on now
    rather than the one it left, but never an orphan's (on a version a newer one replaced,
    which the UI does not show): an undone placement is shown where it was placed, an undone
    discard nowhere (``passage``, what the change showed so far)."""
    placed = [
        side["passage"]
        for side in (before, after)
        if side and "passage" in side and side.get("anchor") != "orphan"
    ]
    return placed[-1] if placed else passage


def _describe(
    action: Action,
    kind: ChangeKind,
    row: dict[str, Any],
    labels: dict[str, str],
    before: dict[str, Any] | None = None,
) -> str:
    """``undo tag Contrôle restreint``: the concept's label, as the reviewer knows it (its id
    when the scheme no longer has it); an update that moved the annotation (an orphan placed)
    is a ``place``, any other a ``note``; an orphan's removal is a ``discard``."""
    verb = {Action.CREATE: "tag", Action.DELETE: "untag", Action.UPDATE: "note"}[action]
    if (
        action is Action.UPDATE
        and before is not None
        and before.get("passage") != row.get("passage")
    ):
        verb = "place"
    elif action is Action.DELETE and row.get("anchor") == "orphan":
        verb = "discard"
    concept = row.get("concept", "")
    return f"{kind.value} {verb} {labels.get(concept, concept)}"


def _labels(scheme: ConceptScheme) -> dict[str, str]:
    """The French label of each concept and relation type, by id."""
    labels = {concept.id: concept.label.fr for concept in scheme.concepts}
    labels.update((kind.id, kind.label.fr) for kind in scheme.relation_types)
    return labels
