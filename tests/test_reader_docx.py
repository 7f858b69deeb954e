"""The Word reader on real .docx files written with python-docx (notes added as Word does)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph

import corpus.readers.docx as docx_reader
from corpus.readers import BlockKind, Extracted, Format, ReadError
from corpus.readers.docx import read_docx
from corpus.readers.formats import read, sniff
from tests.conftest import Cli
from tests.decision_sample import PARTS, TITLE
from tests.office_builders import (
    CONTINUATION,
    FOOTER,
    HEADER,
    Built,
    DocxBuilder,
    W,
    assert_parts_whole_in_order,
    decision_docx,
    pairs,
    plain_zip,
    replace_member,
)


@pytest.fixture(scope="module")
def built() -> Built:
    return decision_docx()


@pytest.fixture(scope="module")
def extracted(built: Built) -> Extracted:
    return read_docx(built.data)


def test_blocks_are_the_body_in_order_with_their_kinds(built: Built, extracted: Extracted) -> None:
    assert extracted.format is Format.DOCX
    assert pairs(extracted) == built.blocks
    assert all(block.page is None for block in extracted.blocks)


def test_every_part_of_the_decision_is_one_whole_block_in_order(extracted: Extracted) -> None:
    assert_parts_whole_in_order(extracted)


def test_headings_by_style_and_by_outline_level(extracted: Extracted) -> None:
    headings = [block.text for block in extracted.blocks if block.kind is BlockKind.HEADING]
    assert headings == [TITLE, "Procédure", "D E C I D E :"]


def test_header_footer_deleted_text_and_field_codes_are_not_read(
    built: Built, extracted: Extracted
) -> None:
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        parts = b"".join(archive.read(name) for name in archive.namelist())
    everything = "\n".join(block.text for block in extracted.blocks)
    assert built.absent
    for text in built.absent:
        assert text.encode() in parts, f"the test file lacks {text!r}"
        assert text not in everything
    assert {HEADER, FOOTER} <= set(built.absent)


def test_soft_line_break_and_tab_stay_inside_their_paragraph(extracted: Extracted) -> None:
    texts = [block.text for block in extracted.blocks]
    assert "Conseil d'État\nstatuant au contentieux" in texts
    assert "N° 417607\tSéance du 2 mai 2018" in texts


def test_notes_follow_the_paragraph_calling_them_without_the_mark(
    built: Built, extracted: Extracted
) -> None:
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        names = set(archive.namelist())
        content_types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
    assert {"word/footnotes.xml", "word/endnotes.xml"} <= names
    assert "wordprocessingml.footnotes+xml" in content_types
    assert "relationships/footnotes" in rels
    assert "<w:footnoteReference" in body
    assert "<w:endnoteReference" in body

    texts = [block.text for block in extracted.blocks]
    notes = [block for block in extracted.blocks if block.kind is BlockKind.NOTE]
    assert [note.text for note in notes] == [
        "Code de la santé publique, art. L. 5121-12-1.",
        "Copie en sera adressée au ministre des solidarités et de la santé.",
    ]
    assert texts.index(notes[0].text) == texts.index(PARTS[7].text) + 1
    assert texts.index(notes[1].text) == texts.index(PARTS[13].text) + 1
    assert CONTINUATION not in "\n".join(texts)


def test_a_note_nothing_calls_comes_last() -> None:
    b = DocxBuilder()
    calling = b.paragraph("Vu la procédure suivante :")
    b.footnote(calling, "Note appelée.")
    b.paragraph("Considérant ce qui suit :")
    b.footnotes.append("Note orpheline.")
    b.expect("Note orpheline.", BlockKind.NOTE)
    built = b.save()
    assert pairs(read_docx(built.data)) == built.blocks


def test_heading_styles_are_inherited_and_outline_level_9_is_body_text() -> None:
    b = DocxBuilder()
    custom = b.document.styles.add_style("Titre de partie", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = b.document.styles["Heading 2"]
    b.document.add_paragraph("Sur la légalité externe", "Titre de partie")
    b.expect("Sur la légalité externe", BlockKind.HEADING)
    body = b.paragraph("Vu la procédure suivante :", "Heading 1")  # expected as a paragraph:
    b.outline(body, 9)  # its own outline level, body text, outranks its style's
    built = b.save()
    assert pairs(read_docx(built.data)) == built.blocks


def test_title_comes_from_the_core_properties(built: Built, extracted: Extracted) -> None:
    assert extracted.title == built.title == TITLE
    b = DocxBuilder()
    b.paragraph("Vu la procédure suivante :")
    assert read_docx(b.save(title="  ").data).title is None


def test_no_core_properties_part_means_no_title(built: Built) -> None:
    """python-docx would make up "Word Document" for it."""
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        rels = archive.read("_rels/.rels").decode()
    rels = re.sub(r"<Relationship [^>]*core-properties[^>]*/>", "", rels)
    data = replace_member(
        replace_member(built.data, "docProps/core.xml", None), "_rels/.rels", rels.encode()
    )
    extracted = read_docx(data)
    assert extracted.title is None
    assert pairs(extracted) == built.blocks


def test_sniff_and_dispatch_find_this_reader(built: Built, extracted: Extracted) -> None:
    assert sniff(built.data) is Format.DOCX
    assert read(built.data, Format.DOCX) == extracted
    # `import docx` in corpus/readers/docx.py is python-docx, not that module itself
    assert getattr(docx_reader, "docx") is docx  # noqa: B009
    assert docx.__file__ is not None
    assert "corpus" not in Path(docx.__file__).parts
    assert docx_reader.__name__ == "corpus.readers.docx"


def _broken_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    return replace_member(data, "word/document.xml", xml[: len(xml) // 2])


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        pytest.param(
            lambda data: data[: len(data) // 2], "not a complete ZIP archive", id="first-half"
        ),
        pytest.param(lambda data: data[:2000], "not a complete ZIP archive", id="zip-start"),
        pytest.param(
            lambda data: plain_zip(), "[Content_Types].xml is missing", id="zip-not-a-document"
        ),
        pytest.param(_broken_xml, "XML error: ", id="xml-syntax-error"),
        pytest.param(
            lambda data: replace_member(data, "word/document.xml", None),
            "word/document.xml is missing",
            id="no-document-part",
        ),
    ],
)
def test_damaged_files_are_refused_in_one_line(
    built: Built, damage: Callable[[bytes], bytes], reason: str
) -> None:
    with pytest.raises(ReadError) as refused:
        read_docx(damage(built.data))
    message = str(refused.value)
    assert message.startswith(f"damaged or truncated Word document ({reason}")
    assert message.endswith(")")
    assert "\n" not in message
    assert "BytesIO" not in message
    assert "<string>" not in message


MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


@pytest.mark.parametrize(
    ("member_name", "old", "new", "says"),
    [
        pytest.param(
            "[Content_Types].xml",
            MAIN,
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "a Word template or macro-enabled document: save it as a Word document",
            id="docm",
        ),
        pytest.param(
            "[Content_Types].xml",
            MAIN,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "a Word template or macro-enabled document: save it as a Word document",
            id="dotx",
        ),
        pytest.param(
            "_rels/.rels",
            OFFICE_DOCUMENT,
            "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
            "a Strict Open XML document: save it in Word as an ordinary Word document",
            id="strict",
        ),
    ],
)
def test_other_word_packages_say_what_to_do(
    built: Built, member_name: str, old: str, new: str, says: str
) -> None:
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        xml = archive.read(member_name).decode()
    assert old in xml
    data = replace_member(built.data, member_name, xml.replace(old, new).encode())
    assert sniff(data) is Format.DOCX
    with pytest.raises(ReadError, match=f"^{re.escape(says)}"):
        read_docx(data)


def _compound_file(*streams: str) -> bytes:
    """An OLE compound file's header and directory, as Word saves an encrypted .docx or a .doc:
    the header's signature, then one directory entry per stream (the streams' content, which
    the reader does not look at, is left out)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + struct.pack("<HH", 0x3E, 3)
    header += b"\xfe\xff" + struct.pack("<HH", 9, 6) + bytes(512 - len(header) - 6)
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        kind = 5 if name == "Root Entry" else 2
        entries += encoded.ljust(64, b"\x00") + struct.pack("<HB", len(encoded), kind)
        entries += bytes(128 - 67)
    return header + entries.ljust(512, b"\x00")


