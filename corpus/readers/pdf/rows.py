"""Making a row whole that PDFium broke in two: after a raised note call (``loi¹ est
applicable``) PDFium ends the line, and may give the rest of the row, with the row's number
in the margin, as a line of its own.
"""

from __future__ import annotations

from corpus.readers.pdf.lines import SEGMENT_GAP, Line, Segment, width

SAME_ROW = 0.5
"""Two consecutive lines overlapping vertically by this share of the smaller are one row:
PDFium breaks the line after a raised note call, and the line goes on at its right."""

WORD_SPACE = 0.15
"""Two runs of a row farther apart than this many times its height have a space between."""


def merge_rows(lines: list[Line]) -> list[Line]:
    """Join a line to the one before when they sit on one row: PDFium breaks the line after
    a raised note call (``loi¹ est applicable``), and may put the rest of the row, with the
    row's number in the margin, after it."""
    merged: list[Line] = []
    for line in lines:
        if merged and _same_row(merged[-1], line):
            merged[-1] = _joined(merged[-1], line)
        else:
            merged.append(line)
    return merged


def _same_row(before: Line, after: Line) -> bool:
    low = max(before.base, after.base)
    high = min(before.base + before.size, after.base + after.size)
    return high - low > SAME_ROW * min(before.size, after.size)


def _joined(before: Line, after: Line) -> Line:
    """One line of the two parts of a row, their runs in order across the page: runs closer
    than a segment gap are one segment, with a space between them where there is room for
    one (none before a call glued to its word)."""
    pieces = sorted(
        (
            (segment.left, segment.right, line.text[segment.start : segment.end].strip(), line)
            for line in (before, after)
            for segment in line.segments
        ),
        key=lambda piece: piece[0],
    )
    height = max(before.size, after.size)
    text = ""
    segments: list[Segment] = []
    for left, right, piece, _ in pieces:
        if not piece:
            continue
        last = segments[-1] if segments else None
        if last is not None and left - last.right <= SEGMENT_GAP * height:
            text += (" " if left - last.right > WORD_SPACE * height else "") + piece
            segments[-1] = Segment(last.start, len(text), last.left, max(last.right, right))
        else:
            text += (" " if text else "") + piece
            segments.append(Segment(len(text) - len(piece), len(text), left, right))
    if not segments:  # never: each line has some text
        return before
    wider = max(before, after, key=lambda line: width(line.main))
    bold = before.bold and after.bold
    return Line(text, segments, wider.base, wider.size, bold, pieces[0][3].raised_lead)
