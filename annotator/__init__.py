"""annotator: read and tag a corpus of legal documents from the terminal."""

__version__ = "0.1.0"