def test_encrypted_document_says_so() -> None:
    data = _compound_file("EncryptionInfo", "EncryptedPackage")
    assert sniff(data) is None
    with pytest.raises(ReadError, match=r"^encrypted Word document: remove its password"):
        read_docx(data)


def test_old_binary_word_document_says_so() -> None:
    with pytest.raises(ReadError, match=r"Word 97-2003 document \(\.doc\), not \.docx"):
        read_docx(_compound_file("WordDocument", "1Table"))


def test_empty_document_has_no_text() -> None:
    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(ReadError, match=r"^no text in this document$"):
        read_docx(out.getvalue())


def test_header_alone_is_no_text() -> None:
    b = DocxBuilder()
    b.header_and_footer()
    b.paragraph()
    b.document.add_paragraph(" \t ")
    with pytest.raises(ReadError, match=r"^no text in this document$"):
        read_docx(b.save(TITLE).data)


def _numbered(document: docx.document.Document, abstract: str, *instances: str) -> None:
    """Add an abstract list (its ``w:lvl`` elements) and numbering instances to the document's
    numbering part, as Word writes them."""
    root = document.part.numbering_part.element
    root.insert(0, parse_xml(f"<w:abstractNum {W}{abstract}</w:abstractNum>"))
    for instance in instances:
        root.append(parse_xml(f"<w:num {W}{instance}</w:num>"))


