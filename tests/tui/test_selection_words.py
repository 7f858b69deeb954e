"""Selection mode over legal French: the words and sentences are ``corpus.tokens``'s.

A reviewer moves by words with ``l`` and ``w``: an elided article is a word of its own, so
``ANSM`` is tagged without its ``l’``, and quotes and commas are stepped over, so ``centrale``
is tagged without ``«`` and ``,»``. ``s`` takes a decision's point whole, its number included.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.passage_view import PassageView
from tests.tui.conftest import AppFactory, open_last_document, seed_database, settle

FIRST = "Le directeur général de l’ANSM a retenu une action «centrale,» selon le rapport."
POINT = (
    "1. Aux termes de l'article L. 5121-12-1 du code de la santé publique, une spécialité "
    "pharmaceutique peut faire l'objet d'une prescription (...) dans cette indication ... ."
)
SECOND = f"{POINT} Le Pr B... et Me C. ont été entendus."


def stored_quotes(db: Path) -> list[tuple[str, str]]:
    """(concept, quote) of every annotation, in the order they were made."""
    store = Store.open(db)
    try:
        return [(a.concept, a.quote) for a in store.annotations()]
    finally:
        store.close()


def selected(app: AnnotatorApp) -> str:
    """The text the selection covers in the passage under the cursor."""
    view = app.query_one(PassageView)
    row = view.current_row
    assert row is not None
    assert view.selection is not None
    return row.passage.text[view.selection[0] : view.selection[1]]


def database_with_the_file(tmp_path: Path) -> Path:
    source = tmp_path / "ansm.txt"
    source.write_text(f"{FIRST}\n\n{SECOND}\n", "utf-8")
    path = tmp_path / "words.db"
    seed_database(path, source)
    return path


async def test_words_step_over_elisions_and_quotes(tmp_path: Path, make_app: AppFactory) -> None:
    db = database_with_the_file(tmp_path)
    app = make_app(path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        await pilot.press("v", *["l"] * 5)  # Le directeur général de l’ [ANSM]
        assert selected(app) == "ANSM"
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("v", *["l"] * 10)  # ... a retenu une action «[centrale],»
        assert selected(app) == "centrale"
        await pilot.press("w")
        assert selected(app) == "centrale,» selon"
        await pilot.press("b", "4")
        await settle(pilot)
    assert stored_quotes(db) == [("rtu-substitution-amm", "ANSM"), ("rtu", "centrale")]


async def test_sentence_key_takes_a_numbered_point_whole(
    tmp_path: Path, make_app: AppFactory
) -> None:
    db = database_with_the_file(tmp_path)
    app = make_app(path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        await pilot.press("j", "v", "s")
        assert selected(app) == POINT
        await pilot.press("3")
        await settle(pilot)
    assert stored_quotes(db) == [("rtu-substitution-amm", POINT)]
