"""Pilot tests of the walk log: start and finish, add, edit, delete and undo, the due reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from coach.clock import FakeClock
from coach.model.records import Terrain, Walk
from coach.screens.confirm import ConfirmModal
from coach.screens.walk_form import ResumeWalkModal, WalkFormModal
from coach.screens.walks import WalkLogScreen
from coach.store import Store
from tests.ui.conftest import (
    NOW,
    AppFactory,
    laid_out,
    loaded,
    month_of_walks,
    said,
    screen_lines,
    settle,
    shell,
    shown_text,
)


def add_walks_three_hours_apart(store: Store, total: int) -> None:
    """`total` walks of 10 minutes, oldest first, the last begun 3 hours ago; each note
    says which walk it is ("walk 0" is the oldest)."""
    for i in range(total):
        start = NOW - timedelta(hours=3 * (total - i))
        store.add_walk(Walk(start, start + timedelta(minutes=10), 10, note=f"walk {i}"))


async def open_log(pilot: object) -> WalkLogScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("w")
    assert await settle(pilot, lambda: isinstance(pilot.app.screen, WalkLogScreen))
    await loaded(pilot)  # the log is read in a worker
    screen = pilot.app.screen
    assert isinstance(screen, WalkLogScreen)
    return screen


def under_way_since(store: Store) -> datetime | None:
    active = store.active_walk()
    return None if active is None else active.started_at


async def test_start_then_finish_a_walk(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("s")
        await loaded(pilot)
        assert store.active_walk() is not None  # on disk from the first second
        assert "Walking: 0:00:00 since 10:00" in shown_text(app)
        clock.advance(17 * 60)  # the stopwatch's next tick (each second) shows it
        assert await settle(pilot, lambda: "Walking: 0:17:00" in shown_text(app))
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WalkFormModal)
        assert app.screen.query_one("#minutes", Input).value == "17"
        await pilot.press("enter")
        await loaded(pilot)
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
        await loaded(pilot)
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
        await loaded(pilot)
        assert store.walks()[0].minutes == 12
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await loaded(pilot)
        assert store.walks() == [] and screen.query_one(DataTable).row_count == 0
        await pilot.press("u")
        await loaded(pilot)
        assert [(w.id, w.minutes) for w in store.walks()] == [(1, 12)]  # under its own id
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
        await loaded(pilot)
        assert screen.query_one(DataTable).row_count == 1


async def test_a_walk_left_running_is_offered_on_the_next_start(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    store.start_walk(NOW - timedelta(minutes=40))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await settle(pilot, lambda: isinstance(app.screen, ResumeWalkModal))
        assert "A walk is in progress since 09:20." in shown_text(app)
        assert await settle(pilot, lambda: laid_out(app, "#now"))
        await pilot.click("#now")  # laid out: the click lands on the button
        assert await settle(pilot, lambda: isinstance(app.screen, WalkFormModal))
        assert app.screen.query_one("#minutes", Input).value == "40"
        await pilot.press("enter")
        await loaded(pilot)
    assert store.active_walk() is None and store.walks()[0].minutes == 40


async def test_keep_timing_opens_the_stopwatch(make_app: AppFactory, store: Store) -> None:
    store.start_walk(NOW - timedelta(minutes=5))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await settle(pilot, lambda: isinstance(app.screen, ResumeWalkModal))
        await pilot.press("escape")
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await loaded(pilot)
        assert "Walking: 0:05:00 since 09:55" in shown_text(app)
    assert under_way_since(store) == NOW - timedelta(minutes=5)


async def test_hostile_notes_are_shown_literally(make_app: AppFactory, store: Store) -> None:
    month_of_walks(store, days=5)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_log(pilot)
        table = screen.query_one(DataTable)
        notes = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert "[red]not red[/red] \\x1b[31m" in notes
        drawn = "\n".join(screen_lines(app))  # as drawn: the markup and the escape visible
        assert "[red]not red[/red] \\x1b[31m" in drawn


async def test_a_long_log_is_shown_a_page_at_a_time(make_app: AppFactory, store: Store) -> None:
    """Only a page of rows is ever built: a long log costs its page, not its length."""
    from coach.screens.walks import PAGE_SIZE

    total = 2 * PAGE_SIZE + 7
    add_walks_three_hours_apart(store, total)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        table = screen.query_one(DataTable)
        assert "Page 1 of 3" in shown_text(app) and table.row_count == PAGE_SIZE
        assert f"walk {total - 1}" in str(table.get_row_at(0))
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await loaded(pilot)
        assert "Page 3 of 3" in shown_text(app) and table.row_count == 7
        assert "walk 0" in str(table.get_row_at(6))
        await pilot.press("left_square_bracket")
        await loaded(pilot)
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
        await loaded(pilot)
        assert note.display
        assert app.library.walking.answers.leg_pain.text in shown_text(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await loaded(pilot)
        assert not note.display  # the answer was about a walk that is gone


# Two windows and the shell on one file: every edit, delete, undo and finish names the
# record it was opened on, and the log beneath an open form follows the file.


def two_walks(store: Store) -> tuple[Walk, Walk]:
    """An older walk and a newer one; the newer is the first row (the cursor's)."""
    store.add_walk(Walk(NOW - timedelta(hours=5), NOW - timedelta(hours=4, minutes=50), 10))
    store.add_walk(Walk(NOW - timedelta(hours=3), NOW - timedelta(hours=2, minutes=45), 15))
    newer, older = store.walks()
    return older, newer


async def delete_here(pilot: Pilot[Any]) -> None:
    """d on the walk under the cursor, and yes."""
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmModal)
    await pilot.press("y")
    await loaded(pilot)


