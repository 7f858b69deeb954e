"""Agreement benchmark: ``annotator agreement`` over 1M annotations of 4 reviewers on 100k
passages, against a plain-Python computation of the same figures.

Run from the repository root::

    python -m bench.agreement                     # 100,000 passages, about 1,000,000 annotations
    python -m bench.agreement --quick             # 10,000 passages: a smoke test
    python -m bench.agreement --passages 20000    # another size (10 annotations a passage)
    python -m bench.agreement --profile           # and cProfile our run afterwards

What it does:

1. The database, cached under ``bench/.data/`` (gitignored) and keyed by size, seed and the
   code that decides its content (``--rebuild`` to build it again). The corpus is the export
   benchmark's (``bench/export.py``: documents of 1,000 passages grown from the seeds, one
   paragraph a line, imported with ``Store.add_documents``). Four reviewers then tag it
   as a team would: each passage but 15% has a few "true" tags (concepts drawn with a few
   common and most rare; a quarter whole-passage tags, the rest spans of 1 to 12 words); each
   reviewer makes each true tag with probability 0.8, with a span off by a few characters
   one time in four and the concept swapped for a neighbouring one (always the same
   neighbour: concepts that blur) one time in twelve, and adds a stray tag of their own to a
   passage one time in three. Everything follows from ``--seed``.
2. Ours: ``python -m annotator --db DB agreement --json`` in its own process, its JSON Lines
   kept. The baseline, in another process: what one writes first, every annotation row
   loaded into Python objects, the scope, units and spans worked out in dicts and sets, and
   the same measure functions (``annotator.agreement.coding`` and ``spans``) fed every
   passage of every concept. Each step's wall time, CPU time and peak RSS are read by this
   driver (``bench.export.run_measured``); a step still running after ``--step-timeout``
   seconds is stopped and reported so.
3. The figures of the two are checked equal (every line, every measure, to 1e-9).

Targets: ours <= 10 s and <= 300 MB at full size. Each prints PASS or MISS; the exit status
is 0 unless something crashed or the figures differ.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import pstats
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

# `python bench/agreement.py` puts bench/ on the path, not the repository root that holds it
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus_gen import DEFAULT_SEED
from bench.export import (
    BUILD_CACHE_KIB,
    DATA,
    DOCUMENTS_PER_BATCH,
    PASSAGES_PER_DOCUMENT,
    ROOT,
    WHOLE_SHARE,
    Annotations,
    Measure,
    checkpoint,
    document_text,
    driver_peak_mb,
    progress,
    run_measured,
)

DEFAULT_PASSAGES = 100_000
QUICK_PASSAGES = 10_000
ANNOTATIONS_PER_PASSAGE = 10
TIME_TARGET_S = 10.0
RSS_TARGET_MB = 300.0
STEP_TIMEOUT_S = 300.0
TOLERANCE = 1e-9
"""How far apart two figures may be and still be the same (sums in another order)."""

GENERATOR_VERSION = 1
"""Bump when the generated tagging changes, so cached databases are rebuilt."""
REVIEWERS = ("ana", "bruno", "chloé", "dmitri")
UNTAGGED_SHARE = 0.15
KEEP = 0.8
"""Chance that a reviewer makes a given true tag."""
SHIFTED = 0.25
"""Chance that a reviewer's span of a true tag is off by a few characters."""
SHIFT = 8
"""Most characters a shifted span's start or end moves."""
SWAPPED = 1 / 12
"""Chance that a reviewer gives a true tag the neighbouring concept."""
STRAY = 1 / 3
"""Chance that a reviewer adds a tag of their own to a tagged passage."""
MOST_TRUE_TAGS = 12
WORKER = [sys.executable, "-m", "bench.agreement", "--worker"]
"""This benchmark's command line for its helper processes (``build``, ``baseline``)."""
COLUMNS = 'id, passage, concept, start, "end", quote, prefix, suffix, note, reviewer, created'


# --- the database -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Build:
    """What the cached database holds, and how long its tagging took."""

    passages: int
    documents: int
    annotations: int
    spans: int
    build_seconds: float
    database_bytes: int


