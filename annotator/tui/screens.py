"""Modal screens: help, note editor, passage filter (the fuzzy picker has its own module)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from annotator.store import PassageFilter
from annotator.tui.fuzzy_picker import concept_picker
from schemas import Concept


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
