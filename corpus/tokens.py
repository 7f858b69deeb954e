"""Words, punctuation marks and sentences of legal French, as character offsets.

The one tokenizer of the project: the UI's word and sentence selection, the CoNLL export and
the cutting of long paragraphs into passages all take their words and sentences from here, so
a span tagged in the UI, exported and read back lands on the same characters.

Tokens are found by offsets in the text, never by splitting and rejoining it: a token is
``text[start:end]``, holds no whitespace (a line of a token format cannot), and every character
that is not whitespace belongs to exactly one token. A token is a word (letters and digits,
with what French joins to them), a punctuation mark, or another symbol (``%``, ``€``, ``§``).

Punctuation marks are tokens of their own (a CoNLL file must hold every character, and NER
tooling expects ``«`` and ``,`` apart from the word), but they are not *words*: the UI's word
selection steps over them, so a span picked by words never starts or ends on a quote, a comma or
a bracket (``«centrale,»`` gives ``centrale``). Other symbols are words there: "20 %" or "§ 3" is
something a reviewer tags whole.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

Span = tuple[int, int]

# -- tokens ----------------------------------------------------------------------------------

_APOSTROPHES = "'’"
_LETTER = r"[\w\u0300-\u036f]"
"""A letter or digit; combining accents count, so an accent never leaves its letter."""

_URL = r"(?:https?://|www\.)[^\s<>«»“”\"]*[^\s<>«»“”\".,;:!?'’)\]]"
"""A web address, up to the punctuation after it: "www.conseil-etat.fr" is one word."""
_ELIDED = (
    r"(?i:(?<=\b[cdjlmnst].)|(?<=\bqu.)|(?<=\bjusqu.)|(?<=\blorsqu.)|(?<=\bpuisqu.)"
    r"|(?<=\bquoiqu.))"
)
"""After an apostrophe: it follows an elided article or pronoun, "l’" to "quoiqu’", that is
all the word so far."""
_ELISION = rf"[{_APOSTROPHES}]{_ELIDED}(?=\w|[«“])"
"""The apostrophe that ends an elision: "l’ANSM" is "l’" and "ANSM", as French treebanks cut
it, for the noun is what a reviewer tags. Only a whole first run of letters is an elision, so
"aujourd’hui", "quelqu’un" and "Villeneuve-d’Ascq" stay whole."""
_JOINER = rf"[-‐‑·{_APOSTROPHES}]|(?<=\d)[.,/](?=\d)"
"""What joins two runs of letters into one word: a hyphen ("alcoolo-dépendance", "5121-12-1"),
an apostrophe inside a word ("aujourd’hui"), the middle dot of inclusive writing
("requérant·es"), a dot, comma or slash between digits ("300,5", "1.000", "17-12.345",
"17/03/2014")."""
_WORD = rf"{_LETTER}+(?:{_ELISION}|(?:(?:{_JOINER}){_LETTER}+)*°?)"
"""A word: an elision, or runs of letters joined, and a degree sign after them stays on them:
"n°", and the "1°" of a code's enumerations. The elision is one branch of the word, not a
token of its own tried first, because the apostrophe it needs is rare: most words are read
without trying it (a quarter of the tokenizer's time otherwise)."""
_ELLIPSIS = r"\.{2,}"
"""Dots in a row: one ellipsis ("B..." is "B" and "...")."""

TOKEN = re.compile(rf"{_URL}|{_WORD}|{_ELLIPSIS}|\S")
"""A token: an address, a word, an ellipsis, else one visible character (a punctuation mark or
a symbol). The alternatives are tried in that order at each place."""

PUNCTUATION = frozenset(".,;:!?…«»“”„‟\"'‘’‚‹›()[]{}-‐‑‒–—―/*·")
"""The marks that are tokens but not words (see the module doc). A token is a mark when its
first character is one: no word starts with one."""


def token_spans(text: str) -> list[Span]:
    """``(start, end)`` of each token of ``text``, in order: marks included, for token formats."""
    return [match.span() for match in TOKEN.finditer(text)]


def word_spans(text: str) -> list[Span]:
    """``(start, end)`` of each token of ``text`` that is not a punctuation mark, in order: the
    steps of the UI's word selection."""
    return [
        match.span() for match in TOKEN.finditer(text) if text[match.start()] not in PUNCTUATION
    ]


# -- sentences -------------------------------------------------------------------------------

_STOPS = ".!?…"
_CLOSING = r"(?:[\"'’”)\]]|\s*»)*"
"""The closing quotes and brackets a sentence's final mark may have after it; French puts a
space before "»"."""
_BREAK = re.compile(rf"[{_STOPS}](?<![{_STOPS}]{{2}})[{_STOPS}]*{_CLOSING}(?=\s+(\S))")
"""A candidate sentence end: marks that end a sentence, closing quotes, then whitespace; group 1
is the next visible character. A run of marks is matched from its first one only (the look
behind it), so "..." is read once; the look comes after that mark so the search skips to marks
fast."""

_OPENERS = frozenset("«“\"'‘([§-–—•")
"""What may start a sentence besides a capital or a digit."""

_ABBREVIATION_WORDS = """
art al pt cons req ce ass sect mm mme mlle me pr dr st ste sté
p pp ss v c t cf not préc spéc op cit loc ibid chap ch éd ed dir coll
concl obs rec leb jur cass civ crim com soc adm trib bull jcp chron comm ord arr
janv févr avr juil sept oct nov déc
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
"""Words of legal and academic French that take a full stop without ending a sentence
("l'art. L. 5121-12", "CE, Sect., 1er juin 2016, req. n° 12345", "Rec. p. 12"), lowercased. A
single capital does not end one either: an initial, an anonymised name ("M. B..."), the "L." or
"R." of a code article. "etc." is not here: it ends a sentence before a capital, and no stop
ends one before a lowercase word. Nor are words a sentence often ends on: "vol" (in a criminal
case a theft more often than a volume), "s" (the "et s." closing a list of articles)."""

_WORD_BEFORE = re.compile(r"(?<!\w)\w+\Z")
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
_POINT_NUMBER = re.compile(r"(?<![\w.,‐‑-])(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\Z")
"""The number of a point ("1.", "2.3.", "IV.") as it opens a paragraph of a decision."""
_LONGEST_POINT_NUMBER = 12
_AFTER_COLON = re.compile(r"[:;]\s*\Z")
"""What comes before the points of "Considérant ce qui suit : 1. Aux termes...", or of a list
whose items end with a semicolon."""
_COLON_REACH = 4
_VISIBLE = re.compile(r"\S")


def sentence_spans(text: str) -> list[Span]:
    """``(start, end)`` of each sentence of ``text``, in order, without the whitespace around
    it: the sentences and the whitespace between them make up the text."""
    spans: list[Span] = []
    first = _VISIBLE.search(text)
    if first is None:
        return spans
    start = first.start()
    for end in _breaks(text, 0, len(text)):
        spans.append((start, end))
        start = _next_visible(text, end)
    spans.append((start, len(text.rstrip())))
    return spans


def sentence_at(text: str, offset: int) -> Span | None:
    """The sentence of ``text`` that holds ``offset``; for an offset between two sentences, the
    one before (before the first, the first); None for a blank text."""
    spans = sentence_spans(text)
    index = bisect_right([start for start, _ in spans], offset) - 1
    return spans[max(index, 0)] if spans else None


def sentence_starts(text: str, tokens: list[Span]) -> list[int]:
    """Indexes into ``tokens`` (``token_spans(text)``) where a new sentence begins (after the
    first), in order. A sentence ends after a token and before whitespace, so a sentence never
    cuts a token in two."""
    starts = [token[0] for token in tokens]
    return [bisect_left(starts, end) for end in _breaks(text, 0, len(text))]


def last_sentence_break(text: str, start: int, end: int) -> int | None:
    """The last offset in ``text[start:end]`` where a sentence ends and whitespace follows
    before the next one, or None: where to cut a paragraph between two sentences.

    The rule is ``sentence_spans``'s, applied to the window as if it were the whole text:
    ``start`` is taken for the start of a sentence, and a stop too close to ``end`` for the next
    visible character to be seen is not taken (a window two characters past where a cut may
    fall sees the cut)."""
    breaks = list(_breaks(text, start, end))
    return breaks[-1] if breaks else None


def _breaks(text: str, start: int, end: int) -> Iterator[int]:
    """The offsets in ``text[start:end]`` where a sentence ends, in order. Each candidate is
    judged knowing where its sentence started, which a point number needs."""
    sentence = start
    for match in _BREAK.finditer(text, start, end):
        if _ends_sentence(text, sentence, match):
            sentence = match.end()
            yield sentence


def _next_visible(text: str, position: int) -> int:
    """The offset of the first character at or after ``position`` that is not whitespace."""
    found = _VISIBLE.search(text, position)
    return len(text) if found is None else found.start()


def _ends_sentence(text: str, sentence: int, match: re.Match[str]) -> bool:
    """Whether a ``_BREAK`` candidate of the sentence starting at ``sentence`` ends it: what
    follows can start a sentence, and its stop ends no abbreviation, initial or point number,
    and is no elision mark."""
    stop = match.start()
    if not _starts_sentence(match.group(1)) or _is_elision_mark(text, stop):
        return False
    if text[stop] != ".":
        return True
    return not _ends_abbreviation(text, stop) and not _ends_point_number(text, sentence, stop)


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def _is_elision_mark(text: str, stop: int) -> bool:
    """Whether the stop is the "(...)" or "[…]" that marks words left out of a quotation."""
    return stop > 0 and text[stop - 1] in "([" and text[stop] in ".…"


def _ends_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation or a single capital. Only the last
    few characters before it are searched: no abbreviation is longer."""
    word = _WORD_BEFORE.search(text, max(0, stop - _LONGEST_ABBREVIATION - 1), stop)
    if word is None:
        return False
    found = word.group()
    return (len(found) == 1 and found.isupper()) or found.lower() in ABBREVIATIONS


def _ends_point_number(text: str, sentence: int, stop: int) -> bool:
    """Whether the full stop at ``stop`` follows the number of a point that opens its sentence
    or comes after a colon ("1. Aux termes de..."): the point and its text are one sentence."""
    number = _POINT_NUMBER.search(text, max(sentence, stop - _LONGEST_POINT_NUMBER), stop)
    if number is None:
        return False
    opens = _VISIBLE.search(text, sentence, number.start()) is None
    reach = max(sentence, number.start() - _COLON_REACH)
    return opens or _AFTER_COLON.search(text, reach, number.start()) is not None