def ensure_database(
    passages: int, annotations: int, seed: int, rebuild: bool
) -> tuple[Path, Build]:
    """The cached database of this size, tagged by the four reviewers, built first if needed
    (in a process of its own: Linux carries a parent's peak memory over to its children, and
    the builder's would hide the peaks measured afterwards)."""
    hasher = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for source in ("annotator/store/migrations.py", "annotator/store/documents.py"):
        hasher.update((ROOT / source).read_bytes())
    key = f"agreement-{passages}-{annotations}-{seed}-{hasher.hexdigest()[:10]}"
    database, meta = DATA / f"{key}.db", DATA / f"{key}.json"
    if not rebuild and database.exists() and meta.exists():
        return database, Build(**json.loads(meta.read_text()))
    for stale in DATA.glob(f"agreement-{passages}-{annotations}-{seed}-*"):
        stale.unlink()
    DATA.mkdir(parents=True, exist_ok=True)
    progress(f"building {passages:,} passages, about {annotations:,} annotations (seed {seed}) ...")
    building = DATA / f"{key}.building"
    building.unlink(missing_ok=True)
    began = time.perf_counter()
    command = [*WORKER, "build", "--db", str(building), "--seed", str(seed)]
    command += ["--passages", str(passages), "--annotations", str(annotations)]
    done = subprocess.run(command, stdout=subprocess.PIPE, check=True, cwd=ROOT)
    checkpoint(building)
    building.rename(database)
    build = Build(
        **json.loads(done.stdout),
        build_seconds=time.perf_counter() - began,
        database_bytes=database.stat().st_size,
    )
    meta.write_text(json.dumps(asdict(build)))
    return database, build


