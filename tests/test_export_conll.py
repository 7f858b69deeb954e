"""CoNLL export, read back with the ``conllu`` package: tokens, sentences and IOB2 spans.

The reader is not ours, and the check does not use our tokenizer: each token read back is
found in the passage texts in order, so the test sees both that tokens are exact substrings
(nothing lost, nothing added but whitespace) and where each labelled span lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import conllu

from tests.conftest import Cli
from tests.exports import annotate_seeds, passages_of, tag

Entity = tuple[str, int, int, str]
"""A span read back: passage id, start and end in the passage text, concept."""


@dataclass
class ReadBack:
    """What a CoNLL file says, placed on the passages it came from."""

    entities: set[Entity]
    sentences: list[list[tuple[str, int, int]]]
    """Each sentence as (passage id, start, end) of its tokens."""


def export_conll(cli: Cli, path: Path, *extra: str) -> str:
    result = cli("export", "--format", "conll", "-o", str(path), *extra)
    assert result.stdout == ""
    return path.read_bytes().decode("utf-8")


def documents_in_order(cli: Cli) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each document's passages in reading order, documents in import order."""
    order = [document["id"] for document in cli.json("docs")]
    passages = passages_of(cli)
    return [(doc, [p for p in passages if p["document"] == doc]) for doc in order]


def read_back(cli: Cli, data: str, *, document: str | None = None) -> ReadBack:
    """Parse with conllu and place every token on the passages of its document.

    Each ``-DOCSTART-`` must open the next document in import order (or the one ``document``
    names): the walk fails unless a document's tokens are its passages' text, in order.
    """
    sentences = conllu.parse(data, fields=("form", "ner"))
    wanted = [d for d in documents_in_order(cli) if document in (None, d[0])]
    groups: list[list[conllu.TokenList]] = []
    for sentence in sentences:
        if [token["form"] for token in sentence] == ["-DOCSTART-"]:
            assert sentence[0]["ner"] == "O"
            groups.append([])
        else:
            assert groups, "tokens before the first -DOCSTART-"
            groups[-1].append(sentence)
    assert len(groups) == len(wanted)
    read = ReadBack(set(), [])
    for (_, passages), group in zip(wanted, groups, strict=True):
        walk = _Walk(passages)
        for sentence in group:
            placed = [(walk.place(token["form"]), token["ner"]) for token in sentence]
            assert len({where[0] for where, _ in placed}) == 1, "a sentence crosses passages"
            read.sentences.append([where for where, _ in placed])
            read.entities |= _iob2_entities(placed)
        walk.finish()
    return read


class _Walk:
    """Finds tokens in the passages of a document, in order, skipping only whitespace."""

    def __init__(self, passages: list[dict[str, Any]]) -> None:
        self.passages = passages
        self.index = 0
        self.position = 0

    def _skip_space(self) -> None:
        while True:
            text = self.passages[self.index]["text"]
            while self.position < len(text) and text[self.position].isspace():
                self.position += 1
            if self.position < len(text) or self.index == len(self.passages) - 1:
                return
            self.index, self.position = self.index + 1, 0

    def place(self, token: str) -> tuple[str, int, int]:
        self._skip_space()
        passage = self.passages[self.index]
        assert passage["text"].startswith(token, self.position), (token, passage["id"])
        start = self.position
        self.position += len(token)
        return passage["id"], start, self.position

    def finish(self) -> None:
        self._skip_space()
        assert self.index == len(self.passages) - 1
        assert self.position == len(self.passages[-1]["text"]), "text left without tokens"


def _iob2_entities(placed: list[tuple[tuple[str, int, int], str]]) -> set[Entity]:
    """Spans of a sentence's labels, refusing what IOB2 forbids (``I-`` opening a span)."""
    entities: set[Entity] = set()
    current: Entity | None = None
    for (passage, start, end), label in [*placed, (("", 0, 0), "O")]:
        if label.startswith("I-"):
            assert current is not None, f"{label} does not continue a span"
            assert current[3] == label[2:], f"{label} continues a {current[3]} span"
            current = (current[0], current[1], end, current[3])
            continue
        if current is not None:
            entities.add(current)
        assert label == "O" or label.startswith("B-"), label
        current = (passage, start, end, label[2:]) if label != "O" else None
    return entities


