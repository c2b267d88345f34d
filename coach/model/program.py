"""The therapist's program: a plan file (`plan.toml`) a physical therapist hands over.

The source leaves it to a person's doctor or physical therapist to say when the
exercises may start and which of them suit the person (F4). A plan says exactly that:
the day it starts, the exercises that are on (bundled ones by id, or exercise files
given with it), for each the hold and repetitions within the exercise's own ranges and
how many sessions a day, the walks if the therapist set others, and notes.

A plan is checked as a whole, against the content it names, by the same schema as
`coach content check`: one `FILE: FIELD: message` line per problem. Imported, it is kept
in the database with its exercise files, as text with their SHA-256 (`plan_document`),
and read back by the same rules (`program_from_document`): a plan that no longer reads
against the bundled content (an update renamed an exercise) is a notice, never a crash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any, NamedTuple

from coach.model import schema
from coach.model.content import Exercise, Library, Position, exercise_from_bytes
from coach.model.records import SessionRecord, SessionStatus
from coach.model.walking_plan import (
    Range,
    WalkingPlan,
    as_range,
    checked_bytes,
    read_content_bytes,
    therapists_walks,
)
from coach.plain import safe_text

MAX_EXERCISES = 20  # documents.MAX_PLAN_FILES: a test keeps them equal
MAX_PLAN_BYTES = 256 * 1024  # documents.MAX_PLAN_CHARACTERS, for the plan and its files


class PlannedExercise(NamedTuple):
    """One exercise of the program, its ranges narrowed to the therapist's."""

    exercise: Exercise  # hold and reps within the plan's: every screen then keeps to them
    sessions_per_day: int
    notes: str = ""
    file: str | None = None  # given with the plan (its name there); None: a bundled one

    @property
    def id(self) -> str:
        return self.exercise.id


class Program(NamedTuple):
    """A checked plan, as the screens and the shell use it."""

    starts: date
    exercises: tuple[PlannedExercise, ...]
    prescribed_by: str = ""
    notes: str = ""
    walk_minutes: Range | None = None
    walk_every_hours: Range | None = None
    name: str = "plan.toml"
    sha256: str = ""
    imported_at: datetime | None = None

    def started(self, today: date) -> bool:
        """On `today`, may the program's exercises be done? (Not before its first day.)"""
        return today >= self.starts

    def planned(self, exercise_id: str) -> PlannedExercise | None:
        return next((p for p in self.exercises if p.id == exercise_id), None)

    def walking(self, general: WalkingPlan) -> WalkingPlan:
        """The walking plan with the therapist's minutes and interval where they set them."""
        return therapists_walks(general, self.walk_minutes, self.walk_every_hours)


class PlanFiles(NamedTuple):
    """A plan file and the exercise files it names, as bytes (read, or kept)."""

    name: str
    raw: bytes
    files: tuple[tuple[str, bytes], ...] = ()


def read_plan_files(path: str | os.PathLike[str]) -> tuple[PlanFiles | None, list[str]]:
    """The plan at `path` and each exercise file it names (beside it, or below).

    Only reading: what the files say is checked by `program_of`. A file named twice is
    read once; one that cannot be read is a problem line naming the plan's field.
    """
    where = os.fspath(path)
    checker = schema.Checker(where)
    raw = read_content_bytes(where, checker)
    if raw is None:
        return None, checker.problems
    if len(raw) > MAX_PLAN_BYTES:
        checker.problem("(file)", f"is too large ({len(raw)} bytes; at most {MAX_PLAN_BYTES})")
        return None, checker.problems
    data, problems = checked_bytes(raw, checker, schema.PLAN)
    files: dict[str, bytes] = {}
    if data is None:
        return None, problems
    folder = os.path.dirname(where)
    for number, entry in enumerate(data["exercises"], start=1):
        name = entry.get("file")
        if name is None or name in files:
            continue
        wrong = file_name_problem(name)
        if wrong:
            checker.problem(f"exercises[{number}].file", wrong)
            continue
        file_checker = schema.Checker("")
        read = read_content_bytes(os.path.join(folder, name), file_checker)
        if read is None:
            why = file_checker.problems[0].removeprefix(": (file): ")
            checker.problem(f"exercises[{number}].file", f"{name!r} {why}")
            continue
        files[name] = read
    if checker.problems:
        return None, checker.problems
    return PlanFiles(where, raw, tuple(files.items())), []


