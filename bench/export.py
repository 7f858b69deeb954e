"""Export benchmark: ``export`` and ``load`` of 1M annotations over 100k passages.

Run from the repository root::

    python bench/export.py                      # 100,000 passages, 1,000,000 annotations
    python bench/export.py --passages 20000     # smaller (10 annotations a passage)
    python bench/export.py --quick              # 10,000 passages: a smoke test
    python bench/export.py --profile-load       # and cProfile the big load afterwards

What it does:

1. Databases, cached under ``bench/.data/`` (gitignored), keyed by size, seed and the code
   that decides their content (``--rebuild`` to build them again). Documents of 1,000
   passages grown from the seeds by ``bench/corpus_gen.py`` (one paragraph per line, about
   600 bytes a passage), imported with ``Store.add_documents``: that is the *fresh* database
   a load starts from. A copy then gets the annotations, written with one ``executemany`` in
   one transaction (no history rows: exports do not read them): 15% of the passages
   untagged, the others 1 to 30 annotations; a quarter whole-passage tags, the rest spans of
   1 to 12 words with their context; concepts from the bundled scheme (a few common, most
   rare); six reviewers; a note on 8% (accents, quotes, tabs, newlines); a relation from 5%
   (most to an annotation of the same passage). Everything follows from ``--seed``.
2. Each step runs the real command line (``python -m annotator --db ...``) in its own
   process; its wall time, CPU time and peak RSS (``ru_maxrss`` from ``os.wait4``, or the
   resident memory of the process and its workers added up, sampled every 20 ms, where that
   is more) are read by this driver (Linux carries a parent's peak over ``exec``, so the
   driver's own peak, printed too, is a floor under those figures):

   - baseline: the plain loop a user would write, ``sqlite3`` rows to ``json.dumps`` lines
     (a query per document, rows grouped by passage), writing the very records
     ``export --format jsonl`` writes: the floor for an export. Its bytes are checked equal
     to ours;
   - ``export --format jsonl`` to a file;
   - ``load`` of that file into a copy of the fresh database (annotation and relation counts
     checked; at the smaller size, exporting the loaded database again must give the same
     bytes);
   - ``export --format csv`` and ``--format w3c``, each only once it is in
     ``FORMAT_MODULES`` ("not available" until then).

   A step still running after ``--step-timeout`` seconds (300) is stopped and reported so.

3. The same at a quarter of the size first (``--no-small`` skips it), so memory can be seen
   to stay flat as the corpus grows: the peak at full size over the peak at a quarter.

Targets: jsonl export <= 2x the baseline's time and <= 20 s; load <= 60 s; peak RSS <= 300 MB
for each step, flat as the corpus grows (4x the corpus costs less than 1.25x + 5 MB). Each
prints PASS or MISS; the exit status is 0 unless something crashed. The load average is
printed at the start and the end: on a shared machine, times are under that load (CPU seconds
are less sensitive to it than wall seconds).

``--profile-load`` runs the full-size load once more under cProfile (not timed above) and
prints where its time goes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

# `python bench/export.py` puts bench/ on the path, not the repository root that holds it
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.export.jsonl import ANNOTATION_KEYS, RELATION_KEYS
from bench.corpus_gen import DEFAULT_SEED

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / ".data"
"""Cached databases (gitignored)."""

DEFAULT_PASSAGES = 100_000
QUICK_PASSAGES = 10_000
ANNOTATIONS_PER_PASSAGE = 10
SMALL_SHARE = 4
"""The smaller run has a quarter of the passages and of the annotations."""

RATIO_TARGET = 2.0
"""jsonl export time over the baseline's, at most."""
EXPORT_TARGET_S = 20.0
LOAD_TARGET_S = 60.0
RSS_TARGET_MB = 300.0
FLAT_TOLERANCE = 1.25
"""Peak memory is called flat when 4x the corpus costs less than this factor (+ a few MB)."""
FLAT_SLACK_MB = 5.0
MB = 1_000_000
OTHER_FORMATS = ("csv", "w3c")
"""Formats measured besides jsonl, each only once it is in ``FORMAT_MODULES``."""
STEP_TIMEOUT_S = 300.0
"""A step still running after this long is stopped (keeps a run within about ten minutes)."""
POLL_SECONDS = 0.02

