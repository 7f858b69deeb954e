"""Verbs that move annotations in and out: ``export`` and ``load``.

Data goes to stdout or a file, remarks and the progress bar to stderr (and the bar only on a
terminal), so ``annotator export --format jsonl > out.jsonl`` holds nothing but the export.
A file is written under a temporary name and renamed at the end: an export that fails half
way leaves no truncated file behind, and an existing file is only replaced with ``--force``.

An export stopped by an error, Ctrl-C or SIGTERM removes its temporary file (or folder). One
killed with SIGKILL cannot; the next export into the same folder removes what it left, and
only what is provably ours and abandoned: a name ``.NAME.annotator-HOST-PID-XXXXXXXX.tmp``
(``NAME`` the output's name, ``XXXXXXXX`` random) with this machine's ``HOST`` and the ``PID``
of a process that no longer runs. A name from another machine sharing the folder, or of a
process still running (or a new one that reused its pid), is left alone.

A write that fails (a full disk, a quota, a read-only mount) is one ``error:`` line naming
the output, and leaves nothing behind; on stdout, it says the output is incomplete.
"""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

from annotator.cli.output import note
from annotator.cli.settings import Settings
from annotator.clock import now
from annotator.errors import UserError
from annotator.export import FORMAT_MODULES, FileFormat, LoadResult, export_format, load_jsonl
from annotator.export.brat_load import ann_files, load_brat
from annotator.store import Access, Store
from annotator.store.export_reads import ExportFilter


@click.command()
@click.option(
    "--format",
    "format_",
    type=click.Choice(list(FORMAT_MODULES)),
    required=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="PATH",
    help="File to write ('-', the default, is stdout), or the folder of brat and xmi.",
)
@click.option("--force", is_flag=True, help="Replace the output file or folder if it exists.")
@click.option("--doc", "document", metavar="ID", help="Only this document.")
@click.option("--concept", metavar="ID", help="Only this concept and its descendants.")
@click.option("--reviewer", "by_reviewer", metavar="NAME", help="Only this reviewer's work.")
@click.option(
    "--all", "include_untagged", is_flag=True, help="jsonl: also write untagged passages."
)
@click.option("--excel", is_flag=True, help="csv: start with a BOM so Excel reads UTF-8.")
@click.pass_obj
def export(
    settings: Settings,
    format_: str,
    output: str,
    force: bool,
    document: str | None,
    concept: str | None,
    by_reviewer: str | None,
    include_untagged: bool,
    excel: bool,
) -> None:
    """Write the annotated corpus in one of the formats (jsonl is lossless, for `load`).

    In blind mode, a reviewer who is not a curator exports only their own annotations and
    the links between them.
    """
    if excel and format_ != "csv":
        raise click.UsageError("--excel only goes with --format csv")
    if include_untagged and format_ != "jsonl":
        raise click.UsageError("--all only goes with --format jsonl")
    chosen = export_format(format_)
    if not isinstance(chosen, FileFormat) and output == "-":
        raise click.UsageError(f"{format_} writes a folder: give one with -o FOLDER")
    store = settings.open_store(Access.READ)
    store.viewer = settings.reviewer
    selection = _selection(store, document, concept, by_reviewer, include_untagged)
    total = chosen.count(store, selection)
    with _progress(total, "exporting") as bar:
        if isinstance(chosen, FileFormat):
            encoding = "utf-8-sig" if excel else "utf-8"
            with _opened(output, force, encoding) as out:
                written = chosen.write(store, selection, out, bar.step)
        else:
            with _opened_folder(output, force) as folder:
                written = chosen.write(store, selection, folder, bar.step)
    where = "stdout" if output == "-" else output
    plural = "s" if written != 1 else ""
    note(f"exported {written} {chosen.unit}{plural} to {where}")
    orphans = store.count_orphans_left_out(selection)
    if orphans:
        note(
            f"left out {orphans} orphan{'s' if orphans != 1 else ''} (annotations a new version "
            "could not place: `annotator orphans` lists them)"
        )


