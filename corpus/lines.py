"""Splitting source text into content lines, and the shape facts the layout rules read.

A content line is a line with something other than whitespace on it; the blank lines and page
breaks between two content lines are summarised in a ``Gap``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_SENTENCE_END = re.compile(r"[.!?…][\s\"'»”’)\]]*$")
_HEADING_BAD_END = re.compile(r"[.,;:!?\-–(]\s*$")
_BULLET = re.compile(r"^(?:[-–—•*▪◦]\s|\(?\d{1,3}[.)]\s|\(?[a-z][)]\s|[IVXLC]{1,5}[.)]\s)")
_URL_END = re.compile(r"(?:https?://|www\.)\S+$")
_URL_START = re.compile(r"^(?:https?://|www\.)")
_URL_CONTINUATION = re.compile(r"^[\w\-./?=&%#~+:;@]*[\d./?=&%#_~][\w\-./?=&%#~+:;@]*(?:\s|$)")

INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")
"""Characters with no width that PDF extraction leaves (soft hyphen, zero-width spaces)."""
_VISIBLE = re.compile(r"[^\s\u00ad\u200b\u2060\ufeff]")

HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 10


def looks_like_heading(text: str, width: int) -> bool:
    """Short, capitalised, no sentence punctuation: a title such as 'Résumé'.

    ``text`` has no leading or trailing whitespace; ``width`` is its collapsed length.
    """
    return (
        width <= HEADING_MAX_CHARS
        and (text[0].isupper() or text[0].isdigit())
        and _HEADING_BAD_END.search(text) is None
        and ". " not in text
        and len(text.split()) <= HEADING_MAX_WORDS
    )


@dataclass(slots=True)
class Line:
    """A line holding text: where its content sits in the source, and its shape."""

    start: int
    """Source offset of the first non-space character."""
    end: int
    """Source offset one past the last non-space character."""
    text: str
    """The content, as in the source (inner whitespace not yet collapsed)."""
    width: int = field(init=False)
    """Length with inner whitespace runs collapsed to one space, the width the layout saw."""

    def __post_init__(self) -> None:
        self.width = (
            len(self.text)
            if "  " not in self.text and "\t" not in self.text
            else len(" ".join(self.text.split()))
        )

    @property
    def ends_sentence(self) -> bool:
        """Ends with . ! ? or …, perhaps followed by closing quotes or brackets."""
        return _SENTENCE_END.search(self.text) is not None

    @property
    def starts_lower(self) -> bool:
        """Starts with a lowercase letter (not a list item 'a) ...'): a sentence going on."""
        return self.text[0].islower() and not self.is_bullet

    @property
    def starts_upper(self) -> bool:
        """Starts like a new sentence or heading: capital, digit or opening quote."""
        first = self.text[0]
        return first.isupper() or first.isdigit() or first in "«“\"'‘([§"

    @property
    def first_word_width(self) -> int:
        """Width of the first word, which would have fitted on the line before if short."""
        space = self.text.find(" ")
        return len(self.text) if space < 0 else space

    @property
    def looks_like_heading(self) -> bool:
        """Short, capitalised, no sentence punctuation: a title such as 'Résumé'."""
        return looks_like_heading(self.text, self.width)

    @property
    def is_bullet(self) -> bool:
        """Starts a list item."""
        return _BULLET.match(self.text) is not None

    @property
    def ends_with_url(self) -> bool:
        """Its last word is a URL, which may go on on the next line."""
        return _URL_END.search(self.text) is not None

    @property
    def starts_with_url(self) -> bool:
        """Its first word is a URL."""
        return _URL_START.match(self.text) is not None

    @property
    def continues_url(self) -> bool:
        """Its first word looks like the rest of a URL (path characters, a dot or a digit)."""
        return _URL_CONTINUATION.match(self.text) is not None

    @property
    def ends_with_word_hyphen(self) -> bool:
        """Ends with a letter and a hyphen: a compound or a word cut at the line end."""
        text = self.text
        return len(text) > 1 and text[-1] in "-\u00ad" and text[-2].isalpha()


@dataclass(frozen=True, slots=True)
class Gap:
    """What separates two consecutive content lines."""

    blank_lines: int
    """Number of blank (or whitespace-only) lines in between."""
    page_break: bool
    """A form feed stands in between."""

    @property
    def is_blank(self) -> bool:
        """At least one blank line. A bare page break is not one: it falls anywhere."""
        return self.blank_lines > 0


def scan(source: str) -> tuple[list[Line], list[Gap]]:
    """Content lines of ``source`` with their offsets, and the gaps between them."""
    lines: list[Line] = []
    gaps: list[Gap] = []
    blank = 0
    page_break = False
    position = 0
    for match in _LINE_BREAK.finditer(source + "\n"):
        raw = source[position : match.start()]
        stripped = raw.strip()
        if stripped and stripped[0] in INVISIBLE and not _VISIBLE.search(stripped):
            stripped = ""  # a line of zero-width characters and spaces is blank
        form_feed = match.group() == "\f"
        if stripped:
            if lines:
                gaps.append(Gap(blank, page_break))
            lead = raw.index(stripped)
            lines.append(Line(position + lead, position + lead + len(stripped), stripped))
            blank, page_break = 0, False
        elif lines and not form_feed:  # a form feed ends a page; it is no blank line
            blank += 1
        page_break = page_break or form_feed
        position = match.end()
    return lines, gaps
