"""The ``upgrade`` verb: bring a database written by an older annotator up to this version.

Verbs that write upgrade the database they open anyway; the reading verbs never change a
file, so a database they find outdated is upgraded by this verb (or by any verb that writes).
"""

from __future__ import annotations

import click

from annotator.cli.output import note
from annotator.cli.settings import Settings
from annotator.store import Access
from annotator.store.database import pending_migrations


@click.command()
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Bring the database's schema up to this version of annotator."""
    pending = pending_migrations(settings.db)
    if not pending:
        note(f"{settings.db} is up to date")
        return
    settings.open_store(Access.WRITE)
    note(f"{settings.db} upgraded: {', '.join(pending)}")
