"""Property-based tests: whatever a person types, never a traceback; always a clear line or a right result."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coach.__main__ import main
from coach.model.content import load_exercises
from coach.store import Store

NOW = "2026-05-04T12:00:00+00:00"
PROFILE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
numbers = st.integers(-1000, 1000).map(str)
times = st.sampled_from(
    [
        "10:00",
        "11:59",
        "12:01",
        "25:00",
        "2026-05-04T09:00",
        "2026-05-04T09:00+02:00",
        "2099-01-01T00:00",
        "yesterday",
        "",
    ]
)
values = st.one_of(
    texts, numbers, times, st.sampled_from(["flat", "hilly", "FLAT", "stairs", "0", "10", "11"])
)
options = st.sampled_from(
    [
        "--minutes",
        "--at",
        "--terrain",
        "--pain",
        "--note",
        "--leg-pain",
        "--days",
        "--json",
        "--format",
        "--output",
        "--yes",
        "--bogus",
    ]
)
commands = st.sampled_from(
    [
        ["walk", "add"],
        ["walk", "list"],
        ["walk", "start"],
        ["walk", "stop"],
        ["status"],
        ["export"],
        ["content", "check"],
        ["walk"],
        [],
    ]
)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = int(exit_.code) if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@PROFILE
@given(command=commands, rest=st.lists(st.one_of(options, values), max_size=8))
@example(command=["walk", "add"], rest=["--minutes", "15", "--pain", "3"])
@example(command=["walk", "add"], rest=["--minutes", "abc"])
def test_any_command_line_gives_a_result_or_one_clear_line(
    place: Path, command: list[str], rest: list[str]
) -> None:
    db = place / "db.json"
    if "--output" in rest:  # keep any export inside the test's folder
        rest = [
            v if i == 0 or rest[i - 1] != "--output" else str(place / "export.out")
            for i, v in enumerate(rest)
        ]
    before = db.read_bytes() if db.exists() else None
    walks_before = len(Store.open(db).walks()) if before else 0
    code, out, err = run(
        [*command, *rest, "--db", str(db)] if command else [*rest, "--db", str(db), "status"]
    )
    assert "Traceback" not in err and "Traceback" not in out
    assert code in (0, 1, 2), (code, err)
    if code != 0 and command == ["content", "check"] and not err:
        # its result is the list of problems: one line each, naming the file it is about
        problems = out.strip().splitlines()
        assert code == 1 and problems and all(": " in line for line in problems), out
    elif code != 0:
        assert len(err.strip().splitlines()) == 1 and err.startswith("coach"), err
    if code != 0:
        assert (
            db.read_bytes() if db.exists() else None
        ) == before  # a refused command changes nothing
    if db.exists():
        walks_after = Store.open(db).walks()  # the file always parses
        if command == ["walk", "add"] and code == 0:
            assert len(walks_after) == walks_before + 1
            newest = max(walks_after, key=lambda w: w.id or 0)
            assert 1 <= newest.minutes <= 600 and newest.ended_at.isoformat() <= NOW


GOOD = (Path(__file__).parents[2] / "content" / "exercises" / "cat-cow.toml").read_text()
PROBLEM = re.compile(r"^(?P<file>[^\n]+?\.toml): (?P<field>[^\n]+?): (?P<what>[^\n]+)$")


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """The bundled exercise with a few random cuts, insertions and replacements."""
    text = GOOD
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        choice = draw(st.sampled_from(["cut", "insert", "swap"]))
        if choice == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif choice == "insert":
            text = (
                text[:at]
                + draw(
                    st.sampled_from(
                        [
                            '"',
                            "]",
                            "[",
                            "=",
                            "\n",
                            "0",
                            "-5",
                            "x = 1\n",
                            "[[cycle.positions]]\n",
                            "hold = { min = 30, max = 5 }\n",
                            "\x00",
                            "é",
                            "[bold]",
                        ]
                    )
                )
                + text[at:]
            )
        else:
            text = text.replace(
                draw(st.sampled_from(["15", "30", "2", "4", "true", "cat", '"'])),
                draw(st.sampled_from(["-1", "9999", '"x"', "[]", "{}", ""])),
                1,
            )
    return text


@settings(max_examples=300, deadline=None)
@given(source=mangled())
def test_any_exercise_file_loads_or_gives_one_line_per_problem(source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mangled.toml"
        path.write_text(source, encoding="utf-8", errors="surrogatepass")
        exercises, problems = load_exercises([path])
    assert bool(exercises) != bool(problems)
    for line in problems:
        match = PROBLEM.match(line)
        assert match and match["file"] == str(path), line
    for exercise in exercises:
        assert exercise.reps.low <= exercise.reps.high
        for position in exercise.positions:
            assert position.hold is None or position.hold.low <= position.hold.high
        assert exercise.hold_range is None or exercise.hold_range.low <= exercise.hold_range.high


def test_content_is_parsed_as_data_only(tmp_path: Path) -> None:
    """TOML cannot run code, and markup in content stays text in the loaded model."""
    path = tmp_path / "odd.toml"
    path.write_text(GOOD.replace('title = "Cat-cow"', 'title = "[@click=app.quit]Cat[/]"'))
    [exercise], problems = load_exercises([path])
    assert problems == [] and exercise.title == "[@click=app.quit]Cat[/]"