def test_conll_reads_back_with_conllu_one_document_each_and_every_kept_span(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    data = export_conll(seeded, tmp_path / "out.conll")
    lines = data.split("\n")
    assert lines[:2] == ["-DOCSTART-\tO", ""]
    # CoNLL-2003 readers that split on whitespace see two columns on every line.
    assert all(len(line.split()) == 2 for line in lines if line)
    assert all(line.count("\t") == 1 for line in lines if line)
    read = read_back(seeded, data)
    store = seeded.store()
    overlap = store.annotation(ids["overlap"])
    assert overlap is not None
    assert overlap.start is not None
    assert overlap.end is not None
    # The longer of the two overlapping spans is kept, whole words, its outer spaces left out.
    lead = len(overlap.quote) - len(overlap.quote.lstrip())
    trail = len(overlap.quote) - len(overlap.quote.rstrip())
    expected = (overlap.passage, overlap.start + lead, overlap.end - trail, "fait")
    assert read.entities == {expected}
    # The shorter overlapping span and the whole-passage tags label no token.
    labels = {line.split("\t")[1] for line in lines if line}
    assert labels == {"O", "B-fait", "I-fait"}


def _span(text: str, piece: str) -> tuple[str, str, str, str]:
    """The ``tag`` options selecting the first ``piece`` of ``text``."""
    start = text.index(piece)
    return "--start", str(start), "--end", str(start + len(piece))


def test_conll_widens_partial_words_keeps_outer_spans_and_splits_adjacent_ones(
    seeded: Cli, tmp_path: Path
) -> None:
    passage = passages_of(seeded)[1]
    text, pid = passage["text"], passage["id"]
    tag(seeded, pid, "fait", *_span(text, "baclofène est utilisé"))
    tag(seeded, pid, "moyen", *_span(text, "est utilisé"), reviewer="bob")
    tag(seeded, pid, "moyen", *_span(text, "depuis les"))
    tag(seeded, pid, "moyen", *_span(text, "années"))
    tag(seeded, pid, "regle", *_span(text, "oixan"))
    crossing = "patients traités. Son utilisation"
    tag(seeded, pid, "motif", *_span(text, crossing))
    space = text.index(" ")
    tag(seeded, pid, "solution", "--start", str(space), "--end", str(space + 1))
    read = read_back(seeded, export_conll(seeded, tmp_path / "out.conll"))
    found = {(text[start:end], concept) for passage_id, start, end, concept in read.entities}
    assert {passage_id for passage_id, *_ in read.entities} == {pid}
    assert found == {
        ("baclofène est utilisé", "fait"),
        ("depuis les", "moyen"),
        ("années", "moyen"),
        ("soixante-dix", "regle"),  # a compound is one token: "oixan" widens to all of it
        (crossing, "motif"),
    }
    # The passage is cut into sentences after their final punctuation, but not inside a span.
    own = [[text[start:end] for _, start, end in s] for s in read.sentences if s[0][0] == pid]
    assert len(own) >= 3
    assert all(sentence[-1] in ".!?…" for sentence in own[:-1])
    (joined,) = [sentence for sentence in own if "traités" in sentence]
    assert joined[joined.index("traités") :][:3] == ["traités", ".", "Son"]


def test_conll_follows_the_document_and_concept_filters(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    document = passages_of(seeded)[1]["document"]
    data = export_conll(seeded, tmp_path / "one.conll", "--doc", document)
    assert data.count("-DOCSTART-") == 1
    read_back(seeded, data, document=document)
    data = export_conll(seeded, tmp_path / "moyen.conll", "--concept", "moyen")
    labels = {line.split("\t")[1] for line in data.split("\n") if line}
    # Without the longer span it overlapped, the shorter one is kept.
    assert labels == {"O", "B-moyen", "I-moyen"}
    result = seeded("export", "--format", "conll", "-o", str(tmp_path / "again.conll"))
    assert "exported 2 documents" in result.stderr
