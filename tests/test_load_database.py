"""``load OTHER.db`` merges the work of another database of the same corpus: two reviewers who
worked apart end with one database holding both, ids kept, nothing twice, all or nothing, and
each can undo their part. What it cannot take is refused in one ``error:`` line, and then
nothing is written."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from annotator.store import database
from annotator.store.migrations import MIGRATION_NAMES, MIGRATIONS
from tests.conftest import SEEDS, Cli
from tests.exports import counts, passages_of, tag

NOTHING_NEW = "loaded 0 annotations, 0 relations, 0 document statuses, 0 adjudications"
WHEN = "2026-03-02T10:00:00.000Z"


@dataclass
class Apart:
    """Two databases of the seeds, each imported on its own: alice works in ``here``, bob in
    ``there``, where he also marked the first document done, and carole accepted one of his
    annotations into the gold layer (decision ``decision-1``)."""

    here: Cli
    there: Cli
    mine: dict[str, str]
    """alice's annotations and relation, by role."""
    theirs: dict[str, str]
    """bob's annotations and relation, and the gold copy carole accepted."""


def rows(cli: Cli, table: str) -> list[dict[str, Any]]:
    """Every row of ``table``, by id."""
    store = cli.store()
    try:
        return [dict(row) for row in store.db.query(f"SELECT * FROM {table} ORDER BY id")]
    finally:
        store.close()


def write(cli: Cli, sql: str, *params: Any) -> None:
    """A row written as the team's verbs would (they are not this test's subject), or one
    edited by hand."""
    with sqlite3.connect(cli.db) as connection:
        connection.execute(sql, params)
    connection.close()


def mark_done(cli: Cli, document: str, reviewer: str, at: str = WHEN) -> None:
    """``reviewer`` finished ``document``."""
    write(
        cli,
        "INSERT INTO document_status VALUES (?, ?, ?, 'done', ?)",
        f"{document}/{reviewer}",
        document,
        reviewer,
        at,
    )


def decide(cli: Cli, decision_id: str, item: str, passage: str, result: str | None) -> None:
    """carole's decision on ``item`` for the gold layer: accepted as ``result``, or rejected."""
    write(
        cli,
        "INSERT INTO adjudications VALUES (?, 'gold', 'annotations', ?, ?, ?, ?, 'carole', ?)",
        decision_id,
        item,
        passage,
        "rejected" if result is None else "accepted",
        result,
        WHEN,
    )


@pytest.fixture(scope="module")
def worked_apart(tmp_path_factory: pytest.TempPathFactory) -> Apart:
    """The two databases, made once: each test works on copies (``apart``)."""
    folder = tmp_path_factory.mktemp("apart")
    here, there = Cli(folder / "alice.db"), Cli(folder / "bob.db", reviewer="bob")
    for cli in (here, there):
        cli("import", str(SEEDS))
    listed = passages_of(here)
    assert passages_of(there) == listed  # the same corpus: the same passage ids
    first, second, third = (passage["id"] for passage in listed[1:4])
    mine = {"motif": tag(here, first, "motif"), "fait": tag(here, second, "fait")}
    (relation,) = here.json("relate", mine["fait"], mine["motif"], "supports")
    mine["supports"] = relation["id"]
    theirs = {
        "regle": tag(there, first, "regle", reviewer="bob"),
        "motif": tag(there, second, "motif", reviewer="bob"),
        "moyen": tag(there, third, "moyen", "--start", "0", "--end", "5", reviewer="bob"),
    }
    (relation,) = there.json("relate", theirs["moyen"], theirs["motif"], "attacks")
    theirs["attacks"] = relation["id"]
    theirs["gold"] = tag(there, first, "regle", reviewer="gold")
    decide(there, "decision-1", theirs["regle"], first, theirs["gold"])
    mark_done(there, listed[0]["document"], "bob")
    return Apart(here, there, mine, theirs)


@pytest.fixture
def apart(worked_apart: Apart, tmp_path: Path) -> Apart:
    """Copies of the two databases, for one test to change."""
    here, there = (
        Cli(Path(shutil.copy(cli.db, tmp_path)), cli.reviewer)
        for cli in (worked_apart.here, worked_apart.there)
    )
    return Apart(here, there, worked_apart.mine, worked_apart.theirs)


