"""A source file's bytes to a Document and its Passages, with ids that depend only on content."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import PurePath

from corpus.clean import CleanText, Paragraph, clean
from corpus.decision import decision_parts
from corpus.decode import decode
from corpus.lines import INVISIBLE
from corpus.passages import segment
from corpus.readers import BlockKind, Extracted, ReadError
from corpus.readers.formats import read, sniff
from schemas import Document, Layout, Passage, PassageKind, SourceInfo

ID_HEX_DIGITS = 16
"""64-bit ids: a collision among a million passages has odds of about 1 in 30 million."""

_DIGEST_CHUNK = 1 << 20
"""Characters of a text encoded at a time to hash it (``_digest``)."""

_RUNS_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False)
"""Compact JSON of source map runs; pairs of numbers hold no cycle to look for (a third of the
time went to looking)."""

PassageRow = tuple[str, str, int, int, int, str, bytes, str | None, int | None]
"""A passage as plain values: id, document, seq, start, end, kind, its text in UTF-8, its
label and its page."""

TEXT_FORMAT = "text"
"""The format of a document read as plain text (the others: ``corpus.readers.Format``)."""


@dataclass(frozen=True)
class ParsedDocument:
    """A document and its passages in reading order, ready to be stored.

    It holds plain values, the form the store writes and a worker process sends back cheaply:
    the document's fields, with its source map already in JSON, its texts in UTF-8, and the
    passages as columns over the clean text. The models (``document``, ``passages``) are made
    when first read.

    The texts are kept in UTF-8 rather than as ``str``: it is what SQLite stores (a ``str``
    bound to a statement is encoded, and keeps that copy as long as it lives), it takes half
    the room of a ``str`` holding one character beyond Latin-1 (’ « œ …: any French text),
    and pickling it for a worker is a copy, with no encoding or decoding on either side.
    Importing a file of hundreds of megabytes depends on it.
    """

    id: str
    path: str
    info: SourceInfo
    encoding: str
    layout: Layout
    source_utf8: bytes
    """The source text as read (``Document.source_text``), in UTF-8."""
    clean_utf8: bytes
    """The clean text (``Document.clean_text``), in UTF-8."""
    source_map_json: str
    """The source map runs as compact JSON (as the store keeps them): encoding them is a good
    share of writing a document, so the process that parses does it."""
    ids: tuple[str, ...]
    """Each passage's id."""
    starts: tuple[int, ...]
    """Each passage's start offset in the clean text (in characters)."""
    ends: tuple[int, ...]
    """Each passage's end offset in the clean text (in characters)."""
    utf8_starts: tuple[int, ...]
    """Each passage's start in ``clean_utf8`` (in bytes)."""
    utf8_ends: tuple[int, ...]
    """Each passage's end in ``clean_utf8`` (in bytes)."""
    kinds: tuple[PassageKind, ...]
    """Each passage's kind."""
    labels: tuple[str | None, ...]
    """Each passage's label (a decision's ``pt 3``), or None."""
    pages: tuple[int | None, ...]
    """The page each passage starts on (a PDF), or None."""
    format: str
    """``text``, or the format a reader read (``pdf``, ``docx``, ``odt``, ``html``)."""
    original_sha256: str
    """SHA-256 of the file's bytes as they were, so a later import can tell a changed file
    (the id hashes the text: a new extraction of the same PDF may differ)."""
    split_paragraphs: int
    """Paragraphs longer than ``MAX_PASSAGE_CHARS``, each cut into several passages: an import
    says so, as the passages are then not the document's paragraphs."""

    @property
    def passage_count(self) -> int:
        """How many passages the document has."""
        return len(self.ids)

    @property
    def source_text(self) -> str:
        """The source text as read (decoded again on each call)."""
        return self.source_utf8.decode()

    @property
    def clean_text(self) -> str:
        """The clean text (decoded again on each call)."""
        return self.clean_utf8.decode()

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
        return tuple(
            Passage.model_construct(
                id=id_,
                document=document,
                seq=seq,
                start=start,
                end=end,
                kind=PassageKind(kind),
                text=text.decode(),
                label=label,
                page=page,
            )
            for id_, document, seq, start, end, kind, text, label, page in self.passage_rows()
        )

    def passage_rows(self) -> Iterator[PassageRow]:
        """The passages as plain values, kind as its string: what a database row holds.

        Made one at a time, as the store writes them: each holds a copy of its text, and all of
        them at once would be another copy of the clean text in memory.
        """
        document, text = self.id, self.clean_utf8
        columns = zip(
            self.ids,
            self.starts,
            self.ends,
            self.utf8_starts,
            self.utf8_ends,
            self.kinds,
            self.labels,
            self.pages,
            strict=True,
        )
        for seq, (id_, start, end, utf8_start, utf8_end, kind, label, page) in enumerate(columns):
            passage_text = text[utf8_start:utf8_end]
            yield id_, document, seq, start, end, kind.value, passage_text, label, page

    def __getstate__(self) -> dict[str, object]:
        """Pickle the values, not the models ``document`` and ``passages`` may have cached."""
        state = dict(self.__dict__)
        state.pop("document", None)
        state.pop("passages", None)
        return state


