"""The AIF export: the argument graph as AIF JSON, in the shape AIFdb and OVA read.

``{"nodes": [...], "edges": [...], "locutions": []}``: an ``I`` node per linked annotation
(``nodeID`` its id, ``text`` its quote), an ``RA``/``CA``/``MA`` scheme node per relation whose
type has an AIF kind in the scheme (``nodeID`` the relation's id, ``text`` AIFdb's default
scheme name), and two edges for each: premise -> scheme node -> conclusion. A relation type
with no AIF kind (``cites``, ``substitutes``) is not an argument and is left out, with the
annotations only it links. Timestamps are AIFdb's ``YYYY-MM-DD HH:MM:SS`` (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from annotator.export.argument_graph import count_relations, kept_relations
from annotator.export.formats import FileFormat
from annotator.store import RelationEnd, Store
from annotator.store.export_reads import ExportFilter

SCHEME_TEXT = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}
"""The text AIFdb gives a scheme node of each kind when no named scheme applies."""


def aif_timestamp(iso: str) -> str:
    """``2026-01-02T03:04:05.678Z`` as AIFdb writes it: ``2026-01-02 03:04:05``."""
    return iso[:19].replace("T", " ")


def write_aif(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write the graph of the selected relations; the number of relations written."""
    kinds = {kind.id: kind.aif for kind in store.scheme.relation_types}
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    written = 0
    for linked in kept_relations(store, selection):
        on_item()
        relation = linked.relation
        kind = kinds.get(relation.type)
        if kind is None:
            continue
        stamp = aif_timestamp(relation.created)
        for end in (linked.source, linked.target):
            nodes.setdefault(end.annotation, _information(store, end))
        nodes[relation.id] = {
            "nodeID": relation.id,
            "text": SCHEME_TEXT[kind],
            "type": kind,
            "timestamp": stamp,
        }
        for side, (start, finish) in enumerate(
            ((relation.source, relation.id), (relation.id, relation.target))
        ):
            edges.append({"edgeID": f"{relation.id}-{side}", "fromID": start, "toID": finish})
        written += 1
    json.dump(
        {"nodes": list(nodes.values()), "edges": edges, "locutions": []},
        out,
        ensure_ascii=False,
        indent=1,
    )
    out.write("\n")
    return written


def _information(store: Store, end: RelationEnd) -> dict[str, Any]:
    """The I node of an annotation: its quote, stamped when it was made."""
    annotation = store.annotation(end.annotation)
    created = annotation.created if annotation is not None else ""
    return {
        "nodeID": end.annotation,
        "text": end.quote,
        "type": "I",
        "timestamp": aif_timestamp(created),
    }


FORMAT = FileFormat("aif", "relation", count_relations, write_aif)
