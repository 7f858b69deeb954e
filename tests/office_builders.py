"""Real Word and OpenDocument files for the readers' tests, each with what it should read as.

A builder writes a file with python-docx or odfpy and, as it writes each paragraph, notes the
block the reader should return for it (text and kind) and the text it must not return (headers,
footers, comments, deleted text, field codes). The expectations are made from the same values
as the file, so a test compares the reader with the file, not with a copy of its output.

python-docx cannot write notes: ``DocxBuilder`` adds the footnotes and endnotes parts through
python-docx's own package API (``Part``, ``relate_to``), which writes their relationships and
content types as Word does, and puts ``w:footnoteReference`` runs in the body.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph
from odf import dc, draw, office, style, table, text
from odf.namespaces import TEXTNS, XMLNS
from odf.opendocument import OpenDocumentText

from corpus.readers import BlockKind, Extracted
from tests.decision_sample import PARTS, TITLE

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
DRAWING_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

HEADER = "Conseil d'État — Section du contentieux"
FOOTER = "Décision n° 417607 — page"
COMMENT = "À vérifier avec le rapporteur"
COMMENT_AUTHOR = "Greffe du contentieux"
DELETED = "et autres requérants non dénommés"
HIDDEN = "Note interne masquée au lecteur"
FIELD_CODE = "HYPERLINK"
LIST_PARTS = (3, 4, 5)
"""The ``Vu ...`` parts, written as the items of a list."""

Expected = tuple[str, BlockKind]


@dataclass
class Built:
    """A file and what its reader should return: the blocks, and text found in none."""

    data: bytes
    blocks: list[Expected]
    absent: list[str]
    title: str | None


def replace_member(data: bytes, name: str, content: bytes | None) -> bytes:
    """The archive with one member replaced (or removed, when ``content`` is None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        if content is not None:
            target.writestr(name, content)
    return out.getvalue()


def plain_zip() -> bytes:
    """A ZIP archive that is no document: a folder of notes someone zipped."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Vu la procédure suivante :\n")
    return out.getvalue()


# -- Word ------------------------------------------------------------------------------------


@dataclass
class DocxBuilder:
    """A Word document being written, with the blocks it should read as."""

    document: Document = field(default_factory=docx.Document)
    blocks: list[Expected] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)

    def heading(self, words: str, level: int) -> Paragraph:
        """A heading in Word's own style (level 0: the Title style)."""
        self.blocks.append((words, BlockKind.HEADING))
        heading: Paragraph = self.document.add_heading(words, level)
        return heading

    def paragraph(self, words: str = "", style: str | None = None) -> Paragraph:
        """A paragraph of one run; more runs may be added to it (then say what it reads as)."""
        if words:
            self.blocks.append((words, BlockKind.PARAGRAPH))
        return self.document.add_paragraph(words, style)

    def expect(self, words: str, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        self.blocks.append((words, kind))

    def xml(self, paragraph: Paragraph, *markups: str) -> None:
        """Append raw WordprocessingML (runs, a hyperlink, a revision) to a paragraph."""
        for markup in markups:
            paragraph._p.append(parse_xml(markup))

    def outline(self, paragraph: Paragraph, level: int) -> None:
        """Give a paragraph its own outline level (Paragraph > Outline level in Word)."""
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="{level}"/>'))

    def footnote(self, paragraph: Paragraph, words: str, kind: str = "footnote") -> None:
        """Call a new note from the end of the paragraph so far, as Word marks it."""
        notes = self.footnotes if kind == "footnote" else self.endnotes
        notes.append(words)
        self.xml(
            paragraph,
            f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{len(notes)}"/></w:r>',
        )
        self.blocks.append((words, BlockKind.NOTE))

    def header_and_footer(self) -> None:
        """A header and a footer with page-number fields, none of which is the body."""
        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header.text = HEADER + " "
        self.xml(header, *_complex_field("PAGE", "1"))
        footer = section.footer.paragraphs[0]
        footer.text = FOOTER + " "
        self.xml(footer, f'<w:fldSimple {W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        self.absent += [HEADER, FOOTER, "PAGE"]

    def save(self, title: str | None = None) -> Built:
        """The file, with its notes parts related to the document part."""
        self.document.core_properties.title = title or ""
        self._notes_part("footnote", self.footnotes)
        self._notes_part("endnote", self.endnotes)
        out = io.BytesIO()
        self.document.save(out)
        return Built(out.getvalue(), self.blocks, self.absent, title)

    def _notes_part(self, kind: str, notes: list[str]) -> None:
        if not notes:
            return
        content_type, reltype = {
            "footnote": (CT.WML_FOOTNOTES, RT.FOOTNOTES),
            "endnote": (CT.WML_ENDNOTES, RT.ENDNOTES),
        }[kind]
        xml = notes_xml(kind, notes)
        package = self.document.part.package
        part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), package)
        self.document.part.relate_to(part, reltype)


CONTINUATION = "(suite de la note page suivante)"


def notes_xml(kind: str, notes: list[str]) -> str:
    """A footnotes or endnotes part as Word writes it: the separator and continuation
    separator first, a continuation notice, then the notes, each a paragraph starting with
    its own reference mark."""
    parts = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{kind}>",
        f'<w:{kind} w:type="continuationNotice" w:id="{len(notes) + 1}"><w:p><w:r>'
        f"<w:t>{CONTINUATION}</w:t></w:r></w:p></w:{kind}>",
    ]
    for number, words in enumerate(notes, start=1):
        style = "FootnoteText" if kind == "footnote" else "EndnoteText"
        parts.append(
            f'<w:{kind} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_escape(words)}</w:t></w:r></w:p></w:{kind}>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {W}>'
        + "".join(parts)
        + f"</w:{kind}s>"
    )


