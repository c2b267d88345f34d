"""`coach care ...` and the next appointment in `coach status --json`: every command, every
kind of bad input, hostile text, ids, exits, and what the file looks like afterwards."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.__main__ import main
from coach.model.records import CareItem, CareKind
from coach.plain import unsafe
from coach.store import Store

NOW = "2026-05-04T12:00:00+00:00"  # a Monday, noon
HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07 wipe\x1b[2J\x9b31m \u202egnp.exe \x7f end"


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


def care(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "care", *args, "--db", str(db))


def inert(text: str) -> bool:
    """Nothing a terminal would act on: no control, C1 or bidi character (line ends aside)."""
    return not any(unsafe(c) for c in text.replace("\n", ""))


def items(db: Path) -> list[CareItem]:
    return Store.open(db).care_items()


def four_items(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for args in (
        ["add", "appointment", "--at", "tomorrow 14:30", "--with", "Dr Lee", "--note", "scans"],
        ["add", "medicine", "--name", "Ibuprofen", "--dose", "400 mg", "--how-often", "3x a day"],
        ["add", "result", "--name", "MRI", "--value", "normal", "--date", "2026-04-20"],
        ["add", "question", "Can I cycle?"],
    ):
        assert care(capsys, db, *args)[0] == 0, args


# Adding each kind, and what is said.


def test_each_kind_is_added_and_said_back_on_one_line(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    said = []
    for args in (
        ["add", "appointment", "--at", "tomorrow 14:30", "--with", "Dr Lee", "--note", "scans"],
        ["add", "medicine", "--name", "Ibuprofen", "--dose", "400 mg", "--how-often", "3x a day"],
        ["add", "result", "--name", "MRI", "--value", "normal", "--date", "2026-04-20"],
        ["add", "question", "Can I cycle?"],
    ):
        code, out, err = care(capsys, db_path, *args)
        assert (code, err) == (0, "")
        said.append(out)
    assert said == [
        "appointment 1 saved: Tue 05 May 2026 14:30 · with Dr Lee · scans\n",
        "medicine 2 saved: Ibuprofen · 400 mg · 3x a day\n",
        "result 3 saved: MRI · normal · 20 Apr 2026\n",
        "question 4 saved: Can I cycle?\n",
    ]
    appointment, medicine, result, question = items(db_path)
    assert appointment.at == datetime(2026, 5, 5, 14, 30, tzinfo=UTC)
    assert (appointment.who, appointment.note) == ("Dr Lee", "scans")
    assert (medicine.name, medicine.dose, medicine.how_often) == ("Ibuprofen", "400 mg", "3x a day")
    assert (result.name, result.value, result.day) == (
        "MRI",
        "normal",
        datetime(2026, 4, 20).date(),
    )
    assert (question.kind, question.name) == (CareKind.QUESTION, "Can I cycle?")


def test_only_what_is_required_is_asked_for(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert care(capsys, db_path, "add", "appointment", "--at", "09:00")[1] == (
        "appointment 1 saved: Mon 04 May 2026 09:00 (past)\n"  # earlier today: kept, as past
    )
    assert care(capsys, db_path, "add", "medicine", "--name", "Paracetamol")[1] == (
        "medicine 2 saved: Paracetamol\n"
    )
    code, out, _ = care(capsys, db_path, "add", "result", "--name", "Blood", "--value", "fine")
    assert out == "result 3 saved: Blood · fine · 04 May 2026\n"  # today, unless told
    assert [i.kind for i in items(db_path)] == list(CareKind)[:3]


def test_an_appointment_time_is_local_and_may_lie_ahead(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")  # summer time: UTC+1
    care(capsys, db_path, "add", "appointment", "--at", "2027-01-10 09:15")
    care(capsys, db_path, "add", "appointment", "--at", "2026-07-01T10:00+02:00")
    care(capsys, db_path, "add", "appointment", "--at", "14:30")
    assert [i.at for i in items(db_path)] == [
        datetime(2026, 5, 4, 13, 30, tzinfo=UTC),  # today, 14:30 in London
        datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
        datetime(2027, 1, 10, 9, 15, tzinfo=UTC),  # winter: London is UTC
    ]


# Listing.


def test_list_shows_each_list_with_ids_and_past_appointments_as_past(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    four_items(capsys, db_path)
    care(capsys, db_path, "add", "appointment", "--at", "2026-04-01 10:00", "--with", "GP")
    code, out, err = care(capsys, db_path, "list")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Appointments",
        "    5  Wed 01 Apr 2026 10:00 · with GP (past)",
        "    1  Tue 05 May 2026 14:30 · with Dr Lee · scans",
        "Medicines",
        "    2  Ibuprofen · 400 mg · 3x a day",
        "Test results",
        "    3  MRI · normal · 20 Apr 2026",
        "Questions for the next visit",
        "    4  Can I cycle?",
    ]


def test_an_empty_list_says_how_to_add_and_creates_no_file(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, _ = care(capsys, db_path, "list")
    assert code == 0 and out.startswith("no follow-up care items yet (add one with: coach care add")
    code, out, _ = care(capsys, db_path, "list", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert not db_path.exists()


def test_list_json_gives_every_stored_field_with_ids(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    four_items(capsys, db_path)
    code, out, _ = care(capsys, db_path, "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": 1,
            "kind": "appointment",
            "added_at": NOW,
            "at": "2026-05-05T14:30:00+00:00",
            "who": "Dr Lee",
            "note": "scans",
        },
        {
            "id": 2,
            "kind": "medicine",
            "added_at": NOW,
            "name": "Ibuprofen",
            "dose": "400 mg",
            "how_often": "3x a day",
        },
        {
            "id": 3,
            "kind": "result",
            "added_at": NOW,
            "name": "MRI",
            "value": "normal",
            "day": "2026-04-20",
        },
        {"id": 4, "kind": "question", "added_at": NOW, "name": "Can I cycle?"},
    ]


# Deleting, and ids.


def test_delete_says_there_is_no_undo_and_an_id_is_never_given_again(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    four_items(capsys, db_path)
    code, out, err = care(capsys, db_path, "delete", "4")
    assert (code, err) == (0, "")
    assert out == "question 4 deleted, with no undo from the shell: Can I cycle?\n"
    assert care(capsys, db_path, "add", "question", "Again?")[1] == "question 5 saved: Again?\n"
    code, out, err = care(capsys, db_path, "delete", "4")
    assert (code, out) == (1, "")
    assert err == f"coach: there is no care item 4 in {db_path} (see: coach care list)\n"
    assert [i.id for i in items(db_path)] == [1, 2, 3, 5]


def test_care_ids_are_their_own_and_walk_ids_are_untouched(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    run(capsys, "walk", "add", "--minutes", "10", "--db", str(db_path))
    assert care(capsys, db_path, "add", "question", "Q?")[1].startswith("question 1 saved")
    care(capsys, db_path, "delete", "1")
    assert run(capsys, "walk", "list", "--db", str(db_path))[1].startswith("    1  ")
    assert care(capsys, db_path, "add", "question", "R?")[1].startswith("question 2 saved")


# Bad input: one line, exit 2, nothing written.

BAD_INPUT = [
    ["care"],
    ["care", "add"],
    ["care", "add", "visit", "--at", "10:00"],
    ["care", "add", "appointment"],  # --at is required
    ["care", "add", "appointment", "--at", ""],
    ["care", "add", "appointment", "--at", "25:00"],
    ["care", "add", "appointment", "--at", "tomorrow"],
    ["care", "add", "appointment", "--at", "next week"],
    ["care", "add", "appointment", "--at", "1969-12-31 10:00"],
    ["care", "add", "appointment", "--at", "2101-01-01 10:00"],
    ["care", "add", "appointment", "--at", "9999-12-31T23:59-05:00"],
    ["care", "add", "appointment", "--at", "0001-01-01T00:00+01:00"],
    ["care", "add", "appointment", "--at", "10:00", "--with", "Dr \x1b[2J"],
    ["care", "add", "appointment", "--at", "10:00", "--note", "\u202egnp.exe"],
    ["care", "add", "appointment", "--at", "10:00", "--note", "x" * 501],
    ["care", "add", "medicine"],  # --name is required
    ["care", "add", "medicine", "--name", ""],
    ["care", "add", "medicine", "--name", "   "],
    ["care", "add", "medicine", "--name", "x" * 201],
    ["care", "add", "medicine", "--name", "x" * 10_000],
    ["care", "add", "medicine", "--name", "a \x9b C1 control"],
    ["care", "add", "medicine", "--name", "ok", "--dose", "\x1b]52;c;cm0g\x07"],
    ["care", "add", "medicine", "--name", "ok", "--how-often", "\u2066twice"],
    ["care", "add", "result", "--name", "MRI"],  # --value is required
    ["care", "add", "result", "--name", "MRI", "--value", ""],
    ["care", "add", "result", "--name", "", "--value", "fine"],
    ["care", "add", "result", "--name", "MRI", "--value", "ok", "--date", "20/04/2026"],
    ["care", "add", "result", "--name", "MRI", "--value", "ok", "--date", "1969-12-31"],
    ["care", "add", "result", "--name", "MRI", "--value", "ok", "--date", "2101-01-01"],
    ["care", "add", "question"],
    ["care", "add", "question", ""],
    ["care", "add", "question", "\x1b[31mred"],
    ["care", "add", "question", "q" * 501],
    ["care", "delete"],
    ["care", "delete", "one"],
    ["care", "delete", "0"],
    ["care", "delete", "-1"],
    ["care", "delete", "\u0663"],  # an Arabic-Indic three
    ["care", "delete", "9" * 5000],
    ["care", "list", "--days", "3"],
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=lambda a: " ".join(a)[:60])
def test_bad_input_is_one_inert_line_exit_2_and_the_file_is_unchanged(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str]
) -> None:
    four_items(capsys, db_path)
    before = db_path.read_bytes()
    code, out, err = run(capsys, *args, "--db", str(db_path))
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and err.startswith("coach") and inert(err)
    assert "Traceback" not in err and len(err) < 400  # a 10,000-character name is not echoed
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "medicine", "--name", ""], "the medicine's name is empty"),
        (["add", "medicine", "--name", "x" * 10_000], "the medicine's name is too long"),
        (["add", "result", "--name", "MRI", "--value", " "], "the result is empty"),
        (["add", "question", "\x1b[2J"], "the question holds a control character (U+001B)"),
        (["add", "appointment", "--at", "10:00", "--with", "\u202e"], "'with' holds a control"),
        (["add", "appointment", "--at", "25:00"], "cannot read the time '25:00'"),
        (["add", "appointment", "--at", "2101-01-01 10:00"], "not within the years 1970 to 2100"),
        (["add", "result", "--name", "a", "--value", "b", "--date", "x"], "cannot read the day"),
    ],
)
def test_each_refusal_names_the_field_and_the_problem(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str], words: str
) -> None:
    code, _, err = care(capsys, db_path, *args)
    assert code == 2 and words in err, err
    assert not db_path.exists()


def test_a_damaged_database_is_one_line_exit_1_and_untouched(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b'{"care": {"1": ')
    for args in (
        ["list"],
        ["list", "--json"],
        ["add", "question", "Q?"],
        ["add", "appointment", "--at", "10:00"],
        ["delete", "1"],
    ):
        code, out, err = care(capsys, db_path, *args)
        assert (code, out) == (1, ""), args
        assert err.startswith(f"coach: {db_path}: ") and len(err.splitlines()) == 1, args
    assert db_path.read_bytes() == b'{"care": {"1": '


def test_a_delete_of_an_item_changed_since_it_was_read_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from coach import care_commands

    four_items(capsys, db_path)
    stale = replace(items(db_path)[1], dose="200 mg")  # as another window last saw it
    monkeypatch.setattr(care_commands, "_stored_item", lambda store, item_id: stale)
    before = db_path.read_bytes()
    code, out, err = care(capsys, db_path, "delete", "2")
    assert (code, out) == (1, "") and "care item 2 was changed elsewhere" in err
    assert db_path.read_bytes() == before


# Text that reaches a terminal.


def test_markup_and_script_tags_are_kept_as_typed_and_shown_as_text(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    tag = '<script>alert(1)</script> [b]not bold[/b] & "quotes"'
    code, out, _ = care(capsys, db_path, "add", "medicine", "--name", tag, "--dose", "[red]")
    assert code == 0 and out == f"medicine 1 saved: {tag} · [red]\n"
    assert items(db_path)[0].name == tag
    assert f"    1  {tag} · [red]" in care(capsys, db_path, "list")[1]
    assert json.loads(care(capsys, db_path, "list", "--json")[1])[0]["name"] == tag


def test_a_question_may_run_as_long_as_a_note(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, _ = care(capsys, db_path, "add", "question", "q" * 500)
    assert code == 0 and out.startswith("question 1 saved: qqq")
    assert items(db_path)[0].name == "q" * 500


def test_joiners_and_line_breaks_are_text(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    code, _, _ = care(capsys, db_path, "add", "question", f"for the {family}\r\nmi\u200cravad?")
    assert code == 0 and items(db_path)[0].name == f"for the {family} mi\u200cravad?"


def test_hostile_text_already_in_the_file_is_shown_inert_everywhere(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    """Text written past the rules (by hand, or by another program) never drives a terminal."""
    now = datetime(2026, 5, 4, 9, tzinfo=UTC)
    store = Store(db_path)
    store.add_care(CareItem(CareKind.MEDICINE, now, name=HOSTILE, dose=HOSTILE))
    store.add_care(
        CareItem(CareKind.APPOINTMENT, now, at=datetime(2026, 5, 5, 9, tzinfo=UTC), who=HOSTILE)
    )
    assert json.loads(db_path.read_text())["care"]["1"]["name"] == HOSTILE  # kept as it is
    code, out, _ = care(capsys, db_path, "list")
    assert code == 0 and inert(out) and "\\x1b]52;c;cm0gLXJmIH4=\\x07" in out
    code, out, _ = care(capsys, db_path, "list", "--json")
    assert code == 0 and inert(out) and "\\u001b]52" in out
    assert json.loads(out)[1]["name"] == HOSTILE  # lossless
    code, out, _ = run(capsys, "status", "--json", "--db", str(db_path))
    assert code == 0 and inert(out) and json.loads(out)["next_appointment"]["with"] == HOSTILE
    code, out, _ = care(capsys, db_path, "delete", "1")
    assert code == 0 and inert(out) and out.startswith("medicine 1 deleted")


# The next appointment in `coach status --json`.


def status(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "status", "--json", *args, "--db", str(db))
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert isinstance(payload, dict)
    return payload


def test_status_json_names_the_next_appointment_and_the_line_stays_short(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert status(capsys, db_path)["next_appointment"] is None
    care(capsys, db_path, "add", "appointment", "--at", "2026-05-20 09:00", "--with", "Physio")
    care(capsys, db_path, "add", "appointment", "--at", "tomorrow 14:30", "--with", "Dr Lee")
    care(capsys, db_path, "add", "appointment", "--at", "2026-05-01 09:00", "--with", "GP")
    care(capsys, db_path, "add", "medicine", "--name", "Ibuprofen")
    assert status(capsys, db_path)["next_appointment"] == {
        "id": 2,
        "at": "2026-05-05T14:30:00+00:00",
        "with": "Dr Lee",
    }
    assert run(capsys, "status", "--db", str(db_path))[1] == "no walk yet\n"  # no longer
    monkeypatch.setenv("COACH_NOW", "2026-05-05T15:00:00+00:00")  # it began half an hour ago
    assert status(capsys, db_path)["next_appointment"] == {
        "id": 2,
        "at": "2026-05-05T14:30:00+00:00",
        "with": "Dr Lee",
    }
    monkeypatch.setenv("COACH_NOW", "2026-05-05T15:31:00+00:00")  # over: the next one
    assert status(capsys, db_path)["next_appointment"] == {
        "id": 1,
        "at": "2026-05-20T09:00:00+00:00",
        "with": "Physio",
    }
    monkeypatch.setenv("COACH_NOW", "2026-06-01T00:00:00+00:00")
    assert status(capsys, db_path)["next_appointment"] is None


def test_status_json_is_in_utc_whatever_the_zone(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    care(capsys, db_path, "add", "appointment", "--at", "2026-05-04 18:00")
    found = status(capsys, db_path)["next_appointment"]
    assert found == {"id": 1, "at": "2026-05-04T22:00:00+00:00", "with": ""}


def test_status_reads_the_next_appointment_from_the_summary_or_the_file_alike(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    """The summary is a cache: without it, stale or from an older writer, the answer is the same."""
    care(capsys, db_path, "add", "appointment", "--at", "tomorrow 14:30", "--with", "Dr Lee")
    summary = db_path.with_name(db_path.name + ".summary")
    stored = json.loads(summary.read_text())
    assert stored["appointments"] == [["2026-05-05T14:30:00+00:00", 1, "Dr Lee"]]
    with_summary = status(capsys, db_path)
    del stored["appointments"]  # as a writer before this change left it
    summary.write_text(json.dumps(stored))
    assert status(capsys, db_path) == with_summary
    stored["appointments"] = [["not a time", 1, "Dr Lee"]]
    summary.write_text(json.dumps(stored))
    assert status(capsys, db_path) == with_summary
    summary.unlink()
    assert status(capsys, db_path) == with_summary
    assert with_summary["next_appointment"] == {
        "id": 1,
        "at": "2026-05-05T14:30:00+00:00",
        "with": "Dr Lee",
    }


def test_status_trusts_a_summary_of_appointments_only_for_the_file_it_describes(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    care(capsys, db_path, "add", "appointment", "--at", "tomorrow 14:30", "--with", "Dr Lee")
    summary = db_path.with_name(db_path.name + ".summary")
    vouched = summary.read_bytes()
    care(capsys, db_path, "delete", "1")
    summary.write_bytes(vouched)  # an old summary put back: its signature no longer matches
    assert status(capsys, db_path)["next_appointment"] is None


def test_the_care_commands_load_no_textual(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "db.json"
    probe = (
        "import sys\n"
        "from coach.__main__ import main\n"
        f"codes = [main([*a, '--db', {str(db)!r}]) for a in ("
        "['care', 'add', 'question', 'Q?'], ['care', 'list'], ['care', 'list', '--json'], "
        "['care', 'delete', '1'], ['status', '--json'])]\n"
        "print(codes, sorted(m for m in ('textual', 'pyfiglet', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[0, 0, 0, 0, 0] []"
