"""Start-up benchmark: how long a CLI verb takes before it does anything.

Run from the repository root::

    python bench/startup.py                    # 15 runs of each command
    python bench/startup.py --runs 31          # more runs, steadier medians
    python bench/startup.py --tree ../old      # time another checkout (say, before a change)

Every verb is a new process, so what the process imports before the verb runs is paid on
each call, by every script that calls ``annotator`` in a loop. The yardstick is another
click command line over the same SQLite file: ``sqlite-utils tables``, which imports click
and sqlite-utils and lists the tables. What it does:

1. Imports the seeds into a new database in a temporary folder (``annotator import``).
2. Runs ``annotator docs`` and ``sqlite-utils tables`` on it, one after the other (so a
   change of load on the machine falls on both), ``--runs`` times each after one unmeasured
   warm-up run each. Each runs as its console script does (``from annotator.cli import main;
   main()``), with this Python, from the checkout being timed: an installed ``annotator``
   may be another checkout's, and a shim on the PATH (pyenv) adds its own start-up. Both
   get a bytecode cache of their own in the temporary folder (``PYTHONPYCACHEPREFIX``),
   filled by the warm-up: an installed package has its modules compiled, and where
   ``PYTHONDONTWRITEBYTECODE`` is set (as on some development machines) a checkout's would
   otherwise be compiled again on every run, which is not what a user waits for.
3. Prints the median wall time and the median CPU time (user + system, from
   ``resource.getrusage(RUSAGE_CHILDREN)`` before and after each run) of each, their ratio,
   and PASS or MISS for the target: ``annotator docs`` at most 1.5x ``sqlite-utils tables``
   (median wall time). Then the packages slowest to import in one ``annotator docs``
   (``-X importtime``), to see where the time goes.

The exit status is 0 unless a command failed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
"""``annotator docs`` may take at most this many times ``sqlite-utils tables``."""
SHOWN_IMPORTS = 10
"""How many of the packages slowest to import to list."""


@dataclass(frozen=True, slots=True)
class Timing:
    """One command's runs: wall and CPU seconds of each."""

    name: str
    wall: list[float]
    cpu: list[float]

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


@dataclass(frozen=True, slots=True)
class Runner:
    """Runs commands in the checkout being timed, with the bytecode cache of this run."""

    tree: Path
    environment: dict[str, str]

    @classmethod
    def in_folder(cls, tree: Path, folder: Path) -> Runner:
        """A runner whose bytecode cache is in ``folder`` (see the module docstring)."""
        environment = {**os.environ, "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        return cls(tree, environment)

    def output(self, command: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
        """Run ``command`` to completion (extra environment variables added), its output kept."""
        return subprocess.run(
            command,
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=self.tree,
            env={**self.environment, **extra},
        )

    def timed(self, command: list[str]) -> tuple[float, float]:
        """Wall and CPU seconds (user + system) of one run of ``command`` to completion."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            command,
            check=True,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            cwd=self.tree,
            env=self.environment,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def console_script(module: str, function: str, arguments: list[str]) -> list[str]:
    """What a console script ``module:function`` runs, with this Python, as a command line."""
    body = f"import sys; from {module} import {function}; sys.exit({function}())"
    return [sys.executable, "-c", body, *arguments]


def measure(runner: Runner, commands: dict[str, list[str]], runs: int) -> list[Timing]:
    """Each command ``runs`` times, interleaved, after one warm-up run each."""
    for command in commands.values():
        runner.timed(command)
    timings = {name: Timing(name, [], []) for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, cpu = runner.timed(command)
            timings[name].wall.append(wall)
            timings[name].cpu.append(cpu)
    return list(timings.values())


def slowest_packages(runner: Runner, command: list[str], count: int) -> list[tuple[int, str]]:
    """The ``count`` packages whose modules took the most time to import in ``command``
    (microseconds, each module's own time added up by top-level package)."""
    result = runner.output(command, PYTHONPROFILEIMPORTTIME="1")
    totals: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, _, name = line.split(":", 1)[1].split("|")
        package = name.strip().split(".")[0]
        totals[package] = totals.get(package, 0) + int(own)
    return sorted(((time, name) for name, time in totals.items()), reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (15)")
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="the checkout to time (this one by default)"
    )
    options = parser.parse_args()
    tree = options.tree.resolve()
    with tempfile.TemporaryDirectory(prefix="annotator-startup-") as folder:
        runner = Runner.in_folder(tree, Path(folder))
        db = Path(folder) / "seeds.db"

        def annotator(*arguments: str) -> list[str]:
            return console_script("annotator.cli", "main", ["--db", str(db), *arguments])

        runner.output(annotator("--reviewer", "bench", "import", str(tree / "seeds")))
        docs = annotator("docs")
        tables = console_script("sqlite_utils.cli", "cli", ["tables", str(db)])
        listed = runner.output(docs).stdout
        if len(listed.splitlines()) != 2:
            sys.exit(f"annotator docs listed {listed!r}, not the 2 seeds")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {_load()}")
        print(f"annotator from {tree}")
        print(f"{options.runs} runs each, on {db.name} (the seeds: 2 documents, 14 passages)\n")
        ours, theirs = measure(
            runner, {"annotator docs": docs, "sqlite-utils tables": tables}, options.runs
        )
        for timing in (ours, theirs):
            print(
                f"  {timing.name:<20} median wall {timing.median_wall * 1000:6.0f} ms "
                f"(min {min(timing.wall) * 1000:.0f}, max {max(timing.wall) * 1000:.0f}), "
                f"median CPU {timing.median_cpu * 1000:6.0f} ms"
            )
        wall_ratio = ours.median_wall / theirs.median_wall
        cpu_ratio = ours.median_cpu / theirs.median_cpu
        verdict = "PASS" if wall_ratio <= TARGET else "MISS"
        print(
            f"\n  ratio: wall {wall_ratio:.2f}x, CPU {cpu_ratio:.2f}x "
            f"(target: wall <= {TARGET}x): {verdict}"
        )
        print(f"\nimports of one `annotator docs`, by package (load {_load()}):")
        for microseconds, name in slowest_packages(runner, docs, SHOWN_IMPORTS):
            print(f"  {microseconds / 1000:7.1f} ms  {name}")


def _load() -> str:
    """The 1-minute load average, where the system tells it."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
