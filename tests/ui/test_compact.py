"""A phone's page (about 40x20 in a browser): the menu, the step panel and what opens from it
work there, compact; every other screen asks for a larger window, and escape gets back.

The end of a hold lights the hold area up for a moment, whatever the bell setting: a
browser rings no bell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from coach.app import CoachApp
from coach.model.content import Library
from coach.screens.about import AboutScreen
from coach.screens.confirm import ConfirmModal
from coach.screens.ease_off import EaseOffScreen
from coach.screens.menu import MenuScreen
from coach.screens.pain_prompt import PainPrompt
from coach.screens.registry import SCREEN_TITLES
from coach.screens.step import StepScreen
from coach.screens.summary import SummaryScreen
from coach.screens.too_small import PHONE_SIZE, TooSmallScreen
from coach.screens.walks import WalkLogScreen
from coach.themes import THEME_NAMES
from coach.widgets.hold import BigDigits, HoldBar
from tests.ui.conftest import (
    AppFactory,
    advance,
    is_visible,
    screen_lines,
    settle,
    whole_routine,
)
from tests.ui.test_readable import _low_contrast

PHONE = (40, 20)
Snap = Callable[..., bool]


def covered(app: CoachApp) -> bool:
    return any(isinstance(screen, TooSmallScreen) for screen in app.screen_stack)


def footer(app: CoachApp) -> str:
    return screen_lines(app)[-1]


def in_view(app: CoachApp, selector: str) -> Region:
    """The widget's region, asserted wholly on screen (not cut off, not scrolled away)."""
    widget = app.screen.query_one(selector)
    region = widget.region
    assert widget.display and region.area > 0, selector
    assert app.screen.region.contains_region(region), (selector, region)
    return region


async def menu_shown(pilot: Pilot[Any]) -> None:
    """Wait for the menu, painted, and for what the app checks after its first paint."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    assert await settle(pilot, lambda: "Cat-cow" in "\n".join(screen_lines(app)))
    await pilot.pause()


async def running_hold(pilot: Pilot[Any], seconds: float = 5) -> StepScreen:
    """From the menu: cat-cow's first hold, `seconds` in (after the get-ready)."""
    await pilot.press("enter", "n", "space")
    await advance(pilot, 3 + seconds)
    screen = pilot.app.screen
    assert isinstance(screen, StepScreen) and screen.keeper.hold_running
    return screen


# The menu.


async def test_the_menu_shows_every_entry_at_40x20(make_app: AppFactory, library: Library) -> None:
    app = make_app()
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        assert isinstance(app.screen, MenuScreen) and not covered(app)
        lines = screen_lines(app)
        titles = [e.title for e in library.exercises] + [t for t, _ in SCREEN_TITLES.values()]
        for title in titles:
            assert any(title in line for line in lines[:-1]), title
        summary = library.exercises[0].summary
        assert summary[:20] not in "\n".join(lines)  # titles only: the summaries left out
        assert "Open" in footer(app) and "Help" in footer(app)


async def test_the_menu_keys_work_when_compact(make_app: AppFactory) -> None:
    """w, r and s are out of the compact footer, not out of use."""
    app = make_app()
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        assert "Walks" not in footer(app)
        await pilot.press("w")
        assert await settle(
            pilot, lambda: any(isinstance(s, WalkLogScreen) for s in app.screen_stack)
        )


async def test_the_menu_summaries_come_back_when_wide(
    make_app: AppFactory, library: Library
) -> None:
    app = make_app()
    summary = library.exercises[0].summary
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.resize_terminal(80, 24)
        assert await settle(pilot, lambda: summary in "\n".join(screen_lines(app)))
        assert "Walks" in footer(app) and "palette" in footer(app)


