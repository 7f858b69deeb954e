"""The argument map screen: the reasoning of a document as a tree, Enter goes to a passage.

The relations are read and the forest built in a thread worker (a document with thousands of
links takes longer than a frame), and come back as a ``MapReady`` message; until then the
screen says it is building. Drawing is the ``ArgumentMapView``'s job, a line at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from annotator.display import one_line
from annotator.reasoning import argument_map
from annotator.store import LinkedRelation
from annotator.tui.linking import LINK_KEY
from annotator.tui.map_view import EDGE_SIGNS, ArgumentMapView
from annotator.tui.messages import MapReady
from annotator.tui.render import LinkLabels
from annotator.tui.search_screen import Jump
from schemas import Concept

MAP_KEY = "A"
"""Opens the argument map of the current document."""

EMPTY = f"no links in this document yet: press {LINK_KEY} on a tagged passage to make one"

Relations = Callable[[], list[LinkedRelation]]
"""Reads the relations with an end in the mapped document (run in the screen's worker)."""


class ArgumentMapScreen(ModalScreen[Jump | None]):
    """Conclusions as roots, what supports, attacks or applies to them beneath; returns the
    passage chosen with Enter, None on Escape.

    Modal, though it fills the terminal: the main screen's keys (a concept's hotkey, undo)
    must not act on the passage hidden behind it.
    """

    DEFAULT_CSS = """
    ArgumentMapScreen { background: $background; }
    ArgumentMapScreen #map-title { background: $panel; padding: 0 1; text-style: bold; }
    ArgumentMapScreen #map { height: 1fr; border: round $accent; }
    ArgumentMapScreen #map-hint { color: $foreground 60%; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="map.close", tooltip="Back to the passages"),
    ]

    def __init__(
        self,
        document: str,
        relations: Relations,
        labels: LinkLabels,
        concepts: Mapping[str, Concept],
    ) -> None:
        super().__init__()
        self._document = document
        self._relations = relations
        self._labels = labels
        self._concepts = concepts

    def compose(self) -> ComposeResult:
        title = self._labels.titles.get(self._document, self._document)
        yield Static(Text(f"Argument map · {one_line(title, 80)}"), id="map-title")
        yield ArgumentMapView(self._document, self._labels, self._concepts, id="map")
        yield Static(Text("building the map…"), id="map-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArgumentMapView).focus()
        self._build()

    @work(thread=True, exclusive=True, group="argument-map", exit_on_error=False)
    def _build(self) -> None:
        rows = argument_map(self._relations(), self._document)
        if not get_current_worker().is_cancelled:
            self.post_message(MapReady(rows))

    @on(MapReady)
    def _ready(self, message: MapReady) -> None:
        view = self.query_one(ArgumentMapView)
        view.load(message.rows)
        hint = self.query_one("#map-hint", Static)
        if not message.rows:
            hint.update(Text(EMPTY))
            return
        links = sum(row.relation is not None for row in message.rows)
        counted = f"{links} link{'' if links == 1 else 's'}"
        hint.update(
            Text(
                f"{counted} · {self._legend()} · (again) drawn above · ↺ cycle · "
                "Enter goes to the passage · Escape closes"
            )
        )

    def _legend(self) -> str:
        """What each edge sign stands for, from the scheme's relation types."""
        by_sign: dict[str, list[str]] = {}
        for kind in self._labels.types.values():
            by_sign.setdefault(EDGE_SIGNS[kind.aif], []).append(kind.label.fr)
        return " · ".join(f"{sign} {', '.join(names)}" for sign, names in by_sign.items())

    @on(ArgumentMapView.Chosen)
    def _chosen(self, message: ArgumentMapView.Chosen) -> None:
        node = message.row.node
        self.dismiss(Jump(node.document, node.seq))

    def action_close(self) -> None:
        self.dismiss(None)
