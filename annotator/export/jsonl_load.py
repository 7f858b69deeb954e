"""Reading a native JSONL export back (``annotator load``): its lines, checked, as batches.

Each line is parsed and checked against the database by one pydantic model
(``schemas.records``); what it brings goes to ``loading.merge``, which writes all or nothing.
A big file's lines are checked by worker processes (``annotator.parallel``) while this
process stages what they return: parsing is the larger half of a load's Python time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.clock import now
from annotator.errors import UserError
from annotator.export.jsonl import RELATION_KEYS
from annotator.export.loading import (
    Batch,
    LoadResult,
    Phase,
    annotation_row,
    fail,
    first_difference,
    merge,
    silent,
)
from annotator.parallel import ordered_map, worker_count
from annotator.store import Access, Store
from annotator.store.annotations import ANNOTATION_FIELDS
from annotator.store.relations import type_refusal
from schemas import Annotation, ConceptScheme, Relation
from schemas.annotations import context
from schemas.records import AnnotationRecord, PassageRecord

PARALLEL_MIN_BYTES = 16_000_000
"""Below this, a file's lines are checked in the loading process: starting workers (each
imports pydantic and opens the database) would not pay off."""
CHUNK_BYTES = 1_000_000
"""Lines handed to a worker at a time."""

_RELATION_KEY_OF = {name: key for key, name in RELATION_KEYS.items()}
"""The file's key for each field of a relation, to name a refused one as the file does."""
_PASSAGE, _PREFIX, _SUFFIX = (
    ANNOTATION_FIELDS.index(name) for name in ("passage", "prefix", "suffix")
)


def load_jsonl(
    store: Store,
    path: Path,
    reviewer: str,
    on_read: Callable[[int], None] = silent,
    on_phase: Phase = silent,
) -> LoadResult:
    """Merge the annotations of a native JSONL export into the database, all or nothing.

    ``reviewer`` is only used for a relation that does not say who made it. ``on_read`` is
    told the bytes of each chunk of lines as it is read (and checked soon after). Raises
    ``UserError`` saying ``FILE:LINE: reason`` for a bad line; nothing is written then.
    """
    return merge(store, lambda: _lines(store, path, reviewer, on_read), on_phase)


class _LineError(Exception):
    """What is wrong with one line; the caller adds the file and line number."""


def _lines(
    store: Store, path: Path, reviewer: str, on_read: Callable[[int], None]
) -> Iterator[Batch]:
    """Each non-blank line of the file, checked against the database, in the file's order:
    by worker processes for a big file, else here."""
    chunks = _chunks(path, reviewer, on_read)
    database = store.file()
    if database is not None and worker_count() > 0 and path.stat().st_size >= PARALLEL_MIN_BYTES:
        checked = ordered_map(_check_chunk_in_worker, chunks, _open_worker_corpus, (database,))
    else:
        corpus = _Corpus(store)
        checked = (_check_chunk(corpus, chunk) for chunk in chunks)
    empty = True
    for batches in checked:
        empty = empty and not batches
        yield from batches
    if empty:
        raise UserError(f"{path}: empty: no lines to load")


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Consecutive lines of the input, as read: what a worker checks at a time."""

    path: Path
    first: int
    """Line number of the first line."""
    lines: list[bytes]
    reviewer: str


def _chunks(path: Path, reviewer: str, on_read: Callable[[int], None]) -> Iterator[_Chunk]:
    """The file's lines, about ``CHUNK_BYTES`` at a time."""
    try:
        with path.open("rb") as file:
            lines: list[bytes] = []
            size, first = 0, 1
            for number, raw in enumerate(file, start=1):
                lines.append(raw)
                size += len(raw)
                if size >= CHUNK_BYTES:
                    on_read(size)
                    yield _Chunk(path, first, lines, reviewer)
                    lines, size, first = [], 0, number + 1
            on_read(size)
            yield _Chunk(path, first, lines, reviewer)
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


