"""Verbs that list the corpus: ``docs``, ``passages`` (``import`` is in ``importing``, as it
needs the readers these do not)."""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.display import one_line
from annotator.errors import UserError
from annotator.store import Access
from schemas import PassageKind


@click.command()
@json_option
@click.pass_obj
def docs(settings: Settings, as_json: bool) -> None:
    """List documents with their progress (annotated/total passages).

    In blind mode, a reviewer who is not a curator sees only their own progress.
    """
    store = settings.open_store(Access.READ)
    store.viewer = settings.reviewer
    for doc in store.documents():
        if as_json:
            emit_json(
                {
                    "id": doc.id,
                    "title": doc.title,
                    "passages": doc.passages,
                    "annotated": doc.annotated,
                    "orphans": doc.orphans,
                    "done": list(doc.done),
                }
            )
        else:
            done = f"  (done: {', '.join(doc.done)})" if doc.done else ""
            orphans = f"  ({_orphans(doc.orphans)}: `annotator orphans`)" if doc.orphans else ""
            echo(
                f"{doc.id}  {doc.annotated:>5}/{doc.passages:<5}  {one_line(doc.title, 70)}"
                f"{done}{orphans}"
            )


def _orphans(count: int) -> str:
    return f"{count} orphan{'s' if count != 1 else ''}"


_KIND_MARKERS = {PassageKind.HEADING: "#", PassageKind.NOTE: "*"}
"""How ``passages`` marks a heading and a footnote in its text output."""


@click.command()
@click.option(
    "--doc",
    "document",
    metavar="ID",
    help="Only this document's passages: an id (of any version), or a key (its current version).",
)
@json_option
@click.pass_obj
def passages(settings: Settings, document: str | None, as_json: bool) -> None:
    """List passages in reading order.

    The text output numbers them §1, §2… as the UI does; --json's seq counts from 0. Without
    --doc, the current version of each document.
    """
    store = settings.open_store(Access.READ)
    if document is not None and not store.has_document(document):
        current = store.current_version(document)
        if current is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        document = current["id"]
    for passage in store.passages(document):
        if as_json:
            emit_json(
                {
                    "id": passage.id,
                    "document": passage.document,
                    "seq": passage.seq,
                    "start": passage.start,
                    "end": passage.end,
                    "kind": passage.kind.value,
                    "label": passage.label,
                    "page": passage.page,
                    "text": passage.text,
                }
            )
        else:
            marker = _KIND_MARKERS.get(passage.kind, " ")
            label = f"{passage.label or '':>6} "
            number = f"§{passage.seq + 1}"  # as the UI and search show it; --json's seq is from 0
            echo(f"{passage.id}  {number:>5} {marker} {label}{one_line(passage.text, 80)}")
