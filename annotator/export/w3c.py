"""The W3C export: a Web Annotation ``AnnotationCollection`` in JSON-LD, for annotation tools.

One ``Annotation`` per kept annotation, motivated by ``classifying``:

* its body is the concept, a ``SpecificResource`` with purpose ``classifying`` whose source is
  the concept's IRI (the scheme's ``namespace`` + the concept id, as the scheme file defines
  it, so that IRI is the scheme author's and the same in every export), typed
  ``skos:Concept`` and labelled in French and English; the note, if any, is a second body,
  a plain-text ``TextualBody`` with purpose ``commenting`` (one body is written as an object,
  two as a list: the compact JSON-LD form, which a round trip through pyld gives back);
* its target is the document (its ``source_url``, else ``urn:annotator:document:<id>``)
  with two selectors of the same text: a ``TextQuoteSelector`` and a
  ``TextPositionSelector`` counting code points in the document's clean text (a
  whole-passage tag selects the passage). Against another rendering of the source (the web
  page itself), the quote is what anchors: its prefix and suffix are 32 characters, longer
  where the quote with 32 characters around it occurs more than once in the document, so
  that it always selects one place (``quote_context``);
* ``creator`` is the reviewer (a ``Person`` with a ``name``), ``created`` the tagging time.

Each relation between two annotations follows them as an ``Annotation`` motivated by
``linking``: its targets are its two ends' annotation IRIs (from first, to second), its body
the relation type (a ``classifying`` ``SpecificResource``, IRI ``namespace`` + ``relation:``
+ type id) and its note a ``commenting`` body. The collection is streamed: the header, then
each annotation as one JSON line of the embedded first page's ``items``, and ``total`` last,
counted while writing, so it is exact however the database changes meanwhile.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any, TextIO
from urllib.parse import quote

from annotator.clock import now
from annotator.export.argument_graph import kept_relations
from annotator.export.formats import FileFormat
from annotator.export.quote_context import QuoteContexts
from annotator.store import Store
from annotator.store.export_reads import ExportedDocument, ExportFilter
from schemas import Annotation, ConceptScheme, Localized, Relation

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def annotation_iri(annotation_id: str) -> str:
    """``urn:uuid:<id>`` for the UUIDs ``tag`` makes; any other id (a loaded file may carry
    one) gets a URN of ours, so the IRI is always valid and still names the stored id."""
    if _UUID.fullmatch(annotation_id):
        return f"urn:uuid:{annotation_id}"
    return f"urn:annotator:annotation:{quote(annotation_id, safe='')}"


def document_iri(document: ExportedDocument) -> str:
    """Where the document was published, else a stable URN built from its id."""
    return document.source_url or f"urn:annotator:document:{quote(document.id, safe='')}"


def concept_bodies(scheme: ConceptScheme) -> dict[str, dict[str, Any]]:
    """The classifying body of each concept of the scheme, by concept id."""
    return {
        concept.id: _classifying(f"{scheme.namespace}{concept.id}", concept.label, "skos:Concept")
        for concept in scheme.concepts
    }


def relation_type_bodies(scheme: ConceptScheme) -> dict[str, dict[str, Any]]:
    """The classifying body of each relation type of the scheme, by type id."""
    return {
        kind.id: _classifying(f"{scheme.namespace}relation:{kind.id}", kind.label)
        for kind in scheme.relation_types
    }


def _classifying(iri: str, label: Localized, kind: str | None = None) -> dict[str, Any]:
    """A body that classifies its target as the scheme entry ``iri``, labelled in both
    languages (a concept says it is a SKOS concept; a relation type has no such class)."""
    source: dict[str, Any] = {"id": iri}
    if kind is not None:
        source["type"] = kind
    source["label"] = [
        {"@value": label.fr, "@language": "fr"},
        {"@value": label.en, "@language": "en"},
    ]
    return {"type": "SpecificResource", "purpose": "classifying", "source": source}


def _with_note(body: dict[str, Any], note: str | None) -> dict[str, Any] | list[dict[str, Any]]:
    """The body alone, or with the note as a ``commenting`` body after it."""
    if not note:
        return body
    comment = {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": note,
        "format": "text/plain",
    }
    return [body, comment]


def relation_record(relation: Relation, type_body: dict[str, Any]) -> dict[str, Any]:
    """One ``linking`` ``Annotation`` whose targets are the two annotations it links."""
    return {
        "id": annotation_iri(relation.id),
        "type": "Annotation",
        "motivation": "linking",
        "created": relation.created,
        "creator": {"type": "Person", "name": relation.reviewer},
        "body": _with_note(type_body, relation.note),
        "target": [annotation_iri(relation.source), annotation_iri(relation.target)],
    }


def annotation_record(
    annotation: Annotation,
    document: ExportedDocument,
    contexts: QuoteContexts,
    start: int,
    end: int,
    concept_body: dict[str, Any],
) -> dict[str, Any]:
    """One ``Annotation`` selecting ``document.text[start:end]``."""
    prefix, suffix = contexts.around(start, end)
    body = _with_note(concept_body, annotation.note)
    return {
        "id": annotation_iri(annotation.id),
        "type": "Annotation",
        "motivation": "classifying",
        "created": annotation.created,
        "creator": {"type": "Person", "name": annotation.reviewer},
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": document_iri(document),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": document.text[start:end],
                    "prefix": prefix,
                    "suffix": suffix,
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def _members(fields: dict[str, Any]) -> str:
    """``"key": value, ...`` of a JSON object, for the parts written around the items."""
    return ", ".join(
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in fields.items()
    )


def write_w3c(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write the collection of the selected annotations; the number of annotations written."""
    scheme = store.scheme
    bodies = concept_bodies(scheme)
    collection = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": [
            {"@value": scheme.title.fr, "@language": "fr"},
            {"@value": scheme.title.en, "@language": "en"},
        ],
        "generator": {"type": "Software", "name": "annotator"},
        "generated": now(),
    }
    page = {"id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationPage", "startIndex": 0}
    out.write(f'{{{_members(collection)}, "first": {{{_members(page)}, "items": [')
    written = 0
    for document in store.exported_documents(selection):
        contexts = QuoteContexts(document.text)
        for item in document.passages:
            passage = item.passage
            for annotation in item.annotations:
                if annotation.start is None or annotation.end is None:
                    start, end = passage.start, passage.end
                else:
                    start, end = passage.start + annotation.start, passage.start + annotation.end
                record = annotation_record(
                    annotation, document, contexts, start, end, bodies[annotation.concept]
                )
                out.write(",\n" if written else "\n")
                out.write(json.dumps(record, ensure_ascii=False))
                written += 1
                on_item()
    type_bodies = relation_type_bodies(scheme)
    for linked in kept_relations(store, selection):
        relation = linked.relation
        body = type_bodies.get(relation.type, {"type": "TextualBody", "value": relation.type})
        out.write(",\n" if written else "\n")
        out.write(json.dumps(relation_record(relation, body), ensure_ascii=False))
        written += 1
    out.write(f'\n]}}, "total": {written}}}\n')
    return written


FORMAT = FileFormat("w3c", "annotation", Store.count_exported_annotations, write_w3c)
