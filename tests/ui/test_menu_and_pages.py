"""Pilot tests: the menu, the palette, help, about, rest, settings, history, follow-up, sizes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Checkbox, OptionList, Select

from coach.model.content import Library
from coach.model.settings import Settings
from coach.screens.about import AboutScreen
from coach.screens.exercises import ExercisesScreen
from coach.screens.follow_up import FollowUpScreen
from coach.screens.help import HelpScreen
from coach.screens.history import HistoryScreen
from coach.screens.menu import MenuScreen
from coach.screens.rest import RestScreen
from coach.screens.settings import SettingsScreen
from coach.screens.step import StepScreen
from coach.screens.too_small import TooSmallScreen
from coach.screens.walks import WalkLogScreen
from coach.store import Store
from tests.ui.conftest import AppFactory, change_elsewhere, loaded, said, settle, shown_text


async def test_the_menu_comes_first_with_cat_cow_focused(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.has_focus and menu.highlighted == 0
        assert menu.get_option_at_index(0).id == "exercise:cat-cow"
        await pilot.press("j")
        assert menu.highlighted == 1
        assert menu.get_option_at_index(1).id == "screen:walks"
        await pilot.press("k", "down", "up")
        assert menu.highlighted == 0
        await pilot.press("enter")
        assert isinstance(app.screen, StepScreen)


async def test_single_keys_open_the_screens(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, screen in (
            ("w", WalkLogScreen),
            ("r", RestScreen),
            ("s", SettingsScreen),
            ("question_mark", HelpScreen),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MenuScreen)


async def test_every_menu_entry_opens_its_screen(make_app: AppFactory) -> None:
    app = make_app()
    expected = [
        StepScreen,
        WalkLogScreen,
        RestScreen,
        HistoryScreen,
        FollowUpScreen,
        SettingsScreen,
        ExercisesScreen,
        AboutScreen,
        HelpScreen,
    ]
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        for option_id, screen in zip(ids, expected, strict=True):
            menu.highlighted = ids.index(option_id)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, screen), option_id
            app.pop_screen()
            await pilot.pause()


async def test_the_command_palette_offers_every_screen_and_exercise(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Exercise: Cat-cow",
            "Walk log",
            "Resting positions",
            "Settings",
            "About and safety",
            "Help",
            "History",
            "Follow-up care",
        ):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Walk log")
        await loaded(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))


async def test_help_lists_the_keys_of_every_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        for expected in (
            "space",
            "Start/pause",
            "Ease off",
            "Start/finish",
            "ctrl+p",
            "Undo",
            "Snooze",
            "j",
            "Quit",
        ):
            assert expected in text, expected


async def test_about_is_shown_on_the_first_run_until_acknowledged(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        shot = shown_text(app)
        assert "general health information" in shot
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
    assert store.settings().about_acknowledged
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MenuScreen)


async def test_about_names_the_source_and_where_the_data_is(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        app.open_screen("about")
        await pilot.pause()
        shot = shown_text(app)
        assert "Acute Low Back Pain: Exercises" in shot and "Z071" in shot
        assert store.path.name in shot


async def test_the_rest_guide_and_its_reminder(
    make_app: AppFactory, store: Store, library: Library
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query("PlainText"))
        assert all(position.text in text for position in library.rest.positions)
        assert library.rest.items[0].text in text
        app.screen.query_one("#reminder", Select).value = 30
        await pilot.pause()
    assert store.settings().rest_reminder_minutes == 30


async def test_settings_apply_and_are_stored_at_once(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#neck_problem", Checkbox).value = True
        screen.query_one("#bell", Checkbox).value = False
        screen.query_one("#auto_advance", Checkbox).value = False
        screen.query_one("#walk_reminders", Checkbox).value = False
        screen.query_one("#get_ready_seconds", Select).value = 0
        screen.query_one("#hold--cat-cow", Select).value = 25
        screen.query_one("#reps--cat-cow", Select).value = 4
        screen.query_one("#snooze_minutes", Select).value = 30
        await pilot.pause()
    s = store.settings()
    assert (s.neck_problem, s.bell, s.auto_advance, s.walk_reminders) == (True, False, False, False)
    assert (s.get_ready_seconds, s.snooze_minutes) == (0, 30)
    assert (s.choice("cat-cow").hold_seconds, s.choice("cat-cow").reps) == (25, 4)


async def test_a_too_small_window_asks_to_be_larger(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "make the window larger" in shown_text(app)
        await pilot.resize_terminal(80, 24)
        assert await settle(pilot, lambda: isinstance(app.screen, MenuScreen))


async def test_a_broken_extra_exercise_is_a_notice_not_a_crash(
    make_app: AppFactory, tmp_path: object
) -> None:
    from pathlib import Path

    from coach.locations import content_dir
    from coach.model.content import load_library

    folder = Path(str(tmp_path)) / "extra"
    folder.mkdir()
    (folder / "bad.toml").write_text("id = [")
    app = make_app(library_=load_library(content_dir(), [folder]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("bad.toml" in str(n.message) for n in app._notifications)


async def test_quit_with_q_when_nothing_runs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def test_settings_defaults_are_calm() -> None:
    s = Settings()
    assert (s.get_ready_seconds, s.bell, s.auto_advance, s.rest_reminder_minutes) == (
        3,
        True,
        True,
        0,
    )
    assert s.neck_problem is False  # the neck variant is asked for, never assumed


async def test_settings_controls_never_save_back_what_they_were_shown(
    make_app: AppFactory, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening Settings saves nothing; two queued presses end in two saves, then quiet."""
    saves: list[Settings] = []
    real = store.change_settings

    def counted(before: Settings, after: Settings) -> Settings:
        saves.append(after)
        return real(before, after)

    monkeypatch.setattr(store, "change_settings", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await loaded(pilot)  # the controls' first Changed messages handled
        assert saves == []  # the controls showing their first values save nothing
        bell = app.screen.query_one("#bell", Checkbox)
        bell.toggle()
        bell.toggle()  # two changes queued before either is handled (a paste, a slow link)
        await settle(pilot, lambda: len(saves) >= 2)
        await loaded(pilot)  # then quiet: nothing saved after them
        assert len(saves) == 2
        assert store.settings().bell is True and bell.value is True


async def test_a_setting_that_cannot_be_saved_is_not_shown_as_set(
    make_app: AppFactory, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.errors import StoreError

    def refuse(before: Settings, after: Settings) -> Settings:
        raise StoreError("the folder is read-only")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        monkeypatch.setattr(store, "change_settings", refuse)
        neck = app.screen.query_one("#neck_problem", Checkbox)
        neck.toggle()
        await settle(pilot, lambda: bool(said(app)))  # the refusal is told...
        await loaded(pilot)  # ...and the box put back
        assert neck.value is False and app.settings.neck_problem is False


async def test_the_rest_reminder_follows_another_window(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        change_elsewhere(app, store, rest_reminder_minutes=15)
        await pilot.pause()
        assert app.screen.query_one("#reminder", Select).value == 15
        assert app.rest_reminder.next_check() == app.clock.now() + timedelta(minutes=15)
        app.screen.query_one("#reminder", Select).value = 0
        await pilot.pause()
        assert store.settings().rest_reminder_minutes == 0
        assert app.rest_reminder.next_check() is None


async def test_a_burst_of_escapes_stops_at_the_menu(make_app: AppFactory) -> None:
    """Escapes typed past the menu leave it standing (not the app's empty first screen
    beneath it), and the app running."""
    from coach.screens.help import HelpScreen
    from coach.screens.menu import MenuScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("question_mark")
        assert await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen) and len(app.screen_stack) == 2
        assert app.is_running and app.return_code is None
