"""The content a person reads, loaded from TOML files and checked against a schema.

Nothing a person is told (texts, hold ranges, walk minutes) lives in code: it is
all here, read from `content/` and from extra folders a physical therapist fills.

Its values are named tuples: immutable, compared by value, and quick to define (the
walking plan's are tuples with their fields written out, cheaper still). The walking
plan, and how any content file is read and checked, are in `walking_plan`
(re-exported here): `coach walk add` and `coach status` load that module alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from coach.errors import ContentError
from coach.model import schema
from coach.model.walking_plan import (
    Range,
    TextItem,
    WalkAnswers,
    WalkingPlan,
    as_range,
    checked,
    checked_bytes,
    load_one,
    load_walking_plan,
    text_items,
    walking_plan,
)

if TYPE_CHECKING:  # callers bring their paths: `coach status` reads one file, with no `pathlib`
    from pathlib import Path

    from coach.store.files import StrPath


class Position(NamedTuple):
    """One step of an exercise: a start position (untimed) or a held position.

    A step may have a neck variant (F17): its own text and picture, shown to a
    person who has a neck problem, so the words and the drawing never disagree.
    """

    id: str
    title: str
    text: str
    neck_text: str | None = None
    hold: Range | None = None
    picture: str | None = None
    neck_picture: str | None = None
    facts: tuple[str, ...] = ()
    neck_facts: tuple[str, ...] = ()

    def instruction(self, neck_problem: bool) -> str:
        """The text to show, with the neck-problem variant swapped in when asked."""
        if neck_problem and self.neck_text:
            return self.neck_text
        return self.text

    def picture_for(self, neck_problem: bool) -> str | None:
        """The picture that matches the text shown."""
        if neck_problem and self.neck_picture:
            return self.neck_picture
        return self.picture


class Exercise(NamedTuple):
    """An exercise: setup steps, then a cycle of held positions repeated `reps` times."""

    id: str
    title: str
    summary: str
    setup: tuple[Position, ...]
    positions: tuple[Position, ...]
    reps: Range
    cycle_text: str
    cautions: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    cycle_facts: tuple[str, ...] = ()
    caution_facts: tuple[str, ...] = ()
    order: int = 1000
    source: str = ""

    @property
    def has_neck_variant(self) -> bool:
        return any(p.neck_text or p.neck_picture for p in (*self.setup, *self.positions))

    @property
    def hold_range(self) -> Range | None:
        """The hold lengths every held position accepts (the person picks one)."""
        holds = [p.hold for p in self.positions if p.hold is not None]
        if not holds:
            return None
        low, high = max(h.low for h in holds), min(h.high for h in holds)
        return Range(low, high) if low <= high else holds[0]


class RestGuide(NamedTuple):
    title: str
    intro: TextItem
    positions: tuple[Position, ...]
    items: tuple[TextItem, ...]


class Source(NamedTuple):
    title: str
    publisher: str
    topic: str
    standing: str
    facts: tuple[str, ...] = ()


class Library(NamedTuple):
    """Everything the app can tell a person, plus notices about extra files it skipped."""

    exercises: tuple[Exercise, ...]
    rest: RestGuide
    walking: WalkingPlan
    guidance: Mapping[str, TextItem]
    follow_up: tuple[TextItem, ...]
    source: Source
    notices: tuple[str, ...] = ()

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def guide(self, item_id: str) -> TextItem:
        return self.guidance[item_id]

    def cautions(self, exercise: Exercise) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What a person reads before an exercise, and the facts it carries.

        The exercise's own cautions, then each general one (start slowly, ease off,
        your doctor decides) whose facts they do not say: an exercise file with
        few cautions or none never leaves out what every exercise needs.
        """
        said = set(exercise.caution_facts)
        general = [self.guide(i) for i in GENERAL_CAUTIONS]
        missing = [i for i in general if not set(i.facts) <= said]
        return (
            (*exercise.cautions, *(i.text for i in missing)),
            (*exercise.caution_facts, *(f for i in missing for f in i.facts)),
        )

    def items_with_facts(self) -> Iterable[tuple[tuple[str, ...], str]]:
        """Every (facts, text) piece in the library, as a person reads it, for the coverage tests."""
        for ex in self.exercises:
            yield ex.facts, ex.summary
            yield ex.caution_facts, "\n".join(ex.cautions)
            yield ex.cycle_facts, ex.cycle_text
            for pos in (*ex.setup, *ex.positions):
                yield pos.facts, pos.text
                if pos.neck_text:
                    yield pos.neck_facts or pos.facts, pos.neck_text
        yield self.rest.intro.facts, self.rest.intro.text
        for pos in self.rest.positions:
            yield pos.facts, pos.text
        answers = self.walking.answers
        for item in (
            *self.rest.items,
            *self.walking.items,
            answers.leg_pain,
            answers.slopes,
            answers.longer,
        ):
            yield item.facts, item.text
        for item in (*self.guidance.values(), *self.follow_up):
            yield item.facts, item.text
        yield self.source.facts, f"{self.source.title}\n{self.source.standing}"


