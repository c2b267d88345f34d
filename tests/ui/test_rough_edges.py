"""Rough edges (issue 12): keys at a limit say so, the too-small screen answers q and ?,
help lists every screen, the dialogs show their keys and follow the arrows, notes cut
to fit end with "…", the walk chart's rows mean something, and a burst of keys saves
what the field shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input

from coach.app import CoachApp
from coach.model.records import Walk
from coach.screens.confirm import ConfirmModal
from coach.screens.ease_off import EaseOffScreen
from coach.screens.help import HelpScreen, help_sections
from coach.screens.menu import MenuScreen
from coach.screens.pain_prompt import PainPrompt
from coach.screens.registry import SCREEN_TITLES, screen_type
from coach.screens.step import StepScreen
from coach.screens.summary import SummaryScreen
from coach.screens.too_small import TooSmallScreen
from coach.screens.walk_form import ResumeWalkModal, WalkFormModal
from coach.screens.walks import PAGE_SIZE, WalkLogScreen
from coach.store import Store
from coach.widgets.walk_chart import MinuteBars, WalkChart, bar_cells
from tests.ui.conftest import (
    NOW,
    AppFactory,
    loaded,
    screen_lines,
    settle,
    shown_text,
    whole_routine,
)


def notices(app: CoachApp) -> list[str]:
    """Every toast's message so far, oldest first."""
    return [str(n.message) for n in app._notifications]


async def open_exercise(pilot: Pilot[Any]) -> StepScreen:
    await pilot.press("enter")
    await settle(pilot, lambda: isinstance(pilot.app.screen, StepScreen))
    screen = pilot.app.screen
    assert isinstance(screen, StepScreen)
    return screen


async def open_walk_log(pilot: Pilot[Any]) -> WalkLogScreen:
    await pilot.press("w")
    await settle(pilot, lambda: isinstance(pilot.app.screen, WalkLogScreen))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WalkLogScreen)
    return screen


# 1. Keys at a limit say so.


async def test_hold_and_reps_keys_at_their_limits_say_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        step = await open_exercise(pilot)
        await pilot.press("minus")
        assert "15 seconds is the shortest hold for this exercise." in notices(app)
        await pilot.press("plus", "plus", "plus")
        assert step.session.plan.hold_seconds == 30
        assert not any("longest" in n for n in notices(app))
        await pilot.press("plus")
        assert "30 seconds is the longest hold for this exercise." in notices(app)
        assert step.session.plan.hold_seconds == 30
        await pilot.press("left_square_bracket")
        assert "2 repetitions is the fewest for this exercise." in notices(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert step.session.plan.reps == 4
        await pilot.press("right_square_bracket")
        assert "4 repetitions is the most for this exercise." in notices(app)


async def test_a_key_held_at_its_limit_says_it_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot)
        await pilot.press(*["minus"] * 6)
        assert notices(app).count("15 seconds is the shortest hold for this exercise.") == 1


async def test_first_and_last_steps_say_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        step = await open_exercise(pilot)
        await pilot.press("p")
        assert "This is the first step: there is none before it." in notices(app)
        for _ in range(step.session.total_steps - 1):
            await pilot.press("n")
        assert step.session.index == step.session.total_steps - 1
        assert not any("last step" in n for n in notices(app))
        await pilot.press("n")
        assert "This is the last step: there is no next one." in notices(app)
        assert isinstance(app.screen, StepScreen)  # still there, nothing else happened


async def test_walk_log_keys_at_their_limits_say_so(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_walk_log(pilot)
        await pilot.press("right_square_bracket")
        assert "All your walks are on this page." in notices(app)
        await pilot.press("e")
        assert "There is no walk to edit yet: press a to add one." in notices(app)
        await pilot.press("d")
        assert "There is no walk to delete." in notices(app)


async def test_walk_log_pages_say_when_there_is_no_further_page(
    make_app: AppFactory, store: Store
) -> None:
    for index in range(PAGE_SIZE + 3):
        start = NOW - timedelta(hours=3 * index + 3)
        store.add_walk(Walk(start, start + timedelta(minutes=12), 12))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_walk_log(pilot)
        await pilot.press("left_square_bracket")
        assert "This is the newest page." in notices(app)
        await pilot.press("right_square_bracket")
        await pilot.app.workers.wait_for_complete()
        assert screen.page == 1
        await pilot.press("right_square_bracket")
        assert "This is the oldest page of walks." in notices(app)
        assert screen.page == 1


# 2. The too-small screen answers q and ?, and says how to quit.


async def test_too_small_says_how_to_quit_and_answers_help_and_q(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot, lambda: "Press q to quit" in "\n".join(screen_lines(app)))
        assert isinstance(app.screen, TooSmallScreen)
        assert "Press q to quit" in "\n".join(screen_lines(app))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)
    assert app.return_value == 0


