"""The global options every verb shares, and opening the store they point at."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

import click

from annotator.errors import UserError
from annotator.importer import bundled_seeds, collect, parse_files
from annotator.store import ImportResult, Store
from schemas import bundled_scheme_text, load_scheme, parse_scheme

DEFAULT_DB = "annotations.db"


def default_reviewer() -> str:
    """The login name, for when neither --reviewer nor ANNOTATOR_REVIEWER says who works."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the global options chose."""

    db: Path
    reviewer: str
    scheme: Path | None
    debug: bool

    def open_store(self) -> Store:
        """Open the database with the --scheme scheme, else its own, else the bundled one.

        The store is closed when the command ends, not when the process exits: a command run
        in-process (a test, a script) leaves no connection behind to hold the database open.
        """
        store = Store.open(self.db)
        context = click.get_current_context(silent=True)
        if context is not None:
            context.call_on_close(store.close)
        if self.scheme is not None:
            scheme = load_scheme(self.scheme)
            store.install_scheme(scheme, self.scheme.read_text("utf-8"))
        elif not store.has_scheme():
            text = bundled_scheme_text()
            store.install_scheme(parse_scheme(text, "<bundled scheme>"), text)
        return store

    def open_seeded_store(self) -> tuple[Store, list[ImportResult]]:
        """Open the database; a new one is first filled with the bundled seeds."""
        is_new = not self.db.exists()
        store = self.open_store()
        results: list[ImportResult] = []
        if is_new or not store.documents():
            with bundled_seeds() as folder:
                results = store.add_documents(parse_files(collect([folder])), self.reviewer)
        return store, results


def reviewer_from_environment() -> str:
    """ANNOTATOR_REVIEWER, else the login name."""
    name = os.environ.get("ANNOTATOR_REVIEWER", "").strip()
    return name or default_reviewer()


def check_reviewer(name: str) -> str:
    """A reviewer name must say who someone is: not empty, one line."""
    name = name.strip()
    if not name or "\n" in name:
        raise UserError("--reviewer needs a name on one line")
    return name