# Guidance the screens look up by id: the bundled guidance.toml must hold each.
GUIDANCE_IDS = (
    "examples",
    "doctor-decides",
    "start-slowly",
    "ease-off",
    "call-doctor",
    "pain-after",
    "neck-variant",
)

# The cautions before any exercise (F2, F3, F4), from guidance.toml.
GENERAL_CAUTIONS = ("start-slowly", "ease-off", "doctor-decides")

# Files that make up the bundled content, besides content/exercises/*.toml.
BUNDLED_FILES = {
    "rest.toml": schema.REST,
    "walking.toml": schema.WALKING,
    "guidance.toml": schema.GUIDANCE,
    "follow-up.toml": schema.GUIDANCE,
    "source.toml": schema.SOURCE,
}


def _check_exercise_extras(data: dict[str, Any], checker: schema.Checker) -> None:
    ids = [p["id"] for p in (*data.get("setup", []), *data["cycle"]["positions"])]
    for step_id in {i for i in ids if ids.count(i) > 1}:
        checker.problem("setup/cycle.positions", f"step id {step_id!r} is used twice")
    holds = [p["hold"] for p in data["cycle"]["positions"] if "hold" in p]
    if not holds:  # a session is on record from its first hold, and ends with its last
        checker.problem("cycle.positions", "at least one needs a hold (seconds, a timed step)")
    if holds and max(h["min"] for h in holds) > min(h["max"] for h in holds):
        checker.problem("cycle.positions", "the hold ranges of the positions do not overlap")
    _check_neck_variant(data, checker)


def _check_neck_variant(data: dict[str, Any], checker: schema.Checker) -> None:
    """A neck variant (F17) covers every held step, in words and in a picture.

    Otherwise a person who asked for it would be shown the ordinary text, or a
    picture of the head hanging or raised beside words that say not to move it.
    """
    setup, cycle = data.get("setup", []), data["cycle"]["positions"]
    if not any("neck_text" in p or "neck_picture" in p for p in (*setup, *cycle)):
        return
    steps = [(f"setup[{n}]", p) for n, p in enumerate(setup, start=1)]
    steps += [(f"cycle.positions[{n}]", p) for n, p in enumerate(cycle, start=1)]
    for place, step in steps:
        if "hold" in step and "neck_text" not in step:
            checker.problem(f"{place}.neck_text", "is missing: the exercise has a neck variant")
        if (
            "picture" in step
            and "neck_picture" not in step
            and ("hold" in step or "neck_text" in step)
        ):
            checker.problem(
                f"{place}.neck_picture",
                "is missing: the exercise has a neck variant and this step a picture",
            )


def _picture(raw: str) -> str:
    return "\n".join(line.rstrip() for line in raw.strip("\n").splitlines())


def _position(raw: Mapping[str, Any]) -> Position:
    return Position(
        id=raw["id"],
        title=raw["title"],
        text=raw["text"].strip(),
        neck_text=raw["neck_text"].strip() if "neck_text" in raw else None,
        hold=as_range(raw["hold"]) if "hold" in raw else None,
        picture=_picture(raw["picture"]) if "picture" in raw else None,
        neck_picture=_picture(raw["neck_picture"]) if "neck_picture" in raw else None,
        facts=tuple(raw.get("facts", ())),
        neck_facts=tuple(raw.get("neck_facts", ())),
    )


def _exercise(raw: Mapping[str, Any], source: StrPath) -> Exercise:
    cycle = raw["cycle"]
    return Exercise(
        id=raw["id"],
        title=raw["title"],
        summary=raw["summary"],
        setup=tuple(_position(p) for p in raw.get("setup", ())),
        positions=tuple(_position(p) for p in cycle["positions"]),
        reps=as_range(cycle["reps"]),
        cycle_text=cycle["text"].strip(),
        cautions=tuple(c.strip() for c in raw.get("cautions", ())),
        facts=tuple(raw.get("facts", ())),
        cycle_facts=tuple(cycle.get("facts", ())),
        caution_facts=tuple(raw.get("caution_facts", ())),
        order=raw.get("order", 1000),
        source=os.fspath(source),
    )


