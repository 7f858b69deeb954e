"""The parts of a French administrative decision, each its own passage, labelled for citing.

Every decision of the Conseil d'État and of the administrative courts has the same parts: a
title line (court, formation, date, number), ``Vu la procédure suivante :`` and the visas
(``Vu ... ;``), ``Considérant ce qui suit :`` and numbered points (``1. ...``) — or, before
2019, ``Considérant que ...`` paragraphs —, then ``D E C I D E :`` and the articles
(``Article 1er : ...``). However the text arrived (one paragraph per line, wrapped, a PDF, a
Word file, a web page), the cleaner may have joined some of them: a title glued to the first
visa, ``D E C I D E :`` to ``Article 1er``. Here each paragraph of a text that reads as a
decision is cut where a part starts, and the parts a decision is cited by get a label: the
point (``pt 3``), the considérant (``cons. 2``), the article (``art. 1``), so a tag can be
cited as *CE, 23 mai 2018, n° 417607, pt 3*.

Cuts only fall on a space of the clean text, so the parts tile it as the paragraphs did, and
they depend only on the text: cleaning again cuts at the same places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from corpus.clean import Paragraph
from schemas import PassageKind

_DECIDE = r"D\s?[EÉ]\s?C\s?I\s?D\s?[EÉ]\s?:"
"""``D E C I D E :``, spaced or not, with or without accents."""

MARKERS = re.compile(
    rf"{_DECIDE}|Considérant ce qui suit\s?:|Vu (?:la procédure suivante|les procédures suivantes)"
)
"""What only a decision holds: a text without any of these is left alone."""

_HEADINGS = re.compile(
    rf"(?:{_DECIDE}|Considérant ce qui suit\s?:|Vu (?:la procédure suivante|les procédures "
    r"suivantes)\s?:|(?:ORDONNE|REND L'ARRÊT SUIVANT|AU NOM DU PEUPLE FRANÇAIS)\s?:?)"
)
"""Lines that announce the next part: each stands alone, as a heading."""

_ARTICLE = re.compile(r"Article (1er|premier|\d+)\s?:")
_POINT = re.compile(r"(\d{1,3})\.\s(?=[A-ZÀ-Ý«\"])")
_CONSIDERANT = re.compile(r"Considérant (?:que|qu['’])")
_VISA = re.compile(r"Vu (?:le |la |les |l['’]|ensemble )")

_STARTS = re.compile(
    rf"(?P<heading>{_HEADINGS.pattern})"
    rf"|(?P<article>{_ARTICLE.pattern})"
    rf"|(?P<considerant>{_CONSIDERANT.pattern})"
    rf"|(?P<visa>{_VISA.pattern})"
    rf"|(?P<point>{_POINT.pattern})"
)
"""Where a part may start, inside a paragraph (only after a space: see ``_cuts``)."""

_ENDS_PART = re.compile(r"[.;:»)]\s*$")
"""What the text before a cut ends with, for a considérant, a point or an article to start."""


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    kind: PassageKind


def looks_like_decision(text: str) -> bool:
    """Whether the text holds the markers of a decision (``MARKERS``)."""
    return MARKERS.search(text) is not None


def decision_parts(text: str, paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs of ``text`` cut into a decision's parts and labelled, if it reads as a
    decision; else the paragraphs as they are."""
    if not looks_like_decision(text):
        return tuple(paragraphs)
    parts: list[Paragraph] = []
    for paragraph in paragraphs:
        for part in _split(text, paragraph):
            parts.append(replace(paragraph, start=part.start, end=part.end, kind=part.kind))
    return tuple(_labelled(text, parts))


def _split(text: str, paragraph: Paragraph) -> Iterator[_Part]:
    """The parts of one paragraph: cut before every part that starts inside it, and after a
    heading (``Vu la procédure suivante :``) that more text follows."""
    start, end = paragraph.start, paragraph.end
    cuts = sorted({*_cuts(text, start, end), *_after_headings(text, start, end)})
    edges = [start, *cuts, end]
    for left, right in pairwise(edges):
        part_end = left + len(text[left:right].rstrip())
        if part_end > left:
            yield _Part(left, part_end, _kind(text, left, part_end, paragraph.kind))


def _cuts(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets inside ``text[start:end]`` where a part starts after a space."""
    for match in _STARTS.finditer(text, start, end):
        at = match.start()
        if at == start or text[at - 1] != " ":
            continue
        before = text[start : at - 1]
        if match.lastgroup == "heading" or _ENDS_PART.search(before) or _title_before(before):
            yield at


def _title_before(before: str) -> bool:
    """A title line ends with the decision's number (``n° 417607``) or a date: what follows
    it starts a part though no punctuation says so."""
    return re.search(r"(?:n°\s?[\d.\s]+|\d{4})$", before) is not None


def _after_headings(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets just after a heading marker that is followed by more of the paragraph."""
    for match in _HEADINGS.finditer(text, start, end):
        after = match.end()
        while after < end and text[after] == " ":
            after += 1
        if after < end:
            yield after


def _kind(text: str, start: int, end: int, kind: PassageKind) -> PassageKind:
    if kind is PassageKind.NOTE:
        return kind
    return PassageKind.HEADING if _HEADINGS.fullmatch(text, start, end) else kind


def _labelled(text: str, parts: list[Paragraph]) -> Iterator[Paragraph]:
    """Each part with its label: points and articles by their own number, considérants
    counted in order (they have none)."""
    considerants = 0
    for part in parts:
        label = None
        if part.kind is not PassageKind.NOTE:
            if article := _ARTICLE.match(text, part.start, part.end):
                number = article[1]
                label = f"art. {1 if number in {'1er', 'premier'} else int(number)}"
            elif point := _POINT.match(text, part.start, part.end):
                label = f"pt {int(point[1])}"
            elif _CONSIDERANT.match(text, part.start, part.end):
                considerants += 1
                label = f"cons. {considerants}"
        yield replace(part, label=label) if label else part
