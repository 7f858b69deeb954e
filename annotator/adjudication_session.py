"""An adjudicator's commands on the adjudication screen, each answered with what to show.

Like ``ReviewSession`` for the passages, this knows nothing of Textual: the screen runs these
on the app's database thread, and the tests call them directly. Every command that writes is
one change by the adjudicator (``u`` undoes it), and answers with the passage to show and how
every passage it touched stands now (disputed, resolved): the screen keeps ``k of n
resolved`` right from those, without counting the corpus again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotator.display import one_line
from annotator.store import Access, Store
from annotator.store.adjudication import Case
from annotator.store.adjudication_reads import Place, Progress, Scope
from annotator.store.adjudication_tally import State
from annotator.store.adjudication_writes import Outcome
from annotator.store.changes import Reverted

QUOTE_CHARS = 40
"""Characters of a quote a message shows."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What the screen shows after a command."""

    case: Case | None
    """The passage to show (None: no disputed passage in the scope)."""
    states: dict[str, State] = field(default_factory=dict)
    """How each passage the command touched stands now."""
    message: str = ""
    """What the adjudicator is told, if anything."""


class AdjudicationSession:
    """One adjudicator's work on one scope (used from one thread at a time)."""

    def __init__(self, store: Store, adjudicator: str, scope: Scope) -> None:
        self.store = store
        self.adjudicator = adjudicator
        self.scope = scope
        self.file = store.file()
        self.current: Case | None = None
        """The passage shown last: where the next move starts from."""
        self._labels = {concept.id: concept.label.fr for concept in store.scheme.concepts}
        self._labels.update((kind.id, kind.label.fr) for kind in store.scheme.relation_types)

    @classmethod
    def start(
        cls, store: Store, adjudicator: str, reviewers: Sequence[str] | None = None
    ) -> tuple[AdjudicationSession, Shown]:
        """Open the adjudication (refused while blind mode is on, unless a curator) at the
        first disputed passage still to resolve, or the first one if all are resolved."""
        session = cls(store, adjudicator, store.adjudication_scope(adjudicator, reviewers))
        first: Place | None = None
        for found in store.disputes(session.scope):
            first = first or found
            if not found.state.resolved:
                return session, session._show(found.passage)
        if first is None:
            return session, Shown(None, message="no disputed passage: the reviewers agree")
        return session, session._show(first.passage, "every disputed passage is resolved")

    # -- moving ----------------------------------------------------------------------------

    def step(self, forward: bool, unresolved: bool = False) -> Shown:
        """The next (or previous) disputed passage after the one shown last, only those
        still to resolve if ``unresolved``; the same one, with a message, when there is none
        (keys pressed in a row each go one further)."""
        if self.current is None:
            return Shown(None)
        passage = self.current.passage
        for found in self.store.disputes(self.scope, (passage.document, passage.seq), forward):
            if not unresolved or not found.state.resolved:
                return self._show(found.passage)
        what = "to resolve" if unresolved else "disputed"
        where = "after" if forward else "before"
        return self._show(passage.id, f"no passage {what} {where} this one")

    def progress(self, stop: Callable[[], bool]) -> Progress | None:
        """Count the disputed and resolved passages on a connection of its own, from any
        thread, so the database thread stays free for the adjudicator's keys (a database in
        memory has no file to open again: it is counted on this store, from its thread)."""
        scope = Scope(self.scope.gold, self.scope.candidates, self.scope.documents)
        if self.file is None:
            return self.store.adjudication_progress(scope, stop)
        reader = Store.open(self.file, access=Access.READ, check_same_thread=False)
        try:
            return reader.adjudication_progress(scope, stop)
        finally:
            reader.close()

    # -- decisions -------------------------------------------------------------------------

    def accept(self, case: Case, item: str) -> Shown:
        """Accept an item of the passage into the gold layer."""
        outcome = self.store.accept(self.scope, item, self.adjudicator)
        named = self._named(case, item)
        return self._decided(
            case, outcome, f"accepted {named} into gold", f"{named}: in gold already"
        )

    def reject(self, case: Case, item: str) -> Shown:
        """Reject an item of the passage."""
        outcome = self.store.reject(self.scope, item, self.adjudicator)
        named = self._named(case, item)
        return self._decided(case, outcome, f"rejected {named}", f"{named}: rejected already")

    def accept_agreed(self, case: Case) -> Shown:
        """Accept into gold what every compared reviewer agrees on in the passage."""
        agreed = self.store.accept_agreed(self.scope, self.adjudicator, case.passage.id)
        copied = agreed.annotations + agreed.relations
        message = f"{copied} agreed item{'' if copied == 1 else 's'} copied into gold"
        if agreed.skipped:
            message += f" ({agreed.skipped} there or decided already)"
        return self._show(case.passage.id, message, [case.passage.id])

    def toggle(self, case: Case, concept: str) -> Shown:
        """Tag the whole passage with a concept in the gold layer, or take the tag out."""
        outcome, added = self.store.toggle_gold(
            self.scope, case.passage.id, concept, self.adjudicator
        )
        label = self._labels.get(concept, concept)
        verb = "tagged" if added else "took out"
        message = f"gold: {verb} §{case.passage.seq + 1} {label}"
        return self._decided(case, outcome, message, message)

    # -- undo and redo ---------------------------------------------------------------------

    def undo(self) -> Shown:
        """Revert the adjudicator's latest change, and show where it happened."""
        return self._reverted(self.store.undo(self.adjudicator), "nothing to undo")

    def redo(self) -> Shown:
        """Apply again the adjudicator's latest undone change."""
        return self._reverted(self.store.redo(self.adjudicator), "nothing to redo")

    def _reverted(self, reverted: Reverted | None, nothing: str) -> Shown:
        """Show the passage an undo or redo changed: the one shown if it is among them, else
        where it happened (a disputed passage), else the one shown with the message."""
        current = self.current.passage.id if self.current is not None else None
        if reverted is None:
            return self._show(current, nothing)
        touched = self.store.last_change_passages(self.adjudicator)
        states = self.store.passage_states(self.scope, touched)
        disputed = sorted(passage for passage, state in states.items() if state.disputed)
        if current in touched or not disputed:
            where = current
        else:
            where = reverted.passage if reverted.passage in disputed else disputed[0]
        return self._show(where, reverted.description, touched)

    # -- helpers ---------------------------------------------------------------------------

    def _decided(self, case: Case, outcome: Outcome, message: str, unchanged: str) -> Shown:
        """What to show after a decision: ``unchanged`` when it wrote nothing."""
        if not (outcome.copied or outcome.decided or outcome.removed):
            message = unchanged
        return self._show(case.passage.id, message, {case.passage.id, *outcome.passages})

    def _show(
        self, passage: str | None, message: str = "", touched: Sequence[str] | set[str] = ()
    ) -> Shown:
        """The passage to show (None: none), how the ``touched`` ones stand, a message."""
        case = self.store.case(self.scope, passage) if passage is not None else None
        self.current = case or self.current
        states = self.store.passage_states(self.scope, touched)
        return Shown(case, states, message)

    def _named(self, case: Case, item: str) -> str:
        """An item as the adjudicator knows it: its concept (or link type) and quote."""
        for entry in case.items:
            if entry.annotation.id == item:
                annotation = entry.annotation
                what = (
                    "whole passage"
                    if annotation.start is None
                    else f"«{one_line(annotation.quote, QUOTE_CHARS)}»"
                )
                return f"{self._labels.get(annotation.concept, annotation.concept)} ({what})"
        for link in case.links:
            if link.linked.relation.id == item:
                kind = link.linked.relation.type
                return f"link {self._labels.get(kind, kind)} §{link.linked.target.seq + 1}"
        return item
