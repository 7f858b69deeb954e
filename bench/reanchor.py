"""Re-anchoring benchmark: 100k annotations onto a new version of a 10k-passage document.

Run from the repository root::

    python -m bench.reanchor                 # 10,000 passages, 100,000 annotations
    python -m bench.reanchor --quick         # 2,000 passages, 20,000 annotations: a smoke test
    python -m bench.reanchor --passages 5000 --annotations 50000

What it does:

1. The old version: ``--passages`` passages grown from the seeds by ``bench/corpus_gen.py``
   (about 600 characters each, sentences recombined, so a sentence often recurs elsewhere,
   as boilerplate does in legal texts), and ``--annotations`` annotations on passages drawn at
   random: a fifth whole-passage tags, the others spans of 1 to 12 words or a whole sentence,
   with their quote and 32 characters of context, as the store keeps them.
2. The new version: ``tests/revisions.py``'s ``revise``, one edit for every 20 passages, mixed
   as real revisions are (``REVISION_MIX``: typos fixed, a word changed, sentences inserted
   and deleted, paragraphs merged, split, moved, dropped and added). The revision knows where
   every old character went: the truth each annotation's placement is checked against
   (``Draft.where`` for a span; ``Draft.holder`` for a whole-passage tag; none when the text
   is gone or a split cuts a span in two, where an orphan is right). Inserted sentences are
   new ones (none the old version has), but the corpus recombines a few hundred sentence
   templates, so a phrase and its 32 characters of context often recur in an inserted
   sentence: a span deleted in one place then looks moved there, and counts as misplaced.
3. Ours: ``annotator.anchoring.reanchor`` over every annotation, timed (wall and CPU), the
   placements read one by one and dropped, as the store writing them would. Then its memory,
   in a second run traced by ``tracemalloc`` (slower, so not the timed one): the most it
   holds at once, printed beside the size of the two versions' text. A run at a quarter of
   the size comes first (``--no-small`` skips it), so the two show memory following the
   document's size, not the number of annotations times a copy of it.
4. The baseline, in the same run: what one writes first, rapidfuzz's
   ``fuzz.partial_ratio_alignment`` of each quote (a whole passage's text for a tag) over the
   whole new text, the place it finds taken as is. It is far too slow for every annotation,
   so it runs on ``--sample`` annotations drawn at random (its share placed exactly), and half
   as many more drawn among those on changed passages (its share there, with the drawn ones
   that are), and its time is extrapolated to all of them (printed as such).

5. The worst case last (``--no-worst`` skips it): the same document with a letter changed in
   every passage (``fix_typo``), as a new extraction of a whole document may do, so no
   passage is unchanged and every annotation is looked for; ours only.

It prints, for each: the time, the share of annotations placed exactly where the truth says
(same passage, same offsets; an orphan where the truth is that the text is gone), that share
among the annotations of passages the revision changed (the hard ones), and for ours the
count of each anchor state; then the ratio of the times. Target: 100k annotations on 10k
passages in at most 30 s (PASS or MISS; the exit status is 0 unless something crashed).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
import tracemalloc
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from rapidfuzz import fuzz

from annotator.anchoring import Anchor, AnchorState, Placement, TextPassage, context, reanchor
from bench.corpus_gen import DEFAULT_SEED, passages, sentences
from tests.revisions import SENTENCE_START, Draft, fix_typo, revise, sentence_starts

PASSAGES = 10_000
ANNOTATIONS = 100_000
QUICK_PASSAGES = 2_000
QUICK_ANNOTATIONS = 20_000
PASSAGES_PER_EDIT = 20
"""One edit for this many passages: a revised edition, not a rewrite."""
WHOLE_SHARE = 0.2
"""Share of whole-passage tags among the annotations."""
SENTENCE_SHARE = 0.15
"""Share of spans that are a whole sentence (the others are 1 to 12 words)."""
NEW_SENTENCES = 2_000
"""Sentences the revision draws from to insert."""
SAMPLE = 100
QUICK_SAMPLE = 60
TARGET_SECONDS = 30.0
MB = 1_000_000

_WORD = re.compile(r"\S+")

Truth = tuple[int, int | None, int | None] | None
"""Where an annotation should go: new passage index and offsets (None for a whole passage),
or None when the right answer is an orphan."""


@dataclass(frozen=True, slots=True)
class Case:
    """The two versions, the annotations, and where each should go."""

    old: list[TextPassage]
    new: list[TextPassage]
    anchors: list[Anchor]
    truths: list[Truth]
    changed: list[bool]
    """Whether each annotation's passage is not in the new version unchanged."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one engine did on a set of annotations."""

    seconds: float
    placed: int
    right: int
    changed: int
    right_changed: int

    def share(self) -> float:
        return self.right / max(1, self.placed)

    def share_changed(self) -> float:
        return self.right_changed / max(1, self.changed)


