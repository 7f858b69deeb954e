"""The concept scheme: a hierarchical, bilingual taxonomy reviewers tag with.

Schemes are data files (TOML, see ``schemas/schemes/``); these models validate them so that
a broken file is refused with the field and the reason instead of failing later in the UI.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.fields import COLOUR, CONCEPT_ID, Localized, check_hotkey
from schemas.relation_types import RelationType


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
        return check_hotkey(key)


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
    relation_types: tuple[RelationType, ...] = Field(
        default=(), description="The kinds of link between annotations reviewers may draw."
    )

    @model_validator(mode="after")
    def _consistent(self) -> ConceptScheme:
        _check_unique(self.concepts, "concept", "concepts")
        _check_unique(self.relation_types, "relation type", "relation_types")
        seen: set[str] = set()
        for index, concept in enumerate(self.concepts):
            if concept.parent is not None and concept.parent not in seen:
                raise ValueError(
                    f"concept {concept.id!r} (concepts[{index}]), field 'parent': "
                    f"{concept.parent!r} is not a concept defined above it"
                )
            seen.add(concept.id)
        for index, relation_type in enumerate(self.relation_types):
            for name in ("from_concepts", "to_concepts"):
                unknown = [c for c in getattr(relation_type, name) or () if c not in seen]
                if unknown:
                    raise ValueError(
                        f"relation type {relation_type.id!r} (relation_types[{index}]), field "
                        f"{name!r}: {unknown[0]!r} is not a concept of the scheme"
                    )
        return self

    def by_id(self) -> dict[str, Concept]:
        """Concepts indexed by id."""
        return {concept.id: concept for concept in self.concepts}

    def relation_type(self, type_id: str) -> RelationType | None:
        """The relation type of that id, or None."""
        return next((kind for kind in self.relation_types if kind.id == type_id), None)

    def allowed_ends(
        self, relation_type: RelationType
    ) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        """The concepts a link of this type may start from and point to, each restriction
        widened to the descendants of the concepts it names; None where any concept will do."""
        return self._widened(relation_type.from_concepts), self._widened(relation_type.to_concepts)

    def _widened(self, named: tuple[str, ...] | None) -> frozenset[str] | None:
        if named is None:
            return None
        return frozenset(found for concept in named for found in self.descendants(concept))

    def descendants(self, concept_id: str) -> Iterator[str]:
        """The id and every descendant id of a concept, in scheme order."""
        wanted = {concept_id}
        for concept in self.concepts:
            if concept.id == concept_id or concept.parent in wanted:
                wanted.add(concept.id)
                yield concept.id


def _check_unique(entries: Sequence[Concept | RelationType], kind: str, table: str) -> None:
    """Refuse an id given twice, or a hotkey two entries of one table share, naming the entry
    as a scheme file's author finds it (its table and position)."""
    ids: set[str] = set()
    keys: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"{kind} {entry.id!r} ({table}[{index}])"
        if entry.id in ids:
            raise ValueError(f"{where}, field 'id': id {entry.id!r} is used twice")
        ids.add(entry.id)
        if entry.key is not None:
            if entry.key in keys:
                raise ValueError(
                    f"{where}, field 'key': hotkey {entry.key!r} is already taken by "
                    f"{kind} {keys[entry.key]!r}"
                )
            keys[entry.key] = entry.id
