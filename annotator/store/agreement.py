"""Agreement between reviewers: its scope, checked, and the marks it compares, streamed
(issue #15).

What is compared: for each concept, every passage of the documents in scope, where a
reviewer's value is 1 when they tagged the passage (whole or a span of it) with that concept
itself, else 0. A document is in scope when every compared reviewer has an annotation in it.
Only current versions of documents count (``superseded_by IS NULL``), and only annotations
that have a place in them (``anchor`` is not 'orphan').

On a corpus of a million annotations nothing here holds them in Python: SQL picks the scope
and sends the marks passage by passage, in the order of the passage index, and
``annotator.agreement.tally`` counts them as they come (the reviewers who said 1 as a
bitmask, the spans' agreement) into a few numbers per concept. Counting the masks in SQL too
would take a ``GROUP BY`` over every annotation, which sorts them: a second pass, slower
than the counting done in the one pass the spans need anyway. Reviewers and documents are
passed as JSON arrays (``json_each``), so a scope of any size is one parameter.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlite_utils

from annotator.errors import UserError

Mark = tuple[int, int, int, int, int, int]
"""``(passage, length, concept, reviewer, start, end)``: a reviewer's tag of a concept (by
number) on a passage (by rowid) of ``length`` characters, as the span it covers (a
whole-passage tag covers ``0..length``); the reviewer is their position in the scope."""

_MARKS = """
WITH compared(reviewer, position) AS MATERIALIZED (SELECT value, key FROM json_each(:reviewers)),
numbers(concept, number) AS MATERIALIZED (SELECT value, key FROM json_each(:concepts))
SELECT p.rowid, p."end" - p.start, n.number, c.position, coalesce(a.start, 0),
       coalesce(a."end", p."end" - p.start)
FROM passages p
CROSS JOIN annotations a ON a.passage = p.id
CROSS JOIN compared c ON c.reviewer = a.reviewer
CROSS JOIN numbers n ON n.concept = a.concept
WHERE p.document IN (SELECT value FROM json_each(:documents)) AND a.anchor IS NOT 'orphan'
  AND (:concept IS NULL OR a.concept = :concept)
ORDER BY p.rowid
"""
"""The compared reviewers' marks on the passages in scope, passage by passage (see ``Mark``).

