"""A team's settings, kept in the database so that every reviewer's window and command sees
the same ones: blind mode, the gold layer's reviewer, and the curators who see everything;
what blind mode hides; and each reviewer's status per document (finished or not).

Each change of a setting or a status is a change in the history (entities ``settings`` and
``document_status``), so it is audited and undoable like any other.

Blind mode is enforced where the work is read, not where it is shown: a store knows who reads
through it (``viewer``), and every reader of annotations and relations that shows work to a
person (the passages and their links, the document list's counts, search filters, stats,
relations, exports) appends the condition ``only_visible`` builds to its SQL. A store with no
viewer (the default: loads, undo, checks, the team's own tools) reads everything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

import sqlite_utils

from annotator.clock import now
from annotator.errors import UserError
from annotator.store.history import change
from annotator.store.rows import delete_row, put_row
from schemas import Action

STATUS_COLUMNS = ("id", "document", "reviewer", "status", "at")
"""Every column of a document status (``document_status``): what the history records of it,
and what a merge reads and writes."""

DEFAULT_GOLD = "gold"
"""The reviewer whose annotations are the gold layer, unless the setting names another."""


def _switch(name: str, text: str) -> str:
    value = text.strip().lower()
    if value not in ("on", "off"):
        raise UserError(f"{name} is on or off, not {text!r}")
    return value


def _name(name: str, text: str) -> str:
    value = text.strip()
    if not value or "\n" in value:
        raise UserError(f"{name} needs a reviewer's name on one line, not {text!r}")
    return value


def _names(name: str, text: str) -> str:
    """Names separated by commas, each once, in the order given (blank: nobody)."""
    names = [_name(name, part) for part in text.split(",") if part.strip()]
    return json.dumps(list(dict.fromkeys(names)), ensure_ascii=False)


def _listed(value: str) -> str:
    names = json.loads(value)
    return ", ".join(names) if names else "(none)"


@dataclass(frozen=True, slots=True)
class Setting:
    """A setting a team may change: its name, default and what it means, and how a value a
    person typed becomes the stored one (or is refused) and is shown again."""

    name: str
    default: str
    help: str
    read: Callable[[str, str], str] = _name
    """(name, text typed) -> the value stored; a ``UserError`` says what is expected."""
    shown: Callable[[str], str] = str
    """The stored value as a person reads it."""
    data: Callable[[str], Any] = str
    """The stored value as ``settings --json`` gives it."""


SETTINGS: dict[str, Setting] = {
    setting.name: setting
    for setting in (
        Setting(
            "blind",
            "off",
            "on: each reviewer sees only their own work (curators see all)",
            read=_switch,
        ),
        Setting("gold", DEFAULT_GOLD, "the reviewer whose annotations are the gold layer"),
        Setting(
            "curators",
            "[]",
            "reviewers who see everyone's work in blind mode",
            read=_names,
            shown=_listed,
            data=json.loads,
        ),
    )
}


class Condition(NamedTuple):
    """An SQL fragment to append to a WHERE or ON clause (`` AND ...``, or empty when it
    keeps everything) and its parameters, in order."""

    sql: str
    params: list[str]


class TeamMixin:
    """Store methods for the team's settings, what blind mode lets a reader see, and the
    reviewers' status per document."""

    db: sqlite_utils.Database

    viewer: str | None = None
    """Who reads through this store: the readers that show work show only what this reviewer
    may see (``visible_reviewers``). None, the default, reads everyone's work."""

    def setting(self, name: str) -> str:
        """The value of setting ``name`` (its default when nobody set it)."""
        known = known_setting(name)
        row = self.db.execute("SELECT value FROM settings WHERE id = ?", [name]).fetchone()
        return str(row[0]) if row else known.default

    def set_setting(self, name: str, value: str, reviewer: str) -> bool:
        """Set ``name`` to ``value`` as one change of ``reviewer``; False if it already was
        (set so, or left at a default that is ``value``)."""
        known = known_setting(name)
        with change(self.db, reviewer) as current:
            row = self.db.execute("SELECT value FROM settings WHERE id = ?", [name]).fetchone()
            if (row[0] if row is not None else known.default) == value:
                return False
            before = {"id": name, "value": row[0]} if row is not None else None
            after = {"id": name, "value": value}
            self.db.execute(
                "INSERT OR REPLACE INTO settings (id, value) VALUES (?, ?)", [name, value]
            )
            action = Action.CREATE if before is None else Action.UPDATE
            current.record(action, name, before, after, entity="settings")
        return True

    def blind(self) -> bool:
        """Whether blind mode is on."""
        return self.setting("blind") == "on"

    def gold_reviewer(self) -> str:
        """The reviewer whose annotations are the gold layer."""
        return self.setting("gold")

    def curators(self) -> list[str]:
        """The reviewers who see everyone's work in blind mode."""
        return [str(name) for name in json.loads(self.setting("curators"))]

    def visible_reviewers(self, reviewer: str) -> frozenset[str] | None:
        """Whose work ``reviewer`` may see: None for everyone's, else just their own (blind
        mode is on and they are not a curator)."""
        if not self.blind() or reviewer in self.curators():
            return None
        return frozenset({reviewer})

    # -- what the viewer sees --------------------------------------------------------------

    def only_visible(self, column: str) -> Condition:
        """`` AND column IN (...)``, keeping the work of the reviewers the viewer may see:
        ``column`` is an annotation's, a relation's or a status's reviewer. Nothing to add
        when the viewer sees everyone's work (or the store has no viewer).

        The settings are read on each call (two lookups by key): blind mode switched on by
        another process applies to the next read. The unary ``+`` keeps SQLite from choosing
        the index on reviewers for it: a reader's other conditions (a passage, a document's
        window) are the selective ones, and through that index a lookup per passage would walk
        every annotation of the reviewer.
        """
        seen = None if self.viewer is None else self.visible_reviewers(self.viewer)
        if seen is None:
            return Condition("", [])
        names = sorted(seen)
        return Condition(f" AND +{column} IN ({', '.join('?' for _ in names)})", names)

    def only_visible_relations(self, alias: str) -> Condition:
        """``only_visible`` for the relations of table alias ``alias``: made by a reviewer the
        viewer may see, between two annotations of such reviewers (a link to another's
        annotation would show its quote)."""
        made = self.only_visible(f"{alias}.reviewer")
        if not made.sql:
            return made
        ends = [
            self.only_visible(f"(SELECT reviewer FROM annotations WHERE id = {alias}.{end})")
            for end in ("source", "target")
        ]
        return Condition(
            made.sql + "".join(end.sql for end in ends),
            [*made.params, *(name for end in ends for name in end.params)],
        )

    def refuse_unseen(self, reviewer: str | None) -> None:
        """Refuse to show ``reviewer``'s work (a ``--reviewer`` option) to a viewer blind mode
        keeps from it; nothing to refuse for None (no reviewer asked for)."""
        if reviewer is None or self.viewer is None:
            return
        seen = self.visible_reviewers(self.viewer)
        if seen is not None and reviewer not in seen:
            raise UserError(
                f"blind mode is on: {self.viewer} sees only their own work, not {reviewer}'s "
                "(curators see everyone's: `annotator settings curators NAMES`)"
            )

    def refuse_unless_curator(self, reviewer: str, doing: str) -> None:
        """Refuse work that shows everyone's annotations side by side (agreement, adjudication)
        to a reviewer blind mode keeps from others' work: while it is on, only a curator
        ``doing`` it (e.g. "adjudicates")."""
        if self.visible_reviewers(reviewer) is None:
            return
        curators = ", ".join(self.curators()) or "none yet"
        raise UserError(
            f"blind mode is on: only a curator {doing} (curators: {curators}); "
            "`annotator settings curators NAME,...` names them, `settings blind off` ends it"
        )

    # -- document status -------------------------------------------------------------------

    def set_done(self, document: str, reviewer: str, done: bool = True) -> bool:
        """Mark ``document`` finished for ``reviewer`` (``done`` False: not finished), as one
        change of theirs; False if it already was so."""
        if self.db.execute("SELECT 1 FROM documents WHERE id = ?", [document]).fetchone() is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        status_id = f"{document}/{reviewer}"
        with change(self.db, reviewer) as current:
            before = self._status(status_id)
            if (before is not None) == done:
                return False
            if before is None:
                after = {
                    "id": status_id,
                    "document": document,
                    "reviewer": reviewer,
                    "status": "done",
                    "at": now(),
                }
                put_row(self.db, "document_status", after)
                current.record(Action.CREATE, status_id, None, after, entity="document_status")
            else:
                delete_row(self.db, "document_status", status_id)
                current.record(Action.DELETE, status_id, before, None, entity="document_status")
        return True

    def is_done(self, document: str, reviewer: str) -> bool:
        """Whether ``reviewer`` marked ``document`` finished."""
        return self._status(f"{document}/{reviewer}") is not None

    def finished(self) -> dict[str, tuple[str, ...]]:
        """Who finished each document anyone finished (those the viewer sees), by name, by
        document id."""
        seen = self.only_visible("reviewer")
        sql = (
            f"SELECT document, reviewer FROM document_status WHERE 1 = 1{seen.sql} "
            "ORDER BY document, reviewer"
        )
        rows = self.db.execute(sql, seen.params)
        return {
            document: tuple(reviewer for _, reviewer in statuses)
            for document, statuses in groupby(rows, key=itemgetter(0))
        }

    def _status(self, status_id: str) -> dict[str, Any] | None:
        sql = f"SELECT {', '.join(STATUS_COLUMNS)} FROM document_status WHERE id = ?"
        row = self.db.execute(sql, [status_id]).fetchone()
        return dict(zip(STATUS_COLUMNS, row, strict=True)) if row else None


def known_setting(name: str) -> Setting:
    """The setting called ``name``, or a ``UserError`` listing the settings there are."""
    setting = SETTINGS.get(name)
    if setting is None:
        raise UserError(f"no setting {name!r} (settings: {', '.join(SETTINGS)})")
    return setting
