"""Properties of cleaning that hold for any text: offsets, source map, idempotence."""

from __future__ import annotations

from hypothesis import given, settings

from corpus import clean
from tests.strategies import arbitrary_text, document


def check_offsets_and_map(source: str) -> None:
    cleaned = clean(source)
    previous_end = -1
    for paragraph in cleaned.paragraphs:
        text = cleaned.text[paragraph.start : paragraph.end]
        assert text
        assert text == text.strip()
        assert paragraph.start > previous_end
        previous_end = paragraph.end
    for index, char in enumerate(cleaned.text):
        origin = source[cleaned.source_map.to_source(index)]
        assert origin == char or (char.isspace() and origin.isspace()), (index, char, origin)


@given(arbitrary_text)
@settings(max_examples=300)
def test_offsets_and_source_map_hold_for_any_text(source: str) -> None:
    check_offsets_and_map(source)


@given(document())
@settings(max_examples=200)
def test_offsets_and_source_map_hold_for_documents(source: str) -> None:
    check_offsets_and_map(source)


@given(document())
@settings(max_examples=200)
def test_cleaning_clean_text_changes_nothing(source: str) -> None:
    once = clean(source)
    twice = clean(once.text)
    assert twice.text == once.text
    assert [(p.start, p.end, p.kind) for p in twice.paragraphs] == [
        (p.start, p.end, p.kind) for p in once.paragraphs
    ]