def notes_shown(screen: WalkLogScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]


async def test_an_open_edit_is_refused_once_its_walk_was_deleted_and_another_added(
    make_app: AppFactory, store: Store
) -> None:
    _, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, WalkFormModal) and form.editing == newer
        other = Store.open(store.path)  # a second window
        other.delete_walk(newer)
        added = other.add_walk(
            Walk(NOW - timedelta(hours=1), NOW - timedelta(minutes=40), 20, note="shell")
        )
        assert added != newer.id  # an id is never given twice
        app._poll_store()
        await loaded(pilot)
        assert app.screen is form  # the form stays; the log beneath follows the file
        assert notes_shown(screen) == ["shell", ""]
        form.query_one("#minutes", Input).value = "12"
        await pilot.press("enter")
        await loaded(pilot)
        assert isinstance(app.screen, WalkLogScreen)
        [refused] = said(app)
        assert f"walk {newer.id} was deleted elsewhere" in refused
        assert notes_shown(screen) == ["shell", ""]
    assert [(w.id, w.minutes, w.note) for w in Store.open(store.path).walks()] == [
        (added, 20, "shell"),
        (1, 10, ""),
    ]


async def test_an_open_edit_is_refused_once_its_walk_was_changed_elsewhere(
    make_app: AppFactory, store: Store
) -> None:
    _, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        other = Store.open(store.path)
        other.update_walk(replace(newer, minutes=30, note="longer"), was=newer)
        app._poll_store()
        await loaded(pilot)
        assert notes_shown(screen)[0] == "longer"  # beneath the form
        app.screen.query_one("#minutes", Input).value = "12"
        await pilot.press("enter")
        await loaded(pilot)
        [refused] = said(app)
        assert "was changed elsewhere" in refused and "\x1b" not in refused
    assert [w.minutes for w in Store.open(store.path).walks()] == [30, 10]  # theirs is kept


async def test_a_delete_confirmed_after_the_walk_changed_elsewhere_is_refused(
    make_app: AppFactory, store: Store
) -> None:
    _, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        Store.open(store.path).update_walk(replace(newer, note="edited"), was=newer)
        app._poll_store()
        await loaded(pilot)
        assert notes_shown(screen)[0] == "edited"  # beneath the question
        await pilot.press("y")
        await loaded(pilot)
        [refused] = said(app)
        assert "was changed elsewhere" in refused
        await pilot.press("u")  # nothing was deleted here, so nothing comes back
        await pilot.pause()
        assert said(app) == [refused]
        assert "Nothing to undo." in [n.message for n in app._notifications]
    assert [w.note for w in Store.open(store.path).walks()] == ["edited", ""]


