"""Guards, not timers: what a hold screen repaints, over real seconds, with the real clock."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest
from textual.widget import Widget

from coach.app import CoachApp
from coach.clock import SystemClock
from coach.locations import content_dir
from coach.model.content import load_library
from coach.model.settings import Settings
from coach.screens.step import StepScreen
from coach.store import Store
from coach.widgets.hold import BigDigits, HoldBar


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Every Widget.refresh call, counted by widget id (or class)."""
    counts: Counter[str] = Counter()
    original = Widget.refresh

    def counting(self: Widget, *args: object, **kwargs: object) -> Widget:
        counts[self.id or type(self).__name__] += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Widget, "refresh", counting)
    yield counts


def app_with_30s_holds(tmp_path: Path) -> CoachApp:
    store = Store.open(tmp_path / "db.json")
    settings = replace(Settings(), about_acknowledged=True, get_ready_seconds=0).with_choice(
        "cat-cow", hold_seconds=30
    )
    store.save_settings(settings)
    return CoachApp(library=load_library(content_dir()), store=store, clock=SystemClock(), zone=UTC)


async def test_a_paused_hold_repaints_nothing_for_2_real_seconds(
    tmp_path: Path, refreshes: Counter[str]
) -> None:
    app = app_with_30s_holds(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "space")
        await asyncio.sleep(1.2)
        await pilot.press("space")
        await pilot.wait_for_scheduled_animations()  # the pause drawn: from here, quiet
        assert isinstance(app.screen, StepScreen)
        refreshes.clear()
        await asyncio.sleep(2.0)
        assert sum(refreshes.values()) == 0, refreshes


async def test_a_running_hold_repaints_only_what_changes(
    tmp_path: Path, refreshes: Counter[str]
) -> None:
    app = app_with_30s_holds(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "space")
        await pilot.wait_for_scheduled_animations()  # the step laid out: the bar has its width
        screen = app.screen
        assert isinstance(screen, StepScreen)
        digits, bar = screen.query_one(BigDigits), screen.query_one(HoldBar)
        cells = bar.size.width
        refreshes.clear()
        digits_before, bar_before = digits.repaints, bar.repaints
        await asyncio.sleep(3.0)
        digit_repaints = digits.repaints - digits_before
        bar_repaints = bar.repaints - bar_before
        # the digits once a second; the bar no more often than its visible cells change
        assert 2 <= digit_repaints <= 4
        assert bar_repaints <= int(cells * 3.0 / 30) + 2
        others = {name: n for name, n in refreshes.items() if name not in ("digits", "bar", "Bar")}
        assert others == {}, others
