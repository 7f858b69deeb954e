"""Export (native JSONL, CSV) and load: the lossless round trip, merges, and refusals."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from annotator import parallel
from annotator.export import jsonl_load, loading
from annotator.store import database
from tests.conftest import Cli
from tests.exports import NOTE, annotate_seeds, counts, fresh, passages_of, tag


def export_jsonl(cli: Cli, path: Path, *extra: str) -> bytes:
    cli("export", "--format", "jsonl", "-o", str(path), *extra)
    return path.read_bytes()


def lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def annotated_export(cli: Cli, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The seeds annotated (``annotate_seeds``), exported: the file and its lines, to edit."""
    annotate_seeds(cli)
    path = tmp_path / "out.jsonl"
    return path, lines(export_jsonl(cli, path))


def write_records(path: Path, records: list[dict[str, Any]]) -> None:
    """Write edited export lines back, as the export writes them."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def test_jsonl_round_trip_into_a_fresh_database_is_byte_identical(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    (noted,) = seeded.json("relate", ids["overlap"], ids["whole"], "supports", "--note", NOTE)
    first = export_jsonl(seeded, tmp_path / "first.jsonl")
    other = fresh(tmp_path, "other.db")
    other("load", str(tmp_path / "first.jsonl"))
    again = export_jsonl(other, tmp_path / "again.jsonl")
    assert again == first
    once = counts(other)
    other("load", str(tmp_path / "first.jsonl"))
    assert counts(other) == once
    records = lines(first)
    assert len(records) == 3
    assert list(records[0]) == [
        "document",
        "passage",
        "seq",
        "label",
        "page",
        "text",
        "annotations",
        "relations",
    ]
    loaded = {annotation.id: annotation for annotation in other.store().annotations()}
    assert set(loaded) == set(ids.values())
    assert loaded[ids["whole"]].note == NOTE
    assert (loaded[ids["whole"]].start, loaded[ids["whole"]].end) == (None, None)
    assert loaded[ids["overlap"]].reviewer == "bob"
    assert other.store().relation("relation-1") is not None
    assert other.store().relation(noted["id"]) == seeded.store().relation(noted["id"])
    assert [r["note"] for record in records for r in record["relations"]] == [None, NOTE]
    # an export made before relations had notes still loads: without a note
    for record in records:
        for relation in record["relations"]:
            del relation["note"]
    write_records(tmp_path / "older.jsonl", records)
    older = fresh(tmp_path, "older.db")
    older("load", str(tmp_path / "older.jsonl"))
    assert older.store().relation(noted["id"]).note is None  # type: ignore[union-attr]


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_a_load_leaves_the_database_sound_in_wal_mode_with_all_its_indexes(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal: str
) -> None:
    modes: list[str] = []
    if journal == "rollback":  # as a big load writes
        monkeypatch.setattr(loading, "ROLLBACK_JOURNAL_ROWS", 1)
        bulk_transaction = database.bulk_transaction

        @contextmanager
        def spy(db: sqlite_utils.Database) -> Iterator[None]:
            with bulk_transaction(db):
                modes.append(str(db.execute("PRAGMA journal_mode").fetchone()[0]))
                yield

        monkeypatch.setattr(loading, "bulk_transaction", spy)
    annotate_seeds(seeded)
    export_jsonl(seeded, tmp_path / "out.jsonl")
    other = fresh(tmp_path, "other.db")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    opened = other.store()
    before = opened.db.execute(schema).fetchall()
    opened.close()  # the load has the database to itself: it writes through a rollback journal
    other("load", str(tmp_path / "out.jsonl"))
    assert modes == (["delete"] if journal == "rollback" else [])
    store = other.store()
    assert store.db.execute(schema).fetchall() == before
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = "SELECT count(*) FROM annotations INDEXED BY annotations_passage WHERE passage = ?"
    first = passages_of(other)[0]["id"]
    assert store.db.execute(found, [first]).fetchone()[0] == 1


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Check the lines of every load in worker processes, a few lines at a time; the list
    counts the chunks of lines the workers checked."""
    checked: list[int] = []
    ordered_map = parallel.ordered_map

    def spy(*args: Any) -> Iterator[Any]:
        for result in ordered_map(*args):
            checked.append(len(result))
            yield result

    monkeypatch.setattr(jsonl_load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(jsonl_load, "CHUNK_BYTES", 400)
    monkeypatch.setattr(jsonl_load, "worker_count", lambda: 2)
    monkeypatch.setattr(jsonl_load, "ordered_map", spy)
    return checked


def test_lines_checked_in_worker_processes_load_what_one_process_does(
    seeded: Cli, tmp_path: Path, in_workers: list[int]
) -> None:
    annotate_seeds(seeded)
    first = export_jsonl(seeded, tmp_path / "first.jsonl", "--all")
    other = fresh(tmp_path, "other.db")
    result = other("load", str(tmp_path / "first.jsonl"))
    assert len(in_workers) > 3
    assert sum(in_workers) == len(lines(first))
    assert "loaded 4 annotations, 1 relation (0 already there)" in result.stderr
    assert export_jsonl(other, tmp_path / "again.jsonl", "--all") == first


def test_a_bad_line_checked_in_a_worker_is_named_and_nothing_is_loaded(
    seeded: Cli, tmp_path: Path, in_workers: list[int]
) -> None:
    annotate_seeds(seeded)
    path = tmp_path / "out.jsonl"
    records = lines(export_jsonl(seeded, path, "--all"))
    records[-2]["annotations"] = [{"id": "x", "concept": "rep"}]
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    result = other("load", str(path), ok=False)
    assert in_workers  # the chunks before the bad one
    bad = len(records) - 1
    assert result.stderr == f"error: {path}:{bad}: annotation 1: quote: Field required\n"
    assert counts(other) == (0, 0, 0)


def test_load_records_each_annotation_in_the_history_under_its_reviewer(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    export_jsonl(seeded, tmp_path / "out.jsonl")
    other = fresh(tmp_path, "other.db")
    other("load", str(tmp_path / "out.jsonl"))
    store = other.store()
    (entry,) = store.history(ids["overlap"])
    assert (entry.reviewer, entry.action.value, entry.before) == ("bob", "create", None)
    assert entry.after is not None
    assert entry.after["id"] == ids["overlap"]
    (relation_entry,) = store.history("relation-1")
    assert relation_entry.entity == "relations"


def test_loading_the_same_file_twice_adds_nothing(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    export_jsonl(seeded, tmp_path / "out.jsonl")
    other = fresh(tmp_path, "other.db")
    other("load", str(tmp_path / "out.jsonl"))
    once = counts(other)
    result = other("load", str(tmp_path / "out.jsonl"))
    assert counts(other) == once
    assert "loaded 0 annotations, 0 relations (5 already there)" in result.stderr


def test_load_into_the_same_database_changes_nothing(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    before = counts(seeded)
    export_jsonl(seeded, tmp_path / "out.jsonl")
    seeded("load", str(tmp_path / "out.jsonl"))
    assert counts(seeded) == before


def test_load_merges_into_a_database_with_other_work(seeded: Cli, tmp_path: Path) -> None:
    ids = annotate_seeds(seeded)
    export_jsonl(seeded, tmp_path / "out.jsonl")
    other = fresh(tmp_path, "other.db")
    mine = tag(other, passages_of(other)[2]["id"], "rep", reviewer="carole")
    other("load", str(tmp_path / "out.jsonl"))
    stored = {annotation.id: annotation.reviewer for annotation in other.store().annotations()}
    assert stored == {
        mine: "carole",
        ids["whole"]: "alice",
        ids["span"]: "alice",
        ids["overlap"]: "bob",
        ids["bob_whole"]: "bob",
    }


def test_load_refuses_an_id_already_there_with_other_content(seeded: Cli, tmp_path: Path) -> None:
    ids = annotate_seeds(seeded)
    path = tmp_path / "out.jsonl"
    export_jsonl(seeded, path)
    records = lines(path.read_bytes())
    records[0]["annotations"][0]["note"] = "changed"
    write_records(path, records)
    before = counts(seeded)
    result = seeded("load", str(path), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}:1: annotation {ids['whole']} is already in the database "
        "with other content\n"
    )
    assert counts(seeded) == before


@pytest.mark.parametrize("copies", [2, 3])
def test_load_refuses_an_id_given_twice_naming_the_second_line(
    seeded: Cli, tmp_path: Path, copies: int
) -> None:
    path, records = annotated_export(seeded, tmp_path)
    copied = dict(records[0]["annotations"][0])
    for record in records[len(records) - copies + 1 :]:  # the copies on the last lines
        record["annotations"].append(
            {**copied, "start": None, "end": None, "quote": record["text"]}
        )
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    before = counts(other)
    result = other("load", str(path), ok=False)
    second = len(records) - copies + 2
    assert result.stderr == (
        f"error: {path}:{second}: annotation {copied['id']} appears twice in the file\n"
    )
    assert counts(other) == before


def _relation_changed(records: list[dict[str, Any]]) -> tuple[int, str]:
    (holder,) = [record for record in records if record["relations"]]
    holder["relations"][0]["type"] = "attacks"
    return records.index(holder) + 1, "relation relation-1 is already in the database with other"


def _relation_twice(records: list[dict[str, Any]]) -> tuple[int, str]:
    (holder,) = [record for record in records if record["relations"]]
    records[-1]["relations"].append(dict(holder["relations"][0]))
    return len(records), "relation relation-1 appears twice in the file"


def _relation_with_an_annotation_id(records: list[dict[str, Any]]) -> tuple[int, str]:
    (holder,) = [record for record in records if record["relations"]]
    taken = records[-1]["annotations"][0]["id"]
    holder["relations"][0]["id"] = taken
    line = max(records.index(holder), len(records) - 1) + 1
    return line, f"relation {taken} appears twice in the file"


@pytest.mark.parametrize(
    "corrupt",
    [_relation_changed, _relation_twice, _relation_with_an_annotation_id],
    ids=["other-content", "twice", "annotation-id"],
)
def test_load_refuses_a_bad_relation_and_leaves_the_database_unchanged(
    seeded: Cli, tmp_path: Path, corrupt: Any
) -> None:
    path, records = annotated_export(seeded, tmp_path)
    line, reason = corrupt(records)
    write_records(path, records)
    before = counts(seeded)
    result = seeded("load", str(path), ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:{line}: {reason}")
    assert counts(seeded) == before


def _wrong_seq(records: list[dict[str, Any]]) -> None:
    records[1]["seq"] = "deux"


def _lone_surrogate(records: list[dict[str, Any]]) -> str:
    records[1]["annotations"][0]["note"] = "SURROGATE"
    return json.dumps(records[1], ensure_ascii=False).replace("SURROGATE", "\\ud800")


def _broken_json(records: list[dict[str, Any]]) -> str | None:
    return '{"document": "x", "passage": '


def _unknown_concept(records: list[dict[str, Any]]) -> None:
    records[1]["annotations"][0]["concept"] = "no-such-concept"


def _unknown_passage(records: list[dict[str, Any]]) -> None:
    records[1]["passage"] = "no-such-passage"


def _span_out_of_range(records: list[dict[str, Any]]) -> None:
    annotation = records[1]["annotations"][0]
    annotation["end"] = len(records[1]["text"]) + 5


def _quote_mismatch(records: list[dict[str, Any]]) -> None:
    records[1]["annotations"][0]["quote"] = "pas le bon texte"


@pytest.mark.parametrize(
    ("corrupt", "reason"),
    [
        (_broken_json, "not JSON: EOF while parsing a value at column 29"),
        (_wrong_seq, "'seq': Input should be a valid integer"),
        (_lone_surrogate, "not JSON: unexpected end of hex escape at column"),
        (_unknown_concept, "annotation 1: unknown concept 'no-such-concept'"),
        (_unknown_passage, "unknown passage 'no-such-passage'"),
        (_span_out_of_range, "annotation 1: span 0:"),
        (_quote_mismatch, "annotation 1: quote 'pas le bon texte' does not match"),
    ],
    ids=[
        "broken-json",
        "wrong-seq",
        "lone-surrogate",
        "unknown-concept",
        "unknown-passage",
        "span-out-of-range",
        "bad-quote",
    ],
)
def test_load_refuses_a_bad_line_and_leaves_the_database_unchanged(
    seeded: Cli, tmp_path: Path, corrupt: Any, reason: str
) -> None:
    path, records = annotated_export(seeded, tmp_path)
    replaced = corrupt(records)
    text = [json.dumps(record, ensure_ascii=False) for record in records]
    if replaced is not None:
        text[1] = replaced
    path.write_text("\n".join(text) + "\n", "utf-8")
    other = fresh(tmp_path, "other.db")
    tag(other, passages_of(other)[3]["id"], "rep")
    before = counts(other)
    result = other("load", str(path), ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:2: {reason}")
    assert result.stderr.count("\n") == 1
    assert counts(other) == before


@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["empty", "blank-lines"])
def test_load_refuses_an_empty_file(seeded: Cli, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    result = seeded("load", str(path), ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: empty: no lines to load\n"


def test_load_refuses_a_relation_to_an_unknown_annotation(seeded: Cli, tmp_path: Path) -> None:
    path, records = annotated_export(seeded, tmp_path)
    (holder,) = [record for record in records if record["relations"]]
    holder["relations"][0]["to"] = "nobody"
    write_records(path, records)
    other = fresh(tmp_path, "other.db")
    result = other("load", str(path), ok=False)
    line = records.index(holder) + 1
    assert result.stderr.startswith(f"error: {path}:{line}: relation relation-1 links unknown")
    assert counts(other) == (0, 0, 0)


def test_unknown_format_is_a_usage_error(seeded: Cli) -> None:
    result = seeded("export", "--format", "brat", ok=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert result.stdout == ""


def test_existing_output_is_refused_without_force_and_replaced_with_force(
    seeded: Cli, tmp_path: Path
) -> None:
    annotate_seeds(seeded)
    path = tmp_path / "out.jsonl"
    path.write_text("keep me\n", "utf-8")
    refused = seeded("export", "--format", "jsonl", "-o", str(path), ok=False)
    assert refused.exit_code == 1
    assert refused.stderr == f"error: {path} exists; use --force to replace it\n"
    assert path.read_text("utf-8") == "keep me\n"
    seeded("export", "--format", "jsonl", "-o", str(path), "--force")
    assert len(lines(path.read_bytes())) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_folder_with_files_is_refused_without_force_and_replaced_whole_with_force(
    seeded: Cli, tmp_path: Path
) -> None:
    annotate_seeds(seeded)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me\n", "utf-8")
    refused = seeded("export", "--format", "brat", "-o", str(folder), ok=False)
    assert refused.stderr == (
        f"error: {folder} is a folder with files in it; use --force to replace it\n"
    )
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    to_stdout = seeded("export", "--format", "brat", ok=False)
    assert to_stdout.exit_code == 2
    assert "writes a folder" in to_stdout.stderr
    seeded("export", "--format", "brat", "-o", str(folder), "--force")
    names = sorted(p.name for p in folder.iterdir())
    assert "mine.txt" not in names
    assert {"annotation.conf", "visual.conf"} <= set(names)
    assert sum(name.endswith(".ann") for name in names) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brat")] == []


def read_csv(data: bytes, encoding: str = "utf-8") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def test_csv_reads_back_with_the_csv_module(seeded: Cli, tmp_path: Path) -> None:
    ids = annotate_seeds(seeded)
    path = tmp_path / "out.csv"
    seeded("export", "--format", "csv", "-o", str(path))
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    rows = read_csv(data)
    assert [row["annotation"] for row in rows] == [
        ids["whole"],
        ids["span"],
        ids["overlap"],
        ids["bob_whole"],
    ]
    whole = rows[0]
    store = seeded.store()
    annotation = store.annotation(ids["whole"])
    assert annotation is not None
    assert whole["note"] == NOTE
    assert whole["quote"] == annotation.quote
    assert (whole["start"], whole["end"]) == ("", "")
    assert whole["concept"] == "rep"
    assert whole["label_fr"] == "Recours pour excès de pouvoir"
    assert whole["label_en"]
    assert whole["title"] == next(d.title for d in store.documents() if d.id == whole["document"])
    span = rows[1]
    assert (span["start"], span["end"], span["reviewer"]) == ("0", "12", "alice")
    assert rows[2]["reviewer"] == "bob"


def test_csv_excel_starts_with_a_bom(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    path = tmp_path / "out.csv"
    seeded("export", "--format", "csv", "--excel", "-o", str(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data, "utf-8-sig")[0]["note"] == NOTE


def test_concept_filter_includes_descendants(seeded: Cli, tmp_path: Path) -> None:
    listed = passages_of(seeded)
    child = tag(seeded, listed[0]["id"], "rep")
    grandchild = tag(seeded, listed[1]["id"], "refere-suspension")
    tag(seeded, listed[1]["id"], "moyen")
    records = lines(export_jsonl(seeded, tmp_path / "out.jsonl", "--concept", "remedies"))
    exported = [a["id"] for record in records for a in record["annotations"]]
    assert exported == [child, grandchild]


def test_reviewer_and_doc_filters_keep_only_that_work(seeded: Cli, tmp_path: Path) -> None:
    ids = annotate_seeds(seeded)
    by_bob = lines(export_jsonl(seeded, tmp_path / "bob.jsonl", "--reviewer", "bob"))
    assert [a["id"] for r in by_bob for a in r["annotations"]] == [
        ids["overlap"],
        ids["bob_whole"],
    ]
    document = passages_of(seeded)[0]["document"]
    one_doc = lines(export_jsonl(seeded, tmp_path / "doc.jsonl", "--doc", document))
    assert {record["document"] for record in one_doc} == {document}


def test_all_includes_untagged_passages(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    records = lines(export_jsonl(seeded, tmp_path / "all.jsonl", "--all"))
    assert [record["passage"] for record in records] == [p["id"] for p in passages_of(seeded)]
    assert sum(1 for record in records if not record["annotations"]) == len(records) - 3


def test_stdout_export_has_nothing_but_json_lines(seeded: Cli) -> None:
    annotate_seeds(seeded)
    result = seeded("export", "--format", "jsonl")
    text = result.stdout_bytes.decode("utf-8")
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == 3
    assert all(isinstance(record, dict) for record in records)
    assert "exported 3 passages to stdout" in result.stderr
