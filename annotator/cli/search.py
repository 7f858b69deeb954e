"""The ``search`` verb: fuzzy search from the command line, as JSON Lines or highlighted text."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from annotator.cli.options import json_option
from annotator.cli.output import emit_json
from annotator.cli.settings import Settings
from annotator.display import visible
from annotator.errors import UserError
from annotator.search.engine import Hit, SearchEngine
from annotator.store import Access, PassageFilter

SNIPPET_CONTEXT = 60
"""Characters shown before the first match and after the last in the text output."""


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

    Words match in any order; "a phrase" in double quotes matches as a phrase.
    """
    store = settings.open_store(Access.READ)
    if document is not None and not store.has_document(document):
        raise UserError(f"no document {document!r} (list them with `annotator docs`)")
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
            console.print(_snippet(hit))


def _snippet(hit: Hit) -> Text:
    """``document §seq  …text…`` where the matches are densest, matches in bold reverse.

    Built with styles applied by offset, so the passage text is never read as markup.
    """
    text = visible(hit.passage.text)
    first, last = _densest(hit.matches)
    start = max(0, first - SNIPPET_CONTEXT // 2)
    end = min(len(text), last + SNIPPET_CONTEXT)
    line = Text(f"{hit.passage.document} §{hit.passage.seq + 1}  ", style="dim")
    snippet = Text(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))
    shift = 1 if start else 0
    for match_start, match_end in hit.matches:
        if match_start < end and match_end > start:
            left = max(match_start, start) - start + shift
            right = min(match_end, end) - start + shift
            snippet.stylize("bold reverse", left, right)
    line.append_text(snippet)
    return line


def _densest(matches: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """Start and end of the stretch of ``SNIPPET_CONTEXT`` characters holding most matches."""
    if not matches:
        return 0, 0
    best = max(
        matches,
        key=lambda left: sum(left[0] <= m[0] < left[0] + SNIPPET_CONTEXT for m in matches),
    )
    inside = [m for m in matches if best[0] <= m[0] < best[0] + SNIPPET_CONTEXT]
    return best[0], max(end for _, end in inside)
