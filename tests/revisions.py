"""Editing a document the ways real revisions do, knowing where every old character went.

A second edition fixes typos, changes a word, inserts and deletes sentences, merges, splits,
moves, drops and adds paragraphs, and a new extraction wraps the lines differently. A ``Draft``
starts as the old version's passages and takes such edits; it keeps each new passage as pieces
of old text and new text, so it can say where any old span now is (``where``) and which new
passage holds most of an old one (``holder``): the truth a re-anchoring is checked against.

``revise`` applies random realistic edits (the benchmark's new version); ``rewrap`` and
``document`` lay passages out as a file, for tests that import a new version.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from textwrap import fill

SENTENCE_START = re.compile(r"(?<=[.!?»])\s+(?=[«A-ZÀ-Ý])")
"""The space between two sentences (before a capital or an opening guillemet)."""
LONG_WORD = re.compile(r"\w{5,}")
"""Words long enough to hold a typo."""


@dataclass(frozen=True, slots=True)
class Kept:
    """Old text carried unchanged: characters ``start:end`` of old passage ``passage``."""

    passage: int
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Added:
    """New text; ``replaces`` is the old text it took the place of, if any (old passage,
    start, end): a span that ended inside a retyped word ends where the new word does."""

    text: str
    replaces: tuple[int, int, int] | None = None

    def __len__(self) -> int:
        return len(self.text)


Piece = Kept | Added


@dataclass(frozen=True, slots=True)
class _Landing:
    """Where a piece of an old passage landed: old ``start:end`` at ``offset`` of new passage
    ``passage``, ``length`` long (shorter or longer than the old text when it replaced it)."""

    start: int
    end: int
    passage: int
    offset: int
    length: int
    kept: bool


class Draft:
    """A new version being made from an old one (see the module docstring)."""

    def __init__(self, passages: Sequence[str]) -> None:
        self.old = list(passages)
        self._passages: list[list[Piece]] = [
            [Kept(i, 0, len(text))] if text else [] for i, text in enumerate(self.old)
        ]

    # --- the new version ------------------------------------------------------------------

    def __len__(self) -> int:
        """How many passages the new version has."""
        return len(self._passages)

    @property
    def texts(self) -> list[str]:
        """The new version's passage texts, in reading order."""
        return [self.text(p) for p in range(len(self._passages))]

    def text(self, passage: int) -> str:
        """The text of new passage ``passage`` as it stands."""
        return "".join(self._piece_text(piece) for piece in self._passages[passage])

    def _piece_text(self, piece: Piece) -> str:
        if isinstance(piece, Kept):
            return self.old[piece.passage][piece.start : piece.end]
        return piece.text

    # --- edits inside a passage -------------------------------------------------------------

    def replace(self, passage: int, start: int, end: int, text: str) -> None:
        """Put ``text`` in the place of ``start:end`` of the current passage ``passage``."""
        self._forget()
        pieces = self._passages[passage]
        before, rest = _cut(pieces, start)
        gone, after = _cut(rest, end - start)
        replaced = [piece for piece in gone if isinstance(piece, Kept)]
        replaces = None
        if replaced and all(piece.passage == replaced[0].passage for piece in replaced):
            replaces = (replaced[0].passage, replaced[0].start, replaced[-1].end)
        middle: list[Piece] = [Added(text, replaces)] if text else []
        self._passages[passage] = before + middle + after

    def insert(self, passage: int, at: int, text: str) -> None:
        """Insert ``text`` at offset ``at`` of the current passage ``passage``."""
        self.replace(passage, at, at, text)

    def delete(self, passage: int, start: int, end: int) -> None:
        """Delete ``start:end`` of the current passage ``passage``."""
        self.replace(passage, start, end, "")

    # --- edits of the passage sequence ------------------------------------------------------

    def merge(self, passage: int) -> None:
        """Join passage ``passage`` and the next one into one paragraph (a space between)."""
        self._forget()
        following = self._passages.pop(passage + 1)
        self._passages[passage] = [*self._passages[passage], Added(" "), *following]

    def split(self, passage: int, at: int) -> None:
        """Cut passage ``passage`` in two at the space at offset ``at`` (the space goes)."""
        if self.text(passage)[at] != " ":
            raise ValueError(f"offset {at} of passage {passage} is not a space")
        self.delete(passage, at, at + 1)
        first, second = _cut(self._passages[passage], at)
        self._passages[passage : passage + 1] = [first, second]

    def move(self, passage: int, to: int) -> None:
        """Move passage ``passage`` so that it becomes passage ``to``."""
        self._forget()
        self._passages.insert(to, self._passages.pop(passage))

    def drop(self, passage: int) -> None:
        """Delete passage ``passage``."""
        self._forget()
        del self._passages[passage]

    def add(self, at: int, text: str) -> None:
        """Insert a new paragraph ``text`` so that it becomes passage ``at``."""
        self._forget()
        self._passages.insert(at, [Added(text)])

    # --- the truth --------------------------------------------------------------------------

    def where(self, passage: int, start: int, end: int) -> tuple[int, int, int] | None:
        """Where the span ``start:end`` of old passage ``passage`` is in the new version:
        (new passage, start, end), keeping what was inserted inside it and losing what was
        deleted; an edge in retyped text takes the whole new text. None if it is gone (none
        of its characters is left unchanged) or now runs over two passages."""
        landings = self._landings.get(passage, [])
        first = bisect_right([landing.end for landing in landings], start)
        last = bisect_left([landing.start for landing in landings], end) - 1
        if first >= len(landings) or last < first:
            return None
        head, tail = landings[first], landings[last]
        inside = landings[first : last + 1]
        if head.passage != tail.passage or not any(landing.kept for landing in inside):
            return None
        new_start = head.offset + max(0, start - head.start) if head.kept else head.offset
        new_end = tail.offset + (min(end, tail.end) - tail.start if tail.kept else tail.length)
        return (head.passage, new_start, new_end) if new_start < new_end else None

    def same(self, passage: int) -> int | None:
        """The new passage that is old passage ``passage`` unchanged, if there is one."""
        landings = self._landings.get(passage, [])
        if len(landings) != 1:
            return None
        (landing,) = landings
        whole = landing.kept and landing.end - landing.start == len(self.old[passage])
        return (
            landing.passage if whole and landing.length == len(self.text(landing.passage)) else None
        )

    def holder(self, passage: int) -> int | None:
        """The new passage holding most of old passage ``passage``'s characters unchanged,
        if most of them are still there."""
        held: Counter[int] = Counter()
        for landing in self._landings.get(passage, []):
            if landing.kept:
                held[landing.passage] += landing.end - landing.start
        if sum(held.values()) * 2 < len(self.old[passage]) or not held:
            return None
        return max(held, key=lambda new: (held[new], -new))

    @cached_property
    def _landings(self) -> dict[int, list[_Landing]]:
        """For each old passage, where its pieces landed, in old order."""
        landings: dict[int, list[_Landing]] = {}
        for new, pieces in enumerate(self._passages):
            offset = 0
            for piece in pieces:
                if isinstance(piece, Kept):
                    landing = _Landing(piece.start, piece.end, new, offset, len(piece), True)
                    landings.setdefault(piece.passage, []).append(landing)
                elif piece.replaces is not None:
                    old, start, end = piece.replaces
                    landing = _Landing(start, end, new, offset, len(piece), False)
                    landings.setdefault(old, []).append(landing)
                offset += len(piece)
        for found in landings.values():
            found.sort(key=lambda landing: landing.start)
        return landings

    def _forget(self) -> None:
        self.__dict__.pop("_landings", None)


