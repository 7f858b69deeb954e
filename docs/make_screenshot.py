"""Draw the README's pictures from the seeds: ``docs/screenshot.svg`` (the main screen at
200x60), ``docs/screenshot-80x24.svg`` (the same at 80x24) and ``docs/argument-map.svg`` (the
argument map of the README's worked example).

Run from the repository root after a change to the UI::

    python docs/make_screenshot.py

For the main screen it tags as a reviewer would (a whole passage, then a span picked with the
selection keys) in a throwaway database, so the picture shows what a newcomer sees after a
minute of work. For the map it makes the worked example's four tags and three links (the
README gives the same as commands), then presses ``A``.
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
from annotator.tui.argument_map import MAP_KEY  # noqa: E402
from schemas import bundled_scheme_text, load_bundled_scheme  # noqa: E402

SIZE = (200, 60)
SMALL_SIZE = (80, 24)
"""The main screen is drawn at both: the README's tour must hold on a laptop's terminal too."""
MAP_SIZE = (110, 12)
"""The map of the worked example has four lines: a small terminal shows it without a void."""
KEYS = (
    "2",  # Contrôle restreint on the first passage
    "down",
    "v",  # select the first word of the second passage ...
    "w",
    "w",
    "3",  # ... and tag it: Substitution de la RTU par l'AMM
)

MAP_PASSAGE = "dea7c15707c264ac"
"""§2 of the Conseil d'État commentary: the study, the 80 mg cap, the plea and the holding."""
MAP_TAGS = {
    "study": ("fait", "la publication d’une étude conjointe de la CNAMTS"),
    "cap": ("dose-maximale", "en diminuant la posologie maximale de 300 à 80 mg par jour"),
    "plea": ("moyen", "Cette décision a alors fait l’objet d’un recours annulation"),
    "holding": ("solution", "finalement rejeté par le Conseil d’État"),
}
MAP_LINKS = (
    ("study", "cap", "supports"),
    ("plea", "cap", "attacks"),
    ("holding", "plea", "attacks"),
)


async def draw(database: Path, output: Path, keys: tuple[str, ...], size: tuple[int, int]) -> None:
    app = AnnotatorApp(
        Store.open(database), Store.open(database, check_same_thread=False), "alice", "review.db"
    )
    async with app.run_test(size=size) as pilot:
        for key in ("", *keys):
            if key:
                await pilot.press(key)
            for _ in range(3):  # a read's answer may start the next read
                await app.wait_for_store()
                await app.workers.wait_for_complete()
                await pilot.pause()
        app.save_screenshot(filename=output.name, path=str(output.parent))


def worked_example(database: Path) -> None:
    """The README's argument: the study supports the cap, the plea attacks it, the holding
    attacks the plea."""
    store = Store.open(database)
    passage = store.passage(MAP_PASSAGE)
    assert passage is not None, "the seeds changed: update MAP_PASSAGE"
    ids: dict[str, str] = {}
    for name, (concept, quote) in MAP_TAGS.items():
        start = passage.text.index(quote)
        annotation, _ = store.tag(passage.id, concept, "alice", start=start, end=start + len(quote))
        ids[name] = annotation.id
    for source, target, kind in MAP_LINKS:
        store.relate(ids[source], ids[target], kind, "alice")
    store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, keys, size in (
            ("screenshot.svg", KEYS, SIZE),
            ("screenshot-80x24.svg", KEYS, SMALL_SIZE),
            ("argument-map.svg", (MAP_KEY,), MAP_SIZE),
        ):
            database = Path(folder) / name.replace(".svg", ".db")
            store = Store.open(database)
            store.install_scheme(load_bundled_scheme(), bundled_scheme_text())
            store.add_documents(parse_files(collect([ROOT / "seeds"])), "importer")
            store.close()
            if keys == (MAP_KEY,):
                worked_example(database)
            asyncio.run(draw(database, ROOT / "docs" / name, keys, size))
            print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
