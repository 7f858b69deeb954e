"""Loading annotations back: every item checked first, then one transaction.

A load must never leave a database half-merged, and a reviewer must be told exactly which
line is wrong, so every line is checked against the database (passage, concept, span,
quote, ids already there) before anything is written: checked annotations wait in a
temporary table; then one transaction copies them in, with history entries under each
annotation's reviewer so a load can be audited like any other change. The input is read
once and never held whole in memory.

Each format's reader (the native JSONL here, brat in ``brat_load``) turns its input into
``Batch``es and gives ``merge`` a way to read them: ``merge`` is the one path that checks and
writes, so every load refuses, skips and records the same way.

Loading is a merge: an annotation already in the database with the same content is skipped
(loading a file twice changes nothing); the same id with other content is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from annotator.clock import now
from annotator.errors import UserError
from annotator.store import Store
from annotator.store.annotations import CONTEXT_CHARS
from annotator.store.database import bulk_transaction
from annotator.store.export_reads import insert_relation
from annotator.store.history import Change, change
from annotator.store.staging import Staging, staging
from schemas import Action, Annotation, Passage, Relation

_LINE_KEYS = frozenset({"document", "passage", "seq", "text", "annotations", "relations"})
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
    annotations: list[Annotation] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    stored: set[str] = field(default_factory=set)
    """Ids of relations already in the database: counted as unchanged, not written again.
    (Annotations already there are found by id once all are staged.)"""


Reader = Callable[[], Iterator[Batch]]
"""Reads the input from its start, checking each batch against the database and raising
``UserError`` (``FILE:LINE: reason``) at the first bad one."""


class _LineError(Exception):
    """What is wrong with one line; the caller adds the file and line number."""


def merge(store: Store, read: Reader) -> LoadResult:
    """Check every batch ``read`` yields, then write them all in one transaction.

    Checked annotations wait in a temporary table (``annotator.store.staging``), so the input
    is read once and memory does not grow with it; nothing reaches the database unless every
    batch is good, so a refused load leaves it exactly as it was.
    """
    with staging(store.db) as staged:
        relations, unchanged_relations = _check(store, read(), staged)
        return _write(store, staged, relations, unchanged_relations)


def load_jsonl(store: Store, path: Path, reviewer: str) -> LoadResult:
    """Merge the annotations of a native JSONL export into the database, all or nothing.

    ``reviewer`` is only used for a relation that does not say who made it. Raises
    ``UserError`` saying ``FILE:LINE: reason`` for a bad line; nothing is written then.
    """
    return merge(store, lambda: _lines(store, path, reviewer))


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix kept around the span ``start:end`` of ``text``, as ``tag`` keeps."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def fail(path: Path, number: int, reason: str) -> NoReturn:
    """Refuse the load, saying ``FILE:LINE: reason``."""
    raise UserError(f"{path}:{number}: {reason}")


def _check(store: Store, batches: Iterator[Batch], staged: Staging) -> tuple[list[Relation], int]:
    """Stage every batch's annotations; the new relations and how many were there already.

    Ids must be unique in the input, and relations must link annotations of the input or of
    the database. Relations are few next to annotations: they are kept in memory.
    """
    relations: list[Relation] = []
    relation_ids: set[str] = set()
    unchanged = 0
    endpoints: list[tuple[Path, int, str, str]] = []
    paths: list[Path] = []
    for batch in batches:
        where = (batch.path, batch.number)
        if not paths or paths[-1] != batch.path:
            paths.append(batch.path)
        # A model's fields are its __dict__: a copy is the row, at a third of model_dump's cost.
        rows = [dict(annotation.__dict__) for annotation in batch.annotations]
        staged.stage(rows, (len(paths) - 1) << 32 | batch.number)
        for relation in batch.relations:
            if relation.id in relation_ids:
                fail(*where, f"id {relation.id} appears twice in the file")
            relation_ids.add(relation.id)
            endpoints.extend(
                (*where, relation.id, end) for end in (relation.source, relation.target)
            )
            if relation.id in batch.stored:
                unchanged += 1
            else:
                relations.append(relation)
    wrong = staged.finish()
    if wrong is not None:
        annotation_id, place, reason = wrong
        fail(paths[place >> 32], place & 0xFFFFFFFF, f"annotation {annotation_id} {reason}")
    for path, number, relation_id, annotation_id in endpoints:
        if staged.has(relation_id):  # a relation with an annotation's id
            fail(path, number, f"id {relation_id} appears twice in the file")
        if not staged.has(annotation_id) and store.annotation(annotation_id) is None:
            fail(path, number, f"relation {relation_id} links unknown annotation {annotation_id!r}")
    return relations, unchanged


def _write(
    store: Store, staged: Staging, relations: list[Relation], unchanged_relations: int
) -> LoadResult:
    """One transaction: one change per reviewer, recorded in the history.

    Relations are written last: they point at annotations that may come later in the input.
    """
    added, unchanged = staged.counts()
    with bulk_transaction(store.db), ExitStack() as stack:
        changes: dict[str, Change] = {}

        def change_of(name: str) -> Change:
            if name not in changes:
                changes[name] = stack.enter_context(change(store.db, name))
            return changes[name]

        staged.copy({reviewer: change_of(reviewer) for reviewer in staged.reviewers()})
        for relation in relations:
            row = relation.model_dump()
            insert_relation(store.db, row)
            change_of(relation.reviewer).record(
                Action.CREATE, relation.id, None, row, entity="relations"
            )
    return LoadResult(added, len(relations), unchanged + unchanged_relations)


def _lines(store: Store, path: Path, reviewer: str) -> Iterator[Batch]:
    """Each non-blank line of the file, checked against the database."""
    concepts = store.concept_ids()
    try:
        with path.open("rb") as file:
            for number, raw in enumerate(file, start=1):
                try:
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    fail(path, number, "not UTF-8 text")
                if not text.strip():
                    continue
                try:
                    yield _check_line(store, concepts, path, number, text, reviewer)
                except _LineError as exc:
                    fail(path, number, str(exc))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


def _check_line(
    store: Store, concepts: set[str], path: Path, number: int, text: str, reviewer: str
) -> Batch:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _LineError(f"not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _LineError("not a JSON object")
    unknown = sorted(set(record) - _LINE_KEYS)
    if unknown:
        raise _LineError(f"unknown key {unknown[0]!r}")
    passage = _passage(store, record)
    annotations = record.get("annotations", [])
    relations = record.get("relations", [])
    if not isinstance(annotations, list) or not isinstance(relations, list):
        raise _LineError("'annotations' and 'relations' must be lists")
    line = Batch(path, number)
    line.annotations = [
        _annotation(passage, concepts, position, item)
        for position, item in enumerate(annotations, start=1)
    ]
    for position, item in enumerate(relations, start=1):
        relation = _relation(position, item, line.annotations, reviewer)
        stored_relation = store.relation(relation.id)
        if stored_relation is not None:
            if stored_relation.model_dump() != relation.model_dump():
                raise _LineError(
                    f"relation {relation.id} is already in the database with other content"
                )
            line.stored.add(relation.id)
        line.relations.append(relation)
    return line


def _passage(store: Store, record: dict[str, Any]) -> Passage:
    """The database's passage a line is about; its document must agree."""
    passage_id = record.get("passage")
    document = record.get("document")
    if not isinstance(passage_id, str):
        raise _LineError("'passage' must be a passage id")
    if document is not None and not store.has_document(str(document)):
        raise _LineError(f"unknown document {document!r} (import it first)")
    passage = store.passage(passage_id)
    if passage is None:
        raise _LineError(f"unknown passage {passage_id!r} (import its document first)")
    if document is not None and passage.document != document:
        raise _LineError(f"passage {passage_id} is in document {passage.document}, not {document}")
    return passage


