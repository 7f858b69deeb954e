"""Modal screens: help, note editor, the fuzzy picker (concepts, relation types, link ends),
passage filter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process, utils
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from annotator.store import PassageFilter
from annotator.tui.render import contrast
from schemas import Concept

PICKER_LIMIT = 30


class HelpScreen(ModalScreen[None]):
    """Every key binding, with what it does."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close", tooltip="Close help")
    ]

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        super().__init__()
        self._rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Label("Keys — press Escape to close", classes="modal-title")
            table: DataTable[str | Text] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Action")
            for key, action, tooltip in self._rows:
                what = Text(action, style="bold")
                what.append(f" — {tooltip}" if tooltip else "")
                table.add_row(Text(key, style="bold"), what)
            yield table


class NoteScreen(ModalScreen[str | None]):
    """Edit a note; ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note"),
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="modal-box"):
            yield Label(Text(self._title), classes="modal-title")
            yield TextArea(self._note, id="note-text", soft_wrap=True)
            yield Label("ctrl+s save · escape cancel", classes="modal-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


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


def rank_choices(query: str, choices: Iterable[Choice], limit: int) -> list[str]:
    """Ids of the choices best matching ``query`` in any of their names, typos forgiven."""
    fields: list[str] = []
    owners: list[str] = []
    for choice in choices:
        for name in choice.names:
            fields.append(name)
            owners.append(choice.id)
    best: dict[str, float] = {}
    for _, score, index in process.extract(
        query,
        fields,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=50,
    ):
        owner = owners[index]
        best[owner] = max(best.get(owner, 0.0), score)
    return sorted(best, key=lambda owner: -best[owner])[:limit]


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
            ids = rank_choices(query, self._choices.values(), PICKER_LIMIT)
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


class FilterScreen(ModalScreen[PassageFilter | None]):
    """Choose which passages the list shows."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel", tooltip="Keep the filter"),
    ]

    def __init__(self, concepts: Iterable[Concept], reviewers: list[str]) -> None:
        super().__init__()
        self._concepts = list(concepts)
        self._reviewers = reviewers

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box", classes="modal-box"):
            yield Label("Show which passages?", classes="modal-title")
            options = [Option("All passages", id="all"), Option("Untagged only", id="untagged")]
            options.append(Option("Tagged with a concept…", id="concept"))
            options.extend(
                Option(Text(f"Tagged by {name}"), id=f"reviewer:{name}") for name in self._reviewers
            )
            yield OptionList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or "all"
        if choice == "untagged":
            self.dismiss(PassageFilter(untagged=True))
        elif choice.startswith("reviewer:"):
            self.dismiss(PassageFilter(reviewer=choice.removeprefix("reviewer:")))
        elif choice == "concept":
            self.app.push_screen(
                concept_picker(self._concepts, "Show passages tagged with…"), self._with_concept
            )
        else:
            self.dismiss(PassageFilter())

    def _with_concept(self, concept: str | None) -> None:
        if concept is not None:
            self.dismiss(PassageFilter(concept=concept))

    def action_cancel(self) -> None:
        self.dismiss(None)
