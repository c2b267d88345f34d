"""The walk input rules and the answers to a saved walk: plain Python, times in UTC,
shown in local time. (When a walk is due is the schedule's: `schedule`; the days' totals
of the walk log's chart, `walk_days`.)

Walk lengths come from stored wall-clock times (a monotonic clock stops while a laptop
sleeps), added in UTC, so a DST change cannot stretch or shrink them; only the display
converts to local time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from coach.clock import local_zone, parse_instant
from coach.errors import UsageError, quoted
from coach.model.bounds import MAX_MINUTES, MAX_NOTE, MAX_YEAR, MIN_YEAR
from coach.plain import unsafe

if TYPE_CHECKING:  # the records are loaded by the rules that use them: `walk add` needs none
    from coach.model.records import ActiveWalk, Terrain, Walk
    from coach.model.walking_plan import WalkingPlan


FLAT, HILLY = "flat", "hilly"  # the stored values of `records.Terrain`
TERRAIN_LABELS = {FLAT: "flat", HILLY: "slopes, hills or stairs"}


def walk_answers(walk: Walk, plan: WalkingPlan, general: WalkingPlan | None = None) -> list[str]:
    """The guidance that answers what a saved walk records (see `answers_for`).

    `general`: the source's plan, when `plan` carries a therapist's numbers. A walk
    longer than the therapist's is then answered with their numbers, as theirs, and the
    source's words as general guidance.
    """
    texts = answers_for(
        plan, leg_pain=walk.leg_pain, terrain=walk.terrain.value, minutes=walk.minutes
    )
    return as_therapists(texts, plan, general)


def as_therapists(texts: list[str], plan: WalkingPlan, general: WalkingPlan | None) -> list[str]:
    """Answers to a walk under a therapist's `plan`: a walk longer than theirs is told
    their numbers, as theirs, then the source's words as general guidance."""
    if general is None or plan.minutes == general.minutes:
        return texts
    longer = plan.answers.longer.text
    low, high = plan.minutes.low, plan.minutes.high
    theirs = f"{low}" if low == high else f"{low} to {high}"
    unit = "minute" if high == 1 else "minutes"
    return [
        f"Your therapist's plan is for walks of {theirs} {unit}. In general: {text}"
        if text == longer
        else text
        for text in texts
    ]


def answers_for(plan: WalkingPlan, *, leg_pain: bool, terrain: str, minutes: int) -> list[str]:
    """The guidance that answers what a saved walk records, from the facts only.

    Leg pain (F12, F19), slopes, hills or stairs (F11), and a walk longer than the
    plan's own upper bound (F9). Nothing else is compared, and no threshold is used
    that the content does not state. (Values, not a `Walk`: `coach walk add` builds no
    record objects.)
    """
    answers = plan.answers
    texts = []
    if leg_pain:
        texts.append(answers.leg_pain.text)
    if terrain == HILLY:
        texts.append(answers.slopes.text)
    if minutes > plan.minutes.high:
        texts.append(answers.longer.text)
    return texts


# Input rules, shared by the CLI and the app's forms.

# Patterns are compiled on first use, by `re`'s own cache: compiled at import, each cost
# every shell command 0.1 to 0.3 ms whether it used it or not.
_HHMM = r"([01]?\d|2[0-3]):([0-5]\d)"
_WHOLE = r"[+-]?[0-9]+"  # int() alone would take "1_0" and "٣"
_NOTE_SPACES = "\n\t\r"  # typed or pasted line breaks and tabs: one space each


def _whole(text: str | int) -> int | None:
    """The whole number typed; one of more than 20 digits reads as 10**20 (its sign kept),
    out of every range, so it is told it is too large, never converted digit by digit."""
    value = str(text).strip()
    if not re.fullmatch(_WHOLE, value, re.ASCII):
        return None
    if len(value.lstrip("+-").lstrip("0")) > 20:
        return -(10**20) if value.startswith("-") else 10**20
    return int(value)


def parse_minutes(text: str | int) -> int:
    if str(text).strip() == "":
        raise UsageError("minutes are needed: a whole number, e.g. 15")
    minutes = _whole(text)
    if minutes is None:
        raise UsageError(f"minutes must be a whole number, not {quoted(text)}")
    if minutes <= 0:
        raise UsageError("minutes must be more than 0")
    if minutes > MAX_MINUTES:
        raise UsageError(f"minutes must be at most {MAX_MINUTES}")
    return minutes


