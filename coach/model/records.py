"""The records Back Coach keeps: frozen dataclasses, converted to dicts only by the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED_FOR_PAIN = "stopped_for_pain"
    INTERRUPTED = "interrupted"


class Terrain(StrEnum):
    FLAT = "flat"
    HILLY = "hilly"

    @property
    def label(self) -> str:
        return "flat" if self is Terrain.FLAT else "slopes, hills or stairs"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One exercise session, written when its first hold starts and updated as it goes."""

    exercise: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    reps_planned: int
    reps_done: int
    hold_seconds: int
    neck_variant: bool
    pain_after: int | None = None
    pid: int | None = None
    id: int | None = None

    @property
    def stopped_for_pain(self) -> bool:
        return self.status is SessionStatus.STOPPED_FOR_PAIN


@dataclass(frozen=True, slots=True)
class Walk:
    """A finished walk. Times are UTC; its length is end minus start."""

    started_at: datetime
    ended_at: datetime
    minutes: int
    terrain: Terrain = Terrain.FLAT
    leg_pain: bool = False
    pain: int | None = None
    note: str = ""
    id: int | None = None

    @staticmethod
    def minutes_between(start: datetime, end: datetime) -> int:
        """Whole minutes from start to end (at least 1): wall-clock, so sleep counts."""
        return max(1, round((end - start).total_seconds() / 60))


@dataclass(frozen=True, slots=True)
class ActiveWalk:
    """A walk under way: only its start is known, and it is on disk from the first second.

    `id` is the id its walk will be saved under, given when it starts: it tells this
    walk from another started in the same second, after this one was stopped elsewhere.
    """

    started_at: datetime
    pid: int | None = None
    id: int | None = None
