"""The CSV export: one row per annotation, for spreadsheets and quick statistics.

It flattens (relations and the context around spans are left out), so it is for reading,
not for ``load``. RFC 4180 (CRLF line ends, quoted fields), so quotes, commas, tabs and
newlines in passages and notes come back intact through any CSV reader.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TextIO

from annotator.export.formats import FileFormat
from annotator.store import Store
from annotator.store.export_reads import ExportFilter

CSV_COLUMNS = (
    "document",
    "title",
    "seq",
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
"""The header row; ``start``/``end`` are empty for a whole-passage tag, as is a missing note."""


def write_csv(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write the header and one row per selected annotation; the number of rows written.

    ``out`` must be opened with ``newline=""`` so the writer's CRLF is not translated.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    for item in store.exported_annotations(selection):
        annotation = item.annotation
        writer.writerow(
            (
                item.document,
                item.title,
                item.seq,
                annotation.passage,
                annotation.id,
                annotation.concept,
                item.label_fr,
                item.label_en,
                "" if annotation.start is None else annotation.start,
                "" if annotation.end is None else annotation.end,
                annotation.quote,
                annotation.note or "",
                annotation.reviewer,
                annotation.created,
            )
        )
        written += 1
        on_item()
    return written


FORMAT = FileFormat("csv", "annotation", Store.count_exported_annotations, write_csv)
