"""Timestamps as stored: ISO 8601 in UTC with milliseconds, sortable as text."""

from datetime import UTC, datetime


def now() -> str:
    """The current time, e.g. ``2026-11-23T23:31:23.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
