"""Coverage and counts, per concept and per reviewer."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


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

    @property
    def coverage(self) -> float:
        """Share of passages with at least one annotation."""
        return self.annotated_passages / self.passages if self.passages else 0.0


class StatsMixin:
    """Store method for statistics."""

    db: sqlite_utils.Database

    def stats(self) -> Stats:
        """Counts over the whole database; concepts in scheme order, unused ones included."""
        one = self._scalar
        concepts = tuple(
            Count(id_, label, annotations, passages)
            for id_, label, annotations, passages in self.db.execute(
                "SELECT c.id, c.label_fr, COUNT(a.id), COUNT(DISTINCT a.passage) FROM concepts c "
                "LEFT JOIN annotations a ON a.concept = c.id GROUP BY c.id ORDER BY c.position"
            )
        )
        reviewers = tuple(
            Count(reviewer, reviewer, annotations, passages)
            for reviewer, annotations, passages in self.db.execute(
                "SELECT reviewer, COUNT(*), COUNT(DISTINCT passage) FROM annotations "
                "GROUP BY reviewer ORDER BY reviewer"
            )
        )
        return Stats(
            documents=one("SELECT COUNT(*) FROM documents"),
            passages=one("SELECT COUNT(*) FROM passages"),
            annotated_passages=one("SELECT COUNT(DISTINCT passage) FROM annotations"),
            annotations=one("SELECT COUNT(*) FROM annotations"),
            concepts=concepts,
            reviewers=reviewers,
        )

    def _scalar(self, sql: str) -> int:
        value = self.db.execute(sql).fetchone()[0]
        return int(value)
