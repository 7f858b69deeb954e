"""The ``search`` verb: fuzzy search from the command line, as JSON Lines or highlighted text."""

from __future__ import annotations

import click
from rich.console import Console

from annotator.cli.options import json_option
from annotator.cli.output import emit_json
from annotator.cli.settings import Settings
from annotator.errors import UserError
from annotator.search.engine import SearchEngine
from annotator.search.snippets import snippet
from annotator.store import Access, PassageFilter


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--doc", "document", metavar="ID", help="Only this document.")
@click.option("--concept", metavar="ID", help="Only passages tagged with it (or a sub-concept).")
@click.option("--reviewer", "tagged_by", metavar="NAME", help="Only passages NAME tagged.")
@click.option("--untagged", is_flag=True, help="Only passages nobody tagged.")
@json_option
@click.pass_obj
def search(
    settings: Settings,
    query: str,
    limit: int,
    document: str | None,
    concept: str | None,
    tagged_by: str | None,
    untagged: bool,
    as_json: bool,
) -> None:
    """Find passages: case, accents, apostrophes, compounds and typos forgiven.

    Words match in any order; "a phrase" in double quotes matches as a phrase. In blind mode,
    --concept, --reviewer and --untagged look only at your own tags (curators: everyone's).
    """
    store = settings.open_store(Access.READ)
    store.viewer = settings.reviewer
    store.refuse_unseen(tagged_by)
    if document is not None:  # a key, or any version's id: its current version is searched
        current = store.current_version(document)
        if current is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        document = str(current["id"])
    if concept is not None and concept not in store.scheme.by_id():
        raise UserError(f"no concept {concept!r} in the scheme (see `annotator concepts`)")
    passage_filter = PassageFilter(untagged=untagged, concept=concept, reviewer=tagged_by)
    hits = SearchEngine(store).search(query, limit, passage_filter, document)
    console = Console(highlight=False, soft_wrap=True)
    for hit in hits:
        if as_json:
            emit_json(
                {
                    "passage": hit.passage.id,
                    "document": hit.passage.document,
                    "seq": hit.passage.seq,
                    "score": hit.score,
                    "text": hit.passage.text,
                    "matches": [list(span) for span in hit.matches],
                }
            )
        else:
            console.print(snippet(hit, f"{hit.passage.document} §{hit.passage.seq + 1}"))
