"""Verbs that move annotations in and out: ``export`` and ``load``.

Data goes to stdout or a file, remarks and the progress bar to stderr (and the bar only on a
terminal), so ``annotator export --format jsonl > out.jsonl`` holds nothing but the export.
A file is written under a temporary name and renamed at the end: an export that fails half
way leaves no truncated file behind, and an existing file is only replaced with ``--force``.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

from annotator.cli.output import note
from annotator.cli.settings import Settings
from annotator.clock import now
from annotator.errors import UserError
from annotator.export import FORMAT_MODULES, FileFormat, export_format, load_jsonl
from annotator.export.brat_load import ann_files, load_brat
from annotator.store import Store
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
    """Write the annotated corpus in one of the formats (jsonl is lossless, for `load`)."""
    if excel and format_ != "csv":
        raise click.UsageError("--excel only goes with --format csv")
    if include_untagged and format_ != "jsonl":
        raise click.UsageError("--all only goes with --format jsonl")
    chosen = export_format(format_)
    if not isinstance(chosen, FileFormat) and output == "-":
        raise click.UsageError(f"{format_} writes a folder: give one with -o FOLDER")
    store = settings.open_store()
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


@click.command()
@click.option(
    "--format",
    "format_",
    type=click.Choice(["jsonl", "brat"]),
    default="jsonl",
    show_default=True,
    help="jsonl: a native export file; brat: a folder of .txt/.ann files (brat, INCEpTION).",
)
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_obj
def load(settings: Settings, format_: str, path: Path) -> None:
    """Merge the annotations of a native JSONL export, or of a brat folder, into the database.

    Everything is checked first; one bad line and nothing is written. Annotations already
    there are skipped (JSONL: same id, same content; brat: same passage, concept and span),
    so loading the same input twice changes nothing. What brat brings is --reviewer's work.
    A big load (100,000 annotations or more) keeps other programs from opening the database
    during its final write, unless one had it open already.
    """
    if format_ == "brat":
        files = ann_files(path)
        store = settings.open_store()
        with _progress(len(files), "checking") as bar:
            result = load_brat(store, files, settings.reviewer, now(), bar.step, bar.phase)
    else:
        if path.is_dir():
            raise UserError(f"{path} is a folder; a brat folder loads with --format brat")
        if not path.is_file():
            raise UserError(f"no file {path}")
        store = settings.open_store()
        with _progress(path.stat().st_size, "checking") as bar:
            result = load_jsonl(store, path, settings.reviewer, bar.step, bar.phase)
    note(
        f"loaded {result.annotations} annotation{'s' if result.annotations != 1 else ''}, "
        f"{result.relations} relation{'s' if result.relations != 1 else ''} "
        f"({result.unchanged} already there)"
    )


def _selection(
    store: Store,
    document: str | None,
    concept: str | None,
    reviewer: str | None,
    include_untagged: bool,
) -> ExportFilter:
    """The filter the options ask for, refusing a document or concept that does not exist."""
    if document is not None and not store.has_document(document):
        raise UserError(f"no document {document!r} (list them with `annotator docs`)")
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
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
        try:
            yield stream
            stream.flush()
        finally:
            stream.detach()
        return
    target = Path(output)
    if target.exists() and not force:
        raise UserError(f"{target} exists; use --force to replace it")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"no folder {folder} to write {target.name} in")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as file:
            yield file
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; export as usual
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"no folder {parent} to write {target.name} in")
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        yield temporary
        os.chmod(temporary, 0o777 & ~_umask())  # mkdtemp makes it private; export as usual
        if target.exists() or target.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, old / target.name)
            os.replace(temporary, target)
            shutil.rmtree(old)
        else:
            os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
