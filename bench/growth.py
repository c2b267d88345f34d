"""How the operations a person waits for grow with the log: 1,000, 10,000 and 100,000 walks.

Start-up to the menu and opening the walk log (the same app run: start, menu painted,
w, table painted), `coach walk add` and `coach walk list --json`, each on a database
as `coach walk add` leaves it (restored before every run). The sizes are interleaved
within each round (the order reverses every round), one warm-up round is thrown away,
and each figure is the median with its interquartile range. The slope per 10x is the
ratio of the medians (10k/1k, 100k/10k); the log-log slope is the least-squares slope
of log(median) on log(walks) over the three sizes (1 is linear growth, 0 is none).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.harness import (
    COACH_BIN,
    Database,
    describe,
    menu_painted,
    quartiles,
    running,
    send,
    settle,
    wall_time,
    watch,
)

SIZES = (1_000, 10_000, 100_000)
WALKS_PER_DAY = 8  # every 2 hours through 16 waking hours: the most the plan asks for
OPERATIONS = (
    "start to menu first paint",
    "walk log open (to its table painted)",
    "`coach walk add` (whole process)",
    "`coach walk list --json` (whole process)",
)


@dataclass
class Growth:
    operation: str
    samples: dict[int, list[float]] = field(default_factory=dict)
    unit: str = "s"

    def median(self, size: int) -> float:
        return statistics.median(self.samples[size])

    def per_10x(self) -> list[float]:
        """The ratio of the medians for each tenfold step of the sizes."""
        sizes = sorted(self.samples)
        return [self.median(b) / self.median(a) for a, b in zip(sizes, sizes[1:], strict=False)]

    def log_slope(self) -> float:
        sizes = sorted(self.samples)
        xs = [math.log10(n) for n in sizes]
        ys = [math.log10(self.median(n)) for n in sizes]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )

    def cell(self, size: int) -> str:
        return describe(self.samples[size], self.unit)


def measure(plan: object) -> list[Growth]:
    """Every operation at every size, `plan.repeats` rounds plus a warm-up round."""
    from bench.measures import Plan

    assert isinstance(plan, Plan)
    env = plan.env()
    databases = {size: plan.database(size) for size in SIZES}
    results = {name: Growth(name) for name in OPERATIONS}

    def app_run(db: Database) -> tuple[float, float]:
        db.restore()
        with running([COACH_BIN, "--db", str(db.path)], env) as (app, began):
            painted = watch(app, menu_painted, timeout=120) - began
            settle(app, 0.3)
            sent = send(app, "w")
            opened = watch(app, lambda s: "Page 1 of" in s, timeout=120) - sent
        return painted, opened

    def command(db: Database, args: list[str]) -> Callable[[], float]:
        return lambda: wall_time([COACH_BIN, *args, "--db", str(db.path)], env, db.restore)

    add = ["walk", "add", "--minutes", "5", "--at", "2020-01-01T10:00"]
    for round_ in range(-1 if plan.warm_up else 0, plan.repeats):
        order = list(SIZES) if round_ % 2 == 0 else list(reversed(SIZES))
        for size in order:
            db = databases[size]
            painted, opened = app_run(db)
            added = command(db, add)()
            listed = command(db, ["walk", "list", "--json"])()
            if round_ < 0:
                continue
            for name, value in zip(OPERATIONS, (painted, opened, added, listed), strict=True):
                results[name].samples.setdefault(size, []).append(value)
    for name in OPERATIONS:  # the table's columns in order of size
        results[name].samples = dict(sorted(results[name].samples.items()))
    sizes = Growth("file size", {n: [len(databases[n].raw) / 1024] for n in SIZES}, unit="KiB")
    return [sizes, *results.values()]


def years_until(growth: list[Growth], operation: str, limit_seconds: float) -> float | None:
    """Years of daily use before an operation's median reaches a limit: interpolated on the
    log-log line between the two sizes whose medians bracket it, or extrapolated from the
    last tenfold step (None if the operation does not grow there)."""
    item = next((g for g in growth if g.operation == operation), None)
    if item is None or len(item.samples) < 2:
        return None
    sizes = sorted(item.samples)
    steps = list(zip(sizes, sizes[1:], strict=False))
    low, high = next(
        ((a, b) for a, b in steps if item.median(a) <= limit_seconds <= item.median(b)),
        steps[-1],
    )
    rise = math.log10(item.median(high) / item.median(low)) / math.log10(high / low)
    if rise <= 0:
        return None
    walks: float = low * (limit_seconds / item.median(low)) ** (1 / rise)
    return walks / WALKS_PER_DAY / 365


def spread(item: Growth, size: int) -> tuple[float, float, float]:
    return quartiles(item.samples[size])
