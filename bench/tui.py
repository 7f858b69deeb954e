"""UI benchmark: first paint on a 100k-passage document, and hotkey-to-committed latency.

Run from the repository root::

    python bench/tui.py                  # 100,000 passages
    python bench/tui.py --passages 20000 # smaller, quicker

What it measures, headless with Textual's Pilot, in one run:

1. Baseline: an empty Textual app (a Header, a Footer, nothing else) from ``run_test`` to its
   first frame, three times; the median is the floor any Textual app pays.
2. First paint: ``AnnotatorApp`` on a database holding one document of N passages (generated
   with ``bench/corpus_gen.py``, one paragraph per line, not timed), from ``run_test`` to the
   frame showing the first passage's text. Target: within 1 s of the baseline. The same on a
   database holding the seeds, as a new user first sees it: within 0.5 s of the baseline.
3. Keypress to stored: 200 presses of a concept hotkey (``1``, moving down a passage each time),
   each timed from the key press to the write's transaction having committed. Target: p95
   <= 20 ms. The database is checked afterwards: 200 annotations must be there.
4. Argument map first paint: a second database, one document of 5,000 passages each tagged
   once (5,000 annotations) and 5,000 relations between them (a random forest of supports and
   attacks, plus cross links that make diamonds and cycles; not timed). From pressing ``A`` to
   the frame showing the map's first line, three times. Target: <= 1 s.
5. Relation keypress to stored: on that database, 200 links made as a reviewer does (``L`` on
   a passage, ``j``, ``L``, then the type's key ``r``), each timed from the type key's press to
   the relation's transaction having committed. Target: p95 <= 20 ms; 200 new relations must
   be stored.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Header

from annotator.importer import bundled_seeds, collect, parse_files
from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.argument_map import MAP_KEY, ArgumentMapScreen
from annotator.tui.fuzzy_picker import FuzzyPicker
from annotator.tui.linking import LINK_KEY
from annotator.tui.map_view import ArgumentMapView
from annotator.tui.passage_view import PassageView
from bench.corpus_gen import passages
from corpus import parse_text
from schemas import SourceInfo, bundled_scheme_text, load_bundled_scheme

PRESSES = 200
P = ParamSpec("P")
R = TypeVar("R")
SIZE = (160, 48)
FIRST_PAINT_TARGET_S = 1.0
SEEDS_PAINT_TARGET_S = 0.5
"""The seeds (4 passages open) must paint within this of an empty Textual app."""
LATENCY_TARGET_MS = 20.0
MAP_SIZE = 5_000
"""Annotations, and relations, of the argument map's document."""
MAP_PAINT_TARGET_S = 1.0
CONCLUSIONS = 50
"""Annotations at the start of the map's document that the forest's links leave as roots; as
many links again join any two annotations (diamonds and cycles)."""
RELATION_KEY = "r"
"""The type key of ``rephrases``, a type the map's generated links never use: no twin."""


class EmptyApp(App[None]):
    """The baseline: what any Textual app costs to show its first frame."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()


def build_database(path: Path, count: int) -> None:
    """One document of ``count`` passages, one paragraph per line."""
    text = "\n".join(passages(count)) + "\n"
    parsed = parse_text(text, "bench-long-document.txt", "utf-8", SourceInfo(title="Long"))
    store = Store.open(path)
    store.install_scheme(load_bundled_scheme(), bundled_scheme_text())
    store.add_documents([parsed], "bench")
    store.close()


def build_seeds_database(path: Path) -> None:
    """The bundled seeds, as a new user's first database holds them."""
    store = Store.open(path)
    store.install_scheme(load_bundled_scheme(), bundled_scheme_text())
    with bundled_seeds() as folder:
        store.add_documents(parse_files(collect([folder])), "bench")
    store.close()