def _escape(words: str) -> str:
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(words: str) -> str:
    return f'<w:r {W}><w:t xml:space="preserve">{_escape(words)}</w:t></w:r>'


def _complex_field(instruction: str, result: str) -> list[str]:
    """A field as Word writes most, a run each: begin, code, separate, shown result, end."""
    return [
        f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W}><w:instrText xml:space="preserve"> {_escape(instruction)} </w:instrText></w:r>',
        f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
        _run(result),
        f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def _text_box(words: str) -> str:
    """A text box as Word 2010 and later save it: a shape, and its VML copy as a fallback."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{_escape(words)}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {W} {DRAWING_NS}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/>'
        '<wp:docPr id="1" name="Zone de texte 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData>"
        "</a:graphic></wp:inline></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape style="width:72pt;height:36pt"><v:textbox>{box}'
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def decision_docx() -> Built:
    """The sample decision as a Word document, with every feature the reader must handle."""
    b = DocxBuilder()
    b.header_and_footer()
    b.heading(TITLE, 0)
    line = b.document.add_paragraph("Conseil d'État")
    line.add_run().add_break()  # a soft line break (Maj+Entrée)
    line.add_run("statuant au contentieux")
    b.expect("Conseil d'État\nstatuant au contentieux")
    b.document.add_paragraph("N° 417607\tSéance du 2 mai 2018")
    b.expect("N° 417607\tSéance du 2 mai 2018")
    b.heading("Procédure", 2)
    b.paragraph(PARTS[1].text)
    _revised_part(b, PARTS[2].text)
    for index in LIST_PARTS:
        _list_item(b, PARTS[index].text)
    after_break = b.document.add_paragraph()
    after_break.add_run().add_break(WD_BREAK.PAGE)  # a page break (Ctrl+Entrée) at its start
    after_break.add_run(PARTS[6].text)
    b.expect(PARTS[6].text)
    _footnoted_part(b, PARTS[7].text, "Code de la santé publique, art. L. 5121-12-1.")
    for part in PARTS[8:11]:
        b.paragraph(part.text)
    _docx_table(b)
    decide = b.paragraph()
    decide.add_run(PARTS[11].text)
    b.outline(decide, 0)
    b.expect(PARTS[11].text, BlockKind.HEADING)
    boxed = b.paragraph(PARTS[12].text)
    b.xml(boxed, _text_box("Décision publiée au Recueil Lebon"))
    b.expect("Décision publiée au Recueil Lebon")
    last = b.paragraph()
    last.add_run(PARTS[13].text)
    b.expect(PARTS[13].text)
    b.footnote(
        last, "Copie en sera adressée au ministre des solidarités et de la santé.", "endnote"
    )
    b.absent.append(CONTINUATION)
    return b.save(TITLE)


def _revised_part(b: DocxBuilder, words: str) -> None:
    """A part split over runs: a hyperlink, a tracked insertion and a tracked deletion."""
    start = words.index("Conseil d'État")
    end = start + len("Conseil d'État")
    middle = words.index("l'association")
    paragraph = b.document.add_paragraph(words[:start])
    b.xml(
        paragraph,
        f'<w:hyperlink {W} w:anchor="ce"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        f'<w:t xml:space="preserve">{_escape(words[start:end])}</w:t></w:r></w:hyperlink>',
    )
    b.xml(paragraph, _run(words[end:middle]))
    b.xml(
        paragraph,
        f'<w:del {W} w:id="1" w:author="Greffe" w:date="2018-05-23T10:00:00Z"><w:r>'
        f'<w:delText xml:space="preserve">{DELETED} </w:delText></w:r></w:del>',
    )
    b.xml(
        paragraph,
        f'<w:ins {W} w:id="2" w:author="Greffe" w:date="2018-05-23T10:00:00Z">'
        f"{_run(words[middle:])}</w:ins>",
    )
    b.expect(words)
    b.absent.append(DELETED)


def _list_item(b: DocxBuilder, words: str) -> None:
    """A ``Vu`` item of a bulleted list; the code's name is a hyperlink field."""
    if "code de la santé publique" not in words:
        b.paragraph(words, "List Bullet")
        return
    start = words.index("code de la santé publique")
    end = start + len("code de la santé publique")
    paragraph = b.document.add_paragraph(words[:start], "List Bullet")
    url = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072665"
    b.xml(paragraph, *_complex_field(f'{FIELD_CODE} "{url}"', words[start:end]))
    b.xml(paragraph, _run(words[end:]))
    b.expect(words)
    b.absent += [url, FIELD_CODE]


