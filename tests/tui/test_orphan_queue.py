"""The orphan queue from the keyboard: open it, accept a candidate place, discard, place by
hand on a span selected with selection mode's keys, undo. Each test presses the keys a
person would, then checks the database and the screen.

The orphans are made the real way (``tests.test_orphans.second_edition``: a tagged document,
then its second edition imported with ``--replaces``): alice has two (a span on a rewritten
sentence, a whole-passage tag on a deleted paragraph), bob one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, Static

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.orphan_queue import OrphanQueueScreen
from annotator.tui.passage_view import PassageView
from tests.conftest import Cli
from tests.test_orphans import Edition, row, second_edition
from tests.tui.conftest import screen_text, settle


@pytest.fixture
def database(tmp_path: Path) -> tuple[Path, Edition]:
    path = tmp_path / "review.db"
    return path, second_edition(Cli(path), tmp_path)


def make_app(path: Path) -> AnnotatorApp:
    return AnnotatorApp(
        Store.open(path), Store.open(path, check_same_thread=False), "alice", "review.db"
    )


def stored(path: Path, annotation: str) -> dict[str, Any] | None:
    return row(Cli(path), annotation)


def queue(app: AnnotatorApp) -> OrphanQueueScreen:
    screen = app.screen
    assert isinstance(screen, OrphanQueueScreen)
    return screen


def title(app: AnnotatorApp) -> str:
    return str(queue(app).query_one("#orphan-title", Label).render())


def card(app: AnnotatorApp) -> str:
    return str(queue(app).query_one("#orphan-card", Static).render())


def notified(app: AnnotatorApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def open_queue(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("O")
    await settle(pilot)


async def test_O_shows_an_orphan_in_its_context_with_candidate_places(
    database: tuple[Path, Edition],
) -> None:
    app = make_app(database[0])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Orphans (O)" in commands
        await open_queue(pilot)
        told = "3 tags a new version could not place: O opens the orphan queue"
        assert told in notified(app)
        assert (
            title(app) == "Orphans · 2 left · 1 of 2 · 1 of other reviewers (a curator places them)"
        )
        shown = card(app)
        assert "Fait" in shown
        assert "left on version 1, §3 (span)" in shown
        assert "…La dose maximale est «ramenée à 80 mg par jour» par la décision attaqué…" in shown
        places = queue(app).query_one(OptionList)
        assert 1 <= places.option_count <= 3
        assert "§" in str(places.get_option_at_index(0).prompt)
        await pilot.press("n")
        await settle(pilot)
        assert "2 of 2" in title(app)
        assert "(whole passage)" in card(app)
        await pilot.press("p")
        await settle(pilot)
        assert "1 of 2" in title(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OrphanQueueScreen)


async def test_enter_accepts_the_candidate_and_its_chip_shows_on_the_passage_u_undoes(
    database: tuple[Path, Edition],
) -> None:
    path, edition = database
    app = make_app(path)
    orphan = stored(path, edition.rewritten)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_queue(pilot)
        offer = queue(app).queue
        assert offer is not None
        assert offer.offer is not None
        best = offer.offer.places[0]
        await pilot.press("enter")
        await settle(pilot)
        placed = stored(path, edition.rewritten)
        assert placed is not None
        assert (placed["passage"], placed["start"], placed["end"]) == (
            best.passage.id,
            best.start,
            best.end,
        )
        text = best.passage.text
        whole = best.start is None or best.end is None
        assert placed["quote"] == (text if whole else text[best.start : best.end])
        assert placed["anchor"] == "moved"
        assert title(app).startswith("Orphans · 1 left")
        assert any(message.startswith("placed «") for message in notified(app))
        await pilot.press("escape")
        await settle(pilot)
        view = app.query_one(PassageView)
        assert view.current_seq == best.passage.seq
        assert "~ Fait" in screen_text(app)
        await pilot.press("O")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert stored(path, edition.rewritten) == orphan
        assert title(app).startswith("Orphans · 2 left · 1 of 2")
        assert "undo place Fait" in notified(app)
        await pilot.press("escape")
        await settle(pilot)
        assert view.document == edition.new  # not the version the orphan is back on
        assert "~ Fait" not in screen_text(app)


async def test_x_discards_the_orphan_and_u_brings_it_back(
    database: tuple[Path, Edition],
) -> None:
    path, edition = database
    app = make_app(path)
    orphan = stored(path, edition.rewritten)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_queue(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert stored(path, edition.rewritten) is None
        assert "discarded «ramenée à 80 mg par jour» Fait (u to undo)" in notified(app)
        assert title(app).startswith("Orphans · 1 left")
        assert "(whole passage)" in card(app)
        await pilot.press("u")
        await settle(pilot)
        assert stored(path, edition.rewritten) == orphan
        assert "«ramenée à 80 mg par jour»" in card(app)
        assert app.query_one(PassageView).document == edition.new


async def test_v_places_by_hand_on_the_words_selected_or_a_whole_passage_escape_cancels(
    database: tuple[Path, Edition],
) -> None:
    path, edition = database
    app = make_app(path)
    orphan = stored(path, edition.rewritten)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_queue(pilot)
        await pilot.press("v")
        await settle(pilot)
        view = app.query_one(PassageView)
        assert view.selection is not None
        await pilot.press("escape")
        await settle(pilot)
        assert stored(path, edition.rewritten) == orphan
        assert title(app).startswith("Orphans · 2 left · 1 of 2")
        assert view.selection is None
        await pilot.press("v")
        await settle(pilot)
        status = str(app.query_one("#status", Static).render())
        assert status.startswith("PLACE  «ramenée à 80 mg par jour»: select the span, Enter")
        await pilot.press("w", "w")
        await pilot.pause()
        row_shown, span = view.current_row, view.selection
        assert row_shown is not None
        assert span is not None
        await pilot.press("enter")
        await settle(pilot)
        placed = stored(path, edition.rewritten)
        assert placed is not None
        assert (placed["passage"], placed["start"], placed["end"]) == (row_shown.passage.id, *span)
        assert placed["quote"] == row_shown.passage.text[span[0] : span[1]]
        assert len(placed["quote"].split()) == 3
        assert placed["anchor"] == "moved"
        assert not app.query_one("#status", Static).display
        assert title(app).startswith("Orphans · 1 left")
        await pilot.press("v")
        await settle(pilot)
        assert view.selection is None  # a whole-passage tag: placed on the passage as it is
        await pilot.press("g", "enter")
        await settle(pilot)
        placed = stored(path, edition.deleted)
        assert placed is not None
        assert (placed["passage"], placed["start"]) == (edition.new_passages[0]["id"], None)
        assert placed["quote"] == edition.new_passages[0]["text"]
        assert title(app).startswith("Orphans · 0 left")
        assert card(app).startswith("No orphans left")