def test_a_merge_brings_the_other_databases_work_with_its_ids(apart: Apart) -> None:
    here, there = apart.here, apart.there
    bobs = rows(there, "annotations")
    result = here("load", str(there.db))
    assert result.stdout == ""
    assert result.stderr == (
        "loaded 4 annotations, 1 relation, 1 document status, 1 adjudication (0 already there)\n"
    )
    annotations = {row["id"]: row for row in rows(here, "annotations")}
    assert set(annotations) == {apart.mine["motif"], apart.mine["fait"]} | {
        row["id"] for row in bobs
    }
    assert all(annotations[row["id"]] == row for row in bobs)
    listed = {record["id"]: record["reviewer"] for record in here.json("relations")}
    assert listed == {apart.mine["supports"]: "alice", apart.theirs["attacks"]: "bob"}
    for table in ("document_status", "adjudications"):
        assert rows(here, table) == rows(there, table)
    (decision,) = rows(here, "adjudications")
    assert decision["result"] == apart.theirs["gold"]
    # both ways, the two databases end holding the same work
    assert there("load", str(here.db)).stderr == (
        "loaded 2 annotations, 1 relation, 0 document statuses, 0 adjudications (7 already there)\n"
    )
    for table in ("annotations", "relations", "document_status", "adjudications"):
        assert rows(there, table) == rows(here, table)


def test_merging_again_adds_nothing(apart: Apart) -> None:
    apart.here("load", str(apart.there.db))
    once = counts(apart.here)
    renamed = apart.there.db.rename(apart.there.db.with_name("bob-work.backup"))
    result = apart.here("load", str(renamed))  # a database by its content, whatever its name
    assert result.stderr == f"{NOTHING_NEW} (7 already there)\n"
    assert counts(apart.here) == once


def test_each_reviewer_undoes_their_own_part_of_a_merge(apart: Apart) -> None:
    here = apart.here
    here("load", str(apart.there.db))
    store = here.store()
    entries = {entry.entity_id: entry for entry in store.history() if entry.entity_id}
    assert entries[apart.theirs["regle"]].reviewer == "bob"
    assert entries["decision-1"].reviewer == "carole"
    assert entries[apart.theirs["gold"]].reviewer == "gold"
    reverted = store.undo("bob")
    assert reverted is not None
    store.close()
    left = {row["id"]: row["reviewer"] for row in rows(here, "annotations")}
    assert "bob" not in left.values()
    assert {apart.mine["motif"], apart.mine["fait"], apart.theirs["gold"]} <= set(left)
    assert [row["reviewer"] for row in rows(here, "relations")] == ["alice"]
    assert rows(here, "document_status") == []
    assert [row["id"] for row in rows(here, "adjudications")] == ["decision-1"]  # carole's
    store = here.store()
    assert store.undo("carole") is not None
    assert store.undo("alice") is not None  # alice's own last change: her relation
    store.close()
    assert rows(here, "adjudications") == []
    assert rows(here, "relations") == []
    assert len(rows(here, "annotations")) == 3  # alice's two, the gold copy


def refusal(cli: Cli, other: Path) -> str:
    """Why loading ``other`` into ``cli``'s database was refused: one ``error:`` line, no
    output, and nothing written to either database."""
    before, other_bytes = counts(cli), other.read_bytes() if other.is_file() else None
    result = cli("load", str(other), ok=False)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: "), line
    assert counts(cli) == before
    if other_bytes is not None:
        assert other.read_bytes() == other_bytes
    return line.removeprefix("error: ")


def test_an_id_here_with_other_content_refuses_the_whole_merge(apart: Apart) -> None:
    copy = apart.here.db.with_name("copy.db")
    shutil.copy(apart.here.db, copy)
    edited = Cli(copy)
    tag(edited, passages_of(edited)[5]["id"], "rep")  # new work, that must not come in alone
    write(edited, "UPDATE annotations SET note = 'changed' WHERE id = ?", apart.mine["fait"])
    assert refusal(apart.here, copy) == (
        f"{copy}: annotation {apart.mine['fait']} is already in the database with other content"
    )


@pytest.mark.parametrize("decided", ["same", "otherwise"])
def test_an_item_adjudicated_in_both_databases_merges_only_if_decided_the_same(
    apart: Apart, decided: str
) -> None:
    """Two adjudicators who decided one item apart: the same decision is one (this database's
    record kept); another decision is refused, naming both records."""
    here, there = apart.here, apart.there
    item, passage = apart.theirs["regle"], passages_of(here)[1]["id"]
    write(there, "UPDATE adjudications SET decision = 'rejected', result = NULL")
    here("load", str(there.db))
    write(here, "DELETE FROM adjudications")
    result = None if decided == "same" else apart.mine["motif"]
    decide(here, "decision-here", item, passage, result)
    if decided == "same":
        assert here("load", str(there.db)).stderr == f"{NOTHING_NEW} (7 already there)\n"
        assert [row["id"] for row in rows(here, "adjudications")] == ["decision-here"]
    else:
        assert refusal(here, there.db) == (
            f"{there.db}: adjudication decision-1 is already in the database as adjudication "
            "decision-here (same gold and item) with other content"
        )


def test_a_status_recorded_in_both_databases_is_one_and_keeps_this_ones_time(
    apart: Apart,
) -> None:
    document = passages_of(apart.here)[0]["document"]
    mark_done(apart.here, document, "bob", at="2026-01-01T00:00:00.000Z")
    result = apart.here("load", str(apart.there.db))
    assert "0 document statuses" in result.stderr
    (status,) = rows(apart.here, "document_status")
    assert status["at"] == "2026-01-01T00:00:00.000Z"


