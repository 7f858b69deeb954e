"""Blind mode and "done" in the UI: what a reviewer sees of others' work, and the done key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.bindings import DONE_KEY
from annotator.tui.document_list import DocumentList
from annotator.tui.screens import FilterScreen
from tests.tui.conftest import AppFactory, screen_text, settle

ALICES = "Contrôle restreint"
BOBS = "Détournement de pouvoir"
"""The labels of the concepts each tags: no seed text holds them, only their chips do."""


def tag_both(db: Path, *, blind: bool) -> str:
    """Alice tags the first passage of the first document, Bob the first two; blind mode on
    or off. The first document's id."""
    store = Store.open(db)
    try:
        first, second, *_ = store.passages(store.documents()[0].id)
        store.tag(first.id, "controle-restreint", "alice")
        store.tag(first.id, "detournement-pouvoir", "bob")
        store.tag(second.id, "detournement-pouvoir", "bob")
        store.set_setting("blind", "on" if blind else "off", "carol")
        return first.document
    finally:
        store.close()


def details(app: AnnotatorApp) -> str:
    return str(app.query_one("#details", Static).render())


def document_line(app: AnnotatorApp, index: int = 0) -> str:
    option = app.query_one(DocumentList).get_option_at_index(index)
    return str(option.prompt)


async def test_blind_app_shows_only_own_tags_and_follows_another_process_switching_it(
    make_app: AppFactory, db: Path
) -> None:
    tag_both(db, blind=True)
    app = make_app("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == "alice · review.db · blind"
        assert ALICES in screen_text(app)
        assert BOBS not in screen_text(app)
        assert ALICES in details(app)
        assert "bob" not in details(app)
        assert document_line(app).startswith("  1/4 ")  # Bob's two passages are not counted
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        choices = app.screen.query_one(OptionList)
        ids = [choices.get_option_at_index(i).id for i in range(choices.option_count)]
        assert ids == ["all", "untagged", "concept", "reviewer:alice"]
        await pilot.press("escape")
        await pilot.press("right_square_bracket")  # next untagged: Bob's, untagged for her
        await settle(pilot)
        row = app.current_row
        assert row is not None
        assert row.passage.seq == 1

        switching = Store.open(db)
        switching.set_setting("blind", "off", "carol")
        switching.close()
        await pilot.pause(1.2)  # the app looks for others' commits every second
        await settle(pilot)
        assert app.sub_title == "alice · review.db"
        assert BOBS in screen_text(app)
        assert document_line(app).startswith("  2/4 ")


async def test_a_curator_sees_everyone_in_blind_mode(make_app: AppFactory, db: Path) -> None:
    tag_both(db, blind=True)
    store = Store.open(db)
    store.set_setting("curators", '["carol"]', "carol")
    store.close()
    app = make_app("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == "carol · review.db · blind · curator"
        assert ALICES in screen_text(app)
        assert BOBS in screen_text(app)


async def test_done_key_marks_the_document_finished_and_u_undoes_it(
    make_app: AppFactory, db: Path
) -> None:
    document = tag_both(db, blind=False)
    app = make_app("alice")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert "✓" not in document_line(app)
        await pilot.press(DONE_KEY)
        await settle(pilot)
        store = Store.open(db)
        assert store.is_done(document, "alice")
        assert not store.is_done(document, "bob")
        store.close()
        assert "✓ Baclofène" in document_line(app)
        assert "✓" not in document_line(app, 1)
        messages = [str(notification.message) for notification in app._notifications]
        assert any(message.endswith(": finished ✓ (u to undo)") for message in messages)
        await pilot.press("u")
        await settle(pilot)
        store = Store.open(db)
        assert not store.is_done(document, "alice")
        store.close()
        assert "✓" not in document_line(app)
