"""Relation types: how one annotation bears on another (supports, attacks, applies, ...).

They are data in the scheme file, like the concepts, so a scheme author decides which links
reviewers may draw, how they look, and what each becomes in an argument graph (AIF).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.fields import COLOUR, CONCEPT_ID, Localized, check_hotkey

AifKind = Literal["RA", "CA", "MA"]
"""The AIF scheme node a relation becomes: inference (RA), conflict (CA), rephrase (MA)."""


class RelationType(BaseModel):
    """One kind of link between two annotations.

    Its hotkey is typed in the separate "pick the type" step of linking, so it lives in its
    own key space: it may reuse a concept's letter, but is unique among relation types and
    never one of the UI's reserved keys (the picker keeps those for moving and cancelling).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CONCEPT_ID, description="Stable ASCII kebab-case id.")
    label: Localized = Field(description="Display name in French and English.")
    description: Localized = Field(description="What the link means, in both languages.")
    key: str | None = Field(
        default=None, description="Optional single-character hotkey in the type picker."
    )
    color: str = Field(pattern=COLOUR, description="Display colour as #rrggbb.")
    aif: AifKind | None = Field(
        default=None, description="AIF node kind; none for a link that is not an argument."
    )
    from_concepts: tuple[str, ...] | None = Field(
        default=None,
        min_length=1,
        description="Concepts the link may start from (their descendants too); none for any.",
    )
    to_concepts: tuple[str, ...] | None = Field(
        default=None,
        min_length=1,
        description="Concepts the link may point to (their descendants too); none for any.",
    )

    @field_validator("key")
    @classmethod
    def _key_is_free(cls, key: str | None) -> str | None:
        return check_hotkey(key)