async def test_undo_is_refused_once_the_file_changed_and_then_forgotten(
    make_app: AppFactory, store: Store
) -> None:
    older, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await delete_here(pilot)
        shell(store, "walk", "add", "--minutes", "5")
        await pilot.press("u")
        await loaded(pilot)
        [refused] = said(app)
        assert "cannot be undone" in refused
        await pilot.press("u")
        await loaded(pilot)
        assert len(said(app)) == 1  # the undo list went with the refusal
        assert notes_shown(screen) == ["", ""] and screen.query_one(DataTable).row_count == 2
    walks = Store.open(store.path).walks()
    assert newer.id not in [w.id for w in walks] and len(walks) == 2


async def test_two_deletes_are_undone_in_turn_under_their_own_ids(
    make_app: AppFactory, store: Store
) -> None:
    older, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await delete_here(pilot)
        await delete_here(pilot)
        assert store.walks() == []
        await pilot.press("u")
        await loaded(pilot)
        await pilot.press("u")
        await loaded(pilot)
        assert said(app) == []
        assert screen.query_one(DataTable).row_count == 2
    assert Store.open(store.path).walks() == [newer, older]


async def test_two_undos_pressed_in_one_go_bring_both_back(
    make_app: AppFactory, store: Store
) -> None:
    """The second u comes while the first undo is on the writer's thread: it waits its
    turn, and is not dropped (found by the attack on the writer thread)."""
    older, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await delete_here(pilot)
        await delete_here(pilot)
        await pilot.press("u", "u")
        await loaded(pilot)
        assert said(app) == []
        assert [n.message for n in app._notifications].count("Walk restored.") == 2
        assert screen.query_one(DataTable).row_count == 2
        await pilot.press("u")
        await loaded(pilot)
        assert "Nothing to undo." in [n.message for n in app._notifications]
    assert Store.open(store.path).walks() == [newer, older]


async def test_a_window_that_saves_still_follows_a_change_made_just_before_elsewhere(
    make_app: AppFactory, store: Store
) -> None:
    """Another window changes a setting; this one saves a walk before its poll: the
    setting is still followed (its own write must not hide the other's)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        other = Store.open(store.path)
        other.save_settings(replace(other.settings(), neck_problem=True))
        app.write(
            lambda writer_store: writer_store.add_walk(
                Walk(NOW - timedelta(hours=1), NOW - timedelta(minutes=40), 20)
            )
        )
        await loaded(pilot)
        app._poll_store()
        await loaded(pilot)
        assert app.settings.neck_problem is True


async def test_finishing_after_the_shell_stopped_the_walk_and_started_another(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    """The form's save is refused: one walk saved (the shell's), the new walk still under way."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("s")
        await loaded(pilot)
        clock.advance(20 * 60)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WalkFormModal)
        shell(store, "walk", "stop", "--minutes", "15", at=NOW + timedelta(minutes=16))
        shell(store, "walk", "start", at=NOW + timedelta(minutes=17))
        app._poll_store()
        await loaded(pilot)
        assert "since 10:17" in str(screen.query_one("#stopwatch").render())  # beneath
        await pilot.press("enter")
        await loaded(pilot)
        [refused] = said(app)
        assert "a different walk is under way now" in refused
        assert "Walking: 0:03:00 since 10:17" in shown_text(app)
    again = Store.open(store.path)
    [walk] = again.walks()
    assert (walk.started_at, walk.minutes) == (NOW, 15)
    assert under_way_since(again) == NOW + timedelta(minutes=17)


async def test_the_resume_offer_finishes_nothing_once_the_shell_stopped_that_walk(
    make_app: AppFactory, store: Store
) -> None:
    store.start_walk(NOW - timedelta(minutes=40))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await settle(pilot, lambda: isinstance(app.screen, ResumeWalkModal))
        assert await settle(pilot, lambda: laid_out(app, "#now"))
        other = Store.open(store.path)
        active = other.active_walk()
        assert active is not None
        other.finish_walk(Walk(active.started_at, NOW - timedelta(minutes=10), 30), started=active)
        other.start_walk(NOW - timedelta(minutes=5))
        await pilot.click("#now")
        # no form for a walk that is gone (the walk log loads its chart module on first use)
        assert await settle(
            pilot, lambda: isinstance(app.screen, WalkLogScreen) and bool(said(app))
        )
        [refused] = said(app)
        assert "no longer under way" in refused
        assert await settle(pilot, lambda: "Walking: 0:05:00 since 09:55" in shown_text(app))
    again = Store.open(store.path)
    assert [w.minutes for w in again.walks()] == [30]
    assert under_way_since(again) == NOW - timedelta(minutes=5)


