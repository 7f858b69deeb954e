"""The ``import`` verb: documents into the database, all or nothing."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json, note
from annotator.cli.settings import Settings
from annotator.display import one_line, visible
from annotator.importer import collect, parse_files
from annotator.store import Access
from corpus import MAX_PASSAGE_CHARS


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.pass_obj
def import_(settings: Settings, paths: tuple[Path, ...], as_json: bool) -> None:
    """Import text files and folders of them, all or nothing.

    Files already imported (same text) are left as they are. A folder's manifest.toml may give
    each file's title, languages, kind, source URL and date.
    """
    files = collect(list(paths))
    store = settings.open_store(Access.CREATE)
    total = sum(file.size for file in files)
    with click.progressbar(
        length=total,
        label="importing",
        file=sys.stderr if sys.stderr.isatty() else io.StringIO(),
        show_eta=True,
        item_show_func=_shown_name,
    ) as bar:
        results = store.add_documents(
            parse_files(files, on_file=lambda source: bar.update(source.size, source.name)),
            settings.reviewer,
        )
    added = sum(result.added for result in results)
    for result in results:
        if as_json:
            emit_json(
                {
                    "document": result.document,
                    "title": result.title,
                    "passages": result.passages,
                    "added": result.added,
                }
            )
        else:
            state = "imported " if result.added else "unchanged"
            echo(
                f"{state}  {result.document}  {result.passages:>6} passages  "
                f"{one_line(result.title, 60)}"
            )
        if result.added and result.split_paragraphs:
            note(f"{one_line(result.title, 60)}: {_split_remark(result.split_paragraphs)}")
    note(f"{added} document{'s' if added != 1 else ''} imported, {len(results) - added} unchanged")


def _split_remark(count: int) -> str:
    """Why a document has more passages than paragraphs: some were too long for one."""
    paragraphs = "1 long paragraph" if count == 1 else f"{count} long paragraphs"
    return f"{paragraphs} split into passages of at most {MAX_PASSAGE_CHARS} characters"


def _shown_name(name: str | None) -> str | None:
    """The file being read, as the progress bar shows it: a file name may hold any character
    but '/' and NUL, escape sequences and bidi controls included."""
    return None if name is None else visible(name)
