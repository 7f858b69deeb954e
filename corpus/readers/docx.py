"""Word documents (.docx): the body's paragraphs, headings, table cells and notes, in order.

python-docx opens the package, but its ``Document.paragraphs`` and ``tables`` lose the order
in which paragraphs and tables alternate, and it has no footnotes at all; so the body is read
from its XML, element by element, as Word lays it out:

- each non-empty paragraph is one block, a heading when its style (or its own outline level)
  says so; a soft line break inside it is a ``\\n``, a tab a ``\\t``;
- a paragraph Word numbers (a numbered list, a style such as ``List Number``) starts with the
  number Word shows (``3.``), counted as Word counts (``docx_numbering``): a decision's points
  keep their numbers, bullets are left out;
- a table is read row by row, cell by cell, each paragraph of a cell a block (nested tables
  likewise); a text box's paragraphs follow the paragraph it is anchored in;
- a footnote or endnote becomes one ``NOTE`` block right after the paragraph that calls it (its
  mark is dropped from that paragraph), so a note is read next to what it comments rather than
  pages away; a note that nothing calls comes at the end, so no text is lost;
- what Word does not show as the body's text is left out: headers and footers (parts of their
  own), deleted revisions, field codes (``PAGE``, ``HYPERLINK "..."``: their result is kept),
  comments, and the separator "notes".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from corpus.readers import Block, BlockKind, Extracted, Format, ReadError
from corpus.readers.docx_numbering import Numbering, inherited

Element = Any
"""An lxml element of the document's XML (lxml has no type stubs)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: a password-protected .docx, or an old binary .doc."""

ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
"""The stream an encrypted Office document keeps its (encrypted) package in."""

_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P = qn("w:p")
_TEXT = frozenset({qn("w:t"), f"{_MATH}t"})
"""Elements holding text as Word shows it (``w:delText``, ``w:instrText`` are not shown)."""

_CHARACTERS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "",
}
"""Run elements that stand for one character. Every ``w:br`` is a ``\\n``: a page or column
break inside a paragraph still separates two words, and one at its start or end is stripped."""

_NOTE_REFERENCES = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}

_BLOCK_WRAPPERS = frozenset(
    qn(f"w:{name}")
    for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "moveTo")
)
"""Elements between a body and its paragraphs: tables, rows, cells, content controls, inserted
revisions. Anything else at that level (section properties, deleted revisions) has no text."""

_INLINE_WRAPPERS = frozenset(
    qn(f"w:{name}")
    for name in (
        "r", "hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple",
        "sdt", "sdtContent", "dir", "bdo", "ruby", "rubyBase",
    )
)  # fmt: skip
"""Elements of a paragraph whose text is the paragraph's (not ``w:del``, ``w:moveFrom``)."""

_GRAPHICS = frozenset({qn("w:drawing"), qn("w:pict"), qn("w:object"), f"{_MC}AlternateContent"})
"""Elements of a run that may hold a text box: its paragraphs are blocks of their own."""

_HEADING_NAME = re.compile(r"heading [1-9]|title")
"""Word's own names for heading styles, in English whatever the language of its menus."""

_BODY_TEXT_LEVEL = 9
"""The outline level of body text; 0 to 8 are the levels of headings."""


