"""Each measure runs the real thing, interleaved with its baseline in the same run.

Every start-up row: `plan.repeats` rounds (15 in the full bench, 3 with --quick), every
shell command row `plan.command_repeats` (31, 7: a round costs a fraction of a second, and
their goals sit within a few percent of what they measure, where a median of 15 still
moves by that much from run to run); each after one warm-up round that is thrown away
(none with --quick); within a round
the sides run back to back, and the order reverses every round. The ratio is the median
of the per-pair ratios, with their interquartile range (see `bench.harness`).
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench.harness import (
    BARE,
    COACH_BIN,
    FLOOR,
    MENU_FLOOR,
    MINIMAL,
    QUICK_EXERCISE,
    Database,
    Row,
    count_bytes,
    environment,
    interleave,
    menu_painted,
    minimal_painted,
    rss_mib,
    running,
    screen_text,
    send,
    settle,
    wall_time,
    watch,
)
from tests.terminal.harness import TerminalApp


@dataclass
class Plan:
    quick: bool
    folder: Path
    repeats_override: int | None = None
    _databases: dict[str, Database] = field(default_factory=dict)

    @property
    def repeats(self) -> int:
        """Rounds of every start-up row (after one warm-up round); see `command_repeats`."""
        if self.repeats_override is not None:
            return self.repeats_override
        return 3 if self.quick else 15

    @property
    def command_repeats(self) -> int:
        """Rounds of every shell command row: twice `repeats`, and one (an odd count)."""
        return 2 * self.repeats + 1

    @property
    def warm_up(self) -> bool:
        """One round first, thrown away (disk cache, bytecode); --quick skips it."""
        return not self.quick

    def env(self) -> dict[str, str]:
        return environment(self.folder / "home")

    def database(self, walks: int, name: str = "", **settings: object) -> Database:
        """The database of `walks` walks as `coach walk add` left it (built once per run)."""
        name = name or f"walks-{walks}"
        if name not in self._databases:
            path = self.folder / f"{name}.json"
            self._databases[name] = Database(path, walks, self.env(), **settings)
        return self._databases[name]


SIZES = {30: "30", 10_000: "10,000", 100_000: "100,000"}


def _app_start(db: Database, env: dict[str, str], keys: list[float] | None = None) -> float:
    """Seconds from starting `coach --db DB` to its menu fully painted; then, with `keys`,
    press down at once and add the seconds until the mark shows on the next entry."""
    with running([COACH_BIN, "--db", str(db.path)], env) as (app, began):
        painted = watch(app, menu_painted, timeout=120)
        if keys is not None:
            sent = send(app, "down")
            keys.append(watch(app, _moved_down, timeout=60) - sent)
        return painted - began


def _moved_down(screen: str) -> bool:
    return "› Walk log" in screen


def _floor_start(env: dict[str, str]) -> float:
    with running([*MENU_FLOOR, "--db", "unused"], env) as (app, began):
        return watch(app, menu_painted, timeout=60) - began


def _minimal_start(env: dict[str, str]) -> float:
    with running(MINIMAL, env) as (app, began):
        return watch(app, minimal_painted, timeout=60) - began


def startup(plan: Plan) -> list[Row]:
    """Start to menu first paint, against the menu floor (and the minimal app, for context);
    and the first key after that paint."""
    env = plan.env()
    rows: list[Row] = []
    key_rows: list[Row] = []
    floor_all: list[float] = []
    minimal_all: list[float] = []
    for walks, shown in SIZES.items():
        db = plan.database(walks)
        keys: list[float] = []

        def ours(db: Database = db, keys: list[float] = keys) -> float:
            db.restore()
            return _app_start(db, env, keys)

        app, floor, minimal = interleave(
            plan.repeats,
            [ours, lambda: _floor_start(env), lambda: _minimal_start(env)],
            warm_up=plan.warm_up,
        )
        keys = keys[-plan.repeats :]  # the warm-up round's key is thrown away with it
        floor_all += floor
        minimal_all += minimal
        judged = walks in (30, 100_000)
        row = Row(
            f"Start to menu first paint, {shown} walks, summary beside it (as any write "
            "leaves it); pty 80x24",
            "s",
            app,
            floor,
            "menu floor: the same menu in plain Textual, no database read",
            goal="<= 1.05x" if judged else "report (goal at 30 and 100,000)",
            kind="ratio" if judged else "report",
            limit=1.05 if judged else None,
            command="python -m bench --only startup",
            context=minimal,
            context_name="minimal Textual app",
            track=f"start {shown} (x floor)",
        )
        rows.append(row)
        key_rows.append(
            Row(
                f"Menu answers a key right after its first paint, {shown} walks (down sent "
                "the moment the menu is painted; timed until the mark shows on Walk log)",
                "s",
                keys,
                goal="<= 0.1 s" if judged else "report (goal at 30 and 100,000)",
                kind="absolute" if judged else "report",
                limit=0.1 if judged else None,
                command="python -m bench --only startup",
                track=f"first key {shown} (s)",
            )
        )
    floor_row = Row(
        "Menu floor (limit experiment for start-up): the same menu in plain Textual (content "
        "read, figlet title, the entries, the footer), no database read, no Back Coach code; "
        "against the minimal app, pairs pooled from the three sizes",
        "s",
        floor_all,
        minimal_all,
        "minimal Textual app",
        goal="(the start-up rows' baseline)",
        kind="floor",
        command="python bench/menu_floor.py",
        track="menu floor (x minimal)",
    )
    for row in [*rows, *key_rows]:
        row.judge()
    return [*rows, floor_row, *key_rows]


def startup_no_summary(plan: Plan) -> list[Row]:
    """Start to menu first paint when the summary is gone (deleted before each run)."""
    env = plan.env()
    rows = []
    for walks in (10_000, 100_000):
        db = plan.database(walks)

        def ours(db: Database = db) -> float:
            db.restore(summary=False)
            return _app_start(db, env)

        app, floor = interleave(
            plan.repeats, [ours, lambda: _floor_start(env)], warm_up=plan.warm_up
        )
        rows.append(
            Row(
                f"Start to menu first paint, {SIZES[walks]} walks, NO summary (`<db>.summary` "
                "deleted before each run); pty 80x24",
                "s",
                app,
                floor,
                "menu floor",
                goal="report",
                command="python -m bench --only startup_no_summary",
                track=f"start {SIZES[walks]}, no summary (x floor)",
            )
        )
    return rows


def cli(plan: Plan) -> list[Row]:
    """`coach walk add` against the bare write; `walk list --json` and `status` against the
    floors of their own work, with the summary and without it."""
    env = plan.env()
    db = plan.database(10_000)
    path = str(db.path)
    restore = db.restore
    add_args = ["--db", path, "--minutes", "5", "--at", "2020-01-01T10:00"]

    add, bare, add_floor = interleave(
        plan.command_repeats,
        [
            lambda: wall_time([COACH_BIN, "walk", "add", *add_args], env, restore),
            lambda: wall_time([*BARE, path], env, restore),
            lambda: wall_time([*FLOOR, "add", *add_args], env, restore),
        ],
        warm_up=plan.warm_up,
    )
    floor_row = Row(
        "Floor of `coach walk add` (limit experiment), 10,000 walks: argparse, the writers' "
        "lock (`fcntl.flock` on `<db>.lock`), read with `json`, one walk added under the next "
        "key, the durable atomic write, the walking plan read with `tomllib`, one line printed",
        "s",
        add_floor,
        bare,
        "bare add",
        goal="(the floor for walk add)",
        kind="floor",
        command="python bench/import_floor.py add --db DB --minutes 5 --at 2020-01-01T10:00",
    )
    add_row = Row(
        "`coach walk add`, 10,000 walks (database and summary restored before each run, out "
        "of the timing, for both sides)",
        "s",
        add,
        bare,
        "bare add: `json` read, one walk added, durable atomic write; no TinyDB",
        goal="<= 1.3x",
        kind="ratio",
        limit=1.3,
        command="python -m bench --only cli",
        floor=floor_row.measure,
        track="walk add (x bare)",
    )
    add_row.judge(floor_row)
    restore()  # the readers never write: the file stays as the command left it
    with_summary, without = db.put_summary, db.drop_summary
    listing = [COACH_BIN, "walk", "list", "--json", "--db", path]
    status = [COACH_BIN, "status", "--db", path]
    runs: list[Callable[[], float]] = [
        lambda: wall_time(listing, env, with_summary),
        lambda: wall_time([*FLOOR, "list", "--json", "--db", path], env, with_summary),
        lambda: wall_time(listing, env, without),
        lambda: wall_time([*FLOOR, "list-check", "--json", "--db", path], env, without),
        lambda: wall_time(status, env, with_summary),
        lambda: wall_time([*FLOOR, "status", "--db", path], env, with_summary),
        lambda: wall_time(status, env, without),
        lambda: wall_time([*FLOOR, "status-check", "--db", path], env, without),
        lambda: wall_time([*BARE, path, "read"], env, with_summary),
    ]
    s = interleave(plan.command_repeats, runs, warm_up=plan.warm_up)
    bare_read = s[8]
    floors = {
        "list": (
            "argparse for the same arguments, read the file with `json`, the walks ordered "
            "newest first by started_at, each given its id, dumped as JSON to stdout",
            "list --json --db DB",
        ),
        "list-check": (
            "the same as the floor with the summary, plus every record checked with the "
            "project's own checker (`coach.store.documents.problems_in` on the parsed data)",
            "list-check --json --db DB",
        ),
        "status": (
            "argparse, `<db>.summary` read with `json`, `os.stat` of the database compared "
            "with the summary's signature, the walking plan read with `tomllib`, one line "
            "printed",
            "status --db DB",
        ),
        "status-check": (
            "argparse, the database read with `json`, every record checked with "
            "`problems_in`, the last walk end found, the walking plan read with `tomllib`, "
            "one line printed",
            "status-check --db DB",
        ),
    }
    rows = [add_row, floor_row]
    commands = [
        ("`coach walk list --json`", "list", "walk list"),
        ("`coach status`", "status", "status"),
    ]
    index = 0
    for title, mode, short in commands:
        for summary in (True, False):
            ours, floor = s[index], s[index + 1]
            index += 2
            floor_mode = mode if summary else f"{mode}-check"
            does, args = floors[floor_mode]
            state = (
                "with the summary (as a write leaves it)"
                if summary
                else "WITHOUT the summary (deleted before each run)"
            )
            floor_row = Row(
                f"Floor of {title} {state}, 10,000 walks (limit experiment): {does}",
                "s",
                floor,
                bare_read,
                "bare read (`json` only)",
                goal="(the command's baseline)",
                kind="floor",
                command=f"python bench/import_floor.py {args}",
            )
            row = Row(
                f"{title}, 10,000 walks, {state}",
                "s",
                ours,
                floor,
                f"its floor: {does}",
                goal="<= 1.1x",
                kind="ratio",
                limit=1.1,
                command="python -m bench --only cli",  # its baseline is its floor
                track=f"{short}{'' if summary else ', no summary'} (x floor)",
            )
            row.judge()
            rows += [row, floor_row]
    return rows


def _table_cursor_line(screen: TerminalApp, header: str = "Date") -> tuple[int, int] | None:
    """(header line, first data line) of the walk log's table, found on the screen."""
    lines = screen_text(screen).splitlines()
    for y, line in enumerate(lines):
        if header in line and "Terrain" in line and "Leg pain" in line:
            return y, y + 1
    return None


