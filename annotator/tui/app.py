"""The annotation UI: documents, passages and concepts, tagged from the keyboard.

Reads of a window of passages are indexed and quick (well under a frame); everything that
writes, or reads a whole document, runs on the database thread (``StoreThread``) on its own
connection and comes back as a message. A change is shown as saved only once its transaction
has committed, and then only the rows it changed are drawn again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from itertools import count
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static, Tree

from annotator.adjudication_session import AdjudicationSession, Shown
from annotator.display import one_line
from annotator.errors import UserError
from annotator.search.engine import Hit, SearchEngine
from annotator.session import Committed, ReviewSession
from annotator.store import (
    Access,
    DocumentSummary,
    LinkedRelation,
    PassageFilter,
    PassageIndex,
    ReviewRow,
    Store,
)
from annotator.tui.adjudication import AdjudicationScreen
from annotator.tui.argument_map import ArgumentMapScreen
from annotator.tui.bindings import APP_BINDINGS
from annotator.tui.concept_tree import ConceptPanel, ConceptTree
from annotator.tui.details import DetailsPane
from annotator.tui.document_list import DocumentList
from annotator.tui.fuzzy_picker import concept_picker
from annotator.tui.guideline import GuidelineScreen
from annotator.tui.key_listing import help_rows, palette_commands
from annotator.tui.linking import LINK_KEY, Linker
from annotator.tui.messages import Answered, Failed, Saved
from annotator.tui.orphan_placing import Placer
from annotator.tui.orphan_queue import ORPHANS_KEY, HandPlacement, OrphanQueueScreen, Resume
from annotator.tui.passage_view import PassageView
from annotator.tui.position import Position, Positions
from annotator.tui.render import LinkLabels
from annotator.tui.screens import FilterScreen, HelpScreen, NoteScreen
from annotator.tui.search_screen import Jump, SearchScreen
from annotator.tui.store_thread import StoreThread
from schemas import Concept

T = TypeVar("T")

SIDEBAR_MIN = 20
"""The narrowest the sidebar gets (hotkey, chip and a few letters of a label)."""

REFRESH_SECONDS = 1.0
"""How often the UI looks for other reviewers' commits."""


