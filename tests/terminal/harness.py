"""Run the real `coach` in a pseudo-terminal and read its screen with pyte, as a person sees it."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyte

COACH = [sys.executable, "-m", "coach"]


class TerminalApp:
    """One process on a pty of a given size; keystrokes in, screen text out."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: dict[str, str],
        size: tuple[int, int] = (80, 24),
        cwd: Path | None = None,
    ) -> None:
        self.columns, self.lines = size
        self.screen = pyte.Screen(self.columns, self.lines)
        self.stream = pyte.ByteStream(self.screen)
        self.bytes_read = 0
        self.raw = bytearray()  # every byte the app wrote, to look for what no screen shows
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0))
        full_env = {
            **env,
            "TERM": env.get("TERM", "xterm-256color"),
            "COLUMNS": str(self.columns),
            "LINES": str(self.lines),
        }
        self.process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master

    @classmethod
    def coach(cls, args: Sequence[str], **options: Any) -> TerminalApp:
        """`coach ARGS` on a fresh pty."""
        return cls([*COACH, *args], **options)

    def pump(self, timeout: float = 0.05) -> None:
        """Read whatever the app has written and feed it to the emulator."""
        while True:
            ready, _, _ = select.select([self.master], [], [], timeout)
            if not ready:
                return
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.bytes_read += len(data)
            self.raw += data
            self.stream.feed(data)
            timeout = 0.01

    def text(self) -> str:
        self.pump()
        return "\n".join(self.screen.display)

    def pump_until(self, check: Callable[[], bool], timeout: float) -> bool:
        """Keep reading the app's output until something outside its screen holds (a byte
        sequence, a tmux flag, the file); say whether it did before the timeout."""
        deadline = time.monotonic() + timeout
        while not check() and time.monotonic() < deadline:
            self.pump(0.1)
        return check()

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 15.0) -> str:
        """Wait until the screen shows something; fail with the screen if it never does."""
        check = (lambda s: predicate in s) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if check(screen):
                return screen
            if self.process.poll() is not None:
                self.pump()
                break
        raise AssertionError(
            f"timed out waiting for {predicate!r}; the screen shows:\n{self.text()}"
        )

    def press(self, *keys: str, pause: float = 0.15) -> None:
        """Type keys one at a time, as a person would (bursts can merge into one escape sequence)."""
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode())
            time.sleep(pause)
            self.pump()

    def hang_up(self) -> None:
        """What a dropped SSH connection does: SIGHUP to the session, and the terminal is gone."""
        os.killpg(self.process.pid, signal.SIGHUP)
        os.close(self.master)
        self.master = -1

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def close(self) -> int:
        try:
            return self.process.wait(timeout=10)
        finally:
            if self.master >= 0:
                os.close(self.master)
                self.master = -1


KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "space": " ",
    "tab": "\t",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "ctrl+q": "\x11",
}
