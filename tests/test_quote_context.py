"""The W3C export's quote contexts against their definition: search the whole text."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.quote_context import KEY, STRIDE, QuoteContexts
from schemas.annotations import CONTEXT_CHARS


def searched(text: str, start: int, end: int) -> tuple[str, str]:
    """The definition: 32 characters each side, doubled until the window occurs once."""
    size = CONTEXT_CHARS
    while True:
        low, high = max(0, start - size), min(len(text), end + size)
        window = text[low:high]
        unique = text.find(window) == low and text.find(window, low + 1) == -1
        if unique or (low == 0 and high == len(text)):
            return text[low:start], text[end:high]
        size *= 2


# Long repeated sentences and a few short pieces between them: windows that occur more than
# once, at every distance from the indexed places, are the common case.
phrases = st.sampled_from(
    [
        "Le Conseil d'État rejette la requête de l'association. ",
        "La RTU est remplacée par l'AMM du baclofène. ",
        "le juge exerce un contrôle restreint ",
        "a",
        "é ",
        "b",
    ]
)
texts = st.lists(phrases, min_size=1, max_size=120).map("".join)


@st.composite
def spans(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@settings(max_examples=600, deadline=None)
@given(spans())
def test_contexts_are_those_of_a_search_of_the_whole_text(span: tuple[str, int, int]) -> None:
    text, start, end = span
    prefix, suffix = QuoteContexts(text).around(start, end)
    assert (prefix, suffix) == searched(text, start, end)
    window = prefix + text[start:end] + suffix
    assert text.count(window) == 1 or window == text  # it selects one place


def test_a_repeated_passage_gets_a_context_that_reaches_what_differs() -> None:
    clause = "Le Conseil d'État rejette la requête. " * 6
    text = f"Premier arrêt. {clause}Second arrêt, autre. {clause}Fin."
    second = text.index("Second")
    start = text.index("rejette", text.index("rejette", second) + 1)  # the second clause's 2nd
    end = start + len("rejette")
    prefix, suffix = QuoteContexts(text).around(start, end)
    assert len(prefix) + len(suffix) > 2 * CONTEXT_CHARS
    assert text.count(prefix + "rejette" + suffix) == 1
    assert len(prefix + "rejette" + suffix) > STRIDE + KEY - 1  # found through the index


def test_a_window_twice_is_found_whatever_its_alignment_with_the_index() -> None:
    rng = random.Random(7)

    def noise(length: int) -> str:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(length))

    repeated = "Le Conseil d'État rejette la requête de l'association requérante, dit le juge. " * 2
    for gap in range(2 * STRIDE):
        text = noise(40) + repeated + noise(gap) + repeated + noise(40)
        for first in (40, text.rindex(repeated)):  # a span in each copy
            start = first + len(repeated) // 2
            end = start + 10
            assert QuoteContexts(text).around(start, end) == searched(text, start, end)
