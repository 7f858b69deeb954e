"""Blind mode and the team's settings from the command line, and each reviewer's "done" status.

Two reviewers tag the seeds differently; with blind mode on, each sees only their own work in
every verb that shows work (stats, docs, search filters, relations, every export format), a
curator sees both, and switching blind mode off shows both again.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.export import FORMAT_MODULES
from tests.conftest import SEEDS, Cli
from tests.exports import counts, passages_of, tag

ALICE_CONCEPTS = ("controle-restreint", "principe-precaution")
BOB_CONCEPTS = ("detournement-pouvoir", "erreur-manifeste-appreciation")
"""Concept ids no seed text contains, so an export holding one holds that reviewer's tag."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Alice and Bob tag the seeds differently, a whole passage and a span each (both tag the
    first document's second passage), and link their own tags; Alice also links her tag to
    one of Bob's. Built once: each test works on a copy."""
    seeded = Cli(tmp_path_factory.mktemp("team") / "annotations.db")
    seeded("import", str(SEEDS))
    listed = passages_of(seeded)
    first, fourth, other = listed[1]["id"], listed[3]["id"], listed[6]["id"]
    ids = {
        "a1": tag(seeded, first, ALICE_CONCEPTS[0]),
        "a2": tag(seeded, fourth, ALICE_CONCEPTS[1], "--start", "0", "--end", "20"),
        "b1": tag(seeded, first, BOB_CONCEPTS[0], reviewer="bob"),
        "b2": tag(seeded, other, BOB_CONCEPTS[1], "--start", "0", "--end", "30", reviewer="bob"),
        "first_document": listed[1]["document"],
        "other_document": listed[6]["document"],
        "other_passage": other,
    }
    ids["alice_link"] = _relate(seeded, ids["a1"], ids["a2"], "alice")
    ids["bob_link"] = _relate(seeded, ids["b1"], ids["b2"], "bob")
    ids["cross_link"] = _relate(seeded, ids["a1"], ids["b1"], "alice")
    return seeded.db, ids


@pytest.fixture
def team(cli: Cli, template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    """The ids of ``template``'s tags and links, in a copy of its database at ``cli.db``."""
    source, ids = template
    with sqlite3.connect(source) as original, sqlite3.connect(cli.db) as copy:
        original.backup(copy)
    return ids


def _relate(cli: Cli, source: str, target: str, reviewer: str) -> str:
    (record,) = cli.json("relate", source, target, "supports", reviewer=reviewer)
    return str(record["id"])


def _error(cli: Cli, *args: str, reviewer: str | None = None) -> str:
    """The one ``error:`` line of a refused command (exit 1, nothing on stdout or written)."""
    before = counts(cli)
    result = cli(*args, reviewer=reviewer, ok=False)
    assert (result.exit_code, result.stdout) == (1, "")
    (line,) = result.stderr.splitlines()
    assert counts(cli) == before
    return line


# -- settings ------------------------------------------------------------------------------


@pytest.mark.usefixtures("team")
def test_settings_lists_each_setting_with_its_value_and_meaning(cli: Cli) -> None:
    assert cli.json("settings") == [
        {"name": "blind", "value": "off"},
        {"name": "gold", "value": "gold"},
        {"name": "curators", "value": []},
    ]
    lines = cli("settings").stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["blind", "off"],
        ["gold", "gold"],
        ["curators", "(none)"],
    ]
    assert "sees only their own work" in lines[0]