The joins are in this order (``CROSS JOIN`` keeps it): each passage, then its annotations by
the passage index. Left to choose, SQLite reaches for the index on ``reviewer`` and reads
each reviewer's annotations for every passage. A passage's length is ``end - start``: its
text is the document's clean text between those offsets, so this is its ``len()`` without
reading the text."""

_CONFUSION = """
WITH tags(second, passage, concept) AS MATERIALIZED (
    SELECT DISTINCT +a.reviewer = :second, p.rowid, a.concept
    FROM passages p CROSS JOIN annotations a ON a.passage = p.id
    WHERE p.document IN (SELECT value FROM json_each(:documents))
      AND +a.reviewer IN (:first, :second) AND a.anchor IS NOT 'orphan'
),
first AS MATERIALIZED (SELECT passage, concept FROM tags WHERE NOT second),
second AS MATERIALIZED (SELECT passage, concept FROM tags WHERE second)
SELECT f.concept, s.concept, COUNT(*) FROM first f JOIN second s ON s.passage = f.passage
GROUP BY 1, 2
UNION ALL
SELECT f.concept, NULL, COUNT(*) FROM first f
WHERE f.passage NOT IN (SELECT passage FROM second) GROUP BY 1
UNION ALL
SELECT NULL, s.concept, COUNT(*) FROM second s
WHERE s.passage NOT IN (SELECT passage FROM first) GROUP BY 2
"""
"""Two reviewers' concepts on the same passages, and alone (see ``agreement_confusion``);
``+a.reviewer`` keeps SQLite on the passage index, as in ``_MARKS``."""


@dataclass(frozen=True, slots=True)
class AgreementScope:
    """What an agreement compares: whose work, on which documents, for which concepts."""

    reviewers: tuple[str, ...]
    """The compared reviewers, in the order their values appear in each pattern."""
    documents: tuple[str, ...]
    """The current documents every compared reviewer annotated, in import order."""
    lengths: Counter[int]
    """How many of those passages have each length (characters): for unitizing, each
    passage is a section of the continuum, of its length."""
    concept: str | None
    """The one concept compared, or None for every concept a compared reviewer used."""

    @property
    def passages(self) -> int:
        """Passages of those documents: the units of each concept."""
        return self.lengths.total()


class AgreementMixin:
    """Store methods that measure how far reviewers agree."""

    db: sqlite_utils.Database

    def agreement_scope(
        self,
        reviewers: Sequence[str] | None,
        document: str | None,
        concept: str | None,
        *,
        gold: str,
    ) -> AgreementScope:
        """The scope of an agreement, checked: a ``UserError`` names what is wrong with it.

        Without ``reviewers``, every reviewer with an annotation that counts (in ``document``
        if given) is compared, but the ``gold`` layer's. A reviewer named twice counts once.
        """
        self._check_agreement_document(document)
        if concept is not None and not self._exists("SELECT 1 FROM concepts WHERE id = ?", concept):
            raise UserError(
                f"no concept {concept!r} in the scheme (list them with `annotator concepts`)"
            )
        compared = self._compared(reviewers, document, gold)
        documents = self._documents_annotated_by_all(compared, document)
        if not documents:
            raise UserError(self._no_common_document(compared, document))
        lengths: Counter[int] = Counter(
            dict(
                self.db.execute(
                    'SELECT "end" - start, COUNT(*) FROM passages '
                    "WHERE document IN (SELECT value FROM json_each(?)) GROUP BY 1",
                    [json.dumps(documents)],
                ).fetchall()
            )
        )
        return AgreementScope(compared, documents, lengths, concept)

    def agreement_marks(self, scope: AgreementScope, concepts: Sequence[str]) -> Iterator[Mark]:
        """Every mark of the compared reviewers in scope (of the scope's concept, if it has
        one), passage by passage: see ``Mark``; a concept is its number in ``concepts``."""
        parameters = {
            "reviewers": json.dumps(scope.reviewers),
            "documents": json.dumps(scope.documents),
            "concepts": json.dumps(list(concepts)),
            "concept": scope.concept,
        }
        rows: Iterator[Mark] = self.db.execute(_MARKS, parameters)
        return rows

    def agreement_confusion(
        self, scope: AgreementScope, first: str, second: str
    ) -> dict[tuple[str | None, str | None], int]:
        """How many passages in scope ``first`` tagged with concept X and ``second`` with Y,
        by ``(X, Y)``; None for a reviewer who tagged the passage with nothing at all.

        Every concept counts, even with the scope's ``concept``: where one of them said it,
        what the other said is the point.
        """
        parameters = {"first": first, "second": second, "documents": json.dumps(scope.documents)}
        rows = self.db.execute(_CONFUSION, parameters)
        return {(x, y): int(count) for x, y, count in rows}

    def concept_labels(self) -> dict[str, str]:
        """Each concept's label, in the scheme's order."""
        sql = "SELECT id, label_fr FROM concepts ORDER BY position, id"
        return {str(id_): str(label) for id_, label in self.db.execute(sql)}

    def _check_agreement_document(self, document: str | None) -> None:
        if document is None:
            return
        row = self.db.execute(
            "SELECT superseded_by FROM documents WHERE id = ?", [document]
        ).fetchone()
        if row is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        if row[0] is not None:
            raise UserError(
                f"document {document} has a newer version, {row[0]}: agreement compares "
                "current versions"
            )

    def _compared(
        self, reviewers: Sequence[str] | None, document: str | None, gold: str
    ) -> tuple[str, ...]:
        """The reviewers to compare: those named (checked), else every reviewer with an
        annotation that counts, but ``gold``, by name; two at least."""
        if reviewers is not None:
            compared = tuple(dict.fromkeys(reviewers))
            self._check_reviewers(compared)
            if len(compared) < 2:
                raise UserError("--reviewers needs two names or more: agreement compares reviewers")
            return compared
        sql = (
            "SELECT r.reviewer FROM (SELECT DISTINCT reviewer FROM annotations) r "
            "WHERE r.reviewer != :gold AND EXISTS ("
            "  SELECT 1 FROM annotations a JOIN passages p ON p.id = a.passage"
            "  JOIN documents d ON d.id = p.document"
            "  WHERE a.reviewer = r.reviewer AND d.superseded_by IS NULL"
            "  AND a.anchor IS NOT 'orphan' AND (:document IS NULL OR d.id = :document)"
            ") ORDER BY r.reviewer"
        )
        rows = self.db.execute(sql, {"gold": gold, "document": document})
        compared = tuple(str(row[0]) for row in rows)
        if len(compared) < 2:
            found = f"only {compared[0]} has" if compared else "nobody has"
            where = f" in document {document}" if document is not None else ""
            raise UserError(
                f"agreement compares two reviewers or more, and {found} annotations{where} "
                f"(the gold layer's, {gold}, left aside)"
            )
        return compared

    def _check_reviewers(self, reviewers: Sequence[str]) -> None:
        """Refuse a name nobody annotated under, naming those who did."""
        unknown = [
            name
            for name in reviewers
            if not self._exists("SELECT 1 FROM annotations WHERE reviewer = ?", name)
        ]
        if unknown:
            sql = "SELECT DISTINCT reviewer FROM annotations ORDER BY reviewer"
            known = ", ".join(str(row[0]) for row in self.db.execute(sql)) or "none yet"
            raise UserError(
                f"no annotations by {', '.join(map(repr, unknown))} "
                f"(reviewers with annotations: {known})"
            )

    def _documents_annotated_by_all(
        self, reviewers: Sequence[str], document: str | None
    ) -> tuple[str, ...]:
        """The current documents (or ``document``) each reviewer has an annotation in that
        counts, in import order: each document's passages in order, and their annotations,
        until one of each reviewer turns up (``+a.reviewer`` keeps SQLite from reading a
        reviewer's every annotation for each document instead)."""
        sql = (
            "SELECT d.id FROM documents d WHERE d.superseded_by IS NULL "
            "AND (:document IS NULL OR d.id = :document) "
            "AND NOT EXISTS (SELECT 1 FROM json_each(:reviewers) r WHERE NOT EXISTS ("
            "  SELECT 1 FROM passages p CROSS JOIN annotations a ON a.passage = p.id "
            "  WHERE p.document = d.id AND +a.reviewer = r.value AND a.anchor IS NOT 'orphan'"
            ")) ORDER BY d.imported, d.rowid"
        )
        parameters = {"document": document, "reviewers": json.dumps(list(reviewers))}
        return tuple(str(row[0]) for row in self.db.execute(sql, parameters))

    def _no_common_document(self, reviewers: Sequence[str], document: str | None) -> str:
        """Why no document is in scope: who did not annotate ``document``, or that none has
        every reviewer's annotations."""
        if document is None:
            return (
                f"no document has annotations by every one of {', '.join(reviewers)}: "
                "agreement compares the documents each of them annotated (--reviewers "
                "chooses whom)"
            )
        missing = [
            name for name in reviewers if not self._documents_annotated_by_all([name], document)
        ]
        return (
            f"document {document} has no annotations by {', '.join(missing)}: agreement "
            "compares the documents every compared reviewer annotated"
        )

    def _exists(self, sql: str, value: str) -> bool:
        return self.db.execute(sql, [value]).fetchone() is not None
