"""Adjudicating reviewers' differences into the gold layer (issue #15).

The gold layer is the annotations and relations of one reviewer, named by the ``gold``
setting ("gold" unless a team chose another). The adjudicator's decisions are rows of
``adjudications``, one per reviewer's item (see ``adjudication_tally`` for what an item is,
when reviewers agree on it and when a passage is disputed or resolved):

- *accept* an item: the gold layer gets a copy of it (a new annotation by the gold reviewer,
  same passage, concept, span, quote and context, the note kept), unless it holds the same
  already, and every compared reviewer's same item is recorded 'accepted' with the gold
  copy's id as ``result``. Accepting a relation accepts its two ends first, then links their
  gold copies.
- *reject* an item: every compared reviewer's same item is recorded 'rejected'; a gold copy
  of it is taken out of the gold layer (with the gold links on it, and the decisions that
  pointed at them), so an adjudicator may change their mind either way.
- *accept what all agree on* (a passage, or the whole scope): the agreed items go into the
  gold layer as above, in one change; an item already decided, or already in gold, is
  skipped, so running it twice changes nothing.
- *tag anew*: a concept put on (or taken off) the whole passage in the gold layer.

Each command is one change in the history by the adjudicator (not by the gold reviewer), so
``undo`` takes the gold copies and the decisions back together. While blind mode is on, only
a curator adjudicates: everyone else would see here the work blind mode hides from them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from annotator.errors import UserError
from annotator.store.adjudication_reads import (
    IN_SCOPE,
    Place,
    Progress,
    Scope,
    current_documents,
    every_window,
    passage_found,
    passage_state,
    progress,
    reviewers_with_work,
    walk,
)
from annotator.store.adjudication_tally import Key, LinkKey, State, Verdict
from annotator.store.adjudication_writes import Agreed, GoldWriter, Outcome
from annotator.store.annotations import ANNOTATION_FIELDS, annotation_from_row
from annotator.store.database import bulk_transaction
from annotator.store.documents import fetch_passage
from annotator.store.history import change
from annotator.store.relations import LinkedRelation, window_links
from annotator.store.team import Condition
from schemas import Annotation, Passage

_COLUMNS = ", ".join(f'"{name}"' for name in ANNOTATION_FIELDS)

EVERYONE = Condition("", [])
"""No reviewer hidden: the adjudicator sees everyone's work (``check_adjudicator``)."""


@dataclass(frozen=True, slots=True)
class CaseItem:
    """A compared reviewer's annotation on the passage, and where it stands."""

    annotation: Annotation
    verdict: Verdict[Key]


@dataclass(frozen=True, slots=True)
class CaseLink:
    """A compared reviewer's relation from an annotation of the passage, and where it stands."""

    linked: LinkedRelation
    verdict: Verdict[LinkKey]


@dataclass(frozen=True, slots=True)
class Case:
    """One passage as the adjudicator sees it: every compared reviewer's items side by side,
    and what the gold layer holds."""

    passage: Passage
    reviewers: tuple[str, ...]
    """The compared reviewers of its document, by name."""
    items: tuple[CaseItem, ...]
    links: tuple[CaseLink, ...]
    gold: tuple[Annotation, ...]
    gold_links: tuple[LinkedRelation, ...]
    state: State


