"""Which blocks of the page are its main content: the part of the page holding the lines
trafilatura kept (found again among the page's blocks), and which of that part's blocks are
main text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree  # type: ignore[import-untyped]

from corpus.readers import Block, BlockKind
from corpus.readers.html.blocks import Found, Walker
from corpus.readers.html.kept import Kept, kept_lines, line_key

ANCHOR_MIN_CHARS = 12
"""A line trafilatura kept locates the main content only if it is at least this long (without
spaces) and found once in the page: a short line ("Accueil", a date) is often found in the
menus as well."""


def main_blocks(root: etree._Element, body: etree._Element) -> list[Block]:
    """The blocks of the main content: of the part of the page holding what trafilatura kept,
    read without boilerplate, those that are main text (``_selected``); the whole body's
    non-link text when trafilatura kept nothing."""
    everything = Walker(skip_boilerplate=False).walk(body)
    kept = kept_lines(root)
    anchors = _anchors(everything, kept)
    if anchors:
        container = _with_title(_common_ancestor(anchors), root)
        keep = frozenset(_ancestors_of(anchors))
        found = _selected(Walker(skip_boilerplate=True, keep=keep).walk(container), kept)
    else:
        found = [b for b in Walker(skip_boilerplate=True).walk(body) if not b.linked]
    return [Block(item.text, item.kind) for item in found]


def _anchors(found: list[Found], kept: Kept) -> list[etree._Element]:
    """The elements holding a line trafilatura kept, not counting the lines of links only (a
    "skip to content" link is what trafilatura keeps of a page of menus): the long lines found
    once in the page, or, on a page with no such line, every line found."""
    counts: dict[str, int] = {}
    for item in found:
        for key in {line_key(line) for line in item.text.split("\n")}:
            counts[key] = counts.get(key, 0) + 1
    matches = [
        (item.element, key)
        for item in found
        if not item.linked
        for key in (line_key(line) for line in item.text.split("\n"))
        if kept.holds(key)
    ]
    strong = [
        element for element, key in matches if counts[key] == 1 and len(key) >= ANCHOR_MIN_CHARS
    ]
    return strong or [element for element, _ in matches]


def _selected(found: list[Found], kept: Kept) -> list[Found]:
    """The blocks of the main content that are main text: those trafilatura kept, and those it
    did not keep unless they are only links (a box of related articles, tags), a picture's
    caption, or a heading over nothing else kept (its box's title).

    Not only what trafilatura kept: it leaves out the text of ``<div>``s on a page that also
    has ``<p>``s, and a paragraph that is mostly a link (a decision's "Vu le code ...")."""
    selected: list[Found] = []
    text_follows = False  # whether the next block that is not a heading is selected
    for item in reversed(found):
        if kept.any(item.text):
            chosen = True
        elif item.kind is BlockKind.HEADING:
            chosen = text_follows
        else:
            chosen = not item.linked and not _in_figure(item.element)
        if item.kind is not BlockKind.HEADING:
            text_follows = chosen
        if chosen:
            selected.append(item)
    selected.reverse()
    return selected


def _in_figure(element: etree._Element) -> bool:
    return any(
        ancestor.tag in ("figure", "figcaption") for ancestor in (element, *element.iterancestors())
    )


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The innermost element holding all ``elements``."""
    chain = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        ancestors = {element, *element.iterancestors()}
        while chain[0] not in ancestors:
            chain.pop(0)
    return chain[0]


def _with_title(container: etree._Element, root: etree._Element) -> etree._Element:
    """The container widened to the first ``<h1>`` that sits in the same part of the page (an
    article whose title trafilatura left out), passing over those that only ``<body>`` holds
    with it (a site's name set as ``<h1>`` in its header)."""
    for heading in root.iter("h1"):
        if not heading.text_content().strip():
            continue
        if container in {heading, *heading.iterancestors()}:
            return container
        common = _common_ancestor([container, heading])
        if common.tag not in ("body", "html"):
            return common
    return container


def _ancestors_of(elements: Iterable[etree._Element]) -> Iterator[etree._Element]:
    for element in elements:
        yield element
        yield from element.iterancestors()
