"""Modal screens: help, note editor, fuzzy concept picker, passage filter."""

from __future__ import annotations

from collections.abc import Iterable

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


def rank_concepts(query: str, concepts: Iterable[Concept], limit: int) -> list[str]:
    """Concept ids best matching ``query`` in any label, id or alias, typos forgiven."""
    fields: list[str] = []
    owners: list[str] = []
    for concept in concepts:
        for name in (concept.label.fr, concept.label.en, concept.id, *concept.aliases.all()):
            fields.append(name)
            owners.append(concept.id)
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


def concept_option(concept: Concept) -> Option:
    """A picker line: the hotkey, a colour chip, the French and English labels."""
    key = f"[{concept.key}] " if concept.key else "    "
    line = Text(key)
    line.append("  ", contrast(concept.color))
    line.append(f" {concept.label.fr}")
    line.append(f"  {concept.label.en}", style="dim")
    return Option(line, id=concept.id)


class ConceptPicker(ModalScreen[str | None]):
    """Type to find a concept (typos and accents forgiven), Enter to choose it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close the picker"),
        Binding("down", "cursor(1)", "Down", show=False, id="picker.down", tooltip="Next match"),
        Binding("up", "cursor(-1)", "Up", show=False, id="picker.up", tooltip="Previous match"),
    ]

    def __init__(self, concepts: Iterable[Concept], title: str) -> None:
        super().__init__()
        self._concepts = {concept.id: concept for concept in concepts}
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Label(Text(self._title), classes="modal-title")
            yield Input(placeholder="type a concept: excès de pouvoir, RTU, posologie…")
            yield OptionList(*(concept_option(c) for c in self._concepts.values()))

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        query = event.value.strip()
        if query:
            ids = rank_concepts(query, self._concepts.values(), PICKER_LIMIT)
        else:
            ids = list(self._concepts)
        options.add_options([concept_option(self._concepts[i]) for i in ids])
        if ids:
            options.highlighted = 0

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + delta, 0), options.option_count - 1)

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
                ConceptPicker(self._concepts, "Show passages tagged with…"), self._with_concept
            )
        else:
            self.dismiss(PassageFilter())

    def _with_concept(self, concept: str | None) -> None:
        if concept is not None:
            self.dismiss(PassageFilter(concept=concept))

    def action_cancel(self) -> None:
        self.dismiss(None)
