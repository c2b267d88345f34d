"""Shared pieces: databases as a write leaves them, processes in a pty, timing, and the statistics.

The method, for every row with a baseline: the two sides run interleaved (ours, baseline,
baseline, ours, ... : the order swaps every pair, so neither side always runs second, on
warmer caches), one warm-up round is run first and thrown away, and the ratio is the
MEDIAN of the per-pair ratios ours_i / baseline_i, with their interquartile range
(p25-p75). Each side's absolute median and IQR are given too.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.store.documents import SCHEMA_VERSION
from tests.terminal.harness import KEYS, TerminalApp

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


# Statistics.


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(p25, median, p75): the inclusive method, so the quartiles lie within the samples."""
    if not values:
        raise ValueError("no samples")
    if len(values) == 1:
        return values[0], values[0], values[0]
    low, mid, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, mid, high


def _fmt(value: float, unit: str) -> str:
    if unit in ("B", "B/s", "KiB", "MiB") and abs(value) >= 100:
        return f"{value:.0f}"
    if unit == "x":
        return f"{value:.2f}"
    return f"{value:.3g}"


def describe(values: Sequence[float], unit: str) -> str:
    """A set of samples as it honestly is: one sample says so; a few are all listed; more
    give their median and interquartile range."""
    u = f" {unit}" if unit and unit != "x" else ("x" if unit == "x" else "")
    if not values:
        return "-"
    if len(values) == 1:
        return f"{_fmt(values[0], unit)}{u} (single sample)"
    if len(values) < 5:
        listed = ", ".join(_fmt(v, unit) for v in values)
        return f"median {_fmt(statistics.median(values), unit)}{u} (all {len(values)}: {listed})"
    low, mid, high = quartiles(values)
    return (
        f"median {_fmt(mid, unit)}{u} (IQR {_fmt(low, unit)}-{_fmt(high, unit)}, n={len(values)})"
    )


@dataclass
class Row:
    """One line of the results table.

    `kind` says how the goal is judged, from this run's figures only:
    - "ratio": the median per-pair ratio ours_i / baseline_i against `limit`;
    - "absolute": the median of `ours` against `limit`;
    - "difference": the median per-pair difference ours_i - baseline_i against `limit`;
    - "worst": the largest of `ours` against `limit`;
    - "report" and "floor": no verdict (a floor is a limit experiment, for another row).
    """

    measure: str
    unit: str
    ours: list[float]
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    goal: str = "report"
    kind: str = "report"
    limit: float | None = None
    verdict: str = ""  # "met", "missed", "impossible" (the floor's p25 is over the goal), ""
    command: str = ""
    note: str = ""
    context: list[float] = field(default_factory=list)  # another baseline, for context only
    context_name: str = ""
    floor: str = ""  # this row's floor, when the floor is not the baseline itself
    track: str = ""  # the column of the across-runs history this row's headline goes in

    @property
    def pair_ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.ours, self.baseline, strict=False) if b]

    @property
    def context_ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.ours, self.context, strict=False) if b]

    @property
    def differences(self) -> list[float]:
        return [a - b for a, b in zip(self.ours, self.baseline, strict=False)]

    @property
    def ratio(self) -> float | None:
        """The median of the per-pair ratios (None without a baseline)."""
        ratios = self.pair_ratios
        return statistics.median(ratios) if ratios else None

    @property
    def ratio_iqr(self) -> tuple[float, float] | None:
        ratios = self.pair_ratios
        if not ratios:
            return None
        low, _, high = quartiles(ratios)
        return low, high

    @property
    def headline(self) -> float | None:
        """The figure the goal is judged on (and the history keeps)."""
        if self.kind == "difference" and self.baseline:
            return statistics.median(self.differences)
        if self.kind == "worst" and self.ours:
            return max(self.ours)
        if self.baseline and self.kind in ("ratio", "floor", "report"):
            return self.ratio
        return statistics.median(self.ours) if self.ours else None

    def ratio_text(self) -> str:
        """The per-pair figure: "median ratio 1.20x (IQR ...)", or the difference."""
        if not self.baseline:
            return "-"
        if self.kind == "difference":
            word, text = "difference", describe(self.differences, self.unit)
        else:
            word, text = "ratio", describe(self.pair_ratios, "x")
        if text.startswith("median "):
            return f"median {word} {text.removeprefix('median ')}"
        return f"{word} {text}"

    def judge(self, floor: Row | None = None) -> None:
        """Met or missed, from this run's figures; "impossible" only when the floor's whole
        spread (its p25 ratio against the same baseline) is over the goal."""
        figure = self.headline
        if self.kind not in ("ratio", "absolute", "difference", "worst") or figure is None:
            self.verdict = ""
            return
        assert self.limit is not None
        if figure <= self.limit:
            self.verdict = "met"
            return
        self.verdict = "missed"
        if floor is not None and floor.ratio_iqr is not None and floor.ratio_iqr[0] > self.limit:
            self.verdict = "impossible"


# Databases, as a write leaves them.


def make_db(path: Path, walks: int, **settings: object) -> Path:
    """A database of the current schema with `walks` walks and the given settings, and NO
    summary (see `Database` for one as a write leaves it).

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


def summary_of(db: Path) -> Path:
    from coach.store.summary import summary_path

    return summary_path(db)


def vouched(db: Path) -> bool:
    """True if the app's own code trusts the summary beside `db` (so it skips the record check)."""
    from coach.store.files import file_signature
    from coach.store.summary import vouches_for

    return vouches_for(db, file_signature(db))


