"""The verbs of ``annotator``, each imported only when it runs.

Every verb is a new process, and a process that imported every verb's module (the importer
and its readers, the search engine, the exports) spent most of a second before doing
anything. The group knows each verb by name, module and short help; it imports a verb's
module when that verb is invoked (or its ``--help`` asked for), and ``annotator --help`` lists
the verbs from the short helps kept here, importing none of them. ``tests/test_cli.py``
checks each short help against its command's docstring, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import click
from click.utils import make_default_short_help


@dataclass(frozen=True, slots=True)
class Verb:
    """Where a verb's command lives, and what ``annotator --help`` says of it."""

    name: str
    module: str
    attribute: str
    short_help: str
    """The first sentence of the command's docstring, as click would show it."""


VERBS: tuple[Verb, ...] = (
    Verb(
        "import",
        "annotator.cli.importing",
        "import_",
        "Import text files and folders of them, all or nothing.",
    ),
    Verb(
        "docs",
        "annotator.cli.corpus",
        "docs",
        "List documents with their progress (annotated/total passages).",
    ),
    Verb("passages", "annotator.cli.corpus", "passages", "List passages in reading order."),
    Verb(
        "remove",
        "annotator.cli.remove",
        "remove",
        "Remove document DOC and its passages (--force: annotations too).",
    ),
    Verb(
        "search",
        "annotator.cli.search",
        "search",
        "Find passages: case, accents, apostrophes, compounds and typos forgiven.",
    ),
    Verb(
        "concepts",
        "annotator.cli.annotate",
        "concepts",
        "List the concept scheme as a tree, with hotkeys.",
    ),
    Verb(
        "scheme", "annotator.cli.scheme", "scheme", "Show or change the database's concept scheme."
    ),
    Verb(
        "tag",
        "annotator.cli.annotate",
        "tag",
        "Tag PASSAGE (or the span --start..--end of it) with CONCEPT.",
    ),
    Verb(
        "untag",
        "annotator.cli.annotate",
        "untag",
        "Remove ANNOTATION (its id, as `tag` printed it).",
    ),
    Verb(
        "relate",
        "annotator.cli.relations",
        "relate",
        "Link annotation FROM to annotation TO with the scheme's relation TYPE (e.g. supports).",
    ),
    Verb(
        "unrelate",
        "annotator.cli.relations",
        "unrelate",
        "Remove RELATION (its id, as `relate` or `relations` printed it).",
    ),
    Verb(
        "relations",
        "annotator.cli.relations",
        "relations",
        "List the links between annotations, oldest first, with both ends' quotes.",
    ),
    Verb(
        "stats", "annotator.cli.annotate", "stats", "Coverage and counts per concept and reviewer."
    ),
    Verb(
        "export",
        "annotator.cli.export",
        "export",
        "Write the annotated corpus in one of the formats (jsonl is lossless, for `load`).",
    ),
    Verb(
        "load",
        "annotator.cli.export",
        "load",
        "Merge the annotations of a native JSONL export, a brat folder or another database.",
    ),
    Verb(
        "settings",
        "annotator.cli.team",
        "settings",
        "Show the team's settings, or set one (blind on|off, gold NAME, curators A,B).",
    ),
    Verb(
        "done",
        "annotator.cli.team",
        "done",
        "Mark document DOC finished for the current reviewer (--undo: not finished).",
    ),
    Verb(
        "agreement",
        "annotator.cli.agreement",
        "agreement",
        "Inter-annotator agreement per concept and overall, worst first.",
    ),
    Verb(
        "adjudicate",
        "annotator.cli.adjudicate",
        "adjudicate",
        "Copy into the gold layer what every compared reviewer agrees on (--agreed).",
    ),
    Verb(
        "versions",
        "annotator.cli.versions",
        "versions",
        "List the versions of document DOC, oldest first.",
    ),
    Verb(
        "orphans",
        "annotator.cli.orphans",
        "orphans",
        "List the annotations a new version of their document could not place.",
    ),
    Verb(
        "upgrade",
        "annotator.cli.upgrade",
        "upgrade",
        "Bring the database's schema up to this version of annotator.",
    ),
)


class LazyGroup(click.Group):
    """A group whose verbs (``VERBS``) are imported when they are invoked, not before."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verbs = {verb.name: verb for verb in VERBS}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every verb, in alphabetical order as click lists them."""
        return sorted({*self._verbs, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The verb's command, its module imported now (click asks once it knows the verb)."""
        verb = self._verbs.get(cmd_name)
        if verb is None:
            return super().get_command(ctx, cmd_name)
        command = getattr(importlib.import_module(verb.module), verb.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{verb.module}.{verb.attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The verbs and their short helps, as click lists them, without importing any."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows: list[tuple[str, str]] = []
        for name in names:
            verb = self._verbs.get(name)
            if verb is not None:
                rows.append((name, make_default_short_help(verb.short_help, limit)))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
