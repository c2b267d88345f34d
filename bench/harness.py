"""Shared pieces: databases of any size, processes in a pty, CPU and memory from /proc."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.store.documents import SCHEMA_VERSION
from tests.terminal.harness import TerminalApp

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
COACH_BIN = str(Path(sys.executable).with_name("coach"))
MINIMAL = [PYTHON, str(REPO / "bench" / "minimal_app.py")]
MENU_FLOOR = [PYTHON, str(REPO / "bench" / "menu_floor.py")]
BARE = [PYTHON, str(REPO / "bench" / "bare.py")]
FLOOR = [PYTHON, str(REPO / "bench" / "import_floor.py")]

QUICK_EXERCISE = """
id = "bench-quick"
title = "Bench quick"
summary = "Cat-cow's shape with 5-second holds, for make bench-quick only."
order = 0

[[setup]]
id = "start"
title = "Start"
text = "Start position."

[cycle]
text = "Back and forth, 2 times."
reps = { min = 2, max = 2 }

[[cycle.positions]]
id = "one"
title = "One"
text = "Hold 5 seconds."
hold = { min = 5, max = 5 }

[[cycle.positions]]
id = "two"
title = "Two"
text = "Hold 5 seconds."
hold = { min = 5, max = 5 }
"""


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    unit: str
    ours: list[float]
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    goal: str = ""
    met: bool | None = None
    command: str = ""
    note: str = ""

    @staticmethod
    def spread(values: Sequence[float], unit: str) -> str:
        if not values:
            return "-"
        fmt = "{:.0f}" if unit in ("B", "B/s", "KiB", "MiB") and max(values) >= 100 else "{:.3g}"
        low, mid, high = min(values), statistics.median(values), max(values)
        return " / ".join(fmt.format(v) for v in (low, mid, high))

    @property
    def ratio(self) -> float | None:
        if not self.baseline or not self.ours:
            return None
        return statistics.median(self.ours) / statistics.median(self.baseline)


def make_db(path: Path, walks: int, **settings: object) -> Path:
    """A database of the current schema with `walks` walks and the given settings.

    The last walk ended 20 minutes ago and the others every 3 hours before it, so no
    walk falls due (and no reminder appears) while a measure runs, whatever the hour.
    """
    last_end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20)
    docs = {}
    for i in range(walks):
        end = last_end - timedelta(hours=3 * (walks - 1 - i))
        docs[str(i + 1)] = {
            "started_at": (end - timedelta(minutes=15)).isoformat(),
            "ended_at": end.isoformat(),
            "minutes": 15,
            "terrain": "flat" if i % 5 else "hilly",
            "leg_pain": i % 11 == 0,
            "pain": None if i % 3 else i % 7,
            "note": "around the park" if i % 4 == 0 else "",
        }
    base: dict[str, object] = {"about_acknowledged": True}
    base.update(settings)
    meta = {  # the current schema, so no measure pays for (or times) a migration
        "schema_version": SCHEMA_VERSION,
        "next_walk_id": walks + 1,
        "next_session_id": 1,
    }
    data = {"meta": {"1": meta}, "walks": docs, "settings": {"1": base}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":")))
    path.chmod(0o600)
    return path


def as_written(path: Path) -> Path:
    """The seed as every real database is: last written by Back Coach itself, which leaves
    the summary that vouches for its records (so the app need not check them again)."""
    from coach.store.database import Store

    store = Store(path)
    store.save_settings(store.settings())
    return path


def environment(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL")}
    return {
        **keep,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TZ": "UTC",
        "PYTHONPATH": str(REPO),
    }


def wall_time(
    command: Sequence[str], env: dict[str, str], before: Callable[[], None] | None = None
) -> float:
    if before is not None:
        before()
    began = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - began


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of a process, in seconds, from /proc/PID/task/*/schedstat (ns)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start(command: Sequence[str], env: dict[str, str]) -> tuple[TerminalApp, float]:
    """Start a program on an 80x24 pty; return it and its start time."""
    began = time.perf_counter()
    return TerminalApp(command, env=env, size=(80, 24)), began


def settle(app: TerminalApp, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.pump(0.05)


def count_bytes(app: TerminalApp, seconds: float) -> tuple[int, float]:
    """Bytes the program writes, and its CPU seconds, over a window of wall time."""
    bytes_before, cpu_before = app.bytes_read, cpu_seconds(app.process.pid)
    settle(app, seconds)
    return app.bytes_read - bytes_before, cpu_seconds(app.process.pid) - cpu_before


def stop(app: TerminalApp) -> None:
    app.kill()
    if app.master >= 0:
        os.close(app.master)
        app.master = -1
