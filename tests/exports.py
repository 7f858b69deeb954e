"""Annotated seeds and database checks shared by the tests of every export format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.store.relations import insert_relation
from tests.conftest import SEEDS, Cli

NOTE = 'accents é à « ç » [crochets], virgule, "guillemets"\tet\nune nouvelle ligne'


def passages_of(cli: Cli) -> list[dict[str, Any]]:
    return cli.json("passages")


def tag(cli: Cli, passage: str, concept: str, *extra: str, reviewer: str = "alice") -> str:
    (record,) = cli.json("tag", passage, concept, *extra, reviewer=reviewer)
    return str(record["id"])


def annotate_seeds(cli: Cli) -> dict[str, str]:
    """Whole passages, spans, overlapping spans, notes, two reviewers and a relation."""
    listed = passages_of(cli)
    first, second, last = listed[0]["id"], listed[1]["id"], listed[-1]["id"]
    ids = {
        "whole": tag(cli, first, "rep", "--note", NOTE),
        "span": tag(cli, second, "moyen", "--start", "0", "--end", "12"),
        "overlap": tag(cli, second, "fait", "--start", "5", "--end", "20", reviewer="bob"),
        "bob_whole": tag(cli, last, "controle-restreint", reviewer="bob"),
    }
    store = cli.store()
    with store.db.atomic():
        insert_relation(
            store.db,
            {
                "id": "relation-1",
                "type": "supports",
                "source": ids["span"],
                "target": ids["whole"],
                "reviewer": "alice",
                "created": "2026-01-01T00:00:00.000Z",
            },
        )
    store.close()
    return ids


def fresh(tmp_path: Path, name: str) -> Cli:
    """Another database of the same corpus: the seeds imported, nothing tagged."""
    other = Cli(tmp_path / name, reviewer="carole")
    other("import", str(SEEDS))
    return other


def counts(cli: Cli) -> tuple[int, int, int]:
    """Annotations, relations and history rows: what a refused load must leave alone."""
    store = cli.store()
    try:
        annotations, relations, history = (
            int(store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("annotations", "relations", "history")
        )
        return annotations, relations, history
    finally:
        store.close()
