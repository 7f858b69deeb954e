"""Opening a PDF with PDFium and reading its pages' lines and its title, one document at a
time; every PDFium object opened is closed before it returns, and any PDFium failure, an
encrypted file or a truncated one becomes a one-line ``ReadError``.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from corpus.readers import ReadError
from corpus.readers.pdf.lines import Page
from corpus.readers.pdf.textpage import PageReader

ENCRYPTED = "encrypted PDF: remove its password first"
DAMAGED = "damaged or truncated PDF ({})"

EOF_WINDOW = 4096
"""How far from the end the ``%%EOF`` marker is looked for. PDFium rebuilds a file whose end
is cut off and reads what is left without a word; a file without its end marker is refused,
rather than imported with pages missing."""

PLACEHOLDER_TITLES = frozenset({"untitled", "(anonymous)", "anonymous", "sans titre"})

PASSWORD_ERRORS = frozenset({4, 5})
"""PDFium's load errors for a password (FPDF_ERR_PASSWORD) and an unknown security handler."""

_LOCK = threading.Lock()
"""PDFium is not thread-safe: one document is read at a time in a process."""


def read_pages(data: bytes) -> tuple[str | None, list[Page]]:
    """Open the document and read every page's lines, each page closed before the next is
    opened, one document at a time; any PDFium failure becomes a ``ReadError``."""
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) in PASSWORD_ERRORS:
                raise ReadError(ENCRYPTED) from None
            raise ReadError(DAMAGED.format(_reason(error))) from None
        try:
            if b"%%EOF" not in data.rstrip()[-EOF_WINDOW:]:
                raise ReadError(DAMAGED.format("it ends before its end-of-file marker"))
            reader = PageReader()
            title = _title(document)
            pages = [_read_page(document, index, reader) for index in range(len(document))]
        except pdfium.PdfiumError as error:
            raise ReadError(DAMAGED.format(_reason(error))) from None
        finally:
            document.close()
    return title, pages


def _reason(error: Exception) -> str:
    """PDFium's reason in a few words: ``data format error``, ``failed to load page``."""
    text = str(error).strip().rstrip(".")
    found = re.search(r"PDFium: ([^)]+)", text)
    reason = found.group(1) if found else text or type(error).__name__
    return reason[:1].lower() + reason[1:]


def _title(document: Any) -> str | None:
    """The Title of the document's metadata, if it has a real one: not the placeholder some
    writers put when they are given none (ReportLab's ``untitled`` and ``(anonymous)``)."""
    title = str(document.get_metadata_value("Title") or "").strip()
    return title if title and title.casefold() not in PLACEHOLDER_TITLES else None


def _read_page(document: Any, index: int, reader: PageReader) -> Page:
    """One page's lines. The page and its text page are opened and closed through the C API:
    pypdfium2's page objects cost a good part of a millisecond a page, for their finalizers."""
    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        raise pdfium.PdfiumError(f"failed to load page {index + 1}")
    try:
        box = pdfium_c.FS_RECTF()
        if not pdfium_c.FPDF_GetPageBoundingBox(page, box):
            raise pdfium.PdfiumError(f"page {index + 1} has no size")
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise pdfium.PdfiumError(f"failed to read the text of page {index + 1}")
        try:
            lines = reader.lines(textpage)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return Page(index + 1, float(box.bottom), float(box.top), lines)
