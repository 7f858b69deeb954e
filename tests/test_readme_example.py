"""The README's worked example runs as written on the seeds: each `tag` line's offsets select
the quote its comment shows, and the links make the map the README describes."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.reasoning import argument_map
from tests.conftest import Cli

README = Path(__file__).resolve().parent.parent / "README.md"
TAG_LINE = re.compile(
    r"^annotator tag \$P (?P<concept>\S+)\s+--start (?P<start>\d+)\s+--end (?P<end>\d+)"
    r"\s+# «(?P<quote>[^»]+)»$"
)
RELATE_LINE = re.compile(r"^annotator relate (?P<source>[A-Z]+) (?P<target>[A-Z]+) (?P<type>\w+)")
NAMES = {"fait": "STUDY", "dose-maximale": "CAP", "moyen": "PLEA", "solution": "HOLDING"}


def example_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("#### A worked example on the seeds", 1)[1].split("```sh", 1)[1]
    return block.split("```", 1)[0].strip().splitlines()


def test_the_worked_example_tags_its_quotes_and_draws_its_map(seeded: Cli) -> None:
    lines = example_lines()
    passage = re.match(r"P=(\w+)", lines[0])
    assert passage is not None
    ids: dict[str, str] = {}
    for line in lines:
        tag = TAG_LINE.match(line)
        if tag is not None:
            (record,) = seeded.json(
                "tag", passage[1], tag["concept"], "--start", tag["start"], "--end", tag["end"]
            )
            assert record["quote"] == tag["quote"]
            ids[NAMES[tag["concept"]]] = record["id"]
        relate = RELATE_LINE.match(line)
        if relate is not None:
            seeded("relate", ids[relate["source"]], ids[relate["target"]], relate["type"])
    assert len(ids) == 4
    store = seeded.store()
    document = store.passage(passage[1])
    assert document is not None
    rows = argument_map(store.linked_relations(), document.document)
    drawn = [(row.depth, row.node.concept, row.relation and row.relation.type) for row in rows]
    assert drawn == [
        (0, "dose-maximale", None),
        (1, "fait", "supports"),
        (1, "moyen", "attacks"),
        (2, "solution", "attacks"),
    ]
