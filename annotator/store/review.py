"""Reads for reviewing: a document's passages by window, filtered, with their annotations.

The UI never loads a whole document: it asks for the list of passage positions (cheap even at
100k passages) and then for the windows of passages it is about to draw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from annotator.store.annotations import ANNOTATION_FIELDS, annotation_from_row
from annotator.store.concepts import ConceptsMixin
from annotator.store.documents import PASSAGE_COLUMNS, passage_from_row
from annotator.store.relations import LinkedRelation, window_links
from annotator.store.team import TeamMixin
from schemas import Annotation, Passage


@dataclass(frozen=True, slots=True)
class PassageFilter:
    """Which passages to show; the default shows them all."""

    untagged: bool = False
    """Only passages nobody has tagged yet."""
    concept: str | None = None
    """Only passages tagged with this concept or one of its descendants."""
    reviewer: str | None = None
    """Only passages this reviewer tagged."""

    @property
    def active(self) -> bool:
        """Whether the filter hides anything."""
        return self.untagged or self.concept is not None or self.reviewer is not None


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A passage and its annotations, as the passage list draws it."""

    passage: Passage
    annotations: tuple[Annotation, ...] = field(default=())
    links: tuple[LinkedRelation, ...] = field(default=())
    """Relations with an end in the passage (both ends here: a link within the passage)."""


@dataclass(frozen=True, slots=True)
class PassageIndex:
    """The passages a view shows: positions in reading order and text lengths."""

    seqs: tuple[int, ...]
    lengths: tuple[int, ...]


class ReviewMixin(ConceptsMixin, TeamMixin):
    """Store methods the reviewing UI reads with: they show only the work the store's viewer
    may see (``TeamMixin.only_visible``), untagged meaning untagged by what they see."""

    db: sqlite_utils.Database

    def _filter_sql(self, passage_filter: PassageFilter) -> tuple[str, list[str]]:
        """Conditions on ``p`` (passages) for the filter. Each looks a passage's annotations
        up by passage: the unary ``+`` keeps SQLite from the index on concepts or reviewers,
        through which each passage's lookup walked every annotation of the concept (seconds on
        a document of 50,000 passages)."""
        clauses: list[str] = []
        params: list[str] = []
        seen = self.only_visible("a.reviewer")
        if passage_filter.untagged:
            clauses.append(
                f"NOT EXISTS (SELECT 1 FROM annotations a WHERE a.passage = p.id{seen.sql})"
            )
            params.extend(seen.params)
        if passage_filter.concept is not None:
            concepts = list(self.scheme.descendants(passage_filter.concept))
            marks = ", ".join("?" * len(concepts))
            clauses.append(
                f"EXISTS (SELECT 1 FROM annotations a WHERE a.passage = p.id "
                f"AND +a.concept IN ({marks}){seen.sql})"
            )
            params.extend([*concepts, *seen.params])
        if passage_filter.reviewer is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM annotations a WHERE a.passage = p.id AND +a.reviewer = ?"
                f"{seen.sql})"
            )
            params.extend([passage_filter.reviewer, *seen.params])
        return "".join(f" AND {clause}" for clause in clauses), params

    def passage_index(
        self, document: str, passage_filter: PassageFilter | None = None
    ) -> PassageIndex:
        """Positions and lengths of a document's passages that pass the filter."""
        where, params = self._filter_sql(passage_filter or PassageFilter())
        rows = self.db.execute(
            f'SELECT p.seq, p."end" - p.start FROM passages p WHERE p.document = ?{where} '
            "ORDER BY p.seq",
            [document, *params],
        ).fetchall()
        return PassageIndex(tuple(row[0] for row in rows), tuple(row[1] for row in rows))

    def review_rows(self, document: str, first_seq: int, last_seq: int) -> list[ReviewRow]:
        """Passages ``first_seq..last_seq`` of a document with their annotations and links."""
        passages = [
            passage_from_row(row)
            for row in self.db.execute(
                f"SELECT {PASSAGE_COLUMNS} FROM passages "
                "WHERE document = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                [document, first_seq, last_seq],
            )
        ]
        columns = ", ".join(f'a."{name}"' for name in ANNOTATION_FIELDS)
        by_passage: defaultdict[str, list[Annotation]] = defaultdict(list)
        seen = self.only_visible("a.reviewer")
        for row in self.db.execute(
            f"SELECT {columns} FROM annotations a JOIN passages p ON p.id = a.passage "
            f"WHERE p.document = ? AND p.seq BETWEEN ? AND ?{seen.sql} ORDER BY a.created, a.id",
            [document, first_seq, last_seq, *seen.params],
        ):
            annotation = annotation_from_row(row)
            by_passage[annotation.passage].append(annotation)
        links: defaultdict[int, list[LinkedRelation]] = defaultdict(list)
        visible_links = self.only_visible_relations("r")
        for linked in window_links(self.db, document, first_seq, last_seq, visible_links):
            for end in {(e.document, e.seq) for e in (linked.source, linked.target)}:
                if end[0] == document:
                    links[end[1]].append(linked)
        return [
            ReviewRow(p, tuple(by_passage.get(p.id, ())), tuple(links.get(p.seq, ())))
            for p in passages
        ]

    def review_rows_of(self, passage_ids: Iterable[str]) -> list[ReviewRow]:
        """The rows of these passages (any documents), as ``review_rows`` reads them: what a
        change touched, read again after it committed so the UI redraws just those."""
        ids = list(passage_ids)
        marks = ", ".join("?" for _ in ids)
        places = self.db.execute(
            f"SELECT document, seq FROM passages WHERE id IN ({marks}) ORDER BY document, seq",
            ids,
        ).fetchall()
        return [row for document, seq in places for row in self.review_rows(document, seq, seq)]

    def next_untagged(self, document: str, seq: int, forward: bool = True) -> int | None:
        """The nearest untagged passage after (or before) ``seq``, or None."""
        comparison, order = (">", "ASC") if forward else ("<", "DESC")
        seen = self.only_visible("a.reviewer")
        row = self.db.execute(
            f"SELECT p.seq FROM passages p WHERE p.document = ? AND p.seq {comparison} ? "
            f"AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.passage = p.id{seen.sql}) "
            f"ORDER BY p.seq {order} LIMIT 1",
            [document, seq, *seen.params],
        ).fetchone()
        return None if row is None else int(row[0])

    def document_progress(self, document: str) -> tuple[int, int]:
        """Annotated and total passages of one document."""
        seen = self.only_visible("a.reviewer")
        row = self.db.execute(
            "SELECT (SELECT COUNT(DISTINCT a.passage) FROM annotations a "
            f"JOIN passages p ON p.id = a.passage WHERE p.document = d.id{seen.sql}), "
            "d.passage_count FROM documents d WHERE d.id = ?",
            [*seen.params, document],
        ).fetchone()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    def reviewers(self) -> list[str]:
        """Everyone who has annotated (whose work the viewer sees), by name."""
        seen = self.only_visible("a.reviewer")
        sql = f"SELECT DISTINCT a.reviewer FROM annotations a WHERE 1 = 1{seen.sql} ORDER BY 1"
        rows = self.db.execute(sql, seen.params)
        return [row[0] for row in rows]

    def data_version(self) -> int:
        """Changes when another connection commits: cheap to poll for others' work."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])