def test_work_on_a_document_not_imported_here_is_refused_until_it_is(
    apart: Apart, tmp_path: Path
) -> None:
    extra = tmp_path / "corpus" / "avis.txt"
    extra.parent.mkdir()
    extra.write_text("Avis du Conseil d'État.\n\nLe moyen est écarté.\n", "utf-8")
    (imported,) = apart.there.json("import", str(extra))
    passage = passages_of(apart.there)[-1]["id"]
    annotation = tag(apart.there, passage, "moyen", reviewer="bob")
    assert refusal(apart.here, apart.there.db) == (
        f"{apart.there.db}: annotation {annotation} is on document {imported['document']} "
        f"('avis'), which this database lacks: import its file first ({apart.there.db} "
        "imported it from avis.txt), then load again"
    )
    apart.here("import", str(extra))
    assert "loaded 5 annotations" in apart.here("load", str(apart.there.db)).stderr


def _older(path: Path) -> None:
    path.unlink()
    older = sqlite_utils.Database(path)
    MIGRATIONS.apply(older, stop_before=MIGRATION_NAMES[-1])
    older.close()


def _newer(path: Path) -> None:
    write(
        Cli(path),
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('annotator', '9999_future', '2027-01-01')",
    )


def _foreign(path: Path) -> None:
    path.unlink()
    write(Cli(path), "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbled(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:] = bytes(len(data) - 4096)  # every page after the first zeroed
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        pytest.param(
            _older,
            "{path} was written by an older annotator: run `annotator --db {path} upgrade`",
            id="older",
        ),
        pytest.param(
            _newer, "{path} was written by a newer annotator (migration 9999_future)", id="newer"
        ),
        pytest.param(
            _foreign,
            "{path} is not an annotator database (it holds another program's tables: customers)",
            id="foreign",
        ),
        pytest.param(
            _truncated, "{path}: database error: database disk image is malformed", id="truncated"
        ),
        pytest.param(
            _garbled, "{path}: database error: database disk image is malformed", id="garbled"
        ),
    ],
)
def test_a_database_it_cannot_read_is_refused_naming_it(
    apart: Apart, spoil: Callable[[Path], None], reason: str
) -> None:
    spoil(apart.there.db)
    refused = refusal(apart.here, apart.there.db)
    assert refused.startswith(reason.format(path=apart.there.db)), refused


def test_the_database_itself_is_refused_under_any_name(apart: Apart, tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(apart.here.db)
    for path in (apart.here.db, link):
        assert refusal(apart.here, path) == (
            f"{path} is this database: give another database to merge"
        )


def test_a_database_a_writer_holds_is_refused_as_locked(
    apart: Apart, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    writer = sqlite3.connect(apart.there.db, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = DELETE")  # as a big load writes
        writer.execute("BEGIN EXCLUSIVE")
        assert refusal(apart.here, apart.there.db) == (
            f"{apart.there.db} is locked by another program writing to it; try again when it "
            "has finished"
        )
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        pytest.param(
            "UPDATE annotations SET concept = 'nouveau' WHERE id = '{regle}'",
            "annotation {regle}: concept 'nouveau' is not in the scheme",
            id="unknown-concept",
        ),
        pytest.param(
            "UPDATE relations SET type = 'suports'",
            "relation {attacks}: type 'suports' is not a relation type of the scheme (its "
            "types: supports, attacks, applies, rephrases, cites, substitutes)",
            id="unknown-relation-type",
        ),
        pytest.param(
            "UPDATE relations SET type = 'applies'",
            "relation {attacks} of type 'applies' starts from an annotation of motif or "
            "solution (or a sub-concept), not of 'moyen'",
            id="ends-the-type-refuses",
        ),
        pytest.param(
            "UPDATE passages SET id = 'cut-otherwise' WHERE id = '{passage}'; "
            "UPDATE annotations SET passage = 'cut-otherwise' WHERE passage = '{passage}'",
            "annotation {moyen} is on passage cut-otherwise (§ 4 of document {document}), which "
            "this database lacks: its copy of the document was cut into other passages "
            "(imported by another version of annotator?)",
            id="passage-cut-otherwise",
        ),
    ],
)
def test_work_this_database_cannot_take_is_refused_naming_it(
    apart: Apart, edit: str, reason: str
) -> None:
    """Rows edited by hand (or by another scheme) in the other database."""
    passage = passages_of(apart.there)[3]
    names = {**apart.theirs, "passage": passage["id"], "document": passage["document"]}
    with sqlite3.connect(apart.there.db) as connection:  # foreign keys off, as a hand edit
        connection.executescript(edit.format(**names))
    connection.close()
    assert refusal(apart.here, apart.there.db) == f"{apart.there.db}: " + reason.format(**names)
