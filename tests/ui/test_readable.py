"""Readable by everyone: every screen opens with its first control focused, the focus and
the checkboxes show as characters, and every letter on screen reads at 4.5:1 or more in
Back Coach's three themes, in colour and under NO_COLOR.

The contrast here is read off the composed screen, cell by cell, after Textual's own
filters (dim, and Monochrome under NO_COLOR): what a terminal is sent, not what a theme
intends. tests/unit/test_contrast.py checks the themes' variables themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from textual.color import Color
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Select

from coach.app import CoachApp
from coach.model.records import ActiveWalk, CareItem, CareKind
from coach.screens.confirm import ConfirmModal
from coach.store import Store
from coach.themes import DEFAULT_THEME, THEME_NAMES
from coach.widgets.hold import BigDigits
from coach.widgets.tick_box import TICKED, UNTICKED, TickBox
from tests.ui.conftest import NOW, AppFactory, month_of_walks, screen_lines, settle
from tests.unit.test_contrast import MINIMUM, contrast_ratio, in_256_colours

SIZE = (80, 24)
FOCUS_BAR = "█"  # styles/app.tcss: drawn at the left of the focused control only


@dataclass(frozen=True)
class Stop:
    """One screen of the journey, and the control that has the focus when it opens."""

    name: str
    focused: str  # the focused widget's id (or its class name if it has none)


async def _wait_for_screen(pilot: Pilot[Any], name: str) -> None:
    app = pilot.app
    assert await settle(pilot, lambda: type(app.screen).__name__ == name), type(app.screen)
    await pilot.pause()  # one more frame: on_mount focus and auto focus have run


async def journey(pilot: Pilot[Any]) -> AsyncIterator[Stop]:
    """Every screen and dialog a person meets, each opened as a person opens it."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    await _wait_for_screen(pilot, "MenuScreen")
    yield Stop("MenuScreen", "menu")

    await pilot.press("enter")  # cat-cow
    await _wait_for_screen(pilot, "StepScreen")
    yield Stop("StepScreen", "instruction-box")
    await pilot.press("r")
    await _wait_for_screen(pilot, "PainPrompt")
    yield Stop("PainPrompt", "pain")
    await pilot.press("escape")
    await _wait_for_screen(pilot, "StepScreen")
    app.push_screen(ConfirmModal("A hold is running. Quit anyway?", yes="Quit", no="Keep going"))
    await _wait_for_screen(pilot, "ConfirmModal")
    yield Stop("ConfirmModal", "no")
    await pilot.press("n")
    await _wait_for_screen(pilot, "StepScreen")
    await pilot.press("n", "space")  # the first held position, its count in big digits
    assert await settle(pilot, lambda: app.screen.query_one("#digits", BigDigits).shown is not None)
    yield Stop("StepScreen", "instruction-box")
    await pilot.press("e")
    await _wait_for_screen(pilot, "EaseOffScreen")
    yield Stop("EaseOffScreen", "pain")
    app.pop_screen()
    await _wait_for_screen(pilot, "MenuScreen")

    for key, name, focused in (
        ("w", "WalkLogScreen", "walks"),
        ("r", "RestScreen", "rest-body"),
        ("s", "SettingsScreen", "theme"),
    ):
        await pilot.press(key)
        await _wait_for_screen(pilot, name)
        yield Stop(name, focused)
        if name == "WalkLogScreen":
            await pilot.press("a")
            await _wait_for_screen(pilot, "WalkFormModal")
            yield Stop("WalkFormModal", "start")
            await pilot.press("escape")
            await _wait_for_screen(pilot, name)
        app.pop_screen()
        await _wait_for_screen(pilot, "MenuScreen")

    for name, screen, focused in (
        ("history", "HistoryScreen", "days"),
        ("follow-up", "FollowUpScreen", "appointment-table"),
        ("about", "AboutScreen", "about-body"),
        ("help", "HelpScreen", "help-body"),
    ):
        app.open_screen(name)
        await _wait_for_screen(pilot, screen)
        yield Stop(screen, focused)
        if screen == "HistoryScreen":  # a chart's tab: the tab bar has the keys
            await pilot.press("2")
            await pilot.pause()
            yield Stop(screen, "ContentTabs")
        if screen == "FollowUpScreen":
            await pilot.press("a")
            await _wait_for_screen(pilot, "CareFormModal")
            yield Stop("CareFormModal", "appointment-at")  # the first field to type in
            await pilot.press("escape")
            await _wait_for_screen(pilot, screen)
        app.pop_screen()
        await _wait_for_screen(pilot, "MenuScreen")

    app.offer_walk_in_progress(ActiveWalk(NOW - timedelta(minutes=12)))
    await _wait_for_screen(pilot, "ResumeWalkModal")
    yield Stop("ResumeWalkModal", "keep")