GENERATOR_VERSION = 1
"""Bump when the generated databases change, so cached ones are rebuilt."""

PASSAGES_PER_DOCUMENT = 1000
BUILD_CACHE_KIB = 800_000
"""SQLite page cache while annotating: annotation ids are random, so each insert lands on
any page of the id index: with the pages in memory, 1M annotations take 40% less time."""
DOCUMENTS_PER_BATCH = 10
UNTAGGED_SHARE = 0.15
MOST_PER_PASSAGE = 30
WHOLE_SHARE = 0.25
NOTE_SHARE = 0.08
RELATION_SHARE = 0.05
SAME_PASSAGE_RELATIONS = 0.9
SPAN_WORDS = (1, 12)
REVIEWERS = (
    ("alice", 30),
    ("bruno", 25),
    ("chloé", 20),
    ("dmitri", 12),
    ("élodie", 8),
    ("farid", 5),
)
RELATION_TYPES = ("supports", "attacks", "cites", "applies", "contradicts")
NOTES = (
    "à revoir",
    "cf. CE, 24 juillet 2019, n° 416983",
    'le juge parle d\'« erreur manifeste » : "contrôle restreint" ?',
    "moyen soulevé d'office [à vérifier]",
    "voir aussi la note\nsous l'arrêt, et le\tconsidérant suivant",
    "désaccord avec bruno, à trancher en réunion",
    "doublon probable ; garder le plus long",
    "RTU : délai, dose, population — trois points distincts",
)
FIRST_CREATED = 1_735_689_600  # 2025-01-01T00:00:00Z
CREATED_SPAN = 365 * 24 * 3600


# --- measuring a command ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    """One step, as the driver saw its process."""

    seconds: float
    """Wall time from spawning the process to its exit (interpreter start included)."""
    cpu: float
    """User + system CPU seconds of the process."""
    peak_mb: float
    """Peak RSS of the process (``ru_maxrss``), or of the process and its workers together
    (sampled) where that is more: a big load checks its lines in worker processes."""
    output_bytes: int = 0
    finished: bool = True
    """False when it was stopped at the step time limit (its figures are then up to there)."""


def run_measured(
    command: Sequence[str], output: Path | None = None, timeout: float | None = None
) -> Measure:
    """Run ``command`` from the repository root, wait for it with ``os.wait4``; its figures.

    A command still running after ``timeout`` seconds is killed (``finished`` is False). A
    failure prints the command's stderr and raises.
    """
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        finished = True
        tree_peak_kib = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree_peak_kib = max(tree_peak_kib, tree_rss_kib(process.pid))
            if timeout is not None and time.perf_counter() - began > timeout:
                process.kill()
                finished = False
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        if finished and process.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode("utf-8", "replace"))
            raise RuntimeError(f"{' '.join(command)} failed (exit status {process.returncode})")
    scale = 1 if sys.platform == "darwin" else 1024  # Linux reports KiB, macOS bytes
    return Measure(
        seconds=seconds,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=max(usage.ru_maxrss * scale, tree_peak_kib * 1024) / MB,
        output_bytes=size_of(output) if output is not None and finished else 0,
        finished=finished,
    )


def tree_rss_kib(pid: int) -> int:
    """The resident memory (KiB) of a process and its descendants now, from ``/proc``; 0 where
    there is no ``/proc`` (the peak is then ``ru_maxrss`` alone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:  # gone meanwhile, or not Linux
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")),
            0,
        )
        todo.extend(int(child) for child in children.split())
    return total


def annotator(db: Path, *arguments: str) -> list[str]:
    """The command line of ``annotator --db DB ARGUMENTS``, run from this checkout."""
    return [sys.executable, "-m", "annotator", "--db", str(db), "--reviewer", "bench", *arguments]


def worker_command(kind: str, *arguments: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", kind, *arguments]


def size_of(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_dir():
        return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
    return path.stat().st_size if path.exists() else 0


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def driver_peak_mb() -> float:
    """This driver's own peak RSS: a floor under every figure (Linux carries it over exec)."""
    import resource

    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB


def format_modules() -> dict[str, str]:
    """``FORMAT_MODULES`` as this checkout has it now, read in a child (the driver stays small)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from annotator.export.formats import FORMAT_MODULES; "
            "print(json.dumps(FORMAT_MODULES))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    found: dict[str, str] = json.loads(done.stdout)
    return found


def count_rows(path: Path, *tables: str) -> tuple[int, ...]:
    connection = sqlite3.connect(path)
    try:
        return tuple(
            int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in tables
        )
    finally:
        connection.close()


def progress(message: str) -> None:
    sys.stdout.flush()
    print(message, file=sys.stderr, flush=True)


# --- the databases ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Build:
    """What the cached databases hold, and how long they took to make."""

    passages: int
    documents: int
    tagged_passages: int
    annotations: int
    spans: int
    notes: int
    relations: int
    import_seconds: float
    annotate_seconds: float
    fresh_bytes: int
    annotated_bytes: int


def cache_key(passages: int, annotations: int, seed: int) -> str:
    """Size, seed and a hash of what decides the databases' content."""
    hasher = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for source in ("annotator/store/migrations.py", "annotator/store/documents.py"):
        hasher.update((ROOT / source).read_bytes())
    return f"export-{passages}-{annotations}-{seed}-{hasher.hexdigest()[:10]}"


def ensure_databases(
    passages: int, annotations: int, seed: int, rebuild: bool
) -> tuple[Path, Path, Build]:
    """The cached (annotated, fresh) databases for this size, built first if needed."""
    DATA.mkdir(parents=True, exist_ok=True)
    key = cache_key(passages, annotations, seed)
    annotated, fresh, meta = DATA / f"{key}.db", DATA / f"{key}.fresh.db", DATA / f"{key}.json"
    if not rebuild and annotated.exists() and fresh.exists() and meta.exists():
        return annotated, fresh, Build(**json.loads(meta.read_text()))
    for stale in DATA.glob(f"export-{passages}-{annotations}-{seed}-*"):
        stale.unlink()
    progress(f"building {passages:,} passages, {annotations:,} annotations (seed {seed}) ...")
    building = DATA / f"{key}.building"
    command = worker_command(
        "build", "--db", str(building), "--seed", str(seed), "--passages", str(passages)
    )
    command += ["--annotations", str(annotations)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"building the databases failed (exit status {done.returncode})")
    build = Build(**json.loads(done.stdout.strip().splitlines()[-1]))
    (building / "fresh.db").rename(fresh)
    (building / "annotated.db").rename(annotated)
    shutil.rmtree(building)
    meta.write_text(json.dumps(asdict(build)))
    return annotated, fresh, build


def document_text(seed: int, index: int, count: int) -> str:
    """Document ``index``: ``count`` passages from the seeds, one paragraph per line.

    Each document depends only on the seed and its index, so a small corpus is the first
    documents of a big one.
    """
    from bench.corpus_gen import PassageGenerator

    generator = PassageGenerator(random.Random(f"{seed}/export/{index}"))
    return "\n".join(generator.passages(count)) + "\n"


