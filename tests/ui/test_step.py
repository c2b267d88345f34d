"""Pilot tests of the step panel: holds on a fake clock, keys, ease off, the summary."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from coach.clock import FakeClock
from coach.model.content import Library
from coach.model.engine import HoldState
from coach.model.records import SessionStatus
from coach.screens.confirm import ConfirmModal
from coach.screens.ease_off import EaseOffScreen
from coach.screens.menu import MenuScreen
from coach.screens.step import StepScreen
from coach.screens.summary import SummaryScreen
from coach.store import Store
from coach.widgets.hold import BigDigits, HoldBar
from tests.ui.conftest import (
    NOW,
    AppFactory,
    advance,
    loaded,
    said,
    settle,
    shown_text,
    whole_routine,
)


async def open_cat_cow(pilot: object) -> StepScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StepScreen)
    return screen


async def test_the_start_position_is_untimed_and_n_p_move(
    make_app: AppFactory, library: Library
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        text = shown_text(app)
        start = library.exercise("cat-cow").setup[0]
        assert "Step 1 of 5" in text and "Start position" in text and start.text in text
        assert screen.session.hold is None
        assert "No timer here" in text
        await pilot.press("n")
        assert screen.session.step.position.id == "cat" and "Rep 1 of 2" in shown_text(app)
        await pilot.press("right")
        assert screen.session.step.position.id == "cow"
        await pilot.press("p", "left")
        assert screen.session.step.position.id == "start"


async def test_a_hold_counts_down_pauses_and_resumes(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = make_app(get_ready_seconds=3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        await pilot.press("n", "space")
        digits = screen.query_one("#digits", BigDigits)
        await pilot.pause()
        assert digits.shown == 3 and "Get ready" in shown_text(app)
        [record] = store.sessions()  # on record from the first hold, with this process's id
        assert record.status is SessionStatus.IN_PROGRESS and record.pid is not None
        await advance(pilot, 3 + 5)
        assert digits.shown == 10
        await pilot.press("space")
        assert screen.session.hold is not None and screen.session.hold.state is HoldState.PAUSED
        await advance(pilot, 60)
        assert digits.shown == 10 and "Paused" in shown_text(app)
        await pilot.press("space")
        await advance(pilot, 4)
        assert digits.shown == 6
        assert screen.query_one("#bar", HoldBar).percentage is not None


async def test_plus_and_minus_change_the_hold_and_are_remembered(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        await pilot.press("n", "minus")
        assert screen.session.plan.hold_seconds == 15
        await pilot.press("plus", "plus", "plus", "plus")
        assert screen.session.plan.hold_seconds == 30
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert screen.session.plan.reps == 4 and "Step 2 of 9" in shown_text(app)
        await pilot.press("left_square_bracket")
        assert screen.session.plan.reps == 3
    choice = store.settings().choice("cat-cow")
    assert (choice.hold_seconds, choice.reps) == (30, 3)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        assert (screen.session.plan.hold_seconds, screen.session.plan.reps) == (30, 3)


async def test_ease_off_stops_records_and_shows_the_guidance(
    make_app: AppFactory, clock: FakeClock, store: Store, library: Library
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cat_cow(pilot)
        await pilot.press("n", "space")
        await advance(pilot, 5)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EaseOffScreen)
        text = shown_text(app)
        assert library.guide("ease-off").text in text
        assert library.guide("call-doctor").text in text
        assert "ease off" in text and "call your doctor" in text.lower()
    [record] = store.sessions()
    assert (
        record.status is SessionStatus.STOPPED_FOR_PAIN
        and record.stopped_for_pain
        and record.ended_at
    )


async def test_a_full_routine_runs_to_its_summary_and_saves_the_pain(
    make_app: AppFactory, clock: FakeClock, store: Store, library: Library
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Repetitions: 2 of 2" in shown_text(app)
        assert library.guide("pain-after").text not in shown_text(app)
        await pilot.press("3", "enter")
        await pilot.pause()
        [record] = store.sessions()  # saved at once: the answer below delays nothing
        assert (record.status, record.reps_done, record.pain_after) == (
            SessionStatus.COMPLETED,
            2,
            3,
        )
        assert isinstance(app.screen, SummaryScreen)  # pain above 0 is answered first
        assert library.guide("pain-after").text in shown_text(app)
        clock.advance(1)  # time to read it
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)


async def test_a_pain_rating_of_0_or_none_goes_straight_back(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        await pilot.press("0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
    assert store.sessions()[0].pain_after == 0


async def test_the_summary_refuses_a_pain_above_10(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        await pilot.press("1", "1", "enter")
        assert isinstance(app.screen, SummaryScreen)
        assert "from 0 to 10" in shown_text(app)
        app.screen.query_one("#pain", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
    assert store.sessions()[0].pain_after is None


async def test_leaving_or_quitting_during_a_hold_asks_first(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        await pilot.press("n", "space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert store.sessions()[0].status is SessionStatus.INTERRUPTED


async def test_the_neck_setting_shows_the_neck_variant(
    make_app: AppFactory, library: Library
) -> None:
    app = make_app(neck_problem=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cat_cow(pilot)
        await pilot.press("n")
        text = shown_text(app)
        cat = library.exercise("cat-cow").positions[0]
        assert cat.neck_text is not None and cat.neck_text in text and cat.text not in text
        assert cat.neck_picture is not None and cat.neck_picture in text
        assert "neck variant on" in text


async def test_a_paused_hold_repaints_nothing(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        await pilot.press("n", "space")
        await advance(pilot, 5)
        await pilot.press("space")
        digits, bar = screen.query_one(BigDigits), screen.query_one(HoldBar)
        before = (digits.repaints, bar.repaints)
        await advance(pilot, 30)
        assert (digits.repaints, bar.repaints) == before


# `coach forget` while a session runs: the person is told once, the exercise goes on,
# and nothing erased is written back.


async def test_forget_with_a_walk_under_way_and_a_session_running(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    from coach.screens.walks import WalkLogScreen
    from coach.store.maintenance import forget

    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await loaded(pilot)
        await pilot.press("s")  # a walk under way...
        await loaded(pilot)
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_cat_cow(pilot)  # ...and an exercise session on record
        await pilot.press("n", "space")
        await pilot.pause()
        assert store.active_walk() is not None and len(store.sessions()) == 1
        forget(store.path)
        app._poll_store()
        await loaded(pilot)
        [told] = said(app)
        assert "no longer in the file" in told and "carries on" in told
        for _ in range(4):  # the routine goes on to its end, saving nothing
            await advance(pilot, 18)
        assert screen.keeper.erased and not store.path.exists()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert "the rating was not saved" in said(app)[1] and len(said(app)) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("w")
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await loaded(pilot)
        log = app.screen
        assert isinstance(log, WalkLogScreen)
        assert log.active is None and not log.query_one("#stopwatch").display
        await pilot.press("q")
        await pilot.pause()
    assert not store.path.exists()  # no walk, no session, no setting came back


async def test_an_erased_session_never_overwrites_one_started_elsewhere_under_its_id(
    make_app: AppFactory, store: Store
) -> None:
    """After a forget the next file counts ids from 1 again: id 1 is someone else's now."""
    from datetime import timedelta

    from coach.model.records import SessionRecord
    from coach.store.maintenance import forget

    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        await pilot.press("n", "space")
        await pilot.pause()
        assert screen.keeper.record_id == 1
        forget(store.path)
        theirs = SessionRecord(
            "cat-cow", NOW - timedelta(hours=2), None, SessionStatus.IN_PROGRESS, 2, 0, 15, False
        )
        assert Store.open(store.path).add_session(theirs) == 1  # another window, no poll yet
        await advance(pilot, 15)  # a hold done: this session would be saved now
        assert screen.keeper.erased and len(said(app)) == 1
    [kept] = Store.open(store.path).sessions()
    assert kept == replace(theirs, id=1)