def build_map_database(path: Path) -> None:
    """One document of ``MAP_SIZE`` passages, each tagged once, and ``MAP_SIZE`` relations:
    each annotation after the first ``CONCLUSIONS`` supports or attacks an earlier one (a
    forest), and the rest cite any other one, making diamonds and cycles."""
    build_database(path, MAP_SIZE)
    rng = random.Random(12)
    store = Store.open(path)
    try:
        document = store.documents()[0].id
        roles = ("fait", "moyen", "regle", "motif", "solution")
        ids = [
            store.tag(passage.id, roles[index % len(roles)], "bench")[0].id
            for index, passage in enumerate(store.passages(document))
        ]
        forest = {(source, rng.randrange(source)) for source in range(CONCLUSIONS, MAP_SIZE)}
        cross: set[tuple[int, int]] = set()
        while len(forest) + len(cross) < MAP_SIZE:
            pair = (rng.randrange(MAP_SIZE), rng.randrange(MAP_SIZE))
            if pair[0] != pair[1] and pair not in forest:
                cross.add(pair)
        for source, target in sorted(forest):
            kind = "attacks" if rng.random() < 0.3 else "supports"
            store.relate(ids[source], ids[target], kind, "bench")
        for source, target in sorted(cross):
            store.relate(ids[source], ids[target], "cites", "bench")
    finally:
        store.close()


async def baseline_first_paint() -> float:
    start = time.perf_counter()
    async with EmptyApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


def make_app(db: Path) -> AnnotatorApp:
    return AnnotatorApp(Store.open(db), Store.open(db, check_same_thread=False), "bench", db.name)


async def opened(app: AnnotatorApp, pilot: Pilot[None], expected: int) -> None:
    """Wait until the app lists all ``expected`` passages of its document."""
    view = app.query_one(PassageView)
    while view.count < expected:
        await pilot.pause(0.005)


async def first_paint(db: Path, expected: int) -> float:
    start = time.perf_counter()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, expected)
        view = app.query_one(PassageView)
        while not view.render_line(0).text.strip():
            await pilot.pause(0.005)
        await pilot.pause()
        return time.perf_counter() - start


def noting_commits(write: Callable[P, R], commits: list[float]) -> Callable[P, R]:
    """``write`` that notes when each call returns, which is after its transaction committed:
    a benchmark wraps the writer store's command with it to time keypress to stored row."""

    def timed(*args: P.args, **kwargs: P.kwargs) -> R:
        result = write(*args, **kwargs)
        commits.append(time.perf_counter())
        return result

    return timed


async def press_latencies(db: Path, expected: int) -> list[float]:
    """Seconds from each hotkey press to its transaction having committed (the press is noted
    just before Pilot sends the key)."""
    writer = Store.open(db, check_same_thread=False)
    commits: list[float] = []
    writer.toggle = noting_commits(writer.toggle, commits)  # type: ignore[method-assign]
    app = AnnotatorApp(Store.open(db), writer, "bench", db.name)
    presses: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, expected)
        for _ in range(PRESSES):
            presses.append(time.perf_counter())
            await pilot.press("1")
            await app.wait_for_store()
            await pilot.press("j")
    return [commit - press for press, commit in zip(presses, commits, strict=True)]


async def relation_latencies(db: Path) -> list[float]:
    """Seconds from each link type key's press to the relation's transaction having committed.

    Each link goes from the passage under the cursor to the next one, made with the keys a
    reviewer presses: the link key, ``j``, the link key again (the type picker opens; not
    timed), then the type's key (timed).
    """
    writer = Store.open(db, check_same_thread=False)
    commits: list[float] = []
    writer.relate = noting_commits(writer.relate, commits)  # type: ignore[method-assign]
    app = AnnotatorApp(Store.open(db), writer, "bench", db.name)
    presses: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, MAP_SIZE)
        for _ in range(PRESSES):
            await pilot.press(LINK_KEY, "j", LINK_KEY)
            while not isinstance(app.screen, FuzzyPicker):
                await pilot.pause(0.001)
            presses.append(time.perf_counter())
            await pilot.press(RELATION_KEY)
            await app.wait_for_store()
    return [commit - press for press, commit in zip(presses, commits, strict=True)]