def program_of(
    plan: PlanFiles, bundled: Sequence[Exercise], *, label: str | None = None
) -> tuple[Program | None, list[str]]:
    """The program a plan describes, checked against the bundled exercises and the files
    given with it; or None, and one `FILE: FIELD: message` line per problem.

    `label`: the name problems carry (default: the plan's own name).
    """
    where = label or plan.name
    checker = schema.Checker(where)
    data, problems = checked_bytes(plan.raw, checker, schema.PLAN)
    if data is None:
        return None, problems
    total = len(plan.raw) + sum(len(raw) for _, raw in plan.files)
    if total > MAX_PLAN_BYTES:
        checker.problem(
            "(file)",
            f"with its exercise files is too large ({total} bytes; at most {MAX_PLAN_BYTES})",
        )
    entries: list[dict[str, Any]] = data["exercises"]
    if not entries:
        checker.problem("exercises", "must have at least one entry")
    if len(entries) > MAX_EXERCISES:
        checker.problem("exercises", f"has {len(entries)} entries (at most {MAX_EXERCISES})")
    given = dict(plan.files)
    folder = os.path.dirname(plan.name)
    known = {exercise.id: exercise for exercise in bundled}
    seen: dict[str, str] = {}
    planned: list[PlannedExercise] = []
    for number, entry in enumerate(entries, start=1):
        place = f"exercises[{number}]"
        exercise = _entry_exercise(entry, place, known, given, folder, checker)
        if exercise is None:
            continue
        if exercise.id in seen:
            checker.problem(place, f"{exercise.id!r} is already on the plan ({seen[exercise.id]})")
            continue
        seen[exercise.id] = place
        narrowed = _narrowed(exercise, entry, place, checker)
        if narrowed is not None:
            planned.append(
                PlannedExercise(
                    narrowed,
                    entry["sessions_per_day"],
                    entry.get("notes", "").strip(),
                    entry.get("file"),
                )
            )
    if checker.problems:
        return None, checker.problems
    from coach.model.bounds import MAX_YEAR, MIN_YEAR

    if not MIN_YEAR <= data["starts"].year <= MAX_YEAR:
        checker.problem("starts", f"must be a day from {MIN_YEAR} to {MAX_YEAR}")
        return None, checker.problems
    walks = data.get("walks", {})
    return Program(
        starts=data["starts"],
        exercises=tuple(planned),
        prescribed_by=data.get("prescribed_by", "").strip(),
        notes=data.get("notes", "").strip(),
        walk_minutes=as_range(walks["minutes"]) if "minutes" in walks else None,
        walk_every_hours=as_range(walks["every_hours"]) if "every_hours" in walks else None,
        name=os.path.basename(plan.name),
        sha256=hashlib.sha256(plan.raw).hexdigest(),
    ), []


def _entry_exercise(
    entry: Mapping[str, Any],
    place: str,
    known: Mapping[str, Exercise],
    given: Mapping[str, bytes],
    folder: str,
    checker: schema.Checker,
) -> Exercise | None:
    """The exercise an entry names: a bundled one by `id`, or the file it gives."""
    if ("id" in entry) == ("file" in entry):
        checker.problem(place, "needs either id (a bundled exercise) or file (one given with it)")
        return None
    if "id" in entry:
        exercise = known.get(entry["id"])
        if exercise is None:
            names = ", ".join(sorted(known)) or "none"
            checker.problem(
                f"{place}.id",
                f"no bundled exercise has the id {entry['id']!r} (there are: {names})",
            )
        return exercise
    name = entry["file"]
    wrong = file_name_problem(name)
    if wrong:
        checker.problem(f"{place}.file", wrong)
        return None
    raw = given.get(name)
    if raw is None:
        checker.problem(f"{place}.file", f"{name!r} was not given with the plan")
        return None
    exercise, problems = exercise_from_bytes(raw, os.path.join(folder, name))
    checker.problems.extend(problems)
    if exercise is not None and exercise.id in known:
        checker.problem(
            f"{place}.file",
            f"its id {exercise.id!r} is a bundled exercise's; give the file's exercise another id",
        )
        return None
    return exercise


def file_name_problem(name: str) -> str | None:
    """A `file` is given with the plan: beside it, or in a folder below it; one line."""
    if name != name.strip() or "\n" in name or "\r" in name:
        return "must be one line, with no spaces around it"
    parts = name.replace("\\", "/").split("/")
    if os.path.isabs(name) or name.startswith(("/", "~")) or ".." in parts:
        return f"{name!r} must be a file beside the plan (or in a folder below it)"
    return None


