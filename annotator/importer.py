"""Files and folders to parsed documents, with the facts a folder's manifest gives.

Reading is lazy (one file at a time, or a few ahead when worker processes parse a big batch)
so importing a big folder keeps memory flat; the store writes the whole batch in one
transaction, so one bad file means nothing is imported.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import NoReturn

from pydantic import ValidationError

from annotator.errors import UserError
from annotator.parallel import ordered_map, worker_count
from corpus import DecodeError, ParsedDocument, ReadError, parse_bytes
from corpus.decode import decode_name
from corpus.readers.formats import SUFFIXES, describe, sniff
from schemas import Manifest, SourceInfo

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
READ_SUFFIXES = TEXT_SUFFIXES | frozenset(SUFFIXES)
"""Files a folder import reads: text, PDF, Word, OpenDocument and HTML."""

DOCUMENT_SUFFIXES = frozenset({".doc", ".rtf"})
"""Documents a folder import cannot read; they are reported rather than silently skipped."""

MANIFEST = "manifest.toml"

PARALLEL_MIN_FILES = 4
PARALLEL_MIN_BYTES = 2_000_000
"""Below either, files are parsed in the importing process: workers would not pay off."""

READER_WEIGHT = 20
"""How many bytes of text one byte of a PDF, Word, OpenDocument or HTML file costs to parse,
about (a page of PDF is some 2 KB and takes as long as 40 KB of text)."""

WORKER_MAX_BYTES = 8_000_000
"""Files bigger than this are parsed in the importing process even when workers parse the
rest. A worker's result waits here pickled (the texts in UTF-8: twice the file) until its turn,
with up to ``parallel.READ_AHEAD`` others per worker, a dozen times the file in all: a few big
files (a one-line export of hundreds of megabytes) would need gigabytes, while documents of
this size keep the results waiting within about 128 MB."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to import: where it is, the name to show and store, and its manifest facts."""

    path: Path
    name: str
    info: SourceInfo | None
    size: int


def collect(paths: Sequence[Path]) -> list[SourceFile]:
    """The files named, and the readable files inside the folders named, in a stable order.

    Paths are looked at (``stat``), never opened here: a named pipe given by mistake must be
    refused at once, not waited on until someone writes to it.
    """
    files: list[SourceFile] = []
    manifests: dict[Path, Manifest | None] = {}
    for path in paths:
        status = _status(path)
        if stat.S_ISDIR(status.st_mode):
            found = _folder_files(path)
            if not found:
                raise UserError(
                    f"{_readable(path)}: no documents ({', '.join(sorted(READ_SUFFIXES))}) in it"
                )
            root = Path(path.resolve().name)
            files.extend(
                _source(file, root / file.relative_to(path), size, manifests)
                for file, size in found
            )
        elif stat.S_ISREG(status.st_mode):
            files.append(_source(path, Path(path.name), status.st_size, manifests))
        else:
            raise UserError(
                f"{_readable(path)}: not a regular file ({_special_kind(status.st_mode)}); "
                "import reads documents (text, PDF, Word, OpenDocument, HTML) and folders of them"
            )
    return files


def _readable_name(name: str) -> str:
    """A file name as text fit to store and show (``corpus.decode.decode_name``).

    A name that is not UTF-8 (common in old archives: cp1252 or latin-1) reaches Python as
    text with surrogate escapes, which SQLite cannot store and a terminal cannot show;
    ``os.fsencode`` gives its bytes back. The file itself is still read by its real path.
    """
    return decode_name(os.fsencode(name))


def _readable(path: PurePath) -> PurePath:
    """``path`` with each of its parts made readable, for messages and stored names."""
    return type(path)(*map(_readable_name, path.parts))


def _status(path: Path) -> os.stat_result:
    """``stat`` of a path (links followed), or UserError saying what is wrong with it."""
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problem = "a symbolic link loop"
        elif exc.errno == errno.ENOENT and path.is_symlink():
            problem = f"a broken symbolic link (to {_readable(path.readlink())})"
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
            problem = "no such file or folder"
        else:
            problem = f"cannot read ({exc.strerror})"
        raise UserError(f"{_readable(path)}: {problem}") from None