def _digest(*parts: str) -> str:
    """Hash of the parts one after the other as UTF-8 (lone surrogates kept), cut to
    ``ID_HEX_DIGITS``.

    A part is encoded ``_DIGEST_CHUNK`` characters at a time: a document's text may be hundreds
    of megabytes, and its whole encoding would be one more copy of it in memory. Encoding each
    character on its own (surrogates too, with ``surrogatepass``) gives the same bytes.
    """
    digest = hashlib.sha256()
    for part in parts:
        for offset in range(0, len(part), _DIGEST_CHUNK):
            digest.update(part[offset : offset + _DIGEST_CHUNK].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:ID_HEX_DIGITS]


def document_id(source_text: str) -> str:
    """Id of a document: a hash of its text with line ends and Unicode normalised.

    The same text saved as UTF-8 or cp1252, with LF or CRLF, gets the same id, so two
    reviewers who import the same file into two databases can merge their work.
    """
    normalised = unicodedata.normalize("NFC", source_text.replace("\r\n", "\n").replace("\r", "\n"))
    return _digest(normalised, "\x00")


def passage_id(document: str, start: int, text: str) -> str:
    """Id of a passage: a hash of its document, position and text (each ended by a NUL)."""
    return _digest(f"{document}\x00{start}\x00", text, "\x00")


def title_from_path(path: str) -> str:
    """A readable title from a file name, for files no manifest describes."""
    stem = PurePath(path).stem.replace("_", " ").replace("-", " ").strip()
    return " ".join(stem.split()) or path


def parse_text(
    source_text: str,
    path: str,
    encoding: str,
    info: SourceInfo | None = None,
    source_utf8: bytes | None = None,
    original_sha256: str | None = None,
) -> ParsedDocument:
    """Clean and segment decoded text into a document and its passages; a paragraph longer
    than ``MAX_PASSAGE_CHARS`` becomes several passages (``corpus.passages``).

    ``source_utf8`` is ``source_text`` in UTF-8 if the caller has it (the bytes of a UTF-8
    file): encoding it again would be one more copy of a big file in memory. The id is
    computed first: normalising a text that needs it makes a copy, better made before the
    clean text exists too. ``original_sha256`` hashes the file's bytes (the text's UTF-8
    when there was no file).
    """
    doc_id = document_id(source_text)
    cleaned = clean(source_text)
    if source_utf8 is None:
        source_utf8 = source_text.encode()
    return _parsed(
        doc_id,
        cleaned,
        cleaned.paragraphs,
        _Origin(path, encoding, TEXT_FORMAT, original_sha256 or _sha256(source_utf8)),
        info or SourceInfo(title=title_from_path(path)),
        source_utf8,
    )


