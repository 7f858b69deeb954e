"""The argument graph an export draws (AIF, DOT): the relations an export's filter keeps.

A relation is kept when it has an end in the selected document, its reviewer is the selected
reviewer, and both ends' concepts are among the selected ones (each filter only when given).
"""

from __future__ import annotations

from collections.abc import Iterator

from annotator.store import LinkedRelation, Store
from annotator.store.export_reads import ExportFilter


def kept_relations(store: Store, selection: ExportFilter) -> Iterator[LinkedRelation]:
    """The relations of the selection, oldest first."""
    concepts = None if selection.concepts is None else set(selection.concepts)
    for linked in store.linked_relations(selection.document, reviewer=selection.reviewer):
        if concepts is None or {linked.source.concept, linked.target.concept} <= concepts:
            yield linked


def count_relations(store: Store, selection: ExportFilter) -> int:
    """How many relations ``kept_relations`` yields (the progress bar's length)."""
    return sum(1 for _ in kept_relations(store, selection))
