"""The public command-line contract (DESIGN §5): verbs, JSON Lines, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from click.utils import make_default_short_help

from annotator.cli import main
from annotator.cli.verbs import VERBS
from schemas import Action
from tests.conftest import ROOT, SEEDS, Cli

PASSAGE_KEYS = {"id", "document", "seq", "start", "end", "kind", "label", "page", "text"}
DOC_KEYS = {"id", "title", "passages", "annotated", "orphans", "done"}
CONCEPT_KEYS = {"id", "label", "parent", "key", "aliases"}
STATS_KEYS = [
    "documents",
    "passages",
    "annotated_passages",
    "annotations",
    "concepts",
    "reviewers",
    "orphans",
    "coverage",
]
COUNT_KEYS = ["id", "label", "annotations", "passages"]
MISSION_CONCEPTS = {"rep": "1", "controle-restreint": "2", "rtu-substitution-amm": "3"}


def run(args: list[str], env: dict[str, str]) -> Result:
    """``annotator ARGS`` with environment variables set, and no --db/--reviewer added."""
    return CliRunner().invoke(main, args, env=env)


def json_lines(result: Result) -> list[dict[str, Any]]:
    """Every stdout line, each a JSON object, read from the raw UTF-8 bytes."""
    text = result.stdout_bytes.decode("utf-8")
    assert text.endswith("\n") or text == ""
    records = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(record, dict) for record in records)
    return records


def error_line(result: Result, status: int = 1) -> str:
    """The one ``error:`` line of a failed command, which printed nothing on stdout."""
    assert result.exit_code == status, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert lines[-1] == errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert "Usage:" not in result.stderr
    return errors[0]


@pytest.fixture
def passage(seeded: Cli) -> dict[str, Any]:
    """The commentary's résumé paragraph, as `passages --json` lists it."""
    return next(p for p in seeded.json("passages") if p["text"].startswith("Si le baclofène"))


def test_import_then_passages_lists_both_documents_in_reading_order(seeded: Cli) -> None:
    listed = seeded.json("passages")
    assert all(set(record) == PASSAGE_KEYS for record in listed)
    documents = list(dict.fromkeys(record["document"] for record in listed))
    assert len(documents) == 2
    store = seeded.store()
    for document in documents:
        mine = [record for record in listed if record["document"] == document]
        assert [record["seq"] for record in mine] == list(range(len(mine)))
        assert [record["start"] for record in mine] == sorted(record["start"] for record in mine)
        (clean_text,) = store.db.execute(
            "SELECT clean_text FROM documents WHERE id = ?", [document]
        ).fetchone()
        for record in mine:
            assert clean_text[record["start"] : record["end"]] == record["text"]
    assert len(listed) == 14


def test_passages_of_one_document_with_doc_option(seeded: Cli) -> None:
    (commentary,) = [d for d in seeded.json("docs") if d["passages"] == 4]
    listed = seeded.json("passages", "--doc", commentary["id"])
    assert [record["text"][:8] for record in listed] == [
        "Résumé",
        "Si le ba",
        "Abstract",
        "If Baclo",
    ]
    assert error_line(seeded("passages", "--doc", "nope", ok=False)).startswith(
        "error: no document 'nope'"
    )


def test_import_json_reports_each_document(cli: Cli) -> None:
    records = cli.json("import", str(SEEDS))
    assert {record["passages"] for record in records} == {4, 10}
    assert all({"document", "title", "passages"} <= set(record) for record in records)
    assert all(record["added"] is True for record in records)
    assert "Baclofène : le Conseil d'État et la modification de la RTU (résumé et abstract)" in {
        record["title"] for record in records
    }


def test_docs_lists_titles_and_progress(seeded: Cli, passage: dict[str, Any]) -> None:
    before = seeded.json("docs")
    assert all(set(record) == DOC_KEYS for record in before)
    assert sorted(record["passages"] for record in before) == [4, 10]
    assert all(record["annotated"] == 0 for record in before)
    seeded("tag", passage["id"], "rep")
    seeded("tag", passage["id"], "moyen")
    after = {record["id"]: record["annotated"] for record in seeded.json("docs")}
    assert after[passage["document"]] == 1