@pytest.mark.usefixtures("team")
def test_settings_set_one_says_what_changed_and_undo_puts_it_back(cli: Cli) -> None:
    assert cli("settings", "blind", "on").stdout == "blind: off -> on\n"
    assert cli("settings", "blind", "on").stdout == "blind is already on\n"
    assert cli("settings", "blind", "off").stdout == "blind: on -> off\n"
    assert cli("settings", "gold", "off").stdout == "gold: gold -> off\n"
    changed = cli("settings", "curators", "carol, dave,carol")
    assert changed.stdout == "curators: (none) -> carol, dave\n"
    assert cli.json("settings", "curators") == [{"name": "curators", "value": ["carol", "dave"]}]
    assert cli("settings", "curators", "").stdout == "curators: carol, dave -> (none)\n"
    store = cli.store()
    undone = store.undo("alice")
    assert undone is not None
    assert undone.description == "undo setting"
    assert store.curators() == ["carol", "dave"]
    store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("colour", "red"), "error: no setting 'colour' (settings: blind, gold, curators)"),
        (("colour",), "error: no setting 'colour' (settings: blind, gold, curators)"),
        (("blind", "yes"), "error: blind is on or off, not 'yes'"),
        (("gold", " "), "error: gold needs a reviewer's name on one line, not ' '"),
    ],
)
@pytest.mark.usefixtures("team")
def test_settings_refuses_an_unknown_setting_or_a_bad_value(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    assert _error(cli, "settings", *args) == message


# -- done ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("team")
def test_done_marks_a_document_finished_for_the_reviewer_and_docs_lists_who(
    cli: Cli,
) -> None:
    first, other = (document["id"] for document in cli.json("docs"))
    assert cli("done", first).stdout == f"{first} marked finished for alice\n"
    assert cli("done", first).stdout == f"{first} was already marked finished for alice\n"
    cli("done", first, reviewer="bob")
    listed = {document["id"]: document for document in cli.json("docs")}
    assert (listed[first]["done"], listed[other]["done"]) == (["alice", "bob"], [])
    assert {"id", "title", "passages", "annotated"} <= set(listed[first])
    assert "(done: alice, bob)" in cli("docs").stdout
    assert cli("done", "--undo", first).stdout == f"{first} marked not finished for alice\n"
    assert cli("done", "--undo", first).stdout == (f"{first} was not marked finished for alice\n")
    assert cli.json("docs")[0]["done"] == ["bob"]


@pytest.mark.usefixtures("team")
def test_done_is_undoable_and_refuses_an_unknown_document(cli: Cli) -> None:
    first = cli.json("docs")[0]["id"]
    cli("done", first)
    store = cli.store()
    undone = store.undo("alice")
    assert undone is not None
    assert undone.description == "undo document status"
    assert not store.is_done(first, "alice")
    store.redo("alice")
    assert store.is_done(first, "alice")
    store.close()
    assert _error(cli, "done", "nowhere") == (
        "error: no document 'nowhere' (list them with `annotator docs`)"
    )


# -- blind mode: what each verb shows ------------------------------------------------------


def _stats(cli: Cli, reviewer: str) -> tuple[int, list[str], dict[str, int]]:
    (figures,) = cli.json("stats", reviewer=reviewer)
    used = {count["id"]: count["annotations"] for count in figures["concepts"]}
    reviewers = [count["id"] for count in figures["reviewers"]]
    return figures["annotations"], reviewers, {k: v for k, v in used.items() if v}


def test_blind_stats_and_docs_count_only_the_reviewers_own_work(
    cli: Cli, team: dict[str, str]
) -> None:
    cli("settings", "blind", "on")
    assert _stats(cli, "alice") == (2, ["alice"], dict.fromkeys(ALICE_CONCEPTS, 1))
    assert _stats(cli, "bob") == (2, ["bob"], dict.fromkeys(BOB_CONCEPTS, 1))
    annotated = {doc["id"]: doc["annotated"] for doc in cli.json("docs", reviewer="bob")}
    assert annotated == {team["first_document"]: 1, team["other_document"]: 1}
    cli("settings", "curators", "carol")
    assert _stats(cli, "carol")[:2] == (4, ["alice", "bob"])
    cli("settings", "blind", "off")
    assert _stats(cli, "alice")[:2] == (4, ["alice", "bob"])


def test_blind_relations_lists_only_links_between_the_reviewers_own_tags(
    cli: Cli, team: dict[str, str]
) -> None:
    everything = {team["alice_link"], team["bob_link"], team["cross_link"]}
    cli("settings", "blind", "on")
    assert [r["id"] for r in cli.json("relations")] == [team["alice_link"]]
    assert [r["id"] for r in cli.json("relations", reviewer="bob")] == [team["bob_link"]]
    assert _error(cli, "relations", "--reviewer", "bob") == (
        "error: blind mode is on: alice sees only their own work, not bob's (curators see "
        "everyone's: `annotator settings curators NAMES`)"
    )
    cli("settings", "curators", "carol")
    assert {r["id"] for r in cli.json("relations", reviewer="carol")} == everything
    cli("settings", "blind", "off")
    assert {r["id"] for r in cli.json("relations")} == everything


def _found(cli: Cli, reviewer: str, *options: str) -> set[str]:
    hits = cli.json("search", "baclofène", "--limit", "50", *options, reviewer=reviewer)
    return {hit["passage"] for hit in hits}


def test_blind_search_filters_look_only_at_the_reviewers_own_tags(
    cli: Cli, team: dict[str, str]
) -> None:
    bobs = ("--concept", BOB_CONCEPTS[1])
    untagged = ("--untagged", "--doc", team["other_document"])
    cli("settings", "blind", "on")
    assert _found(cli, "alice", *bobs) == set()
    assert _found(cli, "bob", *bobs) == {team["other_passage"]}
    assert team["other_passage"] in _found(cli, "alice", *untagged)
    assert team["other_passage"] not in _found(cli, "bob", *untagged)
    assert _error(cli, "search", "baclofène", "--reviewer", "bob").startswith(
        "error: blind mode is on: alice sees only their own work, not bob's"
    )
    assert _found(cli, "bob", "--reviewer", "bob")  # one's own work is no secret
    cli("settings", "curators", "alice")
    assert _found(cli, "alice", *bobs) == {team["other_passage"]}
    cli("settings", "curators", "")
    cli("settings", "blind", "off")
    assert _found(cli, "alice", *bobs) == {team["other_passage"]}
    assert team["other_passage"] not in _found(cli, "alice", *untagged)


SCHEME_FILES = {"annotation.conf", "visual.conf", "TypeSystem.xml"}
"""Files of folder formats (brat, XMI) that describe the whole scheme, not the tags."""


def _exported(cli: Cli, tmp_path: Path, format_: str, reviewer: str) -> str:
    """What ``export --format F`` wrote (every file of a folder format but its scheme's)."""
    target = tmp_path / f"{format_}-{reviewer}"
    cli("export", "--format", format_, "-o", str(target), "--force", reviewer=reviewer)
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    return "\n".join(path.read_text("utf-8") for path in files if path.name not in SCHEME_FILES)


@pytest.mark.parametrize("format_", list(FORMAT_MODULES))
def test_blind_export_writes_only_the_reviewers_annotations_and_links_in_every_format(
    cli: Cli, team: dict[str, str], tmp_path: Path, format_: str
) -> None:
    # AIF and DOT draw links (ends named by annotation id); the others write tags (concept ids)
    graph = format_ in ("aif", "dot")
    alices: tuple[str, ...] = (team["a1"], team["a2"]) if graph else ALICE_CONCEPTS
    bobs: tuple[str, ...] = (team["b1"], team["b2"]) if graph else BOB_CONCEPTS
    if format_ == "conll":  # a whole-passage tag labels no token: the spans' concepts only
        alices, bobs = alices[1:], bobs[1:]
    cli("settings", "blind", "on")
    written = _exported(cli, tmp_path, format_, "alice")
    assert all(mine in written for mine in alices)
    assert not any(theirs in written for theirs in bobs)
    cli("settings", "curators", "carol")
    written = _exported(cli, tmp_path, format_, "carol")
    assert all(item in written for item in (*alices, *bobs))


def test_blind_jsonl_export_keeps_links_only_between_the_reviewers_own_tags(
    cli: Cli, team: dict[str, str]
) -> None:
    cli("settings", "blind", "on")
    lines = [line for line in cli("export", "--format", "jsonl").stdout.splitlines() if line]
    records = [json.loads(line) for line in lines]
    reviewers = {a["reviewer"] for record in records for a in record["annotations"]}
    links = [r["id"] for record in records for r in record["relations"]]
    assert (reviewers, links) == ({"alice"}, [team["alice_link"]])
    assert _error(cli, "export", "--format", "jsonl", "--reviewer", "bob").startswith(
        "error: blind mode is on: alice sees only their own work"
    )
