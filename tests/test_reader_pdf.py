"""The PDF reader: a decision printed as a real PDF (``tests/pdf_builder.py``) comes back part by
part, whatever the page carries besides (running header and footer, page numbers, a margin of
line numbers, footnotes), a part broken across pages made whole again; an encrypted, scanned or
truncated PDF is refused in one line."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from reportlab.lib.pagesizes import A5

from corpus.readers import Block, BlockKind, Extracted, Format, ReadError
from corpus.readers.formats import read, sniff
from corpus.readers.pdf import DAMAGED, ENCRYPTED, NO_TEXT, read_pdf
from tests.decision_sample import PARTS, TITLE
from tests.pdf_builder import Built, Layout, Note, Para, Style, build, image_only

HEADER = "Conseil d'État — 1ère et 4ème chambres réunies — N° 417607"
FOOTER = "Décision n° 417607 du 23 mai 2018 — lecture du {n} juin"
DECIDE = "D E C I D E :"

NOTES = {
    2: Note("Requête enregistrée sous le n° 417607, mémoire du 20 avril 2018.", 12),
    7: Note(
        "Code de la santé publique, art. L. 5121-12-1, dans sa rédaction issue de la loi "
        "n° 2011-2012 du 29 décembre 2011 relative au renforcement de la sécurité sanitaire.",
        60,
    ),
    9: Note("Voir la décision du 24 juillet 2017, visée ci-dessus.", 20),
}
"""Footnotes called from some parts (part index -> note, called after its word ``after``)."""

BASE = Layout(
    page=A5,
    left=50,
    right=50,
    top=60,
    bottom=64,
    header=HEADER,
    footer=FOOTER,
    page_number="Page {n} sur {total}",
    title=TITLE,
)

LAYOUTS = {
    "gaps, ragged": BASE,
    "indents, justified": replace(BASE, gap=0, indent=18, justify=True),
    "gaps, justified, hyphenated": replace(
        BASE, justify=True, hyphenate=True, page_number="- {n} -"
    ),
    "line numbers, indents": replace(
        BASE, gap=0, indent=18, line_numbers=True, page_number="{n}/{total}", number_at_top=True
    ),
    "line numbers, gaps, justified": replace(
        BASE, justify=True, line_numbers=True, page_number="{n}"
    ),
    "frame drawn last, even pages' own header": replace(
        BASE,
        line_numbers=True,
        furniture_last=True,
        header_even="Association Collectif Baclohelp et autres",
        indent=18,
    ),
}
"""Ways of printing the decision: paragraphs told apart by gaps or indents, ragged or
justified lines, hyphenation, line numbers, page numbers in four forms, at the foot or the
top, the page's frame drawn before or after its text, odd and even pages' own headers."""


def decision(notes: dict[int, Note] | None = None) -> list[Para]:
    """The sample decision's parts as the builder prints them: the title centred in bold,
    ``D E C I D E :`` centred, some parts with a footnote."""
    notes = NOTES if notes is None else notes
    paras = []
    for index, part in enumerate(PARTS):
        style = Style.TITLE if part.text == TITLE else Style.BODY
        style = Style.CENTRED if part.text == DECIDE else style
        called = (notes[index],) if index in notes else ()
        paras.append(Para(part.text, style, called))
    return paras


def built_until(paras: list[Para], layout: Layout, wanted: Callable[[Built], bool]) -> Built:
    """The document printed on the first page height (from A5's, a few points less each
    time) that lays it out as ``wanted``: a part broken across two pages, say. The builder
    says where it broke, so the test knows what to expect without guessing."""
    for shrink in range(0, 200, 6):
        built = build(paras, replace(layout, page=(layout.page[0], layout.page[1] - shrink)))
        if wanted(built):
            return built
    raise AssertionError("no page height lays the document out as the test needs")


def splits_body_part(built: Built) -> bool:
    """A long part of the body runs across a page break, its sentence cut in two."""
    return any(len(PARTS[index].text) > 200 for index in built.split)


def normal(text: str) -> str:
    """Text as compared: the builder's hyphenation undone, spacing collapsed."""
    return " ".join(re.sub(r"-\n", "", text).split())


def body(extracted: Extracted) -> list[Block]:
    return [block for block in extracted.blocks if block.kind is not BlockKind.NOTE]


def notes(extracted: Extracted) -> list[Block]:
    return [block for block in extracted.blocks if block.kind is BlockKind.NOTE]


@pytest.fixture(params=list(LAYOUTS), scope="module")
def printed(request: pytest.FixtureRequest) -> tuple[Built, Extracted, Layout]:
    layout = LAYOUTS[request.param]
    built = built_until(decision(), layout, splits_body_part)
    return built, read_pdf(built.data), layout


