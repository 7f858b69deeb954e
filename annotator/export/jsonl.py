"""The native JSONL export (DESIGN §5): one object per passage, lossless, byte-stable.

Keys come in a fixed order and the store yields rows in a fixed order, so exporting the same
database twice, or exporting what ``load`` restored, gives the same bytes: a diff of two
exports shows only what changed. The contract keys come first, exactly as named; the extra
keys (``prefix``/``suffix`` of a span, a relation's ``reviewer``/``created``) are what makes
the file lossless.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from annotator.export.formats import FileFormat
from annotator.store import Store
from annotator.store.export_reads import ExportedPassage, ExportFilter
from schemas import Annotation, Relation


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """An annotation as the export writes it (the passage is the enclosing record's)."""
    return {
        "id": annotation.id,
        "concept": annotation.concept,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "reviewer": annotation.reviewer,
        "note": annotation.note,
        "created": annotation.created,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
    }


def relation_record(relation: Relation) -> dict[str, Any]:
    """A relation as the export writes it: ``from``/``to`` are annotation ids."""
    return {
        "id": relation.id,
        "type": relation.type,
        "from": relation.source,
        "to": relation.target,
        "reviewer": relation.reviewer,
        "created": relation.created,
    }


def passage_record(item: ExportedPassage) -> dict[str, Any]:
    """One line of the export: a passage, its annotations and the relations from them."""
    passage = item.passage
    return {
        "document": passage.document,
        "passage": passage.id,
        "seq": passage.seq,
        "text": passage.text,
        "annotations": [annotation_record(annotation) for annotation in item.annotations],
        "relations": [relation_record(relation) for relation in item.relations],
    }


def write_jsonl(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write one JSON line per selected passage to ``out``; the number of lines written."""
    written = 0
    for item in store.exported_passages(selection):
        out.write(json.dumps(passage_record(item), ensure_ascii=False, sort_keys=False))
        out.write("\n")
        written += 1
        on_item()
    return written


FORMAT = FileFormat("jsonl", "passage", Store.count_exported_passages, write_jsonl)