def build_worker(folder: Path, passages: int, annotations: int, seed: int) -> Build:
    """Write ``folder/fresh.db`` (the corpus) and ``folder/annotated.db`` (it, annotated)."""
    from annotator.cli.settings import Settings
    from annotator.store import Access
    from corpus import parse_text
    from schemas import SourceInfo

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    fresh, annotated = folder / "fresh.db", folder / "annotated.db"
    began = time.perf_counter()
    store = Settings(db=fresh, reviewer="bench", scheme=None, debug=False).open_store(Access.CREATE)
    starts = range(0, passages, PASSAGES_PER_DOCUMENT)
    for first in range(0, len(starts), DOCUMENTS_PER_BATCH):
        batch = [
            parse_text(
                document_text(seed, index, min(PASSAGES_PER_DOCUMENT, passages - starts[index])),
                f"export-{seed}-{index:05d}.txt",
                "utf-8",
                SourceInfo(title=f"Export benchmark {index}"),
            )
            for index in range(first, min(first + DOCUMENTS_PER_BATCH, len(starts)))
        ]
        store.add_documents(batch, "bench")
        progress(f"  imported {min(passages, (first + len(batch)) * PASSAGES_PER_DOCUMENT):,}")
    store.close()
    checkpoint(fresh)
    import_seconds = time.perf_counter() - began
    began = time.perf_counter()
    shutil.copyfile(fresh, annotated)
    connection = sqlite3.connect(annotated)
    connection.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    counts = annotate(connection, annotations, random.Random(f"{seed}/annotations"))
    connection.close()
    checkpoint(annotated)
    (stored_passages, documents) = count_rows(fresh, "passages", "documents")
    return Build(
        passages=stored_passages,
        documents=documents,
        import_seconds=import_seconds,
        annotate_seconds=time.perf_counter() - began,
        fresh_bytes=size_of(fresh),
        annotated_bytes=size_of(annotated),
        **counts,
    )


def checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so the database is one file that can be copied."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


class Annotations:
    """Draws the annotations of the benchmark's corpus, passage by passage, from one RNG."""

    def __init__(self, rng: random.Random, concepts: Sequence[str], context: int) -> None:
        self.rng = rng
        self.context = context
        """Characters of context around a span, as the store keeps."""
        self.concepts = list(concepts)
        # a few concepts common, most rare, as in real work: weight 1 / (rank + 2)
        rng.shuffle(self.concepts)
        self.concept_weights = [1 / (rank + 2) for rank in range(len(self.concepts))]
        self.reviewers = [name for name, _ in REVIEWERS]
        self.reviewer_weights = [weight for _, weight in REVIEWERS]
        self.previous: list[tuple[str, str, str]] = []
        """(id, reviewer, created) of the last annotated passage, for cross-passage links."""
        self.relations: list[tuple[str, str, str, str, str, str]] = []
        self.spans = self.notes = 0

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def created(self) -> str:
        moment = FIRST_CREATED + self.rng.random() * CREATED_SPAN
        whole = int(moment)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        return f"{stamp}.{int((moment - whole) * 1000):03d}Z"

    def span(self, text: str) -> tuple[int, int] | None:
        """A span of 1 to 12 whole words, or None when the passage is too short."""
        words = text.split(" ")
        if len(words) < 3:
            return None
        first = self.rng.randrange(len(words))
        last = min(len(words), first + self.rng.randint(*SPAN_WORDS))
        start = sum(len(word) + 1 for word in words[:first])
        end = start + len(" ".join(words[first:last]))
        return (start, end) if end > start else None

    def of_passage(self, passage: str, text: str, count: int) -> Iterator[tuple[Any, ...]]:
        """``count`` annotation rows of a passage, in ``ANNOTATION_FIELDS`` order."""
        rng = self.rng
        made: list[tuple[str, str, str]] = []
        wholes: set[tuple[str, str]] = set()
        for _ in range(count):
            concept = rng.choices(self.concepts, self.concept_weights)[0]
            reviewer = rng.choices(self.reviewers, self.reviewer_weights)[0]
            span = None if rng.random() < WHOLE_SHARE else self.span(text)
            if span is None:
                if (concept, reviewer) in wholes:
                    continue  # the tool refuses the same whole-passage tag twice
                wholes.add((concept, reviewer))
                start, end, quote, prefix, suffix = None, None, text, "", ""
            else:
                start, end = span
                quote = text[start:end]
                prefix = text[max(0, start - self.context) : start]
                suffix = text[end : end + self.context]
                self.spans += 1
            note = rng.choice(NOTES) if rng.random() < NOTE_SHARE else None
            self.notes += note is not None
            ident, created = self.uuid(), self.created()
            made.append((ident, reviewer, created))
            yield (
                ident,
                passage,
                concept,
                start,
                end,
                quote,
                prefix,
                suffix,
                note,
                reviewer,
                created,
            )
        for ident, reviewer, created in made:
            if rng.random() >= RELATION_SHARE:
                continue
            same = len(made) > 1 and rng.random() < SAME_PASSAGE_RELATIONS
            pool = [other for other in made if other[0] != ident] if same else self.previous
            if not pool:
                continue
            target = rng.choice(pool)
            later = max(created, target[2])
            self.relations.append(
                (self.uuid(), rng.choice(RELATION_TYPES), ident, target[0], reviewer, later)
            )
        if made:
            self.previous = made