def _annotation(passage: Passage, concepts: set[str], position: int, item: Any) -> Annotation:
    """One annotation of a line, validated and anchored in the passage's text."""
    where = f"annotation {position}"
    if not isinstance(item, dict):
        raise _LineError(f"{where} is not a JSON object")
    data = dict(item)
    data["passage"] = passage.id
    start, end = data.get("start"), data.get("end")
    text = passage.text
    if isinstance(start, int) and isinstance(end, int):
        prefix, suffix = context(text, start, end)
        data.setdefault("prefix", prefix)
        data.setdefault("suffix", suffix)
    try:
        annotation = Annotation.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field_name = ".".join(str(part) for part in error["loc"]) or "value"
        raise _LineError(f"{where}: {field_name}: {error['msg']}") from None
    if annotation.concept not in concepts:
        raise _LineError(f"{where}: unknown concept {annotation.concept!r}")
    if annotation.start is None or annotation.end is None:
        expected = text
    elif annotation.end > len(text):
        raise _LineError(
            f"{where}: span {annotation.start}:{annotation.end} is out of range "
            f"(passage {passage.id} has {len(text)} characters)"
        )
    else:
        expected = text[annotation.start : annotation.end]
    if annotation.quote != expected:
        raise _LineError(
            f"{where}: quote {annotation.quote[:40]!r} does not match the passage text "
            f"{expected[:40]!r}"
        )
    return annotation


def _relation(position: int, item: Any, annotations: list[Annotation], reviewer: str) -> Relation:
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
