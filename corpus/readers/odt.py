"""OpenDocument texts (.odt): the body's paragraphs, headings, table cells and notes, in order.

odfpy builds the element tree and the body is walked element by element, as a word processor
lays it out:

- each non-empty ``text:p`` is one block, each ``text:h`` a heading (and a ``text:p`` in the
  Title style, or in a style with an outline level); a ``text:line-break`` inside it is a
  ``\\n``, a ``text:tab`` a ``\\t``, a ``text:s`` its count of spaces;
- lists, sections and tables (row by row, cell by cell, nested ones too) are walked for their
  paragraphs, each a block; a frame's text box follows the paragraph it is anchored in;
- a footnote or endnote (``text:note``) becomes one ``NOTE`` block right after the paragraph
  that calls it, its citation number dropped, so a note is read next to what it comments;
- what is not the body's text is left out: headers and footers (in ``styles.xml``), deleted
  tracked changes, comments, hidden sections, the cached numbers of list items.

The parts are parsed with odfpy's own ``LoadParser`` rather than ``odf.opendocument.load``,
which prints a part it fails to parse to standard output and goes on with what it got: a
damaged file must be refused, and nothing may be printed under the terminal interface.
(odfpy's ``teletype`` module is not used: its licence is the GPL alone.)
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.sax import SAXParseException, handler

import defusedxml.sax  # type: ignore[import-untyped]
from defusedxml import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from odf.element import Node
from odf.load import LoadParser
from odf.namespaces import DCNS, DRAWNS, OFFICENS, STYLENS, TEXTNS
from odf.opendocument import OpenDocument

from corpus.readers import Block, BlockKind, Extracted, Format, ReadError

Element = Any
"""An odfpy element or text node (odfpy has no type hints)."""

TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"
"""The mimetype of a text, and the start of a template's or master document's."""

MAX_SPACES = 100
"""The most spaces one ``text:s`` stands for: its count is the file's word, and a damaged or
hostile one must not make a string of a billion spaces."""

_P = (TEXTNS, "p")
_H = (TEXTNS, "h")
_NOTE_BODY = (TEXTNS, "note-body")
_CHARACTERS = {(TEXTNS, "tab"): "\t", (TEXTNS, "line-break"): "\n"}

_SKIPPED_BLOCKS = frozenset(
    {
        (TEXTNS, "tracked-changes"),  # the text of deletions, among others
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "variable-decls"),
        (TEXTNS, "user-field-decls"),
        (TEXTNS, "dde-connection-decls"),
        (OFFICENS, "forms"),
        (OFFICENS, "annotation"),
    }
)
"""Elements between the body and its paragraphs that hold no text of the body."""

_SKIPPED_INLINE = frozenset(
    {
        (OFFICENS, "annotation"),  # a comment, with its author and date
        (TEXTNS, "number"),  # a list item's number as last rendered: a cache, maybe stale
        (TEXTNS, "ruby-text"),  # the reading above a word, not the word
    }
)
"""Elements of a paragraph whose text is not the paragraph's."""

_PARTS = ("content.xml", "styles.xml", "meta.xml")

_BLANKS = re.compile(r"[ \t\r\n]+")
"""The blanks ODF collapses in text (not the non-breaking spaces French typography uses)."""


def read_odt(data: bytes) -> Extracted:
    """The blocks of an OpenDocument text's body; ``ReadError`` when it cannot be read."""
    try:
        parts = _parts(data)
        content = _parse(parts["content.xml"], "content.xml")
        styles = _parse(parts["styles.xml"], "styles.xml") if "styles.xml" in parts else None
        meta = _parse(parts["meta.xml"], "meta.xml") if "meta.xml" in parts else None
        reader = _Reader(_heading_styles(content, styles))
        blocks = tuple(reader.blocks(_office_text(content)))
        title = None if meta is None else _title(meta)
    except ReadError:
        raise
    except Exception as error:  # zipfile, the SAX parser and odfpy raise many kinds of errors
        raise ReadError(f"damaged or truncated OpenDocument text ({_reason(error)})") from error
    if not any(block.text.strip() for block in blocks):
        raise ReadError("no text in this document")
    return Extracted(Format.ODT, blocks, title)


