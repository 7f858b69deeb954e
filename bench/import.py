"""Import benchmark: ``annotator import FOLDER`` on a big generated corpus, against plain SQLite.

Run from the repository root::

    python bench/import.py                 # 100,000 passages (about 60 MB), a few minutes
    python bench/import.py --quick         # 5,000 passages, a smoke test
    python bench/import.py --passages 20000 --keep   # keep the temporary folder to look at
    python bench/import.py --pdf-only      # only the PDF corpus (4 below)

What it does:

1. Generates a corpus (``bench/corpus_gen.py``, fixed seed) into a temporary folder: the seed
   documents' sentences recombined, with other names, drugs, numbers and dates swapped in,
   written as files of 500 passages in a mix of layouts (PDF extraction with a blank line after
   every line and page breaks, hard-wrapped blocks, one paragraph per line). A second folder
   holds (hard links to) the first quarter of the files, for the memory comparison.
2. Times our import end to end, as ``annotator import FOLDER`` does it: collect the files, open
   a new database with the bundled scheme installed (``Settings.open_store``), then
   ``Store.add_documents(parse_files(files))``: read, decode, clean, segment, and write the
   documents and passages with their FTS5 index in one transaction; closing the database (and
   so checkpointing the WAL) is timed too. Each import runs in a fresh subprocess
   (``--worker import``) whose peak RSS (``ru_maxrss``) is read, at the full size and at a
   quarter of it: peak memory must not grow with the corpus.
3. Times a baseline in another subprocess (``--worker baseline``): the same passage rows (id,
   document, seq, start, end, kind, text), parsed beforehand and not timed, written with one
   plain ``executemany`` into a bare table of a fresh database (WAL, synchronous=NORMAL, as the
   store), then an FTS5 index of the same kind built in one go (``'rebuild'``), committed and
   closed. It is the floor SQLite sets: no decoding, cleaning, hashing, documents or triggers.

It prints passages/s and MB/s for both (MB of source files read, 10^6 bytes, for both, so the
ratio is fair), the throughput ratio ours/baseline against the target (>= 0.5: PASS or MISS),
peak RSS at both sizes, and the database sizes. The exit status is 0 whether the target is met
or not (this is a report); it is 1 only when something crashed.

4. A corpus of PDFs (``bench/pdf_corpus.py``: 24 files of about ten A4 pages, a running header
   and page numbers, paragraphs across page breaks) imported end to end as above, in worker
   processes, beside poppler's ``pdftotext`` run on the same files in the same run, as many at
   once as there are cores. It prints pages per second for both and the ratio against the
   target (>= 1/3 of pdftotext), and the peak RSS at a quarter of the files and at all of them.

``--trace-memory`` also runs both imports under ``tracemalloc`` (slower, so not timed) and
prints the peak of Python allocations. To profile an import, keep the corpus and run a worker
under cProfile::

    python bench/import.py --keep
    python -m cProfile -s cumtime bench/import.py --worker import --db /tmp/x.db TMP/corpus
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

# `python bench/import.py` puts bench/ on the path, not the repository root that holds it
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.cli.settings import Settings
from annotator.importer import collect, parse_files
from annotator.store import Access
from bench.corpus_gen import DEFAULT_SEED, PASSAGES_PER_FILE, Corpus, write_corpus
from bench.pdf_corpus import PdfCorpus, write_pdf_corpus
from corpus import ParsedDocument

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PASSAGES = 100_000
QUICK_PASSAGES = 5_000
TARGET_RATIO = 0.5
"""Our import must reach at least this share of the baseline's throughput."""
FLAT_TOLERANCE = 1.25
"""Peak memory is called flat when 4x the corpus costs less than this factor (+ a few MB)."""
FLAT_SLACK_MB = 5.0
MB = 1_000_000
REVIEWER = "bench"
PDF_FILES = 24
PDF_PARAGRAPHS = 120
"""The PDF corpus: files, and paragraphs in each (some ten pages a file)."""
PDF_TARGET_RATIO = 1 / 3
"""Our PDF import must reach at least this share of ``pdftotext``'s pages per second."""

BASELINE_SCHEMA = (
    'CREATE TABLE passages (id TEXT, document TEXT, seq INTEGER, start INTEGER, "end" INTEGER, '
    "kind TEXT, text TEXT)",
    "CREATE VIRTUAL TABLE fts USING fts5(text, content='passages', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')",
)

Row = tuple[str, str, int, int, int, str, str]


