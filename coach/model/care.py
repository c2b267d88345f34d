"""Follow-up care lists (F18 to F20): input rules, order, the next appointment, reminders.

Plain Python shared by the shell (`coach care ...`) and the app's forms, so both
clean text, read times and refuse the same things with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from coach.errors import UsageError, quoted
from coach.model.appointments import first_ahead
from coach.model.bounds import MAX_NOTE, MAX_YEAR, MIN_YEAR
from coach.model.records import CareItem, CareKind
from coach.model.walks import one_line

MAX_CARE_TEXT = 200  # a name, a dose, a result: one short line (the store holds the same bound)
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DAY_ONLY = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
_KIND_ORDER = {kind: n for n, kind in enumerate(CareKind)}
_FAR_PAST = datetime(MIN_YEAR, 1, 1, tzinfo=UTC)


def clean_text(text: str | None, what: str, *, limit: int = MAX_CARE_TEXT) -> str:
    """Like a walk's note: one line, no control characters, bounded; named in the error."""
    try:
        cleaned = one_line(text)
    except UsageError as error:
        raise UsageError(str(error).replace("the note", what, 1)) from None
    if len(cleaned) > limit:
        raise UsageError(f"{what} is too long ({len(cleaned)} characters; at most {limit})")
    return cleaned


def _required(text: str | None, what: str, *, limit: int = MAX_CARE_TEXT) -> str:
    cleaned = clean_text(text, what, limit=limit)
    if not cleaned:
        raise UsageError(f"{what} is empty; type what it is")
    return cleaned


def _in_years(moment: datetime, text: str) -> datetime:
    if not MIN_YEAR <= moment.astimezone(UTC).year <= MAX_YEAR:
        raise UsageError(
            f"the time {quoted(text)} is not within the years {MIN_YEAR} to {MAX_YEAR}"
        )
    return moment.astimezone(UTC)


def parse_appointment_time(text: str, now: datetime, zone: tzinfo) -> datetime:
    """When an appointment is: past or future. `HH:MM` (today), `tomorrow HH:MM`,
    or ISO 8601 (`2026-12-01 14:30`; without an offset it is the person's local time)."""
    value = " ".join(text.split())
    if not value:
        raise UsageError("the appointment needs a time, e.g. 2026-12-01 14:30")
    day = now.astimezone(zone).date()
    words = value.split(" ")
    if len(words) == 2 and words[0].lower() in {"today", "tomorrow"}:
        day += timedelta(days=1 if words[0].lower() == "tomorrow" else 0)
        value = words[1]
    match = _HHMM.match(value)
    if _DAY_ONLY.fullmatch(value):
        raise UsageError(f"the time {quoted(text)} has no time of day: add one, e.g. {value} 14:30")
    try:
        if match:
            moment = datetime.combine(day, time(int(match[1]), int(match[2])), tzinfo=zone)
        else:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
        if moment.tzinfo is zone and not _exists(moment, zone):
            raise UsageError(
                f"{moment:%H:%M} does not exist on {moment:%d %b %Y} where you are (the clocks "
                "go forward then); pick another time"
            )
        return _in_years(moment, text)
    except ValueError:
        raise UsageError(
            f"cannot read the time {quoted(text)}: use HH:MM, 'tomorrow HH:MM' or 2026-12-01 14:30"
        ) from None
    except (OverflowError, OSError):
        raise UsageError(
            f"the time {quoted(text)} is not within the years {MIN_YEAR} to {MAX_YEAR}"
        ) from None


def _exists(moment: datetime, zone: tzinfo) -> bool:
    """A local time that a spring-forward gap skips comes back changed from UTC."""
    back = moment.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def parse_day(text: str | None, now: datetime, zone: tzinfo) -> date:
    """A test result's day: YYYY-MM-DD, 'today' or 'yesterday' (today if not given);
    never after today: a result is known once the test was done."""
    value = (text or "").strip().lower()
    today = now.astimezone(zone).date()
    if value in {"", "today"}:
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"cannot read the day {quoted(text)}: use YYYY-MM-DD, e.g. 2026-11-20"
        ) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UsageError(f"the day {quoted(text)} is not within the years {MIN_YEAR} to {MAX_YEAR}")
    if day > today:
        raise UsageError(f"the day {quoted(text)} is in the future; a result has a past day")
    return day