async def test_the_menu_follows_every_size_after_its_first_and_after_being_covered(
    make_app: AppFactory, library: Library
) -> None:
    """The menu lets pass only the very first size told, the one it was laid out for:
    a size changed while another screen covered it, then the start size again, is
    still laid out."""
    app = make_app()
    summary = library.exercises[0].summary
    async with app.run_test(size=(80, 24)) as pilot:
        await menu_shown(pilot)
        menu = app.screen
        assert isinstance(menu, MenuScreen) and not menu.has_class("-compact")
        await pilot.resize_terminal(80, 24)  # the start size told again: nothing changes
        await pilot.pause()
        assert summary in "\n".join(screen_lines(app))
        await pilot.press("w")
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await pilot.resize_terminal(*PHONE)  # resized while the walk log covers the menu
        await pilot.pause()
        await pilot.press("escape")
        assert await settle(pilot, lambda: app.screen is menu and menu.has_class("-compact"))
        await pilot.resize_terminal(80, 24)  # back to the size the menu first had
        assert await settle(pilot, lambda: not menu.has_class("-compact"))
        assert await settle(pilot, lambda: summary in "\n".join(screen_lines(app)))
        assert menu.size == (80, 24)


# The step panel.


async def test_a_running_hold_at_40x20_keeps_digits_bar_and_keys_in_view(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        screen = await running_hold(pilot)
        await pilot.pause()
        assert not covered(app) and screen.has_class("-compact")
        digits = in_view(app, "#digits")
        bar = in_view(app, "#bar")
        assert screen.query_one(BigDigits).shown == 10
        assert "|" in "\n".join(screen_lines(app)[digits.y : digits.bottom])  # drawn, big
        assert bar.width >= 20  # the room left beside the digits, not a fixed 32 cut off
        assert is_visible(app, "Holding. Space pauses; n moves on.")
        keys = footer(app)
        for label in ("Pause", "Next", "Ease off", "Menu"):
            assert label in keys, keys
        assert screen.query_one(HoldBar).progress > 0  # 5 of 15 seconds: a third across


async def test_the_compact_footer_says_what_space_does(make_app: AppFactory) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.press("enter", "n")
        await pilot.pause()
        assert "space Start" in footer(app) and "Ease off" in footer(app)
        await pilot.press("space")
        assert await settle(pilot, lambda: "space Pause" in footer(app))
        await pilot.press("space")
        assert await settle(pilot, lambda: "space Resume" in footer(app))
        await pilot.resize_terminal(80, 24)
        assert await settle(pilot, lambda: "Start/pause" in footer(app))


async def test_the_first_step_shows_every_caution_at_40x20(
    make_app: AppFactory, library: Library
) -> None:
    app = make_app()
    cautions, _ = library.cautions(library.exercise("cat-cow"))
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen) and not covered(app)
        assert is_visible(app, "Before you start")
        for caution in cautions:
            assert is_visible(app, caution), caution
        keys = footer(app)
        for label in ("Next", "Ease off", "Menu"):
            assert label in keys, keys


