"""The passage list: a virtualized ScrollView that draws only what is on screen.

It holds the positions of the passages to show (a few bytes each, so 100k are cheap) and
their heights, exact for the passages already drawn and estimated from text length for the
rest. Rows come from the store in windows and sit in an LRU cache; nothing mounts a widget
per passage.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from itertools import accumulate

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.display import visible
from annotator.store import PassageIndex, ReviewRow
from annotator.tui.render import LinkLabels, Palette, estimated_heights, passage_lines
from annotator.tui.selection import WordSelection
from schemas import Concept

WINDOW = 200
"""Passages fetched from the store at a time."""

CACHE_ROWS = 3000
"""Passages kept in memory."""

EXACT_BELOW = 300
"""Documents with fewer passages get exact heights at once; longer ones as they are drawn."""
SETTLE_TRIES = 4
"""Rounds of scrolling to the cursor and measuring what comes on screen (each round measures
a screenful, so two are enough in practice)."""

Fetch = Callable[[int, int], list[ReviewRow]]


class PassageView(ScrollView, can_focus=True):
    """Passages of one document in reading order, one cursor, an optional span selection."""

    COMPONENT_CLASSES = {
        "passage-view--gutter",
        "passage-view--cursor-gutter",
        "passage-view--cursor",
        "passage-view--heading",
        "passage-view--selection",
        "passage-view--muted",
    }

    DEFAULT_CSS = """
    PassageView {
        background: $surface;
        color: $foreground;
        scrollbar-gutter: stable;
    }
    PassageView > .passage-view--gutter { color: $foreground 40%; }
    PassageView > .passage-view--cursor-gutter { color: $accent; text-style: bold; }
    PassageView > .passage-view--cursor { background: $boost; }
    PassageView > .passage-view--heading { text-style: bold; }
    PassageView > .passage-view--selection { background: $accent; color: $text; }
    PassageView > .passage-view--muted { color: $foreground 50%; }
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Next", id="passage.next", tooltip="Next passage"),
        Binding("up,k", "move(-1)", "Previous", id="passage.previous", tooltip="Previous passage"),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="passage.page_down",
            tooltip="One screen down",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            show=False,
            id="passage.page_up",
            tooltip="One screen up",
        ),
        Binding(
            "g,home", "first", "First", show=False, id="passage.first", tooltip="First passage"
        ),
        Binding("G,end", "last", "Last", show=False, id="passage.last", tooltip="Last passage"),
        Binding(
            "w,shift+right",
            "extend(1)",
            "Word +",
            show=False,
            id="select.extend",
            tooltip="Selection mode: extend the selection by a word",
        ),
        Binding(
            "b,shift+left",
            "extend(-1)",
            "Word −",
            show=False,
            id="select.shrink",
            tooltip="Selection mode: shrink the selection by a word",
        ),
        Binding(
            "right,l",
            "shift(1)",
            "Next word",
            show=False,
            id="select.next_word",
            tooltip="Selection mode: move the selection to the next word",
        ),
        Binding(
            "left,h",
            "shift(-1)",
            "Previous word",
            show=False,
            id="select.previous_word",
            tooltip="Selection mode: move the selection to the previous word",
        ),
        Binding(
            "s",
            "sentence",
            "Sentence",
            show=False,
            id="select.sentence",
            tooltip="Selection mode: select the sentence at the selection",
        ),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class CursorMoved(Message):
        """The cursor is on another passage (or the same one was redrawn)."""

        def __init__(self, row: ReviewRow | None) -> None:
            self.row = row
            super().__init__()

    class SelectionChanged(Message):
        """Selection mode started, ended, or its span changed."""

        def __init__(self, selection: tuple[int, int] | None, quote: str) -> None:
            self.selection = selection
            self.quote = quote
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._document: str | None = None
        self._index = PassageIndex((), ())
        self._fetch: Fetch = lambda first, last: []
        self._concepts: dict[str, Concept] = {}
        self._reviewer = ""
        self._links = LinkLabels()
        self._rows: OrderedDict[int, ReviewRow] = OrderedDict()
        self._heights: list[int] = []
        self._exact: list[bool] = []
        self._offsets: list[int] = [0]
        self._layout_width = 0
        self._lines: dict[int, list[Strip]] = {}
        self._selecting: WordSelection | None = None

    # -- loading ---------------------------------------------------------------------------

    def configure(self, concepts: dict[str, Concept], reviewer: str, links: LinkLabels) -> None:
        """Set the scheme's concepts and relation types (for colours and labels) and whose
        work this is."""
        self._concepts = concepts
        self._reviewer = reviewer
        self._links = links
        self._lines.clear()
        self.refresh()

    def load(self, document: str, index: PassageIndex, fetch: Fetch, cursor_seq: int = 0) -> None:
        """Show ``index``'s passages of ``document``, the cursor on ``cursor_seq`` or after."""
        self._document = document
        self._index = index
        self._fetch = fetch
        self._rows.clear()
        self._lines.clear()
        self._selecting = None
        self._relayout(force=True)
        self.cursor = min(bisect_left(index.seqs, cursor_seq), max(len(index.seqs) - 1, 0))

    def invalidate(self) -> None:
        """Forget every cached row, so each is read again (and measured again: another
        reviewer's tag or link may have made it taller) when it is drawn."""
        self._rows.clear()
        self._lines.clear()
        self._exact = [False] * len(self._exact)
        self._settle_visible()
        self.refresh()
        self.post_message(self.CursorMoved(self.current_row))

    def patch(self, rows: Iterable[ReviewRow]) -> None:
        """Put rows read back after a change in place of the cached ones and redraw just
        those (a passage the filter hides, or of another document, is left alone)."""
        cursor_seq = self.current_seq
        cursor_patched = False
        for row in rows:
            seq = row.passage.seq
            position = bisect_left(self._index.seqs, seq)
            shown = position < len(self._index.seqs) and self._index.seqs[position] == seq
            if row.passage.document != self._document or not shown:
                continue
            self._rows[seq] = row
            self._rows.move_to_end(seq)
            self._lines.pop(seq, None)
            self._exact[position] = False
            cursor_patched |= seq == cursor_seq
        self._settle_visible()
        self.refresh()
        if cursor_patched:
            self.post_message(self.CursorMoved(self.current_row))

    @property
    def document(self) -> str | None:
        """The id of the document shown."""
        return self._document

    @property
    def count(self) -> int:
        """How many passages the view shows."""
        return len(self._index.seqs)

    @property
    def current_seq(self) -> int | None:
        """Position in its document of the passage under the cursor."""
        return self._index.seqs[self.cursor] if self._index.seqs else None

    @property
    def current_row(self) -> ReviewRow | None:
        """The passage under the cursor, with its annotations."""
        seq = self.current_seq
        return None if seq is None else self._row(seq)

    # -- rows and heights ------------------------------------------------------------------

    def _row(self, seq: int) -> ReviewRow | None:
        row = self._rows.get(seq)
        if row is not None:
            self._rows.move_to_end(seq)
            return row
        if self._document is None:
            return None
        position = bisect_right(self._index.seqs, seq) - 1
        low = self._index.seqs[max(position - WINDOW // 4, 0)]
        high = self._index.seqs[min(position + WINDOW, len(self._index.seqs) - 1)]
        for fetched in self._fetch(low, high):
            self._rows[fetched.passage.seq] = fetched
        while len(self._rows) > CACHE_ROWS:
            evicted, _ = self._rows.popitem(last=False)
            self._lines.pop(evicted, None)
        return self._rows.get(seq)

    def _relayout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width or self.size.width or 80
        if width == self._layout_width and not force:
            return
        self._layout_width = width
        self._lines.clear()
        count = len(self._index.seqs)
        self._heights = estimated_heights(self._index.lengths, width)
        self._exact = [False] * count
        if count <= EXACT_BELOW:
            for position in range(count):
                self._measure(position)
        self._update_offsets()

    def _update_offsets(self) -> None:
        self._offsets = [0, *accumulate(self._heights)]
        self.virtual_size = Size(self._layout_width, self._offsets[-1])

    def _strips(self, position: int) -> list[Strip]:
        seq = self._index.seqs[position]
        lines = self._lines.get(seq)
        if lines is None:
            row = self._row(seq)
            if row is None:
                return [Strip.blank(self._layout_width)]
            cursor = position == self.cursor
            selection = self.selection if cursor else None
            lines = passage_lines(
                row,
                self._layout_width,
                self._palette(),
                self._concepts,
                self._reviewer,
                cursor=cursor,
                selection=selection,
                links=self._links,
            )
            self._lines[seq] = lines
        return lines

    def _measure(self, position: int) -> bool:
        """Make a passage's height exact; True if it changed."""
        if self._exact[position]:
            return False
        self._exact[position] = True
        height = len(self._strips(position))
        if height != self._heights[position]:
            self._heights[position] = height
            return True
        return False

    def _settle_visible(self) -> None:
        """Exact heights for what is on screen, keeping the first visible passage in place."""
        if not self._index.seqs:
            return
        top = int(self.scroll_y)
        first = max(bisect_right(self._offsets, top) - 1, 0)
        offset_in_first = top - self._offsets[first]
        changed = False
        position = first
        covered = 0
        while position < len(self._heights) and covered < self.size.height + 1:
            changed |= self._measure(position)
            covered += self._heights[position]
            position += 1
        changed |= self._measure(self.cursor)
        if changed:
            self._update_offsets()
            self.scroll_to(y=self._offsets[first] + offset_in_first, animate=False, immediate=True)

    def _palette(self) -> Palette:
        style = self.get_component_rich_style
        text = self.rich_style
        return Palette(
            text=text,
            gutter=style("passage-view--gutter"),
            cursor_gutter=style("passage-view--cursor-gutter"),
            cursor_text=text + style("passage-view--cursor"),
            heading=Style(bold=True),
            selection=style("passage-view--selection"),
            muted=style("passage-view--muted"),
        )

    # -- drawing ---------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._relayout()
        self._settle_visible()
        self._scroll_cursor_into_view()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._settle_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        absolute = int(self.scroll_y) + y
        if not self._index.seqs or absolute >= self._offsets[-1]:
            return Strip.blank(self.size.width, self.rich_style)
        position = bisect_right(self._offsets, absolute) - 1
        strips = self._strips(position)
        line = absolute - self._offsets[position]
        if line >= len(strips):
            return Strip.blank(self.size.width, self.rich_style)
        return strips[line].crop(0, self.size.width)

    # -- cursor ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        for position in (old, new):
            if 0 <= position < len(self._index.seqs):
                self._lines.pop(self._index.seqs[position], None)
        if self.selection is not None and old != new:
            self._selecting = None
            self.post_message(self.SelectionChanged(None, ""))
        if self._index.seqs:
            self._measure(new)
            self._update_offsets()
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.CursorMoved(self.current_row))

    def _scroll_cursor_into_view(self) -> None:
        """Show the cursor's passage whole (its top, if it is taller than the view).

        Scrolling there brings passages whose heights were guessed onto the screen; measuring
        them (as the scroll happens) can move the cursor's passage again, so this repeats until
        it stays where the last scroll put it.
        """
        if not self._index.seqs or self.cursor >= len(self._heights):
            return
        for _ in range(SETTLE_TRIES):
            place = (self._offsets[self.cursor], self._heights[self.cursor])
            top, height = place
            region = Region(0, top, 1, min(height, max(self.size.height, 1)))
            self.scroll_to_region(region, animate=False, immediate=True, force=True)
            self._settle_visible()
            if (self._offsets[self.cursor], self._heights[self.cursor]) == place:
                return

    def go_to_seq(self, seq: int) -> bool:
        """Put the cursor on the passage at ``seq`` if the view shows it."""
        position = bisect_right(self._index.seqs, seq) - 1
        if position >= 0 and self._index.seqs[position] == seq:
            self.cursor = position
            return True
        return False

    def action_move(self, delta: int) -> None:
        if self._index.seqs:
            self.cursor = min(max(self.cursor + delta, 0), len(self._index.seqs) - 1)

    def action_page(self, direction: int) -> None:
        if not self._index.seqs:
            return
        target = self._offsets[self.cursor] + direction * max(self.size.height - 2, 1)
        target = min(max(target, 0), self._offsets[-1] - 1)
        self.cursor = max(bisect_right(self._offsets, target) - 1, 0)

    def action_first(self) -> None:
        if self._index.seqs:
            self.cursor = 0

    def action_last(self) -> None:
        if self._index.seqs:
            self.cursor = len(self._index.seqs) - 1

    # -- selection mode --------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span of the current passage, in selection mode."""
        return None if self._selecting is None else self._selecting.span

    def start_selection(self) -> bool:
        """Enter selection mode on the first word of the current passage."""
        row = self.current_row
        self._selecting = None if row is None else WordSelection.start(row.passage.text)
        if self._selecting is None:
            return False
        self._show_selection()
        return True

    def end_selection(self) -> None:
        """Leave selection mode."""
        self._selecting = None
        self._redraw_cursor()
        self.post_message(self.SelectionChanged(None, ""))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"extend", "shift", "sentence"}:
            return self._selecting is not None
        return True

    def action_extend(self, delta: int) -> None:
        if self._selecting is not None:
            self._selecting.extend(delta)
            self._show_selection()

    def action_shift(self, delta: int) -> None:
        if self._selecting is not None:
            self._selecting.shift(delta)
            self._show_selection()

    def action_sentence(self) -> None:
        if self._selecting is not None:
            self._selecting.select_sentence()
            self._show_selection()

    def _show_selection(self) -> None:
        self._redraw_cursor()
        if self._selecting is not None:
            quote = visible(self._selecting.quote)
            self.post_message(self.SelectionChanged(self._selecting.span, quote))

    def _redraw_cursor(self) -> None:
        seq = self.current_seq
        if seq is not None:
            self._lines.pop(seq, None)
            self._exact[self.cursor] = False
            self._measure(self.cursor)
            self._update_offsets()
        self.refresh()
