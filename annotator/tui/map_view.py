"""The argument map's list of lines: a ScrollView that draws only the lines on screen.

A map of thousands of links is thousands of lines; like the passage list, it mounts no widget
per line and builds a line's strip only when it comes on screen (then keeps it until the width
or the cursor changes it). Each line is one ``MapRow``, so the height of the whole is known
before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.display import one_line
from annotator.reasoning import MapRow, Mark
from annotator.tui.render import LINK_TITLE_CHARS, LinkLabels, contrast
from schemas import Concept

EDGE_SIGNS: Mapping[str | None, str] = {"RA": "✓", "CA": "✗", "MA": "≈", None: "→"}
"""The sign before a link's type by its AIF kind: an attack (conflict) reads apart from a
support (inference) even without colour."""

MIN_QUOTE = 12
"""Characters of a quote kept however narrow the screen (the line is cut after it)."""


def map_line(
    row: MapRow, document: str, labels: LinkLabels, concepts: Mapping[str, Concept], width: int
) -> Text:
    """A map line: the branch, the link's sign and type in its colour, the §number (with the
    other document's title when it is elsewhere), the concept, the quote cut to fit, the mark.

    Built by appending styled pieces: the quote is data and is never parsed as markup.
    """
    line = Text(row.guide, style="dim", no_wrap=True)
    if row.relation is not None:
        kind = labels.types.get(row.relation.type)
        sign = EDGE_SIGNS[kind.aif if kind else None]
        label = kind.label.fr if kind else row.relation.type
        edge = Style(color=kind.color, bold=True) if kind else Style(dim=True)
        line.append(f"{sign} {label}", edge)
        line.append(" ")
    node = row.node
    if node.document != document:
        title = labels.titles.get(node.document, node.document)
        line.append(f"{one_line(title, LINK_TITLE_CHARS)} ", "italic")
    line.append(f"§{node.seq + 1}", "bold")
    line.append(" ")
    concept = concepts.get(node.concept)
    line.append(
        f" {concept.label.fr if concept else node.concept} ",
        contrast(concept.color) if concept else "reverse",
    )
    mark = f" {row.mark.value}" if row.mark is not Mark.FIRST else ""
    room = max(width - line.cell_len - len(mark) - 3, MIN_QUOTE)
    line.append(f" «{one_line(node.quote, room)}»")
    if mark:
        line.append(mark, "bold yellow" if row.mark is Mark.CYCLE else "italic dim")
    return line


class ArgumentMapView(ScrollView, can_focus=True):
    """The map's lines with a cursor; Enter says which line was chosen."""

    COMPONENT_CLASSES = {"map-view--cursor"}

    DEFAULT_CSS = """
    ArgumentMapView {
        background: $surface;
        color: $foreground;
    }
    ArgumentMapView > .map-view--cursor { background: $boost; text-style: bold; }
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Next", id="map.next", tooltip="Next line of the map"),
        Binding("up,k", "move(-1)", "Previous", id="map.previous", tooltip="Previous line"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="map.page_down", tooltip="Down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="map.page_up", tooltip="Up"),
        Binding("g,home", "first", "First", show=False, id="map.first", tooltip="First line"),
        Binding("G,end", "last", "Last", show=False, id="map.last", tooltip="Last line"),
        Binding(
            "enter", "choose", "Go there", id="map.choose", tooltip="Go to this line's passage"
        ),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Chosen(Message):
        """Enter on a line: go to its passage."""

        def __init__(self, row: MapRow) -> None:
            self.row = row
            super().__init__()

    def __init__(
        self,
        document: str,
        labels: LinkLabels,
        concepts: Mapping[str, Concept],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._document = document
        self._labels = labels
        self._concepts = concepts
        self._rows: Sequence[MapRow] = ()
        self._strips: dict[int, Strip] = {}

    @property
    def rows(self) -> Sequence[MapRow]:
        """The lines shown."""
        return self._rows

    def load(self, rows: Sequence[MapRow]) -> None:
        """Show these lines, the cursor on the first."""
        self._rows = rows
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = 0

    def on_resize(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self._rows))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.size.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            text = map_line(self._rows[index], self._document, self._labels, self._concepts, width)
            text.truncate(width, overflow="ellipsis")
            strip = Strip(text.render(self.app.console)).adjust_cell_length(width, self.rich_style)
            strip = strip.apply_style(self.rich_style)
            if index == self.cursor:
                strip = strip.apply_style(self.get_component_rich_style("map-view--cursor"))
            self._strips[index] = strip
        return strip

    def watch_cursor(self, old: int, new: int) -> None:
        self._strips.pop(old, None)
        self._strips.pop(new, None)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self._rows:
            self.cursor = min(max(self.cursor + delta, 0), len(self._rows) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 1, 1))

    def action_first(self) -> None:
        self.action_move(-len(self._rows))

    def action_last(self) -> None:
        self.action_move(len(self._rows))

    def action_choose(self) -> None:
        if self._rows:
            self.post_message(self.Chosen(self._rows[self.cursor]))
