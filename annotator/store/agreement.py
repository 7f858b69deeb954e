"""Agreement between reviewers, computed in SQL and streamed (issue #15)."""

from __future__ import annotations

import sqlite_utils


class AgreementMixin:
    """Store methods of this module (to be filled in by the issue's work)."""

    db: sqlite_utils.Database
