"""Showing statistics, as text for people and as one JSON record."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from annotator.cli.output import echo
from annotator.store import Count, Stats


def stats_record(stats: Stats) -> dict[str, Any]:
    """The statistics as one JSON-ready object.

    A concept or a reviewer is named by ``id``, as every other verb names it (``concepts
    --json``, the ``concept`` of an annotation, ``--reviewer``), so a script can join a count
    to what the other verbs list: ``{"id", "label", "annotations", "passages"}`` each.
    """
    record = asdict(stats)
    record["coverage"] = round(stats.coverage, 4)
    for group in ("concepts", "reviewers"):
        record[group] = [_count_record(count) for count in getattr(stats, group)]
    return record


def _count_record(count: Count) -> dict[str, Any]:
    """One count of a concept or a reviewer, keyed as the other verbs key them."""
    return {
        "id": count.name,
        "label": count.label,
        "annotations": count.annotations,
        "passages": count.passages,
    }


def print_stats(stats: Stats, db: Path) -> None:
    """The statistics as a short report."""
    echo(f"{db}: {stats.documents} documents, {stats.passages} passages")
    echo(
        f"annotated: {stats.annotated_passages} passages ({stats.coverage:.0%}), "
        f"{stats.annotations} annotations"
    )
    if stats.orphans:
        echo(f"orphans: {stats.orphans} (a new version could not place them: `annotator orphans`)")
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
