"""Verbs of a team's workflow: ``settings`` (blind mode, the gold layer, the curators) and
``done`` (a reviewer's status per document). Both write through the store as changes of the
history, so ``u`` in the UI undoes them like a tag."""

from __future__ import annotations

import click

from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.store import Access
from annotator.store.team import SETTINGS, known_setting


@click.command()
@click.argument("name", required=False)
@click.argument("value", required=False)
@json_option
@click.pass_obj
def settings(settings: Settings, name: str | None, value: str | None, as_json: bool) -> None:
    """Show the team's settings, or set one (blind on|off, gold NAME, curators A,B).

    Without arguments, lists each setting with its value and meaning; NAME alone shows one.
    `curators ""` clears the list. Every reviewer's window follows a change within a second.
    """
    chosen = known_setting(name) if name is not None else None
    if chosen is None or value is None:
        store = settings.open_store(Access.READ)
        for setting in SETTINGS.values() if chosen is None else [chosen]:
            current = store.setting(setting.name)
            if as_json:
                emit_json({"name": setting.name, "value": setting.data(current)})
            else:
                echo(f"{setting.name:<9} {setting.shown(current):<12} {setting.help}")
        return
    if as_json:
        raise click.UsageError("--json lists settings; it does not go with a VALUE")
    wanted = chosen.read(chosen.name, value)
    store = settings.open_store(Access.WRITE)
    before = store.setting(chosen.name)
    if store.set_setting(chosen.name, wanted, settings.reviewer):
        echo(f"{chosen.name}: {chosen.shown(before)} -> {chosen.shown(wanted)}")
    else:
        echo(f"{chosen.name} is already {chosen.shown(wanted)}")


@click.command()
@click.argument("document", metavar="DOC")
@click.option("--undo", is_flag=True, help="Mark it not finished (as before `done`).")
@click.pass_obj
def done(settings: Settings, document: str, undo: bool) -> None:
    """Mark document DOC finished for the current reviewer (--undo: not finished).

    The documents list of the UI shows a ✓ on the documents you finished; `docs --json`
    lists who finished each.
    """
    store = settings.open_store(Access.WRITE)
    reviewer = settings.reviewer
    if store.set_done(document, reviewer, done=not undo):
        echo(f"{document} marked {'not ' if undo else ''}finished for {reviewer}")
    else:
        echo(f"{document} was {'not' if undo else 'already'} marked finished for {reviewer}")