async def test_the_step_panel_goes_compact_and_back(make_app: AppFactory) -> None:
    """Resized mid-hold: compact at 40 columns, then as before at 80 (the instruction box
    has the focus again, the cautions below it)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await menu_shown(pilot)
        screen = await running_hold(pilot)
        assert screen.focused is screen.query_one("#instruction-box")
        await pilot.resize_terminal(*PHONE)
        assert await settle(pilot, lambda: screen.has_class("-compact"))
        await pilot.pause()
        assert screen.focused is screen.query_one("#step-middle")
        assert in_view(app, "#bar").width >= 20
        await pilot.resize_terminal(80, 24)
        assert await settle(pilot, lambda: not screen.has_class("-compact"))
        await pilot.pause()
        assert screen.focused is screen.query_one("#instruction-box")
        assert in_view(app, "#bar").width == 32
        middle = [w.id for w in screen.query_one("#step-middle").children]
        assert middle == ["step-body", "before-start", "neck-choice"]


async def test_the_dialogs_over_a_hold_fit_40x20(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.press("enter", "r")
        assert await settle(pilot, lambda: isinstance(app.screen, PainPrompt))
        await pilot.pause()
        assert not covered(app)
        in_view(app, "#pain")
        in_view(app, "#save")
        await pilot.press("escape")
        await running_hold(pilot)
        await pilot.press("escape")
        assert await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.pause()
        assert not covered(app)
        in_view(app, "#yes")
        in_view(app, "#no")


async def test_ease_off_and_the_summary_fit_40x20(make_app: AppFactory) -> None:
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await whole_routine(pilot)
        assert await settle(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("5", "enter")
        await pilot.pause()
        assert not covered(app)
        in_view(app, "#pain-answer")
        in_view(app, "#save")  # "Back to the menu (enter)"
        app.pop_screen()
        await settle(pilot, lambda: isinstance(app.screen, MenuScreen))
        await running_hold(pilot)
        await pilot.press("e")
        assert await settle(pilot, lambda: isinstance(app.screen, EaseOffScreen))
        await pilot.press("1", "1", "enter")  # refused: the message under the buttons shows
        await pilot.pause()
        assert not covered(app)
        for selector in ("#pain", "#save", "#back", "#pain-error"):
            in_view(app, selector)
        assert is_visible(app, "Please enter a whole number from 0 to 10, or leave it blank.")


async def test_the_last_hold_ending_under_a_question_shows_the_summary_in_its_place(
    make_app: AppFactory,
) -> None:
    """The question "Stop this exercise?" is moot once the exercise is done: the summary
    replaces the step panel (not the question), and escape from it gets back to the menu."""
    app = make_app(get_ready_seconds=0)
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.press("enter", "n", "space")
        for _ in range(3):
            await advance(pilot, 15)
        await pilot.press("escape")
        assert await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await advance(pilot, 15)
        assert await settle(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert [type(s) for s in app.screen_stack[1:]] == [MenuScreen, SummaryScreen]
        await pilot.press("escape")
        assert await settle(pilot, lambda: isinstance(app.screen, MenuScreen))


# The cover, for screens that need more room.


async def test_the_walk_log_at_40x20_asks_to_widen_and_escape_goes_back(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.press("w")
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.pause()
        text = " ".join(" ".join(screen_lines(app)).split())
        assert "This screen needs at least 60 columns by 20 rows." in text
        assert "Please make the window larger, or press escape to go back." in text
        assert all(len(line.rstrip()) <= PHONE[0] for line in screen_lines(app))
        assert "Back" in footer(app)  # a tap, on a phone
        await pilot.press("escape")
        assert await settle(pilot, lambda: isinstance(app.screen, MenuScreen))
        await pilot.pause(0.2)
        assert not covered(app)
        assert [type(s) for s in app.screen_stack[1:]] == [MenuScreen]


async def test_growing_the_window_lifts_the_cover(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.press("w")
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.resize_terminal(80, 24)
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        assert not covered(app)


async def test_the_menu_too_short_has_nothing_to_go_back_to(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(40, 15)) as pilot:
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.pause()
        text = " ".join(" ".join(screen_lines(app)).split())
        assert f"at least {PHONE_SIZE[0]} columns by {PHONE_SIZE[1]} rows" in text
        assert "escape" not in text
        assert "Back" not in footer(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert [type(s) for s in app.screen_stack[1:]] == [MenuScreen, TooSmallScreen]


async def test_escape_on_the_cover_asks_first_while_a_hold_runs(make_app: AppFactory) -> None:
    """Escape does what it does on the screen beneath: a running hold is not dropped."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await menu_shown(pilot)
        screen = await running_hold(pilot)
        await pilot.resize_terminal(60, 14)
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.press("escape")
        assert await settle(
            pilot, lambda: any(isinstance(s, ConfirmModal) for s in app.screen_stack)
        )
        assert screen in app.screen_stack and screen.keeper.hold_running


async def test_a_first_run_on_a_phone_reaches_the_safety_page_and_its_button(
    make_app: AppFactory,
) -> None:
    """A new person on a phone's page is never stuck: the first-run page fits it, with
    "I understand" a tap away in the footer, and escape does not count as having read it."""
    app = make_app(about_acknowledged=False)
    async with app.run_test(size=PHONE) as pilot:
        assert await settle(pilot, lambda: isinstance(app.screen, AboutScreen))
        await pilot.pause()
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        assert "I understand" in footer(app)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, AboutScreen) and not app.settings.about_acknowledged
        await pilot.press("enter")
        assert await settle(pilot, lambda: isinstance(app.screen, MenuScreen))
        assert app.settings.about_acknowledged


