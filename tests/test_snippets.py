"""One snippet for the CLI and the search screen: the matched words are in view, highlighted,
and the passage's text is shown as text."""

from __future__ import annotations

from annotator.importer import collect, parse_files
from annotator.search.engine import Hit, SearchEngine
from annotator.search.snippets import HIGHLIGHT, densest, snippet
from annotator.store import Store
from schemas import Passage
from tests.conftest import SEEDS


def highlighted(line_text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [line_text[start:end] for start, end in spans]


def test_the_words_a_query_matched_are_in_the_snippet_and_highlighted(store: Store) -> None:
    store.add_documents(parse_files(collect([SEEDS])), "importer")
    (hit, *_) = SearchEngine(store).search("exces de pouvoir", 5)
    line = snippet(hit, "doc §2")
    spans = [(span.start, span.end) for span in line.spans if span.style == HIGHLIGHT]
    words = {word.casefold() for word in highlighted(line.plain, spans)}
    assert {"excès", "pouvoir"} <= words  # not just the 'de' at the passage's start


def test_the_densest_stretch_of_matches_wins_over_the_first_match() -> None:
    matches = ((3, 5), (400, 405), (410, 415), (420, 424))
    assert densest(matches) == (400, 424)


def test_markup_and_escape_codes_in_a_passage_are_shown_as_text() -> None:
    text = "[bold]gras[/bold] \x1b[31mrouge"
    passage = Passage(
        id="p", document="d", seq=0, start=0, end=len(text), kind="paragraph", text=text
    )
    line = snippet(Hit(passage, 1.0, ((18, 23),)), "d §1")
    assert "[bold]gras[/bold]" in line.plain
    assert "\x1b" not in line.plain
    assert "␛[31m" in line.plain