def parse_extracted(
    extracted: Extracted, data: bytes, path: str, info: SourceInfo | None = None
) -> ParsedDocument:
    """A document from the blocks a reader extracted (``corpus.readers``): each block is one
    paragraph whatever its lines look like, keeps its kind (a heading, a note) and its page,
    and the source text is the blocks one after the other, a blank line between two."""
    blocks = [block for block in extracted.blocks if _visible(block.text)]
    if not blocks:
        raise ReadError("no text in this document")
    source_text = "\n\n".join(_block_source(block.text) for block in blocks)
    doc_id = document_id(source_text)
    cleaned = clean(source_text, blocks=True)
    if len(cleaned.paragraphs) != len(blocks):  # each block has visible text: never
        raise ReadError(f"{len(blocks)} blocks read, {len(cleaned.paragraphs)} paragraphs made")
    paragraphs = tuple(
        replace(paragraph, kind=_BLOCK_KINDS[block.kind], page=block.page)
        for paragraph, block in zip(cleaned.paragraphs, blocks, strict=True)
    )
    title = extracted.title or title_from_path(path)
    return _parsed(
        doc_id,
        cleaned,
        paragraphs,
        _Origin(path, extracted.format.value, extracted.format.value, _sha256(data)),
        info or SourceInfo(title=title),
        source_text.encode(),
    )


_BLOCK_KINDS = {
    BlockKind.PARAGRAPH: PassageKind.PARAGRAPH,
    BlockKind.HEADING: PassageKind.HEADING,
    BlockKind.NOTE: PassageKind.NOTE,
}
"""A block's passage kind. The reader knows (a heading style, a bigger font) what the
cleaner can only guess from a short line without a full stop, which a table cell often is."""


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a document's text came from."""

    path: str
    encoding: str
    format: str
    sha256: str


def _parsed(
    doc_id: str,
    cleaned: CleanText,
    paragraphs: tuple[Paragraph, ...],
    origin: _Origin,
    info: SourceInfo,
    source_utf8: bytes,
) -> ParsedDocument:
    """Cut the paragraphs into a decision's parts (``corpus.decision``) and into passages of
    a readable size, and hold it all as plain values."""
    text = cleaned.text
    segmentation = segment(text, decision_parts(text, paragraphs))
    passages = segmentation.passages
    ids, utf8_starts, utf8_ends = _passage_columns(doc_id, text, passages)
    return ParsedDocument(
        id=doc_id,
        path=origin.path,
        info=info,
        encoding=origin.encoding,
        layout=cleaned.layout,
        source_utf8=source_utf8,
        clean_utf8=text.encode(),
        source_map_json=_RUNS_JSON.encode(cleaned.source_map.runs),
        ids=ids,
        starts=tuple(p.start for p in passages),
        ends=tuple(p.end for p in passages),
        utf8_starts=utf8_starts,
        utf8_ends=utf8_ends,
        kinds=tuple(p.kind for p in passages),
        labels=tuple(p.label for p in passages),
        pages=tuple(p.page for p in passages),
        format=origin.format,
        original_sha256=origin.sha256,
        split_paragraphs=segmentation.split_paragraphs,
    )


def _block_source(text: str) -> str:
    """A block's text as one run of lines: no blank line inside (it would end the paragraph)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line for line in lines if line.strip())


def _visible(text: str) -> bool:
    """Whether the text holds a character the clean text keeps (not only blanks and
    invisible characters)."""
    return any(not char.isspace() and char not in INVISIBLE for char in text)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _passage_columns(
    doc_id: str, text: str, passages: tuple[Paragraph, ...]
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """Each passage's id, and its start and end in ``text`` encoded in UTF-8."""
    ids: list[str] = []
    utf8_starts: list[int] = []
    utf8_ends: list[int] = []
    utf8_end = previous_end = 0
    for passage in passages:
        passage_text = text[passage.start : passage.end]
        ids.append(passage_id(doc_id, passage.start, passage_text))
        utf8_starts.append(utf8_end + len(text[previous_end : passage.start].encode()))
        utf8_end = utf8_starts[-1] + len(passage_text.encode())
        utf8_ends.append(utf8_end)
        previous_end = passage.end
    return tuple(ids), tuple(utf8_starts), tuple(utf8_ends)


def parse_bytes(data: bytes, path: str, info: SourceInfo | None = None) -> ParsedDocument:
    """Read, clean and segment a file's bytes, with the reader its content needs (PDF, Word,
    OpenDocument, HTML) or as text; raises ``DecodeError`` or ``ReadError`` for unusable
    files."""
    found = sniff(data)
    if found is not None:
        return parse_extracted(read(data, found), data, path, info)
    decoded = decode(data)
    is_utf8 = decoded.encoding == "utf-8" and not decoded.had_bom
    return parse_text(
        decoded.text, path, decoded.encoding, info, data if is_utf8 else None, _sha256(data)
    )
