"""What SIGTERM and SIGKILL of a running verb leave behind: no process, no half-written data,
no temporary file (once the next export has run).

These run ``python -m annotator`` as a real process and signal it: only then can a test see
the handler, the worker processes (found through Linux /proc) and the files a killed process
leaves. A SIGTERM is sent while the process is stopped (SIGSTOP, SIGTERM, SIGCONT), so it lands
in the middle of the work the test saw start, however fast the machine; or at once, the moment
a first worker is seen, to land while the pool is still starting.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator import importer, parallel
from annotator.export import jsonl_load
from tests.conftest import ROOT, Cli

INTERRUPTED = "error: interrupted; nothing was half-written (each change is one transaction)"
PATIENCE = 30.0
"""Seconds to wait for what should take one: the machine may be busy with other tests."""
WORKERS_GONE = 5.0
"""Seconds a killed or stopped verb's workers have to disappear."""

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find worker processes"
)


class Annotator:
    """``python -m annotator --db DB ARGS...`` running in the background.

    stderr goes to a file, not a pipe: workers that outlive the process would hold a pipe open,
    and reading it to the end would wait for ever.
    """

    def __init__(self, db: Path, args: tuple[str, ...], stderr: Path) -> None:
        self.db = db
        self.stderr_path = stderr
        with stderr.open("wb") as file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "annotator", "--db", str(db), "--reviewer", "alice", *args],
                stdout=subprocess.DEVNULL,
                stderr=file,
                cwd=ROOT,
            )
        self.pid = self.process.pid

    def send(self, number: signal.Signals, at_once: bool = False) -> None:
        """Send signal ``number``: unless ``at_once``, all but SIGKILL while the process is
        stopped, so that it arrives in the middle of what the test saw it doing."""
        if number == signal.SIGKILL or at_once:
            os.kill(self.pid, number)
            return
        os.kill(self.pid, signal.SIGSTOP)
        os.kill(self.pid, number)
        os.kill(self.pid, signal.SIGCONT)

    def wait(self) -> int:
        """The exit status once it has ended (negative: the signal that ended it)."""
        return self.process.wait(timeout=PATIENCE)

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8")

    def survivors(self) -> list[int]:
        """It and its workers (forks, with its command line), those still running, wherever
        they were reparented."""
        mine = f"\0--db\0{self.db}\0".encode()
        found: list[int] = []
        for process in Path("/proc").glob("[0-9]*"):
            try:
                if mine in (process / "cmdline").read_bytes() and running(int(process.name)):
                    found.append(int(process.name))
            except OSError:  # it ended meanwhile
                continue
        return found


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Annotator]]:
    """Starts ``annotator`` processes; after the test, kills any still running, workers
    included, so that a failing test leaves no process behind."""
    started: list[Annotator] = []

    def run(db: Path, *args: str) -> Annotator:
        started.append(Annotator(db, args, tmp_path / f"stderr-{len(started)}.txt"))
        return started[-1]

    yield run
    for annotator in started:
        for pid in annotator.survivors():
            os.kill(pid, signal.SIGKILL)
        annotator.process.wait()


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that are still its children."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (dead, but not yet reaped by whoever
    adopted it: in a container, PID 1 may never do so)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(
    condition: Callable[[], bool], what: str, timeout: float = PATIENCE, pause: float = 0.01
) -> None:
    """Poll ``condition`` every ``pause`` s; fail saying what was awaited after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(pause)


def wait_for_workers(annotator: Annotator, wanted: int) -> None:
    """Until ``wanted`` of its worker processes have started (fails if it ends first); seen
    without a pause, so that a signal sent then arrives while the pool is still starting."""

    def started() -> bool:
        assert annotator.process.poll() is None, "it ended before its workers were seen"
        return len(children(annotator.pid)) >= wanted

    wait_until(started, "the worker processes", pause=0)


def count(db: Path, table: str) -> int:
    """Rows in a table, read with sqlite3 (after checking the file's integrity)."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (rows,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    connection.close()
    return int(rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text files enough for an import to use workers and take seconds: distinct numbered
    paragraphs, quick to make."""
    folder = tmp_path_factory.mktemp("corpus")
    words = ["le", "Conseil", "d'État", "juge", "que", "la", "décision", "est", "entachée"]
    words += ["d'excès", "de", "pouvoir", "au", "regard", "du", "droit", "à", "la", "santé"]
    for number in range(2 * importer.PARALLEL_MIN_FILES):
        paragraphs: list[str] = []
        size = 0
        while size < importer.PARALLEL_MIN_BYTES // importer.PARALLEL_MIN_FILES:
            turn = len(paragraphs) % len(words)
            paragraphs.append(
                f"{number}.{len(paragraphs)} {' '.join(words[turn:] + words[:turn])}."
            )
            size += len(paragraphs[-1])
        (folder / f"document-{number}.txt").write_text("\n\n".join(paragraphs), "utf-8")
    return folder


@pytest.fixture(scope="module")
def imported(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the corpus, not to be changed (copy it first)."""
    db = tmp_path_factory.mktemp("imported") / "annotations.db"
    Cli(db)("import", str(corpus))
    return db


@pytest.fixture(scope="module")
def annotations_file(imported: Path) -> Path:
    """A native JSONL export of annotations on the corpus, big enough for a load to check its
    lines in worker processes."""
    cli = Cli(imported)
    concept = cli.json("concepts")[0]["id"]
    path = imported.parent / "annotations.jsonl"
    size = 0
    with path.open("w", encoding="utf-8") as file:
        for passage in cli.json("passages"):
            text = passage["text"]
            spans = [
                {
                    "id": str(uuid.uuid4()),
                    "concept": concept,
                    "start": 0,
                    "end": end,
                    "quote": text[:end],
                    "reviewer": "bob",
                    "note": "",
                    "created": "2024-05-01T12:00:00+00:00",
                }
                for end in range(10, min(len(text), 400), 20)
            ]
            line = {"passage": passage["id"], "text": text, "annotations": spans}
            size += file.write(json.dumps(line, ensure_ascii=False) + "\n")
            if size > jsonl_load.PARALLEL_MIN_BYTES * 1.1:
                break
    assert size > jsonl_load.PARALLEL_MIN_BYTES, "the corpus is too small for a big load"
    return path


def copy_of(db: Path, where: Path) -> Path:
    """A copy of a database (through SQLite, so what its WAL holds is copied too)."""
    copy = where / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    target.close()
    return copy


@pytest.mark.parametrize(
    ("number", "moment"),
    [
        (signal.SIGTERM, "starting"),  # while the pool forks, where Python would swallow it
        (signal.SIGTERM, "working"),
        (signal.SIGKILL, "working"),
    ],
    ids=["sigterm-starting", "sigterm-working", "sigkill"],
)
@pytest.mark.parametrize("verb", ["import", "load"])
def test_a_stopped_import_or_load_leaves_no_worker_and_no_change(
    verb: str,
    number: signal.Signals,
    moment: str,
    start: Callable[..., Annotator],
    corpus: Path,
    imported: Path,
    annotations_file: Path,
    write_file: Callable[[str, bytes], Path],
    tmp_path: Path,
) -> None:
    if parallel.worker_count() == 0:
        pytest.skip("a single core: import and load start no worker processes")
    if verb == "import":
        db = tmp_path / "small.db"
        Cli(db)("import", str(write_file("small/note.txt", b"Un avis du Conseil d'Etat.\n")))
        annotator = start(db, "import", str(corpus))
    else:
        db = copy_of(imported, tmp_path)
        annotator = start(db, "load", str(annotations_file))
    if moment == "starting":
        wait_for_workers(annotator, 1)
    else:
        wait_for_workers(annotator, parallel.worker_count())
        time.sleep(0.2)
    annotator.send(number, at_once=moment == "starting")
    status = annotator.wait()
    wait_until(lambda: not annotator.survivors(), "the workers to end", timeout=WORKERS_GONE)
    if number == signal.SIGTERM:
        assert status == 1
        assert annotator.stderr().splitlines() == [INTERRUPTED]
    else:
        assert status == -signal.SIGKILL
    if verb == "import":
        assert count(db, "documents") == 1  # the one there before
    else:
        assert count(db, "annotations") == 0


def temporaries(folder: Path) -> list[str]:
    """The names of hidden entries (temporary files and folders) in a folder."""
    return sorted(entry.name for entry in folder.iterdir() if entry.name.startswith("."))


def start_export(
    start: Callable[..., Annotator], db: Path, format_: str, target: Path
) -> Annotator:
    """An export under way: its temporary file or folder made, and being written."""
    everything = ["--all"] if format_ == "jsonl" else []  # untagged passages too: more to write
    annotator = start(db, "export", "--format", format_, *everything, "-o", str(target))

    def writing() -> bool:
        assert annotator.process.poll() is None, "it ended before its temporary file was seen"
        return bool(temporaries(target.parent))

    wait_until(writing, "the export's temporary file")
    return annotator


FORMATS = pytest.mark.parametrize(
    ("format_", "name"), [("jsonl", "corpus.jsonl"), ("brat", "brat")], ids=["file", "folder"]
)


@FORMATS
def test_a_killed_exports_temporary_is_removed_by_the_next_export_and_only_it(
    format_: str, name: str, start: Callable[..., Annotator], imported: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    killed = start_export(start, imported, format_, target)
    killed.send(signal.SIGKILL)
    assert killed.wait() == -signal.SIGKILL
    (left,) = temporaries(out)  # a killed process cleans nothing up
    host = socket.gethostname()
    kept = [
        f".{name}.annotator-{host}-{os.getpid()}-abcdefgh.tmp",  # a process still running
        f".{name}.annotator-elsewhere-{killed.pid}-abcdefgh.tmp",  # another machine's
        f".{name}.bak",  # not ours
    ]
    for keep in kept:
        (out / keep).write_text("")
    result = Cli(imported)("export", "--format", format_, "-o", str(target))
    assert sorted(entry.name for entry in out.iterdir()) == sorted([name, *kept])
    assert f"removed {out / left}, left by an export that was killed" in result.stderr


@FORMATS
def test_sigterm_stops_an_export_and_leaves_nothing(
    format_: str, name: str, start: Callable[..., Annotator], imported: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    annotator = start_export(start, imported, format_, out / name)
    annotator.send(signal.SIGTERM)
    assert annotator.wait() == 1
    assert annotator.stderr().splitlines() == [INTERRUPTED]
    assert list(out.iterdir()) == []


def test_where_the_kernel_cannot_a_worker_watches_its_parent_and_dies_with_it() -> None:
    """The way workers die with their parent off Linux (no ``PR_SET_PDEATHSIG``)."""
    watcher = "from annotator.parallel import watch_parent; watch_parent({parent})"
    starts_a_watcher = (
        "import os, subprocess, sys, time\n"
        f"command = {watcher!r}.format(parent=os.getpid())\n"
        "print(subprocess.Popen([sys.executable, '-c', command]).pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", starts_a_watcher], stdout=subprocess.PIPE, text=True, cwd=ROOT
    ) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        try:
            time.sleep(0.5)
            assert running(child), "the watcher ended while its parent was running"
            parent.kill()
            parent.wait()
            wait_until(lambda: not running(child), "the watcher to end", timeout=WORKERS_GONE)
        finally:
            parent.kill()
            if running(child):
                os.kill(child, signal.SIGKILL)
