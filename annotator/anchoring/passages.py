"""Aligning the passages of two versions: which are unchanged, and where the others went.

Identical texts are paired first, wherever they moved (a paragraph moved is unchanged). The
pairs in reading order on both sides (a longest increasing subsequence, as patience diff takes)
are the backbone; between two backbone pairs, the old passages left over went to the new
passages left over there: a block, whose texts are then aligned character by character
(``OffsetMap``). A big block (every paragraph retouched, say) is cut first where its
passages pair by their first or last characters, the same way. An old passage with nowhere
to go (its place holds no new passage) is looked for among the new passages nothing else
claimed (a paragraph moved and edited), by text similarity.

This is linear in the document apart from the blocks, which are as big as the edits: difflib's
``SequenceMatcher`` over the passage sequence takes seconds on 10k passages with a few hundred
edits, this takes milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz, process

BLOCK_CHARS = 6_000
"""Most characters on either side of a block aligned at once: aligning costs the product of
the two sides (6,000 characters a side take about 6 ms), so a bigger block is cut (``_cut``)."""

KEY_CHARS = 24
"""Characters at the start, or the end, of a passage that pair it with a new passage starting
(ending) the same way, when no other passage of a big block does: an edit seldom touches both
ends of a paragraph."""

PAIR_CUTOFF = 60.0
"""Least ``fuzz.ratio`` (0-100) for an old passage left with nowhere to go to be taken for a
new passage nothing claimed: a paragraph moved and edited. Two paragraphs of the benchmark's
corpus drawn at random score 41 on average (it recombines a few hundred sentences, so 1% of
them score over 65 and share a sentence); a paragraph and itself with a word changed score 95
and more, with a sentence inserted or deleted 82 to 87 on average (60 and more for 9 in 10)."""


@dataclass(frozen=True, slots=True, eq=False)
class Block:
    """Old passages and the new passages their text went to (both in reading order).

    ``at`` is the index of the first new passage after the place the old ones held, for a
    block whose new side is empty (the text was deleted)."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    at: int


@dataclass(slots=True)
class PassageAlignment:
    """Old passages unchanged in the new version, and the blocks of the others."""

    same: dict[int, int] = field(default_factory=dict)
    """Old index -> new index of a passage whose text is unchanged."""
    block_of: dict[int, Block] = field(default_factory=dict)
    """Old index -> its block, for every old passage not in ``same``."""
    changed: list[int] = field(default_factory=list)
    """New passages that are not an old passage unchanged, in reading order."""


def align(old: Sequence[str], new: Sequence[str]) -> PassageAlignment:
    """Align the passage texts of two versions (see the module docstring)."""
    same = _identical(old, new)
    claimed = set(same.values())
    alignment = PassageAlignment(same, changed=[j for j in range(len(new)) if j not in claimed])
    deleted: list[Block] = []
    unclaimed: list[int] = []
    fences = [(-1, -1), *_backbone(same), (len(old), len(new))]
    for (old_low, new_low), (old_high, new_high) in pairwise(fences):
        olds = tuple(i for i in range(old_low + 1, old_high) if i not in same)
        news = tuple(j for j in range(new_low + 1, new_high) if j not in claimed)
        if not olds:
            unclaimed.extend(news)
        elif not news:
            deleted.append(Block(olds, (), new_high))
        else:
            for block in _cut(Block(olds, news, new_high), old, new):
                alignment.block_of.update(dict.fromkeys(block.old, block))
    for block in deleted:
        for i, target in zip(block.old, _moved_and_edited(block, old, new, unclaimed), strict=True):
            alignment.block_of[i] = block if target is None else Block((i,), (target,), target + 1)
    return alignment


