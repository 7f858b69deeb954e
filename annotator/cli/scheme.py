"""The ``scheme`` verbs: show a database's concept scheme, and change it deliberately.

Changing the scheme is its own act, never a side effect of another verb: ``scheme set`` lists
each concept and relation type that comes, goes or changes before it writes, and refuses to
drop a concept that annotations use or a relation type that relations use (``--dry-run`` only
lists).
"""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json, note
from annotator.cli.settings import Settings
from annotator.display import one_line
from annotator.errors import UserError
from annotator.store import Access
from schemas import (
    SchemeChange,
    bundled_scheme_text,
    parse_scheme,
    read_scheme_text,
    scheme_changes,
)

_MARKS = {"added": "+", "removed": "-", "changed": "~"}
_USERS = {"concept": "annotation", "relation_type": "relation"}
"""What uses each kind of scheme entry, so that dropping one in use is refused."""


@click.group()
def scheme() -> None:
    """Show or change the database's concept scheme."""


@scheme.command()
@click.pass_obj
def show(settings: Settings) -> None:
    """Print the scheme's TOML as the database keeps it (edit a copy, then `scheme set` it)."""
    store = settings.open_store(Access.READ)
    if not store.has_scheme():
        raise UserError(f"{settings.db} has no concept scheme yet")
    click.echo(store.scheme_text(), nl=False)


@scheme.command("set")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--bundled",
    is_flag=True,
    help="The scheme this version of annotator ships, instead of a file (e.g. after an "
    "upgrade, to get its new concepts and relation types).",
)
@click.option("--dry-run", is_flag=True, help="List what would change, change nothing.")
@json_option
@click.pass_obj
def set_(
    settings: Settings, path: Path | None, bundled: bool, dry_run: bool, as_json: bool
) -> None:
    """Make the scheme file PATH (or --bundled) the database's scheme, listing what changes.

    Concepts and relation types are matched by id. One that annotations or relations use may
    not be dropped: keep it in the file (or remove what uses it first). Nothing changes when
    the command is refused.
    """
    if (path is None) != bundled:
        raise click.UsageError("give a scheme file or --bundled (one of them)")
    if path is None:
        text, name = bundled_scheme_text(), "the bundled scheme"
    else:
        text, name = read_scheme_text(path), str(path)
    new = parse_scheme(text, name)
    store = settings.open_store(Access.READ if dry_run else Access.WRITE)
    old = store.scheme
    changes = scheme_changes(old, new)
    usage = {"concept": store.concept_usage(), "relation_type": store.relation_type_usage()}
    dropped_in_use = {
        change: usage[change.entry][change.id]
        for change in changes
        if change.change == "removed" and change.id in usage[change.entry]
    }
    for change in changes:
        used = dropped_in_use.get(change, 0)
        if as_json:
            emit_json(
                {
                    change.entry: change.id,
                    "change": change.change,
                    "fields": list(change.fields),
                    f"{_USERS[change.entry]}s": used,
                }
            )
        else:
            echo(_change_line(change, used))
    if not changes and (old.id, old.version) == (new.id, new.version):
        note(f"{name}: the same scheme as the database's; nothing to change")
        return
    if dropped_in_use:
        change, count = next(iter(dropped_in_use.items()))
        more = len(dropped_in_use) - 1
        users = f"{_USERS[change.entry]}{'s' if count != 1 else ''}"
        others = f" (and {more} more entries in use)" if more else ""
        raise UserError(
            f"{name} drops {change.entry.replace('_', ' ')} {change.id!r}, which {count} "
            f"{users} use{others}; keep it in the scheme file: nothing was changed"
        )
    summary = ", ".join(
        f"{sum(1 for change in changes if change.change == kind)} {kind}" for kind in _MARKS
    )
    if dry_run:
        note(f"dry run: {summary}; nothing was changed")
        return
    store.install_scheme(new, text)
    note(f"scheme {old.id} {old.version} -> {new.id} {new.version}: {summary}")


def _change_line(change: SchemeChange, used: int) -> str:
    """One line of the list of changes, as a reviewer reads it (a relation type's id after
    ``relation type``, so it is not read as a concept's)."""
    mark = _MARKS[change.change]
    what = change.id if change.entry == "concept" else f"relation type {change.id}"
    line = f"{mark} {change.change:<8} {what}  {one_line(change.label, 50)}"
    if change.fields:
        line += f"  ({', '.join(change.fields)})"
    if used:
        user = _USERS[change.entry]
        line += f"  [used by {used} {user}{'s' if used != 1 else ''}]"
    return line
