"""History by day: what was done, plainly counted, for the History screen and the report.

Walks (count, minutes, leg pain, slopes), the walk windows that passed without a
walk (by `WalkSchedule`'s rule), sessions by how they ended, and pain ratings over
time. No quota, no score, no percentage: the numbers are the person's own record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from coach.model.records import ActiveWalk, SessionRecord, SessionStatus, Terrain, Walk
from coach.model.schedule import WalkSchedule

ENDED = (
    SessionStatus.COMPLETED,
    SessionStatus.STOPPED_FOR_PAIN,
    SessionStatus.INTERRUPTED,
    SessionStatus.NO_REPS,
)


@dataclass
class DayHistory:
    """One local day."""

    day: date
    walks: int = 0
    minutes: int = 0
    missed_windows: int = 0
    leg_pain_walks: int = 0
    hilly_walks: int = 0
    sessions: dict[SessionStatus, int] = field(default_factory=lambda: dict.fromkeys(ENDED, 0))

    @property
    def session_count(self) -> int:
        return sum(self.sessions.values())


@dataclass(frozen=True)
class PainPoint:
    moment: datetime
    pain: int


@dataclass(frozen=True)
class PainSeries:
    """Pain ratings over the period, one list per source, oldest first."""

    before_sessions: tuple[PainPoint, ...]
    after_sessions: tuple[PainPoint, ...]
    on_walks: tuple[PainPoint, ...]

    @property
    def empty(self) -> bool:
        return not (self.before_sessions or self.after_sessions or self.on_walks)


class DayCounts(Protocol):
    """What a day of History or of the report counts."""

    @property
    def walks(self) -> int: ...
    @property
    def minutes(self) -> int: ...
    @property
    def missed_windows(self) -> int: ...
    @property
    def leg_pain_walks(self) -> int: ...
    @property
    def hilly_walks(self) -> int: ...
    @property
    def sessions(self) -> Mapping[SessionStatus, int]: ...


class PeriodTotals:
    """Totals over a period's days: one set of sums for History and the report alike."""

    days: Sequence[DayCounts]

    @property
    def walk_count(self) -> int:
        return sum(d.walks for d in self.days)

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    @property
    def missed_windows(self) -> int:
        return sum(d.missed_windows for d in self.days)

    @property
    def leg_pain_days(self) -> int:
        return sum(1 for d in self.days if d.leg_pain_walks)

    @property
    def leg_pain_walks(self) -> int:
        return sum(d.leg_pain_walks for d in self.days)

    @property
    def hilly_walks(self) -> int:
        return sum(d.hilly_walks for d in self.days)

    def sessions_by_status(self) -> dict[SessionStatus, int]:
        return {s: sum(d.sessions.get(s, 0) for d in self.days) for s in ENDED}


@dataclass(frozen=True)
class History(PeriodTotals):
    first: date
    last: date
    days: tuple[DayHistory, ...]
    pain: PainSeries
    sessions: tuple[SessionRecord, ...]  # in the period, oldest first
    walks: tuple[Walk, ...]  # in the period, oldest first


def build_history(
    *,
    walks: Iterable[Walk],
    sessions: Iterable[SessionRecord],
    schedule: WalkSchedule,
    today: date,
    days: int,
    active: ActiveWalk | None = None,
    alive: Callable[[int], bool] | None = None,
) -> History:
    """The last `days` local days up to `today`, in the schedule's time zone.

    `alive(pid)`: is the process that runs a session under way still there? A session
    left under way by a process that is gone (a killed app) counts as interrupted, as
    the app marks it when it next starts; without `alive`, under way stays uncounted.
    """
    zone: tzinfo = schedule.zone
    first = today - timedelta(days=days - 1)
    by_day = {first + timedelta(days=n): DayHistory(first + timedelta(days=n)) for n in range(days)}

    def local_day(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    all_walks = list(walks)
    kept_walks = sorted((w for w in all_walks if local_day(w.started_at) in by_day), key=_start)
    for walk in kept_walks:
        entry = by_day[local_day(walk.started_at)]
        entry.walks += 1
        entry.minutes += walk.minutes
        entry.leg_pain_walks += walk.leg_pain
        entry.hilly_walks += walk.terrain is Terrain.HILLY
    for day, missed in schedule.missed_by_day(all_walks, first, today, active).items():
        by_day[day].missed_windows = missed
    kept_sessions = sorted(
        (s for s in sessions if local_day(s.started_at) in by_day), key=lambda s: s.started_at
    )
    for record in kept_sessions:
        status = record.status
        gone = alive is not None and not (record.pid and alive(record.pid))
        if status is SessionStatus.IN_PROGRESS and gone:
            status = SessionStatus.INTERRUPTED
        if status in ENDED:
            by_day[local_day(record.started_at)].sessions[status] += 1
    pain = PainSeries(
        before_sessions=_points((s.started_at, s.pain_before) for s in kept_sessions),
        after_sessions=_points((s.ended_at or s.started_at, s.pain_after) for s in kept_sessions),
        on_walks=_points((w.started_at, w.pain) for w in kept_walks),
    )
    return History(
        first, today, tuple(by_day.values()), pain, tuple(kept_sessions), tuple(kept_walks)
    )


def _start(walk: Walk) -> datetime:
    return walk.started_at


def _points(pairs: Iterable[tuple[datetime, int | None]]) -> tuple[PainPoint, ...]:
    return tuple(PainPoint(m, p) for m, p in sorted(pairs, key=lambda x: x[0]) if p is not None)


def days_label(days: Sequence[DayHistory]) -> str:
    """'Mon 16 Nov to Sun 22 Nov' for a period."""
    return f"{days[0].day:%a %d %b} to {days[-1].day:%a %d %b}" if days else ""
