"""Annotations a new version could not place, and placing them by hand (issue #16)."""

from __future__ import annotations

import sqlite_utils


class OrphansMixin:
    """Store methods of this module (to be filled in by the issue's work)."""

    db: sqlite_utils.Database