def appointment(*, at: str, who: str = "", note: str = "", now: datetime, zone: tzinfo) -> CareItem:
    return CareItem(
        CareKind.APPOINTMENT,
        added_at=now,
        at=parse_appointment_time(at, now, zone),
        who=clean_text(who, "'with'"),
        note=clean_text(note, "the note", limit=MAX_NOTE),
    )


def medicine(*, name: str, dose: str = "", how_often: str = "", now: datetime) -> CareItem:
    return CareItem(
        CareKind.MEDICINE,
        added_at=now,
        name=_required(name, "the medicine's name"),
        dose=clean_text(dose, "the dose"),
        how_often=clean_text(how_often, "'how often'"),
    )


def result(
    *, name: str, value: str, day: str | None = None, now: datetime, zone: tzinfo
) -> CareItem:
    return CareItem(
        CareKind.RESULT,
        added_at=now,
        name=_required(name, "the test's name"),
        value=_required(value, "the result"),
        day=parse_day(day, now, zone),
    )


def question(*, text: str, now: datetime) -> CareItem:
    return CareItem(
        CareKind.QUESTION, added_at=now, name=_required(text, "the question", limit=MAX_NOTE)
    )


def care_order(item: CareItem) -> tuple[int, datetime, int]:
    """Lists in a fixed order; appointments by time, results by day, the rest as added."""
    if item.kind is CareKind.APPOINTMENT and item.at is not None:
        moment = item.at
    elif item.kind is CareKind.RESULT and item.day is not None:
        moment = datetime.combine(item.day, time(), tzinfo=UTC)
    else:
        moment = item.added_at or _FAR_PAST
    return (_KIND_ORDER[item.kind], moment, item.id or 0)


def next_appointment(items: Iterable[CareItem], now: datetime) -> CareItem | None:
    """The first appointment not yet past (one that started within the hour still counts)."""
    return first_ahead(
        (
            (i.at, i.id or 0, i)
            for i in items
            if i.kind is CareKind.APPOINTMENT and i.at is not None
        ),
        now,
    )


@dataclass(frozen=True)
class Reminder:
    """An appointment today or tomorrow: said once a day when the app opens, and on the menu."""

    item: CareItem
    when: str  # "today" or "tomorrow"

    def line(self, zone: tzinfo) -> str:
        assert self.item.at is not None
        who = f" with {self.item.who}" if self.item.who else ""
        return f"Appointment {self.when} at {self.item.at.astimezone(zone):%H:%M}{who}"


def reminders(items: Iterable[CareItem], now: datetime, zone: tzinfo) -> list[Reminder]:
    """Appointments on the person's local today (not yet past) and tomorrow, soonest first."""
    today = now.astimezone(zone).date()
    found = []
    for item in items:
        if item.kind is not CareKind.APPOINTMENT or item.at is None:
            continue
        day = item.at.astimezone(zone).date()
        if day == today and item.at > now - timedelta(hours=1):
            found.append(Reminder(item, "today"))
        elif day == today + timedelta(days=1):
            found.append(Reminder(item, "tomorrow"))
    return sorted(found, key=lambda r: (r.item.at, r.item.id or 0))


def describe(item: CareItem, zone: tzinfo) -> str:
    """One plain line for the shell and the report (the caller makes it inert to show)."""
    if item.kind is CareKind.APPOINTMENT:
        assert item.at is not None
        parts = [f"{item.at.astimezone(zone):%a %d %b %Y %H:%M}"]
        parts += [f"with {item.who}"] if item.who else []
        parts += [item.note] if item.note else []
        return " · ".join(parts)
    if item.kind is CareKind.MEDICINE:
        return " · ".join(p for p in (item.name, item.dose, item.how_often) if p)
    if item.kind is CareKind.RESULT:
        day = f"{item.day:%d %b %Y}" if item.day else ""
        return " · ".join(p for p in (item.name, item.value, day) if p)
    return item.name
