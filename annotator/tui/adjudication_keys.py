"""The adjudication screen's keys, as data: each binding with an id and a tooltip (the
footer, the help screen and the command palette explain them), and the concepts' hotkeys,
which tag the passage anew in the gold layer there."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.binding import Binding, BindingType

from schemas import Concept

ADJUDICATE_KEY = "C"
"""Opens the adjudication screen from the main screen (C for curate: A is the argument map)."""

ADJUDICATION_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Close", id="adjudication.close", tooltip="Back to the passages"),
    Binding(
        "enter",
        "accept",
        "Accept",
        id="adjudication.accept",
        tooltip="Accept the item under the cursor into the gold layer (a link: with its ends)",
    ),
    Binding(
        "x,delete",
        "reject",
        "Reject",
        id="adjudication.reject",
        tooltip="Reject the item under the cursor (out of gold if it was there)",
    ),
    Binding(
        "A",
        "agreed",
        "Accept agreed",
        id="adjudication.agreed",
        tooltip="Accept into gold everything all the reviewers agree on in this passage",
    ),
    Binding(
        "right_square_bracket,pagedown",
        "step(1)",
        "Next",
        id="adjudication.next",
        tooltip="Next disputed passage",
    ),
    Binding(
        "left_square_bracket,pageup",
        "step(-1)",
        "Previous",
        id="adjudication.previous",
        tooltip="Previous disputed passage",
    ),
    Binding(
        "space",
        "unresolved",
        "Next to do",
        id="adjudication.unresolved",
        tooltip="Next disputed passage still to resolve",
    ),
    Binding(
        "down,j",
        "move(1)",
        "Next item",
        show=False,
        id="adjudication.down",
        tooltip="Next item (column by column)",
    ),
    Binding(
        "up,k",
        "move(-1)",
        "Previous item",
        show=False,
        id="adjudication.up",
        tooltip="Previous item",
    ),
    Binding(
        "right,l",
        "column(1)",
        "Next reviewer",
        show=False,
        id="adjudication.right",
        tooltip="The next reviewer's items",
    ),
    Binding(
        "left,h",
        "column(-1)",
        "Previous reviewer",
        show=False,
        id="adjudication.left",
        tooltip="The previous reviewer's items",
    ),
    Binding(
        "t",
        "pick",
        "Tag gold…",
        show=False,
        id="adjudication.pick",
        tooltip="Pick any concept by name to tag the whole passage in the gold layer",
    ),
    Binding("u", "undo", "Undo", id="adjudication.undo", tooltip="Undo your last change"),
    Binding(
        "ctrl+r",
        "redo",
        "Redo",
        show=False,
        id="adjudication.redo",
        tooltip="Redo what you undid",
    ),
    Binding(
        "question_mark",
        "help",
        "Help",
        show=False,
        id="adjudication.help",
        tooltip="Show every key binding",
    ),
]
"""The screen's own keys (the concepts' hotkeys are added from the scheme)."""


def concept_bindings(concepts: Iterable[Concept]) -> Iterator[tuple[str, Binding]]:
    """(key, binding) for each concept with a hotkey: on this screen it tags the whole
    passage in the gold layer, or takes that tag out again."""
    for concept in concepts:
        if concept.key is not None:
            yield (
                concept.key,
                Binding(
                    concept.key,
                    f"tag('{concept.id}')",
                    concept.label.fr,
                    show=False,
                    id=f"adjudication.concept.{concept.id}",
                    tooltip=f"Tag the whole passage {concept.label.fr} in the gold layer "
                    "(again: take it out)",
                ),
            )
