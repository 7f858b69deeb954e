"""The PDF reader: a PDF's text layer, through PDFium (pypdfium2), as paragraphs, headings and
footnotes in reading order, each with the page it starts on.

A PDF knows no paragraphs: it places runs of glyphs on a page. PDFium's text page already
orders the characters and breaks them into lines; this reader takes a page's text in one call
and asks PDFium only for a few boxes and font facts per line (the extent of its first and last
runs, the size and baseline of a character in its middle, the font at its ends), never for
every character, so that a long document reads at a good fraction of ``pdftotext``'s speed.
From those lines and their positions it then:

- drops what the layout repeats on every page: the lines in a band at the top or bottom of the
  page whose text, digits aside, comes back in one place page after page (running headers and
  footers), a page's top line standing well apart in the same place on half the pages (a
  header whose text changes: a chapter's title, odd and even pages' own), page numbers in the
  bands (``3``, ``- 3 -``, ``Page 3 sur 12``, ``3/12``, ``iv``), and numbers in a margin that
  count the lines beside them; a one-page document keeps all its text, as nothing there can be
  told to repeat;
- takes the footnotes out of the body: the run of smaller lines at the foot of the page, from
  one that starts with a note's number or sign, makes ``NOTE`` blocks, one a marker;
- cuts the body into paragraphs where the font changes, where the gap between two lines is
  wider than the spacing of lines, where the line before ended short although the next word
  would have fitted on it, or where a line is indented after one that ended a sentence;
- joins the paragraph that ends a page to the one that starts the next when it did not end its
  sentence and the next reads on (a lower-case start, or a first line neither indented nor
  numbered after a full last line), or, in a document that indents its paragraphs, when the
  next page starts flush left after a full line; the footnotes and running header in between
  go after the joined paragraph;
- marks as ``HEADING`` a short paragraph in a bigger or bold font, or a short centred line.

Lines of a paragraph are joined with ``\n``, hyphens at the end of a line kept as printed
(PDFium marks them, this reader puts the hyphen and the line break back): the cleaner joins
them. The reader refuses, in one line, an encrypted PDF, a PDF without text (a scan) and a
damaged or truncated file; every PDFium object it opens is closed before it returns.

The modules, in the order a document goes through them: ``document`` opens it with PDFium and
reads each page (``textpage``, with ``charindex`` and ``rows``) into ``lines``; ``style``
measures the body; ``furniture`` drops what repeats on every page; ``footnotes`` and
``paragraphs`` cut each page into ``draft`` blocks; ``join`` joins them across pages.
"""

from __future__ import annotations

from corpus.readers import Block, Extracted, Format, ReadError
from corpus.readers.pdf.document import DAMAGED, ENCRYPTED, read_pages
from corpus.readers.pdf.draft import Draft
from corpus.readers.pdf.footnotes import page_notes, split_notes
from corpus.readers.pdf.furniture import strip_furniture
from corpus.readers.pdf.join import Laid, join_pages
from corpus.readers.pdf.lines import Page
from corpus.readers.pdf.paragraphs import ENDS_SENTENCE, paragraph_draft, paragraph_groups
from corpus.readers.pdf.style import Frame, Style, measure, page_frame

__all__ = ["DAMAGED", "ENCRYPTED", "NO_TEXT", "read_pdf"]

NO_TEXT = "no text layer: run OCR first"


def read_pdf(data: bytes) -> Extracted:
    """The blocks of a PDF's body, in reading order, with the pages they start on."""
    title, pages = read_pages(data)
    if not any(page.lines for page in pages):
        raise ReadError(NO_TEXT)
    blocks = _assemble(pages)
    if not blocks:  # nothing but running headers: a scan with a stamped footer
        raise ReadError(NO_TEXT)
    return Extracted(Format.PDF, tuple(blocks), title)


def _assemble(pages: list[Page]) -> list[Block]:
    """The blocks of all pages: furniture dropped, notes apart, paragraphs joined across
    pages, each page's notes after the body block they interrupt."""
    style = measure(pages)
    frames = {page.number: page_frame(page.lines, style) for page in pages}
    if len(pages) > 1:
        strip_furniture(pages, frames, style)
    drafts = join_pages(_lay_out(pages, frames, style))
    return [draft.block() for draft in drafts]


def _lay_out(pages: list[Page], frames: dict[int, Frame], style: Style) -> list[Laid]:
    """Each page's paragraphs and notes; a note left open at the foot of a page takes the
    lines that go on with it at the foot of the next."""
    laid: list[Laid] = []
    last_note: Draft | None = None
    for page in pages:
        frame = frames[page.number]
        note_open = last_note is not None and not ENDS_SENTENCE.search(last_note.lines[-1])
        body, note_lines = split_notes(page, style, note_open)
        groups = [
            paragraph_draft(group, page.number, frame, style)
            for group in paragraph_groups(body, frame, style)
        ]
        notes = page_notes(note_lines, page.number, frame, last_note if note_open else None)
        last_note = notes[-1] if notes else last_note
        laid.append(Laid(groups, notes))
    return laid