def make_case(count: int, annotations: int, seed: int, retouched: bool = False) -> Case:
    """The old version, its annotations, a revision of it and the truth (see the docstring);
    ``retouched``: a letter changed in every passage instead."""
    rng = random.Random(seed)
    texts = list(passages(count, seed))
    if retouched:
        draft = Draft(texts)
        for passage in range(count):
            fix_typo(draft, passage, rng)
    else:
        draft = revise(texts, rng, max(1, count // PASSAGES_PER_EDIT), _new_sentences(texts, seed))
    old = [TextPassage(f"old-{i}", i, text) for i, text in enumerate(texts)]
    new = [TextPassage(f"new-{j}", j, text) for j, text in enumerate(draft.texts)]
    anchors: list[Anchor] = []
    truths: list[Truth] = []
    changed: list[bool] = []
    words: dict[int, list[tuple[int, int]]] = {}
    for number in range(annotations):
        i = rng.randrange(count)
        if i not in words:
            words[i] = [match.span() for match in _WORD.finditer(texts[i])]
        anchor = _annotation(f"a{number}", i, texts[i], words[i], rng)
        anchors.append(anchor)
        truths.append(_truth(draft, i, anchor))
        changed.append(draft.same(i) is None)
    return Case(old, new, anchors, truths, changed)


def _new_sentences(texts: Sequence[str], seed: int) -> list[str]:
    """Sentences for the revision to insert, none of which the old version has: the corpus
    repeats its sentences, and one inserted that the old version had elsewhere would make
    a sentence deleted there look moved, with its context."""
    known = {sentence for text in texts for sentence in SENTENCE_START.split(text)}
    fresh = (sentence for sentence in sentences(seed + 1) if sentence not in known)
    return list(islice(fresh, NEW_SENTENCES))


def _annotation(
    identifier: str, i: int, text: str, words: list[tuple[int, int]], rng: random.Random
) -> Anchor:
    """A whole-passage tag, a sentence or a run of 1 to 12 words (``words`` are the spans of
    the words of ``text``) of passage ``i``."""
    if rng.random() < WHOLE_SHARE or not words:
        return Anchor(identifier, f"old-{i}", None, None, text, "", "")
    if rng.random() < SENTENCE_SHARE:
        starts = [*sentence_starts(text), len(text) + 1]
        k = rng.randrange(len(starts) - 1)
        start, end = starts[k], starts[k + 1] - 1
    else:
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + int(rng.expovariate(1 / 3)))
        start, end = words[first][0], words[last][1]
    return Anchor(identifier, f"old-{i}", start, end, text[start:end], *context(text, start, end))


def _truth(draft: Draft, i: int, anchor: Anchor) -> Truth:
    if anchor.start is None or anchor.end is None:
        holder = draft.holder(i)
        return None if holder is None else (holder, None, None)
    return draft.where(i, anchor.start, anchor.end)


def run_ours(case: Case) -> tuple[Outcome, float, Counter[AnchorState]]:
    """Our engine on every annotation: its outcome, its CPU seconds and its states."""
    began, cpu = time.perf_counter(), time.process_time()
    placements = reanchor(case.old, case.anchors, case.new)
    states: Counter[AnchorState] = Counter()
    right = right_changed = 0
    for placement, truth, changed in zip(placements, case.truths, case.changed, strict=True):
        states[placement.state] += 1
        if _where(placement) == truth:
            right += 1
            right_changed += changed
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    outcome = Outcome(seconds, len(case.anchors), right, sum(case.changed), right_changed)
    return outcome, cpu, states


def peak_memory(case: Case) -> float:
    """The most memory (MB) re-anchoring every annotation holds at once, placements read and
    dropped one by one as a caller writing them would: Python's allocations, traced by
    ``tracemalloc`` in a run of its own (tracing slows it down, so it is not the timed one)."""
    tracemalloc.start()
    for _ in reanchor(case.old, case.anchors, case.new):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / MB


def _where(placement: Placement) -> Truth:
    if placement.passage is None:
        return None
    return int(placement.passage.removeprefix("new-")), placement.start, placement.end


def run_baseline(case: Case, sample: Sequence[int]) -> tuple[dict[int, bool], float]:
    """rapidfuzz's best partial alignment of each quote over the whole new text, on the
    annotations at ``sample``: whether each was placed exactly, and the seconds it took."""
    texts = [passage.text for passage in case.new]
    whole = "\n\n".join(texts)
    starts: list[int] = []
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text) + 2
    right: dict[int, bool] = {}
    began = time.perf_counter()
    for index in sample:
        anchor = case.anchors[index]
        found = fuzz.partial_ratio_alignment(anchor.quote, whole)
        place: Truth = None
        if found is not None:
            place = _located(found.dest_start, found.dest_end, starts)
        if place is not None and anchor.start is None:
            place = (place[0], None, None)
        right[index] = place == case.truths[index]
    return right, time.perf_counter() - began


