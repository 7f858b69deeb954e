"""Adjudication benchmark: the adjudication screen on 1M annotations of 4 reviewers.

Run from the repository root::

    python -m bench.adjudication            # 100,000 passages, about 1,000,000 annotations
    python -m bench.adjudication --quick    # 10,000 passages, about 100,000 annotations

What it does:

1. A database, cached under ``bench/.data/`` (gitignored) and keyed by size, seed and the code
   that decides its content (``--rebuild`` builds it again): documents of 1,000 passages grown
   from the seeds (``bench/export.py``'s generator), then four reviewers' annotations written
   with one ``executemany``: each passage calls for 1 to 4 items (a concept on the whole
   passage or on a span); each reviewer tags each item as the others do (93%), on a span one
   character off (5%) or not at all, and now and then adds an item of their own (5%); 20%
   of the reviewers link their second item of a passage to their first. About 10
   annotations a passage, most of them agreed, so disputed passages are spread out as in
   real work.
2. Baseline, the plain Python one writes first: every annotation and relation loaded into
   dicts, the disputed passages found from them, the first one in reading order kept.
3. The screen, headless with Textual's Pilot: the app opened on the database (not timed),
   then from the adjudication key to the frame that shows the first disputed passage's text,
   three times (Escape closes it between runs). Target: <= 1 s. The key is sent with
   ``simulate_key``: ``pilot.press`` waits until the process is idle, which here means until
   the count behind ``k of n resolved`` (a thread, running while the adjudicator works) is
   done. Then how long that count took to appear. The screen's first passage and its count
   must be the baseline's.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import sqlite3
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual.css.query import NoMatches
from textual.widgets import Static

from annotator.store import Store
from annotator.tui.adjudication import AdjudicationScreen
from annotator.tui.adjudication_keys import ADJUDICATE_KEY
from annotator.tui.app import AnnotatorApp
from annotator.tui.passage_view import PassageView
from bench.export import DATA, PASSAGES_PER_DOCUMENT, ROOT, checkpoint, document_text, progress

DEFAULT_PASSAGES = 100_000
QUICK_PASSAGES = 10_000
REVIEWERS = ("alice", "bruno", "chloé", "dmitri")
ITEMS_PER_PASSAGE = (1, 4)
"""Fewest and most items a passage calls for (drawn uniformly)."""
KEPT = 0.93
"""Chance that a reviewer tags an item exactly as the others do."""
MOVED = 0.05
"""Chance that a reviewer tags the item on a span one character off (else leaves it out)."""
EXTRA = 0.05
"""Chance that a reviewer adds an item of their own to a passage."""
WHOLE = 0.25
"""Share of items on the whole passage rather than a span."""
LINKED = 0.2
"""Chance that a reviewer links their second item of a passage to their first."""
SEED = 20240615
GENERATOR_VERSION = 1
"""Bump when the generated database changes, so a cached one is rebuilt."""
DOCUMENTS_PER_BATCH = 10
OPEN_TARGET_S = 1.0
SIZE = (160, 48)
CREATED = "2025-06-01T00:00:00.000Z"
CONTEXT = 32
"""Characters of context kept around a span, as the store keeps them."""


# -- the database ----------------------------------------------------------------------------


def cached_database(passages: int, rebuild: bool) -> Path:
    """The benchmark's database for this size, built first if it is not cached."""
    hasher = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for source in ("annotator/store/migrations.py", "annotator/store/documents.py"):
        hasher.update((ROOT / source).read_bytes())
    path = DATA / f"adjudication-{passages}-{SEED}-{hasher.hexdigest()[:10]}.db"
    if path.exists() and not rebuild:
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    for stale in DATA.glob(f"adjudication-{passages}-*"):
        stale.unlink()
    building = path.with_suffix(".building")
    for leftover in DATA.glob(f"{building.name}*"):
        leftover.unlink()
    started = time.perf_counter()
    import_documents(building, passages)
    progress(f"  imported in {time.perf_counter() - started:.0f} s")
    connection = sqlite3.connect(building)
    annotations, relations = annotate(connection, random.Random(SEED))
    connection.close()
    checkpoint(building)
    building.rename(path)
    progress(
        f"  {annotations:,} annotations, {relations:,} relations "
        f"(built in {time.perf_counter() - started:.0f} s)"
    )
    return path