class AnnotatorApp(App[None]):
    """Tag a corpus of legal documents with the concepts of a scheme."""

    TITLE = "annotator"
    CSS_PATH = "app.tcss"

    BINDINGS = APP_BINDINGS

    def __init__(self, store: Store, writer: Store, reviewer: str, db_name: str) -> None:
        super().__init__()
        self.store = store
        self._writer = writer
        self._write_lock = threading.Lock()
        """Guards the writing connection, shared by the database thread, search and the map."""
        self._store_thread = StoreThread(self._write_lock)
        self._session = ReviewSession(writer, reviewer)
        self.reviewer = reviewer
        store.viewer = writer.viewer = reviewer  # blind mode: every read shows what they may see
        self._db_name = db_name
        self._sight = store.visible_reviewers(reviewer)
        """Whose work the reviewer sees (None: everyone's); the header says when it is blind."""
        self.sub_title = self._header()
        self.scheme = store.scheme
        self.concepts = self.scheme.by_id()
        self.passage_filter = PassageFilter()
        self._titles: dict[str, str] = {}
        self.link_labels = LinkLabels(
            {kind.id: kind for kind in self.scheme.relation_types}, self._titles
        )
        """How links are named on screen; shares ``_titles``, which is updated in place."""
        self._linker = Linker(self)
        self._placer = Placer(self)
        self._reads = count()
        self._latest_read: dict[str, int] = {}
        self._engine = SearchEngine(writer)
        self._data_version = store.data_version()
        self._positions = Positions(store.file(), reviewer)
        self._hotkeys = {c.key: c for c in self.scheme.concepts if c.key is not None}
        for key, concept in self._hotkeys.items():
            self._bindings.key_to_bindings.setdefault(key, []).append(
                Binding(
                    key,
                    f"hotkey('{concept.id}')",
                    concept.label.fr,
                    show=False,
                    id=f"concept.{concept.id}",
                    tooltip=f"Toggle {concept.label.fr} ({concept.label.en}) on the passage, "
                    "or tag the selection",
                )
            )

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield DocumentList(self.reviewer, id="documents")
                yield ConceptPanel(self.scheme, tree_id="concepts")
            with Vertical(id="reading"):
                yield PassageView(id="passages")
                yield DetailsPane(self.concepts, self.link_labels, LINK_KEY, id="details")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._store_thread.start()
        self.query_one("#documents").border_title = "Documents"
        self.query_one("#concepts").border_title = "Concepts · hotkeys"
        view = self.query_one(PassageView)
        view.border_title = "Passages"
        view.configure(self.concepts, self.reviewer, self.link_labels)
        self.show_status(None)
        view.focus()
        self._reload_documents(select_first=True)
        self.set_interval(REFRESH_SECONDS, self._poll_changes)
        self._warm_search()

    def on_unmount(self) -> None:
        """Let a write the screen is waiting for finish before the app goes."""
        self._store_thread.stop()

    async def wait_for_store(self) -> None:
        """Wait, without blocking the screen, until every read and write queued on the database
        thread so far has run (their answers are then in the message queue): what a test or a
        benchmark awaits after pressing a key that writes."""
        await asyncio.to_thread(self._store_thread.drain)

    @work(thread=True, exclusive=True, group="warm-search", exit_on_error=False)
    def _warm_search(self) -> None:
        """Load and index the search dictionary in the background, so ``/`` answers at once.

        The lock covers only the read; the sorting that follows needs no database.
        """
        with self._write_lock:
            vocabulary = self._engine.vocabulary()
        vocabulary.warm()

    # -- documents -------------------------------------------------------------------------

    def _reload_documents(self, select_first: bool = False) -> None:
        self._read(
            lambda store: store.documents(),
            lambda documents: self._documents_loaded(documents, select_first),
            group="documents",
        )

    def _documents_loaded(self, documents: list[DocumentSummary], select_first: bool) -> None:
        self._titles.clear()
        self._titles.update((doc.id, doc.title) for doc in documents)
        self.query_one(DocumentList).show(documents)
        if select_first and documents:
            self._tell_orphans(documents)
            left_off = self._positions.load()
            if left_off is not None and left_off.document in self._titles:
                self.query_one(DocumentList).highlight(left_off.document)
                self.open_document(left_off.document, left_off.seq)
            else:
                self.query_one(DocumentList).highlighted = 0
                self.open_document(documents[0].id)

    @on(OptionList.OptionSelected, "#documents")
    def _document_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_document(event.option.id)
            self.query_one(PassageView).focus()

    def open_document(self, document: str, cursor_seq: int = 0) -> None:
        """Show a document's passages (those the filter lets through)."""
        passage_filter = self.passage_filter
        self._read(
            lambda store: store.passage_index(document, passage_filter),
            lambda index: self._index_loaded(document, index, cursor_seq),
            group="index",
        )

    def _read(self, query: Callable[[Store], T], then: Callable[[T], None], group: str) -> None:
        """Run a query that may take more than a frame on the database thread; ``then`` gets
        its result on the UI thread. A newer read of the same group supersedes an older one."""
        token = next(self._reads)
        self._latest_read[group] = token

        def job() -> None:
            result = query(self._writer)
            self.post_message(Answered(group, token, lambda: then(result)))

        self._submit(job)

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        if self._latest_read.get(message.group) != message.token:
            return
        try:
            message.show()
        except NoMatches:  # the app is closing: the answer came after its widgets went
            return

    def _submit(self, job: Callable[[], None]) -> None:
        """Queue a job on the database thread; what it raises comes back as ``Failed``."""

        def guarded() -> None:
            try:
                job()
            except UserError as error:
                self.post_message(Failed(str(error), refusal=True))
            except Exception as error:  # told on screen; the app goes on
                self.post_message(Failed(f"{type(error).__name__}: {error}", refusal=False))

        self._store_thread.submit(guarded)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.refusal:
            self.notify(message.text, severity="warning", timeout=6)
        else:
            self.notify(f"not saved: {message.text}", severity="error", timeout=8)

    def _index_loaded(self, document: str, index: PassageIndex, cursor_seq: int) -> None:
        view = self.query_one(PassageView)
        view.load(document, index, self._fetcher(document), cursor_seq)
        title = self._titles.get(document, "")
        suffix = f" · filter: {self._filter_label()}" if self.passage_filter.active else ""
        passages = f"{view.count} passage{'' if view.count == 1 else 's'}"
        view.border_title = Text(f"{one_line(title, 60)} · {passages}{suffix}")

    def _fetcher(self, document: str) -> Callable[[int, int], list[ReviewRow]]:
        return lambda first, last: self.store.review_rows(document, first, last)

    def _filter_label(self) -> str:
        current = self.passage_filter
        if current.untagged:
            return "untagged"
        if current.concept is not None:
            return self.concepts[current.concept].label.fr
        return f"by {current.reviewer}" if current.reviewer else "all"

    # -- details ---------------------------------------------------------------------------

    @on(PassageView.CursorMoved)
    def _show_details(self, message: PassageView.CursorMoved) -> None:
        """Show the passage's tags, and remember the place (a small file written only when
        the place changed: the app reopens there, even after being killed)."""
        self._render_details(message.row)
        if message.row is not None:
            passage = message.row.passage
            self._positions.save(Position(passage.document, passage.seq))

    @on(PassageView.SelectionChanged)
    def _show_selection(self, message: PassageView.SelectionChanged) -> None:
        if message.selection is None:
            self._render_details(self.query_one(PassageView).current_row)
        else:
            self.query_one(DetailsPane).show_selection(message.quote)

    def _render_details(self, row: ReviewRow | None) -> None:
        try:
            details = self.query_one(DetailsPane)
        except NoMatches:  # the app is closing
            return
        details.show_row(row)

    # -- tagging ---------------------------------------------------------------------------

    def action_hotkey(self, concept_id: str) -> None:
        """A concept's hotkey: toggle it on the passage, or tag the selected span."""
        self._tag_with(concept_id)

    def _tag_with(self, concept_id: str) -> None:
        view = self.query_one(PassageView)
        row = view.current_row
        if row is None:
            return
        passage = row.passage
        if view.selection is not None:
            start, end = view.selection
            view.end_selection()
            self.write(lambda session: session.tag_span(passage, concept_id, start, end))
        else:
            self.write(lambda session: session.toggle(passage, concept_id))

    def write(self, command: Callable[[ReviewSession], Committed]) -> None:
        """Run a reviewer's command on the database thread; what it committed comes back as
        ``Saved``, a refusal as a notification of its message."""

        def job() -> None:
            self.post_message(Saved(command(self._session)))

        self._submit(job)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        view = self.query_one(PassageView)
        committed = message.committed
        self._data_version = self.store.data_version()  # our own write: nothing to reload
        if committed.rows and committed.document not in self._titles:
            self._reload_documents()  # an undo brought a removed document back
        if committed.document is not None and committed.document != view.document:
            if committed.follow:
                self.open_document(committed.document, min(committed.seqs, default=0))
        else:
            view.patch(committed.rows)
            if committed.reveal is not None:
                view.go_to_seq(committed.reveal)
        documents = self.query_one(DocumentList)
        for document, annotated, total in committed.progress:
            documents.show_progress(document, annotated, total)
        if committed.announce:
            self.notify(committed.message, timeout=2)
        if committed.reread:
            self._reread()

    def action_select(self) -> None:
        view = self.query_one(PassageView)
        if view.selection is not None:
            view.end_selection()
        elif not view.start_selection():
            self.notify("nothing to select here", severity="warning")

    def action_cancel(self) -> None:
        """Escape: stop placing an orphan, leave selection mode, or else drop the link being
        made."""
        if self._placer.cancel():
            return
        view = self.query_one(PassageView)
        if view.selection is not None:
            view.end_selection()
        else:
            self._linker.cancel()

    def action_pick(self) -> None:
        view = self.query_one(PassageView)
        if view.current_row is None:
            return
        what = "the selection" if view.selection is not None else "this passage"
        self.push_screen(concept_picker(self.scheme.concepts, f"Tag {what} with…"), self._picked)

    def _picked(self, concept_id: str | None) -> None:
        if concept_id is not None:
            self._tag_with(concept_id)

    def action_note(self) -> None:
        view = self.query_one(PassageView)
        row = view.current_row
        if row is None:
            return
        mine = [a for a in row.annotations if a.reviewer == self.reviewer]
        if not mine:
            self.notify("tag this passage first: a note belongs to a tag", severity="warning")
            return
        annotation = mine[-1]
        label = self.concepts[annotation.concept].label.fr
        where = (
            "whole passage" if annotation.start is None else f"«{one_line(annotation.quote, 40)}»"
        )

        def save(note: str | None) -> None:
            if note is not None and note != (annotation.note or ""):
                passage = row.passage
                self.write(lambda session: session.set_note(passage, annotation.id, note))

        self.push_screen(NoteScreen(f"Note on {label} ({where})", annotation.note or ""), save)

    def action_undo(self) -> None:
        self.write(ReviewSession.undo)

    def action_redo(self) -> None:
        self.write(ReviewSession.redo)

    def action_done(self) -> None:
        """Mark the document shown finished for the reviewer, or not finished again."""
        document = self.query_one(PassageView).document
        if document is not None:
            title = self._titles.get(document, document)
            self.write(lambda session: session.toggle_done(document, title))

    # -- links -----------------------------------------------------------------------------

    @property
    def current_row(self) -> ReviewRow | None:
        """The passage under the cursor, with its annotations and links."""
        return self.query_one(PassageView).current_row

    def show_status(self, status: Text | None) -> None:
        """Show a line above the footer (the link being made), or hide it."""
        line = self.query_one("#status", Static)
        line.update(status or "")
        line.display = status is not None

    def action_link(self) -> None:
        self._linker.link_key()

    def action_follow_link(self) -> None:
        self._linker.follow()

    def action_link_back(self) -> None:
        self._linker.back()

    def action_unlink(self) -> None:
        self._linker.delete()

    def action_argument_map(self) -> None:
        """Open the argument map of the document shown; Enter there comes back to a passage."""
        document = self.query_one(PassageView).document
        if document is None:
            return

        def relations() -> list[LinkedRelation]:
            with self._write_lock:
                return self._writer.linked_relations(document)

        screen = ArgumentMapScreen(document, relations, self.link_labels, self.concepts)
        self.push_screen(screen, self._jumped)

    def action_adjudicate(self) -> None:
        """Open the adjudication screen at the first disputed passage to resolve (refused,
        with a notification, to a non-curator while blind mode is on)."""
        reviewer = self.reviewer

        def opened(started: tuple[AdjudicationSession, Shown]) -> None:
            session, shown = started
            self.push_screen(
                AdjudicationScreen(session, shown, self._read, self.concepts, self.link_labels)
            )

        self._read(
            lambda store: AdjudicationSession.start(store, reviewer), opened, group="adjudication"
        )

    # -- orphans ---------------------------------------------------------------------------

    def action_orphans(self) -> None:
        """Open the orphan queue (or go back to it from placing one by hand)."""
        if not self._placer.cancel():
            self.open_orphans()

    def _tell_orphans(self, documents: list[DocumentSummary]) -> None:
        """At start, say that tags wait in the orphan queue: nothing on screen shows them."""
        count = sum(document.orphans for document in documents)
        if count:
            tags = f"{count} tag{'s' if count != 1 else ''}"
            message = f"{tags} a new version could not place: {ORPHANS_KEY} opens the orphan queue"
            self.notify(message, timeout=8)

    def open_orphans(self, resume: Resume | None = None) -> None:
        """Show the orphan queue at ``resume``; ``v`` there hands over to the ``Placer``."""
        screen = OrphanQueueScreen(self.read_session, self.write, self.concepts, resume)
        self.push_screen(screen, self._place_by_hand)

    def _place_by_hand(self, hand: HandPlacement | None) -> None:
        if hand is not None:
            self._placer.start(hand)

    def action_place(self) -> None:
        """Enter while placing an orphan by hand: place it on the selection."""
        self._placer.place()

    def read_session(
        self, query: Callable[[ReviewSession], T], then: Callable[[T], None], group: str = "orphans"
    ) -> None:
        """Run a read of the reviewer's session on the database thread, after the writes
        queued before it; ``then`` gets its result on the UI thread."""
        self._read(lambda _: query(self._session), then, group)

    # -- navigation and filters ------------------------------------------------------------

    def action_untagged(self, direction: int) -> None:
        view = self.query_one(PassageView)
        seq = view.current_seq
        if view.document is None or seq is None:
            return
        document = view.document
        self._read(
            lambda store: store.next_untagged(document, seq, forward=direction > 0),
            lambda target: self._go_untagged(target, direction),
            group="untagged",
        )

    def _go_untagged(self, target: int | None, direction: int) -> None:
        if target is None:
            where = "after" if direction > 0 else "before"
            self.notify(f"no untagged passage {where} this one")
        elif not self.query_one(PassageView).go_to_seq(target):
            self.notify("that passage is hidden by the filter (f to change it)")

    def action_filter(self) -> None:
        self._read(
            lambda store: store.reviewers(),
            self._open_filter,
            group="reviewers",
        )

    def _open_filter(self, reviewers: list[str]) -> None:
        self.push_screen(FilterScreen(self.scheme.concepts, reviewers), self._filtered)

    def _filtered(self, chosen: PassageFilter | None) -> None:
        view = self.query_one(PassageView)
        if chosen is None or view.document is None:
            return
        self.passage_filter = chosen
        self.open_document(view.document, view.current_seq or 0)

    def action_search(self) -> None:
        scope = "the corpus"
        if self.passage_filter.active:
            scope += f" ({self._filter_label()})"
        open_document = self.query_one(PassageView).document
        document = (open_document, self._titles.get(open_document, "")) if open_document else None
        self.push_screen(
            SearchScreen(self._search, self._titles, self._hotkeys, self._tag_hit, scope, document),
            self._jumped,
        )

    def _search(self, query: str, limit: int, document: str | None) -> list[Hit]:
        """Runs in the search screen's worker thread."""
        with self._write_lock:
            return self._engine.search(query, limit, self.passage_filter, document)

    def _tag_hit(self, hit: Hit, concept: Concept) -> None:
        passage, title = hit.passage, self._titles.get(hit.passage.document, "")
        self.write(lambda session: session.toggle(passage, concept.id, title))

    def _jumped(self, jump: Jump | None) -> None:
        if jump is not None:
            self.go_to(jump.document, jump.seq)

    def go_to(self, document: str, seq: int) -> None:
        """Put the cursor on a passage, opening its document if another one is shown."""
        view = self.query_one(PassageView)
        view.focus()
        if document == view.document and view.go_to_seq(seq):
            return
        self.query_one(DocumentList).highlight(document)
        self.open_document(document, seq)

    def action_guideline(self) -> None:
        """Open the whole guideline of the concept in view."""
        concept = self._concept_in_view()
        if concept is None:
            self.notify("no concept here: highlight one in the concept tree", timeout=3)
            return
        self.push_screen(GuidelineScreen(concept, self.concepts))

    def _concept_in_view(self) -> Concept | None:
        """The current passage's last tag's concept while the passages have focus (and it has
        a tag), else the concept highlighted in the concept tree."""
        row = self.current_row
        if isinstance(self.focused, PassageView) and row is not None and row.annotations:
            return self.concepts.get(row.annotations[-1].concept)
        return self.query_one(ConceptTree).highlighted_concept

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.query_one(PassageView).focus()

    def action_sidebar_width(self, delta: int) -> None:
        """Resize the sidebar, between ``SIDEBAR_MIN`` columns and half the screen."""
        sidebar = self.query_one("#sidebar")
        sidebar.display = True
        widest = self.size.width // 2
        sidebar.styles.max_width = widest
        sidebar.styles.min_width = SIDEBAR_MIN
        sidebar.styles.width = max(SIDEBAR_MIN, min(sidebar.outer_size.width + delta, widest))

    def action_documents(self) -> None:
        self.query_one("#documents").focus()

    @on(Tree.NodeSelected, "#concepts")
    def _concept_chosen(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data is not None and not event.node.children:
            self._tag_with(event.node.data)
            self.query_one(PassageView).focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.binding_rows()))

    def binding_rows(self) -> Iterable[tuple[str, str, str]]:
        """Every key of every screen, and the concepts' hotkeys (``key_listing``)."""
        view = self.query_one(PassageView)
        return help_rows(self, [*view.BINDINGS, *self.BINDINGS], self._hotkeys)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        views = screen.query(PassageView)
        if views:
            yield from palette_commands(self, [views.first(), self], self._hotkeys)

    # -- other reviewers -------------------------------------------------------------------

    def _poll_changes(self) -> None:
        version = self.store.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        self._reread()

    def _reread(self) -> None:
        """Read again the documents and passages shown: another reviewer committed, or a
        change of ours was to no passage (a status; a setting, blind mode among them)."""
        try:
            view = self.query_one(PassageView)
        except NoMatches:  # the app is closing: its widgets are gone, the timer not yet
            return
        self._follow_blind_mode(view)
        view.invalidate()
        self._reload_documents()

    def _follow_blind_mode(self, view: PassageView) -> None:
        """Show in the header whether blind mode is on; when what the reviewer sees changed,
        drop a filter on a reviewer now hidden, and filter the passages again."""
        sight = self.store.visible_reviewers(self.reviewer)
        changed = sight != self._sight
        self._sight = sight
        self.sub_title = self._header()
        if not changed or view.document is None:
            return
        hidden = self.passage_filter.reviewer
        if sight is not None and hidden is not None and hidden not in sight:
            self.passage_filter = PassageFilter()
        self.open_document(view.document, view.current_seq or 0)

    def _header(self) -> str:
        """``reviewer · database``, then ``blind`` while blind mode is on (``blind ·
        curator`` for a curator, who sees everyone's work)."""
        parts = [self.reviewer, self._db_name]
        if self.store.blind():
            parts.append("blind" if self._sight is not None else "blind · curator")
        return " · ".join(parts)


def run(db: Path, reviewer: str) -> None:
    """Open the UI on a database that has a scheme and documents."""
    store = Store.open(db, access=Access.WRITE)
    writer = Store.open(db, access=Access.WRITE, check_same_thread=False)
    try:
        AnnotatorApp(store, writer, reviewer, db.name).run()
    finally:
        writer.close()
        store.close()
