"""Importing the files users have: a folder holding a PDF, a Word file, an OpenDocument file
and a saved web page of a decision, in one command, each cut into the decision's parts; and
each kind of bad file refused with one line, nothing imported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.decision_sample import PARTS
from tests.office_builders import decision_docx, decision_odt
from tests.pdf_builder import Layout, Para, Style, build
from tests.test_import_inputs import error_of
from tests.test_reader_html import conseil_etat_page

LABELS = {part.label for part in PARTS if part.label}
"""The points and articles the decision is cited by."""


def decision_pdf(encrypt: str | None = None) -> bytes:
    """The decision as a court prints it: a running header and page numbers, small pages so
    that paragraphs cross page breaks."""
    paras = [Para(PARTS[0].text, Style.TITLE)] + [Para(part.text) for part in PARTS[1:]]
    layout = Layout(
        page=(420, 500),
        header="Conseil d'État — N° 417607 — {n}",
        page_number="- {n} -",
        title="CE, 23 mai 2018, n° 417607",
    )
    return build(paras, layout, encrypt).data


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "décisions"
    made.mkdir()
    (made / "ce-417607.pdf").write_bytes(decision_pdf())
    (made / "ce-417607.docx").write_bytes(decision_docx().data)
    (made / "ce-417607.odt").write_bytes(decision_odt().data)
    (made / "ce-417607.html").write_text(conseil_etat_page(), "utf-8")
    return made


def test_a_folder_of_pdf_word_odt_and_html_is_imported_in_one_command(
    cli: Cli, folder: Path
) -> None:
    results = cli.json("import", str(folder))
    assert len(results) == 4
    store = cli.store()
    formats = dict(store.db.execute("SELECT path, format FROM documents").fetchall())
    assert sorted(formats.values()) == ["docx", "html", "odt", "pdf"]
    for path, stored_hash in store.db.execute("SELECT path, original_sha256 FROM documents"):
        file = folder.parent / path
        assert stored_hash == hashlib.sha256(file.read_bytes()).hexdigest()
    for document in cli.json("docs"):
        labels = {p["label"] for p in cli.json("passages", "--doc", document["id"])}
        assert labels >= LABELS, document["title"]


def test_a_pdf_decision_keeps_its_parts_whole_and_their_pages(cli: Cli, folder: Path) -> None:
    cli("import", str(folder / "ce-417607.pdf"))
    passages = cli.json("passages")
    texts = [p["text"] for p in passages]
    for part in PARTS:
        assert part.text in texts  # whole, in one passage, across page breaks
    assert not any("N° 417607 —" in text or text.startswith("- ") for text in texts)
    pages = [p["page"] for p in passages]
    assert pages[0] == 1
    assert pages == sorted(pages)
    assert pages[-1] > 1
    labelled = {p["label"]: p["text"] for p in passages if p["label"]}
    assert labelled["pt 3"].startswith("3. En premier lieu")


def test_the_title_comes_from_the_file_when_no_manifest_gives_one(cli: Cli, folder: Path) -> None:
    cli("import", str(folder / "ce-417607.pdf"))
    (document,) = cli.json("docs")
    assert document["title"] == "CE, 23 mai 2018, n° 417607"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("locked.pdf", decision_pdf(encrypt="secret"), "encrypted PDF: remove its password first"),
        ("cut.pdf", decision_pdf()[:2000], "damaged or truncated PDF"),
        ("cut.docx", decision_docx().data[:3000], "damaged or truncated"),
        ("page.pdf", conseil_etat_page().encode(), "named .pdf but it is an HTML page"),
        ("empty.html", b"<!doctype html><html><body><nav>Accueil</nav></body></html>", "no main"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .docx"),
    ],
)
def test_a_bad_file_in_a_folder_is_named_and_nothing_is_imported(
    cli: Cli, folder: Path, name: str, data: bytes, reason: str
) -> None:
    (folder / name).write_bytes(data)
    error = error_of(cli("import", str(folder), ok=False))
    assert error.startswith(f"décisions/{name}: ")
    assert reason in error
    assert cli("docs", ok=False).exit_code == 1 or cli.json("docs") == []
