"""Loading annotations back: every item checked first, then one transaction.

A load must never leave a database half-merged, and a reviewer must be told exactly which
line is wrong, so every line is checked against the database (passage, concept, span,
quote, ids already there) before anything is written: checked rows wait in temporary tables;
then one transaction copies them in, with history entries under each row's reviewer so a
load can be audited like any other change. The input is read once and never held whole in
memory.

Each format's reader (the native JSONL here, brat in ``brat_load``) turns its input into
``Batch``es and gives ``merge`` a way to read them: ``merge`` is the one path that checks and
writes, so every load refuses, skips and records the same way.

Loading is a merge: an annotation already in the database with the same content is skipped
(loading a file twice changes nothing); the same id with other content is refused. Relations
are merged the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from annotator.clock import now
from annotator.errors import UserError
from annotator.parallel import ordered_map, worker_count
from annotator.store import Store
from annotator.store.annotations import ANNOTATION_FIELDS, CONTEXT_CHARS
from annotator.store.database import bulk_transaction
from annotator.store.export_reads import RELATION_FIELDS
from annotator.store.history import change
from annotator.store.staging import ANNOTATIONS, RELATIONS, Staging, staging
from schemas import Annotation, Relation
from schemas.records import AnnotationRecord, PassageRecord

_RELATION_KEYS = frozenset({"id", "type", "from", "to", "reviewer", "created"})


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did."""

    annotations: int
    """Annotations added."""
    relations: int
    """Relations added."""
    unchanged: int
    """Annotations and relations that were already in the database, identical."""


@dataclass(slots=True)
class Batch:
    """What one line of the input brings, checked: its annotations and relations.

    ``path`` and ``number`` say where it was read, for the ``FILE:LINE: reason`` of an error
    only seen across lines (an id given twice, a relation to an annotation found nowhere).
    """

    path: Path
    number: int
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    """Checked annotations, as rows of the annotations table (``ANNOTATION_FIELDS`` order)."""
    relations: list[Relation] = field(default_factory=list)

    def add(self, annotation: Annotation) -> None:
        """Add a checked annotation."""
        self.rows.append(tuple(getattr(annotation, name) for name in ANNOTATION_FIELDS))


Phase = Callable[[str], None]
"""Told what a load does next, for a progress display: 'checking ids', then 'writing'."""


def _silent(_: object) -> None:
    """No progress display."""


Reader = Callable[[], Iterator[Batch]]
"""Reads the input from its start, checking each batch against the database and raising
``UserError`` (``FILE:LINE: reason``) at the first bad one."""


class _LineError(Exception):
    """What is wrong with one line; the caller adds the file and line number."""


def merge(store: Store, read: Reader, on_phase: Phase = _silent) -> LoadResult:
    """Check every batch ``read`` yields, then write them all in one transaction.

    Checked rows wait in temporary tables (``annotator.store.staging``), so the input is read
    once and memory does not grow with it; nothing reaches the database unless every batch is
    good, so a refused load leaves it exactly as it was.
    """
    with staging(store.db) as staged:
        _check(read(), staged, on_phase)
        on_phase("writing")
        return _write(store, staged)


def load_jsonl(
    store: Store,
    path: Path,
    reviewer: str,
    on_read: Callable[[int], None] = _silent,
    on_phase: Phase = _silent,
) -> LoadResult:
    """Merge the annotations of a native JSONL export into the database, all or nothing.

    ``reviewer`` is only used for a relation that does not say who made it. ``on_read`` is
    told how many bytes each line had, as it is checked. Raises ``UserError`` saying
    ``FILE:LINE: reason`` for a bad line; nothing is written then.
    """
    return merge(store, lambda: _lines(store, path, reviewer, on_read), on_phase)


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix kept around the span ``start:end`` of ``text``, as ``tag`` keeps."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def fail(path: Path, number: int, reason: str) -> NoReturn:
    """Refuse the load, saying ``FILE:LINE: reason``."""
    raise UserError(f"{path}:{number}: {reason}")


def _check(batches: Iterator[Batch], staged: Staging, on_phase: Phase) -> None:
    """Stage every batch; then check across the input: ids unique in it, ids already in the
    database with the same content, relations linking annotations of the input or of the
    database."""
    paths: list[Path] = []
    for batch in batches:
        if not paths or paths[-1] != batch.path:
            paths.append(batch.path)
        where = (len(paths) - 1) << 32 | batch.number
        staged.stage(ANNOTATIONS, batch.rows, where)
        staged.stage(RELATIONS, [_relation_row(relation) for relation in batch.relations], where)
    on_phase("checking ids")
    problem = staged.finish()
    if problem is not None:
        fail(paths[problem.place >> 32], problem.place & 0xFFFFFFFF, str(problem))


