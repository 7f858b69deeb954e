"""The pane under the passages: the current passage's tags and links, or the selection."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from annotator.display import one_line
from annotator.store import ReviewRow
from annotator.tui.render import LinkLabels, contrast
from schemas import Concept

LINK_HINT = "\n > follows a link, < comes back, x removes one, {key} links"


def _counted(count: int, noun: str) -> str:
    """``1 tag``, ``3 tags``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


class DetailsPane(Static, can_focus=True):
    """What the current passage holds, each tag with where it sits, who made it, its note.

    It grows with what it shows, up to 40% of the screen, then scrolls (tab to it, ↑/↓); its
    first line says how many tags and links there are, so none is missed unseen."""

    def __init__(
        self, concepts: dict[str, Concept], links: LinkLabels, link_key: str, *, id: str | None
    ) -> None:
        super().__init__(id=id)
        self._concepts = concepts
        self._links = links
        self._link_key = link_key

    def show_row(self, row: ReviewRow | None) -> None:
        """The passage's tags and links, or what to do when there is no passage."""
        if row is None:
            self.update(Text("No passage here. Press f to change the filter.", style="dim"))
            return
        passage = row.passage
        text = Text(f"§{passage.seq + 1} ", style="bold")
        cited = " · ".join(
            part for part in (passage.label, f"p. {passage.page}" if passage.page else None) if part
        )
        if cited:
            text.append(f"({cited}) ", style="bold")
        if not row.annotations:
            text.append("untagged: press a hotkey (1, 2, 3…) or t to tag", style="dim")
        else:
            text.append(f"· {_counted(len(row.annotations), 'tag')}", style="dim")
            if row.links:
                text.append(f", {_counted(len(row.links), 'link')}", style="dim")
        for annotation in row.annotations:
            concept = self._concepts.get(annotation.concept)
            label = concept.label.fr if concept else annotation.concept
            text.append("\n")
            text.append(f" {label} ", contrast(concept.color) if concept else "reverse")
            where = (
                "whole passage"
                if annotation.start is None
                else f"«{one_line(annotation.quote, 50)}»"
            )
            text.append(f" {where} · {annotation.reviewer}")
            if annotation.note:
                text.append(f" · ✎ {one_line(annotation.note, 60)}", style="italic")
        for linked in row.links:
            text.append("\n ")
            text.append_text(self._links.described(linked, row.passage.document, row.passage.seq))
        if row.links:
            text.append(LINK_HINT.format(key=self._link_key), "dim")
        self.update(text)

    def show_selection(self, quote: str) -> None:
        """Selection mode: the words selected and the keys that act on them."""
        text = Text("SELECT ", style="bold reverse")
        text.append(f" «{one_line(quote, 200)}»\n")
        text.append("w/b extend · ←/→ move · s sentence · hotkey or t to tag · escape leave", "dim")
        self.update(text)