def _narrowed(
    exercise: Exercise, entry: Mapping[str, Any], place: str, checker: schema.Checker
) -> Exercise | None:
    """The exercise with the plan's hold and reps, each within the exercise's own range."""
    before = len(checker.problems)
    own_hold = exercise.hold_range
    hold = _amount(entry.get("hold"))
    if hold is not None and own_hold is None:
        checker.problem(f"{place}.hold", f"{exercise.id!r} has no held position")
    elif hold is not None and own_hold is not None and not _within(hold, own_hold):
        checker.problem(
            f"{place}.hold",
            f"must be within {exercise.id!r}'s own range, {said(own_hold)} seconds",
        )
    reps = _amount(entry.get("reps"))
    if reps is not None and not _within(reps, exercise.reps):
        checker.problem(
            f"{place}.reps", f"must be within {exercise.id!r}'s own range, {said(exercise.reps)}"
        )
    if len(checker.problems) > before:
        return None
    positions = exercise.positions
    if hold is not None:
        positions = tuple(_with_hold(p, hold) for p in positions)
    return exercise._replace(positions=positions, reps=reps or exercise.reps)


def _with_hold(position: Position, hold: Range) -> Position:
    return position._replace(hold=hold) if position.hold is not None else position


def _amount(value: object) -> Range | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return as_range(value)
    assert isinstance(value, int)  # the schema allows a whole number or a range
    return Range(value, value)


def _within(inner: Range, outer: Range) -> bool:
    return outer.low <= inner.low and inner.high <= outer.high


def said(numbers: Range) -> str:
    """A range as a person says it: "15 to 30", or "20"."""
    return str(numbers.low) if numbers.low == numbers.high else f"{numbers.low} to {numbers.high}"


# Kept in the database (see `documents.plan_problem` for the rules of what is kept).


def plan_document(plan: PlanFiles, imported_at: datetime) -> dict[str, Any]:
    """What `coach plan import` keeps: the texts as given, each with its SHA-256."""
    from datetime import UTC

    return {
        "name": os.path.basename(plan.name),
        "text": plan.raw.decode("utf-8"),
        "sha256": hashlib.sha256(plan.raw).hexdigest(),
        "imported_at": imported_at.astimezone(UTC).isoformat(timespec="seconds"),
        "files": [
            {"name": name, "text": raw.decode("utf-8"), "sha256": hashlib.sha256(raw).hexdigest()}
            for name, raw in plan.files
        ],
    }


def program_from_document(
    doc: Mapping[str, Any], bundled: Sequence[Exercise]
) -> tuple[Program | None, list[str]]:
    """The kept plan read back by the same rules; problems name it as imported."""
    files = tuple((f["name"], f["text"].encode("utf-8")) for f in doc["files"])
    plan = PlanFiles(doc["name"], doc["text"].encode("utf-8"), files)
    imported = datetime.fromisoformat(doc["imported_at"])
    label = f"the plan imported {imported:%Y-%m-%d} ({doc['name']})"
    program, problems = program_of(plan, bundled, label=label)
    if program is None:
        return None, problems
    return program._replace(imported_at=imported), []


def followed(
    doc: Mapping[str, Any] | None, bundled_folder: str | os.PathLike[str], today: date
) -> Program | None:
    """The program a kept plan makes, if it reads and has started by `today`: what the
    shell follows (`coach status`, the walk answers), read as the app reads it, with the
    bundled exercises alone. None without a plan, or one that does not read."""
    if doc is None:
        return None
    from coach.model.content import exercise_files, load_exercises

    folder = os.path.join(os.fspath(bundled_folder), "exercises")
    from pathlib import Path

    bundled, problems = load_exercises(exercise_files(Path(folder)))
    if problems:
        return None  # the bundled content is broken: the command that needs it says so
    program, _ = program_from_document(doc, bundled)
    return program if program is not None and program.started(today) else None


def kept_program(
    doc: Mapping[str, Any], library: Library, bundled_folder: str | os.PathLike[str]
) -> tuple[Program | None, list[str]]:
    """A kept plan read against the library's bundled exercises (never a `--content`
    folder's): as the app, the guide, the report and the shell commands all read it."""
    return program_from_document(doc, bundled_only(library.exercises, bundled_folder))


def bundled_only(
    exercises: Sequence[Exercise], bundled_folder: str | os.PathLike[str]
) -> list[Exercise]:
    """The exercises that came with Back Coach (not from a `--content` folder)."""
    folder = os.path.join(os.fspath(bundled_folder), "exercises") + os.sep
    return [e for e in exercises if e.source.startswith(folder)]


class MenuExercise(NamedTuple):
    """An exercise as the menu offers it: with the program's numbers if it is on it."""

    exercise: Exercise
    planned: PlannedExercise | None = None
    open: bool = True  # False: on a program that has not started yet (not offered early)
    own: bool = False  # made by the person in the editor: theirs, never "from your program"