def _cursor_on(app: TerminalApp, which: int, cursor_bg: str) -> bool:
    """True if the table's cursor band (its colour) is on data row `which` (0 is the first)
    and not on the others next to it: the highlight a person sees move."""
    found = _table_cursor_line(app)
    if found is None:
        return False
    _, first = found
    buffer = app.screen.buffer
    colours = [buffer[first + i][10].bg for i in range(3) if first + i < app.screen.lines]
    return len(colours) == 3 and [c == cursor_bg for c in colours] == [i == which for i in range(3)]


def _walk_log_run(
    db: Database, env: dict[str, str], samples: dict[str, list[float]], with_save: bool
) -> float:
    """Start the app, open the walk log (timed); with `with_save`: a key with no save (for
    context), then s (start a walk: the whole file written) and the same key at once."""
    from coach.store.files import file_signature

    db.restore()
    with running([COACH_BIN, "--db", str(db.path)], env) as (app, _):
        watch(app, menu_painted, timeout=120)
        settle(app, 0.3)
        sent = send(app, "w")
        opened = watch(app, lambda s: "Page 1 of" in s, timeout=120) - sent
        if not with_save:
            return opened
        settle(app, 0.3)
        found = _table_cursor_line(app)
        assert found is not None, screen_text(app)
        cursor_bg = app.screen.buffer[found[1]][10].bg
        send(app, "down")  # once untimed: the first move's own start-up cost is not the save's
        watch(app, lambda s: _cursor_on(app, 1, cursor_bg))
        send(app, "up")
        watch(app, lambda s: _cursor_on(app, 0, cursor_bg))
        settle(app, 0.2)
        sent = send(app, "down")
        samples["no save"].append(watch(app, lambda s: _cursor_on(app, 1, cursor_bg)) - sent)
        send(app, "up")
        watch(app, lambda s: _cursor_on(app, 0, cursor_bg))
        settle(app, 0.2)
        before = file_signature(db.path)
        send(app, "s")  # start a walk: the app writes the whole file
        time.sleep(0.05)
        sent = send(app, "down")
        shown = watch(app, lambda s: _cursor_on(app, 1, cursor_bg), timeout=120)
        samples["save"].append(shown - sent)
        samples["unwritten"].append(float(file_signature(db.path) == before))
        deadline = time.monotonic() + 60
        while file_signature(db.path) == before and time.monotonic() < deadline:
            settle(app, 0.02)
        if file_signature(db.path) == before:
            raise AssertionError("s on the walk log saved nothing: the save row would be void")
        return opened


