"""Annotations, relations and the history of changes: the reviewer side of the contract."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

CONTEXT_CHARS = 32
"""Characters of context kept before and after a span (as a W3C TextQuoteSelector does)."""


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix kept around the span ``start:end`` of ``text`` (its passage):
    what re-anchors it if the text changes. Every way of adding an annotation (tag, load) and
    the re-anchoring of a new version keep them the same way, so a re-anchored annotation looks
    like a new tag."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


class Annotation(BaseModel):
    """A concept attached to a whole passage or to a span of it.

    The anchor is kept twice, as offsets and as a quote with context (like the W3C
    TextQuoteSelector), so an annotation can be re-anchored if a passage's text changes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="UUID, so databases of several reviewers merge without clashes.")
    passage: str = Field(description="Id of the annotated passage.")
    concept: str = Field(description="Id of the concept in the scheme.")
    start: int | None = Field(
        default=None,
        ge=0,
        description="Span start in the passage text; none for the whole passage.",
    )
    end: int | None = Field(
        default=None,
        ge=0,
        description="Span end (exclusive) in the passage text; none for the whole.",
    )
    quote: str = Field(description="The annotated text: the span, or the whole passage.")
    prefix: str = Field(default="", description="Up to 32 characters before the span.")
    suffix: str = Field(default="", description="Up to 32 characters after the span.")
    note: str | None = Field(default=None, description="Free-text comment of the reviewer.")
    reviewer: str = Field(min_length=1, description="Who made it.")
    created: str = Field(description="When it was made, ISO 8601 UTC.")

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Annotation:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end go together: give both or neither")
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValueError(f"span {self.start}:{self.end} is empty or reversed")
        return self

    @property
    def is_span(self) -> bool:
        """True for a span, False for a whole-passage tag."""
        return self.start is not None


class Relation(BaseModel):
    """A typed link between two annotations, e.g. a ground that supports a holding."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="UUID of the relation.")
    type: str = Field(min_length=1, description="Kind of link, e.g. 'supports' or 'attacks'.")
    source: str = Field(description="Id of the annotation the link starts from.")
    target: str = Field(description="Id of the annotation the link points to.")
    reviewer: str = Field(min_length=1, description="Who made it.")
    created: str = Field(description="When it was made, ISO 8601 UTC.")
    note: str | None = Field(
        default=None, description="Free-text comment of the reviewer on the link."
    )


class Action(StrEnum):
    """What a history entry records."""

    CREATE = "create"
    DELETE = "delete"
    UPDATE = "update"


class HistoryEntry(BaseModel):
    """One change, as the append-only history keeps it; undo and audit read these."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(description="Position in the history, increasing.")
    at: str = Field(description="When, ISO 8601 UTC.")
    reviewer: str = Field(description="Who made the change.")
    change: str = Field(
        description="Id of the user action this entry belongs to (undo reverts it whole)."
    )
    kind: str = Field(
        default="do",
        pattern="^(do|undo|redo)$",
        description="'do' for an action, 'undo' or 'redo' when it reverts or replays one.",
    )
    target: str | None = Field(
        default=None, description="For an undo or redo: the change it reverts or replays."
    )
    action: Action = Field(description="Create, delete or update.")
    entity: str = Field(
        description="Table the change applies to: 'annotations', 'relations', or (a document "
        "removed with `remove --force`) 'documents' and 'passages'."
    )
    entity_id: str = Field(description="Id of the changed row.")
    before: dict[str, Any] | None = Field(description="The row before the change; none on create.")
    after: dict[str, Any] | None = Field(description="The row after the change; none on delete.")
