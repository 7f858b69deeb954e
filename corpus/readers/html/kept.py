"""The main text of the page as trafilatura extracts it, as lines; and how a line of the page
is matched to one of them."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import trafilatura
from lxml import etree  # type: ignore[import-untyped]

from corpus.readers.html.boilerplate import without_menus

# trafilatura reports the pages it gives up on with logging.warning: with no handler of the
# application's own, Python would print them on stderr, over the terminal UI. A NullHandler
# silences that fallback and still lets an application that configures logging see them.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u200b-\u200f\u2060-\u206f\ufeff]+")

_EXTRACTED_INLINE = frozenset({"hi", "ref", "del", "sub", "sup", "span", "code"})
"""Tags of trafilatura's XML that do not end a line."""

MATCHED_END_CHARS = 20
"""A line of the page and one of trafilatura's that start or end with the same this many
characters (spaces removed) are taken for the same text cut at different places."""


@dataclass(frozen=True, slots=True)
class Kept:
    """The lines trafilatura kept, spaces removed, and how each starts and ends."""

    keys: frozenset[str]
    starts: frozenset[str]
    ends: frozenset[str]

    @classmethod
    def of(cls, keys: Iterable[str]) -> Kept:
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
        return any(self.holds(line_key(line)) for line in text.split("\n"))


def kept_lines(root: etree._Element) -> Kept:
    """The lines of the main text as trafilatura extracts it, spaces removed (trafilatura
    normalises them its own way).

    Its fast mode, without the readability and jusText comparisons, on the page without what
    is never main text: a page of menus costs trafilatura seconds per megabyte otherwise. A
    page where it finds nothing is read without it (``main_content.main_blocks``).
    """
    document = trafilatura.bare_extraction(
        without_menus(root),
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
        return Kept.of(())
    return Kept.of(key for line in _extracted_lines(body) if (key := line_key(line)))


def _extracted_lines(body: etree._Element) -> list[str]:
    """The lines of trafilatura's XML: each element and ``<lb/>`` ends one, except the inline
    ones left when formatting is off."""
    for element in body.iter():
        if element.tag not in _EXTRACTED_INLINE:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return "".join(body.itertext()).split("\n")


def line_key(text: str) -> str:
    """Text without spaces or invisible characters, composed: how a line of trafilatura's and
    one of the page are compared (trafilatura drops soft hyphens and normalises Unicode)."""
    key = "".join(text.split())
    if not key.isprintable():  # rare: a soft hyphen, a zero-width space
        key = _INVISIBLE.sub("", key)
    return key if unicodedata.is_normalized("NFC", key) else unicodedata.normalize("NFC", key)
