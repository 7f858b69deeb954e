"""Bytes to text: UTF-8 first, UTF-16 (marked or recognised), then a detected legacy encoding;
binary and empty files refused; file names decoded the same way."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

SNIFF_BYTES = 8192
"""How much of the file is inspected for binary content."""

MAX_CONTROL_RATIO = 0.01
"""Decoded text with more control characters than this is taken for binary data."""

PREFERRED_LEGACY = "cp1252"
"""Tried right after UTF-8: Windows' Western European encoding, a superset of latin-1's
printable characters. Bytes it cannot decode go to charset-normalizer's detection."""

_MAGIC = {
    b"%PDF-": "a PDF file, not text",
    b"PK\x03\x04": "a ZIP archive that is not a Word (.docx) or OpenDocument (.odt) text",
    b"\xd0\xcf\x11\xe0": (
        "an old Word (.doc) or other MS Office binary file (or a password-protected .docx): "
        "save it as .docx, .odt or plain text first"
    ),
    b"{\\rtf": "an RTF file: save it as .docx, .odt or plain text first",
    b"\x89PNG": "a PNG image, not text",
    b"\xff\xd8\xff": "a JPEG image, not text",
    b"SQLite format 3\x00": "an SQLite database, not text",
}


class DecodeError(ValueError):
    """A file that is not usable text; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text as read, and how it was read."""

    text: str
    encoding: str
    had_bom: bool


def decode(data: bytes) -> DecodedText:
    """Decode a text file, refusing empty and binary content with a clear reason."""
    if not data or data.isspace():
        raise DecodeError("the file is empty" if not data else "the file holds only whitespace")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"this is {what}")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(codec), codec, True)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a UTF-16 mark but is not UTF-16 ({exc.reason})"
                ) from None
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        try:
            return _checked(data.decode(unmarked), unmarked, False)
        except UnicodeDecodeError:
            pass  # zero bytes in the pattern of UTF-16 by chance: binary after all
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DecodeError("this is a binary file (it contains NUL bytes), not text")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_utf8(data[len(codecs.BOM_UTF8) :]), "utf-8", True)
    try:
        return _checked(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    try:  # the legacy encoding of nearly every French text; detectors misjudge short ones
        return _checked(data.decode(PREFERRED_LEGACY), PREFERRED_LEGACY, False)
    except UnicodeDecodeError:
        pass
    match = from_bytes(data, cp_exclusion=["utf_8", PREFERRED_LEGACY]).best()
    if match is None:
        raise DecodeError("the text encoding could not be recognised (not UTF-8, not cp1252)")
    return _checked(str(match), match.encoding, False)


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of what looks like UTF-16 without a byte order mark, else None.

    Windows tools write "Unicode" text as UTF-16 LE, often without a mark. In UTF-16 every
    character of Latin text (ASCII and accented letters alike) has a zero high byte, so at
    least half the sniffed code units hold a zero on one side (the odd bytes for LE, the even
    ones for BE) while none is zero on both (U+0000 is no text). Binary data rarely fits;
    when it does, decoding or ``_checked`` refuses it.
    """
    if len(data) % 2:
        return None
    sample = data[:SNIFF_BYTES]
    units = len(sample) // 2
    evens, odds = sample[0::2], sample[1::2]
    even_zeros, odd_zeros = evens.count(0), odds.count(0)
    if 2 * max(even_zeros, odd_zeros) < units:
        return None
    if any(low == high == 0 for low, high in zip(evens, odds, strict=True)):
        return None
    return "utf-16-le" if odd_zeros >= even_zeros else "utf-16-be"


def decode_name(raw: bytes) -> str:
    """A file name's bytes as text: UTF-8, else ``PREFERRED_LEGACY`` as for file contents (an
    old archive's names are cp1252 or latin-1 as often as its texts), else UTF-8 with each
    undecodable byte shown as U+FFFD. The result is always storable text (no surrogates)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode(PREFERRED_LEGACY)
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def decode_as(data: bytes, encoding: str) -> DecodedText:
    """Decode with an encoding the user named, refusing bytes that do not fit it."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"byte {exc.start} is not valid {codec} ({exc.reason})") from None
    if text.startswith("\ufeff"):
        return _checked(text[1:], codec, True)
    return _checked(text, codec, False)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"starts with a UTF-8 mark but byte {exc.start} is not UTF-8 ({exc.reason})"
        ) from None


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""A C0 or C1 control character other than the line and page breaks text uses (LF, CR, tab,
form feed)."""


def _checked(text: str, encoding: str, had_bom: bool) -> DecodedText:
    """Refuse decoded text that is mostly control characters: binary data in disguise."""
    sample = text[:SNIFF_BYTES]
    controls = len(_CONTROL.findall(sample))
    if controls > MAX_CONTROL_RATIO * len(sample) + 2:
        raise DecodeError(
            f"this looks like a binary file ({controls} control characters in the first "
            f"{len(sample)}), not text"
        )
    if not text or text.isspace():
        raise DecodeError("the file holds only whitespace")
    return DecodedText(text=text, encoding=encoding, had_bom=had_bom)
