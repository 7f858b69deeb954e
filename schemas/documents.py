"""Documents and passages: the text side of the data contract.

A document keeps the text exactly as decoded (``source_text``) and the cleaned text the
passages cut (``clean_text``); every offset in the project is a Python ``str`` index
(a code point), so ``clean_text[p.start:p.end] == p.text`` for every passage ``p``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class PassageKind(StrEnum):
    """What a passage is, so a heading can be shown and exported apart from prose."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    NOTE = "note"
    """A footnote or endnote of a PDF, Word or OpenDocument file, out of the body's flow."""


class Layout(StrEnum):
    """How a source file lays its lines out; the cleaner decides this per file."""

    SPACED = "spaced"
    """PDF extraction with a blank line after every line (the seeds)."""
    BLOCKS = "blocks"
    """Hard-wrapped lines, paragraphs separated by blank lines."""
    WRAPPED = "wrapped"
    """Hard-wrapped lines with no blank lines at all (plain PDF extraction)."""
    LINES = "lines"
    """One paragraph per line."""
    EXTRACTED = "extracted"
    """Paragraphs as a PDF, Word, OpenDocument or HTML file gives them (``corpus.readers``)."""


class _SourceFacts(BaseModel):
    """What a manifest entry and a document's ``SourceInfo`` both say about a text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(description="Human title; the file name when nothing better is known.")
    languages: tuple[str, ...] = Field(
        default=(), description="BCP 47 language tags of the text, main language first."
    )
    kind: str | None = Field(
        default=None, description="Genre, e.g. 'press article' or 'case-law commentary'."
    )
    source_url: str | None = Field(default=None, description="Where the text was published.")
    date: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="Publication date as ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).",
    )
    note: str | None = Field(default=None, description="What a reader should know about the text.")


class SourceInfo(_SourceFacts):
    """Bibliographic facts about a document, from a manifest or from the file itself."""

    key: str | None = Field(
        default=None,
        min_length=1,
        description="The document's stable key, shared by all its versions (a manifest "
        "entry's ``id``): a text whose key names a document already imported is stored as its "
        "next version. None: a new document, its own key (its id).",
    )


class ManifestEntry(_SourceFacts):
    """One document of a folder's ``manifest.toml``."""

    file: str = Field(min_length=1, description="File name, relative to the manifest's folder.")
    id: str | None = Field(
        default=None,
        min_length=1,
        description="A stable id of the document, kept when its text changes: importing a file "
        "whose id names a document already imported makes it that document's next version.",
    )


class Manifest(BaseModel):
    """A folder's ``manifest.toml``: facts about the files a folder holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: tuple[ManifestEntry, ...] = Field(default=(), description="One entry per file.")

    @field_validator("documents")
    @classmethod
    def _ids_are_unique(cls, documents: tuple[ManifestEntry, ...]) -> tuple[ManifestEntry, ...]:
        """One id, one document: two files of one id would each replace the other."""
        ids = [entry.id for entry in documents if entry.id is not None]
        twice = sorted({found for found in ids if ids.count(found) > 1})
        if twice:
            raise ValueError(f"id {twice[0]!r} is given to more than one file")
        return documents

    def info_for(self, file_name: str) -> SourceInfo | None:
        """The facts about one file, its ``id`` as their key, if the manifest lists it."""
        for entry in self.documents:
            if entry.file == file_name:
                facts = entry.model_dump(exclude={"file", "id"})
                return SourceInfo.model_validate({**facts, "key": entry.id})
        return None


class Passage(BaseModel):
    """A paragraph or heading of a document's clean text, or a part of a paragraph too long
    for one passage (``corpus.MAX_PASSAGE_CHARS``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable id derived from the document id, offset and text.")
    document: str = Field(description="Id of the document the passage belongs to.")
    seq: int = Field(ge=0, description="Position in reading order, from 0.")
    start: int = Field(ge=0, description="Offset of the first character in the clean text.")
    end: int = Field(ge=0, description="Offset one past the last character in the clean text.")
    kind: PassageKind = Field(
        default=PassageKind.PARAGRAPH, description="Paragraph, heading or note."
    )
    text: str = Field(min_length=1, description="The passage text, equal to the clean slice.")
    label: str | None = Field(
        default=None,
        description="How the passage is cited: a decision's point ('pt 3'), considérant "
        "('cons. 2') or article ('art. 1').",
    )
    page: int | None = Field(
        default=None, ge=1, description="The page the passage starts on (PDF), from 1."
    )

    @model_validator(mode="after")
    def _offsets_match_text(self) -> Passage:
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"offsets {self.start}:{self.end} span {self.end - self.start} characters "
                f"but the text has {len(self.text)}"
            )
        return self


class Document(BaseModel):
    """A source file turned into clean text, with where every clean character came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(
        description="Content hash of the normalised source text (stable across databases)."
    )
    path: str = Field(description="File name the document was imported from.")
    info: SourceInfo = Field(description="Title, languages, kind, source URL and date.")
    encoding: str = Field(description="Encoding the bytes were decoded with, e.g. 'utf-8'.")
    layout: Layout = Field(description="Line layout the cleaner recognised.")
    source_text: str = Field(description="The decoded text exactly as read (BOM removed).")
    clean_text: str = Field(description="Reflowed text; passages are slices of it.")
    source_map: tuple[tuple[int, int], ...] = Field(
        description=(
            "Runs (clean_offset, source_offset): from each clean offset up to the next run, "
            "clean characters map one to one onto source characters from source_offset."
        )
    )
