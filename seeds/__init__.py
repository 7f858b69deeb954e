"""The bundled corpus: two French texts on baclofen's temporary recommendation for use (RTU).

The ``.txt`` files are kept byte for byte as they were extracted from their PDFs; ``manifest.toml``
describes each of them (title, languages, kind, source, date).
"""

from importlib import resources
from importlib.abc import Traversable


def seeds_folder() -> Traversable:
    """The folder holding the bundled seed files and their manifest, wherever installed."""
    return resources.files(__name__)
