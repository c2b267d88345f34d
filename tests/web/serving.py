"""`coach serve` started as a person starts it, in its own process, on a free port."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str  # the address it printed, key included
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)


def coach_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "TEXTUAL"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), TERM="xterm-256color")
    return env


@contextlib.contextmanager
def coach_serve(db: Path, *args: str, home: Path, timeout: float = 30.0) -> Iterator[Served]:
    """Start `coach --db DB serve --port 0 ARGS`; yield once it has printed its address."""
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(db), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=coach_env(home),
        start_new_session=True,  # its own group: a ctrl+c here reaches it as the test sends it
    )
    out: list[str] = []
    err: list[str] = []
    found = threading.Event()

    def read(stream: object, into: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            into.append(line)
            if "ctrl+c to stop" in line:  # the last line it prints before it serves
                found.set()

    readers = [
        threading.Thread(target=read, args=(process.stdout, out), daemon=True),
        threading.Thread(target=read, args=(process.stderr, err), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        if not found.wait(timeout):
            process.kill()
            raise AssertionError(f"coach serve printed no address: {''.join(out + err)}")
        url = next(m.group(0) for line in out if (m := re.search(r"http://\S+", line)))
        served = Served(process, url, out, err)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for reader in readers:
            reader.join(5)


def app_processes(parent: int) -> dict[int, list[str]]:
    """The app processes a server started: its children running `-m coach`, by pid."""
    found: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        words = [a.decode("utf-8", "replace") for a in argv if a]
        state = stat.rsplit(")", 1)[1].split()[0]
        if ppid == parent and state != "Z" and words[1:3] == ["-m", "coach"]:
            found[int(entry.name)] = words
    return found
