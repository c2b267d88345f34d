"""The shell's fast paths: `coach status` and `coach walk list --json`, inside the store.

tmux asks for the status line every few seconds, and scripts list thousands of walks
per call. Neither needs record objects: while the writers' summary vouches for the
file (see `summary`), they read what they need as stored, under the same rules.
Without it they read the file as `Store.open` does, checking every record by the same
rules (`documents`), still without TinyDB or record objects. Only a file of an older
schema goes through the `Store`, which checks it as it will be once upgraded.
"""

from __future__ import annotations

import json
from datetime import datetime, time

from coach.model.bounds import moment_problem
from coach.store.files import read_no_follow, resolved_location, signature_of
from coach.store.summary import appointments, read_summary, vouches_for

TYPE_CHECKING = False  # no `typing` nor `pathlib` at run time: paths here are strings
if TYPE_CHECKING:
    from typing import Any

    from coach.store.files import StrPath

Appointment = tuple[int, datetime, str]  # id, when (UTC), with whom


class StatusInputs:
    """What `coach status` needs (a plain class: a named tuple would import `typing`)."""

    __slots__ = (
        "last_end",
        "active_since",
        "waking",
        "appointments",
        "snoozed_until",
        "plan",
    )

    def __init__(
        self,
        last_end: datetime | None,
        active_since: datetime | None,
        waking: tuple[time, time],
        appointments: list[Appointment],
        snoozed_until: datetime | None,  # the walk reminder's snooze, set in the app
        plan: dict[str, Any] | None = None,  # the therapist's plan as kept (checked), if any
    ) -> None:
        self.last_end = last_end
        self.active_since = active_since
        self.waking = waking
        self.appointments = appointments
        self.snoozed_until = snoozed_until
        self.plan = plan

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StatusInputs) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a named tuple is not: no hash

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"StatusInputs({shown})"


def status_inputs(path: StrPath, now: datetime) -> StatusInputs:
    """When the last walk begun by `now` ended, since when a walk is under way, the waking
    hours, and every appointment (the caller, who knows the time, picks the next)."""
    path = resolved_location(path)
    found = _from_summary(path, now)
    if found is not None:
        return found
    from coach.store.checked import read_checked  # the store's rules: only when needed

    checked = read_checked(path)
    return _from_store(path, now) if checked is None else _from_file(checked.data, now)


def _from_summary(path: str, now: datetime) -> StatusInputs | None:
    summary = read_summary(path)
    if summary is None or summary.get("records_checked") is not True:
        return None
    try:
        last_end, since = summary["last_walk_end"], summary["active_since"]
        last_start = summary["last_walk_start"]  # KeyError from an older writer: read the file
        for value, key in (
            (last_end, "last_walk_end"),
            (since, "active_since"),
            (last_start, "last_walk_start"),
        ):
            if value is not None and moment_problem(value, key):
                return None
        if last_start is not None and datetime.fromisoformat(last_start) > now:
            return None  # a walk dated after now: the file says which ones count
        waking = (
            time.fromisoformat(summary["waking_start"]),
            time.fromisoformat(summary["waking_end"]),
        )
        appointments = _appointments(summary["appointments"])  # none from an older writer
        snoozed = summary["snoozed_until"]  # KeyError from an older writer: read the file
        if snoozed is not None and moment_problem(snoozed, "snoozed_until"):
            return None
        plan = summary["glance"]["plan"]  # KeyError from an older writer: read the file
        if plan is not None and (not isinstance(plan, dict) or _plan_problem(plan)):
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return StatusInputs(
        datetime.fromisoformat(last_end) if last_end else None,
        datetime.fromisoformat(since) if since else None,
        waking,
        appointments,
        datetime.fromisoformat(snoozed) if snoozed else None,
        plan,
    )


def _plan_problem(plan: dict[str, Any]) -> str | None:
    from coach.store.documents import plan_problem  # only a file with a plan needs it

    return plan_problem(plan)


def _appointments(rows: list[Any]) -> list[Appointment]:
    """The summary's [at, id, with] rows; anything else is ValueError (read the file)."""
    found = []
    for at, item_id, who in rows:
        if moment_problem(at, "at") or type(item_id) is not int or not isinstance(who, str):
            raise ValueError("not an appointment")
        found.append((item_id, datetime.fromisoformat(at), who))
    return found


def _from_file(data: dict[str, Any], now: datetime) -> StatusInputs:
    """The same facts from the checked file, read as the `Store`'s records read them."""
    from coach.model.setting_values import WAKING_END, WAKING_START, setting_values
    from coach.store.documents import last_walk_end

    active = list((data.get("active_walk") or {}).values())
    docs = data.get("settings") or {}
    settings = setting_values(docs[min(docs, key=int)]) if docs else {}
    return StatusInputs(
        last_walk_end(data.get("walks") or {}, now),
        datetime.fromisoformat(active[0]["started_at"]) if active else None,
        (settings.get("waking_start", WAKING_START), settings.get("waking_end", WAKING_END)),
        _appointments(appointments(data)),
        settings.get("snoozed_until"),
        _first_doc(data.get("plan")),
    )


def _first_doc(table: dict[str, Any] | None) -> dict[str, Any] | None:
    return table[min(table, key=int)] if table else None


def _from_store(path: str, now: datetime) -> StatusInputs:
    from pathlib import Path

    from coach.store.database import Store

    store = Store.open(Path(path), check_records=False)
    records = store.records()
    settings = records.settings()
    active = records.active_walk()
    return StatusInputs(
        records.last_walk_end(now),
        active.started_at if active else None,
        (settings.waking_start, settings.waking_end),
        [
            (item.id or 0, item.at, item.who)
            for item in records.care_items()
            if item.at is not None and item.kind.value == "appointment"
        ],
        settings.snoozed_until,
        records.plan_document(),
    )


def walk_list_documents(path: StrPath, since: datetime | None) -> list[dict[str, Any]]:
    """Every walk as stored, newest first, each with its id (checked, whichever way)."""
    from coach.store.documents import walk_documents

    path = resolved_location(path)
    data = _read_vouched(path)
    if data is None:
        from coach.store.checked import read_checked

        checked = read_checked(path)
        if checked is None:  # an older schema
            from pathlib import Path

            from coach.store.database import Store

            return Store.open(Path(path)).walk_documents(since)
        data = checked.data
    return walk_documents(data.get("walks") or {}, since, private=True)


def _read_vouched(path: str) -> dict[str, Any] | None:
    """The database, if the writers' summary vouches that its every record was checked."""
    try:
        raw, st = read_no_follow(path)
        if not vouches_for(path, signature_of(st)):
            return None
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return None  # the store says what is wrong
    if not isinstance(data, dict) or not isinstance(data.get("walks", {}), dict):
        return None
    from coach.store.documents import refuse_newer, schema_version_of

    refuse_newer(schema_version_of(data, path), path)
    return data
