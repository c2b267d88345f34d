"""Each measure runs the real thing, several times, with its baseline in the same run."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench.harness import (
    BARE,
    COACH_BIN,
    FLOOR,
    MENU_FLOOR,
    MINIMAL,
    PYTHON,
    QUICK_EXERCISE,
    Row,
    as_written,
    count_bytes,
    environment,
    make_db,
    rss_mib,
    settle,
    start,
    stop,
    wall_time,
)


@dataclass
class Plan:
    quick: bool
    folder: Path

    @property
    def repeats(self) -> int:
        return 3 if self.quick else 9

    def env(self) -> dict[str, str]:
        return environment(self.folder / "home")


def _menu_shown(screen: str) -> bool:
    return "Cat-cow" in screen and "Help" in screen and "palette" in screen


def startup(plan: Plan) -> list[Row]:
    db = as_written(make_db(plan.folder / "startup.json", 30))
    ours, base, floor = [], [], []
    for _ in range(plan.repeats + 1):  # the first round warms the disk cache
        app, began = start(MINIMAL, plan.env())
        app.wait_for(lambda s: "Hello from the minimal app" in s and "Quit" in s)
        base.append(time.perf_counter() - began)
        stop(app)
        app, began = start([COACH_BIN, "--db", str(db)], plan.env())
        app.wait_for(_menu_shown)
        ours.append(time.perf_counter() - began)
        stop(app)
        app, began = start([*MENU_FLOOR, str(db)], plan.env())
        app.wait_for(_menu_shown)
        floor.append(time.perf_counter() - began)
        stop(app)
    row = Row(
        "Start to menu fully painted (pty 80x24)",
        "s",
        ours[1:],
        base[1:],
        "minimal Textual app",
        "<= 1.2x",
        command="python -m bench --only startup",
    )
    row.met = (row.ratio or 99) <= 1.2
    floor_row = Row(
        "Limit experiment for start-up: the same menu (content and database read, figlet "
        "title, nine entries, footer) in a plain Textual app, no Back Coach code",
        "s",
        floor[1:],
        base[1:],
        "minimal Textual app",
        "(the floor for start-up)",
        command="python bench/menu_floor.py DB",
    )
    return [row, floor_row]


def cli(plan: Plan) -> list[Row]:
    env = plan.env()
    db = make_db(plan.folder / "cli10k.json", 10_000)
    _written_once(db)  # as every real database is: by coach itself, leaving the status summary
    work = plan.folder / "cli-work.json"
    floor_work = plan.folder / "floor-work.json"
    bare_work = plan.folder / "bare-work.json"

    def fresh(target: Path) -> None:
        shutil.copyfile(db, target)

    samples: dict[str, list[float]] = {
        k: []
        for k in (
            "add",
            "bare_write",
            "list",
            "status",
            "bare_read",
            "floor",
            "floor_print",
            "floor_write",
        )
    }
    for _ in range(plan.repeats + 1):
        samples["add"].append(
            wall_time(
                [
                    COACH_BIN,
                    "walk",
                    "add",
                    "--db",
                    str(work),
                    "--minutes",
                    "5",
                    "--at",
                    "2020-01-01T10:00",
                ],
                env,
                lambda: fresh(work),
            )
        )
        samples["bare_write"].append(
            wall_time([*BARE, str(bare_work), "write"], env, lambda: fresh(bare_work))
        )
        samples["list"].append(
            wall_time([COACH_BIN, "walk", "list", "--json", "--db", str(db)], env)
        )
        samples["status"].append(wall_time([COACH_BIN, "status", "--db", str(db)], env))
        samples["bare_read"].append(wall_time([*BARE, str(db), "read"], env))
        samples["floor"].append(wall_time([*FLOOR, str(db)], env))
        samples["floor_print"].append(wall_time([*FLOOR, str(db), "print"], env))
        samples["floor_write"].append(
            wall_time([*FLOOR, str(floor_work), "write"], env, lambda: fresh(floor_work))
        )
    s = {k: v[1:] for k, v in samples.items()}
    rows = [
        Row(
            "`coach walk add`, 10,000 walks",
            "s",
            s["add"],
            s["bare_write"],
            "bare read + atomic write",
            "<= 1.5x",
            command="python -m bench --only cli",
        ),
        Row(
            "`coach walk list --json`, 10,000 walks",
            "s",
            s["list"],
            s["bare_read"],
            "bare read",
            "<= 1.5x",
            command="python -m bench --only cli",
        ),
        Row(
            "`coach status`, 10,000 walks",
            "s",
            s["status"],
            s["bare_read"],
            "bare read",
            "<= 1.5x",
            command="python -m bench --only cli",
        ),
        Row(
            "Limit experiment for walk add: argparse, pathlib, dataclasses, zoneinfo, tinydb, "
            "an fcntl lock on <db>.lock, the same read and atomic write",
            "s",
            s["floor_write"],
            s["bare_write"],
            "bare read + atomic write",
            "(the floor for walk add)",
            command="python bench/import_floor.py DB write",
        ),
        Row(
            "Limit experiment for walk list: argparse, the same read, the walks newest first "
            "with their ids (set in place), written out as JSON",
            "s",
            s["floor_print"],
            s["bare_read"],
            "bare read",
            "(the floor for walk list)",
            command="python bench/import_floor.py DB print",
        ),
        Row(
            "Limit experiment for status: the imports its design needs, then the same read",
            "s",
            s["floor"],
            s["bare_read"],
            "bare read",
            "(the floor for status)",
            command="python bench/import_floor.py DB",
        ),
    ]
    for row in rows[:3]:
        row.met = (row.ratio or 99) <= 1.5
    return rows


def _written_once(db: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from coach.model.records import Walk
    from coach.store.database import Store

    start = datetime.now(UTC) - timedelta(hours=1)
    Store(db).add_walk(Walk(start, start + timedelta(minutes=10), 10))


def _open_hold(app_db: Path, plan: Plan) -> tuple[object, float]:
    app, _ = start([COACH_BIN, "--db", str(app_db)], plan.env())
    app.wait_for(_menu_shown)
    app.press("enter")
    app.wait_for("Step 1 of")
    app.press("n")
    app.wait_for("Press space")
    return app, time.perf_counter()


def hold(plan: Plan) -> list[Row]:
    db = make_db(
        plan.folder / "hold.json",
        30,
        get_ready_seconds=0,
        choices={"cat-cow": {"hold_seconds": 30, "reps": 2}},
    )
    window = 8.0 if plan.quick else 28.0
    rates, cpus = [], []
    for _ in range(1 if plan.quick else 3):
        app, _ = _open_hold(db, plan)
        app.press("space")  # type: ignore[attr-defined]
        settle(app, 0.5)  # type: ignore[arg-type]
        sent, cpu = count_bytes(app, window)  # type: ignore[arg-type]
        rates.append(sent / window)
        cpus.append(100 * cpu / window)
        stop(app)  # type: ignore[arg-type]
    bytes_row = Row(
        "Bytes to the terminal per second during a 30 s hold",
        "B/s",
        rates,
        goal="<= 600 B/s",
        command="python -m bench --only hold",
    )
    bytes_row.met = statistics.median(rates) <= 600
    cpu_row = Row(
        "CPU while a hold runs", "%", cpus, goal="<= 1.5 %", command="python -m bench --only hold"
    )
    cpu_row.met = statistics.median(cpus) <= 1.5
    return [bytes_row, cpu_row]


def idle(plan: Plan) -> list[Row]:
    db = make_db(plan.folder / "idle.json", 30, get_ready_seconds=0)
    window = 5.0 if plan.quick else 10.0
    ours, base = [], []
    for _ in range(1 if plan.quick else 2):
        app, _ = start(MINIMAL, plan.env())
        app.wait_for("Hello from the minimal app")
        settle(app, 1.0)
        base.append(100 * count_bytes(app, window)[1] / window)
        stop(app)
        app, _ = start([COACH_BIN, "--db", str(db)], plan.env())
        app.wait_for(_menu_shown)
        settle(app, 1.0)
        ours.append(100 * count_bytes(app, window)[1] / window)
        stop(app)
    row = Row(
        "CPU while the menu sits idle",
        "%",
        ours,
        base,
        "minimal app idle",
        "<= minimal + 0.1 points",
        command="python -m bench --only idle",
    )
    row.met = statistics.median(ours) <= statistics.median(base) + 0.1
    return [row]


def quiet_screens(plan: Plan) -> list[Row]:
    db = make_db(plan.folder / "quiet.json", 30, get_ready_seconds=0)
    window = 3.0 if plan.quick else 10.0
    app, _ = start([COACH_BIN, "--db", str(db)], plan.env())
    app.wait_for(_menu_shown)
    results: dict[str, int] = {}

    def measure(name: str) -> None:
        settle(app, 1.0)
        results[name] = count_bytes(app, window)[0]

    measure("idle menu")
    app.press("r")
    app.wait_for("Resting positions")
    measure("rest guide")
    app.press("escape")
    app.press("w")
    app.wait_for("Walk log")
    measure("walk log table")
    app.press("escape")
    app.press("enter")
    app.wait_for("Step 1 of")
    app.press("n", "space")
    settle(app, 2.0)
    app.press("space")
    app.wait_for("Paused")
    measure("paused hold")
    stop(app)
    rows = []
    for name, sent in results.items():
        row = Row(
            f"Bytes written in {window:.0f} s: {name}",
            "B",
            [float(sent)],
            goal="0",
            command="python -m bench --only quiet_screens",
        )
        row.met = sent == 0
        rows.append(row)
    return rows


def hold_end_error(plan: Plan) -> list[Row]:
    """In-process, real monotonic clock: block the event loop 2.5 s mid-hold; when does the hold end?"""
    seconds = 6 if plan.quick else 30
    errors = [
        asyncio.run(_one_blocked_hold(plan.folder / f"block-{i}.json", seconds))
        for i in range(1 if plan.quick else 3)
    ]
    row = Row(
        f"Error at the end of a {seconds} s hold, loop blocked 2.5 s",
        "ms",
        errors,
        goal="<= 50 ms",
        command="python -m bench --only hold_end_error",
    )
    row.met = max(errors) <= 50
    return [row]


async def _one_blocked_hold(db: Path, seconds: int) -> float:
    from datetime import UTC

    from coach.app import CoachApp
    from coach.clock import SystemClock
    from coach.locations import content_dir
    from coach.model.content import load_library
    from coach.model.engine import SessionEvent
    from coach.model.settings import Settings
    from coach.screens.step import StepScreen
    from coach.store.database import Store

    store = Store.open(db)
    store.save_settings(replace(Settings(), about_acknowledged=True, get_ready_seconds=0))
    folder = db.parent / f"{db.stem}-content"
    folder.mkdir(exist_ok=True)
    (folder / "hold.toml").write_text(
        QUICK_EXERCISE.replace("5", str(seconds)).replace('id = "bench-quick"', 'id = "bench-hold"')
    )
    library = load_library(content_dir(), [folder])
    app = CoachApp(library=library, store=store, clock=SystemClock(), zone=UTC)
    done_at: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise(library.exercise("bench-hold"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StepScreen)
        original = screen._handle

        def spy(events: list[SessionEvent]) -> None:
            if SessionEvent.HOLD_DONE in events and not done_at:
                done_at.append(time.monotonic())
            original(events)

        screen._handle = spy  # type: ignore[method-assign]
        await pilot.press("n", "space")
        hold = screen.session.hold
        assert hold is not None and hold._since is not None
        ideal_end = hold._since + seconds
        await asyncio.sleep(seconds / 3)
        app.call_later(_block_the_loop)
        while not done_at and time.monotonic() < ideal_end + 10:
            await asyncio.sleep(0.01)
    return 1000 * (done_at[0] - ideal_end)


def _block_the_loop() -> None:
    """A callback that holds the event loop for 2.5 s, as heavy work or a stalled disk would."""
    time.sleep(2.5)


def walk_log_open(plan: Plan) -> list[Row]:
    rows = []
    for walks, goal in ((10_000, 0.3), (100_000, 2.0)):
        db = as_written(make_db(plan.folder / f"log{walks}.json", walks))
        times = []
        for _ in range(2 if plan.quick else 4):
            app, _ = start([COACH_BIN, "--db", str(db)], plan.env())
            app.wait_for(_menu_shown, timeout=60)
            settle(app, 0.3)
            began = time.perf_counter()
            app.press("w", pause=0)
            app.wait_for(lambda s: "Page 1 of" in s, timeout=60)
            times.append(time.perf_counter() - began)
            stop(app)
        row = Row(
            f"Opening the walk log with {walks:,} walks (to its table painted)",
            "s",
            times,
            goal=f"<= {goal} s",
            command="python -m bench --only walk_log_open",
        )
        row.met = statistics.median(times) <= goal
        rows.append(row)
    return rows


def app_add(plan: Plan) -> list[Row]:
    from coach.model.records import Walk
    from coach.store.database import Store

    source = make_db(plan.folder / "add10k.json", 10_000)
    store = Store.open(source)
    now = time.time()
    from datetime import UTC, datetime, timedelta

    start_at = datetime.fromtimestamp(now, UTC) - timedelta(hours=1)
    walk = Walk(start_at, start_at + timedelta(minutes=10), 10)
    store.add_walk(walk)  # the first write of the day also makes the daily backup
    ours, base = [], []
    data = json.loads(source.read_text())
    for _ in range(plan.repeats * 4):
        began = time.perf_counter()
        store.add_walk(walk)
        ours.append(time.perf_counter() - began)
        began = time.perf_counter()
        _bare_atomic_write(data, plan.folder / "bare-add.json")
        base.append(time.perf_counter() - began)
    row = Row(
        "Adding one walk in the app, 10,000 walks",
        "s",
        ours,
        base,
        "bare atomic write of the same file",
        "<= 1.5x",
        command="python -m bench --only app_add",
    )
    row.met = (row.ratio or 99) <= 1.5
    return [row]


def _bare_atomic_write(data: object, path: Path) -> None:
    """The durable atomic write the pitfalls describe: temp file, fsync, rename, fsync the folder."""
    fd, temp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def memory(plan: Plan) -> list[Row]:
    db = as_written(make_db(plan.folder / "mem10k.json", 10_000))
    ours, base = [], []
    for _ in range(1 if plan.quick else 3):
        app, _ = start(MINIMAL, plan.env())
        app.wait_for("Hello from the minimal app")
        settle(app, 1.0)
        base.append(rss_mib(app.process.pid))
        stop(app)
        app, _ = start([COACH_BIN, "--db", str(db)], plan.env())
        app.wait_for(_menu_shown, timeout=30)
        app.press("w")
        app.wait_for(lambda s: "Page 1 of" in s, timeout=30)
        settle(app, 1.0)
        ours.append(rss_mib(app.process.pid))
        stop(app)
    row = Row(
        "Resident memory, walk log open on 10,000 walks",
        "MiB",
        ours,
        base,
        "minimal app",
        "<= 1.5x",
        command="python -m bench --only memory",
    )
    row.met = (row.ratio or 99) <= 1.5
    return [row]


def routine(plan: Plan) -> list[Row]:
    if plan.quick:  # a shorter routine of the same shape: 3 s holds, no get-ready count
        db = make_db(plan.folder / "routine.json", 30, get_ready_seconds=0)
        folder = plan.folder / "quick-content"
        folder.mkdir(exist_ok=True)
        (folder / "quick.toml").write_text(QUICK_EXERCISE.replace("5", "3"))
        args = [COACH_BIN, "--db", str(db), "--content", str(folder)]
        label = (
            "Total bytes for a whole routine (quick: cat-cow's shape, 2 reps, 3 s holds, "
            "no get-ready count)"
        )
    else:
        db = make_db(plan.folder / "routine.json", 30)
        args = [COACH_BIN, "--db", str(db)]
        label = "Total bytes for a whole cat-cow routine (2 reps, 15 s holds)"
    app, _ = start(args, plan.env())
    app.wait_for(_menu_shown)
    before = app.bytes_read
    app.press("enter", "n", "space")
    app.wait_for(lambda s: ": done" in s, timeout=120)
    sent = app.bytes_read - before
    stop(app)
    return [
        Row(label, "B", [float(sent)], goal="report it", command="python -m bench --only routine")
    ]


ALL = [
    startup,
    cli,
    hold,
    idle,
    quiet_screens,
    hold_end_error,
    walk_log_open,
    app_add,
    memory,
    routine,
]
_ = PYTHON
