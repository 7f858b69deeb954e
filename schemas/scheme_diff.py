"""What changes between two versions of a scheme, concept by concept and relation type by type.

Changing a database's scheme is a deliberate act: the command that does it first shows this
list, so a reviewer sees which concepts and relation types come, go or change before the
database does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from schemas.concepts import Concept, ConceptScheme
from schemas.relation_types import RelationType

ChangeKind = Literal["added", "removed", "changed"]
EntryKind = Literal["concept", "relation_type"]

_COMPARED_FIELDS: dict[EntryKind, tuple[str, ...]] = {
    "concept": ("parent", "label", "description", "aliases", "key", "color"),
    "relation_type": (
        "label",
        "description",
        "key",
        "color",
        "aif",
        "from_concepts",
        "to_concepts",
    ),
}
"""The fields of each kind of entry whose change is reported (its id pairs the two versions)."""


@dataclass(frozen=True, slots=True)
class SchemeChange:
    """One concept or relation type added, removed or changed, and for a change, which fields."""

    entry: EntryKind
    id: str
    change: ChangeKind
    label: str
    """The entry's French label (the new one when it changed)."""
    fields: tuple[str, ...] = ()


def scheme_changes(old: ConceptScheme, new: ConceptScheme) -> list[SchemeChange]:
    """Each concept, then each relation type, of ``old`` or ``new`` that differs: in ``new``'s
    order, then the removed ones."""
    return [
        *_changes("concept", old.concepts, new.concepts),
        *_changes("relation_type", old.relation_types, new.relation_types),
    ]


def _changes(
    entry: EntryKind,
    old: Sequence[Concept | RelationType],
    new: Sequence[Concept | RelationType],
) -> list[SchemeChange]:
    before = {item.id: item for item in old}
    changes: list[SchemeChange] = []
    for item in new:
        previous = before.get(item.id)
        if previous is None:
            changes.append(SchemeChange(entry, item.id, "added", item.label.fr))
            continue
        fields = tuple(
            name
            for name in _COMPARED_FIELDS[entry]
            if getattr(previous, name) != getattr(item, name)
        )
        if fields:
            changes.append(SchemeChange(entry, item.id, "changed", item.label.fr, fields))
    kept = {item.id for item in new}
    changes.extend(
        SchemeChange(entry, item.id, "removed", item.label.fr)
        for item in old
        if item.id not in kept
    )
    return changes
