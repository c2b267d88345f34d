"""The attacks of issue 10, tried as a hostile or careless person would, at the store and shell.

Each test checks the very failure the issue's Why describes, and failed on the code
before it (`git show 01a6432:coach/store.py`); a few parametrised tries guard paths
that held even then. Two app windows are two `Store` objects on one file; the shell
is a real `coach` process. Tests are named test_<class>_..., after the classes in
`tests.reliability.attacks`, which docs/RELIABILITY.md lists with each one's result.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.errors import DamagedDatabase, StaleRecord, UsageError
from coach.model.records import SessionRecord, SessionStatus, Walk
from coach.plain import safe_text
from coach.store.database import Store
from coach.store.maintenance import set_aside
from tests.reliability.attacks import (
    ATTACK_CLASSES,
    ESC,
    HOSTILE_NOTE,
    NOW,
    coach,
    coach_on_terminal,
    finish,
    held_lock,
    one_clear_line,
    shell_env,
    start_coach,
    stored_walks,
    text,
    tree,
    walk_doc,
    write_database,
)
from tests.reliability.scenarios import COACH, REPO

TODAY = date(2026, 5, 4)
MOMENT = datetime.fromisoformat(NOW)


@pytest.fixture
def place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The test's own folder, with the same fixed clock as the shell processes."""
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    return tmp_path


def walk_at(hour: int, minutes: int = 15, note: str = "") -> Walk:
    start = datetime(2026, 5, 4, hour, tzinfo=UTC)
    return Walk(start, start + timedelta(minutes=minutes), minutes, note=note)


def saved_id(done: subprocess.CompletedProcess[bytes]) -> int:
    found = re.search(r"walk (\d+) saved", text(done.stdout))
    assert found, text(done.stdout)
    return int(found[1])


def notes_in(path: Path) -> list[str]:
    return sorted(doc["note"] for doc in stored_walks(path).values())


# Ids reused.


def test_ids_a_deleted_id_is_never_given_again_and_stale_windows_are_refused(place: Path) -> None:
    db = place / "backcoach.json"
    deleting = Store(db)
    for hour in (7, 8, 9):
        deleting.add_walk(walk_at(hour, note=f"walk at {hour}"))
    editing, confirming = Store(db), Store(db)
    in_the_form, in_the_confirm = editing.walk(3), confirming.walk(3)
    assert in_the_form is not None and in_the_confirm is not None
    newest = deleting.walk(3)
    assert newest is not None
    deleted = deleting.delete_walk(was=newest)

    shell = coach(db, "walk", "add", "--minutes", "7", "--note", "from the shell")
    assert shell.returncode == 0, text(shell.stderr)
    from_the_shell = saved_id(shell)
    assert from_the_shell not in (1, 2, 3)
    from_a_window = deleting.add_walk(walk_at(10, note="from a window"))
    assert from_a_window not in (1, 2, 3, from_the_shell)

    before = db.read_bytes()
    with pytest.raises(StaleRecord):
        editing.update_walk(replace(in_the_form, note="edited"), was=in_the_form)
    with pytest.raises(StaleRecord):
        confirming.delete_walk(was=in_the_confirm)
    with pytest.raises(StaleRecord):  # the file changed since the delete
        deleting.restore_walk(deleted)
    assert db.read_bytes() == before
    walks = stored_walks(db)
    assert "3" not in walks
    assert walks[str(from_the_shell)]["note"] == "from the shell"
    assert sorted(walks) == sorted(["1", "2", str(from_the_shell), str(from_a_window)])


def test_ids_keys_1_and_01_are_reported_as_damage_and_never_rewritten(place: Path) -> None:
    db = place / "backcoach.json"
    raw = write_database(db, {"1": walk_doc(note="one"), "01": walk_doc(note="oh-one")})
    for args in (
        ["walk", "list"],
        ["walk", "list", "--json"],
        ["walk", "add", "--minutes", "5"],
        ["status"],
    ):
        one_clear_line(coach(db, *args), 1, str(db))
        assert db.read_bytes() == raw, args
    with pytest.raises(DamagedDatabase):
        Store.open(db)


# A stale finish.