def test_concepts_lists_the_scheme_with_hotkeys(seeded: Cli) -> None:
    listed = seeded.json("concepts")
    assert all(set(record) >= CONCEPT_KEYS for record in listed)
    by_id = {record["id"]: record for record in listed}
    for concept_id, key in MISSION_CONCEPTS.items():
        assert by_id[concept_id]["key"] == key
    assert by_id["rep"]["parent"] == "remedies"
    assert by_id["rep"]["label"] == "Recours pour excès de pouvoir"
    assert "REP" in by_id["rep"]["aliases"]
    assert by_id["remedies"]["parent"] is None


def test_tag_whole_passage_prints_the_annotation_and_stores_the_reviewer(
    seeded: Cli, passage: dict[str, Any]
) -> None:
    (record,) = seeded.json("tag", passage["id"], "rep", reviewer="bob")
    assert record["id"]
    assert record["start"] is None
    assert record["end"] is None
    assert record["quote"] == passage["text"]
    stored = seeded.store().annotation(record["id"])
    assert stored is not None
    assert (stored.passage, stored.concept, stored.reviewer) == (passage["id"], "rep", "bob")


def test_tag_span_with_note_keeps_offsets_quote_and_note(
    seeded: Cli, passage: dict[str, Any]
) -> None:
    text = passage["text"]
    start = text.index("l’alcoolo-dépendance")
    end = start + len("l’alcoolo-dépendance")
    (record,) = seeded.json(
        "tag",
        passage["id"],
        "fait",
        "--start",
        str(start),
        "--end",
        str(end),
        "--note",
        "domaine « modeste »",
    )
    stored = seeded.store().annotation(record["id"])
    assert stored is not None
    assert (stored.start, stored.end) == (start, end)
    assert stored.quote == "l’alcoolo-dépendance"
    assert stored.note == "domaine « modeste »"
    assert text[:start].endswith(stored.prefix)
    assert text[end:].startswith(stored.suffix)
    assert stored.reviewer == "alice"


def test_reviewer_comes_from_annotator_reviewer_variable(
    seeded: Cli, passage: dict[str, Any]
) -> None:
    result = run(
        ["--db", str(seeded.db), "tag", passage["id"], "rep", "--json"],
        {"ANNOTATOR_REVIEWER": "carole"},
    )
    assert result.exit_code == 0, result.output
    (record,) = json_lines(result)
    assert record["reviewer"] == "carole"
    assert [entry.reviewer for entry in seeded.store().history(record["id"])] == ["carole"]


def test_reviewer_option_wins_over_the_variable(seeded: Cli, passage: dict[str, Any]) -> None:
    result = run(
        ["--db", str(seeded.db), "--reviewer", "dan", "tag", passage["id"], "rep", "--json"],
        {"ANNOTATOR_REVIEWER": "carole"},
    )
    (record,) = json_lines(result)
    assert record["reviewer"] == "dan"


def test_tag_is_recorded_in_the_history_with_reviewer_and_after(
    seeded: Cli, passage: dict[str, Any]
) -> None:
    (record,) = seeded.json("tag", passage["id"], "rep", reviewer="bob")
    (entry,) = seeded.store().history(record["id"])
    assert entry.action is Action.CREATE
    assert entry.reviewer == "bob"
    assert entry.entity == "annotations"
    assert entry.before is None
    assert entry.after is not None
    assert entry.after["id"] == record["id"]
    assert entry.after["concept"] == "rep"


def test_tagging_the_same_thing_twice_returns_the_same_annotation(
    seeded: Cli, passage: dict[str, Any]
) -> None:
    (first,) = seeded.json("tag", passage["id"], "rep")
    (second,) = seeded.json("tag", passage["id"], "rep")
    assert second["id"] == first["id"]
    (span_one,) = seeded.json("tag", passage["id"], "rep", "--start", "0", "--end", "5")
    (span_two,) = seeded.json("tag", passage["id"], "rep", "--start", "0", "--end", "5")
    assert span_one["id"] == span_two["id"] != first["id"]
    store = seeded.store()
    assert len(list(store.annotations())) == 2
    assert len(list(store.history())) == 2