def _in_list(paragraph: Paragraph, instance: int, level: int = 0) -> None:
    """Put a paragraph in a list, as Word's numbering buttons do (``w:numPr``)."""
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{instance}"/></w:numPr>')
    )


def test_word_numbering_is_read_as_the_numbers_word_shows() -> None:
    """Points numbered by Word (not typed) keep their numbers: levels, formats, restarts."""
    document = docx.Document()
    _numbered(
        document,
        ' w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1.%3"/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>',
        ' w:numId="91"><w:abstractNumId w:val="90"/>',
        ' w:numId="92"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>',
    )
    for words, instance, level in (
        ("Aux termes de l'article.", 91, 0),
        ("En premier lieu.", 91, 1),
        ("En second lieu.", 91, 1),
        ("Il résulte de ce qui précède.", 91, 0),
        ("Sur le premier moyen.", 91, 2),
        ("Un tiret.", 91, 3),
        ("La requête est rejetée.", 92, 0),
        ("La décision sera notifiée.", 92, 0),
    ):
        _in_list(document.add_paragraph(words), instance, level)
    out = io.BytesIO()
    document.save(out)
    assert [block.text for block in read_docx(out.getvalue()).blocks] == [
        "1. Aux termes de l'article.",
        "a) En premier lieu.",
        "b) En second lieu.",
        "2. Il résulte de ce qui précède.",
        "2.I Sur le premier moyen.",
        "Un tiret.",  # a bullet is layout, not text
        "1. La requête est rejetée.",  # the second instance restarts the count
        "2. La décision sera notifiée.",
    ]


def test_numbering_comes_from_the_style_and_numid_0_takes_a_paragraph_out() -> None:
    document = docx.Document()
    document.add_paragraph("Premier point.", "List Number")
    based = document.styles.add_style("Point", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = document.styles["List Number"]
    document.add_paragraph("Deuxième point.", "Point")
    _in_list(document.add_paragraph("Hors de la liste.", "List Number"), 0)
    out = io.BytesIO()
    document.save(out)
    assert [block.text for block in read_docx(out.getvalue()).blocks] == [
        "1. Premier point.",
        "2. Deuxième point.",
        "Hors de la liste.",
    ]


def test_points_numbered_by_word_are_labelled(tmp_path: Path, cli: Cli) -> None:
    """A decision whose points Word numbers gets its ``pt N`` labels, as a typed one does."""
    document = docx.Document()
    document.add_paragraph("Considérant ce qui suit :")
    points = [part.text for part in PARTS if part.label and part.label.startswith("pt ")]
    for text in points:
        document.add_paragraph(re.sub(r"^\d+\.\s*", "", text), "List Number")
    path = tmp_path / "decision.docx"
    document.save(str(path))
    cli("import", str(path))
    labelled = {p["label"]: p["text"] for p in cli.json("passages") if p["label"]}
    assert list(labelled) == [f"pt {n}" for n in range(1, len(points) + 1)]
    assert labelled["pt 2"] == points[1]
