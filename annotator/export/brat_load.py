"""Loading a brat standoff folder (our export, or work done in brat or INCEpTION) back in.

A ``<document id>.ann`` belongs to the document of that id; its spans are offsets in the
document's clean text, and each must lie inside one passage: it becomes an annotation of that
passage (offsets made relative to it), or a whole-passage tag when it covers the passage
exactly. Fragments (brat cuts a span at line breaks) must be separated by whitespace only and
become one span. Everything is checked before anything is written (``loading.merge``): an
unknown type (a concept for a T line, a relation type for an R line, whose ends' concepts it
must allow), an offset out of range or across passages, a text column that is not the text
at those offsets, a relation from an annotation to itself (two T lines of the same type and
span are one annotation), or a line annotator has no place for, and the load is refused whole.

brat keeps no reviewer, date or id: loaded annotations are the loading reviewer's, made now,
and their ids are derived from the document, offsets and concept, so loading a folder twice
adds nothing. An annotation already in the database at the same place with the same concept
(whoever made it) is "already there" and skipped, and so is a relation of the same type
between the same two annotations.
"""

from __future__ import annotations

import json
import re
import uuid
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from annotator.errors import UserError
from annotator.export.brat import fragment_text, identifier_of, unescape_note
from annotator.export.formats import Progress
from annotator.export.loading import (
    Batch,
    LoadResult,
    Phase,
    fail,
    first_difference,
    merge,
    silent,
)
from annotator.store import Store
from annotator.store.annotations import anchor
from annotator.store.export_reads import ExportedDocument, ExportFilter
from annotator.store.relations import end_refusal, type_refusal
from schemas import Annotation, ConceptScheme, Passage, Relation

_OFFSETS = re.compile(r"\d+ \d+(?:;\d+ \d+)*")
_UNSUPPORTED = {
    "E": "events",
    "A": "attributes",
    "M": "attributes",
    "N": "normalizations",
    "*": "equivalences",
}
"""brat line kinds annotator has no place for; refused rather than silently dropped."""

Key = tuple[str, str, int | None, int | None]
"""Where an annotation is and what it says: passage, concept, start, end (None: whole)."""


class BadLine(Exception):
    """What is wrong with one line of an ``.ann``; the caller adds the file and line number."""


@dataclass(frozen=True, slots=True)
class _Author:
    """Who and when, for what a load adds: brat keeps neither."""

    reviewer: str
    created: str


@dataclass(slots=True)
class _Read:
    """One ``.ann`` file parsed (not yet matched with the database)."""

    spans: dict[str, tuple[int, str, list[tuple[int, int]], str]] = field(default_factory=dict)
    """T id -> (line, type, fragments, text column)."""
    notes: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """T id -> (line, note) of each AnnotatorNotes line on it."""
    relations: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    """(line, R id, type, Arg1 T id, Arg2 T id)."""


def ann_files(folder: Path) -> list[Path]:
    """The ``.ann`` files of a brat folder, in name order; refuses a folder without any."""
    if not folder.is_dir():
        raise UserError(f"no folder {folder}")
    found = sorted(path for path in folder.glob("*.ann") if path.is_file())
    if not found:
        raise UserError(f"no .ann file in {folder} (a brat folder has one per document)")
    return found


def load_brat(
    store: Store,
    files: list[Path],
    reviewer: str,
    created: str,
    on_document: Progress = lambda: None,
    on_phase: Phase = silent,
) -> LoadResult:
    """Merge the annotations of these ``.ann`` files into the database, all or nothing.

    New annotations and relations are ``reviewer``'s, made at ``created``. ``on_document`` is
    called once per file, as it is checked; ``on_phase`` is told what comes after.
    """
    concepts = store.concept_ids()
    scheme = store.scheme
    author = _Author(reviewer, created)

    def read() -> Iterator[Batch]:
        for path in files:
            yield from _document_batches(store, scheme, concepts, path, author)
            on_document()

    return merge(store, read, on_phase)


