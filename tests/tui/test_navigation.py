"""Moving around, filtering, undo/redo across restarts, help, palette, text as data."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList

from annotator.store import Store
from annotator.tui.passage_view import PassageView
from annotator.tui.screens import HelpScreen
from tests.tui.conftest import (
    AppFactory,
    open_last_document,
    screen_text,
    seed_database,
    settle,
)


def concepts_in(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return [a.concept for a in store.annotations()]
    finally:
        store.close()


async def test_keys_move_between_passages(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PassageView)
        assert view.current_seq == 0
        await pilot.press("j", "down")
        assert view.current_seq == 2
        await pilot.press("k")
        assert view.current_seq == 1
        await pilot.press("G")
        assert view.current_seq == view.count - 1
        await pilot.press("g")
        assert view.current_seq == 0
        await pilot.press("pagedown")
        assert view.current_seq is not None
        assert view.current_seq > 0


async def test_brackets_jump_to_untagged_passages(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "1", "k")
        await settle(pilot)
        view = app.query_one(PassageView)
        await pilot.press("right_square_bracket")
        assert view.current_seq == 2  # passage 1 is tagged now, so it is skipped
        await pilot.press("left_square_bracket")
        assert view.current_seq == 0


async def test_undo_and_redo_work_after_a_restart(make_app: AppFactory, db: Path) -> None:
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("q")
    assert concepts_in(db) == ["amm"]
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "AMM" in screen_text(again)
        await pilot.press("u")
        await settle(pilot)
        assert concepts_in(db) == []
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert concepts_in(db) == ["amm"]


async def test_undo_is_per_reviewer(make_app: AppFactory, db: Path) -> None:
    alice = make_app("alice")
    async with alice.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
    bob = make_app("bob")
    async with bob.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
    assert concepts_in(db) == ["rep"]  # bob had nothing to undo; alice's tag stays


async def test_filter_untagged_then_by_concept(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PassageView)
        total = view.count
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = 1  # "Untagged only"
        await pilot.press("enter")
        await settle(pilot)
        assert view.count == total - 1
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 2  # "Tagged with a concept…"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"intensite du controle", "enter")  # the parent of contrôle restreint
        await settle(pilot)
        assert view.count == 1
        assert view.current_seq == 0


async def test_help_lists_every_binding(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        actions = {row[1].split(" — ")[0]: row[0] for row in rows}
        for action in ("Undo", "Redo", "Note", "Filter", "Select span", "Next untagged", "Quit"):
            assert action in actions
        assert actions["Recours pour excès de pouvoir"] == "1"
        assert actions["Redo"] == "^r"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_lists_actions_with_their_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"undo")
        await pilot.pause(0.5)
        options = app.screen.query_one("CommandList", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Undo (u)" in prompt for prompt in prompts)


async def test_text_from_documents_is_shown_literally(tmp_path: Path, make_app: AppFactory) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text(
        "Le juge [bold]statue[/] sur la note [1] et \x1b[31mrouge\x1b[0m fin.\n", "utf-8"
    )
    path = tmp_path / "odd.db"
    seed_database(path, odd)
    app = make_app(path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        text = screen_text(app)
        assert "Le juge [bold]statue[/] sur la note [1] et ␛[31mrouge␛[0m fin." in text
        assert "\x1b" not in text


async def test_header_names_the_reviewer_and_sees_others_work(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith("alice")
        other = Store.open(db)
        first = next(other.passages())
        other.tag(first.id, "ansm", "bob")
        other.close()
        await pilot.pause(1.5)  # the UI looks for other reviewers' commits every second
        await settle(pilot)
        assert "Agence nationale de sécurité du méd… · bob" in screen_text(app)  # 80 columns


@pytest.mark.parametrize("width", [100, 130, 160])
async def test_passages_wrap_inside_the_scrollbar(make_app: AppFactory, width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(PassageView)
        assert view.show_vertical_scrollbar  # the first document is longer than the screen
        shown = view.scrollable_content_region.width
        hidden = [view.render_line(y).text[shown:] for y in range(view.size.height)]
        assert not "".join(hidden).strip()


async def test_the_last_passage_shows_whole_after_a_jump_to_the_end(
    tmp_path: Path, make_app: AppFactory
) -> None:
    words = [
        "le",
        "juge",
        "administratif",
        "exerce",
        "un",
        "contrôle",
        "restreint",
        "sur",
        "la",
        "décision",
        "de",
        "l'agence",
    ]
    paragraphs = [
        f"{index}. "
        + " ".join(words[(index + step) % len(words)] for step in range(12 + index % 40))
        + "."
        for index in range(400)
    ]
    paragraphs[-1] += " Et voilà la fin du dernier paragraphe."
    long_file = tmp_path / "long.txt"
    long_file.write_text("\n\n".join(paragraphs) + "\n", "utf-8")
    path = tmp_path / "long.db"
    seed_database(path, long_file)
    store = Store.open(path)
    *_, before_last, _ = store.passages()  # the passages above the last carry tag chips
    concepts = [concept.id for concept in store.scheme.concepts][:6]
    for passage in [p for p in store.passages() if p.document == before_last.document][-12:-1]:
        for concept in concepts:
            store.tag(passage.id, concept, "bob")
    store.close()
    app = make_app(path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        await pilot.press("G")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "400 ▌399." in text  # the cursor on the last passage
        assert "la fin du dernier paragraphe." in text
