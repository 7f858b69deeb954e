"""UI benchmark: first paint on a 100k-passage document, and hotkey-to-committed latency.

Run from the repository root::

    python bench/tui.py                  # 100,000 passages
    python bench/tui.py --passages 20000 # smaller, quicker

What it measures, headless with Textual's Pilot, in one run:

1. Baseline: an empty Textual app (a Header, a Footer, nothing else) from ``run_test`` to its
   first frame, three times; the median is the floor any Textual app pays.
2. First paint: ``AnnotatorApp`` on a database holding one document of N passages (generated
   with ``bench/corpus_gen.py``, one paragraph per line, not timed), from ``run_test`` to the
   frame showing the first passage's text. Target: within 1 s of the baseline.
3. Keypress to stored: 200 presses of a concept hotkey (``1``, moving down a passage each time),
   each timed from the key press to the write's transaction having committed. Target: p95
   <= 20 ms. The database is checked afterwards: 200 annotations must be there.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.passage_view import PassageView
from bench.corpus_gen import passages
from corpus import parse_text
from schemas import Annotation, SourceInfo, bundled_scheme_text, load_bundled_scheme

PRESSES = 200
SIZE = (160, 48)
FIRST_PAINT_TARGET_S = 1.0
LATENCY_TARGET_MS = 20.0


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


async def baseline_first_paint() -> float:
    start = time.perf_counter()
    async with EmptyApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


def make_app(db: Path) -> AnnotatorApp:
    return AnnotatorApp(Store.open(db), Store.open(db, check_same_thread=False), "bench", db.name)


async def first_paint(db: Path, expected: int) -> float:
    start = time.perf_counter()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PassageView)
        while view.count < expected or not view.render_line(0).text.strip():
            await pilot.pause(0.005)
        await pilot.pause()
        return time.perf_counter() - start


async def press_latencies(db: Path, expected: int) -> list[float]:
    """Seconds from each hotkey press to its transaction having committed.

    The writer store's ``toggle`` is wrapped to note when it returns, which is after its
    transaction committed; the press is noted just before Pilot sends the key.
    """
    writer = Store.open(db, check_same_thread=False)
    app = AnnotatorApp(Store.open(db), writer, "bench", db.name)
    commits: list[float] = []
    toggle = writer.toggle

    def timed_toggle(passage: str, concept: str, reviewer: str) -> tuple[Annotation, bool]:
        result = toggle(passage, concept, reviewer)
        commits.append(time.perf_counter())
        return result

    writer.toggle = timed_toggle  # type: ignore[method-assign,assignment]
    presses: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PassageView)
        while view.count < expected:
            await pilot.pause(0.005)
        for _ in range(PRESSES):
            presses.append(time.perf_counter())
            await pilot.press("1")
            await app.workers.wait_for_complete()
            await pilot.press("j")
    return [commit - press for press, commit in zip(presses, commits, strict=True)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


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
        latencies = await press_latencies(db, stored)
        store = Store.open(db)
        tagged = store.stats().annotations
        store.close()
    p50 = percentile(latencies, 0.50) * 1000
    p95 = percentile(latencies, 0.95) * 1000
    worst = max(latencies) * 1000
    paint_ok = paint - baseline <= FIRST_PAINT_TARGET_S
    print("first paint (median of 3)     seconds")
    print(f"  empty Textual app (baseline)  {baseline:6.3f}")
    print(f"  annotator, {stored:,} passages {paint:6.3f}")
    print(
        f"  difference {paint - baseline:+.3f} s, ratio {paint / baseline:.2f}x  "
        f"target <= +{FIRST_PAINT_TARGET_S:.0f} s: {'PASS' if paint_ok else 'MISS'}"
    )
    print(f"hotkey press to committed row, {PRESSES} presses")
    print(f"  p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms  rows stored: {tagged}")
    verdict = "PASS" if p95 <= LATENCY_TARGET_MS else "MISS"
    print(f"  target p95 <= {LATENCY_TARGET_MS:.0f} ms: {verdict}")
    if tagged != PRESSES:
        raise SystemExit(f"expected {PRESSES} stored annotations, found {tagged}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().passages))
