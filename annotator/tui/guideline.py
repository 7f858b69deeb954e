"""A concept's full guideline: everything the scheme says about it, on one screen.

The sidebar and the picker show a concept's French description, cut to fit; before tagging a
doubtful passage a reviewer wants the whole of it: both labels, where the concept sits in the
scheme, what else it is called, and its descriptions in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.tui.render import contrast
from schemas import Concept

GUIDELINE_KEY = "D"
"""Opens the guideline ("definition") of the concept in view; closes it again."""


def parent_path(concept: Concept, concepts: Mapping[str, Concept]) -> list[Concept]:
    """The concept's ancestors, the top-level one first (a scheme lists parents first, so
    there is no cycle; an unknown parent ends the path)."""
    path: list[Concept] = []
    parent = concepts.get(concept.parent) if concept.parent else None
    while parent is not None:
        path.insert(0, parent)
        parent = concepts.get(parent.parent) if parent.parent else None
    return path


def guideline_text(concept: Concept, concepts: Mapping[str, Concept]) -> Text:
    """Labels, id, hotkey, parent path, aliases and both descriptions, as the screen shows
    them."""
    text = Text()
    _field(text, "en", concept.label.en)
    hotkey = f" · hotkey {concept.key}" if concept.key else " · no hotkey"
    _field(text, "id", concept.id + hotkey)
    path = " › ".join(parent.label.fr for parent in parent_path(concept, concepts))
    _field(text, "under", path or "(top level)")
    _field(text, "aliases", ", ".join(concept.aliases.fr) or "—")
    _field(text, "en aliases", ", ".join(concept.aliases.en) or "—")
    text.append("\nDescription\n", style="bold underline")
    text.append(f"{concept.description.fr}\n")
    text.append("\nDescription (en)\n", style="bold underline")
    text.append(concept.description.en)
    return text


def _field(text: Text, name: str, value: str) -> None:
    text.append(f"{name}: ", style="dim")
    text.append(f"{value}\n")


def _title(concept: Concept) -> Text:
    title = Text()
    title.append("  ", contrast(concept.color))
    title.append(f" {concept.label.fr}", style="bold")
    return title


class GuidelineScreen(ModalScreen[None]):
    """One concept's full guideline; Escape (or the guideline key again) closes it."""

    BINDINGS = [
        Binding(
            f"escape,{GUIDELINE_KEY}",
            "dismiss",
            "Close",
            id="guideline.close",
            tooltip="Close the guideline",
        ),
    ]

    def __init__(self, concept: Concept, concepts: Mapping[str, Concept]) -> None:
        super().__init__()
        self._concept = concept
        self._concepts = concepts

    def compose(self) -> ComposeResult:
        with Vertical(id="guideline-box", classes="modal-box"):
            yield Label(_title(self._concept), classes="modal-title")
            with VerticalScroll(id="guideline-body"):
                yield Static(guideline_text(self._concept, self._concepts))
            yield Label("escape closes · ↑↓ scroll", classes="modal-hint")