def walk_log_open(plan: Plan) -> list[Row]:
    """Opening the walk log (to its table painted) at 10,000 and 100,000 walks; and at
    100,000, a key answered while a save of the whole file runs."""
    env = plan.env()
    rows = []
    saving: dict[str, list[float]] = {"no save": [], "save": [], "unwritten": []}
    for walks, goal in ((10_000, 0.3), (100_000, 2.0)):
        db = plan.database(walks)

        def run(db: Database = db, with_save: bool = walks == 100_000) -> float:
            return _walk_log_run(db, env, saving, with_save)

        (opened,) = interleave(plan.repeats, [run], warm_up=plan.warm_up)
        row = Row(
            f"Opening the walk log, {SIZES[walks]} walks (w pressed on the menu, timed until "
            'its table is painted: "Page 1 of")',
            "s",
            opened,
            goal=f"<= {goal} s",
            kind="absolute",
            limit=goal,
            command="python -m bench --only walk_log_open",
            track=f"walk log {SIZES[walks]} (s)",
        )
        row.judge()
        rows.append(row)
    keep = plan.repeats
    unwritten = saving["unwritten"][-keep:]
    save_row = Row(
        "A key answered while a save runs, 100,000 walks: on the walk log, s (starts a walk: "
        "the app writes the whole file), 0.05 s later down; timed until the table's highlight "
        "shows on the next row",
        "s",
        saving["save"][-keep:],
        goal="<= 0.1 s",
        kind="absolute",
        limit=0.1,
        command="python -m bench --only walk_log_open",
        context=saving["no save"][-keep:],
        context_name="the same key with no save running",
        note=(
            f"In {sum(unwritten):.0f} of {len(unwritten)} runs the file was not yet written "
            "when the highlight moved (the key was answered during the save)."
        ),
        track="key during save 100,000 (s)",
    )
    save_row.judge()
    return [*rows, save_row]


