"""Text from documents never drives the terminal: controls and bidi marks shown, JSON exact.

A right-to-left override (U+202E) printed raw makes the terminal show the rest of the line
backwards; an escape sequence recolours it. Every human-readable line (the CLI's listings and
messages, the UI's passages) shows such characters as visible symbols, one for one so that
offsets still highlight the right characters; ``--json`` keeps them exactly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.style import Style

from annotator.display import one_line, visible
from annotator.store import ReviewRow
from annotator.tui.render import Palette, passage_lines
from schemas import Passage
from tests.conftest import Cli

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u2060\ufeff\U000e0041"
"""Zero-width space, word joiner, zero-width no-break space, a tag character: hide text."""
TEXT = "Le juge \u202eedutats\u202c rejette \x1b[31mrouge\x1b[0m et \u2066isolé\u2069 fin."
TITLE = "Décision \u202etxt.exe"


def _raw_controls(text: str) -> set[str]:
    """The characters of ``text`` a terminal would act on or hide rather than show."""
    kept = {"\n", "\u200c", "\u200d", "\u00ad"}
    return {
        char
        for char in text
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in kept
    }


@pytest.fixture
def tricky(cli: Cli, write_file: Callable[[str, bytes], Path]) -> Cli:
    """A database holding one document whose text and title hold bidi and escape codes."""
    folder = write_file("doc/decision.txt", (TEXT + "\n").encode("utf-8")).parent
    manifest = f'[[documents]]\nfile = "decision.txt"\ntitle = "{TITLE}"\n'
    (folder / "manifest.toml").write_text(manifest, "utf-8")
    cli("import", str(folder))
    return cli


@pytest.mark.parametrize(
    "verb",
    [["docs"], ["passages"], ["search", "rejette"]],
    ids=["docs", "passages", "search"],
)
def test_human_output_shows_controls_and_bidi_marks_visibly(tricky: Cli, verb: list[str]) -> None:
    result = tricky(*verb)
    assert result.stdout
    assert not _raw_controls(result.stdout + result.stderr), ascii(result.stdout)


def test_the_import_listing_shows_the_title_visibly(tricky: Cli, tmp_path: Path) -> None:
    again = tricky("import", str(tmp_path / "doc"))
    assert "Décision ␦txt.exe" in again.stdout
    assert not _raw_controls(again.stdout + again.stderr)


def test_passages_and_search_show_each_control_as_one_symbol(tricky: Cli) -> None:
    shown = visible(TEXT)
    assert shown == "Le juge ␦edutats␦ rejette ␛[31mrouge␛[0m et ␦isolé␦ fin."
    assert shown in tricky("passages").stdout
    assert shown in tricky("search", "rejette").stdout
    assert one_line(TITLE, 70) in tricky("docs").stdout


def test_json_output_keeps_the_text_exactly(tricky: Cli) -> None:
    (passage,) = tricky.json("passages")
    assert passage["text"] == TEXT
    (hit,) = tricky.json("search", "rejette")
    assert hit["text"] == TEXT
    assert [TEXT[start:end] for start, end in hit["matches"]] == ["rejette"]
    (document,) = tricky.json("docs")
    assert document["title"] == TITLE
    assert "\u202e".encode() in tricky("docs", "--json").stdout_bytes  # as is, not escaped


def test_tag_stats_and_error_lines_show_quotes_names_and_paths_visibly(
    tricky: Cli, tmp_path: Path
) -> None:
    (passage,) = tricky.json("passages")
    start = TEXT.index("\u202e")
    span = ["--start", str(start), "--end", str(start + 9)]
    tagged = tricky("tag", passage["id"], "rep", *span, reviewer="bob\u202ex")
    assert "«␦edutats␦»" in tagged.stdout
    stats = tricky("stats").stdout
    assert "bob␦x" in stats
    refused = tricky("import", str(tmp_path / "absent\u202etxt.md"), ok=False)
    assert refused.stderr == f"error: {tmp_path}/absent␦txt.md: no such file or folder\n"
    for output in (tagged.stdout, stats, refused.stderr):
        assert not _raw_controls(output), ascii(output)


def test_every_bidi_control_and_invisible_character_becomes_one_visible_symbol() -> None:
    text = f"a{BIDI_CONTROLS}b{INVISIBLE}c"
    shown = visible(text)
    assert len(shown) == len(text)  # offsets stay valid for highlighting
    assert shown == "a" + "␦" * len(BIDI_CONTROLS) + "b" + "␦" * len(INVISIBLE) + "c"
    assert visible("x\u2028y\u2029z") == "x y z"
    # what scripts and emoji need to be drawn right stays: joiners, and the soft hyphen
    assert visible("می\u200cخواهم 👨\u200d⚖️ pharmaco\u00advigilance") == (
        "می\u200cخواهم 👨\u200d⚖️ pharmaco\u00advigilance"
    )


def test_the_ui_draws_bidi_controls_visibly_at_their_offsets() -> None:
    passage = Passage(id="p", document="d", seq=0, start=0, end=len(TEXT), text=TEXT)
    palette = Palette(*(Style() for _ in range(7)))
    strips = passage_lines(ReviewRow(passage), 120, palette, {}, "alice")
    drawn = "".join(strip.text for strip in strips)
    assert not _raw_controls(drawn)
    assert visible(TEXT) in drawn
