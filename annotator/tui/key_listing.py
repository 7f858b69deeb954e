"""Every key the UI has, listed for the help screen (``?``) and the command palette
(``ctrl+p``): the main screen's bindings, those of the other screens, the concepts' hotkeys.

Both lists are built from the bindings themselves (data, with descriptions and tooltips), so
a key added anywhere shows in both without being written down twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from annotator.tui.adjudication import AdjudicationScreen
from annotator.tui.argument_map import ArgumentMapScreen
from annotator.tui.fuzzy_picker import FuzzyPicker
from annotator.tui.guideline import GuidelineScreen
from annotator.tui.orphan_queue import OrphanQueueScreen
from annotator.tui.screens import FilterScreen, NoteScreen
from annotator.tui.search_screen import SearchScreen
from schemas import Concept

OTHER_SCREENS: tuple[tuple[str, type[Screen[Any]]], ...] = (
    ("Search", SearchScreen),
    ("Note", NoteScreen),
    ("Picker", FuzzyPicker),
    ("Filter", FilterScreen),
    ("Map", ArgumentMapScreen),
    ("Adjudication", AdjudicationScreen),
    ("Guideline", GuidelineScreen),
    ("Orphans", OrphanQueueScreen),
)
"""The screens whose keys ``?`` lists after the main screen's."""


def help_rows(
    app: App[Any], main: Sequence[BindingType], hotkeys: Mapping[str, Concept]
) -> Iterator[tuple[str, str, str]]:
    """Every key as (key, action, tooltip): the main screen's, then those of each other
    screen (named: ``Search: …``), then the concepts' hotkeys."""
    for where, bindings in (
        ("", main),
        *((f"{name}: ", screen.BINDINGS) for name, screen in OTHER_SCREENS),
    ):
        for binding in bindings:
            if isinstance(binding, Binding):
                keys = ", ".join(_shown(app, key) for key in binding.key.split(","))
                yield keys, f"{where}{binding.description}", binding.tooltip
    yield "ctrl+p", "Commands", "Search every action by name"
    for key, concept in hotkeys.items():
        yield key, concept.label.fr, f"Toggle the concept on the passage ({concept.label.en})"


def palette_commands(
    app: App[Any], owners: Iterable[Widget | App[Any]], hotkeys: Mapping[str, Concept]
) -> Iterator[SystemCommand]:
    """The command palette's entries for the main screen: each binding of ``owners`` (run on
    the node that has it) and each concept's hotkey (run on the app)."""
    for owner in owners:
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.action != "quit":
                key = binding.key.split(",")[0]
                yield SystemCommand(
                    f"{binding.description} ({_shown(app, key)})",
                    binding.tooltip,
                    _runner(owner, binding.action),
                )
    for key, concept in hotkeys.items():
        yield SystemCommand(
            f"Tag: {concept.label.fr} ({key})",
            f"Toggle {concept.label.en} on the current passage",
            _runner(app, f"hotkey('{concept.id}')"),
        )


def _shown(app: App[Any], key: str) -> str:
    """How the footer shows a key (``^o`` for ctrl+o)."""
    return app.get_key_display(Binding(key, ""))


def _runner(target: Widget | App[Any], action: str) -> Callable[[], object]:
    async def run() -> None:
        await target.run_action(action)

    return run
