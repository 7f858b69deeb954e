"""The UIMA CAS XMI export: a folder INCEpTION can take in, one ``<document>.xmi`` per document.

INCEpTION reads "UIMA CAS XMI (XML 1.0)" leniently: annotations of types its project does not
know are dropped. So the folder also holds ``TypeSystem.xml``, which INCEpTION's *Layers >
Import* turns into a span layer ``ConceptTag`` and a relation layer ``ConceptRelation`` (a type
deriving straight from ``uima.tcas.Annotation`` with primitive features is a span layer; one
whose only references are ``Governor`` and ``Dependent`` to the same span type is a relation
layer). The DKPro Core types it uses (document metadata, sentences, paragraphs, headings) are
the ones INCEpTION already knows, under their DKPro names.

What INCEpTION's import checks (its "CAS doctor", fatal on XMI import) shapes the file:

* every annotation must start and end inside a ``Sentence``: each passage is one sentence, so
  a whole-passage tag never crosses a sentence INCEpTION would have cut itself;
* no annotation may start or end with whitespace: a span the reviewer drew with a blank at an
  edge is narrowed to its first and last visible characters (its quote stays in the database);
* a relation's offsets must be those of its ``Dependent`` (its target);
* XML 1.0 forbids control characters, lone surrogates, U+FFFE and U+FFFF: each becomes U+FFFD,
  one character for one so every offset still holds (INCEpTION puts a space, which would
  break the rule above).

Offsets are code points here; cassis writes them as UTF-16 units, as Java reads them. A
relation is written when both its annotations are in the file (a filter can leave one out).
One document's CAS is in memory at a time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cassis import Cas, TypeSystem

from annotator.export.formats import FolderFormat, Progress
from annotator.store import Store
from annotator.store.export_reads import ExportedDocument, ExportFilter
from schemas import Annotation, Concept, ConceptScheme, PassageKind

TYPE_SYSTEM_FILE = "TypeSystem.xml"
"""The name INCEpTION's own XMI export gives the type system next to its ``.xmi`` files."""

SPAN_TYPE = "webanno.custom.ConceptTag"
RELATION_TYPE = "webanno.custom.ConceptRelation"
"""``webanno.custom.`` is where INCEpTION puts the layers a project defines."""

_DKPRO = "de.tudarmstadt.ukp.dkpro.core.api."
DOCUMENT_METADATA = f"{_DKPRO}metadata.type.DocumentMetaData"
SENTENCE = f"{_DKPRO}segmentation.type.Sentence"
DIV = f"{_DKPRO}segmentation.type.Div"
PARAGRAPH = f"{_DKPRO}segmentation.type.Paragraph"
HEADING = f"{_DKPRO}segmentation.type.Heading"

DIV_TYPES = {PassageKind.PARAGRAPH: PARAGRAPH, PassageKind.HEADING: HEADING}
"""The DKPro ``Div`` subtype a passage becomes, by its kind."""

STRING = "uima.cas.String"
SPAN_FEATURES = {
    "concept": (STRING, "Id of the concept in the scheme."),
    "conceptIri": (STRING, "IRI of the concept: the scheme's namespace and the concept id."),
    "label": (STRING, "French label of the concept."),
    "labelEn": (STRING, "English label of the concept."),
    "note": (STRING, "The reviewer's comment, if any."),
    "reviewer": (STRING, "Who made the annotation."),
    "created": (STRING, "When it was made, ISO 8601 UTC."),
    "annotationId": (STRING, "The annotation's id in annotator (and in its JSONL export)."),
    "wholePassage": ("uima.cas.Boolean", "True when the whole passage is tagged, not a span."),
}
RELATION_FEATURES = {
    "relationType": (STRING, "Kind of link, e.g. supports."),
    "reviewer": (STRING, "Who made the relation."),
    "created": (STRING, "When it was made, ISO 8601 UTC."),
    "relationId": (STRING, "The relation's id in annotator."),
}
"""Feature names avoid the ones INCEpTION reserves (``type``, ``begin``, ``end``...)."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character XML 1.0 cannot carry, even escaped."""
REPLACEMENT = "\ufffd"

_BLANK = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u206f]")
"""What INCEpTION trims off annotation edges: Java whitespace, no-break and invisible spaces,
direction marks (a superset of it: Python's whitespace adds U+0085)."""


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def trimmed(text: str, begin: int, end: int) -> tuple[int, int]:
    """``begin``/``end`` moved inwards past blanks; unchanged if nothing but blanks is left."""
    start, stop = begin, end
    while stop > start and _BLANK.match(text, stop - 1):
        stop -= 1
    while start < stop and _BLANK.match(text, start):
        start += 1
    return (start, stop) if start < stop else (begin, end)


