"""Guards, judged on bytes: what the real app writes to a real pseudo-terminal at 80x24.

Each test runs `python -m coach --db DB` on a pty, reaches a screen with the keys a person
would press, lets it settle (no byte for a while), then reads everything the app writes
for two seconds. A screen with nothing to change writes nothing: 0 bytes. No counter kept
by the app is trusted, and no duration of the app is bounded; a deadline only stops a
wait for a screen that never comes.

After each quiet window the test presses a key and waits for its answer, so a silent
window means a quiet app, not a dead one or a pty no longer read. A running hold is the
one screen that must write: there the bytes are checked to land only in the hold area.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyte
import pytest

from coach.app import STORE_POLL_SECONDS
from coach.model.records import Walk
from coach.model.settings import Settings
from coach.store import Store
from tests.terminal.harness import TerminalApp

REPO = Path(__file__).resolve().parents[2]  # the app run is this tree's coach
SIZE = (80, 24)
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # COACH_NOW: the walk log reads the same all day
WINDOW = 2.0  # seconds counted once settled
SILENCE = 0.75  # settled: this long with no byte (a 1 Hz repaint gets here, then fails)
DEADLINE = 20.0  # generous: only a failing test waits this long
BAR = "━"  # HoldBar's glyph; the rule above the hold area is "─"


# The app on a pty.


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Nothing from the developer's folders, and a fixed wall clock (walks are not due)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL")}
    home = tmp_path / "home"
    home.mkdir()
    return {
        **keep,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TZ": "UTC",
        "COACH_NOW": NOW.isoformat(),
    }


@pytest.fixture
def started() -> Iterator[list[TerminalApp]]:
    apps: list[TerminalApp] = []
    yield apps
    for app in apps:
        app.kill()
        if app.master >= 0:
            os.close(app.master)
            app.master = -1


def make_db(tmp_path: Path, *, walks: int = 0) -> Path:
    """As the bench's quiet screens have it: the about page read, no get-ready countdown,
    30-second holds; walks every 3 hours, the last ended 20 minutes before NOW."""
    path = tmp_path / "data" / "backcoach.json"
    store = Store.open(path)
    settings = replace(Settings(), about_acknowledged=True, get_ready_seconds=0)
    store.save_settings(settings.with_choice("cat-cow", hold_seconds=30))
    last_end = NOW - timedelta(minutes=20)
    for i in range(walks):
        end = last_end - timedelta(hours=3 * i)
        store.add_walk(Walk(end - timedelta(minutes=15), end, 15))
    return path


def launch(db: Path, env: dict[str, str], started: list[TerminalApp]) -> TerminalApp:
    app = TerminalApp.coach(["--db", str(db)], env=env, size=SIZE, cwd=REPO)
    started.append(app)
    app.wait_for(menu_shown, timeout=DEADLINE)
    return app


def menu_shown(screen: str) -> bool:
    return "Cat-cow" in screen and "Help" in screen and "palette" in screen


# Reading the bytes.


class RowsDrawn(pyte.Screen):
    """A terminal emulator of our own that notes the rows (1-based) characters land on.

    The app's updates start with absolute cursor moves, so a blank screen reads them."""

    def __init__(self) -> None:
        super().__init__(*SIZE)
        self.drawn: set[int] = set()

    def draw(self, data: str) -> None:
        self.drawn.add(self.cursor.y + 1)
        super().draw(data)
        self.drawn.add(self.cursor.y + 1)


def rows_drawn(data: bytes) -> list[int]:
    screen = RowsDrawn()
    pyte.ByteStream(screen).feed(data)
    return sorted(screen.drawn)


def shown(data: bytes, limit: int = 600) -> str:
    """The bytes as read, cut short, and where they went: enough to see the cause."""
    text = repr(data)
    if len(text) > limit:
        text = text[:limit] + f"... ({len(text) - limit} more characters of repr)"
    return f"{len(data)} B to rows {rows_drawn(data)}: {text}"


def settle(app: TerminalApp) -> None:
    """Read until SILENCE seconds pass with no byte; fail if that never happens."""
    deadline = time.monotonic() + DEADLINE
    last_byte = time.monotonic()
    while time.monotonic() - last_byte < SILENCE:
        if time.monotonic() > deadline:
            tail = bytes(app.raw[-2000:])
            raise AssertionError(
                f"never quiet for {SILENCE} s in {DEADLINE} s; lately: {shown(tail)}\n"
                f"the screen shows:\n{app.text()}"
            )
        before = app.bytes_read
        app.pump(0.05)
        if app.bytes_read != before:
            last_byte = time.monotonic()


def read_for(app: TerminalApp, seconds: float) -> bytes:
    """Every byte the app writes over `seconds` of wall time."""
    start = len(app.raw)
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        app.pump(min(0.05, left))
    return bytes(app.raw[start:])


