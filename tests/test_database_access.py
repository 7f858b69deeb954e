"""Opening a database never harms a file it should not touch.

Another program's database is refused, byte for byte unchanged, by every verb; a listing verb
creates and migrates nothing; ``--scheme`` never replaces an existing database's scheme
(``scheme set`` does, showing what changes); a database on read-only media can be read.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from annotator.errors import UserError
from annotator.store import Access, Store
from annotator.store.migrations import MIGRATION_NAMES, MIGRATIONS
from schemas import bundled_scheme_text
from tests.conftest import SEEDS, Cli
from tests.test_cli import error_line

LISTING_VERBS: list[tuple[str, ...]] = [
    ("docs",),
    ("passages",),
    ("concepts",),
    ("search", "baclofene"),
    ("stats",),
    ("export", "--format", "jsonl"),
    ("scheme", "show"),
]
"""Verbs that only read, with the arguments they need."""


def folder_state(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` with a hash of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """Another program's SQLite database, alone in its folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "crm.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO customers (name) VALUES ('Maître Dupont')")
    connection.close()
    return path


def test_every_verb_refuses_another_programs_database_and_leaves_it_byte_identical(
    foreign: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text("", "utf-8")
    before = folder_state(foreign.parent)
    verbs = [
        *LISTING_VERBS,
        ("import", str(SEEDS)),
        ("tag", "0123456789abcdef", "rep"),
        ("untag", "7ee9640f-c573-4dcf-9510-145957e88119"),
        ("load", str(export)),
        ("scheme", "set", str(SEEDS.parent / "schemas" / "schemes" / "fr-admin-health.toml")),
        ("upgrade",),
        (),  # no verb: the UI, which first imports the seeds into a new database
    ]
    for verb in verbs:
        result = Cli(foreign)(*verb, ok=False)
        assert result.exit_code == 1, verb
        line = error_line(result)
        assert "is not an annotator database" in line, verb
        assert "customers" in line, verb
        assert folder_state(foreign.parent) == before, verb


def test_a_listing_verb_on_a_missing_database_says_so_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for verb in LISTING_VERBS:
        result = Cli(missing)(*verb, ok=False)
        assert result.exit_code == 1, verb
        assert error_line(result).startswith(f"error: no database {missing}"), verb
        assert list(tmp_path.iterdir()) == [], verb


def test_a_listing_verb_on_an_empty_file_leaves_it_empty_and_import_then_fills_it(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = Cli(empty)("docs", ok=False)
    assert "holds no annotator data yet" in error_line(result)
    assert empty.stat().st_size == 0
    Cli(empty)("import", str(SEEDS))
    assert len(Cli(empty).json("docs")) == 2


def test_a_listing_verb_does_not_migrate_an_older_database_and_upgrade_does(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    older = sqlite_utils.Database(path)
    MIGRATIONS.apply(older, stop_before=MIGRATION_NAMES[-1])
    older.close()
    before = folder_state(tmp_path)
    result = Cli(path)("docs", ok=False)
    assert f"run `annotator --db {path} upgrade`" in error_line(result)
    assert folder_state(tmp_path) == before
    upgraded = Cli(path)("upgrade")
    assert MIGRATION_NAMES[-1] in upgraded.stderr
    assert Cli(path)("docs").stdout == ""
    assert "up to date" in Cli(path)("upgrade").stderr


def stored_scheme(cli: Cli) -> tuple[str, list[tuple[str, str]]]:
    """The database's scheme text and its concepts' ids and French labels."""
    with sqlite3.connect(cli.db) as connection:
        (text,) = connection.execute("SELECT toml FROM schemes").fetchone()
        rows = connection.execute("SELECT id, label_fr FROM concepts ORDER BY position").fetchall()
    connection.close()
    return text, rows


@pytest.fixture
def relabelled(tmp_path: Path) -> Path:
    """The bundled scheme with one concept relabelled and one new concept."""
    text = bundled_scheme_text().replace(
        'label = { fr = "Contrôle restreint"', 'label = { fr = "Contrôle minimum"', 1
    )
    assert "Contrôle minimum" in text
    text += (
        '\n[[concepts]]\nid = "clause-exorbitante"\nparent = "principles"\n'
        'label = { fr = "Clause exorbitante", en = "Exorbitant clause" }\n'
        'description = { fr = "Clause d\'un contrat.", en = "A contract clause." }\n'
        'color = "#884422"\n'
    )
    path = tmp_path / "relabelled.toml"
    path.write_text(text, "utf-8")
    return path


def test_scheme_option_on_a_listing_verb_never_replaces_the_stored_scheme(
    seeded: Cli, relabelled: Path
) -> None:
    before = stored_scheme(seeded)
    for verb in (("concepts",), ("docs",), ("stats",), ("import", str(SEEDS))):
        result = seeded("--scheme", str(relabelled), *verb, ok=False)
        assert result.exit_code == 1, verb
        line = error_line(result)
        assert "already has its scheme" in line, verb
        assert "scheme set" in line, verb
        assert stored_scheme(seeded) == before, verb
    # the same scheme as the stored one is no change, so it is accepted
    bundled = seeded.db.parent / "bundled.toml"
    bundled.write_text(bundled_scheme_text(), "utf-8")
    assert seeded("--scheme", str(bundled), "concepts").exit_code == 0


def test_scheme_set_lists_the_changes_and_dry_run_changes_nothing(
    seeded: Cli, relabelled: Path
) -> None:
    before = stored_scheme(seeded)
    result = seeded("scheme", "set", str(relabelled), "--dry-run", "--json")
    changes = [json.loads(line) for line in result.stdout.splitlines()]
    assert changes == [
        {
            "concept": "controle-restreint",
            "change": "changed",
            "fields": ["label"],
            "annotations": 0,
        },
        {"concept": "clause-exorbitante", "change": "added", "fields": [], "annotations": 0},
    ]
    assert "nothing was changed" in result.stderr
    assert stored_scheme(seeded) == before
    applied = seeded("scheme", "set", str(relabelled))
    assert "~ changed  controle-restreint  Contrôle minimum  (label)" in applied.stdout
    assert "1 added, 0 removed, 1 changed" in applied.stderr
    text, concepts = stored_scheme(seeded)
    assert text == relabelled.read_text("utf-8")
    assert ("controle-restreint", "Contrôle minimum") in concepts
    assert concepts[-1] == ("clause-exorbitante", "Clause exorbitante")
    assert seeded("scheme", "show").stdout == relabelled.read_text("utf-8")


def test_scheme_set_refuses_to_drop_a_concept_in_use_and_changes_nothing(
    seeded: Cli, tmp_path: Path
) -> None:
    passage = seeded.json("passages")[0]["id"]
    seeded("tag", passage, "rep")
    seeded("tag", passage, "controle-restreint")
    text = bundled_scheme_text()
    start = text.index('[[concepts]]\nid = "rep"\n')
    end = text.index("[[concepts]]", start + 1)
    without_rep = tmp_path / "without-rep.toml"
    without_rep.write_text(text[:start] + text[end:], "utf-8")
    before = stored_scheme(seeded)
    result = seeded("scheme", "set", str(without_rep), ok=False)
    assert result.exit_code == 1
    assert "- removed  rep" in result.stdout
    assert "[used by 1 annotation]" in result.stdout
    assert result.stderr.splitlines() == [
        f"error: {without_rep} drops concept 'rep', which 1 annotation use; keep it in the "
        "scheme file: nothing was changed"
    ]
    assert stored_scheme(seeded) == before


def test_scheme_set_keeps_the_annotations_of_concepts_it_keeps(
    seeded: Cli, relabelled: Path
) -> None:
    passage = seeded.json("passages")[0]["id"]
    tagged = seeded.json("tag", passage, "controle-restreint")[0]
    seeded("scheme", "set", str(relabelled))
    exported = seeded("export", "--format", "jsonl").stdout
    assert tagged["id"] in exported
    assert seeded.store().scheme.by_id()["controle-restreint"].label.fr == "Contrôle minimum"


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A seeded, tagged database in a folder mounted read-only (needs root to mount)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only folder needs root (CI runs as root)")
    source = tmp_path / "source"
    source.mkdir()
    cli = Cli(source / "annotations.db")
    cli("import", str(SEEDS))
    cli("tag", cli.json("passages")[0]["id"], "rep")
    mounted = tmp_path / "cdrom"
    mounted.mkdir()
    subprocess.run(["mount", "--bind", str(source), str(mounted)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True)
        yield mounted / "annotations.db"
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def test_a_database_on_read_only_media_can_be_read_but_not_changed(
    read_only_copy: Path,
) -> None:
    cli = Cli(read_only_copy)
    before = folder_state(read_only_copy.parent)
    assert [doc["annotated"] for doc in cli.json("docs")] == [1, 0]
    assert cli.json("search", "Maranchini")[0]["text"].count("Maraninchi") == 1
    exported = cli("export", "--format", "jsonl").stdout
    assert '"concept": "rep"' in exported
    result = cli("tag", cli.json("passages")[1]["id"], "rep", ok=False)
    assert error_line(result) == (
        f"error: {read_only_copy} is on a read-only file system: it can be read (docs, "
        "passages, concepts, search, stats, export) but not changed"
    )
    assert folder_state(read_only_copy.parent) == before


def test_store_opened_to_read_refuses_to_write(seeded: Cli) -> None:
    store = Store.open(seeded.db, access=Access.READ)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.db.execute("DELETE FROM passages")
    store.close()


def test_opening_for_writing_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no database"):
        Store.open(tmp_path / "none.db", access=Access.WRITE)
    assert not (tmp_path / "none.db").exists()


def test_scheme_set_bundled_brings_relation_types_to_a_scheme_without_them(
    seeded: Cli, tmp_path: Path
) -> None:
    text = bundled_scheme_text()
    without_types = tmp_path / "before-relations.toml"
    without_types.write_text(text[: text.index("\n[[relation_types]]\n")], "utf-8")
    seeded("scheme", "set", str(without_types))
    passages = [passage["id"] for passage in seeded.json("passages")]
    first = seeded.json("tag", passages[1], "rep")[0]["id"]
    second = seeded.json("tag", passages[3], "controle-restreint")[0]["id"]
    refused = seeded("relate", first, second, "supports", ok=False)
    assert "`annotator scheme set --bundled`" in error_line(refused)
    applied = seeded("scheme", "set", "--bundled")
    assert "+ added    relation type supports  étaye" in applied.stdout
    assert seeded.json("relate", first, second, "supports")[0]["type"] == "supports"
    usage = seeded("scheme", "set", ok=False)
    assert "give a scheme file or --bundled" in error_line(usage, status=2)