def _cut(pieces: list[Piece], at: int) -> tuple[list[Piece], list[Piece]]:
    """``pieces`` cut in two at offset ``at`` of their text."""
    for index, piece in enumerate(pieces):
        if at <= 0:
            return pieces[:index], pieces[index:]
        if at < len(piece):
            if isinstance(piece, Kept):
                head: Piece = Kept(piece.passage, piece.start, piece.start + at)
                tail: Piece = Kept(piece.passage, piece.start + at, piece.end)
            else:
                head, tail = Added(piece.text[:at], piece.replaces), Added(piece.text[at:])
            return [*pieces[:index], head], [tail, *pieces[index + 1 :]]
        at -= len(piece)
    return list(pieces), []


# --- random realistic edits ---------------------------------------------------------------


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence of ``text`` starts, the first one (0) included."""
    return [0, *(match.end() for match in SENTENCE_START.finditer(text))]


def fix_typo(draft: Draft, passage: int, rng: random.Random) -> bool:
    """Change one letter inside a long word (a typo fixed, or made): a letter replaced,
    dropped, doubled, or two swapped."""
    text = draft.text(passage)
    words = list(LONG_WORD.finditer(text))
    if not words:
        return False
    word = rng.choice(words)
    at = rng.randrange(word.start() + 1, word.end() - 2)
    kind = rng.randrange(4)
    if kind == 0:
        draft.replace(passage, at, at + 1, "x" if text[at] != "x" else "y")
    elif kind == 1:
        draft.delete(passage, at, at + 1)
    elif kind == 2:
        draft.insert(passage, at, text[at])
    else:
        draft.replace(passage, at, at + 2, text[at + 1] + text[at])
    return True


def change_word(draft: Draft, passage: int, rng: random.Random, words: Sequence[str]) -> bool:
    """Replace one long word by another."""
    found = list(LONG_WORD.finditer(draft.text(passage)))
    if not found:
        return False
    word = rng.choice(found)
    draft.replace(passage, word.start(), word.end(), rng.choice(words))
    return True


def insert_sentence(draft: Draft, passage: int, rng: random.Random, sentence: str) -> bool:
    """Insert ``sentence`` before one of the passage's sentences."""
    at = rng.choice(sentence_starts(draft.text(passage)))
    draft.insert(passage, at, sentence + " ")
    return True


