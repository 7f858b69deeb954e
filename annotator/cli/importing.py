"""The ``import`` verb: documents into the database, all or nothing; a file may be the next
version of a document already there (``--replaces``, or a manifest entry's ``id``)."""

from __future__ import annotations

import io
import sys
from contextlib import ExitStack, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json, note
from annotator.cli.settings import Settings
from annotator.display import one_line, visible
from annotator.errors import UserError
from annotator.importer import SourceFile, collect, parse_files
from annotator.store import Access, ImportResult, Store
from corpus import MAX_PASSAGE_CHARS

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from annotator.store.versions import Reanchored


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--replaces",
    metavar="DOC",
    help="Import FILE as the next version of document DOC (its id or key): its annotations "
    "are carried over to the new text.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Say what the import would do (where each annotation would go), writing nothing.",
)
@json_option
@click.pass_obj
def import_(
    settings: Settings, paths: tuple[Path, ...], replaces: str | None, dry_run: bool, as_json: bool
) -> None:
    """Import text files and folders of them, all or nothing.

    Files already imported (same text) are left as they are. A folder's manifest.toml may give
    each file's title, languages, kind, source URL, date and id. A file whose id (or
    --replaces DOC) names a document already imported becomes its next version: each
    annotation is re-anchored on the new text (exact, moved, fuzzy), or left as an orphan on
    the old one (`annotator orphans`). Only the current versions are shown and exported.
    """
    files = collect(list(paths))
    if replaces is not None and len(files) != 1:
        raise UserError(f"--replaces {replaces} takes one file ({len(files)} given)")
    # a new version, or a dry run, needs a database there already: neither makes one
    store = settings.open_store(Access.WRITE if replaces or dry_run else Access.CREATE)
    if replaces is not None:
        files = [_as_version_of(store, files[0], replaces)]
    total = sum(file.size for file in files)
    with _Progress(total) as bar:
        parsed = parse_files(files, on_file=bar.read)
        with store.dry_run() if dry_run else nullcontext():
            results = store.add_documents(parsed, settings.reviewer, bar.reanchored)
    if replaces is not None and not results[0].added:
        raise UserError(
            f"{files[0].name} is identical to the current version of {replaces} "
            f"({results[0].document}): nothing changed"
        )
    for result in results:
        _report(result, as_json, dry_run)
    added = sum(result.added for result in results)
    summary = (
        f"{added} document{'s' if added != 1 else ''} imported, {len(results) - added} unchanged"
    )
    note(f"dry run, nothing written (had it run: {summary})" if dry_run else summary)


def _as_version_of(store: Store, source: SourceFile, document: str) -> SourceFile:
    """The file to import as the next version of ``document``: its manifest's facts if it has
    some, else those of the version it replaces, under the document's key."""
    facts = store.version_info(document)
    info = facts if source.info is None else source.info.model_copy(update={"key": facts.key})
    return replace(source, info=info)


def _report(result: ImportResult, as_json: bool, dry_run: bool) -> None:
    """Tell what importing one document did (or would do)."""
    reanchored = result.reanchored
    if as_json:
        record: dict[str, object] = {
            "document": result.document,
            "title": result.title,
            "passages": result.passages,
            "added": result.added,
        }
        if reanchored is not None:
            record.update(_reanchored_record(reanchored, dry_run))
        emit_json(record)
    else:
        if reanchored is not None:
            state = f"version {reanchored.version}"
        else:
            state = "imported " if result.added else "unchanged"
        echo(
            f"{state}  {result.document}  {result.passages:>6} passages  "
            f"{one_line(result.title, 60)}"
        )
        if reanchored is not None:
            _print_reanchored(reanchored)
    if result.added and result.split_paragraphs:
        note(f"{one_line(result.title, 60)}: {_split_remark(result.split_paragraphs)}")


def _reanchored_record(reanchored: Reanchored, dry_run: bool) -> dict[str, object]:
    """What ``--json`` adds to the line of a new version: the version it replaces and how
    many annotations went where (a dry run lists the orphans too)."""
    record: dict[str, object] = {
        "replaces": reanchored.replaces,
        "key": reanchored.key,
        "version": reanchored.version,
        "exact": reanchored.exact,
        "moved": reanchored.moved,
        "fuzzy": reanchored.fuzzy,
        "orphaned": reanchored.orphaned,
    }
    if dry_run:
        record["orphans"] = [
            {"id": orphan.id, "concept": orphan.concept, "quote": orphan.quote}
            for orphan in reanchored.orphans
        ]
    return record


def _print_reanchored(reanchored: Reanchored) -> None:
    """Where a new version put the annotations, then each orphan's quote."""
    echo(
        f"  replaces {reanchored.replaces} (version {reanchored.version - 1} of "
        f"{reanchored.key}): {reanchored.exact} exact, {reanchored.moved} moved, "
        f"{reanchored.fuzzy} fuzzy, {reanchored.orphaned} orphaned"
    )
    for orphan in reanchored.orphans:
        echo(
            f"  orphan  {orphan.id}  {orphan.concept}  «{one_line(orphan.quote, 60)}»  "
            f"by {orphan.reviewer}"
        )


def _split_remark(count: int) -> str:
    """Why a document has more passages than paragraphs: some were too long for one."""
    paragraphs = "1 long paragraph" if count == 1 else f"{count} long paragraphs"
    return f"{paragraphs} split into passages of at most {MAX_PASSAGE_CHARS} characters"


def _shown_name(name: str | None) -> str | None:
    """The file being read, as the progress bar shows it: a file name may hold any character
    but '/' and NUL, escape sequences and bidi controls included."""
    return None if name is None else visible(name)


class _Progress:
    """The import's progress bar on stderr (drawn only on a terminal): bytes of the files
    read, and while a new version's annotations are re-anchored, a bar of those."""

    def __init__(self, total: int) -> None:
        self._total = total
        self._read = 0
        self._bars = ExitStack()
        self._bar = self._open("importing", total)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.close()

    def read(self, source: SourceFile) -> None:
        """A file was read and parsed."""
        if self._bar.label != "importing":  # back from re-anchoring the previous file
            self._bar = self._open("importing", self._total)
            self._bar.update(self._read)
        self._read += source.size
        self._bar.update(source.size, source.name)

    def reanchored(self, done: int, total: int) -> None:
        """``done`` of a new version's ``total`` annotations are placed."""
        if done == 0:
            self._bar = self._open("re-anchoring", total)
        self._bar.update(done - self._bar.pos)

    def _open(self, label: str, length: int) -> ProgressBar[str]:
        """A new bar in place of the one shown."""
        self._bars.close()
        return self._bars.enter_context(
            click.progressbar(
                length=length,
                label=label,
                file=sys.stderr if sys.stderr.isatty() else io.StringIO(),
                show_eta=True,
                item_show_func=_shown_name,
            )
        )
