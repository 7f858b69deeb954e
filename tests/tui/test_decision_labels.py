"""A decision's parts show the label they are cited by, in the gutter and the detail pane."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from annotator.tui.passage_view import PassageView
from tests.decision_sample import PARTS, paragraphs
from tests.tui.conftest import AppFactory, open_last_document, screen_text, seed_database, settle


async def test_a_numbered_point_shows_its_label(tmp_path: Path, make_app: AppFactory) -> None:
    decision = tmp_path / "ce-417607.txt"
    decision.write_text("\n".join(paragraphs()) + "\n", "utf-8")
    path = tmp_path / "decision.db"
    seed_database(path, decision)
    app = make_app(path=path)
    point = next(index for index, part in enumerate(PARTS) if part.label == "pt 3")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_last_document(pilot)
        assert app.query_one(PassageView).count == len(PARTS)
        await pilot.press(*["j"] * point)
        await settle(pilot)
        row = app.query_one(PassageView).current_row
        assert row is not None
        assert row.passage.label == "pt 3"
        assert f"§{point + 1} (pt 3)" in str(app.query_one("#details", Static).render())
        gutter = [line[:6].strip() for line in screen_text(app).splitlines()]
        assert "pt 3" in gutter
        await pilot.press("G")  # the last article: its label squeezed into the gutter
        await settle(pilot)
        assert "art.2" in [line[:6].strip() for line in screen_text(app).splitlines()]
