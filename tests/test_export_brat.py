"""The brat standoff export, read with bratly (a brat reader we did not write), and loaded back.

The folder must be what brat and INCEpTION open: one ``.txt``/``.ann`` per document, every T
line's offsets giving its text column out of the ``.txt``, notes and relations tied to the
right T lines, and configuration files that keep the scheme's hierarchy, labels and colours.
``load --format brat`` must bring it (or work done in brat) back, add nothing the second
time, and refuse a folder that does not fit the database whole.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bratly.annotation_types import EntityAnnotation, NoteAnnotation, RelationAnnotation
from bratly.io.file_read_src import read_document_collection_from_folder
from hypothesis import given
from hypothesis import strategies as st

from annotator.export.brat import (
    ann_lines,
    escape_note,
    identifier_of,
    type_name,
    unescape_note,
)
from annotator.export.brat_load import place
from annotator.store.export_reads import ExportedDocument, ExportedPassage, ExportFilter
from schemas import Annotation, Passage
from tests.conftest import Cli
from tests.exports import NOTE, annotate_seeds, counts, fresh, passages_of, tag

Place = tuple[str, str, int | None, int | None, str | None]
"""An annotation as brat can keep it: passage, concept, start, end, note."""


def export_brat(cli: Cli, folder: Path) -> Path:
    cli("export", "--format", "brat", "-o", str(folder))
    return folder


def places(cli: Cli) -> set[Place]:
    store = cli.store()
    try:
        return {(a.passage, a.concept, a.start, a.end, a.note) for a in store.annotations()}
    finally:
        store.close()


def links(cli: Cli) -> set[tuple[str, tuple[str, str], tuple[str, str]]]:
    """Relations by type and the (passage, concept) of their ends: ids differ across loads."""
    store = cli.store()
    try:
        where = {a.id: (a.passage, a.concept) for a in store.annotations()}
        rows = store.db.execute("SELECT type, source, target FROM relations").fetchall()
        return {(kind, where[source], where[target]) for kind, source, target in rows}
    finally:
        store.close()


def document_texts(cli: Cli) -> dict[str, str]:
    store = cli.store()
    try:
        return {document.id: document.text for document in store.exported_documents(ExportFilter())}
    finally:
        store.close()


def test_bratly_reads_every_span_note_and_relation_back_from_the_txt(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    folder = export_brat(seeded, tmp_path / "brat")
    store = seeded.store()
    documents = {document.id: document for document in store.exported_documents(ExportFilter())}
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["annotation.conf", "visual.conf"]
        + [f"{document}{suffix}" for document in documents for suffix in (".txt", ".ann")]
    )
    expected = set()
    for document in documents.values():
        for item in document.passages:
            for annotation in item.annotations:
                start = item.passage.start + (annotation.start or 0)
                end = item.passage.start + (annotation.end or len(item.passage.text))
                expected.add((document.id, annotation.concept, start, end))

    collection = read_document_collection_from_folder(
        str(folder), no_duplicates_ann=False, sort_ann=False, renumerotize_ann=False
    )
    assert collection is not None
    read: set[tuple[str, str, int, int]] = set()
    notes: list[str] = []
    relations: list[tuple[str, str, str]] = []
    for parsed in collection.documents:
        stem = Path(parsed.fullpath).stem
        assert parsed.text == documents[stem].text
        ann = (folder / f"{stem}.ann").read_text("utf-8")
        (annotations,) = parsed.annotation_collections
        assert len(annotations.annotations) == len(ann.splitlines())  # bratly skips bad lines
        for entry in annotations.annotations:
            if isinstance(entry, EntityAnnotation):
                quoted = " ".join(parsed.text[f.start : f.end] for f in entry.fragments)
                assert entry.content == quoted
                read.add((stem, entry.label, entry.fragments[0].start, entry.fragments[-1].end))
            elif isinstance(entry, NoteAnnotation):
                assert entry.label == "AnnotatorNotes"
                notes.append(unescape_note(entry.value))
            elif isinstance(entry, RelationAnnotation):
                source, target = entry.argument1[1], entry.argument2[1]
                relations.append((entry.label, source.label, target.label))
    assert read == expected
    assert len(read) == len(ids)
    assert notes == [NOTE]
    assert relations == [("supports", "moyen", "rep")]


def test_a_whole_passage_tag_is_a_span_over_the_whole_passage(seeded: Cli, tmp_path: Path) -> None:
    first = passages_of(seeded)[0]
    tag(seeded, first["id"], "rep")
    folder = export_brat(seeded, tmp_path / "brat")
    (line,) = (folder / f"{first['document']}.ann").read_text("utf-8").splitlines()
    assert line == f"T1\trep {first['start']} {first['end']}\t{first['text']}"


def test_the_configuration_keeps_the_hierarchy_french_labels_and_colours(
    seeded: Cli, tmp_path: Path
) -> None:
    annotate_seeds(seeded)
    folder = export_brat(seeded, tmp_path / "brat")
    scheme = seeded.store().scheme
    sections = _sections((folder / "annotation.conf").read_text("utf-8"))
    assert list(sections) == ["entities", "relations", "events", "attributes"]
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in sections["entities"]:
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip()
        assert re.fullmatch(r"[A-Za-z0-9_-]+", name)
        del stack[depth:]
        parents[name] = stack[-1] if stack else None
        stack.append(name)
    assert parents == {concept.id: concept.parent for concept in scheme.concepts}
    assert sections["relations"] == ["supports\tArg1:<ENTITY>, Arg2:<ENTITY>"]
    assert sections["events"] == sections["attributes"] == []

    visual = _sections((folder / "visual.conf").read_text("utf-8"))
    labels = {line.split(" | ")[0]: line.split(" | ")[1:] for line in visual["labels"]}
    colours = dict(line.split("\tbgColor:") for line in visual["drawing"])
    for concept in scheme.concepts:
        full, short = labels[concept.id]
        assert full == concept.label.fr
        assert short in (concept.id, *concept.aliases.fr)  # what brat shows where space is short
        assert colours[concept.id] == concept.color


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            current.append(line)
    return sections


def test_brat_loads_back_into_a_fresh_database(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    folder = export_brat(seeded, tmp_path / "brat")
    other = fresh(tmp_path, "other.db")
    result = other("load", "--format", "brat", str(folder))
    assert "loaded 4 annotations, 1 relation (0 already there)" in result.stderr
    assert places(other) == places(seeded)
    assert links(other) == links(seeded)
    again = export_brat(other, tmp_path / "again")
    assert {path.name: path.read_bytes() for path in again.iterdir()} == {
        path.name: path.read_bytes() for path in folder.iterdir()
    }
    store = other.store()
    # brat keeps no reviewer: what it brings is the loading reviewer's, in the history too
    assert {annotation.reviewer for annotation in store.annotations()} == {"carole"}
    assert {entry.reviewer for entry in store.history()} == {"carole"}
    assert len(list(store.history())) == 5


def test_loading_the_same_brat_folder_twice_adds_nothing(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    folder = export_brat(seeded, tmp_path / "brat")
    other = fresh(tmp_path, "other.db")
    other("load", "--format", "brat", str(folder))
    once = counts(other)
    result = other("load", "--format", "brat", str(folder))
    assert counts(other) == once
    assert "loaded 0 annotations, 0 relations (5 already there)" in result.stderr
    before = counts(seeded)
    seeded("load", "--format", "brat", str(folder))  # the database it came from: all there
    assert counts(seeded) == before


def test_the_same_tag_by_two_reviewers_is_two_t_lines_and_loads_as_one(
    seeded: Cli, tmp_path: Path
) -> None:
    second = passages_of(seeded)[1]
    for reviewer in ("alice", "bob"):
        tag(seeded, second["id"], "moyen", "--start", "0", "--end", "12", reviewer=reviewer)
    folder = export_brat(seeded, tmp_path / "brat")
    lines = (folder / f"{second['document']}.ann").read_text("utf-8").splitlines()
    assert [line.split("\t", 1)[1] for line in lines] == [lines[0].split("\t", 1)[1]] * 2
    before = counts(seeded)
    seeded("load", "--format", "brat", str(folder))
    assert counts(seeded) == before
    other = fresh(tmp_path, "other.db")
    result = other("load", "--format", "brat", str(folder))
    assert "loaded 1 annotation, 0 relations" in result.stderr
    assert places(other) == {(second["id"], "moyen", 0, 12, None)}


def test_annotations_made_in_brat_come_in_matched_to_their_passage(
    seeded: Cli, tmp_path: Path
) -> None:
    listed = passages_of(seeded)
    first, second, third = listed[0], listed[1], listed[2]
    assert first["document"] == second["document"] == third["document"]
    folder = tmp_path / "from-brat"
    folder.mkdir()
    # as brat writes them: any order, CRLF, fragments cut around whitespace, a note, a relation
    words = second["text"].split(" ")
    a, b = second["start"], second["start"] + len(words[0])
    c = b + 1
    d = c + len(words[1])
    lines = [
        "R1\tsupports Arg1:T2 Arg2:T1",
        f"T1\tfait {third['start']} {third['end']}\t{third['text']}",
        f"T2\tmoyen {a} {b};{c} {d}\t{words[0]} {words[1]}",
        "#1\tAnnotatorNotes T2\tvu dans brat",
        f"T3\tmoyen {third['start'] + 2} {third['start'] + 6}\t{third['text'][2:6]}",
    ]
    (folder / f"{first['document']}.ann").write_bytes(
        b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n"
    )
    result = seeded("load", "--format", "brat", str(folder), reviewer="dora")
    assert "loaded 3 annotations, 1 relation" in result.stderr
    assert places(seeded) == {
        (third["id"], "fait", None, None, None),
        (second["id"], "moyen", 0, d - a, "vu dans brat"),
        (third["id"], "moyen", 2, 6, None),
    }
    assert links(seeded) == {("supports", (second["id"], "moyen"), (third["id"], "fait"))}
    assert {annotation.reviewer for annotation in seeded.store().annotations()} == {"dora"}


def _t_line(folder: Path, document: str, number: int) -> tuple[Path, int, list[str]]:
    """The .ann of a document, the line index of its T<number>, and all its lines."""
    path = folder / f"{document}.ann"
    lines = path.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"T{number}\t"))
    return path, index, lines


@pytest.mark.parametrize(
    ("corrupt", "reason"),
    [
        ("out-of-range", "T2: span 3000000:3000012 is out of range"),
        ("across", "T2: span {start}:{end} crosses the end of passage"),
        ("bad-text", "T2: text 'pas le bon texte' does not match the document text"),
        ("unknown-type", "T2: unknown type 'no-such-concept'"),
        ("discontinuous", "T2: fragments must follow each other"),
        ("empty", "T2: span {start}:{start} is empty or reversed"),
        ("event", "E1: brat events cannot be loaded"),
    ],
)
def test_a_brat_line_that_does_not_fit_is_refused_and_nothing_is_written(
    seeded: Cli, tmp_path: Path, corrupt: str, reason: str
) -> None:
    annotate_seeds(seeded)
    folder = export_brat(seeded, tmp_path / "brat")
    listed = passages_of(seeded)
    second, third = listed[1], listed[2]
    text = document_texts(seeded)[second["document"]]
    path, index, lines = _t_line(folder, second["document"], 2)
    start, end = second["start"], third["start"] + 5
    replacements = {
        "out-of-range": lines[index].replace(lines[index].split("\t")[1], "moyen 3000000 3000012"),
        "across": (
            f"T2\tmoyen {start} {second['end']};{third['start']} {end}\t"
            f"{text[start : second['end']]} {text[third['start'] : end]}"
        ),
        "bad-text": lines[index].rsplit("\t", 1)[0] + "\tpas le bon texte",
        "unknown-type": lines[index].replace("\tmoyen ", "\tno-such-concept "),
        "discontinuous": (
            f"T2\tmoyen {start} {start + 2};{start + 6} {start + 9}\t"
            f"{text[start : start + 2]} {text[start + 6 : start + 9]}"
        ),
        "event": "E1\tmoyen:T2",
        "empty": f"T2\tmoyen {start} {start}\t",
    }
    lines[index] = replacements[corrupt]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    other = fresh(tmp_path, "other.db")
    tag(other, listed[3]["id"], "rep")
    before = counts(other)
    result = other("load", "--format", "brat", str(folder), ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    expected = reason.format(start=start, end=end)
    assert result.stderr.startswith(f"error: {path}:{index + 1}: {expected}")
    assert result.stderr.count("\n") == 1
    assert counts(other) == before


def test_a_changed_txt_or_an_unknown_document_is_refused(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    folder = export_brat(seeded, tmp_path / "brat")
    document = passages_of(seeded)[0]["document"]
    other = fresh(tmp_path, "other.db")
    moved = tmp_path / "moved"
    shutil.copytree(folder, moved)
    txt = moved / f"{document}.txt"
    lines = txt.read_text("utf-8").split("\n")
    lines[2] = "ajouté " + lines[2]
    txt.write_text("\n".join(lines), "utf-8")
    result = other("load", "--format", "brat", str(moved), ok=False)
    assert result.stderr.startswith(f"error: {txt}:3: not the text of document {document}")
    (moved / f"{document}.ann").rename(moved / "autre.ann")
    result = other("load", "--format", "brat", str(moved), ok=False)
    assert result.stderr.startswith(f"error: {moved / 'autre.ann'}: no document 'autre'")
    assert counts(other) == (0, 0, 0)


def test_load_brat_needs_a_folder_with_ann_files(seeded: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = seeded("load", "--format", "brat", str(empty), ok=False)
    assert result.stderr == f"error: no .ann file in {empty} (a brat folder has one per document)\n"
    result = seeded("load", "--format", "brat", str(tmp_path / "none"), ok=False)
    assert result.stderr == f"error: no folder {tmp_path / 'none'}\n"


def test_a_span_over_a_line_break_becomes_fragments_and_comes_back_whole() -> None:
    """No imported passage holds a line break today; one that did would still round-trip."""
    text = "Titre\n\nLigne une\nligne deux"
    passages = [
        Passage(id="p0", document="d", seq=0, start=0, end=5, text="Titre"),
        Passage(id="p1", document="d", seq=1, start=7, end=27, text=text[7:]),
    ]
    whole = Annotation(
        id="a", passage="p1", concept="moyen", quote=text[7:], reviewer="r", created="t"
    )
    span = whole.model_copy(update={"id": "b", "start": 6, "end": 15, "quote": text[13:22]})
    document = ExportedDocument(
        "d",
        "titre",
        None,
        ("fr",),
        text,
        [ExportedPassage(passages[0]), ExportedPassage(passages[1], [whole, span])],
    )
    lines = list(ann_lines(document, set()))
    assert lines == [
        "T1\tmoyen 7 16;17 27\tLigne une ligne deux",
        "T2\tmoyen 13 16;17 22\tune ligne",
    ]
    for line, expected in zip(lines, [(None, None), (6, 15)], strict=True):
        entity = EntityAnnotation.from_line(line)
        pieces = [(fragment.start, fragment.end) for fragment in entity.fragments]
        passage, start, end = place(text, passages, pieces, entity.content)
        assert (passage.id, start, end) == ("p1", *expected)


@given(st.text(min_size=1))
def test_type_names_are_safe_for_brat_and_map_back(identifier: str) -> None:
    name = type_name(identifier)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", name)
    assert identifier_of(name) == identifier


@given(st.text())
def test_notes_stay_on_one_line_without_tabs_and_come_back(note: str) -> None:
    escaped = escape_note(note)
    assert len(escaped.splitlines()) <= 1
    assert "\t" not in escaped
    assert unescape_note(escaped) == note
