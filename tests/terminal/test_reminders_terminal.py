"""Reminders that reach a person looking elsewhere, in a real terminal and a real tmux.

A walk is logged so that its window opens a few seconds after the app starts (by the
real clock: COACH_NOW would stop time), and the waking hours are set around now.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from coach.model.records import Walk
from coach.store import Store
from tests.terminal.harness import COACH, TerminalApp

OPENS_IN = timedelta(seconds=4)


def _walk_due_soon(db: Path) -> datetime:
    """Log a walk whose window opens OPENS_IN from now; waking hours around now (UTC)."""
    now = datetime.now(UTC)
    store = Store.open(db)
    waking = (
        clock_time((now - timedelta(hours=1)).hour),
        clock_time((now + timedelta(hours=3)).hour),
    )
    store.save_settings(replace(store.settings(), waking_start=waking[0], waking_end=waking[1]))
    end = now - timedelta(hours=2) + OPENS_IN  # the plan: a window opens 2 h after a walk
    store.add_walk(Walk(end - timedelta(minutes=15), end, 15))
    stored = store.last_walk_end()  # kept to the second
    assert stored is not None
    return stored + timedelta(hours=2)


def _status(db: Path, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [*COACH, "status", "--json", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    payload = json.loads(done.stdout)
    assert isinstance(payload, dict)
    return payload


def test_a_walk_falling_due_rings_the_bell_and_asks_for_a_desktop_notification(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    """On time, while the app is open (not at the next poll): the exact bytes it writes."""
    opens = _walk_due_soon(db)
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("Back Coach")
    osc = b"\x1b]9;Back Coach: A walk is due: Time for a short walk.\x07"
    assert app.pump_until(lambda: osc in app.raw, timeout=20), app.raw[-400:]
    told = datetime.now(UTC)
    assert told >= opens and told - opens < timedelta(seconds=10)  # on time, not at a poll
    assert b"\x07" + osc in app.raw  # the bell first (tmux flags the window), then the ask
    assert "A walk is due" in app.wait_for("A walk is due")


def test_no_desktop_notification_on_the_linux_console(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    _walk_due_soon(db)
    app = TerminalApp.coach(["--db", str(db)], env={**env, "TERM": "linux"})
    terminals.append(app)
    app.wait_for("A walk is due", timeout=25)
    assert b"\x1b]9;" not in app.raw and b"\x1b]777;" not in app.raw


def test_in_a_hidden_tmux_window_the_bell_flags_the_window_and_the_snooze_is_kept(
    env: dict[str, str], db: Path, tmp_path: Path, terminals: list[TerminalApp]
) -> None:
    """What the issue asks, as a patient over SSH would meet it: the app in a tmux window
    that is not shown; the walk falls due; the window's bell flag goes up. `z` there
    snoozes, and `coach status` says so, after the app is restarted too."""
    opens = _walk_due_soon(db)
    socket = tmp_path / "tmux.sock"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g monitor-bell on\nset -g bell-action any\n")
    tmux = ["tmux", "-S", str(socket)]
    client = TerminalApp([*tmux, "-f", str(conf), "new-session", "sh"], env=env)
    terminals.append(client)
    try:
        client.wait_for(lambda s: "[0]" in s or "0:" in s, timeout=15)  # the status bar
        app_command = " ".join([*COACH, "--db", str(db)])
        subprocess.run([*tmux, "new-window", "-d", app_command], env=env, check=True)

        def flag() -> str:
            return subprocess.run(
                [*tmux, "display-message", "-p", "-t", ":1", "#{window_bell_flag}"],
                env=env,
                capture_output=True,
                text=True,
            ).stdout.strip()

        assert client.pump_until(lambda: flag() == "1", timeout=25)
        assert datetime.now(UTC) >= opens

        def shown() -> str:
            return subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", ":1"], env=env, capture_output=True, text=True
            ).stdout

        # The bell is written at once; the toast is painted on the next refresh after it.
        assert client.pump_until(lambda: "A walk is due" in shown(), timeout=5), shown()

        subprocess.run([*tmux, "send-keys", "-t", ":1", "z"], env=env, check=True)
        client.pump_until(lambda: _status(db, env)["snoozed_until"] is not None, timeout=10)
        status = _status(db, env)
        assert status["state"] == "due" and status["snoozed_until"] is not None
        assert str(status["line"]).startswith("walk due, snoozed to ")

        subprocess.run([*tmux, "send-keys", "-t", ":1", "q"], env=env, check=True)
        subprocess.run([*tmux, "new-window", "-d", app_command], env=env, check=True)
        again = _status(db, env)
        assert again["snoozed_until"] == status["snoozed_until"]
        assert again["line"] == status["line"]
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, check=False, capture_output=True)
