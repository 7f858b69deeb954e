"""What a reviewer notices in passing: the app reopens where they left off, `?` lists every
key, notifications leave the tags pane alone, counts are said right."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.widgets import DataTable, Static

from annotator.store import Store
from annotator.tui.passage_view import PassageView
from annotator.tui.screens import HelpScreen
from tests.tui.conftest import AppFactory, open_last_document, settle


async def test_the_app_reopens_where_the_reviewer_left_off(make_app: AppFactory) -> None:
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        view = first.query_one(PassageView)
        left = (view.document, view.current_seq)
    assert left[1] == 3
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = again.query_one(PassageView)
        assert (view.document, view.current_seq) == left
    other = make_app("bob")  # another reviewer starts at the beginning
    async with other.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert other.query_one(PassageView).current_seq == 0


async def test_help_lists_the_keys_of_every_screen_and_the_concepts(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        text = "\n".join(rows)
        for key, action in (("ctrl+o", "Search: This document only"), ("ctrl+s", "Note: Save")):
            shown = app.get_key_display(Binding(key, ""))
            assert any(row.startswith(shown) and action in row for row in rows), (key, text)
        assert any("Recours pour excès de pouvoir" in row for row in rows)


async def test_a_notification_does_not_cover_the_tags_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("1", "u")  # undo: announced in a notification
        await settle(pilot)
        await pilot.pause(0.2)
        toasts = list(app.screen.query("Toast"))
        assert toasts
        details = app.query_one("#details", Static).region
        for toast in toasts:
            assert not toast.region.overlaps(details)


async def test_the_tags_pane_says_how_many_tags_and_shows_them_all(
    make_app: AppFactory, db: Path
) -> None:
    store = Store.open(db)
    first = next(store.passages())
    concepts = [c.id for c in store.scheme.concepts[:7]]
    for concept in concepts:
        store.tag(first.id, concept, "bob")
    store.close()
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        details = app.query_one("#details", Static)
        shown = str(details.render())
        assert "7 tags" in shown
        assert details.region.height >= 8  # grown to the header line and the 7 tags
        assert shown.count(" · bob") == 7


async def test_one_passage_is_said_in_the_singular(tmp_path: Path, make_app: AppFactory) -> None:
    from tests.tui.conftest import seed_database

    single = tmp_path / "one.txt"
    single.write_text("Une seule phrase.\n", "utf-8")
    path = tmp_path / "one.db"
    seed_database(path, single)
    app = make_app(path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        title = str(app.query_one(PassageView).border_title)
        assert title.endswith("· 1 passage")


async def test_a_wide_terminal_shows_long_concept_labels_whole(
    make_app: AppFactory, db: Path
) -> None:
    store = Store.open(db)
    first = next(store.passages())
    store.tag(first.id, "ansm", "bob")
    store.close()
    app = make_app()
    async with app.run_test(size=(240, 50)) as pilot:
        await settle(pilot)
        text = "\n".join(app.query_one(PassageView).render_line(y).text for y in range(10))
        assert "Agence nationale de sécurité du médicament et des produits de santé · bob" in text


async def test_the_sidebar_widens_narrows_and_hides(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(240, 50)) as pilot:
        await settle(pilot)
        sidebar = app.query_one("#sidebar")
        start = sidebar.outer_size.width
        assert start > 40  # sized to the terminal, not stuck at 40 columns
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert sidebar.outer_size.width == start + 8
        await pilot.press("minus")
        await pilot.pause()
        assert sidebar.outer_size.width == start + 4
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not sidebar.display
        assert app.query_one(PassageView).size.width > 200