def _located(start: int, end: int, starts: list[int]) -> tuple[int, int, int]:
    j = bisect_right(starts, start) - 1
    return j, start - starts[j], end - starts[j]


def benchmark(count: int, annotations: int, seed: int, sample_size: int) -> tuple[float, bool]:
    """One size: prints its figures; returns our time and whether the target was met."""
    print(f"\n{count:,} passages, {annotations:,} annotations (seed {seed})", flush=True)
    case = _made(count, annotations, seed, retouched=False)
    ours = _ours(case)
    rng = random.Random(seed + 2)
    drawn = rng.sample(range(annotations), min(sample_size, annotations))
    hard = [index for index in range(annotations) if case.changed[index]]
    more = rng.sample(hard, min(sample_size // 2, len(hard)))
    right, seconds = run_baseline(case, sorted({*drawn, *more}))
    extrapolated = seconds * annotations / len(right)
    share = sum(right[index] for index in drawn) / len(drawn)
    changed = [index for index in right if case.changed[index]]
    share_changed = sum(right[index] for index in changed) / max(1, len(changed))
    print(
        f"  baseline: {extrapolated:7.0f} s  placed exactly {share:6.1%} "
        f"(on changed passages {share_changed:6.1%} of {len(changed):,})  "
        f"on {len(drawn)} annotations drawn at random and {len(more)} more on changed "
        f"passages, its time extrapolated from theirs ({seconds:.1f} s)"
    )
    print(f"  ratio: ours is {extrapolated / ours.seconds:,.0f}x faster than the baseline")
    return ours.seconds, ours.seconds <= TARGET_SECONDS * count / PASSAGES


def worst_case(count: int, annotations: int, seed: int) -> None:
    """Every passage retouched (a letter changed in each, as a new extraction of a whole
    document may do): nothing is unchanged, every annotation is looked for."""
    print("\nthe same, every passage retouched (a letter changed in each)", flush=True)
    _ours(_made(count, annotations, seed, retouched=True))


def _made(count: int, annotations: int, seed: int, retouched: bool) -> Case:
    began = time.perf_counter()
    case = make_case(count, annotations, seed, retouched)
    gone = sum(truth is None for truth in case.truths)
    print(
        f"  made in {time.perf_counter() - began:.1f} s: {len(case.new):,} passages in the new "
        f"version, {sum(case.changed):,} annotations on passages it changed, {gone:,} whose "
        f"text is gone (an orphan is right)"
    )
    return case


def _ours(case: Case) -> Outcome:
    """Runs and prints our engine's figures on ``case``."""
    ours, cpu, states = run_ours(case)
    peak = peak_memory(case)
    text_mb = sum(len(p.text) for p in case.old + case.new) / MB
    counts = ", ".join(f"{state.value} {states[state]:,}" for state in AnchorState)
    print(
        f"  ours:     {ours.seconds:7.2f} s (CPU {cpu:.2f} s)  placed exactly {ours.share():6.1%}  "
        f"(on changed passages {ours.share_changed():6.1%} of {ours.changed:,})  {counts}"
    )
    print(
        f"  memory: re-anchoring holds {peak:.1f} MB at most, for {text_mb:.1f} MB of text in "
        f"the two versions ({peak / text_mb:.2f} MB a MB of text)"
    )
    return ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 passages: a smoke test")
    parser.add_argument("--passages", type=int, metavar="N", help=f"default {PASSAGES:,}")
    parser.add_argument("--annotations", type=int, metavar="N", help="default 10 a passage")
    parser.add_argument("--sample", type=int, metavar="N", help="annotations of the baseline")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--no-small", action="store_true", help="skip the quarter size")
    parser.add_argument(
        "--no-worst", action="store_true", help="skip the run with every passage retouched"
    )
    args = parser.parse_args(argv)
    count = args.passages or (QUICK_PASSAGES if args.quick else PASSAGES)
    annotations = args.annotations or count * 10
    sample = args.sample or (QUICK_SAMPLE if args.quick else SAMPLE)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {_load()}")
    sizes = [(count, annotations)]
    if not args.no_small:
        sizes.insert(0, (count // 4, annotations // 4))
    verdicts = [benchmark(size, notes, args.seed, sample) for size, notes in sizes]
    seconds, met = verdicts[-1]
    if not args.no_worst:
        worst_case(count, annotations, args.seed)
    verdict = "PASS" if met else "MISS"
    print(
        f"\ntarget: {annotations:,} annotations on {count:,} passages in "
        f"<= {TARGET_SECONDS * count / PASSAGES:.1f} s: {seconds:.2f} s, {verdict}"
    )
    return 0


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