async def map_first_paints(db: Path) -> tuple[list[float], int]:
    """Seconds from pressing the map key to the frame showing the map's first line, three
    times in one session (Escape closes the map between them); and how many lines it has."""
    app = make_app(db)
    paints: list[float] = []
    lines = 0
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, MAP_SIZE)
        for _ in range(3):
            start = time.perf_counter()
            await pilot.press(MAP_KEY)
            while not (
                isinstance(app.screen, ArgumentMapScreen)
                and app.screen.query_one(ArgumentMapView).render_line(0).text.strip()
            ):
                await pilot.pause(0.005)
            await pilot.pause()
            paints.append(time.perf_counter() - start)
            lines = len(app.screen.query_one(ArgumentMapView).rows)
            await pilot.press("escape")
            await pilot.pause()
    return paints, lines


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def report_latencies(what: str, latencies: list[float], stored: int) -> None:
    """Print a keypress-to-commit measure with its target, and refuse a run that lost rows."""
    p50 = percentile(latencies, 0.50) * 1000
    p95 = percentile(latencies, 0.95) * 1000
    worst = max(latencies) * 1000
    print(f"{what} press to committed row, {PRESSES} presses")
    print(f"  p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms  rows stored: {stored}")
    verdict = "PASS" if p95 <= LATENCY_TARGET_MS else "MISS"
    print(f"  target p95 <= {LATENCY_TARGET_MS:.0f} ms: {verdict}")
    if stored != PRESSES:
        raise SystemExit(f"expected {PRESSES} stored {what} rows, found {stored}")


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench-tui.db"
        started = time.perf_counter()
        build_database(db, count)
        store = Store.open(db)
        stored = store.stats().passages
        store.close()
        print(f"document: {stored:,} passages (built in {time.perf_counter() - started:.1f} s)")
        baselines = [await baseline_first_paint() for _ in range(3)]
        paints = [await first_paint(db, stored) for _ in range(3)]
        baseline = statistics.median(baselines)
        paint = statistics.median(paints)
        seeds_db = Path(folder) / "bench-seeds.db"
        build_seeds_database(seeds_db)
        seeds_paint = statistics.median([await first_paint(seeds_db, 4) for _ in range(3)])
        latencies = await press_latencies(db, stored)
        store = Store.open(db)
        tagged = store.stats().annotations
        store.close()
        map_db = Path(folder) / "bench-map.db"
        started = time.perf_counter()
        build_map_database(map_db)
        print(
            f"map document: {MAP_SIZE:,} annotations, {MAP_SIZE:,} relations "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        map_paints, map_lines = await map_first_paints(map_db)
        link_latencies = await relation_latencies(map_db)
        store = Store.open(map_db)
        linked = len(store.relations(type="rephrases"))
        store.close()
    paint_ok = paint - baseline <= FIRST_PAINT_TARGET_S
    print("first paint (median of 3)     seconds")
    print(f"  empty Textual app (baseline)  {baseline:6.3f}")
    print(f"  annotator, {stored:,} passages {paint:6.3f}")
    print(
        f"  difference {paint - baseline:+.3f} s, ratio {paint / baseline:.2f}x  "
        f"target <= +{FIRST_PAINT_TARGET_S:.0f} s: {'PASS' if paint_ok else 'MISS'}"
    )
    seeds_ok = seeds_paint - baseline <= SEEDS_PAINT_TARGET_S
    print(
        f"  annotator, the seeds          {seeds_paint:6.3f}  difference "
        f"{seeds_paint - baseline:+.3f} s  target <= +{SEEDS_PAINT_TARGET_S} s: "
        f"{'PASS' if seeds_ok else 'MISS'}"
    )
    report_latencies("hotkey", latencies, tagged)
    map_paint = statistics.median(map_paints)
    map_ok = map_paint <= MAP_PAINT_TARGET_S
    print(f"argument map first paint (median of 3), {MAP_SIZE:,} annotations / relations")
    print(
        f"  {MAP_KEY} to first line drawn {map_paint:6.3f} s ({map_lines:,} lines, "
        f"worst {max(map_paints):.3f} s)  target <= {MAP_PAINT_TARGET_S:.0f} s: "
        f"{'PASS' if map_ok else 'MISS'}"
    )
    report_latencies("relation type key", link_latencies, linked)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().passages))
