"""Reads for fuzzy search: the index's dictionary and FTS5 candidates, filtered."""

from __future__ import annotations

import sqlite_utils

from annotator.store.documents import P_PASSAGE_COLUMNS, passage_from_row
from annotator.store.review import PassageFilter, ReviewMixin
from schemas import Passage


class SearchIndexMixin(ReviewMixin):
    """Store methods the search engine reads the index with."""

    db: sqlite_utils.Database
    read_only: bool

    def search_index_version(self) -> int:
        """Changes when passages are added: the highest passage rowid."""
        return int(self.db.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0])

    def search_terms(self) -> list[tuple[str, int]]:
        """Every indexed word with the number of passages holding it.

        Kept in ``search_terms``; rebuilt from the index when passages were added since. A
        store opened for reading only reads a stale copy's words from the index itself.
        """
        version = self.search_index_version()
        row = self.db.execute("SELECT rowid FROM search_state WHERE id = 1").fetchone()
        if (row is None or row[0] != version) and self.read_only:
            return [
                (term, docs)
                for term, docs in self.db.execute("SELECT term, doc FROM passages_fts_vocab")
            ]
        if row is None or row[0] != version:
            with self.db.atomic():
                self.db.execute("DELETE FROM search_terms")
                self.db.execute(
                    "INSERT INTO search_terms (term, docs) SELECT term, doc FROM passages_fts_vocab"
                )
                self.db.execute(
                    "INSERT OR REPLACE INTO search_state (id, rowid) VALUES (1, ?)", [version]
                )
        return [
            (term, docs) for term, docs in self.db.execute("SELECT term, docs FROM search_terms")
        ]

    def passage_count(self) -> int:
        """Passages in the database (the N of BM25's inverse document frequency)."""
        return int(self.db.execute("SELECT count(*) FROM passages").fetchone()[0])

    def search_candidates(
        self,
        match: str,
        limit: int,
        passage_filter: PassageFilter | None = None,
        document: str | None = None,
    ) -> list[tuple[Passage, int]]:
        """Passages matching an FTS5 expression: (passage, document order).

        All of them when there are at most ``limit``; else the ``limit`` best by FTS5's BM25.
        Ranking is asked for only then, because FTS5's bm25() counts, on every query, the
        rows of each word of the expression over its whole list: 50 to 170 ms at a million
        passages when a query expands to common words, where finding the rows takes 8.
        """
        where, params = self._filter_sql(passage_filter or PassageFilter())
        if document is not None:
            where += " AND p.document = ?"
            params.append(document)
        select = (
            f"SELECT {P_PASSAGE_COLUMNS}, d.rowid "
            "FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid "
            "JOIN documents d ON d.id = p.document "
            f"WHERE passages_fts MATCH ?{where}"
        )
        rows = self.db.execute(f"{select} LIMIT ?", [match, *params, limit + 1]).fetchall()
        if len(rows) > limit:
            ranked = f"{select} ORDER BY bm25(passages_fts) LIMIT ?"
            rows = self.db.execute(ranked, [match, *params, limit]).fetchall()
        return [(passage_from_row(row[:-1]), int(row[-1])) for row in rows]
