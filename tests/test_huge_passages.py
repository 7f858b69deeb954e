"""Huge paragraphs: cut into passages of bounded size, imported in bounded memory, searchable.

A file with no paragraph break (a one-line export) used to become one passage: 50 MB of it
froze the UI for a minute and took 3 GB to import at 300 MB.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import MAX_PASSAGE_CHARS, Paragraph, clean, parse_bytes, parse_text
from corpus.passages import segment
from schemas import PassageKind
from tests.conftest import SEEDS, Cli
from tests.strategies import arbitrary_text, document

BIG_FILE_CHARS = 20_000_000
"""A one-line file big enough for its import's memory to stand out from the interpreter's."""

MEMORY_PER_FILE_BYTE = 8
"""Import memory allowed per byte of the file, above a tiny import's. What stays in memory is
the source and clean texts in UTF-8, SQLite's copies of them and the row it builds (6), and,
while cleaning, the two texts as ``str`` (2 bytes a character: French text has ’). Before the
texts were kept as UTF-8 and the passages made one at a time, it was 11 to 12."""

_PEAK_OF_CHILD = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
"""Runs a command and prints its peak memory (KiB), alone: the test's other children are not
counted."""


def seed_paragraphs() -> list[str]:
    """The seeds' paragraphs (headings left out): real French legal prose."""
    return [
        passage.text
        for path in sorted(SEEDS.glob("*.txt"))
        for passage in parse_bytes(path.read_bytes(), path.name).passages
        if passage.kind is PassageKind.PARAGRAPH
    ]


def one_line(size: int) -> str:
    """About ``size`` characters of seed paragraphs on one line, numbered so they differ."""
    paragraphs = seed_paragraphs()
    parts: list[str] = []
    length = 0
    while length < size:
        part = f"{paragraphs[len(parts) % len(paragraphs)]} Point {len(parts)}."
        parts.append(part)
        length += len(part) + 1
    return " ".join(parts) + "\n"


def parts_of_paragraphs(text: str, paragraphs: tuple[Paragraph, ...], limit: int) -> None:
    """Check that the passages ``segment`` makes of ``paragraphs`` tile them: each paragraph is
    its passages with whitespace between, each passage at most ``limit`` and stripped."""
    passages = iter(segment(text, paragraphs, limit).passages)
    for paragraph in paragraphs:
        position = paragraph.start
        while position < paragraph.end:
            passage = next(passages)
            assert text[position : passage.start].isspace() or position == passage.start
            assert passage.start < passage.end <= paragraph.end
            assert passage.end - passage.start <= limit
            piece = text[passage.start : passage.end]
            assert piece == piece.strip()
            assert passage.kind is paragraph.kind
            position = passage.end
    assert next(passages, None) is None


@given(document(), st.integers(5, 80))
@settings(max_examples=150)
def test_parts_tile_the_paragraphs_of_any_document(source: str, limit: int) -> None:
    cleaned = clean(source)
    parts_of_paragraphs(cleaned.text, cleaned.paragraphs, limit)


@given(arbitrary_text, st.integers(1, 30))
@settings(max_examples=150)
def test_parts_tile_the_paragraphs_of_any_text(source: str, limit: int) -> None:
    cleaned = clean(source)
    parts_of_paragraphs(cleaned.text, cleaned.paragraphs, limit)


def test_a_long_paragraph_is_cut_between_sentences_into_stable_passages() -> None:
    text = one_line(5 * MAX_PASSAGE_CHARS)
    parsed = parse_text(text, "long.txt", "utf-8")
    passages = parsed.passages
    assert parsed.split_paragraphs == 1
    assert len(passages) >= 5
    assert all(len(passage.text) <= MAX_PASSAGE_CHARS for passage in passages)
    clean_text = parsed.document.clean_text
    assert all(clean_text[p.start : p.end] == p.text for p in passages)
    assert all(passage.text.endswith(".") for passage in passages)
    assert all(passage.text[0].isupper() or passage.text[0] == "«" for passage in passages)
    assert parse_text(text, "long.txt", "utf-8").ids == parsed.ids


def test_abbreviations_and_initials_are_no_sentence_ends() -> None:
    text = "Le juge a statué. Vu l'art. L. 5121-12 du code et M. X. Dupont."
    paragraphs = clean(text).paragraphs
    cut = segment(text, paragraphs, limit=len("Le juge a statué. Vu l'art. L. 5121-12 du")).passages
    assert text[cut[0].start : cut[0].end] == "Le juge a statué."
    whole = segment(text, paragraphs, limit=len(text) - 1).passages
    assert text[whole[0].start : whole[0].end] == "Le juge a statué."


def test_without_sentence_ends_the_cut_falls_between_words_else_anywhere() -> None:
    words = "alpha beta gamma delta epsilon"
    assert [
        words[p.start : p.end] for p in segment(words, clean(words).paragraphs, 12).passages
    ] == ["alpha beta", "gamma delta", "epsilon"]
    letters = "x" * 25
    assert [p.end - p.start for p in segment(letters, clean(letters).paragraphs, 10).passages] == [
        10,
        10,
        5,
    ]


def test_import_says_how_many_paragraphs_were_cut(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text(one_line(3 * MAX_PASSAGE_CHARS) + "\n" + one_line(MAX_PASSAGE_CHARS + 100))
    result = cli("import", str(path))
    remark = f"2 long paragraphs split into passages of at most {MAX_PASSAGE_CHARS} characters"
    assert f"one line: {remark}" in result.stderr
    assert "split" not in cli("import", str(path)).stderr  # nothing imported, nothing to say


def peak_memory(*args: str) -> int:
    """Peak memory (bytes) of ``annotator ARGS`` run in a process of its own."""
    command = [sys.executable, "-c", _PEAK_OF_CHILD, sys.executable, "-m", "annotator", *args]
    return 1024 * int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def test_a_big_one_line_file_imports_in_bounded_memory_and_is_searched(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text(one_line(10_000))
    big = tmp_path / "big.txt"
    text = one_line(BIG_FILE_CHARS)
    big.write_text(text)
    size = big.stat().st_size
    db = tmp_path / "big.db"
    floor = peak_memory("--db", str(tmp_path / "small.db"), "--reviewer", "r", "import", str(small))
    peak = peak_memory("--db", str(db), "--reviewer", "r", "import", str(big))
    assert peak - floor <= MEMORY_PER_FILE_BYTE * size, f"{(peak - floor) / size:.1f}x the file"
    started = time.perf_counter()
    hits = Cli(db).json("search", "Maranchini", "--limit", "3")
    assert time.perf_counter() - started < 30  # a sanity bound; bench/ holds the targets
    assert hits
    assert "Maraninchi" in hits[0]["text"]
    assert Cli(db).json("docs")[0]["passages"] >= len(text) // MAX_PASSAGE_CHARS
