"""The store's quick add (`coach walk add` without TinyDB) against the Store it stands in for.

Same file, byte for byte; same ids, counters, backup and summary; the same refusals
with the file untouched; the same lock; and none of TinyDB, Textual, pyfiglet or rich.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest

from coach.errors import DamagedDatabase, LockTimeout, NewerDatabase, StoreError, UsageError
from coach.model.records import CareItem, CareKind, SessionRecord, SessionStatus, Terrain, Walk
from coach.model.settings import Settings
from coach.store import quick_write
from coach.store.codec import walk_to_doc
from coach.store.database import Store
from coach.store.documents import SCHEMA_VERSION, walk_document
from coach.store.files import file_signature
from coach.store.lock import DatabaseLock
from coach.store.quick_write import add_walk
from coach.store.summary import summary_path, vouches_for

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
DAY = date(2026, 5, 4)


def walk(n: int, **details: Any) -> Walk:
    start = NOW - timedelta(hours=3 * n)
    return Walk(start, start + timedelta(minutes=10 + n), 10 + n, **details)


def build(path: Path) -> None:
    """A file with every table: walks (the newest deleted, so its id is a gap), settings,
    a session, an appointment, and a walk under way (it holds the next id already)."""
    store = Store(path, today=lambda: DAY)
    for n in range(6, 0, -1):
        store.add_walk(walk(n, terrain=Terrain.HILLY if n % 2 else Terrain.FLAT, note=f"w{n}"))
    store.save_settings(Settings(waking_start=clock_time(7, 0), about_acknowledged=True))
    store.add_session(
        SessionRecord("cat-cow", NOW, NOW, SessionStatus.COMPLETED, 2, 2, 15, False, 1)
    )
    store.add_care(CareItem(CareKind.APPOINTMENT, NOW, at=NOW + timedelta(days=2), who="Dr Lee"))
    store.delete_walk(store.walks()[0])
    store.start_walk(NOW - timedelta(minutes=5))


def twins(tmp_path: Path) -> tuple[Path, Path]:
    """The same database, built the same way in two folders (each with its own summary)."""
    paths = (tmp_path / "store" / "backcoach.json", tmp_path / "quick" / "backcoach.json")
    for path in paths:
        build(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    return paths


def summary_of(path: Path) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads(summary_path(path).read_text())
    summary.pop("signature")
    backup = summary.pop("backup")
    if backup is not None:
        name, size, _ = backup  # the mtime is the copy's own
        summary["backup name and size"] = [name, size]
    return summary


def backups_of(path: Path) -> dict[str, bytes]:
    folder = path.with_name(path.name + ".backups")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("vouched", [True, False], ids=["summary", "no-summary"])
@pytest.mark.parametrize("day", [DAY, DAY + timedelta(days=1)], ids=["same-day", "next-day"])
def test_the_quick_add_leaves_what_the_store_leaves(
    tmp_path: Path, vouched: bool, day: date
) -> None:
    by_store, by_quick = twins(tmp_path)
    if not vouched:
        for path in (by_store, by_quick):
            summary_path(path).unlink()
    new = walk(0, terrain=Terrain.HILLY, leg_pain=True, pain=3, note="héllo ✓ \u200d")
    store_id = Store(by_store, today=lambda: day).add_walk(new)
    quick_id = add_walk(by_quick, walk_to_doc(new), today=lambda: day)
    assert quick_id == store_id == 8  # 6 walks, 6 deleted, 7 held by the walk under way
    assert by_quick.read_bytes() == by_store.read_bytes()
    assert summary_of(by_quick) == summary_of(by_store)
    assert backups_of(by_quick) == backups_of(by_store)
    assert len(backups_of(by_quick)) == (1 if day == DAY else 2)
    assert vouches_for(by_quick, file_signature(by_quick))
    assert stat.S_IMODE(by_quick.stat().st_mode) == 0o600
    reread = Store.open(by_quick)
    assert reread.walks() == Store.open(by_store).walks()
    assert reread.walk(quick_id) == Store.open(by_store).walk(store_id)
    # the counters agree too: the next id from either file is the same
    assert Store(by_quick).add_walk(walk(9)) == Store(by_store).add_walk(walk(9)) == 9


def test_a_long_log_is_written_in_the_same_bytes(tmp_path: Path) -> None:
    """More walks than the Store encodes in one piece, notes in any script."""
    walks = {
        str(n): {**GOOD_WALK, "minutes": 1 + n % 600, "note": "\u00e9\u2028\U0001f600" * (n % 3)}
        for n in range(1, 1300)
    }
    content = json.dumps({"meta": META, "walks": walks}, ensure_ascii=False).encode()
    by_store, by_quick = tmp_path / "a" / "backcoach.json", tmp_path / "b" / "backcoach.json"
    for path in (by_store, by_quick):
        path.parent.mkdir()
        path.write_bytes(content)
    assert Store(by_store).add_walk(walk(0)) == add_walk(by_quick, walk_to_doc(walk(0))) == 1300
    assert by_quick.read_bytes() == by_store.read_bytes()


def test_tinydb_reads_a_file_the_quick_add_wrote(tmp_path: Path) -> None:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    path = tmp_path / "quick" / "backcoach.json"
    build(path)
    walk_id = add_walk(path, walk_to_doc(walk(0)))
    db = TinyDB(path, storage=JSONStorage, access_mode="r")
    try:
        assert db.table("walks").get(doc_id=walk_id) == walk_to_doc(walk(0))
        assert db.table("meta").get(doc_id=1)["next_walk_id"] == walk_id + 1  # type: ignore[index]
    finally:
        db.close()


def test_a_walk_is_stored_as_the_codec_stores_it() -> None:
    """Any offset becomes UTC to the second, the fields in the codec's order."""
    local = {
        "started_at": "2026-05-04T11:00:00.700+02:00",
        "ended_at": "2026-05-04T11:10:00+02:00",
        "minutes": 10,
        "terrain": Terrain.FLAT,
        "leg_pain": False,
    }
    stored = walk_document(local)
    expected = walk_to_doc(Walk(NOW - timedelta(hours=1), NOW - timedelta(minutes=50), 10))
    assert stored == expected and list(stored) == list(expected)
    assert type(stored["terrain"]) is str


