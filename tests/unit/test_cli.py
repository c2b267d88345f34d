"""The shell commands: every subcommand, every kind of bad input, and what they import."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest

from coach.__main__ import main
from coach.model.records import SessionRecord, SessionStatus, Terrain, Walk
from coach.plain import safe_text
from coach.store import Store
from coach.store.documents import SCHEMA_VERSION

NOW = "2026-05-04T12:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """One command in this process; argparse's own errors exit, and count the same."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_and_list_round_trip_every_field(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, _ = run(
        capsys,
        "walk",
        "add",
        "--db",
        str(db_path),
        "--minutes",
        "15",
        "--at",
        "10:30",
        "--terrain",
        "hilly",
        "--leg-pain",
        "--pain",
        "3",
        "--note",
        "[red]hill[/red], slow",
    )
    assert code == 0 and out.startswith(
        "walk 1 saved: 2026-05-04 10:30, 15 min, slopes, hills or stairs"
    )
    code, out, _ = run(capsys, "walk", "list", "--db", str(db_path), "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": 1,
            "started_at": "2026-05-04T10:30:00+00:00",
            "ended_at": "2026-05-04T10:45:00+00:00",
            "minutes": 15,
            "terrain": "hilly",
            "leg_pain": True,
            "pain": 3,
            "note": "[red]hill[/red], slow",
        }
    ]
    code, out, _ = run(capsys, "walk", "list", "--db", str(db_path))
    assert "leg pain, pain 3/10, note: [red]hill[/red], slow" in out


def test_without_at_a_walk_ended_now(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "20")
    [walk] = Store.open(db_path).walks()
    assert walk.ended_at.isoformat() == NOW and walk.minutes == 20


