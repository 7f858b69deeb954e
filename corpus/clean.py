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

from corpus.layout import Join, decide
from corpus.lines import INVISIBLE as _INVISIBLE
from corpus.lines import Line, looks_like_heading, scan
from corpus.sourcemap import MapBuilder, SourceMap
from schemas import Layout, PassageKind

PARAGRAPH_SEPARATOR = "\n\n"

_IRREGULAR = re.compile(r"[^\S ]|  |[\u00ad\u200b\u2060\ufeff]")
"""Whitespace other than a single space, or an invisible character: needs the slow path."""
_WORD = re.compile(r"\S+")
_TRAILING_WORD = re.compile(r"(\w+)[-\u00ad]$")
_LEADING_WORD = re.compile(r"^\w+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the clean text."""

    start: int
    end: int
    kind: PassageKind


@dataclass(frozen=True, slots=True)
class CleanText:
    """The result of cleaning one source text."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    source_map: SourceMap
    layout: Layout


class _Vocabulary:
    """Words of the document, to tell a cut word ('recom-mandation') from a compound."""

    def __init__(self, source: str) -> None:
        self._source = source

    @cached_property
    def _words(self) -> frozenset[str]:
        return frozenset(re.findall(r"\w+", self._source.lower()))

    @cached_property
    def _compounds(self) -> frozenset[str]:
        return frozenset(re.findall(r"\w+-\w+", self._source.lower()))

    def is_cut_word(self, head: str, tail: str) -> bool:
        """True when the document writes head+tail as one word and never with the hyphen."""
        joined = (head + tail).lower()
        return joined in self._words and f"{head}-{tail}".lower() not in self._compounds


def _emit_line(builder: MapBuilder, line: Line, drop_last: bool) -> None:
    """Append a line's content with whitespace runs collapsed and invisible characters gone."""
    text = line.text[:-1] if drop_last else line.text
    if _IRREGULAR.search(text) is None:
        builder.copy(line.start, text)
        return
    previous_end = -1
    for word in _WORD.finditer(text):
        if _INVISIBLE.issuperset(word.group()):
            continue  # nothing visible: it separates like whitespace
        if previous_end >= 0:
            if text[previous_end : word.start()] == " ":
                builder.copy(line.start + previous_end, " ")
            else:
                builder.insert(" ", line.start + previous_end)
        _emit_word(builder, line.start + word.start(), word.group())
        previous_end = word.end()


def _emit_word(builder: MapBuilder, offset: int, word: str) -> None:
    if not _INVISIBLE.intersection(word):
        builder.copy(offset, word)
        return
    for index, char in enumerate(word):
        if char not in _INVISIBLE:
            builder.copy(offset + index, char)


def _kind(text: str) -> PassageKind:
    """A heading if the whole paragraph looks like one, so cleaning twice agrees."""
    return PassageKind.HEADING if looks_like_heading(text, len(text)) else PassageKind.PARAGRAPH


def clean(source: str) -> CleanText:
    """Reflow ``source`` into paragraphs; see the module docstring."""
    lines, gaps = scan(source)
    layout, joins = decide(lines, gaps)
    vocabulary = _Vocabulary(source)
    builder = MapBuilder()
    spans: list[tuple[int, int]] = []
    paragraph_start = 0
    for index, line in enumerate(lines):
        join = joins[index] if index < len(joins) else Join.BREAK
        drop_hyphen = False
        if join is Join.TIGHT and line.ends_with_word_hyphen:
            head = _TRAILING_WORD.search(line.text)
            tail = _LEADING_WORD.match(lines[index + 1].text)
            drop_hyphen = line.text.endswith("\u00ad") or (
                head is not None
                and tail is not None
                and vocabulary.is_cut_word(head.group(1), tail.group())
            )
        _emit_line(builder, line, drop_hyphen)
        if join is Join.SPACE:
            builder.insert(" ", line.end)
        elif join is Join.BREAK:
            spans.append((paragraph_start, builder.length))
            if index < len(lines) - 1:
                builder.insert(PARAGRAPH_SEPARATOR, line.end)
            paragraph_start = builder.length
    text = builder.text()
    paragraphs = tuple(Paragraph(start, end, _kind(text[start:end])) for start, end in spans)
    return CleanText(text, paragraphs, SourceMap(builder.runs), layout)