def _with_records(store: Store) -> None:
    """Rows in every table (and a selected one), so their colours are on screen too."""
    month_of_walks(store, days=10)
    store.add_care(CareItem(CareKind.APPOINTMENT, NOW, at=NOW + timedelta(days=2), who="Dr Lee"))
    store.add_care(CareItem(CareKind.APPOINTMENT, NOW, at=NOW - timedelta(days=9), who="GP"))


# Focus: where the keys go is where the screen says they go.


async def test_every_screen_focuses_its_first_control(make_app: AppFactory, store: Store) -> None:
    _with_records(store)
    app = make_app()
    seen = []
    async with app.run_test(size=SIZE) as pilot:
        async for stop in journey(pilot):
            focused = app.focused
            assert focused is not None, f"{stop.name}: nothing has the focus"
            shown = focused.id or type(focused).__name__
            assert shown == stop.focused, f"{stop.name}: {focused!r} has the focus"
            assert focused.screen is app.screen
            seen.append(stop.name)
    assert seen == [
        "MenuScreen",
        "StepScreen",
        "PainPrompt",
        "ConfirmModal",
        "StepScreen",
        "EaseOffScreen",
        "WalkLogScreen",
        "WalkFormModal",
        "RestScreen",
        "SettingsScreen",
        "HistoryScreen",
        "HistoryScreen",  # a chart tab, the tab bar focused
        "FollowUpScreen",
        "CareFormModal",
        "AboutScreen",
        "HelpScreen",
        "ResumeWalkModal",
    ]


def _bar_rows(app: CoachApp, widget: Widget) -> list[str]:
    """The screen's text in the column just left of a widget's content, on its rows."""
    lines = screen_lines(app)
    region = widget.region
    return [lines[y][region.x] for y in range(region.y, region.bottom) if 0 <= y < len(lines)]


async def test_the_focused_control_and_only_it_shows_the_bar(make_app: AppFactory) -> None:
    """In plain text (no colour at all) the bar is at the focused control; Tab moves it,
    and nothing else on the screen moves."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await _wait_for_screen(pilot, "SettingsScreen")
        screen = app.screen
        controls = [w for w in screen.query("Select, TickBox") if w.region.height]
        before = {w.id: w.region for w in controls}
        for _ in range(4):
            focused = app.focused
            assert focused is not None
            assert set(_bar_rows(app, focused)) == {FOCUS_BAR}, focused.id
            for other in controls:
                if other is not focused and other.region.height:
                    assert FOCUS_BAR not in _bar_rows(app, other), other.id
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not focused
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "theme"
        assert {w.id: w.region for w in controls} == before  # nothing shifted


async def test_on_every_screen_the_one_bar_is_at_the_focused_control(
    make_app: AppFactory, store: Store
) -> None:
    """The bar shows at the focused control and at no other control's left edge, on the
    screen in front or on one a dialog covers (its keys are not live)."""
    _with_records(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        async for stop in journey(pilot):
            focused = app.focused
            assert focused is not None
            bars = {
                (x, y)
                for y, line in enumerate(screen_lines(app))
                for x, char in enumerate(line)
                if char == FOCUS_BAR
            }
            assert bars & _left_edge(focused), f"{stop.name}: no bar at {focused!r}"
            for screen in app.screen_stack:
                for widget in screen.query("*"):
                    if widget is focused or not widget.focusable:
                        continue
                    wrong = (bars & _left_edge(widget)) - set(_cells(focused.region))
                    assert not wrong, f"{stop.name}: a bar at {widget!r} on {screen!r}"


def _left_edge(widget: Widget) -> set[tuple[int, int]]:
    """The cells of a widget's left column that are on screen."""
    region = widget.region.intersection(widget.app.screen.region)
    return {(region.x, y) for y in range(region.y, region.bottom)}


def _cells(region: Region) -> Iterator[tuple[int, int]]:
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            yield x, y


