"""Readers of documents that are not plain text: PDF, Word (DOCX), OpenDocument (ODT), HTML.

Each reader turns a file's bytes into ``Extracted``: the blocks of the document's body in
reading order (paragraphs, headings, footnotes, table cells), each with the page it starts on
when the format has pages. The blocks are what the format itself says a paragraph is, so the
cleaner does not have to guess where paragraphs end (``corpus.document.parse_extracted``).
Pure, no database. The format is told by content (``sniff``), never by the file's name alone.

A reader refuses what it cannot read with ``ReadError``, whose message is one line that says
what is wrong and, where there is one, what to do ("no text layer: run OCR first").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Format(StrEnum):
    """The formats a reader exists for (plain text has none: ``corpus.decode`` reads it)."""

    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"
    HTML = "html"


class BlockKind(StrEnum):
    """What a block of a document is."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    NOTE = "note"
    """A footnote or endnote, taken out of the body where it was called."""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, table cell or note, as extracted."""

    text: str
    """Its text; a line break inside it (``<br>``, a soft line break, a line of a PDF
    paragraph) is a ``\\n``, which the clean text makes a space."""
    kind: BlockKind = BlockKind.PARAGRAPH
    page: int | None = None
    """The page it starts on, from 1 (PDF); None for formats without pages."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """The body of a document as a reader found it."""

    format: Format
    blocks: tuple[Block, ...]
    title: str | None = None
    """The document's own title (PDF or DOCX metadata, HTML ``<title>``), if it has one."""


class ReadError(Exception):
    """A file this reader cannot read; the message is one line, without the file's name."""
