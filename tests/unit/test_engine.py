"""The exercise engine on a fake clock: no test waits for a hold."""

from __future__ import annotations

import math

import pytest

from coach.clock import FakeClock
from coach.locations import content_dir
from coach.model.content import Exercise, load_library
from coach.model.engine import ExerciseSession, Hold, HoldState, SessionEvent, SessionPlan
from coach.model.records import SessionStatus


@pytest.fixture(scope="module")
def cat_cow() -> Exercise:
    return load_library(content_dir()).exercise("cat-cow")


def session(exercise: Exercise, clock: FakeClock, **chosen: object) -> ExerciseSession:
    plan = SessionPlan.for_exercise(exercise, **{"get_ready": 0, "auto_advance": False, **chosen})
    return ExerciseSession(exercise, plan, clock, pid=42)


def test_a_hold_runs_pauses_resumes_and_ends_exactly_on_time() -> None:
    clock = FakeClock()
    hold = Hold(15, 0, clock.monotonic)
    assert hold.state is HoldState.READY and hold.remaining() == 15
    hold.start()
    clock.advance(4)
    assert hold.remaining() == pytest.approx(11)
    hold.pause()
    clock.advance(100)
    assert hold.state is HoldState.PAUSED and hold.remaining() == pytest.approx(11)
    hold.resume()
    clock.advance(10.999)
    assert hold.update() is HoldState.RUNNING
    clock.advance(0.001)
    assert hold.update() is HoldState.DONE and hold.remaining() == 0 and hold.fraction() == 1


def test_a_late_refresh_cannot_make_a_hold_run_long() -> None:
    clock = FakeClock()
    hold = Hold(30, 3, clock.monotonic)
    hold.start()
    clock.advance(500)  # one refresh, long after the end (a blocked event loop)
    assert hold.update() is HoldState.DONE
    assert hold.held() == 30


def test_the_get_ready_count_comes_before_the_hold_time() -> None:
    clock = FakeClock()
    hold = Hold(15, 3, clock.monotonic)
    hold.start()
    clock.advance(2)
    assert (
        hold.in_get_ready and hold.get_ready_left() == pytest.approx(1) and hold.remaining() == 15
    )
    clock.advance(2)
    assert not hold.in_get_ready and hold.remaining() == pytest.approx(14)


def test_defaults_start_slowly_at_the_low_end(cat_cow: Exercise) -> None:
    plan = SessionPlan.for_exercise(cat_cow)
    assert (plan.hold_seconds, plan.reps) == (15, 2)
    remembered = SessionPlan.for_exercise(cat_cow, hold_seconds=25, reps=3)
    assert (remembered.hold_seconds, remembered.reps) == (25, 3)
    clamped = SessionPlan.for_exercise(cat_cow, hold_seconds=90, reps=9)
    assert (clamped.hold_seconds, clamped.reps) == (30, 4)


def test_steps_and_reps_are_counted_for_the_screen(cat_cow: Exercise) -> None:
    run = session(cat_cow, FakeClock())
    assert run.total_steps == 5  # start, then cat and cow twice
    assert (run.step_label, run.rep_label) == ("Step 1 of 5", "Getting into position")
    assert run.hold is None  # the start position is untimed
    run.next_step()
    assert (run.step_label, run.rep_label) == ("Step 2 of 5", "Rep 1 of 2")
    assert run.step.position.id == "cat" and run.hold is not None
    run.next_step()
    run.next_step()
    assert (run.step.position.id, run.rep_label) == ("cat", "Rep 2 of 2")
    run.previous_step()
    assert run.step.position.id == "cow"


def test_a_routine_on_record_from_its_first_hold_to_its_end(cat_cow: Exercise) -> None:
    clock = FakeClock()
    run = session(cat_cow, clock)
    run.next_step()
    assert not run.on_record
    assert run.toggle_hold() == [SessionEvent.STARTED]
    assert (
        run.on_record
        and run.record().status is SessionStatus.IN_PROGRESS
        and run.record().pid == 42
    )
    events: list[SessionEvent] = []
    for _ in range(4):
        clock.advance(15)
        events += run.tick()
        if not run.finished:
            run.next_step()
            run.toggle_hold()
    assert events.count(SessionEvent.HOLD_DONE) == 4
    assert events[-1] is SessionEvent.FINISHED and run.finished
    record = run.record()
    assert (record.status, record.reps_done, record.reps_planned) == (SessionStatus.COMPLETED, 2, 2)
    assert record.ended_at is not None and record.pid is None


def test_auto_advance_moves_on_and_starts_the_next_hold(cat_cow: Exercise) -> None:
    clock = FakeClock()
    run = session(cat_cow, clock, auto_advance=True)
    run.next_step()
    run.toggle_hold()
    clock.advance(15)
    events = run.tick()
    assert events[:2] == [SessionEvent.HOLD_DONE, SessionEvent.ADVANCED]
    assert run.step.position.id == "cow" and run.hold is not None
    assert run.hold.state is HoldState.RUNNING