def test_every_part_comes_back_whole_in_one_block(
    printed: tuple[Built, Extracted, Layout],
) -> None:
    built, extracted, _ = printed
    assert built.pages >= 2
    assert built.split
    assert [normal(block.text) for block in body(extracted)] == [normal(t) for t in built.texts]


def test_blocks_start_on_the_page_their_part_starts_on(
    printed: tuple[Built, Extracted, Layout],
) -> None:
    built, extracted, _ = printed
    assert [block.page for block in body(extracted)] == list(built.starts)


def test_a_part_broken_across_pages_is_one_block_of_lines(
    printed: tuple[Built, Extracted, Layout],
) -> None:
    built, extracted, _ = printed
    for index in built.split:
        found = [b for b in body(extracted) if normal(b.text) == normal(built.texts[index])]
        assert len(found) == 1
        assert found[0].page == built.starts[index] < built.pages
        assert "\n" in found[0].text  # lines of a paragraph, kept as lines for the cleaner


def test_no_running_header_footer_or_page_number_in_any_block(
    printed: tuple[Built, Extracted, Layout],
) -> None:
    built, extracted, layout = printed
    assert layout.page_number is not None
    numbers = {layout.page_number.format(n=n, total=built.pages) for n in range(1, 1 + built.pages)}
    for block in extracted.blocks:
        assert HEADER not in block.text
        assert layout.header_even is None or layout.header_even not in block.text
        assert "Décision n° 417607 du 23 mai 2018" not in block.text
        assert not numbers & {line.strip() for line in block.text.splitlines()}
        if layout.line_numbers:  # no line starts with its number in the margin
            assert not re.match(r"\d+ ", block.text) or block.kind is BlockKind.NOTE


def test_footnotes_are_note_blocks_with_their_text_and_page(
    printed: tuple[Built, Extracted, Layout],
) -> None:
    built, extracted, _ = printed
    assert len(built.notes) == len(NOTES)
    found = [(normal(block.text), block.page) for block in notes(extracted)]
    assert found == [(normal(text), page) for text, page in built.notes]
    for block in body(extracted):
        for text, _ in built.notes:
            assert normal(text)[2:] not in normal(block.text)


def test_the_title_and_decide_are_headings_the_rest_paragraphs(
    printed: tuple[Built, Extracted, Layout],
) -> None:
    _, extracted, _ = printed
    kinds = {normal(block.text): block.kind for block in body(extracted)}
    assert kinds.pop(normal(TITLE)) is BlockKind.HEADING
    assert kinds.pop(DECIDE) is BlockKind.HEADING
    assert set(kinds.values()) == {BlockKind.PARAGRAPH}


def test_the_title_comes_from_the_metadata(printed: tuple[Built, Extracted, Layout]) -> None:
    _, extracted, _ = printed
    assert extracted.format is Format.PDF
    assert extracted.title == TITLE


@pytest.mark.parametrize("name", ["gaps, ragged", "indents, justified"])
def test_wherever_the_pages_break_each_part_is_one_block(name: str) -> None:
    """Page after page height, the page breaks fall elsewhere: inside a sentence, between
    two sentences, between two parts (where the part before is not to be joined)."""
    layout = LAYOUTS[name]
    for shrink in range(0, 120, 15):
        built = build(decision(), replace(layout, page=(layout.page[0], layout.page[1] - shrink)))
        extracted = read_pdf(built.data)
        assert [normal(b.text) for b in body(extracted)] == [normal(t) for t in built.texts]
        assert [block.page for block in body(extracted)] == list(built.starts)
        assert len(notes(extracted)) == len(NOTES)


def test_a_page_break_after_a_full_stop_inside_an_indented_paragraph_is_joined() -> None:
    """The page ends on a full line that ends a sentence; the next page starts flush left, in
    a document whose paragraphs start indented: the paragraph goes on."""
    sentences = [part.text for part in PARTS if part.label and part.label.startswith("pt")]
    paras = [Para(" ".join(sentences[k:] + sentences[:k])) for k in range(len(sentences))]

    def cut_after_a_sentence(built: Built) -> bool:
        return any(line.endswith(".") for line in built.breaks)

    built = built_until(paras * 2, LAYOUTS["indents, justified"], cut_after_a_sentence)
    extracted = read_pdf(built.data)
    assert [normal(b.text) for b in body(extracted)] == [normal(t) for t in built.texts]
    assert [block.page for block in body(extracted)] == list(built.starts)


def test_no_metadata_title_is_none() -> None:
    extracted = read_pdf(build(decision({}), replace(BASE, title=None)).data)
    assert extracted.title is None


