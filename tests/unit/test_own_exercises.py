"""Exercises made in the editor: written as TOML the checker reads back exactly, kept in
the database by the store's rules, carried by export and import."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.__main__ import main
from coach.errors import DamagedDatabase, StaleRecord
from coach.model.content import Library, exercise_from_bytes
from coach.model.own_exercises import (
    ExerciseDraft,
    StepDraft,
    checked,
    draft_of,
    exercise_toml,
    free_id,
    own_document,
    own_exercises,
    slug_of,
)
from coach.store import Store

NOW = datetime(2026, 5, 4, 12, tzinfo=UTC)


def draft(**changes: object) -> ExerciseDraft:
    base = ExerciseDraft(
        id="wall-slide",
        title="Wall slide",
        summary="Back to a wall.",
        cycle_text="Slide down, hold, come up.",
        steps=[
            StepDraft(in_cycle=False, title="Start", text="Stand at a wall."),
            StepDraft(title="Hold", text="Hold it.", hold_min="5", hold_max="10"),
        ],
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


@pytest.mark.parametrize(
    "text",
    [
        'a "quoted" word',
        "back\\slash, \\n: no line break",
        "trois élèves, 三つ, and an emoji 🙂",
        "ends with a quote'",
        "'''three quotes'''",
    ],
)
def test_any_text_is_written_as_toml_that_reads_back_the_same(text: str) -> None:
    made = draft(title=text[:100], summary=text)
    made.steps[1].picture = text
    exercise, problems, toml = checked(made, set())
    assert problems == [] and exercise is not None, (problems, toml)
    assert exercise.title == text[:100].strip() and exercise.summary == text
    assert exercise.positions[0].picture == text


def test_a_picture_keeps_its_backslashes_and_leading_spaces() -> None:
    picture = "   o\n  /|\\\n  / \\"
    made = draft()
    made.steps[1].picture = "\n" + picture + "   \n\n"
    exercise, problems, toml = checked(made, set())
    assert problems == [] and exercise is not None
    assert exercise.positions[0].picture == picture
    assert "'''\n" + picture + "\n'''" in toml  # a literal string: drawn as typed


def test_what_the_checker_refuses_the_editor_refuses_with_the_form_s_names() -> None:
    made = draft(reps_min="0", cautions="one\ntwo\nthree\nfour")
    made.steps[1].hold_max = "700"
    made.steps[1].text = "bad \x1b[31m escape"
    _, problems, _ = checked(made, {"wall-slide"})
    joined = "\n".join(problems)
    assert "Repetitions" in joined and "between 1 and 50" in joined
    assert "Step 2, hold max: must be between 1 and 600" in joined
    assert "Step 2, text: holds a control character (U+001B)" in joined
    assert "Cautions" in joined
    assert "Id: 'wall-slide' is another exercise's; give this one another" in joined


def test_a_copy_of_a_bundled_exercise_reads_as_the_bundled_one_does(library: Library) -> None:
    cat_cow = library.exercise("cat-cow")
    copy = draft_of(cat_cow, copy=True, taken={"cat-cow"})
    exercise, problems, _ = checked(copy, {"cat-cow"})
    assert problems == [] and exercise is not None
    assert exercise.id == "cat-cow-my-copy" and exercise.cautions == ()
    assert [p.instruction(True) for p in exercise.positions] == [
        p.instruction(True) for p in cat_cow.positions
    ]
    assert [p.picture_for(True) for p in exercise.positions] == [
        p.picture_for(True) for p in cat_cow.positions
    ]
    assert exercise.reps == cat_cow.reps and exercise.hold_range == cat_cow.hold_range


def test_ids_are_slugs_and_never_one_already_taken() -> None:
    assert slug_of("Wall slide, gently!") == "wall-slide-gently"
    assert slug_of("!!!") == "my-exercise"
    assert free_id("Wall slide", {"wall-slide", "wall-slide-2"}) == "wall-slide-3"
    assert len(free_id("x" * 60, {"x" * 40})) <= 40


def test_the_toml_file_passes_content_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wall-slide.toml"
    path.write_text(exercise_toml(draft()))
    assert main(["content", "check", str(path)]) == 0
    assert "content is valid" in capsys.readouterr().out


def test_the_store_keeps_them_refuses_stale_changes_and_deletes(db_path: Path) -> None:
    store = Store(db_path)
    text = exercise_toml(draft())
    first = own_document(text, "wall-slide", NOW)
    store.save_own_exercise(first, was=None)
    with pytest.raises(StaleRecord):  # the same id again, as new
        store.save_own_exercise(first, was=None)
    changed = own_document(text.replace("Wall slide", "Wall slide 2"), "wall-slide", NOW)
    Store(db_path).save_own_exercise(changed, was=first)  # another window changed it
    with pytest.raises(StaleRecord):
        store.save_own_exercise(first, was=first)
    assert Store(db_path).own_exercise_documents() == [changed]
    with pytest.raises(StaleRecord):
        store.delete_own_exercise(first)
    store.delete_own_exercise(changed)
    assert Store(db_path).own_exercise_documents() == []
    assert (db_path.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda doc: doc.update(text=doc["text"] + "#"), "sha256 does not match its text"),
        (lambda doc: doc.update(id="Not A Slug"), "id is not an exercise id"),
        (lambda doc: doc.update(saved_at="yesterday"), "saved_at"),
        (lambda doc: doc.update(extra=1), "'extra' is not a known field"),
    ],
)
def test_a_kept_exercise_broken_by_hand_is_a_damaged_database(
    db_path: Path, change: object, words: str
) -> None:
    Store(db_path).save_own_exercise(
        own_document(exercise_toml(draft()), "wall-slide", NOW), was=None
    )
    data = json.loads(db_path.read_text())
    change(data["exercises"]["1"])  # type: ignore[operator]
    db_path.write_text(json.dumps(data))
    Path(f"{db_path}.summary").unlink()
    with pytest.raises(DamagedDatabase, match=words):
        Store.open(db_path)


def test_one_that_no_longer_reads_is_a_notice_not_a_crash() -> None:
    text = exercise_toml(draft()).replace('summary = "Back to a wall."\n', "")
    doc = {"id": "wall-slide", "text": text, "sha256": hashlib.sha256(text.encode()).hexdigest()}
    exercises, notices = own_exercises([doc])
    assert exercises == [] and notices == [
        "your exercise 'wall-slide' cannot be used: summary: is missing"
    ]


def test_export_and_import_carry_them(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = own_document(exercise_toml(draft()), "wall-slide", NOW)
    Store(db_path).save_own_exercise(doc, was=None)
    export = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--output", str(export), "--db", str(db_path)]) == 0
    assert json.loads(export.read_text())["exercises"] == [doc]
    other = tmp_path / "other.json"
    assert main(["import", str(export), "--db", str(other)]) == 0
    assert Store(other).own_exercise_documents() == [doc]
    document = json.loads(export.read_text())
    document["exercises"][0]["text"] += "#"
    export.write_text(json.dumps(document))
    third = tmp_path / "third.json"
    capsys.readouterr()
    assert main(["import", str(export), "--db", str(third)]) == 1
    assert "exercises[0]: exercise: sha256 does not match its text" in capsys.readouterr().err
    assert not third.exists()


def test_exercise_from_bytes_names_problems_after_the_name_given() -> None:
    _, problems = exercise_from_bytes(b"id = 3\n", "given.toml")
    assert problems and all(p.startswith("given.toml: ") for p in problems)


# Found by the attack on the editor: each one held here.


def test_an_exercise_with_no_timed_step_is_refused_as_it_could_never_end() -> None:
    made = draft()
    made.steps[1].hold_min = made.steps[1].hold_max = ""
    _, problems, _ = checked(made, set())
    assert problems == [
        "Steps in each repetition: at least one needs a hold (seconds, a timed step)"
    ]


def test_a_summary_is_one_line_of_at_most_100_characters() -> None:
    _, problems, _ = checked(draft(summary="x" * 101), set())
    assert problems == ["Summary: is too long (at most 100 characters)"]


def test_a_kept_exercise_whose_text_gives_another_id_is_a_damaged_database(db_path: Path) -> None:
    text = exercise_toml(draft())
    Store(db_path).save_own_exercise(own_document(text, "wall-slide", NOW), was=None)
    data = json.loads(db_path.read_text())
    doc = data["exercises"]["1"]
    doc["text"] = text.replace('id = "wall-slide"', 'id = "cat-cow"')
    doc["sha256"] = hashlib.sha256(doc["text"].encode()).hexdigest()
    db_path.write_text(json.dumps(data))
    Path(f"{db_path}.summary").unlink()
    with pytest.raises(DamagedDatabase, match="id is not the one its text gives"):
        Store.open(db_path)


def test_import_says_which_of_your_exercises_came_and_which_were_left_out(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = own_document(exercise_toml(draft()), "wall-slide", NOW)
    other = own_document(exercise_toml(draft(id="wall-two")), "wall-two", NOW)
    Store(db_path).save_own_exercise(first, was=None)
    Store(db_path).save_own_exercise(other, was=None)
    export = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--output", str(export), "--db", str(db_path)]) == 0
    capsys.readouterr()
    fresh = tmp_path / "fresh.json"
    assert main(["import", str(export), "--db", str(fresh)]) == 0
    assert capsys.readouterr().out == "added 2 exercises of your own\n"
    changed = own_document(exercise_toml(draft(title="Changed")), "wall-slide", NOW)
    Store(fresh).save_own_exercise(changed, was=first)
    assert main(["import", "--merge", str(export), "--db", str(fresh)]) == 0
    out = capsys.readouterr().out
    assert "1 exercise of your own left out: one with the same id is kept (wall-slide)" in out
    assert {d["id"]: d for d in Store(fresh).own_exercise_documents()}["wall-slide"] == changed
