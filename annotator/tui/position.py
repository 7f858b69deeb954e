"""Where a reviewer left off, per database: the app reopens there.

Kept in a small JSON file in the user's state folder (``$XDG_STATE_HOME/annotator``, else
``~/.local/state/annotator``), not in the database: a place to read from is not work to
share, and writing it must never compete with a tag for the database. A file that cannot be
read or written is ignored: losing the place costs a few key presses, never work.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "positions.json"


@dataclass(frozen=True, slots=True)
class Position:
    """A document and a passage in it (``seq``, from 0)."""

    document: str
    seq: int


def state_folder() -> Path:
    """The folder for the app's state, as the XDG base directory spec says."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "annotator"


class Positions:
    """The places reviewers left off, by database file and reviewer."""

    def __init__(self, database: Path | None, reviewer: str, folder: Path | None = None) -> None:
        self._key = f"{database.resolve() if database else ':memory:'}\x00{reviewer}"
        self._file = (folder or state_folder()) / FILE_NAME
        self._saved: Position | None = None

    def load(self) -> Position | None:
        """Where this reviewer left off in this database, if the file says."""
        try:
            entry = json.loads(self._file.read_text("utf-8")).get(self._key)
            self._saved = Position(str(entry["document"]), int(entry["seq"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        return self._saved

    def save(self, position: Position) -> None:
        """Remember a place (written only when it changed; replaced atomically)."""
        if position == self._saved:
            return
        try:
            entries = json.loads(self._file.read_text("utf-8"))
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        entries[self._key] = {"document": position.document, "seq": position.seq}
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._file.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entries, out)
            os.replace(temporary, self._file)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return
        self._saved = position