def test_untag_removes_the_annotation_and_records_a_delete(
    seeded: Cli, passage: dict[str, Any]
) -> None:
    (record,) = seeded.json("tag", passage["id"], "rep")
    result = seeded("untag", record["id"], "--force", reviewer="bob")  # alice's: needs --force
    assert record["id"] in result.stdout
    store = seeded.store()
    assert store.annotation(record["id"]) is None
    created, deleted = store.history(record["id"])
    assert created.action is Action.CREATE
    assert deleted.action is Action.DELETE
    assert deleted.reviewer == "bob"
    assert deleted.before is not None
    assert deleted.before["id"] == record["id"]
    assert deleted.after is None
    assert error_line(seeded("untag", record["id"], ok=False)).startswith(
        f"error: no annotation '{record['id']}'"
    )


@pytest.mark.parametrize(
    ("extra", "status", "says"),
    [
        (["--concept", "nope"], 1, "no concept 'nope'"),
        (["--passage", "nope"], 1, "no passage 'nope'"),
        (["--start", "5", "--end", "100000"], 1, "outside passage"),
        (["--start", "5", "--end", "5"], 1, "outside passage"),
        (["--start", "6", "--end", "5"], 1, "outside passage"),
        (["--start", "5"], 2, "--start and --end go together"),
        (["--end", "5"], 2, "--start and --end go together"),
        (["--start", "-1", "--end", "5"], 2, "--start"),
    ],
    ids=[
        "unknown-concept",
        "unknown-passage",
        "end-past-passage",
        "empty-span",
        "reversed-span",
        "start-without-end",
        "end-without-start",
        "negative-start",
    ],
)
def test_tag_refuses_bad_input_with_one_error_line(
    seeded: Cli, passage: dict[str, Any], extra: list[str], status: int, says: str
) -> None:
    passage_id, concept = passage["id"], "rep"
    options: list[str] = []
    iterator = iter(extra)
    for option in iterator:
        value = next(iterator)
        if option == "--concept":
            concept = value
        elif option == "--passage":
            passage_id = value
        else:
            options += [option, value]
    result = seeded("tag", passage_id, concept, *options, ok=False)
    assert says in error_line(result, status)
    assert list(seeded.store().annotations()) == []


def test_stats_json_counts_per_concept_and_reviewer(seeded: Cli, passage: dict[str, Any]) -> None:
    seeded("tag", passage["id"], "rep")
    seeded("tag", passage["id"], "rep", "--start", "0", "--end", "5", reviewer="bob")
    seeded("tag", passage["id"], "moyen", reviewer="bob")
    (record,) = seeded.json("stats")
    assert (record["documents"], record["passages"], record["annotations"]) == (2, 14, 3)
    assert list(record) == STATS_KEYS
    for count in (*record["concepts"], *record["reviewers"]):
        assert list(count) == COUNT_KEYS
    per_concept = {count["id"]: count["annotations"] for count in record["concepts"]}
    assert per_concept["rep"] == 2
    assert per_concept["moyen"] == 1
    assert per_concept["controle-restreint"] == 0
    # a concept's id is the one `concepts --json` lists, with the same label
    labels = {concept["id"]: concept["label"] for concept in seeded.json("concepts")}
    assert {count["id"]: count["label"] for count in record["concepts"]} == labels
    per_reviewer = {count["id"]: count["annotations"] for count in record["reviewers"]}
    assert per_reviewer == {"alice": 1, "bob": 2}


def test_no_verb_on_a_new_database_imports_the_seeds_and_shows_stats(cli: Cli) -> None:
    assert not cli.db.exists()
    result = cli()
    assert "2 documents, 14 passages" in result.stdout
    assert "imported" in result.stderr
    assert len(cli.store().documents()) == 2
    again = cli()  # an existing database is not seeded twice
    assert "imported" not in again.stderr
    assert "2 documents, 14 passages" in again.stdout


