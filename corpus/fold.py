"""Folding text for search: case, accents, apostrophes and dashes stop mattering.

``fold`` keeps one character per character, so an offset in the folded text is the same offset
in the original: search finds words in the folded text and highlights them in the original.
``index_terms`` adds what folding alone cannot give: compounds written joined
("alcoolo-dépendance" is also "alcoolodependance") and ligatures spelt out ("œuvre", "oeuvre").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘ʼ`´′"
_DASHES = "-‐‑‒–—―−"
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_COMPOUND = re.compile(r"\w+(?:-\w+)+")
_LIGATURE_WORD = re.compile(r"\w*[œæß]\w*")
WORD = re.compile(r"\w+")
"""A word of folded text: letters and digits (apostrophes and dashes separate words)."""


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    lowered = char.lower()
    if len(lowered) != 1:  # "İ" lowers to two characters: keep its base letter
        lowered = unicodedata.normalize("NFD", char)[0].lower()
    base = unicodedata.normalize("NFD", lowered)[0]
    return base if unicodedata.category(base) != "Mn" else lowered


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that works each character out once, when first met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lowercase, without diacritics, one apostrophe and one dash: same length as ``text``."""
    return text.translate(_TABLE)


def index_terms(folded: str) -> str:
    """Extra terms to index beside the folded text: joined compounds and spelt-out ligatures."""
    extra = [match.group().replace("-", "") for match in _COMPOUND.finditer(folded)]
    for match in _LIGATURE_WORD.finditer(folded):
        word = match.group()
        for ligature, spelt in _LIGATURES.items():
            word = word.replace(ligature, spelt)
        extra.append(word)
    return " ".join(extra)
