"""Stored settings read as plain values: the rules of `Settings.from_dict`, without dataclasses.

The shell's quick paths check a file's settings and read its waking hours and snooze
through these rules; importing the `Settings` model (with `dataclasses`) would cost
them more than the check itself.
"""

from __future__ import annotations

from datetime import datetime, time

from coach.model.bounds import MAX_YEAR, MIN_YEAR

TYPE_CHECKING = False  # no `typing` at run time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

WAKING_START = time(8, 0)
WAKING_END = time(22, 0)

# Every stored field of `Settings`, in its order, and how it reads (a test keeps the two
# together): the first field of the wrong shape is the one named.
KINDS: dict[str, object] = {
    "neck_problem": bool,
    "get_ready_seconds": int,
    "bell": bool,
    "auto_advance": bool,
    "walk_reminders": bool,
    "reminder_bell": bool,
    "desktop_notifications": bool,
    "snooze_minutes": int,
    "waking_start": time,
    "waking_end": time,
    "rest_reminder_minutes": int,
    "about_acknowledged": bool,
    "theme": str,
    "snoozed_until": "snooze",
    "choices": "choices",
}


def setting_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored settings present in `data`, read; ValueError naming the first field of
    the wrong shape. `choices` come as {exercise: {"hold_seconds": .., "reps": ..}}."""
    values: dict[str, Any] = {}
    for name, kind in KINDS.items():
        if name not in data:
            continue
        raw = data[name]
        if kind == "choices":
            values[name] = choice_values(raw)
        elif kind == "snooze":
            values[name] = parse_snooze(raw)
        elif kind is time:
            values[name] = parse_clock_time(raw, name)
        elif kind is bool:
            if not isinstance(raw, bool):
                raise ValueError(f"settings.{name}: must be true or false")
            values[name] = raw
        elif kind is int:
            if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 1440:
                raise ValueError(f"settings.{name}: must be a whole number of minutes or seconds")
            values[name] = raw
        elif not isinstance(raw, str):  # str
            raise ValueError(f"settings.{name}: must be text")
        else:
            values[name] = raw
    return values


def parse_clock_time(raw: object, name: str = "time") -> time:
    """Read HH:MM: a time of day where the person is, so with no UTC offset ("09:00+05:00"
    would not compare with the local times of the schedule)."""
    if isinstance(raw, str):
        try:
            moment = time.fromisoformat(raw.strip())
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                return moment
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


def choice_values(raw: object) -> dict[str, dict[str, int | None]]:
    """The last hold and repetitions chosen for each exercise, as stored."""
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
        choices[str(key)] = parts
    return choices
