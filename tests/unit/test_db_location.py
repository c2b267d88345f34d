"""`--db` and `COACH_DB` name one file for every command, or are refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_cli import run

NOW = "2026-05-04T12:00:00+00:00"


@pytest.fixture(autouse=True)
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("COACH_DB", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


def test_a_folder_named_tilde_is_a_folder_for_every_command(
    capsys: pytest.CaptureFixture[str], sandbox: Path
) -> None:
    """`./~/r.json` is the folder "~" here, never the home folder: the quick paths (add,
    status, list --json) and the Store's commands (list, start) must agree on the file."""
    Path("~").mkdir()
    db = "./~/r.json"
    assert run(capsys, "walk", "add", "--db", db, "--minutes", "5")[0] == 0
    assert run(capsys, "walk", "start", "--db", db)[0] == 0
    code, out, _ = run(capsys, "walk", "list", "--db", db)
    assert code == 0 and "5 min" in out
    code, out, _ = run(capsys, "walk", "list", "--json", "--db", db)
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run(capsys, "status", "--db", db)
    assert (code, out) == (0, "walk 0 min\n")  # it sees the walk under way
    assert (sandbox / "work" / "~" / "r.json").exists()
    assert list((sandbox / "home").iterdir()) == []  # nothing was written at home


@pytest.mark.parametrize("given", ["a/b/..", "x/..", ".", "..", "/", "foo/b/../"])
def test_a_path_that_names_a_folder_is_refused_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], sandbox: Path, given: str
) -> None:
    for args in (["walk", "add", "--minutes", "5"], ["status"], ["walk", "list", "--json"]):
        code, out, err = run(capsys, *args, "--db", given)
        assert (code, out) == (2, "")
        assert err == f"coach: --db {given!r}: name a file, not a folder\n"
    assert list((sandbox / "work").iterdir()) == []


@pytest.mark.parametrize("given", ["b.json/.", "a//b.json", "./a/b.json/"])
def test_a_path_that_names_a_file_is_taken(
    capsys: pytest.CaptureFixture[str], sandbox: Path, given: str
) -> None:
    Path("a").mkdir()
    code, out, err = run(capsys, "walk", "add", "--minutes", "5", "--db", given)
    assert code == 0 and err == "" and out.startswith("walk 1 saved")


def test_a_home_folder_that_does_not_exist_is_refused(
    capsys: pytest.CaptureFixture[str], sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = "~nosuchuser-backcoach"
    for args in (["walk", "add", "--minutes", "5"], ["status"], ["walk", "list"]):
        code, out, err = run(capsys, *args, "--db", f"{user}/x.json")
        assert (code, out) == (2, "")
        assert err == (f"coach: --db '{user}/x.json': there is no home folder for '{user}'\n")
    monkeypatch.setenv("COACH_DB", f"{user}/x.json")
    code, _, err = run(capsys, "status")
    assert code == 2 and err.startswith("coach: COACH_DB '~nosuchuser")
    assert list((sandbox / "work").iterdir()) == []


def test_the_home_folder_is_expanded_once(
    capsys: pytest.CaptureFixture[str], sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DB", "~/c.json")
    assert run(capsys, "walk", "add", "--minutes", "5")[0] == 0
    assert (sandbox / "home" / "c.json").exists()
    code, out, _ = run(capsys, "walk", "list", "--db", "~/c.json")
    assert code == 0 and "5 min" in out


@pytest.mark.parametrize(
    "text",
    [
        "plain.json",
        "with space/x.json",
        "it's.json",
        "nl\nname/x.json",
        "esc\x1b[2J.json",
        "bidi\u202e.json",
        "bad\udcffbyte.json",
        "back\\slash'\t.json",
        "emoji 🚶.json",
    ],
)
def test_a_path_in_a_hint_is_one_word_the_shell_reads_back_exactly(text: str) -> None:
    import os
    import shutil
    import subprocess

    from coach.__main__ import shell_word
    from coach.plain import safe_text

    word = shell_word(text)
    assert safe_text(word, single_line=True) == word  # shown as it is: nothing to escape
    bash = shutil.which("bash")
    assert bash is not None
    done = subprocess.run(
        [bash, "-c", f"printf %s {word}"],
        capture_output=True,
        check=True,
        env={"LC_ALL": "C.UTF-8"},
    )
    assert done.stdout == os.fsencode(text)


def test_a_damaged_file_at_a_path_with_a_line_break_is_one_line_with_a_hint_that_works(
    capsys: pytest.CaptureFixture[str], sandbox: Path
) -> None:
    """Found by an attack: the path's line break split the error in two, and the hint named
    another file (the break shown as a space)."""
    folder = Path("nl\nname")
    folder.mkdir()
    (folder / "x.json").write_text("{bad")
    code, out, err = run(capsys, "status", "--db", "nl\nname/x.json")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("coach: ")
    assert "nl\\nname/x.json: the file is not valid JSON" in err
    assert "coach set-aside --db $'nl\\nname/x.json'" in err
