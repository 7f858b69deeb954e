"""The brat standoff export: a folder brat and INCEpTION open, one ``.txt``/``.ann`` per document.

Each document's clean text goes to ``<document id>.txt`` exactly as stored, so the offsets of
the ``.ann`` beside it are the project's own: Python ``str`` indices, code points, as brat
counts them. Every annotation is a ``T`` line over the document text (a whole-passage tag is
a span over the whole passage), its note an ``AnnotatorNotes`` line, a relation an ``R`` line.
``annotation.conf`` declares the scheme's concepts as brat entity types, nested as in the
scheme, and ``visual.conf`` gives them their French labels and colours.

brat's files are line- and tab-separated with no quoting, so what could break a line is kept
out of them: a span that runs over a line break becomes fragments around it (as brat itself
makes them), a note's line breaks, tabs and backslashes are written as ``\\n``, ``\\t``,
``\\\\``, and a type name is made of letters, digits and ``-`` only (anything else written
``_hex_``). ``brat_load`` reads all of this back; the reviewer, the creation time and the ids
are what brat has no place for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.errors import UserError
from annotator.export.formats import FolderFormat, Progress
from annotator.store import Store
from annotator.store.export_reads import ExportedDocument, ExportFilter
from schemas import Annotation, Concept, ConceptScheme, Passage

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character Python (and so brat, reading with ``readlines``) may end a line at."""

_UNSAFE = re.compile(r"[^A-Za-z0-9-]")
_ENCODED = re.compile(r"_([0-9a-f]{1,6})_")
_DOCUMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_NOTE_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NOTE_SPECIALS = re.compile("[\\\\\t" + LINE_BREAKS + "]")
_NOTE_ESCAPED = re.compile(r"\\(\\|t|n|r|u[0-9a-f]{4})")
_LABEL_SPECIALS = re.compile(r"\s+|\|")


def type_name(identifier: str) -> str:
    """A brat type name for a concept id or relation type: ``[A-Za-z0-9_-]`` only, reversibly.

    Letters, digits and ``-`` stay; any other character (``_`` included) becomes ``_hex_``, so
    ``identifier_of`` gives the id back and two ids never share a name.
    """
    return _UNSAFE.sub(lambda match: f"_{ord(match.group()):x}_", identifier)


def identifier_of(name: str) -> str | None:
    """The id ``type_name`` made ``name`` from, or None if it did not make it."""
    try:
        identifier = _ENCODED.sub(lambda match: chr(int(match.group(1), 16)), name)
    except ValueError:  # past the last code point
        return None
    return identifier if identifier and type_name(identifier) == name else None


def escape_note(note: str) -> str:
    """A note on one line with no tab: backslash, tab and line breaks escaped."""
    return _NOTE_SPECIALS.sub(
        lambda match: _NOTE_ESCAPES.get(match.group(), f"\\u{ord(match.group()):04x}"), note
    )


