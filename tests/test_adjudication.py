"""Adjudication into the gold layer, from the store and the command line: accept, reject,
relations with their ends, the agreed items in one step, undo of each, and who may do it.

Alice and Bob tag the seeds: on passage §2 of the first document both tag *motif* (agreed)
and a *règle* span that differs by one character (disputed), Alice adds *fait* alone
(disputed) and links her règle to her motif; on the second document both tag *moyen* on one
passage (agreed). Carol adjudicates.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import UserError
from annotator.store import Store
from annotator.store.adjudication_reads import passage_found, passage_state
from annotator.store.adjudication_tally import Row, tally
from annotator.store.annotations import insert_annotation
from annotator.store.relations import insert_relation
from corpus import parse_text
from tests.conftest import SEEDS, Cli
from tests.exports import passages_of, tag

NOTE = "cf. CE 2019 [à vérifier]"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The two reviewers' work (see the module), built once; each test works on a copy."""
    seeded = Cli(tmp_path_factory.mktemp("adjudication") / "annotations.db")
    seeded("import", str(SEEDS))
    listed = passages_of(seeded)
    first = listed[1]["document"]
    mine = [p["id"] for p in listed if p["document"] == first]
    other = next(p["id"] for p in listed if p["document"] != first)
    ids = {
        "passage": mine[1],
        "other_passage": mine[2],
        "second_document_passage": other,
        "a_motif": tag(seeded, mine[1], "motif", "--note", NOTE),
        "b_motif": tag(seeded, mine[1], "motif", reviewer="bob"),
        "a_regle": tag(seeded, mine[1], "regle", "--start", "0", "--end", "10"),
        "b_regle": tag(seeded, mine[1], "regle", "--start", "0", "--end", "11", reviewer="bob"),
        "a_fait": tag(seeded, mine[2], "fait"),
        "b_other": tag(seeded, mine[3], "solution", reviewer="bob"),
        "a_moyen": tag(seeded, other, "moyen"),
        "b_moyen": tag(seeded, other, "moyen", "--note", "sic", reviewer="bob"),
    }
    (link,) = seeded.json("relate", ids["a_regle"], ids["a_motif"], "supports")
    ids["a_link"] = link["id"]
    return seeded.db, ids