def exercise_files(folder: Path) -> list[Path]:
    """The `.toml` files of a folder, in a stable order."""
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def load_exercises(paths: Iterable[Path]) -> tuple[list[Exercise], list[str]]:
    """Load exercise files; return the good ones and one line per problem."""
    exercises: list[Exercise] = []
    problems: list[str] = []
    for path in paths:
        data, found = _checked(path, schema.EXERCISE)
        problems.extend(found)
        if data is not None:
            exercises.append(_exercise(data, path))
    return exercises, problems


def exercise_from_bytes(raw: bytes, name: str) -> tuple[Exercise | None, list[str]]:
    """An exercise file's bytes (kept in the database with a plan), checked as the file
    would be; its problems are named after `name`."""
    data, problems = checked_bytes(
        raw, schema.Checker(name), schema.EXERCISE, _check_exercise_extras
    )
    return (_exercise(data, name) if data is not None else None), problems


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            sub = path / "exercises"
            files.extend(exercise_files(sub if sub.is_dir() else path))
        else:
            files.append(path)
    return files


def load_library(bundled: Path, extra: Sequence[Path] = ()) -> Library:
    """Load the bundled content (any problem is fatal) and extra exercises (skipped if broken)."""
    parts: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    if not bundled.is_dir():
        raise ContentError([f"{bundled}: (folder): the bundled content folder is missing"])
    for name, spec in BUNDLED_FILES.items():
        data, found = _checked(bundled / name, spec)
        problems.extend(found)
        if data is not None:
            parts[name] = data
    exercises, found = load_exercises(exercise_files(bundled / "exercises"))
    problems.extend(found)
    if not exercises and not found:
        problems.append(f"{bundled / 'exercises'}: (folder): holds no exercise")
    problems.extend(_duplicate_ids(exercises))
    if "guidance.toml" in parts:
        have = {item["id"] for item in parts["guidance.toml"]["items"]}
        problems.extend(
            f"{bundled / 'guidance.toml'}: items: no item has the id {wanted!r}"
            for wanted in GUIDANCE_IDS
            if wanted not in have
        )
    if problems:
        raise ContentError(problems)

    notices: list[str] = []
    extras, found = load_exercises(_expand(extra))
    notices.extend(found)
    known = {e.id for e in exercises}
    for exercise in extras:
        if exercise.id in known:
            notices.append(f"{exercise.source}: id: {exercise.id!r} is already used; file skipped")
            continue
        known.add(exercise.id)
        exercises.append(exercise)
    exercises.sort(key=lambda e: (e.order, e.title.casefold()))

    rest, walking, source = parts["rest.toml"], parts["walking.toml"], parts["source.toml"]
    return Library(
        exercises=tuple(exercises),
        rest=RestGuide(
            title=rest["title"],
            intro=TextItem(
                "rest-intro",
                rest["title"],
                rest["intro"].strip(),
                tuple(rest.get("intro_facts", ())),
            ),
            positions=tuple(_position(p) for p in rest["positions"]),
            items=text_items(rest["items"]),
        ),
        walking=walking_plan(walking),
        guidance={item.id: item for item in text_items(parts["guidance.toml"]["items"])},
        follow_up=text_items(parts["follow-up.toml"]["items"]),
        source=_source(source),
        notices=tuple(notices),
    )


def _duplicate_ids(exercises: Sequence[Exercise]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for exercise in exercises:
        if exercise.id in seen:
            problems.append(
                f"{exercise.source}: id: {exercise.id!r} is also used by {seen[exercise.id]}"
            )
        seen.setdefault(exercise.id, exercise.source)
    return problems


def check_content(bundled: Path, paths: Sequence[Path]) -> list[str]:
    """Every problem in the bundled content and in the given files or folders."""
    problems: list[str] = []
    try:
        load_library(bundled)
    except ContentError as error:
        problems.extend(error.problems)
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: (file): does not exist")
    _, found = load_exercises(_expand(p for p in paths if p.exists()))
    problems.extend(found)
    return problems


def _source(data: Mapping[str, Any]) -> Source:
    return Source(
        title=data["title"],
        publisher=data["publisher"],
        topic=data["topic"],
        standing=data["standing"].strip(),
        facts=tuple(data.get("facts", ())),
    )


def load_source(bundled: Path) -> Source:
    """The attribution every report carries (F21)."""
    return _source(load_one(bundled / "source.toml", schema.SOURCE))


def _checked(
    path: StrPath, spec: Mapping[str, schema.Field]
) -> tuple[dict[str, Any] | None, list[str]]:
    return checked(path, spec, _check_exercise_extras if spec is schema.EXERCISE else None)


__all__ = [
    "Exercise",
    "Library",
    "Position",
    "Range",
    "RestGuide",
    "Source",
    "TextItem",
    "WalkAnswers",
    "WalkingPlan",
    "load_library",
    "load_source",
    "load_walking_plan",
]
