"""Clocks, injected so that nothing has to sleep through a 30-second hold in a test.

Holds use a monotonic clock (immune to wall-clock changes); walks and schedules use
UTC wall-clock time (a monotonic clock stops while a laptop sleeps).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol

from coach.errors import UsageError, quoted

NOW_ENV = "COACH_NOW"


class Clock(Protocol):
    """What the engine, the walk schedule and the screens need to know about time."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; only differences mean anything."""
        ...

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


def parse_instant(text: str) -> datetime:
    """Read an ISO 8601 moment; a naive one is taken as local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"cannot read the time {quoted(text)}: use ISO 8601, e.g. 2026-05-01T14:30"
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


class SystemClock:
    """The real clocks; `COACH_NOW` (ISO 8601) fixes the wall clock for scripts and tests."""

    def __init__(self, fixed_now: datetime | None = None) -> None:
        self._fixed_now = fixed_now

    @classmethod
    def from_environment(cls) -> SystemClock:
        """Honour `COACH_NOW` so that 'walk due' can be checked at a chosen moment."""
        value = os.environ.get(NOW_ENV)
        if not value:
            return cls()
        try:
            moment = parse_instant(value)
        except (UsageError, OverflowError, ValueError):
            raise UsageError(f"{NOW_ENV}: cannot read {value!r} as an ISO 8601 time") from None
        from coach.model.bounds import MAX_YEAR, MIN_YEAR

        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise UsageError(
                f"{NOW_ENV}: {value!r} is not within the years {MIN_YEAR} to {MAX_YEAR}"
            )
        return cls(moment)

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        if self._fixed_now is not None:
            return self._fixed_now
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to; for tests and benchmarks."""

    def __init__(self, now: datetime | None = None, monotonic: float = 1000.0) -> None:
        self._now = now or datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
        self._monotonic = monotonic

    def monotonic(self) -> float:
        return self._monotonic

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move both clocks forward together."""
        from datetime import timedelta

        self._monotonic += seconds
        self._now += timedelta(seconds=seconds)

    def set_now(self, now: datetime) -> None:
        """Jump the wall clock (a laptop waking up, a time zone change)."""
        self._now = now.astimezone(UTC)


def local_zone() -> tzinfo:
    """The person's time zone, as a real zone so that DST changes are right."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only callers that need a zone pay

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC


def local_today() -> date:
    """Today in the person's time zone, as `COACH_NOW` says if it is set (the day a daily
    backup is named after)."""
    if os.environ.get(NOW_ENV):
        return SystemClock.from_environment().now().astimezone(local_zone()).date()
    return date.today()
