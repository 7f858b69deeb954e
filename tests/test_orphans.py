"""Orphans: what a new version of a document could not place is listed, placed by hand or
discarded, each undoable. The orphans are made the real way: a document is tagged, then an
edited file is imported with ``--replaces`` where the tagged sentences were rewritten or
deleted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotator.errors import UserError
from annotator.session import ReviewSession
from tests.conftest import Cli
from tests.exports import tag

CONTRACT_KEYS = ["id", "concept", "quote", "document", "reviewer"]

FIRST_EDITION = """Le Conseil d'État rejette la requête de l'association.

Le juge exerce un contrôle restreint sur la décision de l'agence.

La dose maximale est ramenée à 80 mg par jour par la décision attaquée.

Les patients hospitalisés pour une intoxication grave étaient nombreux en 2016.
"""

SECOND_EDITION = """Le Conseil d'État rejette la requête de l'association.

Le juge exerce un contrôle restreint sur la décision de l'agence.

La dose journalière maximale passe désormais à 80 mg.
"""
"""The second edition rewrites the third paragraph and deletes the fourth."""


@dataclass(frozen=True, slots=True)
class Edition:
    """A document in its second edition, whose first left orphans behind."""

    old: str
    """The first edition's id (where the orphans stay)."""
    new: str
    """The second edition's id (the current version)."""
    kept: str
    """alice's span on the unchanged paragraph (carried over, not an orphan)."""
    rewritten: str
    """alice's span on the rewritten paragraph (an orphan)."""
    deleted: str
    """alice's whole-passage tag on the deleted paragraph (an orphan)."""
    bobs: str
    """bob's span on the deleted paragraph (an orphan)."""
    new_passages: list[dict[str, Any]]
    old_passages: list[dict[str, Any]]


def second_edition(cli: Cli, folder: Path) -> Edition:
    """Import the first edition, tag it (alice and bob), import the second with --replaces."""
    first = folder / "decision.txt"
    first.write_text(FIRST_EDITION, encoding="utf-8")
    (imported,) = cli.json("import", str(first))
    old = imported["document"]
    old_passages = cli.json("passages", "--doc", old)
    control, dose, patients = (old_passages[seq]["id"] for seq in (1, 2, 3))
    spans = {
        "kept": (control, "controle-restreint", "contrôle restreint"),
        "rewritten": (dose, "fait", "ramenée à 80 mg par jour"),
    }
    ids = {
        name: tag(cli, passage, concept, *_span(old_passages, passage, quote))
        for name, (passage, concept, quote) in spans.items()
    }
    deleted = tag(cli, patients, "motif")
    bobs = tag(
        cli, patients, "fait", *_span(old_passages, patients, "hospitalisés"), reviewer="bob"
    )
    second = folder / "decision-2.txt"
    second.write_text(SECOND_EDITION, encoding="utf-8")
    (replaced,) = cli.json("import", str(second), "--replaces", old)
    new = replaced["document"]
    return Edition(
        old,
        new,
        ids["kept"],
        ids["rewritten"],
        deleted,
        bobs,
        cli.json("passages", "--doc", new),
        old_passages,
    )


def _span(passages: list[dict[str, Any]], passage: str, quote: str) -> tuple[str, ...]:
    text = next(p["text"] for p in passages if p["id"] == passage)
    start = text.index(quote)
    return ("--start", str(start), "--end", str(start + len(quote)))


@pytest.fixture
def edition(cli: Cli, tmp_path: Path) -> Edition:
    return second_edition(cli, tmp_path)


def row(cli: Cli, annotation: str) -> dict[str, Any] | None:
    """An annotation's whole row (its anchor too), or None."""
    store = cli.store()
    try:
        found = store.db.execute("SELECT * FROM annotations WHERE id = ?", [annotation])
        names = [column[0] for column in found.description]
        values = found.fetchone()
        return None if values is None else dict(zip(names, values, strict=True))
    finally:
        store.close()


