"""How the screens look at 80x24, pinned as SVG snapshots (update on purpose: make snapshots)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coach.app import CoachApp
from coach.clock import FakeClock
from coach.locations import content_dir
from coach.model.content import load_library
from coach.model.records import Walk
from coach.model.settings import Settings
from coach.store import Store
from tests.ui.conftest import NOW, advance, dismiss_toast, loaded, month_of_walks, settle

SIZE = (80, 24)
Snap = Callable[..., bool]
LIGHT, HIGH_CONTRAST = "back-coach-light", "back-coach-high-contrast"

HOSTILE_EXERCISE = """
id = "odd-text"
title = "[bold red]Not bold[/] [link=x]no link[/link]"
summary = "[@click=app.quit]Click me[/] stays text"

[cycle]
text = "[reverse]plain[/reverse]"
reps = { min = 2, max = 2 }

[[cycle.positions]]
id = "hold"
title = "Hold [i]here[/i]"
text = "Brackets [like this] stay."
hold = { min = 5, max = 5 }
"""


@pytest.fixture
def fixed_store() -> Iterator[Store]:
    """A database at a fixed path, because the about and settings screens show the path."""
    folder = Path(tempfile.gettempdir()) / "backcoach-snapshots"
    shutil.rmtree(folder, ignore_errors=True)
    store = Store.open(folder / "backcoach.json")
    store.save_settings(replace(Settings(), about_acknowledged=True))
    yield store
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_for(fixed_store: Store, tmp_path: Path) -> Callable[..., CoachApp]:
    def make(*, extra: str | None = None, **settings: Any) -> CoachApp:
        if settings:
            fixed_store.save_settings(replace(fixed_store.settings(), **settings))
        folders = []
        if extra is not None:
            (tmp_path / "extra.toml").write_text(extra)
            folders.append(tmp_path)
        library = load_library(content_dir(), folders)
        return CoachApp(library=library, store=fixed_store, clock=FakeClock(now=NOW), zone=UTC)

    return make


class TestMenu:
    def test_menu(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE)

    def test_menu_light(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(theme=LIGHT), terminal_size=SIZE)

    def test_menu_high_contrast(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(theme=HIGH_CONTRAST), terminal_size=SIZE)

    def test_hostile_content_is_shown_literally(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        assert snap_compare(app_for(extra=HOSTILE_EXERCISE), terminal_size=SIZE)


async def hold_for_seven_seconds(pilot: Pilot[Any]) -> None:
    """From the menu: cat-cow's first hold (15 s), seven seconds in."""
    from coach.screens.step import StepScreen

    await pilot.press("enter", "n", "space")
    await advance(pilot, 3 + 7)  # get ready, then seven seconds of the hold
    screen = pilot.app.screen
    assert isinstance(screen, StepScreen) and screen.keeper.hold_running


async def open_walk_log(pilot: Pilot[Any]) -> None:
    """From the menu: the walk log, with the file read (its worker) and shown."""
    from coach.screens.walks import WalkLogScreen

    await pilot.press("w")
    assert await settle(pilot, lambda: isinstance(pilot.app.screen, WalkLogScreen))
    await loaded(pilot)


async def open_add_form(pilot: Pilot[Any]) -> None:
    """From the menu: the walk log's form for a walk taken earlier (a)."""
    from coach.screens.walk_form import WalkFormModal

    await open_walk_log(pilot)
    await pilot.press("a")
    assert await settle(pilot, lambda: isinstance(pilot.app.screen, WalkFormModal))
    await pilot.pause()


