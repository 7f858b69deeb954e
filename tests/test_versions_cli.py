"""A new version of a document through the command line, as a user makes one: a judgment is
imported and tagged, its second edition (a word changed, a sentence inserted, one deleted, two
paragraphs merged, the last dropped, the lines wrapped anew) is imported with ``--replaces``,
and every annotation is found on its quote in the new text, or left an orphan. Afterwards only
the current version is listed, searched and exported; bad input changes nothing."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from annotator.search.engine import SearchEngine
from annotator.session import ReviewSession
from annotator.store import Store, database
from annotator.store.documents import PASSAGE_COLUMNS
from tests.conftest import ROOT, SEEDS, Cli
from tests.exports import tag
from tests.revisions import Draft, document, rewrap, sentence_starts

PASSAGES = [
    "Par une décision du 24 juillet 2017, l'Agence nationale de sécurité du médicament a "
    "modifié la recommandation temporaire d'utilisation du baclofène. Elle a ramené la dose "
    "maximale de 300 à 80 mg par jour.",
    "L'association requérante demande l'annulation pour excès de pouvoir de cette décision. "
    "Elle soutient que l'agence a commis une erreur manifeste d'appréciation.",
    "Il ressort des pièces du dossier que les intoxications graves ont augmenté. Une étude de "
    "pharmacovigilance a relevé un risque accru d'hospitalisation aux doses élevées.",
    "Le juge exerce un contrôle restreint sur une telle mesure de police sanitaire.",
    "En réduisant la dose maximale, l'agence n'a pas commis d'erreur manifeste d'appréciation.",
    "La présente décision sera notifiée à l'association requérante.",
    "Par ces motifs, la requête est rejetée.",
]
"""The first edition, one paragraph a passage."""

TAGS: dict[str, tuple[int, str | None, str, str]] = {
    "rtu": (0, "recommandation temporaire d'utilisation", "rtu", "alice"),
    "dose": (0, "ramené la dose maximale de 300 à 80 mg", "dose-maximale", "bob"),
    "plea": (1, "erreur manifeste d'appréciation", "moyen", "alice"),
    "study": (2, "risque accru d'hospitalisation", "fait", "bob"),
    "review": (3, None, "controle-restreint", "alice"),
    "holding": (4, "n'a pas commis d'erreur manifeste d'appréciation", "solution", "alice"),
    "notified": (5, None, "rep", "alice"),
    "notified_word": (5, "notifiée", "fait", "alice"),
    "rejected": (6, None, "rejet", "alice"),
}
"""name: (passage, quote or None for the whole passage, concept, reviewer)."""

STATES = {
    "rtu": "moved",
    "dose": "moved",
    "plea": "moved",
    "study": "orphan",
    "holding": "moved",
    "notified": "exact",
    "notified_word": "exact",
    "rejected": "orphan",
}
"""Where each annotation goes (``review``, a whole-passage tag of a merged paragraph, goes
to the merged passage, fuzzily or not: the engine's to say)."""
ORPHANS = ("study", "rejected")


def second_edition() -> Draft:
    """The first edition revised: a word changed, a sentence inserted, one deleted (``study``
    with it), two paragraphs merged, the last one (``rejected``) dropped."""
    draft = Draft(PASSAGES)
    at = PASSAGES[0].index("modifié")
    draft.replace(0, at, at + len("modifié"), "changé")
    draft.insert(
        1, sentence_starts(PASSAGES[1])[1], "Elle invoque aussi le principe de précaution. "
    )
    draft.delete(2, sentence_starts(PASSAGES[2])[1] - 1, len(PASSAGES[2]))
    draft.merge(3)
    draft.drop(5)
    return draft


@dataclass(frozen=True, slots=True)
class Tagged:
    """The first edition imported and tagged, and the second edition's file."""

    old: str
    old_passages: list[dict[str, Any]]
    ids: dict[str, str]
    """Annotation ids by ``TAGS`` name."""
    relations: dict[str, str]
    draft: Draft
    second: Path


def tag_first_edition(cli: Cli, folder: Path) -> Tagged:
    """Import and tag the first edition (alice and bob, with relations); write the second."""
    first = folder / "arret.txt"
    first.write_text(document(PASSAGES), encoding="utf-8")
    (imported,) = cli.json("import", str(first))
    old_passages = cli.json("passages", "--doc", imported["document"])
    ids: dict[str, str] = {}
    for name, (seq, quote, concept, reviewer) in TAGS.items():
        span: tuple[str, ...] = ()
        if quote is not None:
            start = PASSAGES[seq].index(quote)
            span = ("--start", str(start), "--end", str(start + len(quote)))
        ids[name] = tag(cli, old_passages[seq]["id"], concept, *span, reviewer=reviewer)
    relations = {
        "kept": cli.json("relate", ids["holding"], ids["plea"], "attacks")[0]["id"],
        "to_orphan": cli.json("relate", ids["holding"], ids["rejected"], "supports")[0]["id"],
        "from_orphan": cli.json("relate", ids["study"], ids["dose"], "supports")[0]["id"],
    }
    draft = second_edition()
    second = folder / "arret-2e-edition.txt"
    second.write_text(rewrap(draft.texts, 60), encoding="utf-8")
    return Tagged(imported["document"], old_passages, ids, relations, draft, second)


@pytest.fixture(scope="module")
def first_edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tagged]:
    """A database holding the tagged first edition, made once (tests change copies of it)."""
    folder = tmp_path_factory.mktemp("first-edition")
    made = Cli(folder / "annotations.db")
    return made.db, tag_first_edition(made, folder)