class _Corpus:
    """What lines are checked against: the scheme, concepts and documents read once, passages
    one by one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.scheme = store.scheme
        self.concepts = store.concept_ids()
        self.documents = store.document_ids()


_worker_corpus: list[_Corpus] = []
"""In a worker process: the database it checks lines against, opened once."""


def _open_worker_corpus(database: Path) -> None:
    """In a worker, once: open its own connection (connections do not cross processes)."""
    _worker_corpus.append(_Corpus(Store.open(database, access=Access.READ)))


def _check_chunk_in_worker(chunk: _Chunk) -> list[Batch]:
    """In a worker: ``_check_chunk`` against the database the worker opened."""
    return _check_chunk(_worker_corpus[0], chunk)


def _check_chunk(corpus: _Corpus, chunk: _Chunk) -> list[Batch]:
    """Each non-blank line of a chunk, checked; ``UserError`` at the first bad one."""
    batches: list[Batch] = []
    for number, raw in enumerate(chunk.lines, start=chunk.first):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            fail(chunk.path, number, "not UTF-8 text")
        if not text.strip():
            continue
        try:
            line = text.rstrip("\r\n")  # so that an error's column is on this line
            batches.append(_check_line(corpus, chunk.path, number, line, chunk.reviewer))
        except _LineError as exc:
            fail(chunk.path, number, str(exc))
    return batches


def _check_line(corpus: _Corpus, path: Path, number: int, text: str, reviewer: str) -> Batch:
    """One line, parsed and checked against the database: its annotations as rows."""
    try:
        record = PassageRecord.model_validate_json(text)
    except ValidationError as exc:
        raise _LineError(_invalid(exc)) from None
    passage_text = _passage_text(corpus, record)
    line = Batch(path, number)
    line.rows = [
        _annotation_row(corpus.concepts, record.passage, passage_text, position, annotation)
        for position, annotation in enumerate(record.annotations, start=1)
    ]
    line.relations = [
        _relation(corpus.scheme, position, item, record.annotations, reviewer)
        for position, item in enumerate(record.relations, start=1)
    ]
    return line


def _invalid(exc: ValidationError) -> str:
    """What is wrong with a line pydantic refused, named as the file names it."""
    error = exc.errors()[0]
    kind, place, message = error["type"], error["loc"], error["msg"].removeprefix("Value error, ")
    if kind == "json_invalid":
        # a line is one line of JSON: its position is FILE:LINE's, the column is the news
        return "not JSON: " + message.removeprefix("Invalid JSON: ").replace(
            "line 1 column", "column"
        )
    if not place:
        return "not a JSON object"
    key = str(place[0])
    if len(place) == 1:
        if kind == "extra_forbidden":
            return f"unknown key {key!r}"
        if key == "passage":
            return "'passage' must be a passage id"
        return f"{key!r} must be a list" if kind == "list_type" else f"{key!r}: {message}"
    where = f"{'annotation' if key == 'annotations' else 'relation'} {int(place[1]) + 1}"
    if len(place) == 2:
        is_object = kind not in ("model_type", "dict_type")
        return f"{where}: {message}" if is_object else f"{where} is not a JSON object"
    field_name = ".".join(str(part) for part in place[2:])
    if kind == "extra_forbidden":
        return f"{where}: unknown key {field_name!r}"
    return f"{where}: {field_name}: {message}"


def _passage_text(corpus: _Corpus, record: PassageRecord) -> str:
    """The text of the database's passage a line is about; the line's document and text, when
    it gives them, must agree (a text edited by hand means the line's offsets and quotes were
    made for another passage, even where they happen to match)."""
    document = record.document
    if document is not None and document not in corpus.documents:
        raise _LineError(f"unknown document {document!r} (import it first)")
    anchor = corpus.store.passage_anchor(record.passage)
    if anchor is None:
        raise _LineError(f"unknown passage {record.passage!r} (import its document first)")
    if document is not None and anchor[0] != document:
        raise _LineError(f"passage {record.passage} is in document {anchor[0]}, not {document}")
    text = anchor[1]
    if record.text is not None and record.text != text:
        same = first_difference(record.text, text)
        raise _LineError(
            f"text differs from passage {record.passage}'s text in the database "
            f"(from character {same}: {record.text[same : same + 20]!r} here, "
            f"{text[same : same + 20]!r} there)"
        )
    return text


def _annotation_row(
    concepts: set[str], passage: str, text: str, position: int, annotation: AnnotationRecord
) -> tuple[Any, ...]:
    """One annotation of a line anchored in its passage's text, as a row of the annotations
    table (its context taken from the text where the line leaves it out)."""
    where = f"annotation {position}"
    if annotation.concept not in concepts:
        raise _LineError(f"{where}: unknown concept {annotation.concept!r}")
    start, end = annotation.start, annotation.end
    prefix, suffix = annotation.prefix, annotation.suffix
    if start is None or end is None:
        expected = text
    elif end > len(text):
        raise _LineError(
            f"{where}: span {start}:{end} is out of range "
            f"(passage {passage} has {len(text)} characters)"
        )
    else:
        expected = text[start:end]
        given = annotation.model_fields_set
        if "prefix" not in given or "suffix" not in given:
            before, after = context(text, start, end)
            prefix = prefix if "prefix" in given else before
            suffix = suffix if "suffix" in given else after
    if annotation.quote != expected:
        raise _LineError(
            f"{where}: quote {annotation.quote[:40]!r} does not match the passage text "
            f"{expected[:40]!r}"
        )
    row = list(annotation_row(annotation))
    row[_PASSAGE], row[_PREFIX], row[_SUFFIX] = passage, prefix, suffix
    return tuple(row)


def _relation(
    scheme: ConceptScheme,
    position: int,
    item: dict[str, Any],
    annotations: Sequence[Annotation],
    reviewer: str,
) -> Relation:
    """One relation of a line; who and when default to its source annotation's, or now, and
    its note to none (an export made before relations had notes has no ``note`` key).

    A relation links two different annotations: one from an annotation to itself says nothing
    of how arguments bear on each other, and would be exported as such (``Arg1:T1 Arg2:T1``).
    Its type must be one of the scheme's, as for ``relate``: a link of another kind would be
    one no reviewer could draw, filter on or export to AIF. Whether its ends' concepts fit the
    type is checked once the whole file is staged, as an end may be on another line.
    """
    where = f"relation {position}"
    unknown = sorted(set(item) - set(RELATION_KEYS))
    if unknown:
        raise _LineError(f"{where}: unknown key {unknown[0]!r}")
    data = {name: item.get(key) for key, name in RELATION_KEYS.items()}
    source = next((a for a in annotations if a.id == data["source"]), None)
    data["reviewer"] = data["reviewer"] or (source.reviewer if source else reviewer)
    data["created"] = data["created"] or (source.created if source else now())
    try:
        relation = Relation.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field_name = _RELATION_KEY_OF.get(str(error["loc"][0]), error["loc"][0])
        raise _LineError(f"{where}: {field_name}: {error['msg']}") from None
    if relation.source == relation.target:
        raise _LineError(f"{where}: links annotation {relation.source} to itself")
    refused = type_refusal(scheme, relation.type)
    if refused is not None:
        raise _LineError(f"{where}: {refused}")
    return relation
