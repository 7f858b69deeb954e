"""Writing the annotated corpus out (JSONL, CSV) and reading the native JSONL back in.

Each format streams from the store one passage or one annotation at a time, so an export's
memory does not grow with the corpus; ``on_item`` callbacks let the CLI draw a progress bar.
"""

from __future__ import annotations

from annotator.export.csv_export import CSV_COLUMNS, write_csv
from annotator.export.jsonl import passage_record, write_jsonl
from annotator.export.loading import LoadResult, load_jsonl

__all__ = ["CSV_COLUMNS", "LoadResult", "load_jsonl", "passage_record", "write_csv", "write_jsonl"]