def _footnoted_part(b: DocxBuilder, words: str, note: str) -> None:
    """A part calling a footnote in mid-sentence, after the article it cites."""
    cut = words.index(" du code de la santé publique")
    paragraph = b.document.add_paragraph(words[:cut])
    b.expect(words)
    b.footnote(paragraph, note)
    paragraph.add_run(words[cut:])


def _docx_table(b: DocxBuilder) -> None:
    """The formation's members as a table, one cell holding a nested table."""
    grid = b.document.add_table(rows=2, cols=2)
    cells = [
        ("Rapporteur", "M. Jean Dupont"),
        ("Rapporteur public", "Mme Claire Martin"),
    ]
    for row, (role, name) in enumerate(cells):
        grid.cell(row, 0).text = role
        grid.cell(row, 1).text = name
        b.expect(role)
        b.expect(name)
        if row == 0:
            nested = grid.cell(row, 1).add_table(rows=1, cols=2)
            nested.cell(0, 0).text = "Séance"
            nested.cell(0, 1).text = "2 mai 2018"
            b.expect("Séance")
            b.expect("2 mai 2018")


# -- OpenDocument ----------------------------------------------------------------------------


@dataclass
class OdtBuilder:
    """An OpenDocument text being written, with the blocks it should read as."""

    document: Any = field(default_factory=OpenDocumentText)
    blocks: list[Expected] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    notes: int = 0

    def add(self, element: Any, *expected: Expected) -> Any:
        """Put an element in the body and note the blocks it should read as."""
        self.document.text.addElement(element)
        self.blocks += expected
        return element

    def note(self, words: str, kind: str = "footnote") -> Any:
        """A note as LibreOffice writes it: citation number, then body."""
        self.notes += 1
        note = text.Note(id=f"ftn{self.notes}", noteclass=kind)
        note.addElement(text.NoteCitation(text=str(self.notes)))
        body = text.NoteBody()
        body.addElement(text.P(text=words))
        note.addElement(body)
        return note

    def header_and_footer(self) -> None:
        """A master page whose header and footer carry page-number fields."""
        layout = style.PageLayout(name="pm1")
        self.document.automaticstyles.addElement(layout)
        page = style.MasterPage(name="Standard", pagelayoutname=layout)
        header = style.Header()
        line = text.P(text=HEADER + " ")
        line.addElement(text.PageNumber(selectpage="current", text="1"))
        header.addElement(line)
        footer = style.Footer()
        line = text.P(text=FOOTER + " ")
        line.addElement(text.PageNumber(selectpage="current", text="1"))
        line.addText(" / ")
        line.addElement(text.PageCount(text="3"))
        footer.addElement(line)
        page.addElement(header)
        page.addElement(footer)
        self.document.masterstyles.addElement(page)
        self.absent += [HEADER, FOOTER]

    def save(self, title: str | None = None) -> Built:
        """The file, with ``dc:title`` in its meta.xml when there is a title."""
        if title is not None:
            self.document.meta.addElement(dc.Title(text=title))
        out = io.BytesIO()
        self.document.save(out)
        return Built(out.getvalue(), self.blocks, self.absent, title)


