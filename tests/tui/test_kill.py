"""A UI process killed with SIGKILL loses nothing it had shown as saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotator.store import Store
from tests.conftest import ROOT

CONFIRMATIONS = 12
TIME_LIMIT = 60.0


def test_killed_ui_loses_no_confirmed_tag(db: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.tui.kill_driver", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    confirmed: list[tuple[str, str]] = []
    deadline = time.monotonic() + TIME_LIMIT
    try:
        while len(confirmed) < CONFIRMATIONS and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            _, passage, concept = line.split()
            confirmed.append((passage, concept))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert len(confirmed) == CONFIRMATIONS
    store = Store.open(db)
    stored = {(a.passage, a.concept) for a in store.annotations() if a.reviewer == "kim"}
    store.close()
    assert set(confirmed) <= stored