def menu_exercises(
    exercises: Sequence[Exercise],
    program: Program | None,
    today: date,
    own: Sequence[Exercise] = (),
) -> list[MenuExercise]:
    """The program's exercises first, in its order (narrowed to its numbers), then every
    other exercise as it is, then the person's own; none of the program's may be opened
    before its first day. An id is listed once: the program's, then the content's."""
    listed: list[MenuExercise] = []
    if program is not None:
        started = program.started(today)
        listed = [MenuExercise(p.exercise, p, started) for p in program.exercises]
    seen = {item.exercise.id for item in listed}
    for exercise in exercises:
        if exercise.id not in seen:
            seen.add(exercise.id)
            listed.append(MenuExercise(exercise))
    for exercise in own:
        if exercise.id not in seen:
            seen.add(exercise.id)
            listed.append(MenuExercise(exercise, own=True))
    return listed


def planned_short(planned: PlannedExercise) -> str:
    """ "holds 20 s · 2 to 3 reps · 2 a day": the program's numbers in one menu line."""
    exercise = planned.exercise
    parts = [f"{said(exercise.reps)} reps"]
    if exercise.hold_range is not None:
        parts.insert(0, f"holds {said(exercise.hold_range)} s")
    parts.append(f"{planned.sessions_per_day} a day")
    return " · ".join(parts)


def planned_line(planned: PlannedExercise) -> str:
    """ "holds of 20 seconds, 2 to 3 repetitions, 2 sessions a day": the program's numbers."""
    exercise = planned.exercise
    parts = [f"{said(exercise.reps)} repetition{'s' if exercise.reps.high != 1 else ''}"]
    if exercise.hold_range is not None:
        parts.insert(0, f"holds of {said(exercise.hold_range)} seconds")
    sessions = planned.sessions_per_day
    parts.append(f"{sessions} session{'s' if sessions != 1 else ''} a day")
    return ", ".join(parts)


def walks_line(program: Program) -> str | None:
    """ "10 to 15 minutes, every 3 hours": the walks the therapist set, if any."""
    walks = []
    if program.walk_minutes:
        walks.append(f"{said(program.walk_minutes)} minutes")
    if program.walk_every_hours:
        walks.append(f"every {said(program.walk_every_hours)} hours")
    return ", ".join(walks) or None


def program_lines(program: Program, today: date) -> list[str]:
    """The plan in words, as `coach plan show`, the program's page and the report give it."""
    name = safe_text(program.name, single_line=True)  # a file's name: one line, inert
    lines = [f"Your program ({name}, sha256 {program.sha256[:12]}…)"]
    if program.prescribed_by:
        lines.append(f"Prescribed by: {program.prescribed_by}")
    if program.started(today):
        lines.append(f"Started on {program.starts.isoformat()}")
    else:
        days = (program.starts - today).days
        lines.append(
            f"Starts on {program.starts.isoformat()} (in {days} day{'s' if days != 1 else ''}): "
            "nothing to start before then"
        )
    for planned in program.exercises:
        exercise = planned.exercise
        given = f", from {safe_text(planned.file, single_line=True)}" if planned.file else ""
        lines.append(f"- {exercise.title} ({exercise.id}{given}): {planned_line(planned)}")
        if planned.notes:
            lines.append(f"  Note: {planned.notes}")
    walks = walks_line(program)
    if walks:
        lines.append(f"Walks: {walks} (your therapist's numbers)")
    if program.notes:
        lines.append(f"Notes: {program.notes}")
    return lines


class ProgramCount(NamedTuple):
    """One exercise of the program over a period: sessions done against those prescribed."""

    planned: PlannedExercise
    done: int  # sessions of it completed, from the program's first day on
    prescribed: int  # its sessions a day, times the days of the period the program ran
    days: int  # the days of the period the program ran (0: it had not started)

    def line(self) -> str:
        """ "5 of 8 sessions done (2 a day, 4 days)": the person's own record, plainly."""
        planned = self.planned
        if not self.days:
            return f"not started yet ({planned.sessions_per_day} a day)"
        days = "1 day" if self.days == 1 else f"{self.days} days"
        return (
            f"{self.done} of {self.prescribed} sessions done "
            f"({planned.sessions_per_day} a day, {days})"
        )


def program_counts(
    program: Program,
    sessions: Iterable[SessionRecord],
    first: date,
    last: date,
    zone: tzinfo,
) -> list[ProgramCount]:
    """For each of the program's exercises: the sessions completed in `first`..`last`
    (local days), from the program's first day on, against its sessions a day."""
    start = max(first, program.starts)
    days = (last - start).days + 1 if start <= last else 0
    done: dict[str, int] = {}
    for record in sessions:
        day = record.started_at.astimezone(zone).date()
        if record.status is SessionStatus.COMPLETED and start <= day <= last:
            done[record.exercise] = done.get(record.exercise, 0) + 1
    return [
        ProgramCount(p, done.get(p.id, 0), p.sessions_per_day * days, days)
        for p in program.exercises
    ]
