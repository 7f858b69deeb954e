"""The ``adjudicate`` verb: the agreed items into the gold layer, and how far adjudication is.

What the reviewers disagree on is adjudicated in the UI (the adjudication screen); what they
all agree on needs no one's judgement, and ``--agreed`` copies it in one step, as one change
of the adjudicator (`u` in the UI takes it back). See ``annotator.store.adjudication`` for
who is compared and what counts as the same item.
"""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.store import Access
from annotator.store.adjudication_writes import Agreed


@click.command()
@click.option("--agreed", is_flag=True, help="Copy the items every compared reviewer has.")
@click.option(
    "--reviewers",
    metavar="A,B,...",
    help="Compare these reviewers (default: everyone but the gold layer's reviewer).",
)
@click.option("--doc", "document", metavar="ID", help="Only this document.")
@json_option
@click.pass_obj
def adjudicate(
    settings: Settings, agreed: bool, reviewers: str | None, document: str | None, as_json: bool
) -> None:
    """Copy into the gold layer what every compared reviewer agrees on (--agreed).

    An item is a reviewer's annotation (the same passage, concept, start and end as another's
    is the same item) or relation (the same type between the same items). In each document
    the compared reviewers are those with annotations in it; an item is agreed when at least
    two are compared and all of them have it. Items already decided, or already in the gold
    layer, are skipped: running it again changes nothing. Without --agreed, only says how
    many disputed passages are resolved. While blind mode is on, only a curator adjudicates.
    With --json, one line: {"gold", "reviewers", "copied": {"annotations", "relations"},
    "skipped", "disputed", "resolved"}.
    """
    names = [name.strip() for name in reviewers.split(",") if name.strip()] if reviewers else None
    store = settings.open_store(Access.WRITE)
    scope = store.adjudication_scope(settings.reviewer, names, document)
    done = store.accept_agreed(scope, settings.reviewer) if agreed else Agreed(0, 0, 0)
    progress = store.adjudication_progress(scope)
    disputed, resolved = (len(progress.disputed), len(progress.resolved)) if progress else (0, 0)
    if as_json:
        emit_json(
            {
                "gold": scope.gold,
                "reviewers": list(scope.candidates),
                "copied": {"annotations": done.annotations, "relations": done.relations},
                "skipped": done.skipped,
                "disputed": disputed,
                "resolved": resolved,
            }
        )
        return
    if agreed:
        echo(
            f"copied {_count(done.annotations, 'annotation')} and "
            f"{_count(done.relations, 'relation')} into {scope.gold} "
            f"({done.skipped} agreed item{'' if done.skipped == 1 else 's'} skipped: "
            "decided or in gold already)"
        )
    compared = ", ".join(scope.candidates) or "nobody"
    echo(
        f"{resolved} of {_count(disputed, 'disputed passage')} resolved "
        f"(gold layer: {scope.gold}; compared: {compared})"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
