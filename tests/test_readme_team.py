"""The README's team example on the seeds gives the output it shows: alice and bob tag the
article blind, carol (a curator) measures their agreement and copies what they agree on into
the gold layer."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli

README = Path(__file__).resolve().parent.parent / "README.md"

ALICE = {
    "19f48b3406cfcd56": "rtu",
    "511f4c8dedf82cc2": "rtu",
    "8bede9c34136e18b": "prescription-hors-amm",
    "706f0bcaa18eb932": "prescription-hors-amm",
    "b949993d6a5fe270": "essai-clinique",
    "afbef73039a44b05": "essai-clinique",
    "d4fa58e9b3c14718": "essai-clinique",
    "e85142c56c9ca369": "pharmacovigilance",
}
BOB = {
    **{passage: concept for passage, concept in ALICE.items() if passage != "d4fa58e9b3c14718"},
    "706f0bcaa18eb932": "amm",  # §4: the marketing authorisation, not off-label prescribing
    "7fb7a11bae281c12": "essai-clinique",  # §8
}
"""The example's tags, passage by passage (the article's §1 to §9)."""


def shown(command: str) -> list[str]:
    """The output the README shows after ``$ COMMAND``, up to the next command or the block's
    end."""
    block = README.read_text(encoding="utf-8").split(f"$ {command}\n", 1)[1].split("```", 1)[0]
    return block.split("\n$ ", 1)[0].rstrip("\n").splitlines()


def test_the_team_example_prints_what_the_readme_shows(seeded: Cli) -> None:
    seeded("settings", "blind", "on")
    seeded("settings", "curators", "carol")
    for reviewer, tags in (("alice", ALICE), ("bob", BOB)):
        for passage, concept in tags.items():
            seeded("tag", passage, concept, reviewer=reviewer)
    alice = seeded.json("stats", reviewer="alice")[0]
    assert alice["annotations"] == len(ALICE)  # blind: her own only
    agreement = seeded("agreement", reviewer="carol").stdout.splitlines()
    assert agreement == shown("annotator --reviewer carol agreement")
    copied = seeded("adjudicate", "--agreed", reviewer="carol").stdout.splitlines()
    assert copied == shown("annotator --reviewer carol adjudicate --agreed")
    status = seeded("adjudicate", reviewer="carol").stdout
    assert status.startswith("0 of 3 disputed passages resolved (gold layer: gold;")
