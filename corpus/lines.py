"""Splitting source text into content lines, and the shape facts the layout rules read.

A content line is a line with something visible on it; whether a blank line (or only
whitespace, a page break, zero-width characters) stands between two content lines is what
the layout rules need to know of the gap between them.

A big file has hundreds of thousands of lines, so the lines are kept column by column (one list
per fact, see ``Lines``) rather than as one object each, and every shape test tries a cheap
look at the first or last character before it runs a regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import add

_SENTENCE_END = re.compile(r"[.!?…][\s\"'»”’)\]]*$")
_SENTENCE_STOPS = frozenset(".!?…")
_CLOSERS = frozenset("\"'»”’)]")
"""What may follow the final stop of a sentence (besides whitespace, which a line never ends
with): a line ending otherwise ends no sentence, and needs no regular expression to say so."""
_HEADING_BAD_END = re.compile(r"[.,;:!?\-–(]\s*$")
_BULLET = re.compile(r"^(?:[-–—•*▪◦]\s|\(?\d{1,3}[.)]\s|\(?[a-z][)]\s|[IVXLC]{1,5}[.)]\s)")
_BULLET_FIRSTS = frozenset("-–—•*▪◦(IVXLC")
"""First characters of a list item, besides a digit or 'a)': other lines skip ``_BULLET``."""
_URL_END = re.compile(r"(?:https?://|www\.)\S+$")
_URL_START = re.compile(r"^(?:https?://|www\.)")
_URL_CONTINUATION = re.compile(r"^[\w\-./?=&%#~+:;@]*[\d./?=&%#_~][\w\-./?=&%#~+:;@]*(?:\s|$)")
_UPPER_MARKS = frozenset("«“\"'‘([§")
_WORD_HYPHENS = frozenset("-\u00ad")

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


def collapsed_width(text: str) -> int:
    """Length with inner whitespace runs collapsed to one space, the width the layout saw."""
    if "  " not in text and "\t" not in text:
        return len(text)
    return len(" ".join(text.split()))


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? or …, perhaps followed by closing quotes or brackets."""
    last = text[-1]
    if last in _SENTENCE_STOPS:
        return True
    return last in _CLOSERS and _SENTENCE_END.search(text) is not None


def is_bullet(text: str) -> bool:
    """Starts a list item."""
    first = text[0]
    if first in _BULLET_FIRSTS or first.isdecimal() or ("a" <= first <= "z" and text[1:2] == ")"):
        return _BULLET.match(text) is not None
    return False


def starts_upper(text: str) -> bool:
    """Starts like a new sentence or heading: capital, digit or opening quote."""
    first = text[0]
    return first.isupper() or first.isdigit() or first in _UPPER_MARKS


def first_word_width(text: str) -> int:
    """Width of the first word, which would have fitted on the line before if short."""
    space = text.find(" ")
    return len(text) if space < 0 else space


def ends_with_url(text: str) -> bool:
    """Its last word is a URL, which may go on on the next line."""
    return ("//" in text or "www." in text) and _URL_END.search(text) is not None


def starts_with_url(text: str) -> bool:
    """Its first word is a URL."""
    return _URL_START.match(text) is not None


def continues_url(text: str) -> bool:
    """Its first word looks like the rest of a URL (path characters, a dot or a digit)."""
    return _URL_CONTINUATION.match(text) is not None


def ends_with_word_hyphen(text: str) -> bool:
    """Ends with a letter and a hyphen: a compound or a word cut at the line end."""
    return len(text) > 1 and text[-1] in _WORD_HYPHENS and text[-2].isalpha()


@dataclass(frozen=True, slots=True)
class Lines:
    """The content lines of a source text, one list per fact, all indexed by line number.

    Gap ``i`` is what stands between line ``i`` and line ``i + 1``.
    """

    starts: list[int]
    """Source offset of each line's first non-space character."""
    ends: list[int]
    """Source offset one past each line's last non-space character."""
    texts: list[str]
    """Each line's content, as in the source (inner whitespace not yet collapsed)."""
    blank_gaps: list[bool]
    """Whether a blank line stands in each gap. A bare page break is no blank: it falls
    anywhere."""
    widths: list[int]
    """``collapsed_width`` of each line."""
    sentence_ends: list[bool]
    """``ends_sentence`` of each line: every rule asks it."""
    lower_starts: list[bool]
    """Each line starts with a lowercase letter (not a list item 'a) ...'): a sentence going
    on."""
    bullets: list[bool]
    """``is_bullet`` of each line."""
    plain_ends: list[bool]
    """Each line ends on an ordinary word: no sentence end, no hyphen after a letter, no URL.
    Most lines do, and a wrap after one joins with a space unless a paragraph starts on it or
    a list item after it."""

    def __len__(self) -> int:
        return len(self.texts)

    def looks_like_heading(self, index: int) -> bool:
        """Line ``index`` is short, capitalised, with no sentence punctuation."""
        return looks_like_heading(self.texts[index], self.widths[index])


def scan(source: str) -> Lines:
    """Content lines of ``source`` with their offsets and shape, and whether a blank line
    stands between each two.

    Lines end where ``str.splitlines`` ends them: at CR, LF, CRLF, form feed, vertical tab,
    the file/group/record separators, NEL and the Unicode line and paragraph separators.
    """
    starts: list[int] = []
    texts: list[str] = []
    blank_gaps: list[bool] = []
    blank = False
    position = 0
    for raw in source.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped and (stripped[0] not in INVISIBLE or _VISIBLE.search(stripped)):
            if texts:
                blank_gaps.append(blank)
            starts.append(position + len(raw) - len(raw.lstrip()))
            texts.append(stripped)
            blank = False
        elif raw[-1] != "\f":  # a form feed ends a page; it is no blank line
            blank = True  # a line of spaces and zero-width characters is blank too
        position += len(raw)
    return _shaped(source, starts, texts, blank_gaps)


def _shaped(source: str, starts: list[int], texts: list[str], blank_gaps: list[bool]) -> Lines:
    """The lines with the facts every rule reads, each computed once per line.

    Each test tries the cheap look at a character that settles most lines inline, in a
    comprehension, before it calls the function that decides: a function call per line and per
    fact cost as much as the tests. A search of the whole ``source`` settles the facts no line
    of most files has (a double space or tab, a URL) at once.
    """
    stops, closers = _SENTENCE_STOPS, _CLOSERS
    sentence_ends = [
        text[-1] in stops or (text[-1] in closers and ends_sentence(text)) for text in texts
    ]
    bullets = [
        (text[0] in _BULLET_FIRSTS or text[0].isdecimal() or text[1:2] == ")") and is_bullet(text)
        for text in texts
    ]
    if "  " in source or "\t" in source:
        widths = [collapsed_width(text) for text in texts]
    else:
        widths = list(map(len, texts))
    plain_ends = [
        not sentence_end and not (text[-1] in _WORD_HYPHENS and ends_with_word_hyphen(text))
        for text, sentence_end in zip(texts, sentence_ends, strict=True)
    ]
    if "//" in source or "www." in source:
        plain_ends = [
            plain and not ends_with_url(text) for text, plain in zip(texts, plain_ends, strict=True)
        ]
    return Lines(
        starts=starts,
        ends=list(map(add, starts, map(len, texts))),
        texts=texts,
        blank_gaps=blank_gaps,
        widths=widths,
        sentence_ends=sentence_ends,
        lower_starts=[
            text[0].islower() and not bullet for text, bullet in zip(texts, bullets, strict=True)
        ],
        bullets=bullets,
        plain_ends=plain_ends,
    )
