"""Reads for fuzzy search: the index's dictionary and FTS5 candidates, filtered; and keeping
the dictionary's copy right when passages are removed or put back.

The copy (``search_terms``, migration 0004) is good up to the passage rowid ``search_state``
records: passages added since make it stale, and the next search rebuilds it from the index.
A removal (``remove``, and its undo and redo) changes passages below that rowid too, so it
updates the copy's counts itself (``search_terms_kept``), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlite_utils

from annotator.store.documents import (
    P_PASSAGE_COLUMNS,
    SUPERSEDED_DOCUMENTS,
    last_passage_rowid,
    passage_from_row,
)
from annotator.store.migrations import FTS_TOKENIZER
from annotator.store.review import PassageFilter, ReviewMixin
from schemas import Passage


class SearchIndexMixin(ReviewMixin):
    """Store methods the search engine reads the index with."""

    db: sqlite_utils.Database
    read_only: bool

    def search_index_version(self) -> int:
        """Changes whenever the indexed passages change, for a search engine to know when to
        read the dictionary again.

        Passages are added above the highest rowid, so an import changes that; a removal, its
        undo and its redo may leave it where it was (a removed document's rowids can be taken
        again by the next import), but each writes a 'documents' entry in the history, whose
        id only grows. The version pairs the two, exactly (a rowid is below 2**63).
        """
        removals = self.db.execute(
            "SELECT coalesce(max(id), 0) FROM history WHERE entity = 'documents'"
        ).fetchone()[0]
        return int(removals) * 2**63 + last_passage_rowid(self.db)

    def search_terms(self) -> list[tuple[str, int]]:
        """Every indexed word with the number of passages holding it.

        Kept in ``search_terms``; rebuilt from the index when passages were added since. A
        store opened for reading only reads a stale copy's words from the index itself.
        """
        version = last_passage_rowid(self.db)
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
        """Passages of current versions matching an FTS5 expression: (passage, document order).

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
            f"WHERE passages_fts MATCH ? AND p.document NOT IN ({SUPERSEDED_DOCUMENTS}){where}"
        )
        rows = self.db.execute(f"{select} LIMIT ?", [match, *params, limit + 1]).fetchall()
        if len(rows) > limit:
            ranked = f"{select} ORDER BY bm25(passages_fts) LIMIT ?"
            rows = self.db.execute(ranked, [match, *params, limit]).fetchall()
        return [(passage_from_row(row[:-1]), int(row[-1])) for row in rows]


class TermChanges:
    """The texts of the passages a change removes and puts back, to count their words."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.removed: list[str] = []


@contextmanager
def search_terms_kept(db: sqlite_utils.Database) -> Iterator[TermChanges]:
    """Keep ``search_terms`` right over a block that removes or puts back passages (inside
    the block's transaction): the block lists their texts in the ``TermChanges`` it is given.

    A copy that was good before the block gets each word's count of passages moved by the
    passages' own counts (``_shift``), and is marked good for the passages there are after
    it: no search has to rebuild it from the whole index. A copy already stale is marked
    stale for good (a removal could otherwise bring the highest rowid back to the one it
    records), so the next search rebuilds it.
    """
    current = _copy_is_current(db)
    changes = TermChanges()
    yield changes
    if not (changes.added or changes.removed):
        return
    if not current:
        db.execute("DELETE FROM search_state")
        return
    _shift(db, changes.added, 1)
    _shift(db, changes.removed, -1)
    db.execute("DELETE FROM search_terms WHERE docs <= 0")
    db.execute(
        "INSERT OR REPLACE INTO search_state (id, rowid) VALUES (1, ?)", [last_passage_rowid(db)]
    )


def _copy_is_current(db: sqlite_utils.Database) -> bool:
    """Whether ``search_terms`` holds the words of exactly the passages there are."""
    row = db.execute("SELECT rowid FROM search_state WHERE id = 1").fetchone()
    return row is not None and row[0] == last_passage_rowid(db)


def _shift(db: sqlite_utils.Database, texts: Iterable[str], sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) the passages of ``texts`` in each word's count.

    The words are counted as the index counts them: by a scratch FTS5 table with the same
    tokenizer, whose vocabulary gives each word's number of passages among ``texts``.
    """
    rows = [(text,) for text in texts]
    if not rows:
        return
    db.execute(
        f"CREATE VIRTUAL TABLE temp.term_changes USING fts5(text, tokenize='{FTS_TOKENIZER}')"
    )
    try:
        db.execute(
            "CREATE VIRTUAL TABLE temp.term_changes_vocab USING fts5vocab(temp, term_changes, row)"
        )
        db.conn.executemany("INSERT INTO temp.term_changes (text) VALUES (?)", rows)
        db.execute(
            "INSERT INTO search_terms (term, docs) SELECT term, ? * doc "
            "FROM temp.term_changes_vocab WHERE true "
            "ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
            [sign],
        )
    finally:
        db.execute("DROP TABLE IF EXISTS temp.term_changes_vocab")
        db.execute("DROP TABLE temp.term_changes")
