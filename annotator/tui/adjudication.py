"""The adjudication screen: the passages where the compared reviewers disagree, one at a time
in reading order, each reviewer's items side by side, keys to decide what goes into gold.

Every key that reads or writes runs on the app's database thread (``Run``, the app's
``_read``), in the order pressed, so an accept and its undo never swap; the answer (a
``Shown``) comes back on the UI thread and is drawn. The count behind ``k of n resolved``
reads the whole corpus: it runs in a thread worker on a connection of its own, and the
answers of the keys pressed meanwhile are kept and applied on top when it arrives. After
that, each answer says how the passages it touched stand, so the count stays right without
reading the corpus again (what other reviewers tag meanwhile counts when the screen is opened
again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import count
from typing import Protocol, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from annotator.adjudication_session import AdjudicationSession, Shown
from annotator.store import Store
from annotator.store.adjudication import Case, CaseItem
from annotator.store.adjudication_reads import Progress
from annotator.store.adjudication_tally import State
from annotator.tui.adjudication_keys import ADJUDICATION_BINDINGS, concept_bindings
from annotator.tui.adjudication_view import (
    LEGEND,
    Entry,
    columns,
    cursor_line,
    flat,
    items_table,
    passage_text,
)
from annotator.tui.fuzzy_picker import concept_picker
from annotator.tui.messages import Counted
from annotator.tui.render import LinkLabels
from schemas import Concept

T = TypeVar("T")


class Run(Protocol):
    """Runs ``query`` on the app's database thread; ``then`` gets its result on the UI thread
    (a refusal is told as a notification). A newer run of the same group supersedes an older
    one's answer."""

    def __call__(self, query: Callable[[Store], T], then: Callable[[T], None], group: str) -> None:
        """Queue it."""