def _reason(error: Exception) -> str:
    """What went wrong, on one line."""
    if isinstance(error, zipfile.BadZipFile):
        return "not a complete ZIP archive"
    if isinstance(error, DTDForbidden | EntitiesForbidden | ExternalReferenceForbidden):
        return "its XML declares entities, which an OpenDocument file never needs"
    return _one_line(str(error)) or type(error).__name__


def _one_line(text: str) -> str:
    """Text from a file or a library, made fit for a one-line message: no control characters
    (a terminal would act on them), blanks collapsed, cut at 200 characters."""
    printable = "".join(char if char.isprintable() else " " for char in text)
    return " ".join(printable.split())[:200]


def _parts(data: bytes) -> dict[str, bytes]:
    """The XML parts read here, after checking the archive is an unencrypted text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise ValueError("content.xml is missing")
        if "mimetype" in names:
            mimetype = archive.read("mimetype").decode("ascii", "replace")
            if not mimetype.startswith(TEXT_MIMETYPE):
                raise ReadError(f"an OpenDocument file but not a text ({_one_line(mimetype)})")
        if "META-INF/manifest.xml" in names and _encrypted(archive.read("META-INF/manifest.xml")):
            raise ReadError("encrypted OpenDocument text: remove its password, then import it")
        return {name: archive.read(name) for name in _PARTS if name in names}


def _encrypted(manifest: bytes) -> bool:
    """Whether the manifest describes encrypted parts: their bytes would only read as a
    damaged file, which is not what the user needs to hear."""
    return b"encryption-data" in manifest


def _parse(xml: bytes, name: str) -> Any:
    """One XML part as an odfpy document; a syntax error is raised, not printed and passed
    over. The parser refuses entity declarations and external entities (defusedxml)."""
    document = OpenDocument(TEXT_MIMETYPE, add_generator=False)
    document._parsing = name  # LoadParser asks which part it is in (styles.xml is special)
    parser = defusedxml.sax.make_parser()
    parser.setFeature(handler.feature_namespaces, True)
    parser.setFeature(handler.feature_external_ges, False)
    parser.setContentHandler(LoadParser(document))
    parser.setErrorHandler(handler.ErrorHandler())
    try:
        parser.parse(io.BytesIO(xml))
    except SAXParseException as error:
        where = f"line {error.getLineNumber()}, column {error.getColumnNumber()}"
        raise ValueError(f"{name}, {where}: {error.getMessage()}") from error
    return document


def _office_text(content: Any) -> Element:
    """The ``office:text`` element of a parsed content.xml."""
    for child in content.body.childNodes:
        if _is_element(child) and child.qname == (OFFICENS, "text"):
            return child
    raise ValueError("its content.xml has no office:text body")


def _title(meta: Any) -> str | None:
    """``dc:title`` from meta.xml, on one line; None when absent or blank."""
    for child in meta.meta.childNodes:
        if _is_element(child) and child.qname == (DCNS, "title"):
            return " ".join(_plain_text(child).split()) or None
    return None


def _plain_text(element: Element) -> str:
    """All the text nodes under an element, joined."""
    if element.nodeType == Node.TEXT_NODE:
        return str(element.data)
    return "".join(_plain_text(child) for child in element.childNodes)


def _is_element(node: Element) -> bool:
    return bool(node.nodeType == Node.ELEMENT_NODE)


def _heading_styles(content: Any, styles: Any | None) -> frozenset[str]:
    """The paragraph styles that make a ``text:p`` a heading: the Title style, a style with an
    outline level, and the styles based on one of them (a paragraph's style is usually an
    automatic one, ``P1``, based on the style the user chose)."""
    own: dict[str, bool] = {}
    parents: dict[str, str] = {}
    containers = [content.automaticstyles]
    if styles is not None:
        containers.insert(0, styles.styles)
    for container in containers:  # content.xml's automatic styles come last: they win
        for style in container.childNodes:
            if not _is_element(style) or style.qname != (STYLENS, "style"):
                continue
            if style.attributes.get((STYLENS, "family")) != "paragraph":
                continue
            name = str(style.attributes.get((STYLENS, "name"), ""))
            own[name] = _style_says_heading(style)
            parents[name] = str(style.attributes.get((STYLENS, "parent-style-name"), ""))
    return frozenset(name for name in own if _inherited(name, own, parents))


def _style_says_heading(style: Element) -> bool:
    """Whether a style is LibreOffice's Title, or has an outline level of its own."""
    if style.attributes.get((STYLENS, "name")) == "Title":
        return True
    level = str(style.attributes.get((STYLENS, "default-outline-level"), "")).strip()
    return level.isdigit() and int(level) > 0


