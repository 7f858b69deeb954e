"""The ``orphans`` verb: what a new version of a document could not place.

Its ``--json`` line is the public contract (DESIGN §5), ``{"id", "concept", "quote",
"document", "reviewer"}`` where ``document`` is the id of the document's CURRENT version (the
one to place it on), plus what a script needs to find it again: its ``prefix`` and ``suffix``,
and the ``version`` and ``passage`` it was left on.
"""

from __future__ import annotations

from typing import Any

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.display import one_line
from annotator.store import Access
from annotator.store.orphans import Orphan

QUOTE_WIDTH = 60
"""Characters of an orphan's quote a text line shows."""
CONTEXT_WIDTH = 20
"""Characters of its context shown on each side."""


@click.command()
@click.option(
    "--doc", "document", metavar="ID", help="Only this document's (the id or key of a version)."
)
@json_option
@click.pass_obj
def orphans(settings: Settings, document: str | None, as_json: bool) -> None:
    """List the annotations a new version of their document could not place.

    They stay on the version they were made on, with their quote and context, until someone
    places or discards them (the UI's orphan queue, key O). In reading order; in blind mode,
    only your own unless you are a curator.
    """
    store = settings.open_store(Access.READ)
    labels = {concept.id: concept.label.fr for concept in store.scheme.concepts}
    shown = store.visible_reviewers(settings.reviewer)
    heading = None
    for orphan in store.orphans(document, shown):
        if as_json:
            emit_json(orphan_record(orphan))
            continue
        if orphan.document != heading:
            heading = orphan.document
            echo(f"{orphan.document}  {one_line(orphan.title, 70)}")
        echo(_line(orphan, labels.get(orphan.concept, orphan.concept)))
    if heading is None and not as_json:
        echo("no orphans")


def orphan_record(orphan: Orphan) -> dict[str, Any]:
    """An orphan's ``--json`` line."""
    return {
        "id": orphan.id,
        "concept": orphan.concept,
        "quote": orphan.quote,
        "document": orphan.document,
        "reviewer": orphan.reviewer,
        "prefix": orphan.prefix,
        "suffix": orphan.suffix,
        "version": orphan.version,
        "passage": orphan.passage,
    }


def _line(orphan: Orphan, label: str) -> str:
    """An orphan as a person reads it: its id, where it was left, its concept, its quote
    within a little of its context, whose it is."""
    before, after = orphan.prefix[-CONTEXT_WIDTH:], orphan.suffix[:CONTEXT_WIDTH]
    quoted = (
        f"{'…' if before else ''}{before}«{one_line(orphan.quote, QUOTE_WIDTH)}»"
        f"{after}{'…' if after else ''}"
    )
    where = f"v{orphan.version} §{orphan.seq + 1}"
    return f"  {orphan.id}  {where}  {label}  {quoted}  by {orphan.reviewer}"