def import_documents(path: Path, passages: int) -> None:
    """Documents of ``PASSAGES_PER_DOCUMENT`` passages each, as ``import`` stores them."""
    from annotator.cli.settings import Settings
    from annotator.store import Access
    from corpus import parse_text
    from schemas import SourceInfo

    progress(f"building {passages:,} passages ...")
    store = Settings(db=path, reviewer="bench", scheme=None, debug=False).open_store(Access.CREATE)
    count = passages // PASSAGES_PER_DOCUMENT
    for first in range(0, count, DOCUMENTS_PER_BATCH):
        batch = [
            parse_text(
                document_text(SEED, index, PASSAGES_PER_DOCUMENT),
                f"adjudication-{index:05d}.txt",
                "utf-8",
                SourceInfo(title=f"Adjudication benchmark {index}"),
            )
            for index in range(first, min(first + DOCUMENTS_PER_BATCH, count))
        ]
        store.add_documents(batch, "bench")
    store.close()


def annotate(connection: sqlite3.Connection, rng: random.Random) -> tuple[int, int]:
    """The four reviewers' annotations and links (see the module), in one transaction."""
    concepts = [row[0] for row in connection.execute("SELECT id FROM concepts ORDER BY id")]
    passages = connection.execute("SELECT id, text FROM passages ORDER BY rowid").fetchall()
    annotations: list[tuple[Any, ...]] = []
    relations: list[tuple[str, ...]] = []

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    for passage, text in passages:
        items = [_item(rng, concepts, len(text)) for _ in range(rng.randint(*ITEMS_PER_PASSAGE))]
        for reviewer in REVIEWERS:
            made = dict.fromkeys(_reviewers_items(rng, concepts, items, len(text)))
            ids = []
            for concept, start, end in made:
                ids.append(new_id())
                quote = text if start is None else text[start:end]
                before = "" if start is None else text[max(0, start - CONTEXT) : start]
                after = "" if end is None else text[end : end + CONTEXT]
                annotations.append(
                    (ids[-1], passage, concept, start, end, quote, before, after, reviewer)
                )
            if len(ids) > 1 and rng.random() < LINKED:
                relations.append((new_id(), "supports", ids[1], ids[0], reviewer))
    with connection:
        connection.executemany(
            'INSERT INTO annotations (id, passage, concept, start, "end", quote, prefix, suffix, '
            f"reviewer, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{CREATED}')",
            annotations,
        )
        connection.executemany(
            "INSERT INTO relations (id, type, source, target, reviewer, created) "
            f"VALUES (?, ?, ?, ?, ?, '{CREATED}')",
            relations,
        )
    return len(annotations), len(relations)


Item = tuple[str, int | None, int | None]


def _item(rng: random.Random, concepts: list[str], length: int) -> Item:
    concept = rng.choice(concepts)
    if rng.random() < WHOLE or length < 12:
        return (concept, None, None)
    start = rng.randrange(length - 10)
    return (concept, start, min(length, start + rng.randint(5, 80)))


def _reviewers_items(
    rng: random.Random, concepts: list[str], items: list[Item], length: int
) -> Iterator[Item]:
    for concept, start, end in items:
        draw = rng.random()
        if draw < KEPT:
            yield (concept, start, end)
        elif draw < KEPT + MOVED:
            yield (concept, start, end) if start is None else (concept, start + 1, end)
    if rng.random() < EXTRA:
        yield _item(rng, concepts, length)


# -- the baseline ----------------------------------------------------------------------------


