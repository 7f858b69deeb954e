"""Draw ``docs/screenshot.svg``, the README's picture of the main screen, from the seeds.

Run from the repository root after a change to the UI::

    python docs/make_screenshot.py

It tags as a reviewer would (a whole passage, then a span picked with the selection keys) in
a throwaway database, so the picture shows what a newcomer sees after a minute of work.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.importer import collect, parse_files  # noqa: E402
from annotator.store import Store  # noqa: E402
from annotator.tui.app import AnnotatorApp  # noqa: E402
from schemas import bundled_scheme_text, load_bundled_scheme  # noqa: E402

SIZE = (160, 48)
KEYS = (
    "2",  # Contrôle restreint on the first passage
    "down",
    "v",  # select the first word of the second passage ...
    "w",
    "w",
    "3",  # ... and tag it: Substitution de la RTU par l'AMM
)


async def draw(database: Path, output: Path) -> None:
    app = AnnotatorApp(
        Store.open(database), Store.open(database, check_same_thread=False), "alice", "review.db"
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in KEYS:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.save_screenshot(filename=output.name, path=str(output.parent))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "review.db"
        store = Store.open(database)
        store.install_scheme(load_bundled_scheme(), bundled_scheme_text())
        store.add_documents(parse_files(collect([ROOT / "seeds"])), "importer")
        store.close()
        asyncio.run(draw(database, ROOT / "docs" / "screenshot.svg"))
    print("wrote docs/screenshot.svg")


if __name__ == "__main__":
    main()