# `coach forget` while the app is open: the log empties within one poll, and nothing
# erased is ever written back.


async def test_forget_while_an_edit_form_is_open(make_app: AppFactory, store: Store) -> None:
    older, newer = two_walks(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await delete_here(pilot)  # one deleted here first: undo must not bring it back
        await loaded(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, WalkFormModal) and form.editing == older
        shell(store, "forget", "--yes")
        app._poll_store()
        await loaded(pilot)
        assert app.screen is form
        assert screen.query_one(DataTable).row_count == 0
        assert "No walks logged yet" in str(screen.query_one("#walks-page").render())
        assert len(said(app, "Database gone")) == 1
        await pilot.press("enter")
        await loaded(pilot)
        assert "was deleted elsewhere" in said(app)[0]
        await pilot.press("u")
        await loaded(pilot)
        assert "cannot be undone" in said(app)[1]
        assert screen.query_one(DataTable).row_count == 0
        assert not store.path.exists()
        await pilot.press("a")  # a walk added after the forget is new, and kept
        await pilot.pause()
        app.screen.query_one("#minutes", Input).value = "7"
        await pilot.press("enter")
        await loaded(pilot)
        assert screen.query_one(DataTable).row_count == 1
    assert [w.minutes for w in Store.open(store.path).walks()] == [7]


async def test_forget_stops_the_stopwatch_and_the_walk_is_never_finished(
    make_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    from coach.store.maintenance import forget

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("s")
        await loaded(pilot)
        clock.advance(10 * 60)
        await pilot.press("s")  # the finish form is open when the forget comes
        await pilot.pause()
        assert isinstance(app.screen, WalkFormModal)
        forget(store.path)
        app._poll_store()
        await loaded(pilot)
        stopwatch = screen.query_one("#stopwatch")
        assert not stopwatch.display and screen.active is None
        await pilot.press("enter")
        await loaded(pilot)
        assert "no walk is under way any more" in said(app)[0]
        assert not store.path.exists()
        clock.advance(60)
        screen._show_stopwatch()  # what the stopwatch's next tick does, now
        await loaded(pilot)
        assert not stopwatch.display  # stopped: it does not come back with the next tick
    assert not store.path.exists()


async def test_s_on_a_walk_finished_elsewhere_says_so_instead_of_starting_another(
    make_app: AppFactory, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The press comes before the app's next poll (a slow shell must not let one run)."""
    monkeypatch.setattr("coach.app.STORE_POLL_SECONDS", 3600.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("s")
        await loaded(pilot)
        assert screen.active is not None
        shell(store, "walk", "stop", "--minutes", "5", at=NOW + timedelta(minutes=5))
        await pilot.press("s")  # before the next poll: the person meant "finish"
        await loaded(pilot)
        assert "no longer under way" in said(app)[0]
        assert screen.active is None
    again = Store.open(store.path)
    assert again.active_walk() is None and [w.minutes for w in again.walks()] == [5]


# Stored text is shown inert in the edit form; text with control characters is refused.

HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07 then \x1b[2J"


async def test_the_edit_form_shows_a_hostile_note_inert(make_app: AppFactory, store: Store) -> None:
    store.add_walk(
        Walk(NOW - timedelta(hours=3), NOW - timedelta(hours=2, minutes=45), 15, note=HOSTILE)
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        note = app.screen.query_one("#note", Input)
        assert "\x1b" not in note.value and "\x07" not in note.value
        assert note.value == "\\x1b]52;c;cm0gLXJmIH4=\\x07 then \\x1b[2J"
        drawn = "\n".join(screen_lines(app))
        assert "\\x1b]52;c;cm0gLXJmIH4=\\x07" in drawn and "\x1b" not in drawn
        app.screen.query_one("#minutes", Input).value = "20"  # another field changes
        await pilot.press("enter")
        await loaded(pilot)
    [walk] = store.walks()
    assert walk.minutes == 20
    assert walk.note == HOSTILE  # untouched in the form: kept as stored, not as shown


async def test_a_hostile_note_edited_in_the_form_is_saved_as_typed(
    make_app: AppFactory, store: Store
) -> None:
    store.add_walk(
        Walk(NOW - timedelta(hours=3), NOW - timedelta(hours=2, minutes=45), 15, note=HOSTILE)
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        note = app.screen.query_one("#note", Input)
        note.value = note.value + " seen"  # the person changed it: what they see is saved
        await pilot.press("enter")
        await loaded(pilot)
    [walk] = store.walks()
    assert walk.note == "\\x1b]52;c;cm0gLXJmIH4=\\x07 then \\x1b[2J seen"


async def test_control_characters_typed_or_pasted_into_the_form_are_refused(
    make_app: AppFactory, store: Store
) -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        note = form.query_one("#note", Input)
        note.focus()
        await pilot.press("o", "k")
        note.post_message(events.Paste("\x1b[2J wiped"))
        await pilot.pause()
        assert note.value == "ok"  # never drawn, so never sent to the terminal
        error = str(form.query_one("#form-error").render())
        assert "control character (U+001B)" in error
        form.query_one("#start", Input).post_message(events.Paste("\u202e10:00"))
        await pilot.pause()
        assert form.query_one("#start", Input).value == ""
        form.query_one("#minutes", Input).value = "10"
        note.value = "left\u202eright"  # set past the field's own check: clean_note refuses
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form and str(form.query_one("#form-error").render())
    assert store.walks() == []


async def test_an_edit_that_leaves_the_start_as_shown_keeps_its_seconds(
    make_app: AppFactory, store: Store
) -> None:
    start = NOW - timedelta(hours=3, seconds=-36)  # 07:00:36: the form shows 07:00
    store.add_walk(Walk(start, start + timedelta(minutes=15), 15))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#minutes", Input).value = "20"
        await pilot.press("enter")
        await loaded(pilot)
    [walk] = store.walks()
    assert walk.minutes == 20 and walk.started_at == start


async def test_a_wider_window_gives_long_notes_more_room(
    make_app: AppFactory, store: Store
) -> None:
    """The note column takes the width the table has left, again after every resize."""
    note = "a long walk by the river, then slowly back along the canal path " * 3
    store.add_walk(replace(month_of_walks(store, days=1)[0], note=note.strip()))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        table = screen.query_one(DataTable)
        narrow = list(table.columns.values())[-1].width
        await pilot.resize_terminal(120, 30)
        assert await settle(pilot, lambda: list(table.columns.values())[-1].width > narrow)
        wide = list(table.columns.values())[-1].width
        assert wide - narrow >= 30  # the 40 columns more, less what the layout keeps
        await pilot.resize_terminal(80, 24)
        assert await settle(pilot, lambda: list(table.columns.values())[-1].width == narrow)


async def test_the_log_opens_from_the_writers_summary_without_reading_the_file(
    make_app: AppFactory, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first pages and the chart come from the summary every write leaves: the log is
    read (in a worker) only for a page the summary does not hold."""
    import coach.screens.walks as walk_log
    from coach.screens.walks import PAGE_SIZE

    total = 8 * 20  # 20 days of walks, 3 hours apart: the summary holds the last 15 days
    add_walks_three_hours_apart(store, total)
    reads: list[object] = []
    real_read = walk_log.read_snapshot

    def counted(path: object) -> object:
        reads.append(path)
        return real_read(path)  # type: ignore[arg-type]

    monkeypatch.setattr(walk_log, "read_snapshot", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(pilot)
        table = screen.query_one(DataTable)
        assert "Page 1 of 4" in shown_text(app) and table.row_count == PAGE_SIZE
        assert f"walk {total - 1}" in str(table.get_row_at(0))
        assert "Today: 3 walks" in shown_text(app)  # the glance's count of today, too
        assert reads == []
        await pilot.press("right_square_bracket", "right_square_bracket")  # walks 60..109
        await loaded(pilot)
        assert "Page 3 of 4" in shown_text(app) and reads != []  # older than the summary
        assert f"walk {total - 1 - 2 * PAGE_SIZE}" in str(table.get_row_at(0))