_SPECIAL_FILES: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _special_kind(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, for a refusal."""
    return next((what for test, what in _SPECIAL_FILES if test(mode)), "a special file")


def _folder_files(folder: Path) -> list[tuple[Path, int]]:
    """The files a folder import reads, with their sizes, in path order.

    Hidden files and folders are skipped, and so are links to folders (one may lead back up,
    and the walk would never end) and named pipes, sockets and devices, whatever their names:
    none of them holds a document, and reading a pipe waits for a writer forever. A link with a
    text file's name that leads nowhere (broken, or a loop) is refused, and so is a folder that
    cannot be read: the user expects a document there, and importing all but it would lose it
    without a word.
    """
    found: list[tuple[Path, int]] = []
    for top, folders, names in os.walk(folder, onerror=_unreadable_folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            file = Path(top, name)
            hidden = name.startswith(".")
            if hidden or file.suffix.lower() not in READ_SUFFIXES | DOCUMENT_SUFFIXES:
                continue
            status = _status(file)
            if stat.S_ISREG(status.st_mode):
                found.append((file, status.st_size))
    return sorted(found)


def _unreadable_folder(exc: OSError) -> NoReturn:
    """Refuse a folder the walk cannot list, with the reason."""
    raise UserError(f"{_readable(Path(exc.filename))}: cannot read this folder ({exc.strerror})")


def _source(
    path: Path, name: Path, size: int, manifests: dict[Path, Manifest | None]
) -> SourceFile:
    """A file to import, named ``name`` (made readable) and described by its folder's manifest,
    which names it as it reads (a TOML file is UTF-8, whatever the bytes of the name)."""
    folder = path.parent
    if folder not in manifests:
        manifests[folder] = _read_manifest(folder / MANIFEST)
    manifest = manifests[folder]
    info = manifest.info_for(_readable_name(path.name)) if manifest else None
    return SourceFile(path, _readable(name).as_posix(), info, size)


def _read_manifest(path: Path) -> Manifest | None:
    if not path.is_file():
        return None
    try:
        return Manifest.model_validate(tomllib.loads(path.read_text("utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{_readable(path)}: not a valid manifest: {exc}") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise UserError(f"{_readable(path)}: field {where!r}: {error['msg']}") from None


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
        _check_claim(source, data)
        parsed = parse_bytes(data, source.name, source.info)
    except (DecodeError, ReadError) as exc:
        raise UserError(f"{source.name}: {exc}") from None
    if not parsed.passage_count:
        raise UserError(f"{source.name}: no text to annotate in it")
    return parsed


def _check_claim(source: SourceFile, data: bytes) -> None:
    """Refuse a file whose name claims a format its content is not (a ``.pdf`` that is a web
    page saved under the wrong name): reading it as what it is would surprise, and reading
    it as what it claims fails with a worse message."""
    suffix = PurePath(source.name).suffix.lower()
    claimed = SUFFIXES.get(suffix)
    if claimed is not None and sniff(data) is not claimed:
        raise ReadError(f"named {suffix} but it is {describe(data)}")


def _worth_workers(files: Sequence[SourceFile]) -> bool:
    """Whether a batch is big enough to pay for starting worker processes (a fraction of a
    second): the seeds, a test's files or a few articles are parsed in this process. A PDF,
    Word, OpenDocument or HTML file weighs ``READER_WEIGHT`` times its size: reading its
    layout costs that much more than cleaning text."""
    weight = sum(
        source.size * (READER_WEIGHT if PurePath(source.name).suffix.lower() in SUFFIXES else 1)
        for source in files
    )
    return len(files) >= PARALLEL_MIN_FILES and weight >= PARALLEL_MIN_BYTES and worker_count() > 0


def _parse_in_workers(files: Sequence[SourceFile]) -> Iterator[ParsedDocument]:
    """``parse_file`` of each file, in order, computed by worker processes but for the files
    above ``WORKER_MAX_BYTES``, which this process parses when their turn comes."""
    for source, parsed in zip(files, ordered_map(_parse_if_small, files), strict=True):
        yield parse_file(source) if parsed is None else parsed


def _parse_if_small(source: SourceFile) -> ParsedDocument | None:
    """In a worker: ``parse_file``, or None for a file too big to send back."""
    return None if source.size > WORKER_MAX_BYTES else parse_file(source)


@contextmanager
def bundled_seeds() -> Iterator[Path]:
    """The folder of the bundled seeds as a real path, wherever the package is installed."""
    with resources.as_file(resources.files("seeds")) as folder:
        yield folder
