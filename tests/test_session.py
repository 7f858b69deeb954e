"""The reviewer's commands answer with the rows they changed, read back after the commit:
what the UI redraws without reading its window again, so a row missing here is a passage the
screen would show stale."""

from __future__ import annotations

import pytest

from annotator.errors import UserError
from annotator.importer import collect, parse_files
from annotator.session import ReviewSession
from annotator.store import ReviewRow, Store
from schemas import Passage
from tests.conftest import SEEDS


@pytest.fixture
def session(store: Store) -> ReviewSession:
    store.add_documents(parse_files(collect([SEEDS])), "importer")
    return ReviewSession(store, "alice")


def passages(session: ReviewSession) -> list[Passage]:
    return list(session.store.passages())


def by_seq(rows: tuple[ReviewRow, ...]) -> dict[tuple[str, int], ReviewRow]:
    return {(row.passage.document, row.passage.seq): row for row in rows}


def test_a_tag_answers_with_its_passage_tagged_and_the_documents_progress(
    session: ReviewSession,
) -> None:
    passage = passages(session)[1]
    committed = session.toggle(passage, "rep")
    (row,) = committed.rows
    assert row.passage.id == passage.id
    assert [a.concept for a in row.annotations] == ["rep"]
    assert committed.document == passage.document
    assert committed.seqs == {passage.seq}
    total = session.store.document_progress(passage.document)[1]
    assert committed.progress == ((passage.document, 1, total),)
    assert not committed.announce  # the chip shows it
    assert committed.reveal is None  # the cursor stays where the reviewer went


def test_untagging_a_linked_tag_answers_with_the_other_end_unlinked_too(
    session: ReviewSession,
) -> None:
    first, _, third = passages(session)[:3]
    source = session.toggle(first, "rep").rows[0].annotations[0]
    target = session.toggle(third, "controle-restreint").rows[0].annotations[0]
    linked = session.relate(source, target, "supports", first.seq, third.seq)
    assert {seq: len(row.links) for (_, seq), row in by_seq(linked.rows).items()} == {
        first.seq: 1,
        third.seq: 1,
    }
    untagged = session.toggle(first, "rep")
    rows = by_seq(untagged.rows)
    assert set(rows) == {(first.document, first.seq), (third.document, third.seq)}
    assert rows[(third.document, third.seq)].links == ()
    assert rows[(first.document, first.seq)].annotations == ()


def test_undo_answers_with_both_ends_of_the_links_it_brings_back_and_shows_where(
    session: ReviewSession,
) -> None:
    first, _, third = passages(session)[:3]
    source = session.toggle(first, "rep").rows[0].annotations[0]
    target = session.toggle(third, "controle-restreint").rows[0].annotations[0]
    session.relate(source, target, "supports", first.seq, third.seq)
    session.toggle(first, "rep")
    undone = session.undo()
    rows = by_seq(undone.rows)
    assert {key: len(row.links) for key, row in rows.items()} == {
        (first.document, first.seq): 1,
        (third.document, third.seq): 1,
    }
    assert undone.reveal == first.seq
    assert undone.message == "undo untag Recours pour excès de pouvoir"  # the label


def test_a_link_across_documents_answers_with_a_row_in_each(session: ReviewSession) -> None:
    listed = passages(session)
    here, there = listed[0], next(p for p in listed if p.document != listed[0].document)
    source = session.toggle(here, "rep").rows[0].annotations[0]
    target = session.tag_span(there, "moyen", 0, 10).rows[0].annotations[0]
    committed = session.relate(source, target, "attacks", here.seq, there.seq)
    assert {row.passage.document for row in committed.rows} == {here.document, there.document}
    assert committed.document == there.document  # where the reviewer finished it
    assert len(committed.progress) == 2
    assert committed.message == f"linked §{here.seq + 1} contredit §{there.seq + 1} (u to undo)"


def test_a_refused_link_raises_and_writes_nothing(session: ReviewSession) -> None:
    first, second = passages(session)[:2]
    source = session.toggle(first, "rep").rows[0].annotations[0]
    target = session.toggle(second, "rep").rows[0].annotations[0]
    session.relate(source, target, "supports", first.seq, second.seq)
    with pytest.raises(UserError, match="already links"):
        session.relate(source, target, "supports", first.seq, second.seq)
    assert len(session.store.relations()) == 1


def test_nothing_to_undo_answers_with_no_rows(session: ReviewSession) -> None:
    committed = session.undo()
    assert (committed.message, committed.rows, committed.document) == ("nothing to undo", (), None)
