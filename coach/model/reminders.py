"""When a reminder speaks: the walk-due reminder and the reminder to change position.

Plain Python; the moment is passed in. The app asks at start-up, when its timer fires
and when the file changes, and sets its next timer from `next_check`, so a reminder
comes on time, not at the next poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.model.schedule import WalkState, WalkStatus
from coach.model.settings import SNOOZE_CHOICES

LONGEST_SNOOZE = timedelta(minutes=max(SNOOZE_CHOICES))


@dataclass(frozen=True)
class Told:
    """The walk window the reminder last spoke for, and when."""

    window_start: datetime
    at: datetime


class WalkReminder:
    """Speaks once per due window, and once more when a snooze of it runs out."""

    def __init__(self) -> None:
        self.told: Told | None = None

    def speak(self, status: WalkStatus, *, enabled: bool, snoozed_until: datetime | None) -> bool:
        """True if the reminder should speak now (and remember it did).

        `status` is the schedule's status with the stored snooze applied
        (`WalkStatus.snoozed`); `snoozed_until` is the stored snooze, in force or not.
        """
        if not enabled or status.state is not WalkState.DUE or status.window is None:
            return False
        if status.snoozed_until is not None:  # quiet until the snooze ends
            return False
        now, told = status.now, self.told
        if told is not None and told.window_start == status.window.start:
            snooze_ran_out = snoozed_until is not None and told.at < snoozed_until <= now
            if not snooze_ran_out:
                return False
        self.told = Told(status.window.start, now)
        return True

    @staticmethod
    def next_check(status: WalkStatus) -> datetime | None:
        """The next moment the answer can change without a walk being logged."""
        if status.state is WalkState.WAITING and status.window is not None:
            return status.window.start
        if status.state is WalkState.DUE and status.snoozed_until is not None:
            return status.snoozed_until
        return None


def snooze_until(status: WalkStatus, minutes: int) -> datetime | None:
    """When a snooze asked for now ends; None when no walk is due (nothing to snooze)."""
    if status.state is not WalkState.DUE:
        return None
    return status.now + timedelta(minutes=minutes)


class RestReminder:
    """Change position every `minutes` (0: never), counted from start-up or the last change
    of the interval. A clock that jumps ahead (a laptop asleep) gives one reminder, not many."""

    def __init__(self, minutes: int, now: datetime) -> None:
        self.minutes = minutes
        self.since = now

    def set_interval(self, minutes: int, now: datetime) -> None:
        if minutes != self.minutes:
            self.minutes, self.since = minutes, now

    def speak(self, now: datetime) -> bool:
        due = self.next_check()
        if due is None or now < due:
            return False
        self.since = now
        return True

    def next_check(self) -> datetime | None:
        return self.since + timedelta(minutes=self.minutes) if self.minutes else None