@click.command()
@click.option(
    "--format",
    "format_",
    type=click.Choice(["jsonl", "brat", "db"]),
    help="jsonl: a native export file; brat: a folder of .txt/.ann files (brat, INCEpTION); "
    "db: another annotator database of the same corpus. Default: db for an SQLite file, "
    "else jsonl.",
)
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_obj
def load(settings: Settings, format_: str | None, path: Path) -> None:
    """Merge the annotations of a native JSONL export, a brat folder or another database.

    Everything is checked first; one bad line and nothing is written. Annotations already
    there are skipped (JSONL and databases: same id, same content; brat: same passage,
    concept and span), so loading the same input twice changes nothing. What brat brings is
    --reviewer's work. Another database (of the same corpus: its documents imported here
    too) brings its relations, document statuses and adjudications as well, ids kept.
    A big load (100,000 annotations or more) keeps other programs from opening the database
    during its final write, unless one had it open already.
    """
    from annotator.store.merge_source import is_sqlite_file

    if format_ is None:
        format_ = "db" if is_sqlite_file(path) else "jsonl"
    if format_ == "brat":
        files = ann_files(path)
        store = settings.open_store(Access.WRITE)
        with _progress(len(files), "checking") as bar:
            result = load_brat(store, files, settings.reviewer, now(), bar.step, bar.phase)
    elif format_ == "db":
        result = _load_database(settings, path)
    else:
        if path.is_dir():
            raise UserError(f"{path} is a folder; a brat folder loads with --format brat")
        if not path.is_file():
            raise UserError(f"no file {path}")
        store = settings.open_store(Access.WRITE)
        with _progress(path.stat().st_size, "checking") as bar:
            result = load_jsonl(store, path, settings.reviewer, bar.step, bar.phase)
    note(_loaded(result, team=format_ == "db"))


def _load_database(settings: Settings, path: Path) -> LoadResult:
    """Merge the database at ``path`` into --db's."""
    from annotator.export.db_load import load_database
    from annotator.store.merge_source import MergeSource

    if not path.exists():
        raise UserError(f"no database {path}")
    store = settings.open_store(Access.WRITE)
    source = MergeSource.open(path, store.file())
    click.get_current_context().call_on_close(source.close)
    with _progress(source.count(), "checking") as bar:
        return load_database(store, source, bar.step, bar.phase)


def _loaded(result: LoadResult, team: bool) -> str:
    """What a load added, and how much was there already: statuses and adjudications too
    for a database (other inputs have none)."""
    counts = [(result.annotations, "annotation"), (result.relations, "relation")]
    if team:
        counts += [(result.statuses, "document status"), (result.adjudications, "adjudication")]
    added = ", ".join(f"{count} {_plural(noun, count)}" for count, noun in counts)
    return f"loaded {added} ({result.unchanged} already there)"


def _plural(noun: str, count: int) -> str:
    if count == 1:
        return noun
    return f"{noun}es" if noun.endswith("s") else f"{noun}s"


def _selection(
    store: Store,
    document: str | None,
    concept: str | None,
    reviewer: str | None,
    include_untagged: bool,
) -> ExportFilter:
    """The filter the options ask for, refusing a document or concept that does not exist,
    and a reviewer blind mode hides."""
    store.refuse_unseen(reviewer)
    if document is not None:  # a key, or the id of any version: its current version
        current = store.current_version(document)
        if current is None:
            raise UserError(f"no document {document!r} (list them with `annotator docs`)")
        document = current["id"]
    concepts: tuple[str, ...] | None = None
    if concept is not None:
        if concept not in store.scheme.by_id():
            raise UserError(
                f"no concept {concept!r} in the scheme (list them with `annotator concepts`)"
            )
        concepts = tuple(store.scheme.descendants(concept))
    return ExportFilter(document, concepts, reviewer, include_untagged)


