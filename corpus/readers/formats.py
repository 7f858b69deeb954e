"""Which reader a file needs, told by its content; and running it.

The readers are imported when first needed: a PDF or web-page library takes a good part of a
second to import, which a command that reads no such file should not pay.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from importlib import import_module

from corpus.readers import Extracted, Format, ReadError

SNIFF_BYTES = 4096
"""How much of a file's start is looked at to tell an HTML page from text."""

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

READERS: dict[Format, tuple[str, str]] = {
    Format.PDF: ("corpus.readers.pdf", "read_pdf"),
    Format.DOCX: ("corpus.readers.docx", "read_docx"),
    Format.ODT: ("corpus.readers.odt", "read_odt"),
    Format.HTML: ("corpus.readers.html", "read_html"),
}
"""The module and function reading each format."""

SUFFIXES: dict[str, Format] = {
    ".pdf": Format.PDF,
    ".docx": Format.DOCX,
    ".odt": Format.ODT,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
}
"""The file names that claim a format (a file whose content says otherwise is refused)."""


def sniff(data: bytes) -> Format | None:
    """The format the bytes are in, or None for anything else (text, or a format we lack).

    A PDF starts with ``%PDF-`` (some writers put a little junk before it); DOCX and ODT are
    ZIP archives told apart by what they hold; an HTML page starts, after any byte-order mark
    and blank space, with a doctype, ``<html`` or a comment or tag followed by ``<html`` or
    ``<body`` in its first few kilobytes: a text file that merely mentions ``<p>`` stays text.
    """
    head = data[:SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        return _zipped(data)
    text = _ascii_head(head)
    if text.startswith(("<!doctype html", "<html")) or (
        text.startswith("<") and ("<html" in text or "<body" in text)
    ):
        return Format.HTML
    return None


def describe(data: bytes) -> str:
    """What a file is, in a few words, for a refusal: ``a PDF``, ``plain text``..."""
    found = sniff(data)
    if found is not None:
        return {
            Format.PDF: "a PDF",
            Format.DOCX: "a Word document",
            Format.ODT: "an OpenDocument text",
            Format.HTML: "an HTML page",
        }[found]
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    return "plain text" if b"\x00" not in data[:SNIFF_BYTES] else "binary data"


def read(data: bytes, format: Format) -> Extracted:
    """Run the reader of ``format``; ``ReadError`` says in one line why it could not."""
    module, name = READERS[format]
    reader: Callable[[bytes], Extracted] = getattr(import_module(module), name)
    return reader(data)


def _zipped(data: bytes) -> Format | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return Format.DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return Format.ODT
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as error:
        raise ReadError(f"a damaged or truncated ZIP archive ({error})") from error
    return None


def _ascii_head(head: bytes) -> str:
    """The start of the file as lower-case ASCII, without a BOM or leading blank space (an
    HTML page in UTF-16 has its tags every other byte: dropping the zeros reads them)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[2:].replace(b"\x00", b"")
    return head.removeprefix(b"\xef\xbb\xbf").decode("ascii", "ignore").lstrip().lower()
