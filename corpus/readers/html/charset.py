"""A web page's bytes as text, decoded as a browser would: by the byte-order mark, else the
charset the page declares, else UTF-8, else Windows-1252."""

from __future__ import annotations

import codecs
import re

CHARSET_SCAN_BYTES = 32_768
"""How far into the page a ``<meta charset>`` is looked for: browsers look at the first
kilobyte, but saved pages often put a long inline style or script before it."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:+-]+)""")
_WINDOWS_1252 = str.maketrans(
    {
        byte: bytes([byte]).decode("cp1252")
        for byte in range(0x80, 0xA0)
        if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)
"""Latin-1 text to Windows-1252: what browsers do with a page that says ``iso-8859-1`` (the
bytes 0x80-0x9F are ``’``, ``œ``, ``€``..., not control characters); the five bytes that
Windows-1252 leaves undefined stay what Latin-1 makes them."""
_SINGLE_BYTE_WESTERN = frozenset({"latin_1", "ascii", "cp1252"})
"""The charsets browsers read as Windows-1252."""


def decode(data: bytes) -> str:
    """The page as text: by its byte-order mark, else its declared charset, else UTF-8, else
    Windows-1252 (what a French page without a declaration most likely is)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    declared = _declared_codec(data[:CHARSET_SCAN_BYTES])
    if declared in _SINGLE_BYTE_WESTERN and not _is_utf8_text(data):
        return data.decode("latin-1").translate(_WINDOWS_1252)
    if declared is not None and declared not in _SINGLE_BYTE_WESTERN:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration: read the bytes as if there were none
    if _is_utf8_text(data) or data.isascii():
        return data.decode("utf-8")
    return data.decode("latin-1").translate(_WINDOWS_1252)


def _declared_codec(head: bytes) -> str | None:
    """Python's name for the charset the page declares, if it declares one Python knows.

    A page cannot really be in UTF-16 when its declaration is readable as ASCII: browsers
    read it as UTF-8, and so does this.
    """
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name.startswith(("utf_16", "utf_32")) or name == "utf_8":
        return "utf-8"
    return {"iso8859_1": "latin_1", "windows_1252": "cp1252"}.get(name, name)


def _is_utf8_text(data: bytes) -> bool:
    """Whether non-ASCII bytes are valid UTF-8: then the page is UTF-8 whatever it declares (a
    page re-saved in UTF-8 keeps its old ``iso-8859-1`` meta; French Latin-1 text is almost
    never valid UTF-8 by chance)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
