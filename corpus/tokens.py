"""Words, punctuation marks and sentence ends of a text, as character offsets.

Token formats (CoNLL) write one token per line, yet a span read back from them must land on
the same characters as the annotation it came from. So tokens are found by offsets in the
text, never by splitting and rejoining it: a token is ``text[start:end]``, holds no
whitespace (a line of a token format cannot), and every character that is not whitespace
belongs to exactly one token.
"""

from __future__ import annotations

import re
from bisect import bisect_left

TOKEN = re.compile(r"\w+|[^\w\s]")
"""A run of letters and digits, or one character that is neither (punctuation, symbols)."""

_STOP = "[.!?…]"
"""A mark that ends a sentence."""
_CLOSING = r"[\"'»”’)\]]*"
"""The closing quotes and brackets a sentence's final mark may have after it."""

SENTENCE = re.compile(rf"[^.!?…]+(?:{_STOP}+{_CLOSING}|$)")
"""A sentence as the annotation UI selects it (the ``s`` key): text up to ``. ! ? …``,
closing quotes and brackets included, so the exports and the UI cut sentences alike."""

_SENTENCE_BREAK = re.compile(rf"{_STOP}(?<!{_STOP}{{2}}){_STOP}*{_CLOSING}(?=\s+(\S))")
"""A ``SENTENCE`` stop followed by whitespace; group 1 is the next visible character. A stop
is matched from its first mark only (the look behind it), so a run of dots (a table of
contents) is read once; the look comes after that mark so the search skips to marks fast."""

_SENTENCE_OPENERS = frozenset("«“\"'‘([§")
"""What may start a sentence besides a capital or a digit."""

_ABBREVIATION_WORDS = """
art al cf not préc spéc op cit loc ibid pp vol chap ch éd ed dir coll
ass sect req concl obs rec leb cons jur cass civ crim com soc adm trib bull jcp
mm mme mlle dr pr me st ste sté
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
"""Words of legal and academic French that take a full stop without ending a sentence
("l'art. L. 5121-12", "CE, ass., 1er juin 2016, req. n° 12345"), lowercased; a single letter
(an initial, "M.", the "L." or "R." of a code article) does not end one either."""

_WORD_BEFORE = re.compile(r"(?<!\w)\w+\Z")
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))

Span = tuple[int, int]


def token_spans(text: str) -> list[Span]:
    """``(start, end)`` of each token of ``text``, in order."""
    return [match.span() for match in TOKEN.finditer(text)]


def sentence_starts(text: str, tokens: list[Span]) -> list[int]:
    """Indexes into ``tokens`` where a new sentence begins (after the first), in order.

    A sentence end always follows a punctuation mark, which is a token of its own, so a
    sentence never cuts a token in two.
    """
    starts = [token[0] for token in tokens]
    cuts: list[int] = []
    for match in SENTENCE.finditer(text):
        cut = bisect_left(starts, match.end())
        if 0 < cut < len(tokens) and (not cuts or cuts[-1] < cut):
            cuts.append(cut)
    return cuts


def last_sentence_break(text: str, start: int, end: int) -> int | None:
    """The last offset in ``text[start:end]`` where a sentence ends and whitespace follows
    before the next one (the end of a ``SENTENCE`` stop), or None.

    Stricter than ``SENTENCE``, which also stops after an abbreviation or inside a number
    ("5.2"): a cut made here must fall between two sentences. So the stop must be followed by
    whitespace and what starts a sentence (a capital, a digit, an opening quote or bracket, not
    the lowercase word after "etc."), and a full stop must not end an abbreviation or an
    initial.
    """
    for match in reversed(list(_SENTENCE_BREAK.finditer(text, start, end))):
        if _starts_sentence(match.group(1)) and not _ends_abbreviation(text, match.start()):
            return match.end()
    return None


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _SENTENCE_OPENERS


def _ends_abbreviation(text: str, stop: int) -> bool:
    """Whether the stop at offset ``stop`` is the full stop of an abbreviation or an initial.
    Only the last few characters before it are searched: no abbreviation is longer."""
    if text[stop] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, stop - _LONGEST_ABBREVIATION - 1), stop)
    if word is None:
        return False
    found = word.group()
    return (len(found) == 1 and found.isalpha()) or found.lower() in ABBREVIATIONS