async def test_checkboxes_say_ticked_or_not_in_characters(make_app: AppFactory) -> None:
    app = make_app(neck_problem=False, bell=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await _wait_for_screen(pilot, "SettingsScreen")
        boxes = {box.id: box for box in app.screen.query(TickBox)}
        assert {"neck_problem", "bell", "reminder_bell", "desktop_notifications"} <= set(boxes)
        text = "\n".join(screen_lines(app))
        assert f"{UNTICKED} I have a neck problem or injury" in text
        assert f"{TICKED} Bell when a hold ends" in text
        neck = boxes["neck_problem"]
        neck.focus()
        await pilot.press("space")
        await settle(pilot, lambda: app.settings.neck_problem)
        assert f"{TICKED} I have a neck problem or injury" in "\n".join(screen_lines(app))
        assert app.store.settings().neck_problem is True


async def test_the_reminder_settings_are_saved_and_explained(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.press("s")
        await _wait_for_screen(pilot, "SettingsScreen")
        text = " ".join(" ".join(screen_lines(app)).split())
        assert "Ring the terminal bell for reminders" in text
        assert "Desktop notifications (OSC 9/777)" in text
        assert "set -g allow-passthrough on" in text and "TERM=linux" in text
        for name in ("reminder_bell", "desktop_notifications"):
            box = app.screen.query_one(f"#{name}", TickBox)
            assert box.value is True
            box.focus()
            await pilot.press("space")
            assert await settle(pilot, _unticked(box))
            assert getattr(app.settings, name) is False
            assert getattr(app.store.settings(), name) is False


def _unticked(box: TickBox) -> Callable[[], bool]:
    return lambda: not box.value


# Themes: Back Coach's own three, picked in Settings as well as the palette.


async def test_back_coach_dark_is_the_default_and_an_unknown_theme_falls_back(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        assert app.theme == DEFAULT_THEME == "back-coach-dark"
        assert set(THEME_NAMES) <= set(app.available_themes)
        assert "textual-dark" in app.available_themes  # Textual's stay in the palette
    gone = make_app(theme="a-theme-from-another-version")
    async with gone.run_test(size=SIZE):
        assert gone.theme == "back-coach-dark"


async def test_the_theme_is_chosen_in_settings_and_kept(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await _wait_for_screen(pilot, "SettingsScreen")
        select: Select[str] = app.screen.query_one("#theme", Select)
        assert _options(select) == [
            ("Dark", "back-coach-dark"),
            ("Light", "back-coach-light"),
            ("High contrast", "back-coach-high-contrast"),
        ]
        select.value = "back-coach-high-contrast"
        assert await settle(pilot, lambda: app.theme == "back-coach-high-contrast")
        assert app.store.settings().theme == "back-coach-high-contrast"
        app.theme = "nord"  # the palette's pick shows in the list too
        assert await settle(pilot, lambda: select.value == "nord")
        assert ("nord (palette)", "nord") in _options(select)
        assert app.store.settings().theme == "nord"
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


def _options(select: Select[str]) -> list[tuple[str, object]]:
    """What the list offers (Select keeps no public copy of its options)."""
    return [(str(label), value) for label, value in select._options]


# Contrast, read off the screen.


def _is_text(char: str) -> bool:
    """Letters, digits and the ASCII the big digits and pictures are drawn with; not the
    lines, blocks and shapes of borders, bars, scrollbars and charts."""
    return bool(char.strip()) and not ("\u2500" <= char <= "\u25ff" or "\u2800" <= char <= "\u28ff")


def _low_contrast(app: CoachApp) -> list[str]:
    """Every cell of text below 4.5:1, in colour and in 256 colours, on the top screen's
    widgets (a covered screen is meant to look covered)."""
    screen: Screen[object] = app.screen
    regions = [
        region
        for widget, (region, _clip) in screen._compositor.visible_widgets.items()
        # A footer key being recomposed can be in the map but already detached.
        if widget is not screen and widget.is_attached and widget.screen is screen
    ]
    found = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            for offset, char in enumerate(text):
                if not _is_text(char) or not any(r.contains(x + offset, y) for r in regions):
                    continue
                if style is None or style.color is None or style.bgcolor is None:
                    found.append(f"{type(screen).__name__} ({x + offset},{y}) {char!r}: no colour")
                    continue
                fg = Color(*style.color.get_truecolor())
                bg = Color(*style.bgcolor.get_truecolor())
                worst = min(
                    contrast_ratio(fg, bg), contrast_ratio(in_256_colours(fg), in_256_colours(bg))
                )
                if worst < MINIMUM:
                    found.append(
                        f"{type(screen).__name__} ({x + offset},{y}) {text.strip()!r}: "
                        f"{worst:.2f} ({fg.hex} on {bg.hex})"
                    )
                    break  # one line per segment is enough
            x += len(text)
    return found


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", list(THEME_NAMES))
async def test_every_letter_on_every_screen_reads_at_4_5_to_1(
    make_app: AppFactory,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    theme: str,
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    _with_records(store)
    app = make_app(theme=theme)
    below: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color is no_color and app.theme == theme
        async for _stop in journey(pilot):
            below += _low_contrast(app)
    assert not below, "\n".join(below[:40])


def test_a_helper_counts_what_it_should() -> None:
    """The screen scan's measure: the countdown's old NO_COLOR greys (241 on 233) fail."""
    grey_241, grey_233 = Color(0x62, 0x62, 0x62), Color(0x12, 0x12, 0x12)
    assert contrast_ratio(grey_241, grey_233) < MINIMUM


async def test_the_menu_marks_the_entry_enter_opens_in_characters(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        marked = [line for line in screen_lines(app) if "›" in line]
        assert len(marked) == 1 and "Cat-cow" in marked[0]
        await pilot.press("down", "down")
        await pilot.pause()
        marked = [line for line in screen_lines(app) if "›" in line]
        assert len(marked) == 1 and "Resting positions" in marked[0]
