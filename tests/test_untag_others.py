"""`untag` and `unrelate` remove only the reviewer's own work, unless --force (issue #14).

An id pasted from a listing can be anyone's; the refusal names whose it is, in one line, and
writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.exports import counts, passages_of, tag


@pytest.fixture
def work(seeded: Cli) -> dict[str, str]:
    """Bob's annotation and relation, and Alice's annotation they link to."""
    listed = passages_of(seeded)
    bobs = tag(seeded, listed[1]["id"], "motif", reviewer="bob")
    alices = tag(seeded, listed[2]["id"], "regle")
    (relation,) = seeded.json("relate", bobs, alices, "applies", reviewer="bob")
    return {"annotation": bobs, "mine": alices, "relation": relation["id"]}


def refusal(cli: Cli, *args: str) -> str:
    """The one ``error:`` line of a refused command, checking it wrote nothing."""
    before = counts(cli)
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert counts(cli) == before
    return line


def test_untag_refuses_another_reviewers_annotation(seeded: Cli, work: dict[str, str]) -> None:
    line = refusal(seeded, "untag", work["annotation"])
    assert line == (
        f"error: annotation {work['annotation']} is bob's: untag only your own "
        "(--force removes it anyway)"
    )
    assert refusal(seeded, "untag", work["annotation"], "--json") == line
    assert seeded.store().annotation(work["annotation"]) is not None


def test_untag_force_removes_it_as_the_forcing_reviewers_change(
    seeded: Cli, work: dict[str, str]
) -> None:
    (removed,) = seeded.json("untag", work["annotation"], "--force")
    assert (removed["id"], removed["reviewer"]) == (work["annotation"], "bob")
    store = seeded.store()
    assert store.annotation(work["annotation"]) is None
    assert store.relation(work["relation"]) is None  # its link went with it
    entries = list(store.history(work["annotation"]))
    assert (entries[-1].action.value, entries[-1].reviewer) == ("delete", "alice")
    assert store.undo("alice") is not None  # alice's change: alice undoes it
    assert store.annotation(work["annotation"]) is not None
    assert store.relation(work["relation"]) is not None


def test_untag_of_ones_own_annotation_needs_no_force(seeded: Cli, work: dict[str, str]) -> None:
    (removed,) = seeded.json("untag", work["annotation"], reviewer="bob")
    assert removed["id"] == work["annotation"]
    assert seeded.store().annotation(work["annotation"]) is None


def test_unrelate_refuses_another_reviewers_relation(seeded: Cli, work: dict[str, str]) -> None:
    line = refusal(seeded, "unrelate", work["relation"])
    assert line == (
        f"error: relation {work['relation']} is bob's: unrelate only your own "
        "(--force removes it anyway)"
    )
    assert seeded.store().relation(work["relation"]) is not None


def test_unrelate_force_and_ones_own(seeded: Cli, work: dict[str, str]) -> None:
    relation: dict[str, Any] = seeded.json("relations")[0]
    assert seeded.json("unrelate", work["relation"], "--force") == [relation]
    assert seeded.json("relations") == []
    again = seeded.json("relate", work["annotation"], work["mine"], "applies", reviewer="bob")
    assert seeded.json("unrelate", again[0]["id"], reviewer="bob") == again


@pytest.mark.parametrize("verb", ["untag", "unrelate"])
def test_an_unknown_id_is_still_refused_as_unknown(seeded: Cli, verb: str) -> None:
    kind = "annotation" if verb == "untag" else "relation"
    assert refusal(seeded, verb, "nope").startswith(f"error: no {kind} 'nope'")
    assert refusal(seeded, verb, "nope", "--force").startswith(f"error: no {kind} 'nope'")
