"""The native JSONL export (DESIGN §5): one object per passage, lossless, byte-stable.

Keys come in a fixed order and the store yields rows in a fixed order, so exporting the same
database twice, or exporting what ``load`` restored, gives the same bytes: a diff of two
exports shows only what changed. The contract keys come first, exactly as named; the extra
keys (``prefix``/``suffix`` of a span, a relation's ``reviewer``/``created``/``note``) are
what makes the file lossless.

The writer builds each line's dicts straight from the store's rows (``exported_passage_rows``)
rather than from models: at a million annotations, a pydantic object each cost more than
the rest of the export together.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from operator import itemgetter
from typing import Any, TextIO

from annotator.export.formats import FileFormat
from annotator.store import Store
from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.documents import PASSAGE_FIELDS
from annotator.store.export_reads import ExportedPassage, ExportFilter, PassageRows
from annotator.store.relations import RELATION_COLUMNS
from schemas import Annotation, Relation

ANNOTATION_KEYS = (
    "id",
    "concept",
    "start",
    "end",
    "quote",
    "reviewer",
    "note",
    "created",
    "prefix",
    "suffix",
)
"""An annotation's keys in the file, in order (its passage is the enclosing record's)."""

RELATION_KEYS = {
    "id": "id",
    "type": "type",
    "from": "source",
    "to": "target",
    "reviewer": "reviewer",
    "created": "created",
    "note": "note",
}
"""A relation's keys in the file, in order (that of ``relate --json``), and the field each
holds: ``from``/``to`` are the ids of the annotations it links."""

_ANNOTATION_VALUES = itemgetter(*(ANNOTATION_FIELDS.index(key) for key in ANNOTATION_KEYS))
_RELATION_VALUES = itemgetter(*(RELATION_COLUMNS.index(name) for name in RELATION_KEYS.values()))
_PASSAGE_VALUES = itemgetter(
    *(PASSAGE_FIELDS.index(name) for name in ("document", "id", "seq", "label", "page"))
)
_TEXT = PASSAGE_FIELDS.index("text")
_encode = json.JSONEncoder(ensure_ascii=False).encode


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """An annotation as the export writes it."""
    return {key: getattr(annotation, key) for key in ANNOTATION_KEYS}


def relation_record(relation: Relation) -> dict[str, Any]:
    """A relation as the export writes it."""
    return {key: getattr(relation, name) for key, name in RELATION_KEYS.items()}


def passage_record(item: ExportedPassage) -> dict[str, Any]:
    """One line of the export: a passage, its annotations and the relations from them."""
    passage = item.passage
    return {
        "document": passage.document,
        "passage": passage.id,
        "seq": passage.seq,
        "label": passage.label,
        "page": passage.page,
        "text": passage.text,
        "annotations": [annotation_record(annotation) for annotation in item.annotations],
        "relations": [relation_record(relation) for relation in item.relations],
    }


def rows_record(rows: PassageRows) -> dict[str, Any]:
    """``passage_record`` of the same passage, made from the store's rows (what ``write`` uses)."""
    document, passage, seq, label, page = _PASSAGE_VALUES(rows.passage)
    return {
        "document": document,
        "passage": passage,
        "seq": seq,
        "label": label,
        "page": page,
        "text": rows.passage[_TEXT],
        "annotations": [
            dict(zip(ANNOTATION_KEYS, _ANNOTATION_VALUES(row), strict=True))
            for row in rows.annotations
        ],
        "relations": [
            dict(zip(RELATION_KEYS, _RELATION_VALUES(row), strict=True)) for row in rows.relations
        ],
    }


def write_jsonl(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write one JSON line per selected passage to ``out``; the number of lines written."""
    written = 0
    for rows in store.exported_passage_rows(selection):
        out.write(_encode(rows_record(rows)) + "\n")
        written += 1
        on_item()
    return written


FORMAT = FileFormat("jsonl", "passage", Store.count_exported_passages, write_jsonl)
