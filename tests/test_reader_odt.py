"""The OpenDocument reader on real .odt files written with odfpy."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from odf import style, text
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText

from corpus.readers import BlockKind, Extracted, Format, ReadError
from corpus.readers.formats import read, sniff
from corpus.readers.odt import read_odt
from tests.decision_sample import PARTS, TITLE
from tests.office_builders import (
    FOOTER,
    HEADER,
    Built,
    OdtBuilder,
    assert_parts_whole_in_order,
    decision_odt,
    pairs,
    paragraph,
    plain_zip,
    replace_member,
)


@pytest.fixture(scope="module")
def built() -> Built:
    return decision_odt()


@pytest.fixture(scope="module")
def extracted(built: Built) -> Extracted:
    return read_odt(built.data)


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def saved(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def test_blocks_are_the_body_in_order_with_their_kinds(built: Built, extracted: Extracted) -> None:
    assert extracted.format is Format.ODT
    assert pairs(extracted) == built.blocks
    assert all(block.page is None for block in extracted.blocks)


def test_every_part_of_the_decision_is_one_whole_block_in_order(extracted: Extracted) -> None:
    assert_parts_whole_in_order(extracted)


def test_headings_are_text_h_and_the_title_style(extracted: Extracted) -> None:
    headings = [block.text for block in extracted.blocks if block.kind is BlockKind.HEADING]
    assert headings == [TITLE, "Procédure", "D E C I D E :"]


def test_header_footer_comments_deletions_and_hidden_text_are_not_read(
    built: Built, extracted: Extracted
) -> None:
    styles = member(built.data, "styles.xml").decode()
    content = member(built.data, "content.xml").decode()
    assert HEADER in styles
    assert FOOTER in styles
    assert "<text:page-number" in styles
    everything = "\n".join(block.text for block in extracted.blocks)
    assert built.absent
    for absent in built.absent:
        assert absent in styles or absent in content, f"the test file lacks {absent!r}"
        assert absent not in everything


def test_line_break_tab_and_spaces_are_kept_as_odf_says(extracted: Extracted) -> None:
    texts = [block.text for block in extracted.blocks]
    assert "Conseil d'État\nstatuant au contentieux" in texts
    assert "N° 417607\tSéance du 2 mai 2018" in texts
    # text:s c="2" is two spaces; "  ", a new line, a space each side of a span's start: one
    assert "Délibéré  en séance du 2 mai 2018 à Paris" in texts


def test_notes_follow_the_paragraph_calling_them_without_their_number(
    built: Built, extracted: Extracted
) -> None:
    content = member(built.data, "content.xml").decode()
    assert 'text:note-class="footnote"' in content
    assert 'text:note-class="endnote"' in content
    assert "<text:note-citation>1</text:note-citation>" in content
    texts = [block.text for block in extracted.blocks]
    notes = [block for block in extracted.blocks if block.kind is BlockKind.NOTE]
    assert [note.text for note in notes] == [
        "Code de la santé publique, art. L. 5121-12-1.",
        "Copie en sera adressée au ministre des solidarités et de la santé.",
    ]
    assert texts.index(notes[0].text) == texts.index(PARTS[7].text) + 1
    assert texts.index(notes[1].text) == texts.index(PARTS[13].text) + 1


def test_lists_give_one_block_per_item(built: Built, extracted: Extracted) -> None:
    assert "<text:list-item>" in member(built.data, "content.xml").decode()
    texts = [block.text for block in extracted.blocks]
    start = texts.index(PARTS[3].text)
    assert texts[start : start + 3] == [PARTS[3].text, PARTS[4].text, PARTS[5].text]


def test_a_style_with_an_outline_level_makes_a_heading() -> None:
    b = OdtBuilder()
    heading = style.Style(name="Heading_20_2", displayname="Heading 2", family="paragraph")
    heading.setAttrNS(style.STYLENS, "default-outline-level", "2")
    b.document.styles.addElement(heading)
    b.add(text.P(stylename=heading, text="Sur la légalité externe"))
    b.add(text.P(text="Considérant ce qui suit :"))
    built = b.save()
    assert pairs(read_odt(built.data)) == [
        ("Sur la légalité externe", BlockKind.HEADING),
        ("Considérant ce qui suit :", BlockKind.PARAGRAPH),
    ]


def test_title_comes_from_meta(built: Built, extracted: Extracted) -> None:
    assert extracted.title == built.title == TITLE
    b = OdtBuilder()
    b.add(paragraph("Vu la procédure suivante :"))
    assert read_odt(b.save().data).title is None


def test_sniff_and_dispatch_find_this_reader(built: Built, extracted: Extracted) -> None:
    assert sniff(built.data) is Format.ODT
    assert read(built.data, Format.ODT) == extracted


def _broken_content(data: bytes) -> bytes:
    xml = member(data, "content.xml")
    return replace_member(data, "content.xml", xml[: len(xml) // 2])


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
<text:p>&b;</text:p></office:text></office:body></office:document-content>"""


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        pytest.param(
            lambda data: data[: len(data) // 2], "not a complete ZIP archive", id="first-half"
        ),
        pytest.param(lambda data: plain_zip(), "content.xml is missing", id="zip-not-a-document"),
        pytest.param(_broken_content, "content.xml, line ", id="xml-syntax-error"),
        pytest.param(
            lambda data: replace_member(data, "content.xml", None),
            "content.xml is missing",
            id="no-content",
        ),
        pytest.param(
            lambda data: replace_member(data, "content.xml", BOMB),
            "its XML declares entities",
            id="entities",
        ),
    ],
)
def test_damaged_files_are_refused_in_one_line_and_print_nothing(
    built: Built,
    damage: Callable[[bytes], bytes],
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ReadError) as refused:
        read_odt(damage(built.data))
    message = str(refused.value)
    assert message.startswith(f"damaged or truncated OpenDocument text ({reason}")
    assert message.endswith(")")
    assert "\n" not in message
    assert capsys.readouterr() == ("", "")  # odfpy's own loader prints a part it cannot parse


def test_encrypted_document_says_so(built: Built) -> None:
    manifest = member(built.data, "META-INF/manifest.xml").decode()
    entry = re.search(r'<manifest:file-entry manifest:full-path="content\.xml"[^>]*?/>', manifest)
    assert entry is not None
    encrypted = manifest.replace(
        entry[0],
        entry[0].removesuffix("/>") + "><manifest:encryption-data "
        'manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name='
        '"http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>'
        "</manifest:encryption-data></manifest:file-entry>",
    )
    data = replace_member(built.data, "META-INF/manifest.xml", encrypted.encode())
    data = replace_member(data, "content.xml", bytes(range(256)) * 8)
    with pytest.raises(ReadError, match=r"^encrypted OpenDocument text: remove its password"):
        read_odt(data)


def test_a_spreadsheet_is_not_a_text() -> None:
    data = saved(OpenDocumentSpreadsheet())
    with pytest.raises(ReadError, match=r"not a text \(application/vnd\.oasis\.opendocument\.sp"):
        read_odt(data)


def test_empty_document_has_no_text() -> None:
    with pytest.raises(ReadError, match=r"^no text in this document$"):
        read_odt(saved(OpenDocumentText()))


def test_header_alone_is_no_text() -> None:
    b = OdtBuilder()
    b.header_and_footer()
    b.add(text.P())
    b.add(paragraph(text.S(c=3), text.Tab()))
    with pytest.raises(ReadError, match=r"^no text in this document$"):
        read_odt(b.save(TITLE).data)
