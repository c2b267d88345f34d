"""Keeps an exercise session on record as it goes, so nothing depends on a clean exit.

The session is written when its first hold starts (`in_progress`, with the process
id), updated after each hold, and closed as completed, stopped for pain or
interrupted. Plain Python: the step screen drives it, tests can too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.errors import CoachError, StaleRecord
from coach.model.engine import ExerciseSession, HoldState, SessionEvent
from coach.model.records import SessionStatus

if TYPE_CHECKING:
    from coach.store.database import Store

ErrorSink = Callable[[Exception], None]


GONE = "this exercise session is no longer in the file (erased elsewhere, perhaps by coach forget)"
ERASED = f"{GONE}: it is not saved from now on; the exercise carries on"


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
        """Write the session as it is now; False (and the error reported) if it could not be.

        Once erased, the session is never written again, and the person was told once.
        """
        if not self.session.on_record or self.erased:
            return False
        record = self.session.record()
        try:
            if self.record_id is None:
                self.record_id = self.store.add_session(record)
            elif self._kept():
                self.store.update_session(self.record_id, record)
        except StaleRecord:
            self._erased()
        except CoachError as error:
            self.on_error(error)
            return False
        return not self.erased

    def check_kept(self) -> None:
        """The file changed elsewhere: if this session's record went, stop saving it now."""
        if self.record_id is None or self.erased:
            return
        with contextlib.suppress(CoachError):  # unreadable: the next save says so
            self._kept()

    def _kept(self) -> bool:
        """Is the record under this id still this session's? After a forget the id may
        belong to a session started elsewhere since; it is never written over."""
        stored = self.store.records().session(self.record_id or 0)
        mine = self.session.record()
        if (
            stored is None
            or stored.exercise != mine.exercise
            or abs((stored.started_at - mine.started_at).total_seconds()) >= 1
        ):
            self._erased()
            return False
        return True

    def _erased(self) -> None:
        if not self.erased:
            self.erased = True
            self.on_error(StaleRecord(ERASED))

    def ease_off(self) -> None:
        self.session.ease_off()
        self.save()

    def rate_pain(self, pain: int | None) -> bool:
        """Save the rating; False (and the person told why) if it could not be."""
        self.session.rate_pain(pain)
        if self.erased:  # a fresh answer to a fresh press: the rating goes nowhere
            self.on_error(StaleRecord(f"the rating was not saved: {GONE}"))
            return False
        return self.save()

    def interrupt(self) -> None:
        """The person left mid-way, or the app is closing: keep it, marked interrupted."""
        session = self.session
        if session.on_record and not session.finished:
            if session.status is SessionStatus.INTERRUPTED:
                return  # kept already (the app's quit, then the screen's unmount)
            session.interrupt()
            self.save()


def current_pid() -> int:
    return os.getpid()
