"""A reviewer's commands, each committed and answered with the rows it changed.

The UI's keys end here: tag, untag, tag a span, note, link, unlink, undo, redo. Each command
writes through the store in one transaction, then reads again the rows of every passage it
touched (a link's other end included), so the screen patches those rows instead of reading
its whole window again; and it words what the reviewer is told, once, here. Nothing here
knows about Textual: the tests drive the commands directly, and the UI runs them on its
database thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotator.display import one_line
from annotator.errors import UserError
from annotator.store import LinkedRelation, ReviewRow, Store
from annotator.store.orphans import Orphan
from schemas import Annotation, Passage


@dataclass(frozen=True, slots=True)
class Committed:
    """What a command changed, read back after its transaction committed."""

    message: str
    """What the reviewer is told (a notification, or nothing when ``announce`` is False)."""
    rows: tuple[ReviewRow, ...]
    """The passages the change touched, as they are now."""
    document: str | None = None
    """The document the change is shown in (an undo may be in another than the one shown)."""
    progress: tuple[tuple[str, int, int], ...] = ()
    """(document, annotated, total passages) of each document the change touched."""
    announce: bool = True
    """Say it in a notification; tags are not announced, their chips show at once."""
    follow: bool = True
    """Show the change: open its document if another one is shown."""
    reveal: int | None = None
    """Position in ``document`` to move the cursor to: an undo or redo shows where it
    happened, while a tag or a note leaves the cursor where the reviewer has gone since."""
    reread: bool = False
    """The change was to no passage (a document's status, a setting such as blind mode, which
    hides or shows others' work): the screen reads what it shows again, documents and
    passages, as when another reviewer commits."""

    @property
    def seqs(self) -> frozenset[int]:
        """Positions of the touched passages of ``document``."""
        return frozenset(
            row.passage.seq for row in self.rows if row.passage.document == self.document
        )


class ReviewSession:
    """One reviewer's commands on one store (used from one thread at a time)."""

    def __init__(self, store: Store, reviewer: str) -> None:
        self.store = store
        self.reviewer = reviewer
        self._concepts = store.scheme.by_id()
        self._types = {kind.id: kind for kind in store.scheme.relation_types}

    # -- tags ------------------------------------------------------------------------------

    def toggle(self, passage: Passage, concept_id: str, title: str | None = None) -> Committed:
        """Tag a whole passage with a concept, or remove this reviewer's tag of it (and its
        links). With ``title`` (the search screen tags a passage it does not show), the
        message names the document and the change is not followed there."""
        touched = {passage.id, *self.store.linked_passages(passage.id)}
        _, added = self.store.toggle(passage.id, concept_id, self.reviewer)
        verb = "tagged" if added else "untagged"
        where = f"{one_line(title, 30)} " if title is not None else ""
        message = f"{verb} {where}§{passage.seq + 1} {self._label(concept_id)}"
        return self._committed(
            message, touched, passage.document, announce=title is not None, follow=title is None
        )

    def tag_span(self, passage: Passage, concept_id: str, start: int, end: int) -> Committed:
        """Tag the characters ``start..end`` of a passage."""
        annotation, _ = self.store.tag(passage.id, concept_id, self.reviewer, start=start, end=end)
        message = f"tagged «{one_line(annotation.quote, 40)}» {self._label(concept_id)}"
        return self._committed(message, {passage.id}, passage.document, announce=False)

    def set_note(self, passage: Passage, annotation_id: str, note: str) -> Committed:
        """Replace the note of an annotation (blank removes it)."""
        self.store.set_note(annotation_id, note, self.reviewer)
        message = f"note saved on §{passage.seq + 1}"
        return self._committed(message, {passage.id}, passage.document)

    # -- links -----------------------------------------------------------------------------

    def relate(
        self, source: Annotation, target: Annotation, type_id: str, source_seq: int, target_seq: int
    ) -> Committed:
        """Link two annotations; ``*_seq`` are their passages' positions, for the message."""
        self.store.relate(source.id, target.id, type_id, self.reviewer)
        kind = self._types.get(type_id)
        label = kind.label.fr if kind is not None else type_id
        message = f"linked §{source_seq + 1} {label} §{target_seq + 1} (u to undo)"
        touched = {source.passage, target.passage}
        return self._committed(message, touched, self._document_of(target.passage))

    def unrelate(self, linked: LinkedRelation, described: str, document: str) -> Committed:
        """Remove a link; ``described`` is how the screen names it, ``document`` the one shown."""
        self.store.unrelate(linked.relation.id, self.reviewer)
        ends = self.store.passages_of([linked.source.annotation, linked.target.annotation])
        message = f"removed link {described} (u to undo)"
        return self._committed(message, set(ends.values()), document)

    # -- orphans (what a new version could not place) --------------------------------------

    def orphan_reviewers(self) -> frozenset[str] | None:
        """Whose orphans this reviewer places and discards: their own, or everyone's (None)
        for a curator, as ``untag`` leaves others' work alone unless forced."""
        return None if self.reviewer in self.store.curators() else frozenset({self.reviewer})

    def place_orphan(
        self, orphan: Orphan, passage_id: str, start: int | None, end: int | None
    ) -> Committed:
        """Put an orphan on a passage of its document's current version (a candidate
        accepted, or a span selected by hand), and show it there."""
        self._refuse_others_orphan(orphan)
        placed = self.store.place_orphan(orphan.id, passage_id, start, end, self.reviewer)
        place = self.store.passage(placed.passage)
        seq = place.seq if place is not None else 0
        message = (
            f"placed «{one_line(placed.quote, 40)}» {self._label(placed.concept)} "
            f"on §{seq + 1} (u to undo)"
        )
        touched = {placed.passage, *self.store.linked_passages(placed.passage)}
        return replace(self._committed(message, touched, orphan.document), reveal=seq)

    def discard_orphan(self, orphan: Orphan) -> Committed:
        """Delete an orphan (and its links); undo brings it back to the queue."""
        self._refuse_others_orphan(orphan)
        touched = self.store.linked_passages(orphan.passage)
        self.store.discard_orphan(orphan.id, self.reviewer)
        message = (
            f"discarded «{one_line(orphan.quote, 40)}» {self._label(orphan.concept)} (u to undo)"
        )
        return self._committed(message, touched, None)

    def _refuse_others_orphan(self, orphan: Orphan) -> None:
        handled = self.orphan_reviewers()
        if handled is not None and orphan.reviewer not in handled:
            raise UserError(
                f"this orphan is {orphan.reviewer}'s: place or discard only your own "
                "(a curator handles everyone's)"
            )

    # -- document status -------------------------------------------------------------------

    def toggle_done(self, document: str, title: str) -> Committed:
        """Mark a document finished for this reviewer, or not finished if it was."""
        done = not self.store.is_done(document, self.reviewer)
        self.store.set_done(document, self.reviewer, done)
        state = "finished ✓" if done else "not finished"
        return Committed(f"{one_line(title, 40)}: {state} (u to undo)", (), reread=True)

    # -- undo and redo ---------------------------------------------------------------------

    def undo(self) -> Committed:
        """Revert this reviewer's latest change (across restarts)."""
        return self._revert(undo=True)

    def redo(self) -> Committed:
        """Apply again this reviewer's latest undone change."""
        return self._revert(undo=False)

    def _revert(self, undo: bool) -> Committed:
        reverted = self.store.undo(self.reviewer) if undo else self.store.redo(self.reviewer)
        if reverted is None:
            return Committed("nothing to undo" if undo else "nothing to redo", ())
        place = self.store.passage(reverted.passage) if reverted.passage else None
        document = place.document if place is not None else None
        committed = self._committed(reverted.description, reverted.passages, document)
        return replace(
            committed,
            reveal=place.seq if place is not None else None,
            reread=not reverted.passages,
        )

    # -- helpers ---------------------------------------------------------------------------

    def _committed(
        self,
        message: str,
        passages: Iterable[str],
        document: str | None,
        *,
        announce: bool = True,
        follow: bool = True,
    ) -> Committed:
        """Read back the touched passages and their documents' progress."""
        rows = tuple(self.store.review_rows_of(passages))
        documents = sorted({row.passage.document for row in rows})
        progress = tuple((name, *self.store.document_progress(name)) for name in documents)
        return Committed(message, rows, document, progress, announce, follow)

    def _document_of(self, passage_id: str) -> str | None:
        passage = self.store.passage(passage_id) if passage_id else None
        return passage.document if passage is not None else None

    def _label(self, concept_id: str) -> str:
        concept = self._concepts.get(concept_id)
        return concept.label.fr if concept is not None else concept_id