@pytest.fixture
def work(cli: Cli, template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    """The ids of the template's tags, in a copy of its database at ``cli.db``."""
    source, ids = template
    with sqlite3.connect(source) as original, sqlite3.connect(cli.db) as copy:
        original.backup(copy)
    return ids


@pytest.fixture
def store(cli: Cli, work: dict[str, str]) -> Iterator[Store]:
    opened = cli.store()
    yield opened
    opened.close()


def gold_rows(store: Store) -> list[dict[str, Any]]:
    """The gold layer's annotations, as (passage, concept, start, end, note)."""
    return [
        {"passage": a.passage, "concept": a.concept, "span": (a.start, a.end), "note": a.note}
        for a in store.annotations()
        if a.reviewer == "gold"
    ]


def decisions(store: Store) -> dict[str, tuple[str, str | None]]:
    """Each decided item's decision and gold copy."""
    rows = store.db.execute("SELECT item, decision, result FROM adjudications")
    return {item: (decision, result) for item, decision, result in rows}


def gold_id(store: Store, concept: str) -> str:
    (found,) = [a.id for a in store.annotations() if a.reviewer == "gold" and a.concept == concept]
    return found


# -- who agrees on what ----------------------------------------------------------------------


def test_an_item_is_agreed_only_when_every_compared_reviewer_has_it() -> None:
    key = ("p", "motif", None, None)
    both = tally(
        frozenset({"alice", "bob"}),
        "gold",
        [Row("a", key, "alice", None), Row("b", key, "bob", None)],
        [],
    )
    assert both.items["a"].agreed
    assert not both.state.disputed
    alone = tally(frozenset({"alice", "bob"}), "gold", [Row("a", key, "alice", None)], [])
    assert not alone.items["a"].agreed
    assert (alone.state.disputed, alone.state.resolved) == (True, False)
    single = tally(frozenset({"alice"}), "gold", [Row("a", key, "alice", None)], [])
    assert not single.items["a"].agreed  # one reviewer has nobody to agree with
    in_gold = tally(
        frozenset({"alice", "bob"}),
        "gold",
        [Row("a", key, "alice", None), Row("g", key, "gold", None)],
        [],
    )
    assert in_gold.state.resolved
    assert "g" not in in_gold.items  # the gold layer's annotation is not an item


def test_progress_counts_the_disputed_passages_and_the_resolved_ones(
    cli: Cli, work: dict[str, str]
) -> None:
    (before,) = cli.json("adjudicate", reviewer="carol")
    assert before == {
        "gold": "gold",
        "reviewers": ["alice", "bob"],
        "copied": {"annotations": 0, "relations": 0},
        "skipped": 0,
        "disputed": 3,  # §2 (règle spans, the link), §3 (fait), §4 (solution)
        "resolved": 0,
    }
    assert cli("adjudicate", reviewer="carol").stdout == (
        "0 of 3 disputed passages resolved (gold layer: gold; compared: alice, bob)\n"
    )


REVIEWERS = ("ana", "ben", "cy", "gold")
KEYS = [(concept, span) for concept in ("motif", "regle") for span in (None, (0, 3), (0, 4))]
"""The items random reviewers draw from: two concepts, the whole passage or two spans."""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Three short passages in one document, to fill with random work."""
    from schemas import bundled_scheme_text, load_bundled_scheme

    opened = Store.open(tmp_path_factory.mktemp("random") / "random.db")
    opened.install_scheme(load_bundled_scheme(), bundled_scheme_text())
    text = "Un motif.\n\nUne règle.\n\nUne solution.\n"
    opened.add_documents([parse_text(text, "small.txt", "utf-8")], "importer")
    yield opened
    opened.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_sql_count_and_the_item_verdicts_agree(small: Store, data: st.DataObject) -> None:
    """The walk and the count judge passages in SQL; the screen judges items in Python:
    on any work of three reviewers and a gold layer, both say the same of every passage."""
    db = small.db
    for table in ("adjudications", "relations", "annotations"):
        db.execute(f"DELETE FROM {table}")
    passages = [p.id for p in small.passages()]
    made: list[tuple[str, str, str]] = []
    for reviewer in REVIEWERS:
        for index, passage in enumerate(passages):
            drawn = data.draw(st.sets(st.sampled_from(range(len(KEYS))), max_size=3))
            for number in sorted(drawn):
                concept, span = KEYS[number]
                row: dict[str, Any] = {
                    "id": f"{reviewer}-{index}-{number}",
                    "passage": passage,
                    "concept": concept,
                    "start": span[0] if span else None,
                    "end": span[1] if span else None,
                    "quote": "",
                    "prefix": "",
                    "suffix": "",
                    "note": None,
                    "reviewer": reviewer,
                    "created": "2026-01-01T00:00:00.000Z",
                }
                insert_annotation(db, row)
                made.append((str(row["id"]), reviewer, passage))
    orphans = (
        data.draw(st.sets(st.sampled_from([m[0] for m in made]), max_size=2)) if made else set()
    )
    for orphan in orphans:
        db.execute("UPDATE annotations SET anchor = 'orphan' WHERE id = ?", [orphan])
    links = data.draw(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=6))
    for number, (source, target) in enumerate(links):
        if made and made[source % len(made)][0] != made[target % len(made)][0]:
            insert_relation(
                db,
                {
                    "id": f"link-{number}",
                    "type": "supports",
                    "source": made[source % len(made)][0],
                    "target": made[target % len(made)][0],
                    "reviewer": made[source % len(made)][1],
                    "created": "2026-01-01T00:00:00.000Z",
                },
            )
    items = [m[0] for m in made] + [f"link-{n}" for n in range(len(links))]
    for item in data.draw(st.sets(st.sampled_from(items), max_size=12)) if items else set():
        decision = data.draw(st.sampled_from(["accepted", "rejected"]))
        db.execute(
            "INSERT INTO adjudications (id, gold, entity, item, passage, decision, reviewer, "
            "created) VALUES (?, 'gold', 'annotations', ?, '', ?, 'carol', '')",
            [f"decision-{item}", item, decision],
        )
    present = {reviewer for _, reviewer, _ in made} - {"gold"}
    chosen = data.draw(st.sampled_from([None, ["ana", "ben"], ["ana"]]))
    if chosen is not None and not set(chosen) <= present:
        chosen = None
    scope = small.adjudication_scope("carol", chosen)
    for passage in passages:
        found = passage_found(db, scope, passage)
        assert found is not None
        assert passage_state(db, scope, passage) == found.tally.state


# -- the agreed items ------------------------------------------------------------------------


def test_agreed_copies_every_unanimous_item_into_gold_once(cli: Cli, work: dict[str, str]) -> None:
    (first,) = cli.json("adjudicate", "--agreed", reviewer="carol")
    assert first["copied"] == {"annotations": 2, "relations": 0}
    assert first["skipped"] == 0
    store = cli.store()
    assert sorted(gold_rows(store), key=lambda row: row["concept"]) == [
        {"passage": work["passage"], "concept": "motif", "span": (None, None), "note": NOTE},
        {
            "passage": work["second_document_passage"],
            "concept": "moyen",
            "span": (None, None),
            "note": "sic",  # only Bob wrote a note: it is kept
        },
    ]
    motif = gold_id(store, "motif")
    assert decisions(store)[work["a_motif"]] == ("accepted", motif)
    assert decisions(store)[work["b_motif"]] == ("accepted", motif)
    (again,) = cli.json("adjudicate", "--agreed", reviewer="carol")
    assert again["copied"] == {"annotations": 0, "relations": 0}
    assert again["skipped"] == 2
    assert len(gold_rows(cli.store())) == 2


def test_agreed_is_one_change_that_undo_takes_back_whole(store: Store, cli: Cli) -> None:
    cli("adjudicate", "--agreed", reviewer="carol")
    changes = store.db.execute(
        "SELECT count(DISTINCT change) FROM history WHERE reviewer = 'carol'"
    )
    assert changes.fetchone()[0] == 1
    reverted = store.undo("carol")
    assert reverted is not None
    assert gold_rows(store) == []
    assert decisions(store) == {}


def test_agreed_on_one_document(cli: Cli, work: dict[str, str]) -> None:
    listed = passages_of(cli)
    other = next(p for p in listed if p["id"] == work["second_document_passage"])["document"]
    (done,) = cli.json("adjudicate", "--agreed", "--doc", other, reviewer="carol")
    assert done["copied"]["annotations"] == 1
    assert [row["concept"] for row in gold_rows(cli.store())] == ["moyen"]


def test_a_reviewer_alone_in_a_document_agrees_with_nobody(cli: Cli, work: dict[str, str]) -> None:
    (done,) = cli.json("adjudicate", "--agreed", "--reviewers", "alice", reviewer="carol")
    assert done["copied"] == {"annotations": 0, "relations": 0}
    assert done["reviewers"] == ["alice"]


def test_the_export_of_the_gold_reviewer_is_exactly_the_gold_layer(
    cli: Cli, work: dict[str, str]
) -> None:
    cli("adjudicate", "--agreed", reviewer="carol")
    store = cli.store()
    store.accept(store.adjudication_scope("carol"), work["a_link"], "carol")
    exported = [
        json.loads(line)
        for line in cli("export", "--format", "jsonl", "--reviewer", "gold").stdout.splitlines()
    ]
    annotations = {a["id"] for record in exported for a in record["annotations"]}
    relations = {r["id"] for record in exported for r in record["relations"]}
    gold = {a.id for a in store.annotations() if a.reviewer == "gold"}
    assert annotations == gold
    assert {a["reviewer"] for record in exported for a in record["annotations"]} == {"gold"}
    assert relations == {r.id for r in store.relations(reviewer="gold")}
    assert len(relations) == 1


# -- deciding one item -----------------------------------------------------------------------


def test_accept_copies_the_item_and_decides_it_for_whoever_has_it(
    store: Store, work: dict[str, str]
) -> None:
    scope = store.adjudication_scope("carol")
    outcome = store.accept(scope, work["a_regle"], "carol")
    assert (outcome.copied, outcome.decided) == (1, 1)
    (copy,) = [a for a in store.annotations() if a.reviewer == "gold"]
    alice = store.annotation(work["a_regle"])
    assert alice is not None
    assert (copy.passage, copy.concept, copy.start, copy.end) == (alice.passage, "regle", 0, 10)
    assert (copy.quote, copy.prefix, copy.suffix) == (alice.quote, alice.prefix, alice.suffix)
    assert decisions(store) == {work["a_regle"]: ("accepted", copy.id)}  # Bob's span differs
    store.accept(scope, work["b_motif"], "carol")
    motif = gold_id(store, "motif")
    assert decisions(store)[work["a_motif"]] == ("accepted", motif)  # Alice has it too
    assert [a.note for a in store.annotations() if a.id == motif] == [None]  # Bob's: no note


def test_accept_again_changes_nothing(store: Store, work: dict[str, str]) -> None:
    scope = store.adjudication_scope("carol")
    store.accept(scope, work["a_regle"], "carol")
    again = store.accept(scope, work["a_regle"], "carol")
    assert (again.copied, again.decided, again.removed) == (0, 0, 0)
    assert len(gold_rows(store)) == 1


def test_reject_decides_it_and_takes_it_out_of_gold(store: Store, work: dict[str, str]) -> None:
    scope = store.adjudication_scope("carol")
    store.accept(scope, work["b_regle"], "carol")
    store.reject(scope, work["b_regle"], "carol")
    assert gold_rows(store) == []
    assert decisions(store) == {work["b_regle"]: ("rejected", None)}
    store.reject(scope, work["a_fait"], "carol")
    assert decisions(store)[work["a_fait"]] == ("rejected", None)


def test_accept_a_relation_accepts_its_ends_first(store: Store, work: dict[str, str]) -> None:
    scope = store.adjudication_scope("carol")
    store.accept(scope, work["a_link"], "carol")
    regle, motif = gold_id(store, "regle"), gold_id(store, "motif")
    (link,) = store.relations(reviewer="gold")
    assert (link.type, link.source, link.target) == ("supports", regle, motif)
    assert decisions(store) == {
        work["a_regle"]: ("accepted", regle),
        work["a_motif"]: ("accepted", motif),
        work["b_motif"]: ("accepted", motif),
        work["a_link"]: ("accepted", link.id),
    }
    store.reject(scope, work["a_link"], "carol")
    assert store.relations(reviewer="gold") == []
    assert len(gold_rows(store)) == 2  # the ends stay
    assert decisions(store)[work["a_link"]] == ("rejected", None)


def test_rejecting_an_end_takes_the_gold_link_on_it_out(store: Store, work: dict[str, str]) -> None:
    scope = store.adjudication_scope("carol")
    store.accept(scope, work["a_link"], "carol")
    store.reject(scope, work["a_regle"], "carol")
    assert store.relations(reviewer="gold") == []
    assert work["a_link"] not in decisions(store)  # undecided again: its gold copy went


@pytest.mark.parametrize("command", ["accept", "reject", "link", "agreed", "tag"])
def test_each_decision_is_one_change_that_undo_takes_back(
    store: Store, work: dict[str, str], command: str
) -> None:
    scope = store.adjudication_scope("carol")
    store.accept(scope, work["a_moyen"], "carol")  # something before, which stays
    before = (gold_rows(store), decisions(store), store.relations(reviewer="gold"))
    if command == "accept":
        store.accept(scope, work["b_regle"], "carol")
    elif command == "reject":
        store.reject(scope, work["a_moyen"], "carol")
    elif command == "link":
        store.accept(scope, work["a_link"], "carol")
    elif command == "agreed":
        store.accept_agreed(scope, "carol", work["passage"])
    else:
        store.toggle_gold(scope, work["passage"], "fait", "carol")
    assert (gold_rows(store), decisions(store)) != before[:2]
    store.undo("carol")
    assert (gold_rows(store), decisions(store), store.relations(reviewer="gold")) == before
    store.redo("carol")
    assert (gold_rows(store), decisions(store)) != before[:2]


def test_tag_anew_puts_a_concept_into_gold_and_takes_it_out_again(
    store: Store, work: dict[str, str]
) -> None:
    scope = store.adjudication_scope("carol")
    _, added = store.toggle_gold(scope, work["passage"], "fait", "carol")
    assert added
    assert gold_rows(store) == [
        {"passage": work["passage"], "concept": "fait", "span": (None, None), "note": None}
    ]
    (history,) = store.db.execute(
        "SELECT DISTINCT reviewer FROM history WHERE entity_id = ?", [gold_id(store, "fait")]
    ).fetchall()
    assert history == ("carol",)  # the adjudicator's change, not the gold reviewer's
    _, added = store.toggle_gold(scope, work["passage"], "fait", "carol")
    assert not added
    assert gold_rows(store) == []


def test_notes_that_differ_are_kept_with_their_reviewers(cli: Cli, work: dict[str, str]) -> None:
    store = cli.store()
    store.set_note(work["b_motif"], "ou solution ?", "bob")
    cli("adjudicate", "--agreed", reviewer="carol")
    (motif,) = [a for a in store.annotations() if a.reviewer == "gold" and a.concept == "motif"]
    assert motif.note == f"alice: {NOTE}\nbob: ou solution ?"


def test_a_passage_is_resolved_when_every_item_not_agreed_is_decided(
    store: Store, work: dict[str, str]
) -> None:
    scope = store.adjudication_scope("carol")
    store.accept(scope, work["a_regle"], "carol")
    assert not store.passage_states(scope, [work["passage"]])[work["passage"]].resolved
    store.reject(scope, work["b_regle"], "carol")
    assert not store.passage_states(scope, [work["passage"]])[work["passage"]].resolved
    store.accept(scope, work["a_link"], "carol")
    state = store.passage_states(scope, [work["passage"]])[work["passage"]]
    assert (state.disputed, state.resolved) == (True, True)
    progress = store.adjudication_progress(scope)
    assert progress is not None
    assert (len(progress.disputed), len(progress.resolved)) == (3, 1)


# -- who may adjudicate, and what ------------------------------------------------------------


def test_blind_mode_lets_only_a_curator_adjudicate(cli: Cli, work: dict[str, str]) -> None:
    cli("settings", "blind", "on")
    refused = cli("adjudicate", "--agreed", reviewer="carol", ok=False)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: blind mode is on: only a curator adjudicates")
    assert gold_rows(cli.store()) == []
    cli("settings", "curators", "carol")
    (done,) = cli.json("adjudicate", "--agreed", reviewer="carol")
    assert done["copied"]["annotations"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--reviewers", "alice,zoe"), "error: no annotations by 'zoe' (reviewers: alice, bob)"),
        (("--reviewers", "gold"), "error: 'gold' is the gold layer: compare the other reviewers"),
        (("--doc", "nope"), "error: no document 'nope' (list them with `annotator docs`)"),
    ],
)
def test_refusals_say_what_was_wrong(
    cli: Cli, work: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = cli("adjudicate", "--agreed", *args, reviewer="carol", ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")


def test_only_a_compared_reviewers_item_is_decided(store: Store, work: dict[str, str]) -> None:
    scope = store.adjudication_scope("carol", ["alice", "bob"])
    store.accept(scope, work["a_motif"], "carol")
    with pytest.raises(UserError, match="is gold's, who is not compared here"):
        store.accept(scope, gold_id(store, "motif"), "carol")
    with pytest.raises(UserError, match="no annotation or relation 'nope'"):
        store.reject(scope, "nope", "carol")


def test_a_gold_layer_of_another_name(cli: Cli, work: dict[str, str]) -> None:
    cli("settings", "gold", "consensus")
    (done,) = cli.json("adjudicate", "--agreed", reviewer="carol")
    assert done["gold"] == "consensus"
    store = cli.store()
    assert {a.reviewer for a in store.annotations() if a.concept == "moyen"} == {
        "alice",
        "bob",
        "consensus",
    }