def parse_pain(text: str | int | None) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    pain = _whole(text)
    if pain is None:
        raise UsageError(f"pain must be a whole number from 0 to 10, not {quoted(text)}")
    if not 0 <= pain <= 10:
        raise UsageError(f"pain must be from 0 to 10, not {quoted(text)}")
    return pain


def parse_terrain(text: str) -> Terrain:
    from coach.model.records import Terrain

    return Terrain(terrain_value(text))


def terrain_value(text: str) -> str:
    """ "flat" or "hilly", as typed (or "hills"): the stored value of a `Terrain`."""
    value = text.strip().lower()
    aliases = {FLAT: FLAT, HILLY: HILLY, "hills": HILLY}
    if value not in aliases:
        raise UsageError(
            f"terrain must be 'flat' or 'hilly' (slopes, hills or stairs), not {quoted(text)}"
        )
    return aliases[value]


def one_line(text: str | None) -> str:
    """Text as typed, on one line; refused if it holds a character that drives a terminal."""
    if not text:
        return ""
    bad = next((c for c in text if c not in _NOTE_SPACES and unsafe(c)), None)
    if bad is not None:
        raise UsageError(
            f"the note holds a control character (U+{ord(bad):04X}), which could change "
            "what a terminal shows; type it without"
        )
    return " ".join(text.split())


def clean_note(text: str | None) -> str:
    """Notes are kept as typed, but single-line, bounded and free of control characters.

    Line breaks and tabs become spaces. Any other character that could drive a terminal
    (ESC, C1 codes, bidi overrides...) is refused, not dropped: what is kept is what
    was typed. Zero-width joiners (emoji, Persian) are text and stay.
    """
    note = one_line(text)
    if len(note) > MAX_NOTE:
        raise UsageError(f"the note is too long ({len(note)} characters; at most {MAX_NOTE})")
    return note


def parse_walk_time(text: str, now: datetime, zone: tzinfo) -> datetime:
    """HH:MM today (local), or ISO 8601; never in the future, and within the years kept."""
    match = re.fullmatch(_HHMM, text.strip())
    try:
        if match:
            local_day = now.astimezone(zone).date()
            moment = datetime.combine(local_day, time(int(match[1]), int(match[2])), tzinfo=zone)
            moment = moment.astimezone(now.tzinfo)
        else:
            moment = parse_instant(text).astimezone(now.tzinfo)
    except (OverflowError, OSError, ValueError):  # e.g. year 1 or 9999 in a time zone
        raise UsageError(
            f"the time {quoted(text)} is not within the years {MIN_YEAR} to {MAX_YEAR}"
        ) from None
    if moment > now:
        raise UsageError(f"the time {quoted(text)} is in the future")
    if not MIN_YEAR <= moment.astimezone(UTC).year <= MAX_YEAR:
        raise UsageError(
            f"the time {quoted(text)} is not within the years {MIN_YEAR} to {MAX_YEAR}"
        )
    return moment


def make_walk(
    *,
    minutes: int,
    now: datetime,
    started_at: datetime | None = None,
    terrain: Terrain | None = None,
    leg_pain: bool = False,
    pain: int | None = None,
    note: str = "",
) -> Walk:
    """A walk of `minutes`: from `started_at`, or ending now. It may not end in the future.
    No `terrain`: flat."""
    from coach.model.records import Terrain, Walk

    start, end = walk_span(minutes, now, started_at)
    return Walk(start, end, minutes, terrain or Terrain.FLAT, leg_pain, pain, clean_note(note))


def walk_span(
    minutes: int, now: datetime, started_at: datetime | None
) -> tuple[datetime, datetime]:
    """Start and end of a walk of `minutes` from `started_at`, or ending now; refused if it
    would end in the future."""
    length = timedelta(minutes=minutes)
    start = started_at if started_at is not None else now - length
    end = start + length
    if end > now + timedelta(seconds=59):
        raise UsageError(
            f"a {minutes}-minute walk from {start.astimezone(local_zone()):%H:%M} would end in the future"
        )
    return start, end


def finish_active(active: ActiveWalk, now: datetime, **details: object) -> Walk:
    """Close an active walk at `now`; its minutes come from the wall clock."""
    from coach.model.records import Walk

    if now < active.started_at:
        raise UsageError("the walk cannot end before it started")
    minutes = Walk.minutes_between(active.started_at, now)
    return Walk(active.started_at, now, minutes, **details)  # type: ignore[arg-type]