def test_stale_finish_after_the_shell_stopped_and_started_again_is_refused(place: Path) -> None:
    db = place / "backcoach.json"
    app = Store(db)
    app.start_walk(datetime(2026, 5, 4, 11, 0, tzinfo=UTC))
    in_the_form = app.active_walk()
    resuming = Store(db)  # the resume offer after a dropped connection
    offered = resuming.active_walk()
    assert in_the_form is not None and offered is not None

    stop = coach(db, "walk", "stop", now="2026-05-04T11:20:00+00:00")
    assert stop.returncode == 0, text(stop.stderr)
    again = coach(db, "walk", "start", now="2026-05-04T11:30:00+00:00")
    assert again.returncode == 0, text(again.stderr)

    before = db.read_bytes()
    late = Walk(in_the_form.started_at, in_the_form.started_at + timedelta(minutes=25), 25)
    with pytest.raises(StaleRecord):
        app.finish_walk(late, started=in_the_form)
    with pytest.raises(StaleRecord):
        resuming.finish_walk(late, started=offered)
    with pytest.raises(StaleRecord):
        resuming.cancel_walk(started=offered)
    assert db.read_bytes() == before
    check = Store.open(db)
    assert [w.minutes for w in check.walks()] == [20]
    under_way = check.active_walk()
    assert under_way is not None
    assert under_way.started_at == datetime(2026, 5, 4, 11, 30, tzinfo=UTC)


def test_stale_finish_within_the_same_second_is_refused_too(place: Path) -> None:
    db = place / "backcoach.json"
    app = Store(db)
    app.start_walk(MOMENT - timedelta(seconds=0.5))  # the shell's clock: MOMENT, same second
    in_the_form = app.active_walk()
    assert in_the_form is not None
    for args in (["walk", "stop"], ["walk", "start"]):  # a script: stop, start again at once
        done = coach(db, *args, now=in_the_form.started_at.isoformat())
        assert done.returncode == 0, text(done.stderr)

    late = Walk(in_the_form.started_at, in_the_form.started_at + timedelta(minutes=25), 25)
    with pytest.raises(StaleRecord):
        app.finish_walk(late, started=in_the_form)
    check = Store.open(db)
    assert len(check.walks()) == 1 and check.active_walk() is not None


# Forget under the lock.


def _old_log(db: Path) -> None:
    store = Store(db)
    for hour in (7, 8, 9):  # the second write makes today's backup, which holds them too
        store.add_walk(walk_at(hour, note=f"old-{hour}"))


def _mentions(folder: Path, word: bytes) -> list[str]:
    """The files under `folder` that hold `word` (links are listed, never followed)."""
    return [
        name
        for name, content in tree(folder).items()
        if isinstance(content, bytes) and word in content
    ]


@pytest.mark.parametrize("round_", range(3))
def test_forget_lock_waits_for_a_writer_and_nothing_erased_comes_back(
    place: Path, round_: int
) -> None:
    db = place / "data" / "backcoach.json"
    _old_log(db)
    assert (db.parent / "backcoach.json.backups").is_dir()
    before = db.read_bytes()
    commands = [["forget", "--yes"], ["walk", "add", "--minutes", "5", "--note", "new"]]
    if round_ % 2:
        commands.reverse()
    runs = []
    with held_lock(db):  # a writer in flight
        for args in commands:  # each round starts them in another order and rhythm
            runs.append(start_coach(db, *args))
            time.sleep(0.2 * round_)
        time.sleep(1.0)
        assert [run.poll() for run in runs] == [None, None]  # both wait for the lock
        assert db.read_bytes() == before  # forget erased nothing while the lock was held
    results = finish(runs)
    assert [code for code, _ in results] == [0, 0], results
    assert _mentions(db.parent, b"old-") == []
    if db.exists():  # the walk was added after the forget: it alone is there
        assert notes_in(db) == ["new"]