@dataclass(frozen=True, slots=True)
class Run:
    """What one worker measured."""

    seconds: float
    passages: int
    documents: int
    source_bytes: int
    db_bytes: int
    start_rss: float
    """Peak RSS (MB) before the measured step: interpreter, modules (and the baseline's rows)."""
    peak_rss: float
    """Peak RSS (MB) of the worker process at the end of the measured step."""
    python_peak: float | None = None
    """Peak of Python allocations (MB) during the step, under ``--trace-memory``."""
    parse_seconds: float | None = None
    """Of ``seconds``, the time spent in ``parse_files`` (read, decode, clean, segment); when
    worker processes parse, only the time spent waiting for them."""

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.seconds

    @property
    def mb_per_second(self) -> float:
        return self.source_bytes / MB / self.seconds


def max_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes
    return kib * scale / MB


def db_size(path: Path) -> int:
    """Bytes of the database with its WAL, if one is left."""
    return sum(
        file.stat().st_size for file in (path, path.with_name(path.name + "-wal")) if file.exists()
    )


def count_rows(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


# --- workers (each runs in its own process) -----------------------------------------------


class TimedIterable:
    """Wraps an iterable and adds up the time spent producing its items."""

    def __init__(self, items: Iterable[ParsedDocument]) -> None:
        self.items = items
        self.seconds = 0.0

    def __iter__(self) -> Iterator[ParsedDocument]:
        iterator = iter(self.items)
        while True:
            began = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.seconds += time.perf_counter() - began
                return
            self.seconds += time.perf_counter() - began
            yield item


def import_worker(folders: list[Path], db: Path, trace: bool) -> Run:
    """Our import, timed from collecting the files to closing the database."""
    gc.collect()
    start_rss = max_rss_mb()
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    files = collect(folders)
    store = Settings(db=db, reviewer=REVIEWER, scheme=None, debug=False).open_store(Access.CREATE)
    parsed = TimedIterable(parse_files(files))
    results = store.add_documents(parsed, REVIEWER)
    store.close()
    seconds = time.perf_counter() - began
    peak_rss = max_rss_mb()
    python_peak = tracemalloc.get_traced_memory()[1] / MB if trace else None
    tracemalloc.stop()
    passages = sum(result.passages for result in results)
    stored = count_rows(db, "passages")
    if stored != passages:
        raise RuntimeError(f"imported {passages} passages but the database holds {stored}")
    if not all(result.added for result in results):
        raise RuntimeError("some generated files had the same text: the corpus is wrong")
    return Run(
        seconds=seconds,
        passages=passages,
        documents=len(results),
        source_bytes=sum(file.size for file in files),
        db_bytes=db_size(db),
        start_rss=start_rss,
        peak_rss=peak_rss,
        python_peak=python_peak,
        parse_seconds=parsed.seconds,
    )


def baseline_worker(folders: list[Path], db: Path) -> Run:
    """Plain executemany of the same passage rows, then one FTS5 rebuild; parsing not timed."""
    files = collect(folders)
    rows: list[Row] = [
        (p.id, p.document, p.seq, p.start, p.end, p.kind.value, p.text)
        for parsed in parse_files(files)
        for p in parsed.passages
    ]
    documents = len(files)
    gc.collect()
    start_rss = max_rss_mb()
    began = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    for statement in BASELINE_SCHEMA:
        connection.execute(statement)
    connection.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("INSERT INTO fts(fts) VALUES('rebuild')")
    connection.commit()
    connection.close()
    seconds = time.perf_counter() - began
    peak_rss = max_rss_mb()
    stored = count_rows(db, "passages")
    if stored != len(rows):
        raise RuntimeError(f"inserted {len(rows)} rows but the database holds {stored}")
    return Run(
        seconds=seconds,
        passages=len(rows),
        documents=documents,
        source_bytes=sum(file.size for file in files),
        db_bytes=db_size(db),
        start_rss=start_rss,
        peak_rss=peak_rss,
    )


def run_worker(kind: str, folder: Path, db: Path, trace: bool = False) -> Run:
    """Run a worker in a fresh Python process and read what it measured."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--db", str(db)]
    command += ["--trace-memory"] if trace else []
    command.append(str(folder))
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"worker {kind} on {folder} failed (exit status {done.returncode})")
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


# --- the benchmark ------------------------------------------------------------------------


def quarter_folder(corpus: Corpus | PdfCorpus, folder: Path) -> int:
    """Hard-link (or copy) the first quarter of the corpus files into ``folder``."""
    folder.mkdir()
    chosen = corpus.files[: max(1, len(corpus.files) // 4)]
    for file in chosen:
        target = folder / file.name
        try:
            os.link(file, target)
        except OSError:
            shutil.copyfile(file, target)
    return len(chosen)


def progress(message: str) -> None:
    sys.stdout.flush()
    print(message, file=sys.stderr, flush=True)


def flat(small: Run, big: Run) -> bool:
    return big.peak_rss <= small.peak_rss * FLAT_TOLERANCE + FLAT_SLACK_MB


def report(
    corpus: Corpus,
    ours: Run,
    small: Run,
    baseline: Run,
    traced: tuple[Run, Run] | None,
) -> None:
    """The table, on stdout."""
    ratio = ours.passages_per_second / baseline.passages_per_second
    verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
    layouts = sorted({file.stem.split("-", 1)[1] for file in corpus.files})
    print()
    print(
        f"corpus: {ours.passages:,} passages in {ours.documents} files, "
        f"{ours.source_bytes / MB:.1f} MB ({corpus.passages:,} generated, "
        f"layouts {'/'.join(layouts)})"
    )
    print(f"{'':24}{'seconds':>9}{'passages/s':>12}{'MB/s':>8}{'peak MB':>10}")
    rows = (
        ("annotator", ours),
        ("baseline", baseline),
        (f"annotator ({small.passages:,})", small),
    )
    for label, run in rows:
        print(
            f"{label:24}{run.seconds:9.2f}{run.passages_per_second:12,.0f}"
            f"{run.mb_per_second:8.2f}{run.peak_rss:10.1f}"
        )
    print(
        f"ratio (annotator/baseline throughput): {ratio:.2f}  target >= {TARGET_RATIO}: {verdict}"
    )
    if ours.parse_seconds is not None:
        print(
            f"annotator split: waiting for parsing {ours.parse_seconds:.2f} s (read, decode, "
            "clean, segment; in worker processes for big imports), the rest "
            f"{ours.seconds - ours.parse_seconds:.2f} s (open, SQLite writes and FTS5 indexing, "
            "commit, close)"
        )
    needed = baseline.seconds / TARGET_RATIO * ours.passages / baseline.passages
    print(f"to pass, the annotator import would have to take <= {needed:.2f} s")
    print(
        f"memory at {small.passages:,} vs {ours.passages:,} passages: "
        f"{small.peak_rss:.0f} MB vs {ours.peak_rss:.0f} MB peak RSS "
        f"({'flat' if flat(small, ours) else 'GROWS'}; "
        f"+{small.peak_rss - small.start_rss:.0f} vs +{ours.peak_rss - ours.start_rss:.0f} MB "
        "over the worker's RSS at start)"
    )
    if traced is not None and traced[0].python_peak is not None and traced[1].python_peak:
        print(
            f"python allocations (tracemalloc peak) at {traced[0].passages:,} vs "
            f"{traced[1].passages:,} passages: {traced[0].python_peak:.1f} MB vs "
            f"{traced[1].python_peak:.1f} MB"
        )
    print(
        f"database: annotator {ours.db_bytes / MB:.1f} MB (documents with source and clean "
        f"text, passages, FTS5), baseline {baseline.db_bytes / MB:.1f} MB (passages, FTS5)"
    )
    print(
        f"baseline peak MB includes all {baseline.passages:,} rows held in memory "
        f"({baseline.start_rss:.0f} MB before writing)"
    )


def pdftotext_seconds(files: list[Path], out: Path) -> float | None:
    """Seconds poppler's ``pdftotext`` takes over the files, as many at once as there are
    cores (our import parses in as many worker processes); None if it is not installed."""
    command = shutil.which("pdftotext")
    if command is None:
        return None
    out.mkdir()

    def extract(file: Path) -> None:
        subprocess.run([command, "-q", str(file), str(out / f"{file.stem}.txt")], check=True)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(extract, files))
    return time.perf_counter() - began


def pdf_benchmark(temp: Path, files: int, paragraphs: int, seed: int) -> None:
    """Import a generated corpus of PDFs, beside ``pdftotext`` on the same files."""
    progress(f"generating {files} PDFs of {paragraphs} paragraphs ...")
    generated = time.perf_counter()
    corpus = write_pdf_corpus(temp / "pdf", files, paragraphs, seed)
    quarter = temp / "pdf-quarter"
    quartered = quarter_folder(corpus, quarter)
    progress(f"  {corpus.pages} pages in {time.perf_counter() - generated:.1f} s")
    progress("pdftotext on the same files ...")
    baseline = pdftotext_seconds(corpus.files, temp / "pdftotext")
    progress(f"importing a quarter ({quartered} files), then all {files} ...")
    small = run_worker("import", quarter, temp / "pdf-quarter.db")
    ours = run_worker("import", temp / "pdf", temp / "pdf.db")
    pages_per_second = corpus.pages / ours.seconds
    print(f"PDF import: {files} files, {corpus.pages} pages, {ours.passages:,} passages")
    print(f"  annotator import  {ours.seconds:6.2f} s  {pages_per_second:7.1f} pages/s")
    if baseline is None:
        print("  pdftotext         not installed (apt install poppler-utils): no ratio")
    else:
        ratio = pages_per_second / (corpus.pages / baseline)
        verdict = "PASS" if ratio >= PDF_TARGET_RATIO else "MISS"
        print(f"  pdftotext         {baseline:6.2f} s  {corpus.pages / baseline:7.1f} pages/s")
        print(f"  ratio {ratio:.2f}x of pdftotext  target >= {PDF_TARGET_RATIO:.2f}x: {verdict}")
    print(
        f"  peak RSS {small.peak_rss:.0f} MB at a quarter, {ours.peak_rss:.0f} MB in all: "
        f"{'flat' if flat(small, ours) else 'GROWS'}"
    )


def benchmark(passages: int, seed: int, keep: bool, trace: bool) -> None:
    began = time.perf_counter()
    temp = Path(tempfile.mkdtemp(prefix="annotator-bench-import-"))
    try:
        progress(f"generating {passages:,} passages (seed {seed}) in {temp} ...")
        generated = time.perf_counter()
        corpus = write_corpus(temp / "corpus", passages, seed, PASSAGES_PER_FILE)
        quarter = temp / "corpus-quarter"
        quartered = quarter_folder(corpus, quarter)
        progress(
            f"  {len(corpus.files)} files, {corpus.bytes / MB:.1f} MB "
            f"in {time.perf_counter() - generated:.1f} s"
        )
        progress(f"importing a quarter ({quartered} files) ...")
        small = run_worker("import", quarter, temp / "quarter.db")
        progress(f"  {small.seconds:.1f} s")
        progress(f"importing all {len(corpus.files)} files ...")
        ours = run_worker("import", corpus.folder, temp / "annotator.db")
        progress(f"  {ours.seconds:.1f} s")
        progress("baseline: parsing (not timed), then executemany + FTS5 rebuild ...")
        baseline = run_worker("baseline", corpus.folder, temp / "baseline.db")
        progress(f"  {baseline.seconds:.1f} s")
        traced: tuple[Run, Run] | None = None
        if trace:
            progress("imports again under tracemalloc ...")
            traced = (
                run_worker("import", quarter, temp / "quarter-traced.db", trace=True),
                run_worker("import", corpus.folder, temp / "annotator-traced.db", trace=True),
            )
        report(corpus, ours, small, baseline, traced)
        pdf_benchmark(temp, PDF_FILES, PDF_PARAGRAPHS, seed)
        print(f"benchmark wall time: {time.perf_counter() - began:.0f} s", flush=True)
    finally:
        if keep:
            progress(f"kept {temp} (corpus/, corpus-quarter/ and the databases)")
        else:
            shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Import benchmark: our import of a generated corpus vs plain SQLite."
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--passages",
        type=int,
        default=DEFAULT_PASSAGES,
        metavar="N",
        help=f"passages to generate (default {DEFAULT_PASSAGES:,})",
    )
    size.add_argument(
        "--quick", action="store_true", help=f"{QUICK_PASSAGES:,} passages, a smoke test"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus random seed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help="also run the imports under tracemalloc (Python allocation peaks)",
    )
    parser.add_argument(
        "--pdf-only", action="store_true", help="only the PDF corpus, beside pdftotext"
    )
    parser.add_argument("--worker", choices=("import", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("folders", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        if args.db is None or not args.folders:
            parser.error("--worker needs --db and folders")
        if args.worker == "import":
            run = import_worker(args.folders, args.db, args.trace_memory)
        else:
            run = baseline_worker(args.folders, args.db)
        print(json.dumps(asdict(run)))
        return 0
    if args.folders or args.db is not None:
        parser.error("folders and --db are for --worker runs")
    if args.pdf_only:
        temp = Path(tempfile.mkdtemp(prefix="annotator-bench-pdf-"))
        try:
            pdf_benchmark(temp, PDF_FILES, PDF_PARAGRAPHS, args.seed)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        return 0
    passages = QUICK_PASSAGES if args.quick else args.passages
    if passages < 1:
        parser.error("--passages must be at least 1")
    benchmark(passages, args.seed, args.keep, args.trace_memory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
