"""Drawing one passage as terminal lines: wrapped text, tagged spans, tag chips, links.

Everything is built from segments with styles applied by offset, never from markup, so a
passage holding ``[bold]`` shows those characters. The same functions give the passage's
height, which the virtualized list needs before it draws anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from annotator.display import one_line, visible
from annotator.store import LinkedRelation, ReviewRow
from schemas import Annotation, Concept, PassageKind, RelationType

GUTTER = 7
"""Columns before the text: the passage number and a bar."""

MIN_TEXT_WIDTH = 10

CHIP_LABEL_CHARS = 32
"""Longest concept label shown whole on a tag chip at any width; a wider list shows up to
half its text width (the scheme's longest label, 67 characters, whole from 150 columns)."""

LINK_TITLE_CHARS = 24
"""Characters of another document's title shown on a link that goes there."""


@dataclass(frozen=True, slots=True)
class Palette:
    """Styles the list draws with; taken from the theme through component classes."""

    text: Style
    gutter: Style
    cursor_gutter: Style
    cursor_text: Style
    heading: Style
    selection: Style
    muted: Style


@dataclass(frozen=True, slots=True)
class LinkLabels:
    """What a link is called on screen: its type's label and colour, the other end's §number
    and, when the other end is in another document, that document's title."""

    types: Mapping[str, RelationType] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)
    """Document titles by id; the app fills it in place as documents load."""

    def phrase(self, linked: LinkedRelation, document: str | None, seq: int) -> Text:
        """``→ étaye §8`` from the source's passage, ``← §3 étaye`` from the target's (the
        other document's title before the § when the link crosses documents), in the type's
        colour, seen from passage ``seq`` of ``document``."""
        kind = self.types.get(linked.relation.type)
        label = kind.label.fr if kind else linked.relation.type
        outgoing = (linked.source.document, linked.source.seq) == (document, seq)
        other = linked.target if outgoing else linked.source
        where = f"§{other.seq + 1}"
        if other.document != document:
            title = self.titles.get(other.document, other.document)
            where = f"{one_line(title, LINK_TITLE_CHARS)} {where}"
        words = f"→ {label} {where}" if outgoing else f"← {where} {label}"
        return Text(words, style=self.style(linked))

    def style(self, linked: LinkedRelation) -> Style:
        """The type's colour as the text colour: links read apart from the tag chips."""
        kind = self.types.get(linked.relation.type)
        return Style(color=kind.color, bold=True) if kind else Style(dim=True)

    def described(self, linked: LinkedRelation, document: str | None, seq: int) -> Text:
        """The phrase with both ends' quotes, for the detail pane and the link pickers."""
        text = self.phrase(linked, document, seq)
        text.append(f"  «{one_line(linked.source.quote, 40)}»")
        text.append(" → ", style="dim")
        text.append(f"«{one_line(linked.target.quote, 40)}»")
        return text


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap: ``(start, end)`` offsets of each line in ``text`` (spaces dropped).

    A word longer than the width is cut. An empty text is one empty line.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    length = len(text)
    start = 0
    while start < length:
        while start < length and text[start] == " ":
            start += 1
        if start >= length:
            break
        if length - start <= width:
            lines.append((start, length))
            break
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = start + width
            lines.append((start, cut))
            start = cut
        else:
            lines.append((start, cut))
            start = cut + 1
    return lines or [(0, 0)]


