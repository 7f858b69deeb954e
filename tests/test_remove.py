"""`annotator remove DOC`: a document out of the database, with everything that hangs on it,
as one change that undo brings back whole (issue #14)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator.errors import UserError
from annotator.search.engine import SearchEngine
from annotator.store import Store
from annotator.store.documents import DOCUMENT_FIELDS, PASSAGE_FIELDS
from tests.conftest import SEEDS, Cli
from tests.exports import tag
from tests.test_store import fts_ids

COMMENTARY_WORD = "abstract"
"""A word only the commentary (the 4-passage document) holds."""
RECORD_KEYS = ["id", "title", "passages", "annotations", "relations"]


@pytest.fixture
def documents(seeded: Cli) -> dict[str, str]:
    """The seeds' two documents: the commentary (4 passages) and the article (10)."""
    listed = {record["passages"]: record["id"] for record in seeded.json("docs")}
    return {"commentary": listed[4], "article": listed[10]}


def snapshot(cli: Cli) -> dict[str, Any]:
    """What a reviewer sees of the corpus, through the command line and the store."""
    store = cli.store()
    try:
        return {
            "docs": cli.json("docs"),
            "passages": cli.json("passages"),
            "annotations": sorted(a.model_dump_json() for a in store.annotations()),
            "relations": cli.json("relations"),
            "search": [hit["passage"] for hit in cli.json("search", "baclofene", "--limit", "20")],
            "fts": fts_ids(store, COMMENTARY_WORD),
            "stats": cli.json("stats"),
        }
    finally:
        store.close()


def assert_search_tables_consistent(store: Store) -> None:
    """The full-text index is sound, and the dictionary's copy, when marked good, holds each
    word's count of passages as the index does."""
    store.db.execute("INSERT INTO passages_fts (passages_fts, rank) VALUES ('integrity-check', 1)")
    state = store.db.execute("SELECT rowid FROM search_state").fetchone()
    highest = store.db.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0]
    if state is not None and state[0] == highest:
        copy = dict(store.db.execute("SELECT term, docs FROM search_terms").fetchall())
        index = dict(store.db.execute("SELECT term, doc FROM passages_fts_vocab").fetchall())
        assert copy == index
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def annotate(cli: Cli, documents: dict[str, str]) -> dict[str, str]:
    """Alice's and Bob's tags on the commentary, a link within it and one from the article."""
    passages: dict[str, list[str]] = {}
    for record in cli.json("passages"):
        passages.setdefault(record["document"], []).append(record["id"])
    commentary, article = passages[documents["commentary"]], passages[documents["article"]]
    ids = {
        "motif": tag(cli, commentary[1], "motif", "--note", "le cœur"),
        "regle": tag(cli, commentary[3], "regle", "--start", "0", "--end", "2", reviewer="bob"),
        "moyen": tag(cli, article[2], "moyen"),
    }
    cli("relate", ids["motif"], ids["regle"], "applies")
    cli("relate", ids["moyen"], ids["motif"], "attacks", reviewer="bob")
    return ids


def test_remove_takes_the_document_its_passages_and_their_search_away(
    seeded: Cli, documents: dict[str, str]
) -> None:
    store = seeded.store()
    store.search_terms()  # the dictionary's copy is good: the removal must keep it so
    assert fts_ids(store, COMMENTARY_WORD)
    (record,) = seeded.json("remove", documents["commentary"])
    assert list(record) == RECORD_KEYS
    assert record["id"] == documents["commentary"]
    assert (record["passages"], record["annotations"], record["relations"]) == (4, 0, 0)
    assert [doc["id"] for doc in seeded.json("docs")] == [documents["article"]]
    assert {p["document"] for p in seeded.json("passages")} == {documents["article"]}
    assert fts_ids(store, COMMENTARY_WORD) == set()
    terms = dict(store.search_terms())
    assert COMMENTARY_WORD not in terms
    assert_search_tables_consistent(store)
    hits = seeded.json("search", "Abstract")
    assert all(hit["document"] == documents["article"] for hit in hits)
    (change,) = {entry.change for entry in store.history() if entry.entity != "annotations"}
    entries = [entry for entry in store.history() if entry.change == change]
    assert [entry.entity for entry in entries] == ["passages"] * 4 + ["documents"]
    assert all(entry.action.value == "delete" and entry.after is None for entry in entries)
    document = entries[-1].before
    assert document is not None
    assert set(DOCUMENT_FIELDS) <= set(document)


def test_text_output_says_what_went(seeded: Cli, documents: dict[str, str]) -> None:
    result = seeded("remove", documents["commentary"])
    assert result.stdout.startswith(
        f"removed document {documents['commentary']} (4 passages, 0 annotations, 0 relations)"
    )
    assert "Baclofène : le Conseil d'État" in result.stdout


def test_a_document_holding_annotations_is_refused_without_force(
    seeded: Cli, documents: dict[str, str]
) -> None:
    annotate(seeded, documents)
    before = snapshot(seeded)
    history = len(list(seeded.store().history()))
    result = seeded("remove", documents["commentary"], ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: document {documents['commentary']} holds 2 annotations (by alice, bob) "
        "and 2 relations: --force removes it all"
    ]
    assert snapshot(seeded) == before
    assert len(list(seeded.store().history())) == history


