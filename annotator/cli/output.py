"""Printing: JSON Lines for scripts, readable text for people (see ``annotator.display``).

Human text goes through ``visible`` here, once for every verb: a title, passage, label, note,
reviewer or file name can hold an escape sequence or a bidi control, and no line a person
reads may let it drive the terminal. JSON keeps the data exact (``json.dumps`` escapes C0
controls; everything else is written as is).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import click

from annotator.display import visible


def emit_json(record: Mapping[str, Any]) -> None:
    """Print one JSON Lines record (UTF-8, nothing else on the line)."""
    click.echo(json.dumps(record, ensure_ascii=False))


def echo(text: str) -> None:
    """Print one line of human text to stdout, every character visible."""
    click.echo(visible(text))


def note(text: str) -> None:
    """Print a remark for people to stderr (keeping stdout for data), every character visible,
    on one line: an ``error:`` line naming a file whose name holds a newline stays one line."""
    click.echo(visible(text), err=True)