async def test_the_first_run_page_cannot_be_skipped_from_the_cover(make_app: AppFactory) -> None:
    """Smaller still, the cover offers no way past the first-run page either."""
    app = make_app(about_acknowledged=False)
    async with app.run_test(size=(36, 16)) as pilot:
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.pause()
        assert isinstance(app.screen_stack[-2], AboutScreen)
        assert "escape" not in " ".join(screen_lines(app)) and "Back" not in footer(app)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert [type(s) for s in app.screen_stack[1:]] == [MenuScreen, AboutScreen, TooSmallScreen]


# The end of a hold, seen.


@pytest.mark.parametrize("bell", [True, False])
async def test_the_end_of_a_hold_flashes_the_hold_area(make_app: AppFactory, bell: bool) -> None:
    app = make_app(bell=bell, get_ready_seconds=0, auto_advance=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await menu_shown(pilot)
        await pilot.press("enter", "n", "space")
        screen = app.screen
        assert isinstance(screen, StepScreen)
        area = screen.query_one("#hold-area")
        await advance(pilot, 7)
        assert not area.has_class("-hold-done-flash")  # not while the hold runs
        await advance(pilot, 8)
        assert "Hold done" in " ".join(screen_lines(app))
        assert area.has_class("-hold-done-flash")
        # It goes by itself, after a moment (its length is the app's timer, not timed here:
        # a loaded machine made a wall-clock bound flaky).
        assert await settle(pilot, lambda: not area.has_class("-hold-done-flash"), seconds=5)


async def test_the_flash_shows_without_colour(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(get_ready_seconds=0, auto_advance=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await menu_shown(pilot)
        await pilot.press("enter", "n", "space")
        await advance(pilot, 15)
        area = app.screen.query_one("#hold-area")
        assert area.has_class("-hold-done-flash")
        assert area.styles.text_style.reverse


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", list(THEME_NAMES))
async def test_compact_screens_and_the_flash_read_at_4_5_to_1(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, theme: str, no_color: bool
) -> None:
    """As test_readable's scan, at 40x20: the menu, the cautions, a hold, its flash, the cover."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(theme=theme, get_ready_seconds=0, auto_advance=False)
    below: list[str] = []
    async with app.run_test(size=PHONE) as pilot:
        await menu_shown(pilot)
        await pilot.pause()
        below += _low_contrast(app)
        await pilot.press("enter")
        await pilot.pause()
        below += _low_contrast(app)
        await pilot.press("n", "space")
        await advance(pilot, 5)
        below += _low_contrast(app)
        await advance(pilot, 10)
        assert app.screen.query_one("#hold-area").has_class("-hold-done-flash")
        below += _low_contrast(app)
        app.pop_screen()
        await menu_shown(pilot)
        await pilot.press("w")
        assert await settle(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.pause()
        below += _low_contrast(app)
    assert not below, "\n".join(below[:40])


# How it looks: look at these when they change.


class TestCompactSnapshots:
    def test_menu(self, snap_compare: Snap, make_app: AppFactory) -> None:
        assert snap_compare(make_app(), terminal_size=PHONE)

    def test_first_step_with_the_cautions(self, snap_compare: Snap, make_app: AppFactory) -> None:
        assert snap_compare(make_app(), terminal_size=PHONE, press=["enter"])

    def test_running_hold(self, snap_compare: Snap, make_app: AppFactory) -> None:
        async def seven_seconds_in(pilot: Pilot[Any]) -> None:
            await running_hold(pilot, seconds=7)
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=PHONE, run_before=seven_seconds_in)

    def test_the_cover_over_the_walk_log(self, snap_compare: Snap, make_app: AppFactory) -> None:
        async def open_walks(pilot: Pilot[Any]) -> None:
            await pilot.press("w")
            assert await settle(pilot, lambda: isinstance(pilot.app.screen, TooSmallScreen))
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=PHONE, run_before=open_walks)


@pytest.mark.parametrize("size", [(88, 17), (101, 19), (40, 16)])
async def test_a_phone_on_its_side_still_shows_a_running_hold(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    """Landscape phones give 17 to 19 rows: the hold, the reason to serve, is not covered."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await menu_shown(pilot)
        screen = await running_hold(pilot)
        await pilot.pause()
        assert not covered(app)
        in_view(app, "#digits")
        in_view(app, "#bar")
        assert "Ease off" in footer(app)
        assert screen.keeper.hold_running