def app_add(plan: Plan) -> list[Row]:
    """The store's add in-process (as the app saves a walk), against the bare atomic write
    of the same file, pair by pair."""
    from datetime import UTC, datetime, timedelta

    from coach.model.records import Walk
    from coach.store.database import Store

    db = plan.database(10_000)
    db.restore()
    store = Store.open(db.path, kept_open=True)
    start_at = datetime.now(UTC) - timedelta(hours=1)
    walk = Walk(start_at, start_at + timedelta(minutes=10), 10)
    data = json.loads(db.raw)
    walks = data["walks"]
    bare_path = db.path.with_name("bare-add.json")

    def ours() -> float:
        began = time.perf_counter()
        store.add_walk(walk)
        return time.perf_counter() - began

    def bare() -> float:
        began = time.perf_counter()
        walks[str(max(map(int, walks)) + 1)] = dict(next(iter(walks.values())))
        _bare_atomic_write(data, bare_path)
        return time.perf_counter() - began

    ours_s, bare_s = interleave(max(15, plan.repeats), [ours, bare])  # cheap: always 15+
    row = Row(
        "Adding one walk in the app (the store's add, in-process, file already read), "
        "10,000 walks; both files grow by one walk a pair",
        "s",
        ours_s,
        bare_s,
        "bare atomic write of the same file (one walk added, `json.dumps`, durable)",
        goal="<= 1.5x",
        kind="ratio",
        limit=1.5,
        command="python -m bench --only app_add",
        track="app add (x bare)",
    )
    row.judge()
    return [row]