class TestStep:
    def test_start_position(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE, press=["enter"])

    def test_mid_hold(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE, run_before=hold_for_seven_seconds)

    def test_mid_hold_light(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(
            app_for(theme=LIGHT), terminal_size=SIZE, run_before=hold_for_seven_seconds
        )

    def test_mid_hold_high_contrast(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        assert snap_compare(
            app_for(theme=HIGH_CONTRAST), terminal_size=SIZE, run_before=hold_for_seven_seconds
        )

    def test_pain_prompt_before_starting(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        """r on the first step asks for a rating before the session starts."""

        async def rate_before(pilot: Pilot[Any]) -> None:
            from coach.screens.pain_prompt import PainPrompt

            await pilot.press("enter", "r")
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, PainPrompt))
            await pilot.pause()

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=rate_before)

    def test_ease_off(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        """e during a hold: the guidance, the session saved as stopped, a rating asked."""

        async def ease_off(pilot: Pilot[Any]) -> None:
            from coach.screens.ease_off import EaseOffScreen

            await hold_for_seven_seconds(pilot)
            await pilot.press("e")
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, EaseOffScreen))
            await pilot.pause()

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=ease_off)

    def test_confirm_quit_while_holding(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        """q while a hold runs asks first, over the hold (its focus bar hidden)."""

        async def quit_mid_hold(pilot: Pilot[Any]) -> None:
            from coach.screens.confirm import ConfirmModal

            await hold_for_seven_seconds(pilot)
            await pilot.press("q")
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
            await pilot.pause()

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=quit_mid_hold)

    def test_paused_hold_with_neck_variant(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        async def pause_in_cow(pilot: Pilot[Any]) -> None:
            await pilot.press("enter", "n", "n", "space")
            await advance(pilot, 12)
            await pilot.press("space")

        assert snap_compare(
            app_for(neck_problem=True, get_ready_seconds=0),
            terminal_size=SIZE,
            run_before=pause_in_cow,
        )

    def test_hostile_step_text(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(
            app_for(extra=HOSTILE_EXERCISE), terminal_size=SIZE, press=["down", "enter"]
        )

    def test_summary(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        async def whole_routine(pilot: Pilot[Any]) -> None:
            await pilot.press("enter", "n", "space")
            for _ in range(4):
                await advance(pilot, 15)

        assert snap_compare(
            app_for(get_ready_seconds=0), terminal_size=SIZE, run_before=whole_routine
        )


PICTURES = {  # every picture, as a person reaches it: keys from the menu, neck variant
    "start": (["enter"], False),
    "cat": (["enter", "n"], False),
    "cow": (["enter", "n", "n"], False),
    "cat-neck": (["enter", "n"], True),
    "cow-neck": (["enter", "n", "n"], True),
    "rest": (["r"], False),
}


class TestPictures:
    """Each picture at 80x24, in the dark and the light theme (look at them when they change)."""

    @pytest.mark.parametrize("theme", ["back-coach-dark", LIGHT])
    @pytest.mark.parametrize("picture", PICTURES)
    def test_picture(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], picture: str, theme: str
    ) -> None:
        keys, neck = PICTURES[picture]
        assert snap_compare(app_for(neck_problem=neck, theme=theme), terminal_size=SIZE, press=keys)


class TestAnswers:
    def test_pain_after_a_session(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        async def rate_pain_4(pilot: Pilot[Any]) -> None:
            await pilot.press("enter", "n", "space")
            for _ in range(4):
                await advance(pilot, 15)
            await pilot.press("4", "enter")
            await loaded(pilot)

        assert snap_compare(
            app_for(get_ready_seconds=0), terminal_size=SIZE, run_before=rate_pain_4
        )

    def test_a_walk_with_leg_pain_on_a_hill(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], fixed_store: Store
    ) -> None:
        from textual.widgets import Input, Select

        from coach.model.records import Terrain

        async def add_walk(pilot: Pilot[Any]) -> None:
            await open_add_form(pilot)
            form = pilot.app.screen
            form.query_one("#start", Input).value = "08:30"
            form.query_one("#minutes", Input).value = "25"
            form.query_one("#terrain", Select).value = Terrain.HILLY
            form.query_one("#leg-pain", Select).value = True
            await pilot.press("enter")
            await loaded(pilot)
            # the "saved" toast is said, then cleared: the note on the log stays
            await dismiss_toast(pilot, "Walk saved")

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=add_walk)


class TestPages:
    def test_rest_guide(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE, press=["r"])

    def test_help(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE, press=["question_mark"])

    def test_settings(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE, press=["s"])

    def test_about_on_first_run(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(about_acknowledged=False), terminal_size=SIZE)

    def test_about(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        """About from the menu, once read: escape goes back, no button to acknowledge."""

        async def open_about(pilot: Pilot[Any]) -> None:
            from coach.screens.about import AboutScreen

            app = pilot.app
            assert isinstance(app, CoachApp)
            app.open_screen("about")
            assert await settle(pilot, lambda: isinstance(app.screen, AboutScreen))
            await pilot.pause()

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=open_about)

    def test_too_small(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        async def told(pilot: Pilot[Any]) -> None:
            from coach.screens.too_small import TooSmallScreen

            # the size is checked after the first refresh: wait for what it shows
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, TooSmallScreen))

        assert snap_compare(app_for(), terminal_size=(50, 15), run_before=told)


