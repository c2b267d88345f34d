"""Clocks, injected so that nothing has to sleep through a 30-second hold in a test.

Holds use a monotonic clock (immune to wall-clock changes); walks and schedules use
UTC wall-clock time (a monotonic clock stops while a laptop sleeps).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, tzinfo
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
        moment = moment.replace(tzinfo=local_zone())
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
        self._monotonic += seconds
        self._now += timedelta(seconds=seconds)

    def set_now(self, now: datetime) -> None:
        """Jump the wall clock (a laptop waking up, a time zone change)."""
        self._now = now.astimezone(UTC)


class SystemZone(tzinfo):
    """The person's time zone as the C library knows it (`TZ`, else /etc/localtime),
    through the stdlib's own local-time conversions: a naive datetime's `timestamp()` and
    `datetime.fromtimestamp()`, which keep PEP 495's rules for the hour repeated and the
    hour skipped at a DST change (`fold`).

    Why not `zoneinfo`: the same rules from the same files, but importing it costs about
    6 ms (`sysconfig`, `weakref`), a tenth of what `coach status` may take in all; and on
    a system without a zone database for Python (Windows without `tzdata`) it has no zone
    at all, where the C library still has the system's. A test checks it against
    `zoneinfo` hour by hour across the DST changes of several zones.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        wall = dt.replace(tzinfo=None, microsecond=0)  # keeps `fold`
        return timedelta(seconds=(wall - _EPOCH) // _SECOND - int(wall.timestamp()))

    def dst(self, dt: datetime | None) -> timedelta | None:
        """Unknown (None): the C library says whether DST is in force, not by how much
        (nothing here asks; `timetuple()` then says -1)."""
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        if dt is None:
            return None
        return self._struct(dt).tm_zone

    def _struct(self, dt: datetime) -> time.struct_time:
        """The C library's fields for the moment `dt` names, with `utcoffset`'s offset.

        A wall time in the hour skipped at a DST change names no moment: PEP 495 reads it
        with the offset from the other side, which the moment read with the other `fold`
        has.
        """
        wall = dt.replace(tzinfo=None, microsecond=0)
        local = time.localtime(wall.timestamp())
        offset = (wall - _EPOCH) // _SECOND - int(wall.timestamp())
        if local.tm_gmtoff != offset:  # a skipped hour
            local = time.localtime(wall.replace(fold=1 - wall.fold).timestamp())
        return local

    def fromutc(self, dt: datetime) -> datetime:
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        seconds = (dt.replace(tzinfo=None) - _EPOCH) // _SECOND
        local = datetime.fromtimestamp(seconds)  # naive, with `fold` set in a repeated hour
        return local.replace(microsecond=dt.microsecond, tzinfo=self)

    @property
    def key(self) -> str:
        """The zone's name as `zoneinfo` gives it: `TZ` when it names a zone file (as the
        C library reads `TZ`: one leading colon dropped), else "localtime" (the report then
        names the zone by its abbreviation)."""
        name = os.environ.get("TZ", "")
        name = name[1:] if name.startswith(":") else name
        if not name or os.path.isabs(name) or os.path.normpath(name) != name:
            return "localtime"
        try:
            with open(os.path.join(os.environ.get("TZDIR") or _ZONE_FOLDER, name), "rb") as zone:
                is_zone = zone.read(4) == b"TZif"  # zone.tab and the like are not zones
        except OSError:
            return "localtime"
        return name if is_zone else "localtime"

    def __repr__(self) -> str:
        return f"SystemZone({self.key!r})"


_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
_SYSTEM_ZONE = SystemZone()
_DAY_SECONDS = 24 * 3600
_ZONE_FOLDER = "/usr/share/zoneinfo"
_tz_read: str | None = "\0"  # no `TZ` can be this: the first call reads `TZ` and checks it
_zone: tzinfo = _SYSTEM_ZONE


def local_zone() -> tzinfo:
    """The person's time zone, a real zone so that DST changes are right (`SystemZone`).

    A `TZ` changed since the C library read it (a test, a shell that exports one) is read
    again first, so the zone is always the environment's. A `TZ` whose offset is a day
    or more (the C library takes "UTC24"; Python's times cannot have it) is not used:
    then the zone is /etc/localtime's, as `zoneinfo` reads it.
    """
    global _tz_read, _zone
    current = os.environ.get("TZ")
    if current != _tz_read:
        time.tzset()
        _tz_read = current
        _zone = _SYSTEM_ZONE
        if max(abs(time.timezone), abs(time.altzone)) >= _DAY_SECONDS:
            _zone = _file_zone()
    return _zone


def _file_zone() -> tzinfo:
    from zoneinfo import ZoneInfo  # only for a `TZ` the C library reads and Python cannot

    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        return UTC


def local_today() -> date:
    """Today in the person's time zone, as `COACH_NOW` says if it is set (the day a daily
    backup is named after)."""
    return SystemClock.from_environment().now().astimezone(local_zone()).date()