def _identical(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Old index -> new index of identical texts, as patience diff pairs them: the texts once
    on each side first, wherever they moved; then a text there more than once, nearest where
    it is expected between the pairs in order around it; then what is left of those, nearest
    the same share of the document."""
    old_counts, new_counts = Counter(old), Counter(new)
    once = {text: j for j, text in enumerate(new) if new_counts[text] == 1}
    pairs = {i: once[text] for i, text in enumerate(old) if old_counts[text] == 1 and text in once}
    repeated = [i for i, text in enumerate(old) if i not in pairs and new_counts[text]]
    taken = set(pairs.values())
    fences = [(-1, -1), *_backbone(pairs), (len(old), len(new))]
    for (old_low, new_low), (old_high, new_high) in pairwise(fences):
        olds = repeated[bisect_right(repeated, old_low) : bisect_left(repeated, old_high)]
        if olds:
            news = range(new_low + 1, new_high)
            _pair_nearest(olds, news, new_low - old_low, 1.0, old, new, pairs, taken)
    scale = len(new) / max(1, len(old))
    _pair_nearest(repeated, range(len(new)), 0, scale, old, new, pairs, taken)
    return pairs


def _pair_nearest(
    olds: Iterable[int],
    news: range,
    shift: int,
    scale: float,
    old: Sequence[str],
    new: Sequence[str],
    pairs: dict[int, int],
    taken: set[int],
) -> None:
    """Pair the passages of ``olds`` and ``news`` not paired yet that hold the same text, the
    nearest first: old passage ``i`` is expected at ``i * scale + shift`` (``pairs`` and
    ``taken`` grow)."""
    places: dict[str, list[int]] = defaultdict(list)
    for j in news:
        if j not in taken:
            places[new[j]].append(j)
    by_text: dict[str, list[int]] = defaultdict(list)
    for i in olds:
        if i not in pairs and old[i] in places:
            by_text[old[i]].append(i)
    for text, same_olds in by_text.items():
        distances = sorted(
            (abs(i * scale + shift - j), i, j) for i in same_olds for j in places[text]
        )
        for _, i, j in distances:
            if i not in pairs and j not in taken:
                pairs[i] = j
                taken.add(j)


def _backbone(pairs: dict[int, int]) -> list[tuple[int, int]]:
    """The longest run of pairs in reading order on both sides (patience sorting)."""
    ordered = sorted(pairs.items())
    tails: list[int] = []
    tail_at: list[int] = []
    before: list[int] = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        place = bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[place] = j
            tail_at[place] = k
        before[k] = tail_at[place - 1] if place else -1
    chain: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(ordered[k])
        k = before[k]
    return chain[::-1]


def _cut(block: Block, old: Sequence[str], new: Sequence[str]) -> list[Block]:
    """``block`` in pieces of at most about ``BLOCK_CHARS`` a side: where its passages pair
    by their first or last characters (``KEY_CHARS``), as patience diff pairs identical
    ones; else at the same share of the characters on each side."""
    if max(_chars(block.old, old), _chars(block.new, new)) <= BLOCK_CHARS:
        return [block]
    for key in (_head, _tail):
        pieces = _split(block, old, new, key)
        if len(pieces) > 1:
            return [small for piece in pieces for small in _cut(piece, old, new)]
    return _proportional(block, old, new)


def _chars(indexes: tuple[int, ...], texts: Sequence[str]) -> int:
    return sum(len(texts[k]) + 1 for k in indexes)


def _head(text: str) -> str:
    return text[:KEY_CHARS]


def _tail(text: str) -> str:
    return text[-KEY_CHARS:]


def _split(
    block: Block, old: Sequence[str], new: Sequence[str], key: Callable[[str], str]
) -> list[Block]:
    """``block`` cut around the pairs of an old and a new passage whose ``key`` is once on
    each side, in reading order on both; a piece left with one side empty (a paragraph
    merged into its neighbour, or split from it) joins the piece before it."""
    old_keys = Counter(key(old[i]) for i in block.old)
    new_keys = Counter(key(new[j]) for j in block.new)
    once = {key(new[j]): j for j in block.new if new_keys[key(new[j])] == 1}
    pairs = {
        i: once[key(old[i])]
        for i in block.old
        if old_keys[key(old[i])] == 1 and key(old[i]) in once
    }
    fences = _backbone(pairs)
    if not fences:
        return [block]
    old_fences, new_fences = [i for i, _ in fences], [j for _, j in fences]
    pieces: list[tuple[list[int], list[int]]] = [([], []) for _ in range(2 * len(fences) + 1)]
    for i in block.old:
        pieces[_piece(old_fences, i)][0].append(i)
    for j in block.new:
        pieces[_piece(new_fences, j)][1].append(j)
    merged: list[tuple[list[int], list[int]]] = []
    for olds, news in pieces:
        if merged and not (olds and news):
            merged[-1][0].extend(olds)
            merged[-1][1].extend(news)
        elif olds or news:
            merged.append((olds, news))
    if len(merged) > 1 and not (merged[0][0] and merged[0][1]):
        olds, news = merged.pop(0)
        merged[0] = (sorted(olds + merged[0][0]), sorted(news + merged[0][1]))
    return [Block(tuple(olds), tuple(news), news[-1] + 1) for olds, news in merged]


def _piece(fences: list[int], index: int) -> int:
    """Which piece ``index`` is in: 2k for the gap before the k-th fence, 2k + 1 for it."""
    k = bisect_left(fences, index)
    return 2 * k + 1 if k < len(fences) and fences[k] == index else 2 * k


def _proportional(block: Block, old: Sequence[str], new: Sequence[str]) -> list[Block]:
    """``block`` in pieces of about ``BLOCK_CHARS`` a side, cut at the same share of the
    characters on each side."""
    old_sizes = [len(old[i]) + 1 for i in block.old]
    new_sizes = [len(new[j]) + 1 for j in block.new]
    pieces = max(sum(old_sizes), sum(new_sizes)) // BLOCK_CHARS + 1
    old_cuts = _shares(old_sizes, pieces)
    new_cuts = _shares(new_sizes, pieces)
    blocks: list[Block] = []
    olds: tuple[int, ...] = ()
    news: tuple[int, ...] = ()
    for (old_low, old_high), (new_low, new_high) in zip(old_cuts, new_cuts, strict=True):
        olds += block.old[old_low:old_high]
        news += block.new[new_low:new_high]
        if olds and news:
            blocks.append(Block(olds, news, news[-1] + 1))
            olds = news = ()
    if olds or news:
        last = blocks.pop()
        blocks.append(Block(last.old + olds, last.new + news, block.at))
    return blocks


def _shares(sizes: list[int], pieces: int) -> list[tuple[int, int]]:
    """Index ranges cutting ``sizes`` into ``pieces`` runs of about the same total."""
    total = sum(sizes)
    cuts = [0]
    running = 0
    for index, size in enumerate(sizes):
        running += size
        if running * pieces >= total * len(cuts) and len(cuts) < pieces:
            cuts.append(index + 1)
    cuts += [len(sizes)] * (pieces + 1 - len(cuts))
    return list(pairwise(cuts))


def _moved_and_edited(
    block: Block, old: Sequence[str], new: Sequence[str], unclaimed: list[int]
) -> list[int | None]:
    """For each old passage of a deleted block, the unclaimed new passage most like it (above
    ``PAIR_CUTOFF``), if any."""
    choices = {j: new[j] for j in unclaimed}
    found: list[int | None] = []
    for i in block.old:
        best = process.extractOne(old[i], choices, scorer=fuzz.ratio, score_cutoff=PAIR_CUTOFF)
        found.append(best[2] if best else None)
    return found
