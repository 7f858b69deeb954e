"""What the adjudication screen draws: the passage with every reviewer's spans, and the
reviewers' items side by side, a column each, the gold layer last.

Built as rich ``Text`` with styles applied by offset and appended pieces, never markup: a
quote, a note or a reviewer's name holding ``[bold]`` shows those characters. A passage is
one case at a time, so this mounts nothing per passage: two ``Static`` widgets are updated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich import box
from rich.style import Style
from rich.table import Table
from rich.text import Text

from annotator.display import one_line, visible
from annotator.store.adjudication import Case, CaseItem, CaseLink
from annotator.store.adjudication_tally import Key, LinkKey, Verdict
from annotator.store.adjudication_writes import ACCEPTED, REJECTED
from annotator.tui.render import LinkLabels, contrast
from schemas import Annotation, Concept

QUOTE_CHARS = 60
NOTE_CHARS = 120

Entry = CaseItem | CaseLink
"""A line the cursor can stand on: a compared reviewer's annotation or relation."""

MARKS: Mapping[str, tuple[str, str]] = {
    "gold": ("✓", "bold green"),
    "rejected": ("✗", "bold red"),
    "agreed": ("=", "cyan"),
    "open": ("?", "bold yellow"),
}
"""The sign before an item, and its style: in gold (accepted), rejected, agreed by all
(nothing to decide), to decide."""

LEGEND = "✓ in gold · ✗ rejected · = all agree · ? to decide"


@dataclass(frozen=True, slots=True)
class Column:
    """One reviewer's items, in the order the cursor goes through them."""

    reviewer: str
    entries: tuple[Entry, ...]


def columns(case: Case) -> tuple[Column, ...]:
    """A column per compared reviewer (by name): their annotations, then their links."""
    return tuple(
        Column(
            name,
            (
                *(item for item in case.items if item.annotation.reviewer == name),
                *(link for link in case.links if link.linked.relation.reviewer == name),
            ),
        )
        for name in case.reviewers
    )


def standing(verdict: Verdict[Key] | Verdict[LinkKey]) -> str:
    """Which of ``MARKS`` an item shows."""
    if verdict.decision == REJECTED:
        return "rejected"
    if verdict.decision == ACCEPTED or verdict.in_gold:
        return "gold"
    return "agreed" if verdict.agreed else "open"


def passage_text(
    case: Case, concepts: Mapping[str, Concept], cursor: Entry | None, title: str
) -> Text:
    """The passage's place, then its text with every reviewer's spans in their concept's
    colour, the cursor's span underlined and bold on top."""
    passage = case.passage
    text = Text(f"{one_line(title, 60)} · §{passage.seq + 1}", style="bold")
    verdicts = [item.verdict for item in case.items] + [link.verdict for link in case.links]
    count = sum(1 for verdict in verdicts if standing(verdict) == "open")
    state = "resolved" if case.state.resolved else f"{count} to decide"
    text.append(f" · {state if case.state.disputed else 'no dispute'}\n", style="dim")
    body = Text(visible(passage.text))
    spans = sorted(
        {(a.start, a.end, a.concept) for a in _annotations(case) if a.start is not None},
        key=lambda span: (span[1] or 0) - (span[0] or 0),
        reverse=True,
    )
    for start, end, concept_id in spans:  # the widest first: a span inside another shows
        concept = concepts.get(concept_id)
        body.stylize(contrast(concept.color) if concept else Style(reverse=True), start, end)
    focus = _focused_span(cursor)
    if focus is not None:
        body.stylize(Style(bold=True, underline=True), *focus)
    text.append_text(body)
    return text


def _annotations(case: Case) -> list[Annotation]:
    return [item.annotation for item in case.items] + list(case.gold)


def _focused_span(cursor: Entry | None) -> tuple[int, int] | None:
    if isinstance(cursor, CaseItem) and cursor.annotation.start is not None:
        end = cursor.annotation.end
        return (cursor.annotation.start, end if end is not None else cursor.annotation.start)
    return None


def entry_text(
    entry: Entry, case: Case, concepts: Mapping[str, Concept], links: LinkLabels, cursor: bool
) -> Text:
    """One item: its sign, then the concept's chip and quote (a link: its type, where it
    goes and both quotes), its note under it."""
    sign, style = MARKS[standing(entry.verdict)]
    text = Text("▶ " if cursor else "  ", style="bold")
    text.append(sign, style)
    text.append(" ")
    if isinstance(entry, CaseItem):
        _annotation_text(text, entry.annotation, concepts)
        note = entry.annotation.note
    else:
        passage = case.passage
        text.append_text(links.described(entry.linked, passage.document, passage.seq))
        note = entry.linked.relation.note
    if note:
        text.append(f"\n    ✎ {one_line(note, NOTE_CHARS)}", style="italic dim")
    if cursor:
        text.stylize(Style(reverse=True), 0, len(text.plain.split("\n", 1)[0]))
    return text


def _annotation_text(text: Text, annotation: Annotation, concepts: Mapping[str, Concept]) -> None:
    concept = concepts.get(annotation.concept)
    label = concept.label.fr if concept else annotation.concept
    text.append(f" {label} ", contrast(concept.color) if concept else "reverse")
    if annotation.start is None:
        text.append(" whole passage", style="dim")
    else:  # the offsets tell apart two spans one character apart
        text.append(f" «{one_line(annotation.quote, QUOTE_CHARS)}»")
        text.append(f" {annotation.start}–{annotation.end}", style="dim")


def items_table(
    case: Case,
    cursor: Entry | None,
    concepts: Mapping[str, Concept],
    links: LinkLabels,
    gold: str,
) -> Table:
    """The reviewers' columns side by side, then the gold layer's, as one rich table."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    shown = columns(case)
    for column in shown:
        table.add_column(Text(column.reviewer, style="bold"), ratio=1)
    table.add_column(Text(f"★ {gold}", style="bold"), ratio=1)
    cells: list[Text] = []
    for column in shown:
        cell = Text()
        for entry in column.entries:
            if cell:
                cell.append("\n")
            cell.append_text(entry_text(entry, case, concepts, links, entry is cursor))
        cells.append(cell or Text("(nothing here)", style="dim"))
    cells.append(_gold_cell(case, concepts, links))
    table.add_row(*cells)
    return table


def _gold_cell(case: Case, concepts: Mapping[str, Concept], links: LinkLabels) -> Text:
    cell = Text()
    for annotation in case.gold:
        if cell:
            cell.append("\n")
        _annotation_text(cell, annotation, concepts)
    for linked in case.gold_links:
        cell.append("\n")
        cell.append_text(links.described(linked, case.passage.document, case.passage.seq))
    return cell or Text("(nothing yet)", style="dim")


TABLE_HEAD = 2
"""Lines of the table above its first item: the reviewers' names and a rule."""


def cursor_line(
    case: Case, cursor: Entry, concepts: Mapping[str, Concept], links: LinkLabels
) -> int:
    """About which line of the table the cursor's item starts on (a wrapped line above it in
    its column counts as one): where to scroll so that it shows."""
    for column in columns(case):
        if cursor in column.entries:
            above = column.entries[: column.entries.index(cursor)]
            return TABLE_HEAD + sum(
                len(entry_text(entry, case, concepts, links, False).plain.split("\n"))
                for entry in above
            )
    return 0


def flat(shown: Sequence[Column]) -> tuple[Entry, ...]:
    """Every entry, column by column: the order ↓ and ↑ go through them."""
    return tuple(entry for column in shown for entry in column.entries)
