"""Search from the UI: type with a typo, see the match highlighted, jump, or tag from a result."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import OptionList

from annotator.store import Store
from annotator.tui.passage_view import PassageView
from annotator.tui.search_screen import SearchScreen
from tests.tui.conftest import AppFactory, settle


async def search_for(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause(0.3)  # the search waits for typing to pause
    await settle(pilot)


async def test_typo_finds_the_passage_with_its_match_highlighted(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "Maranchini bonne")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        first = screen.hits[0]
        assert first.passage.text.startswith("Le but, précise aujourd’hui")
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        spans = [span for span in prompt.spans if "reverse" in str(span.style)]
        assert "Maraninchi" in [prompt.plain[span.start : span.end] for span in spans]


async def test_enter_lands_on_the_passage_in_its_document(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PassageView)
        first_document = view.document
        await search_for(pilot, "Bacloviel")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        row = view.current_row
        assert row is not None
        assert row.passage.text.startswith("La première étude (Bacloville)")
        assert view.document != first_document


async def test_escape_goes_back_where_the_reviewer_was(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        view = app.query_one(PassageView)
        before = (view.document, view.current_seq)
        await search_for(pilot, "Bacloville")
        await pilot.press("escape")
        await settle(pilot)
        assert (view.document, view.current_seq) == before


async def test_hotkey_on_a_result_tags_that_passage(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "pharmacoepidemiological")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        target = screen.hits[0].passage
        await pilot.press("down", "8")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)  # still searching: tag, then go on
    store = Store.open(db)
    tags = [(a.passage, a.concept, a.reviewer) for a in store.annotations()]
    store.close()
    assert tags == [(target.id, "pharmacovigilance", "alice")]


async def test_ctrl_o_keeps_to_the_open_document_and_back(make_app: AppFactory) -> None:
    """The seeds both name baclofen; ctrl+o keeps to the open document, again widens it."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        open_document = app.query_one(PassageView).document
        await search_for(pilot, "baclofene")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert len({hit.passage.document for hit in screen.hits}) == 2
        await pilot.press("ctrl+o")
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.hits
        assert {hit.passage.document for hit in screen.hits} == {open_document}
        assert "Search in " in str(screen.query_one("#search-title").render())
        await pilot.press("ctrl+o")
        await pilot.pause(0.3)
        await settle(pilot)
        assert len({hit.passage.document for hit in screen.hits}) == 2


async def test_enter_typed_before_the_results_arrive_goes_to_the_first_one(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PassageView)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Maranchini", "enter")  # no pause: the search has not run yet
        await pilot.pause(0.5)
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        row = view.current_row
        assert row is not None
        assert "Maraninchi" in row.passage.text


async def test_the_snippet_shows_the_words_that_matched(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "exces de pouvoir")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        shown = [prompt.plain[span.start : span.end] for span in prompt.spans]
        assert "excès" in [word.casefold() for word in shown]