def test_an_unknown_document_is_refused(seeded: Cli) -> None:
    result = seeded("remove", "X", ok=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "error: no document 'X' (list them with `annotator docs`)"
    ]


def test_force_removes_annotations_and_relations_and_one_undo_brings_all_back(
    seeded: Cli, documents: dict[str, str]
) -> None:
    ids = annotate(seeded, documents)
    seeded.store().search_terms()
    before = snapshot(seeded)
    (record,) = seeded.json("remove", documents["commentary"], "--force", reviewer="carole")
    assert (record["passages"], record["annotations"], record["relations"]) == (4, 2, 2)
    store = seeded.store()
    assert store.annotation(ids["motif"]) is None
    assert store.annotation(ids["moyen"]) is not None  # the article's tag stays...
    assert seeded.json("relations") == []  # ...but its link into the commentary went
    assert_search_tables_consistent(store)
    changes = {entry.change for entry in store.history() if entry.reviewer == "carole"}
    assert len(changes) == 1  # one change: one undo

    undone = store.undo("carole")
    assert undone is not None
    assert undone.description == f"undo remove document {documents['commentary']}"
    first = store.passage(undone.passage)
    assert first is not None
    assert (first.document, first.seq) == (documents["commentary"], 0)
    assert snapshot(seeded) == before
    assert_search_tables_consistent(store)

    redone = store.redo("carole")
    assert redone is not None
    assert redone.passage == ""
    assert [doc["id"] for doc in seeded.json("docs")] == [documents["article"]]
    assert seeded.json("relations") == []
    assert_search_tables_consistent(store)
    assert store.undo("carole") is not None
    assert snapshot(seeded) == before
    assert_search_tables_consistent(store)


def test_undo_after_a_restart_and_a_new_connection(seeded: Cli, documents: dict[str, str]) -> None:
    annotate(seeded, documents)
    before = snapshot(seeded)
    seeded("remove", documents["article"], "--force")
    assert seeded.store().undo("alice") is not None  # a new connection: stacks from history
    assert snapshot(seeded) == before
    assert_search_tables_consistent(seeded.store())


def test_search_engine_notices_the_removal_and_the_undo(
    seeded: Cli, documents: dict[str, str]
) -> None:
    store = seeded.store()
    engine = SearchEngine(store)
    assert engine.search(COMMENTARY_WORD)
    versions = [store.search_index_version()]
    store.remove_document(documents["commentary"], "alice")
    versions.append(store.search_index_version())
    assert engine.search(COMMENTARY_WORD) == []
    assert engine.vocabulary().frequency(COMMENTARY_WORD) == 0  # read again: the word went
    store.undo("alice")
    versions.append(store.search_index_version())
    assert {hit.passage.document for hit in engine.search(COMMENTARY_WORD)} == {
        documents["commentary"]
    }
    store.redo("alice")
    versions.append(store.search_index_version())
    assert len(set(versions)) == len(versions)


def test_a_removed_document_imported_again_is_kept_by_the_undo(
    seeded: Cli, documents: dict[str, str]
) -> None:
    ids = annotate(seeded, documents)
    before = snapshot(seeded)
    seeded("remove", documents["commentary"], "--force")
    seeded("import", str(SEEDS))  # the same file again: the same document and passage ids
    store = seeded.store()
    assert store.undo("alice") is not None
    assert store.annotation(ids["motif"]) is not None
    after = snapshot(seeded)  # the document is listed as imported again, i.e. last
    assert sorted(after["passages"], key=str) == sorted(before["passages"], key=str)
    assert after["relations"] == before["relations"]
    assert after["annotations"] == before["annotations"]
    assert_search_tables_consistent(store)


def test_redo_is_refused_when_annotations_were_made_since(
    seeded: Cli, documents: dict[str, str]
) -> None:
    seeded("remove", documents["commentary"])
    store = seeded.store()
    assert store.undo("alice") is not None
    passage = next(p for p in seeded.json("passages") if p["document"] == documents["commentary"])
    tag(seeded, passage["id"], "motif", reviewer="bob")
    before = snapshot(seeded)
    with pytest.raises(UserError, match="annotations made since: untag them first"):
        store.redo("alice")
    assert snapshot(seeded) == before
    assert_search_tables_consistent(store)


def test_the_history_keeps_every_column(tmp_path: Path) -> None:
    """A column a migration adds to documents or passages must be kept by a removal too."""
    store = Store.open(tmp_path / "columns.db")
    try:
        for table, fields in (("documents", DOCUMENT_FIELDS), ("passages", PASSAGE_FIELDS)):
            columns = [row[1] for row in store.db.execute(f"PRAGMA table_info({table})")]
            assert sorted(name for name in columns if name != "rowid") == sorted(fields)
    finally:
        store.close()


def test_a_failed_removal_leaves_everything(seeded: Cli, documents: dict[str, str]) -> None:
    store = seeded.store()
    before = snapshot(seeded)
    store.db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE DELETE ON documents BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.remove_document(documents["commentary"], "alice")
    assert snapshot(seeded) == before
    assert_search_tables_consistent(store)
