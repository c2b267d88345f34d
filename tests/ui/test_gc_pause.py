"""The collector pauses while the walk log reads and shows its rows, and always runs
again: once shown, when the screen is left at once, and when the read fails."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable

from coach import gc_pause
from coach.screens.menu import MenuScreen
from coach.screens.walks import WalkLogScreen
from coach.store import Store
from tests.ui.conftest import AppFactory, loaded, month_of_walks


@pytest.fixture(autouse=True)
def _collector_on_after() -> Iterator[None]:
    yield
    while gc_pause.paused():  # a failing test must not leave the rest without a collector
        gc_pause.resume()
    gc.enable()


def test_pauses_overlap_and_the_last_resume_lets_it_run() -> None:
    assert gc.isenabled()
    gc_pause.pause()
    gc_pause.pause()
    assert not gc.isenabled()
    gc_pause.resume()
    assert not gc.isenabled()
    gc_pause.resume()
    assert gc.isenabled() and gc_pause.paused() == 0
    gc_pause.resume()  # one too many: nothing to end
    assert gc.isenabled() and gc_pause.paused() == 0


async def test_the_collector_runs_again_once_the_rows_are_shown(
    make_app: AppFactory, store: Store
) -> None:
    for walk in month_of_walks(store):
        store.add_walk(walk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await loaded(pilot)
        assert isinstance(app.screen, WalkLogScreen)
        assert app.screen.query_one(DataTable).row_count > 0
        await pilot.pause()
        assert gc.isenabled() and gc_pause.paused() == 0


async def test_leaving_at_once_lets_the_collector_run(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "escape")
        await loaded(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert gc.isenabled() and gc_pause.paused() == 0


async def test_a_file_that_cannot_be_read_lets_the_collector_run(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        Path(store.path).write_text("{not json", encoding="utf-8")  # damaged meanwhile
        await pilot.press("w")
        await loaded(pilot)
        assert isinstance(app.screen, WalkLogScreen)
        assert gc.isenabled() and gc_pause.paused() == 0


async def test_the_app_s_own_process_collects_again_once_the_menu_is_painted(
    make_app: AppFactory,
) -> None:
    """`coach` starts with the collector off (`coach.__main__.entry`); the app sets the
    start's objects apart and turns it on once its menu is painted."""
    gc.disable()  # as the console script leaves it
    frozen_before = gc.get_freeze_count()
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            assert isinstance(app.screen, MenuScreen)
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()  # this test process lives on: let its later garbage be collected
        gc.enable()


async def test_an_app_started_with_the_collector_on_freezes_nothing(
    make_app: AppFactory,
) -> None:
    """Tests, or an app embedded elsewhere: nothing is set apart behind their back."""
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert gc.isenabled() and gc.get_freeze_count() == frozen_before


def test_the_console_script_turns_the_collector_off_and_serve_turns_it_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    from argparse import Namespace

    import coach.__main__ as entry_point
    import coach.serve_command as serve
    from coach.errors import CoachError

    seen: list[bool] = []

    def main() -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(entry_point, "main", main)
    with pytest.raises(SystemExit):
        entry_point.entry()
    assert seen == [False]
    gc.disable()  # as `coach serve` starts
    with pytest.raises(CoachError):  # a wrong port: refused before anything is served
        serve.serve_command(Namespace(port="not-a-port"), io.StringIO())
    assert gc.isenabled()