def test_forget_lock_an_open_app_cannot_write_erased_records_back(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    app = Store(db)
    for hour in (7, 8):
        app.add_walk(walk_at(hour, note=f"old-{hour}"))
    session = SessionRecord("cat-cow", MOMENT, None, SessionStatus.IN_PROGRESS, 3, 1, 15, False)
    session_id = app.add_session(session)
    app.start_walk(datetime(2026, 5, 4, 11, 0, tzinfo=UTC))
    started = app.active_walk()
    first, second = app.walk(1), app.walk(2)
    assert started is not None and first is not None and second is not None
    deleted = app.delete_walk(was=second)

    done = coach(db, "forget", "--yes")
    assert done.returncode == 0, text(done.stderr)
    attempts: dict[str, Callable[[], object]] = {
        "undo": lambda: app.restore_walk(deleted),
        "edit": lambda: app.update_walk(replace(first, note="old-edited"), was=first),
        "session": lambda: app.update_session(session_id, replace(session, reps_done=2)),
        "finish": lambda: app.finish_walk(walk_at(11, note="old-finish"), started=started),
    }
    for name, attempt in attempts.items():
        with pytest.raises(StaleRecord):
            attempt()
        assert not db.exists(), name
    assert _mentions(db.parent, b"old-") == []
    assert app.walks() == [] and app.sessions() == [] and app.active_walk() is None


# Forget: exactly this database's files, never through a link.


def test_forget_files_a_linked_backups_folder_is_removed_as_a_link(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    write_database(db, {"1": walk_doc()})
    other = place / "someone-elses"
    other.mkdir()
    (other / "backcoach-2026-05-01.json").write_bytes(b'{"theirs": 1}')
    (other / "thesis.txt").write_bytes(b"five years of work")
    kept = tree(other)
    (db.parent / "backcoach.json.backups").symlink_to(other, target_is_directory=True)

    done = coach(db, "forget", "--yes")
    assert done.returncode == 0, text(done.stderr)
    assert not os.path.lexists(db.parent / "backcoach.json.backups")
    assert tree(other) == kept
    assert not db.exists()


def test_forget_files_finishes_past_a_subfolder_and_a_stranger(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    _old_log(db)
    backups = db.parent / "backcoach.json.backups"
    (backups / "aaa-photos").mkdir()
    (backups / "aaa-photos" / "backcoach-2026-05-01.json").write_bytes(b"a photo, oddly named")
    (backups / "backcoach-2026-05-01.json").write_bytes(db.read_bytes())
    (backups / "zzz-unknown.txt").write_bytes(b"not ours")

    done = coach(db, "forget", "--yes")
    assert done.returncode == 0, text(done.stderr)
    assert not db.exists()
    left = sorted(os.listdir(backups))
    assert left == ["aaa-photos", "zzz-unknown.txt"]  # every backup after the subfolder went too
    assert (backups / "aaa-photos" / "backcoach-2026-05-01.json").read_bytes() == (
        b"a photo, oddly named"
    )
    shown = text(done.stdout)
    for stranger in ("aaa-photos", "zzz-unknown.txt"):
        assert re.search(rf"^left .*{stranger}", shown, re.MULTILINE), shown


@pytest.mark.parametrize("name", ["b[1].json", "*.json", "b?.json"])
def test_forget_files_glob_characters_match_only_their_own_files(place: Path, name: str) -> None:
    folder = place / "data"
    db = folder / name
    added = coach(db, "walk", "add", "--minutes", "5")
    assert added.returncode == 0, text(added.stderr)
    assert coach(db, "walk", "add", "--minutes", "6").returncode == 0  # today's backup too
    strangers = {
        "b1.json": b"theirs",
        "b1.json.summary": b"theirs",
        "b1.json.lock": b"theirs",
        "bx.json.damaged-20260101T000000": b"theirs",
        "notes.json": b"theirs",
        ".b1.json.k3j4.tmp": b"theirs",
        "b1.json.backups/b1-2026-05-04.json": b"theirs",
    }
    for relative, content in strangers.items():
        (folder / relative).parent.mkdir(exist_ok=True)
        (folder / relative).write_bytes(content)

    done = coach(db, "forget", "--yes")
    assert done.returncode == 0, text(done.stderr)
    assert tree(folder) == strangers
    assert sorted(os.listdir(folder)) == sorted({path.split("/")[0] for path in strangers})


def test_forget_files_set_aside_copies_and_stray_temp_files_go_too(place: Path) -> None:
    folder = place / "data"
    db = folder / "backcoach.json"
    _old_log(db)
    leftovers = [
        "backcoach.json.damaged-20260101T000000",
        "backcoach.json.set-aside-20260102T000000",
        "backcoach.json.set-aside-20260102T000000-2",
        "backcoach.json.schema-1.bak",
        ".backcoach.json.k3j4h5.tmp",
        ".backcoach.json.summary.4242.tmp",
        "backcoach.json.backups/.backcoach-2026-05-04.json.x1y2.tmp",
    ]
    for name in leftovers:
        (folder / name).write_bytes(b'{"walks": {"1": {"note": "old-copy"}}}')
    (folder / "keep.txt").write_bytes(b"the person's own file")

    done = coach(db, "forget", "--yes")
    assert done.returncode == 0, text(done.stderr)
    assert tree(folder) == {"keep.txt": b"the person's own file"}


def test_forget_files_names_with_control_characters_print_escaped(place: Path) -> None:
    db = place / "data" / "evil\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07.json"
    for minutes in ("5", "6"):
        added = coach(db, "walk", "add", "--minutes", minutes)
        assert added.returncode == 0, text(added.stderr)
        assert ESC not in added.stdout + added.stderr
    done = coach(db, "forget", "--yes")
    assert done.returncode == 0, text(done.stderr)
    assert ESC not in done.stdout and b"\x07" not in done.stdout
    assert done.stdout.count(b"removed ") >= 4 and b"\\x1b[2J" in done.stdout
    assert os.listdir(db.parent) == []


# Symlinks planted at every path Back Coach writes.

TODAY_BACKUP = "backcoach.json.backups/backcoach-2026-05-04.json"
PLANTED = {
    # where the link is planted (relative to the data folder): may the command refuse?
    "backcoach.json.summary": False,
    TODAY_BACKUP: False,
    "backcoach.json.backups": True,  # refusing to write a backup into a link is right
    "backcoach.json.lock": True,  # refusing to lock through a link is right
    ".backcoach.json.tmp": False,  # temp names earlier versions used, or might be guessed
    ".backcoach.json.summary.tmp": False,
    ".export.json.tmp": False,
    "export.json": False,
}


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
@pytest.mark.parametrize("planted", list(PLANTED))
def test_symlink_planted_at_a_path_written_leaves_its_target_alone(
    place: Path, planted: str, dangling: bool
) -> None:
    folder, victim = place / "data", place / "victim"
    db = folder / "backcoach.json"
    write_database(db, {"1": walk_doc(note="kept")})
    victim.mkdir()
    (victim / "precious.txt").write_bytes(b"never overwrite me")
    target = victim / ("created-by-nobody" if dangling else "precious.txt")
    if planted == "backcoach.json.backups" and not dangling:
        target = victim
    link = folder / planted
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(target)
    kept, before = tree(victim), db.read_bytes()

    if planted.startswith(("export", ".export")):
        done = coach(db, "export", "--format", "json", "--output", str(folder / "export.json"))
    else:
        done = coach(db, "walk", "add", "--minutes", "5", "--note", "new")
    assert tree(victim) == kept  # nothing written, created or removed through the link
    if done.returncode != 0:
        assert PLANTED[planted], text(done.stderr)
        one_clear_line(done, 1, planted.split("/")[-1])
        assert db.read_bytes() == before
    elif planted.startswith(("export", ".export")):
        exported = json.loads((folder / "export.json").read_bytes())
        assert [w["note"] for w in exported["walks"]] == ["kept"]
    else:
        assert notes_in(db) == ["kept", "new"]


def test_symlink_a_db_that_is_a_link_is_written_through(place: Path) -> None:
    synced, folder = place / "synced", place / "data"
    real = synced / "backcoach.json"
    write_database(real, {"1": walk_doc(note="kept")})
    folder.mkdir()
    link = folder / "backcoach.json"
    link.symlink_to(real)

    done = coach(link, "walk", "add", "--minutes", "5", "--note", "new")
    assert done.returncode == 0, text(done.stderr)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert notes_in(real) == ["kept", "new"]
    assert os.listdir(folder) == ["backcoach.json"]  # its companions live beside the file


# Backups.


def _backup(db: Path, day: date) -> Path:
    return db.with_name(db.name + ".backups") / f"{db.stem}-{day.isoformat()}.json"


def test_backups_a_truncated_backup_of_today_is_redone(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    write_database(db, {"1": walk_doc(note="kept")})
    assert coach(db, "walk", "add", "--minutes", "5").returncode == 0
    today = _backup(db, TODAY)
    whole = today.read_bytes()
    today.write_bytes(whole[: len(whole) // 2])  # a full disk or a kill mid-copy

    done = coach(db, "walk", "add", "--minutes", "6")
    assert done.returncode == 0, text(done.stderr)
    redone = json.loads(today.read_bytes())
    assert "kept" in [doc["note"] for doc in redone["walks"].values()]


def test_backups_future_dates_never_evict_today_and_six_past_days_are_kept(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    raw = write_database(db, {"1": walk_doc()})
    past = [TODAY - timedelta(days=n) for n in range(1, 11)]
    future = [date(2099, 1, day) for day in range(1, 11)]
    _backup(db, TODAY).parent.mkdir(mode=0o700)
    for day in past + future:
        _backup(db, day).write_bytes(raw)

    done = coach(db, "walk", "add", "--minutes", "5")
    assert done.returncode == 0, text(done.stderr)
    for day in [TODAY, *past[:6]]:
        assert _backup(db, day).exists(), day
    for day in past[6:]:
        assert not _backup(db, day).exists(), day
    assert json.loads(_backup(db, TODAY).read_bytes())["walks"] == json.loads(raw)["walks"]


# Set-aside.


def test_set_aside_a_healthy_database_is_not_moved_without_force(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    raw = write_database(db, {"1": walk_doc(note="kept")})
    one_clear_line(coach(db, "set-aside"), 2, "--force")
    assert db.read_bytes() == raw
    assert os.listdir(db.parent) == ["backcoach.json"]
    with pytest.raises(UsageError):
        set_aside(db, MOMENT)
    assert db.read_bytes() == raw

    forced = coach(db, "set-aside", "--force")
    assert forced.returncode == 0, text(forced.stderr)
    assert not db.exists()
    [copy] = [p for p in db.parent.iterdir() if p.name != "backcoach.json.lock"]
    assert copy.read_bytes() == raw


def test_set_aside_twice_in_one_second_keeps_both_copies(place: Path) -> None:
    db = place / "data" / "backcoach.json"
    db.parent.mkdir()
    copies = {}
    for content in (b"first damaged file", b"second damaged file"):
        db.write_bytes(content)
        done = coach(db, "set-aside")  # the same COACH_NOW: the same second
        assert done.returncode == 0, text(done.stderr)
        [moved] = re.findall(r"to (\S+);", text(done.stdout))
        copies[moved] = content
    assert len(copies) == 2
    for moved, content in copies.items():
        assert Path(moved).read_bytes() == content


# Bounds.

OUT_OF_BOUNDS = {
    "minutes 10**30": walk_doc(minutes=10**30),
    "an end before its start": walk_doc(
        start="2026-05-04T10:00:00+00:00", end="2026-05-04T09:00:00+00:00", minutes=60
    ),
    "an end in the year 9999": walk_doc(end="9999-12-31T23:59:00+00:00"),
}


@pytest.mark.parametrize("case", list(OUT_OF_BOUNDS))
def test_bounds_a_record_out_of_bounds_in_the_file_is_one_line_of_damage(
    place: Path, case: str
) -> None:
    db = place / "backcoach.json"
    raw = write_database(db, {"1": walk_doc(note="fine"), "2": OUT_OF_BOUNDS[case]})
    for args in (["status"], ["status", "--json"], ["walk", "list"], ["walk", "list", "--json"]):
        line = one_clear_line(coach(db, *args), 1, str(db))
        assert "walks record 2" in line, line
        assert db.read_bytes() == raw
    with pytest.raises(DamagedDatabase):
        Store.open(db)


def test_bounds_a_walk_stopped_after_three_days_is_refused_and_nothing_saved(place: Path) -> None:
    db = place / "backcoach.json"
    began = MOMENT - timedelta(minutes=3749)
    started = coach(db, "walk", "start", now=began.isoformat())
    assert started.returncode == 0, text(started.stderr)
    before = db.read_bytes()

    one_clear_line(coach(db, "walk", "stop"), 2, "not saved")
    assert db.read_bytes() == before
    store = Store.open(db)
    active = store.active_walk()
    assert active is not None and store.walks() == []
    with pytest.raises(UsageError, match="not saved"):
        store.finish_walk(Walk(began, MOMENT, 3749), started=active)
    assert db.read_bytes() == before


# Text that reaches a terminal.


def test_terminal_a_note_with_escape_sequences_is_refused_at_entry(place: Path) -> None:
    db = place / "backcoach.json"
    one_clear_line(coach(db, "walk", "add", "--minutes", "5", "--note", HOSTILE_NOTE), 2)
    assert not db.exists()
    raw = write_database(db, {"1": walk_doc(note="fine")})
    one_clear_line(coach(db, "walk", "edit", "1", "--note", HOSTILE_NOTE), 2)
    assert db.read_bytes() == raw


UNSAFE_BYTES = [ESC, b"\x07", "\x9b".encode(), "\u202e".encode()]  # ESC, BEL, C1 CSI, bidi


def test_terminal_a_hostile_note_in_the_file_never_reaches_stdout_raw(place: Path) -> None:
    db = place / "backcoach.json"
    hostile = HOSTILE_NOTE + "\x9b2J\u202egnp.exe"
    write_database(db, {"1": walk_doc(note=hostile)})
    shown = {
        "walk list": coach(db, "walk", "list").stdout,
        "walk list --json": coach(db, "walk", "list", "--json").stdout,
        "export json": coach(db, "export", "--format", "json").stdout,
        "export csv to a terminal": coach_on_terminal(db, "export", "--format", "csv")[1],
        "walk list on a terminal": coach_on_terminal(db, "walk", "list")[1],
    }
    for what, out in shown.items():
        assert b"cm0gLXJmIH4=" in out, (what, out)  # the note is there, made inert
        for unsafe in UNSAFE_BYTES:
            assert unsafe not in out, (what, unsafe, out)
    assert json.loads(shown["walk list --json"])[0]["note"] == hostile  # and still lossless
    assert json.loads(shown["export json"])["walks"][0]["note"] == hostile
    edited = coach(db, "walk", "edit", "1", "--pain", "3")
    assert edited.returncode == 0, text(edited.stderr)
    for unsafe in UNSAFE_BYTES:
        assert unsafe not in edited.stdout + edited.stderr


def test_terminal_csv_cells_that_could_be_formulas_get_an_apostrophe(place: Path) -> None:
    db = place / "backcoach.json"
    formulas = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    write_database(
        db,
        {
            str(n): walk_doc(
                start=f"2026-05-0{n}T09:00:00+00:00", end=f"2026-05-0{n}T09:20:00+00:00", note=note
            )
            for n, note in enumerate(formulas, start=1)
        },
    )
    out = place / "walks.csv"
    written = coach(db, "export", "--format", "csv", "--output", str(out))
    assert written.returncode == 0, text(written.stderr)
    piped = coach(db, "export", "--format", "csv")
    for raw in (out.read_text(encoding="utf-8"), text(piped.stdout)):
        notes = [row["note"] for row in csv.DictReader(io.StringIO(raw)) if row["kind"] == "walk"]
        expected = ("'" + safe_text(note, single_line=True) for note in formulas)
        assert sorted(notes) == sorted(expected)  # guarded, and inert (a tab as spaces)


# The summary.


def test_summary_a_walk_the_writer_inserts_itself_is_checked(place: Path) -> None:
    db = place / "backcoach.json"
    store = Store(db)
    store.add_walk(walk_at(8, note="fine"))
    summary = db.with_name(db.name + ".summary")
    before, vouched = db.read_bytes(), summary.read_bytes()
    with pytest.raises(UsageError, match="not saved"):
        store.add_walk(walk_at(9, minutes=601))
    fine = store.walk(1)
    assert fine is not None
    with pytest.raises(UsageError, match="not saved"):
        store.update_walk(replace(fine, minutes=601), was=fine)
    assert db.read_bytes() == before and summary.read_bytes() == vouched
    listed = coach(db, "walk", "list", "--json")
    assert [w["minutes"] for w in json.loads(listed.stdout)] == [15]


def test_summary_the_last_walk_is_the_real_latest_across_offsets(place: Path) -> None:
    db = place / "backcoach.json"
    write_database(
        db,
        {
            "1": walk_doc(  # ends 10:00 UTC, but its text sorts last
                start="2026-05-04T11:40:00+02:00", end="2026-05-04T12:00:00+02:00", minutes=20
            ),
            "2": walk_doc(  # ends 11:00 UTC: the real latest
                start="2026-05-04T10:40:00+00:00", end="2026-05-04T11:00:00+00:00", minutes=20
            ),
        },
    )
    real_latest = "2026-05-04T11:00:00+00:00"
    read = coach(db, "status", "--json")  # read from the file itself
    assert read.returncode == 0, text(read.stderr)
    assert json.loads(read.stdout)["last_walk_ended"] == real_latest
    for args in (["walk", "start"], ["walk", "cancel"]):  # writes: now the summary answers
        assert coach(db, *args).returncode == 0
    assert db.with_name(db.name + ".summary").exists()
    summed = coach(db, "status", "--json")
    assert json.loads(summed.stdout)["last_walk_ended"] == real_latest


def test_summary_the_latest_end_is_real_whatever_iso_form_the_file_uses(place: Path) -> None:
    db = place / "backcoach.json"
    write_database(
        db,
        {
            "1": walk_doc(  # 29 + 21 characters: as long as two canonical times together
                start="2026-05-04T10:10:00.000+00:00", end="2026-05-04T10:30:00.000+00:00"
            ),
            "2": walk_doc(start="2026-05-04T1025+00:00", end="2026-05-04T1045+00:00"),
        },
    )
    status = coach(db, "status", "--json")
    assert json.loads(status.stdout)["last_walk_ended"] == "2026-05-04T10:45:00+00:00"
    listed = coach(db, "walk", "list", "--json")
    assert [w["id"] for w in json.loads(listed.stdout)] == [2, 1]  # newest first


# The table in docs/RELIABILITY.md names each class by a word in its tests' names.


def test_every_attack_test_belongs_to_exactly_one_class_of_the_table() -> None:
    tests = [name for name in globals() if name.startswith("test_") and "attack_test" not in name]
    for name in tests:
        classes = [c.keyword for c in ATTACK_CLASSES if c.selector in name]
        assert len(classes) == 1 and name.startswith(classes[0], 5), (name, classes)
    for attack in ATTACK_CLASSES:
        assert any(name.startswith(attack.selector) for name in tests), attack


# From the second, outside attack (each failed before its fix).


def test_ids_an_imported_id_never_exhausts_or_breaks_the_file(place: Path) -> None:
    db = place / "backcoach.json"
    export = place / "export.json"
    doc = {"id": 999_999_999_999_999, **walk_doc()}
    export.write_text(json.dumps({"walks": [doc], "sessions": []}))
    assert coach(db, "import", str(export)).returncode == 0
    assert list(stored_walks(db)) == ["1"]  # an id that far is renumbered, not kept
    added = coach(db, "walk", "add", "--minutes", "5")
    assert added.returncode == 0 and text(added.stdout).startswith("walk 2 saved")
    listed = coach(db, "walk", "list")
    assert listed.returncode == 0, text(listed.stderr)  # the file is sound, ids and all


def test_ids_an_import_never_gives_back_a_deleted_walk_s_id(place: Path) -> None:
    db = place / "backcoach.json"
    export = place / "export.json"
    assert coach(db, "walk", "add", "--minutes", "5").returncode == 0
    assert coach(db, "export", "--format", "json", "--output", str(export)).returncode == 0
    assert coach(db, "walk", "delete", "1").returncode == 0
    assert coach(db, "import", str(export), "--merge").returncode == 0
    assert list(stored_walks(db)) == ["2"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"meta": {"1": {"schema_version": 3}}, "walks": {"1": WALK, "1": WALK}}',
        b'{"walks": {"1": WALK}, "meta": {"1": {"schema_version": 3}}, "walks": {"2": WALK}}',
    ],
)
def test_ids_a_repeated_key_in_the_file_is_damage_not_a_hidden_record(
    place: Path, raw: bytes
) -> None:
    db = place / "backcoach.json"
    db.parent.mkdir(parents=True, exist_ok=True)
    raw = raw.replace(b"WALK", json.dumps(walk_doc()).encode())
    db.write_bytes(raw)
    one_clear_line(coach(db, "walk", "list"), 1, "appears twice")
    one_clear_line(coach(db, "walk", "add", "--minutes", "5"), 1, "appears twice")
    assert coach(db, "set-aside").returncode == 0  # damaged, so it may be set aside
    assert not db.exists()


def test_forget_files_an_empty_db_path_is_refused_never_the_default(place: Path) -> None:
    home_db = place / "home" / "backcoach.json"
    env = {**shell_env(), "COACH_DB": str(home_db)}
    assert (
        subprocess.run(
            [*COACH, "walk", "add", "--minutes", "5"],
            env=env,
            check=False,
            capture_output=True,
            cwd=REPO,
        ).returncode
        == 0
    )
    before = home_db.read_bytes()
    for args in (["forget", "--yes"], ["walk", "add", "--minutes", "5"]):
        done = subprocess.run(
            [*COACH, "--db", "", *args], env=env, capture_output=True, check=False, cwd=REPO
        )
        one_clear_line(done, 2, "--db", "empty")
    assert home_db.read_bytes() == before


def test_forget_files_a_sibling_database_s_temporary_files_are_left_alone(place: Path) -> None:
    folder = place / "data"
    mine, sibling = folder / "walks", folder / "walks.json"
    assert coach(mine, "walk", "add", "--minutes", "5").returncode == 0
    theirs = [".walks.json.abcd1234.tmp", ".walks.csv.x1y2z3w4.tmp", ".walks.json.summary.ab.tmp"]
    for name in theirs:
        (folder / name).write_text("a write in flight")
    ours = folder / ".walks.k3j4h5l6.tmp"
    ours.write_text("left by a killed writer")
    assert coach(mine, "walk", "add", "--minutes", "6").returncode == 0  # sweeps its own
    assert not ours.exists()
    assert coach(mine, "forget", "--yes").returncode == 0
    assert all((folder / name).exists() for name in theirs)
    assert not sibling.exists()  # never made: only the names above were there


def test_symlink_an_export_to_a_pipe_or_device_is_written_into_not_replaced(place: Path) -> None:
    db = place / "backcoach.json"
    assert coach(db, "walk", "add", "--minutes", "5").returncode == 0
    fifo = place / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = coach(db, "export", "--format", "json", "--output", str(fifo))
    got = reader.communicate(timeout=30)[0]
    assert done.returncode == 0, text(done.stderr)
    assert json.loads(got)["walks"][0]["minutes"] == 5
    assert stat_is_fifo(fifo)
    null = coach(db, "export", "--format", "csv", "--output", "/dev/null")
    assert null.returncode == 0 and os.path.exists("/dev/null") and not Path("/dev/null").is_file()


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(os.lstat(path).st_mode)


def test_terminal_a_lone_surrogate_in_the_file_is_damage_in_one_line(place: Path) -> None:
    db = place / "backcoach.json"
    raw = write_database(db, {"1": walk_doc(note="x")}).replace(b'"x"', b'"\\ud800"')
    db.write_bytes(raw)
    for args in (["walk", "list"], ["walk", "add", "--minutes", "5"], ["status"]):
        one_clear_line(coach(db, *args), 1, "UTF-16")
    assert db.read_bytes() == raw


def test_terminal_an_import_with_control_characters_is_refused(place: Path) -> None:
    db = place / "backcoach.json"
    export = place / "export.json"
    export.write_text(json.dumps({"walks": [walk_doc(note=HOSTILE_NOTE)], "sessions": []}))
    one_clear_line(coach(db, "import", str(export)), 1, "control character", "nothing")
    assert not db.exists()


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00"])
def test_bounds_a_clock_outside_the_years_kept_is_one_clear_line(place: Path, now: str) -> None:
    db = place / "backcoach.json"
    for args in (["status"], ["walk", "add", "--minutes", "5"]):
        one_clear_line(coach(db, *args, now=now), 2, "COACH_NOW")
    assert not db.exists()


def test_bounds_an_empty_at_is_refused_not_taken_for_now(place: Path) -> None:
    db = place / "backcoach.json"
    one_clear_line(coach(db, "walk", "add", "--minutes", "5", "--at", ""), 2)
    assert not db.exists()


def test_backups_restore_without_a_date_never_picks_one_from_a_wrong_clock(place: Path) -> None:
    db = place / "backcoach.json"
    assert (
        coach(db, "walk", "add", "--minutes", "5", now="2031-01-01T10:00:00+00:00").returncode == 0
    )
    assert (
        coach(db, "walk", "add", "--minutes", "6", now="2031-01-01T10:30:00+00:00").returncode == 0
    )
    for minute in range(3):  # back to the real day: today's backup is made with two walks
        done = coach(db, "walk", "add", "--minutes", str(7 + minute))
        assert done.returncode == 0, text(done.stderr)
    restored = coach(db, "restore")
    assert restored.returncode == 0, text(restored.stderr)
    assert "2031" not in text(restored.stdout)
    assert len(stored_walks(db)) == 2  # today's backup, not the one "from 2031" (one walk)


def test_forget_files_a_database_whose_name_begins_another_s_leaves_the_other(
    place: Path,
) -> None:
    folder = place / "data"
    mine, other = folder / "walks", folder / "walks.schema-v2.json"
    assert coach(mine, "walk", "add", "--minutes", "5").returncode == 0
    assert coach(other, "walk", "add", "--minutes", "6").returncode == 0
    (folder / "walks.set-aside-notes.txt").write_text("the person's own notes")
    before = other.read_bytes()
    assert coach(mine, "forget", "--yes").returncode == 0
    assert other.read_bytes() == before
    assert (folder / "walks.set-aside-notes.txt").exists()
    assert not mine.exists()


@pytest.mark.parametrize(
    "name", ["backcoach.json", "backcoach.json.summary", "backcoach.json.lock"]
)
def test_symlink_an_export_never_overwrites_the_database_or_its_companions(
    place: Path, name: str
) -> None:
    db = place / "backcoach.json"
    assert coach(db, "walk", "add", "--minutes", "5").returncode == 0
    target = place / name
    before = target.read_bytes()
    link = place / "looks-harmless.csv"
    link.symlink_to(target)
    for output in (target, link):
        done = coach(db, "export", "--format", "csv", "--output", str(output))
        if output == link:  # a link is replaced as a link: the database is untouched
            assert done.returncode in (0, 2)
        else:
            one_clear_line(done, 2, "the database or a file kept beside it")
    assert target.read_bytes() == before
    assert coach(db, "walk", "list").returncode == 0


def test_symlink_an_export_never_replaces_a_read_only_file(place: Path) -> None:
    db = place / "backcoach.json"
    assert coach(db, "walk", "add", "--minutes", "5").returncode == 0
    kept = place / "kept.csv"
    kept.write_text("the person's own file")
    kept.chmod(0o444)  # read-only for everyone, root's own run included
    one_clear_line(coach(db, "export", "--format", "csv", "--output", str(kept)), 1, "read-only")
    assert kept.read_text() == "the person's own file"


@pytest.mark.parametrize("given", ["/", "//", ".", "a/.."])
def test_bounds_a_db_path_that_names_no_file_is_one_clear_line(place: Path, given: str) -> None:
    done = subprocess.run(
        [*COACH, "--db", given, "status"],
        env=shell_env(),
        capture_output=True,
        check=False,
        cwd=place,
    )
    one_clear_line(done, 2, "name a file")


def test_bounds_an_empty_output_is_refused_not_taken_for_standard_output(place: Path) -> None:
    db = place / "backcoach.json"
    assert coach(db, "walk", "add", "--minutes", "5").returncode == 0
    done = coach(db, "export", "--format", "csv", "--output", "")
    one_clear_line(done, 2, "--output")
    assert done.stdout == b""


def test_ids_an_import_of_thousands_of_walks_is_whole_with_what_was_left_out(place: Path) -> None:
    """One insert per table (it was quadratic: 39 s for 8,000 walks, under the lock)."""
    db = place / "backcoach.json"
    export = place / "export.json"
    start = datetime(2020, 1, 1, tzinfo=UTC)
    walks = [
        walk_doc(
            start=(start + timedelta(hours=3 * i)).isoformat(),
            end=(start + timedelta(hours=3 * i, minutes=20)).isoformat(),
        )
        for i in range(8000)
    ]
    export.write_text(json.dumps({"walks": walks + walks[:5], "sessions": []}))
    done = coach(db, "import", str(export), timeout=120)
    assert done.returncode == 0, text(done.stderr)
    assert "added 8000 walks" in text(done.stdout) and "5 records left out" in text(done.stdout)
    assert len(stored_walks(db)) == 8000
