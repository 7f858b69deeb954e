"""Field types shared by the entries of a scheme file: ids, colours, bilingual texts, hotkeys."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

RESERVED_KEYS: frozenset[str] = frozenset("hjklgGLACDOunvwbsftxdq?/[]:.,;'\"` -+=<>!@#$%^&*()")
"""Single keys the annotation UI keeps for navigation and actions; no concept may take one."""

CONCEPT_ID = r"^[a-z][a-z0-9-]*$"
COLOUR = r"^#[0-9a-fA-F]{6}$"


class Localized(BaseModel):
    """A text in French and in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: str = Field(min_length=1, description="French text.")
    en: str = Field(min_length=1, description="English text.")


def check_hotkey(key: str | None) -> str | None:
    """A hotkey as given, or ValueError: one character, not one of ``RESERVED_KEYS``."""
    if key is None:
        return None
    if len(key) != 1:
        raise ValueError(f"a hotkey is one character, not {key!r}")
    if key in RESERVED_KEYS:
        raise ValueError(f"hotkey {key!r} is reserved for the UI's navigation")
    return key
