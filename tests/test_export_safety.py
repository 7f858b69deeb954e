"""An export that cannot be written (a full disk, a read-only mount, a full stdout) says so in
one ``error:`` line naming where, exits 1, and leaves nothing behind.

A full disk is a small tmpfs, which only root can mount: these tests are skipped otherwise.
``/dev/full`` stands for a full disk behind stdout (``annotator export > file``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli

DISK_BYTES = 64 * 1024
"""Size of the small disk; the export written to it is several times bigger."""


@pytest.fixture
def big(cli: Cli, write_file: Callable[[str, bytes], Path]) -> Cli:
    """A database whose export (with ``--all``) is bigger than the small disk."""
    paragraph = "Le Conseil d'État juge que la décision est entachée d'excès de pouvoir. " * 4
    text = "\n\n".join(f"{number}. {paragraph}" for number in range(4 * DISK_BYTES // 300))
    cli("import", str(write_file("big/arret.txt", text.encode("utf-8"))))
    return cli


def mounted(folder: Path, *options: str) -> None:
    """Mount a small tmpfs on ``folder``, or skip saying why it cannot be."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join([f"size={DISK_BYTES}", *options]), "tmpfs", folder],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An empty folder on a disk of ``DISK_BYTES``, unmounted after the test."""
    folder = tmp_path / "disk"
    mounted(folder)
    yield folder
    subprocess.run(["umount", folder], check=True)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """An empty folder on a read-only disk, unmounted after the test."""
    folder = tmp_path / "read-only"
    mounted(folder, "ro")
    yield folder
    subprocess.run(["umount", folder], check=True)


def error_of(stderr: str) -> str:
    """The one line on stderr of a failed command, checked to be one ``error:`` line."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.mark.parametrize(("format_", "name"), [("jsonl", "corpus.jsonl"), ("brat", "brat")])
def test_a_full_disk_is_named_and_left_empty(
    format_: str, name: str, big: Cli, small_disk: Path
) -> None:
    target = small_disk / name
    everything = ["--all"] if format_ == "jsonl" else []
    result = big("export", "--format", format_, *everything, "-o", str(target), ok=False)
    assert result.exit_code == 1
    assert error_of(result.stderr) == (
        f"error: disk full while writing {target} "
        "(nothing was written; free some space and try again)"
    )
    assert list(small_disk.iterdir()) == []


def test_a_read_only_folder_is_named(big: Cli, read_only_disk: Path) -> None:
    target = read_only_disk / "corpus.jsonl"
    result = big("export", "--format", "jsonl", "-o", str(target), ok=False)
    assert result.exit_code == 1
    assert error_of(result.stderr) == (
        f"error: cannot write {target}: Read-only file system (nothing was written)"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_behind_stdout_is_one_error_line(big: Cli) -> None:
    with Path("/dev/full").open("wb") as full:
        command = ["export", "--format", "jsonl", "--all"]
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(big.db), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=False,
        )
    assert done.returncode == 1
    assert error_of(done.stderr) == (
        "error: disk full while writing stdout "
        "(the output is incomplete; free some space and try again)"
    )
