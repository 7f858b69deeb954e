"""Linking annotations from the keyboard: start at a tag, go anywhere, finish at another tag.

What lasts between the two presses of the link key (the pending source) and the trail of
followed links (for going back) lives here, apart from the app's layout and tagging. The app
hands over the current passage and runs the session's commands on its database thread;
nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text

from annotator.display import one_line
from annotator.store import LinkedRelation, ReviewRow
from annotator.store.relations import end_refusal
from annotator.tui.fuzzy_picker import Choice, FuzzyPicker, keyed_prompt
from schemas import Annotation, RelationType

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

LINK_KEY = "L"
"""Starts a link on the current passage, and finishes it on the target's."""

T = TypeVar("T")

CHOICE_KEYS = "123456789"
"""Hotkeys of the lines of an annotation or link picker, in order."""


@dataclass(frozen=True, slots=True)
class Place:
    """A passage to come back to."""

    document: str
    seq: int


@dataclass(frozen=True, slots=True)
class PendingLink:
    """A link started at an annotation, waiting for its target."""

    annotation: Annotation
    place: Place


class Linker:
    """The linking mode of the main screen: start, finish, cancel, follow, go back, delete."""

    def __init__(self, app: AnnotatorApp) -> None:
        self._app = app
        self.pending: PendingLink | None = None
        self._trail: list[Place] = []

    # -- making a link ---------------------------------------------------------------------

    def link_key(self) -> None:
        """The link key: start a link here, or finish the pending one here."""
        row, place = self._here()
        if row is None or place is None:
            return
        if self.pending is None:
            if not row.annotations:
                self._app.notify("tag this passage first: a link joins two tags", timeout=4)
            self._choose_annotation(row.annotations, "Link from which tag?", self._started)
            return
        source = self.pending.annotation
        targets = [a for a in row.annotations if a.id != source.id]
        if not targets:
            self._app.notify(
                "no other tag here to link to: go to a tagged passage (Escape cancels)",
                severity="warning",
                timeout=4,
            )
            return
        self._choose_annotation(targets, "Link to which tag?", self._target_chosen)

    def _started(self, annotation: Annotation) -> None:
        _, place = self._here()
        if place is None:
            return
        self.pending = PendingLink(annotation, place)
        self._show_status()

    def _target_chosen(self, target: Annotation) -> None:
        pending = self.pending
        _, place = self._here()
        if pending is None or place is None:
            return
        choices = [
            self._type_choice(kind, pending.annotation, target)
            for kind in self._app.scheme.relation_types
        ]
        if not choices:
            self.cancel()
            self._app.notify("the scheme has no relation types", severity="warning")
            return

        def chosen(type_id: str | None) -> None:
            if type_id is None:
                self.cancel()
                return
            self.pending = None
            self._show_status()
            self._relate(pending, target, place, type_id)

        source = f"§{pending.place.seq + 1} «{one_line(pending.annotation.quote, 30)}»"
        title = f"Link {source} to «{one_line(target.quote, 30)}» as…"
        self._app.push_screen(FuzzyPicker(choices, title, "type a link: étaye, contredit…"), chosen)

    def _type_choice(self, kind: RelationType, source: Annotation, target: Annotation) -> Choice:
        refused = end_refusal(self._app.scheme, kind, source.concept, target.concept)
        return Choice(
            kind.id,
            keyed_prompt(kind.key, kind.color, kind.label.fr, kind.label.en),
            (kind.label.fr, kind.label.en, kind.id),
            kind.key,
            None if refused is None else f"relation type {refused}",
        )

    def _relate(self, pending: PendingLink, target: Annotation, place: Place, type_id: str) -> None:
        """Write the link on the app's database thread; the store's refusal, if any, is
        notified."""
        source, source_seq = pending.annotation, pending.place.seq
        self._app.write(
            lambda session: session.relate(source, target, type_id, source_seq, place.seq)
        )

    def cancel(self) -> bool:
        """Drop the pending link; True if there was one."""
        if self.pending is None:
            return False
        self.pending = None
        self._show_status()
        self._app.notify("link cancelled", timeout=2)
        return True

    def _show_status(self) -> None:
        pending = self.pending
        if pending is None:
            self._app.show_status(None)
            return
        status = Text("LINK ", style="bold reverse")
        status.append(f" from §{pending.place.seq + 1} «{one_line(pending.annotation.quote, 40)}»")
        status.append(f" — go to the target, press {LINK_KEY} again; Escape cancels", style="bold")
        self._app.show_status(status)

    # -- following and removing links ------------------------------------------------------

    def follow(self) -> None:
        """Go to the other end of one of the passage's links (remembering where from)."""
        row, place = self._here()
        if row is None or place is None:
            return

        def go(linked: LinkedRelation) -> None:
            here = (linked.source.document, linked.source.seq) == (place.document, place.seq)
            other = linked.target if here else linked.source
            self._trail.append(place)
            self._app.go_to(other.document, other.seq)

        self._choose_link(row, "Follow which link?", go)

    def back(self) -> None:
        """Return to the passage the last followed link started from."""
        if not self._trail:
            self._app.notify("nowhere to go back to: > follows a link first", timeout=3)
            return
        place = self._trail.pop()
        self._app.go_to(place.document, place.seq)

    def delete(self) -> None:
        """Remove one of the passage's links (u brings it back)."""
        row, place = self._here()
        if row is None or place is None:
            return

        def remove(linked: LinkedRelation) -> None:
            label = self._app.link_labels.phrase(linked, place.document, place.seq).plain
            self._app.write(lambda session: session.unrelate(linked, label, place.document))

        self._choose_link(row, "Remove which link?", remove)

    # -- pickers ---------------------------------------------------------------------------

    def _choose_annotation(
        self,
        annotations: Sequence[Annotation],
        title: str,
        then: Callable[[Annotation], None],
    ) -> None:
        """``then`` the only annotation, or the one picked among several; Escape cancels."""
        if len(annotations) <= 1:
            for annotation in annotations:
                then(annotation)
            return
        by_id = {annotation.id: annotation for annotation in annotations}
        choices = [
            self._annotation_choice(annotation, _choice_key(index))
            for index, annotation in enumerate(annotations)
        ]
        self._pick(choices, title, "type a concept or words of the quote", by_id, then)

    def _annotation_choice(self, annotation: Annotation, key: str | None) -> Choice:
        concept = self._app.concepts.get(annotation.concept)
        label = concept.label.fr if concept else annotation.concept
        where = (
            "whole passage" if annotation.start is None else f"«{one_line(annotation.quote, 50)}»"
        )
        return Choice(
            annotation.id,
            keyed_prompt(
                key,
                concept.color if concept else "#808080",
                label,
                f"{where} · {annotation.reviewer}",
            ),
            (label, annotation.concept, annotation.quote),
            key,
        )

    def _choose_link(
        self, row: ReviewRow, title: str, then: Callable[[LinkedRelation], None]
    ) -> None:
        if not row.links:
            self._app.notify(f"no link on this passage ({LINK_KEY} makes one)", timeout=3)
            return
        if len(row.links) == 1:
            then(row.links[0])
            return
        labels = self._app.link_labels
        document, seq = row.passage.document, row.passage.seq
        choices = [
            Choice(
                linked.relation.id,
                Text(f"[{key}] " if key else "    ").append_text(
                    labels.described(linked, document, seq)
                ),
                (linked.relation.type, linked.source.quote, linked.target.quote),
                key,
            )
            for index, linked in enumerate(row.links)
            for key in [_choice_key(index)]
        ]
        by_id = {linked.relation.id: linked for linked in row.links}
        self._pick(choices, title, "type a link type or words of a quote", by_id, then)

    def _pick(
        self,
        choices: list[Choice],
        title: str,
        placeholder: str,
        by_id: dict[str, T],
        then: Callable[[T], None],
    ) -> None:
        """Open the fuzzy picker; Escape there cancels the pending link too."""

        def chosen(choice_id: str | None) -> None:
            if choice_id is None:
                self.cancel()
            else:
                then(by_id[choice_id])

        self._app.push_screen(FuzzyPicker(choices, title, placeholder), chosen)

    # -- helpers ---------------------------------------------------------------------------

    def _here(self) -> tuple[ReviewRow | None, Place | None]:
        row = self._app.current_row
        if row is None:
            return None, None
        return row, Place(row.passage.document, row.passage.seq)


def _choice_key(index: int) -> str | None:
    """The hotkey of a picker's ``index``-th line: the first nine get 1…9."""
    return CHOICE_KEYS[index] if index < len(CHOICE_KEYS) else None
