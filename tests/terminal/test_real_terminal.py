"""The real app in a real pseudo-terminal at 80x24, read with a terminal emulator.

Slow by nature (a full cat-cow routine holds for a minute), so each test does a
whole journey a person would make, and checks the database file afterwards.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.model.records import Walk
from coach.model.settings import Settings
from coach.store import Store
from tests.terminal.harness import COACH, TerminalApp


def _sessions(db: Path) -> list[dict[str, object]]:
    return list(json.loads(db.read_text())["sessions"].values())


def _settings(db: Path) -> dict[str, object]:
    [settings] = json.loads(db.read_text())["settings"].values()
    assert isinstance(settings, dict)
    return settings


def _seconds_shown(screen: str) -> str:
    """The big digits, as drawn (their exact shape does not matter, only that they change)."""
    return "\n".join(line[:20] for line in screen.splitlines()[-6:-1])


def test_hold_counts_down_then_ease_off_and_quit(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("Cat-cow")
    app.press("enter")
    app.wait_for("Step 1 of 5")
    app.press("n")
    app.wait_for("Press space to start the 15-second hold")
    app.press("space")
    first = _seconds_shown(app.wait_for("Holding.", timeout=8))
    app.wait_for(lambda s: _seconds_shown(s) != first, timeout=4)
    app.press("e")
    screen = app.wait_for("You stopped the exercise")
    assert "ease off the exercise" in screen
    assert "Call your doctor" in screen
    app.press("6")  # the rating field has the focus: an optional 0 to 10 rating
    app.press("enter")
    app.wait_for("Saved: pain 6 of 10")
    app.press("ctrl+q")
    assert app.close() == 0
    [session] = _sessions(db)
    assert session["status"] == "stopped_for_pain"
    assert session["pain_after"] == 6
    assert session["stopped_for_pain"] is True
    assert session["exercise"] == "cat-cow"


def test_full_cat_cow_routine_reaches_its_summary(
    env: dict[str, str], tmp_path: Path, terminals: list[TerminalApp]
) -> None:
    db = tmp_path / "routine.json"
    Store.open(db).save_settings(replace(Settings(), about_acknowledged=True, get_ready_seconds=0))
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("Cat-cow")
    app.press("enter")
    app.wait_for("Step 1 of 5")
    app.press("n")
    app.wait_for("Rep 1 of 2")
    app.press("space")
    # Auto-advance carries the person through cat, cow, cat, cow: four 15-second holds.
    app.wait_for("Step 5 of 5", timeout=60)
    screen = app.wait_for("Cat-cow: done", timeout=25)
    assert "Repetitions: 2 of 2" in screen
    assert "Hold: 15 seconds" in screen
    app.press("7", "enter")
    app.wait_for("If pain started")  # a rating above 0 is answered, after it is saved
    assert _sessions(db)[0]["pain_after"] == 7
    time.sleep(1.1)  # enter right after the answer appears does not sweep it away
    app.press("enter")
    app.wait_for("Walk log")
    app.press("q")
    assert app.close() == 0
    [session] = _sessions(db)
    assert session["status"] == "completed"
    assert session["reps_done"] == 2 and session["reps_planned"] == 2
    assert session["hold_seconds"] == 15
    assert session["pain_after"] == 7


def test_a_walk_survives_the_terminal_being_killed(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("Cat-cow")
    app.press("w")
    app.wait_for("No walks logged yet")
    app.press("s")
    app.wait_for("Walking: 0:00:0")
    app.hang_up()
    app.process.wait(timeout=10)
    assert json.loads(db.read_text())["active_walk"], "the walk under way is on disk"

    again = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(again)
    screen = again.wait_for("A walk is in progress since")
    assert re.search(r"in progress since \d\d:\d\d", screen)
    again.press("tab")  # from "Keep timing it" to "Finish it now"
    again.press("enter")
    again.wait_for("Finish your walk")
    again.press("enter")
    again.wait_for("Walk saved")
    again.press("escape")
    again.press("q")
    assert again.close() == 0
    data = json.loads(db.read_text())
    assert data["active_walk"] == {}
    [walk] = data["walks"].values()
    assert walk["minutes"] >= 1


def test_hostile_text_is_shown_literally(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    """A note stored by hand or by an older version (the shell now refuses control
    characters), shown in the log and in the edit form: nothing reaches the terminal."""
    note = "[red]not red[/red] [@click=app.quit]x[/] \x1b[31mESC\x07 \x1b]52;c;cm0gLXJmIH4=\x07"
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    Store.open(db).add_walk(Walk(start, start + timedelta(minutes=12), 12, note=note))
    app = TerminalApp.coach(["--db", str(db)], env=env, size=(120, 30))
    terminals.append(app)
    app.wait_for("Cat-cow")
    app.press("w")
    screen = app.wait_for("[red]not red")
    assert "[/red] [@click=app.quit]x[/]" in screen
    assert "\\x1b[31mESC\\x07" in screen  # the escape is shown, it never reaches the terminal
    red = [c for row in app.screen.buffer.values() for c in row.values() if c.fg == "red"]
    assert not red, "a note must not be able to colour the screen"
    app.press("e")
    app.wait_for("Edit this walk")
    app.press("tab", "tab", "tab", "tab")  # minutes, terrain, leg pain, pain: the note
    app.wait_for("cm0gLXJmIH4=\\x07")  # the end of the note, drawn as text in the field
    assert b"\x1b]52" not in app.raw, "a note must never write the clipboard"
    app.press("escape", "escape", "q")
    assert app.close() == 0


def test_too_small_and_no_color(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = TerminalApp.coach(
        ["--db", str(db)], env={**env, "NO_COLOR": "1", "TERM": "linux"}, size=(50, 15)
    )
    terminals.append(app)
    app.wait_for("Please make the window larger")
    app.press("ctrl+q")
    assert app.close() == 0


def test_version_and_bad_arguments_in_a_plain_shell(env: dict[str, str]) -> None:
    done = subprocess.run([*COACH, "--version"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("coach ")
    bad = subprocess.run([*COACH, "--frobnicate"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "Traceback" not in bad.stderr


def _holding(env: dict[str, str], db: Path, terminals: list[TerminalApp]) -> TerminalApp:
    """The app in a pty, with cat-cow's first hold just started (the session is on record)."""
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("Cat-cow")
    app.press("enter", "n", "space")
    app.wait_for("Get ready")
    return app