def read_docx(data: bytes) -> Extracted:
    """The blocks of a Word document's body; ``ReadError`` when it cannot be read."""
    _refuse_compound(data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        if body is None:
            raise ReadError("damaged or truncated Word document (its body is missing)")
        reader = _Reader(_notes(document), _heading_styles(document), Numbering.of(document))
        blocks = tuple(reader.read(body))
        title = _title(document)
    except ReadError:
        raise
    except Exception as error:  # python-docx, zipfile and lxml raise many kinds of errors
        damaged = f"damaged or truncated Word document ({_reason(error)})"
        raise ReadError(_other_word_package(data) or damaged) from error
    if not any(block.text.strip() for block in blocks):
        raise ReadError("no text in this document")
    return Extracted(Format.DOCX, blocks, title)


def _refuse_compound(data: bytes) -> None:
    """Word saves a password-protected .docx, and an old .doc, as an OLE compound file, not a
    ZIP: python-docx would only say "not a zip file", which does not tell the user what to do.
    """
    if not data.startswith(OLE_MAGIC):
        return
    if ENCRYPTED_STREAM in data:
        raise ReadError("encrypted Word document: remove its password in Word, then import it")
    raise ReadError("a Word 97-2003 document (.doc), not .docx: save it as .docx in Word")


def _other_word_package(data: bytes) -> str | None:
    """What to do with a Word package python-docx does not open, though Word saved it: a
    template or macro-enabled document (.dotx, .docm), or a Strict Open XML one; None for
    anything else (a damaged file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            rels = archive.read("_rels/.rels")
    except Exception:  # a damaged archive: the caller says so
        return None
    if b"purl.oclc.org/ooxml" in rels:
        return "a Strict Open XML document: save it in Word as an ordinary Word document (.docx)"
    if b"macroEnabled" in types or b"wordprocessingml.template.main+xml" in types:
        return "a Word template or macro-enabled document: save it as a Word document (.docx)"
    return None


def _reason(error: Exception) -> str:
    """What went wrong, on one line, without the in-memory file python-docx names, nor control
    characters (a terminal would act on them)."""
    if isinstance(error, zipfile.BadZipFile):
        return "not a complete ZIP archive"
    message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    if missing := re.fullmatch(r"There is no item named '(.+)' in the archive", message):
        message = f"{missing[1]} is missing"
    elif "is not a Word file" in message:  # that message names the file: not repeated
        message = "its main part is not a Word document"
    elif isinstance(error, SyntaxError):  # lxml's XMLSyntaxError, which names no part
        message = "XML error: " + re.sub(r" \(<string>, line \d+\)$", "", message)
    printable = "".join(char if char.isprintable() else " " for char in message)
    return " ".join(printable.split())[:200] or type(error).__name__


def _title(document: Document) -> str | None:
    """The title in the core properties: python-docx makes up "Word Document" when the file
    has no core properties part, so it is only asked when the file has one."""
    package = document.part.package
    if not any(rel.reltype == RT.CORE_PROPERTIES for rel in package.rels.values()):
        return None
    title = " ".join((document.core_properties.title or "").split())
    return title or None


def _notes(document: Document) -> dict[tuple[str, str], Element]:
    """The footnotes and endnotes by kind and id, from their parts' XML (python-docx keeps
    those parts as bytes). Separators and continuation notices are layout, not notes."""
    notes: dict[tuple[str, str], Element] = {}
    for rel in document.part.rels.values():
        kind = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.iterchildren(qn(f"w:{kind}")):
            if note.get(qn("w:type"), "normal") == "normal":
                notes[(kind, note.get(qn("w:id"), ""))] = note
    return notes


def _heading_styles(document: Document) -> frozenset[str | None]:
    """The ids of the paragraph styles that make a heading (None: paragraphs without a style,
    when the default style is one). A style is one by its name (``heading 1``..``heading 9``,
    ``Title``), by its outline level, or by the style it is based on."""
    own: dict[str, bool | None] = {}
    based_on: dict[str, str] = {}
    default: str | None = None
    for style in document.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        style_id = style.get(qn("w:styleId"), "")
        own[style_id] = _style_says_heading(style)
        if (parent := _value(style, "w:basedOn")) is not None:
            based_on[style_id] = parent
        if style.get(qn("w:default")) in {"1", "true", "on"}:
            default = style_id
    headings: set[str | None] = {style_id for style_id in own if inherited(style_id, own, based_on)}
    if default in headings:
        headings.add(None)
    return frozenset(headings)


def _style_says_heading(style: Element) -> bool | None:
    """Whether a style itself makes a heading; None when it leaves that to its base style."""
    name = _value(style, "w:name")
    if name is not None and _HEADING_NAME.fullmatch(name.strip().lower()):
        return True
    return _outline_heading(style.find(qn("w:pPr")))


def _outline_heading(properties: Element | None) -> bool | None:
    """What paragraph properties' outline level says: a heading (0-8), body text (9), or
    nothing (no level, or one that is not a number)."""
    if properties is None:
        return None
    level = _value(properties, "w:outlineLvl")
    if level is None or not level.strip().isdigit():
        return None
    return int(level) < _BODY_TEXT_LEVEL


def _value(element: Element, child: str) -> str | None:
    """The ``w:val`` of a child such as ``w:pStyle``, if it is there."""
    found = element.find(qn(child))
    return None if found is None else found.get(qn("w:val"))


@dataclass
class _Inline:
    """What a paragraph holds: its text in pieces, the notes it calls, its text boxes."""

    pieces: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    boxes: list[Element] = field(default_factory=list)


@dataclass
class _Reader:
    """Walks a body: knows the notes to place after the paragraphs calling them, and which
    styles are headings."""

    notes: dict[tuple[str, str], Element]
    headings: frozenset[str | None]
    numbering: Numbering
    placed: set[tuple[str, str]] = field(default_factory=set)

    def read(self, body: Element) -> Iterator[Block]:
        """The body's blocks, then the notes nothing called."""
        yield from self.blocks(body)
        for key in list(self.notes):
            yield from self.note(key)

    def blocks(self, container: Element) -> Iterator[Block]:
        """The blocks of a body, cell, note or text box, in document order."""
        for child in container:
            if child.tag == _P:
                yield from self.paragraph(child)
            elif child.tag in _BLOCK_WRAPPERS:
                yield from self.blocks(child)

    def paragraph(self, paragraph: Element) -> Iterator[Block]:
        """The paragraph as one block, then the notes it calls, then its text boxes."""
        inline = _Inline()
        _gather(paragraph, inline)
        text = "".join(inline.pieces).strip()
        properties = paragraph.find(qn("w:pPr"))
        style = None if properties is None else _value(properties, "w:pStyle")
        number = self.numbering.label(properties, style)  # counted even if the text is empty
        if text and number:
            text = f"{number} {text}"
        if text:
            kind = BlockKind.HEADING if self.is_heading(paragraph) else BlockKind.PARAGRAPH
            yield Block(text, kind)
        for key in inline.notes:
            yield from self.note(key)
        for box in inline.boxes:
            yield from self.blocks(box)

    def note(self, key: tuple[str, str]) -> Iterator[Block]:
        """A note as one block, its paragraphs a line apart; once only, even if called twice
        (marked placed first, so a note that calls itself ends)."""
        if key in self.placed or key not in self.notes:
            return
        self.placed.add(key)
        text = "\n".join(block.text for block in self.blocks(self.notes[key])).strip()
        if text:
            yield Block(text, BlockKind.NOTE)

    def is_heading(self, paragraph: Element) -> bool:
        """A heading by the paragraph's own outline level, or else by its style."""
        properties = paragraph.find(qn("w:pPr"))
        own = _outline_heading(properties)
        if own is not None:
            return own
        style = None if properties is None else _value(properties, "w:pStyle")
        return style in self.headings