def estimated_heights(lengths: Sequence[int], width: int) -> list[int]:
    """Passage heights guessed from text lengths, for passages not drawn yet (one line of
    text per ``width`` characters, plus the blank line after it)."""
    text_width = max(width - GUTTER, MIN_TEXT_WIDTH)
    return [(length + text_width - 1) // text_width + 1 if length else 2 for length in lengths]


def contrast(color: str) -> Style:
    """A chip or highlight style: the concept's colour behind black or white text."""
    parsed = Color.parse(color)
    red, green, blue = parsed.get_truecolor()
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return Style(bgcolor=parsed, color="black" if luminance > 140 else "white")


def _chip_label(
    annotation: Annotation, concepts: dict[str, Concept], reviewer: str, room: int
) -> str:
    """A chip's text: the label (cut to ``room`` characters), ``~`` for a span, ``✎`` for a
    note, another reviewer's name."""
    concept = concepts.get(annotation.concept)
    label = concept.label.fr if concept else annotation.concept
    if len(label) > room:
        label = label[: room - 1] + "…"
    if annotation.is_span:
        label = f"~ {label}"
    if annotation.note:
        label += " ✎"
    if annotation.reviewer != reviewer:
        label += f" · {annotation.reviewer}"
    return f" {label} "


def _span_styles(
    length: int, annotations: Sequence[Annotation], concepts: dict[str, Concept]
) -> list[tuple[int, int, Style]]:
    """Styled runs for tagged spans: the innermost span's colour, underlined where spans
    overlap."""
    spans = sorted(
        (a.start, a.end, a.concept)
        for a in annotations
        if a.start is not None and a.end is not None
    )
    if not spans:
        return []
    points = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    runs: list[tuple[int, int, Style]] = []
    for left, right in pairwise(points):
        covering = [span for span in spans if span[0] <= left and right <= span[1]]
        if not covering:
            continue
        _, _, innermost = min(covering, key=lambda span: span[1] - span[0])
        concept = concepts.get(innermost)
        style = contrast(concept.color) if concept else Style(reverse=True)
        if len(covering) > 1:
            style += Style(underline=True)
        runs.append((left, right, style))
    return runs


def passage_lines(
    row: ReviewRow,
    width: int,
    palette: Palette,
    concepts: dict[str, Concept],
    reviewer: str,
    *,
    cursor: bool = False,
    selection: tuple[int, int] | None = None,
    links: LinkLabels | None = None,
) -> list[Strip]:
    """The strips that draw a passage: a line of tag chips if tagged, a line of its links if
    linked, text lines, a blank."""
    passage = row.passage
    text = visible(passage.text)
    text_width = max(width - GUTTER, MIN_TEXT_WIDTH)
    base = palette.cursor_text if cursor else palette.text
    if passage.kind is PassageKind.HEADING:
        base += palette.heading
    runs = _span_styles(len(text), row.annotations, concepts)
    if selection is not None:
        runs.append((selection[0], selection[1], palette.selection))
    gutter_style = palette.cursor_gutter if cursor else palette.gutter
    bar = "▌" if cursor else "│"
    strips: list[Strip] = []
    if row.annotations:
        chips = [
            Segment(
                _chip_label(annotation, concepts, reviewer, max(CHIP_LABEL_CHARS, text_width // 2)),
                contrast(concept.color) if concept else palette.muted,
            )
            for annotation in row.annotations
            for concept in [concepts.get(annotation.concept)]
        ]
        strips.extend(_chip_lines(chips, _margin(gutter_style, bar), width, base))
    if row.links:
        labels = links or LinkLabels()
        segments = [
            Segment(
                labels.phrase(linked, passage.document, passage.seq).plain,
                base + labels.style(linked),
            )
            for linked in row.links
        ]
        strips.extend(_chip_lines(segments, _margin(gutter_style, bar), width, base))
    gutters = _gutters(passage.seq, passage.label)
    lines = wrap(text, text_width)
    for index, (start, end) in enumerate(lines):
        gutter = gutters[index] if index < len(gutters) else " " * (GUTTER - 1)
        segments = [Segment(gutter, gutter_style), Segment(bar, gutter_style)]
        segments.extend(_styled(text, start, end, base, runs))
        strips.append(Strip(segments).adjust_cell_length(width, base))
    below = [Segment(gutters[len(lines)], palette.gutter)] if len(lines) < len(gutters) else []
    strips.append(Strip([*below, Segment(" " * width, palette.text)]).crop(0, width))
    return strips


def _gutters(seq: int, label: str | None) -> list[str]:
    """What the gutter shows beside a passage's first lines: its number, then the label a
    decision's part is cited by (``pt 3``, ``art.1``, ``cons.2``: squeezed into the gutter),
    which goes under the number, on the blank line after a one-line passage."""
    shown = [f"{seq + 1:>{GUTTER - 2}} "]
    if label:
        squeezed = label if len(label) <= GUTTER - 2 else label.replace(". ", ".")
        shown.append(f"{squeezed[: GUTTER - 2]:>{GUTTER - 2}} ")
    return shown


def _margin(style: Style, bar: str) -> list[Segment]:
    """The gutter of a line that is not the passage's first text line: blank, then the bar."""
    return [Segment(" " * (GUTTER - 1), style), Segment(bar, style)]


def _chip_lines(
    chips: list[Segment], margin: list[Segment], width: int, base: Style
) -> list[Strip]:
    """Tag chips wrapped onto as many lines as they need, each chip whole on one line (one
    wider than a line is cut): a passage with a dozen tags shows every one."""
    lines: list[list[Segment]] = [list(margin)]
    used = GUTTER
    for chip in chips:
        if used > GUTTER and used + chip.cell_length > width:
            lines.append(list(margin))
            used = GUTTER
        lines[-1].extend((chip, Segment(" ", base)))
        used += chip.cell_length + 1
    return [Strip(line).crop(0, width).adjust_cell_length(width, base) for line in lines]


def _styled(
    text: str, start: int, end: int, base: Style, runs: list[tuple[int, int, Style]]
) -> list[Segment]:
    """Segments for ``text[start:end]`` with the runs that fall in it layered on ``base``."""
    if not runs:
        return [Segment(text[start:end], base)]
    cuts = {start, end}
    for left, right, _ in runs:
        if left < end and right > start:
            cuts.update((max(left, start), min(right, end)))
    points = sorted(cuts)
    segments: list[Segment] = []
    for left, right in pairwise(points):
        style = base
        for run_left, run_right, run_style in runs:
            if run_left <= left and right <= run_right:
                style += run_style
        segments.append(Segment(text[left:right], style))
    return segments
