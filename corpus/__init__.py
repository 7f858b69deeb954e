"""Source file -> Document -> Passages: decoding, cleaning, segmentation and offsets.

Pure functions, no database: the store in ``annotator`` saves what this package produces.
"""

from corpus.clean import CleanText, Paragraph, clean
from corpus.decode import DecodedText, DecodeError, decode
from corpus.document import (
    ParsedDocument,
    document_id,
    parse_bytes,
    parse_extracted,
    parse_text,
    passage_id,
)
from corpus.passages import MAX_PASSAGE_CHARS
from corpus.readers import ReadError
from corpus.sourcemap import SourceMap

__all__ = [
    "MAX_PASSAGE_CHARS",
    "CleanText",
    "DecodeError",
    "DecodedText",
    "Paragraph",
    "ParsedDocument",
    "ReadError",
    "SourceMap",
    "clean",
    "decode",
    "document_id",
    "parse_bytes",
    "parse_extracted",
    "parse_text",
    "passage_id",
]
