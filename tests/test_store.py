"""The SQLite store: stable ids, idempotent all-or-nothing import, and a sound database file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import sqlite_utils

from annotator import importer
from annotator.errors import UserError
from annotator.store import Store
from annotator.store.database import bulk_transaction, indexes_rebuilt
from annotator.store.migrations import MIGRATION_NAMES, MIGRATIONS
from corpus import ParsedDocument, parse_text
from tests.conftest import SEEDS, Cli

GOOD = (
    "Le Conseil d'État rejette le recours pour excès de pouvoir formé contre la décision.\n\n"
    "Il juge que le directeur de l'Agence n'a pas commis d'erreur manifeste d'appréciation.\n"
)


def ids(store: Store) -> tuple[list[str], list[str]]:
    documents = [document.id for document in store.documents()]
    passages = [passage.id for passage in store.passages()]
    return documents, passages


def counts(store: Store) -> tuple[int, int]:
    stats = store.stats()
    return stats.documents, stats.passages


def error_line(stderr: str) -> str:
    """The one ``error:`` line of stderr (progress may precede it), checking it is alone."""
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    assert stderr.splitlines()[-1] == errors[0]
    assert "Traceback" not in stderr
    return errors[0]


def test_same_file_in_two_databases_gets_the_same_ids(tmp_path: Path) -> None:
    first, second = Cli(tmp_path / "one.db"), Cli(tmp_path / "two.db", reviewer="bob")
    first("import", str(SEEDS))
    second("import", str(SEEDS / "baclofene-conseil-etat-commentaire.txt"))
    second("import", str(SEEDS / "baclofene-rtu-article-pourquoi-docteur.txt"))
    one, two = first.store(), second.store()
    documents_one, passages_one = ids(one)
    documents_two, passages_two = ids(two)
    assert len(passages_one) == 14
    assert sorted(documents_one) == sorted(documents_two)
    assert sorted(passages_one) == sorted(passages_two)


def test_reimporting_an_unchanged_file_adds_nothing(seeded: Cli) -> None:
    before = counts(seeded.store())
    again = seeded.json("import", str(SEEDS))
    assert [record["added"] for record in again] == [False, False]
    assert {record["passages"] for record in again} == {4, 10}
    assert counts(seeded.store()) == before == (2, 14)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"", "empty"),
        (b"abc\x00\x01\x02def" * 20, "binary"),
    ],
    ids=["png", "empty", "binary"],
)
def test_folder_with_one_bad_file_imports_nothing_and_names_it(
    cli: Cli, write_file: Callable[[str, bytes], Path], bad: bytes, reason: str
) -> None:
    write_file("corpus/a-good.txt", GOOD.encode("utf-8"))
    bad_path = write_file("corpus/b-bad.txt", bad)
    result = cli("import", str(bad_path.parent), ok=False)
    assert result.exit_code == 1
    line = error_line(result.stderr)
    assert "b-bad.txt" in line
    assert reason in line
    assert result.stdout == ""
    assert counts(cli.store()) == (0, 0)


def test_database_in_a_missing_folder_is_one_error_line(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "annotations.db"
    result = Cli(missing)("import", str(SEEDS), ok=False)
    assert result.exit_code == 1
    line = error_line(result.stderr)
    assert "no-such-folder" in line
    assert "does not exist" in line
    assert not missing.parent.exists()


def test_file_that_is_not_sqlite_is_one_error_line(
    write_file: Callable[[str, bytes], Path],
) -> None:
    text = write_file("notes.txt", GOOD.encode("utf-8"))
    result = Cli(text)("docs", ok=False)
    assert result.exit_code == 1
    line = error_line(result.stderr)
    assert "notes.txt" in line
    assert "not an annotator database" in line
    assert text.read_bytes() == GOOD.encode("utf-8")  # left as it was


def test_history_is_append_only(seeded: Cli) -> None:
    passage = next(seeded.store().passages())
    seeded("tag", passage.id, "rep")
    store = seeded.store()
    assert len(list(store.history())) == 1
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE history SET reviewer = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM history")
    assert [entry.reviewer for entry in store.history()] == ["alice"]


def test_migrations_are_recorded(store: Store) -> None:
    rows = store.db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'annotator' ORDER BY id"
    ).fetchall()
    assert [name for (name,) in rows] == list(MIGRATION_NAMES)
    assert MIGRATION_NAMES[0] == "0001_initial"


def test_reopening_a_database_applies_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    Store.open(path).close()
    reopened = Store.open(path)
    (count,) = reopened.db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()
    assert count == len(MIGRATION_NAMES)


def test_database_from_a_newer_version_is_refused_with_upgrade_advice(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', '9999_from_the_future', '2030-01-01 00:00:00')"
        )
    connection.close()
    with pytest.raises(UserError, match=r"newer annotator.*9999_from_the_future.*upgrade"):
        Store.open(path)
    result = Cli(path)("docs", ok=False)
    assert result.exit_code == 1
    assert "upgrade" in error_line(result.stderr)


def test_wal_mode_foreign_keys_and_busy_timeout_are_on(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_foreign_keys_refuse_an_annotation_of_a_missing_passage(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO annotations (id, passage, concept, quote, prefix, suffix, reviewer, "
            "created) VALUES ('x', 'no-such-passage', 'rep', 'q', '', '', 'alice', 'now')"
        )


@pytest.mark.parametrize("query", ["excès", "exces", "EXCES"])
def test_full_text_index_finds_an_imported_passage(seeded: Cli, query: str) -> None:
    store = seeded.store()
    rows = store.db.execute(
        "SELECT p.id, p.text FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid "
        "WHERE passages_fts MATCH ?",
        [query],
    ).fetchall()
    assert rows
    assert all("excès" in text for _, text in rows)
    expected = {p.id for p in store.passages() if "excès" in p.text}
    assert {passage_id for passage_id, _ in rows} == expected


def fts_ids(store: Store, query: str) -> set[str]:
    """Ids of the passages the full-text index finds for ``query``."""
    rows = store.db.execute(
        "SELECT p.id FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid "
        "WHERE passages_fts MATCH ?",
        [query],
    ).fetchall()
    return {passage_id for (passage_id,) in rows}


def test_full_text_index_finds_passages_of_every_batch(store: Store) -> None:
    first = parse_text(GOOD, "a.txt", "utf-8")
    second = parse_text("Le tribunal annule l'arrêté préfectoral.\n", "b.txt", "utf-8")
    third = parse_text("La cour rejette la requête d'appel.\n", "c.txt", "utf-8")
    store.add_documents([first], "alice")
    store.add_documents([second, first], "alice")  # the first again: left as it was
    store.add_document(third, "bob")
    assert fts_ids(store, "recours") == {first.passages[0].id}
    assert fts_ids(store, "prefectoral") == {second.passages[0].id}
    assert fts_ids(store, "requete") == {third.passages[0].id}
    assert fts_ids(store, "erreur") == {first.passages[1].id}
    assert counts(store) == (3, 4)


def test_failed_batch_leaves_the_full_text_index_as_it_was(store: Store) -> None:
    kept = parse_text(GOOD, "a.txt", "utf-8")
    lost = parse_text("Le tribunal annule l'arrêté préfectoral.\n", "b.txt", "utf-8")
    store.add_document(kept, "alice")

    def batch() -> Iterator[ParsedDocument]:
        yield lost
        raise UserError("c.txt: no text to annotate in it")

    with pytest.raises(UserError):
        store.add_documents(batch(), "alice")
    assert counts(store) == (1, 2)
    assert fts_ids(store, "prefectoral") == set()
    assert fts_ids(store, "recours") == {kept.passages[0].id}


def insert_as_before_0006(db: sqlite_utils.Database, parsed: ParsedDocument) -> None:
    """A document and its passages with the columns the tables had then (no format, no
    passage label or page)."""
    document = parsed.document
    db.execute(
        "INSERT INTO documents (id, path, title, languages, encoding, layout, source_text, "
        "clean_text, source_map, passage_count, imported, imported_by) "
        "VALUES (?, ?, ?, '[]', ?, ?, ?, ?, '[]', ?, '2026-01-01', 'alice')",
        [
            document.id,
            document.path,
            document.info.title,
            document.encoding,
            document.layout.value,
            document.source_text,
            document.clean_text,
            parsed.passage_count,
        ],
    )
    for passage in parsed.passages:
        db.execute(
            'INSERT INTO passages (id, document, seq, start, "end", kind, text) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                passage.id,
                passage.document,
                passage.seq,
                passage.start,
                passage.end,
                passage.kind.value,
                passage.text,
            ],
        )


def test_database_indexed_by_the_old_trigger_keeps_its_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="0003_fts_bulk_insert")
    old = parse_text(GOOD, "a.txt", "utf-8")
    with db.atomic():  # as versions before 0003 wrote it: the trigger indexes each passage
        insert_as_before_0006(db, old)
    db.close()
    store = Store.open(path)
    new = parse_text("Le tribunal annule l'arrêté préfectoral.\n", "b.txt", "utf-8")
    store.add_document(new, "bob")
    assert fts_ids(store, "recours") == {old.passages[0].id}
    assert fts_ids(store, "prefectoral") == {new.passages[0].id}
    triggers = {
        name
        for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    assert "passages_fts_insert" not in triggers
    assert {"passages_fts_delete", "passages_fts_update"} <= triggers
    store.close()


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parse every import of two files or more in worker processes, whatever the machine;
    the list counts the imports that did."""
    calls: list[int] = []
    parse_in_workers = importer._parse_in_workers

    def spy(files: Sequence[importer.SourceFile]) -> Iterator[ParsedDocument]:
        calls.append(len(files))
        return parse_in_workers(files)

    monkeypatch.setattr(importer, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(importer, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(importer, "worker_count", lambda: 2)
    monkeypatch.setattr(importer, "_parse_in_workers", spy)
    return calls


def write_corpus(write_file: Callable[[str, bytes], Path], count: int) -> Path:
    """A folder of ``count`` different small files, named in reading order."""
    for index in range(count):
        text = f"Décision n° {index}.\n\n{GOOD}"
        path = write_file(f"corpus/{index:02}-decision.txt", text.encode("utf-8"))
    return path.parent


def test_import_in_worker_processes_writes_what_one_process_does(
    tmp_path: Path, write_file: Callable[[str, bytes], Path], in_workers: list[int]
) -> None:
    folder = write_corpus(write_file, 7)
    parallel = Cli(tmp_path / "parallel.db")
    listed = parallel.json("import", str(folder))
    assert in_workers == [7]
    with pytest.MonkeyPatch.context() as patch:  # the same files, in this process
        patch.setattr(importer, "PARALLEL_MIN_FILES", 100)
        serial = Cli(tmp_path / "serial.db")
        assert serial.json("import", str(folder)) == listed
    assert in_workers == [7]
    assert [record["passages"] for record in listed] == [3] * 7
    assert ids(parallel.store()) == ids(serial.store())
    assert [p.model_dump() for p in parallel.store().passages()] == [
        p.model_dump() for p in serial.store().passages()
    ]
    assert len(fts_ids(parallel.store(), "recours")) == 7


def test_bad_file_parsed_in_a_worker_imports_nothing_and_names_it(
    cli: Cli, write_file: Callable[[str, bytes], Path], in_workers: list[int]
) -> None:
    folder = write_corpus(write_file, 5)
    write_file("corpus/03-decision.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = cli("import", str(folder), ok=False)
    assert in_workers == [5]
    assert result.exit_code == 1
    line = error_line(result.stderr)
    assert "03-decision.txt" in line
    assert "PNG" in line
    assert counts(cli.store()) == (0, 0)


def _journal_mode(db: sqlite_utils.Database) -> str:
    return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def _indexes(db: sqlite_utils.Database, table: str) -> list[tuple[str, str | None]]:
    sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name"
    return [(str(name), sql) for name, sql in db.execute(sql, [table]).fetchall()]


def test_a_bulk_write_alone_uses_a_rollback_journal_then_wal_again(seeded: Cli) -> None:
    store = seeded.store()
    with bulk_transaction(store.db):
        during = _journal_mode(store.db)
        store.db.execute("INSERT INTO concepts (id) SELECT id || '-copy' FROM concepts LIMIT 0")
    assert during == "delete"
    assert _journal_mode(store.db) == "wal"
    store.close()
    reopened = seeded.store()
    assert _journal_mode(reopened.db) == "wal"


def test_a_bulk_write_while_the_database_is_open_elsewhere_stays_in_wal(seeded: Cli) -> None:
    reviewer_window = seeded.store()
    reviewer_window.db.execute("SELECT count(*) FROM passages").fetchone()
    loader = seeded.store()
    with bulk_transaction(loader.db):
        during = _journal_mode(loader.db)
    assert during == "wal"
    assert reviewer_window.db.execute("SELECT count(*) FROM passages").fetchone()[0] > 0


def test_rebuilt_indexes_come_back_after_the_block_and_after_a_failure(seeded: Cli) -> None:
    store = seeded.store()
    before = _indexes(store.db, "annotations")
    assert any(sql is not None for _, sql in before)
    with store.db.atomic(), indexes_rebuilt(store.db, "annotations"):
        assert all(sql is None for _, sql in _indexes(store.db, "annotations"))
    assert _indexes(store.db, "annotations") == before
    with (
        pytest.raises(sqlite3.IntegrityError),
        store.db.atomic(),
        indexes_rebuilt(store.db, "annotations"),
    ):
        store.db.execute("INSERT INTO annotations (id) VALUES (NULL)")
    assert _indexes(store.db, "annotations") == before
