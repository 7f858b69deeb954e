"""A part of the page read into blocks as a browser lays it out: each paragraph, heading, list
item and table cell one, a ``<br>`` a line break inside it, two ``<br>`` in a row a paragraph
break; with the element each block was read from, and whether it is only links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]

from corpus.readers import BlockKind
from corpus.readers.html.boilerplate import is_boilerplate

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "plaintext",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "xmp",
    ]
)
"""Tags that start and end a block, as in a browser; any other tag is inline."""
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PREFORMATTED = frozenset({"pre", "listing", "plaintext", "xmp", "textarea"})

_HTML_BREAKS = re.compile("[\t\n\r\f]")
"""The spaces that HTML collapses besides the plain one, which become plain ones (runs of
them become one when a block ends); a non-breaking space is kept (the cleaner makes it a
space)."""
_SPACES = re.compile(" {2,}")


@dataclass(frozen=True, slots=True)
class Found:
    """A block found in the page, with the element it was read from."""

    text: str
    kind: BlockKind
    element: etree._Element
    linked: bool
    """All its text is the text of links: a menu, a box of related articles."""


@dataclass(slots=True)
class Walker:
    """Reads the blocks of a part of the page, in document order, as a browser lays them out:
    a block element (a paragraph, a heading, a list item, a table cell) ends the block before
    it and its own; an inline one (a link, emphasis) does not.

    The text of the current block is kept as lines: ``<br>`` starts a new line even when the
    current one is empty, so two in a row leave a blank line, which ends a block.
    """

    skip_boilerplate: bool
    keep: frozenset[etree._Element] = frozenset()
    """Elements never skipped for their class or id: those that hold located main text."""
    found: list[Found] = field(default_factory=list, init=False)
    _lines: list[str] = field(default_factory=lambda: [""], init=False)
    _owner: etree._Element | None = field(default=None, init=False)
    """The element the current block's first text is in, None while it has no text."""
    _unlinked: bool = field(default=False, init=False)
    """Some of the current block's text is outside links."""
    _heading: int = field(default=0, init=False)
    _link: int = field(default=0, init=False)
    _pre: int = field(default=0, init=False)

    def walk(self, element: etree._Element) -> list[Found]:
        """The blocks inside ``element``."""
        self._visit(element)
        self._flush()
        return self.found

    def _visit(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self._lines.append("")
            return
        if self.skip_boilerplate and is_boilerplate(element, self.keep):
            return
        block = tag in _BLOCK_TAGS
        if block:
            self._flush()
        self._enter(tag, 1)
        self._text(element.text, element)
        for child in element:
            self._visit(child)
            self._text(child.tail, element)
        if block:
            self._flush()  # before leaving: a heading's text is flushed as a heading
        self._enter(tag, -1)

    def _enter(self, tag: str, step: int) -> None:
        """Count the headings, links and preformatted elements the walk is inside."""
        self._heading += step * (tag in _HEADINGS)
        self._link += step * (tag == "a")
        self._pre += step * (tag in _PREFORMATTED)

    def _text(self, text: str | None, owner: etree._Element) -> None:
        if not text:
            return
        if self._pre:
            first, *rest = text.replace("\r\n", "\n").split("\n")
            self._lines[-1] += first
            self._lines.extend(rest)
        elif text.isspace():
            self._lines[-1] += " "
        elif text.isprintable():  # no line break nor tab: the usual piece of text
            self._lines[-1] += text
        else:
            self._lines[-1] += _HTML_BREAKS.sub(" ", text)
        if not text.isspace():
            self._owner = self._owner if self._owner is not None else owner
            self._unlinked = self._unlinked or not self._link

    def _flush(self) -> None:
        """End the current block: its lines, cut where a blank line is, become blocks."""
        if self._owner is None:  # only spaces since the last block
            self._lines = [""]
            return
        kind = BlockKind.HEADING if self._heading else BlockKind.PARAGRAPH
        for text in _paragraphs(self._lines):
            self.found.append(Found(text, kind, self._owner, not self._unlinked))
        self._lines, self._owner, self._unlinked = [""], None, False


def _paragraphs(lines: list[str]) -> Iterator[str]:
    """The blocks in a run of lines: lines trimmed and spaces collapsed, cut at blank lines."""
    paragraph: list[str] = []
    for raw in [*lines, ""]:
        line = (_SPACES.sub(" ", raw) if "  " in raw else raw).strip()
        if line:
            paragraph.append(line)
        elif paragraph:
            yield "\n".join(paragraph)
            paragraph = []
