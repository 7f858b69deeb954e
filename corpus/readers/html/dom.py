"""The page's element tree, as lxml parses its text, without what is never page text
(comments, scripts, styles, ``<noscript>``, templates, characters lxml refuses); and the title
its head gives."""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

from corpus.readers import ReadError

NO_MAIN_TEXT = "no main text found in this web page"

_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>")
_UNUSABLE_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control characters lxml refuses in text, and that no browser shows either."""

_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
"""A ``<noscript>`` and its content, taken out before parsing as a browser running scripts
reads it, as text: parsed as markup, a ``<div>`` it leaves open swallows the rest of the page.
"""
STRIPPED_TAGS = ("script", "style", "noscript", "template")
"""Elements whose text is never page text: code, styles, the no-JavaScript fallback (often a
tracking pixel or 'enable JavaScript'), a template's inert content."""


def parse(text: str) -> etree._Element:
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


def page_title(root: etree._Element) -> str | None:
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
