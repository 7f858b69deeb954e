"""The ``versions`` verb: a document's versions, the replaced ones kept for history and audit."""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.display import one_line
from annotator.store import Access


@click.command()
@click.argument("document", metavar="DOC")
@json_option
@click.pass_obj
def versions(settings: Settings, document: str, as_json: bool) -> None:
    """List the versions of document DOC, oldest first.

    DOC is the document's key or the id of any of its versions. `import FILE --replaces DOC`
    adds one; only the current version is shown, searched and exported.
    """
    for version in settings.open_store(Access.READ).versions(document):
        if as_json:
            emit_json(
                {
                    "id": version.id,
                    "key": version.key,
                    "version": version.version,
                    "title": version.title,
                    "imported": version.imported,
                    "imported_by": version.imported_by,
                    "current": version.current,
                    "passages": version.passages,
                }
            )
        else:
            mark = "current" if version.current else "       "
            echo(
                f"{version.version:>3}  {version.id}  {mark}  {version.passages:>6} passages  "
                f"{version.imported[:19]}  {version.imported_by}  {one_line(version.title, 50)}"
            )