def test_database_chosen_with_annotator_db_variable(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    result = run(["--reviewer", "eve", "import", str(SEEDS), "--json"], {"ANNOTATOR_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert len(json_lines(result)) == 2
    assert len(Cli(db).json("docs")) == 2


def test_json_output_is_only_utf8_json_lines(cli: Cli) -> None:
    imported = cli("import", str(SEEDS), "--json")
    assert "2 documents imported" in imported.stderr  # remarks and progress go to stderr
    assert len(json_lines(imported)) == 2
    for verb in (["docs"], ["passages"], ["concepts"], ["stats"]):
        result = cli(*verb, "--json")
        records = json_lines(result)
        assert records, verb
        assert result.stderr == ""
    raw = cli("passages", "--json").stdout_bytes
    assert "excès".encode() in raw  # UTF-8 as is, not \\u escapes


def test_text_is_data_in_listings(cli: Cli, write_file: Callable[[str, bytes], Path]) -> None:
    text = "Le texte [bold]gras[/] et \x1b[31mrouge\x1b[0m reste tel quel."
    cli("import", str(write_file("markup.txt", (text + "\n").encode("utf-8"))))
    (record,) = cli.json("passages")
    assert record["text"] == text
    shown = cli("passages").stdout
    assert "\x1b" not in shown
    assert "[bold]gras[/]" in shown
    assert "␛[31m" in shown


def test_blank_reviewer_is_refused(cli: Cli) -> None:
    assert "--reviewer" in error_line(cli("docs", reviewer=" ", ok=False))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--bogus"], "No such option"),
        (["frobnicate"], "No such command"),
        (["import"], "Missing argument"),
        (["passages", "--limit", "3"], "No such option"),
    ],
    ids=["unknown-option", "unknown-verb", "missing-argument", "unknown-verb-option"],
)
def test_usage_errors_are_one_error_line_with_status_2(
    cli: Cli, args: list[str], says: str
) -> None:
    line = error_line(cli(*args, ok=False), status=2)
    assert says in line
    assert "--help" in line


def test_help_and_version_still_work(cli: Cli) -> None:
    assert "Usage:" in cli("--help").stdout
    assert "tag" in cli("--help").stdout
    assert cli("--version").stdout.startswith("annotator, version ")


def test_help_lists_every_verb_with_the_short_help_of_its_docstring(cli: Cli) -> None:
    shown = cli("--help").stdout
    for verb in VERBS:
        command = main.get_command(click.Context(main), verb.name)
        assert command is not None
        for limit in (45, 65, 200):  # what `--help` shows, as wide as the terminal allows
            kept = make_default_short_help(verb.short_help, limit)
            assert kept == command.get_short_help_str(limit), verb.name
        assert f"  {verb.name} " in shown
    assert sorted(main.list_commands(click.Context(main))) == sorted(v.name for v in VERBS)


def imported_modules(*args: str) -> set[str]:
    """The modules a fresh ``annotator ARGS`` process has imported when it ends."""
    script = (
        "import sys\n"
        "from annotator.cli import main\n"
        f"main({list(args)!r}, standalone_mode=False)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(result.stdout.splitlines())


HEAVY = ("textual", "rapidfuzz", "annotator.importer", "annotator.search", "annotator.export")
"""What a verb that only lists documents has no use for: the UI, the search engine, the
importer and its readers, the exports."""


def test_help_imports_no_verb(tmp_path: Path) -> None:
    modules = imported_modules("--help")
    verb_modules = {verb.module for verb in VERBS}
    assert not verb_modules & modules
    assert "annotator.store" not in modules
    assert not [name for name in modules if name.startswith(HEAVY)]


def test_docs_imports_only_what_it_needs(seeded: Cli) -> None:
    modules = imported_modules("--db", str(seeded.db), "docs")
    assert "annotator.cli.corpus" in modules
    assert not [name for name in modules if name.startswith(HEAVY)]
    assert not [name for name in modules if name.startswith("corpus")]
