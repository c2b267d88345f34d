"""The reminders in the app: told at start-up, snoozed into the file, quiet after a
restart during a snooze; and the app learns of an exercise session by messages."""

from __future__ import annotations

from datetime import timedelta

from coach.clock import FakeClock
from coach.model.records import Walk
from coach.store import Store
from tests.ui.conftest import NOW, AppFactory, said, screen_lines, settle

SIZE = (80, 24)


def _walked_2h10_ago(store: Store) -> None:
    store.add_walk(
        Walk(NOW - timedelta(hours=2, minutes=25), NOW - timedelta(hours=2, minutes=10), 15)
    )


async def test_a_walk_due_at_start_up_is_told_at_once(make_app: AppFactory, store: Store) -> None:
    _walked_2h10_ago(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert await settle(pilot, lambda: bool(said(app, "A walk is due")))
        assert len(said(app, "A walk is due")) == 1
        assert app.check_walk_due() is False  # once per window


async def test_z_with_nothing_due_says_so_and_stores_nothing(
    make_app: AppFactory, store: Store
) -> None:
    store.add_walk(Walk(NOW - timedelta(minutes=30), NOW - timedelta(minutes=15), 15))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        assert await settle(
            pilot, lambda: any("Nothing is due" in str(n.message) for n in app._notifications)
        )
        assert not any("snoozed" in str(n.message) for n in app._notifications)
        assert store.settings().snoozed_until is None


async def test_z_stores_the_snooze_and_a_restart_keeps_it(
    make_app: AppFactory, store: Store, clock: FakeClock
) -> None:
    _walked_2h10_ago(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert await settle(pilot, lambda: bool(said(app, "A walk is due")))
        await pilot.press("z")
        assert await settle(pilot, lambda: store.settings().snoozed_until is not None)
        assert store.settings().snoozed_until == NOW + timedelta(minutes=15)
        assert any(
            str(n.message) == "Walk reminder snoozed for 15 minutes, to 10:15."
            for n in app._notifications
        )
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        again.check_reminders()
        await pilot.pause()
        assert said(again, "A walk is due") == []  # still snoozed after the restart
        clock.advance(16 * 60)
        again.check_reminders()
        assert await settle(pilot, lambda: bool(said(again, "A walk is due")))
        assert len(said(again, "A walk is due")) == 1  # the snooze ran out: told once more


async def test_a_snooze_set_in_another_window_quiets_this_one(
    make_app: AppFactory, store: Store
) -> None:
    from dataclasses import replace

    _walked_2h10_ago(store)
    store.save_settings(replace(store.settings(), snoozed_until=NOW + timedelta(minutes=30)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.check_reminders()
        await pilot.pause()
        assert said(app, "A walk is due") == []


async def test_the_app_keeps_the_session_an_exercise_screen_tells_it_of(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(app.library.exercises[0])
        assert await settle(pilot, lambda: app.keeper is not None)
        await pilot.press("escape")
        assert await settle(pilot, lambda: app.keeper is None)


async def test_the_change_position_reminder_comes_on_time_from_the_injected_clock(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(rest_reminder_minutes=15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.rest_reminder.next_check() == NOW + timedelta(minutes=15)
        clock.advance(14 * 60)
        app.check_reminders()
        await pilot.pause()
        assert said(app, "Change position") == []
        clock.advance(60)
        app.check_reminders()
        assert await settle(pilot, lambda: len(said(app, "Change position")) == 1)
        assert app.rest_reminder.next_check() == NOW + timedelta(minutes=30)


async def test_a_walk_dated_after_now_does_not_silence_the_reminder(
    make_app: AppFactory, store: Store
) -> None:
    _walked_2h10_ago(store)
    ahead = NOW + timedelta(days=365 * 5)  # logged while the clock ran years ahead
    store.add_walk(Walk(ahead, ahead + timedelta(minutes=10), 10))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert await settle(pilot, lambda: bool(said(app, "A walk is due")))
        app.open_screen("walks")
        assert await settle(pilot, lambda: "a walk is due now" in " ".join(screen_lines(app)))
        assert "last ended 2 h 10 min ago" in " ".join(screen_lines(app))
