"""The main screen's key bindings, as data: each with an id and a tooltip, so the footer,
the help screen and the command palette explain them and users can remap them by id."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from annotator.tui.adjudication_keys import ADJUDICATE_KEY
from annotator.tui.argument_map import MAP_KEY
from annotator.tui.guideline import GUIDELINE_KEY
from annotator.tui.linking import LINK_KEY
from annotator.tui.orphan_queue import ORPHANS_KEY

DONE_KEY = "ctrl+d"
"""Marks the document shown done (d goes to the documents, so done is ctrl+d)."""

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (everything is saved already)"),
    Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key binding"),
    Binding(
        "v",
        "select",
        "Select span",
        id="app.select",
        tooltip="Selection mode: pick a span by word (w/b) or sentence (s), then a hotkey",
    ),
    Binding(
        "escape",
        "cancel",
        "Cancel",
        show=False,
        id="app.cancel",
        tooltip="Leave selection mode, or drop the link being made",
    ),
    Binding(
        "t",
        "pick",
        "Tag…",
        id="app.pick",
        tooltip="Pick any concept by name (fuzzy) to tag the passage or selection",
    ),
    Binding(
        "n",
        "note",
        "Note",
        id="app.note",
        tooltip="Add or edit the note of your latest tag on this passage",
    ),
    Binding(
        LINK_KEY,
        "link",
        "Link",
        id="app.link",
        tooltip=f"Link a tag of this passage to another tag: press {LINK_KEY} here, go to "
        f"the target (any way), press {LINK_KEY} again, pick the link type",
    ),
    Binding(
        "greater_than_sign",
        "follow_link",
        "Follow link",
        show=False,
        id="app.follow_link",
        tooltip="Go to the other end of a link of this passage",
    ),
    Binding(
        "less_than_sign",
        "link_back",
        "Back",
        show=False,
        id="app.link_back",
        tooltip="Go back to where the last followed link started",
    ),
    Binding(
        "x",
        "unlink",
        "Remove link",
        show=False,
        id="app.unlink",
        tooltip="Remove a link of this passage (u brings it back)",
    ),
    Binding(
        MAP_KEY,
        "argument_map",
        "Argument map",
        show=False,
        id="app.argument_map",
        tooltip="The reasoning of this document as a tree: conclusions, what supports or "
        "attacks them beneath; Enter goes to a passage",
    ),
    Binding(
        ADJUDICATE_KEY,
        "adjudicate",
        "Adjudicate",
        show=False,
        id="app.adjudicate",
        tooltip="The passages where reviewers disagree, side by side: accept or reject each "
        "tag into the gold layer",
    ),
    Binding(
        ORPHANS_KEY,
        "orphans",
        "Orphans",
        show=False,
        id="app.orphans",
        tooltip="The tags a new version of their document could not place: accept a "
        "candidate place, place by hand, or discard",
    ),
    Binding(
        "enter",
        "place",
        "Place orphan",
        show=False,
        id="app.place",
        tooltip="Placing an orphan by hand (v in the orphan queue): put it on the selection",
    ),
    Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo your last change"),
    Binding("ctrl+r", "redo", "Redo", id="app.redo", tooltip="Redo what you undid"),
    Binding(
        "f",
        "filter",
        "Filter",
        id="app.filter",
        tooltip="Show all, untagged, by concept or by reviewer",
    ),
    Binding(
        "right_square_bracket",
        "untagged(1)",
        "Next untagged",
        show=False,
        id="app.next_untagged",
        tooltip="Next passage nobody has tagged",
    ),
    Binding(
        "left_square_bracket",
        "untagged(-1)",
        "Previous untagged",
        show=False,
        id="app.previous_untagged",
        tooltip="Previous passage nobody has tagged",
    ),
    Binding(
        "slash",
        "search",
        "Search",
        id="app.search",
        tooltip="Search every passage (typos and accents forgiven); Enter goes there",
    ),
    Binding(
        "d",
        "documents",
        "Documents",
        show=False,
        id="app.documents",
        tooltip="Go to the list of documents",
    ),
    Binding(
        DONE_KEY,
        "done",
        "Done",
        show=False,
        id="app.done",
        tooltip="Mark the document shown finished for you (✓ in the list), or unmark it",
    ),
    Binding(
        "tab",
        "focus_next",
        "Next pane",
        show=False,
        id="app.focus_next",
        tooltip="Move to the next pane",
    ),
    Binding(
        GUIDELINE_KEY,
        "guideline",
        "Guideline",
        show=False,
        id="app.guideline",
        tooltip="The whole guideline of a concept: the one highlighted in the concept tree, "
        "or the current passage's last tag while the passages have focus",
    ),
    Binding(
        "ctrl+b",
        "toggle_sidebar",
        "Sidebar",
        show=False,
        id="app.sidebar",
        tooltip="Hide or show the documents and concepts (more room for the text)",
    ),
    Binding(
        "plus",
        "sidebar_width(4)",
        "Sidebar wider",
        show=False,
        id="app.sidebar_wider",
        tooltip="Widen the sidebar by 4 columns (long titles and labels)",
    ),
    Binding(
        "minus",
        "sidebar_width(-4)",
        "Sidebar narrower",
        show=False,
        id="app.sidebar_narrower",
        tooltip="Narrow the sidebar by 4 columns",
    ),
]
"""The application's own bindings (the passage view adds its moves and selection keys)."""