class AdjudicationMixin:
    """Store methods for adjudication: its scope, reads, and the adjudicator's commands."""

    db: sqlite_utils.Database

    if TYPE_CHECKING:  # the team's settings, which ``TeamMixin`` gives the store

        def refuse_unless_curator(self, reviewer: str, doing: str) -> None: ...
        def gold_reviewer(self) -> str: ...

    # -- scope and reads -------------------------------------------------------------------

    def adjudication_scope(
        self,
        adjudicator: str,
        reviewers: Sequence[str] | None = None,
        document: str | None = None,
    ) -> Scope:
        """What ``adjudicator`` adjudicates: the gold layer of the ``gold`` setting, the
        chosen ``reviewers`` (all but the gold reviewer by default), one ``document`` or all.

        Refused: a non-curator while blind mode is on, a reviewer with no annotations, the
        gold reviewer among those compared, an unknown or replaced document.
        """
        self.check_adjudicator(adjudicator)
        gold = self.gold_reviewer()
        known = reviewers_with_work(self.db)
        if reviewers is None:
            candidates = tuple(name for name in known if name != gold)
        else:
            candidates = tuple(dict.fromkeys(reviewers))
            for name in candidates:
                if name == gold:
                    raise UserError(f"{gold!r} is the gold layer: compare the other reviewers")
                if name not in known:
                    others = ", ".join(other for other in known if other != gold) or "none"
                    raise UserError(f"no annotations by {name!r} (reviewers: {others})")
        documents = current_documents(self.db)
        if document is not None:
            self._check_current(document, documents)
            documents = (document,)
        return Scope(gold, candidates, documents)

    def check_adjudicator(self, adjudicator: str) -> None:
        """Refuse a reviewer who may not adjudicate: while blind mode is on, only a curator."""
        self.refuse_unless_curator(adjudicator, "adjudicates")

    def _check_current(self, document: str, current: Sequence[str]) -> None:
        if document in current:
            return
        row = self.db.execute(
            "SELECT n.id FROM documents d JOIN documents n ON n.key = d.key "
            "AND n.superseded_by IS NULL WHERE d.id = ?",
            [document],
        ).fetchone()
        if row is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        raise UserError(f"document {document} has a newer version, {row[0]}: adjudicate that one")

    def disputes(
        self, scope: Scope, after: tuple[str, int] | None = None, forward: bool = True
    ) -> Iterator[Place]:
        """The disputed passages in reading order from past ``after`` (document, seq)."""
        return walk(self.db, scope, after, forward)

    def adjudication_progress(
        self, scope: Scope, stop: Callable[[], bool] = lambda: False
    ) -> Progress | None:
        """The disputed passages and the resolved ones (None if ``stop`` ended the count)."""
        return progress(self.db, scope, stop)

    def passage_states(self, scope: Scope, passages: Iterable[str]) -> dict[str, State]:
        """How each of these passages stands now (those in the scope)."""
        states: dict[str, State] = {}
        for passage in passages:
            state = passage_state(self.db, scope, passage)
            if state is not None:
                states[passage] = state
        return states

    def last_change_passages(self, reviewer: str) -> set[str]:
        """The passages whose annotations, links or decisions the reviewer's latest change
        (an undo or a redo among them) wrote: where the screen must look again after it."""
        rows = self.db.execute(
            "SELECT entity, before, after FROM history WHERE change = "
            "(SELECT change FROM history WHERE reviewer = ? ORDER BY id DESC LIMIT 1)",
            [reviewer],
        )
        passages: set[str] = set()
        ends: set[str] = set()
        for entity, *texts in rows:
            for row in (json.loads(text) for text in texts if text):
                if entity in ("annotations", "adjudications"):
                    passages.add(row["passage"])
                elif entity == "relations":
                    ends.update((row["source"], row["target"]))
        found = self.db.execute(
            "SELECT passage FROM annotations WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(ends))],
        )
        return passages | {row[0] for row in found}

    def case(self, scope: Scope, passage_id: str) -> Case | None:
        """A passage with each compared reviewer's items and the gold layer's, or None when
        it is not in the scope."""
        found = passage_found(self.db, scope, passage_id)
        passage = fetch_passage(self.db, passage_id)
        if found is None or passage is None:
            return None
        annotations = [
            annotation_from_row(row)
            for row in self.db.execute(
                f"SELECT {_COLUMNS} FROM annotations WHERE passage = ? AND {IN_SCOPE} "
                'ORDER BY start IS NOT NULL, start, "end", concept, reviewer, id',
                [passage_id],
            )
        ]
        links = [
            linked
            for linked in window_links(
                self.db, passage.document, passage.seq, passage.seq, EVERYONE
            )
            if linked.source.document == passage.document and linked.source.seq == passage.seq
        ]
        tally = found.tally
        return Case(
            passage,
            tuple(sorted(scope.compared(self.db, passage.document))),
            tuple(CaseItem(a, tally.items[a.id]) for a in annotations if a.id in tally.items),
            tuple(
                CaseLink(li, tally.links[li.relation.id])
                for li in links
                if li.relation.id in tally.links
            ),
            tuple(a for a in annotations if a.reviewer == scope.gold),
            tuple(li for li in links if li.relation.reviewer == scope.gold),
            found.state,
        )

    # -- commands --------------------------------------------------------------------------

    def accept(self, scope: Scope, item: str, adjudicator: str) -> Outcome:
        """Accept annotation or relation ``item`` into the gold layer (see the module)."""
        self.check_adjudicator(adjudicator)
        with change(self.db, adjudicator) as current:
            writer = GoldWriter(self.db, scope, adjudicator, current)
            writer.accept(item)
        return writer.outcome()

    def reject(self, scope: Scope, item: str, adjudicator: str) -> Outcome:
        """Reject annotation or relation ``item``: not in the gold layer (see the module)."""
        self.check_adjudicator(adjudicator)
        with change(self.db, adjudicator) as current:
            writer = GoldWriter(self.db, scope, adjudicator, current)
            writer.reject(item)
        return writer.outcome()

    def accept_agreed(self, scope: Scope, adjudicator: str, passage: str | None = None) -> Agreed:
        """Copy into the gold layer every item all compared reviewers agree on, in one change:
        on one ``passage``, or over the whole scope (hundreds of thousands of rows on a big
        corpus: written as ``bulk_transaction`` writes a load). Agreed items already decided
        or already in gold are skipped."""
        self.check_adjudicator(adjudicator)
        if passage is not None:
            one = passage_found(self.db, scope, passage)
            with change(self.db, adjudicator) as current:
                return GoldWriter(self.db, scope, adjudicator, current).accept_agreed(
                    [[one] if one is not None else []]
                )
        with bulk_transaction(self.db), change(self.db, adjudicator) as current:
            return GoldWriter(self.db, scope, adjudicator, current).accept_agreed(
                every_window(self.db, scope)
            )

    def toggle_gold(
        self, scope: Scope, passage_id: str, concept: str, adjudicator: str
    ) -> tuple[Outcome, bool]:
        """Tag the whole passage with ``concept`` in the gold layer, or take that tag out of
        it if it is there; True when it was added."""
        self.check_adjudicator(adjudicator)
        if fetch_passage(self.db, passage_id) is None:
            raise UserError(f"no passage {passage_id!r}")
        if self.db.execute("SELECT 1 FROM concepts WHERE id = ?", [concept]).fetchone() is None:
            raise UserError(f"no concept {concept!r} in the scheme")
        with change(self.db, adjudicator) as current:
            writer = GoldWriter(self.db, scope, adjudicator, current)
            key: Key = (passage_id, concept, None, None)
            twin = writer.gold_twin(key)
            if twin is None:
                writer.copy_annotation(key, None, None)
            else:
                writer.drop_gold_annotation(twin)
        return writer.outcome(), twin is None