@pytest.fixture(scope="module")
def second_edition_db(
    first_edition: tuple[Path, Tagged], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """A database where the second edition replaced the first, made once: its
    ``import --json`` line."""
    db, tagged = first_edition
    made = Cli(tmp_path_factory.mktemp("second-edition") / "annotations.db")
    copy_database(db, made.db)
    (line,) = made.json("import", str(tagged.second), "--replaces", tagged.old)
    return made.db, line


@pytest.fixture
def tagged(cli: Cli, first_edition: tuple[Path, Tagged]) -> Tagged:
    """The first edition, tagged, in this test's database."""
    db, made = first_edition
    copy_database(db, cli.db)
    return made


@pytest.fixture
def replaced(
    cli: Cli, tagged: Tagged, second_edition_db: tuple[Path, dict[str, Any]]
) -> dict[str, Any]:
    """The second edition imported as the next version in this test's database: its
    ``import --json`` line."""
    db, line = second_edition_db
    copy_database(db, cli.db)
    return line


def copy_database(source: Path, target: Path) -> None:
    """Copy a database file, whole (SQLite's backup: the write-ahead log's pages included)."""
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()


def rows(cli: Cli, sql: str, *params: object) -> list[dict[str, Any]]:
    """The rows a query gives, as dicts."""
    store = cli.store()
    try:
        found = store.db.execute(sql, params)
        names = [column[0] for column in found.description]
        return [dict(zip(names, values, strict=True)) for values in found.fetchall()]
    finally:
        store.close()


def annotation(cli: Cli, annotation_id: str) -> dict[str, Any]:
    """An annotation's row with its passage's text, document and position."""
    (found,) = rows(
        cli,
        "SELECT a.*, p.text, p.document, p.seq FROM annotations a JOIN passages p "
        "ON p.id = a.passage WHERE a.id = ?",
        annotation_id,
    )
    return found


def snapshot(db: Path) -> str:
    """Everything the database holds, as SQL: equal before and after means nothing changed."""
    with sqlite3.connect(db) as connection:
        dump = "\n".join(connection.iterdump())
    connection.close()
    return dump


def error_line(result: Result) -> str:
    """The one ``error:`` line of a refused command, which printed nothing else."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert "internal error" not in line
    return line.removeprefix("error: ")


# -- where the annotations go ----------------------------------------------------------------


def test_each_annotation_lands_on_its_quote_in_the_new_version(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    new = replaced["document"]
    new_passages = cli.json("passages", "--doc", new)
    assert [passage["text"] for passage in new_passages] == tagged.draft.texts
    for name, (seq, quote, _, _) in TAGS.items():
        found = annotation(cli, tagged.ids[name])
        if name in ORPHANS:
            continue
        assert found["document"] == new, name
        if quote is None:  # a whole-passage tag stays one, on the passage holding its text
            assert (found["start"], found["end"]) == (None, None)
            assert found["quote"] == found["text"]
            assert found["seq"] == tagged.draft.holder(seq)
            continue
        start = PASSAGES[seq].index(quote)
        truth = tagged.draft.where(seq, start, start + len(quote))
        assert (found["seq"], found["start"], found["end"]) == truth, name
        assert found["text"][found["start"] : found["end"]] == found["quote"] == quote
        assert found["prefix"] == found["text"][max(0, found["start"] - 32) : found["start"]]
        assert found["suffix"] == found["text"][found["end"] : found["end"] + 32]
    states = {name: annotation(cli, tagged.ids[name])["anchor"] for name in TAGS}
    assert {name: states[name] for name in STATES} == STATES
    assert states["review"] in ("exact", "moved", "fuzzy")


def test_import_json_counts_each_anchor_state_as_the_database_records_them(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    recorded = Counter(row["anchor"] for row in rows(cli, "SELECT anchor FROM annotations"))
    assert replaced["replaces"] == tagged.old
    assert replaced["version"] == 2
    assert {state: replaced[state] for state in ("exact", "moved", "fuzzy")} == {
        state: recorded[state] for state in ("exact", "moved", "fuzzy")
    }
    assert replaced["orphaned"] == recorded["orphan"] == len(ORPHANS)
    assert replaced["added"] is True


def test_orphans_stay_on_the_old_passage_with_their_quote_and_context(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    for name in ORPHANS:
        found = annotation(cli, tagged.ids[name])
        seq, quote, _, _ = TAGS[name]
        assert found["anchor"] == "orphan"
        assert found["document"] == tagged.old
        assert found["seq"] == seq
        assert found["quote"] == (quote or PASSAGES[seq])
        if found["start"] is not None:
            assert found["text"][found["start"] : found["end"]] == found["quote"]
    listed = rows(cli, "SELECT id FROM annotations WHERE anchor = 'orphan' ORDER BY id")
    assert [row["id"] for row in listed] == sorted(tagged.ids[name] for name in ORPHANS)


def test_relations_follow_their_annotations(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    found = {row["id"]: row for row in rows(cli, "SELECT * FROM relations")}
    assert found[tagged.relations["kept"]]["source"] == tagged.ids["holding"]
    assert found[tagged.relations["kept"]]["target"] == tagged.ids["plea"]
    assert len(found) == 3


def test_the_text_output_says_where_the_annotations_went_and_quotes_the_orphans(
    cli: Cli, tagged: Tagged
) -> None:
    result = cli("import", str(tagged.second), "--replaces", tagged.old)
    head, summary, *orphans = result.stdout.splitlines()
    assert head.startswith("version 2  ")
    assert f"replaces {tagged.old}" in summary
    assert "2 orphaned" in summary
    assert len(orphans) == len(ORPHANS)
    assert any("«risque accru d'hospitalisation»" in line for line in orphans)
    assert any("Par ces motifs" in line for line in orphans)


# -- undo and redo -------------------------------------------------------------------------


def contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the tables a new version changes, in a fixed order (passages without
    their rowid, which a redo may give anew)."""
    columns = {"documents": "*", "passages": PASSAGE_COLUMNS, "annotations": "*", "relations": "*"}
    return {
        table: store.db.execute(f"SELECT {names} FROM {table} ORDER BY id").fetchall()
        for table, names in columns.items()
    }


def searched(store: Store, text: str) -> set[str]:
    """The documents a search (the UI's engine) finds ``text`` in."""
    return {hit.passage.document for hit in SearchEngine(store).search(text)}


def test_undo_puts_the_document_back_as_it_was_and_redo_brings_the_new_version_again(
    cli: Cli, tagged: Tagged
) -> None:
    store = cli.store()
    before = contents(store)
    (line,) = cli.json("import", str(tagged.second), "--replaces", tagged.old)
    after = contents(store)
    title = line["title"]

    undone = ReviewSession(store, "alice").undo()  # what `u` does in the UI
    assert undone.message == f"undo new version of {title}"
    assert undone.document == tagged.old
    assert undone.reveal == 0
    assert contents(store) == before
    assert [doc.id for doc in store.documents()] == [tagged.old]
    assert searched(store, "pharmacovigilance") == {tagged.old}

    redone = store.redo("alice")
    assert redone is not None
    assert redone.description == f"redo new version of {title}"
    assert store.passage(redone.passage) == next(store.passages(line["document"]))
    assert contents(store) == after
    assert searched(store, "pharmacovigilance") == set()
    assert searched(store, "principe de précaution") == {line["document"]}
    store.close()


# -- before it happens -----------------------------------------------------------------------


def test_a_dry_run_prints_the_counts_and_the_orphans_quotes_and_writes_nothing(
    cli: Cli, tagged: Tagged
) -> None:
    before = snapshot(cli.db)
    (planned,) = cli.json("import", str(tagged.second), "--replaces", tagged.old, "--dry-run")
    assert snapshot(cli.db) == before
    assert {orphan["id"] for orphan in planned["orphans"]} == {tagged.ids[n] for n in ORPHANS}
    assert {orphan["quote"] for orphan in planned["orphans"]} == {
        "risque accru d'hospitalisation",
        PASSAGES[6],
    }
    text = cli("import", str(tagged.second), "--replaces", tagged.old, "--dry-run")
    assert "risque accru d'hospitalisation" in text.stdout
    assert "dry run, nothing written" in text.stderr
    assert snapshot(cli.db) == before
    (done,) = cli.json("import", str(tagged.second), "--replaces", tagged.old)
    counted = ("document", "replaces", "version", "exact", "moved", "fuzzy", "orphaned")
    assert {key: planned[key] for key in counted} == {key: done[key] for key in counted}


def test_importing_the_same_version_again_changes_nothing(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    before = snapshot(cli.db)
    (again,) = cli.json("import", str(tagged.second))
    assert again["added"] is False
    assert again["document"] == replaced["document"]
    assert snapshot(cli.db) == before


# -- afterwards: the current version only ----------------------------------------------------


def test_docs_passages_and_stats_show_the_current_version_and_count_orphans(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    new = replaced["document"]
    (listed,) = cli.json("docs")
    assert (listed["id"], listed["orphans"]) == (new, len(ORPHANS))
    assert listed["passages"] == len(tagged.draft.texts)
    assert {passage["document"] for passage in cli.json("passages")} == {new}
    assert [p["id"] for p in cli.json("passages", "--doc", tagged.old)] == [
        p["id"] for p in tagged.old_passages
    ]  # a version named by its id is still there to read
    (stats,) = cli.json("stats")
    assert (stats["documents"], stats["passages"]) == (1, len(tagged.draft.texts))
    assert stats["annotations"] == len(TAGS) - len(ORPHANS)
    assert stats["orphans"] == len(ORPHANS)
    assert f"orphans: {len(ORPHANS)}" in cli("stats").stdout
    assert "2 orphans" in cli("docs").stdout


def test_search_finds_the_current_version_only(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    assert cli.json("search", "pharmacovigilance") == []  # the deleted sentence
    assert cli.json("search", '"a modifié la recommandation"') == []  # the changed word
    found = cli.json("search", "principe de précaution")  # the inserted sentence
    assert [hit["document"] for hit in found] == [replaced["document"]]
    assert {hit["document"] for hit in cli.json("search", "contrôle restreint")} == {
        replaced["document"]
    }


def test_search_of_an_earlier_version_searches_the_current_one(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    found = cli.json("search", "contrôle restreint", "--doc", tagged.old)
    assert {hit["document"] for hit in found} == {replaced["document"]}


def test_a_replaced_version_takes_no_new_tag_and_no_version_is_removed_alone(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    before = snapshot(cli.db)
    old_passage = tagged.old_passages[3]["id"]
    refused = cli("tag", old_passage, "rep", ok=False)
    assert "a newer one replaced" in error_line(refused)
    for version, document_id in ((1, tagged.old), (2, replaced["document"])):
        refused = cli("remove", document_id, "--force", ok=False)
        assert f"version {version} of" in error_line(refused)
    assert snapshot(cli.db) == before


@pytest.mark.parametrize("format_", ["jsonl", "csv"])
def test_exports_leave_orphans_out_and_say_how_many(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any], format_: str
) -> None:
    result = cli("export", "--format", format_)
    assert f"left out {len(ORPHANS)} orphans" in result.stderr
    kept = {tagged.ids[name] for name in TAGS if name not in ORPHANS}
    if format_ == "jsonl":
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert {line["document"] for line in lines} == {replaced["document"]}
        assert {a["id"] for line in lines for a in line["annotations"]} == kept
        relations = {r["id"] for line in lines for r in line["relations"]}
        assert relations == {tagged.relations["kept"]}  # those with an orphan end left out
    else:
        assert all(tagged.old not in line for line in result.stdout.splitlines())
        assert sum(annotation_id in result.stdout for annotation_id in kept) == len(kept)
    only = cli("export", "--format", "jsonl", "--doc", tagged.old)  # the key's current version
    assert f"left out {len(ORPHANS)} orphans" in only.stderr
    assert {json.loads(line)["document"] for line in only.stdout.splitlines()} == {
        replaced["document"]
    }


# -- versions --------------------------------------------------------------------------------


def test_versions_lists_every_version_oldest_first(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any]
) -> None:
    new = replaced["document"]
    listed = cli.json("versions", tagged.old)
    assert [list(version) for version in listed] == [
        ["id", "key", "version", "title", "imported", "imported_by", "current", "passages"]
    ] * 2
    assert [(v["id"], v["key"], v["version"], v["current"]) for v in listed] == [
        (tagged.old, tagged.old, 1, False),
        (new, tagged.old, 2, True),
    ]
    assert [v["passages"] for v in listed] == [len(PASSAGES), len(tagged.draft.texts)]
    assert cli.json("versions", new) == listed
    assert listed[1]["title"] == listed[0]["title"]  # a new version keeps the document's facts
    assert f"{new}  current" in cli("versions", tagged.old).stdout


def test_a_manifest_id_is_the_key_and_a_changed_file_becomes_the_next_version(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "manifest.toml").write_text(
        '[[documents]]\nfile = "arret.txt"\ntitle = "CE, 2019, baclofène"\nid = "ce-baclofene"\n',
        encoding="utf-8",
    )
    (folder / "arret.txt").write_text(document(PASSAGES), encoding="utf-8")
    (first,) = cli.json("import", str(folder))
    passages = cli.json("passages", "--doc", "ce-baclofene")  # a key names the current version
    tag(cli, passages[5]["id"], "rep")
    (folder / "arret.txt").write_text(rewrap(second_edition().texts, 60), encoding="utf-8")
    (second,) = cli.json("import", str(folder))
    assert (second["replaces"], second["version"], second["exact"]) == (first["document"], 2, 1)
    listed = cli.json("versions", "ce-baclofene")
    assert [(v["key"], v["version"], v["current"]) for v in listed] == [
        ("ce-baclofene", 1, False),
        ("ce-baclofene", 2, True),
    ]
    before = snapshot(cli.db)
    (again,) = cli.json("import", str(folder))
    assert (again["document"], again["added"]) == (second["document"], False)
    assert snapshot(cli.db) == before


# -- bad input -------------------------------------------------------------------------------


def test_bad_input_is_one_error_line_and_changes_nothing(
    cli: Cli, tagged: Tagged, replaced: dict[str, Any], tmp_path: Path
) -> None:
    new = replaced["document"]
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    first = tagged.second.with_name("arret.txt")
    before = snapshot(cli.db)
    refusals = {
        "unknown document": (
            ("import", str(tagged.second), "--replaces", "nope"),
            "no document 'nope' (list them with `annotator docs`)",
        ),
        "not text": (("import", str(image), "--replaces", new), "scan.txt: this is a PNG image"),
        "no such file": (
            ("import", str(tmp_path / "absent.txt"), "--replaces", new),
            "absent.txt: no such file or folder",
        ),
        "identical": (
            ("import", str(tagged.second), "--replaces", tagged.old),
            f"arret-2e-edition.txt is identical to the current version of {tagged.old} ({new}): "
            "nothing changed",
        ),
        "an earlier text": (
            ("import", str(first), "--replaces", new),
            f"arret.txt: this text is already in the database, as version 1 of document "
            f"{tagged.old}",
        ),
        "two files": (
            ("import", str(first), str(tagged.second), "--replaces", new),
            f"--replaces {new} takes one file (2 given)",
        ),
    }
    for what, (args, expected) in refusals.items():
        assert expected in error_line(cli(*args, ok=False)), what
        assert snapshot(cli.db) == before, what


@contextmanager
def another_process_writing(db: Path) -> Iterator[None]:
    """Another process in the middle of a write transaction on ``db`` for the block."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('writing', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdin is not None
    try:
        assert holder.stdout.readline() == "writing\n"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_database_another_process_is_writing_is_refused_and_left_unchanged(
    cli: Cli, tagged: Tagged, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)  # refused at once, not in 5 s
    before = snapshot(cli.db)
    with another_process_writing(cli.db):
        line = error_line(cli("import", str(tagged.second), "--replaces", tagged.old, ok=False))
    assert line == (
        f"{cli.db} is locked by another program writing to it; try again when it has finished"
    )
    assert snapshot(cli.db) == before


def test_the_seeds_take_a_second_edition(seeded: Cli, tmp_path: Path) -> None:
    """As a new user would: tag a seed, edit its file as a second edition would, import it
    with --replaces, and find the tag on its words."""
    seed = SEEDS / "baclofene-rtu-article-pourquoi-docteur.txt"
    (doc,) = [d for d in seeded.json("docs") if d["passages"] == 10]
    passages = seeded.json("passages", "--doc", doc["id"])
    quote = "décontractant musculaire"
    third = passages[2]
    start = third["text"].index(quote)
    span = ("--start", str(start), "--end", str(start + len(quote)))
    tagged_id = tag(seeded, third["id"], "fait", *span)
    text = seed.read_text(encoding="utf-8").replace("qu l'Ansm", "que l'Ansm")
    second = tmp_path / "article-2.txt"
    second.write_text("Une première phrase ajoutée. \n\n" + text, encoding="utf-8")
    (line,) = seeded.json("import", str(second), "--replaces", doc["id"])
    assert line["orphaned"] == 0
    found = annotation(seeded, tagged_id)
    assert found["text"][found["start"] : found["end"]] == quote
    assert found["seq"] == 3


README = ROOT / "README.md"
README_TAG = re.compile(
    r"^annotator tag (?P<passage>\w+) (?P<concept>\S+)(?:\s+--start (?P<start>\d+) --end "
    r"(?P<end>\d+))?\s+# §\d+\S* (?:«(?P<quote>[^»]+)»)?"
)


def test_the_readme_worked_example_runs_as_written(seeded: Cli, tmp_path: Path) -> None:
    """The README's second edition of the seeds' article: its tags select the quotes it shows,
    its shell lines make the file, and the import prints what it says."""
    text = README.read_text(encoding="utf-8")
    example = text.split("#### A worked example: the article's second edition", 1)[1]
    script, printed = (block.split("```", 1)[0] for block in example.split("```")[1:4:2])
    lines = script.removeprefix("sh\n").splitlines()
    tags = [found for found in map(README_TAG.match, lines) if found is not None]
    assert len(tags) == 4
    for found in tags:
        span = ("--start", found["start"], "--end", found["end"]) if found["start"] else ()
        (record,) = seeded.json("tag", found["passage"], found["concept"], *span)
        if found["quote"] is not None:
            assert record["quote"] == found["quote"]
    making = "\n".join(line for line in lines if not line.startswith(("annotator", "D=")))
    second = tmp_path / "article-2.txt"
    subprocess.run(
        ["sh", "-c", making.replace("> article-2.txt", f"> {second}")], cwd=ROOT, check=True
    )
    document = re.search(r"^D=(\w+)", script, re.MULTILINE)
    assert document is not None
    result = seeded("import", str(second), "--replaces", document[1])
    expected = printed.strip("\n").splitlines()
    assert result.stdout.splitlines()[:2] == expected[:2]
    assert result.stdout.splitlines()[2].split()[2:] == expected[2].split()[2:]
