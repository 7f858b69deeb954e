"""Showing statistics, as text for people and as one JSON record."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from annotator.cli.output import echo
from annotator.store import Stats


def stats_record(stats: Stats) -> dict[str, Any]:
    """The statistics as one JSON-ready object."""
    record = asdict(stats)
    record["coverage"] = round(stats.coverage, 4)
    return record


def print_stats(stats: Stats, db: Path) -> None:
    """The statistics as a short report."""
    echo(f"{db}: {stats.documents} documents, {stats.passages} passages")
    echo(
        f"annotated: {stats.annotated_passages} passages ({stats.coverage:.0%}), "
        f"{stats.annotations} annotations"
    )
    used = [count for count in stats.concepts if count.annotations]
    if used:
        echo("per concept:")
        for count in used:
            echo(
                f"  {count.annotations:>6} on {count.passages:>5} passages  "
                f"{count.label} ({count.name})"
            )
    if stats.reviewers:
        echo("per reviewer:")
        for count in stats.reviewers:
            echo(f"  {count.annotations:>6} on {count.passages:>5} passages  {count.name}")
