"""Reading a concept scheme from its TOML file, with errors that name file, field and reason."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas.concepts import ConceptScheme

BUNDLED_SCHEME = "fr-admin-health.toml"


class SchemeError(ValueError):
    """A scheme file that cannot be used; the message is one line meant for the user."""


def bundled_scheme_text() -> str:
    """The TOML text of the scheme shipped with the package."""
    return resources.files("schemas").joinpath("schemes", BUNDLED_SCHEME).read_text("utf-8")


def load_bundled_scheme() -> ConceptScheme:
    """The scheme shipped with the package (French administrative and health-product law)."""
    return parse_scheme(bundled_scheme_text(), f"<bundled {BUNDLED_SCHEME}>")


def load_scheme(path: Path) -> ConceptScheme:
    """Read and validate a scheme file, or raise SchemeError saying what is wrong and where."""
    return parse_scheme(read_scheme_text(path), str(path))


def read_scheme_text(path: Path) -> str:
    """A scheme file's text (kept as written in the database), or SchemeError saying why not."""
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise SchemeError(f"{path}: no such scheme file") from None
    except UnicodeDecodeError as exc:
        raise SchemeError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise SchemeError(f"{path}: cannot read ({exc.strerror})") from None


def parse_scheme(text: str, name: str) -> ConceptScheme:
    """Validate a scheme given as TOML text; ``name`` is used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{name}: not valid TOML: {exc}") from None
    header = data.get("scheme")
    if not isinstance(header, dict):
        raise SchemeError(f"{name}: missing the [scheme] table (id, version, namespace, title)")
    raw: dict[str, Any] = {
        **header,
        "concepts": data.get("concepts", []),
        "relation_types": data.get("relation_types", []),
    }
    try:
        return ConceptScheme.model_validate(raw)
    except ValidationError as exc:
        raise SchemeError(f"{name}: {_describe(exc, raw)}") from None


_ENTRIES = {"concepts": "concept", "relation_types": "relation type"}
"""The lists of entries of a scheme file, and what an error calls one of their entries."""


def _describe(exc: ValidationError, raw: dict[str, Any]) -> str:
    """The first validation problem as 'field: reason', naming the concept or relation type
    by its id."""
    errors = exc.errors()
    if len(errors) > 1:  # a concept that fails also fails the concepts' minimum length: noise
        errors = [e for e in errors if e["type"] != "too_short" or e["loc"] != ("concepts",)]
    error = errors[0]
    location = list(error["loc"])
    where: list[str] = []
    entry = _ENTRIES.get(str(location[0])) if location else None
    if entry is not None and len(location) > 1 and isinstance(location[1], int):
        index = location[1]
        entries = raw.get(str(location[0])) or []
        item = entries[index] if index < len(entries) else None
        entry_id = item.get("id") if isinstance(item, dict) else None
        where.append(f"{entry} {entry_id!r}" if entry_id else f"{entry} #{index + 1}")
        location = location[2:]
    field = ".".join(str(part) for part in location)
    if field:
        where.append(f"field {field!r}")
    message = str(error["msg"]).removeprefix("Value error, ")
    more = len(errors) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    if not where:  # a check of the whole scheme, whose message says where
        return f"{message}{suffix}"
    return f"{', '.join(where)}: {message}{suffix}"
