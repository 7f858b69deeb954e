"""Linking tags from the keyboard: make a link, see it, follow it, remove it, undo it, cancel.

Each test presses the keys a person would and checks the database (through a Store) and what
the screen shows.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.fuzzy_picker import FuzzyPicker
from annotator.tui.linking import LINK_KEY
from annotator.tui.passage_view import PassageView
from schemas import RESERVED_KEYS
from tests.tui.conftest import AppFactory, open_last_document, screen_text, settle

Link = tuple[str, str, int, str, int]
"""A stored link as (type, source document, source seq, target document, target seq)."""


def stored_links(db: Path) -> list[Link]:
    store = Store.open(db)
    try:
        return [
            (
                linked.relation.type,
                linked.source.document,
                linked.source.seq,
                linked.target.document,
                linked.target.seq,
            )
            for linked in store.linked_relations()
        ]
    finally:
        store.close()


def document_ids(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return [document.id for document in store.documents()]
    finally:
        store.close()


def details(app: AnnotatorApp) -> str:
    return str(app.query_one("#details", Static).render())


def notified(app: AnnotatorApp) -> list[str]:
    """The notifications on screen (Textual has no public reader for them)."""
    return [str(notification.message) for notification in app._notifications]


def status(app: AnnotatorApp) -> str:
    line = app.query_one("#status", Static)
    return str(line.render()) if line.display else ""


async def test_a_link_within_a_document_is_stored_and_shown_at_both_ends(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    document = document_ids(db)[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "j", "2", "k", "k", "L")
        await settle(pilot)
        assert "from §1" in status(app)
        assert "press L again" in status(app)
        await pilot.press("j", "j", "L")
        await settle(pilot)
        assert isinstance(app.screen, FuzzyPicker)
        await pilot.press("e")
        await settle(pilot)
        assert stored_links(db) == [("supports", document, 0, document, 2)]
        assert status(app) == ""
        assert "← §1 étaye" in screen_text(app)
        assert "← §1 étaye" in details(app)
        assert "» → «" in details(app)  # both ends quoted
        await pilot.press("k", "k")  # the source's passage shows the link too
        await settle(pilot)
        assert "→ étaye §3" in screen_text(app)


async def test_a_link_across_two_documents_names_the_other_document(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    first, last = document_ids(db)[0], document_ids(db)[-1]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "L")
        await settle(pilot)
        await open_last_document(pilot)
        await pilot.press("j", "2", "L")
        await settle(pilot)
        await pilot.press("c")  # contredit
        await settle(pilot)
        assert stored_links(db) == [("attacks", first, 0, last, 1)]
        assert "← Baclofène" in screen_text(app)
        assert "§1 contredit" in screen_text(app)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        view = app.query_one(PassageView)
        assert (view.document, view.current_seq) == (first, 0)
        assert "→ contredit Alcoolisme" in screen_text(app)
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert (view.document, view.current_seq) == (last, 1)


async def test_following_a_link_goes_to_its_other_end_and_back(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "j", "2", "k", "k", "L", "j", "j", "L", "e")
        await settle(pilot)
        view = app.query_one(PassageView)
        assert view.current_seq == 2
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert view.current_seq == 0
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert view.current_seq == 2
        await pilot.press("less_than_sign", "less_than_sign")
        await settle(pilot)
        assert view.current_seq == 2


async def test_removing_a_link_then_undo_and_redo_survive_a_restart(
    make_app: AppFactory, db: Path
) -> None:
    document = document_ids(db)[0]
    link = ("supports", document, 0, document, 2)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "j", "2", "k", "k", "L", "j", "j", "L", "e")
        await settle(pilot)
        assert stored_links(db) == [link]
        await pilot.press("x")
        await settle(pilot)
        assert stored_links(db) == []
        assert "étaye" not in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert stored_links(db) == [link]
        assert "→ étaye §3" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored_links(db) == []
        assert "étaye" not in screen_text(app)
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert stored_links(db) == [link]
        assert "→ étaye §3" in screen_text(again)
        await pilot.press("u")  # the link itself, made in the first session
        await settle(pilot)
        assert stored_links(db) == []
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored_links(db) == [link]


async def test_escape_cancels_a_link_at_every_stage(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "2", "j", "j", "3", "k", "k")
        await settle(pilot)
        await pilot.press("L")  # two tags here: which one?
        await settle(pilot)
        assert isinstance(app.screen, FuzzyPicker)
        await pilot.press("escape")
        await settle(pilot)
        assert status(app) == ""
        await pilot.press("L", "2")  # the second tag
        await settle(pilot)
        assert "from §1" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert status(app) == ""
        await pilot.press("L", "1", "j", "j", "L")
        await settle(pilot)
        assert isinstance(app.screen, FuzzyPicker)  # the type
        await pilot.press("escape")
        await settle(pilot)
        assert status(app) == ""
        await pilot.press("L")  # starts again: no link pending
        await settle(pilot)
        assert "from §3" in status(app)
        await pilot.press("escape")
        await settle(pilot)
    assert stored_links(db) == []


async def test_a_type_whose_restriction_the_ends_break_is_refused_with_the_reason(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    document = document_ids(db)[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "j", "2", "k", "L", "j", "L", "a")  # applique: motif → règle
        await settle(pilot)
        assert isinstance(app.screen, FuzzyPicker)
        assert any("'applies' starts from" in message for message in notified(app))
        await pilot.press(*"etaye", "enter")
        await settle(pilot)
    assert stored_links(db) == [("supports", document, 0, document, 1)]


async def test_a_passage_without_tags_says_to_tag_first(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert status(app) == ""
        assert any("tag this passage first" in message for message in notified(app))


def test_the_link_key_is_never_a_concept_hotkey() -> None:
    assert LINK_KEY in RESERVED_KEYS