class Database:
    """A database of `walks` walks, last written by `coach walk add` itself (so its summary,
    its daily backup and its meta are what the current code writes), restorable to exactly
    that state before every timed run, out of the timing.

    Built as `walks - 1` generated walks plus the one the command adds. Restoring writes the
    same bytes to a new file (as every writer does: temporary file, rename) and puts back the
    same summary, its file signature (inode, size, mtime_ns, ctime_ns) set to the restored
    file's; the app's own `vouches_for` is asked, once, whether it trusts the result.
    """

    def __init__(self, path: Path, walks: int, env: dict[str, str], **settings: object) -> None:
        self.path, self.walks = path, walks
        for attempt in (1, 2):  # twice: code being edited while the bench runs can trip one
            make_db(path, walks - 1, **settings)
            self.drop_summary()
            done = subprocess.run(
                [COACH_BIN, "walk", "add", "--db", str(path), "--minutes", "5"],
                env=env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            if done.returncode == 0 and vouched(path):
                break
            if attempt == 2:
                raise RuntimeError(
                    f"{path}: `coach walk add` left no summary that vouches for the file "
                    f"(exit {done.returncode}: {done.stderr.strip()})"
                )
        self.raw = path.read_bytes()
        self.summary = json.loads(summary_of(path).read_text())
        self._checked = False

    def restore(self, *, summary: bool = True) -> None:
        """The file as the command left it; with its summary, or without (`summary=False`)."""
        temp = self.path.with_name(self.path.name + ".bench-restore")
        with temp.open("wb") as handle:
            handle.write(self.raw)
            handle.flush()
            # on disk before the timed run: 16 MB of dirty pages written back while the
            # app starts would be charged to the app (its floor restores nothing)
            os.fsync(handle.fileno())
        temp.chmod(0o600)
        os.replace(temp, self.path)
        if summary:
            self.put_summary()
        else:
            self.drop_summary()

    def put_summary(self) -> None:
        from coach.store.files import file_signature

        signature = file_signature(self.path)
        patched = {**self.summary, "signature": list(signature) if signature else None}
        target = summary_of(self.path)
        target.write_text(json.dumps(patched))
        target.chmod(0o600)  # as the writers leave it
        if not self._checked:
            if not vouched(self.path):
                raise RuntimeError(
                    f"{self.path}: the restored summary is not trusted by coach.store.summary "
                    "(has the summary's format changed? update bench.harness.Database)"
                )
            self._checked = True

    def drop_summary(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            summary_of(self.path).unlink()


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


# Whole processes.


def wall_time(
    command: Sequence[str], env: dict[str, str], before: Callable[[], None] | None = None
) -> float:
    """Seconds from starting a process to its exit; `before` runs first, out of the timing."""
    if before is not None:
        before()
    began = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - began


def interleave(
    repeats: int, runs: Sequence[Callable[[], float]], *, warm_up: bool = True
) -> list[list[float]]:
    """Run each of `runs` once per round, `repeats` rounds (plus one warm-up round, thrown
    away); the order reverses every other round. Returns one list of samples per run."""
    samples: list[list[float]] = [[] for _ in runs]
    for round_ in range(-1 if warm_up else 0, repeats):
        order = list(range(len(runs)))
        if round_ % 2:
            order.reverse()
        for index in order:
            value = runs[index]()
            if round_ >= 0:
                samples[index].append(value)
    return samples


# Processes in a pty.


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


@contextlib.contextmanager
def running(command: Sequence[str], env: dict[str, str]) -> Iterator[tuple[TerminalApp, float]]:
    """A program on an 80x24 pty, always stopped afterwards (even when a measure fails)."""
    app, began = start(command, env)
    try:
        yield app, began
    finally:
        stop(app)


def screen_text(app: TerminalApp) -> str:
    return "\n".join(app.screen.display)


def watch(app: TerminalApp, check: Callable[[str], bool], timeout: float = 30.0) -> float:
    """Read the app's output as it comes and return the moment (perf_counter) its screen
    first satisfies `check`, tested after every read (no settling delay)."""
    deadline = time.monotonic() + timeout
    if check(screen_text(app)):
        return time.perf_counter()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([app.master], [], [], 0.05)
        if ready:
            try:
                data = os.read(app.master, 65536)
            except OSError:
                data = b""
            if data:
                app.bytes_read += len(data)
                app.stream.feed(data)
                if check(screen_text(app)):
                    return time.perf_counter()
                continue
        if app.process.poll() is not None:
            break
    raise AssertionError(
        f"timed out waiting for {getattr(check, '__name__', check)}; the screen shows:\n"
        + screen_text(app)
    )


def send(app: TerminalApp, key: str) -> float:
    """Send one key now; return the moment (perf_counter) it was written to the terminal."""
    os.write(app.master, KEYS.get(key, key).encode())
    return time.perf_counter()


def menu_painted(screen: str) -> bool:
    """The menu's first screenful fully painted: the marked first entry, the last entry
    that fits at 80x24 (the list scrolls on to Help), and the whole footer (the real menu
    and the menu floor both show exactly these)."""
    return (
        "› Cat-cow" in screen
        and "What Back Coach is and is not" in screen
        and "q Quit" in screen
        and "? Help" in screen
        and "palette" in screen
    )


def minimal_painted(screen: str) -> bool:
    return "Hello from the minimal app" in screen and "Quit" in screen and "palette" in screen


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
