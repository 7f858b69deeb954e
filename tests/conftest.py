"""Shared fixtures: a CLI runner bound to a fresh database, and the seeds folder."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from annotator.cli import main
from annotator.store import Store

# CI explores the same examples on every run, so a red build is reproducible; a developer's
# run explores new ones (HYPOTHESIS_PROFILE=dev).
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Cli:
    """Runs ``annotator --db DB --reviewer NAME ...`` in-process and parses what it prints."""

    db: Path
    reviewer: str = "alice"

    def __call__(self, *args: str, reviewer: str | None = None, ok: bool = True) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            main, ["--db", str(self.db), "--reviewer", reviewer or self.reviewer, *args]
        )
        if ok and result.exit_code != 0:
            raise AssertionError(f"annotator {' '.join(args)} failed:\n{result.output}")
        return result

    def json(self, *args: str, reviewer: str | None = None) -> list[dict[str, Any]]:
        """The JSON Lines a verb prints with --json, parsed."""
        result = self(*args, "--json", reviewer=reviewer)
        return [json.loads(line) for line in result.stdout.splitlines()]

    def store(self) -> Store:
        """The database, opened directly, to check what a command wrote."""
        return Store.open(self.db)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A CLI bound to a new database in a temporary folder."""
    return Cli(tmp_path / "annotations.db")


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """A CLI whose database holds the bundled seeds."""
    cli("import", str(SEEDS))
    return cli


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """Writes bytes to a file under a temporary folder and returns its path."""

    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store on a new database with the bundled scheme."""
    from schemas import bundled_scheme_text, load_bundled_scheme

    opened = Store.open(tmp_path / "store.db")
    opened.install_scheme(load_bundled_scheme(), bundled_scheme_text())
    yield opened
    opened.close()
