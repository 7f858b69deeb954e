"""Finding a concept (issue #14): the `t` picker ranks by labels first and says what matched,
shows the highlighted concept's guideline; the concept tree shows its cursor and, in its
panel, the guideline; the guideline screen shows everything about a concept."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList, Static

from annotator.store import Store
from annotator.tui.concept_tree import ConceptPanel, ConceptTree
from annotator.tui.fuzzy_picker import Choice, FuzzyPicker
from annotator.tui.guideline import GuidelineScreen
from annotator.tui.passage_view import PassageView
from schemas import load_bundled_scheme
from tests.tui.conftest import AppFactory, settle


def stored_concepts(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return [annotation.concept for annotation in store.annotations()]
    finally:
        store.close()


def painted(widget: Widget) -> str:
    """What a widget shows on screen, line by line, as plain text (wrapping undone)."""
    lines = [widget.render_line(y).text for y in range(widget.size.height)]
    return " ".join(" ".join(line.split()) for line in lines)


def prompts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def description(concept_id: str) -> str:
    return load_bundled_scheme().by_id()[concept_id].description.fr


async def test_picker_tags_with_the_concept_a_label_word_starts_with(
    make_app: AppFactory, db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"subs", "enter")
        await settle(pilot)
        assert stored_concepts(db) == ["rtu-substitution-amm"]


async def test_picker_shows_the_highlighted_concepts_description(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, FuzzyPicker)
        area = app.screen.query_one("#picker-description", Static)
        assert painted(area) == " ".join(description("remedies").split())  # the first line
        await pilot.press(*"subs")
        await pilot.pause()
        shown = painted(area)
        assert shown == " ".join(description("rtu-substitution-amm").split())[: len(shown)]
        assert len(shown) > 80
        await pilot.press("down")  # the next line: Légalité interne, by its alias
        await pilot.pause()
        assert painted(area).startswith(description("legalite-interne")[:40])
        await pilot.press(*"zzz")  # nothing matches: nothing to describe
        await pilot.pause()
        assert painted(area) == ""


async def test_picker_lines_say_which_name_matched(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"posologie max")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        [first, *_] = prompts(options)
        assert "Dose maximale" in first
        assert first.endswith("· alias: posologie maximale")
        await pilot.press(*(["backspace"] * 13), *"limited review")
        await pilot.pause()
        assert prompts(options)[0].endswith("· en: Limited review")
        await pilot.press(*(["backspace"] * 14), *"subs")
        await pilot.pause()
        [by_label, by_alias, *_] = prompts(options)
        assert "·" not in by_label  # the French label it shows is what matched
        assert by_alias.endswith("· alias: substantive legality")


async def test_concept_tree_shows_its_cursor_right_after_start(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = app.query_one(ConceptTree)
        assert tree.cursor_line == 0
        assert tree.highlighted_concept is not None
        assert tree.highlighted_concept.id == "remedies"
        cursor = tree.get_component_rich_style("tree--cursor")
        assert any(
            segment.style is not None and segment.style.bgcolor == cursor.bgcolor
            for segment in tree.render_line(0)
            if segment.text.strip()
        )
        assert isinstance(app.focused, PassageView)  # the passages keep the keys


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ConceptPanel(load_bundled_scheme(), tree_id="concepts")


async def test_concept_panel_shows_the_highlighted_concepts_guideline() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        area = app.query_one(".concept-description", Static)
        assert str(area.render()).startswith("Voies de recours — Recours juridictionnels")
        app.query_one("#concepts", ConceptTree).focus()
        await pilot.press("down")
        await pilot.pause()
        assert str(area.render()) == (f"Recours pour excès de pouvoir — {description('rep')}")
        assert painted(area).startswith("Recours pour excès de pouvoir — Recours objectif")


class PickerApp(App[None]):
    def on_mount(self) -> None:
        choices = [Choice("a", Text("étaye"), ("étaye", "supports")), Choice("b", Text("x"), ())]
        self.push_screen(FuzzyPicker(choices, "Link as…", "type a link"))


async def test_picker_without_descriptions_shows_no_description_area() -> None:
    app = PickerApp()
    async with app.run_test() as pilot:
        await pilot.press(*"supp")
        await pilot.pause()
        assert not app.screen.query_one("#picker-description", Static).display
        assert prompts(app.screen.query_one(OptionList)) == ["étaye"]  # no hint to give


async def test_guideline_screen_shows_a_concepts_whole_guideline(make_app: AppFactory) -> None:
    # The key is not wired in app.py yet: the screen is pushed as its action would.
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        concept = app.concepts["rtu-substitution-amm"]
        await app.push_screen(GuidelineScreen(concept, app.concepts))
        await pilot.pause()
        shown = " ".join(painted(static) for static in app.screen.query(Static))
        for text in (
            "Substitution de la RTU par l'AMM",
            "en: Substitution of the RTU by the AMM",
            "id: rtu-substitution-amm · hotkey 3",
            "under: Régime des produits de santé › Recommandation temporaire d'utilisation",
            "aliases: remplacement de la RTU par l'AMM,",
            " ".join(concept.description.fr.split()),
            " ".join(concept.description.en.split()),
        ):
            assert text in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GuidelineScreen)
