"""The orphan queue's text: an orphan with its context, and each candidate place with what
differs from the orphan's quote made visible.

Quotes and passages are data: every piece is appended to a ``rich.text.Text`` with its style,
never parsed as markup, and made ``visible`` (a control character shows as a symbol).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rich.text import Text

from annotator.display import one_line, visible
from annotator.store.orphans import Orphan
from annotator.tui.orphan_desk import Place
from annotator.tui.render import contrast
from schemas import Concept

QUOTE_CHARS = 600
"""Characters of a quote shown at most (a whole-passage tag quotes the whole passage)."""
CONTEXT_CHARS = 24
"""Characters of context shown on each side of a quote or a candidate."""

ADDED = "bold underline green"
"""What a candidate has that the orphan's quote had not."""
REMOVED = "strike red"
"""What the orphan's quote had that the candidate has not."""

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
"""Words, runs of blanks and single signs: a difference is shown a word at a time."""


def orphan_card(orphan: Orphan, concept: Concept | None) -> Text:
    """The orphan: its concept as a chip, whose it is, where it was left, then its quote in
    its context, then its note."""
    label = concept.label.fr if concept is not None else orphan.concept
    card = Text()
    card.append(f" {label} ", contrast(concept.color) if concept is not None else "reverse")
    card.append(f" {visible(orphan.reviewer)}", "bold")
    where = "whole passage" if orphan.start is None else "span"
    card.append(
        f" · {one_line(orphan.title, 50)} · left on version {orphan.version}, "
        f"§{orphan.seq + 1} ({where})",
        "dim",
    )
    card.append("\n")
    card.append_text(_in_context(orphan.prefix, Text(_cut(orphan.quote), "bold"), orphan.suffix))
    if orphan.note:
        card.append(f"\nnote: {one_line(orphan.note, 200)}", "italic")
    return card


def place_line(orphan: Orphan, place: Place, number: int) -> Text:
    """A candidate place: its number, the passage's § and label, its score, then its text in
    context with what differs from the orphan's quote marked."""
    passage = place.passage
    line = Text(f"{number} ", "bold")
    line.append(f"§{passage.seq + 1}", "bold")
    if passage.label:
        line.append(f" {visible(passage.label)}", "bold")
    line.append(f"  {place.score:.0%}", "cyan")
    line.append("  whole passage\n" if place.start is None else "\n", "dim")
    text = passage.text
    if place.start is None or place.end is None:
        return line.append_text(_in_context("", changes(orphan.quote, place.quote), ""))
    before = text[max(0, place.start - CONTEXT_CHARS) : place.start]
    after = text[place.end : place.end + CONTEXT_CHARS]
    return line.append_text(_in_context(before, changes(orphan.quote, place.quote), after))


def changes(old: str, new: str) -> Text:
    """``new`` with the words it adds to ``old`` marked, and those it drops shown struck
    through where they were."""
    old_words, new_words = _TOKENS.findall(_cut(old)), _TOKENS.findall(_cut(new))
    shown = Text()
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for operation, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        if operation == "equal":
            shown.append(visible("".join(new_words[new_from:new_to])))
            continue
        if old_to > old_from:
            shown.append(visible("".join(old_words[old_from:old_to])), REMOVED)
        if new_to > new_from:
            shown.append(visible("".join(new_words[new_from:new_to])), ADDED)
    return shown


def _in_context(prefix: str, quote: Text, suffix: str) -> Text:
    """``…prefix«quote»suffix…``, the context dim."""
    shown = Text()
    if prefix:
        shown.append(f"…{visible(prefix[-CONTEXT_CHARS:])}", "dim")
    shown.append("«")
    shown.append_text(quote)
    shown.append("»")
    if suffix:
        shown.append(f"{visible(suffix[:CONTEXT_CHARS])}…", "dim")
    return shown


def _cut(text: str) -> str:
    """At most ``QUOTE_CHARS`` of ``text``, an ellipsis after a cut."""
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
