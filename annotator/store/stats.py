"""Coverage and counts, per concept and per reviewer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from annotator.store.documents import (
    ORPHAN,
    SUPERSEDED_DOCUMENTS,
    SUPERSEDED_PASSAGES,
)
from annotator.store.team import TeamMixin


@dataclass(frozen=True, slots=True)
class Count:
    """Annotations and distinct passages for one concept or one reviewer."""

    name: str
    label: str
    annotations: int
    passages: int


@dataclass(frozen=True, slots=True)
class Stats:
    """The corpus at a glance."""

    documents: int
    passages: int
    annotated_passages: int
    annotations: int
    concepts: tuple[Count, ...]
    reviewers: tuple[Count, ...]
    orphans: int
    """Annotations a new version of their document could not place (``annotator orphans``),
    left out of every other count: those count the current versions only."""

    @property
    def coverage(self) -> float:
        """Share of passages with at least one annotation."""
        return self.annotated_passages / self.passages if self.passages else 0.0


class StatsMixin(TeamMixin):
    """Store method for statistics (of the work the store's viewer may see)."""

    db: sqlite_utils.Database

    def stats(self) -> Stats:
        """Counts over the current versions of the documents, and their orphans; concepts in
        scheme order, unused ones included."""
        one = self._scalar
        seen = self.only_visible("a.reviewer")
        current = f" AND a.passage NOT IN ({SUPERSEDED_PASSAGES})"
        concepts = tuple(
            Count(id_, label, annotations, passages)
            for id_, label, annotations, passages in self.db.execute(
                "SELECT c.id, c.label_fr, COUNT(a.id), COUNT(DISTINCT a.passage) FROM concepts c "
                f"LEFT JOIN annotations a ON a.concept = c.id{current}{seen.sql} GROUP BY c.id "
                "ORDER BY c.position",
                seen.params,
            )
        )
        reviewers = tuple(
            Count(reviewer, reviewer, annotations, passages)
            for reviewer, annotations, passages in self.db.execute(
                "SELECT a.reviewer, COUNT(*), COUNT(DISTINCT a.passage) FROM annotations a "
                f"WHERE 1 = 1{current}{seen.sql} GROUP BY a.reviewer ORDER BY a.reviewer",
                seen.params,
            )
        )
        return Stats(
            documents=one(
                f"SELECT COUNT(*) FROM documents WHERE id NOT IN ({SUPERSEDED_DOCUMENTS})"
            ),
            passages=one(
                f"SELECT COUNT(*) FROM passages WHERE document NOT IN ({SUPERSEDED_DOCUMENTS})"
            ),
            annotated_passages=one(
                "SELECT COUNT(DISTINCT a.passage) FROM annotations a "
                f"WHERE 1 = 1{current}{seen.sql}",
                seen.params,
            ),
            annotations=one(
                f"SELECT COUNT(*) FROM annotations a WHERE 1 = 1{current}{seen.sql}", seen.params
            ),
            concepts=concepts,
            reviewers=reviewers,
            orphans=one(
                f"SELECT COUNT(*) FROM annotations a WHERE a.anchor = '{ORPHAN}'{seen.sql}",
                seen.params,
            ),
        )

    def _scalar(self, sql: str, params: Sequence[str] = ()) -> int:
        value = self.db.execute(sql, params).fetchone()[0]
        return int(value)
