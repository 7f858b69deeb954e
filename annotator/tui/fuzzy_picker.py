"""The fuzzy picker: type to find a line (concepts, relation types, a passage's tags or links),
typos and accents forgiven; a line's hotkey typed first picks it at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.search.choices import rank_names
from annotator.tui.render import contrast
from schemas import Concept

PICKER_LIMIT = 30
"""Lines listed for a query."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One line of a fuzzy picker: what it shows, what typing finds it by, its hotkey."""

    id: str
    prompt: Text
    names: tuple[str, ...]
    """What a typed query is matched against (labels, ids, aliases, quotes)."""
    key: str | None = None
    """Typed first, picks the line at once (a concept's or a relation type's hotkey)."""
    refusal: str | None = None
    """Why the line may not be picked now (shown dimmed; picking it says why)."""


def keyed_prompt(key: str | None, color: str, label: str, detail: str) -> Text:
    """A picker line: the hotkey, a colour chip, a label, a dim detail."""
    line = Text(f"[{key}] " if key else "    ")
    line.append("  ", contrast(color))
    line.append(f" {label}")
    line.append(f"  {detail}", style="dim")
    return line


def concept_choice(concept: Concept) -> Choice:
    """A concept as a picker line, found by its labels, id or aliases."""
    return Choice(
        concept.id,
        keyed_prompt(concept.key, concept.color, concept.label.fr, concept.label.en),
        (concept.label.fr, concept.label.en, concept.id, *concept.aliases.all()),
        concept.key,
    )


def concept_picker(concepts: Iterable[Concept], title: str) -> FuzzyPicker:
    """The fuzzy picker over a scheme's concepts (hotkeys are not taken: a concept's name may
    start with another concept's key)."""
    return FuzzyPicker(
        [replace(concept_choice(c), key=None) for c in concepts],
        title,
        "type a concept: excès de pouvoir, RTU, posologie…",
    )


class FuzzyPicker(ModalScreen[str | None]):
    """Type to find a line (typos and accents forgiven), Enter to choose it; a line's hotkey
    typed first chooses it at once. Returns the chosen id, None on Escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close the picker"),
        Binding("down", "cursor(1)", "Down", show=False, id="picker.down", tooltip="Next match"),
        Binding("up", "cursor(-1)", "Up", show=False, id="picker.up", tooltip="Previous match"),
    ]

    def __init__(self, choices: Iterable[Choice], title: str, placeholder: str) -> None:
        super().__init__()
        self._choices = {choice.id: choice for choice in choices}
        self._keys = {c.key: c for c in self._choices.values() if c.key is not None}
        self._title = title
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Label(Text(self._title), classes="modal-title")
            yield Input(placeholder=self._placeholder)
            yield OptionList(*self._options(list(self._choices)))

    def _options(self, ids: list[str]) -> list[Option]:
        options = []
        for choice_id in ids:
            choice = self._choices[choice_id]
            prompt = choice.prompt
            if choice.refusal is not None:
                prompt = prompt.copy()
                prompt.stylize("dim strike", 0, len(prompt))
            options.append(Option(prompt, id=choice.id, disabled=choice.refusal is not None))
        return options

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        if len(event.value) == 1 and event.value in self._keys:
            self._choose(self._keys[event.value])
            return
        options = self.query_one(OptionList)
        options.clear_options()
        query = event.value.strip()
        if query:
            named = ((choice.id, choice.names) for choice in self._choices.values())
            ids = rank_names(query, named, PICKER_LIMIT)
        else:
            ids = list(self._choices)
        options.add_options(self._options(ids))
        options.action_first()

    def _choose(self, choice: Choice) -> None:
        if choice.refusal is None:
            self.dismiss(choice.id)
            return
        self.notify(choice.refusal, severity="warning", timeout=6)
        self.query_one(Input).clear()

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            chosen = options.get_option_at_index(options.highlighted).id
            if chosen is not None:
                self._choose(self._choices[chosen])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._choose(self._choices[event.option.id])

    def action_cursor(self, delta: int) -> None:
        """Move through the matches (skipping refused ones) while typing in the input."""
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