def type_system() -> TypeSystem:
    """The types of the export: DKPro Core's that INCEpTION knows, and the two layers."""
    types = TypeSystem()
    metadata = types.create_type(DOCUMENT_METADATA, "uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri"):
        types.create_feature(metadata, name, STRING)
    sentence = types.create_type(SENTENCE, "uima.tcas.Annotation")
    types.create_feature(sentence, "id", STRING)
    div = types.create_type(DIV, "uima.tcas.Annotation")
    types.create_feature(div, "divType", STRING)
    types.create_feature(div, "id", STRING)
    types.create_type(PARAGRAPH, DIV)
    types.create_type(HEADING, DIV, description="Document title, section heading, etc.")
    span = types.create_type(
        SPAN_TYPE, "uima.tcas.Annotation", description="A concept tagged on a span or a passage."
    )
    for name, (range_type, description) in SPAN_FEATURES.items():
        types.create_feature(span, name, range_type, description=description)
    relation = types.create_type(
        RELATION_TYPE, "uima.tcas.Annotation", description="A typed link between two tags."
    )
    types.create_feature(relation, "Governor", SPAN_TYPE, description="Where the link starts.")
    types.create_feature(relation, "Dependent", SPAN_TYPE, description="Where it points.")
    for name, (range_type, description) in RELATION_FEATURES.items():
        types.create_feature(relation, name, range_type, description=description)
    return types


def span_features(
    annotation: Annotation, concept: Concept | None, namespace: str
) -> dict[str, Any]:
    """The ``ConceptTag`` features of an annotation (labels absent if the concept is unknown)."""
    values: dict[str, Any] = {
        "concept": annotation.concept,
        "conceptIri": f"{namespace}{annotation.concept}",
        "label": concept.label.fr if concept else None,
        "labelEn": concept.label.en if concept else None,
        "note": annotation.note,
        "reviewer": annotation.reviewer,
        "created": annotation.created,
        "annotationId": annotation.id,
        "wholePassage": not annotation.is_span,
    }
    return {
        name: xml_safe(value) if isinstance(value, str) else value for name, value in values.items()
    }


def document_cas(document: ExportedDocument, types: TypeSystem, scheme: ConceptScheme) -> Cas:
    """One document as a CAS: its clean text, metadata, passages, tags and relations."""
    text = xml_safe(document.text)
    language = document.languages[0] if document.languages else "x-unspecified"
    cas = Cas(types, sofa_string=text, sofa_mime="text/plain")
    metadata = types.get_type(DOCUMENT_METADATA)
    cas.add(
        metadata(
            begin=0,
            end=len(text),
            language=language,
            documentTitle=xml_safe(document.title),
            documentId=document.id,
            documentUri=xml_safe(document.source_url) if document.source_url else None,
        )
    )
    concepts = scheme.by_id()
    sentence, span, relation = (
        types.get_type(name) for name in (SENTENCE, SPAN_TYPE, RELATION_TYPE)
    )
    tags: dict[str, Any] = {}
    for item in document.passages:
        passage = item.passage
        begin, end = trimmed(text, passage.start, passage.end)
        cas.add(sentence(begin=begin, end=end, id=passage.id))
        div = types.get_type(DIV_TYPES[passage.kind])
        cas.add(div(begin=begin, end=end, divType=passage.kind.value, id=passage.id))
        for annotation in item.annotations:
            if annotation.start is not None and annotation.end is not None:
                at = trimmed(text, passage.start + annotation.start, passage.start + annotation.end)
            else:
                at = (begin, end)
            features = span_features(annotation, concepts.get(annotation.concept), scheme.namespace)
            tags[annotation.id] = span(begin=at[0], end=at[1], **features)
            cas.add(tags[annotation.id])
    for item in document.passages:
        for link in item.relations:
            governor, dependent = tags.get(link.source), tags.get(link.target)
            if governor is None or dependent is None:
                continue
            cas.add(
                relation(
                    begin=dependent.begin,
                    end=dependent.end,
                    Governor=governor,
                    Dependent=dependent,
                    relationType=xml_safe(link.type),
                    reviewer=xml_safe(link.reviewer),
                    created=link.created,
                    relationId=link.id,
                )
            )
    return cas


def write_xmi(store: Store, selection: ExportFilter, folder: Path, on_item: Progress) -> int:
    """Write ``TypeSystem.xml`` and one ``<document>.xmi`` per document; how many documents."""
    types = type_system()
    types.to_xml(folder / TYPE_SYSTEM_FILE)
    scheme = store.scheme
    written = 0
    for document in store.exported_documents(selection):
        document_cas(document, types, scheme).to_xmi(folder / f"{document.id}.xmi")
        written += 1
        on_item()
    return written


FORMAT = FolderFormat("xmi", "document", Store.count_exported_documents, write_xmi)