def test_a_hang_up_mid_hold_keeps_the_session_as_interrupted(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = _holding(env, db, terminals)
    [session] = _sessions(db)
    assert session["status"] == "in_progress"
    assert session["pid"] == app.process.pid
    app.hang_up()
    app.process.wait(timeout=10)
    [session] = _sessions(db)
    assert session["status"] == "interrupted"
    assert session["ended_at"] is not None


def test_a_session_left_by_a_killed_process_is_marked_interrupted_on_start(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = _holding(env, db, terminals)
    app.kill()  # SIGKILL: no handler runs
    assert _sessions(db)[0]["status"] == "in_progress"
    again = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(again)
    again.wait_for("Cat-cow")
    assert _sessions(db)[0]["status"] == "interrupted"
    again.press("q")
    assert again.close() == 0


def test_the_readme_tmux_line_shows_the_status_in_a_status_bar(
    env: dict[str, str], tmp_path: Path, terminals: list[TerminalApp]
) -> None:
    """The one line the README gives for ~/.tmux.conf, run in a real tmux in a pty."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [line] = [ln for ln in readme.splitlines() if ln.startswith("set -g status-right")]
    db = tmp_path / "walks.json"
    subprocess.run(
        [*COACH, "walk", "add", "--db", str(db), "--minutes", "15"],
        env=env,
        check=True,
        capture_output=True,
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "coach"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m coach --db {db} "$@"\n')
    shim.chmod(0o755)
    conf = tmp_path / "tmux.conf"
    conf.write_text(f"set -g status-interval 1\n{line}\n")
    socket = tmp_path / "tmux.sock"
    tmux_env = {
        **env,
        "PATH": f"{bin_dir}:{env['PATH']}",
        "PYTHONPATH": str(Path(__file__).parents[2]),
    }
    tmux = TerminalApp(
        ["tmux", "-S", str(socket), "-f", str(conf), "new-session", "sh"], env=tmux_env
    )
    terminals.append(tmux)
    try:
        screen = tmux.wait_for("next walk", timeout=15)
        status_bar = screen.splitlines()[-1]
        assert re.search(r"next walk (tomorrow |\w{3} \d\d \w{3} )?\d\d:\d\d-\d\d:\d\d", status_bar)
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], check=False, capture_output=True)


def test_a_first_run_asks_to_be_read_then_the_neck_variant_is_met_on_the_first_step(
    env: dict[str, str], tmp_path: Path, terminals: list[TerminalApp]
) -> None:
    """A new person: the safety page until enter (escape does not count), then the cautions
    and the neck variant on the exercise's first step, where v switches it for good."""
    db = tmp_path / "new" / "backcoach.json"
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("About Back Coach, and safety")
    app.press("escape", pause=0.4)
    screen = app.wait_for("Please read this page once")
    assert "About Back Coach, and safety" in screen  # still there
    assert not db.exists() or _settings(db).get("about_acknowledged") is not True
    app.press("enter")
    app.wait_for("Cat-cow")
    app.press("enter")
    screen = app.wait_for("Before you start")
    assert "Go slowly at first" in screen and "Neck variant: off (press v)" in screen
    app.press("v")
    app.wait_for("Neck variant: on (press v)")
    app.press("n")
    screen = app.wait_for("Rounded back (cat)")
    assert "(o)==O" in screen and "neck stays as in the start position" in screen
    assert "Let your head relax" not in screen and "Keep your neck as in" in screen
    app.press("q")
    assert app.close() == 0
    settings = _settings(db)
    assert settings["about_acknowledged"] is True and settings["neck_problem"] is True


def test_a_walk_with_leg_pain_is_answered_in_a_plain_shell(env: dict[str, str], db: Path) -> None:
    done = subprocess.run(
        [*COACH, "walk", "add", "--db", str(db), "--minutes", "15", "--leg-pain"],
        env=env,
        capture_output=True,
        text=True,
    )
    saved, answer = done.stdout.splitlines()
    assert done.returncode == 0 and done.stderr == ""
    assert saved.startswith("walk 1 saved: ") and saved.endswith("15 min, flat, leg pain")
    assert "leg pain" in answer and "call your doctor" in answer


def test_a_damaged_database_names_both_ways_out_on_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "my data" / "backcoach.json"
    db.parent.mkdir()
    db.write_text('{"walks": {"1": {"minutes": "many"}}}')
    before = db.read_bytes()
    done = subprocess.run(
        [*COACH, "--db", str(db)], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1 and done.stdout == ""  # no TUI: one line, and out
    [line] = done.stderr.strip().splitlines()
    quoted = f"'{db}'"  # a path with a space is quoted, ready to paste
    assert f"coach set-aside --db {quoted}" in line
    assert f"coach restore --db {quoted}" in line
    assert db.read_bytes() == before
