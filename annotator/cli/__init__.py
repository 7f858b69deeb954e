"""The ``annotator`` command: global options, error handling, and the verbs.

Errors a user can act on print one ``error:`` line on stderr and exit 1; usage errors exit 2
as click does; anything unexpected is reported in one line too, and ``--debug`` shows the
traceback.

This module imports little: each verb's module is imported when the verb runs
(``annotator.cli.verbs``), so a verb starts without loading what the others need (the
importer's readers, the search engine, the exports, textual).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.cli.output import note
from annotator.cli.settings import (
    DEFAULT_DB,
    Settings,
    check_reviewer,
    reviewer_from_environment,
)
from annotator.cli.termination import sigterm_interrupts
from annotator.cli.verbs import LazyGroup
from annotator.errors import UserError


class _Group(LazyGroup):
    """Turns the exceptions of any verb, usage errors included, into one ``error:`` line."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run as click does, but report a usage error as one ``error:`` line (exit 2)."""
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            status = super().main(*args, **kwargs)
        except click.ClickException as exc:
            note(f"error: {_click_message(exc)}")
            sys.exit(exc.exit_code)
        except click.Abort:
            note("error: aborted")
            sys.exit(1)
        # Without standalone mode click returns the code of ctx.exit(); verbs return None.
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except UserError as exc:
            _fail(ctx, str(exc))
        except sqlite3.Error as exc:
            from annotator.store import describe_database_error

            _fail(ctx, describe_database_error(exc, str(ctx.params.get("db", DEFAULT_DB))))
        except KeyboardInterrupt:
            _fail(ctx, "interrupted; nothing was half-written (each change is one transaction)")
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
            raise SystemExit(0) from None
        except Exception as exc:
            if _is_scheme_error(exc):
                _fail(ctx, str(exc))
            else:
                _fail(
                    ctx,
                    f"internal error: {type(exc).__name__}: {exc} (run with --debug to see where)",
                )
        return None


def _is_scheme_error(exc: Exception) -> bool:
    """Whether ``exc`` is a broken scheme file (``schemas.SchemeError``), a refusal to report
    as such. Only a verb that imported ``schemas`` can raise one: asked here, the question
    imports nothing."""
    schemas = sys.modules.get("schemas")
    return schemas is not None and isinstance(exc, schemas.SchemeError)


def _click_message(exc: click.ClickException) -> str:
    """Click's message on one line, with where to find help for a usage error."""
    message = " ".join(exc.format_message().split())
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        message += f" (see '{exc.ctx.command_path} --help')"
    return message


def _fail(ctx: click.Context, message: str) -> None:
    if ctx.params.get("debug"):
        raise  # the exception being handled, with its traceback
    note(f"error: {message}")
    ctx.exit(1)


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    envvar="ANNOTATOR_DB",
    show_default=True,
    help="Database file (env ANNOTATOR_DB).",
)
@click.option(
    "--reviewer",
    default=reviewer_from_environment,
    help="Who is working (env ANNOTATOR_REVIEWER, else the login name).",
)
@click.option(
    "--scheme",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Concept scheme (TOML) of a new database (`scheme set` changes an existing one's).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def main(ctx: click.Context, db: Path, reviewer: str, scheme: Path | None, debug: bool) -> None:
    """Read and tag a corpus of legal documents, passage by passage.

    Without a verb, opens the annotation UI (a new database first gets the bundled seeds).
    """
    ctx.obj = Settings(db=db, reviewer=check_reviewer(reviewer), scheme=scheme, debug=debug)
    if ctx.invoked_subcommand is not None:  # a verb: SIGTERM stops it as Ctrl-C does
        ctx.with_resource(sigterm_interrupts())
    if ctx.invoked_subcommand is None:
        store, imported = ctx.obj.open_seeded_store()
        for result in imported:
            note(f"imported {result.title} ({result.passages} passages)")
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            from annotator.cli.stats_view import print_stats

            print_stats(store.stats(), ctx.obj.db)
            note("not a terminal: run `annotator` in a terminal to open the annotation UI")
            return
        store.close()
        from annotator.tui.app import run  # textual loads only when the UI opens

        run(ctx.obj.db, ctx.obj.reviewer)
