"""The data contract of annotator: pydantic models and the bundled concept schemes.

This package imports none of the others (``annotator -> corpus -> schemas``).
"""

from schemas.annotations import Action, Annotation, HistoryEntry, Relation
from schemas.concepts import RESERVED_KEYS, Concept, ConceptScheme, Localized, LocalizedAliases
from schemas.documents import (
    Document,
    Layout,
    Manifest,
    ManifestEntry,
    Passage,
    PassageKind,
    SourceInfo,
)
from schemas.scheme_file import (
    SchemeError,
    bundled_scheme_text,
    load_bundled_scheme,
    load_scheme,
    parse_scheme,
)

__all__ = [
    "RESERVED_KEYS",
    "Action",
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
    "SchemeError",
    "SourceInfo",
    "bundled_scheme_text",
    "load_bundled_scheme",
    "load_scheme",
    "parse_scheme",
]
