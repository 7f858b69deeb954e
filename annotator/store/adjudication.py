"""Adjudicating reviewers' differences into the gold layer (issue #15)."""

from __future__ import annotations

import sqlite_utils


class AdjudicationMixin:
    """Store methods of this module (to be filled in by the issue's work)."""

    db: sqlite_utils.Database
