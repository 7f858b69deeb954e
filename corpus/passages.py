"""Paragraphs to passages: a paragraph too long to read, tag and search as one is cut in parts.

A file without paragraph breaks (a one-line export, a text pasted on one line) would otherwise
be one passage of any size: 50 MB took a minute to draw and 23 s to tag. The cuts fall between
sentences (``corpus.tokens.last_sentence_break``), else between words, else anywhere, and only
whitespace lies between two parts of a paragraph: the parts keep tiling the clean text as the
paragraphs did, and they depend only on the paragraph's text, so cleaning again or importing
again cuts at the same places.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from corpus.clean import Paragraph
from corpus.tokens import last_sentence_break

MAX_PASSAGE_CHARS = 8000
"""The longest passage, in characters. A long paragraph of a judgment or a commentary runs to
2,000-4,000 characters (the seeds' longest has 1,770), so a real paragraph is never cut, while
a passage stays something a reviewer reads and tags as one unit (8,000 characters fill about
four screens at 80 columns), and what the UI, the search and a tag do with a passage (wrap,
fold, highlight, quote its context) stays a matter of milliseconds."""


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The passages of a clean text, and how many of its paragraphs were cut to make them."""

    passages: tuple[Paragraph, ...]
    """Each passage's span and kind, in reading order: a paragraph, or a part of one."""
    split_paragraphs: int
    """Paragraphs longer than the limit, each cut into several passages."""


def segment(
    text: str, paragraphs: Sequence[Paragraph], limit: int = MAX_PASSAGE_CHARS
) -> Segmentation:
    """The passages of ``text``: its paragraphs, each longer than ``limit`` cut into parts of at
    most ``limit`` characters."""
    passages: list[Paragraph] = []
    split = 0
    for paragraph in paragraphs:
        if paragraph.end - paragraph.start <= limit:
            passages.append(paragraph)
            continue
        split += 1
        passages.extend(
            Paragraph(start, end, paragraph.kind)
            for start, end in _parts(text, paragraph.start, paragraph.end, limit)
        )
    return Segmentation(tuple(passages), split)


def _parts(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Spans of at most ``limit`` characters covering ``text[start:end]`` but the whitespace
    between them, each as long as a cut allows."""
    while end - start > limit:
        cut = _cut(text, start, start + limit)
        yield start, cut
        start = cut
        while text[start].isspace():
            start += 1
    yield start, end


def _cut(text: str, start: int, reach: int) -> int:
    """Where to end a part that starts at ``start`` and may not end after ``reach``: the last
    sentence end within reach, else the last space (a clean paragraph's only whitespace), else
    ``reach`` itself, moved back off a combining mark so an accent stays on its letter."""
    sentence = last_sentence_break(text, start, reach + 2)  # +2: to see the next word
    if sentence is not None:
        return sentence
    space = text.rfind(" ", start + 1, reach + 1)
    if space != -1:
        return space
    cut = reach
    while cut > start + 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut
