"""The edit index finds exactly the words a scan of the whole dictionary would find."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from annotator.search.edit_index import EditIndex

# A small alphabet makes near neighbours common, so every kind of edit gets exercised.
words = st.text(alphabet="abcde", min_size=1, max_size=14)


def scan(dictionary: set[str], word: str, budget: int) -> dict[str, int]:
    """What the index must agree with: every word compared, one by one."""
    found = {}
    for candidate in dictionary:
        distance = OSA.distance(word, candidate)
        if distance <= budget:
            found[candidate] = distance
    return found


@given(st.sets(words, max_size=200), words, st.sampled_from([1, 2]))
def test_within_finds_what_a_full_scan_finds(dictionary: set[str], word: str, budget: int) -> None:
    index = EditIndex(dictionary)
    assert index.within(word, budget) == scan(dictionary, word, budget)


@given(st.sets(words, min_size=1, max_size=100), st.data())
def test_every_kind_of_typo_of_a_dictionary_word_finds_it(
    dictionary: set[str], data: st.DataObject
) -> None:
    """Typos at the cuts between pieces (swaps across them above all) are where it could miss."""
    original = data.draw(st.sampled_from(sorted(dictionary)))
    typed = original
    for _ in range(data.draw(st.integers(1, 2))):
        at = data.draw(st.integers(0, max(0, len(typed) - 1)))
        kind = data.draw(st.sampled_from(["swap", "drop", "add", "change"]))
        if kind == "swap" and len(typed) > 1:
            at = min(at, len(typed) - 2)
            typed = typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :]
        elif kind == "drop" and len(typed) > 1:
            typed = typed[:at] + typed[at + 1 :]
        elif kind == "add":
            typed = typed[:at] + "x" + typed[at:]
        else:
            typed = typed[:at] + "x" + typed[at + 1 :]
    distance = OSA.distance(original, typed)
    if distance <= 2:
        assert index_of(dictionary).within(typed, 2)[original] == distance


def index_of(dictionary: set[str]) -> EditIndex:
    index = EditIndex(dictionary)
    index.warm(lambda word: 2)
    return index


def test_swaps_across_the_cuts_are_found() -> None:
    """One swap across each cut of a nine-letter word: two edits that break every piece."""
    index = EditIndex(["maraninch", "abcdefghi"])
    assert index.within("mraaninhc", 2) == {"maraninch": 2}
    assert index.within("bacdefhgi", 2) == {"abcdefghi": 2}
    assert index.within("abcedfghi", 1) == {"abcdefghi": 1}
