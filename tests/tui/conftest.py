"""Fixtures for driving the UI with Pilot on a database holding the seeds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from annotator.importer import collect, parse_files
from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.passage_view import PassageView
from schemas import bundled_scheme_text, load_bundled_scheme
from tests.conftest import SEEDS

AppFactory = Callable[..., AnnotatorApp]


def seed_database(path: Path, *extra: Path) -> None:
    """A database with the bundled scheme and the seeds (and any extra files)."""
    store = Store.open(path)
    store.install_scheme(load_bundled_scheme(), bundled_scheme_text())
    store.add_documents(parse_files(collect([SEEDS, *extra])), "importer")
    store.close()


@pytest.fixture(autouse=True)
def state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app remembers reviewers' places: a test's own folder, not the user's."""
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "review.db"
    seed_database(path)
    return path


@pytest.fixture
def make_app(db: Path) -> AppFactory:
    """Builds an app on the seeded database for a reviewer (default alice)."""

    def make(reviewer: str = "alice", path: Path | None = None) -> AnnotatorApp:
        target = path or db
        return AnnotatorApp(
            Store.open(target), Store.open(target, check_same_thread=False), reviewer, "review.db"
        )

    return make


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the writes and reads the keys started are done and drawn (an answer may
    start another read: a document list that opens its first document)."""
    app = pilot.app
    assert isinstance(app, AnnotatorApp)
    for _ in range(3):
        await app.wait_for_store()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_last_document(pilot: Pilot[None]) -> None:
    """Open the last document of the list (an extra file a test imported after the seeds)."""
    options = pilot.app.query_one("#documents", OptionList)
    options.highlighted = options.option_count - 1
    await pilot.press("d", "enter")
    await settle(pilot)


def screen_text(app: AnnotatorApp) -> str:
    """What the passage list shows, line by line, as plain text."""
    view = app.query_one(PassageView)
    return "\n".join(view.render_line(y).text for y in range(view.size.height))
