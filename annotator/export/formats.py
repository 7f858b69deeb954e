"""The export formats ``annotator export`` knows, and how each is written.

A format is either one file (written to a stream: stdout or a file renamed into place) or a
folder of files (brat, XMI: one or more files per document). Each format module defines one
``FORMAT`` object; ``export_format`` imports only the module asked for, so the command line
does not pay for lxml or cassis when it writes JSONL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TextIO

from annotator.store import Store
from annotator.store.export_reads import ExportFilter

Progress = Callable[[], None]
"""Called once per unit written, for the progress bar."""


@dataclass(frozen=True, slots=True)
class FileFormat:
    """A format written as one text stream."""

    name: str
    unit: str
    """What ``write`` counts (``passage``, ``annotation``...), for the closing remark."""
    count: Callable[[Store, ExportFilter], int]
    """How many units ``write`` will write (the progress bar's length)."""
    write: Callable[[Store, ExportFilter, TextIO, Progress], int]
    """Writes to the stream; returns the number of units written."""


@dataclass(frozen=True, slots=True)
class FolderFormat:
    """A format written as a folder of files (the folder exists and is empty)."""

    name: str
    unit: str
    count: Callable[[Store, ExportFilter], int]
    write: Callable[[Store, ExportFilter, Path, Progress], int]


ExportFormat = FileFormat | FolderFormat

FORMAT_MODULES = {
    "jsonl": "annotator.export.jsonl",
    "csv": "annotator.export.csv_export",
    "brat": "annotator.export.brat",
    "xmi": "annotator.export.xmi",
    "conll": "annotator.export.conll",
    "w3c": "annotator.export.w3c",
    "aif": "annotator.export.aif",
    "dot": "annotator.export.dot",
}
"""Each format's name and the module that defines its ``FORMAT``, in the order help lists them."""


def export_format(name: str) -> ExportFormat:
    """The format called ``name`` (one of ``FORMAT_MODULES``), its module imported on demand."""
    module = import_module(FORMAT_MODULES[name])
    found = module.FORMAT
    assert isinstance(found, FileFormat | FolderFormat), name
    return found
