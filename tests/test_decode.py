"""Decoding files as users have them: UTF-8 with or without BOM, CRLF, cp1252; refusals."""

from __future__ import annotations

import codecs
import random
import struct

import pytest

from corpus import DecodeError, decode, parse_bytes

FRENCH = "Le Conseil d’État rejette le recours pour excès de pouvoir. « Œuvre » déjà.\n"


def test_utf8_without_bom_is_read_as_utf8() -> None:
    decoded = decode(FRENCH.encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert decoded.text == FRENCH


def test_utf8_bom_and_crlf_are_handled() -> None:
    text = (
        "Résumé\r\n\r\nLe juge exerce un contrôle\r\nrestreint sur la décision.\r\n\r\n"
        "Il rejette la requête.\r\n"
    )
    parsed = parse_bytes(codecs.BOM_UTF8 + text.encode("utf-8"), "bom.txt")
    assert parsed.document.source_text == text  # BOM gone, CRLF kept as read
    assert parsed.document.encoding == "utf-8"
    assert "\r" not in parsed.document.clean_text
    assert [p.text for p in parsed.passages] == [
        "Résumé",
        "Le juge exerce un contrôle restreint sur la décision.",
        "Il rejette la requête.",
    ]


def test_cp1252_file_is_detected_and_decoded() -> None:
    text = FRENCH * 4
    decoded = decode(text.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text == text


def test_latin1_file_is_decoded_with_its_accents() -> None:
    text = "Le juge administratif contrôle l'excès de pouvoir de l'État.\n" * 3
    assert decode(text.encode("latin-1")).text == text


def test_utf16_with_bom_is_decoded() -> None:
    assert decode(codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le")).text == FRENCH


def test_same_text_in_two_encodings_gets_the_same_document_id() -> None:
    text = FRENCH * 3
    as_utf8 = parse_bytes(text.encode("utf-8"), "a.txt")
    as_cp1252_crlf = parse_bytes(text.replace("\n", "\r\n").encode("cp1252"), "b.txt")
    assert as_utf8.document.id == as_cp1252_crlf.document.id


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"abc\x00\x01\x02def" * 20, "binary"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_random_bytes_without_nul_are_refused_as_binary() -> None:
    rng = random.Random(7)
    data = bytes(rng.choice(range(1, 256)) for _ in range(4000))
    with pytest.raises(DecodeError, match=r"binary|encoding"):
        decode(data)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected_and_decoded(codec: str) -> None:
    decoded = decode(FRENCH.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.had_bom) == (FRENCH, codec, False)


@pytest.mark.parametrize(
    "data",
    [
        struct.pack("<300H", *range(1, 301)),  # 16-bit numbers: zero high bytes, like UTF-16
        b"\x7fELF\x02\x01\x01" + bytes(57) + bytes(range(256)) * 4,
        FRENCH.encode("utf-16-le") + b"\x00\x00" + FRENCH.encode("utf-16-le"),
        FRENCH.encode("utf-16-le")[:-1],  # an odd length is no UTF-16
    ],
    ids=["numbers", "executable", "nul-character", "odd-length"],
)
def test_binary_data_with_zero_bytes_is_still_refused(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode(data)
