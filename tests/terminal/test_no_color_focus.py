"""Under NO_COLOR, in a real tmux at 80x24, the plain text of `tmux capture-pane -p` (no
colour, no attributes) says which field has the focus and which boxes are ticked.

That is how a person reads a screen without colour, and how a screen reader or a
copy-paste sees it.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.terminal.harness import COACH

BAR = "█"  # the focused control's left edge (styles/app.tcss)


class TmuxPane:
    """The app in a detached tmux of its own (its own socket), read with capture-pane -p."""

    def __init__(self, socket: Path, command: list[str], env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env
        self._tmux(
            "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", shlex.join(command)
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def text(self) -> str:
        return self._tmux("capture-pane", "-p")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", key)

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; the pane shows:\n{self.text()}")

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, check=False
        )


def line_with(screen: str, words: str) -> str:
    [line] = [line for line in screen.splitlines() if words in line]
    return line


def focus_at(words: str) -> Callable[[str], bool]:
    """The bar is on the line of this field (and so the keys go there)."""
    return lambda screen: words in screen and BAR in line_with(screen, words)


@pytest.fixture
def pane(env: dict[str, str], db: Path, tmp_path: Path) -> Iterator[TmuxPane]:
    command = [*COACH, "--db", str(db)]
    started = TmuxPane(tmp_path / "tmux.sock", command, {**env, "NO_COLOR": "1"})
    yield started
    started.kill()


def test_settings_under_no_color_show_focus_and_ticks_in_plain_text(
    pane: TmuxPane, db: Path
) -> None:
    pane.wait_for(lambda s: "Cat-cow" in s, "the menu")
    pane.keys("s")
    screen = pane.wait_for(focus_at("Theme"), "Settings, its first control focused")
    assert "Dark" in line_with(screen, "Theme")
    assert BAR not in line_with(screen, "Cat-cow: hold")
    assert "[ ] I have a neck problem or injury" in screen  # not ticked
    assert "[x] Bell when a hold ends" in screen  # ticked
    assert screen.count(BAR) == 1  # one field has the focus, and the screen says which

    pane.keys("Tab")
    screen = pane.wait_for(focus_at("Cat-cow: hold"), "the bar on the next field")
    assert BAR not in line_with(screen, "Theme")
    pane.keys("Tab", "Tab")
    screen = pane.wait_for(focus_at("I have a neck problem"), "the bar on the checkbox")
    assert f"{BAR}[ ] I have a neck problem or injury" in screen

    pane.keys("Space")
    screen = pane.wait_for(
        lambda s: "[x] I have a neck problem or injury" in s, "the box ticked, in characters"
    )
    assert f"{BAR}[x] I have a neck problem or injury" in screen
    pane.wait_for(lambda _: _stored(db)["neck_problem"] is True, "the tick saved")


def _stored(db: Path) -> dict[str, object]:
    [settings] = json.loads(db.read_text())["settings"].values()
    assert isinstance(settings, dict)
    return settings
