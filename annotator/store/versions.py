"""Documents with versions: a new version replaces the current one (issue #16)."""

from __future__ import annotations

import sqlite_utils


class VersionsMixin:
    """Store methods of this module (to be filled in by the issue's work)."""

    db: sqlite_utils.Database
