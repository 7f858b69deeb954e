"""The documents of the corpus, each with its tagging progress, in the sidebar."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.display import one_line
from annotator.store import DocumentSummary

TITLE_WIDTH = 19
"""Characters of a document title shown before the list's width is known."""

DONE_MARK = "✓ "
"""Before the title of a document the reviewer marked finished."""


class DocumentList(OptionList):
    """``annotated/total title`` per document, ``✓`` before the title of those ``reviewer``
    finished; Enter opens one."""

    def __init__(self, reviewer: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._reviewer = reviewer
        self._documents: list[DocumentSummary] = []
        self._progress: dict[str, tuple[int, int]] = {}
        self._done: set[str] = set()

    def show(self, documents: list[DocumentSummary]) -> None:
        """List these documents, keeping the highlighted line where it was."""
        self._documents = documents
        self._progress = {doc.id: (doc.annotated, doc.passages) for doc in documents}
        self._done = {doc.id for doc in documents if self._reviewer in doc.done}
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(Option(self._prompt(doc.id), id=doc.id) for doc in documents)
        if highlighted is not None and documents:
            self.highlighted = min(highlighted, len(documents) - 1)

    def show_progress(self, document: str, annotated: int, total: int) -> None:
        """Update one document's count after a change."""
        if document in self._progress:
            self._progress[document] = (annotated, total)
            self.replace_option_prompt(document, self._prompt(document))

    def highlight(self, document: str) -> None:
        """Highlight a document's line (the one a jump opened)."""
        for index, summary in enumerate(self._documents):
            if summary.id == document:
                self.highlighted = index

    def on_resize(self) -> None:
        """Titles are cut to the width: cut them again (in place, keeping the highlight)."""
        self.call_after_refresh(self._retitle)

    def _retitle(self) -> None:
        for document in self._progress:
            self.replace_option_prompt(document, self._prompt(document))

    def _prompt(self, document: str) -> Text:
        annotated, total = self._progress[document]
        progress = f"{annotated:>3}/{total:<4} "
        mark = DONE_MARK if document in self._done else ""
        room = self.content_region.width - len(progress) - len(mark) - 2
        title = next((doc.title for doc in self._documents if doc.id == document), document)
        return Text.assemble(
            progress, (mark, "bold green"), one_line(title, room if room > 8 else TITLE_WIDTH)
        )