def test_reps_done_counts_only_fully_held_reps(cat_cow: Exercise) -> None:
    clock = FakeClock()
    run = session(cat_cow, clock)
    run.next_step()
    run.toggle_hold()
    clock.advance(15)
    run.tick()
    run.next_step()  # cow, not held
    run.next_step()
    assert run.reps_done == 0


def test_hold_length_and_reps_change_within_the_content_ranges(cat_cow: Exercise) -> None:
    run = session(cat_cow, FakeClock())
    run.next_step()
    assert run.change_hold(-1) == 15
    assert [run.change_hold(1) for _ in range(4)] == [20, 25, 30, 30]
    assert run.hold is not None and run.hold.seconds == 30
    assert run.change_reps(-1) == 2
    assert [run.change_reps(1) for _ in range(3)] == [3, 4, 4]
    assert run.total_steps == 9


def test_the_neck_setting_swaps_in_the_neck_variant(cat_cow: Exercise) -> None:
    run = session(cat_cow, FakeClock(), neck_problem=True)
    start_text = run.instruction()
    assert start_text == cat_cow.setup[0].text  # the start position has no variant
    run.next_step()
    assert run.instruction() == cat_cow.positions[0].neck_text
    assert "in line with your body" in run.instruction()
    run.set_neck_problem(False)
    assert run.instruction() == cat_cow.positions[0].text


def test_ease_off_stops_at_once_and_records_pain(cat_cow: Exercise) -> None:
    clock = FakeClock()
    run = session(cat_cow, clock)
    run.next_step()
    run.toggle_hold()
    clock.advance(5)
    run.ease_off()
    assert run.finished and run.hold is not None and run.hold.state is HoldState.PAUSED
    record = run.record()
    assert record.status is SessionStatus.STOPPED_FOR_PAIN and record.stopped_for_pain
    assert run.tick() == [] and run.toggle_hold() == []


def test_a_pain_rating_is_0_to_10(cat_cow: Exercise) -> None:
    run = session(cat_cow, FakeClock())
    run.rate_pain(0)
    run.rate_pain(10)
    with pytest.raises(ValueError):
        run.rate_pain(11)
    assert run.record().pain_after == 10


def test_a_running_hold_says_when_its_seconds_next_change() -> None:
    """The screen sleeps until then, and moves the bar in the same frame."""
    clock = FakeClock()
    hold = Hold(30, 3, clock.monotonic)
    assert hold.until_next_second() is None  # ready: nothing moves
    hold.start()
    assert hold.until_next_second() == pytest.approx(1.0)  # get-ready count: 3 -> 2
    clock.advance(2.25)
    assert hold.until_next_second() == pytest.approx(0.75)  # 1 -> the hold starts
    clock.advance(0.75)
    assert hold.until_next_second() == pytest.approx(1.0)  # 30 -> 29
    clock.advance(29.5)
    assert hold.until_next_second() == pytest.approx(0.5)  # the end
    hold.pause()
    assert hold.until_next_second() is None  # paused: no wake at all
    hold.resume()
    clock.advance(0.5)
    assert hold.until_next_second() == 0  # due now
    assert hold.update() is HoldState.DONE and hold.until_next_second() is None


def test_waking_at_each_planned_second_shows_every_second_once_and_ends_on_time() -> None:
    clock = FakeClock()
    hold = Hold(15, 2, clock.monotonic)
    hold.start()
    started, shown, wakes = clock.monotonic(), [], 0
    while (delay := hold.until_next_second()) is not None:
        clock.advance(delay + 0.002)
        hold.update()
        wakes += 1
        left = hold.get_ready_left() if hold.in_get_ready else hold.remaining()
        shown.append(math.ceil(left))
    assert shown == [1, 15, *range(14, -1, -1)] and wakes == 2 + 15
    assert clock.monotonic() - started == pytest.approx(17.002)  # late wakes do not add up


def test_stepping_to_the_end_with_no_rep_held_is_not_completed(cat_cow: Exercise) -> None:
    clock = FakeClock()
    run = session(cat_cow, clock)
    run.next_step()
    run.toggle_hold()  # on record from the first hold...
    run.toggle_hold()  # ...paused at once
    while not run.finished:
        run.next_step()
    record = run.record()
    assert (record.status, record.reps_done) == (SessionStatus.NO_REPS, 0)
    assert record.status.label == "no repetitions done"


def test_pain_before_is_kept_with_the_record_and_bounded(cat_cow: Exercise) -> None:
    run = session(cat_cow, FakeClock())
    run.rate_pain_before(6)
    with pytest.raises(ValueError):
        run.rate_pain_before(-1)
    assert (run.record().pain_before, run.record().pain_after) == (6, None)
