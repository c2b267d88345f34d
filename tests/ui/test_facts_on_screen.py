"""Every fact a person can meet, met where it belongs: visible on the 80x24 screen.

Not "in a file": each fact's text is read off the composed screen, inside a widget
that is wholly visible without scrolling (the cautions included). F1 to F4 on the
first run and on the exercise's first step; F5 to F8 on the rest guide; F9 to F12
on the walk log; F13 to F17 on the steps; F18 to F20 on follow-up care; F21 on
about; F3 and F19 again where pain is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coach.app import CoachApp
from coach.clock import FakeClock
from coach.model.content import Library
from coach.screens.about import AboutScreen
from coach.screens.ease_off import EaseOffScreen
from coach.screens.follow_up import FollowUpScreen
from coach.screens.rest import RestScreen
from coach.screens.step import StepScreen
from coach.screens.summary import SummaryScreen
from coach.screens.walks import WalkLogScreen
from tests.ui.conftest import (
    AppFactory,
    advance,
    change_elsewhere,
    is_visible,
    loaded,
    settle,
    visible_texts,
    whole_routine,
)

ALL_FACTS = [f"F{n}" for n in range(1, 22)]
Opener = Callable[[Pilot[Any]], Awaitable[type]]


def carriers(library: Library, fact: str) -> list[list[str]]:
    """Each piece of content that carries the fact, as the texts that must all be seen."""
    return [text.split("\n") for facts, text in library.items_with_facts() if fact in facts]


def fact_visible(app: CoachApp, library: Library, fact: str) -> bool:
    return any(all(is_visible(app, part) for part in parts) for parts in carriers(library, fact))


async def first_run(pilot: Pilot[Any]) -> type:
    return AboutScreen


async def first_step(pilot: Pilot[Any]) -> type:
    await pilot.press("enter")
    await pilot.pause()
    return StepScreen


async def rest_guide(pilot: Pilot[Any]) -> type:
    await pilot.press("r")
    await pilot.pause()
    return RestScreen


async def walk_log(pilot: Pilot[Any]) -> type:
    await pilot.press("w")
    await settle(pilot, lambda: isinstance(pilot.app.screen, WalkLogScreen))
    await loaded(pilot)  # the log is read in a worker
    return WalkLogScreen


def step(number: int, neck: bool = False) -> Opener:
    async def open_step(pilot: Pilot[Any]) -> type:
        await first_step(pilot)
        if neck:
            await pilot.press("v")
        for _ in range(number - 1):
            await pilot.press("n")
        await pilot.pause()
        return StepScreen

    return open_step


async def follow_up(pilot: Pilot[Any]) -> type:
    app = pilot.app
    assert isinstance(app, CoachApp)
    app.open_screen("follow-up")
    await pilot.pause()
    return FollowUpScreen


async def about(pilot: Pilot[Any]) -> type:
    app = pilot.app
    assert isinstance(app, CoachApp)
    app.open_screen("about")
    await pilot.pause()
    return AboutScreen


WHERE: list[tuple[str, str, Opener]] = [
    *((f, "first run", first_run) for f in ("F1", "F2", "F3", "F4")),
    *((f, "the exercise's first step", first_step) for f in ("F1", "F2", "F3", "F4")),
    *((f, "the rest guide", rest_guide) for f in ("F5", "F6", "F7", "F8")),
    *((f, "the walk log", walk_log) for f in ("F9", "F10", "F11", "F12")),
    ("F13", "the start step", step(1)),
    ("F14", "the cat step", step(2)),
    ("F15", "the cow step", step(3)),
    ("F16", "a held step", step(2)),
    ("F17", "the start step", step(1)),
    ("F17", "the cat step, neck variant on", step(2, neck=True)),
    ("F17", "the cow step, neck variant on", step(3, neck=True)),
    *((f, "follow-up care", follow_up) for f in ("F18", "F19", "F20")),
    ("F21", "about", about),
]


def test_every_fact_has_a_screen() -> None:
    facts_file = Path(__file__).parents[3] / "shared" / "CONTENT-FACTS.md"
    expected = set(ALL_FACTS)
    if facts_file.exists():  # the list itself, when the shared folder is beside the checkout
        expected = set(re.findall(r"^- (F\d+)\.", facts_file.read_text(), re.M))
    assert {fact for fact, _, _ in WHERE} == expected


@pytest.mark.parametrize(
    ("fact", "opener"), [(f, o) for f, _, o in WHERE], ids=[f"{f} on {w}" for f, w, _ in WHERE]
)
async def test_the_fact_is_visible_where_it_belongs(
    make_app: AppFactory, library: Library, fact: str, opener: Opener
) -> None:
    app = make_app(about_acknowledged=opener is not first_run)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        expected = await opener(pilot)
        assert isinstance(app.screen, expected)
        assert fact_visible(app, library, fact), (
            f"{fact} is not visible; the screen shows:\n" + "\n".join(visible_texts(app))
        )


async def test_all_the_cautions_show_at_once_on_the_first_step_every_time(
    make_app: AppFactory, library: Library
) -> None:
    cautions = library.exercise("cat-cow").cautions
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        assert all(is_visible(app, caution) for caution in cautions)
        await pilot.press("n")
        await pilot.pause()
        assert not any(is_visible(app, caution) for caution in cautions)  # only on the first
        await pilot.press("p")
        await pilot.pause()
        assert all(is_visible(app, caution) for caution in cautions)
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert all(is_visible(app, caution) for caution in cautions)  # and the next time


async def test_the_neck_variant_is_shown_and_switched_on_the_start_step(
    make_app: AppFactory, library: Library, store: Any
) -> None:
    neck = library.guide("neck-variant").text
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        assert is_visible(app, f"Neck variant: off (press v). {neck}")
        await pilot.press("v")
        await pilot.pause()
        assert is_visible(app, f"Neck variant: on (press v). {neck}")
        assert store.settings().neck_problem  # remembered: the same setting as in Settings
        await pilot.click("#neck-choice")
        await pilot.pause()
        assert is_visible(app, "Neck variant: off")
        assert not store.settings().neck_problem


@pytest.mark.parametrize("neck", [False, True])
async def test_the_held_steps_show_the_words_and_picture_of_the_variant_in_force(
    make_app: AppFactory, library: Library, neck: bool
) -> None:
    app = make_app(neck_problem=neck)
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        for position in library.exercise("cat-cow").positions:
            await pilot.press("n")
            await pilot.pause()
            shown, hidden = position.instruction(neck), position.instruction(not neck)
            assert is_visible(app, shown) and not is_visible(app, hidden)
            picture = position.picture_for(neck)
            assert picture is not None
            assert picture.splitlines()[-1].strip() in " ".join(visible_texts(app))


async def test_ease_off_keeps_ease_off_and_call_your_doctor(
    make_app: AppFactory, library: Library, clock: FakeClock
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        await pilot.press("n", "space")
        await advance(pilot, 3)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EaseOffScreen)
        for item_id in ("ease-off", "call-doctor"):
            assert is_visible(app, library.guide(item_id).text)


async def test_a_pain_rating_above_0_is_answered_on_screen(
    make_app: AppFactory, library: Library, clock: FakeClock
) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("2", "enter")
        await pilot.pause()
        answer = library.guide("pain-after")
        assert {"F3", "F19"} <= set(answer.facts) and answer.text.startswith("If pain started")
        assert is_visible(app, answer.text)


async def test_the_neck_variant_set_in_another_window_shows_here(
    make_app: AppFactory, library: Library, store: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        await pilot.press("n")
        await pilot.pause()
        cat = library.exercise("cat-cow").positions[0]
        assert is_visible(app, cat.text)
        change_elsewhere(app, store, neck_problem=True)
        await pilot.pause()
        assert cat.neck_text is not None and is_visible(app, cat.neck_text)
        assert not is_visible(app, cat.text)


@pytest.mark.parametrize("size", [(80, 24), (76, 24), (70, 24), (100, 40), (120, 50)])
async def test_the_cautions_are_whole_at_every_width(
    make_app: AppFactory, library: Library, size: tuple[int, int]
) -> None:
    """Every word of every caution, on the first step and on the first-run page."""
    app = make_app(about_acknowledged=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        for item_id in ("examples", "start-slowly", "ease-off", "doctor-decides"):
            assert is_visible(app, library.guide(item_id).text), (item_id, visible_texts(app))
        await pilot.press("enter")
        await first_step(pilot)
        for caution in library.exercise("cat-cow").cautions:
            assert is_visible(app, caution), (caution, visible_texts(app))


async def test_an_exercise_screen_under_another_follows_a_change_made_elsewhere(
    make_app: AppFactory, library: Library, store: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        await pilot.press("question_mark")  # help covers the exercise
        await pilot.pause()
        change_elsewhere(app, store, neck_problem=True)
        await pilot.press("escape", "n")
        await pilot.pause()
        cat = library.exercise("cat-cow").positions[0]
        assert cat.neck_text is not None and is_visible(app, cat.neck_text)


async def test_settings_show_the_neck_variant_switched_on_the_exercise(
    make_app: AppFactory, store: Any
) -> None:
    from textual.widgets import Checkbox

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        settings_screen = app.screen
        app.open_exercise(app.library.exercise("cat-cow"))
        await pilot.pause()
        await pilot.press("v", "escape")
        await pilot.pause()
        assert app.screen is settings_screen
        assert settings_screen.query_one("#neck_problem", Checkbox).value is True
        assert store.settings().neck_problem is True


async def test_a_burst_of_enters_after_a_rating_neither_hides_the_answer_nor_crashes(
    make_app: AppFactory, library: Library, clock: FakeClock
) -> None:
    from coach.screens.menu import MenuScreen

    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        await pilot.press("5", "enter", "enter", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert is_visible(app, library.guide("pain-after").text)
        clock.advance(1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)  # one screen left, the menu still there
        assert len(app.screen_stack) == 2 and app.return_code is None


async def test_a_rating_entered_then_escape_in_one_burst_is_saved(
    make_app: AppFactory, clock: FakeClock, store: Any
) -> None:
    from coach.screens.menu import MenuScreen

    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        await pilot.press("8", "enter", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen) and len(app.screen_stack) == 2
    assert store.sessions()[0].pain_after == 8


async def test_a_held_enter_never_sweeps_the_answer_away(
    make_app: AppFactory, library: Library, clock: FakeClock
) -> None:
    from coach.screens.menu import MenuScreen

    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await whole_routine(pilot)
        await pilot.press("5", "enter")
        for _ in range(60):  # a key held down: repeats every 40 ms for 2.4 s
            clock.advance(0.04)
            await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)
        assert is_visible(app, library.guide("pain-after").text)
        clock.advance(0.5)  # released, then pressed again
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)


async def test_the_longest_cautions_a_file_may_have_still_fit_at_80x24(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """Three cautions of the most columns allowed, and the general ones added after them."""
    from coach.locations import content_dir
    from coach.model.content import load_library
    from coach.model.schema import MAX_CAUTION_COLUMNS

    longest = ("word " * (MAX_CAUTION_COLUMNS // 5))[: MAX_CAUTION_COLUMNS - 1].strip() + "."
    (tmp_path / "wordy.toml").write_text(
        f"""
id = "wordy"
title = "Wordy"
summary = "Many words."
order = 0
cautions = ["{longest}", "{longest}", "{longest}"]

[[setup]]
id = "start"
title = "Start"
text = "Stand with your back to a wall."

[cycle]
text = "Slide down and up."
reps = {{ min = 2, max = 3 }}

[[cycle.positions]]
id = "down"
title = "Down"
text = "Slide down a little."
hold = {{ min = 5, max = 10 }}
"""
    )
    library = load_library(content_dir(), [tmp_path])
    assert library.notices == ()
    app = make_app(library_=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await first_step(pilot)
        assert app.screen.exercise.id == "wordy"
        cautions, _ = library.cautions(library.exercise("wordy"))
        assert len(cautions) == 6
        for caution in cautions:
            assert is_visible(app, caution), (caution, visible_texts(app))
        assert is_visible(app, "No timer here")
