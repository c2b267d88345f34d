"""Pilot tests of the walk log: start and finish, add, edit, delete and undo, the due reminder."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Select

from coach.clock import FakeClock
from coach.model.records import ActiveWalk, Terrain, Walk
from coach.screens.confirm import ConfirmModal
from coach.screens.walk_form import ResumeWalkModal, WalkFormModal
from coach.screens.walks import WalkLogScreen
from coach.store import Store
from tests.ui.conftest import NOW, AppFactory, month_of_walks, shown_text


async def open_log(pilot: object) -> WalkLogScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("w")
    await pilot.pause(0.3)
    screen = pilot.app.screen
    assert isinstance(screen, WalkLogScreen)
    return screen


async def test_start_then_finish_a_walk(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("s")
        await pilot.pause(0.3)
        assert store.active_walk() is not None  # on disk from the first second
        assert "Walking: 0:00:00 since 10:00" in shown_text(app)
        clock.advance(17 * 60)
        await pilot.pause(1.2)
        assert "Walking: 0:17:00" in shown_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WalkFormModal)
        assert app.screen.query_one("#minutes", Input).value == "17"
        await pilot.press("enter")
        await pilot.pause(0.3)
    assert store.active_walk() is None
    [walk] = store.walks()
    assert walk.minutes == 17 and walk.started_at == NOW


async def test_add_a_past_walk_with_every_field(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, WalkFormModal)
        form.query_one("#start", Input).value = "08:30"
        form.query_one("#minutes", Input).value = "25"
        form.query_one("#terrain", Select).value = Terrain.HILLY
        form.query_one("#leg-pain", Select).value = True
        form.query_one("#pain", Input).value = "4"
        form.query_one("#note", Input).value = "by the river"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, WalkLogScreen)
        text = shown_text(app)
        answers = app.library.walking.answers
        for answer in (answers.leg_pain, answers.slopes, answers.longer):  # the calm note
            assert answer.text in text
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)] == [
            "Mon 04 May",
            "08:30",
            "25",
            "slopes, hills or stairs",
            "yes",
            "4",
            "by the river",
        ]
    [walk] = store.walks()
    assert (walk.terrain, walk.leg_pain, walk.pain, walk.note) == (
        Terrain.HILLY,
        True,
        4,
        "by the river",
    )


async def test_the_form_says_what_is_wrong(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#minutes", Input).value = "700"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkFormModal)
        assert "minutes must be at most 600" in shown_text(app)
        await pilot.press("escape")
    assert store.walks() == []


async def test_single_letter_keys_do_nothing_while_typing(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#note", Input).focus()
        await pilot.press("q", "s", "e", "z", "d", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, WalkFormModal)
        assert app.screen.query_one("#note", Input).value == "qsezd?"
    assert store.active_walk() is None


async def test_edit_delete_and_undo(make_app: AppFactory, store: Store) -> None:
    store.add_walk(Walk(NOW - timedelta(hours=3), NOW - timedelta(hours=2, minutes=45), 15))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#minutes", Input).value = "12"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert store.walks()[0].minutes == 12
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause(0.3)
        assert store.walks() == [] and screen.query_one(DataTable).row_count == 0
        await pilot.press("u")
        await pilot.pause(0.3)
        assert [w.minutes for w in store.walks()] == [12]
        assert screen.query_one(DataTable).row_count == 1


async def test_a_walk_due_notifies_once_and_z_snoozes(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    store.add_walk(
        Walk(NOW - timedelta(hours=2, minutes=25), NOW - timedelta(hours=2, minutes=10), 15)
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.check_walk_due() is True
        await pilot.pause()
        assert any("A walk is due" in str(n.title) for n in app._notifications)
        assert app.check_walk_due() is False  # once per window
        await pilot.press("z")
        clock.advance(16 * 60)
        assert app.check_walk_due() is True  # the snooze (15 minutes) has passed


async def test_nothing_notifies_outside_waking_hours_or_when_turned_off(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    late = NOW.replace(hour=23)
    store.add_walk(Walk(late - timedelta(hours=3), late - timedelta(hours=2, minutes=45), 15))
    clock.set_now(late)
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.check_walk_due() is False
    clock.set_now(NOW)
    quiet = make_app(walk_reminders=False)
    async with quiet.run_test(size=(80, 24)):
        assert quiet.check_walk_due() is False


async def test_the_glance_shows_today_and_the_next_window(
    make_app: AppFactory, store: Store
) -> None:
    store.add_walk(Walk(NOW - timedelta(minutes=50), NOW - timedelta(minutes=30), 20))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        text = shown_text(app)
        assert "Today: 1 walk, 20 min" in text
        assert "last ended 30 min ago" in text
        assert "next walk 11:30-12:30" in text


async def test_a_walk_added_from_the_shell_shows_up(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        Store.open(store.path).add_walk(
            Walk(NOW - timedelta(hours=1), NOW - timedelta(minutes=45), 15)
        )
        app._poll_store()
        await pilot.pause(0.3)
        assert screen.query_one(DataTable).row_count == 1


async def test_a_walk_left_running_is_offered_on_the_next_start(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    store.start_walk(NOW - timedelta(minutes=40))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, ResumeWalkModal)
        assert "A walk is in progress since 09:20." in shown_text(app)
        await pilot.click("#now")
        await pilot.pause(0.3)
        assert isinstance(app.screen, WalkFormModal)
        assert app.screen.query_one("#minutes", Input).value == "40"
        await pilot.press("enter")
        await pilot.pause(0.3)
    assert store.active_walk() is None and store.walks()[0].minutes == 40


async def test_keep_timing_opens_the_stopwatch(make_app: AppFactory, store: Store) -> None:
    store.start_walk(NOW - timedelta(minutes=5))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert isinstance(app.screen, WalkLogScreen)
        assert "Walking: 0:05:00 since 09:55" in shown_text(app)
    assert store.active_walk() == ActiveWalk(NOW - timedelta(minutes=5))


async def test_hostile_notes_are_shown_literally(make_app: AppFactory, store: Store) -> None:
    month_of_walks(store, days=5)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_log(pilot)
        table = screen.query_one(DataTable)
        notes = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert "[red]not red[/red] \\x1b[31m" in notes
        assert app.is_running  # a [@click=...] or markup in a note did nothing


async def test_a_long_log_is_shown_a_page_at_a_time(make_app: AppFactory, store: Store) -> None:
    """Only a page of rows is ever built: a long log costs its page, not its length."""
    from coach.screens.walks import PAGE_SIZE

    total = 2 * PAGE_SIZE + 7
    first = NOW - timedelta(hours=3 * total)
    for i in range(total):  # oldest first; the note says which walk it is
        start = first + timedelta(hours=3 * i)
        store.add_walk(Walk(start, start + timedelta(minutes=10), 10, note=f"walk {i}"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        table = screen.query_one(DataTable)
        assert "Page 1 of 3" in shown_text(app) and table.row_count == PAGE_SIZE
        assert f"walk {total - 1}" in str(table.get_row_at(0))
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.pause(0.3)
        assert "Page 3 of 3" in shown_text(app) and table.row_count == 7
        assert "walk 0" in str(table.get_row_at(6))
        await pilot.press("left_square_bracket")
        await pilot.pause(0.3)
        assert "Page 2 of 3" in shown_text(app)
        assert f"walk {total - 1 - PAGE_SIZE}" in str(table.get_row_at(0))


async def test_an_edit_that_adds_leg_pain_is_answered_and_a_delete_clears_the_answer(
    make_app: AppFactory, store: Store
) -> None:
    store.add_walk(Walk(NOW - timedelta(hours=3), NOW - timedelta(hours=2, minutes=45), 15))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        note = screen.query_one("#walk-note")
        assert not note.display
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#leg-pain", Select).value = True
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert note.display
        assert app.library.walking.answers.leg_pain.text in shown_text(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause(0.3)
        assert not note.display  # the answer was about a walk that is gone
