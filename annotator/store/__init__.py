"""The SQLite store: the only place that writes SQL (the UI and the CLI call it)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from annotator.store.changes import ChangesMixin, Reverted
from annotator.store.database import describe_database_error, open_database
from annotator.store.documents import DocumentsMixin, DocumentSummary, ImportResult
from annotator.store.export_reads import ExportReadsMixin
from annotator.store.review import PassageFilter, PassageIndex, ReviewRow
from annotator.store.search_index import SearchIndexMixin
from annotator.store.stats import Count, Stats, StatsMixin

__all__ = [
    "Count",
    "DocumentSummary",
    "ImportResult",
    "PassageFilter",
    "PassageIndex",
    "Reverted",
    "ReviewRow",
    "Stats",
    "Store",
    "describe_database_error",
]


class Store(DocumentsMixin, SearchIndexMixin, ChangesMixin, StatsMixin, ExportReadsMixin):
    """One open database and the operations on it, grouped by subject in the mixins."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path | str, *, check_same_thread: bool = True) -> Store:
        """Open (creating and migrating as needed) the database at ``path``."""
        return cls(open_database(path, check_same_thread=check_same_thread))

    def file(self) -> Path | None:
        """The database file, or None for an in-memory database."""
        main = self.db.execute("PRAGMA database_list").fetchone()
        return Path(main[2]) if main and main[2] else None

    def close(self) -> None:
        """Close the connection."""
        self.db.conn.close()
