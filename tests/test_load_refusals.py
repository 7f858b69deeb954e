"""``load`` refuses what is not a faithful copy of this corpus's work, whole, in one line:
a relation from an annotation to itself or of a type (or between concepts) the scheme does not
allow (JSONL and brat), and a JSONL line whose passage text is not the database's, even where
its quotes happen to match."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from tests.conftest import Cli
from tests.exports import counts, fresh, passages_of
from tests.test_export import annotated_export, write_records


def refusal(result: Result, where: str) -> str:
    """The reason of a load refused at ``where`` (``FILE:LINE``), with nothing on stdout."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    prefix = f"error: {where}: "
    assert result.stderr.startswith(prefix), result.stderr
    return result.stderr.removeprefix(prefix).rstrip("\n")


def test_jsonl_relation_from_an_annotation_to_itself_is_refused(
    seeded: Cli, tmp_path: Path
) -> None:
    path, records = annotated_export(seeded, tmp_path)
    (holder,) = [record for record in records if record["relations"]]
    relation = holder["relations"][0]
    relation["to"] = relation["from"]
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    result = other("load", str(path), ok=False)
    line = records.index(holder) + 1
    assert refusal(result, f"{path}:{line}") == (
        f"relation 1: links annotation {relation['from']} to itself"
    )
    assert counts(other) == (0, 0, 0)


def test_jsonl_line_whose_text_is_not_the_passage_text_is_refused(
    seeded: Cli, tmp_path: Path
) -> None:
    path, records = annotated_export(seeded, tmp_path)
    holder = next(r for r in records if any(a["start"] is not None for a in r["annotations"]))
    original = holder["text"]
    holder["text"] = original[:30] + "X" + original[31:]  # the spans' quotes still match
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    result = other("load", str(path), ok=False)
    line = records.index(holder) + 1
    assert refusal(result, f"{path}:{line}") == (
        f"text differs from passage {holder['passage']}'s text in the database "
        f"(from character 30: {holder['text'][30:50]!r} here, {original[30:50]!r} there)"
    )
    assert counts(other) == (0, 0, 0)
    del holder["text"]  # a hand-written line may leave the text out
    write_records(path, records)
    assert "loaded" in other("load", str(path)).stderr


def test_brat_relation_from_a_t_line_to_itself_is_refused(seeded: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "from-brat"
    folder.mkdir()
    passage = passages_of(seeded)[1]
    text = passage["text"]
    span = f"{passage['start']} {passage['start'] + 5}\t{text[:5]}"
    path = folder / f"{passage['document']}.ann"
    before = counts(seeded)
    path.write_text(f"T1\tmoyen {span}\nR1\tsupports Arg1:T1 Arg2:T1\n", "utf-8")
    result = seeded("load", "--format", "brat", str(folder), ok=False)
    assert refusal(result, f"{path}:2") == "R1: links T1 to itself"
    path.write_text(f"T1\tmoyen {span}\nT2\tmoyen {span}\nR1\tsupports Arg1:T1 Arg2:T2\n", "utf-8")
    result = seeded("load", "--format", "brat", str(folder), ok=False)
    assert refusal(result, f"{path}:3") == "R1: links T1 and T2 (same type and span) to itself"
    assert counts(seeded) == before


RELATION_TYPES = "supports, attacks, applies, rephrases, cites, substitutes"
"""The relation types of the bundled scheme, as a refusal lists them."""


def test_jsonl_relation_of_a_type_the_scheme_lacks_is_refused(seeded: Cli, tmp_path: Path) -> None:
    path, records = annotated_export(seeded, tmp_path)
    (holder,) = [record for record in records if record["relations"]]
    holder["relations"][0]["type"] = "suports"
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    result = other("load", str(path), ok=False)
    assert refusal(result, f"{path}:{records.index(holder) + 1}") == (
        f"relation 1: type 'suports' is not a relation type of the scheme (its types: "
        f"{RELATION_TYPES})"
    )
    assert counts(other) == (0, 0, 0)


def test_jsonl_relation_whose_ends_its_type_does_not_allow_is_refused(
    seeded: Cli, tmp_path: Path
) -> None:
    path, records = annotated_export(seeded, tmp_path)
    (holder,) = [record for record in records if record["relations"]]
    holder["relations"][0]["type"] = "applies"  # from a moyen: a motif or a solution applies
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    result = other("load", str(path), ok=False)
    assert refusal(result, f"{path}:{records.index(holder) + 1}") == (
        "relation relation-1 of type 'applies' starts from an annotation of motif or solution "
        "(or a sub-concept), not of 'moyen'"
    )
    assert counts(other) == (0, 0, 0)


def _brat_pair(cli: Cli, tmp_path: Path, relation: str) -> Path:
    """A brat folder with two T lines on the second passage, ``moyen`` then ``regle``, and
    ``R1``: ``relation`` from T1 to T2; its ``.ann`` file."""
    folder = tmp_path / "from-brat"
    folder.mkdir(exist_ok=True)
    passage = passages_of(cli)[1]
    start, text = passage["start"], passage["text"]
    path = folder / f"{passage['document']}.ann"
    path.write_text(
        f"T1\tmoyen {start} {start + 5}\t{text[:5]}\n"
        f"T2\tregle {start + 6} {start + 10}\t{text[6:10]}\n"
        f"R1\t{relation} Arg1:T1 Arg2:T2\n",
        "utf-8",
    )
    return path


def test_brat_relation_of_a_type_the_scheme_lacks_is_refused(seeded: Cli, tmp_path: Path) -> None:
    path = _brat_pair(seeded, tmp_path, "suports")
    before = counts(seeded)
    result = seeded("load", "--format", "brat", str(path.parent), ok=False)
    assert refusal(result, f"{path}:3") == (
        f"R1: type 'suports' is not a relation type of the scheme (its types: {RELATION_TYPES})"
    )
    assert counts(seeded) == before


def test_brat_relation_whose_ends_its_type_does_not_allow_is_refused(
    seeded: Cli, tmp_path: Path
) -> None:
    path = _brat_pair(seeded, tmp_path, "applies")
    before = counts(seeded)
    result = seeded("load", "--format", "brat", str(path.parent), ok=False)
    assert refusal(result, f"{path}:3") == (
        "R1: relation type 'applies' starts from an annotation of motif or solution "
        "(or a sub-concept), not of 'moyen'"
    )
    assert counts(seeded) == before
    _brat_pair(seeded, tmp_path, "supports")
    loaded = seeded("load", "--format", "brat", str(path.parent))
    assert "loaded 2 annotations, 1 relation" in loaded.stderr