def build_worker(db: Path, passages: int, annotations: int, seed: int) -> dict[str, int]:
    """Import the export benchmark's corpus into ``db`` and tag it (``tag_corpus``); what the
    database then holds."""
    from annotator.cli.settings import Settings
    from annotator.store import Access
    from corpus import parse_text
    from schemas import SourceInfo

    store = Settings(db=db, reviewer="bench", scheme=None, debug=False).open_store(Access.CREATE)
    documents = range((passages + PASSAGES_PER_DOCUMENT - 1) // PASSAGES_PER_DOCUMENT)
    for first in range(0, len(documents), DOCUMENTS_PER_BATCH):
        batch = documents[first : first + DOCUMENTS_PER_BATCH]
        store.add_documents(
            [
                parse_text(
                    document_text(
                        seed,
                        index,
                        min(PASSAGES_PER_DOCUMENT, passages - index * PASSAGES_PER_DOCUMENT),
                    ),
                    f"agreement-{seed}-{index:05d}.txt",
                    "utf-8",
                    SourceInfo(title=f"Agreement benchmark {index}"),
                )
                for index in batch
            ],
            "bench",
        )
        progress(f"  imported {min(passages, (batch[-1] + 1) * PASSAGES_PER_DOCUMENT):,}")
    store.close()
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    spans = tag_corpus(connection, annotations, random.Random(f"{seed}/agreement"))
    stored_passages, stored_documents, stored = (
        int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        for table in ("passages", "documents", "annotations")
    )
    connection.close()
    return {
        "passages": stored_passages,
        "documents": stored_documents,
        "annotations": stored,
        "spans": spans,
    }


class Team:
    """Draws the four reviewers' tags of each passage from one RNG (see the module doc)."""

    def __init__(self, rng: random.Random, concepts: Sequence[str]) -> None:
        from schemas.annotations import CONTEXT_CHARS

        self.rng = rng
        self.draw = Annotations(rng, concepts, CONTEXT_CHARS)
        """The export benchmark's drawing of concepts, spans, ids and times."""
        self.neighbour = {
            concept: self.draw.concepts[(index + 1) % len(self.draw.concepts)]
            for index, concept in enumerate(self.draw.concepts)
        }
        self.spans = 0

    def tag(self) -> tuple[str, bool]:
        """A concept, and whether the tag is a span (else the whole passage)."""
        draw = self.draw
        concept = self.rng.choices(draw.concepts, draw.concept_weights)[0]
        return concept, self.rng.random() >= WHOLE_SHARE

    def of_passage(self, passage: str, text: str, true_tags: int) -> Iterator[tuple[Any, ...]]:
        """The annotation rows of one passage, in ``COLUMNS`` order."""
        rng = self.rng
        truth = [
            (concept, self.draw.span(text) if is_span else None)
            for concept, is_span in (self.tag() for _ in range(true_tags))
        ]
        for reviewer in REVIEWERS:
            made: set[tuple[str, tuple[int, int] | None]] = set()
            for concept, span in truth:
                if rng.random() >= KEEP:
                    continue
                if rng.random() < SWAPPED:
                    concept = self.neighbour[concept]
                if span is not None and rng.random() < SHIFTED:
                    span = self.shifted(span, len(text))
                made.add((concept, span))
            if rng.random() < STRAY:
                concept, is_span = self.tag()
                made.add((concept, self.draw.span(text) if is_span else None))
            for concept, span in sorted(made, key=repr):
                yield self.row(passage, text, concept, span, reviewer)

    def shifted(self, span: tuple[int, int], length: int) -> tuple[int, int]:
        """``span`` with its start and end each moved by up to ``SHIFT`` characters."""
        start, end = span
        start = min(max(0, start + self.rng.randint(-SHIFT, SHIFT)), end - 1)
        end = max(min(length, end + self.rng.randint(-SHIFT, SHIFT)), start + 1)
        return start, end

    def row(
        self, passage: str, text: str, concept: str, span: tuple[int, int] | None, reviewer: str
    ) -> tuple[Any, ...]:
        context = self.draw.context
        if span is None:
            start, end, quote, prefix, suffix = None, None, text, "", ""
        else:
            self.spans += 1
            start, end = span
            quote = text[start:end]
            prefix, suffix = text[max(0, start - context) : start], text[end : end + context]
        return (
            self.draw.uuid(),
            passage,
            concept,
            start,
            end,
            quote,
            prefix,
            suffix,
            None,
            reviewer,
            self.draw.created(),
        )


def tag_corpus(connection: sqlite3.Connection, annotations: int, rng: random.Random) -> int:
    """Insert about ``annotations`` tags of the four reviewers in one transaction; the spans."""
    concepts = [row[0] for row in connection.execute("SELECT id FROM concepts ORDER BY id")]
    passages = connection.execute("SELECT id, text FROM passages ORDER BY rowid").fetchall()
    tagged = [passage for passage in passages if rng.random() >= UNTAGGED_SHARE]
    # each reviewer makes KEEP of the true tags and STRAY tags a passage: spread the true tags
    per_reviewer = annotations / len(REVIEWERS) - STRAY * len(tagged)
    true_tags = max(len(tagged), round(per_reviewer / KEEP))
    counts = [1] * len(tagged)
    for _ in range(true_tags - len(tagged)):
        index = rng.randrange(len(tagged))
        while counts[index] >= MOST_TRUE_TAGS:
            index = rng.randrange(len(tagged))
        counts[index] += 1
    team = Team(rng, concepts)
    rows = (
        row
        for (passage, text), count in zip(tagged, counts, strict=True)
        for row in team.of_passage(passage, text, count)
    )
    with connection:
        connection.executemany(
            f"INSERT INTO annotations ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    return team.spans


# --- the baseline -------------------------------------------------------------------------


class Row(NamedTuple):
    """One annotation, as the baseline holds each of them."""

    reviewer: str
    concept: str
    passage: str
    start: int | None
    end: int | None
    anchor: str | None
    document: str
    length: int
    superseded_by: str | None


def baseline_worker(db: Path, output: Path) -> None:
    """The figures of ``annotator agreement --json``, the plain way: every annotation loaded
    as an object, the scope, units and spans gathered in dicts and sets, and every passage of
    every concept fed to the same measures; a JSON line per concept, then the overall one."""
    from annotator.agreement import coding
    from annotator.agreement.spans import SpanF1, UnitizingAlpha

    connection = sqlite3.connect(db)
    rows = [
        Row(*row)
        for row in connection.execute(
            'SELECT a.reviewer, a.concept, a.passage, a.start, a."end", a.anchor, p.document, '
            'p."end" - p.start, d.superseded_by FROM annotations a '
            "JOIN passages p ON p.id = a.passage JOIN documents d ON d.id = p.document"
        )
    ]
    gold = connection.execute("SELECT value FROM settings WHERE id = 'gold'").fetchone()
    counted = [row for row in rows if row.superseded_by is None and row.anchor != "orphan"]
    reviewers = sorted({row.reviewer for row in counted} - {gold[0] if gold else "gold"})
    position = {name: index for index, name in enumerate(reviewers)}
    annotated: dict[str, set[str]] = defaultdict(set)
    for row in counted:
        annotated[row.reviewer].add(row.document)
    scope = set.intersection(*(annotated[name] for name in reviewers))
    lengths = {
        passage: length
        for passage, document, length in connection.execute(
            'SELECT id, document, "end" - start FROM passages ORDER BY rowid'
        )
        if document in scope
    }
    said: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    marked: dict[str, dict[str, list[set[tuple[int, int]]]]] = defaultdict(dict)
    for row in counted:
        if row.reviewer in position and row.passage in lengths:
            said[row.concept][row.passage].add(position[row.reviewer])
            spans = marked[row.concept].setdefault(row.passage, [set() for _ in reviewers])
            span = (0, row.length) if row.start is None or row.end is None else (row.start, row.end)
            spans[position[row.reviewer]].add(span)

    def line(
        concept: str | None,
        units: int,
        patterns: Counter[tuple[int, ...]],
        f1: SpanF1,
        alpha: UnitizingAlpha,
    ) -> dict[str, Any]:
        return {
            "concept": concept,
            "units": units,
            "reviewers": reviewers,
            "percent_agreement": coding.percent_agreement(patterns),
            "cohen_kappa": coding.cohen_kappa(patterns),
            "fleiss_kappa": coding.fleiss_kappa(patterns),
            "krippendorff_alpha": coding.krippendorff_alpha(patterns),
            "span_f1": f1.value(),
            "unitizing_alpha": alpha.value(),
        }

    nobody: list[set[tuple[int, int]]] = [set() for _ in reviewers]
    pooled: Counter[tuple[int, ...]] = Counter()
    all_f1, all_alpha = SpanF1(len(reviewers)), UnitizingAlpha(len(reviewers))
    with output.open("w", encoding="utf-8") as out:
        for concept in sorted(said):
            patterns: Counter[tuple[int, ...]] = Counter()
            f1, alpha = SpanF1(len(reviewers)), UnitizingAlpha(len(reviewers))
            for passage, length in lengths.items():
                who = said[concept].get(passage, set())
                patterns[tuple(int(index in who) for index in range(len(reviewers)))] += 1
                spans = marked[concept].get(passage, nobody)
                for accumulated in (f1, all_f1):
                    accumulated.add(spans)
                for unitizing in (alpha, all_alpha):
                    unitizing.add(length, spans)
            pooled.update(patterns)
            out.write(json.dumps(line(concept, len(lengths), patterns, f1, alpha)) + "\n")
        units = len(lengths) * len(said)
        out.write(json.dumps(line(None, units, pooled, all_f1, all_alpha)) + "\n")
    connection.close()


# --- the benchmark ------------------------------------------------------------------------


def step(label: str, command: list[str], timeout: float) -> Measure:
    """Run one measured step, saying what it does and how long it took on stderr."""
    progress(f"  {label} ...")
    measure = run_measured(command, timeout=timeout)
    stopped = "" if measure.finished else f" (stopped at the {timeout:.0f} s limit)"
    progress(f"    {measure.seconds:.1f} s, peak {measure.peak_mb:.0f} MB{stopped}")
    return measure


def into(output: Path, command: list[str]) -> list[str]:
    """``command`` with its stdout written to ``output``: a shell that ``exec``s it, so the
    process measured is the command itself."""
    return ["sh", "-c", f'exec "$@" > "{output}"', "sh", *command]


def read_lines(path: Path) -> dict[str | None, dict[str, Any]]:
    """JSON Lines by concept (None: the overall line)."""
    lines = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    return {line["concept"]: line for line in lines}


def differences(
    ours: dict[str | None, dict[str, Any]], theirs: dict[str | None, dict[str, Any]]
) -> list[str]:
    """Where two sets of lines disagree: a concept only one has, or a field off by more than
    ``TOLERANCE`` (null only against null)."""
    found = [f"concept {concept!r} only in one" for concept in ours.keys() ^ theirs.keys()]
    for concept in ours.keys() & theirs.keys():
        for key, value in ours[concept].items():
            other = theirs[concept].get(key)
            if isinstance(value, float) and isinstance(other, float):
                same = math.isclose(value, other, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
            else:
                same = value == other
            if not same:
                found.append(f"{concept} {key}: ours {value!r}, baseline {other!r}")
    return found


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def benchmark(passages: int, annotations: int, seed: int, rebuild: bool, timeout: float) -> bool:
    """Build or reuse the database, run both, print the figures; whether the two agree."""
    began = time.perf_counter()
    start_load = os.getloadavg()[0]
    database, build = ensure_database(passages, annotations, seed, rebuild)
    progress(f"{build.passages:,} passages, {build.annotations:,} annotations:")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-agreement-") as folder:
        ours_out, base_out = Path(folder) / "ours.jsonl", Path(folder) / "baseline.jsonl"
        command = [sys.executable, "-m", "annotator", "--db", str(database), "agreement", "--json"]
        ours = step("annotator agreement --json", into(ours_out, command), timeout)
        baseline = step(
            "baseline: every row as a Python object, the same measures",
            [*WORKER, "baseline", "--db", str(database), "-o", str(base_out)],
            timeout,
        )
        ours_lines = read_lines(ours_out) if ours.finished else {}
        theirs = read_lines(base_out) if baseline.finished else {}
    print()
    print(
        f"corpus: {build.passages:,} passages in {build.documents} documents, "
        f"{build.annotations:,} annotations by {len(REVIEWERS)} reviewers ({build.spans:,} spans, "
        f"{build.annotations - build.spans:,} whole-passage tags); database "
        f"{build.database_bytes / 1e6:.0f} MB (built in {build.build_seconds:.0f} s)"
    )
    print(f"{'':34}{'seconds':>9}{'cpu s':>8}{'peak MB':>9}{'x baseline':>12}")
    for label, measure in (
        ("annotator agreement --json", ours),
        ("baseline (plain Python)", baseline),
    ):
        ratio = measure.seconds / baseline.seconds
        print(
            f"{label:34}{measure.seconds:9.2f}{measure.cpu:8.2f}{measure.peak_mb:9.0f}"
            f"{ratio:12.2f}{'' if measure.finished else '  stopped: did not finish'}"
        )
    overall = ours_lines.get(None)
    if overall is not None:
        figures = ", ".join(
            f"{key} {value:.3f}" if isinstance(value, float) else f"{key} null"
            for key, value in overall.items()
            if key not in ("concept", "units", "reviewers")
        )
        print(f"overall, {len(ours_lines) - 1} concepts, {overall['units']:,} units: {figures}")
    found = differences(ours_lines, theirs) if ours.finished and baseline.finished else []
    if not (ours.finished and baseline.finished):
        print("check: not made (a step did not finish)")
    elif found:
        print(f"check: the figures DIFFER in {len(found)} places, e.g. " + "; ".join(found[:5]))
    else:
        print(f"check: the same figures, {len(ours_lines)} lines (to {TOLERANCE:g})")
    print("targets:")
    print(
        f"  agreement <= {TIME_TARGET_S:.0f} s: {ours.seconds:.1f} s: "
        f"{verdict(ours.finished and ours.seconds <= TIME_TARGET_S)}"
    )
    print(
        f"  agreement peak <= {RSS_TARGET_MB:.0f} MB: {ours.peak_mb:.0f} MB: "
        f"{verdict(ours.finished and ours.peak_mb <= RSS_TARGET_MB)}"
    )
    print(
        f"machine: load average {start_load:.1f} at the start, {os.getloadavg()[0]:.1f} at the "
        f"end ({os.cpu_count()} CPUs, shared: wall seconds are under that load, CPU seconds less "
        f"so); the driver's own peak, a floor under the peaks above, {driver_peak_mb():.0f} MB; "
        f"benchmark wall time {time.perf_counter() - began:.0f} s"
    )
    return not found


def profile(database: Path) -> None:
    """Run ours once more under cProfile and print where its time goes."""
    with tempfile.TemporaryDirectory(prefix="annotator-bench-agreement-") as folder:
        stats = Path(folder) / "agreement.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "annotator"]
        run_measured(
            into(
                Path(folder) / "out.jsonl", [*command, "--db", str(database), "agreement", "--json"]
            )
        )
        buffer = io.StringIO()
        pstats.Stats(str(stats), stream=buffer).sort_stats("cumulative").print_stats(25)
    print(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--passages",
        type=int,
        default=DEFAULT_PASSAGES,
        metavar="N",
        help=f"passages (default {DEFAULT_PASSAGES:,})",
    )
    size.add_argument(
        "--quick", action="store_true", help=f"{QUICK_PASSAGES:,} passages, a smoke test"
    )
    parser.add_argument(
        "--annotations",
        type=int,
        metavar="N",
        help=f"annotations, about (default {ANNOTATIONS_PER_PASSAGE} a passage)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus random seed")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument(
        "--step-timeout",
        type=float,
        default=STEP_TIMEOUT_S,
        metavar="S",
        help=f"stop a step after S seconds (default {STEP_TIMEOUT_S:.0f})",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile our run afterwards")
    parser.add_argument("--worker", choices=("build", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "build":
        print(json.dumps(build_worker(args.db, args.passages, args.annotations, args.seed)))
        return 0
    if args.worker == "baseline":
        baseline_worker(args.db, args.output)
        return 0
    passages = QUICK_PASSAGES if args.quick else args.passages
    annotations = args.annotations or passages * ANNOTATIONS_PER_PASSAGE
    same = benchmark(passages, annotations, args.seed, args.rebuild, args.step_timeout)
    if args.profile:
        profile(ensure_database(passages, annotations, args.seed, False)[0])
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
