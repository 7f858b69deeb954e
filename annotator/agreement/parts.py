"""Agreement counted in two processes on a big scope: each counts the marks of half its
documents, and the counts are added up (every count of a ``Tally`` is a sum).

Streaming a million marks out of SQLite takes about as long as counting them in Python, and
both are one core's work: two processes, each with its own read-only connection, halve the
time on two cores. A small scope is counted in the process itself, where starting another
would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import repeat
from pathlib import Path

from annotator.agreement.tally import Tally, tally
from annotator.store import Access, Store
from annotator.store.agreement import AgreementScope

PARALLEL_MIN_PASSAGES = 20_000
"""Below this many passages in scope, one process counts (a second starts in about 0.2 s)."""

PARTS = 2
"""How many processes count a big scope: the cores of the machines we target."""


def tally_scope(
    store: Store,
    scope: AgreementScope,
    concepts: Sequence[str],
    *,
    min_passages: int = PARALLEL_MIN_PASSAGES,
) -> dict[int, Tally]:
    """The counts of each concept (by its number in ``concepts``) over ``scope``, from
    ``PARTS`` processes when the scope is big and the database is a file."""
    path = store.file()
    parts = [scope.documents[part::PARTS] for part in range(PARTS)]
    if path is None or scope.passages < min_passages or not all(parts):
        return tally(len(scope.reviewers), store.agreement_marks(scope, concepts))
    scopes = [replace(scope, documents=tuple(documents)) for documents in parts]
    with ProcessPoolExecutor(max_workers=PARTS) as pool:
        counted = list(pool.map(_tally_part, repeat(path), scopes, repeat(list(concepts))))
    merged = counted[0]
    for other in counted[1:]:
        for number, counts in other.items():
            if number in merged:
                merged[number] += counts
            else:
                merged[number] = counts
    return merged


def _tally_part(path: Path, scope: AgreementScope, concepts: list[str]) -> dict[int, Tally]:
    """One process's counts: the marks of the scope's documents, read on its own connection."""
    store = Store.open(path, access=Access.READ)
    try:
        return tally(len(scope.reviewers), store.agreement_marks(scope, concepts))
    finally:
        store.close()