def baseline(db: Path) -> tuple[float, str | None, int]:
    """Seconds to find the first disputed passage by loading everything into dicts; that
    passage, and how many passages are disputed."""
    started = time.perf_counter()
    connection = sqlite3.connect(db)
    items: defaultdict[tuple[Any, ...], set[str]] = defaultdict(set)
    links: defaultdict[tuple[Any, ...], set[str]] = defaultdict(set)
    keys: dict[str, tuple[Any, ...]] = {}
    for id_, passage, concept, start, end, reviewer in connection.execute(
        'SELECT id, passage, concept, start, "end", reviewer FROM annotations'
    ):
        keys[id_] = (passage, concept, start, end)
        items[keys[id_]].add(reviewer)
    for type_, source, target, reviewer in connection.execute(
        "SELECT type, source, target, reviewer FROM relations"
    ):
        links[(keys[source], type_, keys[target])].add(reviewer)
    everyone = len(REVIEWERS)
    disputed = {key[0] for key, names in items.items() if len(names) < everyone}
    disputed |= {key[0][0] for key, names in links.items() if len(names) < everyone}
    first = None
    for (passage,) in connection.execute(
        "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document "
        "ORDER BY d.imported, d.rowid, p.seq"
    ):
        if passage in disputed:
            first = passage
            break
    connection.close()
    return time.perf_counter() - started, first, len(disputed)


# -- the screen ------------------------------------------------------------------------------


async def screen_runs(db: Path, runs: int) -> tuple[list[float], float, str | None, str]:
    """Seconds from the key to the first disputed passage drawn, ``runs`` times; seconds to
    the count in the header (first run); the passage shown; the header then."""
    app = AnnotatorApp(Store.open(db), Store.open(db, check_same_thread=False), "carol", db.name)
    opens: list[float] = []
    counted = 0.0
    passage: str | None = None
    header = ""
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PassageView)
        while view.count == 0:
            await pilot.pause(0.01)
        for run in range(runs):
            started = time.perf_counter()
            app.simulate_key(ADJUDICATE_KEY)  # pilot.press would wait for the count too
            while not first_line_drawn(app):
                await asyncio.sleep(0.002)
            opens.append(time.perf_counter() - started)
            screen = app.screen
            assert isinstance(screen, AdjudicationScreen)
            if run == 0:
                while screen.sub_title is None or screen.sub_title.startswith("counting"):
                    await asyncio.sleep(0.01)
                counted = time.perf_counter() - started
                header = screen.sub_title
                case = screen.case
                passage = case.passage.id if case is not None else None
            await pilot.press("escape")
            while isinstance(app.screen, AdjudicationScreen):
                await pilot.pause(0.01)
    return opens, counted, passage, header


def first_line_drawn(app: AnnotatorApp) -> bool:
    """Whether the adjudication screen shows its passage's first line of text yet."""
    screen = app.screen
    if not isinstance(screen, AdjudicationScreen):
        return False
    try:
        passage = screen.query_one("#adjudication-passage", Static)
    except NoMatches:  # not composed yet
        return False
    return bool(passage.render_line(1).text.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_PASSAGES:,} passages")
    parser.add_argument("--passages", type=int, default=None)
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    arguments = parser.parse_args()
    passages = arguments.passages or (QUICK_PASSAGES if arguments.quick else DEFAULT_PASSAGES)
    db = cached_database(passages, arguments.rebuild)
    connection = sqlite3.connect(db)
    (annotations,) = connection.execute("SELECT count(*) FROM annotations").fetchone()
    connection.close()
    print(f"{passages:,} passages, {annotations:,} annotations by {len(REVIEWERS)} reviewers")
    base_seconds, base_first, base_disputed = baseline(db)
    opens, counted, shown, header = asyncio.run(screen_runs(db, 3))
    opened = statistics.median(opens)
    print("first disputed passage shown                 seconds")
    print(f"  baseline: everything loaded into dicts     {base_seconds:7.3f}")
    print(
        f"  adjudication screen, key to first passage  {opened:7.3f}  (median of 3, worst "
        f"{max(opens):.3f}; {base_seconds / opened:.1f}x faster)  target <= "
        f"{OPEN_TARGET_S:.0f} s: {'PASS' if opened <= OPEN_TARGET_S else 'MISS'}"
    )
    print(f"  count in the header ({header!r}) after {counted:.2f} s")
    same_first = shown == base_first
    same_count = header.split(" of ", 1)[-1].startswith(f"{base_disputed} resolved")
    print(
        f"  same first passage as the baseline: {same_first}; same number of disputed "
        f"passages ({base_disputed:,}): {same_count}"
    )
    if not (same_first and same_count):
        raise SystemExit("the screen and the baseline disagree")


if __name__ == "__main__":
    main()
