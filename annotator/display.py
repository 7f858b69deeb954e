"""Showing document text safely: control characters become visible symbols.

Text from documents is data. A passage holding an escape sequence must print as ``␛[31m``,
never turn the terminal red; the replacement keeps one character per character, so offsets
into the passage stay valid for highlighting.
"""

from __future__ import annotations

_PICTURES = {code: 0x2400 + code for code in range(0x20)}
_PICTURES.update({0x7F: 0x2421})
_PICTURES.update(dict.fromkeys(range(128, 160), 65533))
_PICTURES[ord("\n")] = ord(" ")
_PICTURES[ord("\t")] = ord(" ")


def visible(text: str) -> str:
    """``text`` with each control character replaced by a visible symbol of the same length."""
    return text.translate(_PICTURES)


def one_line(text: str, width: int) -> str:
    """``text`` made visible, on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
