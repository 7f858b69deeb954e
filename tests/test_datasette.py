"""Datasette finds the full-text index (migration 0007): a search box on ``passages`` and
``?_search=`` on its JSON, on a new database and on one upgraded from migration 0006.

Checked with Datasette itself, whose ``detect_fts`` looks for ``content="passages"``.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import sqlite_utils
from datasette.app import Datasette

from annotator.importer import collect, parse_files
from annotator.store import Store
from annotator.store.migrations import MIGRATIONS
from schemas import bundled_scheme_text, load_bundled_scheme
from tests.conftest import SEEDS, Cli

QUERY = "baclofene"
"""Written without its accent: the index folds them (``baclofène``)."""


async def datasette_search(path: Path, query: str) -> list[dict[str, Any]]:
    """The rows Datasette's ``passages.json?_search=`` gives (every one, not a page)."""
    datasette = Datasette([str(path)])
    response = await datasette.client.get(
        f"/{path.stem}/passages.json?_search={query}&_shape=array&_size=max"
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


async def has_search_box(path: Path) -> bool:
    """Whether Datasette's HTML page of ``passages`` offers a search box."""
    response = await Datasette([str(path)]).client.get(f"/{path.stem}/passages")
    assert response.status_code == 200
    return 'name="_search"' in response.text


def folded(text: str) -> str:
    """``text`` in lower case without its accents, as the index reads it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def annotator_fts(path: Path, query: str) -> set[str]:
    """The passages annotator's own index finds for ``query`` (read as it is: opening a
    ``Store`` would bring the database up to date)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT p.id FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid "
            "WHERE passages_fts MATCH ?",
            [query],
        ).fetchall()
        return {passage_id for (passage_id,) in rows}
    finally:
        connection.close()


async def test_datasette_searches_a_new_database(seeded: Cli) -> None:
    rows = await datasette_search(seeded.db, QUERY)
    assert rows
    assert {row["id"] for row in rows} == annotator_fts(seeded.db, QUERY)
    every = [p for p in seeded.json("passages") if re.search(rf"\b{QUERY}\b", folded(p["text"]))]
    assert {row["id"] for row in rows} == {p["id"] for p in every}
    assert await has_search_box(seeded.db)
    assert await datasette_search(seeded.db, "nothingofthesort") == []


def database_at_0006(path: Path) -> None:
    """A database as annotator wrote it before migration 0007, holding the seeds: written by
    today's store, then copied into tables made by the migrations up to 0006, each row with
    the columns its table had then."""
    current = Store.open(path.with_suffix(".current.db"))
    current.install_scheme(load_bundled_scheme(), bundled_scheme_text())
    current.add_documents(parse_files(collect([SEEDS])), "alice")
    current.close()
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="0007_fts_datasette")
    db.execute("ATTACH DATABASE ? AS current", [str(path.with_suffix(".current.db"))])
    for table in ("schemes", "concepts", "relation_types", "documents", "passages"):
        columns = ", ".join(f'"{name}"' for name in db[table].columns_dict)
        db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM current.{table}")
    db.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
    db.conn.commit()
    db.execute("DETACH DATABASE current")
    Store(db).search_terms()
    db.close()


async def test_upgrade_from_0006_makes_the_index_visible_and_keeps_search(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_0006(path)
    before = annotator_fts(path, QUERY)
    assert before
    assert not await has_search_box(path)  # what issue #14 saw: no search box...
    assert len(await datasette_search(path, QUERY)) == 14  # ...and every row for a search
    cli = Cli(path)
    upgraded = cli("upgrade")
    assert "0007_fts_datasette" in upgraded.stderr
    assert annotator_fts(path, QUERY) == before
    assert {row["id"] for row in await datasette_search(path, QUERY)} == before
    assert await has_search_box(path)
    hits = cli.json("search", "baclofne")  # a typo: the dictionary came through the upgrade
    assert before <= {hit["passage"] for hit in hits}  # (and the English "Baclofen")
    assert all("baclof" in hit["text"].lower() for hit in hits)
    store = Store.open(path)
    try:
        triggers = {
            name
            for (name,) in store.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'passages%'"
            )
        }
        assert triggers == {"passages_fts_delete", "passages_fts_update"}
        (state,) = store.db.execute("SELECT rowid FROM search_state").fetchone()
        assert state == store.db.execute("SELECT max(rowid) FROM passages").fetchone()[0]
        copy = dict(store.db.execute("SELECT term, docs FROM search_terms").fetchall())
        index = dict(store.db.execute("SELECT term, doc FROM passages_fts_vocab").fetchall())
        assert copy == index
        automerge = store.db.execute(
            "SELECT v FROM passages_fts_config WHERE k = 'automerge'"
        ).fetchone()
        assert automerge == (8,)
    finally:
        store.close()
    # the triggers still keep the index in step: removing a document takes its words out
    (commentary,) = [doc["id"] for doc in cli.json("docs") if doc["passages"] == 4]
    cli("remove", commentary)
    left = {row["id"] for row in await datasette_search(path, QUERY)}
    assert left == annotator_fts(path, QUERY) < before
