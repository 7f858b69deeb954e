"""Printing: JSON Lines for scripts, readable text for people (see ``annotator.display``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import click


def emit_json(record: Mapping[str, Any]) -> None:
    """Print one JSON Lines record (UTF-8, nothing else on the line)."""
    click.echo(json.dumps(record, ensure_ascii=False))


def echo(text: str) -> None:
    """Print human text to stdout."""
    click.echo(text)


def note(text: str) -> None:
    """Print a remark for people to stderr, keeping stdout for data."""
    click.echo(text, err=True)