def _document_batches(
    store: Store, scheme: ConceptScheme, concepts: set[str], path: Path, author: _Author
) -> Iterator[Batch]:
    """One batch per T line, then one per R line, of one ``.ann`` file.

    An R line's two ends are T lines of the same file, so their concepts are known here and
    its type's restriction on them is checked with its type, on its line.
    """
    document = _document(store, path)
    read = _parse(path)
    passages = [item.passage for item in document.passages]
    existing: dict[Key, Annotation] = {}
    linked: dict[tuple[str, str, str], Relation] = {}
    for item in document.passages:
        for stored in item.annotations:
            existing.setdefault(_key(item.passage, stored), stored)
        for link in item.relations:
            linked.setdefault((link.type, link.source, link.target), link)
    tagged: dict[str, Annotation] = {}
    """T id -> its annotation, new or already there."""
    given: set[str] = set()
    for tag, (number, kind, pieces, column) in read.spans.items():
        try:
            concept = identifier_of(kind)
            if concept is None or concept not in concepts:
                raise BadLine(f"unknown type {kind!r} (not a concept of the scheme)")
            passage, start, end = place(document.text, passages, pieces, column)
        except BadLine as exc:
            fail(path, number, f"{tag}: {exc}")
        key = (passage.id, concept, start, end)
        batch = Batch(path, number)
        annotation = existing.get(key)
        if annotation is None:
            note = "\n".join(text for _, text in read.notes.get(tag, [])) or None
            annotation = _annotation(document.id, passage, key, pieces, note, author)
            existing[key] = annotation
            batch.add(annotation)
        elif annotation.id not in given:  # in the database already (else: an earlier T line)
            batch.add(annotation)
        given.add(annotation.id)
        tagged[tag] = annotation
        yield batch
    for number, relation_id, kind, first, second in read.relations:
        for tag in (first, second):
            if tag not in tagged:
                fail(path, number, f"{relation_id}: {tag} is not a T line of this file")
        source, target = tagged[first], tagged[second]
        if source.id == target.id:
            one = first if first == second else f"{first} and {second} (same type and span)"
            fail(path, number, f"{relation_id}: links {one} to itself")
        type_id = identifier_of(kind) or kind
        refused = _relation_refusal(scheme, type_id, source.concept, target.concept)
        if refused is not None:
            fail(path, number, f"{relation_id}: {refused}")
        ends = (type_id, source.id, target.id)
        relation = linked.get(ends)
        if relation is None:
            relation = Relation(
                id=_derived_id(document.id, *ends),
                type=type_id,
                source=source.id,
                target=target.id,
                reviewer=author.reviewer,
                created=author.created,
            )
            linked[ends] = relation
            yield Batch(path, number, relations=[relation])
        elif relation.id not in given:  # in the database already (else: an earlier R line)
            yield Batch(path, number, relations=[relation])
        given.add(relation.id)


def _relation_refusal(scheme: ConceptScheme, type_id: str, source: str, target: str) -> str | None:
    """Why an R line of type ``type_id`` from a ``source`` concept to a ``target`` concept
    cannot be loaded, or None: as for ``relate``, the type must be the scheme's and allow
    those ends."""
    relation_type = scheme.relation_type(type_id)
    if relation_type is None:
        return type_refusal(scheme, type_id)
    refused = end_refusal(scheme, relation_type, source, target)
    return None if refused is None else f"relation type {refused}"


def place(
    text: str, passages: list[Passage], pieces: list[tuple[int, int]], column: str
) -> tuple[Passage, int | None, int | None]:
    """The passage a span of the document's ``text`` lies in, and its offsets in the passage.

    ``pieces`` are the span's fragments, ``column`` the text brat wrote for them. Offsets
    ``None`` mean the whole passage. Raises ``BadLine`` saying what does not fit.
    """
    for start, end in pieces:
        if start >= end:
            raise BadLine(f"span {start}:{end} is empty or reversed")
        if end > len(text):
            raise BadLine(
                f"span {start}:{end} is out of range (the text has {len(text)} characters)"
            )
    for (_, before), (after, _) in pairwise(pieces):
        if after < before or text[before:after].strip():
            raise BadLine(
                "fragments must follow each other, only whitespace between them "
                "(annotator keeps one continuous span per annotation)"
            )
    expected = fragment_text(text, pieces)
    if column != expected:
        raise BadLine(f"text {column[:40]!r} does not match the document text {expected[:40]!r}")
    start, end = pieces[0][0], pieces[-1][1]
    index = bisect_right([passage.start for passage in passages], start) - 1
    if index < 0 or passages[index].end <= start:
        raise BadLine(f"span {start}:{end} starts between passages")
    passage = passages[index]
    if end > passage.end:
        raise BadLine(
            f"span {start}:{end} crosses the end of passage {passage.seq} "
            f"({passage.start}:{passage.end}); a span must lie in one passage"
        )
    if (start, end) == (passage.start, passage.end):
        return passage, None, None
    return passage, start - passage.start, end - passage.start


