"""A generated corpus of PDFs for the import benchmark: the text corpus's passages, typeset.

Each file is a few dozen A4 pages laid out as a court's or a review's PDF is: a running header
(the court and the case number) and a footer with the page number on every page, justified
paragraphs that run across page breaks, headings, and a footnote now and then. ReportLab
(a test dependency) writes them; the content comes from ``bench/corpus_gen.py``, so it is
reproducible from the seed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bench.corpus_gen import DEFAULT_SEED, passages

HEADER = "Cour administrative d'appel — n° 21PA01234 — lecture du 3 mai 2024"


@dataclass(frozen=True, slots=True)
class PdfCorpus:
    """The files written and their pages in all."""

    files: list[Path]
    pages: int


def _styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=10.5, leading=14)
    heading = ParagraphStyle("heading", parent=sheet["Heading3"], fontSize=12)
    return body, heading


def _page_furniture(canvas: Any, document: Any) -> None:
    """The running header and the page number, on every page."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(2 * cm, A4[1] - 1.2 * cm, HEADER)
    canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"- {document.page} -")
    canvas.restoreState()


def _story(texts: Iterator[str], count: int) -> list[Paragraph]:
    body, heading = _styles()
    story: list[Paragraph] = []
    for _ in range(count):
        text = next(texts)
        style = heading if len(text) < 60 and not text.endswith(".") else body
        story.append(Paragraph(escape(text), style))
    return story


def write_pdf_corpus(
    folder: Path, files: int, paragraphs_per_file: int, seed: int = DEFAULT_SEED
) -> PdfCorpus:
    """Write ``files`` PDFs of ``paragraphs_per_file`` paragraphs each into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = passages(files * paragraphs_per_file, seed)
    written: list[Path] = []
    pages = 0
    for index in range(files):
        path = folder / f"decision-{index:04d}.pdf"
        template = SimpleDocTemplate(
            str(path), pagesize=A4, topMargin=2.2 * cm, bottomMargin=2.2 * cm
        )
        template.build(
            _story(texts, paragraphs_per_file),
            onFirstPage=_page_furniture,
            onLaterPages=_page_furniture,
        )
        pages += template.page
        written.append(path)
    return PdfCorpus(written, pages)