def paragraph(*pieces: Any, stylename: Any = None) -> Any:
    """A ``text:p`` of text and elements, in order."""
    element = text.P(stylename=stylename) if stylename is not None else text.P()
    for piece in pieces:
        if isinstance(piece, str):
            element.addText(piece)
        else:
            element.addElement(piece)
    return element


def _styles(document: Any) -> Any:
    """LibreOffice's Title style, and the automatic style a titled paragraph gets."""
    document.styles.addElement(style.Style(name="Standard", family="paragraph"))
    document.styles.addElement(
        style.Style(name="Title", family="paragraph", parentstylename="Standard")
    )
    automatic = style.Style(name="P1", family="paragraph", parentstylename="Title")
    document.automaticstyles.addElement(automatic)
    return automatic


def decision_odt() -> Built:
    """The sample decision as an OpenDocument text, with every feature the reader handles."""
    b = OdtBuilder()
    b.header_and_footer()
    titled = _styles(b.document)
    b.add(text.P(stylename=titled, text=TITLE), (TITLE, BlockKind.HEADING))
    b.add(
        paragraph("Conseil d'État", text.LineBreak(), "statuant au contentieux"),
        ("Conseil d'État\nstatuant au contentieux", BlockKind.PARAGRAPH),
    )
    b.add(
        paragraph("N° 417607", text.Tab(), "Séance du 2 mai 2018"),
        ("N° 417607\tSéance du 2 mai 2018", BlockKind.PARAGRAPH),
    )
    b.add(text.H(outlinelevel=2, text="Procédure"), ("Procédure", BlockKind.HEADING))
    b.add(text.P(text=PARTS[1].text), (PARTS[1].text, BlockKind.PARAGRAPH))
    _spanned_part(b, PARTS[2].text)
    items = text.List()
    for index in LIST_PARTS:
        item = text.ListItem()
        item.addElement(text.P(text=PARTS[index].text))
        items.addElement(item)
    b.add(items, *[(PARTS[index].text, BlockKind.PARAGRAPH) for index in LIST_PARTS])
    b.add(text.P(text=PARTS[6].text), (PARTS[6].text, BlockKind.PARAGRAPH))
    words = PARTS[7].text
    cut = words.index(" du code de la santé publique")
    note = "Code de la santé publique, art. L. 5121-12-1."
    b.add(
        paragraph(words[:cut], b.note(note), words[cut:]),
        (words, BlockKind.PARAGRAPH),
        (note, BlockKind.NOTE),
    )
    for part in PARTS[8:11]:
        b.add(text.P(text=part.text), (part.text, BlockKind.PARAGRAPH))
    _spaced(b)
    _odt_table(b)
    b.add(text.H(outlinelevel=1, text=PARTS[11].text), (PARTS[11].text, BlockKind.HEADING))
    _framed(b, PARTS[12].text, "Décision publiée au Recueil Lebon")
    endnote = "Copie en sera adressée au ministre des solidarités et de la santé."
    b.add(
        paragraph(PARTS[13].text, b.note(endnote, "endnote")),
        (PARTS[13].text, BlockKind.PARAGRAPH),
        (endnote, BlockKind.NOTE),
    )
    hidden = text.Section(name="Masquee", display="none")
    hidden.addElement(text.P(text=HIDDEN))
    b.add(hidden)
    b.absent.append(HIDDEN)
    return b.save(TITLE)


