"""Editing annotations the way the UI does: toggle, notes, undo and redo from the history.

Undo and redo are per reviewer and survive restarts: the stacks are rebuilt from the history,
where every change says whether it was a plain action, an undo or a redo, and of what.
"""

from __future__ import annotations

import json
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
from annotator.store.history import ChangeKind, change
from annotator.store.relations import insert_relation
from schemas import Action, Annotation

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


class ChangesMixin(AnnotationsMixin):
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
        with change(self.db, reviewer, kind, change_id) as current:
            for action_name, entity, entity_id, before_json, after_json in entries:
                before = json.loads(before_json) if before_json else None
                after = json.loads(after_json) if after_json else None
                if kind is ChangeKind.UNDO:
                    before, after = after, before
                self._apply(entity, entity_id, before, after, current)
                current.record(_action(before, after), entity_id, before, after, entity=entity)
                row = after or before or {}
                if entity == "annotations":
                    passage = row.get("passage", passage)
                    descriptions.append(_describe(Action(action_name), kind, row))
                else:
                    link_source = row.get("source", link_source)
                    ends.update(row.get(end, "") for end in ("source", "target"))
                    links.append(_describe_link(Action(action_name), kind, row))
            touched = set(self.passages_of(ends).values())
        touched.add(passage)
        if not descriptions and links:  # a relate or unrelate: told at its source's passage
            where = self.passages_of([link_source]).get(link_source, "")
            return Reverted(where, "; ".join(links), frozenset(touched - {""}))
        return Reverted(passage, "; ".join(descriptions), frozenset(touched - {""}))

    def _apply(
        self,
        entity: str,
        entity_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        current: Any,
    ) -> None:
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
        else:
            self.db.execute(
                "UPDATE annotations SET note = ? WHERE id = ?", [after["note"], entity_id]
            )


def _action(before: dict[str, Any] | None, after: dict[str, Any] | None) -> Action:
    if before is None:
        return Action.CREATE
    return Action.DELETE if after is None else Action.UPDATE


def _describe_link(action: Action, kind: ChangeKind, row: dict[str, Any]) -> str:
    verb = "relate" if action is Action.CREATE else "unrelate"
    return f"{kind.value} {verb} {row.get('type', '')}"


def _describe(action: Action, kind: ChangeKind, row: dict[str, Any]) -> str:
    verb = {Action.CREATE: "tag", Action.DELETE: "untag", Action.UPDATE: "note"}[action]
    return f"{kind.value} {verb} {row.get('concept', '')}"