async def test_pain_before_is_asked_on_the_start_step_and_saved_with_the_session(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    from coach.screens.pain_prompt import PainPrompt

    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cat_cow(pilot)
        assert "press r to rate it 0 to 10" in shown_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        await pilot.press("1", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)  # 12 is refused, with the reason
        assert "from 0 to 10" in shown_text(app)
        await pilot.press("backspace", "backspace", "4", "enter")
        await pilot.pause()
        assert app.screen is screen and "Pain before you start: 4 of 10" in shown_text(app)
        await pilot.press("n", "space")  # the first hold starts: the session is on record
        await pilot.pause()
        assert store.sessions()[0].pain_before == 4
        assert screen.check_action("rate_pain_before", ()) is False  # no longer "before"
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen


async def test_ease_off_asks_an_optional_rating_and_saves_it(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cat_cow(pilot)
        await pilot.press("n", "space")
        await advance(pilot, 5)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EaseOffScreen)
        await pilot.press("x", "1", "1", "enter")  # x is not taken; 11 is refused
        await pilot.pause()
        assert "from 0 to 10" in shown_text(app) and store.sessions()[0].pain_after is None
        app.screen.query_one("#pain", Input).value = "7"
        await pilot.press("enter")
        await pilot.pause()
        assert "Saved: pain 7 of 10." in [str(n.message) for n in app._notifications]
        assert store.sessions()[0].pain_after == 7
        assert store.sessions()[0].status is SessionStatus.STOPPED_FOR_PAIN
