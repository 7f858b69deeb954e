"""The concept scheme: a hierarchical, bilingual taxonomy reviewers tag with.

Schemes are data files (TOML, see ``schemas/schemes/``); these models validate them so that
a broken file is refused with the field and the reason instead of failing later in the UI.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RESERVED_KEYS: frozenset[str] = frozenset("hjklgGunvwbsftxdq?/[]:.,;'\"` -+=<>!@#$%^&*()")
"""Single keys the annotation UI keeps for navigation and actions; no concept may take one."""

CONCEPT_ID = r"^[a-z][a-z0-9-]*$"
COLOUR = r"^#[0-9a-fA-F]{6}$"


class Localized(BaseModel):
    """A text in French and in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: str = Field(min_length=1, description="French text.")
    en: str = Field(min_length=1, description="English text.")


class LocalizedAliases(BaseModel):
    """Other names of a concept in each language (abbreviations, variants)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: tuple[str, ...] = Field(default=(), description="French aliases.")
    en: tuple[str, ...] = Field(default=(), description="English aliases.")

    def all(self) -> tuple[str, ...]:
        """Every alias, French first."""
        return self.fr + self.en


class Concept(BaseModel):
    """One node of the taxonomy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CONCEPT_ID, description="Stable ASCII kebab-case id.")
    parent: str | None = Field(default=None, description="Id of the parent; none for a root.")
    label: Localized = Field(description="Display name in French and English.")
    description: Localized = Field(description="What the concept means, in both languages.")
    aliases: LocalizedAliases = Field(
        default_factory=LocalizedAliases, description="Other names, used by the picker and search."
    )
    key: str | None = Field(
        default=None,
        description="Optional single-character hotkey; reserved navigation keys are refused.",
    )
    color: str = Field(pattern=COLOUR, description="Display colour as #rrggbb.")

    @field_validator("key")
    @classmethod
    def _key_is_free(cls, key: str | None) -> str | None:
        if key is None:
            return None
        if len(key) != 1:
            raise ValueError(f"a hotkey is one character, not {key!r}")
        if key in RESERVED_KEYS:
            raise ValueError(f"hotkey {key!r} is reserved for the UI's navigation")
        return key


class ConceptScheme(BaseModel):
    """A whole scheme: metadata plus concepts, parents listed before their children."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CONCEPT_ID, description="Stable id of the scheme.")
    version: str = Field(min_length=1, description="Version of the scheme, e.g. '1.0.0'.")
    namespace: str = Field(
        min_length=1, description="IRI prefix; a concept's IRI is namespace + concept id."
    )
    title: Localized = Field(description="Name of the scheme.")
    description: Localized = Field(description="What the scheme covers.")
    concepts: tuple[Concept, ...] = Field(min_length=1, description="The concepts, roots first.")

    @model_validator(mode="after")
    def _consistent(self) -> ConceptScheme:
        seen: set[str] = set()
        keys: dict[str, str] = {}
        for index, concept in enumerate(self.concepts):
            where = f"concept {concept.id!r} (concepts[{index}])"
            if concept.id in seen:
                raise ValueError(f"{where}, field 'id': id {concept.id!r} is used twice")
            if concept.parent is not None and concept.parent not in seen:
                raise ValueError(
                    f"{where}, field 'parent': {concept.parent!r} is not a concept defined above it"
                )
            if concept.key is not None:
                if concept.key in keys:
                    raise ValueError(
                        f"{where}, field 'key': hotkey {concept.key!r} is already taken by "
                        f"concept {keys[concept.key]!r}"
                    )
                keys[concept.key] = concept.id
            seen.add(concept.id)
        return self

    def by_id(self) -> dict[str, Concept]:
        """Concepts indexed by id."""
        return {concept.id: concept for concept in self.concepts}

    def descendants(self, concept_id: str) -> Iterator[str]:
        """The id and every descendant id of a concept, in scheme order."""
        wanted = {concept_id}
        for concept in self.concepts:
            if concept.id == concept_id or concept.parent in wanted:
                wanted.add(concept.id)
                yield concept.id
