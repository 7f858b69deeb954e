"""What ``import`` is given as it comes from real disks: names that are not UTF-8, named pipes,
links that lead nowhere, folders it may not read. Each is imported, skipped or refused with
what it is, never an internal error, a misleading message or a wait forever."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Cli

TEXT = "Le Conseil d'État rejette la requête pour excès de pouvoir.\n"
CP1252_NAME = b"d\xe9cision n\xb0 3.txt"
"""'décision n° 3.txt' as an old Windows archive stores it."""

PIPE_PATIENCE = 10.0


def write_bytes_named(folder: Path, name: bytes, text: str = TEXT) -> None:
    """A file whose name is raw bytes (no str can name it portably)."""
    descriptor = os.open(os.fsencode(folder) + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, text.encode("utf-8"))
    finally:
        os.close(descriptor)


def error_of(result: Result) -> str:
    """The one ``error:`` line of a refused import, which imported nothing."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr
    return result.stderr.removeprefix("error: ").rstrip("\n")


def test_a_file_name_that_is_not_utf8_is_imported_with_a_readable_title(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    write_bytes_named(folder, CP1252_NAME)
    (named,) = os.listdir(folder)  # the name as Python gets it: with a surrogate escape
    (imported,) = cli.json("import", str(folder / named))
    assert imported["title"] == "décision n° 3"
    assert "décision n° 3" in cli("docs").stdout
    (listed,) = cli.json("docs")
    assert listed["title"] == "décision n° 3"
    (again,) = cli.json("import", str(folder))  # by its folder, too: the same document
    assert (again["document"], again["added"]) == (imported["document"], False)
    store = cli.store()
    try:
        paths = [row[0] for row in store.db.execute("SELECT path FROM documents")]
    finally:
        store.close()
    assert paths == ["décision n° 3.txt"]


def test_a_manifest_names_a_file_whose_name_is_not_utf8_as_it_reads(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    write_bytes_named(folder, CP1252_NAME)
    write_bytes_named(folder, b"\xc9tat.txt", "L'État est responsable.\n")  # É in latin-1
    (folder / "manifest.toml").write_text(
        '[[documents]]\nfile = "décision n° 3.txt"\ntitle = "CE, 3 mai 2019"\n', "utf-8"
    )
    imported = cli.json("import", str(folder))
    assert sorted(record["title"] for record in imported) == ["CE, 3 mai 2019", "État"]


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe nobody writes to: opening it for reading would wait for a writer forever.

    Should an import open it after all, a writer comes after ``PIPE_PATIENCE`` seconds, so
    the test fails (the file reads as empty) rather than hangs.
    """
    path = tmp_path / "notes.txt"
    os.mkfifo(path)
    rescue = threading.Timer(PIPE_PATIENCE, _free_readers, [path])
    rescue.daemon = True
    rescue.start()
    yield path
    rescue.cancel()


def _free_readers(pipe: Path) -> None:
    """Open the pipe for writing and close it: a reader waiting on it reads an empty file."""
    with contextlib.suppress(OSError):  # ENXIO: nobody is reading, nobody to free
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))


def test_a_named_pipe_on_the_command_line_is_refused_without_reading_it(
    cli: Cli, fifo: Path
) -> None:
    assert error_of(cli("import", str(fifo), ok=False)) == (
        f"{fifo}: not a regular file (a named pipe); "
        "import reads documents (text, PDF, Word, OpenDocument, HTML) and folders of them"
    )


def test_a_socket_or_a_device_is_refused_as_what_it_is(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert "(a socket)" in error_of(cli("import", str(path), ok=False))
    assert "(a character device)" in error_of(cli("import", os.devnull, ok=False))


def test_a_symbolic_link_loop_is_named_as_one(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    path = tmp_path / "a.txt"
    assert error_of(cli("import", str(path), ok=False)) == f"{path}: a symbolic link loop"


def test_a_broken_link_says_where_it_leads(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "moved.txt"
    path.symlink_to("elsewhere/moved.txt")
    assert error_of(cli("import", str(path), ok=False)) == (
        f"{path}: a broken symbolic link (to elsewhere/moved.txt)"
    )
    assert error_of(cli("import", str(tmp_path / "absent.txt"), ok=False)) == (
        f"{tmp_path / 'absent.txt'}: no such file or folder"
    )


def test_in_a_folder_pipes_are_skipped_and_links_that_lead_nowhere_refused(
    cli: Cli, tmp_path: Path, fifo: Path
) -> None:
    (tmp_path / "kept.txt").write_text(TEXT, "utf-8")
    (tmp_path / "linked.txt").symlink_to(tmp_path / "kept.txt")
    (tmp_path / "up").symlink_to(tmp_path)  # a link to a folder is not followed
    (imported, linked) = cli.json("import", str(tmp_path))
    assert imported["document"] == linked["document"]
    broken = tmp_path / "sub" / "gone.md"
    broken.parent.mkdir()
    broken.symlink_to(tmp_path / "nowhere.md")
    assert error_of(cli("import", str(tmp_path), ok=False)).startswith(
        f"{broken}: a broken symbolic link"
    )
    broken.unlink()
    broken.symlink_to(broken)
    assert error_of(cli("import", str(tmp_path), ok=False)) == f"{broken}: a symbolic link loop"


def test_a_link_inside_a_folder_to_a_file_outside_is_read_under_its_own_name(
    cli: Cli, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXT, "utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "inside.txt").symlink_to(outside)
    (imported,) = cli.json("import", str(folder))
    assert imported["title"] == "inside"


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a text file, that this user may not read (skips when the user may read
    anything, as root does)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, "utf-8")
    folder.chmod(0)
    try:
        os.listdir(folder)
    except PermissionError:
        yield folder
    else:
        pytest.skip("this user reads whatever the permissions say (root)")
    finally:
        folder.chmod(0o755)


def test_a_file_or_folder_it_may_not_read_is_refused_with_the_reason(
    cli: Cli, tmp_path: Path, locked: Path
) -> None:
    assert error_of(cli("import", str(tmp_path), ok=False)) == (
        f"{locked}: cannot read this folder (Permission denied)"
    )
    assert error_of(cli("import", str(locked / "a.txt"), ok=False)) == (
        f"{locked / 'a.txt'}: cannot read (Permission denied)"
    )