def annotate(connection: sqlite3.Connection, total: int, rng: random.Random) -> dict[str, int]:
    """Insert about ``total`` annotations and their relations in one transaction; counts."""
    concepts = [row[0] for row in connection.execute("SELECT id FROM concepts ORDER BY id")]
    passages = connection.execute("SELECT id, text FROM passages ORDER BY rowid").fetchall()
    tagged = [passage for passage in passages if rng.random() >= UNTAGGED_SHARE]
    counts = [1] * len(tagged)
    for _ in range(total - len(tagged)):  # the rest at random, capped: a skewed spread
        index = rng.randrange(len(tagged))
        while counts[index] >= MOST_PER_PASSAGE:
            index = rng.randrange(len(tagged))
        counts[index] += 1
    from schemas.annotations import CONTEXT_CHARS

    draw = Annotations(rng, concepts, CONTEXT_CHARS)
    rows = (
        row
        for (passage, text), count in zip(tagged, counts, strict=True)
        for row in draw.of_passage(passage, text, count)
    )
    fields = 'id, passage, concept, start, "end", quote, prefix, suffix, note, reviewer, created'
    with connection:
        connection.executemany(
            f"INSERT INTO annotations ({fields}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        connection.executemany(
            "INSERT INTO relations (id, type, source, target, reviewer, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            draw.relations,
        )
    (stored,) = count_rows_on(connection, "annotations")
    return {
        "tagged_passages": len(tagged),
        "annotations": stored,
        "spans": draw.spans,
        "notes": draw.notes,
        "relations": len(draw.relations),
    }


def count_rows_on(connection: sqlite3.Connection, *tables: str) -> tuple[int, ...]:
    return tuple(
        int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]) for table in tables
    )


# --- the baseline -------------------------------------------------------------------------


