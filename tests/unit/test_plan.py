"""The therapist's plan: `coach plan check/import/show/clear`, kept in the database, and
what it changes in the shell (the walk schedule of `coach status`)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from coach.__main__ import main
from coach.model import program as program_model
from coach.model.content import Library
from coach.model.program import PlanFiles, program_of, read_plan_files
from coach.store import Store, documents
from coach.store.summary import read_summary

NOW = "2026-05-04T12:00:00+00:00"

PLAN = """\
# From your physical therapist.
prescribed_by = "Sam Lee, physical therapist"
starts = 2026-05-01
notes = "Use a mat under your knees."

[walks]
minutes = { min = 10, max = 15 }
every_hours = { min = 3, max = 3 }

[[exercises]]
id = "cat-cow"
hold = 20
reps = { min = 2, max = 3 }
sessions_per_day = 2
notes = "Keep the movement small at first."

[[exercises]]
file = "given.toml"
hold = 10
reps = 5
sessions_per_day = 3
"""

GIVEN = """\
id = "given-move"
title = "Given move"
summary = "The movement your therapist showed you."

[cycle]
text = "Do the movement as your therapist showed you."
reps = { min = 3, max = 8 }

[[cycle.positions]]
id = "hold"
title = "Hold"
text = "Hold the position your therapist showed you."
hold = { min = 5, max = 20 }
"""


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def write_plan(folder: Path, plan: str = PLAN, given: str | None = GIVEN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.toml").write_text(plan, encoding="utf-8")
    if given is not None:
        (folder / "given.toml").write_text(given, encoding="utf-8")
    return folder / "plan.toml"


def bundled(library: Library) -> list[program_model.Exercise]:
    return [e for e in library.exercises if e.id == "cat-cow"]


def test_a_good_plan_checks_and_narrows_each_exercise_to_its_numbers(
    tmp_path: Path, library: Library
) -> None:
    files, problems = read_plan_files(write_plan(tmp_path))
    assert problems == [] and files is not None
    program, problems = program_of(files, bundled(library))
    assert problems == [] and program is not None
    cat_cow, given = program.exercises
    assert cat_cow.exercise.hold_range == (20, 20) and cat_cow.exercise.reps == (2, 3)
    assert cat_cow.sessions_per_day == 2 and cat_cow.file is None
    assert cat_cow.notes == "Keep the movement small at first."
    assert given.id == "given-move" and given.file == "given.toml"
    assert given.exercise.hold_range == (10, 10) and given.exercise.reps == (5, 5)
    assert program.walk_minutes == (10, 15) and program.walk_every_hours == (3, 3)
    assert program.prescribed_by == "Sam Lee, physical therapist"
    assert program.sha256 == hashlib.sha256(PLAN.encode()).hexdigest()
    walking = program.walking(library.walking)
    assert walking.minutes == (10, 15) and walking.every_hours == (3, 3)
    assert walking.items == library.walking.items  # the source's guidance stays


def test_without_hold_or_reps_the_exercise_keeps_its_own_ranges(
    tmp_path: Path, library: Library
) -> None:
    plan = 'starts = 2026-05-01\n[[exercises]]\nid = "cat-cow"\nsessions_per_day = 1\n'
    files, _ = read_plan_files(write_plan(tmp_path, plan, None))
    assert files is not None
    program, problems = program_of(files, bundled(library))
    assert problems == [] and program is not None
    own = library.exercise("cat-cow")
    assert program.exercises[0].exercise == own
    assert program.walk_minutes is None and program.walking(library.walking) == library.walking


BROKEN_PLANS = [
    # (what the plan's text becomes, the field named, words of the message)
    (PLAN.replace("starts = 2026-05-01", 'starts = "2026-05-01"'), "starts", "must be a date"),
    (PLAN.replace("starts = 2026-05-01\n", ""), "starts", "is missing"),
    (PLAN.replace("starts = 2026-05-01", "starts = 2026-05-01T10:00:00"), "starts", "date"),
    (
        PLAN.replace('prescribed_by = "Sam Lee, physical therapist"', "prescribed_by = 3"),
        "prescribed_by",
        "must be a string",
    ),
    (
        PLAN.replace('notes = "Use a mat under your knees."', f'notes = "{"x" * 1001}"'),
        "notes",
        "at most 1000",
    ),
    (
        PLAN.replace('notes = "Use a mat under your knees."', 'notes = "a\\u001b[31m"'),
        "notes",
        "control character",
    ),
    (
        PLAN.replace("minutes = { min = 10, max = 15 }", "minutes = { min = 15, max = 10 }"),
        "walks.minutes",
        "greater than max",
    ),
    (
        PLAN.replace("minutes = { min = 10, max = 15 }", "minutes = { min = 0, max = 10 }"),
        "walks.minutes.min",
        "between 1 and 600",
    ),
    (
        PLAN.replace("every_hours = { min = 3, max = 3 }", "every_hours = 3"),
        "walks.every_hours",
        "must be a table",
    ),
    (PLAN.replace("[walks]", "[walks]\nstairs = false"), "walks.stairs", "unknown key"),
    (
        PLAN.replace('id = "cat-cow"', 'id = "cat-cows"'),
        "exercises[1].id",
        "no bundled exercise has the id 'cat-cows'",
    ),
    (PLAN.replace('id = "cat-cow"', 'id = "Cat Cow"'), "exercises[1].id", "lower-case"),
    (
        PLAN.replace('id = "cat-cow"', 'id = "cat-cow"\nfile = "given.toml"'),
        "exercises[1]",
        "either id",
    ),
    (PLAN.replace('id = "cat-cow"\n', ""), "exercises[1]", "either id"),
    (
        PLAN.replace("hold = 20", "hold = 40"),
        "exercises[1].hold",
        "within 'cat-cow''s own range, 15 to 30",
    ),
    (PLAN.replace("hold = 20", "hold = { min = 10, max = 20 }"), "exercises[1].hold", "15 to 30"),
    (PLAN.replace("hold = 20", 'hold = "20"'), "exercises[1].hold", "whole number or a range"),
    (PLAN.replace("hold = 20", "hold = 0"), "exercises[1].hold", "between 1 and 600"),
    (PLAN.replace("reps = { min = 2, max = 3 }", "reps = 5"), "exercises[1].reps", "2 to 4"),
    (
        PLAN.replace("sessions_per_day = 2", "sessions_per_day = 0"),
        "exercises[1].sessions_per_day",
        "between 1 and 12",
    ),
    (PLAN.replace("sessions_per_day = 2\n", ""), "exercises[1].sessions_per_day", "is missing"),
    (
        PLAN.replace('notes = "Keep the movement small at first."', f'notes = "{"y" * 201}"'),
        "exercises[1].notes",
        "at most 200",
    ),
    (
        PLAN.replace('file = "given.toml"', 'file = "absent.toml"'),
        "exercises[2].file",
        "'absent.toml' cannot be read",
    ),
    (PLAN.replace("hold = 10", "hold = 30"), "exercises[2].hold", "5 to 20"),
    (
        PLAN + '\n[[exercises]]\nid = "cat-cow"\nsessions_per_day = 1\n',
        "exercises[3]",
        "already on the plan",
    ),
    (PLAN.split("[[exercises]]")[0], "exercises", "is missing"),
    ("colour = 'blue'\n" + PLAN, "colour", "unknown key"),
    ("starts = 2026-05-01\nexercises = []\n", "exercises", "at least one entry"),
    ("starts = 2026-05-01\n[[exercises]\n", "(toml)", "not valid TOML"),
]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    BROKEN_PLANS,
    ids=[f"{n}-{p[1]}" for n, p in enumerate(BROKEN_PLANS)],
)
def test_a_broken_plan_is_one_line_naming_the_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, field: str, words: str
) -> None:
    plan = write_plan(tmp_path, text)
    code, out, err = run(capsys, "plan", "check", str(plan))
    assert code == 1 and out == ""
    assert f"coach: {plan}: {field}: " in err and words in err, err
    assert all(line.startswith("coach: ") for line in err.splitlines())


def test_a_given_exercise_file_with_problems_is_named_by_its_own_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = write_plan(tmp_path, given=GIVEN.replace('title = "Hold"\n', ""))
    code, _, err = run(capsys, "plan", "check", str(plan))
    assert code == 1
    assert f"{tmp_path / 'given.toml'}: cycle.positions[1].title: is missing" in err


def test_a_given_exercise_may_not_take_a_bundled_exercise_s_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = write_plan(tmp_path, given=GIVEN.replace('"given-move"', '"cat-cow"'))
    code, _, err = run(capsys, "plan", "check", str(plan))
    assert code == 1 and "exercises[2].file: its id 'cat-cow' is a bundled exercise's" in err


def test_a_plan_that_is_no_file_or_too_large_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "plan", "check", str(tmp_path))
    assert code == 1 and f"{tmp_path}: (file): cannot be read" in err
    big = write_plan(tmp_path, PLAN + "#" * (300 * 1024) + "\n")
    code, _, err = run(capsys, "plan", "check", str(big))
    assert code == 1 and "is too large" in err
    os.mkfifo(tmp_path / "fifo.toml")  # never waited on
    code, _, err = run(capsys, "plan", "check", str(tmp_path / "fifo.toml"))
    assert code == 1 and "not a regular file" in err


def test_import_show_and_clear_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    plan = write_plan(tmp_path / "from-therapist")
    code, out, _ = run(capsys, "plan", "show", "--db", str(db_path))
    assert code == 0 and out.startswith("no plan is imported")
    code, out, _ = run(capsys, "plan", "import", str(plan), "--db", str(db_path))
    digest = hashlib.sha256(PLAN.encode()).hexdigest()
    assert code == 0 and f"imported {plan}: 2 exercises, from 2026-05-01" in out
    assert f"sha256 {digest}" in out
    assert (db_path.stat().st_mode & 0o777) == 0o600
    kept = Store.open(db_path).plan_document()
    assert kept is not None and kept["text"] == PLAN and kept["sha256"] == digest
    assert kept["files"] == [
        {"name": "given.toml", "text": GIVEN, "sha256": hashlib.sha256(GIVEN.encode()).hexdigest()}
    ]
    assert kept["imported_at"] == NOW and set(kept) == {
        "name",
        "text",
        "sha256",
        "imported_at",
        "files",
    }
    # the files may go: the plan lives in the database now
    for name in ("plan.toml", "given.toml"):
        (tmp_path / "from-therapist" / name).unlink()
    code, out, _ = run(capsys, "plan", "show", "--db", str(db_path))
    assert code == 0
    assert "Prescribed by: Sam Lee, physical therapist" in out
    assert "- Cat-cow (cat-cow): holds of 20 seconds, 2 to 3 repetitions, 2 sessions a day" in out
    assert "  Note: Keep the movement small at first." in out
    assert (
        "Given move (given-move, from given.toml): holds of 10 seconds, 5 repetitions, 3 sessions"
        in out
    )
    assert "Walks: 10 to 15 minutes, every 3 hours (your therapist's numbers)" in out
    code, out, _ = run(capsys, "plan", "show", "--json", "--db", str(db_path))
    shown = json.loads(out)["plan"]
    assert shown["sha256"] == digest and shown["started"] is True
    assert [e["id"] for e in shown["exercises"]] == ["cat-cow", "given-move"]
    assert shown["exercises"][0]["hold_seconds"] == {"min": 20, "max": 20}
    code, out, _ = run(capsys, "plan", "clear", "--db", str(db_path))
    assert code == 0 and out.startswith("cleared the plan imported 2026-05-04 12:00 (plan.toml)")
    assert Store.open(db_path).plan_document() is None
    assert run(capsys, "plan", "clear", "--db", str(db_path))[1].startswith("no plan is imported")
    assert json.loads(run(capsys, "plan", "show", "--json", "--db", str(db_path))[1]) == {
        "plan": None
    }


def test_a_plan_with_problems_is_not_imported_and_the_one_before_stays(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path / "a")), "--db", str(db_path))
    before = db_path.read_bytes()
    bad = write_plan(tmp_path / "b", PLAN.replace("hold = 20", "hold = 99"))
    code, out, err = run(capsys, "plan", "import", str(bad), "--db", str(db_path))
    assert code == 1 and out == "" and err.splitlines()[-1].startswith("coach: not imported: ")
    assert db_path.read_bytes() == before


def test_a_second_import_replaces_the_first_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path / "a")), "--db", str(db_path))
    second = write_plan(
        tmp_path / "b", PLAN.replace("sessions_per_day = 2", "sessions_per_day = 1")
    )
    code, out, _ = run(capsys, "plan", "import", str(second), "--db", str(db_path))
    assert code == 0 and "it replaces the plan imported 2026-05-04 12:00 (plan.toml)" in out
    kept = Store.open(db_path).plan_document()
    assert kept is not None and "sessions_per_day = 1" in kept["text"]


def test_a_plan_that_starts_later_says_when(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    plan = write_plan(tmp_path, PLAN.replace("starts = 2026-05-01", "starts = 2026-05-07"))
    run(capsys, "plan", "import", str(plan), "--db", str(db_path))
    out = run(capsys, "plan", "show", "--db", str(db_path))[1]
    assert "Starts on 2026-05-07 (in 3 days): nothing to start before then" in out
    assert (
        json.loads(run(capsys, "plan", "show", "--json", "--db", str(db_path))[1])["plan"][
            "started"
        ]
        is False
    )


@pytest.mark.parametrize("summary", [True, False])
def test_status_follows_the_plan_s_walk_interval_once_it_has_started(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    summary: bool,
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "11:45")
    assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 14:00-15:00\n"
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    if not summary:
        Path(f"{db_path}.summary").unlink()
    assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 15:00\n"
    later = write_plan(
        tmp_path / "later", PLAN.replace("starts = 2026-05-01", "starts = 2026-05-05")
    )
    run(capsys, "plan", "import", str(later), "--db", str(db_path))
    if not summary:
        Path(f"{db_path}.summary").unlink()
    assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 14:00-15:00\n"
    monkeypatch.setenv("COACH_NOW", "2026-05-05T09:00:00+00:00")  # its first day
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "08:45")
    if not summary:
        Path(f"{db_path}.summary").unlink()
    assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 12:00\n"


def test_the_summary_and_the_app_s_glance_carry_the_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    kept = Store.open(db_path).plan_document()
    summary = read_summary(db_path)
    assert summary is not None and summary["glance"]["plan"] == kept
    assert Store.open_glancing(db_path).glance().plan == kept
    Path(f"{db_path}.summary").unlink()
    assert Store.open_glancing(db_path).glance().plan == kept


def tamper(db_path: Path, change: object) -> None:
    data = json.loads(db_path.read_text())
    change(data["plan"]["1"])  # type: ignore[operator]
    db_path.write_text(json.dumps(data))
    Path(f"{db_path}.summary").unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda doc: doc.update(text=doc["text"] + "#"), "plan: sha256 does not match its text"),
        (lambda doc: doc.update(starts="2026-05-01"), "'starts' is not a known field"),
        (lambda doc: doc.update(files="given.toml"), "files is not a list of files"),
        (lambda doc: doc["files"][0].update(sha256="0" * 64), "files[1]: sha256 does not match"),
        (lambda doc: doc.update(colour="blue"), "'colour' is not a known field"),
        (lambda doc: doc.pop("imported_at"), "imported_at"),
    ],
)
def test_a_kept_plan_broken_by_hand_is_a_damaged_database_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    db_path: Path,
    change: object,
    words: str,
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    tamper(db_path, change)
    before = db_path.read_bytes()
    for command in (("plan", "show"), ("status",), ("walk", "add", "--minutes", "5")):
        code, out, err = run(capsys, *command, "--db", str(db_path))
        assert code == 1 and words in err, (command, err)
        assert err.count("\n") == 1 and "Traceback" not in err
    assert db_path.read_bytes() == before


def test_a_kept_plan_that_no_longer_reads_against_the_content_is_told_not_crashed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    data = json.loads(db_path.read_text())
    doc = data["plan"]["1"]
    doc["text"] = doc["text"].replace('"cat-cow"', '"renamed"')  # as if an update renamed it
    doc["sha256"] = hashlib.sha256(doc["text"].encode()).hexdigest()
    db_path.write_text(json.dumps(data))
    code, out, err = run(capsys, "plan", "show", "--db", str(db_path))
    assert code == 1 and out == ""
    assert "the plan imported 2026-05-04 (plan.toml): exercises[1].id: no bundled exercise" in err
    assert "the general numbers apply until it is imported again" in err


def test_a_schema_4_file_is_read_and_upgraded_to_keep_a_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps({"meta": {"1": {"schema_version": 4, "next_care_id": 1}}}))
    assert run(capsys, "plan", "show", "--db", str(db_path))[0] == 0
    code, _, _ = run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    assert code == 0
    assert json.loads(db_path.read_text())["meta"]["1"]["schema_version"] == 5
    assert list(db_path.parent.glob("*.schema-4.bak"))  # the file as it was, kept


def test_an_older_back_coach_s_limits_match_the_model_s() -> None:
    assert program_model.MAX_EXERCISES == documents.MAX_PLAN_FILES
    assert program_model.MAX_PLAN_BYTES == documents.MAX_PLAN_CHARACTERS


def test_plan_files_kept_in_the_database_read_back_the_same(
    tmp_path: Path, library: Library
) -> None:
    from datetime import UTC, datetime

    files, _ = read_plan_files(write_plan(tmp_path))
    assert files is not None
    program, _ = program_of(files, bundled(library))
    assert program is not None
    doc = program_model.plan_document(files, datetime(2026, 5, 4, 12, tzinfo=UTC))
    assert documents.plan_problem(doc) is None
    again, problems = program_model.program_from_document(doc, bundled(library))
    assert problems == [] and again is not None
    assert again._replace(imported_at=None, name=program.name) == program._replace(
        exercises=again.exercises
    )
    assert [p.exercise._replace(source="") for p in again.exercises] == [
        p.exercise._replace(source="") for p in program.exercises
    ]
    assert PlanFiles(files.name, files.raw, files.files).raw == PLAN.encode()


def test_export_carries_the_plan_and_import_brings_it_where_none_is_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    run(capsys, "walk", "add", "--minutes", "5", "--db", str(db_path))
    export = tmp_path / "export.json"
    code, out, _ = run(
        capsys, "export", "--format", "json", "--output", str(export), "--db", str(db_path)
    )
    assert code == 0
    assert out.startswith("exported 1 walk and 0 sessions and 0 care items, with the therapist's")
    kept = Store.open(db_path).plan_document()
    assert json.loads(export.read_text())["plan"] == kept
    other = tmp_path / "other" / "backcoach.json"
    code, out, _ = run(capsys, "import", str(export), "--db", str(other))
    assert code == 0 and "added the therapist's plan" in out
    assert Store.open(other).plan_document() == kept
    # a plan already kept stays (it may be the newer one)
    newer = write_plan(tmp_path / "newer", PLAN.replace("hold = 20", "hold = 25"))
    run(capsys, "plan", "import", str(newer), "--db", str(other))
    code, out, _ = run(capsys, "import", "--merge", str(export), "--db", str(other))
    assert code == 0 and "plan in " in out and "was left out: " in out
    code, out, _ = run(capsys, "import", "--merge", str(export), "--db", str(db_path))
    assert code == 0 and "therapist's plan" not in out  # the same plan: nothing to say
    assert "hold = 25" in (Store.open(other).plan_document() or {})["text"]


def test_an_export_with_a_broken_plan_imports_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    run(capsys, "walk", "add", "--minutes", "5", "--db", str(db_path))
    export = tmp_path / "export.json"
    run(capsys, "export", "--format", "json", "--output", str(export), "--db", str(db_path))
    document = json.loads(export.read_text())
    document["plan"]["text"] += "#"
    export.write_text(json.dumps(document))
    other = tmp_path / "other" / "backcoach.json"
    code, _, err = run(capsys, "import", str(export), "--db", str(other))
    assert code == 1 and "plan: plan: sha256 does not match its text; nothing was imported" in err
    assert not other.exists()


@pytest.mark.parametrize("command", ["add", "stop", "edit"])
def test_a_walk_longer_than_the_therapist_s_is_answered_with_their_numbers(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    db_path: Path,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    longer = library.walking.answers.longer.text
    if command == "add":
        args: tuple[str, ...] = ("walk", "add", "--minutes", "17")
    elif command == "stop":
        monkeypatch.setenv("COACH_NOW", "2026-05-04T11:43:00+00:00")
        run(capsys, "walk", "start", "--db", str(db_path))
        monkeypatch.setenv("COACH_NOW", NOW)
        args = ("walk", "stop")
    else:
        run(capsys, "walk", "add", "--minutes", "5", "--db", str(db_path))
        args = ("walk", "edit", "1", "--minutes", "17", "--at", "11:40")
    # without a plan, 17 minutes is within the source's 10 to 20: nothing to answer
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    code, out, _ = run(capsys, *args, "--db", str(db_path))
    assert code == 0
    assert out.splitlines()[-1] == (
        f"Your therapist's plan is for walks of 10 to 15 minutes. In general: {longer}"
    )


def test_before_the_plan_starts_a_walk_is_answered_by_the_source_s_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    later = write_plan(tmp_path, PLAN.replace("starts = 2026-05-01", "starts = 2026-05-05"))
    run(capsys, "plan", "import", str(later), "--db", str(db_path))
    code, out, _ = run(capsys, "walk", "add", "--minutes", "17", "--db", str(db_path))
    assert code == 0 and len(out.splitlines()) == 1  # the saved line, no answer


def test_the_readme_s_example_plan_checks_and_imports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("A full example, `plan.toml`:\n\n```toml\n")[1].split("```")[0]
    plan = write_plan(tmp_path, example, None)
    code, out, _ = run(capsys, "plan", "check", str(plan))
    assert code == 0, out
    code, out, _ = run(capsys, "plan", "import", str(plan), "--db", str(db_path))
    assert code == 0
    shown = run(capsys, "plan", "show", "--db", str(db_path))[1]
    assert "- Cat-cow (cat-cow): holds of 20 seconds, 2 to 3 repetitions, 2 sessions a day" in shown
    assert "Walks: 10 to 15 minutes, every 3 hours" in shown


def test_program_counts_are_completed_sessions_from_its_first_day_against_its_sessions_a_day(
    tmp_path: Path, library: Library
) -> None:
    from datetime import UTC, date, datetime, timedelta

    from coach.model.program import program_counts
    from coach.model.records import SessionRecord, SessionStatus

    files, _ = read_plan_files(write_plan(tmp_path))
    assert files is not None
    program, _ = program_of(files, bundled(library))
    assert program is not None

    def session(day: int, status: SessionStatus, exercise: str = "cat-cow") -> SessionRecord:
        start = datetime(2026, 5, day, 9, tzinfo=UTC)
        return SessionRecord(exercise, start, start + timedelta(minutes=3), status, 2, 2, 20, False)

    sessions = [
        session(4, SessionStatus.COMPLETED),
        session(3, SessionStatus.COMPLETED),
        session(3, SessionStatus.STOPPED_FOR_PAIN),  # not done
        session(1, SessionStatus.COMPLETED),  # its first day counts
        session(2, SessionStatus.COMPLETED, "given-move"),
    ]
    sessions.append(
        SessionRecord(
            "cat-cow",
            datetime(2026, 4, 30, 9, tzinfo=UTC),
            None,
            SessionStatus.COMPLETED,
            2,
            2,
            20,
            False,
        )
    )  # before its first day: not counted
    cat_cow, given = program_counts(program, sessions, date(2026, 4, 28), date(2026, 5, 4), UTC)
    assert (cat_cow.done, cat_cow.prescribed, cat_cow.days) == (3, 8, 4)
    assert cat_cow.line() == "3 of 8 sessions done (2 a day, 4 days)"
    assert (given.done, given.prescribed) == (1, 12)
    before, _ = program_counts(program, sessions, date(2026, 4, 20), date(2026, 4, 30), UTC)
    assert before.days == 0 and before.line() == "not started yet (2 a day)"


def test_the_report_states_the_program_and_its_sessions_against_those_prescribed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    hostile = PLAN.replace(
        'notes = "Use a mat under your knees."', 'notes = "<b>mat</b> & *stars* [link](x)"'
    )
    run(capsys, "plan", "import", str(write_plan(tmp_path, hostile)), "--db", str(db_path))
    code, out, _ = run(capsys, "report", "--db", str(db_path))
    assert code == 0
    assert (
        "The therapist's plan: walks of 10 to 15 minutes, every 3 hours (the general "
        "guidance: 10 to 20 minutes, every 2 to 3 hours)."
    ) in out
    assert "- Program: Cat-cow: 0 of 8 sessions done (2 a day, 4 days)" in out
    assert "## The therapist's program" in out
    assert "- Cat-cow (cat-cow): holds of 20 seconds, 2 to 3 repetitions, 2 sessions a day" in out
    assert "<b>" not in out and "\\*stars\\*" in out  # Markdown made inert
    html = tmp_path / "report.html"
    code, _, _ = run(capsys, "report", "--output", str(html), "--db", str(db_path))
    page = html.read_text()
    assert code == 0 and "<h2>The therapist's program</h2>" in page
    assert "&lt;b&gt;mat&lt;/b&gt; &amp; *stars*" in page and "<b>mat" not in page


# Found by the attack on this feature: each one held here.


def test_a_plan_that_no_longer_reads_is_not_followed_by_status_or_the_walk_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "15", "--at", "11:45")
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 15:00\n"
    data = json.loads(db_path.read_text())
    doc = data["plan"]["1"]
    doc["text"] = doc["text"].replace('"cat-cow"', '"renamed"')  # as if an update renamed it
    doc["sha256"] = hashlib.sha256(doc["text"].encode()).hexdigest()
    db_path.write_text(json.dumps(data))
    for summary in (False, True):
        if not summary:
            Path(f"{db_path}.summary").unlink(missing_ok=True)
        assert run(capsys, "status", "--db", str(db_path))[1] == "next walk 14:00-15:00\n"
    code, out, _ = run(capsys, "walk", "add", "--db", str(db_path), "--minutes", "17")
    assert code == 0 and "therapist" not in out  # 17 is within the source's 10 to 20


def test_an_export_whose_plan_does_not_read_imports_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    run(capsys, "plan", "import", str(write_plan(tmp_path)), "--db", str(db_path))
    export = tmp_path / "export.json"
    run(capsys, "export", "--format", "json", "--output", str(export), "--db", str(db_path))
    document = json.loads(export.read_text())
    plan = document["plan"]
    plan["text"] = plan["text"].replace("hold = 20", "hold = 99")
    plan["sha256"] = hashlib.sha256(plan["text"].encode()).hexdigest()
    export.write_text(json.dumps(document))
    other = tmp_path / "other" / "backcoach.json"
    code, _, err = run(capsys, "import", str(export), "--db", str(other))
    assert code == 1 and "plan: does not read: " in err and "exercises[1].hold" in err
    assert not other.exists()


@pytest.mark.parametrize(
    "name", ["../outside.toml", "/etc/hostname", "sub/../../x.toml", "~/x.toml", "a.toml\\n"]
)
def test_a_given_file_must_be_beside_the_plan_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    plan = write_plan(tmp_path / "p", PLAN.replace('file = "given.toml"', f'file = "{name}"'))
    code, out, err = run(capsys, "plan", "check", str(plan))
    assert code == 1 and out == "" and "exercises[2].file: " in err


def test_a_given_file_in_a_folder_below_the_plan_is_fine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = write_plan(tmp_path, PLAN.replace('file = "given.toml"', 'file = "more/given.toml"'))
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "given.toml").write_text(GIVEN)
    assert run(capsys, "plan", "check", str(plan))[0] == 0


@pytest.mark.parametrize("starts", ["9999-12-31", "0001-01-01", "1969-12-31"])
def test_check_refuses_a_start_import_would_refuse(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path, starts: str
) -> None:
    plan = write_plan(tmp_path, PLAN.replace("starts = 2026-05-01", f"starts = {starts}"))
    code, _, err = run(capsys, "plan", "check", str(plan))
    assert code == 1 and "starts: must be a day from 1970 to 2100" in err


def test_a_plan_s_file_name_is_shown_on_one_line(tmp_path: Path, library: Library) -> None:
    from datetime import date

    from coach.model.program import program_lines

    odd = tmp_path / "ev\x1b]0;x\x07il\nPrescribed by: me.toml"
    odd.write_text(
        PLAN.replace('file = "given.toml"', 'id = "cat-cow"').split("[[exercises]]")[0]
        + '[[exercises]]\nid = "cat-cow"\nsessions_per_day = 1\n'
    )
    files, problems = read_plan_files(odd)
    assert files is not None, problems
    program, problems = program_of(files, bundled(library))
    assert program is not None, problems
    heading = program_lines(program, date(2026, 5, 4))[0]
    assert "\n" not in heading and "\x1b" not in heading and "\x07" not in heading


def test_a_one_minute_walk_plan_says_minute(library: Library) -> None:
    from coach.model.walking_plan import therapists_walks
    from coach.model.walks import as_therapists

    theirs = therapists_walks(library.walking, (1, 1), None)
    [text] = as_therapists([library.walking.answers.longer.text], theirs, library.walking)
    assert text.startswith("Your therapist's plan is for walks of 1 minute. ")
