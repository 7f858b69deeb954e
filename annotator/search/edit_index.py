"""Finding the dictionary words within one or two edits of a word, without a full scan.

Comparing a query word with every dictionary word of a nearby length costs tens of
milliseconds at a million passages (a hundred thousand words a length, even in rapidfuzz's
C). The pigeonhole principle narrows that to a few hundred words, exactly:

- one edit: cut the word in two halves; an edit breaks one half at most, so a word within
  one edit starts with the first half or ends with the second, unless the edit swaps the two
  letters either side of the cut, which one exact lookup covers;
- two edits: cut it in three; two edits leave one piece whole: the word starts with the
  first piece, ends with the last, or holds the middle one within two letters of where it
  stands; a swap across a cut breaks two pieces at once, so each cut's swap is undone and
  what is left (one edit) searched as above.

A piece at a fixed offset of words of one length is a range of those words sorted from that
offset: one bisection finds it. Those orders are built for each (length, offset) the first
time a lookup needs one, and kept (eight bytes a word). The pieces only narrow the search:
every candidate is then measured with rapidfuzz's OSA distance, which decides.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter

from rapidfuzz import process
from rapidfuzz.distance import OSA

_SHIFT = 2
"""How far the middle piece of a two-edit search may move (two insertions or deletions)."""


class EditIndex:
    """The words of a dictionary, grouped by length, searchable by edit distance."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in words:
            self._by_length[len(word)].append(word)
        self._orders: dict[tuple[int, int], list[str]] = {}

    def within(self, word: str, budget: int) -> dict[str, int]:
        """Dictionary words at most ``budget`` (0, 1 or 2) OSA edits from ``word``, by distance."""
        found: dict[str, int] = {}
        for lookup in _lookups(word, budget):
            for candidate, distance, _ in process.extract(
                word, self._at(*lookup), scorer=OSA.distance, score_cutoff=budget, limit=None
            ):
                found[candidate] = int(distance)
        return found

    def warm(self, budget_of: Callable[[str], int]) -> None:
        """Sort now every order a word of any length could need, so that no search pays for it.

        ``budget_of`` gives the edits a word is allowed (the same for words of one length).
        Lookups depend only on the word's length, so planning them for a stand-in word of each
        length finds them all.
        """
        longest = max(self._by_length, default=0)
        for size in range(1, longest + 3):
            stand_in = "?" * size
            for length, offset, _ in _lookups(stand_in, budget_of(stand_in)):
                if self._by_length.get(length) and 0 <= offset < length:
                    self._order(length, offset)

    def _at(self, length: int, offset: int, piece: str) -> list[str]:
        """Words of ``length`` letters in which ``piece`` stands at ``offset``."""
        if offset < 0 or offset + len(piece) > length or not self._by_length.get(length):
            return []
        if not piece:  # a word too short to cut: every word of the length is a candidate
            return self._by_length[length]
        order = self._order(length, offset)
        key = itemgetter(slice(offset, offset + len(piece)))
        start = bisect_left(order, piece, key=key)
        return order[start : bisect_right(order, piece, lo=start, key=key)]

    def _order(self, length: int, offset: int) -> list[str]:
        """The words of ``length`` letters, sorted by their letters from ``offset``."""
        order = self._orders.get((length, offset))
        if order is None:
            order = sorted(self._by_length[length], key=itemgetter(slice(offset, None)))
            self._orders[(length, offset)] = order
        return order


def _lookups(word: str, budget: int) -> Iterator[tuple[int, int, str]]:
    """(length, offset, piece): where the words within ``budget`` edits of ``word`` are found."""
    if budget <= 0:
        yield len(word), 0, word
    elif budget == 1:
        yield from _one_edit(word)
    else:
        yield from _two_edits(word)


def _one_edit(word: str) -> Iterator[tuple[int, int, str]]:
    size = len(word)
    cut = size // 2
    head, tail = word[:cut], word[cut:]
    for length in range(max(1, size - 1), size + 2):
        yield length, 0, head
        yield length, length - len(tail), tail
    if 0 < cut < size:
        yield size, 0, _swapped(word, cut)


def _two_edits(word: str) -> Iterator[tuple[int, int, str]]:
    size = len(word)
    first, second = size // 3, size - size // 3
    head, middle, tail = word[:first], word[first:second], word[second:]
    for length in range(max(1, size - 2), size + 3):
        yield length, 0, head
        yield length, length - len(tail), tail
        for offset in range(first - _SHIFT, first + _SHIFT + 1):
            yield length, offset, middle
    for cut in (first, second):
        if 0 < cut < size:
            yield from _one_edit(_swapped(word, cut))


def _swapped(word: str, cut: int) -> str:
    """``word`` with the letters either side of ``cut`` swapped."""
    return word[: cut - 1] + word[cut] + word[cut - 1] + word[cut + 1 :]