def _bare_atomic_write(data: object, path: Path) -> None:
    """The durable atomic write: temp file, write, flush, fsync, rename, fsync of the folder."""
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


# The screens' own costs: bytes, CPU, memory.


def _open_hold(app: TerminalApp) -> None:
    watch(app, menu_painted, timeout=60)
    app.press("enter")
    app.wait_for("Step 1 of")
    app.press("n")
    app.wait_for("Press space")


def hold(plan: Plan) -> list[Row]:
    db = plan.database(
        30, "hold", get_ready_seconds=0, choices={"cat-cow": {"hold_seconds": 30, "reps": 2}}
    )
    window = 8.0 if plan.quick else 28.0
    rates, cpus = [], []
    for _ in range(1 if plan.quick else 3):
        db.restore()
        with running([COACH_BIN, "--db", str(db.path)], plan.env()) as (app, _):
            _open_hold(app)
            app.press("space")
            app.wait_for("Holding")
            settle(app, 1.0)  # the window starts once the hold's first frames are out
            sent, cpu = count_bytes(app, window)
            rates.append(sent / window)
            cpus.append(100 * cpu / window)
    bytes_row = Row(
        f"Bytes to the terminal per second during a 30 s hold ({window:.0f} s windows, one "
        "app per sample)",
        "B/s",
        rates,
        goal="<= 600 B/s",
        kind="absolute",
        limit=600,
        command="python -m bench --only hold",
    )
    cpu_row = Row(
        f"CPU while a hold runs ({window:.0f} s windows, one app per sample)",
        "%",
        cpus,
        goal="<= 1.5 %",
        kind="absolute",
        limit=1.5,
        command="python -m bench --only hold",
        track="hold CPU (%)",
    )
    bytes_row.judge()
    cpu_row.judge()
    return [bytes_row, cpu_row]


def idle(plan: Plan) -> list[Row]:
    db = plan.database(30, "idle", get_ready_seconds=0)
    env = plan.env()
    window = 5.0 if plan.quick else 10.0

    def ours() -> float:
        db.restore()
        with running([COACH_BIN, "--db", str(db.path)], env) as (app, _):
            watch(app, menu_painted, timeout=60)
            settle(app, 1.0)
            return 100 * count_bytes(app, window)[1] / window

    def base() -> float:
        with running(MINIMAL, env) as (app, _):
            watch(app, minimal_painted, timeout=60)
            settle(app, 1.0)
            return 100 * count_bytes(app, window)[1] / window

    ours_s, base_s = interleave(1 if plan.quick else 3, [ours, base], warm_up=False)
    row = Row(
        f"CPU while the menu sits idle ({window:.0f} s windows, pairs with the minimal app)",
        "%",
        ours_s,
        base_s,
        "minimal app idle",
        goal="<= minimal + 0.1 points",
        kind="difference",
        limit=0.1,
        command="python -m bench --only idle",
    )
    row.judge()
    return [row]


def quiet_screens(plan: Plan) -> list[Row]:
    db = plan.database(30, "quiet", get_ready_seconds=0)
    window = 3.0 if plan.quick else 10.0
    results: dict[str, int] = {}
    db.restore()
    with running([COACH_BIN, "--db", str(db.path)], plan.env()) as (app, _):
        watch(app, menu_painted, timeout=60)

        def measure(name: str) -> None:
            settle(app, 1.0)
            results[name] = count_bytes(app, window)[0]

        measure("idle menu")
        app.press("r")
        app.wait_for("Resting positions")
        measure("rest guide")
        app.press("escape")
        app.press("w")
        app.wait_for("Today:")  # the walk log's glance: shown once its worker has read the log
        measure("walk log table")
        app.press("escape")
        app.press("enter")
        app.wait_for("Step 1 of")
        app.press("n", "space")
        settle(app, 2.0)
        app.press("space")
        app.wait_for("Paused")
        measure("paused hold")
    rows = []
    for name, sent in results.items():
        row = Row(
            f"Bytes written in {window:.0f} s: {name}",
            "B",
            [float(sent)],
            goal="0",
            kind="absolute",
            limit=0,
            command="python -m bench --only quiet_screens",
        )
        row.judge()
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
        f"Error at the end of a {seconds} s hold, loop blocked 2.5 s (in-process; judged on "
        "the worst sample)",
        "ms",
        errors,
        goal="<= 50 ms (worst)",
        kind="worst",
        limit=50,
        command="python -m bench --only hold_end_error",
    )
    row.judge()
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


