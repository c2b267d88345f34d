"""The app under a therapist's program: the menu, a session's numbers, settings and walks."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from textual.widgets import OptionList, Select

from coach.app import CoachApp
from coach.model.content import Library
from coach.model.program import plan_document, program_of, read_plan_files
from coach.screens.menu import MenuScreen
from coach.screens.program import ProgramScreen
from coach.screens.settings import SettingsScreen
from coach.screens.step import StepScreen
from coach.screens.walks import WalkLogScreen
from coach.store import Store
from tests.ui.conftest import NOW, AppFactory, loaded, settle, shown_text

PLAN = """\
prescribed_by = "Sam Lee, physical therapist"
starts = {starts}
notes = "Use a mat under your knees."

[walks]
minutes = {{ min = 10, max = 15 }}
every_hours = {{ min = 3, max = 3 }}

[[exercises]]
id = "cat-cow"
hold = 20
reps = {{ min = 2, max = 3 }}
sessions_per_day = 2
notes = "Keep the movement small at first."
"""


def keep_plan(store: Store, library: Library, folder: Path, starts: str = "2026-05-01") -> None:
    """As `coach plan import` keeps it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.toml").write_text(PLAN.format(starts=starts))
    files, problems = read_plan_files(folder / "plan.toml")
    assert files is not None, problems
    program, problems = program_of(files, [library.exercise("cat-cow")])
    assert program is not None, problems
    store.set_plan(plan_document(files, NOW))


