"""Keeps an exercise session on record as it goes, so nothing depends on a clean exit.

The session is written when its first hold starts (`in_progress`, with the process
id), updated after each hold, and closed as completed, stopped for pain or
interrupted; by the app's writer, on a thread of its own, so a long log never holds
up the hold. Plain Python: the step screen drives it, tests can too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from coach.errors import CoachError, StaleRecord
from coach.model.engine import ExerciseSession, HoldState, SessionEvent
from coach.model.records import SessionStatus

if TYPE_CHECKING:
    from coach.store.database import Store

ErrorSink = Callable[[Exception], None]


class Writer(Protocol):
    """Where saves go: the app's `StoreWriter` (its own thread), or the plain guided
    mode's, which runs each at once (`guide_plain.InlineWriter`)."""

    def submit(
        self,
        job: Callable[[Store], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[CoachError], None] | None = None,
    ) -> object: ...

    def deliver(self, action: Callable[[], None]) -> None: ...


Answer = Callable[[bool], None]  # told on the UI thread whether the save went into the file


GONE = "this exercise session is no longer in the file (erased elsewhere, perhaps by coach forget)"
ERASED = f"{GONE}: it is not saved from now on; the exercise carries on"


def _no_answer(saved: bool) -> None:
    pass


class SessionKeeper:
    """Every save goes to the app's writer (its own thread and Store), in order: the first
    gives the record id the later ones update. `record_id` and `erased` are set there."""

    def __init__(self, session: ExerciseSession, writer: Writer, on_error: ErrorSink) -> None:
        self.session = session
        self.writer = writer
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

    def save(self, then: Answer = _no_answer) -> bool:
        """Queue the session as it is now; False if it is not kept at all (off the record,
        or erased). `then(saved)` follows on the UI thread; an error is reported there.

        Once erased, the session is never written again, and the person was told once.
        """
        if not self.session.on_record or self.erased:
            return False
        record = self.session.record()

        def write(store: Store) -> bool:
            if self.erased:
                return False
            try:
                if self.record_id is None:
                    self.record_id = store.add_session(record)
                elif self._kept(store):
                    store.update_session(self.record_id, record)
            except StaleRecord:
                self._erased()
            return not self.erased

        def failed(error: CoachError) -> None:
            self.on_error(error)
            then(False)

        self.writer.submit(write, then, failed)
        return True

    def check_kept(self) -> None:
        """The file changed elsewhere: if this session's record went, stop saving it now."""
        if self.record_id is None or self.erased:
            return
        self.writer.submit(self._kept)  # unreadable: the next save says so

    def _kept(self, store: Store) -> bool:
        """Is the record under this id still this session's? After a forget the id may
        belong to a session started elsewhere since; it is never written over."""
        if self.record_id is None or self.erased:
            return not self.erased
        stored = store.records().session(self.record_id)
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
        """On the writer's thread: from now on nothing is written; the person is told once."""
        if not self.erased:
            self.erased = True
            self.writer.deliver(lambda: self.on_error(StaleRecord(ERASED)))

    def ease_off(self) -> None:
        self.session.ease_off()
        self.save()

    def rate_pain(self, pain: int | None, then: Answer) -> None:
        """Save the rating; `then(False)` (and the person told why) if it could not be."""
        self.session.rate_pain(pain)
        if self.erased:  # a fresh answer to a fresh press: the rating goes nowhere
            self.on_error(StaleRecord(f"the rating was not saved: {GONE}"))
            then(False)
        elif not self.save(then):
            then(False)

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