class TestWalkLog:
    def test_thirty_days_of_walks(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], fixed_store: Store
    ) -> None:
        month_of_walks(fixed_store, days=30)

        async def show_log(pilot: Pilot[Any]) -> None:
            await open_walk_log(pilot)
            # the last walk was yesterday: the start-up reminder is said, then cleared
            await dismiss_toast(pilot, "A walk is due")

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=show_log)

    def test_empty_log(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        """No walks yet: the log says how to start one, with nothing due."""
        assert snap_compare(app_for(), terminal_size=SIZE, run_before=open_walk_log)

    def test_add_form(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(), terminal_size=SIZE, run_before=open_add_form)

    def test_add_form_light(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        assert snap_compare(app_for(theme=LIGHT), terminal_size=SIZE, run_before=open_add_form)

    def test_add_form_high_contrast(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp]
    ) -> None:
        assert snap_compare(
            app_for(theme=HIGH_CONTRAST), terminal_size=SIZE, run_before=open_add_form
        )

    def test_form_error(self, snap_compare: Snap, app_for: Callable[..., CoachApp]) -> None:
        """Letters typed as the minutes, then enter: the form stays and says what is wrong."""

        async def wrong_minutes(pilot: Pilot[Any]) -> None:
            from textual.widgets import Input

            from coach.screens.walk_form import WalkFormModal

            await open_add_form(pilot)
            form = pilot.app.screen
            form.query_one("#minutes", Input).focus()
            await pilot.press("a", "b", "c", "enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, WalkFormModal)
            assert str(form.query_one("#form-error").render())

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=wrong_minutes)

    def test_confirm_delete(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], fixed_store: Store
    ) -> None:
        """d on a walk asks first, naming the walk; the log behind keeps its place."""
        fixed_store.add_walk(Walk(NOW - timedelta(minutes=50), NOW - timedelta(minutes=35), 15))

        async def delete(pilot: Pilot[Any]) -> None:
            from coach.screens.confirm import ConfirmModal

            await open_walk_log(pilot)
            await pilot.press("d")
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
            await pilot.pause()

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=delete)

    def test_finish_form(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], fixed_store: Store
    ) -> None:
        month_of_walks(fixed_store, days=3)
        fixed_store.start_walk(NOW - timedelta(minutes=18))

        async def finish(pilot: Pilot[Any]) -> None:
            from coach.screens.walk_form import ResumeWalkModal, WalkFormModal
            from coach.screens.walks import WalkLogScreen

            app = pilot.app
            assert await settle(pilot, lambda: isinstance(app.screen, ResumeWalkModal))
            await pilot.press("escape")  # keep timing: the walk log with its stopwatch
            assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
            await loaded(pilot)
            await pilot.press("s")
            assert await settle(pilot, lambda: isinstance(app.screen, WalkFormModal))
            await loaded(pilot)

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=finish)

    def test_resume_offer(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], fixed_store: Store
    ) -> None:
        fixed_store.start_walk(NOW - timedelta(minutes=18))

        async def offered(pilot: Pilot[Any]) -> None:
            from coach.screens.walk_form import ResumeWalkModal

            # offered after the first refresh: wait for it
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, ResumeWalkModal))
            await pilot.pause()

        assert snap_compare(app_for(), terminal_size=SIZE, run_before=offered)


class TestProgram:
    """The app under a therapist's program (`coach plan import`)."""

    @pytest.fixture
    def planned(self, fixed_store: Store, tmp_path: Path) -> Callable[[str], None]:
        from tests.ui.test_program import keep_plan

        def keep(starts: str) -> None:
            keep_plan(fixed_store, load_library(content_dir()), tmp_path / "plan", starts)

        return keep

    def test_menu_with_a_program(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], planned: Callable[[str], None]
    ) -> None:
        planned("2026-05-01")
        assert snap_compare(app_for(), terminal_size=SIZE)

    def test_menu_before_the_program_starts(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], planned: Callable[[str], None]
    ) -> None:
        planned("2026-05-07")
        assert snap_compare(app_for(), terminal_size=SIZE)

    def test_program_page(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], planned: Callable[[str], None]
    ) -> None:
        planned("2026-05-01")
        assert snap_compare(app_for(), terminal_size=SIZE, press=["down", "enter"])

    def test_first_step_with_the_therapist_s_note(
        self, snap_compare: Snap, app_for: Callable[..., CoachApp], planned: Callable[[str], None]
    ) -> None:
        planned("2026-05-01")
        assert snap_compare(app_for(), terminal_size=SIZE, press=["enter"])