class _Bar:
    """A progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, bar: ProgressBar[int]) -> None:
        self._bar = bar

    def step(self, count: int = 1) -> None:
        """Advance by ``count`` units (items, or bytes read)."""
        self._bar.update(count)

    def phase(self, label: str) -> None:
        """Say what is being done now, in place of the label."""
        self._bar.label = label
        self._bar.render_progress()


@contextmanager
def _progress(total: int, label: str) -> Iterator[_Bar]:
    """A progress bar of ``total`` units for the work of the block."""
    with click.progressbar(
        length=total,
        label=label,
        file=sys.stderr if sys.stderr.isatty() else io.StringIO(),
    ) as bar:
        yield _Bar(bar)


@contextmanager
def _opened(output: str, force: bool, encoding: str) -> Iterator[TextIO]:
    """A text stream on stdout ('-') or on a temporary file renamed to ``output`` on success."""
    if output == "-":
        with _stdout(encoding) as stream:
            yield stream
        return
    target = Path(output)
    if target.exists() and not force:
        raise UserError(f"{target} exists; use --force to replace it")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name")
    with (
        _in_place_of(target, folder=False) as temporary,
        temporary.open("w", encoding=encoding, newline="") as file,
    ):
        yield file


@contextmanager
def _opened_folder(output: str, force: bool) -> Iterator[Path]:
    """An empty temporary folder, renamed to ``output`` on success (replacing it with --force).

    A non-empty folder or a file in the way is refused without ``--force``: an export never
    mixes its files with others, and a failed export leaves the old folder as it was.
    """
    target = Path(output)
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UserError(f"{target} is a folder with files in it; use --force to replace it")
    if target.exists() and not target.is_dir() and not force:
        raise UserError(f"{target} exists; use --force to replace it")
    with _in_place_of(target, folder=True) as temporary:
        yield temporary


@contextmanager
def _stdout(encoding: str) -> Iterator[TextIO]:
    """A text stream on stdout; a write that fails (``> file`` on a full disk) is a
    ``UserError``. A closed pipe (``| head``) is left to the caller, for whom it is no error."""
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        # What stdout still buffers would fail again at exit, with a traceback: let it go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise _write_error(exc, "stdout", "the output is incomplete") from None
    finally:
        stream.detach()


@contextmanager
def _in_place_of(target: Path, folder: bool) -> Iterator[Path]:
    """A new temporary file (or folder) next to ``target``, put in its place (replacing it) when
    the block ends; removed if the block fails. An ``OSError`` (a full disk) is a ``UserError``.

    Its name says whose it is (see the module docstring), and what a killed export left in the
    same folder is removed first.
    """
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"no folder {parent} to write {target.name} in")
    temporary: Path | None = None
    try:
        _remove_abandoned(parent)
        temporary = _new_temporary(parent, target.name, folder)
        yield temporary
        # mkstemp and mkdtemp make it private; an export gets the usual permissions
        os.chmod(temporary, (0o777 if folder else 0o666) & ~_umask())
        if folder and (target.exists() or target.is_symlink()):
            old = _new_temporary(parent, target.name, folder=True)
            os.replace(target, old / target.name)
            os.replace(temporary, target)
            shutil.rmtree(old, ignore_errors=True)  # if it stays, the next export removes it
        else:
            os.replace(temporary, target)
    except BaseException as exc:
        if temporary is not None:
            _remove(temporary)
        if isinstance(exc, OSError):
            raise _write_error(exc, str(target), "nothing was written") from None
        raise


def _new_temporary(parent: Path, name: str, folder: bool) -> Path:
    """A new empty file or folder in ``parent`` named as ours (see the module docstring)."""
    prefix = f".{name}.annotator-{socket.gethostname()}-{os.getpid()}-"
    if folder:
        return Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
    handle, path = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=parent)
    os.close(handle)
    return Path(path)


def _remove_abandoned(folder: Path) -> None:
    """Remove the temporary files and folders of exports killed before they could: those this
    machine's processes named (see the module docstring) whose process no longer runs."""
    ours = re.compile(
        rf"\..+\.annotator-{re.escape(socket.gethostname())}-(?P<pid>\d{{1,9}})-[a-z0-9_]+\.tmp"
    )
    for entry in os.scandir(folder):
        found = ours.fullmatch(entry.name)
        if found is not None and not _running(int(found["pid"])):
            _remove(Path(entry.path))
            note(f"removed {entry.path}, left by an export that was killed")


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs (or is a zombie its parent has not waited for yet)."""
    if os.name != "posix":
        return True  # Windows: os.kill(pid, 0) would end the process; assume it runs
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def _remove(path: Path) -> None:
    """Remove a temporary file or folder of ours, as far as it can be."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink(missing_ok=True)


def _write_error(exc: OSError, where: str, outcome: str) -> UserError:
    """The ``error:`` line for a write to ``where`` that failed, and what that left."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        full = "disk full" if exc.errno == errno.ENOSPC else "disk quota exceeded"
        return UserError(f"{full} while writing {where} ({outcome}; free some space and try again)")
    return UserError(f"cannot write {where}: {exc.strerror or exc} ({outcome})")


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
