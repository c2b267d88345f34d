"""Exercises a person makes or changes in the app's editor, kept as TOML text.

An exercise here is written as the very TOML a physical therapist's file holds, and
checked by reading that text back with `coach content check`'s own rules
(`content.exercise_from_bytes`): what the editor accepts, the checker accepts, and the
file exported to give back to the therapist is that text. Bundled exercises are never
changed: editing one starts a copy under a new id. Plain Python, no Textual.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from coach.model.content import Exercise, Position, exercise_from_bytes
from coach.model.schema import MAX_CAUTIONS

OWN_SOURCE = "(your own exercise)"  # Exercise.source of an exercise kept in the database
NAME = "your exercise"  # what problems are named after, before the field


@dataclass
class StepDraft:
    """One step as the editor shows it: words, numbers as typed, pictures."""

    in_cycle: bool = True  # False: a start step, untimed, done once before the cycle
    title: str = ""
    text: str = ""
    hold_min: str = ""  # typed; both empty: an untimed step
    hold_max: str = ""
    picture: str = ""
    neck_text: str = ""
    neck_picture: str = ""


@dataclass
class ExerciseDraft:
    """An exercise being made or changed, every field as typed."""

    id: str = ""
    title: str = ""
    summary: str = ""
    cautions: str = ""  # one per line
    cycle_text: str = ""
    reps_min: str = "2"
    reps_max: str = "4"
    steps: list[StepDraft] = field(default_factory=list)


def new_draft() -> ExerciseDraft:
    """A blank exercise: one start step and one held step, to fill in."""
    return ExerciseDraft(
        steps=[
            StepDraft(in_cycle=False, title="Start position"),
            StepDraft(title="", hold_min="15", hold_max="30"),
        ]
    )


def draft_of(exercise: Exercise, *, copy: bool, taken: set[str]) -> ExerciseDraft:
    """The editor's fields for an exercise; `copy`: a bundled (or given) one, under a new
    id, without its cautions (the general ones are always shown with any exercise)."""

    def step(position: Position, in_cycle: bool) -> StepDraft:
        hold = position.hold
        return StepDraft(
            in_cycle=in_cycle,
            title=position.title,
            text=position.text,
            hold_min=str(hold.low) if hold else "",
            hold_max=str(hold.high) if hold else "",
            picture=position.picture or "",
            neck_text=position.neck_text or "",
            neck_picture=position.neck_picture or "",
        )

    title = f"{exercise.title} (my copy)" if copy else exercise.title
    draft = ExerciseDraft(
        id=free_id(title, taken) if copy else exercise.id,  # as the editor makes it
        title=title,
        summary=exercise.summary,
        cautions="" if copy else "\n".join(exercise.cautions),
        cycle_text=exercise.cycle_text,
        reps_min=str(exercise.reps.low),
        reps_max=str(exercise.reps.high),
        steps=[step(p, False) for p in exercise.setup]
        + [step(p, True) for p in exercise.positions],
    )
    return draft


def slug_of(title: str) -> str:
    """An id from a title: lower-case letters, digits and dashes, at most 40."""
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())
    return "-".join(words)[:40].strip("-") or "my-exercise"


def free_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or with -2, -3... after it: an id no other exercise has."""
    base = slug_of(wanted)
    found, number = base, 2
    while found in taken:
        suffix = f"-{number}"
        found = base[: 40 - len(suffix)] + suffix
        number += 1
    return found


# TOML, written out.


def _basic(text: str) -> str:
    """A TOML basic string: every character as itself, but for the escapes TOML needs."""
    out = []
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _picture(text: str) -> str:
    """A picture as a multi-line literal string (its backslashes kept as drawn), or, if
    it holds what such a string cannot, a basic string."""
    if "'''" in text or any(ord(c) < 0x20 and c != "\n" for c in text) or text.endswith("'"):
        return _basic(text)
    return "'''\n" + text + "\n'''"


def _whole(text: str) -> int | str:
    """A number as typed: a whole number, or the text itself (the schema says what is wrong)."""
    value = text.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 7 else value


def _value(value: int | str) -> str:
    return str(value) if isinstance(value, int) else _basic(value)


def _range(low: str, high: str) -> str:
    return f"{{ min = {_value(_whole(low))}, max = {_value(_whole(high))} }}"


def exercise_toml(draft: ExerciseDraft) -> str:
    """The exercise as a TOML file, in the shape `content/exercises/*.toml` has."""
    lines = [
        "# Made in Back Coach's exercise editor; check it with: coach content check FILE",
        f"id = {_basic(draft.id)}",
        f"title = {_basic(draft.title.strip())}",
        f"summary = {_basic(draft.summary.strip())}",
    ]
    cautions = [c.strip() for c in draft.cautions.splitlines() if c.strip()]
    if cautions:
        lines.append("cautions = [")
        lines += [f"    {_basic(c)}," for c in cautions]
        lines.append("]")
    for n, step in enumerate((s for s in draft.steps if not s.in_cycle), start=1):
        lines += ["", "[[setup]]", *_step_lines(step, f"start-{n}")]
    lines += ["", "[cycle]", f"text = {_basic(draft.cycle_text.strip())}"]
    lines.append(f"reps = {_range(draft.reps_min, draft.reps_max)}")
    for n, step in enumerate((s for s in draft.steps if s.in_cycle), start=1):
        lines += ["", "[[cycle.positions]]", *_step_lines(step, f"step-{n}")]
    return "\n".join(lines) + "\n"