def _gather(element: Element, inline: _Inline) -> None:
    """Collect the text Word shows for a paragraph (or a part of it): runs' text, tabs and
    breaks; note references and text boxes are set aside; field codes, deleted text and
    anything else is skipped."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            continue
        if tag in _TEXT:
            inline.pieces.append(child.text or "")
        elif tag in _CHARACTERS:
            inline.pieces.append(_CHARACTERS[tag])
        elif tag in _NOTE_REFERENCES:
            inline.notes.append((_NOTE_REFERENCES[tag], child.get(qn("w:id"), "")))
        elif tag == qn("w:sym"):
            inline.pieces.append(_symbol(child.get(qn("w:char"), "")))
        elif tag in _GRAPHICS:
            inline.boxes.extend(_text_boxes(child))
        elif tag in _INLINE_WRAPPERS or tag.startswith(_MATH):
            _gather(child, inline)


def _symbol(code: str) -> str:
    """A ``w:sym`` character: kept when it is a Unicode character, dropped when it is a glyph
    of a symbol font (the private-use F0xx codes), which has no meaning as text."""
    try:
        char = int(code, 16)
    except ValueError:
        return ""
    return "" if 0xE000 <= char <= 0xF8FF or not 0 < char < 0x110000 else chr(char)


def _text_boxes(element: Element) -> Iterator[Element]:
    """The text boxes in a drawing, outermost only; a drawing saved twice (a modern shape and
    its VML fallback, in ``mc:AlternateContent``) is read once."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag == f"{_MC}Fallback":
            continue
        if child.tag == qn("w:txbxContent"):
            yield child
        else:
            yield from _text_boxes(child)
