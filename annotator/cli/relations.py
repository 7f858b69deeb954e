"""Verbs about links between annotations: ``relate``, ``unrelate``, ``relations``.

Their ``--json`` line is the public contract (DESIGN §5): ``{"id", "type", "from", "to",
"reviewer", "created", "note"}``, the same for the three verbs, so a script can pipe a
listing into ``unrelate`` or compare what ``relate`` printed with what is listed later.
"""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.ownership import FORCE_HELP, refuse_others
from annotator.cli.settings import Settings
from annotator.display import one_line
from annotator.export.jsonl import relation_record
from annotator.store import Access, LinkedRelation, RelationEnd

QUOTE_WIDTH = 40
"""Characters of each end's quote a listing line shows."""


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.argument("type_id", metavar="TYPE")
@click.option("--note", help="A comment to keep with the link.")
@json_option
@click.pass_obj
def relate(
    settings: Settings, source: str, target: str, type_id: str, note: str | None, as_json: bool
) -> None:
    """Link annotation FROM to annotation TO with the scheme's relation TYPE (e.g. supports).

    The two may be in different documents. Refused, with nothing written: an unknown type or
    annotation, a link from an annotation to itself, the same link twice, and ends whose
    concepts the type does not allow.
    """
    store = settings.open_store(Access.WRITE)
    relation = store.relate(source, target, type_id, settings.reviewer, note)
    if as_json:
        emit_json(relation_record(relation))
    else:
        echo(f"related {source} -> {target} as {type_id}: relation {relation.id}")


@click.command()
@click.argument("relation_id", metavar="RELATION")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@json_option
@click.pass_obj
def unrelate(settings: Settings, relation_id: str, force: bool, as_json: bool) -> None:
    """Remove RELATION (its id, as `relate` or `relations` printed it).

    Only your own, unless --force: another reviewer's link is refused, naming whose it is.
    """
    store = settings.open_store(Access.WRITE)
    if not force:
        found = store.relation(relation_id)
        owner = found.reviewer if found is not None else None
        refuse_others("relation", relation_id, owner, settings.reviewer, "unrelate")
    removed = store.unrelate(relation_id, settings.reviewer)
    if as_json:
        emit_json(relation_record(removed))
    else:
        echo(
            f"removed relation {removed.id} ({removed.source} -> {removed.target} "
            f"as {removed.type})"
        )


@click.command()
@click.option("--doc", "document", help="Only links with an end in this document.")
@click.option("--type", "type_id", metavar="TYPE", help="Only links of this relation type.")
@click.option("--reviewer", help="Only links this reviewer made.")
@json_option
@click.pass_obj
def relations(
    settings: Settings,
    document: str | None,
    type_id: str | None,
    reviewer: str | None,
    as_json: bool,
) -> None:
    """List the links between annotations, oldest first, with both ends' quotes.

    In blind mode, a reviewer who is not a curator lists only their own links.
    """
    store = settings.open_store(Access.READ)
    store.viewer = settings.reviewer
    store.refuse_unseen(reviewer)
    for linked in store.linked_relations(document, type_id, reviewer):
        if as_json:
            emit_json(relation_record(linked.relation))
        else:
            echo(_line(linked))


def _line(linked: LinkedRelation) -> str:
    """One relation as a person reads it: its id and type, then where each end is and what it
    says (the target's document named only when it is not the source's)."""
    relation = linked.relation
    elsewhere = linked.target.document if linked.target.document != linked.source.document else ""
    line = (
        f"{relation.id}  {relation.type}  {_end(linked.source, '')} -> "
        f"{_end(linked.target, elsewhere)}  by {relation.reviewer}"
    )
    if relation.note:
        line += f"  note: {one_line(relation.note, QUOTE_WIDTH)}"
    return line


def _end(end: RelationEnd, document: str) -> str:
    where = f"{document} " if document else ""
    return f"{where}§{end.seq + 1} {end.concept} «{one_line(end.quote, QUOTE_WIDTH)}»"
