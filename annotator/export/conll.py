"""The CoNLL export: CoNLL-2003-style IOB2 tags, one token per line, for NER tooling.

Each document starts with a ``-DOCSTART-`` line; each sentence is one line per token,
``token<TAB>label``, and a blank line. Labels are ``B-<concept>`` on a span's first token,
``I-<concept>`` on the others, ``O`` elsewhere (IOB2: every span starts with ``B-``, so two
spans side by side stay two).

A tab separates the columns because readers differ on spaces: the ``conllu`` package only
splits on a tab (or two spaces), while CoNLL-2003 readers that split on any whitespace
read a tab too. A ``-DOCSTART-`` line carries a label like any other for the same reason.

What token labels cannot say is dropped, and said here (and in the README):

* a whole-passage tag has no span, so it labels no token;
* a token partly inside a span counts as inside it: a span that starts or ends in the
  middle of a word is widened to the whole word (a span over whitespace only is dropped);
* one token has one label, so of spans that share a token only the outermost is kept: the
  longest (in characters, as tagged), then the earliest, then the first tagged;
* relations, notes, reviewers and dates are not written.

Tokens and sentences are ``corpus.tokens``'s, the UI's: an elided article is a token
("l’" "ANSM"), punctuation marks are tokens of their own, compounds and numbers are one
("alcoolo-dépendance", "5121-12-1", "300,5", "n°"). Sentences are cut inside each passage as
the UI's ``s`` cuts them (not after "art.", "M." or the "1." of a point), except where the cut
would fall inside a kept span: a span read back from the tags is always within one sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TextIO

from annotator.export.formats import FileFormat
from annotator.store import Store
from annotator.store.export_reads import ExportFilter
from corpus.tokens import Span, sentence_starts, token_spans
from schemas import Annotation

DOCSTART = "-DOCSTART-"
OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class Entity:
    """A kept span as token indexes: tokens ``first`` to ``stop - 1`` carry its concept."""

    first: int
    stop: int
    concept: str


def kept_entities(tokens: Sequence[Span], annotations: Sequence[Annotation]) -> list[Entity]:
    """The spans of ``annotations`` that get token labels, by position (see the module doc)."""
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    candidates: list[tuple[int, int, int, Entity]] = []
    for order, annotation in enumerate(annotations):
        if annotation.start is None or annotation.end is None:
            continue
        first = bisect_right(ends, annotation.start)
        stop = bisect_left(starts, annotation.end)
        if first < stop:
            length = annotation.end - annotation.start
            entity = Entity(first, stop, annotation.concept)
            candidates.append((-length, annotation.start, order, entity))
    candidates.sort(key=lambda candidate: candidate[:3])
    taken = [False] * len(tokens)
    kept: list[Entity] = []
    for *_, entity in candidates:
        if not any(taken[entity.first : entity.stop]):
            taken[entity.first : entity.stop] = [True] * (entity.stop - entity.first)
            kept.append(entity)
    return sorted(kept, key=lambda entity: entity.first)


def iob2_labels(count: int, entities: Sequence[Entity]) -> list[str]:
    """One label per token: ``B-``/``I-`` plus the concept inside entities, ``O`` elsewhere."""
    labels = [OUTSIDE] * count
    for entity in entities:
        labels[entity.first] = f"B-{entity.concept}"
        for index in range(entity.first + 1, entity.stop):
            labels[index] = f"I-{entity.concept}"
    return labels


def passage_sentences(text: str, annotations: Sequence[Annotation]) -> Iterator[list[str]]:
    """The lines (``token<TAB>label``) of each sentence of a passage."""
    tokens = token_spans(text)
    labels = iob2_labels(len(tokens), kept_entities(tokens, annotations))
    cuts = [cut for cut in sentence_starts(text, tokens) if not labels[cut].startswith("I-")]
    for low, high in pairwise([0, *cuts, len(tokens)]):
        if low < high:
            yield [
                f"{text[start:end]}\t{labels[index]}"
                for index, (start, end) in enumerate(tokens[low:high], start=low)
            ]


def write_conll(
    store: Store,
    selection: ExportFilter,
    out: TextIO,
    on_item: Callable[[], None] = lambda: None,
) -> int:
    """Write every selected document, its kept spans as IOB2 labels; the documents written.

    Every document comes, with all its passages: untagged text is what ``O`` tokens are.
    """
    written = 0
    for document in store.exported_documents(selection):
        out.write(f"{DOCSTART}\t{OUTSIDE}\n\n")
        for item in document.passages:
            for sentence in passage_sentences(item.passage.text, item.annotations):
                out.write("\n".join(sentence))
                out.write("\n\n")
        written += 1
        on_item()
    return written


FORMAT = FileFormat("conll", "document", Store.count_exported_documents, write_conll)