class AdjudicationScreen(ModalScreen[None]):
    """The disputed passages, one at a time; decisions go into the gold layer.

    Modal, though it fills the terminal: the main screen's keys (a concept's hotkey, undo)
    must not act on the passage hidden behind it; this screen has its own.
    """

    DEFAULT_CSS = """
    AdjudicationScreen { background: $background; }
    AdjudicationScreen #adjudication-text {
        height: auto; max-height: 45%; border: round $panel; padding: 0 1;
    }
    AdjudicationScreen #adjudication-items { height: 1fr; border: round $accent; }
    AdjudicationScreen #adjudication-hint { color: $foreground 60%; padding: 0 1; }
    """

    BINDINGS = ADJUDICATION_BINDINGS

    def __init__(
        self,
        session: AdjudicationSession,
        shown: Shown,
        run: Run,
        concepts: Mapping[str, Concept],
        links: LinkLabels,
    ) -> None:
        super().__init__()
        self._session = session
        self._run = run
        self._concepts = concepts
        self._links = links
        self._writes = count()
        self._case: Case | None = None
        self._entries: tuple[Entry, ...] = ()
        self._cursor = 0
        self._disputed: set[str] | None = None
        """The disputed passages, once counted (None until then)."""
        self._resolved: set[str] = set()
        self._later: dict[str, State] = {}
        """How passages stand after the keys pressed before the count arrived."""
        self._first = shown
        self._counting = False
        for key, binding in concept_bindings(concepts.values()):
            self._bindings.key_to_bindings.setdefault(key, []).append(binding)
        self.title = "Adjudication"

    AUTO_FOCUS = None
    """Nothing takes the focus: every key is the screen's (the arrows move the cursor)."""

    def compose(self) -> ComposeResult:
        yield Header()
        for scroll, content in (("text", "passage"), ("items", "table")):
            with VerticalScroll(id=f"adjudication-{scroll}") as container:
                container.can_focus = False
                yield Static(id=f"adjudication-{content}")
        yield Static(Text(LEGEND), id="adjudication-hint")
        yield Footer()

    @property
    def case(self) -> Case | None:
        """The passage shown, with the reviewers' items."""
        return self._case

    def on_mount(self) -> None:
        self._title_progress()
        self._shown(self._first)

    def on_screen_resume(self) -> None:
        """Start the count once the first passage is on screen (the first resume): both
        want the processor, and the passage is what the adjudicator waits for."""
        if not self._counting:
            self._counting = True
            self.call_after_refresh(self._count)

    # -- drawing ---------------------------------------------------------------------------

    def _shown(self, shown: Shown) -> None:
        """Draw a command's answer: its passage, how the passages it touched stand, its
        message."""
        for passage, state in shown.states.items():
            self._note_state(passage, state)
        if shown.case is not None:
            if self._case is None or shown.case.passage.id != self._case.passage.id:
                self._cursor = 0
            self._case = shown.case
            self._note_state(shown.case.passage.id, shown.case.state)
        self._draw()
        if shown.message:
            self.notify(shown.message, timeout=3)

    def _draw(self) -> None:
        case = self._case
        passage = self.query_one("#adjudication-passage", Static)
        table = self.query_one("#adjudication-table", Static)
        if case is None:
            passage.update(Text("No disputed passage: the compared reviewers agree everywhere."))
            table.update(Text("Escape goes back.", style="dim"))
            self._entries = ()
            return
        self._entries = flat(columns(case))
        self._cursor = min(self._cursor, max(len(self._entries) - 1, 0))
        cursor = self._entries[self._cursor] if self._entries else None
        title = self._links.titles.get(case.passage.document, case.passage.document)
        passage.update(passage_text(case, self._concepts, cursor, title))
        table.update(
            items_table(case, cursor, self._concepts, self._links, self._session.scope.gold)
        )
        if cursor is not None:
            self._keep_in_view(cursor_line(case, cursor, self._concepts, self._links))

    def _keep_in_view(self, line: int) -> None:
        """Scroll the reviewers' columns so that the cursor's line shows."""
        items = self.query_one("#adjudication-items", VerticalScroll)
        height = items.scrollable_content_region.height
        if not items.scroll_y <= line < items.scroll_y + height - 1:
            items.scroll_to(y=max(line - 1, 0), animate=False)

    def _note_state(self, passage: str, state: State) -> None:
        if self._disputed is None:
            self._later[passage] = state
            return
        for members, member in ((self._disputed, state.disputed), (self._resolved, state.resolved)):
            if member:
                members.add(passage)
            else:
                members.discard(passage)
        self._title_progress()

    def _title_progress(self) -> None:
        gold = f"gold layer: {self._session.scope.gold}"
        if self._disputed is None:
            self.sub_title = f"counting… · {gold}"
        else:
            self.sub_title = f"{len(self._resolved)} of {len(self._disputed)} resolved · {gold}"

    @work(thread=True, exclusive=True, group="adjudication-count", exit_on_error=False)
    def _count(self) -> None:
        worker = get_current_worker()
        progress = self._session.progress(lambda: worker.is_cancelled)
        if progress is not None and not worker.is_cancelled:
            self.post_message(Counted(progress))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        progress: Progress = message.progress
        self._disputed = set(progress.disputed)
        self._resolved = set(progress.resolved)
        for passage, state in self._later.items():
            self._note_state(passage, state)
        self._later.clear()
        self._title_progress()

    # -- keys ------------------------------------------------------------------------------

    def _command(self, job: Callable[[AdjudicationSession], Shown], group: str = "") -> None:
        """Run a command of the session on the database thread and draw its answer; each
        write's answer is drawn (its own group), a move's only if no newer move followed."""
        session = self._session
        name = group or f"adjudication-write-{next(self._writes)}"
        self._run(lambda _store: job(session), self._shown, name)

    def _current(self) -> tuple[Case, Entry] | None:
        if self._case is None or not self._entries:
            return None
        return self._case, self._entries[self._cursor]

    def action_accept(self) -> None:
        current = self._current()
        if current is not None:
            case, entry = current
            self._command(lambda session: session.accept(case, _id(entry)))

    def action_reject(self) -> None:
        current = self._current()
        if current is not None:
            case, entry = current
            self._command(lambda session: session.reject(case, _id(entry)))

    def action_agreed(self) -> None:
        case = self._case
        if case is not None:
            self._command(lambda session: session.accept_agreed(case))

    def action_tag(self, concept: str) -> None:
        case = self._case
        if case is not None:
            self._command(lambda session: session.toggle(case, concept))

    def action_pick(self) -> None:
        if self._case is not None:
            picker = concept_picker(self._concepts.values(), "Tag the passage in gold with…")
            self.app.push_screen(picker, self._picked)

    def _picked(self, concept: str | None) -> None:
        if concept is not None:
            self.action_tag(concept)

    def action_undo(self) -> None:
        self._command(AdjudicationSession.undo)

    def action_redo(self) -> None:
        self._command(AdjudicationSession.redo)

    def action_step(self, direction: int) -> None:
        self._command(lambda session: session.step(direction > 0), group="adjudication-move")

    def action_unresolved(self) -> None:
        self._command(
            lambda session: session.step(True, unresolved=True), group="adjudication-move"
        )

    def action_move(self, delta: int) -> None:
        if self._entries:
            self._cursor = min(max(self._cursor + delta, 0), len(self._entries) - 1)
            self._draw()

    def action_column(self, delta: int) -> None:
        """Put the cursor on the first item of the next (previous) reviewer that has one."""
        if self._case is None or not self._entries:
            return
        shown = columns(self._case)
        starts = []
        position = 0
        for column in shown:
            if column.entries:
                starts.append(position)
            position += len(column.entries)
        here = max(index for index, start in enumerate(starts) if start <= self._cursor)
        self._cursor = starts[min(max(here + delta, 0), len(starts) - 1)]
        self._draw()

    async def action_help(self) -> None:
        await self.app.run_action("help")

    def action_close(self) -> None:
        self.dismiss(None)


def _id(entry: Entry) -> str:
    return entry.annotation.id if isinstance(entry, CaseItem) else entry.linked.relation.id
