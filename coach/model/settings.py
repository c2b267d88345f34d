"""The person's settings: what they chose, with calm defaults (start slowly)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, time
from typing import Any

from coach.model.bounds import MAX_YEAR, MIN_YEAR

GET_READY_CHOICES = (0, 3, 5, 10)
SNOOZE_CHOICES = (10, 15, 30, 60)
REST_REMINDER_CHOICES = (0, 15, 20, 30, 45, 60)  # minutes; 0 is off. The source gives no number.


@dataclass(frozen=True)
class ExerciseChoice:
    """The last hold length and repetitions a person chose for one exercise."""

    hold_seconds: int | None = None
    reps: int | None = None


@dataclass(frozen=True)
class Settings:
    neck_problem: bool = False
    get_ready_seconds: int = 3
    bell: bool = True
    auto_advance: bool = True
    walk_reminders: bool = True
    reminder_bell: bool = True  # a reminder rings the terminal bell (a tmux window's flag)
    desktop_notifications: bool = True  # OSC 9 / OSC 777; never sent under TERM=linux
    snooze_minutes: int = 15
    waking_start: time = time(8, 0)
    waking_end: time = time(22, 0)
    rest_reminder_minutes: int = 0
    about_acknowledged: bool = False
    theme: str = "back-coach-dark"
    snoozed_until: datetime | None = None  # the walk reminder is quiet until then (UTC)
    choices: Mapping[str, ExerciseChoice] = field(default_factory=dict)

    def choice(self, exercise_id: str) -> ExerciseChoice:
        return self.choices.get(exercise_id, ExerciseChoice())

    def with_choice(self, exercise_id: str, **changes: int) -> Settings:
        choices = dict(self.choices)
        choices[exercise_id] = replace(self.choice(exercise_id), **changes)
        return replace(self, choices=choices)

    def merged_onto(self, current: Settings, before: Settings) -> Settings:
        """`current` with only the changes from `before` to this one applied.

        Another window may have changed other settings since `before` was read; a
        whole record written from that old copy would quietly undo them.
        """
        values: dict[str, Any] = {}
        for spec in fields(self):
            mine, old = getattr(self, spec.name), getattr(before, spec.name)
            if spec.name == "choices":
                choices = dict(current.choices)
                for exercise_id in {*self.choices, *before.choices}:
                    wanted, was = self.choice(exercise_id), before.choice(exercise_id)
                    if wanted != was:
                        base = asdict(current.choice(exercise_id))
                        base.update(
                            {k: v for k, v in asdict(wanted).items() if v != getattr(was, k)}
                        )
                        choices[exercise_id] = ExerciseChoice(**base)
                values["choices"] = choices
            elif mine != old:
                values[spec.name] = mine
        return replace(current, **values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["waking_start"] = self.waking_start.strftime("%H:%M")
        data["waking_end"] = self.waking_end.strftime("%H:%M")
        data["choices"] = {k: asdict(v) for k, v in self.choices.items()}
        data["snoozed_until"] = (
            self.snoozed_until.isoformat(timespec="seconds") if self.snoozed_until else None
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Read stored settings; raise ValueError naming the first field of the wrong shape."""
        defaults = cls()
        values: dict[str, Any] = {}
        for spec in fields(cls):
            if spec.name not in data:
                continue
            raw = data[spec.name]
            default = getattr(defaults, spec.name)
            if spec.name == "choices":
                values["choices"] = _choices(raw)
            elif spec.name == "snoozed_until":
                values[spec.name] = parse_snooze(raw)
            elif isinstance(default, time):
                values[spec.name] = parse_clock_time(raw, spec.name)
            elif isinstance(default, bool):
                if not isinstance(raw, bool):
                    raise ValueError(f"settings.{spec.name}: must be true or false")
                values[spec.name] = raw
            elif isinstance(default, int):
                if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 1440:
                    raise ValueError(
                        f"settings.{spec.name}: must be a whole number of minutes or seconds"
                    )
                values[spec.name] = raw
            elif isinstance(default, str):
                if not isinstance(raw, str):
                    raise ValueError(f"settings.{spec.name}: must be text")
                values[spec.name] = raw
        return replace(defaults, **values)


def parse_clock_time(raw: object, name: str = "time") -> time:
    """Read HH:MM."""
    if isinstance(raw, str):
        try:
            return time.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise ValueError(f"{name}: must be a time like 08:00")


def parse_snooze(raw: object) -> datetime | None:
    """A stored snooze: a moment with its UTC offset, as written. Anything else counts as
    no snooze: it is passing state, not a record, and a hand-edited one must not lock a
    person out of their walk log (the next snooze or setting saved writes it afresh)."""
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return moment


def _choices(raw: object) -> dict[str, ExerciseChoice]:
    if not isinstance(raw, dict):
        raise ValueError("settings.choices: must be a table")
    choices = {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            raise ValueError(f"settings.choices.{key}: must be a table")
        parts = {}
        for name in ("hold_seconds", "reps"):
            item = value.get(name)
            if item is not None and (isinstance(item, bool) or not isinstance(item, int)):
                raise ValueError(f"settings.choices.{key}.{name}: must be a whole number")
            parts[name] = item
        choices[str(key)] = ExerciseChoice(**parts)
    return choices
