"""The adjudication screen, driven with the keys an adjudicator presses, checked in the gold
layer of the database and on screen.

Alice and Bob tag the seeds' first document: on §2 both tag *motif* (agreed) and a *règle*
span one character apart (disputed); Alice tags §3 *fait* alone, Bob §4 *solution* alone.
Three passages are disputed; Carol adjudicates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from annotator.store import Store
from annotator.tui.adjudication import AdjudicationScreen
from annotator.tui.adjudication_keys import ADJUDICATE_KEY
from annotator.tui.app import AnnotatorApp
from tests.tui.conftest import AppFactory, settle

SIZE = (140, 40)


@pytest.fixture
def work(db: Path) -> dict[str, str]:
    store = Store.open(db)
    document = store.documents()[0].id
    passages = [p.id for p in store.passages(document)]
    ids = {
        "passage": passages[1],
        "a_motif": store.tag(passages[1], "motif", "alice")[0].id,
        "b_motif": store.tag(passages[1], "motif", "bob")[0].id,
        "a_regle": store.tag(passages[1], "regle", "alice", start=0, end=10)[0].id,
        "b_regle": store.tag(passages[1], "regle", "bob", start=0, end=11)[0].id,
        "a_fait": store.tag(passages[2], "fait", "alice")[0].id,
        "b_solution": store.tag(passages[3], "solution", "bob")[0].id,
        "third": passages[2],
    }
    store.close()
    return ids


def screen_of(app: AnnotatorApp) -> AdjudicationScreen:
    screen = app.screen
    assert isinstance(screen, AdjudicationScreen)
    return screen


async def open_screen(pilot: Pilot[None]) -> None:
    """Press the adjudication key and wait for the screen, its passage and its count (a
    worker that starts once the passage is drawn)."""
    await settle(pilot)
    await pilot.press(ADJUDICATE_KEY)
    for _ in range(200):
        await settle(pilot)
        screen = pilot.app.screen
        if not isinstance(screen, AdjudicationScreen) or not str(screen.sub_title).startswith(
            "counting"
        ):
            return
    raise AssertionError("the count never came")


def shown(app: AnnotatorApp) -> str:
    """The passage and the reviewers' columns as the screen shows them, as plain text."""
    screen = screen_of(app)
    lines: list[str] = []
    for part in ("passage", "table"):
        widget = screen.query_one(f"#adjudication-{part}", Static)
        lines.extend(widget.render_line(y).text for y in range(widget.size.height))
    return "\n".join(lines)


def gold(db: Path) -> list[tuple[str, int | None]]:
    store = Store.open(db)
    try:
        return sorted((a.concept, a.start) for a in store.annotations() if a.reviewer == "gold")
    finally:
        store.close()


def decisions(db: Path) -> dict[str, str]:
    store = Store.open(db)
    try:
        rows = store.db.execute("SELECT item, decision FROM adjudications").fetchall()
        return dict(rows)
    finally:
        store.close()


async def test_accept_reject_and_accept_agreed_fill_the_gold_layer_and_u_undoes(
    make_app: AppFactory, db: Path, work: dict[str, str]
) -> None:
    app = make_app("carol")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        screen = screen_of(app)
        assert screen.sub_title == "0 of 3 resolved · gold layer: gold"
        assert "§2 · 2 to decide" in shown(app)  # the règle spans: one each
        await pilot.press("down", "enter")  # Alice's règle, under her motif
        await settle(pilot)
        assert gold(db) == [("regle", 0)]
        assert decisions(db) == {work["a_regle"]: "accepted"}
        await pilot.press("right", "j", "x")  # Bob's column: his règle, rejected
        await settle(pilot)
        assert decisions(db)[work["b_regle"]] == "rejected"
        assert screen.sub_title == "1 of 3 resolved · gold layer: gold"
        await pilot.press("A")  # the motif both tagged
        await settle(pilot)
        assert gold(db) == [("motif", None), ("regle", 0)]
        assert "1 agreed item copied into gold" in notified(app)
        await pilot.press("u")  # the agreed motif
        await settle(pilot)
        assert gold(db) == [("regle", 0)]
        await pilot.press("u")  # the rejection
        await settle(pilot)
        assert work["b_regle"] not in decisions(db)
        assert screen.sub_title == "0 of 3 resolved · gold layer: gold"
        await pilot.press("u")  # the acceptance
        await settle(pilot)
        assert (gold(db), decisions(db)) == ([], {})
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert gold(db) == [("regle", 0)]


async def test_moving_between_disputed_passages(
    make_app: AppFactory, db: Path, work: dict[str, str]
) -> None:
    app = make_app("carol")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "§3 · 1 to decide" in shown(app)
        assert "Fait" in shown(app)
        assert "(nothing here)" in shown(app)  # Bob tagged nothing there
        await pilot.press("pagedown", "pagedown")  # §4, then no further
        await settle(pilot)
        assert "§4" in shown(app)
        assert "no passage disputed after this one" in notified(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "§2" in shown(app)


async def test_a_hotkey_tags_the_passage_anew_in_gold(
    make_app: AppFactory, db: Path, work: dict[str, str]
) -> None:
    app = make_app("carol")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        assert "Fait" not in shown(app)
        await pilot.press("e")  # fait
        await settle(pilot)
        assert gold(db) == [("fait", None)]
        assert "Fait" in shown(app)  # in the gold column
        await pilot.press("e")
        await settle(pilot)
        assert gold(db) == []
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AdjudicationScreen)


async def test_blind_mode_keeps_the_screen_from_a_non_curator(
    make_app: AppFactory, db: Path, work: dict[str, str]
) -> None:
    store = Store.open(db)
    store.set_setting("blind", "on", "carol")
    store.close()
    app = make_app("alice")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        assert not isinstance(app.screen, AdjudicationScreen)
        assert any(text.startswith("blind mode is on: only a curator") for text in notified(app))


async def test_no_dispute_says_so(make_app: AppFactory, db: Path) -> None:
    app = make_app("carol")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        assert "No disputed passage" in shown(app)
        assert screen_of(app).sub_title == "0 of 0 resolved · gold layer: gold"


def notified(app: AnnotatorApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]
