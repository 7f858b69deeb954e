"""Joining across pages: the paragraph that ends a page and the one that starts the next are
one when the first did not end its sentence and the next reads on (a lower-case start, or a
first line neither indented nor numbered after a full last line), or, in a document that
indents its paragraphs, when the next page starts flush left after a full line. A page's
footnotes go after the body block they interrupt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.readers import BlockKind
from corpus.readers.pdf.draft import Draft
from corpus.readers.pdf.paragraphs import ENDS_SENTENCE, INDENT, would_fit

INDENTED_LEAST = 3
INDENTED_SHARE = 0.7
"""A document indents its paragraphs when this share of them at least (and this many) do."""

_NUMBERED = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[a-z])\s?[.)°–-]\s")
"""The number of a numbered paragraph or item: ``3.``, ``II -``, ``a)``."""


@dataclass(frozen=True, slots=True)
class Laid:
    """A page's body blocks and notes, before the body is joined across pages."""

    body: list[Draft]
    notes: list[Draft]


def join_pages(laid: list[Laid]) -> list[Draft]:
    """The blocks of all pages in order, paragraphs joined across pages, each page's notes
    after the body block they interrupt."""
    indents = _indents(laid)
    drafts: list[Draft] = []
    last_body: Draft | None = None
    for page in laid:
        groups = list(page.body)
        if groups and last_body is not None and _runs_on(last_body, groups[0], indents):
            last_body.extend(groups.pop(0))
        drafts.extend(groups)
        last_body = groups[-1] if groups else last_body
        drafts.extend(page.notes)
    return drafts


def _indents(laid: list[Laid]) -> bool:
    """Whether the document indents its paragraphs' first lines: most paragraphs of a few
    lines that do not open a page (those may go on from the page before) are indented."""
    seen = indented = 0
    for page in laid:
        for draft in page.body[1:]:
            if draft.kind is BlockKind.PARAGRAPH and len(draft.lines) > 1:
                seen += 1
                indented += _indented(draft)
    return seen >= INDENTED_LEAST and indented >= INDENTED_SHARE * seen


def _indented(draft: Draft) -> bool:
    return draft.first.left - draft.frame.left > INDENT * draft.first.size


def _runs_on(before: Draft, after: Draft, indents: bool) -> bool:
    """Whether the paragraph starting a page goes on with the one that ended the page before.

    When that one did not end its sentence: if this one starts in lower case (or the one
    before ended on a comma or a hyphen), or if the last line before was full and this one's
    first is neither indented nor numbered. In a document that indents its paragraphs, a
    first line that is not indented after a full line goes on even after a full stop.
    """
    if before.kind is not BlockKind.PARAGRAPH or after.kind is not BlockKind.PARAGRAPH:
        return False
    ending, opening = before.lines[-1], after.lines[0]
    full = not would_fit(before.last, after.first, before.frame)
    flush = not _indented(after) and not _NUMBERED.match(opening)
    if indents and full and flush:
        return True
    if ENDS_SENTENCE.search(ending):
        return False
    if opening[:1].islower() or ending.endswith((",", "-")):
        return True
    return full and flush
