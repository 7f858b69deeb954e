"""Printing: JSON Lines for scripts, readable text for people, never raw control codes."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import click

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control characters shown as symbols, so they never reach the terminal.

    A passage containing an escape sequence prints as ``␛[31m``, not as red text.
    """

    def picture(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "␡" if code == 0x7F else f"\\x{code:02x}"

    return _CONTROL.sub(picture, text)


def one_line(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def emit_json(record: Mapping[str, Any]) -> None:
    """Print one JSON Lines record (UTF-8, nothing else on the line)."""
    click.echo(json.dumps(record, ensure_ascii=False))


def echo(text: str) -> None:
    """Print human text to stdout."""
    click.echo(text)


def note(text: str) -> None:
    """Print a remark for people to stderr, keeping stdout for data."""
    click.echo(text, err=True)
