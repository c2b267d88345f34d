"""The exercise engine: steps, reps and timed holds, driven by an injected clock.

A hold's remaining time is always computed from the monotonic clock, never by
counting timer ticks, so a 30-second hold ends at 30 seconds whatever the refresh
rate or the load, and a test can move a fake clock instead of sleeping.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from coach.clock import Clock
from coach.model.content import Exercise, Position
from coach.model.records import SessionRecord, SessionStatus


class HoldState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"


class Hold:
    """A timed hold, with an optional get-ready count before its time starts."""

    def __init__(self, seconds: float, get_ready: float, clock: Callable[[], float]) -> None:
        self.seconds = float(seconds)
        self.get_ready = float(max(0, get_ready))
        self._clock = clock
        self.state = HoldState.READY
        self._banked = 0.0  # running time before the last resume
        self._since: float | None = None  # clock reading at the last start or resume

    def elapsed(self) -> float:
        """Running time so far, get-ready included, pauses excluded."""
        if self._since is None:
            return self._banked
        return self._banked + max(0.0, self._clock() - self._since)

    @property
    def in_get_ready(self) -> bool:
        return (
            self.state in (HoldState.RUNNING, HoldState.PAUSED) and self.elapsed() < self.get_ready
        )

    def get_ready_left(self) -> float:
        return max(0.0, self.get_ready - self.elapsed())

    def held(self) -> float:
        """Seconds of the hold itself so far (the get-ready count does not count)."""
        if self.state is HoldState.DONE:
            return self.seconds
        return min(self.seconds, max(0.0, self.elapsed() - self.get_ready))

    def remaining(self) -> float:
        return self.seconds - self.held()

    def fraction(self) -> float:
        return self.held() / self.seconds if self.seconds else 1.0

    def until_next_second(self) -> float | None:
        """Seconds until the whole seconds shown (the get-ready count, then the hold's) change.

        A screen sleeps until then instead of polling many times a second, and moves
        its bar in the same frame: one change a second, and the last one is the end.
        None while the hold is not running (nothing on it can change).
        """
        if self.state is not HoldState.RUNNING:
            return None
        elapsed = self.elapsed()
        if elapsed < self.get_ready:
            left = self.get_ready - elapsed  # the get-ready count shows ceil(left)
        else:
            left = self.seconds - min(self.seconds, elapsed - self.get_ready)
        return left - (math.ceil(left) - 1) if left > 0 else 0.0  # in (0, 1] while running

    def start(self) -> None:
        if self.state is HoldState.READY:
            self.state = HoldState.RUNNING
            self._since = self._clock()

    def pause(self) -> None:
        if self.state is HoldState.RUNNING:
            self._banked = self.elapsed()
            self._since = None
            self.state = HoldState.PAUSED

    def resume(self) -> None:
        if self.state is HoldState.PAUSED:
            self._since = self._clock()
            self.state = HoldState.RUNNING

    def toggle(self) -> None:
        """Space: start, pause or resume."""
        {
            HoldState.READY: self.start,
            HoldState.RUNNING: self.pause,
            HoldState.PAUSED: self.resume,
        }.get(self.state, lambda: None)()

    def set_seconds(self, seconds: float) -> None:
        """Change the length; time already held is kept."""
        if self.state is not HoldState.DONE:
            self.seconds = float(seconds)
            self.update()

    def update(self) -> HoldState:
        """Finish the hold if its time is up; return the state."""
        if self.state is HoldState.RUNNING and self.elapsed() >= self.get_ready + self.seconds:
            self._banked = self.get_ready + self.seconds
            self._since = None
            self.state = HoldState.DONE
        return self.state


@dataclass(frozen=True)
class Step:
    """One step of a session: a position, its place in the routine, and its rep."""

    position: Position
    number: int
    rep: int | None  # None for a setup step

    @property
    def timed(self) -> bool:
        return self.position.hold is not None


@dataclass(frozen=True)
class SessionPlan:
    """What the person chose before starting; defaults are the low end (start slowly)."""

    hold_seconds: int
    reps: int
    neck_problem: bool = False
    get_ready: int = 3
    auto_advance: bool = True

    @classmethod
    def for_exercise(cls, exercise: Exercise, **chosen: object) -> SessionPlan:
        hold_range = exercise.hold_range
        hold = chosen.pop("hold_seconds", None)
        reps = chosen.pop("reps", None)
        plan = cls(
            hold_seconds=hold_range.low if hold_range else 0,
            reps=exercise.reps.low,
            **chosen,  # type: ignore[arg-type]
        )
        return plan.within(
            exercise,
            hold if isinstance(hold, int) else None,
            reps if isinstance(reps, int) else None,
        )

    def within(
        self, exercise: Exercise, hold: int | None = None, reps: int | None = None
    ) -> SessionPlan:
        """A copy with hold and reps clamped to the exercise's ranges."""
        hold_range = exercise.hold_range
        new_hold = self.hold_seconds if hold is None else hold
        return replace(
            self,
            hold_seconds=hold_range.clamp(new_hold) if hold_range else 0,
            reps=exercise.reps.clamp(self.reps if reps is None else reps),
        )


class SessionEvent(StrEnum):
    STARTED = "started"  # the first hold began: the session is now on record
    HOLD_DONE = "hold_done"
    ADVANCED = "advanced"
    FINISHED = "finished"  # the last hold is done, or the person moved past the end


HOLD_STEP = 5  # seconds that + and - change the hold by


class ExerciseSession:
    """A person's way through one exercise: setup steps, then the cycle, rep after rep."""

    def __init__(self, exercise: Exercise, plan: SessionPlan, clock: Clock, pid: int = 0) -> None:
        self.exercise = exercise
        self.plan = plan.within(exercise)
        self.clock = clock
        self.pid = pid
        self.index = 0
        self.status = SessionStatus.IN_PROGRESS
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.pain_after: int | None = None
        self.pain_before: int | None = None
        self.finished = False
        self._done_steps: set[int] = set()
        self.steps = self._build_steps()
        self.hold = self._new_hold()

    def _build_steps(self) -> list[Step]:
        positions: list[tuple[Position, int | None]] = [(p, None) for p in self.exercise.setup]
        for rep in range(1, self.plan.reps + 1):
            positions.extend((p, rep) for p in self.exercise.positions)
        return [Step(p, n, rep) for n, (p, rep) in enumerate(positions, start=1)]

    def _new_hold(self) -> Hold | None:
        step = self.step
        if step.position.hold is None:
            return None
        seconds = step.position.hold.clamp(self.plan.hold_seconds)
        return Hold(seconds, self.plan.get_ready, self.clock.monotonic)

    # What the screen shows.

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def total_steps(self) -> int:
        return len(self.steps)

    @property
    def rep_label(self) -> str:
        rep = self.step.rep
        return f"Rep {rep} of {self.plan.reps}" if rep is not None else "Getting into position"

    @property
    def step_label(self) -> str:
        return f"Step {self.step.number} of {self.total_steps}"

    def instruction(self) -> str:
        return self.step.position.instruction(self.plan.neck_problem)

    def picture(self) -> str | None:
        """The picture that matches the instruction (the neck variant has its own)."""
        return self.step.position.picture_for(self.plan.neck_problem)

    @property
    def on_first_step(self) -> bool:
        return self.index == 0

    @property
    def reps_done(self) -> int:
        per_rep = len(self.exercise.positions)
        done = 0
        for rep in range(1, self.plan.reps + 1):
            numbers = {s.number for s in self.steps if s.rep == rep}
            if len(numbers) == per_rep and numbers <= self._done_steps:
                done += 1
        return done

    @property
    def on_record(self) -> bool:
        return self.started_at is not None

    # What the person does.

    def toggle_hold(self) -> list[SessionEvent]:
        """Space: start, pause or resume the current hold."""
        if self.hold is None or self.finished:
            return []
        events = []
        if self.hold.state is HoldState.READY and self.started_at is None:
            self.started_at = self.clock.now()
            events.append(SessionEvent.STARTED)
        self.hold.toggle()
        return events

    def tick(self) -> list[SessionEvent]:
        """Called on every refresh: finish a hold whose time is up, and maybe move on."""
        if self.hold is None or self.finished or self.hold.state is not HoldState.RUNNING:
            return []
        if self.hold.update() is not HoldState.DONE:
            return []
        self._done_steps.add(self.step.number)
        events = [SessionEvent.HOLD_DONE]
        if self.index == len(self.steps) - 1:
            events += self._finish()
        elif self.plan.auto_advance:
            events += self.next_step()
            if self.hold is not None:
                events += self.toggle_hold()
        return events

    def next_step(self) -> list[SessionEvent]:
        if self.finished:
            return []
        if self.index == len(self.steps) - 1:
            return self._finish() if self.on_record else []
        self.index += 1
        self.hold = self._new_hold()
        return [SessionEvent.ADVANCED]

    def previous_step(self) -> list[SessionEvent]:
        if self.finished or self.index == 0:
            return []
        self.index -= 1
        self.hold = self._new_hold()
        return [SessionEvent.ADVANCED]

    def change_hold(self, direction: int) -> int:
        """+ or -: change the hold length by a step, within the content's range."""
        hold_range = self.exercise.hold_range
        if hold_range is None:
            return 0
        seconds = hold_range.clamp(self.plan.hold_seconds + direction * HOLD_STEP)
        self.plan = replace(self.plan, hold_seconds=seconds)
        if self.hold is not None and self.step.position.hold is not None:
            self.hold.set_seconds(self.step.position.hold.clamp(seconds))
        return seconds

    def change_reps(self, direction: int) -> int:
        """Fewer or more repetitions, within range, never fewer than the rep under way."""
        current = self.step.rep or 1
        reps = self.exercise.reps.clamp(max(current, self.plan.reps + direction))
        if reps != self.plan.reps:
            self.plan = replace(self.plan, reps=reps)
            self.steps = self._build_steps()
        return reps

    def set_neck_problem(self, neck_problem: bool) -> None:
        self.plan = replace(self.plan, neck_problem=neck_problem)

    def ease_off(self) -> None:
        """Stop at once because of pain."""
        if self.hold is not None:
            self.hold.pause()
        self.status = SessionStatus.STOPPED_FOR_PAIN
        self.finished = True
        self.ended_at = self.clock.now()
        if self.started_at is None:
            self.started_at = self.ended_at

    def interrupt(self) -> None:
        """The app is going away (a closed terminal, a dropped connection)."""
        if not self.finished:
            self.status = SessionStatus.INTERRUPTED
            self.ended_at = self.clock.now()

    def rate_pain(self, pain: int | None) -> None:
        """Pain after the session (or after easing off), 0 to 10, or None for no answer."""
        self.pain_after = _checked_pain(pain)

    def rate_pain_before(self, pain: int | None) -> None:
        """Pain before the session, asked on the start step; optional."""
        self.pain_before = _checked_pain(pain)

    def _finish(self) -> list[SessionEvent]:
        self.finished = True
        # Stepping through to the end without a single hold done is not "completed".
        self.status = SessionStatus.COMPLETED if self.reps_done else SessionStatus.NO_REPS
        self.ended_at = self.clock.now()
        return [SessionEvent.FINISHED]

    def record(self) -> SessionRecord:
        """The session as it should be stored now."""
        started = self.started_at or self.clock.now()
        return SessionRecord(
            exercise=self.exercise.id,
            started_at=started,
            ended_at=self.ended_at,
            status=self.status,
            reps_planned=self.plan.reps,
            reps_done=self.reps_done,
            hold_seconds=self.plan.hold_seconds,
            neck_variant=self.plan.neck_problem,
            pain_after=self.pain_after,
            pid=self.pid if self.status is SessionStatus.IN_PROGRESS else None,
            pain_before=self.pain_before,
        )


PAIN_ERROR = "Please enter a whole number from 0 to 10, or leave it blank."


def read_pain(text: str) -> int | None:
    """A typed rating: None when blank; ValueError (with PAIN_ERROR) when not 0 to 10."""
    value = text.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 0 <= int(value) <= 10:
        raise ValueError(PAIN_ERROR)
    return int(value)


def _checked_pain(pain: int | None) -> int | None:
    if pain is not None and not 0 <= pain <= 10:
        raise ValueError("pain is rated from 0 to 10")
    return pain
