"""Files and folders to parsed documents, with the facts a folder's manifest gives.

Reading is lazy (one file at a time, or a few ahead when worker processes parse a big batch)
so importing a big folder keeps memory flat; the store writes the whole batch in one
transaction, so one bad file means nothing is imported.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from annotator.errors import UserError
from annotator.parallel import ordered_map, worker_count
from corpus import DecodeError, ParsedDocument, parse_bytes
from schemas import Manifest, SourceInfo

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
"""Files a folder import reads."""

DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf"})
"""Documents a folder import cannot read; they are reported rather than silently skipped."""

MANIFEST = "manifest.toml"

PARALLEL_MIN_FILES = 4
PARALLEL_MIN_BYTES = 2_000_000
"""Below either, files are parsed in the importing process: workers would not pay off."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to import: where it is, the name to show and store, and its manifest facts."""

    path: Path
    name: str
    info: SourceInfo | None
    size: int


def collect(paths: Sequence[Path]) -> list[SourceFile]:
    """The files named, and the readable files inside the folders named, in a stable order."""
    files: list[SourceFile] = []
    manifests: dict[Path, Manifest | None] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                and candidate.suffix.lower() in TEXT_SUFFIXES | DOCUMENT_SUFFIXES
                and candidate.name != MANIFEST
            )
            if not found:
                raise UserError(f"{path}: no text files ({', '.join(sorted(TEXT_SUFFIXES))}) in it")
            root = path.resolve().parent
            files.extend(
                _source(file, file.resolve().relative_to(root), manifests) for file in found
            )
        elif path.is_file():
            files.append(_source(path, Path(path.name), manifests))
        else:
            raise UserError(f"{path}: no such file or folder")
    return files


def _source(path: Path, name: Path, manifests: dict[Path, Manifest | None]) -> SourceFile:
    folder = path.parent
    if folder not in manifests:
        manifests[folder] = _read_manifest(folder / MANIFEST)
    manifest = manifests[folder]
    info = manifest.info_for(path.name) if manifest else None
    return SourceFile(path, name.as_posix(), info, path.stat().st_size)


def _read_manifest(path: Path) -> Manifest | None:
    if not path.is_file():
        return None
    try:
        return Manifest.model_validate(tomllib.loads(path.read_text("utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not a valid manifest: {exc}") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise UserError(f"{path}: field {where!r}: {error['msg']}") from None


def parse_files(
    files: Sequence[SourceFile], on_file: Callable[[SourceFile], None] | None = None
) -> Iterator[ParsedDocument]:
    """Parse each file in turn; a file that cannot be read raises UserError naming it.

    A big import is parsed in worker processes (``_parse_in_workers``) while the caller writes
    what comes back: cleaning is pure Python, so it would otherwise take as long as SQLite
    takes to write everything. Documents still come in the files' order.
    """
    parsed = _parse_in_workers(files) if _worth_workers(files) else map(parse_file, files)
    for source, document in zip(files, parsed, strict=True):
        if on_file is not None:
            on_file(source)
        yield document


def parse_file(source: SourceFile) -> ParsedDocument:
    """Read, decode, clean and segment one file; UserError names the file when it is unusable."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise UserError(f"{source.name}: cannot read ({exc.strerror})") from None
    try:
        parsed = parse_bytes(data, source.name, source.info)
    except DecodeError as exc:
        raise UserError(f"{source.name}: {exc}") from None
    if not parsed.passage_count:
        raise UserError(f"{source.name}: no text to annotate in it")
    return parsed


def _worth_workers(files: Sequence[SourceFile]) -> bool:
    """Whether a batch is big enough to pay for starting worker processes (a fraction of a
    second): the seeds, a test's files or a few articles are parsed in this process."""
    return (
        len(files) >= PARALLEL_MIN_FILES
        and sum(source.size for source in files) >= PARALLEL_MIN_BYTES
        and worker_count() > 0
    )


def _parse_in_workers(files: Sequence[SourceFile]) -> Iterator[ParsedDocument]:
    """``parse_file`` of each file, in order, computed by worker processes."""
    return ordered_map(parse_file, files)


@contextmanager
def bundled_seeds() -> Iterator[Path]:
    """The folder of the bundled seeds as a real path, wherever the package is installed."""
    with resources.as_file(resources.files("seeds")) as folder:
        yield folder
