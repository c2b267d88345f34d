"""Helpers for the attack tests: the shell as a real process, files built by hand, a held lock.

An attack is tried the way a hostile or careless person would try it: real `coach`
processes on one file, next to `Store` objects playing the app's open windows, and
files written byte by byte rather than through the store.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.store.documents import SCHEMA_VERSION
from tests.reliability.scenarios import COACH, REPO, environment

NOW = "2026-05-04T12:00:00+00:00"
ESC = b"\x1b"
# Sets the terminal's clipboard (tmux's too) to `rm -rf ~`, then clears the screen.
HOSTILE_NOTE = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J"


def coach(
    db: Path,
    *args: str,
    now: str | None = NOW,
    stdin: bytes | None = None,
    timeout: float = 30,
) -> subprocess.CompletedProcess[bytes]:
    """`coach --db DB ARGS` as a separate process; stdout and stderr kept as bytes."""
    return subprocess.run(
        [*COACH, "--db", str(db), *args],
        capture_output=True,
        env=shell_env(now),
        input=stdin if stdin is not None else b"",
        timeout=timeout,
        check=False,
        cwd=REPO,
    )


def start_coach(db: Path, *args: str, now: str | None = NOW) -> subprocess.Popen[bytes]:
    """`coach --db DB ARGS` started in the background (to wait on a held lock)."""
    return subprocess.Popen(
        [*COACH, "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=shell_env(now),
        cwd=REPO,
    )


def coach_on_terminal(db: Path, *args: str, now: str | None = NOW) -> tuple[int, bytes]:
    """`coach --db DB ARGS` with its output on a terminal (a pty): what a person would see."""
    import pty

    controller, terminal = pty.openpty()
    try:
        run = subprocess.Popen(
            [*COACH, "--db", str(db), *args],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=terminal,
            env=shell_env(now),
            cwd=REPO,
        )
        os.close(terminal)
        terminal = -1
        shown = []
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the command is done and its terminal closed
                break
            if not chunk:
                break
            shown.append(chunk)
        return run.wait(timeout=30), b"".join(shown)
    finally:
        os.close(controller)
        if terminal >= 0:
            os.close(terminal)


def shell_env(now: str | None = NOW) -> dict[str, str]:
    env = {**environment(), "TZ": "UTC"}
    if now is not None:
        env["COACH_NOW"] = now
    return env


def text(stream: bytes) -> str:
    return stream.decode("utf-8", "replace")


def one_clear_line(done: subprocess.CompletedProcess[bytes], exit_code: int, *names: str) -> str:
    """The command failed with `exit_code` and one line on stderr naming each of `names`."""
    err = text(done.stderr)
    assert done.returncode == exit_code, (done.returncode, err, text(done.stdout))
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def walk_doc(
    start: str = "2026-05-04T09:00:00+00:00",
    end: str = "2026-05-04T09:20:00+00:00",
    minutes: int = 20,
    note: str = "",
) -> dict[str, Any]:
    """A walk document as the file stores it (no rules applied: the attack may break them)."""
    return {
        "started_at": start,
        "ended_at": end,
        "minutes": minutes,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": note,
    }


def write_database(
    path: Path,
    walks: dict[str, dict[str, Any]],
    *,
    active: dict[str, Any] | None = None,
    next_walk_id: int | None = None,
) -> bytes:
    """A schema-2 database written by hand, byte for byte; returns the bytes written."""
    ids = [int(key) for key in walks if key.isdigit()]
    meta = {
        "schema_version": SCHEMA_VERSION,
        "next_walk_id": next_walk_id or max(ids, default=0) + 1,
        "next_session_id": 1,
    }
    data: dict[str, Any] = {"meta": {"1": meta}, "walks": walks}
    if active is not None:
        data["active_walk"] = {"1": active}
    raw = json.dumps(data).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return raw


def stored_walks(path: Path) -> dict[str, dict[str, Any]]:
    """The walks table as the file holds it, read without the store."""
    walks: dict[str, dict[str, Any]] = json.loads(path.read_bytes()).get("walks") or {}
    return walks


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder` (never following a link): file bytes, or what a link points at."""
    found: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(root) / name
            relative = str(path.relative_to(folder))
            if path.is_symlink():
                found[relative] = f"-> {os.readlink(path)}"
            elif path.is_file():
                found[relative] = path.read_bytes()
    return found


@contextmanager
def held_lock(db: Path) -> Iterator[None]:
    """Hold the database's lock from the test, as a writer in flight would."""
    lock = db.with_name(db.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def finish(runs: Sequence[subprocess.Popen[bytes]], timeout: float = 30) -> list[tuple[int, str]]:
    """Wait for background commands; (exit status, stdout + stderr) of each."""
    results = []
    for run in runs:
        out, err = run.communicate(timeout=timeout)
        results.append((run.returncode, text(out) + text(err)))
    return results


@dataclass(frozen=True)
class AttackClass:
    """One class of attack from issue 10's Why, and the word that selects its tests."""

    name: str
    keyword: str  # its tests are named test_<keyword>_..., and no other test is

    @property
    def selector(self) -> str:
        """What `pytest -k` matches: `test_ids_` picks no parameter id that says "ids"."""
        return f"test_{self.keyword}_"

    @property
    def command(self) -> str:
        return f".venv/bin/pytest {ATTACK_TESTS} -k {self.selector}"


ATTACK_TESTS = "tests/reliability/test_attacks.py"
ATTACK_CLASSES = (
    AttackClass(
        "Ids reused: a deleted walk's id given again; stale edit, delete and undo windows; "
        'keys "1" and "01"',
        "ids",
    ),
    AttackClass(
        "A stale finish (form or resume offer) after the shell stopped that walk "
        "and started another",
        "stale_finish",
    ),
    AttackClass(
        "`coach forget` racing a writer on the lock; an open app writing erased records back",
        "forget_lock",
    ),
    AttackClass(
        "`coach forget` and links, strangers, glob characters, leftovers and control "
        "characters in names",
        "forget_files",
    ),
    AttackClass(
        "Symlinks planted at every path Back Coach writes; a `--db` that is a link",
        "symlink",
    ),
    AttackClass("Backups: truncated today's backup, future-dated backups, rotation", "backups"),
    AttackClass(
        "`coach set-aside` on a healthy database; two set-asides in one second", "set_aside"
    ),
    AttackClass(
        "Bounds: minutes `10**30`, an end before the start, the year 9999 in a file; "
        "a walk stopped after three days",
        "bounds",
    ),
    AttackClass(
        "Terminal safety: escape sequences in notes, at entry and from the file; CSV formulas",
        "terminal",
    ),
    AttackClass(
        "The summary: records the writer itself inserted; the latest end across UTC offsets",
        "summary",
    ),
)
