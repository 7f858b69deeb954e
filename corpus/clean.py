"""Source text to clean text: lines reflowed into paragraphs, with a map back to the source.

Paragraphs are separated by one blank line in the clean text; inside a paragraph, whitespace
runs become one space, invisible characters (soft hyphens, zero-width spaces, BOMs) go, and the
lines are joined as ``corpus.layout`` decides. Everything else is kept as it is: the text is
data, and a bracket or a control character in it stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from corpus.layout import Join, decide, decide_blocks
from corpus.lines import HEADING_MAX_CHARS, Lines, ends_with_word_hyphen, looks_like_heading, scan
from corpus.lines import INVISIBLE as _INVISIBLE
from corpus.sourcemap import MapBuilder, SourceMap
from schemas import Layout, PassageKind

PARAGRAPH_SEPARATOR = "\n\n"

_IRREGULAR = re.compile(r"[^\S ]|  |[\u00ad\u200b\u2060\ufeff]")
"""Whitespace other than a single space, or an invisible character: needs the slow path."""
_IRREGULAR_CHARS = (
    "\t\x1f\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u00ad\u200b\u2060\ufeff"
)
"""The characters ``_IRREGULAR`` finds inside a line (besides a double space): whitespace that
does not end a line (``str.splitlines``) other than the space, and the invisible ones."""
_IRREGULAR_GAP = re.compile(r"\s{2,}|[^\S ]")
"""Whitespace between two words that is not one plain space: it becomes one."""
_WORD = re.compile(r"\S+")
_WORDS = re.compile(r"\w+")
_COMPOUNDS = re.compile(r"(?<!\w)\w+-\w+")
"""Two words joined by a hyphen. A match can only start where a word does, and saying so
spares the search from trying every letter inside a word."""
_TRAILING_WORD = re.compile(r"(\w+)[-\u00ad]$")
_LEADING_WORD = re.compile(r"^\w+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the clean text."""

    start: int
    end: int
    kind: PassageKind
    page: int | None = None
    """The page it starts on, when the source had pages (a PDF)."""
    label: str | None = None
    """How it is cited, when it is a part of a decision (``corpus.decision``)."""


