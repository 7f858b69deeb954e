"""A source file's bytes to a Document and its Passages, with ids that depend only on content."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath

from corpus.clean import clean
from corpus.decode import decode
from schemas import Document, Layout, Passage, PassageKind, SourceInfo

ID_HEX_DIGITS = 16
"""64-bit ids: a collision among a million passages has odds of about 1 in 30 million."""

_RUNS_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False)
"""Compact JSON of source map runs; pairs of numbers hold no cycle to look for (a third of the
time went to looking)."""

PassageRow = tuple[str, str, int, int, int, str, str]
"""A passage as plain values: id, document, seq, start, end, kind and text."""


@dataclass(frozen=True)
class ParsedDocument:
    """A document and its passages in reading order, ready to be stored.

    It holds plain values, the form the store writes and a worker process sends back cheaply:
    the document's fields, with its source map already in JSON, and the passages as columns
    over the clean text. The models (``document``, ``passages``) are made when first read.
    """

    id: str
    path: str
    info: SourceInfo
    encoding: str
    layout: Layout
    source_text: str
    clean_text: str
    source_map_json: str
    """The source map runs as compact JSON (as the store keeps them): encoding them is a good
    share of writing a document, so the process that parses does it."""
    ids: tuple[str, ...]
    """Each passage's id."""
    starts: tuple[int, ...]
    """Each passage's start offset in ``clean_text``."""
    ends: tuple[int, ...]
    """Each passage's end offset in ``clean_text``."""
    kinds: tuple[PassageKind, ...]
    """Each passage's kind."""

    @property
    def passage_count(self) -> int:
        """How many passages the document has."""
        return len(self.ids)

    @cached_property
    def document(self) -> Document:
        """The document as a model. Its values have the declared types by construction, so it
        skips validation."""
        return Document.model_construct(
            id=self.id,
            path=self.path,
            info=self.info,
            encoding=self.encoding,
            layout=self.layout,
            source_text=self.source_text,
            clean_text=self.clean_text,
            source_map=tuple((clean, source) for clean, source in json.loads(self.source_map_json)),
        )

    @cached_property
    def passages(self) -> tuple[Passage, ...]:
        """The passages as models, in reading order.

        Their offsets and texts agree by construction (each text is the clean slice), so they
        skip validation too.
        """
        document, text = self.id, self.clean_text
        return tuple(
            Passage.model_construct(
                id=id_,
                document=document,
                seq=seq,
                start=start,
                end=end,
                kind=kind,
                text=text[start:end],
            )
            for seq, (id_, start, end, kind) in enumerate(self._columns())
        )

    def passage_rows(self) -> list[PassageRow]:
        """The passages as plain values, kind as its string: what a database row holds."""
        document, text = self.id, self.clean_text
        return [
            (id_, document, seq, start, end, kind.value, text[start:end])
            for seq, (id_, start, end, kind) in enumerate(self._columns())
        ]

    def _columns(self) -> zip[tuple[str, int, int, PassageKind]]:
        return zip(self.ids, self.starts, self.ends, self.kinds, strict=True)

    def __getstate__(self) -> dict[str, object]:
        """Pickle the values, not the models ``document`` and ``passages`` may have cached."""
        state = dict(self.__dict__)
        state.pop("document", None)
        state.pop("passages", None)
        return state


def _digest(text: str) -> str:
    """Hash of ``text`` as UTF-8 (lone surrogates kept), cut to ``ID_HEX_DIGITS``."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:ID_HEX_DIGITS]


def document_id(source_text: str) -> str:
    """Id of a document: a hash of its text with line ends and Unicode normalised.

    The same text saved as UTF-8 or cp1252, with LF or CRLF, gets the same id, so two
    reviewers who import the same file into two databases can merge their work.
    """
    normalised = unicodedata.normalize("NFC", source_text.replace("\r\n", "\n").replace("\r", "\n"))
    return _digest(f"{normalised}\x00")


def passage_id(document: str, start: int, text: str) -> str:
    """Id of a passage: a hash of its document, position and text (each ended by a NUL)."""
    return _digest(f"{document}\x00{start}\x00{text}\x00")


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
    text = cleaned.text
    paragraphs = cleaned.paragraphs
    return ParsedDocument(
        id=doc_id,
        path=path,
        info=info or SourceInfo(title=title_from_path(path)),
        encoding=encoding,
        layout=cleaned.layout,
        source_text=source_text,
        clean_text=text,
        source_map_json=_RUNS_JSON.encode(cleaned.source_map.runs),
        ids=tuple(passage_id(doc_id, p.start, text[p.start : p.end]) for p in paragraphs),
        starts=tuple(p.start for p in paragraphs),
        ends=tuple(p.end for p in paragraphs),
        kinds=tuple(p.kind for p in paragraphs),
    )


def parse_bytes(data: bytes, path: str, info: SourceInfo | None = None) -> ParsedDocument:
    """Decode, clean and segment a file's bytes; raises ``DecodeError`` for unusable files."""
    decoded = decode(data)
    return parse_text(decoded.text, path, decoded.encoding, info)
