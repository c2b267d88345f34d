"""How each store operation grows with the log: 1,000, 10,000 and 100,000 walks."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.harness import COACH_BIN, environment, make_db

SIZES = (1_000, 10_000, 100_000)
WALKS_PER_DAY = 8  # every 2 hours through 16 waking hours: the most the plan asks for


@dataclass
class Growth:
    operation: str
    seconds: dict[int, float]


def _median(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def measure(folder: Path, quick: bool) -> list[Growth]:
    from coach.model.records import Walk

    repeats = 3 if quick else 7
    env = environment(folder / "home")
    results: dict[str, dict[int, float]] = {}
    start = datetime.now(UTC) - timedelta(hours=1)
    walk = Walk(start, start + timedelta(minutes=10), 10)
    for size in SIZES:
        _measure_size(folder / f"growth{size}.json", size, repeats, env, walk, results)
    return [Growth(name, values) for name, values in results.items()]


def years_until(growth: list[Growth], operation: str, limit_seconds: float) -> float:
    """Years of daily use before an operation's cost reaches a limit (linear between the sizes)."""
    values = next(g.seconds for g in growth if g.operation == operation)
    sizes = sorted(values)
    slope = (values[sizes[-1]] - values[sizes[0]]) / (sizes[-1] - sizes[0])
    if slope <= 0:
        return float("inf")
    walks = sizes[0] + (limit_seconds - values[sizes[0]]) / slope
    return walks / WALKS_PER_DAY / 365


def _measure_size(
    db: Path,
    size: int,
    repeats: int,
    env: dict[str, str],
    walk: object,
    results: dict[str, dict[int, float]],
) -> None:
    from coach.model.records import Walk
    from coach.store.database import Store

    assert isinstance(walk, Walk)
    make_db(db, size)
    Store(db).add_walk(walk)  # today's backup made, out of the way
    results.setdefault("file size (KiB)", {})[size] = db.stat().st_size / 1024
    results.setdefault("open and check every record", {})[size] = _median(
        lambda: Store.open(db), repeats
    )
    results.setdefault("read all walks (walk log)", {})[size] = _median(
        lambda: Store.open(db, check_records=False).walks(), repeats
    )
    store = Store.open(db)
    results.setdefault("add one walk (app, file already read)", {})[size] = _median(
        lambda: store.add_walk(walk), repeats
    )
    status = [COACH_BIN, "status", "--db", str(db)]
    results.setdefault("`coach status` (whole process)", {})[size] = _median(
        lambda: subprocess.run(status, env=env, check=True, stdout=subprocess.DEVNULL), repeats
    )
    add = [COACH_BIN, "walk", "add", "--db", str(db), "--minutes", "5", "--at", "2020-01-01T10:00"]
    results.setdefault("`coach walk add` (whole process)", {})[size] = _median(
        lambda: subprocess.run(add, env=env, check=True, stdout=subprocess.DEVNULL), repeats
    )