@dataclass(frozen=True, slots=True)
class CleanText:
    """The result of cleaning one source text."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    source_map: SourceMap
    layout: Layout


class _Vocabulary:
    """Words of the document, to tell a cut word ('recom-mandation') from a compound.

    Read only when a line ends with a hyphen, and then built once for the document.
    """

    def __init__(self, source: str) -> None:
        self._source = source

    @cached_property
    def _lower(self) -> str:
        return self._source.lower()

    @cached_property
    def _words(self) -> frozenset[str]:
        return frozenset(_WORDS.findall(self._lower))

    @cached_property
    def _compounds(self) -> frozenset[str]:
        return frozenset(_COMPOUNDS.findall(self._lower))

    def is_cut_word(self, head: str, tail: str) -> bool:
        """True when the document writes head+tail as one word and never with the hyphen."""
        joined = (head + tail).lower()
        return joined in self._words and f"{head}-{tail}".lower() not in self._compounds


def _may_be_irregular(source: str) -> bool:
    """Whether some line of ``source`` may need the slow path of ``_is_regular``.

    A few scans of the whole text settle most files at once: a line can only hold a double
    space, or a character of ``_IRREGULAR_CHARS``, if the file does.
    """
    return "  " in source or any(char in source for char in _IRREGULAR_CHARS)


def _is_regular(text: str) -> bool:
    """No whitespace but single spaces, and no invisible character: the text is copied as is.

    Every character ``_IRREGULAR`` looks for is unprintable, so printable text without a double
    space is settled without the regular expression.
    """
    if "  " not in text and text.isprintable():
        return True
    return _IRREGULAR.search(text) is None


def _collapsed(start: int, text: str) -> tuple[str, list[tuple[int, int]]]:
    """A line's content with whitespace runs collapsed and invisible characters gone, and its
    source map runs (clean offsets counted from the line's start)."""
    if any(char in text for char in _INVISIBLE):
        return _collapsed_word_by_word(start, text)
    pieces: list[str] = []
    runs: list[tuple[int, int]] = []
    length = position = 0
    for gap in _IRREGULAR_GAP.finditer(text):  # the text between two gaps is copied whole
        pieces.append(text[position : gap.start()])
        runs.append((length, start + position))
        length += gap.start() - position
        pieces.append(" ")
        runs.append((length, start + gap.start()))
        length += 1
        position = gap.end()
    pieces.append(text[position:])
    runs.append((length, start + position))
    return "".join(pieces), runs


def _collapsed_word_by_word(start: int, text: str) -> tuple[str, list[tuple[int, int]]]:
    """``_collapsed`` of a line holding invisible characters: a word made only of them goes
    with the whitespace around it, the others lose them."""
    builder = MapBuilder()
    previous_end = -1
    for word in _WORD.finditer(text):
        if _INVISIBLE.issuperset(word.group()):
            continue  # nothing visible: it separates like whitespace
        if previous_end >= 0:
            if text[previous_end : word.start()] == " ":
                builder.copy(start + previous_end, " ")
            else:
                builder.insert(" ", start + previous_end)
        _emit_word(builder, start + word.start(), word.group())
        previous_end = word.end()
    return builder.text(), builder.runs


def _emit_word(builder: MapBuilder, offset: int, word: str) -> None:
    if not _INVISIBLE.intersection(word):
        builder.copy(offset, word)
        return
    for index, char in enumerate(word):
        if char not in _INVISIBLE:
            builder.copy(offset + index, char)


def _kind(text: str, start: int, end: int) -> PassageKind:
    """A heading if the whole paragraph ``text[start:end]`` looks like one, so cleaning twice
    agrees. A paragraph longer than any heading is not cut out of the text to say so."""
    if end - start > HEADING_MAX_CHARS:
        return PassageKind.PARAGRAPH
    heading = looks_like_heading(text[start:end], end - start)
    return PassageKind.HEADING if heading else PassageKind.PARAGRAPH


def _drops_hyphen(lines: Lines, index: int, vocabulary: _Vocabulary) -> bool:
    """At a tight join, whether the line's final hyphen cuts a word rather than joins one."""
    text = lines.texts[index]
    if text.endswith("\u00ad"):
        return True
    head = _TRAILING_WORD.search(text)
    tail = _LEADING_WORD.match(lines.texts[index + 1])
    return head is not None and tail is not None and vocabulary.is_cut_word(head[1], tail[0])


def _cut_hyphens_dropped(lines: Lines, joins: list[Join], source: str) -> list[str]:
    """The lines' texts, less the final hyphen of a word cut across a tight join."""
    texts = lines.texts
    vocabulary = _Vocabulary(source)
    dropped = [
        index
        for index, join in enumerate(joins)
        if join is Join.TIGHT
        and ends_with_word_hyphen(texts[index])
        and _drops_hyphen(lines, index, vocabulary)
    ]
    if not dropped:
        return texts
    texts = list(texts)
    for index in dropped:
        texts[index] = texts[index][:-1]
    return texts


def _reflow(
    lines: Lines, texts: list[str], joins: list[Join], irregular: bool
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The clean text, its source map runs and its paragraphs' spans.

    Each line is copied (collapsed if ``irregular`` and it needs it), then followed by what
    its join puts in: a space, nothing, or the paragraph separator, each character pointing
    at the end of the line. The loop builds the text and the runs itself (rather than through
    ``MapBuilder``): it runs once per line of every file imported. A line never continues the
    source run of the one before (a line break stands between), so each opens a run.
    """
    parts: list[str] = []
    runs: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    add_part, add_run, space, tight = parts.append, runs.append, Join.SPACE, Join.TIGHT
    length = paragraph_start = 0
    for start, end, text, join in zip(lines.starts, lines.ends, texts, joins, strict=True):
        if not irregular or _is_regular(text):
            add_run((length, start))
        else:
            text, line_runs = _collapsed(start, text)
            runs.extend([(length + clean, source) for clean, source in line_runs])
        add_part(text)
        length += len(text)
        if join is space:
            add_run((length, end))
            add_part(" ")
            length += 1
        elif join is not tight:  # a break: the paragraph ends
            spans.append((paragraph_start, length))
            add_run((length, end))
            add_run((length + 1, end))
            add_part(PARAGRAPH_SEPARATOR)
            length += 2
            paragraph_start = length
    if parts:  # no separator after the last paragraph
        del parts[-1], runs[-2:]
    return "".join(parts), runs, spans


def clean(source: str, blocks: bool = False) -> CleanText:
    """Reflow ``source`` into paragraphs; see the module docstring.

    With ``blocks``, the source is blocks a reader extracted, one per paragraph, separated by
    a blank line (``corpus.readers``): the paragraphs are the blocks, whatever the lines look
    like, and only the lines inside a block are joined (a cut word's hyphen dropped as ever).
    """
    lines = scan(source)
    layout, joins = decide_blocks(lines) if blocks else decide(lines)
    if lines.texts:
        joins.append(Join.BREAK)  # after the last line
    texts = _cut_hyphens_dropped(lines, joins, source)
    text, runs, spans = _reflow(lines, texts, joins, _may_be_irregular(source))
    paragraphs = tuple(Paragraph(start, end, _kind(text, start, end)) for start, end in spans)
    return CleanText(text, paragraphs, SourceMap(runs), layout)