def test_list_days_filters(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "10", "--at", "2026-04-01T09:00")
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "10")
    code, out, _ = run(capsys, "walk", "list", "--db", str(db_path), "--days", "7", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_start_and_stop(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "walk", "start", "--db", str(db_path))[1] == "walk started at 12:00\n"
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:17:00+00:00")
    assert run(capsys, "status", "--db", str(db_path))[1] == "walk 17 min\n"
    code, out, _ = run(
        capsys, "walk", "stop", "--db", str(db_path), "--terrain", "flat", "--pain", "1"
    )
    assert code == 0 and "17 min, flat, no leg pain, pain 1/10" in out
    store = Store.open(db_path)
    assert store.active_walk() is None and store.walks()[0].minutes == 17


@pytest.mark.parametrize(
    ("now", "line"),
    [
        ("2026-05-04T12:30:00+00:00", "next walk 14:00-15:00"),  # before it is due
        ("2026-05-04T14:30:00+00:00", "walk due"),  # inside the window
        ("2026-05-04T16:00:00+00:00", "walk due"),  # after the window, still due
        ("2026-05-04T23:00:00+00:00", "next walk tomorrow 08:00-09:00"),  # outside waking hours
    ],
)
def test_status_at_chosen_moments(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    now: str,
    line: str,
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "11:45")
    monkeypatch.setenv("COACH_NOW", now)
    assert run(capsys, "status", "--db", str(db_path)) == (0, line + "\n", "")
    code, out, _ = run(capsys, "status", "--db", str(db_path), "--json")
    payload = json.loads(out)
    assert (
        code == 0
        and payload["line"] == line
        and payload["last_walk_ended"] == "2026-05-04T12:00:00+00:00"
    )


def test_status_with_no_walks_and_no_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert run(capsys, "status", "--db", str(db_path)) == (0, "no walk yet\n", "")
    assert not db_path.exists() and not db_path.parent.exists()


def test_status_never_touches_the_file(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15")
    before, stat_before = db_path.read_bytes(), db_path.stat()
    for _ in range(3):
        run(capsys, "status", "--db", str(db_path))
    after = db_path.stat()
    assert db_path.read_bytes() == before
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == (
        stat_before.st_mtime_ns,
        stat_before.st_ino,
        stat_before.st_size,
    )


def test_export_csv_and_json(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--note", 'says "hi", ok')
    Store.open(db_path).add_session(
        SessionRecord(
            "cat-cow",
            datetime(2026, 5, 4, 9, tzinfo=UTC),
            datetime(2026, 5, 4, 9, 3, tzinfo=UTC),
            SessionStatus.STOPPED_FOR_PAIN,
            2,
            1,
            15,
            True,
            4,
            None,
        )
    )
    code, out, _ = run(capsys, "export", "--db", str(db_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and out.splitlines()[0].startswith("kind,id,started_at,ended_at,minutes")
    assert [r["kind"] for r in rows] == ["walk", "session"]
    assert rows[0]["note"] == 'says "hi", ok' and rows[0]["minutes"] == "15"
    assert rows[1]["status"] == "stopped_for_pain" and rows[1]["pain_after"] == "4"
    target = tmp_path / "out.json"
    code, out, _ = run(
        capsys, "export", "--db", str(db_path), "--format", "json", "--output", str(target)
    )
    document = json.loads(target.read_text())
    assert code == 0 and "1 walk and 1 session" in out
    assert len(document["walks"]) == 1 and document["sessions"][0]["exercise"] == "cat-cow"
    assert "Healthwise" in document["about"] and "general health information" in document["about"]


def test_content_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "content", "check")[0] == 0
    (tmp_path / "bad.toml").write_text('id = "bad"\ntitle = "Bad"\nsummary = "x"\n')
    code, out, err = run(capsys, "content", "check", str(tmp_path))
    assert code == 1 and out == f"{tmp_path / 'bad.toml'}: cycle: is missing\n" and err == ""


def test_forget_and_set_aside(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15")
    code, out, _ = run(capsys, "forget", "--db", str(db_path), "--yes")
    assert code == 0 and f"removed {db_path}\n" in out and not db_path.exists()
    db_path.write_bytes(b"{broken")
    code, out, _ = run(capsys, "set-aside", "--db", str(db_path))
    assert code == 0 and "every byte is kept" in out and not db_path.exists()
    [kept] = db_path.parent.glob("backcoach.json.set-aside-*")
    assert kept.read_bytes() == b"{broken"


BAD_INPUT = [
    ["walk", "add", "--minutes", "abc"],
    ["walk", "add", "--minutes", "0"],
    ["walk", "add", "--minutes", "-5"],
    ["walk", "add", "--minutes", "601"],
    ["walk", "add", "--minutes", "15", "--pain", "11"],
    ["walk", "add", "--minutes", "15", "--pain", "-1"],
    ["walk", "add", "--minutes", "15", "--pain", "lots"],
    ["walk", "add", "--minutes", "15", "--terrain", "stairs"],
    ["walk", "add", "--minutes", "15", "--at", "noonish"],
    ["walk", "add", "--minutes", "15", "--at", "13:00"],  # in the future
    ["walk", "add", "--minutes", "30", "--at", "11:45"],  # would end in the future
    ["walk", "stop"],  # nothing running
    ["walk", "list", "--days", "0"],
    ["walk", "list", "--days", "x"],
    ["walk", "add"],
    ["walk", "fly"],
    ["export", "--format", "xml"],
    ["frobnicate"],
    ["walk", "add", "--minutes", "1_0"],  # int() would take it; a person did not mean it
    ["walk", "add", "--minutes", "\u0663"],  # an Arabic-Indic three
    ["walk", "add", "--minutes", "9" * 5000],
    ["walk", "add", "--minutes", "5", "--at", "1969-12-31T10:00"],
    ["walk", "add", "--minutes", "5", "--at", "0001-01-01T00:00"],
    ["walk", "add", "--minutes", "5", "--at", "9999-12-31T23:59-05:00"],
    ["walk", "add", "--minutes", "5", "--note", "\x1b]52;c;cm0gLXJmIH4=\x07"],  # the clipboard
    ["walk", "add", "--minutes", "5", "--note", "wipe \x1b[2J"],
    ["walk", "add", "--minutes", "5", "--note", "a \x9b C1 control"],
    ["walk", "add", "--minutes", "5", "--note", "\u202egnp.exe"],  # a bidi override
    ["walk", "stop", "--at", "11:00", "--minutes", "5"],
    ["walk", "edit", "1"],  # nothing to change
    ["walk", "edit", "x", "--pain", "2"],
    ["walk", "edit", "0", "--pain", "2"],
    ["walk", "edit", "-1", "--pain", "2"],
    ["walk", "edit", "1", "--pain", "11"],
    ["walk", "edit", "1", "--pain", "2", "--no-pain"],
    ["walk", "edit", "1", "--minutes", "601"],
    ["walk", "edit", "1", "--at", "13:00"],  # in the future
    ["walk", "edit", "1", "--minutes", "200"],  # from 09:00 it would end in the future
    ["walk", "edit", "1", "--at", "1960-01-01T10:00"],
    ["walk", "edit", "1", "--terrain", "sand"],
    ["walk", "edit", "1", "--note", "\x1b[2J"],
    ["walk", "delete"],
    ["walk", "delete", "one"],
    ["walk", "cancel"],  # nothing under way
    ["import"],
    ["restore", "yesterday"],
    ["restore", "2026-05-01"],  # no backup of that day
    ["restore", "--list", "2026-05-04"],
    ["set-aside"],  # it loads: not moved without --force
    ["set-aside", "--now"],
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=" ".join)
def test_bad_input_is_one_line_exit_2_and_the_file_is_unchanged(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str]
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "09:00")
    before = db_path.read_bytes()
    code, _, err = run(capsys, *args, "--db", str(db_path))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("coach") and "Traceback" not in err
    assert db_path.read_bytes() == before


def test_a_second_start_is_refused(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "start", "--db", str(db_path))
    before = db_path.read_bytes()
    code, _, err = run(capsys, "walk", "start", "--db", str(db_path))
    assert code == 2 and err == "coach: a walk is already under way (since 12:00)\n"
    assert db_path.read_bytes() == before


def test_a_damaged_database_is_one_line_and_untouched(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    export = _an_export(capsys, tmp_path)
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b'{"walks": {"1": ')
    for args in (
        ["walk", "list"],
        ["walk", "list", "--json"],
        ["status"],
        ["walk", "add", "--minutes", "5"],
        ["walk", "start"],
        ["walk", "stop"],
        ["walk", "stop", "--minutes", "5"],
        ["walk", "edit", "1", "--pain", "2"],
        ["walk", "delete", "1"],
        ["walk", "cancel"],
        ["export", "--format", "csv"],
        ["import", str(export)],
        ["import", str(export), "--merge"],
        ["restore"],  # no backup to bring back: the damaged file stays where it is
    ):
        code, out, err = run(capsys, *args, "--db", str(db_path))
        assert (code, out) == (1, ""), args
        assert err.startswith(f"coach: {db_path}: "), args
        assert len(err.splitlines()) == 1
    assert db_path.read_bytes() == b'{"walks": {"1": '


@pytest.mark.parametrize("args", [["walk", "list"], ["walk", "add", "--minutes", "5"], ["status"]])
def test_the_commands_import_neither_textual_nor_pyfiglet(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "db.json"
    probe = (
        "import sys\n"
        "from coach.__main__ import main\n"
        f"code = main({[*args, '--db', str(db)]!r})\n"
        "print(code, 'textual' in sys.modules, 'pyfiglet' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 False False"


def test_status_reads_the_writers_summary_and_ignores_a_stale_one(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "11:45")
    summary = db_path.with_name(db_path.name + ".summary")
    assert summary.exists() and (summary.stat().st_mode & 0o777) == 0o600
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:30:00+00:00")
    with_summary = run(capsys, "status", "--db", str(db_path), "--json")
    summary.unlink()
    without = run(capsys, "status", "--db", str(db_path), "--json")
    assert (
        with_summary == without and json.loads(with_summary[1])["line"] == "next walk 14:00-15:00"
    )
    # another program edits the database: the old summary no longer matches, and is not trusted
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "5", "--at", "11:00")
    data = json.loads(db_path.read_text())
    data["walks"]["1"]["ended_at"] = "2026-05-04T12:20:00+00:00"
    db_path.write_text(json.dumps(data))
    assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 14:20-15:20\n"


def test_forget_removes_the_summary_too(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15")
    summary = db_path.with_name(db_path.name + ".summary")
    assert summary.exists()
    _, out, _ = run(capsys, "forget", "--db", str(db_path), "--yes")
    assert f"removed {summary}" in out and not summary.exists()


def test_walk_list_json_is_the_same_whether_the_summary_vouches_or_not(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    for at, note in (("09:00", ""), ("07:30", "rain"), ("10:15", "[b]x[/b]")):
        run(
            capsys,
            "walk",
            "add",
            "--db",
            str(db_path),
            "--minutes",
            "12",
            "--at",
            at,
            "--note",
            note,
        )
    vouched = run(capsys, "walk", "list", "--db", str(db_path), "--json")
    db_path.with_name(db_path.name + ".summary").unlink()
    checked = run(capsys, "walk", "list", "--db", str(db_path), "--json")
    assert vouched == checked and vouched[0] == 0
    listed = json.loads(vouched[1])
    assert [w["id"] for w in listed] == [3, 1, 2] and listed[0]["note"] == "[b]x[/b]"


def test_a_record_damaged_after_the_last_write_is_reported_not_listed(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    """The summary vouches only for the file its writer wrote; an edit since is checked."""
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "12", "--at", "09:00")
    data = json.loads(db_path.read_text())
    data["walks"]["1"]["minutes"] = "twelve"
    db_path.write_text(json.dumps(data))
    for args in (["walk", "list", "--json"], ["walk", "add", "--minutes", "5"]):
        code, out, err = run(capsys, *args, "--db", str(db_path))
        assert (code, out) == (1, "") and "walks record 1: minutes is not a whole number" in err
    assert json.loads(db_path.read_text()) == data


def _answers() -> Any:
    from coach.locations import content_dir
    from coach.model.content import load_walking_plan

    return load_walking_plan(content_dir()).answers


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--minutes", "15", "--leg-pain"], ["leg_pain"]),
        (["--minutes", "15", "--terrain", "hilly"], ["slopes"]),
        (["--minutes", "21"], ["longer"]),
        (["--minutes", "45", "--terrain", "hilly", "--leg-pain"], ["leg_pain", "slopes", "longer"]),
        (["--minutes", "20", "--pain", "9"], []),  # the plan's own bound; pain is not compared
    ],
)
def test_walk_add_answers_what_the_walk_records_on_one_line_after_the_saved_line(
    capsys: pytest.CaptureFixture[str], db_path: Path, extra: list[str], expected: list[str]
) -> None:
    code, out, err = run(capsys, "walk", "add", "--db", str(db_path), *extra)
    lines = out.splitlines()
    assert code == 0 and err == "" and lines[0].startswith("walk 1 saved: ")
    answers = _answers()
    if expected:
        assert lines[1:] == [" ".join(getattr(answers, name).text for name in expected)]
    else:
        assert lines[1:] == []
    assert len(Store.open(db_path).walks()) == 1


def test_walk_stop_answers_leg_pain(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:12:00+00:00")
    code, out, _ = run(capsys, "walk", "stop", "--db", str(db_path), "--leg-pain")
    saved, answer = out.splitlines()
    assert code == 0 and saved.startswith("walk 1 saved: ") and "leg pain" in saved
    assert answer == _answers().leg_pain.text
    assert "call your doctor" in answer


def test_broken_content_stops_walk_add_before_saving_and_walk_stop_after(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saved-then-failed would be retried by a script and logged twice: fail first instead."""
    import shutil

    from coach import locations

    broken = tmp_path / "content"
    shutil.copytree(locations.content_dir(), broken)
    walking = broken / "walking.toml"
    walking.write_text(walking.read_text().split("[answers.leg_pain]")[0])
    monkeypatch.setattr(locations, "content_dir", lambda: broken)
    monkeypatch.setattr(locations, "content_folder", lambda: str(broken))  # the quick paths'
    code, out, err = run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15")
    assert (code, out) == (1, "")
    assert err == f"coach: {walking}: answers: is missing\n"
    assert not db_path.exists()
    run(capsys, "walk", "start", "--db", str(db_path))
    code, out, err = run(capsys, "walk", "stop", "--db", str(db_path))
    # A walk under way is stopped whatever the content (a retry finds none under way).
    assert code == 1 and out.startswith("walk 1 saved: ") and "answers: is missing" in err
    store = Store.open(db_path)
    assert store.active_walk() is None and len(store.walks()) == 1
    code, _, err = run(capsys, "walk", "stop", "--db", str(db_path))
    assert code == 2 and "no walk is under way" in err and len(store.walks()) == 1


# Helpers for the commands below.


def _an_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """A JSON export of a small database of its own: two walks and one session."""
    source = tmp_path / "source" / "backcoach.json"
    run(capsys, "walk", "add", "--db", str(source), "--minutes", "15", "--at", "09:00")
    run(capsys, "walk", "add", "--db", str(source), "--minutes", "20", "--note", "park")
    Store(source).add_session(
        SessionRecord(
            "cat-cow",
            datetime(2026, 5, 4, 8, tzinfo=UTC),
            datetime(2026, 5, 4, 8, 5, tzinfo=UTC),
            SessionStatus.COMPLETED,
            10,
            10,
            5,
            False,
        )
    )
    export = tmp_path / "export.json"
    code, _, _ = run(
        capsys, "export", "--db", str(source), "--format", "json", "--output", str(export)
    )
    assert code == 0
    return export


def _walks(db: Path) -> list[Walk]:
    return Store.open(db).walks()


class Tty(io.StringIO):
    """Standard output as a terminal."""

    def isatty(self) -> bool:
        return True


HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07 wipe\x1b[2J\x9b31m \u202egnp.exe \x7f end"


def _hostile_file(db: Path) -> str:
    """A file holding a note with escape sequences, written before notes were cleaned."""
    note = HOSTILE
    Store(db).add_walk(
        Walk(
            datetime(2026, 5, 4, 9, tzinfo=UTC),
            datetime(2026, 5, 4, 9, 15, tzinfo=UTC),
            15,
            note=note,
        )
    )
    assert json.loads(db.read_text())["walks"]["1"]["note"] == note  # the store keeps it as is
    return note


def _inert(text: str) -> bool:
    """Nothing a terminal would act on: no control, C1 or bidi character (line ends aside)."""
    from coach.plain import unsafe

    return not any(unsafe(c) for c in text.replace("\r\n", "").replace("\n", ""))


# Global options anywhere, and values never taken for commands.


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{db}", "walk", "add", "--minutes", "5"],
        ["walk", "--db", "{db}", "add", "--minutes", "5"],
        ["walk", "add", "--db", "{db}", "--minutes", "5"],
        ["walk", "add", "--minutes", "5", "--db", "{db}"],
        ["walk", "add", "--minutes", "5", "--db={db}"],
    ],
    ids=lambda a: " ".join(a),
)
def test_db_may_come_anywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    db = tmp_path / "db.json"
    code, out, _ = run(capsys, *(a.format(db=db) for a in args))
    assert code == 0 and out.startswith("walk 1 saved: ")
    for listing in (
        ["--db", str(db), "walk", "list"],
        ["walk", "--db", str(db), "list"],
        ["walk", "list", "--db", str(db)],
    ):
        assert run(capsys, *listing)[1].startswith("    1  2026-05-04 11:55, 5 min")


def test_a_database_named_like_a_command_is_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", "status", "walk", "add", "--minutes", "5")
    assert (code, err) == (0, "") and out.startswith("walk 1 saved: ")
    assert len(_walks(tmp_path / "status")) == 1
    code, out, _ = run(capsys, "walk", "--db", "list", "list", "--json")
    assert code == 0 and json.loads(out) == [] and not (tmp_path / "list").exists()
    assert run(capsys, "--db", "walk", "status")[1] == "no walk yet\n"
    assert run(capsys, "--db=export", "status")[1] == "no walk yet\n"


@pytest.mark.parametrize(
    ("arguments", "needed"),
    [
        (["--db", "status", "walk", "add"], ["walk"]),
        (["--db=walk", "status"], ["status"]),
        (["--content", "walk", "--db", "export", "status", "--json"], ["status"]),
        (["walk", "list", "--db", "status"], ["walk"]),
        (["--no-mouse"], []),
        (["--db", "status"], []),
        ([], []),
    ],
)
def test_only_the_command_typed_is_built(arguments: list[str], needed: list[str]) -> None:
    from coach.__main__ import _commands_needed

    assert list(_commands_needed(arguments)) == needed


def test_every_command_runs_a_handler_mypy_can_check() -> None:
    """Handlers are functions of `coach.__main__` (each imports its module late), not names."""
    from coach.__main__ import build_parser

    for args in (
        ["walk", "start"],
        ["walk", "stop"],
        ["walk", "add", "--minutes", "5"],
        ["walk", "edit", "1"],
        ["walk", "delete", "1"],
        ["walk", "cancel"],
        ["walk", "list"],
        ["status"],
        ["export", "--format", "csv"],
        ["import", "x.json"],
        ["restore"],
        ["content", "check"],
        ["forget"],
        ["set-aside"],
    ):
        handler = build_parser().parse_args(args).handler
        assert callable(handler) and handler.__module__ == "coach.__main__", args
    assert build_parser().parse_args([]).handler is None  # the app


# walk stop: bounds, --at and --minutes.


def test_a_stop_three_days_late_is_refused_until_the_person_says_what_happened(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", "2026-05-01T09:31:00+00:00")
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T00:00:00+00:00")
    before = db_path.read_bytes()
    code, out, err = run(capsys, "walk", "stop", "--db", str(db_path))
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "3,749 minutes" in err and "--minutes N" in err and "--at HH:MM" in err
    assert db_path.read_bytes() == before
    assert Store.open(db_path).active_walk() is not None  # still under way
    code, out, err = run(capsys, "walk", "stop", "--db", str(db_path), "--minutes", "40")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "walk 1 saved: 2026-05-01 09:31, 40 min, flat, no leg pain"
    assert out.splitlines()[1] == _answers().longer.text  # the guidance line, as for add
    [walk] = _walks(db_path)
    assert (walk.started_at, walk.ended_at, walk.minutes) == (
        datetime(2026, 5, 1, 9, 31, tzinfo=UTC),
        datetime(2026, 5, 1, 10, 11, tzinfo=UTC),
        40,
    )
    assert Store.open(db_path).active_walk() is None


def test_stop_at_an_end_time(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", "2026-05-04T10:00:00+00:00")
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:00:00+00:00")
    before = db_path.read_bytes()
    for at, why in (
        ("09:59", "--at 09:59 is before the walk started (2026-05-04 10:00;"),
        ("12:01", "is in the future"),
        ("2026-05-03T11:00", "is before the walk started"),
    ):
        code, _, err = run(capsys, "walk", "stop", "--db", str(db_path), "--at", at)
        assert code == 2 and why in err, at
        assert db_path.read_bytes() == before
    code, out, _ = run(capsys, "walk", "stop", "--db", str(db_path), "--at", "10:18", "--leg-pain")
    assert code == 0 and out.startswith("walk 1 saved: 2026-05-04 10:00, 18 min, flat, leg pain")
    assert out.splitlines()[1] == _answers().leg_pain.text
    [walk] = _walks(db_path)
    assert walk.ended_at == datetime(2026, 5, 4, 10, 18, tzinfo=UTC) and walk.minutes == 18


def test_stop_at_a_time_more_than_600_minutes_on_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", "2026-05-03T08:00:00+00:00")
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:00:00+00:00")
    before = db_path.read_bytes()
    code, _, err = run(capsys, "walk", "stop", "--db", str(db_path), "--at", "2026-05-03T20:00")
    assert code == 2 and "720 minutes until 2026-05-03T20:00: more than 600" in err
    code, _, err = run(capsys, "walk", "stop", "--db", str(db_path), "--minutes", "601")
    assert code == 2 and "at most 600" in err
    assert db_path.read_bytes() == before


def test_stop_minutes_that_would_end_in_the_future_are_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_NOW", "2026-05-04T11:50:00+00:00")
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:00:00+00:00")
    before = db_path.read_bytes()
    code, _, err = run(capsys, "walk", "stop", "--db", str(db_path), "--minutes", "15")
    assert code == 2 and "would end in the future" in err and db_path.read_bytes() == before
    assert run(capsys, "walk", "stop", "--db", str(db_path), "--minutes", "10")[0] == 0


def test_stop_finishes_only_the_walk_it_read(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another walk started between the read and the write is left under way."""
    from coach.model.records import ActiveWalk
    from coach.store.database import Store as RealStore

    monkeypatch.setenv("COACH_NOW", "2026-05-04T11:00:00+00:00")
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", NOW)
    real = RealStore.active_walk

    def read_then_changed(self: RealStore) -> ActiveWalk | None:
        seen = real(self)
        other = Store(db_path)
        other.cancel_walk(started=real(other))  # type: ignore[arg-type]
        other.start_walk(datetime(2026, 5, 4, 11, 59, tzinfo=UTC))
        return seen

    monkeypatch.setattr(RealStore, "active_walk", read_then_changed)
    before = db_path.read_bytes()
    code, out, err = run(capsys, "walk", "stop", "--db", str(db_path), "--minutes", "1")
    monkeypatch.setattr(RealStore, "active_walk", real)
    assert (code, out) == (1, "") and "a different walk is under way" in err
    assert db_path.read_bytes() != before  # the other process's start, and nothing of ours
    store = Store.open(db_path)
    under_way = store.active_walk()
    assert store.walks() == [] and under_way is not None
    assert under_way.started_at == datetime(2026, 5, 4, 11, 59, tzinfo=UTC)


# walk edit, delete, cancel.


def _one_walk(capsys: pytest.CaptureFixture[str], db: Path) -> Walk:
    run(capsys, "walk", "add", "--db", str(db), "--minutes", "15", "--at", "09:00", "--pain", "2")
    [walk] = _walks(db)
    return walk


def test_edit_changes_only_the_fields_given(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    from dataclasses import replace

    walk = _one_walk(capsys, db_path)
    code, out, err = run(capsys, "walk", "edit", "1", "--db", str(db_path), "--note", "[b]x[/b]")
    assert (code, err) == (0, "")
    assert (
        out
        == "walk 1 saved: 2026-05-04 09:00, 15 min, flat, no leg pain, pain 2/10, note: [b]x[/b]\n"
    )
    assert _walks(db_path) == [replace(walk, note="[b]x[/b]")]
    code, out, _ = run(
        capsys, "walk", "edit", "1", "--db", str(db_path), "--terrain", "hilly", "--leg-pain"
    )
    answers = _answers()
    assert out.splitlines()[1] == f"{answers.leg_pain.text} {answers.slopes.text}"
    walk = replace(walk, note="[b]x[/b]", terrain=Terrain.HILLY, leg_pain=True)
    assert _walks(db_path) == [walk]
    run(capsys, "walk", "edit", "1", "--db", str(db_path), "--no-leg-pain", "--no-pain")
    walk = replace(walk, leg_pain=False, pain=None)
    assert _walks(db_path) == [walk]
    run(capsys, "walk", "edit", "1", "--db", str(db_path), "--pain", "4", "--note", "")
    walk = replace(walk, pain=4, note="")
    assert _walks(db_path) == [walk]
    run(capsys, "walk", "edit", "1", "--db", str(db_path), "--pain", "")
    walk = replace(walk, pain=None)
    assert _walks(db_path) == [walk]


def test_edit_at_moves_the_start_and_keeps_the_minutes(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    _one_walk(capsys, db_path)
    run(capsys, "walk", "edit", "1", "--db", str(db_path), "--at", "10:30")
    [walk] = _walks(db_path)
    assert (walk.started_at, walk.ended_at, walk.minutes) == (
        datetime(2026, 5, 4, 10, 30, tzinfo=UTC),
        datetime(2026, 5, 4, 10, 45, tzinfo=UTC),
        15,
    )
    code, out, _ = run(capsys, "walk", "edit", "1", "--db", str(db_path), "--minutes", "25")
    [walk] = _walks(db_path)
    assert (walk.started_at, walk.minutes) == (datetime(2026, 5, 4, 10, 30, tzinfo=UTC), 25)
    assert code == 0 and out.splitlines()[1] == _answers().longer.text
    assert walk.id == 1 and len(_walks(db_path)) == 1


def test_an_edit_that_changes_nothing_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    _one_walk(capsys, db_path)
    before = db_path.stat().st_mtime_ns, db_path.read_bytes()
    code, out, _ = run(capsys, "walk", "edit", "1", "--db", str(db_path), "--pain", "2")
    assert code == 0 and out.startswith("walk 1 unchanged: ")
    assert (db_path.stat().st_mtime_ns, db_path.read_bytes()) == before


@pytest.mark.parametrize(
    "args",
    [
        ["walk", "edit", "7", "--pain", "2"],
        ["walk", "delete", "7"],
        ["walk", "edit", "07", "--pain", "1"],
    ],
)
def test_a_missing_walk_is_one_line_exit_1_and_the_file_is_unchanged(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str]
) -> None:
    _one_walk(capsys, db_path)
    before = db_path.read_bytes()
    code, out, err = run(capsys, *args, "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err == f"coach: there is no walk 7 in {db_path} (see: coach walk list)\n"
    assert db_path.read_bytes() == before


def test_an_edit_of_a_walk_changed_since_it_was_read_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit names the walk it read (`was=`): a change made meanwhile is never overwritten."""
    from dataclasses import replace

    from coach import cli

    walk = _one_walk(capsys, db_path)
    stale = replace(walk, pain=7)  # as another window last saw it
    monkeypatch.setattr(cli, "_stored_walk", lambda store, walk_id: stale)
    before = db_path.read_bytes()
    for args in (["walk", "edit", "1", "--note", "x"], ["walk", "delete", "1"]):
        code, out, err = run(capsys, *args, "--db", str(db_path))
        assert (code, out) == (1, "") and "walk 1 was changed elsewhere" in err
        assert db_path.read_bytes() == before


def test_delete_says_there_is_no_undo_and_the_id_is_never_given_again(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    _one_walk(capsys, db_path)
    code, out, err = run(capsys, "walk", "delete", "1", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out == (
        "walk 1 deleted, with no undo from the shell: 2026-05-04 09:00, 15 min, flat, "
        "no leg pain, pain 2/10\n"
    )
    assert _walks(db_path) == []
    _, out, _ = run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "5")
    assert out.startswith("walk 2 saved: ")
    code, _, err = run(capsys, "walk", "delete", "1", "--db", str(db_path))
    assert code == 1 and "there is no walk 1" in err


def test_cancel_drops_the_walk_under_way_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:30:00+00:00")
    code, out, err = run(capsys, "walk", "cancel", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out == "the walk under way since 2026-05-04 12:00 was dropped; nothing was saved\n"
    store = Store.open(db_path)
    assert store.active_walk() is None and store.walks() == []
    code, out, err = run(capsys, "walk", "cancel", "--db", str(db_path))
    assert (code, out) == (2, "") and "no walk is under way" in err


def test_walk_list_shows_ids(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "10", "--at", "08:00")
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "12", "--at", "10:00")
    _, out, _ = run(capsys, "walk", "list", "--db", str(db_path))
    assert [line.split()[0] for line in out.splitlines()] == ["2", "1"]


# import, restore, set-aside.


def test_import_into_an_empty_database_then_merge_adds_only_what_is_new(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    export = _an_export(capsys, tmp_path)
    code, out, err = run(capsys, "import", str(export), "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out == f"added 2 walks and 1 session from {export} to {db_path}\n"
    again = tmp_path / "again.json"
    run(capsys, "export", "--db", str(db_path), "--format", "json", "--output", str(again))
    assert json.loads(again.read_text()) == json.loads(export.read_text())  # ids and all
    # without --merge, a database that holds records is refused, untouched
    before = db_path.read_bytes()
    code, out, err = run(capsys, "import", str(export), "--db", str(db_path))
    assert (code, out) == (2, "") and "use --merge" in err and db_path.read_bytes() == before
    code, out, _ = run(capsys, "import", str(export), "--merge", "--db", str(db_path))
    assert (
        code == 0 and out == f"nothing to add: every record of {export} is already in {db_path}\n"
    )
    assert db_path.read_bytes() == before
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "7", "--at", "06:00")
    third = tmp_path / "third.json"
    run(capsys, "export", "--db", str(db_path), "--format", "json", "--output", str(third))
    elsewhere = tmp_path / "elsewhere.json"
    run(capsys, "walk", "add", "--db", str(elsewhere), "--minutes", "9", "--at", "07:00")
    code, out, _ = run(capsys, "import", str(third), "--merge", "--db", str(elsewhere))
    assert code == 0 and out.startswith("added 3 walks and 1 session from ")
    assert sorted(w.minutes for w in _walks(elsewhere)) == [7, 9, 15, 20]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "no such file"),
        (b"{not json", "not a JSON export"),
        (
            b'{"walks": [{"started_at": "2026-05-04T09:00:00+00:00", "ended_at": '
            b'"2026-05-04T09:15:00+00:00", "minutes": 9000, "terrain": "flat", "leg_pain": false}]}',
            "walks[0]: minutes is not from 1 to 600; nothing was imported",
        ),
    ],
)
def test_a_bad_export_imports_nothing(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    tmp_path: Path,
    content: bytes | None,
    why: str,
) -> None:
    _one_walk(capsys, db_path)
    before = db_path.read_bytes()
    file = tmp_path / "in.json"
    if content is not None:
        file.write_bytes(content)
    code, out, err = run(capsys, "import", str(file), "--merge", "--db", str(db_path))
    assert (code, out) == (1, "") and why in err and len(err.splitlines()) == 1
    assert "set-aside" not in err  # the export is damaged, not the database
    assert db_path.read_bytes() == before


def _backups(db: Path, *days: str) -> None:
    """Daily backups of the given days, each holding one walk of that many minutes as its day."""
    folder = db.with_name(db.name + ".backups")
    for day in days:
        copy = folder / f"{db.stem}-{day}.json"
        Store(copy).add_walk(
            Walk(
                datetime.fromisoformat(f"{day}T09:00:00+00:00"),
                datetime.fromisoformat(f"{day}T09:10:00+00:00"),
                int(day[-2:]),
            )
        )
        for extra in copy.parent.iterdir():  # only the backup itself, as the store leaves it
            if extra != copy and extra.name.startswith(copy.name):
                import shutil

                shutil.rmtree(extra) if extra.is_dir() else extra.unlink()


def test_restore_lists_and_brings_back_a_backup_setting_the_current_file_aside(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b'{"walks": {"1": ')  # damaged: restore is how to get past it
    _backups(db_path, "2026-05-01", "2026-05-02")
    folder = db_path.with_name(db_path.name + ".backups")
    code, out, _ = run(capsys, "restore", "--list", "--db", str(db_path))
    assert code == 0 and out == (
        f"2026-05-02  {folder / 'backcoach-2026-05-02.json'}\n"
        f"2026-05-01  {folder / 'backcoach-2026-05-01.json'}\n"
    )
    assert db_path.read_bytes() == b'{"walks": {"1": '
    code, out, err = run(capsys, "restore", "2026-05-01", "--db", str(db_path))
    assert (code, err) == (0, "")
    [aside] = db_path.parent.glob("backcoach.json.set-aside-*")
    assert out == (
        f"restored the backup of 2026-05-01 ({folder / 'backcoach-2026-05-01.json'}) to "
        f"{db_path}; the file that was there is kept at {aside}\n"
    )
    assert aside.read_bytes() == b'{"walks": {"1": '
    assert [w.minutes for w in _walks(db_path)] == [1]
    code, out, _ = run(capsys, "restore", "--db", str(db_path))  # the newest sound one
    assert code == 0 and out.startswith("restored the backup of 2026-05-02 ")
    assert [w.minutes for w in _walks(db_path)] == [2]
    assert len(list(db_path.parent.glob("backcoach.json.set-aside-*"))) == 2  # none overwritten


def test_restore_list_with_no_backups(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert run(capsys, "restore", "--list", "--db", str(db_path)) == (
        0,
        f"no daily backups of {db_path} yet\n",
        "",
    )


def test_set_aside_moves_a_sound_database_only_with_force(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    _one_walk(capsys, db_path)
    before = db_path.read_bytes()
    code, out, err = run(capsys, "set-aside", "--db", str(db_path))
    assert (code, out) == (2, "") and "--force" in err and db_path.read_bytes() == before
    code, out, _ = run(capsys, "set-aside", "--force", "--db", str(db_path))
    [aside] = db_path.parent.glob("backcoach.json.set-aside-*")
    assert code == 0 and f"to {aside}" in out and "coach restore --list" in out
    assert aside.read_bytes() == before and not db_path.exists()
    db_path.write_bytes(b"{")  # a second one in the same second keeps both
    assert run(capsys, "set-aside", "--db", str(db_path))[0] == 0
    kept = sorted(p.read_bytes() for p in db_path.parent.glob("backcoach.json.set-aside-*"))
    assert kept == sorted([before, b"{"])


def test_a_damaged_database_names_set_aside_and_restore(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"[]")
    code, _, err = run(capsys, "walk", "add", "--minutes", "5", "--db", str(db_path))
    assert code == 1 and err.endswith(
        f"(to keep it and start afresh: coach set-aside --db {db_path}; "
        f"to go back to a daily backup: coach restore --list --db {db_path})\n"
    )


# Text that reaches a terminal.


def test_a_note_with_escape_sequences_is_refused_at_entry(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _one_walk(capsys, db_path)
    run(capsys, "walk", "start", "--db", str(db_path))
    before = db_path.read_bytes()
    for args in (
        ["walk", "add", "--minutes", "5"],
        ["walk", "stop"],
        ["walk", "edit", "1"],
    ):
        code, out, err = run(capsys, *args, "--note", HOSTILE, "--db", str(db_path))
        assert (code, out) == (2, "") and "control character (U+001B)" in err, args
        assert _inert(err) and len(err.splitlines()) == 1
    assert db_path.read_bytes() == before


def test_joiners_and_line_breaks_in_a_note_are_fine(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    note = f"with the {family}\r\nmi\u200cravad"
    code, out, _ = run(
        capsys, "walk", "add", "--minutes", "5", "--note", note, "--db", str(db_path)
    )
    assert code == 0 and _walks(db_path)[0].note == f"with the {family} mi\u200cravad"


def test_a_hostile_note_already_in_the_file_is_shown_inert_everywhere(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = _hostile_file(db_path)
    code, out, _ = run(capsys, "walk", "list", "--db", str(db_path))
    assert code == 0 and _inert(out) and "\\x1b]52;c;cm0gLXJmIH4=\\x07" in out
    for args in (["walk", "list", "--json"], ["export", "--format", "json"]):
        code, out, _ = run(capsys, *args, "--db", str(db_path))
        assert code == 0 and _inert(out) and "\\u001b]52" in out
        document = json.loads(out)
        walks = document if args[0] == "walk" else document["walks"]
        assert walks[0]["note"] == note  # lossless
    code, out, _ = run(capsys, "status", "--json", "--db", str(db_path))
    assert code == 0 and _inert(out) and json.loads(out)["line"] == "walk due"
    terminal = Tty()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["export", "--format", "csv", "--db", str(db_path)]) == 0
    shown = terminal.getvalue()
    assert _inert(shown) and "\\x1b]52;c;cm0gLXJmIH4=\\x07" in shown


def test_csv_to_a_real_terminal_is_inert(db_path: Path, tmp_path: Path) -> None:
    import os
    import pty

    _hostile_file(db_path)
    controller, terminal = pty.openpty()
    env = {**os.environ, "COACH_NOW": NOW, "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-m", "coach", "export", "--format", "csv", "--db", str(db_path)],
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    text = shown.decode()
    assert done.returncode == 0 and "\\x1b]52" in text and _inert(text.replace("\r\r\n", "\n"))


def test_csv_to_a_pipe_or_a_file_is_inert_too(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    """`coach export --format csv | cat` reaches a terminal all the same; JSON keeps every byte."""
    note = _hostile_file(db_path)
    target = tmp_path / "out.csv"
    run(capsys, "export", "--format", "csv", "--db", str(db_path), "--output", str(target))
    _, out, _ = run(capsys, "export", "--format", "csv", "--db", str(db_path))
    for text in (out, target.read_text(encoding="utf-8")):
        [row] = csv.DictReader(io.StringIO(text))
        assert row["note"] == safe_text(note, single_line=True)
        assert "\x1b" not in text  # no raw ESC anywhere


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_could_run_as_formulas_get_an_apostrophe(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, first: str
) -> None:
    note = f'{first}HYPERLINK("http://x","y")'
    Store(db_path).add_walk(
        Walk(
            datetime(2026, 5, 4, 9, tzinfo=UTC),
            datetime(2026, 5, 4, 9, 5, tzinfo=UTC),
            5,
            note=note,
        )
    )
    target = tmp_path / "out.csv"
    run(capsys, "export", "--format", "csv", "--db", str(db_path), "--output", str(target))
    _, out, _ = run(capsys, "export", "--format", "csv", "--db", str(db_path))
    for text in (target.open(newline="").read(), out):
        [row] = csv.DictReader(io.StringIO(text, newline=""))
        assert row["note"] == "'" + safe_text(note, single_line=True)
        assert row["terrain"] == "flat"
    _, out, _ = run(capsys, "export", "--format", "json", "--db", str(db_path))
    assert json.loads(out)["walks"][0]["note"] == note  # JSON stays exact


def test_a_note_typed_as_a_formula_is_guarded_in_csv(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    run(capsys, "walk", "add", "--minutes", "5", "--note", "=1+2", "--db", str(db_path))
    _, out, _ = run(capsys, "export", "--format", "csv", "--db", str(db_path))
    [row] = csv.DictReader(io.StringIO(out))
    assert row["note"] == "'=1+2"


def test_export_replaces_a_link_at_the_output_path(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    _one_walk(capsys, db_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    code, _, _ = run(
        capsys, "export", "--format", "csv", "--db", str(db_path), "--output", str(link)
    )
    assert code == 0 and victim.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text().startswith("kind,id,")


def test_json_inert_is_lossless_and_escapes_only_what_is_unsafe() -> None:
    from coach.plain import json_inert

    values = [
        "plain",
        "caf\u00e9 \U0001f468\u200d\U0001f469",  # shown as they are
        "\x1b[2J \x07 \x7f \x85 \x9b \u202e \u2066 \u2028 \ufeff \U000e0001 \ud800 \uf8ff",
    ]
    for ensure_ascii in (False, True):
        encoded = json_inert(json.dumps(values, ensure_ascii=ensure_ascii))
        assert json.loads(encoded) == values and _inert(encoded)
    encoded = json_inert(json.dumps(values, ensure_ascii=False))
    assert "caf\u00e9 \U0001f468\u200d\U0001f469" in encoded
    assert "\\u007f" in encoded and "\\udb40\\udc01" in encoded and "\\u202e" in encoded


def test_the_fast_commands_stay_lean(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`status` and `walk list --json` on a file the writers vouch for load no TinyDB, no
    Store, no Textual."""
    db = tmp_path / "db.json"
    run(capsys, "walk", "add", "--db", str(db), "--minutes", "5", "--note", "caf\u00e9")
    for args in (["status"], ["walk", "list", "--json"]):
        probe = (
            "import sys\n"
            "from coach.__main__ import main\n"
            f"code = main({[*args, '--db', str(db)]!r})\n"
            "print(code, *(m in sys.modules for m in "
            "('textual', 'tinydb', 'coach.store.database', 'coach.cli' if "
            f"{args[0] == 'walk'} else 'coach.walk_listing')))\n"
        )
        env = {**__import__("os").environ, "COACH_NOW": NOW, "TZ": "UTC"}
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
        )
        assert done.stdout.splitlines()[-1] == "0 False False False False", args


def test_stop_before_the_start_by_the_clock_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock went back (or another machine's clock started it): nothing saved."""
    run(capsys, "walk", "start", "--db", str(db_path))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T11:00:00+00:00")
    before = db_path.read_bytes()
    code, out, err = run(capsys, "walk", "stop", "--db", str(db_path))
    assert (code, out) == (2, "") and err.startswith("coach: now is before the walk started")
    assert db_path.read_bytes() == before


def test_list_days_beyond_any_date_lists_everything(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "10", "--at", "1999-04-01T09:00")
    for args in (["--json"], []):
        code, out, err = run(
            capsys, "walk", "list", "--days", "99999999", *args, "--db", str(db_path)
        )
        assert (code, err) == (0, "") and "1999-04-01" in out


def test_status_shows_a_snooze_set_in_the_app_from_the_summary_and_from_the_file(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "11:45")
    store = Store.open(db_path)
    until = datetime(2026, 5, 4, 14, 45, tzinfo=UTC)
    store.save_settings(replace(store.settings(), snoozed_until=until))  # what `z` saves
    monkeypatch.setenv("COACH_NOW", "2026-05-04T14:30:00+00:00")
    summary = db_path.with_name(db_path.name + ".summary")
    assert json.loads(summary.read_text())["snoozed_until"] == "2026-05-04T14:45:00+00:00"
    with_summary = run(capsys, "status", "--db", str(db_path), "--json")
    summary.unlink()
    without = run(capsys, "status", "--db", str(db_path), "--json")
    payload = json.loads(with_summary[1])
    assert with_summary == without
    assert payload["snoozed_until"] == "2026-05-04T14:45:00+00:00"
    assert payload["line"] == "walk due, snoozed to 14:45"
    monkeypatch.setenv("COACH_NOW", "2026-05-04T14:46:00+00:00")  # the snooze has run out
    assert run(capsys, "status", "--db", str(db_path))[1] == "walk due\n"


def test_a_long_wrong_argument_is_cut_with_an_ellipsis(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "walk", "delete", "9" * 19 + "x" * 60)
    assert code == 2 and "…" in err and "x" * 30 not in err and len(err.splitlines()) == 1


def test_a_walk_dated_after_now_does_not_hold_the_schedule_back(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged while the clock ran years ahead: seen from today it has not happened yet,
    whether status reads the summary or the file."""
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "10", "--at", "08:00")
    monkeypatch.setenv("COACH_NOW", "2031-06-01T12:00:00+00:00")
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "10")
    monkeypatch.setenv("COACH_NOW", "2026-05-04T11:00:00+00:00")
    assert Store.open(db_path).last_walk_end(datetime(2026, 5, 4, 11, tzinfo=UTC)) == datetime(
        2026, 5, 4, 8, 10, tzinfo=UTC
    )
    summary = db_path.with_name(db_path.name + ".summary")
    with_summary = run(capsys, "status", "--db", str(db_path), "--json")
    summary.unlink()
    without = run(capsys, "status", "--db", str(db_path), "--json")
    assert with_summary == without
    payload = json.loads(with_summary[1])
    assert (
        payload["line"] == "walk due" and payload["last_walk_ended"] == "2026-05-04T08:10:00+00:00"
    )


def test_a_hand_edited_snooze_of_the_wrong_shape_counts_as_none(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "11:45")
    data = json.loads(db_path.read_text())
    data.setdefault("settings", {}).setdefault("1", {})["snoozed_until"] = "banana"
    db_path.write_text(json.dumps(data))
    monkeypatch.setenv("COACH_NOW", "2026-05-04T14:30:00+00:00")
    assert run(capsys, "status", "--db", str(db_path)) == (0, "walk due\n", "")
    assert run(capsys, "walk", "list", "--db", str(db_path))[0] == 0


def _a_full_file(db_path: Path) -> None:
    """Walks (one dated after now), waking hours, a snooze, an appointment, a walk under way."""
    from coach.model.records import CareItem, CareKind
    from coach.model.settings import Settings

    store = Store(db_path)
    now = datetime(2026, 5, 4, 12, tzinfo=UTC)
    for hours, minutes in ((30, 10), (5, 15), (3, 20), (-50, 5)):
        start = now - timedelta(hours=hours)
        store.add_walk(Walk(start, start + timedelta(minutes=minutes), 10))
    store.save_settings(
        replace(
            Settings(),
            waking_start=clock_time(7, 30),
            snoozed_until=datetime(2026, 5, 4, 12, 10, tzinfo=UTC),
        )
    )
    store.add_care(CareItem(CareKind.APPOINTMENT, now, at=datetime(2026, 5, 6, 9, tzinfo=UTC)))
    store.add_care(CareItem(CareKind.QUESTION, now, name="When can I cycle?"))
    store.start_walk(now)


def test_status_and_walk_list_without_the_summary_read_the_file_as_the_store_does(
    db_path: Path,
) -> None:
    from coach.store import fast

    _a_full_file(db_path)
    db_path.with_name(db_path.name + ".summary").unlink()
    now = datetime(2026, 5, 4, 12, 5, tzinfo=UTC)
    read = fast.status_inputs(db_path, now)
    assert read == fast._from_store(db_path, now)
    assert read.waking[0] == clock_time(7, 30) and read.appointments
    assert read.active_since is not None and read.snoozed_until is not None
    for since in (None, datetime(2026, 5, 4, 8, tzinfo=UTC)):
        listed = fast.walk_list_documents(db_path, since)
        assert listed == Store.open(db_path).walk_documents(since) and listed


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["walks"]["1"].update(minutes="ten"),
        lambda data: data["settings"]["1"].update(bell="loud"),
        lambda data: data["care"]["1"].update(kind="wish"),
        lambda data: data["active_walk"]["1"].update(started_at="soon"),
        lambda data: data["meta"]["1"].update(schema_version=SCHEMA_VERSION + 1),
    ],
    ids=["walk", "settings", "care", "walk under way", "newer"],
)
def test_without_the_summary_damage_is_refused_as_the_store_refuses_it(
    db_path: Path, damage: Any
) -> None:
    from coach.errors import DamagedDatabase
    from coach.store import fast

    _a_full_file(db_path)
    data = json.loads(db_path.read_text())
    damage(data)
    db_path.write_text(json.dumps(data))
    now = datetime(2026, 5, 4, 12, 5, tzinfo=UTC)
    for quick, slow in (
        (lambda: fast.status_inputs(db_path, now), lambda: fast._from_store(db_path, now)),
        (
            lambda: fast.walk_list_documents(db_path, None),
            lambda: Store.open(db_path).walk_documents(None),
        ),
    ):
        with pytest.raises(DamagedDatabase) as by_fast:
            quick()
        with pytest.raises(DamagedDatabase) as by_store:
            slow()
        assert str(by_fast.value) == str(by_store.value)
        assert type(by_fast.value) is type(by_store.value)
    assert json.loads(db_path.read_text()) == data


def test_without_the_summary_the_fast_commands_still_load_no_store(db_path: Path) -> None:
    """A file copied, synced or edited (no summary vouches for it) is checked record by
    record, still without TinyDB, the Store or record objects."""
    _a_full_file(db_path)
    db_path.with_name(db_path.name + ".summary").unlink()
    for args in (["status", "--json"], ["walk", "list", "--json"]):
        probe = (
            "import sys, io, contextlib\n"
            "from coach.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main({[*args, '--db', str(db_path)]!r})\n"
            "print(code, *(m in sys.modules for m in "
            "('textual', 'tinydb', 'coach.store.database', 'coach.store.reader')))\n"
        )
        env = {**os.environ, "COACH_NOW": NOW, "TZ": "UTC"}
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
        )
        assert done.stdout.splitlines()[-1] == "0 False False False False", args
    assert not db_path.with_name(db_path.name + ".summary").exists()  # readers never write


def test_status_with_a_zone_a_day_off_still_answers(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TZ=UTC24 (glibc takes it; Python's times cannot): the system's zone is used instead
    of an "unexpected error" (found by the outside attack)."""
    assert run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "5")[0] == 0
    monkeypatch.setenv("TZ", "UTC24")
    for args in (["status"], ["status", "--json"], ["report", "--format", "md"]):
        code, out, err = run(capsys, "--db", str(db_path), *args)
        assert code == 0 and out and not err, (args, err)


def test_status_at_the_last_year_with_a_walk_decades_before(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A last walk 74 years back, out of waking hours: the windows between are crossed at
    once, not one by one until they run out (a StopIteration, found by the outside
    attack)."""
    assert run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "5")[0] == 0
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    monkeypatch.setenv("COACH_NOW", "2100-12-31T23:59:59")  # out of waking hours, in Tokyo
    code, out, err = run(capsys, "--db", str(db_path), "status")
    assert (code, out, err) == (0, "next walk tomorrow 08:00-09:00\n", "")