def delete_sentence(draft: Draft, passage: int, rng: random.Random) -> bool:
    """Delete one sentence of a passage of several (with the space after it)."""
    text = draft.text(passage)
    starts = sentence_starts(text)
    if len(starts) < 2:
        return False
    k = rng.randrange(len(starts))
    if k + 1 < len(starts):
        draft.delete(passage, starts[k], starts[k + 1])
    else:
        draft.delete(passage, starts[k] - 1, len(text))
    return True


def split_passage(draft: Draft, passage: int, rng: random.Random) -> bool:
    """Cut a passage of several sentences in two between two of them."""
    starts = sentence_starts(draft.text(passage))
    if len(starts) < 2:
        return False
    draft.split(passage, rng.choice(starts[1:]) - 1)
    return True


Edit = Callable[[Draft, int, random.Random], bool]
"""An edit of a passage (by its current index); False if the passage does not lend itself."""


def edits(sentences: Sequence[str], words: Sequence[str]) -> dict[str, Edit]:
    """The kinds of edit ``revise`` draws from, by name."""

    def merge(draft: Draft, passage: int, rng: random.Random) -> bool:
        if passage + 1 >= len(draft):
            return False
        draft.merge(passage)
        return True

    def move(draft: Draft, passage: int, rng: random.Random) -> bool:
        draft.move(passage, rng.randrange(len(draft)))
        return True

    def drop(draft: Draft, passage: int, rng: random.Random) -> bool:
        draft.drop(passage)
        return True

    def add(draft: Draft, passage: int, rng: random.Random) -> bool:
        draft.add(passage, " ".join(rng.sample(list(sentences), 2)))
        return True

    return {
        "typo": fix_typo,
        "word": lambda draft, passage, rng: change_word(draft, passage, rng, words),
        "insert sentence": lambda draft, passage, rng: insert_sentence(
            draft, passage, rng, rng.choice(sentences)
        ),
        "delete sentence": delete_sentence,
        "merge": merge,
        "split": split_passage,
        "move": move,
        "drop": drop,
        "add": add,
    }


REVISION_MIX = {
    "typo": 30,
    "word": 15,
    "insert sentence": 15,
    "delete sentence": 10,
    "merge": 6,
    "split": 6,
    "move": 8,
    "drop": 4,
    "add": 6,
}
"""How often each kind of edit comes in a revision (relative weights)."""


def revise(
    passages: Sequence[str],
    rng: random.Random,
    count: int,
    sentences: Sequence[str],
    words: Sequence[str] = ("juridiction", "requérant", "décision", "ministre"),
) -> Draft:
    """A new version of ``passages`` with ``count`` random edits, mixed as ``REVISION_MIX``
    says; ``sentences`` are what inserted sentences and added paragraphs say."""
    draft = Draft(passages)
    kinds = edits(sentences, words)
    names = list(REVISION_MIX)
    weights = [REVISION_MIX[name] for name in names]
    done = 0
    while done < count:
        (name,) = rng.choices(names, weights) if len(draft) else ("add",)
        if kinds[name](draft, rng.randrange(len(draft)) if len(draft) else 0, rng):
            done += 1
    return draft


# --- files --------------------------------------------------------------------------------


def document(passages: Sequence[str]) -> str:
    """Passages as a text file: one paragraph a line, a blank line between paragraphs."""
    return "\n\n".join(passages) + "\n"


def rewrap(passages: Sequence[str], width: int) -> str:
    """Passages as a text file hard-wrapped at ``width`` columns, a blank line between
    paragraphs: what another extraction of the same text gives."""
    return "\n\n".join(fill(text, width, break_on_hyphens=False) for text in passages) + "\n"
