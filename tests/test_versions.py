"""Documents with versions in the store: a third version replaces the second, the first
one's orphans staying where they are; re-anchoring tells its progress."""

from __future__ import annotations

import pytest

from annotator.store import Store, versions
from corpus import ParsedDocument, parse_text
from schemas import SourceInfo
from tests.revisions import document
from tests.test_versions_cli import PASSAGES, second_edition


def parsed(passages: list[str], key: str) -> ParsedDocument:
    """A document of ``passages`` read as a file of the key ``key`` (a manifest's id)."""
    return parse_text(document(passages), "arret.txt", "utf-8", SourceInfo(title="Arrêt", key=key))


def test_re_anchoring_tells_its_progress(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "REANCHOR_BATCH", 2)
    store.add_documents([parsed(PASSAGES, "arret")], "alice")
    for passage in list(store.passages())[:5]:
        store.tag(passage.id, "rep", "alice")
    told: list[tuple[int, int]] = []
    store.add_documents(
        [parsed(second_edition().texts, "arret")], "alice", lambda *done: told.append(done)
    )
    assert told == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_a_third_version_replaces_the_second_and_the_first_one_s_orphans_stay(
    store: Store,
) -> None:
    first = store.add_documents([parsed(PASSAGES, "arret")], "alice")[0].document
    last = list(store.passages(first))[-1]
    orphan, _ = store.tag(last.id, "rejet", "alice")  # the second edition drops it
    kept, _ = store.tag(next(store.passages(first)).id, "rep", "alice")
    second = store.add_documents([parsed(second_edition().texts, "arret")], "alice")[0]
    third_texts = [*second_edition().texts, "Une phrase ajoutée par la troisième édition."]
    (third,) = store.add_documents([parsed(third_texts, "arret")], "bob")
    assert third.reanchored is not None
    assert (third.reanchored.replaces, third.reanchored.version) == (second.document, 3)
    assert (third.reanchored.exact, third.reanchored.orphaned) == (1, 0)
    listed = store.versions("arret")
    assert [(v.id, v.version, v.current) for v in listed] == [
        (first, 1, False),
        (second.document, 2, False),
        (third.document, 3, True),
    ]
    assert [v.imported_by for v in listed] == ["alice", "alice", "bob"]
    placed = store.annotation(kept.id)
    assert placed is not None
    assert store.passage(placed.passage) == next(store.passages(third.document))
    stays = store.annotation(orphan.id)
    assert stays is not None
    assert stays.passage == last.id
    assert [doc.orphans for doc in store.documents()] == [1]


def test_undoing_a_new_version_leaves_alone_an_annotation_removed_since(store: Store) -> None:
    first = store.add_documents([parsed(PASSAGES, "arret")], "alice")[0].document
    kept, removed = (store.tag(p.id, "rep", "alice")[0] for p in list(store.passages(first))[:2])
    store.add_documents([parsed(second_edition().texts, "arret")], "alice")
    store.untag(removed.id, "bob")
    reverted = store.undo("alice")
    assert reverted is not None
    assert reverted.description == "undo new version of Arrêt"
    assert store.annotation(kept.id) == kept
    assert store.annotation(removed.id) is None
    assert [doc.id for doc in store.documents()] == [first]