def assert_quiet(app: TerminalApp, what: str) -> None:
    settle(app)
    written = read_for(app, WINDOW)
    assert app.process.poll() is None, f"{what}: the app ended; it wrote {shown(written)}"
    assert written == b"", (
        f"{what} wrote in {WINDOW} s once settled: {shown(written)}\n"
        f"the screen shows:\n{app.text()}"
    )


def digits_shown(screen: str) -> str:
    """The big digits' corner of the hold area (their shape does not matter, only a change)."""
    return "\n".join(line[:20] for line in screen.splitlines()[-5:-1])


def open_a_hold(app: TerminalApp) -> None:
    """From the menu: cat-cow, then its first held step, ready to start."""
    app.press("enter")
    app.wait_for("Step 1 of", timeout=DEADLINE)
    app.press("n")
    app.wait_for("Press space to start the 30-second hold", timeout=DEADLINE)


def wait_for_a_tick(app: TerminalApp) -> None:
    first = digits_shown(app.text())
    app.wait_for(lambda s: digits_shown(s) != first, timeout=DEADLINE)


# The quiet screens (bench/measures.py quiet_screens, as guards).


def test_the_idle_menu_writes_nothing(
    tmp_path: Path, env: dict[str, str], started: list[TerminalApp]
) -> None:
    app = launch(make_db(tmp_path, walks=6), env, started)
    assert_quiet(app, "the idle menu")
    app.press("r")
    app.wait_for("Resting positions", timeout=DEADLINE)  # alive, and read


def test_the_rest_guide_writes_nothing(
    tmp_path: Path, env: dict[str, str], started: list[TerminalApp]
) -> None:
    app = launch(make_db(tmp_path, walks=6), env, started)
    app.press("r")
    app.wait_for("Resting positions", timeout=DEADLINE)
    assert_quiet(app, "the rest-position guide")
    app.press("escape")
    app.wait_for(menu_shown, timeout=DEADLINE)


def test_the_walk_log_with_its_table_writes_nothing(
    tmp_path: Path, env: dict[str, str], started: list[TerminalApp]
) -> None:
    app = launch(make_db(tmp_path, walks=6), env, started)
    app.press("w")
    table = app.wait_for(
        lambda s: "Walk log" in s and "Terrain" in s and len(re.findall(r"Mon 04 May", s)) >= 4,
        timeout=DEADLINE,
    )  # the rows come from a worker after the first paint: wait for them
    assert "last ended 20 min ago" in table
    assert_quiet(app, "the walk log with its table")
    app.press("escape")
    app.wait_for(menu_shown, timeout=DEADLINE)


def test_a_paused_hold_writes_nothing(
    tmp_path: Path, env: dict[str, str], started: list[TerminalApp]
) -> None:
    app = launch(make_db(tmp_path), env, started)
    open_a_hold(app)
    app.press("space")
    app.wait_for("Holding.", timeout=DEADLINE)
    wait_for_a_tick(app)  # running, it writes; paused, it must not
    app.press("space")
    app.wait_for("Paused. Press space to carry on.", timeout=DEADLINE)
    assert_quiet(app, "a paused hold on the step panel")
    app.press("space")
    app.wait_for("Holding.", timeout=DEADLINE)


# The one screen that writes while left alone.


def test_a_running_hold_writes_only_to_its_hold_area(
    tmp_path: Path, env: dict[str, str], started: list[TerminalApp]
) -> None:
    """The seconds and the bar change; the picture, the text and the footer do not, so no
    byte goes to their rows (how many bytes a hold costs is the bench's to measure).

    Read from the press of space on, for longer than the app's store poll: starting the
    hold saves the session, and the app's own write must not read as a change that
    repaints the screen. Only the start may redraw the footer (its keys change).
    """
    app = launch(make_db(tmp_path), env, started)
    open_a_hold(app)
    settle(app)  # from here, every byte is the hold's
    lines = SIZE[1]
    [bar_row] = [n for n, line in enumerate(app.text().splitlines(), 1) if BAR in line]
    hold_area = set(range(bar_row, lines))  # the bar's row down to the row above the footer
    pressed = len(app.raw)
    app.press("space")
    app.wait_for("Holding.", timeout=DEADLINE)
    wait_for_a_tick(app)
    ticking = len(app.raw)
    for _ in range(int(STORE_POLL_SECONDS) + 1):  # past a poll of the store, whatever its phase
        wait_for_a_tick(app)
    start, ticks = bytes(app.raw[pressed:ticking]), bytes(app.raw[ticking:])
    assert rows_drawn(ticks), f"ticks seen on screen, yet no characters drawn: {shown(ticks)}"
    for what, data, allowed in (
        ("the start of the hold", start, hold_area | {lines}),
        ("the running hold", ticks, hold_area),
    ):
        assert set(rows_drawn(data)) <= allowed, (
            f"{what} wrote outside rows {sorted(allowed)}: {shown(data)}\n"
            f"the screen shows:\n{app.text()}"
        )