def _spanned_part(b: OdtBuilder, words: str) -> None:
    """A part split over a span, a link, a comment and a tracked deletion."""
    start = words.index("Conseil d'État")
    end = start + len("Conseil d'État")
    middle = words.index("l'association")
    changes = text.TrackedChanges()
    region = text.ChangedRegion(check_grammar=False)  # LibreOffice writes both ids
    region.setAttrNS(XMLNS, "id", "ct1")
    region.setAttrNS(TEXTNS, "id", "ct1")
    deletion = text.Deletion()
    info = office.ChangeInfo()
    info.addElement(dc.Creator(text="Greffe"))
    info.addElement(dc.Date(text="2018-05-23T10:00:00"))
    deletion.addElement(info)
    deletion.addElement(text.P(text=DELETED))
    region.addElement(deletion)
    changes.addElement(region)
    b.document.text.addElement(changes)
    comment = office.Annotation()
    comment.addElement(dc.Creator(text=COMMENT_AUTHOR))
    comment.addElement(text.P(text=COMMENT))
    link = text.A(href="https://www.conseil-etat.fr", type="simple", text=words[start:end])
    b.add(
        paragraph(
            text.Span(text=words[:start]),
            link,
            words[end:middle],
            text.Change(changeid="ct1"),
            comment,
            words[middle:],
        ),
        (words, BlockKind.PARAGRAPH),
    )
    b.absent += [DELETED, COMMENT, COMMENT_AUTHOR]


def _spaced(b: OdtBuilder) -> None:
    """Blanks as ODF has them: ``text:s`` is kept, a run of blanks in the XML is one space,
    even across the start of a span."""
    b.add(
        paragraph(
            "Délibéré",
            text.S(c=2),
            "en séance  du\n  2 mai 2018 ",
            text.Span(text=" à Paris"),
            text.SoftPageBreak(),
        ),
        ("Délibéré  en séance du 2 mai 2018 à Paris", BlockKind.PARAGRAPH),
    )


def _odt_table(b: OdtBuilder) -> None:
    """The formation's members as a table, one cell holding a nested table."""
    grid = table.Table(name="Formation")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    expected: list[Expected] = []
    for role, name in (
        ("Rapporteur", "M. Jean Dupont"),
        ("Rapporteur public", "Mme Claire Martin"),
    ):
        row = table.TableRow()
        for words in (role, name):
            cell = table.TableCell()
            cell.addElement(text.P(text=words))
            expected.append((words, BlockKind.PARAGRAPH))
            if words == "M. Jean Dupont":
                cell.addElement(_nested_table())
                expected += [("Séance", BlockKind.PARAGRAPH), ("2 mai 2018", BlockKind.PARAGRAPH)]
            row.addElement(cell)
        grid.addElement(row)
    b.add(grid, *expected)


def _nested_table() -> Any:
    nested = table.Table(name="Seance")
    nested.addElement(table.TableColumn(numbercolumnsrepeated=2))
    row = table.TableRow()
    for words in ("Séance", "2 mai 2018"):
        cell = table.TableCell()
        cell.addElement(text.P(text=words))
        row.addElement(cell)
    nested.addElement(row)
    return nested


def _framed(b: OdtBuilder, words: str, boxed: str) -> None:
    """A paragraph with a text box anchored in it, as a character."""
    frame = draw.Frame(anchortype="as-char", width="3cm", height="1cm")
    box = draw.TextBox()
    box.addElement(text.P(text=boxed))
    frame.addElement(box)
    b.add(
        paragraph(words, frame),
        (words, BlockKind.PARAGRAPH),
        (boxed, BlockKind.PARAGRAPH),
    )


def pairs(extracted: Extracted) -> list[tuple[str, BlockKind]]:
    """Each block's text and kind, in order."""
    return [(block.text, block.kind) for block in extracted.blocks]


def assert_parts_whole_in_order(extracted: Extracted) -> None:
    """Each part of the sample decision is exactly one block's whole text, inside no other
    block, and the parts come in the decision's order."""
    texts = [block.text for block in extracted.blocks]
    positions = []
    for part in PARTS:
        assert texts.count(part.text) == 1, part.text
        assert sum(part.text in other for other in texts) == 1, part.text
        positions.append(texts.index(part.text))
    assert positions == sorted(positions)
