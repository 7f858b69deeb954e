"""Writing the annotated corpus out in every format, and reading annotations back in.

Each format streams from the store one passage, annotation or document at a time, so an
export's memory does not grow with the corpus; ``Progress`` callbacks let the CLI draw a
progress bar. ``formats`` lists them; a format's module is imported only when it is used.
"""

from __future__ import annotations

from annotator.export.formats import (
    FORMAT_MODULES,
    ExportFormat,
    FileFormat,
    FolderFormat,
    export_format,
)
from annotator.export.jsonl_load import load_jsonl
from annotator.export.loading import LoadResult

__all__ = [
    "FORMAT_MODULES",
    "ExportFormat",
    "FileFormat",
    "FolderFormat",
    "LoadResult",
    "export_format",
    "load_jsonl",
]
