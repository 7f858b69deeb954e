"""A source file's bytes to a Document and its Passages, with ids that depend only on content."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from corpus.clean import clean
from corpus.decode import decode
from schemas import Document, Passage, SourceInfo

ID_HEX_DIGITS = 16
"""64-bit ids: a collision among a million passages has odds of about 1 in 30 million."""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document ready to be stored: the document and its passages in reading order."""

    document: Document
    passages: tuple[Passage, ...]


def _digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()[:ID_HEX_DIGITS]


def document_id(source_text: str) -> str:
    """Id of a document: a hash of its text with line ends and Unicode normalised.

    The same text saved as UTF-8 or cp1252, with LF or CRLF, gets the same id, so two
    reviewers who import the same file into two databases can merge their work.
    """
    normalised = unicodedata.normalize("NFC", source_text.replace("\r\n", "\n").replace("\r", "\n"))
    return _digest(normalised)


def passage_id(document: str, start: int, text: str) -> str:
    """Id of a passage: a hash of its document, position and text."""
    return _digest(document, str(start), text)


def title_from_path(path: str) -> str:
    """A readable title from a file name, for files no manifest describes."""
    stem = PurePath(path).stem.replace("_", " ").replace("-", " ").strip()
    return " ".join(stem.split()) or path


def parse_text(
    source_text: str, path: str, encoding: str, info: SourceInfo | None = None
) -> ParsedDocument:
    """Clean and segment decoded text into a document and its passages."""
    cleaned = clean(source_text)
    doc_id = document_id(source_text)
    document = Document(
        id=doc_id,
        path=path,
        info=info or SourceInfo(title=title_from_path(path)),
        encoding=encoding,
        layout=cleaned.layout,
        source_text=source_text,
        clean_text=cleaned.text,
        source_map=cleaned.source_map.runs,
    )
    passages = tuple(
        Passage(
            id=passage_id(doc_id, paragraph.start, text),
            document=doc_id,
            seq=seq,
            start=paragraph.start,
            end=paragraph.end,
            kind=paragraph.kind,
            text=text,
        )
        for seq, paragraph in enumerate(cleaned.paragraphs)
        for text in (cleaned.text[paragraph.start : paragraph.end],)
    )
    return ParsedDocument(document, passages)


def parse_bytes(data: bytes, path: str, info: SourceInfo | None = None) -> ParsedDocument:
    """Decode, clean and segment a file's bytes; raises ``DecodeError`` for unusable files."""
    decoded = decode(data)
    return parse_text(decoded.text, path, decoded.encoding, info)