def _document(store: Store, path: Path) -> ExportedDocument:
    """The document an ``.ann`` file is named after, with its text, passages and annotations."""
    document_id = path.stem
    found = next(store.exported_documents(ExportFilter(document=document_id)), None)
    if found is None:
        raise UserError(
            f"{path}: no document {document_id!r} in the database "
            "(a brat file is named after its document's id; import the document first)"
        )
    text_file = path.with_suffix(".txt")
    if text_file.is_file():
        text = _read(text_file)
        if text != found.text:
            fail(
                text_file,
                text.count("\n", 0, first_difference(text, found.text)) + 1,
                f"not the text of document {document_id} as imported, so its offsets would not fit",
            )
    return found


def _parse(path: Path) -> _Read:
    """Every line of an ``.ann`` file, read for its syntax; blank lines are skipped."""
    read = _Read()
    seen: set[str] = set()
    for number, line in enumerate(_read(path).split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        identifier, tab, rest = line.partition("\t")
        if not tab or not identifier:
            fail(path, number, "not a brat annotation line (ID, tab, then the annotation)")
        if identifier in seen:
            fail(path, number, f"{identifier} is defined twice")
        seen.add(identifier)
        try:
            _parse_line(read, number, identifier, rest)
        except BadLine as exc:
            fail(path, number, f"{identifier}: {exc}")
    for tag, notes in read.notes.items():
        if tag not in read.spans:
            fail(path, notes[0][0], f"note on {tag}, which is not a T line of this file")
    return read


def _parse_line(read: _Read, number: int, identifier: str, rest: str) -> None:
    kind = identifier[0]
    if kind == "T":
        data, _, column = rest.partition("\t")
        name, _, offsets = data.partition(" ")
        if not _OFFSETS.fullmatch(offsets):
            raise BadLine(f"offsets {offsets!r} are not 'START END' pairs separated by ';'")
        pieces = [(int(a), int(b)) for a, b in (piece.split(" ") for piece in offsets.split(";"))]
        read.spans[identifier] = (number, name, pieces, column)
    elif kind == "#":
        data, _, note = rest.partition("\t")
        parts = data.split(" ")
        if len(parts) != 2 or parts[0] != "AnnotatorNotes":
            raise BadLine(f"only 'AnnotatorNotes T…' notes can be loaded, not {data!r}")
        read.notes.setdefault(parts[1], []).append((number, unescape_note(note)))
    elif kind == "R":
        parts = rest.split("\t")[0].split(" ")
        args = dict(part.partition(":")[::2] for part in parts[1:])
        if len(parts) != 3 or not parts[0] or set(args) != {"Arg1", "Arg2"}:
            raise BadLine("a relation is 'TYPE Arg1:T… Arg2:T…'")
        read.relations.append((number, identifier, parts[0], args["Arg1"], args["Arg2"]))
    elif kind in _UNSUPPORTED:
        what = _UNSUPPORTED[kind]
        raise BadLine(f"brat {what} cannot be loaded: annotator has no {what}")
    else:
        raise BadLine("not a brat annotation (T, R or # line)")


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(path, data.count(b"\n", 0, exc.start) + 1, "not UTF-8 text")


def _key(passage: Passage, annotation: Annotation) -> Key:
    """An annotation's place, a span over the whole passage counted as a whole-passage tag."""
    start, end = annotation.start, annotation.end
    if (start, end) == (0, len(passage.text)):
        start = end = None
    return passage.id, annotation.concept, start, end


def _annotation(
    document: str,
    passage: Passage,
    key: Key,
    pieces: list[tuple[int, int]],
    note: str | None,
    author: _Author,
) -> Annotation:
    """A new annotation at ``key``, its id derived from where it is and what it says."""
    _, concept, start, end = key
    quote, prefix, suffix = anchor(passage, start, end)
    return Annotation(
        id=_derived_id(document, pieces[0][0], pieces[-1][1], concept),
        passage=passage.id,
        concept=concept,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        note=note,
        reviewer=author.reviewer,
        created=author.created,
    )


def _derived_id(*parts: object) -> str:
    """The same UUID for the same parts, so a second load finds what the first one added."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:annotator:brat:" + json.dumps(parts)))