def _relation_row(relation: Relation) -> tuple[Any, ...]:
    return tuple(getattr(relation, name) for name in RELATION_FIELDS)


def _write(store: Store, staged: Staging) -> LoadResult:
    """One transaction: one change per reviewer, recorded in the history."""
    added, unchanged = staged.counts(ANNOTATIONS)
    added_relations, unchanged_relations = staged.counts(RELATIONS)
    with bulk_transaction(store.db), ExitStack() as stack:
        staged.copy(
            {
                reviewer: stack.enter_context(change(store.db, reviewer))
                for reviewer in staged.reviewers()
            }
        )
    return LoadResult(added, added_relations, unchanged + unchanged_relations)


PARALLEL_MIN_BYTES = 16_000_000
"""Below this, a file's lines are checked in the loading process: starting workers (each
imports pydantic and opens the database) would not pay off."""
CHUNK_BYTES = 1_000_000
"""Lines handed to a worker at a time."""


def _lines(
    store: Store, path: Path, reviewer: str, on_read: Callable[[int], None]
) -> Iterator[Batch]:
    """Each non-blank line of the file, checked against the database.

    A big file's lines are parsed and checked by worker processes (``annotator.parallel``)
    while this process stages what they return: parsing is the larger half of a load's
    Python time. Batches still come in the file's order, and the first bad line stops all.
    """
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
    """What lines are checked against: concepts and documents read once, passages one by one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.concepts = store.concept_ids()
        self.documents = store.document_ids()


_worker_corpus: list[_Corpus] = []
"""In a worker process: the database it checks lines against, opened once."""


def _open_worker_corpus(database: Path) -> None:
    _worker_corpus.append(_Corpus(Store.open(database)))


def _check_chunk_in_worker(chunk: _Chunk) -> list[Batch]:
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
            batches.append(_check_line(corpus, chunk.path, number, text, chunk.reviewer))
        except _LineError as exc:
            fail(chunk.path, number, str(exc))
    return batches


def _check_line(corpus: _Corpus, path: Path, number: int, text: str, reviewer: str) -> Batch:
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
        _relation(position, item, record.annotations, reviewer)
        for position, item in enumerate(record.relations, start=1)
    ]
    return line


def _invalid(exc: ValidationError) -> str:
    """What is wrong with a line pydantic refused, named as the file names it."""
    error = exc.errors()[0]
    kind, place, message = error["type"], error["loc"], error["msg"].removeprefix("Value error, ")
    if kind == "json_invalid":
        return "not JSON: " + message.removeprefix("Invalid JSON: ")
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
    """The text of the database's passage a line is about; its document must agree."""
    document = record.document
    if document is not None and document not in corpus.documents:
        raise _LineError(f"unknown document {document!r} (import it first)")
    anchor = corpus.store.passage_anchor(record.passage)
    if anchor is None:
        raise _LineError(f"unknown passage {record.passage!r} (import its document first)")
    if document is not None and anchor[0] != document:
        raise _LineError(f"passage {record.passage} is in document {anchor[0]}, not {document}")
    return anchor[1]


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
    # in ANNOTATION_FIELDS order
    return (
        annotation.id,
        passage,
        annotation.concept,
        start,
        end,
        annotation.quote,
        prefix,
        suffix,
        annotation.note,
        annotation.reviewer,
        annotation.created,
    )


def _relation(
    position: int, item: Any, annotations: Sequence[Annotation], reviewer: str
) -> Relation:
    """One relation of a line; who and when default to its source annotation's, or now."""
    where = f"relation {position}"
    if not isinstance(item, dict):
        raise _LineError(f"{where} is not a JSON object")
    unknown = sorted(set(item) - _RELATION_KEYS)
    if unknown:
        raise _LineError(f"{where}: unknown key {unknown[0]!r}")
    source = next((a for a in annotations if a.id == item.get("from")), None)
    data = {
        "id": item.get("id"),
        "type": item.get("type"),
        "source": item.get("from"),
        "target": item.get("to"),
        "reviewer": item.get("reviewer") or (source.reviewer if source else reviewer),
        "created": item.get("created") or (source.created if source else now()),
    }
    try:
        return Relation.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field_name = {"source": "from", "target": "to"}.get(str(error["loc"][0]), error["loc"][0])
        raise _LineError(f"{where}: {field_name}: {error['msg']}") from None
