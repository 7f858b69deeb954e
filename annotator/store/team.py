"""A team's settings, kept in the database so that every reviewer's window and command sees
the same ones: blind mode, the gold layer's reviewer, and the curators who see everything.

Each change of a setting is a change in the history (entity ``settings``), so it is audited
and undoable like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from annotator.errors import UserError
from annotator.store.history import change
from schemas import Action

DEFAULT_GOLD = "gold"
"""The reviewer whose annotations are the gold layer, unless the setting names another."""


@dataclass(frozen=True, slots=True)
class Setting:
    """A setting a team may change: its name, default and what it means."""

    name: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    setting.name: setting
    for setting in (
        Setting("blind", "off", "on: each reviewer sees only their own work (curators see all)"),
        Setting("gold", DEFAULT_GOLD, "the reviewer whose annotations are the gold layer"),
        Setting("curators", "[]", "reviewers who see everyone's work in blind mode"),
    )
}


class TeamMixin:
    """Store methods for the team's settings."""

    db: sqlite_utils.Database

    def setting(self, name: str) -> str:
        """The value of setting ``name`` (its default when nobody set it)."""
        known = _known(name)
        row = self.db.execute("SELECT value FROM settings WHERE id = ?", [name]).fetchone()
        return str(row[0]) if row else known.default

    def set_setting(self, name: str, value: str, reviewer: str) -> bool:
        """Set ``name`` to ``value`` as one change of ``reviewer``; False if it already was."""
        _known(name)
        with change(self.db, reviewer) as current:
            row = self.db.execute("SELECT value FROM settings WHERE id = ?", [name]).fetchone()
            if row is not None and row[0] == value:
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


def _known(name: str) -> Setting:
    setting = SETTINGS.get(name)
    if setting is None:
        raise UserError(f"no setting {name!r} (settings: {', '.join(SETTINGS)})")
    return setting
