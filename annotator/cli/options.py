"""Options several verbs share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def json_option(function: F) -> F:
    """``--json``: print JSON Lines instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")(function)