def test_a_footnote_between_the_halves_of_a_part_leaves_it_whole() -> None:
    """The part calling a note breaks across pages after the call: the note is printed
    between its halves, and comes out after the part, not inside it."""
    called = 7

    def note_inside_break(built: Built) -> bool:
        return called in built.split and built.notes[1][1] == built.starts[called]

    built = built_until(decision(), BASE, note_inside_break)
    blocks = read_pdf(built.data).blocks
    texts = [normal(block.text) for block in blocks]
    where = texts.index(normal(built.texts[called]))
    assert blocks[where].page == built.starts[called]
    on_that_page = [normal(text) for text, page in built.notes if page == blocks[where].page]
    following = texts[where + 1 : where + 1 + len(on_that_page)]
    assert following == on_that_page
    assert normal(built.notes[1][0]) in following
    assert all(
        block.kind is BlockKind.NOTE for block in blocks[where + 1 : where + 1 + len(on_that_page)]
    )
    assert texts[where + 1 + len(on_that_page)] == normal(built.texts[called + 1])


def test_a_bold_heading_is_a_heading() -> None:
    heading = "Sur la légalité de la décision attaquée"
    paras = decision({})
    paras.insert(7, Para(heading, Style.HEADING))
    extracted = read_pdf(build(paras, BASE).data)
    kinds = {normal(block.text): block.kind for block in extracted.blocks}
    assert kinds[heading] is BlockKind.HEADING
    assert kinds[normal(PARTS[7].text)] is BlockKind.PARAGRAPH


def test_a_one_page_document_keeps_its_header_and_page_number() -> None:
    """On one page, nothing can be seen to repeat: all its text is kept."""
    paras = [Para(part.text) for part in PARTS[1:4]]
    built = build(paras, replace(BASE, page_number="{n}"))
    assert built.pages == 1
    blocks = read_pdf(built.data).blocks
    texts = [normal(block.text) for block in blocks]
    lines = {line.strip() for block in blocks for line in block.text.splitlines()}
    assert HEADER in lines
    assert "1" in lines
    assert FOOTER.format(n=1) in lines
    for text in built.texts:
        assert normal(text) in texts


def test_dispatch_finds_and_reads_a_pdf() -> None:
    data = build(decision({}), BASE).data
    assert sniff(data) is Format.PDF
    assert read(data, Format.PDF) == read_pdf(data)


# --- refusals -------------------------------------------------------------------------------


def refusal(data: bytes) -> str:
    with pytest.raises(ReadError) as raised:
        read_pdf(data)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_an_encrypted_pdf_is_refused() -> None:
    data = build(decision({}), BASE, encrypt="secret").data
    assert refusal(data) == ENCRYPTED


def test_a_pdf_without_text_is_refused() -> None:
    assert refusal(image_only()) == NO_TEXT


def test_a_scan_whose_only_text_is_a_stamp_on_each_page_is_refused() -> None:
    """The filing system's stamp is a running footer: once dropped, nothing is left."""
    stamp = "Greffe du tribunal administratif — reçu le 12/03/2024 — page {n}"
    assert refusal(image_only(pages=3, stamp=stamp)) == NO_TEXT


def test_a_truncated_pdf_is_refused() -> None:
    data = build(decision(), BASE).data
    assert re.fullmatch(r"damaged or truncated PDF \(.+\)", refusal(data[: len(data) // 2]))


def test_a_pdf_whose_last_update_was_cut_off_is_refused() -> None:
    """PDFium reads such a file as it was before the update, without a word: the missing
    end-of-file marker tells it was cut."""
    data = build(decision(), BASE).data
    update = b"\n12 0 obj\n<< /Length 9000 >>\nstream\n" + b"BT /F1 11 Tf (x) Tj ET\n" * 300
    assert refusal(data + update) == DAMAGED.format("it ends before its end-of-file marker")
    assert read_pdf(data + b"\n\n").blocks  # blank space after the marker is fine


def test_bytes_that_are_no_pdf_are_refused_as_damaged() -> None:
    assert re.fullmatch(r"damaged or truncated PDF \(.+\)", refusal(b"%PDF-1.7\nnot a PDF"))


@pytest.mark.parametrize("seed", range(6))
def test_a_corrupted_pdf_is_read_or_refused_never_crashes(seed: int) -> None:
    """Bytes overwritten here and there: PDFium reads what it can; whatever happens, only a
    ``ReadError`` comes out."""
    data = bytearray(build(decision(), BASE).data)
    chance = random.Random(seed)
    for _ in range(8):
        at = chance.randrange(len(data) - 64)
        data[at : at + 64] = chance.randbytes(64)
    try:
        extracted: Extracted | None = read_pdf(bytes(data))
        message = ""
    except ReadError as error:
        extracted, message = None, str(error)
    assert "\n" not in message
    assert extracted is None or all(block.text.strip() for block in extracted.blocks)
