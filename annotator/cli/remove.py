"""The ``remove`` verb: a document out of the database, undoably.

Removing is the reviewer's change like a tag is: the history keeps every row it took (the
document, its passages, and with ``--force`` the annotations and relations on them), so `u`
in the UI brings it all back, search included. A document holding annotations is refused
without ``--force``: they are reviewers' work, and the refusal says whose.
"""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.display import one_line
from annotator.store import Access


@click.command()
@click.argument("document", metavar="DOC")
@click.option(
    "--force", is_flag=True, help="Remove it with its annotations and the relations on them."
)
@json_option
@click.pass_obj
def remove(settings: Settings, document: str, force: bool, as_json: bool) -> None:
    """Remove document DOC and its passages (--force: annotations too).

    Its passages leave the search index too. A document holding annotations is refused unless
    --force, which removes them and every relation to or from them. One change: `u` in the
    UI (undo) brings everything back.
    """
    removed = settings.open_store(Access.WRITE).remove_document(
        document, settings.reviewer, force=force
    )
    if as_json:
        emit_json(
            {
                "id": removed.id,
                "title": removed.title,
                "passages": removed.passages,
                "annotations": removed.annotations,
                "relations": removed.relations,
            }
        )
        return
    echo(
        f"removed document {removed.id} ({removed.passages} passages, "
        f"{removed.annotations} annotations, {removed.relations} relations)  "
        f"{one_line(removed.title, 60)}"
    )
