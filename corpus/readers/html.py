"""The main text of a saved web page: a decision on Légifrance or conseil-etat.fr, an article on
a law blog, without the navigation, breadcrumbs, cookie banners, sidebars and footers around it.

trafilatura finds the main text, but its output is not the text returned: on a page without
``<article>`` it leaves out headings and lists, it leaves out ``<div>`` text beside ``<p>``
text, a paragraph that repeats the one before, and it makes non-breaking spaces plain. So:

1. trafilatura extracts the main text (fast, precise) from a copy of the page without menus;
2. its lines are found again among the page's blocks; the innermost element holding them
   (widened to the article's ``<h1>``) is the main content;
3. the main content is read block by block, without boilerplate (navigation, banners, hidden
   text, elements whose class says sidebar, cookie...), and a block is kept when trafilatura
   kept it, or when it is not only links, a picture's caption, or a heading over nothing kept.

A page where trafilatura finds nothing is read from its whole body, without boilerplate and
links. Blocks are what a browser lays out as blocks: each paragraph, heading, list item and
table cell one, a ``<br>`` a line break inside it, two ``<br>`` in a row a paragraph break (a
block holds no blank line).
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field

import trafilatura
from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

from corpus.readers import Block, BlockKind, Extracted, Format, ReadError

NO_MAIN_TEXT = "no main text found in this web page"

# trafilatura reports the pages it gives up on with logging.warning: with no handler of the
# application's own, Python would print them on stderr, over the terminal UI. A NullHandler
# silences that fallback and still lets an application that configures logging see them.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

CHARSET_SCAN_BYTES = 32_768
"""How far into the page a ``<meta charset>`` is looked for: browsers look at the first
kilobyte, but saved pages often put a long inline style or script before it."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:+-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>")
_WINDOWS_1252 = str.maketrans(
    {
        byte: bytes([byte]).decode("cp1252")
        for byte in range(0x80, 0xA0)
        if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)
"""Latin-1 text to Windows-1252: what browsers do with a page that says ``iso-8859-1`` (the
bytes 0x80-0x9F are ``’``, ``œ``, ``€``..., not control characters); the five bytes that
Windows-1252 leaves undefined stay what Latin-1 makes them."""
_SINGLE_BYTE_WESTERN = frozenset({"latin_1", "ascii", "cp1252"})
"""The charsets browsers read as Windows-1252."""
_UNUSABLE_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control characters lxml refuses in text, and that no browser shows either."""

_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
"""A ``<noscript>`` and its content, taken out before parsing as a browser running scripts
reads it, as text: parsed as markup, a ``<div>`` it leaves open swallows the rest of the page.
"""
STRIPPED_TAGS = ("script", "style", "noscript", "template")
"""Elements whose text is never page text: code, styles, the no-JavaScript fallback (often a
tracking pixel or 'enable JavaScript'), a template's inert content."""

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

_SKIPPED_TAGS = frozenset(
    [
        "nav",
        "aside",
        "footer",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "label",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "dialog",
        "audio",
        "video",
        "map",
        "rt",
        "rp",
    ]
)
"""Elements that are never the main text: site navigation, sidebars, footers, form controls
(a search box, a cookie banner's buttons), embedded media, ruby annotations (a reading shown
above the text, not in it). Not ``<form>``: ASP.NET pages hold their whole body in one."""
_SKIPPED_ROLES = frozenset(
    [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "toolbar",
        "tablist",
        "dialog",
        "alertdialog",
    ]
)
_WITH_ROLE = etree.XPath("//*[@role]")
_BOILERPLATE_WORDS = frozenset(
    [
        "breadcrumb",
        "breadcrumbs",
        "ariane",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "rgpd",
        "tarteaucitronroot",
        "tarteaucitron",
        "didomi",
        "axeptio",
        "navbar",
        "nav",
        "navigation",
        "menu",
        "sidebar",
        "skiplink",
        "skiplinks",
        "skipnav",
        "evitement",
        "share",
        "sharing",
        "partage",
        "social",
        "follow",
        "newsletter",
        "comments",
        "related",
        "footer",
        "pagination",
        "byline",
        "author",
        "caption",
        "credit",
        "credits",
        "copyright",
        "disclaimer",
        "subscribe",
        "sronly",
        "srtext",
        "visuallyhidden",
    ]
)
"""Words of a class or id that mark boilerplate: ``fil-ariane``, ``cookie-banner``,
``main-nav``, ``sr-only`` (text for screen readers only: "Ouvrir le menu"), a blog's
``comments-area`` (not ``commentaire``: on a law blog, the commentary is the article), its
author's box, a photo's credit. Not ``widget`` (Blogger and Elementor put the post itself in
one), nor a bare ``skip`` (``<main class="skip-main">``)."""
_NEVER_SKIPPED_BY_NAME = frozenset({"html", "body", "main", "article"})
"""Elements whose class says how the page is laid out, not what they are (``<body
class="single-post sidebar-primary">``): their class and id are not read."""
_CLASS_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL_CASE = re.compile(r"([a-z0-9])([A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HTML_BREAKS = re.compile("[\t\n\r\f]")
"""The spaces that HTML collapses besides the plain one, which become plain ones (runs of
them become one when a block ends); a non-breaking space is kept (the cleaner makes it a
space)."""
_SPACES = re.compile(" {2,}")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u200b-\u200f\u2060-\u206f\ufeff]+")

_EXTRACTED_INLINE = frozenset({"hi", "ref", "del", "sub", "sup", "span", "code"})
"""Tags of trafilatura's XML that do not end a line."""

MATCHED_END_CHARS = 20
"""A line of the page and one of trafilatura's that start or end with the same this many
characters (spaces removed) are taken for the same text cut at different places."""

ANCHOR_MIN_CHARS = 12
"""A line trafilatura kept locates the main content only if it is at least this long (without
spaces) and found once in the page: a short line ("Accueil", a date) is often found in the
menus as well."""


@dataclass(frozen=True, slots=True)
class _Kept:
    """The lines trafilatura kept, spaces removed, and how each starts and ends."""

    keys: frozenset[str]
    starts: frozenset[str]
    ends: frozenset[str]

    @classmethod
    def of(cls, keys: Iterable[str]) -> _Kept:
        keys = frozenset(keys)
        long = [key for key in keys if len(key) >= MATCHED_END_CHARS]
        return cls(
            keys,
            frozenset(key[:MATCHED_END_CHARS] for key in long),
            frozenset(key[-MATCHED_END_CHARS:] for key in long),
        )

    def holds(self, key: str) -> bool:
        """Whether trafilatura kept this line of the page: the same line, or one that starts
        or ends the same way (trafilatura cuts lines where a browser does not, around an
        inline ``<code>`` say, and joins some that a browser parts)."""
        return key in self.keys or (
            len(key) >= MATCHED_END_CHARS
            and (key[:MATCHED_END_CHARS] in self.starts or key[-MATCHED_END_CHARS:] in self.ends)
        )

    def any(self, text: str) -> bool:
        """Whether trafilatura kept a line of this block."""
        return any(self.holds(_key(line)) for line in text.split("\n"))


@dataclass(frozen=True, slots=True)
class _Found:
    """A block found in the page, with the element it was read from."""

    text: str
    kind: BlockKind
    element: etree._Element
    linked: bool
    """All its text is the text of links: a menu, a box of related articles."""


@dataclass(slots=True)
class _Walker:
    """Reads the blocks of a part of the page, in document order, as a browser lays them out:
    a block element (a paragraph, a heading, a list item, a table cell) ends the block before
    it and its own; an inline one (a link, emphasis) does not.

    The text of the current block is kept as lines: ``<br>`` starts a new line even when the
    current one is empty, so two in a row leave a blank line, which ends a block.
    """

    skip_boilerplate: bool
    keep: frozenset[etree._Element] = frozenset()
    """Elements never skipped for their class or id: those that hold located main text."""
    found: list[_Found] = field(default_factory=list, init=False)
    _lines: list[str] = field(default_factory=lambda: [""], init=False)
    _owner: etree._Element | None = field(default=None, init=False)
    """The element the current block's first text is in, None while it has no text."""
    _unlinked: bool = field(default=False, init=False)
    """Some of the current block's text is outside links."""
    _heading: int = field(default=0, init=False)
    _link: int = field(default=0, init=False)
    _pre: int = field(default=0, init=False)

    def walk(self, element: etree._Element) -> list[_Found]:
        """The blocks inside ``element``."""
        self._visit(element)
        self._flush()
        return self.found

    def _visit(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self._lines.append("")
            return
        if self.skip_boilerplate and _is_boilerplate(element, self.keep):
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
            self.found.append(_Found(text, kind, self._owner, not self._unlinked))
        self._lines, self._owner, self._unlinked = [""], None, False


def read_html(data: bytes) -> Extracted:
    """The main text of a web page as blocks, and its title.

    ``ReadError`` when the page has no main text (only menus, an empty body) or when a library
    fails on it: a reader's refusal is one line, never a traceback.
    """
    try:
        return _read(data)
    except ReadError:
        raise
    except Exception as error:  # any library's failure on a strange page becomes a refusal
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ReadError(f"unreadable web page ({reason})") from error


def _read(data: bytes) -> Extracted:
    root = _parse(_decode(data))
    body = root.find("body")
    if body is None:
        raise ReadError(NO_MAIN_TEXT)
    blocks = _main_blocks(root, body)
    if not blocks:
        raise ReadError(NO_MAIN_TEXT)
    return Extracted(Format.HTML, tuple(blocks), _title(root))


def _decode(data: bytes) -> str:
    """The page as text: by its byte-order mark, else its declared charset, else UTF-8, else
    Windows-1252 (what a French page without a declaration most likely is)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    declared = _declared_codec(data[:CHARSET_SCAN_BYTES])
    if declared in _SINGLE_BYTE_WESTERN and not _is_utf8_text(data):
        return data.decode("latin-1").translate(_WINDOWS_1252)
    if declared is not None and declared not in _SINGLE_BYTE_WESTERN:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration: read the bytes as if there were none
    if _is_utf8_text(data) or data.isascii():
        return data.decode("utf-8")
    return data.decode("latin-1").translate(_WINDOWS_1252)


def _declared_codec(head: bytes) -> str | None:
    """Python's name for the charset the page declares, if it declares one Python knows.

    A page cannot really be in UTF-16 when its declaration is readable as ASCII: browsers
    read it as UTF-8, and so does this.
    """
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name.startswith(("utf_16", "utf_32")) or name == "utf_8":
        return "utf-8"
    return {"iso8859_1": "latin_1", "windows_1252": "cp1252"}.get(name, name)


def _is_utf8_text(data: bytes) -> bool:
    """Whether non-ASCII bytes are valid UTF-8: then the page is UTF-8 whatever it declares (a
    page re-saved in UTF-8 keeps its old ``iso-8859-1`` meta; French Latin-1 text is almost
    never valid UTF-8 by chance)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse(text: str) -> etree._Element:
    """The page's element tree, without comments, processing instructions, scripts, styles."""
    text = _XML_DECLARATION.sub("", text, count=1)
    text = _NOSCRIPT.sub("", _UNUSABLE_CONTROLS.sub("", text))
    if not text.strip():
        raise ReadError(NO_MAIN_TEXT)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except etree.ParserError as error:  # lxml's "Document is empty": a doctype, a comment
        raise ReadError(NO_MAIN_TEXT) from error
    etree.strip_elements(root, *STRIPPED_TAGS, with_tail=False)
    return root


def _title(root: etree._Element) -> str | None:
    """The ``<title>``, else the ``og:title`` a page shares itself under, spaces collapsed."""
    candidates: list[str] = [
        *(element.text_content() for element in root.iterfind("head/title")),
        *root.xpath("//meta[@property='og:title']/@content"),
    ]
    for candidate in candidates:
        title = " ".join(str(candidate).split())
        if title:
            return title
    return None


def _main_blocks(root: etree._Element, body: etree._Element) -> list[Block]:
    """The blocks of the main content: of the part of the page holding what trafilatura kept,
    read without boilerplate, those that are main text (``_selected``); the whole body's
    non-link text when trafilatura kept nothing."""
    everything = _Walker(skip_boilerplate=False).walk(body)
    kept = _kept_lines(root)
    anchors = _anchors(everything, kept)
    if anchors:
        container = _with_title(_common_ancestor(anchors), root)
        keep = frozenset(_ancestors_of(anchors))
        found = _selected(_Walker(skip_boilerplate=True, keep=keep).walk(container), kept)
    else:
        found = [b for b in _Walker(skip_boilerplate=True).walk(body) if not b.linked]
    return [Block(item.text, item.kind) for item in found]


def _kept_lines(root: etree._Element) -> _Kept:
    """The lines of the main text as trafilatura extracts it, spaces removed (trafilatura
    normalises them its own way).

    Its fast mode, without the readability and jusText comparisons, on the page without what
    is never main text: a page of menus costs trafilatura seconds per megabyte otherwise. A
    page where it finds nothing is read without it (``_main_blocks``).
    """
    document = trafilatura.bare_extraction(
        _without_menus(root),
        fast=True,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_links=False,
        include_images=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return _Kept.of(())
    return _Kept.of(key for line in _extracted_lines(body) if (key := _key(line)))


def _without_menus(root: etree._Element) -> etree._Element:
    """A copy of the page without the elements that are never main text (by tag or role) and
    the lists of links only: menus, which locate nothing (``_anchors`` passes over links) but
    are what trafilatura is slowest on. Found by lxml's own iteration: an XPath predicate
    tried on every element of a large page takes longer than trafilatura saves."""
    copy = deepcopy(root)
    menus = [
        *copy.iter(*_SKIPPED_TAGS),
        *(element for element in _WITH_ROLE(copy) if _role(element) in _SKIPPED_ROLES),
        *(element for element in copy.iter("ul", "ol") if _is_link_list(element)),
    ]
    for element in menus:
        _drop(element)
    return copy


def _is_link_list(element: etree._Element) -> bool:
    """Whether every item of a list is links and nothing else: a menu."""
    items = element.findall("li")
    return bool(items) and all(
        len(item) > 0
        and not (item.text or "").strip()
        and all(child.tag == "a" and not (child.tail or "").strip() for child in item)
        for item in items
    )


def _role(element: etree._Element) -> str:
    return str(element.get("role") or "").strip().lower()


def _drop(element: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _extracted_lines(body: etree._Element) -> list[str]:
    """The lines of trafilatura's XML: each element and ``<lb/>`` ends one, except the inline
    ones left when formatting is off."""
    for element in body.iter():
        if element.tag not in _EXTRACTED_INLINE:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return "".join(body.itertext()).split("\n")


def _anchors(found: list[_Found], kept: _Kept) -> list[etree._Element]:
    """The elements holding a line trafilatura kept, not counting the lines of links only (a
    "skip to content" link is what trafilatura keeps of a page of menus): the long lines found
    once in the page, or, on a page with no such line, every line found."""
    counts: dict[str, int] = {}
    for item in found:
        for key in {_key(line) for line in item.text.split("\n")}:
            counts[key] = counts.get(key, 0) + 1
    matches = [
        (item.element, key)
        for item in found
        if not item.linked
        for key in (_key(line) for line in item.text.split("\n"))
        if kept.holds(key)
    ]
    strong = [
        element for element, key in matches if counts[key] == 1 and len(key) >= ANCHOR_MIN_CHARS
    ]
    return strong or [element for element, _ in matches]


def _selected(found: list[_Found], kept: _Kept) -> list[_Found]:
    """The blocks of the main content that are main text: those trafilatura kept, and those it
    did not keep unless they are only links (a box of related articles, tags), a picture's
    caption, or a heading over nothing else kept (its box's title).

    Not only what trafilatura kept: it leaves out the text of ``<div>``s on a page that also
    has ``<p>``s, and a paragraph that is mostly a link (a decision's "Vu le code ...")."""
    selected: list[_Found] = []
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


def _is_boilerplate(element: etree._Element, keep: frozenset[etree._Element]) -> bool:
    """Whether an element is never main text: by its tag, its ARIA role, being hidden, or,
    unless it holds located main text, the words of its class and id."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED_TAGS or (tag == "header" and _is_page_header(element)):
        return True
    if _role(element) in _SKIPPED_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    if element in keep or tag in _NEVER_SKIPPED_BY_NAME or _role(element) == "main":
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    words = set(_CLASS_WORDS.findall(_CAMEL_CASE.sub(r"\1 \2", names).lower()))  # "fr", "nav"
    words |= {name.replace("-", "").replace("_", "") for name in names.lower().split()}  # "sronly"
    return not words.isdisjoint(_BOILERPLATE_WORDS) and not _holds_landmark(element)


def _holds_landmark(element: etree._Element) -> bool:
    """Whether the page's title or main part is inside: then a class such as ``sidebar-right``
    says how the page is laid out (a content column beside a sidebar), not what it is."""
    return next(element.iterdescendants("h1", "main", "article"), None) is not None


def _is_page_header(element: etree._Element) -> bool:
    """A ``<header>`` outside any article or section is the site's banner; inside one, it is
    that article's own header (its title, its date)."""
    return not any(
        ancestor.tag in ("article", "main", "section") or ancestor.get("role") == "main"
        for ancestor in element.iterancestors()
    )


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


def _key(text: str) -> str:
    """Text without spaces or invisible characters, composed: how a line of trafilatura's and
    one of the page are compared (trafilatura drops soft hyphens and normalises Unicode)."""
    key = "".join(text.split())
    if not key.isprintable():  # rare: a soft hyphen, a zero-width space
        key = _INVISIBLE.sub("", key)
    return key if unicodedata.is_normalized("NFC", key) else unicodedata.normalize("NFC", key)
