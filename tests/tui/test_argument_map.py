"""The argument map: press A, see the reasoning as a tree, Enter goes to a passage.

The links are made through the store before the app starts (making them from the keyboard is
``test_linking``'s subject); the tests press the keys a person would and read the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.color import Color
from textual.binding import Binding
from textual.pilot import Pilot

from annotator.store import Store
from annotator.tui.argument_map import EMPTY, MAP_KEY, ArgumentMapScreen
from annotator.tui.map_view import ArgumentMapView
from annotator.tui.passage_view import PassageView
from schemas import RESERVED_KEYS
from tests.tui.conftest import AppFactory, open_last_document, settle

SnapCompare = Callable[..., bool]

HOLDING, STUDY, PLEA = 5, 1, 3
"""Passages (seq) of the second seed document tagged as the holding, a study and a plea."""


def link_seeds(db: Path, *, cycle: bool = False, across: bool = False) -> dict[str, str]:
    """In the second seed document: the study supports the holding, the plea attacks it; with
    ``cycle`` the holding also cites the study; with ``across`` a plea of the first document
    attacks the holding too. Returns the annotation ids by role."""
    store = Store.open(db)
    try:
        first, second = (document.id for document in store.documents())
        passages = list(store.passages(second))
        ids = {
            role: store.tag(passages[seq].id, concept, "alice")[0].id
            for role, seq, concept in (
                ("holding", HOLDING, "solution"),
                ("study", STUDY, "fait"),
                ("plea", PLEA, "moyen"),
            )
        }
        store.relate(ids["study"], ids["holding"], "supports", "alice")
        store.relate(ids["plea"], ids["holding"], "attacks", "alice")
        if cycle:
            store.relate(ids["holding"], ids["study"], "cites", "alice")
        if across:
            other = next(iter(store.passages(first)))
            ids["note"] = store.tag(other.id, "moyen", "bob")[0].id
            store.relate(ids["note"], ids["holding"], "attacks", "bob")
        return ids
    finally:
        store.close()


def map_lines(pilot: Pilot[Any]) -> list[str]:
    """The map's lines as plain text, blank lines left out."""
    view = pilot.app.screen.query_one(ArgumentMapView)
    lines = (view.render_line(y).text.rstrip() for y in range(view.size.height))
    return [line for line in lines if line]


async def open_map(pilot: Pilot[Any]) -> list[str]:
    await pilot.press(MAP_KEY)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ArgumentMapScreen)
    return map_lines(pilot)


async def test_the_map_shows_the_holding_with_its_support_and_its_attack(
    make_app: AppFactory, db: Path
) -> None:
    link_seeds(db)
    async with make_app().run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        lines = await open_map(pilot)
        assert len(lines) == 3
        assert lines[0].startswith(f"§{HOLDING + 1}  Solution")
        assert lines[1].startswith(f"├─ ✓ étaye §{STUDY + 1}  Fait  «")
        assert lines[2].startswith(f"└─ ✗ contredit §{PLEA + 1}  Moyen  «")
        assert all(line.endswith("»") for line in lines)  # nothing marked: no cycle, no repeat
        view = pilot.app.screen.query_one(ArgumentMapView)
        attack = next(s for s in view.render_line(2) if s.text.startswith("✗"))
        support = next(s for s in view.render_line(1) if s.text.startswith("✓"))
        assert attack.style is not None
        assert support.style is not None
        assert attack.style.color == Color.parse("#c0392b")  # contredit's colour: red
        assert support.style.color == Color.parse("#2e8b57")


async def test_enter_on_a_supporting_line_goes_to_its_passage(
    make_app: AppFactory, db: Path
) -> None:
    link_seeds(db)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        view = app.query_one(PassageView)
        document = view.document
        assert view.current_seq == 0
        await open_map(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ArgumentMapScreen)
        assert (view.document, view.current_seq) == (document, PLEA)


async def test_a_cycle_is_drawn_once_and_marked(make_app: AppFactory, db: Path) -> None:
    link_seeds(db, cycle=True)
    async with make_app().run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        lines = await open_map(pilot)
        assert len(lines) == 4  # one line per link, plus the node the circle starts from
        assert lines[0].startswith(f"§{STUDY + 1}  Fait")
        assert lines[1].startswith(f"└─ → cite / vise §{HOLDING + 1}  Solution")
        assert lines[2].startswith(f"   ├─ ✓ étaye §{STUDY + 1}  Fait")
        assert lines[2].endswith("↺ see above")
        assert lines[3].startswith(f"   └─ ✗ contredit §{PLEA + 1}  Moyen")
        assert sum("↺ see above" in line for line in lines) == 1


async def test_a_link_from_another_document_brings_its_end_in_and_enter_goes_there(
    make_app: AppFactory, db: Path
) -> None:
    link_seeds(db, across=True)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)  # the first document, which holds only the note's plea
        view = app.query_one(PassageView)
        first = view.document
        lines = await open_map(pilot)
        assert len(lines) == 2
        assert lines[0].startswith(f"Alcoolisme : le baclofè… §{HOLDING + 1}  Solution")
        assert lines[1].startswith("└─ ✗ contredit §1  Moyen")
        await pilot.press("enter")
        await settle(pilot)
        assert view.document != first
        assert view.current_seq == HOLDING


async def test_a_document_without_links_says_how_to_make_one_and_escape_closes(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert await open_map(pilot) == []
        assert str(app.screen.query_one("#map-hint").render()) == EMPTY
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ArgumentMapScreen)
        assert app.query_one(PassageView).current_seq == 1


async def test_keys_of_the_main_screen_do_nothing_behind_the_map(
    make_app: AppFactory, db: Path
) -> None:
    link_seeds(db)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        await open_map(pilot)
        await pilot.press("1", "u", "v")  # a concept's hotkey, undo, selection mode
        await settle(pilot)
        assert isinstance(app.screen, ArgumentMapScreen)
    store = Store.open(db)
    try:
        assert store.stats().annotations == 3
        assert len(store.relations()) == 2
    finally:
        store.close()


async def test_the_map_key_is_never_a_hotkey_and_help_lists_it(make_app: AppFactory) -> None:
    assert MAP_KEY in RESERVED_KEYS
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        rows = {action: key for key, action, _ in app.binding_rows()}
        assert rows["Argument map"] == app.get_key_display(Binding(MAP_KEY, ""))


def test_argument_map_screen(snap_compare: SnapCompare, make_app: AppFactory, db: Path) -> None:
    link_seeds(db, cycle=True, across=True)

    async def open_it(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await open_last_document(pilot)
        await open_map(pilot)
        await pilot.press("j")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 24), run_before=open_it)
