"""Tagging from the keyboard: hotkeys, spans, the picker, notes; checked in the database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from annotator.store import Store
from annotator.tui.passage_view import PassageView
from tests.tui.conftest import AppFactory, screen_text, settle


def stored(db: Path) -> list[tuple[str, int | None, int | None, str, str | None, str]]:
    store = Store.open(db)
    try:
        return [
            (a.concept, a.start, a.end, a.quote, a.note, a.reviewer) for a in store.annotations()
        ]
    finally:
        store.close()


def first_document_passages(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        document = store.documents()[0].id
        return [p.text for p in store.passages(document)]
    finally:
        store.close()


async def test_hotkey_tags_the_current_passage_and_shows_the_tag(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "1")
        await settle(pilot)
        texts = first_document_passages(db)
        assert stored(db) == [("rep", None, None, texts[1], None, "alice")]
        assert "Recours pour excès de pouvoir" in screen_text(app)
        details = str(app.query_one("#details", Static).render())
        assert "Recours pour excès de pouvoir" in details
        assert "alice" in details


async def test_same_hotkey_again_removes_the_tag(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert [a[0] for a in stored(db)] == ["controle-restreint"]
        await pilot.press("2")
        await settle(pilot)
        assert stored(db) == []
        assert "Contrôle restreint" not in screen_text(app)


async def test_selection_by_words_tags_a_span(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "v", "w", "w", "3")  # "Si", then two more words
        await settle(pilot)
        assert stored(db) == [("rtu-substitution-amm", 0, 15, "Si le baclofène", None, "alice")]
        assert app.query_one(PassageView).selection is None


async def test_selection_can_move_and_shrink(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "v", "right", "right", "shift+right", "shift+right", "b", "4")
        await settle(pilot)
        assert [(a[0], a[3]) for a in stored(db)] == [("rtu", "baclofène est")]


async def test_sentence_selection_tags_the_whole_sentence(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "v", "s", "9")
        await settle(pilot)
        [(concept, start, _, quote, _, _)] = stored(db)
        assert concept == "posologie"
        assert start == 0
        assert quote.startswith("Si le baclofène")
        assert quote.endswith("patients traités.")


async def test_escape_leaves_selection_without_tagging(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v", "w", "escape", "1")
        await settle(pilot)
        [(concept, start, end, *_)] = stored(db)
        assert (concept, start, end) == ("rep", None, None)


async def test_picker_finds_a_concept_without_hotkey_despite_typos(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"plein contentieu", "enter")
        await settle(pilot)
        assert [a[0] for a in stored(db)] == ["plein-contentieux"]


async def test_note_is_written_in_a_modal_and_stored(make_app: AppFactory, db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "n")
        await settle(pilot)
        await pilot.press(*"Voir CE", "space", *"[2019]", "enter", *"é", "ctrl+s")
        await settle(pilot)
        [(_, _, _, _, note, _)] = stored(db)
        assert note == "Voir CE [2019]\né"
        assert "Voir CE [2019]" in str(app.query_one("#details", Static).render())


async def test_every_tag_of_a_much_tagged_passage_shows(make_app: AppFactory, db: Path) -> None:
    store = Store.open(db)
    first = next(store.passages())
    concepts = [concept for concept in store.scheme.concepts if len(concept.label.fr) < 30][:12]
    for concept in concepts:
        store.tag(first.id, concept.id, "bob")
    store.close()
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for concept in concepts:  # each chip whole, on as many lines as they need
            assert f" {concept.label.fr} · bob " in text


async def test_moving_on_before_a_tag_is_saved_keeps_the_cursor_where_it_went(
    make_app: AppFactory, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toggle = Store.toggle

    def slow_toggle(store: Store, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # a busy disk, or another reviewer's write being waited for
        return toggle(store, *args, **kwargs)

    monkeypatch.setattr(Store, "toggle", slow_toggle)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "1", "j", "j")  # the reviewer moves on while it is written
        await app.wait_for_store()
        await settle(pilot)
        texts = first_document_passages(db)
        assert stored(db) == [("rep", None, None, texts[1], None, "alice")]
        assert app.query_one(PassageView).cursor == 3
