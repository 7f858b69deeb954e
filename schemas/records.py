"""A line of the native JSONL export (DESIGN §5), as ``load`` reads it back.

One object per passage: where it is, its text, and the annotations and relations made on it.
An annotation in a line is an ``Annotation`` without its passage (the line's) and with its
context optional (a hand-written line may leave ``prefix``/``suffix`` out: ``load`` takes them
from the passage). Reading a whole line with one ``model_validate_json`` parses it and checks
its annotations in pydantic's compiled core, three times faster than ``json.loads`` and a model
per annotation. Relations (a few per hundred annotations) stay objects here, checked as
``Relation``s afterwards: their ``from``/``to`` keys and their defaults (who and when, from the
annotation they start from) are the loader's to fill.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.annotations import Annotation


class AnnotationRecord(Annotation):
    """An annotation in a line of the export: its passage is the line's."""

    passage: str = Field(default="", description="Not written: the passage is the line's.")


class PassageRecord(BaseModel):
    """One line of the export: a passage, its annotations and the relations from them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str | None = Field(default=None, description="Id of the passage's document.")
    passage: str = Field(description="Id of the passage.")
    seq: int | None = Field(default=None, description="Position of the passage in its document.")
    label: str | None = Field(
        default=None, description="How the passage is cited (a decision's 'pt 3'), for a reader."
    )
    page: int | None = Field(default=None, description="The page it starts on (a PDF's).")
    text: str | None = Field(
        default=None,
        description="The passage text, for a reader's eyes; load refuses a line where it is not "
        "the database passage's text.",
    )
    annotations: list[AnnotationRecord] = Field(default_factory=list)
    relations: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Relations from the line's annotations: id, type, from, to, and optionally "
        "reviewer, created and note (checked as ``Relation``s by ``load``).",
    )
