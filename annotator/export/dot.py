"""The DOT export: the argument graph as a Graphviz digraph (``dot -Tsvg`` draws it).

One ``subgraph "cluster_<document>"`` per document, labelled with its title; a node per linked
annotation, labelled ``§n concept`` then its quote wrapped (cut at ``QUOTE_CHARS``); an edge
per relation, in its type's colour and labelled with its French label; conflicts (AIF ``CA``,
e.g. ``attacks``) are dashed and end in a tee, so they read apart from support in grey print.
Every text is data: written in double-quoted DOT strings with backslashes and quotes escaped,
control characters made visible, so no title or quote can end a string or add an attribute.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TextIO

from annotator.display import one_line
from annotator.export.argument_graph import count_relations, kept_relations
from annotator.export.formats import FileFormat
from annotator.store import LinkedRelation, RelationEnd, Store
from annotator.store.export_reads import ExportFilter

QUOTE_CHARS = 240
"""The longest quote a node shows (a whole-passage tag's quote is a paragraph)."""
WRAP = 40
"""Characters per line of a node's label."""


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string, shown as written."""
    return f'"{_escaped(text)}"'


def _escaped(text: str) -> str:
    """Backslashes and quotes escaped: the text can neither end the string nor make an
    escape of Graphviz's own (``\\n``, ``\\l``, ``\\N``)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def node_label(end: RelationEnd) -> str:
    """``§n concept`` then the quote, wrapped, as a DOT string with its line breaks."""
    lines = [
        f"§{end.seq + 1} {end.concept}",
        *textwrap.wrap(one_line(end.quote, QUOTE_CHARS), WRAP),
    ]
    return '"' + "\\n".join(_escaped(line) for line in lines) + '"'


def write_dot(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write the digraph of the selected relations; the number of relations written."""
    kinds = {kind.id: kind for kind in store.scheme.relation_types}
    titles = {document.id: document.title for document in store.documents()}
    clusters: dict[str, dict[str, RelationEnd]] = {}
    relations: list[LinkedRelation] = []
    for linked in kept_relations(store, selection):
        relations.append(linked)
        for end in (linked.source, linked.target):
            clusters.setdefault(end.document, {}).setdefault(end.annotation, end)
    out.write("digraph arguments {\n")
    out.write('  graph [rankdir="BT", fontname="Helvetica"];\n')
    out.write('  node [shape="box", style="rounded", fontname="Helvetica", fontsize="10"];\n')
    out.write('  edge [fontname="Helvetica", fontsize="9"];\n')
    for document, ends in clusters.items():
        out.write(f"  subgraph {dot_string(f'cluster_{document}')} {{\n")
        out.write(f"    label={dot_string(one_line(titles.get(document, document), 80))};\n")
        for end in ends.values():
            out.write(f"    {dot_string(end.annotation)} [label={node_label(end)}];\n")
        out.write("  }\n")
    for linked in relations:
        relation = linked.relation
        kind = kinds.get(relation.type)
        label = kind.label.fr if kind else relation.type
        colour = kind.color if kind else "#000000"
        style = ', style="dashed", arrowhead="tee"' if kind and kind.aif == "CA" else ""
        out.write(
            f"  {dot_string(relation.source)} -> {dot_string(relation.target)} "
            f"[label={dot_string(one_line(label, 40))}, color={dot_string(colour)}, "
            f"fontcolor={dot_string(colour)}{style}];\n"
        )
        on_item()
    out.write("}\n")
    return len(relations)


FORMAT = FileFormat("dot", "relation", count_relations, write_dot)
