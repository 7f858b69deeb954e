"""A reviewer at work, for the kill test: tags passage after passage and reports each tag
once the screen shows it as saved. Run as ``python -m tests.tui.kill_driver DB``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.passage_view import PassageView


async def work(db: Path) -> None:
    app = AnnotatorApp(Store.open(db), Store.open(db, check_same_thread=False), "kim", db.name)
    hotkeys = {c.key: c.id for c in app.scheme.concepts if c.key is not None}
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(PassageView)
        while view.count == 0:  # the document list is read, then the first document
            await app.wait_for_store()
            await pilot.pause()
        while True:
            row = view.current_row
            assert row is not None
            present = {a.concept for a in row.annotations}
            free = [(key, concept) for key, concept in hotkeys.items() if concept not in present]
            if free:
                key, concept = free[0]
                await pilot.press(key)  # tags, never untags: the concept is not there yet
                await app.wait_for_store()
                await pilot.pause()
                row = view.current_row
                if row is not None and concept in {a.concept for a in row.annotations}:
                    print(f"confirmed {row.passage.id} {concept}", flush=True)
            await pilot.press("j" if view.cursor < view.count - 1 else "g")


if __name__ == "__main__":
    asyncio.run(work(Path(sys.argv[1])))