async def test_too_small_q_asks_first_while_a_hold_runs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot)
        await pilot.press("n", "space")
        await pilot.resize_terminal(50, 15)
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.press("q")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert isinstance(app.screen, ConfirmModal)
        assert "A hold is running. Quit anyway?" in shown_text(app)
        assert app.is_running


# 3. Help lists every screen and its keys.


async def test_help_lists_every_registry_screen_with_its_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
    for name, (title, _) in SCREEN_TITLES.items():
        assert f"\n{title}\n" in f"\n{text}\n", title  # a section title of its own
        for binding in screen_type(name).BINDINGS:
            description = getattr(binding, "description", "")
            if description and description != "Read first":  # escape's first-run meaning
                assert description in text, (title, description)
    for title in ("History", "Follow-up care", "About and safety", "A walk left running"):
        assert title in text


def test_help_sections_follow_the_registry() -> None:
    """A screen added to the registry is in the help without anyone remembering it."""
    titles = [title for title, _ in help_sections()]
    for _, (title, _) in SCREEN_TITLES.items():
        assert titles.count(title) == 1, title
    assert all(rows for _, rows in help_sections())


# 4. The dialogs show their keys, and the arrows move between their buttons.


async def test_resume_dialog_shows_its_keys_and_follows_the_arrows(
    make_app: AppFactory, store: Store
) -> None:
    store.start_walk(NOW - timedelta(minutes=20), pid=None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "Keep timing it" in "\n".join(screen_lines(app)))
        assert isinstance(app.screen, ResumeWalkModal)
        text = "\n".join(screen_lines(app))
        for key in ("Keep timing it (k)", "Finish it now (f)", "Finish at a time (t)"):
            assert key in text
        assert "Arrow keys move between the choices" in text
        assert app.focused is not None and app.focused.id == "keep"
        moves = []
        for key in ("right", "right", "left", "down", "up", "left"):
            await pilot.press(key)
            assert app.focused is not None
            moves.append(app.focused.id)
        assert moves == ["now", "at", "now", "at", "now", "keep"]
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, WalkFormModal))
        assert isinstance(app.screen, WalkFormModal)


async def test_confirm_dialog_follows_the_arrows(make_app: AppFactory, store: Store) -> None:
    store.add_walk(Walk(NOW - timedelta(hours=2), NOW - timedelta(hours=1, minutes=48), 12))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_walk_log(pilot)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "no"
        await pilot.press("left")
        assert app.focused.id == "yes"
        await pilot.press("right")
        assert app.focused.id == "no"
        await pilot.press("up")
        assert app.focused.id == "yes"
        await pilot.press("escape")


# 5. Notes cut to fit end with an ellipsis.


async def test_long_notes_in_the_walk_log_end_with_an_ellipsis(
    make_app: AppFactory, store: Store
) -> None:
    long_note = "along the river path and up the hill past the old mill " * 2
    wide_note = "漢字" * 30
    store.add_walk(Walk(NOW - timedelta(hours=5), NOW - timedelta(hours=4, minutes=45), 15,
                        note=long_note.strip()))  # fmt: skip
    store.add_walk(Walk(NOW - timedelta(hours=2), NOW - timedelta(hours=1, minutes=45), 15,
                        note=wide_note))  # fmt: skip
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_walk_log(pilot)
        lines = screen_lines(app)
    latin = next(line for line in lines if "along the" in line)
    wide = next(line for line in lines if "漢字" in line)
    assert latin.rstrip().endswith("…"), latin  # cut, and said to be cut
    assert "along the river" in latin and long_note.strip() not in latin
    assert wide.rstrip().endswith("…") and "漢字" * 30 not in wide
    assert "\ufffd" not in wide  # no half of a wide character
    cut = wide.rstrip().removesuffix("…").rstrip()
    assert cut.endswith(("漢", "字")), wide  # whole characters only