def baseline_worker(db: Path, output: Path) -> int:
    """The plain loop: for each document, rows of one query grouped by passage, a line each.

    It writes the same records as ``export --format jsonl`` (so the bytes can be compared):
    passages in reading order, each with its annotations by (created, id) and the relations
    from them, which it holds in a dict (it is a floor for time, not a model for memory).
    One query per document, because the one query over the whole corpus one writes first
    (``documents JOIN passages JOIN annotations ORDER BY ...``) gets a plan that walks the
    annotations by id and takes minutes; a floor must not be that slow.
    """
    connection = sqlite3.connect(db)
    relations: dict[str, list[dict[str, Any]]] = {}
    for passage, *relation in connection.execute(
        "SELECT a.passage, r.id, r.type, r.source, r.target, r.reviewer, r.created "
        "FROM relations r JOIN annotations a ON a.id = r.source ORDER BY r.created, r.id"
    ):
        relations.setdefault(passage, []).append(dict(zip(RELATION_KEYS, relation, strict=True)))
    documents = [
        row[0] for row in connection.execute("SELECT id FROM documents ORDER BY imported, rowid")
    ]
    written = 0
    with output.open("w", encoding="utf-8", newline="") as out:
        for document in documents:
            rows = connection.execute(
                'SELECT p.id, p.seq, p.text, a.id, a.concept, a.start, a."end", a.quote, '
                "a.reviewer, a.note, a.created, a.prefix, a.suffix FROM passages p "
                "JOIN annotations a ON a.passage = p.id WHERE p.document = ? "
                "ORDER BY p.seq, a.created, a.id",
                [document],
            )
            for passage, group in groupby(rows, key=itemgetter(0)):
                batch = list(group)
                record = {
                    "document": document,
                    "passage": passage,
                    "seq": batch[0][1],
                    "text": batch[0][2],
                    "annotations": [
                        dict(zip(ANNOTATION_KEYS, row[3:], strict=True)) for row in batch
                    ],
                    "relations": relations.get(passage, []),
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    connection.close()
    return written


# --- the benchmark ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SizeRun:
    """Every step at one size."""

    build: Build
    baseline: Measure
    jsonl: Measure
    same_bytes: bool
    load: Measure
    loaded: tuple[int, ...]
    """Annotations, relations and history rows in the database after the load."""
    round_trip: bool | None
    """Exporting the loaded database gave the same bytes (checked at the smaller size)."""
    others: dict[str, Measure | None]
    """The other formats by name (``OTHER_FORMATS``); None if not in ``FORMAT_MODULES``."""


def step(label: str, command: list[str], output: Path | None, timeout: float) -> Measure:
    """Run one measured step, saying what it does and how long it took on stderr."""
    progress(f"  {label} ...")
    measure = run_measured(command, output, timeout)
    stopped = "" if measure.finished else f" (stopped at the {timeout:.0f} s limit)"
    progress(f"    {measure.seconds:.1f} s, peak {measure.peak_mb:.0f} MB{stopped}")
    return measure


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def run_size(
    passages: int,
    annotations: int,
    seed: int,
    rebuild: bool,
    round_trip: bool,
    temp: Path,
    timeout: float,
) -> SizeRun:
    """Every step at one size, in ``temp`` (emptied afterwards)."""
    annotated, fresh, build = ensure_databases(passages, annotations, seed, rebuild)
    progress(f"{build.passages:,} passages, {build.annotations:,} annotations:")
    base_out, ours_out = temp / "baseline.jsonl", temp / "export.jsonl"
    baseline = step(
        "baseline: sqlite3 rows -> json.dumps lines",
        worker_command("baseline", "--db", str(annotated), "-o", str(base_out)),
        base_out,
        timeout,
    )
    jsonl = step(
        "annotator export --format jsonl",
        annotator(annotated, "export", "--format", "jsonl", "-o", str(ours_out)),
        ours_out,
        timeout,
    )
    same_bytes = baseline.finished and jsonl.finished and digest(base_out) == digest(ours_out)
    remove(base_out)
    target = temp / "load.db"
    shutil.copyfile(fresh, target)
    load = step(
        "annotator load (into a copy of the fresh database)",
        annotator(target, "load", str(ours_out)),
        None,
        timeout,
    )
    loaded = count_rows(target, "annotations", "relations", "history")
    same_again: bool | None = None
    if round_trip and load.finished:
        again = temp / "again.jsonl"
        progress("  export of the loaded database (round trip, not timed) ...")
        run_measured(annotator(target, "export", "--format", "jsonl", "-o", str(again)))
        same_again = digest(again) == digest(ours_out)
        remove(again)
    remove(target)
    remove(ours_out)
    found = format_modules()
    others: dict[str, Measure | None] = {}
    for name in OTHER_FORMATS:
        if name not in found:
            others[name] = None
            continue
        out = temp / f"export.{name}"
        others[name] = step(
            f"annotator export --format {name}",
            annotator(annotated, "export", "--format", name, "-o", str(out)),
            out,
            timeout,
        )
        remove(out)
    return SizeRun(build, baseline, jsonl, same_bytes, load, loaded, same_again, others)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def flat(small: Measure, big: Measure) -> bool:
    return big.peak_mb <= small.peak_mb * FLAT_TOLERANCE + FLAT_SLACK_MB


def describe(build: Build) -> str:
    return (
        f"{build.passages:,} passages in {build.documents} documents, {build.annotations:,} "
        f"annotations on {build.tagged_passages:,} passages ({build.spans:,} spans, "
        f"{build.annotations - build.spans:,} whole-passage tags, {build.notes:,} notes), "
        f"{build.relations:,} relations; database {build.annotated_bytes / MB:.0f} MB "
        f"({build.fresh_bytes / MB:.0f} MB before annotating)"
    )


def steps(run: SizeRun) -> list[tuple[str, Measure | None]]:
    return [
        ("baseline (sqlite3 + json)", run.baseline),
        ("export --format jsonl", run.jsonl),
        ("load (fresh database)", run.load),
        *((f"export --format {name}", measure) for name, measure in run.others.items()),
    ]


def table(run: SizeRun) -> None:
    print(f"{'':28}{'seconds':>9}{'cpu s':>8}{'peak MB':>9}{'out MB':>8}{'x baseline':>12}")
    for label, measure in steps(run):
        if measure is None:
            name = label.rsplit(" ", 1)[-1]
            print(f"{label:28}  not available (no {name!r} in FORMAT_MODULES yet)")
            continue
        ratio = measure.seconds / run.baseline.seconds
        out = f"{measure.output_bytes / MB:8.0f}" if measure.output_bytes else f"{'':8}"
        print(
            f"{label:28}{measure.seconds:9.2f}{measure.cpu:8.2f}{measure.peak_mb:9.0f}{out}"
            f"{ratio:12.2f}{'' if measure.finished else '  stopped: did not finish'}"
        )


def seconds_verdict(measure: Measure, limit: float) -> str:
    if not measure.finished:
        return f"stopped after {measure.seconds:.0f} s: MISS"
    return f"{measure.seconds:.1f} s: {verdict(measure.seconds <= limit)}"


def report(big: SizeRun, small: SizeRun | None, loads: tuple[float, float]) -> None:
    """The tables and the verdicts, on stdout."""
    print()
    print(f"corpus: {describe(big.build)}")
    table(big)
    if small is not None:
        print()
        print(f"smaller: {describe(small.build)}")
        table(small)
    print()
    expected = (big.build.annotations, big.build.relations)
    stored = "as exported" if big.loaded[:2] == expected else f"EXPECTED {expected}"
    checks = [
        f"jsonl export has the baseline's bytes: {'yes' if big.same_bytes else 'NO'}",
        f"load stored {big.loaded[0]:,} annotations and {big.loaded[1]:,} relations ({stored}) "
        f"and {big.loaded[2]:,} history rows",
    ]
    for run in (small, big):
        if run is not None and run.round_trip is not None:
            same = "same bytes" if run.round_trip else "DIFFERENT BYTES"
            checks.append(f"export of what load wrote at {run.build.passages:,} passages: {same}")
    print("checks: " + "; ".join(checks))
    print("targets:")
    if big.jsonl.finished and big.baseline.finished:
        ratio = big.jsonl.seconds / big.baseline.seconds
        print(
            f"  jsonl export <= {RATIO_TARGET:.0f}x the baseline: {ratio:.2f}x "
            f"({big.jsonl.seconds:.1f} s vs {big.baseline.seconds:.1f} s): "
            f"{verdict(ratio <= RATIO_TARGET)}"
        )
    print(
        f"  jsonl export <= {EXPORT_TARGET_S:.0f} s: {seconds_verdict(big.jsonl, EXPORT_TARGET_S)}"
    )
    print(f"  load <= {LOAD_TARGET_S:.0f} s: {seconds_verdict(big.load, LOAD_TARGET_S)}")
    smaller = dict(steps(small)) if small is not None else {}
    for label, measure in steps(big)[1:]:
        if measure is None:
            continue
        line = f"  {label}: peak {measure.peak_mb:.0f} MB <= {RSS_TARGET_MB:.0f} MB: "
        line += verdict(measure.peak_mb <= RSS_TARGET_MB and measure.finished)
        before = smaller.get(label)
        if before is not None and before.finished and measure.finished:
            is_flat = flat(before, measure)
            line += (
                f"; {SMALL_SHARE}x the corpus, {measure.peak_mb / before.peak_mb:.2f}x the memory "
                f"({before.peak_mb:.0f} -> {measure.peak_mb:.0f} MB): "
                f"{'flat' if is_flat else 'GROWS'}: {verdict(is_flat)}"
            )
        print(line)
    print(
        f"machine: load average {loads[0]:.1f} at the start, {loads[1]:.1f} at the end "
        f"({os.cpu_count()} CPUs, shared: wall seconds are under that load, CPU seconds less "
        f"so); the driver's own peak, a floor under the peaks above, {driver_peak_mb():.0f} MB"
    )


def profile_load(fresh: Path, temp: Path, annotated: Path) -> None:
    """Load the full-size export again under cProfile and print where its time goes: the
    top functions by cumulative and own time, and the callers of each SQL statement."""
    exported, target, stats = temp / "profile.jsonl", temp / "profile.db", temp / "load.prof"
    run_measured(annotator(annotated, "export", "--format", "jsonl", "-o", str(exported)))
    shutil.copyfile(fresh, target)
    progress("load under cProfile ...")
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "annotator"]
    command += annotator(target, "load", str(exported))[3:]
    measure = run_measured(command)
    buffer = io.StringIO()
    profile = pstats.Stats(str(stats), stream=buffer)
    profile.sort_stats("cumulative").print_stats(30)
    profile.sort_stats("tottime").print_stats(25)
    # which of the store's functions spend the SQL time (sqlite-utils' execute wraps it)
    profile.print_callers(r"sqlite_utils.*\(execute\)")
    print()
    print(f"load under cProfile: {measure.seconds:.1f} s")
    print(buffer.getvalue())