def _inherited(name: str, own: dict[str, bool], parents: dict[str, str]) -> bool:
    """Follow the parent styles until one is a heading (a loop in a damaged file says no)."""
    seen: set[str] = set()
    current = name
    while current and current not in seen:
        seen.add(current)
        if own.get(current):
            return True
        current = parents.get(current, "")
    return False


@dataclass
class _Inline:
    """What a paragraph holds: its text in pieces, the notes it calls, its frames.

    Spaces in the XML's text collapse as ODF says (a run of blanks is one space, none at the
    start of the paragraph), across elements too; ``text:s``, tabs and line breaks are kept.
    """

    pieces: list[str] = field(default_factory=list)
    notes: list[Element] = field(default_factory=list)
    frames: list[Element] = field(default_factory=list)
    after_space: bool = True

    def raw(self, text: str) -> None:
        """Text as written in the XML."""
        collapsed = _BLANKS.sub(" ", text)
        if self.after_space:
            collapsed = collapsed.removeprefix(" ")
        if collapsed:
            self.pieces.append(collapsed)
            self.after_space = collapsed.endswith(" ")

    def literal(self, text: str) -> None:
        """Text an element stands for: spaces, a tab, a line break."""
        self.pieces.append(text)
        self.after_space = False


@dataclass
class _Reader:
    """Walks a body, knowing which paragraph styles are headings."""

    headings: frozenset[str]

    def blocks(self, container: Element) -> Iterator[Block]:
        """The blocks of a body, list, section, table, cell, note or frame, in order."""
        for child in container.childNodes:
            if not _is_element(child):
                continue
            if child.qname == _H:
                yield from self.paragraph(child, BlockKind.HEADING)
            elif child.qname == _P:
                style = child.attributes.get((TEXTNS, "style-name"))
                heading = style in self.headings
                yield from self.paragraph(child, BlockKind.HEADING if heading else None)
            elif child.qname not in _SKIPPED_BLOCKS and not _hidden(child):
                yield from self.blocks(child)

    def paragraph(self, paragraph: Element, kind: BlockKind | None) -> Iterator[Block]:
        """The paragraph as one block, then the notes it calls, then its frames' text."""
        inline = _Inline()
        _gather(paragraph, inline)
        text = "".join(inline.pieces).strip()
        if text:
            yield Block(text, kind or BlockKind.PARAGRAPH)
        for note in inline.notes:
            yield from self.note(note)
        for frame in inline.frames:
            yield from self.blocks(frame)

    def note(self, note: Element) -> Iterator[Block]:
        """A note's body as one block, its paragraphs a line apart."""
        bodies = [child for child in note.childNodes if _is_element(child)]
        texts = [
            block.text for body in bodies if body.qname == _NOTE_BODY for block in self.blocks(body)
        ]
        text = "\n".join(texts).strip()
        if text:
            yield Block(text, BlockKind.NOTE)


def _hidden(element: Element) -> bool:
    """A section the user hid: it is not shown, so it is not read."""
    return bool(
        element.qname == (TEXTNS, "section")
        and element.attributes.get((TEXTNS, "display")) == "none"
    )


def _gather(element: Element, inline: _Inline) -> None:
    """Collect the text a paragraph (or a part of it) shows; notes and frames are set aside,
    comments and cached list numbers skipped; spans, links and fields give their text."""
    for child in element.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            inline.raw(str(child.data))
        elif not _is_element(child) or child.qname in _SKIPPED_INLINE:
            continue
        elif child.qname == (TEXTNS, "s"):
            inline.literal(" " * _spaces(child.attributes.get((TEXTNS, "c"))))
        elif child.qname in _CHARACTERS:
            inline.literal(_CHARACTERS[child.qname])
        elif child.qname == (TEXTNS, "note"):
            inline.notes.append(child)
        elif child.qname[0] == DRAWNS:
            inline.frames.append(child)
        else:
            _gather(child, inline)


def _spaces(count: object) -> int:
    """How many spaces a ``text:s`` stands for: one unless its count says more."""
    try:
        return max(1, min(int(str(count)), MAX_SPACES))
    except ValueError:
        return 1
