"""A number typed as a burst, the way SSH and a paste deliver it: `1`, backspace, `3`,
enter in ONE write to the pty. What is saved is what the field shows (3), read back
from the database, and the notice names the value saved.

A stock Textual Input inserts the digits at once but lets backspace and enter bubble up
to the app first (Textual issue #6605), so the same burst saved 1, or nothing at all
while the notice said "Saved."
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from coach.store import Store
from tests.terminal.harness import TerminalApp

BURST = "1\x7f3\r"  # 1, backspace (DEL, as a terminal sends it), 3, enter


def burst(app: TerminalApp, keys: str) -> None:
    """Every key in one write, as one read of the terminal will bring them."""
    os.write(app.master, keys.encode())


def _first_step(app: TerminalApp) -> None:
    app.wait_for("Cat-cow")
    app.press("enter")
    app.wait_for("Step 1 of 5")


def test_a_burst_in_ease_off_saves_what_the_field_shows(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    _first_step(app)
    app.press("n", "space")
    app.wait_for("Get ready")
    app.press("e")
    app.wait_for("You stopped the exercise")
    burst(app, BURST)
    screen = app.wait_for("Saved: pain 3 of 10")
    assert "Saved: pain 1 of 10" not in screen
    [session] = Store.open(db).sessions()
    assert session.pain_after == 3
    app.press("ctrl+q")
    assert app.close() == 0


def test_a_burst_in_the_rating_before_saves_what_the_field_shows(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    _first_step(app)
    app.press("r")
    app.wait_for("before you start, from 0")
    burst(app, BURST)
    app.wait_for("Noted: pain 3 of 10")  # the toast wraps the rest of its line
    app.wait_for("Pain before you start: 3 of 10")
    app.press("n", "space")  # the first hold puts the session, and its rating, on record
    app.wait_for("Get ready")
    app.press("e")
    app.wait_for("You stopped the exercise")
    [session] = Store.open(db).sessions()
    assert session.pain_before == 3
    app.press("ctrl+q")
    assert app.close() == 0


def test_a_burst_in_the_walk_form_saves_the_minutes_and_pain_it_shows(
    env: dict[str, str], db: Path, terminals: list[TerminalApp]
) -> None:
    app = TerminalApp.coach(["--db", str(db)], env=env)
    terminals.append(app)
    app.wait_for("Cat-cow")
    app.press("w")
    app.wait_for("No walks logged yet")
    app.press("a")
    app.wait_for("Add a past walk")
    app.press("tab")  # from the start time (blank: it ended now) to the minutes
    burst(app, "2\x7f15")
    app.wait_for(lambda s: re.search(r"Minutes\W+15\b", s) is not None)  # past a focus mark
    app.press("tab", "tab", "tab")  # terrain, leg pain, then the pain
    burst(app, BURST)
    # said once in the file; the table, read again in a worker, follows a moment after
    app.wait_for("Walk saved: 15 min, pain 3 of 10")
    app.wait_for(lambda s: "No walks logged yet" not in s)  # fails on its deadline
    [walk] = Store.open(db).walks()
    assert (walk.minutes, walk.pain) == (15, 3)
    app.press("escape", "q")
    assert app.close() == 0
