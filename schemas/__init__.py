"""The data contract of annotator: pydantic models and the bundled concept schemes.

This package imports none of the others (``annotator -> corpus -> schemas``).
"""

from schemas.annotations import Action, Annotation, HistoryEntry, Relation
from schemas.concepts import Concept, ConceptScheme, LocalizedAliases
from schemas.documents import (
    Document,
    Layout,
    Manifest,
    ManifestEntry,
    Passage,
    PassageKind,
    SourceInfo,
)
from schemas.fields import RESERVED_KEYS, Localized
from schemas.relation_types import AifKind, RelationType
from schemas.scheme_diff import SchemeChange, scheme_changes
from schemas.scheme_file import (
    SchemeError,
    bundled_scheme_text,
    load_bundled_scheme,
    load_scheme,
    parse_scheme,
    read_scheme_text,
)

__all__ = [
    "RESERVED_KEYS",
    "Action",
    "AifKind",
    "Annotation",
    "Concept",
    "ConceptScheme",
    "Document",
    "HistoryEntry",
    "Layout",
    "Localized",
    "LocalizedAliases",
    "Manifest",
    "ManifestEntry",
    "Passage",
    "PassageKind",
    "Relation",
    "RelationType",
    "SchemeChange",
    "SchemeError",
    "SourceInfo",
    "bundled_scheme_text",
    "load_bundled_scheme",
    "load_scheme",
    "parse_scheme",
    "read_scheme_text",
    "scheme_changes",
]
