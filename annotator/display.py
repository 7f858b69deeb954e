"""Showing document text safely: control and invisible format characters become visible.

Text from documents is data. A passage holding an escape sequence must print as ``␛[31m``,
never turn the terminal red; one holding a right-to-left override (U+202E) must not make the
terminal show the rest of the line backwards, nor a zero-width or tag character hide what a
line really says. Each such character is replaced by one visible symbol, so offsets into the
passage stay valid for highlighting: the UI and the CLI's human output show the same thing,
and ``--json`` keeps the data exact.
"""

from __future__ import annotations

import unicodedata

FORMAT_PICTURE = 0x2426
"""What an invisible format character (Unicode category Cf) shows as: ␦, the control pictures'
substitute sign. One symbol for all of them: the point is to see that something is there (and
that it is not a decoding error, shown as U+FFFD); ``--json`` says which."""

KEPT_FORMAT = frozenset({0x00AD, 0x200C, 0x200D})
"""Format characters shown as they are: the soft hyphen (a possible break, drawn as a hyphen or
not at all), and the zero-width non-joiner and joiner, which Arabic, Persian and Indic words
and emoji sequences need to be drawn right. None of them reorders or hides text."""

LINE_BREAKS = frozenset({"Zl", "Zp"})
"""U+2028 and U+2029, line and paragraph separators: shown as a space, like a newline."""


class _Pictures(dict[int, int]):
    """``str.translate`` table: what each character shows as, worked out when first met.

    Listing every format character up front would mean asking the Unicode database about all
    1.1 million code points (a fifth of a second at each start); a text uses a few hundred
    distinct ones, so each is looked up once and remembered.
    """

    def __missing__(self, code: int) -> int:
        category = unicodedata.category(chr(code))
        if category == "Cf" and code not in KEPT_FORMAT:
            shown = FORMAT_PICTURE
        elif category in LINE_BREAKS:
            shown = ord(" ")
        else:
            shown = code
        self[code] = shown
        return shown


_PICTURES = _Pictures({code: 0x2400 + code for code in range(0x20)})
_PICTURES.update({0x7F: 0x2421})
_PICTURES.update(dict.fromkeys(range(128, 160), 65533))
_PICTURES[ord("\n")] = ord(" ")
_PICTURES[ord("\t")] = ord(" ")


def visible(text: str) -> str:
    """``text`` with each control, bidi or other invisible format character replaced by a
    visible symbol (one character for one)."""
    return text.translate(_PICTURES)


def one_line(text: str, width: int) -> str:
    """``text`` made visible, on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
