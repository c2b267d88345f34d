"""The shell commands: every subcommand, every kind of bad input, and what they import."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coach.__main__ import main
from coach.model.records import SessionRecord, SessionStatus
from coach.store import Store

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
        ("2026-05-04T23:00:00+00:00", "next walk 08:00-09:00"),  # outside waking hours
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
    assert code == 0 and "1 walks and 1 sessions" in out
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
    [kept] = db_path.parent.glob("backcoach.json.damaged-*")
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
    ["walk", "add"],
    ["walk", "fly"],
    ["export", "--format", "xml"],
    ["frobnicate"],
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
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b'{"walks": {"1": ')
    for args in (
        ["walk", "list"],
        ["status"],
        ["walk", "add", "--minutes", "5"],
        ["export", "--format", "csv"],
    ):
        code, _, err = run(capsys, *args, "--db", str(db_path))
        assert code == 1 and err.startswith(f"coach: {db_path}: the database is not valid JSON")
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
