"""Snapshots of what a reviewer sees: the main screen at two sizes and the help screen.

Regenerate after a deliberate change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import AppFactory, settle

SnapCompare = Callable[..., bool]


async def tagged_second_passage(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("j", "2", "v", "w", "w", "3")
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_main_screen_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=tagged_second_passage)


def test_main_screen_at_160x48(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=tagged_second_passage)


def test_help_screen(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=open_help)
