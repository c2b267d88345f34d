"""The person's settings: what they chose, with calm defaults (start slowly)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, time
from typing import Any

from coach.model.setting_values import (
    WAKING_END,
    WAKING_START,
    parse_clock_time,
    parse_snooze,
    setting_values,
)

__all__ = [
    "GET_READY_CHOICES",
    "REST_REMINDER_CHOICES",
    "SNOOZE_CHOICES",
    "ExerciseChoice",
    "Settings",
    "parse_clock_time",
    "parse_snooze",
]

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
    waking_start: time = WAKING_START
    waking_end: time = WAKING_END
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
        values = setting_values(data)
        if "choices" in values:
            values["choices"] = {
                key: ExerciseChoice(**parts) for key, parts in values["choices"].items()
            }
        return replace(cls(), **values)
