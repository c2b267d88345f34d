"""Fault scenarios shared by the reliability tests and `python -m tests.reliability.figures`.

Each scenario runs real processes against one database and counts what it did and
what was lost, so the figures in docs/RELIABILITY.md are measured, not typed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.model.records import Walk
from coach.store.database import Store
from coach.store.documents import SCHEMA_VERSION

COACH = [sys.executable, "-m", "coach"]
REPO = Path(__file__).resolve().parents[2]

WRITER = """
import signal, sys
signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as a closed terminal's, even under nohup
from datetime import UTC, datetime, timedelta
from pathlib import Path
from coach.model.records import SessionRecord, SessionStatus, Walk
from coach.store import Store

store, tag, kind, count = Store(Path(sys.argv[1])), sys.argv[2], sys.argv[3], int(sys.argv[4])
start = datetime(2026, 1, 1, tzinfo=UTC)
i = 0
while count < 0 or i < count:
    i += 1
    if kind == "walk":
        store.add_walk(Walk(start, start + timedelta(minutes=10), 10, note=f"{tag}-{i}"))
    else:
        store.add_session(SessionRecord("cat-cow", start, None, SessionStatus.COMPLETED, 2, 2, 15, False, i % 11, None))
    print(f"{tag}-{i}", flush=True)
"""


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def seed(path: Path, walks: int) -> None:
    """A database that already holds some history, so each write takes a little while."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    docs = {
        str(i + 1): {
            "started_at": (start + timedelta(hours=3 * i)).isoformat(),
            "ended_at": (start + timedelta(hours=3 * i, minutes=15)).isoformat(),
            "minutes": 15,
            "terrain": "flat",
            "leg_pain": False,
            "pain": None,
            "note": f"seed-{i + 1}",
        }
        for i in range(walks)
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "next_walk_id": walks + 1,
        "next_session_id": 1,
        "next_care_id": 1,
    }
    path.write_text(json.dumps({"meta": {"1": meta}, "walks": docs}))
    path.chmod(0o600)


@dataclass
class Concurrency:
    processes: int
    writes_each: int
    acknowledged: int = 0
    found: int = 0
    duplicates: int = 0
    lost: int = 0
    seconds: float = 0.0


def concurrent_cli_adds(path: Path, processes: int = 4, writes_each: int = 50) -> Concurrency:
    """N processes each running `coach walk add` M times, all at once."""
    result = Concurrency(processes, writes_each)
    acknowledged: list[str] = []
    lock = threading.Lock()
    env = environment()

    def worker(n: int) -> None:
        for i in range(writes_each):
            note = f"p{n}-{i}"
            done = subprocess.run(
                [*COACH, "walk", "add", "--db", str(path), "--minutes", "5", "--note", note],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            if done.returncode == 0 and "saved" in done.stdout:
                with lock:
                    acknowledged.append(note)

    began = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    notes = [w.note for w in Store.open(path).walks()]
    result.acknowledged = len(acknowledged)
    result.found = len(notes)
    result.duplicates = len(notes) - len(set(notes))
    result.lost = len(set(acknowledged) - set(notes))
    return result


def concurrent_store_writes(path: Path, processes: int = 3, writes_each: int = 40) -> Concurrency:
    """Walks and sessions added through the store API by several processes at once."""
    result = Concurrency(processes * 2, writes_each)
    env = environment()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"{kind}{n}", kind, str(writes_each)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(processes)
        for kind in ("walk", "session")
    ]
    began = time.monotonic()
    outputs = [run.communicate()[0].split() for run in runs]
    result.seconds = time.monotonic() - began
    store = Store.open(path)
    acked_walks = {tag for out in outputs for tag in out if tag.startswith("walk")}
    notes = [w.note for w in store.walks()]
    sessions = store.sessions()
    result.acknowledged = sum(len(out) for out in outputs)
    result.found = len(notes) + len(sessions)
    result.duplicates = len(notes) - len(set(notes)) + len(sessions) - len({s.id for s in sessions})
    acked_sessions = sum(1 for out in outputs for tag in out if tag.startswith("session"))
    result.lost = len(acked_walks - set(notes)) + max(0, acked_sessions - len(sessions))
    return result


@dataclass
class Kills:
    kills: int = 0
    by_signal: dict[str, int] = field(default_factory=dict)
    by_fault_point: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0
    unreadable: int = 0
    lost: int = 0
    leftover_temp_files: int = 0


def _check_after_kill(path: Path, acked: list[str], result: Kills) -> None:
    try:
        notes = {w.note for w in Store.open(path).walks()}
    except Exception:
        result.unreadable += 1
        return
    result.acknowledged += len(acked)
    result.lost += len(set(acked) - notes)