def unescape_note(text: str) -> str:
    """The note ``escape_note`` wrote; any other backslash is kept as it is."""
    unescaped = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return unescaped.get(code) or chr(int(code[1:], 16))

    return _NOTE_ESCAPED.sub(one, text)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between line breaks, as ``(start, end)`` offsets.

    A ``T`` line holds its text on one line, so brat cuts a span over a line break into
    fragments that leave the breaks out; one piece when there is none (every passage today).
    """
    pieces: list[tuple[int, int]] = []
    piece = start
    for index in range(start, end):
        if text[index] in LINE_BREAKS:
            if index > piece:
                pieces.append((piece, index))
            piece = index + 1
    if end > piece:
        pieces.append((piece, end))
    return pieces


def fragment_text(text: str, pieces: list[tuple[int, int]]) -> str:
    """What the text column of a ``T`` line holds: the fragments joined by one space."""
    return " ".join(text[start:end] for start, end in pieces)


def write_brat(store: Store, selection: ExportFilter, folder: Path, on_item: Progress) -> int:
    """Write every document's ``.txt`` and ``.ann``, then the two ``.conf`` files.

    Returns the number of documents written. ``annotation.conf`` comes last because its
    ``[relations]`` lists the relation types the ``.ann`` files use, seen on the way.
    """
    relation_types: set[str] = set()
    written = 0
    for document in store.exported_documents(selection):
        name = _file_stem(document.id)
        (folder / f"{name}.txt").write_text(document.text, encoding="utf-8", newline="")
        with (folder / f"{name}.ann").open("w", encoding="utf-8", newline="") as ann:
            for line in ann_lines(document, relation_types):
                ann.write(line + "\n")
        written += 1
        on_item()
    scheme = store.scheme
    (folder / "annotation.conf").write_text(
        annotation_conf(scheme, sorted(relation_types)), encoding="utf-8", newline=""
    )
    (folder / "visual.conf").write_text(visual_conf(scheme), encoding="utf-8", newline="")
    return written


def ann_lines(document: ExportedDocument, relation_types: set[str]) -> Iterator[str]:
    """The ``.ann`` lines of a document: T lines (each followed by its note), then R lines.

    T lines go by offsets, then concept, and R lines by the T lines they link, so a folder
    loaded into another database exports again to the same files. A relation is written when
    both its ends are in the document and kept: brat links annotations of one document only.
    Its type is added to ``relation_types``.
    """
    spans = [
        (_offsets(item.passage, annotation), annotation)
        for item in document.passages
        for annotation in item.annotations
    ]
    spans.sort(key=lambda span: (span[0], span[1].concept))
    tags: dict[str, int] = {}
    for number, ((start, end), annotation) in enumerate(spans, start=1):
        tags[annotation.id] = number
        yield _textbound(document.text, number, annotation, start, end)
        if annotation.note:
            yield f"#{number}\tAnnotatorNotes T{number}\t{escape_note(annotation.note)}"
    links = sorted(
        (tags[relation.source], tags[relation.target], relation.type)
        for item in document.passages
        for relation in item.relations
        if relation.source in tags and relation.target in tags
    )
    for number, (source, target, kind) in enumerate(links, start=1):
        relation_types.add(kind)
        yield f"R{number}\t{type_name(kind)} Arg1:T{source} Arg2:T{target}"


def _offsets(passage: Passage, annotation: Annotation) -> tuple[int, int]:
    """Where an annotation is in the document text; a whole-passage tag covers the passage."""
    if annotation.start is None or annotation.end is None:
        return passage.start, passage.end
    return passage.start + annotation.start, passage.start + annotation.end


def _textbound(text: str, number: int, annotation: Annotation, start: int, end: int) -> str:
    """The T line of one annotation at ``start:end`` of the document ``text``."""
    pieces = fragments(text, start, end)
    if not pieces:
        raise UserError(
            f"annotation {annotation.id} covers only line breaks, which brat cannot show"
        )
    offsets = ";".join(f"{piece_start} {piece_end}" for piece_start, piece_end in pieces)
    name = type_name(annotation.concept)
    return f"T{number}\t{name} {offsets}\t{fragment_text(text, pieces)}"


def annotation_conf(scheme: ConceptScheme, relation_types: list[str]) -> str:
    """brat's ``annotation.conf``: the concepts as entity types, tab-nested as in the scheme."""
    children: dict[str | None, list[Concept]] = {}
    for concept in scheme.concepts:
        children.setdefault(concept.parent, []).append(concept)
    lines = [
        f"# brat configuration written by annotator from the concept scheme {scheme.id}.",
        "# Types are concept ids; a character other than a letter, digit or '-' is _hex_.",
        "[entities]",
    ]

    def nest(parent: str | None, depth: int) -> None:
        for concept in children.get(parent, []):
            lines.append("\t" * depth + type_name(concept.id))
            nest(concept.id, depth + 1)

    nest(None, 0)
    lines.append("[relations]")
    lines.extend(f"{type_name(kind)}\tArg1:<ENTITY>, Arg2:<ENTITY>" for kind in relation_types)
    lines.extend(["[events]", "[attributes]"])
    return "\n".join(lines) + "\n"


def visual_conf(scheme: ConceptScheme) -> str:
    """brat's ``visual.conf``: each type's French label and a short one, and its colour."""
    lines = ["[labels]"]
    for concept in scheme.concepts:
        short = min((*concept.aliases.fr, concept.id), key=len)
        lines.append(f"{type_name(concept.id)} | {_label(concept.label.fr)} | {_label(short)}")
    lines.append("[drawing]")
    lines.extend(f"{type_name(concept.id)}\tbgColor:{concept.color}" for concept in scheme.concepts)
    return "\n".join(lines) + "\n"


def _label(text: str) -> str:
    """A label on one line without ``|``, which separates labels in ``visual.conf``."""
    return _LABEL_SPECIALS.sub(lambda match: "/" if match.group() == "|" else " ", text).strip()


def _file_stem(document_id: str) -> str:
    """The file name of a document's files: its id, which ``brat_load`` maps back."""
    if not _DOCUMENT_ID.fullmatch(document_id):
        raise UserError(f"document id {document_id!r} cannot name a file")
    return document_id


FORMAT = FolderFormat("brat", "document", Store.count_exported_documents, write_brat)