async def test_a_short_note_is_shown_whole(make_app: AppFactory, store: Store) -> None:
    store.add_walk(Walk(NOW - timedelta(hours=2), NOW - timedelta(hours=1, minutes=45), 15,
                        note="park"))  # fmt: skip
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_walk_log(pilot)
        line = next(line for line in screen_lines(app) if "park" in line)
    assert "park" in line and "…" not in line


# 6. The walk chart: from zero, rows labelled, the caption clear of the plan.


def test_any_walk_draws_and_a_bar_rises_in_proportion() -> None:
    assert bar_cells(0, 60, 3) == [" ", " ", " "]
    assert bar_cells(1, 60, 3) == ["▁", " ", " "]  # one minute is not nothing
    assert bar_cells(48, 60, 3) == ["█", "█", "▃"]  # 19 of 24 eighths
    assert bar_cells(60, 60, 3) == ["█", "█", "█"]


async def test_walk_chart_rows_are_labelled_from_zero_and_clear_of_the_plan(
    make_app: AppFactory, store: Store
) -> None:
    for days_ago, minutes in ((1, 48), (2, 48), (3, 6), (4, 15), (6, 30)):
        start = NOW - timedelta(days=days_ago)
        store.add_walk(Walk(start, start + timedelta(minutes=minutes), minutes, leg_pain=True))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_walk_log(pilot)
        chart = screen.query_one(WalkChart)
        bars = chart.query_one(MinuteBars)
        box = bars.region
        lines = [line[box.x : box.right] for line in screen_lines(app)[box.y : box.bottom]]
        plan = screen.query_one("#walk-plan")
        captions: list[Widget] = [
            *chart.query(".section-title"),
            chart.query_one("#chart-walks"),
            chart.query_one("#chart-leg-pain"),
            bars,
        ]
        for caption in captions:
            assert not caption.region.overlaps(plan.region), caption
            assert caption.region.right < plan.region.x, caption  # a gap between them
        caption_text = "\n".join(screen_lines(app)[chart.region.bottom - 1 : chart.region.bottom])
    labels = [int(line.split("┤")[0]) for line in lines if "┤" in line]
    assert labels == [40, 20, 0]  # each row: the minutes where it begins
    top, middle, bottom = (line for line in lines if "┤" in line)
    # Rows of 20 minutes up to 60: 48 is two rows and 3 eighths, 30 one and a half,
    # 15 six eighths of the first, 6 two eighths (a low bar, not nothing).
    assert top.count("▃") == 2 and top.count("█") == 0
    assert middle.count("█") == 2 and middle.count("▄") == 1
    assert bottom.count("█") == 3 and "▆" in bottom and "▂" in bottom
    assert "5 walks · leg pain on 5 days" in caption_text


async def test_walk_chart_without_walks_draws_no_axes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_walk_log(pilot)
        assert not screen.query_one(MinuteBars).display
        assert "No walks in these days." in shown_text(app)


# 7. A burst of keys, all at once as SSH delivers them, saves what the field shows.


def burst(app: CoachApp, *keys: str) -> None:
    """Keys posted as the driver does with one read of the terminal: no waiting between."""
    characters = {"backspace": "\x7f", "enter": "\r"}
    for key in keys:
        character = characters.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_a_burst_in_the_pain_prompt_rates_what_was_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        step = await open_exercise(pilot)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, PainPrompt))
        burst(app, "1", "backspace", "3", "enter")
        await settle(pilot, lambda: isinstance(app.screen, StepScreen))
        await pilot.pause()
        assert step.session.pain_before == 3
        assert "Noted: pain 3 of 10 before you start." in notices(app)


