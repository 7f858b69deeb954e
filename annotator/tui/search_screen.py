"""Search as you type over the whole corpus; Enter jumps to a passage, a hotkey tags it.

Each keystroke restarts a short timer; when it fires, the search runs in an exclusive
thread worker, and results carry the query they answer, so a slow stale search can never
replace the results of a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from annotator.display import one_line
from annotator.search.engine import Hit
from annotator.search.snippets import snippet
from schemas import Concept

DEBOUNCE_SECONDS = 0.15
RESULTS = 50
TITLE_CHARS = 28
"""Characters of a document's title before a result's § number."""

Searcher = Callable[[str, int, str | None], list[Hit]]
"""(query, limit, document or None for the whole corpus) -> hits, best first."""


@dataclass(frozen=True, slots=True)
class Jump:
    """Where the reviewer chose to go."""

    document: str
    seq: int


class SearchScreen(ModalScreen[Jump | None]):
    """Type to search; ↓ to the results; Enter jumps; a hotkey tags; Escape goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back", tooltip="Back to where you were"),
        Binding(
            "down",
            "results",
            "Results",
            id="search.results",
            tooltip="Move to the results (then a concept's hotkey tags the result)",
        ),
        Binding(
            "ctrl+o",
            "only_document",
            "This document only",
            id="search.only_document",
            tooltip="Search only the open document, or the whole corpus again",
        ),
    ]

    def __init__(
        self,
        searcher: Searcher,
        titles: dict[str, str],
        hotkeys: dict[str, Concept],
        tag: Callable[[Hit, Concept], None],
        scope: str,
        document: tuple[str, str] | None,
    ) -> None:
        """``scope`` names the filter in force; ``document`` is the open one (id, title)."""
        super().__init__()
        self._scope = scope
        self._document = document
        self._document_only = False
        self._searcher = searcher
        self._titles = titles
        self._hotkeys = hotkeys
        self._tag = tag
        self._hits: list[Hit] = []
        self._timer: Timer | None = None
        self._shown_query = ""
        self._go_when_shown = False
        """Enter was pressed before the results of the query typed had arrived: go to the
        first one when they do."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="modal-box"):
            yield Label(self._title(), classes="modal-title", id="search-title")
            yield Input(placeholder='exces de pouvoir, Maranchini, "maximale de 80"…')
            yield OptionList(id="search-results")
            yield Label(
                "↓ results · Enter go to passage · hotkey tag it · Escape back",
                classes="modal-hint",
                id="search-status",
            )

    def _title(self) -> Text:
        where, toggle = self._scope, "ctrl+o this document only"
        if self._document_only and self._document is not None:
            where, toggle = f"in {one_line(self._document[1], 40)}", "ctrl+o whole corpus"
        return Text(f"Search {where} (typos and accents forgiven) · {toggle}")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._go_when_shown = False
        query = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self._search(query))

    def action_only_document(self) -> None:
        """Narrow the search to the open document, or widen it back; the query runs again."""
        if self._document is None:
            self.notify("No document is open", severity="warning")
            return
        self._document_only = not self._document_only
        self.query_one("#search-title", Label).update(self._title())
        self._search(self.query_one(Input).value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        document = self._document[0] if self._document_only and self._document else None
        hits = self._searcher(query, RESULTS, document)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[Hit]) -> None:
        if query != self.query_one(Input).value:
            return  # a newer query is on its way
        self._hits = hits
        self._shown_query = query
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(Option(snippet(hit, self._where(hit))) for hit in hits)
        if hits:
            results.highlighted = 0
        if self._go_when_shown:
            self._go_when_shown = False
            if hits:
                self._go(0)
                return
            self.notify(f"nothing found for {one_line(query, 40)!r}", severity="warning")
        status = f"{len(hits)} result{'s' if len(hits) != 1 else ''}" if query.strip() else ""
        self.query_one("#search-status", Label).update(
            f"{status} · ↓ results · Enter go · hotkey tag · Escape back".lstrip(" ·")
        )

    def _where(self, hit: Hit) -> str:
        """A result's place: its document's title, cut, and its § number."""
        title = one_line(self._titles.get(hit.passage.document, ""), TITLE_CHARS)
        return f"{title} §{hit.passage.seq + 1}"

    @property
    def hits(self) -> list[Hit]:
        """The results shown."""
        return self._hits

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count and not results.has_focus:
            results.focus()
            results.highlighted = results.highlighted or 0

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value != self._shown_query:  # typed, then Enter at once: the results are due
            self._go_when_shown = True
            if self._timer is not None:
                self._timer.stop()
            self._search(event.value)
            return
        self._go(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._go(event.option_index)

    def _go(self, index: int | None) -> None:
        if index is not None and index < len(self._hits):
            passage = self._hits[index].passage
            self.dismiss(Jump(passage.document, passage.seq))

    def on_key(self, event: events.Key) -> None:
        """A concept's hotkey, with the results focused, tags the highlighted result."""
        results = self.query_one(OptionList)
        concept = self._hotkeys.get(event.character or "")
        if concept is not None and results.has_focus and results.highlighted is not None:
            self._tag(self._hits[results.highlighted], concept)
            event.stop()

    def action_back(self) -> None:
        self.dismiss(None)
