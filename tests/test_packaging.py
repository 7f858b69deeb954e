"""What a plain install gets: the wheel ships the code, the seeds and the scheme."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from tests.conftest import ROOT

SEED_FILES = (
    "seeds/baclofene-conseil-etat-commentaire.txt",
    "seeds/baclofene-rtu-article-pourquoi-docteur.txt",
    "seeds/manifest.toml",
)
SCHEME_FILE = "schemas/schemes/fr-admin-health.toml"


def _not_source(folder: str, names: list[str]) -> set[str]:
    """Left out of the copy: caches, builds, databases and anything hidden."""
    return {
        name
        for name in names
        if name.startswith(".")
        or name in {"build", "dist", "__pycache__"}
        or name.endswith((".egg-info", ".db", ".db-wal", ".db-shm"))
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a clean copy of the repository.

    A copy, because building in place leaves a build/ folder whose stale files would be
    shipped by the next build and hide a missing one.
    """
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_not_source)
    out = work / "wheels"
    build = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--disable-pip-version-check", "-q", "-w", str(out), str(source)),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (built,) = out.glob("annotator-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_files(wheel: Path) -> list[str]:
    """Names of the files in the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_ships_both_seed_files_and_their_manifest(wheel_files: list[str]) -> None:
    for name in SEED_FILES:
        assert name in wheel_files
    assert sorted(n for n in wheel_files if n.startswith("seeds/") and n.endswith(".txt")) == [
        n for n in SEED_FILES if n.endswith(".txt")
    ]


def test_wheel_ships_the_bundled_scheme(wheel_files: list[str]) -> None:
    assert SCHEME_FILE in wheel_files


def test_wheel_ships_every_package_of_the_code(wheel_files: list[str]) -> None:
    packages = sorted(
        path.parent.relative_to(ROOT).as_posix() + "/__init__.py"
        for top in ("annotator", "corpus", "schemas", "seeds")
        for path in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in path.parts
    )
    assert "annotator/cli/__init__.py" in packages
    missing = [name for name in packages if name not in wheel_files]
    assert missing == []
    assert not any(name.startswith("tests/") for name in wheel_files)


def test_console_script_is_declared(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        entry_points = archive.read(name).decode("utf-8")
    assert "annotator = annotator.cli:main" in entry_points


def test_seeds_and_scheme_are_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["--reviewer", "alice"], env={"ANNOTATOR_DB": None})
    assert result.exit_code == 0, result.output
    assert "2 documents, 14 passages" in result.stdout
    assert (tmp_path / "annotations.db").is_file()  # the default database, here
    concepts = runner.invoke(
        main, ["--reviewer", "alice", "concepts", "--json"], env={"ANNOTATOR_DB": None}
    )
    assert '"id": "rep"' in concepts.stdout