def test_a_walk_out_of_bounds_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "quick" / "backcoach.json"
    build(path)
    before = path.read_bytes()
    bad = {**walk_to_doc(walk(0)), "minutes": 0}
    with pytest.raises(UsageError, match="not saved: walk: minutes"):
        add_walk(path, bad)
    assert path.read_bytes() == before


GOOD_WALK = {
    "started_at": "2026-05-01T09:00:00+00:00",
    "ended_at": "2026-05-01T09:15:00+00:00",
    "minutes": 15,
    "terrain": "flat",
    "leg_pain": False,
    "pain": None,
    "note": "",
}
META = {"1": {"schema_version": SCHEMA_VERSION, "next_walk_id": 2, "next_session_id": 1}}
DAMAGED = {
    "empty": b"",
    "not JSON": b'{"walks": {"1": {"started_at"',
    "not UTF-8": b"{\x80}",
    "not tables": b"[1, 2]",
    "a table that is a list": b'{"walks": [1]}',
    "a walk out of bounds": json.dumps(
        {"meta": META, "walks": {"1": {**GOOD_WALK, "minutes": 9999}}}
    ).encode(),
    "a repeated key": b'{"meta": %s, "walks": {"1": %s, "1": %s}}'
    % (json.dumps(META).encode(), json.dumps(GOOD_WALK).encode(), json.dumps(GOOD_WALK).encode()),
    "a lone surrogate": json.dumps(
        {"meta": META, "walks": {"1": {**GOOD_WALK, "note": "\ud800"}}}
    ).encode(),
    "settings that do not read": json.dumps(
        {"meta": META, "settings": {"1": {"bell": "loud"}}}
    ).encode(),
    "a session out of bounds": json.dumps(
        {"meta": META, "sessions": {"1": {"status": "maybe"}}}
    ).encode(),
    "a schema version that is not one": json.dumps(
        {"meta": {"1": {"schema_version": "4"}}, "walks": {}}
    ).encode(),
    "a bad counter": json.dumps(
        {"meta": {"1": {"schema_version": SCHEMA_VERSION, "next_walk_id": "2"}}}
    ).encode(),
    "an old file with a bad walk": json.dumps(
        {"meta": {"1": {"schema_version": 1}}, "walks": {"1": {"minutes": "ten"}}}
    ).encode(),
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_refused_as_the_store_refuses_it_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    messages = []
    for name, add in (
        ("store", lambda path: Store(path).add_walk(walk(0))),
        ("quick", lambda path: add_walk(path, walk_to_doc(walk(0)))),
    ):
        path = tmp_path / name / "backcoach.json"
        path.parent.mkdir()
        path.write_bytes(content)
        with pytest.raises(DamagedDatabase) as raised:
            add(path)
        assert path.read_bytes() == content
        assert not path.with_name(path.name + ".backups").exists()
        assert not summary_path(path).exists()
        messages.append(str(raised.value).replace(str(tmp_path / name), "DIR"))
    assert messages[0] == messages[1]
    assert len(messages[1].splitlines()) == 1


SMALL_FILES = {
    "no tables": b"{}",
    "settings only": json.dumps(
        {
            "settings": {"1": {"about_acknowledged": True}},
            "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        }
    ).encode(),
    "counters behind the ids, tables out of order": json.dumps(
        {
            "walks": {"3": GOOD_WALK, "9": GOOD_WALK, "4": GOOD_WALK},
            "meta": {"1": {"next_walk_id": 2, "schema_version": SCHEMA_VERSION}},
            "active_walk": {"1": {"started_at": GOOD_WALK["started_at"], "walk_id": 12}},
        }
    ).encode(),
    "two meta records": json.dumps(
        {
            "meta": {  # the first (lowest id) counts, and is saved again as the last
                "1": {"schema_version": SCHEMA_VERSION, "next_walk_id": 5},
                "2": {"schema_version": SCHEMA_VERSION, "next_walk_id": 7},
            },
            "walks": {"1": GOOD_WALK},
        }
    ).encode(),
}


@pytest.mark.parametrize("content", SMALL_FILES.values(), ids=SMALL_FILES.keys())
def test_files_of_every_shape_end_as_the_store_leaves_them(tmp_path: Path, content: bytes) -> None:
    """Tables missing or out of order, counters behind the ids, the walk under way's id."""
    by_store, by_quick = tmp_path / "a" / "backcoach.json", tmp_path / "b" / "backcoach.json"
    for path in (by_store, by_quick):
        path.parent.mkdir()
        path.write_bytes(content)
    store_id = Store(by_store, today=lambda: DAY).add_walk(walk(0))
    assert add_walk(by_quick, walk_to_doc(walk(0)), today=lambda: DAY) == store_id
    assert by_quick.read_bytes() == by_store.read_bytes()
    assert backups_of(by_quick) == backups_of(by_store) == {"backcoach-2026-05-04.json": content}
    assert summary_of(by_quick) == summary_of(by_store)


def test_a_newer_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "backcoach.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}))
    before = path.read_bytes()
    with pytest.raises(NewerDatabase, match="newer Back Coach"):
        add_walk(path, walk_to_doc(walk(0)))
    assert path.read_bytes() == before


def test_an_older_file_goes_to_the_store_which_keeps_a_copy_and_upgrades_it(
    tmp_path: Path,
) -> None:
    old = {"walks": {"1": {k: v for k, v in GOOD_WALK.items() if k not in ("pain", "note")}}}
    by_store, by_quick = tmp_path / "a" / "backcoach.json", tmp_path / "b" / "backcoach.json"
    for path in (by_store, by_quick):
        path.parent.mkdir()
        path.write_text(json.dumps(old))
    assert Store(by_store, today=lambda: DAY).add_walk(walk(0)) == 2
    assert add_walk(by_quick, walk_to_doc(walk(0)), today=lambda: DAY) == 2
    assert by_quick.read_bytes() == by_store.read_bytes()
    kept = by_quick.with_name(by_quick.name + ".schema-0.bak")
    assert json.loads(kept.read_text()) == old
    assert Store.open(by_quick).schema_version() == SCHEMA_VERSION


def test_a_new_file_is_made_as_the_store_makes_it(tmp_path: Path) -> None:
    by_store, by_quick = tmp_path / "a" / "backcoach.json", tmp_path / "b" / "backcoach.json"
    assert Store(by_store).add_walk(walk(0)) == add_walk(by_quick, walk_to_doc(walk(0))) == 1
    assert by_quick.read_bytes() == by_store.read_bytes()
    assert summary_of(by_quick) == summary_of(by_store)
    assert stat.S_IMODE(by_quick.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(by_quick.stat().st_mode) == 0o600
    assert not by_quick.with_name(by_quick.name + ".backups").exists()  # nothing to back up


def test_a_link_in_place_of_the_database_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "data" / "backcoach.json"
    build(path)
    target = tmp_path / "elsewhere.json"
    shutil.copyfile(path, target)
    link = tmp_path / "data" / "linked.json"
    link.symlink_to(target)
    before = target.read_bytes()
    # `--db` names the file through links (resolved once); a link planted beside it
    # at read time is refused, never followed
    with pytest.raises(StoreError):
        quick_write._add(link, walk_to_doc(walk(0)), lambda: DAY)
    assert target.read_bytes() == before


def test_stale_temporary_files_are_swept_inside_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "data" / "backcoach.json"
    build(path)
    stale = path.with_name(f".{path.name}.abcd1234.tmp")
    stale.write_bytes(b"half a file")
    other = path.with_name("notes.txt.abcd1234.tmp")
    other.write_bytes(b"not ours")
    add_walk(path, walk_to_doc(walk(0)))
    assert not stale.exists() and other.exists()


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path) + ".lock", str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_the_quick_add_waits_for_the_lock_and_gives_up_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "backcoach.json"
    build(path)
    before = path.read_bytes()
    monkeypatch.setattr(quick_write, "DatabaseLock", functools.partial(DatabaseLock, timeout=0.3))
    holder = hold_lock(path, 60)
    try:
        began = time.monotonic()
        with pytest.raises(LockTimeout, match="another Back Coach process has held") as raised:
            add_walk(path, walk_to_doc(walk(0)))
        assert time.monotonic() - began >= 0.3
    finally:
        holder.kill()
        holder.wait()
    assert len(str(raised.value).splitlines()) == 1
    assert path.read_bytes() == before
    # held for a moment only: the add waits its turn, then saves
    monkeypatch.setattr(quick_write, "DatabaseLock", functools.partial(DatabaseLock, timeout=5))
    holder = hold_lock(path, 0.4)
    try:
        began = time.monotonic()
        assert add_walk(path, walk_to_doc(walk(0))) == 8
        assert time.monotonic() - began >= 0.2
    finally:
        holder.kill()
        holder.wait()


def environment(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {**keep, "PYTHONPATH": str(REPO), "TZ": "UTC", **extra}


@pytest.mark.parametrize("existing", [True, False], ids=["a file", "no file yet"])
def test_walk_add_loads_neither_tinydb_nor_the_store_nor_the_ui(
    tmp_path: Path, existing: bool
) -> None:
    """Nor the settings' model: the summary vouches for the settings as for the walks."""
    path = tmp_path / "data" / "backcoach.json"
    if existing:
        build(path)
    script = (
        "import sys, io, contextlib, json\n"
        "from coach.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['walk', 'add', '--db', sys.argv[1], '--minutes', '12'])\n"
        "names = ('tinydb', 'textual', 'pyfiglet', 'rich', 'coach.store.database',\n"
        "         'coach.model.settings')\n"
        "print(json.dumps([code, sorted(m for m in names if m in sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env=environment(),
    )
    assert json.loads(done.stdout) == [0, []]
    assert len(Store.open(path).walks()) == (6 if existing else 1)


WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from coach.store.quick_write import add_walk
doc = {"started_at": "2026-05-04T08:00:00+00:00", "ended_at": "2026-05-04T08:10:00+00:00",
       "minutes": 10, "terrain": "flat", "leg_pain": False, "pain": None, "note": "killed"}
add_walk(Path(sys.argv[1]), doc)
"""


@pytest.mark.parametrize("point", ["after-temp-write", "after-rename", "disk-full"])
def test_a_writer_killed_or_refused_at_a_fault_point_leaves_a_whole_file(
    tmp_path: Path, point: str
) -> None:
    path = tmp_path / "data" / "backcoach.json"
    build(path)
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment(COACH_FAULT=point),
        check=False,
    )
    notes = [w.note for w in Store.open(path).walks()]
    if point == "after-rename":  # saved, then killed before the summary was written
        assert done.returncode < 0 and "killed" in notes
        assert not vouches_for(path, file_signature(path))
    else:
        assert path.read_bytes() == before and "killed" not in notes
        assert ("no space left" in done.stderr) == (point == "disk-full")
    # the next add sweeps what the killed writer left, and never gives an id twice
    new_id = add_walk(path, walk_to_doc(walk(0)))
    assert new_id == (9 if point == "after-rename" else 8)
    assert not list(path.parent.glob(f".{path.name}.*.tmp"))


@pytest.mark.parametrize("name", ["quick_write", "checked"])
def test_the_quick_paths_load_no_record_model_and_no_tinydb(name: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, coach.store.{name}; "
            "print(sorted(m for m in ('tinydb', 'textual', 'coach.store.database', "
            "'coach.model.records', 'coach.model.settings', 'dataclasses') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env=environment(),
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("values", "canonical"),
    [
        ([], True),
        (["2026-05-04T09:00:00+00:00", "2026-05-04T10:00:00+00:00"], True),
        (["2026-05-04T09:00:00+00:06"], False),  # another offset
        (["2026-05-04T09:00:00+01:00"], False),
        (["2026-05-04T09:00:00+00:00", "2026-05-04T09:00:00+10:00"], False),  # each digit
        (["2026-05-04T09:00:00+00:30", "2026-05-04T09:00:00+00:00"], False),
        (["2026-05-04T09:00:00-00:00"], False),
        (["202d-05-04T09:00:00+00:00"], False),  # a letter d, not a digit
        (["2026-05-04T09:00:0\u0663+00:00"], False),  # an Arabic-Indic digit
        (["2026-05-04T09:00:00Z"], False),
        (["2026-05-04T09:00:00+00:00+"], False),
        (["2026-05-04T09:00:00+00:002026-05-04T09:00:00+00:00"], False),  # two in one
        (["2026-05-04T09:00:00+00:00", None], False),
    ],
)
def test_stored_times_sort_as_text_only_in_the_writers_form(
    values: list[Any], canonical: bool
) -> None:
    """The one test on which ordering and the latest time rely (at C speed)."""
    from coach.store.documents import _canonical_times

    assert _canonical_times(values) is canonical
