"""The SQLite store: the only place that writes SQL (the UI and the CLI call it)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from annotator.store.adjudication import AdjudicationMixin
from annotator.store.agreement import AgreementMixin
from annotator.store.changes import ChangesMixin, Reverted
from annotator.store.database import Access, describe_database_error, open_database
from annotator.store.documents import DocumentsMixin, DocumentSummary, ImportResult
from annotator.store.export_reads import ExportReadsMixin
from annotator.store.orphans import OrphansMixin
from annotator.store.relations import LinkedRelation, RelationEnd, RelationsMixin
from annotator.store.removal import RemovalMixin
from annotator.store.review import PassageFilter, PassageIndex, ReviewRow
from annotator.store.search_index import SearchIndexMixin
from annotator.store.stats import Count, Stats, StatsMixin
from annotator.store.team import TeamMixin
from annotator.store.versions import VersionsMixin

__all__ = [
    "Access",
    "Count",
    "DocumentSummary",
    "ImportResult",
    "LinkedRelation",
    "PassageFilter",
    "PassageIndex",
    "RelationEnd",
    "Reverted",
    "ReviewRow",
    "Stats",
    "Store",
    "describe_database_error",
]


class Store(
    DocumentsMixin,
    SearchIndexMixin,
    ChangesMixin,
    RemovalMixin,
    RelationsMixin,
    StatsMixin,
    ExportReadsMixin,
    TeamMixin,
    AgreementMixin,
    AdjudicationMixin,
    VersionsMixin,
    OrphansMixin,
):
    """One open database and the operations on it, grouped by subject in the mixins."""

    def __init__(self, db: sqlite_utils.Database, *, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        """Opened for reading only: caches in the database are not refreshed (search reads
        the index's dictionary directly instead)."""

    @classmethod
    def open(
        cls, path: Path | str, *, access: Access = Access.CREATE, check_same_thread: bool = True
    ) -> Store:
        """Open the database at ``path`` for ``access`` (see ``Access``)."""
        db = open_database(path, access=access, check_same_thread=check_same_thread)
        return cls(db, read_only=access is Access.READ)

    def file(self) -> Path | None:
        """The database file, or None for an in-memory database."""
        main = self.db.execute("PRAGMA database_list").fetchone()
        return Path(main[2]) if main and main[2] else None

    def close(self) -> None:
        """Close the connection."""
        self.db.conn.close()