def random_kills(
    path: Path, rounds: int = 100, seed_walks: int = 2000, rng: random.Random | None = None
) -> Kills:
    """Start a writer, kill it at a random instant with SIGKILL or SIGHUP, check the file."""
    rng = rng or random.Random(5071)
    seed(path, seed_walks)
    result = Kills()
    env = environment()
    for round_ in range(rounds):
        sig = signal.SIGKILL if round_ % 2 == 0 else signal.SIGHUP
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"k{round_}", "walk", "-1"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        time.sleep(rng.uniform(0.12, 0.45))
        writer.send_signal(sig)
        try:
            out, _ = writer.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            writer.kill()
            raise AssertionError(f"a writer outlived {sig.name} by a minute") from None
        result.kills += 1
        result.by_signal[sig.name] = result.by_signal.get(sig.name, 0) + 1
        _check_after_kill(path, out.split(), result)
    result.leftover_temp_files = len(list(path.parent.glob(f".{path.name}.*.tmp")))
    return result


def fault_point_kills(path: Path, rounds_each: int = 5) -> Kills:
    """Kill writers exactly between the temp file and the rename, and after the rename."""
    seed(path, 500)
    result = Kills()
    for point in ("after-temp-write", "after-rename"):
        for round_ in range(rounds_each):
            before = {w.note for w in Store.open(path).walks()}
            env = {**environment(), "COACH_FAULT": point}
            writer = subprocess.run(
                [sys.executable, "-c", WRITER, str(path), f"{point}-{round_}", "walk", "1"],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            result.kills += writer.returncode == -signal.SIGKILL
            result.by_fault_point[point] = result.by_fault_point.get(point, 0) + 1
            try:
                after = {w.note for w in Store.open(path).walks()}
            except Exception:
                result.unreadable += 1
                continue
            new = after - before
            expected = {f"{point}-{round_}-1"} if point == "after-rename" else set()
            if new != expected or not before <= after:
                result.lost += 1
    # the next ordinary write clears what the killed writers left behind
    Store(path).add_walk(
        Walk(datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 2, 1, 0, 5, tzinfo=UTC), 5)
    )
    result.leftover_temp_files = len(list(path.parent.glob(f".{path.name}.*.tmp")))
    return result


DAMAGED = {
    "not JSON": b"this is not json at all",
    "truncated": None,  # filled in from a real database, cut in half
    "empty": b"",
    "not UTF-8": b'{"walks": {"1": {"note": "\x80"}}}',
    "JSON but not tables": b"[1, 2, 3]",
    "a table that is a list": b'{"walks": [1, 2]}',
    "a walk of the wrong shape": b'{"meta": {"1": {"schema_version": 1}}, "walks": {"1": {"minutes": "ten"}}}',
    "a session of the wrong shape": b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"status": "maybe"}}}',
    "settings of the wrong shape": b'{"meta": {"1": {"schema_version": 1}}, "settings": {"1": {"bell": "loud"}}}',
    "a newer schema": b'{"meta": {"1": {"schema_version": 99}}, "walks": {}}',
}

COMMANDS_ON_DAMAGE = [
    ["walk", "list"],
    ["walk", "add", "--minutes", "5"],
    ["walk", "start"],
    ["status"],
    ["export", "--format", "json"],
    [],  # the app itself refuses to start
]


@dataclass
class Damage:
    files: int = 0
    commands: int = 0
    clear_errors: int = 0
    bytes_changed: int = 0
    failures: list[str] = field(default_factory=list)


def damaged_bytes(folder: Path) -> dict[str, bytes]:
    good = folder / "good.json"
    seed(good, 50)
    cases = dict(DAMAGED)
    raw = good.read_bytes()
    cases["truncated"] = raw[: len(raw) // 2]
    return {k: v for k, v in cases.items() if v is not None}


def damaged_files(folder: Path) -> Damage:
    """Every kind of damaged file, through every kind of command: one line, bytes kept."""
    result = Damage()
    env = environment()
    for name, content in damaged_bytes(folder).items():
        result.files += 1
        path = folder / f"{name.replace(' ', '-')}.json"
        path.write_bytes(content)
        for args in COMMANDS_ON_DAMAGE:
            result.commands += 1
            done = subprocess.run(
                [*COACH, "--db", str(path), *args],
                capture_output=True,
                text=True,
                env=env,
                check=False,
                timeout=30,
                stdin=subprocess.DEVNULL,
            )
            lines = done.stderr.strip().splitlines()
            if (
                done.returncode != 0
                and len(lines) == 1
                and str(path) in lines[0]
                and "Traceback" not in done.stderr
            ):
                result.clear_errors += 1
            else:
                result.failures.append(
                    f"{name} / {args}: exit {done.returncode}, stderr {done.stderr!r}"
                )
            if path.read_bytes() != content:
                result.bytes_changed += 1
                result.failures.append(f"{name} / {args}: the file changed")
    return result
