"""The CSV export: one row per annotation, for spreadsheets and quick statistics.

It flattens (relations and the context around spans are left out), so it is for reading,
not for ``load``. RFC 4180 (CRLF line ends, quoted fields), so quotes, commas, tabs and
newlines in passages and notes come back intact through any CSV reader.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from operator import itemgetter
from typing import TextIO

from annotator.export.formats import FileFormat
from annotator.store import Store
from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.export_reads import ANNOTATION_CONTEXT_FIELDS, ExportFilter

CSV_COLUMNS = (
    "document",
    "title",
    "seq",
    "passage_label",
    "page",
    "passage",
    "annotation",
    "concept",
    "label_fr",
    "label_en",
    "start",
    "end",
    "quote",
    "note",
    "reviewer",
    "created",
)
"""The header row; ``start``/``end`` are empty for a whole-passage tag, as is a missing note,
and ``passage_label`` (a decision's ``pt 3``) and ``page`` (a PDF's) when the passage has none."""


_SOURCES = {"annotation": "id"}
"""The column named otherwise than the store's field it holds."""

_FIELDS = (*ANNOTATION_FIELDS, *ANNOTATION_CONTEXT_FIELDS)
_ROW = itemgetter(*(_FIELDS.index(_SOURCES.get(column, column)) for column in CSV_COLUMNS))


def write_csv(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write the header and one row per selected annotation; the number of rows written.

    ``out`` must be opened with ``newline=""`` so the writer's CRLF is not translated. The
    rows go from the store to the writer as they are (the csv module writes None, a
    whole-passage tag's offsets or a missing note, as an empty field).
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    for row in store.exported_annotation_rows(selection):
        writer.writerow(_ROW(row))
        written += 1
        on_item()
    return written


FORMAT = FileFormat("csv", "annotation", Store.count_exported_annotations, write_csv)
