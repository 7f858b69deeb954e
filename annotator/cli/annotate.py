"""Verbs about annotating: ``concepts``, ``tag``, ``untag``, ``stats``."""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.ownership import FORCE_HELP, refuse_others
from annotator.cli.settings import Settings
from annotator.cli.stats_view import print_stats, stats_record
from annotator.display import one_line
from annotator.store import Access


@click.command()
@json_option
@click.pass_obj
def concepts(settings: Settings, as_json: bool) -> None:
    """List the concept scheme as a tree, with hotkeys."""
    scheme = settings.open_store(Access.READ).scheme
    depth: dict[str, int] = {}
    for concept in scheme.concepts:
        depth[concept.id] = depth[concept.parent] + 1 if concept.parent else 0
        if as_json:
            emit_json(
                {
                    "id": concept.id,
                    "label": concept.label.fr,
                    "label_en": concept.label.en,
                    "parent": concept.parent,
                    "key": concept.key,
                    "color": concept.color,
                    "aliases": list(concept.aliases.all()),
                }
            )
        else:
            key = f"[{concept.key}]" if concept.key else "   "
            indent = "  " * depth[concept.id]
            echo(f"{key} {indent}{concept.label.fr}  ({concept.id}; {concept.label.en})")


@click.command()
@click.argument("passage")
@click.argument("concept")
@click.option("--start", type=click.IntRange(min=0), help="Span start in the passage text.")
@click.option("--end", type=click.IntRange(min=1), help="Span end (exclusive).")
@click.option("--note", help="A comment to keep with the annotation.")
@json_option
@click.pass_obj
def tag(
    settings: Settings,
    passage: str,
    concept: str,
    start: int | None,
    end: int | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Tag PASSAGE (or the span --start..--end of it) with CONCEPT."""
    if (start is None) != (end is None):
        raise click.UsageError("--start and --end go together")
    store = settings.open_store(Access.WRITE)
    annotation, created = store.tag(
        passage, concept, settings.reviewer, start=start, end=end, note=note
    )
    if as_json:
        emit_json(annotation.model_dump())
        return
    where = f"{start}:{end} «{one_line(annotation.quote, 40)}»" if start is not None else "whole"
    state = "tagged" if created else "already tagged"
    echo(f"{state} {passage} ({where}) with {concept}: annotation {annotation.id}")


@click.command()
@click.argument("annotation")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@json_option
@click.pass_obj
def untag(settings: Settings, annotation: str, force: bool, as_json: bool) -> None:
    """Remove ANNOTATION (its id, as `tag` printed it).

    Only your own, unless --force: another reviewer's annotation is refused, naming whose it
    is. The links to and from it go with it (one undo brings all back).
    """
    store = settings.open_store(Access.WRITE)
    if not force:
        found = store.annotation(annotation)
        owner = found.reviewer if found is not None else None
        refuse_others("annotation", annotation, owner, settings.reviewer, "untag")
    removed = store.untag(annotation, settings.reviewer)
    if as_json:
        emit_json(removed.model_dump())
    else:
        echo(f"removed annotation {removed.id} ({removed.concept} on {removed.passage})")


@click.command()
@json_option
@click.pass_obj
def stats(settings: Settings, as_json: bool) -> None:
    """Coverage and counts per concept and reviewer.

    In blind mode, a reviewer who is not a curator counts only their own work.
    """
    store = settings.open_store(Access.READ)
    store.viewer = settings.reviewer
    figures = store.stats()
    if as_json:
        emit_json(stats_record(figures))
    else:
        print_stats(figures, settings.db)
