"""Ranking a short list of named things (concepts, relation types, a passage's tags) against
what the reviewer types in a picker, typos and accents forgiven."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process, utils

SCORE_CUTOFF = 50
"""Weakest WRatio match (0-100) still listed."""


def rank_names(query: str, named: Iterable[tuple[str, Sequence[str]]], limit: int) -> list[str]:
    """Ids of the ``(id, names)`` best matching ``query`` in any of their names, best first."""
    fields: list[str] = []
    owners: list[str] = []
    for owner, names in named:
        for name in names:
            fields.append(name)
            owners.append(owner)
    best: dict[str, float] = {}
    for _, score, index in process.extract(
        query,
        fields,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=SCORE_CUTOFF,
    ):
        owner = owners[index]
        best[owner] = max(best.get(owner, 0.0), score)
    return sorted(best, key=lambda owner: -best[owner])[:limit]