async def _burst_rates_3_then_leaves(pilot: Pilot[Any], app: CoachApp, store: Store) -> None:
    """`1`, backspace, `3`, enter, escape in one read: pain 3 saved and said, then the menu."""
    burst(app, "1", "backspace", "3", "enter", "escape")
    await settle(pilot, lambda: isinstance(app.screen, MenuScreen))
    assert isinstance(app.screen, MenuScreen)
    await loaded(pilot)  # the save, on the app's writer, answers once in the file
    assert "Saved: pain 3 of 10." in notices(app)
    [session] = store.sessions()
    assert session.pain_after == 3


async def test_a_burst_then_escape_in_ease_off_saves_then_leaves(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot)
        await pilot.press("n", "space", "e")
        await settle(pilot, lambda: isinstance(app.screen, EaseOffScreen))
        await _burst_rates_3_then_leaves(pilot, app, store)


async def test_a_burst_at_the_end_of_an_exercise_saves_what_was_typed(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        await settle(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        await _burst_rates_3_then_leaves(pilot, app, store)


async def test_a_burst_in_the_walk_form_saves_the_minutes_and_pain_shown(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_walk_log(pilot)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, WalkFormModal))
        app.screen.query_one("#minutes", Input).focus()
        await pilot.pause()
        burst(app, "2", "backspace", "1", "5")
        await settle(pilot, lambda: app.screen.query_one("#minutes", Input).value == "15")
        app.screen.query_one("#pain", Input).focus()
        await pilot.pause()
        burst(app, "1", "backspace", "3", "enter")
        await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Walk saved: 15 min, pain 3 of 10." in notices(app)
    [walk] = store.walks()
    assert (walk.minutes, walk.pain) == (15, 3)


async def test_a_second_enter_in_a_burst_does_not_close_the_screen_beneath(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        step = await open_exercise(pilot)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, PainPrompt))
        burst(app, "4", "enter", "enter")
        await settle(pilot, lambda: step.session.pain_before == 4)
        await pilot.pause()
        assert app.screen is step


async def test_the_save_buttons_read_the_field_too(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        step = await open_exercise(pilot)
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, PainPrompt))
        await pilot.press("7")
        app.screen.query_one("#save", Button).press()
        await settle(pilot, lambda: isinstance(app.screen, StepScreen))
        assert step.session.pain_before == 7


async def test_history_and_follow_up_say_when_there_is_nothing_to_change(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("history")
        await settle(pilot, lambda: type(app.screen).__name__ == "HistoryScreen")
        await pilot.press("4")  # the sessions list, empty
        await pilot.press("d")
        assert await settle(pilot, lambda: "No session in these days to delete." in notices(app))
        app.open_screen("follow-up")
        await settle(pilot, lambda: type(app.screen).__name__ == "FollowUpScreen")
        for key in ("e", "d"):
            app.clear_notifications()
            await pilot.press(key)
            assert await settle(
                pilot,
                lambda: "Nothing here to change yet: press a to add one." in notices(app),
            )


@pytest.mark.parametrize(
    "keys",
    [
        ("1", "5", "tab", "tab", "tab", "3", "enter"),  # not "153": tab moves on first
        ("1", "6", "backspace", "5", "tab", "tab", "tab", "3", "enter"),  # not 165
    ],
    ids=["tab", "backspace-then-tab"],
)
async def test_a_burst_with_tabs_fills_each_field_with_what_was_typed_in_it(
    make_app: AppFactory, store: Store, keys: tuple[str, ...]
) -> None:
    """One read of the terminal from Minutes to Pain: 15 minutes, pain 3."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("walks")
        await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, WalkFormModal))
        await pilot.press("tab")  # from Started to Minutes
        burst(app, *keys)
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await loaded(pilot)
        [walk] = store.walks()
        assert (walk.minutes, walk.pain) == (15, 3)


async def test_arrows_in_a_dialog_stop_at_either_end(make_app: AppFactory) -> None:
    """An arrow pressed once too often must not wrap round onto the other answer."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ConfirmModal("Quit anyway?", yes="Quit", no="Keep going"))
        await settle(pilot, lambda: app.focused is not None and app.focused.id == "no")
        await pilot.press("right", "down")
        assert app.focused.id == "no"
        await pilot.press("left", "left", "up")
        assert app.focused is not None and app.focused.id == "yes"