def _step_lines(step: StepDraft, step_id: str) -> list[str]:
    lines = [
        f"id = {_basic(step_id)}",
        f"title = {_basic(step.title.strip())}",
        f"text = {_basic(step.text.strip())}",
    ]
    if step.neck_text.strip():
        lines.append(f"neck_text = {_basic(step.neck_text.strip())}")
    if step.hold_min.strip() or step.hold_max.strip():
        lines.append(f"hold = {_range(step.hold_min, step.hold_max)}")
    if step.picture.strip("\n").strip():
        lines.append(f"picture = {_picture(_drawn(step.picture))}")
    if step.neck_picture.strip("\n").strip():
        lines.append(f"neck_picture = {_picture(_drawn(step.neck_picture))}")
    return lines


def _drawn(picture: str) -> str:
    """A picture's lines, without the blank lines around them or trailing spaces."""
    return "\n".join(line.rstrip() for line in picture.strip("\n").splitlines())


# Checked as `coach content check` checks a file.

_PLACES = (
    (r"^title", "Title"),
    (r"^summary", "Summary"),
    (r"^id", "Id"),
    (r"^cautions\[(\d+)\]", "Caution {0}"),
    (r"^cautions", "Cautions"),
    (r"^cycle\.text", "How to move between the steps"),
    (r"^cycle\.reps", "Repetitions"),
    (r"^setup/cycle\.positions", "Steps"),
    (r"^cycle\.positions", "Steps in each repetition"),
    (r"^setup", "Start steps"),
)


def checked(draft: ExerciseDraft, taken: set[str]) -> tuple[Exercise | None, list[str], str]:
    """The exercise the draft makes, or None; its problems, each one line naming the field
    as the editor shows it; and its TOML text."""
    text = exercise_toml(draft)
    exercise, problems = exercise_from_bytes(text.encode("utf-8"), NAME)
    shown = [_field_label(p.removeprefix(f"{NAME}: "), draft) for p in problems]
    cautions = [c for c in draft.cautions.splitlines() if c.strip()]
    if len(cautions) > MAX_CAUTIONS and not any(s.startswith("Cautions") for s in shown):
        shown.append(f"Cautions: at most {MAX_CAUTIONS}, one per line")
    if draft.id in taken:
        shown.append(f"Id: {draft.id!r} is another exercise's; give this one another")
    if not draft.steps or not any(s.in_cycle for s in draft.steps):
        shown.append("Steps: at least one step in each repetition")
    if shown:
        return None, shown, text
    return (replace_source(exercise) if exercise else None), [], text


def replace_source(exercise: Exercise) -> Exercise:
    return exercise._replace(source=OWN_SOURCE)


def _field_label(problem: str, draft: ExerciseDraft) -> str:
    """ "cycle.positions[2].hold.min: must be..." as "Step 3, hold: must be..."."""
    where, _, message = problem.partition(": ")
    starts = [n for n, s in enumerate(draft.steps, start=1) if not s.in_cycle]
    held = [n for n, s in enumerate(draft.steps, start=1) if s.in_cycle]
    match = re.match(r"^(setup|cycle\.positions)\[(\d+)\]\.?(.*)$", where)
    if match:
        kind, index, rest = match.groups()
        numbers = starts if kind == "setup" else held
        position = int(index) - 1
        number = numbers[position] if position < len(numbers) else int(index)
        part = rest.replace("_", " ").replace(".", " ") or "the step"
        return f"Step {number}, {part}: {message}"
    for pattern, label in _PLACES:
        found = re.match(pattern, where)
        if found:
            return f"{label.format(*found.groups())}: {message}"
    return f"{where}: {message}" if where != "(file)" else message


# Kept in the database.


def own_document(text: str, exercise_id: str, saved_at: datetime) -> dict[str, Any]:
    """What the store keeps of an exercise the person made (`documents.own_exercise_problem`)."""
    return {
        "id": exercise_id,
        "text": text,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "saved_at": saved_at.astimezone(UTC).isoformat(timespec="seconds"),
    }


def own_exercises(docs: list[dict[str, Any]]) -> tuple[list[Exercise], list[str]]:
    """The person's exercises read back by the checker's rules; one notice per one that
    no longer reads (an update of Back Coach with stricter rules), never a crash."""
    exercises, notices = [], []
    for doc in docs:
        exercise, problems = exercise_from_bytes(doc["text"].encode("utf-8"), NAME)
        if exercise is None:
            first = problems[0].removeprefix(f"{NAME}: ") if problems else "does not read"
            notices.append(f"your exercise {doc['id']!r} cannot be used: {first}")
        else:
            exercises.append(replace_source(exercise))
    return exercises, notices


def is_own(exercise: Exercise) -> bool:
    return exercise.source == OWN_SOURCE


__all__ = [
    "ExerciseDraft",
    "StepDraft",
    "checked",
    "draft_of",
    "exercise_toml",
    "free_id",
    "is_own",
    "new_draft",
    "own_document",
    "own_exercises",
]
