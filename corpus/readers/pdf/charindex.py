"""Offsets in a page's text, as PDFium gives it in one call, to PDFium's character indices
(which its calls for boxes and fonts take) and back.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Any

import pypdfium2.raw as pdfium_c


class CharIndex:
    """Offsets in the page's text to PDFium's character indices and back.

    They are the same numbers unless PDFium left a character out of the text or put one in,
    or a character takes two UTF-16 units: then PDFium translates, one call per offset.
    """

    def __init__(self, textpage: Any, text: str, units: int, count: int) -> None:
        self._textpage = textpage
        self._same = units == count and len(text) == units
        self._units: list[int] | None = None
        if len(text) != units:  # characters beyond the BMP: a unit offset for each offset
            self._units = [0, *accumulate(2 if ord(char) > 0xFFFF else 1 for char in text)]

    def char(self, offset: int) -> int:
        if self._same:
            return offset
        unit = self._units[offset] if self._units is not None else offset
        return int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(self._textpage, unit))

    def offset(self, char: int) -> int | None:
        if self._same:
            return char
        unit = int(pdfium_c.FPDFText_GetTextIndexFromCharIndex(self._textpage, char))
        if unit < 0:
            return None
        return bisect_right(self._units, unit) - 1 if self._units is not None else unit