def refused(cli: Cli, *args: str) -> str:
    """The one ``error:`` line of a refused command."""
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    return line


# -- listing ---------------------------------------------------------------------------------


def test_orphans_json_lists_what_the_new_version_could_not_place_in_reading_order(
    cli: Cli, edition: Edition
) -> None:
    listed = cli.json("orphans")
    assert [record["id"] for record in listed] == [edition.rewritten, edition.deleted, edition.bobs]
    for record in listed:
        assert list(record)[:5] == CONTRACT_KEYS
        assert record["document"] == edition.new
        assert record["version"] == 1
    rewritten, deleted, bobs = listed
    assert (rewritten["quote"], rewritten["concept"]) == ("ramenée à 80 mg par jour", "fait")
    assert rewritten["prefix"] == "La dose maximale est "
    assert rewritten["suffix"] == " par la décision attaquée."
    assert deleted["quote"] == FIRST_EDITION.split("\n\n")[3].strip()
    assert (deleted["prefix"], deleted["suffix"]) == ("", "")
    assert (bobs["reviewer"], bobs["quote"]) == ("bob", "hospitalisés")
    assert bobs["passage"] == edition.old_passages[3]["id"]


def test_orphans_of_one_document_by_the_id_of_either_version(
    cli: Cli, edition: Edition, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Un autre texte, sans rapport.\n", encoding="utf-8")
    (imported,) = cli.json("import", str(other))
    everything = cli.json("orphans")
    assert cli.json("orphans", "--doc", edition.old) == everything
    assert cli.json("orphans", "--doc", edition.new) == everything
    assert cli.json("orphans", "--doc", imported["document"]) == []
    assert cli("orphans", "--doc", imported["document"]).stdout == "no orphans\n"


def test_orphans_text_shows_each_quote_in_its_context_under_its_document(
    cli: Cli, edition: Edition
) -> None:
    lines = cli("orphans").stdout.splitlines()
    assert lines[0].startswith(f"{edition.new}  ")
    assert len(lines) == 4
    rewritten = lines[1]
    assert edition.rewritten in rewritten
    assert "v1 §3" in rewritten
    assert "…a dose maximale est «ramenée à 80 mg par jour» par la décision att…" in rewritten
    assert rewritten.endswith("by alice")
    assert lines[3].endswith("by bob")


def test_orphans_of_an_unknown_document_is_one_error_line(cli: Cli, edition: Edition) -> None:
    assert "no document 'nowhere'" in refused(cli, "orphans", "--doc", "nowhere")


def test_in_blind_mode_a_reviewer_lists_only_their_own_orphans(cli: Cli, edition: Edition) -> None:
    store = cli.store()
    store.set_setting("blind", "on", "alice")
    store.close()
    assert [record["reviewer"] for record in cli.json("orphans", reviewer="bob")] == ["bob"]
    assert len(cli.json("orphans", reviewer="alice")) == 2


# -- placing, discarding, undo ---------------------------------------------------------------


def test_placing_an_orphan_moves_it_onto_the_current_version_and_undo_puts_it_back(
    cli: Cli, edition: Edition
) -> None:
    orphan = row(cli, edition.rewritten)
    passage = edition.new_passages[2]
    start = passage["text"].index("80 mg")
    store = cli.store()
    placed = store.place_orphan(edition.rewritten, passage["id"], start, start + 5, "alice")
    assert (placed.passage, placed.start, placed.end, placed.quote) == (
        passage["id"],
        start,
        start + 5,
        "80 mg",
    )
    stored = row(cli, edition.rewritten)
    assert stored is not None
    assert stored["anchor"] == "moved"
    assert (stored["prefix"], stored["suffix"]) == (
        "ière maximale passe désormais à ",
        ".",
    )
    assert [record["id"] for record in cli.json("orphans")] == [edition.deleted, edition.bobs]
    assert store.orphan_count() == 2
    store.undo("alice")
    assert row(cli, edition.rewritten) == orphan
    assert store.orphan_count() == 3
    store.redo("alice")
    assert row(cli, edition.rewritten) == stored


def test_a_whole_passage_orphan_placed_on_a_passage_quotes_it_whole(
    cli: Cli, edition: Edition
) -> None:
    passage = edition.new_passages[0]
    cli.store().place_orphan(edition.deleted, passage["id"], None, None, "alice")
    stored = row(cli, edition.deleted)
    assert stored is not None
    assert (stored["start"], stored["end"], stored["quote"]) == (None, None, passage["text"])


def test_placing_is_refused_off_the_current_version_outside_the_passage_or_on_a_twin(
    cli: Cli, edition: Edition
) -> None:
    store = cli.store()
    before = row(cli, edition.rewritten)
    old_passage = edition.old_passages[2]["id"]
    new_passage = edition.new_passages[1]["id"]
    refusals = {
        "not in the current version": (edition.rewritten, old_passage, 0, 5),
        "outside passage": (edition.rewritten, new_passage, 0, 10_000),
        "no passage 'nowhere'": (edition.rewritten, "nowhere", 0, 5),
        "no annotation 'nobody'": ("nobody", new_passage, 0, 5),
        "is not an orphan": (edition.kept, new_passage, 0, 5),
    }
    for words, (annotation, passage, start, end) in refusals.items():
        with pytest.raises(UserError, match=words):
            store.place_orphan(annotation, passage, start, end, "alice")
    twin = tag(cli, new_passage, "fait", "--start", "0", "--end", "5")
    with pytest.raises(UserError, match=f"already has this tag there \\(annotation {twin}\\)"):
        store.place_orphan(edition.rewritten, new_passage, 0, 5, "alice")
    assert row(cli, edition.rewritten) == before
    assert store.orphan_count() == 3


def test_discarding_an_orphan_deletes_it_with_its_links_and_undo_brings_both_back(
    cli: Cli, edition: Edition
) -> None:
    (link,) = cli.json("relate", edition.deleted, edition.kept, "supports")
    orphan = row(cli, edition.deleted)
    store = cli.store()
    assert orphan is not None
    assert store.discard_orphan(edition.deleted, "alice").quote == orphan["quote"]
    assert row(cli, edition.deleted) is None
    assert store.relation(link["id"]) is None
    undone = store.undo("alice")
    assert undone is not None
    assert undone.description.startswith("undo discard ")
    assert row(cli, edition.deleted) == orphan
    assert store.relation(link["id"]) is not None
    assert [record["id"] for record in cli.json("orphans")][1] == edition.deleted
    with pytest.raises(UserError, match="is not an orphan"):
        store.discard_orphan(edition.kept, "alice")


def test_candidates_are_places_on_the_current_version_best_first(
    cli: Cli, edition: Edition
) -> None:
    store = cli.store()
    found = store.orphan_candidates(edition.rewritten)
    assert found
    assert len(found) <= 3
    texts = {passage["id"]: passage["text"] for passage in edition.new_passages}
    for candidate in found:
        assert candidate.passage in texts
        if candidate.start is not None:
            assert texts[candidate.passage][candidate.start : candidate.end] == candidate.quote
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_a_reviewer_handles_their_own_orphans_and_a_curator_everyones(
    cli: Cli, edition: Edition
) -> None:
    store = cli.store()
    alice = ReviewSession(store, "alice")
    bobs = store.orphan(edition.bobs)
    passage = edition.new_passages[2]["id"]
    assert alice.orphan_reviewers() == frozenset({"alice"})
    with pytest.raises(UserError, match="this orphan is bob's"):
        alice.discard_orphan(bobs)
    with pytest.raises(UserError, match="this orphan is bob's"):
        alice.place_orphan(bobs, passage, 0, 2)
    store.set_setting("curators", '["alice"]', "alice")
    assert alice.orphan_reviewers() is None
    committed = alice.discard_orphan(bobs)
    assert committed.message.startswith("discarded «hospitalisés»")
    assert row(cli, edition.bobs) is None
