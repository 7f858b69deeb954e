"""The fuzzy picker: type to find a line (concepts, relation types, a passage's tags or links),
typos and accents forgiven; a line's hotkey typed first picks it at once.

A line found by another name than the one it shows says which (``· alias: RTU``), and a line
with a description (a concept's guideline) shows it under the list while highlighted: the
reviewer tags by what a concept means, not only by what it is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from annotator.display import visible
from annotator.search.choices import Match, Name, Span, Tier, concept_names, rank
from annotator.tui.render import contrast
from schemas import Concept

PICKER_LIMIT = 30
"""Lines listed for a query."""

HINT_WIDTH = 40
"""Characters of a matched name a line shows at most."""

SNIPPET_CONTEXT = 15
"""Characters shown either side of the word a description matched by."""

SILENT_KINDS = frozenset({"", "fr"})
"""Matched names a line does not explain: the French label is what it shows already, and a
plain name (a relation type's, a tag's) needs no explaining."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One line of a fuzzy picker: what it shows, what typing finds it by, its hotkey."""

    id: str
    prompt: Text
    names: tuple[str | Name, ...]
    """What a typed query is matched against: plain strings (labels, ids, quotes) or names
    with a tier (a concept's labels before its aliases before its description)."""
    key: str | None = None
    """Typed first, picks the line at once (a concept's or a relation type's hotkey)."""
    refusal: str | None = None
    """Why the line may not be picked now (shown dimmed; picking it says why)."""
    description: str | None = None
    """Shown under the list while the line is highlighted (a concept's guideline)."""


def keyed_prompt(key: str | None, color: str, label: str, detail: str) -> Text:
    """A picker line: the hotkey, a colour chip, a label, a dim detail."""
    line = Text(f"[{key}] " if key else "    ")
    line.append("  ", contrast(color))
    line.append(f" {label}")
    line.append(f"  {detail}", style="dim")
    return line


def concept_choice(concept: Concept) -> Choice:
    """A concept as a picker line, found by its labels and id, then its aliases, then its
    description; the French description is its guideline."""
    return Choice(
        concept.id,
        keyed_prompt(concept.key, concept.color, concept.label.fr, concept.label.en),
        concept_names(concept),
        concept.key,
        description=concept.description.fr,
    )


def concept_picker(concepts: Iterable[Concept], title: str) -> FuzzyPicker:
    """The fuzzy picker over a scheme's concepts (hotkeys are not taken: a concept's name may
    start with another concept's key)."""
    return FuzzyPicker(
        [replace(concept_choice(c), key=None) for c in concepts],
        title,
        "type a concept: excès de pouvoir, RTU, posologie…",
    )


def match_hint(match: Match) -> Text | None:
    """Why a line is listed when its French label does not say it: ``· alias: RTU``, the
    words matched in bold; None when the shown label matched."""
    name = match.name
    if name.kind in SILENT_KINDS:
        return None
    if name.tier == Tier.DESCRIPTION:  # too long to show: the words around the match
        shown, spans = _snippet(name.text, match.spans)
    else:
        shown, spans = name.text, match.spans
    hint = Text(f"  · {name.kind}: ", style="dim")
    hint.append_text(_emphasised(shown, spans, HINT_WIDTH))
    return hint


def _snippet(text: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """The words of a long text around its first matched span, the spans moved with them."""
    if not spans:
        return text, ()
    start = max(0, spans[0][0] - SNIPPET_CONTEXT)
    if start:  # from the start of a word
        start = min(spans[0][0], text.find(" ", start) + 1 or start)
    end = min(len(text), spans[0][1] + SNIPPET_CONTEXT)
    lead = "…" if start else ""
    shift = len(lead) - start
    moved = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return f"{lead}{text[start:end]}{'…' if end < len(text) else ''}", moved


def _emphasised(shown: str, spans: tuple[Span, ...], width: int) -> Text:
    """``shown`` on one line, dim, cut to ``width`` characters, its matched words bold.

    One character stands for one (``visible``), so the spans still point at the words."""
    flat = visible(shown)
    kept = len(flat) if len(flat) <= width else width - 1
    text = Text(flat[:kept] + ("…" if kept < len(flat) else ""), style="dim")
    for start, end in spans:
        if end <= kept:
            text.stylize("bold", start, end)
    return text


class FuzzyPicker(ModalScreen[str | None]):
    """Type to find a line (typos and accents forgiven), Enter to choose it; a line's hotkey
    typed first chooses it at once. Returns the chosen id, None on Escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close the picker"),
        Binding("down", "cursor(1)", "Down", show=False, id="picker.down", tooltip="Next match"),
        Binding("up", "cursor(-1)", "Up", show=False, id="picker.up", tooltip="Previous match"),
    ]

    def __init__(self, choices: Iterable[Choice], title: str, placeholder: str) -> None:
        super().__init__()
        self._choices = {choice.id: choice for choice in choices}
        self._keys = {c.key: c for c in self._choices.values() if c.key is not None}
        self._title = title
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Label(Text(self._title), classes="modal-title")
            yield Input(placeholder=self._placeholder)
            yield OptionList(*self._options(self._unranked()))
            description = Static(id="picker-description")
            description.display = any(c.description for c in self._choices.values())
            yield description

    def _unranked(self) -> list[tuple[str, Text | None]]:
        """Every line in the given order, as listed before anything is typed."""
        return [(choice_id, None) for choice_id in self._choices]

    def _options(self, lines: list[tuple[str, Text | None]]) -> list[Option]:
        """The option list's lines: each choice's prompt, its match hint after it, struck
        through and disabled when it may not be picked."""
        options = []
        for choice_id, hint in lines:
            choice = self._choices[choice_id]
            prompt = choice.prompt if hint is None else Text.assemble(choice.prompt, hint)
            if choice.refusal is not None:
                prompt = prompt.copy()
                prompt.stylize("dim strike", 0, len(prompt))
            options.append(Option(prompt, id=choice.id, disabled=choice.refusal is not None))
        return options

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        if len(event.value) == 1 and event.value in self._keys:
            self._choose(self._keys[event.value])
            return
        options = self.query_one(OptionList)
        options.clear_options()
        query = event.value.strip()
        if query:
            named = ((choice.id, choice.names) for choice in self._choices.values())
            lines = [(m.id, match_hint(m)) for m in rank(query, named, PICKER_LIMIT)]
        else:
            lines = self._unranked()
        options.add_options(self._options(lines))
        options.action_first()
        self._describe()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """Show the highlighted line's description under the list (none when nothing
        matches)."""
        area = self.query_one("#picker-description", Static)
        if area.display:
            choice = self._highlighted_choice()
            area.update(Text(choice.description or "") if choice is not None else "")

    def _highlighted_choice(self) -> Choice | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        chosen = options.get_option_at_index(options.highlighted).id
        return None if chosen is None else self._choices[chosen]

    def _choose(self, choice: Choice) -> None:
        if choice.refusal is None:
            self.dismiss(choice.id)
            return
        self.notify(choice.refusal, severity="warning", timeout=6)
        self.query_one(Input).clear()

    @on(Input.Submitted)
    def _submit(self) -> None:
        choice = self._highlighted_choice()
        if choice is not None:
            self._choose(choice)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._choose(self._choices[event.option.id])

    def action_cursor(self, delta: int) -> None:
        """Move through the matches (skipping refused ones) while typing in the input."""
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
