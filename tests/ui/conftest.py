"""An app factory for Pilot and snapshot tests: a temp database, a fake clock, fixed zone."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from coach.app import CoachApp
from coach.clock import FakeClock
from coach.model.content import Library
from coach.model.records import Terrain, Walk
from coach.model.settings import Settings
from coach.store import Store

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # a Monday morning
AppFactory = Callable[..., CoachApp]


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A blinking cursor makes snapshots flaky and sends bytes; tests don't need it."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(now=NOW)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "data" / "backcoach.json")
    store.save_settings(replace(Settings(), about_acknowledged=True))
    return store


@pytest.fixture
def make_app(store: Store, clock: FakeClock, library: Library) -> AppFactory:
    def make(
        *, settings: Settings | None = None, library_: Library | None = None, **changes: Any
    ) -> CoachApp:
        if settings is not None or changes:
            base = settings or store.settings()
            store.save_settings(replace(base, **changes))
        return CoachApp(library=library_ or library, store=store, clock=clock, zone=UTC)

    return make


def month_of_walks(store: Store, days: int = 30) -> list[Walk]:
    """Deterministic walks over the last `days` days, some with leg pain, one with odd text."""
    walks = []
    for day in range(days):
        for slot, hour in enumerate((9, 13, 17)[: 1 + day % 3]):
            start = NOW.replace(hour=hour) - timedelta(days=day + 1)
            minutes = 10 + (day * 3 + slot * 4) % 12
            walk = Walk(
                start,
                start + timedelta(minutes=minutes),
                minutes,
                Terrain.HILLY if (day + slot) % 5 == 0 else Terrain.FLAT,
                leg_pain=day % 6 == 2 and slot == 0,
                pain=None if day % 4 else (day % 7),
                note="[red]not red[/red] \x1b[31m"
                if day == 3 and slot == 0
                else ("park" if slot == 1 else ""),
            )
            walks.append(walk)
            store.add_walk(walk)
    return walks


def shown_text(app: CoachApp) -> str:
    """The text of every Static on the current screen (what a person reads)."""
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static"))


async def settle(pilot: Pilot[Any], done: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Wait until `done()` (a screen pushed, a worker's result shown), up to `seconds`:
    a loaded machine may take longer than a fixed pause. Returns `done()` at the end."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return True
        await pilot.pause(0.05)
    return done()


async def loaded(pilot: Pilot[Any], seconds: float = 5.0) -> None:
    """Wait until what the last key or poll set off is on screen: the messages it sent,
    the saves it queued (the app's writer), the workers it started (the walk log reads
    the file in one) and what they show.

    No fixed pause: a loaded machine takes as long as it takes, up to `seconds`. A newer
    read cancels an older one (exclusive workers): then the wait is for the newer.
    """
    app = pilot.app
    await pilot.pause()
    deadline = asyncio.get_running_loop().time() + seconds
    writer = getattr(app, "writer", None)  # the app's saves: answered once in the file
    while app.workers or (writer is not None and writer.busy):
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"workers still running after {seconds} s: {list(app.workers)}"
        if writer is not None and writer.busy:
            await asyncio.to_thread(writer.wait, left)
            await pilot.pause()  # the writer's answers, and what they set off
            continue
        # a worker replaced by a newer one, or the deadline: the loop looks again
        with contextlib.suppress(WorkerCancelled, TimeoutError):
            await asyncio.wait_for(app.workers.wait_for_complete(), left)
        await pilot.pause()
    await pilot.pause()  # what the last worker showed, laid out


def laid_out(app: App[Any], selector: str) -> bool:
    """Is this widget on the current screen with a place of its own (a click on it lands)?"""
    try:
        return app.screen.query_one(selector).region.area > 0
    except NoMatches:
        return False


def toast_shown(app: App[Any], text: str) -> bool:
    """Is a toast with this text on the screen now (shown, and not yet timed out)?"""
    return any(text in str(toast.render()) for toast in app.screen.query("Toast"))


async def dismiss_toast(pilot: Pilot[Any], text: str) -> None:
    """Wait for the toast with this text (title or message), then clear every toast.

    For a snapshot of a screen that a notice would cover (the start-up "A walk is due",
    the day's appointments): the notice has tests of its own. Waiting for it first
    means it cannot turn up after the clearing, just before the picture is taken.
    """
    app = pilot.app
    assert await settle(pilot, lambda: toast_shown(app, text)), f"no toast with {text!r}"
    app.clear_notifications()
    assert await settle(pilot, lambda: not app.screen.query("Toast"))


async def advance(pilot: Pilot[Any], seconds: float, wait: float = 0.25) -> None:
    """Move the app's fake clock, and have an exercise screen look at it at once.

    The screen plans its wakes from the clock's reading; a clock that jumps must tell it.
    Then wait for what that set off (the next step, the summary), not for a fixed time:
    `wait` is no longer used and is kept for callers that still pass it.
    """
    from coach.screens.step import StepScreen

    clock = pilot.app.clock
    assert isinstance(clock, FakeClock)
    clock.advance(seconds)
    if isinstance(pilot.app.screen, StepScreen):
        pilot.app.screen.check_hold()
    await loaded(pilot)


async def whole_routine(pilot: Pilot[Any]) -> None:
    """From the menu, cat-cow with 15 s holds to its summary: cat, cow, cat, cow, each
    next hold started by going on by itself (get-ready off in the settings)."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("n", "space")
    for _ in range(4):
        await advance(pilot, 15)


def change_elsewhere(app: CoachApp, store: Store, **changes: Any) -> None:
    """Settings changed by a second window on the same file, and this app's poll seeing it."""
    elsewhere = Store.open(store.path)
    elsewhere.save_settings(replace(elsewhere.settings(), **changes))
    app._poll_store()


def shell(store: Store, *args: str, at: datetime = NOW) -> str:
    """`coach ARGS` from a shell on the same file, at the moment `at`; its output."""
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "PYTHONPATH")},
        "COACH_DB": str(store.path),
        "COACH_NOW": at.isoformat(),
        "TZ": "UTC",
    }
    done = subprocess.run(
        [sys.executable, "-m", "coach", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def said(app: CoachApp, title: str = "Not saved") -> list[str]:
    """The messages of the toasts with this title, oldest first."""
    return [str(n.message) for n in app._notifications if n.title == title]


def screen_lines(app: CoachApp) -> list[str]:
    """The terminal's lines as the person sees them now (the screen's composed strips)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def visible_texts(app: CoachApp) -> list[str]:
    """What each widget shows wholly on screen, read off the screen, whitespace collapsed.

    A widget partly scrolled away or cut off by its container does not count: a text
    here is one a person reads without scrolling. Each widget's text is cropped from
    the composed screen, so a widget covered by another shows what is on top.
    """
    lines = screen_lines(app)
    texts = []
    for widget, (region, clip) in app.screen._compositor.visible_widgets.items():
        if not widget.display or not clip.contains_region(region):
            continue
        inner = region.shrink(widget.styles.gutter)  # without its border and padding
        crop = [line[inner.x : inner.right] for line in lines[inner.y : inner.bottom]]
        texts.append(" ".join(" ".join(crop).split()))
    return texts


def is_visible(app: CoachApp, text: str) -> bool:
    """Is `text` shown whole, inside one widget that is wholly on screen?"""
    wanted = " ".join(text.split())
    return any(wanted in shown for shown in visible_texts(app))
