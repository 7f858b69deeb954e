"""Relations: linking two annotations from the command line and the store, and undoing it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli
from tests.exports import counts, passages_of, tag

CONTRACT_KEYS = ["id", "type", "from", "to", "reviewer", "created", "note"]


@pytest.fixture
def ends(seeded: Cli) -> dict[str, str]:
    """Annotations to link: a reason and a rule in the first document, a plea in the second."""
    listed = passages_of(seeded)
    first_document = listed[0]["document"]
    same = [p["id"] for p in listed if p["document"] == first_document]
    other = next(p["id"] for p in listed if p["document"] != first_document)
    return {
        "motif": tag(seeded, same[1], "motif"),
        "regle": tag(seeded, same[2], "regle"),
        "fait": tag(seeded, same[3], "fait"),
        "moyen": tag(seeded, other, "moyen", "--start", "0", "--end", "10"),
        "document": first_document,
    }


def refused(cli: Cli, *args: str) -> str:
    """The one ``error:`` line of a refused command, checking nothing was written."""
    before = counts(cli)
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert counts(cli) == before
    return line


def test_relate_json_is_the_contract_line_and_the_row_is_stored(
    seeded: Cli, ends: dict[str, str]
) -> None:
    (record,) = seeded.json(
        "relate", ends["fait"], ends["motif"], "supports", "--note", "cf. étude CNAMTS"
    )
    assert list(record) == CONTRACT_KEYS
    assert record["type"] == "supports"
    assert (record["from"], record["to"]) == (ends["fait"], ends["motif"])
    assert (record["reviewer"], record["note"]) == ("alice", "cf. étude CNAMTS")
    stored = seeded.store().relation(record["id"])
    assert stored is not None
    assert stored.note == "cf. étude CNAMTS"
    assert seeded.json("relations") == [record]


def test_relate_links_annotations_of_two_documents(seeded: Cli, ends: dict[str, str]) -> None:
    result = seeded("relate", ends["moyen"], ends["motif"], "attacks")
    assert result.stdout.startswith(f"related {ends['moyen']} -> {ends['motif']} as attacks: ")
    listing = seeded("relations").stdout
    assert "attacks  §" in listing
    assert f"-> {ends['document']} §" in listing  # the other document is named


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("motif", "regle", "suports"),
            "error: no relation type 'suports' in the scheme (its types: supports, attacks, "
            "applies, rephrases, cites, substitutes)",
            id="unknown-type",
        ),
        pytest.param(
            ("motif", "missing", "supports"), "error: no annotation 'missing'", id="unknown-end"
        ),
        pytest.param(
            ("motif", "motif", "supports"),
            "error: a relation links two annotations, not annotation {motif} to itself",
            id="self-link",
        ),
        pytest.param(
            ("regle", "motif", "applies"),
            "error: relation type 'applies' starts from an annotation of motif or solution "
            "(or a sub-concept), not of 'regle'",
            id="restriction-from",
        ),
        pytest.param(
            ("motif", "fait", "applies"),
            "error: relation type 'applies' points to an annotation of regle (or a "
            "sub-concept), not of 'fait'",
            id="restriction-to",
        ),
    ],
)
def test_relate_refuses_with_one_error_line_and_writes_nothing(
    seeded: Cli, ends: dict[str, str], args: tuple[str, str, str], message: str
) -> None:
    source, target, type_id = (ends.get(arg, arg) for arg in args)
    assert refused(seeded, "relate", source, target, type_id) == message.format(**ends)


def test_relate_refuses_the_same_link_twice_but_not_the_reverse_or_another_type(
    seeded: Cli, ends: dict[str, str]
) -> None:
    (first,) = seeded.json("relate", ends["motif"], ends["regle"], "applies")
    line = refused(seeded, "relate", ends["motif"], ends["regle"], "applies")
    assert line == (
        f"error: relation {first['id']} already links {ends['motif']} to {ends['regle']} "
        "as 'applies'"
    )
    seeded("relate", ends["regle"], ends["motif"], "supports")
    seeded("relate", ends["motif"], ends["regle"], "supports")
    assert len(seeded.json("relations")) == 3


def test_relations_filters_by_document_type_and_reviewer(seeded: Cli, ends: dict[str, str]) -> None:
    (inside,) = seeded.json("relate", ends["fait"], ends["motif"], "supports")
    (across,) = seeded.json("relate", ends["moyen"], ends["motif"], "attacks", reviewer="bob")
    assert seeded.json("relations", "--type", "attacks") == [across]
    assert seeded.json("relations", "--reviewer", "alice") == [inside]
    assert seeded.json("relations", "--doc", ends["document"]) == [inside, across]
    moyen_document = seeded.store().annotation(ends["moyen"])
    assert moyen_document is not None
    other = next(p["document"] for p in passages_of(seeded) if p["id"] == moyen_document.passage)
    assert seeded.json("relations", "--doc", other) == [across]
    assert seeded.json("relations", "--type", "cites") == []


def test_relations_human_listing_shows_both_quotes_on_one_safe_line(
    seeded: Cli, ends: dict[str, str]
) -> None:
    seeded("relate", ends["fait"], ends["motif"], "supports", "--note", "voir\n\x1b[31mrouge")
    (line,) = seeded("relations").stdout.splitlines()
    store = seeded.store()
    for end in ("fait", "motif"):
        annotation = store.annotation(ends[end])
        assert annotation is not None
        assert f"{end} «{annotation.quote[:20]}" in line
    assert "\x1b" not in line
    assert "note: voir ␛[31mrouge" in line


def test_unrelate_removes_one_and_refuses_an_unknown_id(seeded: Cli, ends: dict[str, str]) -> None:
    (record,) = seeded.json("relate", ends["fait"], ends["motif"], "supports")
    assert seeded.json("unrelate", record["id"]) == [record]
    assert seeded.json("relations") == []
    assert refused(seeded, "unrelate", record["id"]) == (
        f"error: no relation '{record['id']}' (list them with `annotator relations`)"
    )


def test_untag_takes_its_relations_along_and_one_undo_brings_all_back(
    seeded: Cli, ends: dict[str, str]
) -> None:
    seeded("relate", ends["fait"], ends["motif"], "supports")
    seeded("relate", ends["motif"], ends["regle"], "applies")
    before = seeded.json("relations")
    seeded("untag", ends["motif"])
    assert seeded.json("relations") == []
    store = seeded.store()
    undone = store.undo("alice")
    assert undone is not None
    assert seeded.json("relations") == before
    assert store.annotation(ends["motif"]) is not None
    assert store.redo("alice") is not None
    assert seeded.json("relations") == []
    assert store.annotation(ends["motif"]) is None
    dangling = store.db.execute(
        "SELECT count(*) FROM relations WHERE source NOT IN (SELECT id FROM annotations) "
        "OR target NOT IN (SELECT id FROM annotations)"
    ).fetchone()[0]
    assert dangling == 0


def test_relate_and_unrelate_are_undone_and_redone_after_a_restart(
    seeded: Cli, ends: dict[str, str]
) -> None:
    (record,) = seeded.json("relate", ends["fait"], ends["motif"], "supports", "--note", "n")
    undone = seeded.store().undo("alice")  # a new connection: the stacks come from the history
    assert undone is not None
    assert undone.description == "undo relate étaye"
    assert seeded.json("relations") == []
    assert seeded.store().redo("alice") is not None
    assert seeded.json("relations") == [record]  # the note came back too
    seeded("unrelate", record["id"])
    unrelate_undone = seeded.store().undo("alice")
    assert unrelate_undone is not None
    assert unrelate_undone.description == "undo unrelate étaye"
    assert seeded.json("relations") == [record]


def test_store_relate_returns_the_row_it_committed_with_both_ends(
    seeded: Cli, ends: dict[str, str]
) -> None:
    store = seeded.store()
    relation = store.relate(ends["fait"], ends["motif"], "supports", "carole", note="  ")
    assert relation == store.relation(relation.id)
    assert relation.note is None  # a blank note is no note
    (linked,) = store.linked_relations(type="supports")
    assert linked.relation == relation
    assert (linked.source.annotation, linked.source.concept) == (ends["fait"], "fait")
    assert (linked.target.annotation, linked.target.concept) == (ends["motif"], "motif")
    assert store.relations(reviewer="carole") == [relation]
    assert store.relation_type_usage() == {"supports": 1}


def test_history_records_each_relation_command_as_one_user_action(
    seeded: Cli, ends: dict[str, str]
) -> None:
    (record,) = seeded.json("relate", ends["fait"], ends["motif"], "supports")
    seeded("unrelate", record["id"])
    entries = list(seeded.store().history(record["id"]))
    assert [(e.action.value, e.entity) for e in entries] == [
        ("create", "relations"),
        ("delete", "relations"),
    ]
    assert entries[0].change != entries[1].change
    assert entries[0].after is not None
    assert json.dumps(entries[0].after["note"]) == "null"
