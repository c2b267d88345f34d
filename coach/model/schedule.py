"""The walk schedule (F10): when a walk is due, and which windows passed without one.

One rule, used by the status line, the walk log, History and the report:

- A window opens 2 h and closes 3 h after the last walk ended (the plan's
  `every_hours`), counted in real (UTC) hours so a DST change cannot stretch it.
- Windows lie only within waking hours: one that would open outside them opens
  when they next begin (and lasts as long as a window does), and none runs past
  their end (it closes when they end).
- A window that closes with no walk started by its close (the closing minute
  counts) is one missed window. The next one follows as if a walk had ended when it closed: it opens
  2 h and closes 3 h after that close, under the same waking-hours rule.
- A walk started at any time (early included) sets the clock again from its end.

No quota and no percentage: a missed window is a fact to show plainly, nothing more.
Plain Python with an injected clock, so a test can stand at any moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from coach.model.records import ActiveWalk, Walk
    from coach.model.walking_plan import WalkingPlan

MAX_WINDOWS = 100_000  # a long gap between walks is at most years of windows: never endless


class WalkState(StrEnum):
    NO_WALKS = "no_walks"  # nothing logged yet
    WALKING = "walking"  # a walk is under way
    DUE = "due"  # a window has opened, in waking hours: due until a walk
    WAITING = "waiting"  # the next window is ahead


class Window(NamedTuple):
    start: datetime
    end: datetime

    def label(self, zone: tzinfo) -> str:
        """ "14:20-15:20" (or "14:20" for an exact interval); across a clock change each end names its zone, so a real hour
        from 01:30 BST to 01:30 GMT does not read as none (and "to" between them: a zone
        named by its offset, "-10", would run into a hyphen)."""
        start, end = self.start.astimezone(zone), self.end.astimezone(zone)
        if self.start == self.end:  # a therapist's interval may be exact ("every 3 hours")
            return f"{start:%H:%M}"
        if start.utcoffset() != end.utcoffset():
            return f"{start:%H:%M %Z} to {end:%H:%M %Z}"
        return f"{start:%H:%M}-{end:%H:%M}"


class WalkStatus(NamedTuple):
    """Where the person is in the walking plan, at one moment. (A NamedTuple, not a
    dataclass: `coach status` builds one, and must not pay for importing `dataclasses`.)"""

    state: WalkState
    now: datetime
    window: Window | None = None
    active_since: datetime | None = None
    last_end: datetime | None = None
    snoozed_until: datetime | None = None  # set only while a due walk's reminder is snoozed

    def line(self, zone: tzinfo) -> str:
        """One short line for a tmux status bar or a shell prompt."""
        if self.state is WalkState.WALKING and self.active_since is not None:
            return f"walk {minutes_since(self.active_since, self.now)} min"
        if self.state is WalkState.DUE:
            if self.snoozed_until is not None:
                return f"walk due, snoozed to {self.snooze_label(zone)}"
            return "walk due"
        if self.state is WalkState.WAITING and self.window is not None:
            day = day_label(self.window.start, self.now, zone)
            return f"next walk {day}{' ' if day else ''}{self.window.label(zone)}"
        return "no walk yet"

    def snooze_label(self, zone: tzinfo) -> str:
        """ "10:15", or "tomorrow 00:10" for a snooze past midnight."""
        if self.snoozed_until is None:
            return ""
        day = day_label(self.snoozed_until, self.now, zone)
        return f"{day} {clock_label(self.snoozed_until, zone)}".strip()

    def snoozed(self, until: datetime | None, longest: timedelta) -> WalkStatus:
        """This status with a snooze, if one is in force: a due walk, a snooze not yet
        over, and not further ahead than the longest snooze (a clock set back after
        snoozing must not silence the reminder for days)."""
        if (
            until is None
            or self.state is not WalkState.DUE
            or not self.now < until <= self.now + longest
        ):
            return self
        return self._replace(snoozed_until=until)


def day_label(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """ "" today, "tomorrow", else the weekday and date: a window on another day says so."""
    day, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    if day == today:
        return ""
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day.year != today.year:
        return moment.astimezone(zone).strftime("%a %d %b %Y")
    return moment.astimezone(zone).strftime("%a %d %b")


def clock_label(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def minutes_since(start: datetime, now: datetime) -> int:
    return max(0, int((now - start).total_seconds() // 60))


def walk_status(
    *,
    now: datetime,
    last_end: datetime | None,
    active: ActiveWalk | None,
    plan: WalkingPlan,
    zone: tzinfo,
    waking: tuple[time, time],
) -> WalkStatus:
    """Is a walk under way, due, or when is the next one? (The schedule's rule, at `now`,
    with the plan's hours.)"""
    schedule = WalkSchedule(
        every_hours=(plan.every_hours.low, plan.every_hours.high),
        zone=zone,
        waking=waking,
        now=lambda: now,
    )
    return schedule.status(last_end, active)


def is_waking(moment: datetime, zone: tzinfo, start: time, end: time) -> bool:
    """Inside the person's waking hours (which may run past midnight)."""
    local = moment.astimezone(zone).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def _next_local(after: datetime, zone: tzinfo, at: time) -> datetime:
    """The first moment at or after `after` when the local clock shows `at` (DST-aware)."""
    day = after.astimezone(zone).date()
    for offset in range(0, 3):
        candidate = datetime.combine(day + timedelta(days=offset), at, tzinfo=zone)
        if candidate >= after:
            return candidate.astimezone(UTC)  # later sums in real hours, not on the wall clock
    raise AssertionError("unreachable: a local time falls within three days")


def next_waking_start(after: datetime, zone: tzinfo, start: time) -> datetime:
    """The first moment at or after `after` when waking hours begin."""
    return _next_local(after, zone, start)


class PassedWindow(NamedTuple):
    """A window that has closed: kept (a walk started by its close) or missed."""

    window: Window
    missed: bool


class WalkSchedule:
    """The plan's walk windows for one person: their time zone and waking hours."""

    def __init__(
        self,
        *,
        every_hours: tuple[float, float],
        zone: tzinfo,
        waking: tuple[time, time],
        now: Callable[[], datetime],
    ) -> None:
        self.opens_after = timedelta(hours=every_hours[0])
        self.width = timedelta(hours=every_hours[1] - every_hours[0])
        self.zone = zone
        self.waking = waking
        self.now = now

    def _waking(self, moment: datetime) -> bool:
        return is_waking(moment, self.zone, *self.waking)

    def window_after(self, anchor: datetime) -> Window:
        """The window that follows a walk (or a missed window) that ended at `anchor`."""
        start, end = self.waking
        opens = anchor.astimezone(UTC) + self.opens_after  # real hours, whatever the zone
        if not self._waking(opens):
            opens = next_waking_start(opens, self.zone, start)
        closes = min(opens + self.width, _next_local(opens, self.zone, end))
        if closes <= opens:  # waking hours of no length: keep the window its own width
            closes = opens + self.width
        return Window(opens, closes)

    def status(self, last_end: datetime | None, active: ActiveWalk | None) -> WalkStatus:
        """Under way, due, or waiting for the next window.

        Due from the first window's opening, whenever it is waking time, until a walk:
        a person who missed a window is reminded, not told to wait for the next. Out of
        waking hours the next window by the rule is shown.
        """
        now = self.now()
        if active is not None:
            return WalkStatus(
                WalkState.WALKING, now, active_since=active.started_at, last_end=last_end
            )
        if last_end is None:
            return WalkStatus(WalkState.NO_WALKS, now)
        first = self.window_after(last_end)
        if now < first.start:
            return WalkStatus(WalkState.WAITING, now, first, last_end=last_end)
        if self._waking(now):
            return WalkStatus(WalkState.DUE, now, first, last_end=last_end)
        # crossed at once to the day before now: a last walk decades back is no endless walk
        windows = self.windows_from(first.end, skip_to=now)
        upcoming = next((w for w in windows if w.end > now), None)
        if upcoming is None:  # no window within the years a time may have: it is due
            return WalkStatus(WalkState.DUE, now, first, last_end=last_end)
        return WalkStatus(WalkState.WAITING, now, upcoming, last_end=last_end)

    def windows_from(self, anchor: datetime, skip_to: datetime | None = None) -> Iterator[Window]:
        """The windows after `anchor`, one after another, as if each was missed.

        `skip_to`: windows that close more than a day before it are not wanted (they lie
        before the period asked about). Once a window opens when waking hours begin, the
        windows after it depend only on that opening, so a long gap (months without a
        walk, or a clock set years ahead) is crossed at once, to the waking start of the
        day before `skip_to`, instead of window by window.
        """
        start = self.waking[0]
        for _ in range(MAX_WINDOWS):
            window = self.window_after(anchor)
            if (
                skip_to is not None
                and window.end < skip_to - timedelta(days=2)
                and window.start.astimezone(self.zone).time() == start
            ):
                opens = next_waking_start(skip_to - timedelta(days=1), self.zone, start)
                window = self.window_after(opens - self.opens_after)
            yield window
            anchor = window.end

    def passed(
        self,
        walks: Iterable[Walk],
        active: ActiveWalk | None = None,
        since: datetime | None = None,
    ) -> list[PassedWindow]:
        """Every window closed by now, oldest first, marked kept or missed.

        `since`: only windows closing after it are returned (the walks before it still
        set the clock). A walk under way keeps the window it started in.
        """
        now = self.now()
        # A walk dated after now (a clock that ran ahead) has not happened yet, seen from now.
        walked = sorted((w.started_at, w.ended_at) for w in walks if w.started_at <= now)
        if active is not None:
            walked = sorted([*walked, (active.started_at, now)])
        if since is not None:  # the last walk ended before the period still sets the clock
            ended_before = [n for n, (_, end) in enumerate(walked) if end <= since]
            walked = walked[ended_before[-1] :] if ended_before else walked
        if not walked:
            return []
        found: list[PassedWindow] = []
        anchor = walked[0][1]
        for next_start, next_end in [*walked[1:], (None, None)]:
            for window in self.windows_from(anchor, skip_to=since):
                if next_start is not None and next_start <= window.end:
                    found.append(PassedWindow(window, missed=False))  # walked by its close
                    break
                if window.end > now:  # still open, or ahead
                    break
                found.append(PassedWindow(window, missed=True))
            if next_end is not None:
                anchor = max(anchor, next_end)
        return [p for p in found if since is None or p.window.end > since]

    def missed_by_day(
        self, walks: Iterable[Walk], first: date, last: date, active: ActiveWalk | None = None
    ) -> dict[date, int]:
        """Missed windows per local day (the day a window closed), `first` to `last`."""
        days = {first + timedelta(days=n): 0 for n in range((last - first).days + 1)}
        since = datetime.combine(first, time(), tzinfo=self.zone)
        for passed in self.passed(walks, active, since=since):
            day = passed.window.end.astimezone(self.zone).date()
            if passed.missed and day in days:
                days[day] += 1
        return days