def benchmark(
    passages: int,
    annotations: int,
    seed: int,
    rebuild: bool,
    small: bool,
    timeout: float,
    profile: bool,
) -> None:
    began = time.perf_counter()
    start_load = os.getloadavg()[0]
    temp = Path(tempfile.mkdtemp(prefix="annotator-bench-export-"))
    try:
        smaller: SizeRun | None = None
        if small:
            smaller = run_size(
                passages // SMALL_SHARE,
                annotations // SMALL_SHARE,
                seed,
                rebuild,
                True,
                temp,
                timeout,
            )
        bigger = run_size(passages, annotations, seed, rebuild, not small, temp, timeout)
        report(bigger, smaller, (start_load, os.getloadavg()[0]))
        print(f"benchmark wall time: {time.perf_counter() - began:.0f} s", flush=True)
        if profile:
            annotated, fresh, _ = ensure_databases(passages, annotations, seed, False)
            profile_load(fresh, temp, annotated)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Export benchmark: export and load of a big annotated corpus vs plain json."
    )
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
        help=f"annotations (default {ANNOTATIONS_PER_PASSAGE} a passage)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus random seed")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument(
        "--no-small", action="store_true", help=f"skip the run at 1/{SMALL_SHARE} of the size"
    )
    parser.add_argument(
        "--step-timeout",
        type=float,
        default=STEP_TIMEOUT_S,
        metavar="S",
        help=f"stop a step after S seconds (default {STEP_TIMEOUT_S:.0f})",
    )
    parser.add_argument(
        "--profile-load", action="store_true", help="cProfile the full-size load afterwards"
    )
    parser.add_argument("--worker", choices=("build", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    passages = QUICK_PASSAGES if args.quick else args.passages
    annotations = args.annotations or passages * ANNOTATIONS_PER_PASSAGE
    if passages < SMALL_SHARE or annotations < passages:
        parser.error(f"give at least {SMALL_SHARE} passages and one annotation a passage")
    if args.worker == "build":
        build = build_worker(args.db, passages, annotations, args.seed)
        print(json.dumps(asdict(build)))
        return 0
    if args.worker == "baseline":
        print(baseline_worker(args.db, args.output))
        return 0
    benchmark(
        passages,
        annotations,
        args.seed,
        args.rebuild,
        not args.no_small,
        args.step_timeout,
        args.profile_load,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
