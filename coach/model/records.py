"""The records Back Coach keeps: frozen dataclasses, converted to dicts only by the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from coach.model.walks import FLAT, HILLY, TERRAIN_LABELS


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED_FOR_PAIN = "stopped_for_pain"
    INTERRUPTED = "interrupted"
    NO_REPS = "no_reps"  # ended before a single repetition was done: not "completed"

    @property
    def label(self) -> str:
        """How History and the report name it."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    SessionStatus.IN_PROGRESS: "under way",
    SessionStatus.COMPLETED: "completed",
    SessionStatus.STOPPED_FOR_PAIN: "eased off (pain)",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.NO_REPS: "no repetitions done",
}


class Terrain(StrEnum):
    FLAT = FLAT
    HILLY = HILLY

    @property
    def label(self) -> str:
        return TERRAIN_LABELS[self.value]


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
    pain_before: int | None = None

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


class CareKind(StrEnum):
    """The four lists of follow-up care (F18 to F20)."""

    APPOINTMENT = "appointment"
    MEDICINE = "medicine"
    RESULT = "result"
    QUESTION = "question"

    @property
    def plural(self) -> str:
        return {
            CareKind.APPOINTMENT: "Appointments",
            CareKind.MEDICINE: "Medicines",
            CareKind.RESULT: "Test results",
            CareKind.QUESTION: "Questions for the next visit",
        }[self]


@dataclass(frozen=True, slots=True)
class CareItem:
    """One line of a follow-up care list; which fields count depends on `kind`.

    appointment: `at` (when, UTC), `who` (with whom), `note`;
    medicine: `name`, `dose`, `how_often`; result: `name`, `value`, `day`;
    question: `name` (the question).
    """

    kind: CareKind
    added_at: datetime
    name: str = ""
    at: datetime | None = None
    who: str = ""
    note: str = ""
    dose: str = ""
    how_often: str = ""
    value: str = ""
    day: date | None = None
    id: int | None = None