def memory(plan: Plan) -> list[Row]:
    db = plan.database(10_000)
    env = plan.env()

    def ours() -> float:
        db.restore()
        with running([COACH_BIN, "--db", str(db.path)], env) as (app, _):
            watch(app, menu_painted, timeout=60)
            app.press("w")
            app.wait_for(lambda s: "Page 1 of" in s, timeout=60)
            settle(app, 1.0)
            return rss_mib(app.process.pid)

    def base() -> float:
        with running(MINIMAL, env) as (app, _):
            watch(app, minimal_painted, timeout=60)
            settle(app, 1.0)
            return rss_mib(app.process.pid)

    ours_s, base_s = interleave(1 if plan.quick else 3, [ours, base], warm_up=False)
    row = Row(
        "Resident memory, walk log open on 10,000 walks (pairs with the minimal app)",
        "MiB",
        ours_s,
        base_s,
        "minimal app",
        goal="<= 1.5x",
        kind="ratio",
        limit=1.5,
        command="python -m bench --only memory",
        track="memory (x minimal)",
    )
    row.judge()
    return [row]


def routine(plan: Plan) -> list[Row]:
    if plan.quick:  # a shorter routine of the same shape: 3 s holds, no get-ready count
        db = plan.database(30, "routine-quick", get_ready_seconds=0)
        folder = plan.folder / "quick-content"
        folder.mkdir(exist_ok=True)
        (folder / "quick.toml").write_text(QUICK_EXERCISE.replace("5", "3"))
        args = [COACH_BIN, "--db", str(db.path), "--content", str(folder)]
        label = (
            "Total bytes for a whole routine (quick: cat-cow's shape, 2 reps, 3 s holds, "
            "no get-ready count)"
        )
    else:
        db = plan.database(30, "routine")
        args = [COACH_BIN, "--db", str(db.path)]
        label = "Total bytes for a whole cat-cow routine (2 reps, 15 s holds)"
    db.restore()
    first = "› Bench quick" if plan.quick else "› Cat-cow"  # the routine's entry comes first
    with running(args, plan.env()) as (app, _):
        watch(app, lambda s: first in s and "palette" in s, timeout=60)
        settle(app, 0.3)
        before = app.bytes_read
        app.press("enter", "n", "space")
        app.wait_for(lambda s: ": done" in s, timeout=120)
        sent = app.bytes_read - before
    return [Row(label, "B", [float(sent)], command="python -m bench --only routine")]


ALL = [
    startup,
    startup_no_summary,
    cli,
    walk_log_open,
    app_add,
    hold,
    idle,
    quiet_screens,
    hold_end_error,
    memory,
    routine,
]

# Rough seconds each measure takes on the 2-core machine the docs come from: (fixed, per
# round); a round is one of `plan.repeats` (plus the warm-up round) of the rows above. The
# fixed part of the first measure includes building the shared databases.
COST: dict[str, tuple[float, float]] = {
    "startup": (8.0, 7.0),
    "startup_no_summary": (0.0, 4.5),
    "cli": (0.0, 6.0),  # per round of `repeats`: two of `command_repeats`
    "walk_log_open": (0.0, 8.0),
    "app_add": (4.0, 0.0),
    "hold": (96.0, 0.0),
    "idle": (72.0, 0.0),
    "quiet_screens": (50.0, 0.0),
    "hold_end_error": (100.0, 0.0),
    "memory": (15.0, 0.0),
    "routine": (80.0, 0.0),
}
QUICK_FIXED = {  # the fixed part with --quick (shorter windows, one sample)
    "hold": 14.0,
    "idle": 16.0,
    "quiet_screens": 20.0,
    "hold_end_error": 9.0,
    "memory": 6.0,
    "routine": 22.0,
}
GROWTH_COST = (1.0, 10.0)


def estimate(name: str, plan: Plan) -> float:
    """Expected seconds for one measure (or "growth") with this plan's rounds."""
    fixed, per_round = GROWTH_COST if name == "growth" else COST.get(name, (0.0, 0.0))
    if plan.quick:
        fixed = QUICK_FIXED.get(name, fixed)
    return fixed + per_round * (plan.repeats + (1 if plan.warm_up else 0))