def notified(app: CoachApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def menu_ids(app: object) -> list[str]:
    menu = app.screen.query_one("#menu", OptionList)  # type: ignore[attr-defined]
    return [menu.get_option_at_index(i).id or "" for i in range(menu.option_count)]


async def test_the_menu_lists_the_program_first_with_its_numbers_and_notes(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    keep_plan(store, library, tmp_path / "plan")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert menu_ids(app)[:2] == ["exercise:cat-cow", "screen:program"]
        text = str(app.screen.query_one("#menu", OptionList).get_option_at_index(0).prompt)
        assert "Your program: holds 20 s · 2 to 3 reps · 2 a day" in text
        assert "Note: Keep the movement small at first." in text
        entry = str(app.screen.query_one("#menu", OptionList).get_option_at_index(1).prompt)
        assert "From Sam Lee, physical therapist, since 2026-05-01" in entry
        assert "Notes: Use a mat under your knees." in entry
        assert app.screen.query_one("#menu", OptionList).highlighted == 0
        await pilot.press("down", "enter")  # the program's own page
        assert await settle(pilot, lambda: isinstance(app.screen, ProgramScreen))
        shown = shown_text(app)
        assert "Prescribed by: Sam Lee, physical therapist" in shown
        assert (
            "- Cat-cow (cat-cow): holds of 20 seconds, 2 to 3 repetitions, 2 sessions a day"
            in shown
        )
        assert "  Note: Keep the movement small at first." in shown
        assert "Walks: 10 to 15 minutes, every 3 hours (your therapist's numbers)" in shown
        assert "Notes: Use a mat under your knees." in shown


async def test_a_session_follows_the_program_s_hold_and_repetitions(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    keep_plan(store, library, tmp_path / "plan")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        assert await settle(pilot, lambda: isinstance(app.screen, StepScreen))
        screen = app.screen
        assert isinstance(screen, StepScreen)
        assert (screen.session.plan.hold_seconds, screen.session.plan.reps) == (20, 2)
        shown = shown_text(app)
        assert "Your therapist's note: Keep the movement small at first." in shown
        for caution in library.cautions(library.exercise("cat-cow"))[0]:  # F2 to F4 still
            assert caution.split()[0] in shown
        await pilot.press("plus")
        await loaded(pilot)
        assert screen.session.plan.hold_seconds == 20
        assert notified(app, "20 seconds is the longest hold your program sets.")
        await pilot.press("minus")
        assert screen.session.plan.hold_seconds == 20
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.session.plan.reps == 3
        await loaded(pilot)
        assert notified(app, "3 repetitions is the most your program sets.")


async def test_a_program_not_yet_started_offers_nothing_to_start_early(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    keep_plan(store, library, tmp_path / "plan", starts="2026-05-07")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        menu = app.screen.query_one("#menu", OptionList)
        first = menu.get_option_at_index(0)
        assert first.id == "exercise:cat-cow" and first.disabled
        assert "Your program, from 2026-05-07: not before then" in str(first.prompt)
        assert "Starts on 2026-05-07: nothing to start before then" in str(
            menu.get_option_at_index(1).prompt
        )
        assert menu.highlighted != 0
        app.open_exercise_by_id("cat-cow")  # as the palette would
        await loaded(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert notified(app, "Your program starts on 2026-05-07: nothing to start before then.")
        # before its first day, the walks are the source's
        assert app.walking_plan() == library.walking


async def test_a_plan_imported_elsewhere_reaches_the_open_menu(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "screen:program" not in menu_ids(app)
        other = Store(store.path)  # another process: coach plan import
        keep_plan(other, library, tmp_path / "plan")
        app._poll_store()
        await loaded(pilot)
        assert menu_ids(app)[:2] == ["exercise:cat-cow", "screen:program"]
        other.clear_plan()
        app._poll_store()
        await loaded(pilot)
        assert "screen:program" not in menu_ids(app)
        assert "On hands and knees" in str(
            app.screen.query_one("#menu", OptionList).get_option_at_index(0).prompt
        )


async def test_settings_stay_within_the_program_s_ranges(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    keep_plan(store, library, tmp_path / "plan")
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await loaded(pilot)
        app.open_screen("settings")
        assert await settle(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await loaded(pilot)
        assert "Cat-cow: hold (your program)" in shown_text(app)
        hold: Select[int] = app.screen.query_one("#hold--cat-cow", Select)
        reps: Select[int] = app.screen.query_one("#reps--cat-cow", Select)
        assert [value for _, value in hold._options if value != Select.BLANK] == [20]
        assert [value for _, value in reps._options if value != Select.BLANK] == [2, 3]


async def test_the_walks_follow_the_therapist_s_numbers_from_the_first_day(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    from coach.model.records import Terrain, Walk

    keep_plan(store, library, tmp_path / "plan")
    store.add_walk(Walk(NOW - timedelta(minutes=30), NOW - timedelta(minutes=15), 15, Terrain.FLAT))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        plan = app.walking_plan()
        assert (plan.minutes, plan.every_hours) == ((10, 15), (3, 3))
        status = app.current_walk_status()
        assert status is not None and status.window is not None
        assert status.window.start == NOW - timedelta(minutes=15) + timedelta(hours=3)
        app.open_screen("walks")
        assert await settle(pilot, lambda: isinstance(app.screen, WalkLogScreen))
        await loaded(pilot)
        shown = shown_text(app)
        assert (
            "Your therapist's plan" in shown
            and "Walks of 10 to 15 minutes, every 3 hours." in shown
        )
        assert "In general" in shown and library.walking.items[0].text in shown


async def test_a_kept_plan_that_no_longer_reads_is_told_and_not_followed(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    keep_plan(store, library, tmp_path / "plan")
    doc = store.plan_document()
    assert doc is not None
    text = doc["text"].replace('"cat-cow"', '"renamed"')
    store.set_plan({**doc, "text": text, "sha256": hashlib.sha256(text.encode()).hexdigest()})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.program is None
        assert notified(app, "The general numbers apply until it is imported again")
        assert "screen:program" not in menu_ids(app)


async def test_history_shows_the_program_s_sessions_against_its_sessions_a_day(
    make_app: AppFactory, store: Store, library: Library, tmp_path: Path
) -> None:
    from coach.model.records import SessionRecord, SessionStatus
    from coach.screens.history import HistoryScreen

    keep_plan(store, library, tmp_path / "plan")
    start = NOW - timedelta(hours=1)
    store.add_session(
        SessionRecord(
            "cat-cow", start, start + timedelta(minutes=3), SessionStatus.COMPLETED, 2, 2, 20, False
        )
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.open_screen("history")
        assert await settle(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await loaded(pilot)
        shown = shown_text(app)
        assert "Your program: Cat-cow 1 of 8 sessions done (2 a day, 4 days)." in shown
        assert (
            "a window opens 3 h and closes 3 h after a walk ends (your therapist's hours)" in shown
        )
