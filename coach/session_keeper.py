"""Keeps an exercise session on record as it goes, so nothing depends on a clean exit.

The session is written when its first hold starts (`in_progress`, with the process
id), updated after each hold, and closed as completed, stopped for pain or
interrupted. Plain Python: the step screen drives it, tests can too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.errors import CoachError, StaleRecord
from coach.model.engine import ExerciseSession, HoldState, SessionEvent

if TYPE_CHECKING:
    from coach.store.database import Store

ErrorSink = Callable[[Exception], None]


class SessionKeeper:
    def __init__(self, session: ExerciseSession, store: Store, on_error: ErrorSink) -> None:
        self.session = session
        self.store = store
        self.on_error = on_error
        self.record_id: int | None = None
        self.erased = False  # its record was erased elsewhere (coach forget): never written back

    @property
    def hold_running(self) -> bool:
        hold = self.session.hold
        return hold is not None and hold.state is HoldState.RUNNING

    def handle(self, events: list[SessionEvent]) -> None:
        """Save at the moments that matter: first hold, each finished hold, the end."""
        if (
            SessionEvent.STARTED in events
            or SessionEvent.HOLD_DONE in events
            or SessionEvent.FINISHED in events
        ):
            self.save()

    def save(self) -> bool:
        """Write the session as it is now; False (and the error reported) if it could not be."""
        if not self.session.on_record or self.erased:
            return False
        record = self.session.record()
        try:
            if self.record_id is None:
                self.record_id = self.store.add_session(record)
            else:
                self.store.update_session(self.record_id, record)
        except StaleRecord as error:
            self.erased = True
            self.on_error(error)
            return False
        except CoachError as error:
            self.on_error(error)
            return False
        return True

    def ease_off(self) -> None:
        self.session.ease_off()
        self.save()

    def rate_pain(self, pain: int | None) -> bool:
        self.session.rate_pain(pain)
        return self.save()

    def interrupt(self) -> None:
        """The person left mid-way, or the app is closing: keep it, marked interrupted."""
        if self.session.on_record and not self.session.finished:
            self.session.interrupt()
            self.save()


def current_pid() -> int:
    return os.getpid()
