"""The global options every verb shares, and opening the store they point at.

The group imports this module for every verb, so it imports the store, the scheme and the
importer only in the methods that use them: a verb pays for what it opens.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.errors import UserError

if TYPE_CHECKING:
    from annotator.store import Access, ImportResult, Store
    from schemas import ConceptScheme

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

    def open_store(self, access: Access) -> Store:
        """Open the database for ``access``; give a new one the --scheme or the bundled scheme.

        ``--scheme`` only chooses the scheme of a database that has none yet: on one that has
        another, it is refused rather than silently replacing it (``scheme set`` does that,
        showing what changes). The store is closed when the command ends, not when the process
        exits: a command run in-process (a test, a script) leaves no connection behind.
        """
        from annotator.store import Store
        from schemas import bundled_scheme_text, parse_scheme

        chosen = _read_scheme(self.scheme) if self.scheme is not None else None
        store = Store.open(self.db, access=access)
        context = click.get_current_context(silent=True)
        if context is not None:
            context.call_on_close(store.close)
        if chosen is not None:
            self._use_scheme_option(store, *chosen)
        elif not store.has_scheme() and not store.read_only:
            text = bundled_scheme_text()
            store.install_scheme(parse_scheme(text, "<bundled scheme>"), text)
        return store

    def _use_scheme_option(
        self, store: Store, path: Path, scheme: ConceptScheme, text: str
    ) -> None:
        """Install ``--scheme`` into a database without one; refuse it if another is there."""
        if not store.has_scheme():
            if store.read_only:
                raise UserError(f"{self.db} has no concept scheme, and this verb only reads")
            store.install_scheme(scheme, text)
            return
        current = store.scheme
        if current == scheme:
            return
        raise UserError(
            f"--scheme {path}: {self.db} already has its scheme ({current.id!r} "
            f"{current.version}, {len(current.concepts)} concepts); "
            f"--scheme only chooses a new database's scheme. To change this one's, run "
            f"`annotator --db {self.db} scheme set {path}` (it shows what changes first)"
        )

    def open_seeded_store(self) -> tuple[Store, list[ImportResult]]:
        """Open the database; a new one is first filled with the bundled seeds."""
        from annotator.importer import bundled_seeds, collect, parse_files
        from annotator.store import Access

        is_new = not self.db.exists()
        store = self.open_store(Access.CREATE)
        results: list[ImportResult] = []
        if is_new or not store.documents():
            with bundled_seeds() as folder:
                results = store.add_documents(parse_files(collect([folder])), self.reviewer)
        return store, results


def _read_scheme(path: Path) -> tuple[Path, ConceptScheme, str]:
    """A scheme file, validated before any database is opened: its errors come first."""
    from schemas import parse_scheme, read_scheme_text

    text = read_scheme_text(path)
    return path, parse_scheme(text, str(path)), text


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
